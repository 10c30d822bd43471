use proptest::prelude::*;
use serde_json::{Value, json};

use super::validate::is_invoice_recipient;
use super::*;
use crate::{HttpRequest, Patch};

const CART: &str = "ebe766e73af1128d13217f1bcea6b9d9";

fn stored() -> Customer {
    Customer {
        cart: None,
        invoice_recipient: String::new(),
        billing_address: BillingAddress {
            first_name: "Sherlock".to_owned(),
            last_name: "Holmes".to_owned(),
            street1: "221b Baker Street".to_owned(),
            city: "London".to_owned(),
            postal_code: "NW1 6XE".to_owned(),
            state_prov: "LND".to_owned(),
            country: "GB".to_owned(),
            email: "sherlock@example.com".to_owned(),
            ..BillingAddress::default()
        },
        shipping_address: None,
        wish_list: vec![340],
        newsletter_lists: vec![5],
        privacy_consents: vec![1],
    }
}

fn context() -> Context {
    Context {
        carts: Some(vec![CART.to_owned()]),
        newsletter_lists: Some(vec![5, 7]),
        privacy_processings: Some(vec![
            PrivacyProcessing {
                id: 1,
                type_of_data: TypeOfData::Customer,
                is_consent_required: true,
            },
            PrivacyProcessing {
                id: 2,
                type_of_data: TypeOfData::Customer,
                is_consent_required: false,
            },
            PrivacyProcessing {
                id: 3,
                type_of_data: TypeOfData::Order,
                is_consent_required: true,
            },
        ]),
    }
}

/// The shop's answer to `{"customer": customer}` for the stored customer with full context.
fn answer(customer: Value) -> Value {
    validate(
        &json!({ "customer": customer }),
        Some(&stored()),
        &context(),
    )
    .response
    .body
}

fn error(field: &str, kind: &str, description: &str) -> Value {
    json!({"status":"error","error":{"field":field,"type":kind,"description":description}})
}

fn ok() -> Value {
    json!({"status":"ok"})
}

#[test]
fn an_empty_customer_is_accepted() {
    assert_eq!(answer(json!({})), ok());
}

#[test]
fn the_body_must_be_an_object_with_a_customer() {
    let outcome = validate(&json!([]), None, &Context::default());
    assert_eq!(
        outcome.response.body,
        error("", "Malformed", "Request is not syntactically correct")
    );
    let outcome = validate(&json!({}), None, &Context::default());
    assert_eq!(
        outcome.response.body,
        error("customer", "Missing", "Customer is required")
    );
    let outcome = validate(&json!({"customer": null}), None, &Context::default());
    assert_eq!(
        outcome.response.body,
        error("customer", "InvalidValue", "Customer is not a valid value")
    );
    let outcome = validate(&json!({"customer": "x"}), None, &Context::default());
    assert_eq!(
        outcome.response.body,
        error(
            "customer",
            "Malformed",
            "Customer is not syntactically correct"
        )
    );
    let outcome = validate(
        &json!({"customer": {}, "extra": 1}),
        None,
        &Context::default(),
    );
    assert_eq!(
        outcome.response.body,
        error("unknown", "UnknownField", "Field 'extra' is unknown")
    );
}

#[test]
fn unknown_members_come_first_in_byte_order() {
    let outcome = validate(
        &json!({"customer": {"zeta": 1, "alpha": 2, "cart": 5}}),
        Some(&stored()),
        &context(),
    );
    assert_eq!(
        outcome.response.body,
        error("unknown", "UnknownField", "Field 'alpha' is unknown")
    );
    let paths: Vec<&str> = outcome.violations.iter().map(|v| v.path.as_str()).collect();
    assert_eq!(paths, ["customer.alpha", "customer.zeta", "customer.cart"]);
}

#[test]
fn cart_length_then_existence() {
    assert_eq!(answer(json!({"cart": CART})), ok());
    assert_eq!(answer(json!({"cart": null})), ok());
    assert_eq!(
        answer(json!({"cart": "abc"})),
        error("cart", "InvalidValue", "Cart is not a valid value")
    );
    let unknown = "a".repeat(32);
    assert_eq!(
        answer(json!({"cart": unknown})),
        error(
            "cart",
            "NotFound",
            &format!("Cart '{unknown}' does not exist")
        )
    );
    assert_eq!(
        answer(json!({"cart": 5})),
        error("cart", "Malformed", "Cart is not syntactically correct")
    );
    // 32 characters of two bytes each are 32 characters, not 64.
    assert_eq!(
        answer(json!({"cart": "é".repeat(32)}))["error"]["type"],
        "NotFound"
    );
}

