//! Scenario tests of the public API (the reference sheet's tables), configuration and version
//! profiles, missing context, and property tests of merge, diff and "never panics".

use proptest::prelude::*;
use serde_json::{Value, json};

use super::*;

fn clock() -> Clock {
    Clock {
        today: Date::parse_iso("2026-06-15").unwrap(),
        now: String::from("2026-06-15 12:00:00"),
    }
}

fn jane() -> StoredCustomer {
    StoredCustomer {
        id: 1,
        default_billing: Some(1),
        default_shipping: Some(1),
        dob: Some(String::from("1990-01-15")),
        email: String::from("jane.doe@example.com"),
        firstname: String::from("Jane"),
        lastname: String::from("Doe"),
        gender: Some(2),
        addresses: vec![StoredAddress {
            id: 1,
            region: Some(String::from("Texas")),
            region_code: Some(String::from("TX")),
            region_id: Some(57),
            country_id: Some(String::from("US")),
            street: vec![String::from("123 Main St")],
            telephone: Some(String::from("512-555-0100")),
            postcode: Some(String::from("78701")),
            city: Some(String::from("Austin")),
            firstname: Some(String::from("Jane")),
            lastname: Some(String::from("Doe")),
            ..StoredAddress::default()
        }],
        ..StoredCustomer::default()
    }
}

/// Everything decidable: no other customer, the install groups.
fn known() -> Context {
    Context {
        customers: Some(vec![jane()]),
        email_taken: None,
        groups: Some(vec![0, 1, 2, 3]),
        websites: Some(vec![0, 1]),
        stores: Some(vec![0, 1]),
        directory: Directory::default(),
    }
}

fn check(body: Value, config: &Config) -> Outcome {
    validate(&body, Some(&jane()), config, &known(), &clock())
}

fn message(outcome: &Outcome) -> &str {
    outcome.response.body["message"].as_str().unwrap_or("")
}

fn customer_field(field: &str, value: Value) -> Value {
    json!({ "customer": { field: value } })
}

fn address_field(field: &str, value: Value) -> Value {
    json!({ "customer": { "addresses": [{ "id": 1, field: value }] } })
}

