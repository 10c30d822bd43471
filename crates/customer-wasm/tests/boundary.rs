//! The JavaScript boundary of the bindings: absent and `null` stay apart, results are plain JSON
//! values, and bad arguments throw instead of aborting the module.
//!
//! wasm-bindgen-test runs this file in Node, and in a browser when `WASM_BINDGEN_USE_BROWSER` is
//! set (`cargo xtask test` does both). On the host it compiles but runs nothing.

use customer_wasm::{magento, open2b};
use js_sys::{Array, JSON, Object, Reflect};
use tsify::Ts;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

/// A JavaScript value from JSON text.
fn js(json: &str) -> JsValue {
    JSON::parse(json).expect("test JSON parses")
}

/// The JSON text of a JavaScript value, to compare results.
fn text(value: &JsValue) -> String {
    JSON::stringify(value)
        .expect("the result has a JSON form")
        .as_string()
        .expect("the JSON form is a string")
}

/// Sets `object[key] = value`, e.g. an explicit `undefined` that JSON cannot express.
fn set(object: &JsValue, key: &str, value: &JsValue) {
    Reflect::set(object, &JsValue::from_str(key), value).expect("object member set");
}

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).expect("object member read")
}

fn has(object: &JsValue, key: &str) -> bool {
    Reflect::has(object, &JsValue::from_str(key)).expect("object member looked up")
}

/// A stored customer with a cart and a shipping address.
const STORED: &str = r#"{
    "cart": "ebe766e73af1128d13217f1bcea6b9d9",
    "billingAddress": {"firstName": "John", "lastName": "Watson", "email": "john@example.com"},
    "shippingAddress": {"name": "John Watson", "street1": "221b Baker Street", "city": "London",
                        "postalCode": "NW1 6XE", "country": "GB"}
}"#;

#[wasm_bindgen_test]
fn a_member_set_to_undefined_is_left_out_and_null_is_sent() {
    let update = Object::new();
    set(&update, "cart", &JsValue::UNDEFINED);
    let kept = open2b::merge(
        Ts::new_unchecked(js(STORED)),
        Ts::new_unchecked(update.into()),
    )
    .expect("merge accepts the update");
    assert_eq!(
        get(&kept.js_value(), "cart").as_string().as_deref(),
        Some("ebe766e73af1128d13217f1bcea6b9d9")
    );

    let update = Object::new();
    set(&update, "cart", &JsValue::NULL);
    let detached = open2b::merge(
        Ts::new_unchecked(js(STORED)),
        Ts::new_unchecked(update.into()),
    )
    .expect("merge accepts the update");
    assert!(get(&detached.js_value(), "cart").is_null());
}

#[wasm_bindgen_test]
fn validation_sees_undefined_as_absent_and_null_as_a_value() {
    let customer = Object::new();
    set(&customer, "invoiceRecipient", &JsValue::UNDEFINED);
    let body = Object::new();
    set(&body, "customer", &customer);
    let outcome = open2b::validate(body.clone().into(), None).expect("validate accepts any body");
    assert_eq!(
        text(&get(&outcome, "response")),
        r#"{"status":200,"body":{"status":"ok"}}"#
    );

    set(&customer, "invoiceRecipient", &JsValue::NULL);
    let outcome = open2b::validate(body.into(), None).expect("validate accepts any body");
    assert_eq!(
        text(&get(&outcome, "response")),
        r#"{"status":200,"body":{"status":"error","error":{"field":"invoiceRecipient","type":"InvalidValue","description":"InvoiceRecipient is not a valid value"}}}"#
    );
}

#[wasm_bindgen_test]
fn magento_rechecks_addresses_left_undefined_but_not_null_ones() {
    // Customer 5 of the default fixture, her stored address without the telephone the install
    // requires (`Address/Validator/General` checks every address the save writes).
    let fixture = js(include_str!("../../../tests/fixtures/default.json"));
    let customers = Array::from(&get(&get(&fixture, "magento"), "customers"));
    let stored = customers
        .iter()
        .find(|customer| get(customer, "id").as_f64() == Some(5.0))
        .expect("the fixture has customer 5");
    for address in Array::from(&get(&stored, "addresses")).iter() {
        Reflect::delete_property(address.unchecked_ref::<Object>(), &"telephone".into())
            .expect("an address is an object");
    }
    let options = js(r#"{"today": "2026-06-15", "now": "2026-06-15 12:00:00"}"#);
    set(&options, "stored", &stored);
    let validate = |addresses: &JsValue| {
        let customer = js(r#"{"firstname": "Lou"}"#);
        set(&customer, "addresses", addresses);
        let body = Object::new();
        set(&body, "customer", &customer);
        let outcome = magento::validate(body.into(), Some(Ts::new_unchecked(options.clone())))
            .expect("validate accepts any body");
        get(&get(&outcome, "response"), "status").as_f64()
    };
    assert_eq!(validate(&JsValue::UNDEFINED), Some(400.0));
    assert_eq!(validate(&JsValue::NULL), Some(200.0));
}

#[wasm_bindgen_test]
fn a_diff_leaves_unchanged_members_out_and_sends_null_to_remove() {
    let after = js(STORED);
    set(&after, "shippingAddress", &JsValue::NULL);
    let update = open2b::diff(Ts::new_unchecked(js(STORED)), Ts::new_unchecked(after))
        .expect("diff accepts two customers")
        .js_value();
    assert!(has(&update, "shippingAddress"));
    assert!(get(&update, "shippingAddress").is_null());
    assert!(!has(&update, "cart"));
    assert_eq!(Object::keys(update.unchecked_ref::<Object>()).length(), 1);
}

#[wasm_bindgen_test]
fn results_are_plain_objects_and_arrays() {
    let body = js(r#"{"customer": {"wishList": [0]}}"#);
    let outcome = open2b::validate(body, None).expect("validate accepts any body");
    assert_eq!(
        Object::get_prototype_of(&outcome),
        Object::get_prototype_of(&Object::new().into())
    );
    let violations = get(&outcome, "violations");
    assert!(Array::is_array(&violations));
    assert_eq!(
        text(&get(&Array::from(&violations).get(0), "path")),
        r#""customer.wishList[0]""#
    );
}

#[wasm_bindgen_test]
fn a_wrong_argument_throws_a_type_error_naming_it() {
    let error = open2b::merge(
        Ts::new_unchecked(JsValue::from(5)),
        Ts::new_unchecked(js("{}")),
    )
    .expect_err("a number is not a customer");
    let error: js_sys::Error = error.dyn_into().expect("a JavaScript error");
    assert_eq!(error.name(), "TypeError");
    assert_eq!(
        String::from(error.message()),
        "stored: invalid type: integer `5`, expected struct Customer"
    );

    let error = open2b::validate(JsValue::UNDEFINED, None).expect_err("the body is required");
    assert!(error.is_instance_of::<js_sys::TypeError>());

    let options = js(r#"{"contex": {}}"#);
    let error = open2b::validate(js("{}"), Some(Ts::new_unchecked(options)))
        .expect_err("a misspelt option is refused, not ignored");
    assert!(error.is_instance_of::<js_sys::TypeError>());
}

#[wasm_bindgen_test]
fn a_value_without_json_form_throws_instead_of_aborting() {
    let cyclic = Object::new();
    set(&cyclic, "customer", &cyclic);
    let error = open2b::validate(cyclic.into(), None).expect_err("a cycle has no JSON form");
    assert!(error.is_instance_of::<js_sys::TypeError>());

    // The module still answers after the error.
    let outcome = open2b::validate(js(r#"{"customer": {}}"#), None);
    assert!(outcome.is_ok());
}
