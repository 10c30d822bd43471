//! The smallest PUT body that turns one stored customer into another (reference §3.2): only
//! changed fields are sent, `""` clears an optional string, and the address list is sent only
//! when an address or a default changes — then in full, because omitted addresses are deleted
//! and `[]` deletes all.

use std::collections::BTreeMap;

use serde_json::Value;

use super::model::{
    AddressRequest, CustomAttribute, CustomerExtension, CustomerRequest, RegionRequest,
    SaveRequest, StoredAddress, StoredCustomer,
};
use crate::Patch;

/// A changed optional string: the new value, or `""` to clear it.
fn optional_text(before: &Option<String>, after: &Option<String>) -> Patch<String> {
    if before == after {
        Patch::Absent
    } else {
        Patch::Value(after.clone().unwrap_or_default())
    }
}

fn required_text(before: &str, after: &str) -> Patch<String> {
    if before == after {
        Patch::Absent
    } else {
        Patch::Value(after.to_string())
    }
}

fn number(before: i64, after: i64) -> Patch<i64> {
    if before == after {
        Patch::Absent
    } else {
        Patch::Value(after)
    }
}

/// The request that makes the shop store `after` in place of `before`.
///
/// What a PUT cannot do is left out: the id, `created_at`, `updated_at` (stamped by the shop),
/// the password-reset token, removing a gender or a password hash, and choosing the ids of new
/// addresses (the shop numbers them).
pub fn diff(before: &StoredCustomer, after: &StoredCustomer) -> SaveRequest {
    let customer = CustomerRequest {
        group_id: number(before.group_id, after.group_id),
        confirmation: optional_text(&before.confirmation, &after.confirmation),
        created_in: optional_text(&before.created_in, &after.created_in),
        dob: optional_text(&before.dob, &after.dob),
        email: required_text(&before.email, &after.email),
        firstname: required_text(&before.firstname, &after.firstname),
        lastname: required_text(&before.lastname, &after.lastname),
        middlename: optional_text(&before.middlename, &after.middlename),
        prefix: optional_text(&before.prefix, &after.prefix),
        suffix: optional_text(&before.suffix, &after.suffix),
        gender: match (before.gender, after.gender) {
            (b, Some(a)) if b != Some(a) => Patch::Value(a),
            _ => Patch::Absent,
        },
        store_id: number(before.store_id, after.store_id),
        taxvat: optional_text(&before.taxvat, &after.taxvat),
        website_id: number(before.website_id, after.website_id),
        disable_auto_group_change: number(
            before.disable_auto_group_change,
            after.disable_auto_group_change,
        ),
        extension_attributes: if before.is_subscribed == after.is_subscribed {
            Patch::Absent
        } else {
            Patch::Value(CustomerExtension {
                is_subscribed: Patch::Value(after.is_subscribed),
                assistance_allowed: Patch::Absent,
            })
        },
        custom_attributes: custom_attributes(&before.custom_attributes, &after.custom_attributes),
        addresses: addresses(before, after),
        ..CustomerRequest::default()
    };
    SaveRequest {
        customer,
        password_hash: match (&before.password_hash, &after.password_hash) {
            (b, Some(a)) if b.as_ref() != Some(a) && !a.is_empty() => Patch::Value(a.clone()),
            _ => Patch::Absent,
        },
    }
}

fn custom_attributes(
    before: &std::collections::BTreeMap<String, String>,
    after: &std::collections::BTreeMap<String, String>,
) -> Patch<Vec<CustomAttribute>> {
    let mut changed = Vec::new();
    for (code, value) in after {
        if before.get(code) != Some(value) {
            changed.push(CustomAttribute {
                attribute_code: code.clone(),
                value: Value::String(value.clone()),
            });
        }
    }
    for code in before.keys() {
        if !after.contains_key(code) {
            changed.push(CustomAttribute {
                attribute_code: code.clone(),
                value: Value::String(String::new()),
            });
        }
    }
    if changed.is_empty() {
        Patch::Absent
    } else {
        Patch::Value(changed)
    }
}

