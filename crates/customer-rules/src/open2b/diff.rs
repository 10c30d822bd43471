//! The smallest update that turns one customer into another.

use super::model::{
    BillingAddress, BillingAddressUpdate, Customer, CustomerUpdate, ShippingAddress,
    ShippingAddressUpdate,
};
use crate::Patch;

/// The smallest update turning `before` into `after`: only the fields that differ, addresses
/// field by field, `null` where `after` has no cart or no shipping address.
///
/// `merge(before, &diff(before, after)) == after` holds for every `after` the call can produce:
/// its `billingAddress.email` equals `before`'s (this call cannot change it, so a different email
/// is not sent) and its arrays hold no duplicates. Whether `after` passes validation is
/// [`validate`](super::validate)'s to say.
pub fn diff(before: &Customer, after: &Customer) -> CustomerUpdate {
    CustomerUpdate {
        cart: if before.cart == after.cart {
            Patch::Absent
        } else {
            after.cart.clone().into()
        },
        invoice_recipient: changed(&before.invoice_recipient, &after.invoice_recipient),
        billing_address: diff_billing_address(&before.billing_address, &after.billing_address),
        shipping_address: match (&before.shipping_address, &after.shipping_address) {
            (None, None) => Patch::Absent,
            (Some(_), None) => Patch::Null,
            (None, Some(after)) => {
                Patch::Value(diff_shipping_address(&ShippingAddress::default(), after))
            }
            (Some(before), Some(after)) if before == after => Patch::Absent,
            (Some(before), Some(after)) => Patch::Value(diff_shipping_address(before, after)),
        },
        wish_list: changed_list(&before.wish_list, &after.wish_list),
        newsletter_lists: changed_list(&before.newsletter_lists, &after.newsletter_lists),
        privacy_consents: changed_list(&before.privacy_consents, &after.privacy_consents),
    }
}

fn diff_billing_address(
    before: &BillingAddress,
    after: &BillingAddress,
) -> Option<BillingAddressUpdate> {
    let update = BillingAddressUpdate {
        first_name: changed(&before.first_name, &after.first_name),
        last_name: changed(&before.last_name, &after.last_name),
        personal_code: changed(&before.personal_code, &after.personal_code),
        company_name: changed(&before.company_name, &after.company_name),
        company_code: changed(&before.company_code, &after.company_code),
        company_code2: changed(&before.company_code2, &after.company_code2),
        street1: changed(&before.street1, &after.street1),
        street2: changed(&before.street2, &after.street2),
        city: changed(&before.city, &after.city),
        postal_code: changed(&before.postal_code, &after.postal_code),
        state_prov: changed(&before.state_prov, &after.state_prov),
        country: changed(&before.country, &after.country),
        phone_number: changed(&before.phone_number, &after.phone_number),
        mobile_number: changed(&before.mobile_number, &after.mobile_number),
        fax_number: changed(&before.fax_number, &after.fax_number),
    };
    (update != BillingAddressUpdate::default()).then_some(update)
}

/// The fields of `after` that differ from `before`. For a new shipping address `before` is all
/// empty, so the fields `after` leaves empty (optional ones) are not sent.
fn diff_shipping_address(
    before: &ShippingAddress,
    after: &ShippingAddress,
) -> ShippingAddressUpdate {
    ShippingAddressUpdate {
        name: changed(&before.name, &after.name),
        street1: changed(&before.street1, &after.street1),
        street2: changed(&before.street2, &after.street2),
        city: changed(&before.city, &after.city),
        postal_code: changed(&before.postal_code, &after.postal_code),
        state_prov: changed(&before.state_prov, &after.state_prov),
        country: changed(&before.country, &after.country),
    }
}

fn changed(before: &str, after: &str) -> Option<String> {
    (before != after).then(|| after.to_owned())
}

fn changed_list<T: PartialEq + Clone>(before: &[T], after: &[T]) -> Option<Vec<T>> {
    (before != after).then(|| after.to_vec())
}