#[test]
fn an_unknown_cart_needs_context_when_carts_are_not_given() {
    let outcome = validate(
        &json!({"customer": {"cart": "b".repeat(32)}}),
        None,
        &Context::default(),
    );
    assert_eq!(outcome.response.body, ok());
    assert_eq!(outcome.violations.len(), 1);
    let violation = &outcome.violations[0];
    assert!(violation.needs_context);
    assert_eq!(violation.kind.as_deref(), Some("NotFound"));
    assert_eq!(violation.template, "Cart '<cart>' does not exist");
    assert_eq!(violation.parameters, json!({"cart": "b".repeat(32)}));
}

#[test]
fn lookups_without_context_are_undecided() {
    let body = json!({"customer": {"newsletterLists": [5, 99], "privacyConsents": [2]}});
    let outcome = validate(&body, Some(&stored()), &Context::default());
    assert_eq!(outcome.response.body, ok());
    let undecided: Vec<(&str, Option<&str>)> = outcome
        .violations
        .iter()
        .filter(|violation| violation.needs_context)
        .map(|violation| (violation.path.as_str(), violation.kind.as_deref()))
        .collect();
    assert_eq!(
        undecided,
        [
            ("customer.newsletterLists", Some("NotFound")),
            ("customer.newsletterLists", Some("NotFound")),
            ("customer.privacyConsents", Some("InvalidValue")),
        ]
    );
    let outcome = validate(&body, Some(&stored()), &context());
    assert_eq!(
        outcome.response.body,
        error(
            "newsletterLists",
            "NotFound",
            "Newsletter list 99 does not exist"
        )
    );
    assert_eq!(outcome.violations.len(), 2);
}

#[test]
fn an_undecided_check_does_not_hide_a_later_decided_error() {
    let body = json!({"customer": {"cart": "c".repeat(32), "wishList": [0]}});
    let outcome = validate(&body, None, &Context::default());
    assert_eq!(
        outcome.response.body,
        error("wishList", "InvalidValue", "WishList is not a valid value")
    );
    assert!(outcome.violations[0].needs_context);
}

#[test]
fn invoice_recipient_forms() {
    for accepted in [
        "",
        "AB7TR6K",
        "ABC123",
        "0000000",
        "XXXXXXX",
        "pec@pec.it",
        "a.b@legalmail.it",
        "a@b.it",
        "a@b.c",
        "Mario.Rossi+fatture@PEC.Example.IT",
        "o'brien@studio-legale.pec.it",
        "!#$%&'*+-/=?^_`{|}~@x.it",
        "1@2.3",
    ] {
        assert!(is_invoice_recipient(accepted), "{accepted}");
    }
    for rejected in [
        "ab7tr6k",
        "AB7TR",
        "AB7TR6KX",
        "pec@pecit",
        "pec@.it",
        "pec@it.",
        "pec@pec..it",
        "p c@pec.it",
        "a@b@pec.it",
        "@pec.it",
        "pec@",
        "a,b@pec.it",
        "mario..rossi@pec.it",
        ".mario@pec.it",
        "mario.@pec.it",
        "\"mario\"@pec.it",
        "mario@[192.0.2.1]",
        "mario@-pec.it",
        "mario@pec-.it",
        "mario@pec_it.it",
        "màrio@pec.it",
        "mario@pèc.it",
        "mario@pec.it\n",
    ] {
        assert!(!is_invoice_recipient(rejected), "{rejected}");
    }
    let local = "a".repeat(64);
    let label = "b".repeat(63);
    assert!(is_invoice_recipient(&format!("{local}@{label}.it")));
    assert!(!is_invoice_recipient(&format!("a{local}@pec.it")));
    assert!(!is_invoice_recipient(&format!("mario@b{label}.it")));
    // The longest accepted address: 64 + 1 + 191 characters.
    let domain = format!("{label}.{label}.{label}");
    let longest = format!("{local}@{domain}");
    assert_eq!(longest.len(), 256);
    assert_eq!(answer(json!({ "invoiceRecipient": longest })), ok());
    assert_eq!(
        answer(json!({ "invoiceRecipient": format!("{longest}b") })),
        error(
            "invoiceRecipient",
            "InvalidValue",
            "InvoiceRecipient is not a valid value"
        )
    );
    // 256 characters of two bytes each pass the length check and fail the form.
    let long = format!("{}@pec.it", "é".repeat(249));
    assert_eq!(long.chars().count(), 256);
    assert_eq!(
        answer(json!({ "invoiceRecipient": long }))["error"]["type"],
        "Malformed"
    );
    // Longer than string(0…256): a length error, whatever the form.
    for too_long in [format!("é{long}"), "A".repeat(257), "é".repeat(257)] {
        assert_eq!(
            answer(json!({ "invoiceRecipient": too_long })),
            error(
                "invoiceRecipient",
                "InvalidValue",
                "InvoiceRecipient is not a valid value"
            )
        );
    }
    assert_eq!(
        answer(json!({"invoiceRecipient": "bad"})),
        error(
            "invoiceRecipient",
            "Malformed",
            "'bad' is not a recipient code or email address"
        )
    );
    assert_eq!(
        answer(json!({"invoiceRecipient": null}))["error"]["type"],
        "InvalidValue"
    );
    assert_eq!(
        answer(json!({"invoiceRecipient": 7}))["error"]["type"],
        "Malformed"
    );
}

