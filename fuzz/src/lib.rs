//! What the fuzz targets share: the shops of the default fixture, a fixed clock, and the checks
//! every answer must pass — the shape of the spec's response schema for its status.
//!
//! The schema check is hand-written from `openapi/customer-api.yaml` (the required members and
//! their JSON types of `magento-error-response`, `magento-customer`, `open2b-ok`,
//! `open2b-error-envelope` and `open2b-customer-ok`); it keeps the fuzz build free of the
//! generated client and its HTTP stack.
#![forbid(unsafe_code)]

use customer_rules::{ShopResponse, magento, open2b};
use serde_json::Value;

/// The default fixture (`tests/fixtures/default.json`), as the conformance cases start from it.
const FIXTURE: &str = include_str!("../../tests/fixtures/default.json");

/// The Magento shop of the default fixture.
pub fn magento_shop() -> magento::Shop {
    fixture_member("magento")
}

/// The Open2b store of the default fixture.
pub fn open2b_shop() -> open2b::Shop {
    fixture_member("open2b")
}

fn fixture_member<T: serde::de::DeserializeOwned + Default>(member: &str) -> T {
    serde_json::from_str::<Value>(FIXTURE)
        .ok()
        .and_then(|fixture| serde_json::from_value(fixture.get(member)?.clone()).ok())
        .unwrap_or_default()
}

/// The instant every Magento target answers at.
pub fn clock() -> magento::Clock {
    magento::Clock {
        today: magento::Date {
            year: 2026,
            month: 6,
            day: 15,
        },
        now: String::from("2026-06-15 12:00:00"),
    }
}

/// Checks a Magento answer against the spec: `200` carries a customer (PUT, GET) or `true`
/// (DELETE); every other status carries `magento-error-response`.
pub fn assert_magento_shape(method: &str, response: &ShopResponse) {
    let body = &response.body;
    match (response.status, method) {
        (200, "DELETE") => assert_eq!(body, &Value::Bool(true)),
        (200, _) => {
            let customer = body.as_object().expect("a customer object");
            for member in ["email", "firstname", "lastname"] {
                assert!(
                    customer.get(member).is_some_and(Value::is_string),
                    "{member}: {body}"
                );
            }
            assert!(customer.get("id").is_some_and(Value::is_i64), "id: {body}");
            if let Some(addresses) = customer.get("addresses") {
                assert!(addresses.is_array(), "addresses: {body}");
            }
        }
        // A PHP `Error` reaches `App/Bootstrap`, which answers in `text/plain`.
        (500, _) if body.is_string() => assert_eq!(
            body.as_str(),
            Some("An error has happened during application run. See exception log for details.\n")
        ),
        (400 | 401 | 404 | 405 | 413 | 500, _) => assert_magento_error(body),
        (status, _) => panic!("status {status} is not in the spec: {body}"),
    }
}

fn assert_magento_error(body: &Value) {
    let error = body.as_object().expect("an error object");
    assert!(
        error.get("message").is_some_and(Value::is_string),
        "message: {body}"
    );
    if let Some(parameters) = error.get("parameters") {
        assert!(
            parameters.is_object() || parameters.is_array(),
            "parameters: {body}"
        );
    }
    if let Some(errors) = error.get("errors") {
        for item in errors.as_array().expect("errors is an array") {
            assert!(
                item.get("message").is_some_and(Value::is_string),
                "errors: {body}"
            );
            if let Some(parameters) = item.get("parameters") {
                assert!(
                    parameters.is_object() || parameters.is_array(),
                    "errors: {body}"
                );
            }
        }
    }
    if let Some(code) = error.get("code") {
        assert!(code.is_i64(), "code: {body}");
    }
}

/// The error types Open2b documents.
const OPEN2B_ERROR_TYPES: &[&str] = &[
    "UnknownField",
    "AccessDenied",
    "Missing",
    "MissingCombination",
    "Malformed",
    "InvalidValue",
    "InvalidCombination",
    "NotFound",
    "AlreadyExists",
];

/// Checks an Open2b answer against the spec: `200` carries `open2b-ok` (update),
/// `open2b-customer-ok` (read) or `open2b-error-envelope`; 403, 404 and 405 are `text/plain`.
pub fn assert_open2b_shape(path: &str, response: &ShopResponse) {
    let body = &response.body;
    match response.status {
        200 => match body.get("status").and_then(Value::as_str) {
            Some("ok") if path == open2b::CUSTOMER_PATH => {
                assert!(body.get("customer").is_some_and(Value::is_object), "{body}");
            }
            Some("ok") => assert_eq!(body, &serde_json::json!({"status": "ok"})),
            Some("error") => {
                let error = body
                    .get("error")
                    .and_then(Value::as_object)
                    .expect("an error");
                for member in ["field", "type", "description"] {
                    assert!(error.get(member).is_some_and(Value::is_string), "{body}");
                }
                let kind = error
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                assert!(OPEN2B_ERROR_TYPES.contains(&kind), "{body}");
            }
            _ => panic!("a 200 without a status: {body}"),
        },
        403 | 404 | 405 => assert!(body.is_string(), "{body}"),
        status => panic!("status {status} is not in the spec: {body}"),
    }
}

/// Text the fuzzer chooses, kept to what the stored models hold: letters only, 1 to 8 of them
/// (the property tests' `[A-Za-z]{1,8}`), so the diff of two customers is always accepted.
pub fn letters(u: &mut arbitrary::Unstructured<'_>) -> arbitrary::Result<String> {
    let length = u.int_in_range(1..=8)?;
    (0..length)
        .map(|_| {
            let index = u.int_in_range(0..=51u8)?;
            Ok(char::from(if index < 26 {
                b'a' + index
            } else {
                b'A' + index - 26
            }))
        })
        .collect()
}
