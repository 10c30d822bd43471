//! What the shop stores after an accepted update.

use std::collections::BTreeSet;

use super::model::{
    BillingAddress, BillingAddressUpdate, Customer, CustomerUpdate, ShippingAddress,
    ShippingAddressUpdate,
};
use crate::Patch;

/// The customer the shop stores after accepting `update` for `stored`.
///
/// A field left out stays as stored (reference §2). `cart: null` detaches the cart and
/// `shippingAddress: null` removes the shipping address (reference §6, inferred). Addresses merge
/// field by field; a shipping address sent when none is stored starts from empty fields (the
/// validation requires the non-empty ones). Assumption 6 (reference §4.3, "arrays replace"): an
/// array replaces the stored one, duplicates removed, first occurrence kept.
pub fn merge(stored: &Customer, update: &CustomerUpdate) -> Customer {
    let mut customer = stored.clone();
    customer.cart = update.cart.clone().apply_to(customer.cart);
    replace(&mut customer.invoice_recipient, &update.invoice_recipient);
    if let Some(billing) = &update.billing_address {
        merge_billing_address(&mut customer.billing_address, billing);
    }
    customer.shipping_address = match &update.shipping_address {
        Patch::Absent => customer.shipping_address,
        Patch::Null => None,
        Patch::Value(shipping) => {
            let mut address = customer.shipping_address.unwrap_or_default();
            merge_shipping_address(&mut address, shipping);
            Some(address)
        }
    };
    if let Some(wish_list) = &update.wish_list {
        customer.wish_list = without_duplicates(wish_list);
    }
    if let Some(lists) = &update.newsletter_lists {
        customer.newsletter_lists = without_duplicates(lists);
    }
    if let Some(consents) = &update.privacy_consents {
        customer.privacy_consents = without_duplicates(consents);
    }
    customer
}

fn merge_billing_address(address: &mut BillingAddress, update: &BillingAddressUpdate) {
    replace(&mut address.first_name, &update.first_name);
    replace(&mut address.last_name, &update.last_name);
    replace(&mut address.personal_code, &update.personal_code);
    replace(&mut address.company_name, &update.company_name);
    replace(&mut address.company_code, &update.company_code);
    replace(&mut address.company_code2, &update.company_code2);
    replace(&mut address.street1, &update.street1);
    replace(&mut address.street2, &update.street2);
    replace(&mut address.city, &update.city);
    replace(&mut address.postal_code, &update.postal_code);
    replace(&mut address.state_prov, &update.state_prov);
    replace(&mut address.country, &update.country);
    replace(&mut address.phone_number, &update.phone_number);
    replace(&mut address.mobile_number, &update.mobile_number);
    replace(&mut address.fax_number, &update.fax_number);
}

fn merge_shipping_address(address: &mut ShippingAddress, update: &ShippingAddressUpdate) {
    replace(&mut address.name, &update.name);
    replace(&mut address.street1, &update.street1);
    replace(&mut address.street2, &update.street2);
    replace(&mut address.city, &update.city);
    replace(&mut address.postal_code, &update.postal_code);
    replace(&mut address.state_prov, &update.state_prov);
    replace(&mut address.country, &update.country);
}

fn replace(stored: &mut String, update: &Option<String>) {
    if let Some(value) = update {
        stored.clone_from(value);
    }
}

/// The items in their first-occurrence order, each once.
fn without_duplicates<T: Ord + Copy>(items: &[T]) -> Vec<T> {
    let mut seen = BTreeSet::new();
    items
        .iter()
        .copied()
        .filter(|item| seen.insert(*item))
        .collect()
}