#[test]
fn disagreement_table_server_side() {
    // Reference §6, the PHP (M248) column, row by row.
    let config = Config::default();
    let invalid_email = |email: &str| {
        let outcome = check(customer_field("email", json!(email)), &config);
        outcome.response.status == 400
    };
    assert!(invalid_email("a,b@example.com"));
    assert!(!invalid_email("\"quoted\"@example.com"));
    for email in [
        "manna@gmail.com1",
        "user@example.c0m",
        "user@example.123",
        "user@sub_domain.example.com",
    ] {
        assert!(!invalid_email(email), "{email}");
    }
    for email in ["user@-example.com", "user@ab--cd.com", "user@xn--ls8h.la"] {
        assert!(invalid_email(email), "{email}");
    }
    assert!(invalid_email(&format!("{}@example.com", "a".repeat(65))));
    assert!(invalid_email(&format!("user@{}.com", "a".repeat(64))));
    // Names.
    assert!(check(customer_field("firstname", json!("   ")), &config).is_accepted());
    for name in ["John<", "Bob@home"] {
        assert_eq!(
            message(&check(customer_field("firstname", json!(name)), &config)),
            "First Name is not valid!"
        );
    }
    assert!(check(customer_field("firstname", json!("<<<")), &config).is_accepted());
    // Cities and telephones.
    for city in ["St. Louis", "Area 51", "Brighton & Hove"] {
        assert_eq!(
            message(&check(address_field("city", json!(city)), &config)),
            "Invalid City. Please use A-Z, a-z, 0-9, -, ', spaces"
        );
    }
    for telephone in ["555-1234 ext 5", "050/11.22.33"] {
        assert_eq!(
            message(&check(
                address_field("telephone", json!(telephone)),
                &config
            )),
            "Invalid Phone Number. Please use 0-9, +, -, (, ) and space."
        );
    }
    assert!(check(address_field("telephone", json!("aaaa")), &config).is_accepted());
    // Address firstname "   ": NotEmpty treats whitespace as empty.
    let outcome = check(address_field("firstname", json!("   ")), &config);
    assert_eq!(
        outcome.response.body,
        json!({"message":"\"%fieldName\" is required. Enter and try again.","parameters":{"fieldName":"firstname"}})
    );
    // dob: digits are a timestamp; today passes, tomorrow fails (store-timezone today).
    let merged = merge(
        &jane(),
        &read_request(
            &customer_field("dob", json!("19900115")),
            &Profile::default(),
        )
        .unwrap(),
        &config,
        &clock(),
    );
    assert_eq!(merged.dob.as_deref(), Some("1970-08-19"));
    assert!(check(customer_field("dob", json!("2026-06-15")), &config).is_accepted());
    assert!(!check(customer_field("dob", json!("2026-06-16")), &config).is_accepted());
    // dob_show=req is not enforced on this endpoint (dob is on the EAV ignore list).
    let mut dob_required = Config::default();
    dob_required.values.insert(
        String::from("customer/address/dob_show"),
        String::from("req"),
    );
    let no_dob = StoredCustomer {
        dob: None,
        ..jane()
    };
    assert!(
        validate(
            &json!({"customer": {}}),
            Some(&no_dob),
            &dob_required,
            &known(),
            &clock()
        )
        .is_accepted()
    );
    // Postcodes: no format check; empty only for the optional-zip countries.
    assert!(check(address_field("postcode", json!("!!!")), &config).is_accepted());
    assert_eq!(
        check(address_field("postcode", json!("")), &config)
            .response
            .body["parameters"],
        json!({"fieldName": "postcode"})
    );
    for country in ["HK", "IE", "MO", "PA", "GB"] {
        let body = json!({"customer": {"addresses": [{"id": 1, "country_id": country, "postcode": "", "region_id": 0}]}});
        assert!(check(body, &config).is_accepted(), "{country}");
    }
    // taxvat 60 chars: accepted, stored cut to 50.
    let request = read_request(
        &customer_field("taxvat", json!("T".repeat(60))),
        &Profile::default(),
    )
    .unwrap();
    assert!(check(customer_field("taxvat", json!("T".repeat(60))), &config).is_accepted());
    assert_eq!(
        merge(&jane(), &request, &config, &clock())
            .taxvat
            .map(|t| t.len()),
        Some(50)
    );
}

#[test]
fn violations_list_every_problem_with_paths() {
    let outcome = check(
        json!({"customer": {"group_id": 99, "firstname": "J<", "addresses": [{"id": 1, "city": "Area 51"}]}}),
        &Config::default(),
    );
    assert_eq!(
        message(&outcome),
        "The specified customer group id does not exist."
    );
    let paths: Vec<&str> = outcome.violations.iter().map(|v| v.path.as_str()).collect();
    assert_eq!(
        paths,
        vec![
            "customer.group_id",
            "customer.firstname",
            "customer.addresses[0].city"
        ]
    );
    assert!(outcome.violations.iter().all(|v| !v.needs_context));
    assert_eq!(outcome.violations[1].message, "First Name is not valid!");
}

#[test]
fn eav_violations_keep_template_and_parameters() {
    let outcome = check(customer_field("firstname", json!("")), &Config::default());
    let violation = &outcome.violations[0];
    assert_eq!(violation.template, "\"%1\" is a required value.");
    assert_eq!(violation.parameters, json!(["First Name"]));
    assert_eq!(violation.message, "\"First Name\" is a required value.");
}

#[test]
fn missing_context_is_reported_not_guessed() {
    let outcome = validate(
        &json!({"customer": {"email": "new@example.com", "group_id": 2, "addresses": [{"id": 1}, {"id": 7}]}}),
        Some(&jane()),
        &Config::default(),
        &Context::default(),
        &clock(),
    );
    let unknown: Vec<&str> = outcome
        .violations
        .iter()
        .filter(|v| v.needs_context)
        .map(|v| v.path.as_str())
        .collect();
    assert_eq!(
        unknown,
        vec![
            "customer.group_id",
            "customer.email",
            "customer.addresses[1].id"
        ]
    );
    assert!(!outcome.is_accepted());
    // An answer given by the caller decides the check.
    let context = Context {
        email_taken: Some(true),
        groups: Some(vec![1, 2]),
        ..Context::default()
    };
    let outcome = validate(
        &json!({"customer": {"email": "new@example.com"}}),
        Some(&jane()),
        &Config::default(),
        &context,
        &clock(),
    );
    assert_eq!(
        message(&outcome),
        "A customer with the same email address already exists in an associated website."
    );
}