fn addresses(before: &StoredCustomer, after: &StoredCustomer) -> Patch<Vec<AddressRequest>> {
    let unchanged = before.addresses == after.addresses
        && before.default_billing == after.default_billing
        && before.default_shipping == after.default_shipping;
    if unchanged {
        // Omitted addresses are re-saved as they are, defaults included.
        return Patch::Absent;
    }
    let before_by_id: BTreeMap<i64, &StoredAddress> = before
        .addresses
        .iter()
        .rev()
        .map(|address| (address.id, address))
        .collect();
    let list = after
        .addresses
        .iter()
        .map(|address| {
            let old = before_by_id.get(&address.id).copied();
            let mut element = match old {
                Some(old) => address_changes(old, address),
                None => address_changes(&StoredAddress::default(), address),
            };
            if old.is_some() {
                element.id = Patch::Value(address.id);
            }
            // A flag only where the default moves: `true` on the new default, `false` on a
            // kept address that stops being the default (`ResourceModel/Address/Relation`).
            let flag = |was: Option<i64>, now: Option<i64>| {
                let this = Some(address.id);
                if now == this && (was != this || old.is_none()) {
                    Patch::Value(true)
                } else if was == this && now != this && old.is_some() {
                    Patch::Value(false)
                } else {
                    Patch::Absent
                }
            };
            element.default_billing = flag(before.default_billing, after.default_billing);
            element.default_shipping = flag(before.default_shipping, after.default_shipping);
            element
        })
        .collect();
    Patch::Value(list)
}

fn address_changes(before: &StoredAddress, after: &StoredAddress) -> AddressRequest {
    let text = |b: &Option<String>, a: &Option<String>| optional_text(b, a);
    let region_changed = before.region != after.region
        || before.region_code != after.region_code
        || before.region_id != after.region_id;
    AddressRequest {
        // A region object replaces all three region fields, so it is sent whole.
        region: if region_changed {
            Patch::Value(RegionRequest {
                region_code: after
                    .region_code
                    .clone()
                    .map_or(Patch::Absent, Patch::Value),
                region: after.region.clone().map_or(Patch::Absent, Patch::Value),
                region_id: after.region_id.map_or(Patch::Absent, Patch::Value),
            })
        } else {
            Patch::Absent
        },
        country_id: text(&before.country_id, &after.country_id),
        street: if before.street == after.street {
            Patch::Absent
        } else {
            Patch::Value(after.street.clone())
        },
        company: text(&before.company, &after.company),
        telephone: text(&before.telephone, &after.telephone),
        fax: text(&before.fax, &after.fax),
        postcode: text(&before.postcode, &after.postcode),
        city: text(&before.city, &after.city),
        firstname: text(&before.firstname, &after.firstname),
        lastname: text(&before.lastname, &after.lastname),
        middlename: text(&before.middlename, &after.middlename),
        prefix: text(&before.prefix, &after.prefix),
        suffix: text(&before.suffix, &after.suffix),
        vat_id: text(&before.vat_id, &after.vat_id),
        ..AddressRequest::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn customer() -> StoredCustomer {
        StoredCustomer {
            id: 1,
            default_billing: Some(1),
            default_shipping: Some(1),
            email: String::from("a@example.com"),
            firstname: String::from("A"),
            lastname: String::from("B"),
            middlename: Some(String::from("M")),
            addresses: vec![StoredAddress {
                id: 1,
                country_id: Some(String::from("GB")),
                street: vec![String::from("1 High St")],
                city: Some(String::from("London")),
                ..StoredAddress::default()
            }],
            ..StoredCustomer::default()
        }
    }

    #[test]
    fn unchanged_is_an_empty_customer() {
        let request = diff(&customer(), &customer());
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            serde_json::json!({"customer": {}})
        );
    }

    #[test]
    fn a_cleared_field_is_sent_empty() {
        let after = StoredCustomer {
            middlename: None,
            ..customer()
        };
        assert_eq!(
            serde_json::to_value(diff(&customer(), &after)).unwrap(),
            serde_json::json!({"customer": {"middlename": ""}})
        );
    }

    #[test]
    fn deleting_every_address_sends_an_empty_list() {
        let after = StoredCustomer {
            addresses: Vec::new(),
            default_billing: None,
            default_shipping: None,
            ..customer()
        };
        assert_eq!(
            serde_json::to_value(diff(&customer(), &after)).unwrap(),
            serde_json::json!({"customer": {"addresses": []}})
        );
    }

    #[test]
    fn a_changed_address_sends_the_whole_list_with_ids() {
        let mut after = customer();
        after.addresses[0].city = Some(String::from("Leeds"));
        assert_eq!(
            serde_json::to_value(diff(&customer(), &after)).unwrap(),
            serde_json::json!({"customer": {"addresses": [{"id": 1, "city": "Leeds"}]}})
        );
    }
}