#[test]
fn billing_address_lengths_count_characters() {
    assert_eq!(
        answer(json!({"billingAddress": {"firstName": "ü".repeat(25)}})),
        ok()
    );
    assert_eq!(
        answer(json!({"billingAddress": {"firstName": "ü".repeat(26)}})),
        error(
            "firstName",
            "InvalidValue",
            "FirstName is not a valid value"
        )
    );
    assert_eq!(
        answer(json!({"billingAddress": {"firstName": ""}}))["error"]["type"],
        "InvalidValue"
    );
    assert_eq!(answer(json!({"billingAddress": {"street2": ""}})), ok());
    assert_eq!(
        answer(json!({"billingAddress": {"stateProv": "日本語"}})),
        ok()
    );
    assert_eq!(
        answer(json!({"billingAddress": {"stateProv": "日本語x"}}))["error"]["type"],
        "InvalidValue"
    );
    assert_eq!(
        answer(json!({"billingAddress": {"companyName": "🦀".repeat(100)}})),
        ok()
    );
    assert_eq!(
        answer(json!({"billingAddress": {"companyName": "🦀".repeat(101)}}))["error"]["field"],
        "companyName"
    );
}

#[test]
fn billing_address_shape() {
    assert_eq!(
        answer(json!({"billingAddress": null})),
        error(
            "billingAddress",
            "InvalidValue",
            "BillingAddress is not a valid value"
        )
    );
    assert_eq!(
        answer(json!({"billingAddress": []}))["error"]["type"],
        "Malformed"
    );
    assert_eq!(
        answer(json!({"billingAddress": {"email": "x@example.com"}})),
        error("unknown", "UnknownField", "Field 'email' is unknown")
    );
    assert_eq!(
        answer(json!({"billingAddress": {"city": null}}))["error"]["type"],
        "InvalidValue"
    );
    assert_eq!(
        answer(json!({"billingAddress": {"city": 1}}))["error"]["type"],
        "Malformed"
    );
}

#[test]
fn countries_are_alpha_2_codes() {
    assert_eq!(answer(json!({"billingAddress": {"country": "IT"}})), ok());
    assert_eq!(
        answer(json!({"billingAddress": {"country": "it"}})),
        error("country", "InvalidValue", "Country is not a valid value")
    );
    assert_eq!(
        answer(json!({"billingAddress": {"country": "UK"}}))["error"]["type"],
        "InvalidValue"
    );
}

#[test]
fn a_new_shipping_address_must_be_complete() {
    let outcome = validate(
        &json!({"customer": {"shippingAddress": {"name": "John", "city": "London"}}}),
        Some(&stored()),
        &context(),
    );
    assert_eq!(
        outcome.response.body,
        error("street1", "Missing", "Street1 is required")
    );
    let paths: Vec<&str> = outcome.violations.iter().map(|v| v.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "customer.shippingAddress.street1",
            "customer.shippingAddress.postalCode",
            "customer.shippingAddress.country"
        ]
    );
    let mut with_shipping = stored();
    with_shipping.shipping_address = Some(ShippingAddress {
        name: "John".to_owned(),
        street1: "1 Road".to_owned(),
        city: "Leeds".to_owned(),
        postal_code: "LS1".to_owned(),
        country: "GB".to_owned(),
        ..ShippingAddress::default()
    });
    let outcome = validate(
        &json!({"customer": {"shippingAddress": {"city": "York"}}}),
        Some(&with_shipping),
        &context(),
    );
    assert!(outcome.is_accepted());
    let outcome = validate(
        &json!({"customer": {"shippingAddress": {"city": "York"}}}),
        None,
        &context(),
    );
    assert_eq!(outcome.response.body, ok());
    assert!(
        outcome
            .violations
            .iter()
            .all(|v| v.needs_context && v.kind.as_deref() == Some("Missing"))
    );
    assert_eq!(outcome.violations.len(), 4);
}