#[test]
fn regions_of_patched_countries_need_context() {
    let body =
        json!({"customer": {"addresses": [{"id": 1, "country_id": "IT", "region_id": 999}]}});
    let outcome = check(body.clone(), &Config::default());
    assert!(
        outcome
            .violations
            .iter()
            .any(|v| v.needs_context && v.path == "customer.addresses[0].region_id")
    );
    let mut context = known();
    context.directory.regions.insert(
        String::from("IT"),
        vec![Region {
            id: 700,
            code: String::from("RM"),
            name: String::from("Roma"),
        }],
    );
    let outcome = validate(&body, Some(&jane()), &Config::default(), &context, &clock());
    assert_eq!(
        outcome.response.body["parameters"],
        json!({"fieldName": "regionId", "value": "999"})
    );
    // No region id is Magento's `0`: never "required", even where the state is required.
    let without_id =
        json!({"customer": {"addresses": [{"id": 1, "country_id": "IT", "region_id": 0}]}});
    let outcome = validate(
        &without_id,
        Some(&jane()),
        &Config::default(),
        &context,
        &clock(),
    );
    assert_eq!(outcome.response.status, 200, "{:?}", outcome.response.body);
}

#[test]
fn configuration_changes_the_rules() {
    let mut config = Config::default();
    config.values.insert(
        String::from("customer/address/middlename_show"),
        String::from("req"),
    );
    config.values.insert(
        String::from("customer/labels/lastname"),
        String::from("Surname"),
    );
    let outcome = check(
        json!({"customer": {"lastname": "", "addresses": null}}),
        &config,
    );
    assert_eq!(
        message(&outcome),
        "\"Middle Name/Initial\" is a required value.\n\"Surname\" is a required value."
    );
    // Telephone optional: a new address without one is accepted.
    let mut config = Config::default();
    config.values.insert(
        String::from("customer/address/telephone_show"),
        String::from("opt"),
    );
    assert!(check(address_field("telephone", json!("")), &config).is_accepted());
    // Three street lines allowed.
    config.values.insert(
        String::from("customer/address/street_lines"),
        String::from("3"),
    );
    assert!(check(address_field("street", json!(["a", "b", "c"])), &config).is_accepted());
    // Global account sharing: an email of another website is taken.
    let mut config = Config::default();
    config.values.insert(
        String::from("customer/account_share/scope"),
        String::from("0"),
    );
    let other = StoredCustomer {
        id: 9,
        email: String::from("eve@example.com"),
        website_id: 2,
        ..StoredCustomer::default()
    };
    let context = Context {
        customers: Some(vec![jane(), other]),
        ..known()
    };
    let outcome = validate(
        &customer_field("email", json!("eve@example.com")),
        Some(&jane()),
        &config,
        &context,
        &clock(),
    );
    assert_eq!(outcome.response.status, 400);
}

#[test]
fn release_2_4_7_profile() {
    let config = Config::install_defaults("2.4.7".parse().expect("a known release"));
    // No address City/Telephone/Name validators, no Dob validator.
    assert!(check(address_field("city", json!("St. Louis")), &config).is_accepted());
    assert!(check(address_field("firstname", json!("J<")), &config).is_accepted());
    assert!(check(customer_field("dob", json!("2030-01-01")), &config).is_accepted());
    // The customer Name validator exists in 2.4.7 too.
    assert_eq!(
        message(&check(customer_field("firstname", json!("J<")), &config)),
        "First Name is not valid!"
    );
    // #38878: the default-address check reads the request's addresses.
    let body = json!({"customer": {"addresses": [{"firstname": "Jane", "lastname": "Doe", "street": ["1 A St"], "city": "Austin", "country_id": "US", "region_id": 57, "postcode": "78701", "telephone": "1"}]}});
    assert_eq!(
        check(body.clone(), &config).response.body,
        json!({"message": "The %fieldName value is invalid. Set the correct value and try again.", "parameters": {"fieldName": "default_billing"}})
    );
    assert!(check(body.clone(), &Config::default()).is_accepted());
    // 2.4.7-p4 reads the stored customer's addresses, as 2.4.8 does.
    let p4 = Config::install_defaults("2.4.7-p4".parse().expect("a known release"));
    assert!(check(body, &p4).is_accepted());
}

