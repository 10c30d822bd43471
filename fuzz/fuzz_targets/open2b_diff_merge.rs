//! Structured Open2b customers and updates: `merge(before, diff(before, after)) == after`, the
//! diff survives JSON, and an update sent to the shop is answered deterministically, in the
//! spec's shape, and stored as `merge` says.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use customer_fuzz::assert_open2b_shape;
use customer_rules::{HttpRequest, open2b};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value, json};

const BILLING: [&str; 16] = [
    "firstName",
    "lastName",
    "personalCode",
    "companyName",
    "companyCode",
    "companyCode2",
    "street1",
    "street2",
    "city",
    "postalCode",
    "stateProv",
    "country",
    "phoneNumber",
    "mobileNumber",
    "faxNumber",
    "email",
];
const SHIPPING: [&str; 7] = [
    "name",
    "street1",
    "street2",
    "city",
    "postalCode",
    "stateProv",
    "country",
];

/// Text a value of the fixture's customers could hold, or anything at all.
fn text(u: &mut Unstructured<'_>) -> arbitrary::Result<String> {
    Ok(match u.int_in_range(0..=4u8)? {
        0 => String::new(),
        1 => String::from("GB"),
        2 => String::from("sherlock@example.com"),
        _ => String::arbitrary(u)?,
    })
}

fn object(u: &mut Unstructured<'_>, fields: &[&str], all: bool) -> arbitrary::Result<Value> {
    let mut members = Map::new();
    for field in fields {
        if all || u.arbitrary()? {
            members.insert((*field).to_owned(), Value::String(text(u)?));
        }
    }
    Ok(Value::Object(members))
}

/// Up to four distinct ids, in the order chosen.
fn ids(u: &mut Unstructured<'_>, max: u32) -> arbitrary::Result<Value> {
    let mut ids: Vec<u32> = Vec::new();
    for _ in 0..u.int_in_range(0..=4)? {
        let id = u.int_in_range(0..=max)?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(json!(ids))
}

/// A stored customer, in the read shape of `storefront.customer`.
fn customer(u: &mut Unstructured<'_>) -> arbitrary::Result<open2b::Customer> {
    let value = json!({
        "cart": if u.arbitrary()? { json!(format!("{:032x}", u128::arbitrary(u)?)) } else { Value::Null },
        "invoiceRecipient": text(u)?,
        "billingAddress": object(u, &BILLING, true)?,
        "shippingAddress": if u.arbitrary()? { object(u, &SHIPPING, true)? } else { Value::Null },
        "wishList": ids(u, u32::MAX)?,
        "newsletterLists": ids(u, 9)?,
        "privacyConsents": ids(u, 5)?,
    });
    serde_json::from_value(value).map_err(|_| arbitrary::Error::IncorrectFormat)
}

/// An update body: some members, each with a plausible value or `null`.
fn update(u: &mut Unstructured<'_>) -> arbitrary::Result<Value> {
    let mut members = Map::new();
    for member in [
        "cart",
        "invoiceRecipient",
        "billingAddress",
        "shippingAddress",
        "wishList",
        "newsletterLists",
        "privacyConsents",
    ] {
        if !u.arbitrary()? {
            continue;
        }
        let value = match (member, u.int_in_range(0..=5u8)?) {
            (_, 0) => Value::Null,
            ("cart", 1) => json!("ebe766e73af1128d13217f1bcea6b9d9"),
            ("cart" | "invoiceRecipient", _) => Value::String(text(u)?),
            ("billingAddress", _) => object(u, &BILLING[..15], false)?,
            ("shippingAddress", _) => object(u, &SHIPPING, false)?,
            ("wishList", _) => ids(u, 2000)?,
            ("newsletterLists", _) => ids(u, 9)?,
            _ => ids(u, 5)?,
        };
        members.insert(member.to_owned(), value);
    }
    Ok(json!({ "customer": members }))
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let (Ok(before), Ok(mut after), Ok(body)) =
        (customer(&mut u), customer(&mut u), update(&mut u))
    else {
        return;
    };
    // The billing email cannot change through an update.
    after
        .billing_address
        .email
        .clone_from(&before.billing_address.email);
    let smallest = open2b::diff(&before, &after);
    assert_eq!(
        open2b::merge(&before, &smallest),
        after,
        "merge of the diff"
    );
    let wire = serde_json::to_value(&smallest).expect("a diff serialises");
    let read: open2b::CustomerUpdate = serde_json::from_value(wire).expect("a diff reads back");
    assert_eq!(read, smallest, "the diff through JSON");
    assert_eq!(
        open2b::diff(&after, &after),
        open2b::CustomerUpdate::default()
    );

    let mut shop = customer_fuzz::open2b_shop();
    shop.customers = vec![open2b::CustomerAccount {
        key: String::from("k"),
        customer: before.clone(),
    }];
    let request = HttpRequest {
        method: String::from("POST"),
        path: open2b::UPDATE_CUSTOMER_PATH.to_owned(),
        headers: [(open2b::CUSTOMER_KEY_HEADER.to_owned(), String::from("k"))].into(),
        body: Some(body.clone()),
        raw: None,
    };
    let exchange = open2b::respond(&shop, &request);
    assert_eq!(exchange, open2b::respond(&shop, &request), "deterministic");
    assert_open2b_shape(open2b::UPDATE_CUSTOMER_PATH, &exchange.response);
    let outcome = open2b::validate(&body, Some(&before), &shop.context());
    assert_eq!(
        outcome.response, exchange.response,
        "respond and validate agree"
    );
    if let Some(account) = exchange.updated {
        let update: open2b::UpdateCustomerRequest =
            serde_json::from_value(body).expect("an accepted body reads as an update");
        assert_eq!(account.customer, open2b::merge(&before, &update.customer));
    }
});