#[test]
fn shipping_address_null_is_allowed() {
    assert_eq!(answer(json!({"shippingAddress": null})), ok());
    assert_eq!(
        answer(json!({"shippingAddress": "x"}))["error"]["type"],
        "Malformed"
    );
}

#[test]
fn id_arrays() {
    assert_eq!(answer(json!({"wishList": []})), ok());
    assert_eq!(answer(json!({"wishList": [1, 2147483647, 1]})), ok());
    assert_eq!(
        answer(json!({"wishList": [1, 0]})),
        error("wishList", "InvalidValue", "WishList is not a valid value")
    );
    assert_eq!(
        answer(json!({"wishList": [2147483648u64]}))["error"]["type"],
        "InvalidValue"
    );
    assert_eq!(
        answer(json!({"wishList": [-1]}))["error"]["type"],
        "InvalidValue"
    );
    assert_eq!(
        answer(json!({"wishList": [1.5]}))["error"]["type"],
        "Malformed"
    );
    assert_eq!(
        answer(json!({"wishList": ["1"]}))["error"]["type"],
        "Malformed"
    );
    assert_eq!(
        answer(json!({"wishList": null}))["error"]["type"],
        "InvalidValue"
    );
    assert_eq!(answer(json!({"wishList": 1}))["error"]["type"], "Malformed");
}

/// The answer of the shop to a raw update body, for numbers serde_json cannot hold as written.
fn raw_answer(body: &str) -> Value {
    respond(
        &shop(),
        &request("POST", UPDATE_CUSTOMER_PATH, Some("key-1"), body),
    )
    .response
    .body
}