#[test]
fn respond_covers_routing_auth_and_reads() {
    let shop = Shop {
        admin_tokens: vec![String::from("t")],
        customers: vec![jane()],
        ..Shop::default()
    };
    let request = |method: &str, path: &str, body: Option<Value>| {
        HttpRequestBuilder {
            method: method.to_string(),
            path: path.to_string(),
            body,
        }
        .build()
    };
    let exchange = respond(
        &shop,
        &request("GET", "/rest/default/V1/customers/1", None),
        &clock(),
    );
    assert_eq!(exchange.response.status, 200);
    assert_eq!(exchange.response.body["email"], "jane.doe@example.com");
    let exchange = respond(
        &shop,
        &request(
            "PUT",
            "/rest/default/V1/customers/1",
            Some(json!({"customer": {"firstname": "Janet"}})),
        ),
        &clock(),
    );
    assert_eq!(exchange.response.status, 200);
    let updated = exchange.updated.unwrap();
    assert_eq!(updated.firstname, "Janet");
    assert_eq!(updated.updated_at, "2026-06-15 12:00:00");
    let exchange = respond(
        &shop,
        &request("DELETE", "/rest/default/V1/customers/1", None),
        &clock(),
    );
    assert_eq!(exchange.response.body, json!(true));
    assert_eq!(exchange.deleted, Some(1));
}

#[test]
fn respond_creates_a_customer_without_path_id() {
    let shop = Shop {
        admin_tokens: vec![String::from("t")],
        customers: vec![jane()],
        ..Shop::default()
    };
    let request = HttpRequestBuilder {
        method: String::from("PUT"),
        path: String::from("/rest/default/V1/customers/abc"),
        body: Some(json!({"customer": {"email": "new@example.com", "firstname": "New", "lastname": "Person"}})),
    }
    .build();
    let exchange = respond(&shop, &request, &clock());
    assert_eq!(exchange.response.status, 200, "{}", exchange.response.body);
    let created = exchange.updated.unwrap();
    assert_eq!(created.id, 2);
    assert_eq!(created.email, "new@example.com");
    assert_eq!(created.created_at, "2026-06-15 12:00:00");
}

/// `InputParamsResolver::filterInputData` applies at every depth: in an address, `City` after
/// `city` is dropped, so it neither overrides the city nor fails as an unknown field.
#[test]
fn duplicate_keys_are_filtered_at_every_depth() {
    let body = json!({"customer": {
        "addresses": [{"id": 1, "city": "Dallas", "City": "Houston"}],
        "lastname": "Roe", "lastName": "Moe",
    }});
    let outcome = check(body.clone(), &Config::default());
    assert_eq!(outcome.response.status, 200, "{}", outcome.response.body);
    assert_eq!(outcome.response.body["addresses"][0]["city"], "Dallas");
    assert_eq!(outcome.response.body["lastname"], "Roe");

    let shop = Shop {
        admin_tokens: vec![String::from("t")],
        customers: vec![jane()],
        ..Shop::default()
    };
    let put = |path: &str| {
        let request = HttpRequestBuilder {
            method: String::from("PUT"),
            path: path.to_string(),
            body: Some(body.clone()),
        }
        .build();
        respond(&shop, &request, &clock()).updated.unwrap()
    };
    let saved = put("/rest/default/V1/customers/1");
    assert_eq!(saved.addresses[0].city.as_deref(), Some("Dallas"));
    assert_eq!(saved.lastname, "Roe");
    // A query parameter joins the top level before the filter.
    let saved = put("/rest/default/V1/customers/1?password_hash=h");
    assert_eq!(saved.addresses[0].city.as_deref(), Some("Dallas"));
    assert_eq!(saved.password_hash.as_deref(), Some("h"));
}

