//! Structured Magento customers: the diff of two customers reads back through the webapi
//! deserializer as itself, and merging it stores the target — with the shop's own numbering of
//! new addresses, `created_at` kept and a gender that cannot be removed (the form the property
//! test `merge_of_diff_stores_the_target` pins). The diff as a PUT body is answered
//! deterministically, in the spec's shape, as `validate` predicts.
#![no_main]

use std::collections::BTreeMap;

use arbitrary::Unstructured;
use customer_fuzz::{assert_magento_shape, clock, letters};
use customer_rules::{HttpRequest, magento};
use libfuzzer_sys::fuzz_target;

fn optional(u: &mut Unstructured<'_>) -> arbitrary::Result<Option<String>> {
    if u.arbitrary()? {
        letters(u).map(Some)
    } else {
        Ok(None)
    }
}

fn address(u: &mut Unstructured<'_>, id: i64) -> arbitrary::Result<magento::StoredAddress> {
    let streets = u.int_in_range(1..=2)?;
    Ok(magento::StoredAddress {
        id,
        firstname: Some(letters(u)?),
        lastname: Some(letters(u)?),
        street: (0..streets).map(|_| letters(u)).collect::<Result<_, _>>()?,
        city: Some(letters(u)?),
        company: optional(u)?,
        telephone: optional(u)?,
        country_id: Some(String::from(*u.choose(&["GB", "FR", "NL"])?)),
        postcode: Some(String::from("1000")),
        ..magento::StoredAddress::default()
    })
}

fn customer(u: &mut Unstructured<'_>) -> arbitrary::Result<magento::StoredCustomer> {
    let firstname = letters(u)?;
    let mut addresses = Vec::new();
    for id in 1..=4 {
        if u.arbitrary()? {
            addresses.push(address(u, id)?);
        }
    }
    let pick = |u: &mut Unstructured<'_>| -> arbitrary::Result<Option<i64>> {
        Ok(match u.int_in_range(0..=4usize)? {
            0 => None,
            slot => addresses.get(slot - 1).map(|a| a.id),
        })
    };
    let (default_billing, default_shipping) = (pick(u)?, pick(u)?);
    Ok(magento::StoredCustomer {
        id: 1,
        group_id: u.int_in_range(0..=3)?,
        default_billing,
        default_shipping,
        email: format!("{}@example.com", firstname.to_lowercase()),
        firstname,
        lastname: letters(u)?,
        middlename: optional(u)?,
        prefix: optional(u)?,
        taxvat: optional(u)?,
        gender: if u.arbitrary()? {
            Some(u.int_in_range(1..=3)?)
        } else {
            None
        },
        is_subscribed: u.arbitrary()?,
        disable_auto_group_change: u.int_in_range(0..=1)?,
        updated_at: String::from("2026-06-15 12:00:00"),
        addresses,
        ..magento::StoredCustomer::default()
    })
}

/// The customer the shop stores for `after` sent as a diff onto `before`.
fn expected(
    before: &magento::StoredCustomer,
    after: &magento::StoredCustomer,
) -> magento::StoredCustomer {
    let mut expected = after.clone();
    expected.created_at.clone_from(&before.created_at);
    if expected.gender.is_none() {
        expected.gender = before.gender;
    }
    let mut next = before.addresses.iter().map(|a| a.id).max().unwrap_or(0);
    let mut renumber = BTreeMap::new();
    for address in &mut expected.addresses {
        if !before.addresses.iter().any(|a| a.id == address.id) {
            next += 1;
            renumber.insert(address.id, next);
            address.id = next;
        }
    }
    for default in [
        &mut expected.default_billing,
        &mut expected.default_shipping,
    ] {
        if let Some(id) = default.as_mut()
            && let Some(new_id) = renumber.get(id)
        {
            *id = *new_id;
        }
    }
    expected.addresses.sort_by_key(|a| a.id);
    expected
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let (Ok(before), Ok(after)) = (customer(&mut u), customer(&mut u)) else {
        return;
    };
    let config = magento::Config::default();
    let clock = clock();
    let request = magento::diff(&before, &after);
    let body = serde_json::to_value(&request).expect("a diff serialises");
    let read = magento::read_request(&body, &config.version).expect("a diff is a valid body");
    assert_eq!(read, request, "the diff through the webapi deserializer");
    assert_eq!(
        magento::merge(&before, &read, &config, &clock),
        expected(&before, &after)
    );

    let shop = magento::Shop {
        admin_tokens: vec![String::from("t")],
        customers: vec![before.clone()],
        ..magento::Shop::default()
    };
    let put = HttpRequest {
        method: String::from("PUT"),
        path: String::from("/rest/default/V1/customers/1"),
        headers: [
            (String::from("Authorization"), String::from("Bearer t")),
            (
                String::from("Content-Type"),
                String::from("application/json"),
            ),
        ]
        .into(),
        body: None,
        raw: Some(body.to_string()),
    };
    let exchange = magento::respond(&shop, &put, &clock);
    assert_eq!(
        exchange,
        magento::respond(&shop, &put, &clock),
        "deterministic"
    );
    assert_magento_shape("PUT", &exchange.response);
    let outcome = magento::validate(&body, Some(&before), &config, &shop.context(), &clock);
    assert_eq!(
        outcome.response, exchange.response,
        "respond and validate agree"
    );
});