#[test]
fn integers_of_any_size_are_out_of_range_not_malformed() {
    let digits = "9".repeat(400);
    for field in ["wishList", "newsletterLists", "privacyConsents"] {
        let out_of_range = raw_answer(&format!(r#"{{"customer":{{"{field}":[0]}}}}"#));
        assert_eq!(out_of_range["error"]["type"], "InvalidValue", "{field}");
        for number in [
            "99999999999999999999",
            "-99999999999999999999",
            "18446744073709551616",
            "-9223372036854775809",
            &digits,
            &format!("-{digits}"),
            "1e400",
            "-1e400",
            "1.5E+400",
            "1e20",
        ] {
            let body = format!(r#"{{"customer":{{"{field}":[{number}]}}}}"#);
            assert_eq!(raw_answer(&body), out_of_range, "{field}: {number}");
        }
        let fraction = raw_answer(&format!(r#"{{"customer":{{"{field}":[1.5]}}}}"#));
        assert_eq!(fraction["error"]["type"], "Malformed", "{field}");
    }
    // A number beyond a double elsewhere is read the same way: a type mismatch, or ignored in an
    // unknown member, never a malformed request.
    assert_eq!(
        raw_answer(r#"{"customer":{"cart":1e400}}"#),
        error("cart", "Malformed", "Cart is not syntactically correct")
    );
    assert_eq!(
        raw_answer(&format!(r#"{{"customer":{{}},"x":{digits}}}"#))["error"]["type"],
        "UnknownField"
    );
    // Text that is not JSON stays a malformed request, numbers or not.
    for body in [
        r#"{"customer":{"wishList":[01e400]}}"#,
        r#"{"customer":{"wishList":[1e400.]}}"#,
        r#"{"customer":{"wishList":[1e400]}"#,
        "1e400",
    ] {
        assert_eq!(
            raw_answer(body),
            error("", "Malformed", "Request is not syntactically correct"),
            "{body}"
        );
    }
    // Numbers inside strings are text, kept as written.
    assert_eq!(
        raw_answer(r#"{"customer":{"invoiceRecipient":"1e400\" -1e400","wishList":[1e400]}}"#),
        error(
            "invoiceRecipient",
            "Malformed",
            "'1e400\" -1e400' is not a recipient code or email address"
        )
    );
    // A whole number is an int whatever its notation; only a fraction is Malformed.
    assert_eq!(
        raw_answer(
            r#"{"customer":{"wishList":[1e0,2147483647.0,2E1],"newsletterLists":[5.0,7e0],"privacyConsents":[1.0,255e0]}}"#
        ),
        ok()
    );
}

#[test]
fn whole_doubles_are_integers() {
    assert_eq!(answer(json!({"wishList": [18.0, 1e2]})), ok());
    for number in [1e20, -1e20, 0.0, 2147483648.0, f64::MAX] {
        assert_eq!(
            answer(json!({"wishList": [number]})),
            error("wishList", "InvalidValue", "WishList is not a valid value"),
            "{number}"
        );
    }
    assert_eq!(
        answer(json!({"privacyConsents": [1, 256.0]}))["error"]["type"],
        "InvalidValue"
    );
}

#[test]
fn newsletter_lists_must_exist() {
    assert_eq!(answer(json!({"newsletterLists": [7, 5]})), ok());
    assert_eq!(
        answer(json!({"newsletterLists": [5, 9, 8]})),
        error(
            "newsletterLists",
            "NotFound",
            "Newsletter list 9 does not exist"
        )
    );
}

#[test]
fn required_consents_must_be_given() {
    assert_eq!(answer(json!({"privacyConsents": [1]})), ok());
    assert_eq!(
        answer(json!({"privacyConsents": [2]})),
        error(
            "privacyConsents",
            "InvalidValue",
            "Consent to processing 1 is required"
        )
    );
    assert_eq!(answer(json!({"privacyConsents": [1, 255]})), ok());
    assert_eq!(
        answer(json!({"privacyConsents": [1, 256]}))["error"]["description"],
        "PrivacyConsents is not a valid value"
    );
    let outcome = validate(
        &json!({"customer": {"privacyConsents": [2, 0]}}),
        Some(&stored()),
        &context(),
    );
    assert_eq!(
        outcome.violations.len(),
        2,
        "the item and the missing consent are both listed"
    );
}

#[test]
fn merge_applies_the_three_states() {
    let mut before = stored();
    before.cart = Some(CART.to_owned());
    let update = CustomerUpdate {
        cart: Patch::Null,
        billing_address: Some(BillingAddressUpdate {
            city: Some("Pisa".to_owned()),
            ..Default::default()
        }),
        shipping_address: Patch::Value(ShippingAddressUpdate {
            name: Some("John".to_owned()),
            ..Default::default()
        }),
        wish_list: Some(vec![3, 3, 1]),
        ..Default::default()
    };
    let after = merge(&before, &update);
    assert_eq!(after.cart, None);
    assert_eq!(after.billing_address.city, "Pisa");
    assert_eq!(after.billing_address.first_name, "Sherlock");
    assert_eq!(
        after.shipping_address.as_ref().map(|a| a.name.as_str()),
        Some("John")
    );
    assert_eq!(after.wish_list, [3, 1]);
    assert_eq!(after.newsletter_lists, before.newsletter_lists);
    let removed = merge(
        &after,
        &CustomerUpdate {
            shipping_address: Patch::Null,
            ..Default::default()
        },
    );
    assert_eq!(removed.shipping_address, None);
}

#[test]
fn diff_sends_only_what_changed() {
    let before = stored();
    let mut after = before.clone();
    after.billing_address.city = "Pisa".to_owned();
    after.cart = Some(CART.to_owned());
    let update = diff(&before, &after);
    assert_eq!(
        serde_json::to_value(&update).ok(),
        Some(json!({"cart": CART, "billingAddress": {"city": "Pisa"}}))
    );
    assert_eq!(diff(&before, &before), CustomerUpdate::default());
}

#[test]
fn update_json_round_trips_null_and_absent() {
    let update: CustomerUpdate =
        serde_json::from_value(json!({"cart": null, "shippingAddress": null})).unwrap_or_default();
    assert_eq!(update.cart, Patch::Null);
    assert_eq!(update.shipping_address, Patch::Null);
    assert_eq!(
        serde_json::to_value(&update).ok(),
        Some(json!({"cart": null, "shippingAddress": null}))
    );
}

fn shop() -> Shop {
    Shop {
        customers: vec![CustomerAccount {
            key: "key-1".to_owned(),
            customer: stored(),
        }],
        carts: vec![CART.to_owned()],
        newsletter_lists: vec![5, 7],
        privacy_processings: context().privacy_processings.unwrap_or_default(),
    }
}

fn request(method: &str, path: &str, key: Option<&str>, raw: &str) -> HttpRequest {
    HttpRequest {
        method: method.to_owned(),
        path: path.to_owned(),
        headers: key
            .map(|key| ("X-Customer-Key".to_owned(), key.to_owned()))
            .into_iter()
            .collect(),
        body: None,
        raw: Some(raw.to_owned()),
    }
}

#[test]
fn respond_answers_transport_failures_in_text() {
    let exchange = respond(
        &shop(),
        &request("GET", UPDATE_CUSTOMER_PATH, Some("key-1"), "{}"),
    );
    assert_eq!(
        (exchange.response.status, exchange.response.body),
        (405, json!("Method Not Allowed"))
    );
    let exchange = respond(
        &shop(),
        &request("POST", "/api/v10/storefront.nothing", Some("key-1"), "{}"),
    );
    assert_eq!(exchange.response.status, 404);
    let exchange = respond(
        &shop(),
        &request("POST", UPDATE_CUSTOMER_PATH, Some("other"), "{}"),
    );
    assert_eq!(
        (exchange.response.status, exchange.response.body),
        (403, json!("Forbidden"))
    );
    let exchange = respond(&shop(), &request("POST", UPDATE_CUSTOMER_PATH, None, "{}"));
    assert_eq!(exchange.response.status, 403);
}

#[test]
fn respond_updates_and_reads() {
    let exchange = respond(
        &shop(),
        &request(
            "POST",
            UPDATE_CUSTOMER_PATH,
            Some("key-1"),
            r#"{"customer":{"invoiceRecipient":"AB7TR6K"}}"#,
        ),
    );
    assert_eq!(exchange.response.body, ok());
    let updated = exchange
        .updated
        .map(|account| account.customer.invoice_recipient);
    assert_eq!(updated.as_deref(), Some("AB7TR6K"));
    let exchange = respond(
        &shop(),
        &request("POST", UPDATE_CUSTOMER_PATH, Some("key-1"), "{"),
    );
    assert_eq!(
        exchange.response.body,
        error("", "Malformed", "Request is not syntactically correct")
    );
    assert_eq!(exchange.updated, None);
    let exchange = respond(
        &shop(),
        &request(
            "POST",
            CUSTOMER_PATH,
            Some("key-1"),
            r#"{"fields":["cart","wishList"]}"#,
        ),
    );
    assert_eq!(
        exchange.response.body,
        json!({"status":"ok","customer":{"cart":null,"wishList":[340]}})
    );
    let exchange = respond(&shop(), &request("POST", CUSTOMER_PATH, Some("key-1"), ""));
    assert_eq!(
        exchange.response.body["customer"]["billingAddress"]["email"],
        "sherlock@example.com"
    );
    let exchange = respond(
        &shop(),
        &request(
            "POST",
            CUSTOMER_PATH,
            Some("key-1"),
            r#"{"fields":["nope"]}"#,
        ),
    );
    assert_eq!(
        exchange.response.body,
        error("fields", "InvalidValue", "Fields is not a valid value")
    );
}

/// Arbitrary JSON, nested a few levels.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,40}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map(".{0,12}", inner, 0..8)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

/// Arbitrary values under the names the call knows, so the walk reaches every rule.
fn any_update_body() -> impl Strategy<Value = Value> {
    let names = prop::sample::select(vec![
        "cart",
        "invoiceRecipient",
        "billingAddress",
        "shippingAddress",
        "wishList",
        "newsletterLists",
        "privacyConsents",
        "firstName",
        "country",
        "name",
        "email",
    ]);
    let value = prop_oneof![
        any_json(),
        prop::collection::btree_map(
            prop::sample::select(vec![
                "firstName",
                "city",
                "country",
                "name",
                "street1",
                "email",
                "stateProv"
            ]),
            any_json(),
            0..6
        )
        .prop_map(|members| json!(members)),
        prop::collection::vec(any::<i64>(), 0..5).prop_map(|ids| json!(ids)),
    ];
    prop::collection::btree_map(names, value, 0..8)
        .prop_map(|members| json!({ "customer": members }))
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), "[a-zA-Zé日🦀 ]{1,12}"]
}

fn any_shipping_address() -> impl Strategy<Value = ShippingAddress> {
    (
        any_text(),
        any_text(),
        any_text(),
        any_text(),
        any_text(),
        any_text(),
        any_text(),
    )
        .prop_map(
            |(name, street1, street2, city, postal_code, state_prov, country)| ShippingAddress {
                name,
                street1,
                street2,
                city,
                postal_code,
                state_prov,
                country,
            },
        )
}

fn any_billing_address() -> impl Strategy<Value = BillingAddress> {
    (
        (
            any_text(),
            any_text(),
            any_text(),
            any_text(),
            any_text(),
            any_text(),
            any_text(),
            any_text(),
        ),
        (
            any_text(),
            any_text(),
            any_text(),
            any_text(),
            any_text(),
            any_text(),
            any_text(),
            any_text(),
        ),
    )
        .prop_map(
            |((a, b, c, d, e, f, g, h), (i, j, k, l, m, n, o, email))| BillingAddress {
                first_name: a,
                last_name: b,
                personal_code: c,
                company_name: d,
                company_code: e,
                company_code2: f,
                street1: g,
                street2: h,
                city: i,
                postal_code: j,
                state_prov: k,
                country: l,
                phone_number: m,
                mobile_number: n,
                fax_number: o,
                email,
            },
        )
}

/// A set of ids without duplicates, in any order.
fn any_ids<T: Arbitrary + Ord + Copy>() -> impl Strategy<Value = Vec<T>> {
    prop::collection::btree_set(any::<T>(), 0..5)
        .prop_flat_map(|set| Just(set.into_iter().collect::<Vec<T>>()).prop_shuffle())
}

fn any_customer() -> impl Strategy<Value = Customer> {
    (
        prop::option::of("[a-zA-Z0-9]{32}"),
        any_text(),
        any_billing_address(),
        prop::option::of(any_shipping_address()),
        any_ids::<u32>(),
        any_ids::<u32>(),
        any_ids::<u8>(),
    )
        .prop_map(
            |(
                cart,
                invoice_recipient,
                billing_address,
                shipping_address,
                wish_list,
                newsletter_lists,
                privacy_consents,
            )| Customer {
                cart,
                invoice_recipient,
                billing_address,
                shipping_address,
                wish_list,
                newsletter_lists,
                privacy_consents,
            },
        )
}

fn any_update() -> impl Strategy<Value = CustomerUpdate> {
    let patch_text = || prop::option::of(any_text());
    (
        prop_oneof![
            Just(Patch::Absent),
            Just(Patch::Null),
            "[a-z0-9]{32}".prop_map(Patch::Value)
        ],
        patch_text(),
        prop::option::of((patch_text(), patch_text(), patch_text()).prop_map(
            |(first_name, city, country)| BillingAddressUpdate {
                first_name,
                city,
                country,
                ..Default::default()
            },
        )),
        prop_oneof![
            Just(Patch::Absent),
            Just(Patch::Null),
            (patch_text(), patch_text()).prop_map(|(name, street2)| Patch::Value(
                ShippingAddressUpdate {
                    name,
                    street2,
                    ..Default::default()
                }
            )),
        ],
        prop::option::of(prop::collection::vec(any::<u32>(), 0..5)),
        prop::option::of(prop::collection::vec(any::<u32>(), 0..5)),
        prop::option::of(prop::collection::vec(any::<u8>(), 0..5)),
    )
        .prop_map(
            |(
                cart,
                invoice_recipient,
                billing_address,
                shipping_address,
                wish_list,
                newsletter_lists,
                privacy_consents,
            )| CustomerUpdate {
                cart,
                invoice_recipient,
                billing_address,
                shipping_address,
                wish_list,
                newsletter_lists,
                privacy_consents,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn validate_never_panics_on_any_json(body in any_json()) {
        let outcome = validate(&body, Some(&stored()), &context());
        prop_assert_eq!(outcome.response.status, 200);
        let _ = validate(&body, None, &Context::default());
    }

    #[test]
    fn validate_agrees_with_its_violations(body in any_update_body()) {
        for (stored, context) in [(Some(stored()), context()), (None, Context::default())] {
            let outcome = validate(&body, stored.as_ref(), &context);
            let decided = outcome.violations.iter().find(|violation| !violation.needs_context);
            match decided {
                None => prop_assert_eq!(&outcome.response.body, &ok()),
                Some(first) => prop_assert_eq!(&outcome.response.body["error"]["description"], &json!(first.message)),
            }
        }
    }

    #[test]
    fn respond_never_panics_on_any_body(body in any_json(), raw in ".{0,60}") {
        for path in [UPDATE_CUSTOMER_PATH, CUSTOMER_PATH] {
            let mut json_request = request("POST", path, Some("key-1"), "");
            json_request.raw = None;
            json_request.body = Some(body.clone());
            let exchange = respond(&shop(), &json_request);
            prop_assert_eq!(exchange.response.status, 200);
            let exchange = respond(&shop(), &request("POST", path, Some("key-1"), &raw));
            prop_assert_eq!(exchange.response.status, 200);
        }
    }

    #[test]
    fn an_accepted_update_is_stored_as_merged(body in any_update_body()) {
        let mut json_request = request("POST", UPDATE_CUSTOMER_PATH, Some("key-1"), "");
        json_request.raw = None;
        json_request.body = Some(body.clone());
        let exchange = respond(&shop(), &json_request);
        let outcome = validate(&body, Some(&stored()), &context());
        prop_assert_eq!(&exchange.response, &outcome.response);
        prop_assert_eq!(exchange.updated.is_some(), outcome.is_accepted());
        if let Some(account) = exchange.updated {
            let request: Result<UpdateCustomerRequest, _> = serde_json::from_value(body);
            prop_assert!(request.is_ok());
            let update = request.unwrap_or_default().customer;
            prop_assert_eq!(account.customer, merge(&stored(), &update));
        }
    }

    #[test]
    fn merge_never_loses_an_untouched_field(before in any_customer(), update in any_update()) {
        let after = merge(&before, &update);
        prop_assert_eq!(&after.billing_address.email, &before.billing_address.email);
        if update.cart.is_absent() { prop_assert_eq!(&after.cart, &before.cart); }
        if update.invoice_recipient.is_none() { prop_assert_eq!(&after.invoice_recipient, &before.invoice_recipient); }
        match &update.billing_address {
            None => prop_assert_eq!(&after.billing_address, &before.billing_address),
            Some(billing) => {
                if billing.last_name.is_none() { prop_assert_eq!(&after.billing_address.last_name, &before.billing_address.last_name); }
                if billing.city.is_none() { prop_assert_eq!(&after.billing_address.city, &before.billing_address.city); }
            }
        }
        if update.shipping_address.is_absent() { prop_assert_eq!(&after.shipping_address, &before.shipping_address); }
        if let (Patch::Value(shipping), Some(stored)) = (&update.shipping_address, &before.shipping_address) {
            let merged = after.shipping_address.clone().unwrap_or_default();
            prop_assert_eq!(&merged.city, &stored.city);
            if shipping.name.is_none() { prop_assert_eq!(&merged.name, &stored.name); }
        }
        if update.wish_list.is_none() { prop_assert_eq!(&after.wish_list, &before.wish_list); }
        if update.newsletter_lists.is_none() { prop_assert_eq!(&after.newsletter_lists, &before.newsletter_lists); }
        if update.privacy_consents.is_none() { prop_assert_eq!(&after.privacy_consents, &before.privacy_consents); }
    }

    #[test]
    fn merge_of_diff_reaches_the_target(before in any_customer(), mut after in any_customer()) {
        after.billing_address.email.clone_from(&before.billing_address.email);
        prop_assert_eq!(merge(&before, &diff(&before, &after)), after);
    }

    #[test]
    fn diff_of_a_merge_rebuilds_it(before in any_customer(), update in any_update()) {
        let after = merge(&before, &update);
        let smallest = diff(&before, &after);
        prop_assert_eq!(merge(&before, &smallest), after.clone());
        prop_assert_eq!(diff(&after, &after), CustomerUpdate::default());
    }

    #[test]
    fn diff_of_valid_customers_is_a_valid_json_update(before in any_customer(), after in any_customer()) {
        let update = diff(&before, &after);
        let json = serde_json::to_value(&update).unwrap_or_default();
        let back: Result<CustomerUpdate, _> = serde_json::from_value(json);
        prop_assert_eq!(back.ok(), Some(update));
    }
}

#[test]
fn typed_updates_read_ids_as_the_shop_does() {
    let update: UpdateCustomerRequest =
        serde_json::from_str(r#"{"customer":{"wishList":[1.8e1,340.0],"privacyConsents":[4.0]}}"#)
            .expect("whole numbers in any notation are ids");
    assert_eq!(update.customer.wish_list, Some(vec![18, 340]));
    assert_eq!(update.customer.privacy_consents, Some(vec![4]));
    for refused in [
        r#"{"customer":{"wishList":[18.5]}}"#,
        r#"{"customer":{"wishList":[-1]}}"#,
        r#"{"customer":{"privacyConsents":[256]}}"#,
        r#"{"customer":{"newsletterLists":["5"]}}"#,
    ] {
        assert!(
            serde_json::from_str::<UpdateCustomerRequest>(refused).is_err(),
            "{refused}"
        );
    }
}