struct HttpRequestBuilder {
    method: String,
    path: String,
    body: Option<Value>,
}

impl HttpRequestBuilder {
    fn build(self) -> crate::HttpRequest {
        let mut headers = std::collections::BTreeMap::new();
        headers.insert(String::from("Authorization"), String::from("Bearer t"));
        headers.insert(
            String::from("Content-Type"),
            String::from("application/json"),
        );
        crate::HttpRequest {
            method: self.method,
            path: self.path,
            headers,
            body: self.body,
            raw: None,
        }
    }
}

// ---------- property tests ----------

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        (-1e9f64..1e9).prop_map(|f| json!(f)),
        "[a-z_<>@. 0-9]{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("firstname"),
            Just("1990-02-30"),
            Just("<script>x</script>"),
            Just("user@exämple.com"),
            Just("xn--"),
            Just("12.7"),
        ]
        .prop_map(|s| Value::String(s.to_string())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just(String::from("customer")),
                        Just(String::from("addresses")),
                        Just(String::from("firstname")),
                        Just(String::from("group_id")),
                        Just(String::from("street")),
                        Just(String::from("region")),
                        Just(String::from("id")),
                        Just(String::from("email")),
                        Just(String::from("dob")),
                        Just(String::from("custom_attributes")),
                        Just(String::from("extension_attributes")),
                        "[a-zA-Z_]{1,10}",
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

fn text() -> impl Strategy<Value = String> {
    "[A-Za-z]{1,8}"
}

fn optional_text() -> impl Strategy<Value = Option<String>> {
    prop::option::of(text())
}

fn address(id: i64) -> impl Strategy<Value = StoredAddress> {
    (
        text(),
        text(),
        prop::collection::vec(text(), 1..3),
        text(),
        optional_text(),
        optional_text(),
        prop_oneof![Just("GB"), Just("FR"), Just("NL")],
    )
        .prop_map(
            move |(firstname, lastname, street, city, company, telephone, country)| StoredAddress {
                id,
                country_id: Some(country.to_string()),
                street,
                company,
                telephone,
                postcode: Some(String::from("1000")),
                city: Some(city),
                firstname: Some(firstname),
                lastname: Some(lastname),
                ..StoredAddress::default()
            },
        )
}

fn stored_customer() -> impl Strategy<Value = StoredCustomer> {
    (
        (
            text(),
            text(),
            optional_text(),
            optional_text(),
            optional_text(),
        ),
        (prop::option::of(1i64..=3), 0i64..4, any::<bool>(), 0i64..2),
        prop::collection::vec(any::<bool>(), 0..4),
        (prop::option::of(0usize..4), prop::option::of(0usize..4)),
    )
        .prop_flat_map(
            |(
                (firstname, lastname, middlename, prefix, taxvat),
                (gender, group, subscribed, flag),
                slots,
                (billing, shipping),
            )| {
                let ids: Vec<i64> = slots
                    .iter()
                    .enumerate()
                    .filter(|(_, keep)| **keep)
                    .map(|(index, _)| i64::try_from(index).unwrap() + 1)
                    .collect();
                let addresses: Vec<_> = ids.iter().map(|id| address(*id)).collect();
                (
                    Just((firstname, lastname, middlename, prefix, taxvat)),
                    Just((gender, group, subscribed, flag)),
                    addresses,
                    Just((billing, shipping)),
                )
            },
        )
        .prop_map(
            |(
                (firstname, lastname, middlename, prefix, taxvat),
                (gender, group, subscribed, flag),
                addresses,
                (billing, shipping),
            )| {
                let pick = |slot: Option<usize>| slot.and_then(|i| addresses.get(i)).map(|a| a.id);
                StoredCustomer {
                    id: 1,
                    group_id: group,
                    default_billing: pick(billing),
                    default_shipping: pick(shipping),
                    email: format!("{}@example.com", firstname.to_lowercase()),
                    firstname,
                    lastname,
                    middlename,
                    prefix,
                    taxvat,
                    gender,
                    is_subscribed: subscribed,
                    disable_auto_group_change: flag,
                    updated_at: String::from("2026-06-15 12:00:00"),
                    addresses,
                    ..StoredCustomer::default()
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn validate_and_respond_never_panic(body in json_value()) {
        let _ = validate(&body, Some(&jane()), &Config::default(), &known(), &clock());
        let _ = validate(&body, Some(&jane()), &Config::default(), &Context::default(), &clock());
        let wrapped = json!({ "customer": body.clone() });
        let _ = validate(&wrapped, Some(&jane()), &Config::default(), &known(), &clock());
        let shop = Shop { admin_tokens: vec![String::from("t")], customers: vec![jane()], ..Shop::default() };
        let request = HttpRequestBuilder {
            method: String::from("PUT"),
            path: String::from("/rest/default/V1/customers/1"),
            body: Some(wrapped),
        }.build();
        let _ = respond(&shop, &request, &clock());
    }

    #[test]
    fn merge_never_loses_an_untouched_field(stored in stored_customer(), name in text()) {
        let request = read_request(&json!({"customer": {"lastname": name.clone()}}), &Profile::default()).unwrap();
        let merged = merge(&stored, &request, &Config::default(), &clock());
        let expected = StoredCustomer { lastname: name, ..stored.clone() };
        prop_assert_eq!(merged, expected);
    }

    #[test]
    fn merge_of_diff_stores_the_target(before in stored_customer(), after in stored_customer()) {
        // The shop numbers new addresses after the highest id and stamps updated_at.
        let request = diff(&before, &after);
        let body = serde_json::to_value(&request).unwrap();
        let read = read_request(&body, &Profile::default()).unwrap();
        prop_assert_eq!(&read, &request);
        let merged = merge(&before, &read, &Config::default(), &clock());
        let mut expected = after.clone();
        expected.created_at = before.created_at.clone();
        // A gender cannot be removed through this endpoint (null is a no-op).
        if expected.gender.is_none() {
            expected.gender = before.gender;
        }
        let highest = before.addresses.iter().map(|a| a.id).max().unwrap_or(0);
        let mut next = highest;
        let mut renumber = std::collections::BTreeMap::new();
        for address in &mut expected.addresses {
            if !before.addresses.iter().any(|a| a.id == address.id) {
                next += 1;
                renumber.insert(address.id, next);
                address.id = next;
            }
        }
        for default in [&mut expected.default_billing, &mut expected.default_shipping] {
            if let Some(id) = default.as_mut()
                && let Some(new_id) = renumber.get(id)
            {
                *id = *new_id;
            }
        }
        expected.addresses.sort_by_key(|a| a.id);
        prop_assert_eq!(merged, expected);
    }
}

#[test]
fn read_request_rejections_name_the_field() {
    let outcome = read_request(
        &json!({"customer": {"addresses": [{"street": 5}]}}),
        &Profile::default(),
    )
    .unwrap_err();
    assert_eq!(outcome.response.status, 400);
    assert_eq!(outcome.violations.len(), 1);
    assert_eq!(outcome.violations[0].path, "customer.addresses[0].street");
    let outcome = read_request(
        &json!({"customer": {"firstName": "x"}}),
        &Profile::default(),
    )
    .unwrap_err();
    assert_eq!(outcome.violations[0].path, "customer.firstName");
    assert_eq!(
        outcome.violations[0].message,
        "\"FirstName\" is not supported. Correct the field name and try again."
    );
}

#[test]
fn absent_null_and_empty_round_trip_through_serde() {
    let request = read_request(
        &json!({"customer": {"middlename": null, "prefix": ""}}),
        &Profile::default(),
    )
    .unwrap();
    let json = serde_json::to_value(&request).unwrap();
    assert_eq!(
        json,
        json!({"customer": {"middlename": null, "prefix": ""}})
    );
    let back: SaveRequest = serde_json::from_value(json).unwrap();
    assert_eq!(back, request);
}

#[test]
fn violations_stop_at_the_cap_and_the_answer_stays_exact() {
    let addresses: Vec<Value> = (0..5_000).map(|_| json!({})).collect();
    let body = json!({"customer": {"addresses": addresses}});
    let outcome = validate(&body, Some(&jane()), &Config::default(), &known(), &clock());
    assert_eq!(outcome.violations.len(), crate::MAX_VIOLATIONS);
    assert!(outcome.violations_cut);
    assert_eq!(outcome.response.status, 400);
    // The first empty address is the one the shop refuses.
    assert_eq!(
        outcome.response.body["errors"][0]["parameters"],
        json!({"fieldName": "firstname"})
    );
    let few = json!({"customer": {"addresses": [{}, {}]}});
    let outcome = validate(&few, Some(&jane()), &Config::default(), &known(), &clock());
    assert!(!outcome.violations_cut);
    assert!(outcome.violations.len() < crate::MAX_VIOLATIONS);
}

#[test]
fn a_required_field_does_not_hide_the_other_problems_of_its_address() {
    let body =
        json!({"customer": {"addresses": [{"id": 1, "firstname": "", "city": "St. Louis"}]}});
    let outcome = check(body, &Config::default());
    // The shop answers with stage E2 alone ...
    assert_eq!(
        outcome.response.body,
        json!({"message": "\"%fieldName\" is required. Enter and try again.", "parameters": {"fieldName": "firstname"}})
    );
    // ... and the form learns about the city too, once per field.
    let paths: Vec<(&str, &str)> = outcome
        .violations
        .iter()
        .map(|v| (v.path.as_str(), v.message.as_str()))
        .collect();
    assert_eq!(
        paths,
        [
            (
                "customer.addresses[0].firstname",
                "\"firstname\" is required. Enter and try again."
            ),
            (
                "customer.addresses[0].city",
                "Invalid City. Please use A-Z, a-z, 0-9, -, ', spaces"
            ),
        ]
    );
}

#[test]
fn without_the_stored_customer_the_body_values_are_still_checked() {
    let validate_alone =
        |body: Value| validate(&body, None, &Config::default(), &known(), &clock());
    let decided = |outcome: &Outcome| -> Vec<(String, String)> {
        outcome
            .violations
            .iter()
            .filter(|v| !v.needs_context)
            .map(|v| (v.path.clone(), v.message.clone()))
            .collect()
    };
    // The mistakes an export carries are found without any stored customer ...
    let outcome = validate_alone(json!({"customer": {
        "email": "jane.doe@example", "firstname": "J@ne{}", "dob": "2099-01-01"
    }}));
    assert_eq!(outcome.response.status, 400);
    let found = decided(&outcome);
    assert!(
        found.iter().any(|(path, _)| path == "customer.email"),
        "{found:?}"
    );
    assert!(found.contains(&(
        "customer.firstname".into(),
        "First Name is not valid!".into()
    )));
    assert!(found.contains(&(
        "customer.dob".into(),
        "The Date of Birth should not be greater than today.".into()
    )));
    // ... and the fields the body leaves out are not judged: no "required" for them.
    let outcome = validate_alone(json!({"customer": {"lastname": "Smith"}}));
    assert!(decided(&outcome).is_empty(), "{:?}", outcome.violations);
    assert_eq!(outcome.response.status, 200);
    assert_eq!(
        outcome.response.body,
        Value::Null,
        "the stored customer is unknown"
    );
    assert!(
        outcome
            .violations
            .iter()
            .any(|v| v.path == "customer" && v.needs_context)
    );
    // An address named by id is judged on the fields sent; a new one must be complete.
    let outcome = validate_alone(json!({"customer": {"addresses": [
        {"id": 7, "city": "St. Louis"},
        {"city": "Austin"}
    ]}}));
    let found = decided(&outcome);
    assert!(found.contains(&(
        "customer.addresses[0].city".into(),
        "Invalid City. Please use A-Z, a-z, 0-9, -, ', spaces".into()
    )));
    assert!(!found.iter().any(|(path, _)| path.starts_with("customer.addresses[0].") && !path.ends_with(".city")), "{found:?}");
    assert!(
        found
            .iter()
            .any(|(path, _)| path == "customer.addresses[1].firstname"),
        "{found:?}"
    );
}

/// A store view whose dictionary holds `rows` (`source,translation` CSV lines).
fn speaking(profile: &str, rows: &str) -> Config {
    Config {
        dictionary: Some(std::sync::Arc::new(Dictionary::from_packs([rows]).unwrap())),
        ..Config::install_defaults(Profile::parse(profile).unwrap())
    }
}

#[test]
fn a_localized_error_keeps_its_placeholders_and_its_violation_reads_them_filled() {
    let config = speaking(
        "2.4.8-p5",
        "\"\"\"%fieldName\"\" is required. Enter and try again.\",\"\"\"%fieldName\"\" ist erforderlich.\"\n",
    );
    let outcome = check(
        json!({"customer": {"addresses": [{"id": 1, "city": ""}]}}),
        &config,
    );
    assert_eq!(
        outcome.response.body,
        json!({"message": "\"%fieldName\" ist erforderlich.", "parameters": {"fieldName": "city"}})
    );
    let city = &outcome.violations[0];
    assert_eq!(city.message, "\"city\" ist erforderlich.");
    // The template and parameters stay the source's: what a program matches on.
    assert_eq!(
        city.template,
        "\"%fieldName\" is required. Enter and try again."
    );
}

#[test]
fn the_email_rule_translates_its_phrases_but_not_the_label_and_laminas_fills_the_value() {
    let rows = "Email,E-Mail\n\
                \"\"\"%1\"\" is not a valid hostname.\",\"\"\"%1\"\" ist kein gültiger Hostname.\"\n\
                \"'%value%' looks like an IP address, which is not an acceptable format.\",\"'%value%' sieht wie eine IP-Adresse aus.\"\n";
    let outcome = check(
        json!({"customer": {"email": "jane@127.0.0.1"}}),
        &speaking("2.4.8-p5", rows),
    );
    assert_eq!(
        message(&outcome),
        "\"Email\" ist kein gültiger Hostname.\n'127.0.0.1' sieht wie eine IP-Adresse aus."
    );
}

#[test]
fn validator_lines_are_phrases_or_plain_strings_by_release() {
    let rows = "\"Invalid City. The city name is too long. Enter no more than %1 characters.\",\"Stadt zu lang: höchstens %1 Zeichen.\"\n\
                \"Invalid City. Please use A-Z, a-z, 0-9, -, ', spaces\",\"Ungültige Stadt.\"\n\
                \"First Name\",Vorname\n\
                \"\"\"%1\"\" is a required value.\",\"\"\"%1\"\" ist erforderlich.\"\n";
    let long_city = json!({"customer": {"addresses": [{"id": 1, "city": "a".repeat(256)}]}});
    // 2.4.9 (candidate A): `__()` with the limit as its argument.
    let outcome = check(long_city, &speaking("2.4.9", rows));
    assert_eq!(message(&outcome), "Stadt zu lang: höchstens 255 Zeichen.");
    // 2.4.8: a plain string, translated only when it is the whole message.
    let bad_city = |firstname: &str| json!({"customer": {"firstname": firstname, "addresses": [{"id": 1, "city": "Paris!"}]}});
    let config = speaking("2.4.8-p5", rows);
    assert_eq!(
        message(&check(bad_city("Jane"), &config)),
        "Ungültige Stadt."
    );
    let outcome = check(
        json!({"customer": {"firstname": "", "dob": "2099-01-01"}}),
        &config,
    );
    assert_eq!(
        message(&outcome),
        "\"Vorname\" ist erforderlich.\nThe Date of Birth should not be greater than today."
    );
    // Without a dictionary nothing changes.
    assert_eq!(
        message(&check(bad_city("Jane"), &Config::default())),
        "Invalid City. Please use A-Z, a-z, 0-9, -, ', spaces"
    );
}

#[test]
fn a_247_body_that_sets_capital_id_is_saved_without_merging_as_the_shop_saves_it() {
    // `UpdateCustomer` (2.4.7, blob c6207896) skips the merge: the body is the whole customer,
    // so the stored email is not kept and the missing one is refused before the name.
    let body = json!({"customer": {"Id": 1, "firstname": "%fieldNameAnn"}});
    let config = Config::install_defaults(Profile::parse("2.4.7").unwrap());
    assert_eq!(
        message(&check(body.clone(), &config)),
        "The customer email is missing. Enter and try again."
    );
    // Later releases merge it onto the stored customer.
    assert_eq!(
        message(&check(body, &Config::default())),
        "First Name is not valid!"
    );
}
