//! Any bytes as the body of a Magento request, to a shop running one of several profiles (chosen
//! by the body's length), every other one with a German default store view: the answer never
//! panics, is the same twice, has the spec's shape, and an accepted PUT stores what `validate`,
//! `read_request` and `merge` say.
#![no_main]

use std::sync::LazyLock;

use customer_fuzz::{assert_magento_shape, clock, magento_shop};
use customer_rules::{HttpRequest, magento};
use libfuzzer_sys::fuzz_target;

/// Profiles whose rows differ: the webapi layer's reading, the merge rule, the validators.
const PROFILES: [&str; 6] = [
    "2.4.8-p5",
    "2.4.7",
    "2.4.7-p8",
    "2.4.8-p1+ACP2E-4528+ACP2E-4555",
    "2.4.9",
    "2.4.9-candidate-b",
];

/// The German pack excerpt of the conformance fixtures.
const GERMAN: &str = include_str!("../../tests/fixtures/dictionaries/de_DE.csv");

static SHOPS: LazyLock<Vec<magento::Shop>> = LazyLock::new(|| {
    PROFILES
        .iter()
        .enumerate()
        .map(|(index, profile)| {
            let mut shop = magento::Shop {
                version: profile.parse().expect("a known profile"),
                ..magento_shop()
            };
            if index % 2 == 1 {
                for store in &mut shop.stores {
                    store.locale = Some(String::from("de_DE"));
                }
                shop.dictionaries
                    .insert(String::from("de_DE"), vec![String::from("de_DE.csv")]);
                shop.read_dictionaries(|_| Ok(GERMAN.to_owned()))
                    .expect("the German excerpt reads");
            }
            shop
        })
        .collect()
});

const METHODS: [&str; 4] = ["PUT", "PUT", "GET", "DELETE"];
const PATHS: [&str; 6] = [
    "/rest/default/V1/customers/1",
    "/rest/default/V1/customers/2",
    "/rest/all/V1/customers/1",
    "/rest/V1/customers/999",
    "/rest/default/V1/customers/1?customer[firstname]=Q",
    "/rest/default/V1/customers/me",
];
const CONTENT_TYPES: [Option<&str>; 4] = [
    Some("application/json"),
    Some("application/json; charset=utf-8"),
    Some("text/plain"),
    None,
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let Some(shop) = SHOPS.get(body.len() % PROFILES.len()) else {
        return;
    };
    let method = METHODS[usize::from(selector & 3)];
    let path = PATHS[usize::from(selector >> 2) % PATHS.len()];
    let mut headers = std::collections::BTreeMap::new();
    if let Some(content_type) = CONTENT_TYPES[usize::from(selector >> 5) & 3] {
        headers.insert("Content-Type".to_owned(), content_type.to_owned());
    }
    let token = if selector & 0x80 == 0 {
        shop.admin_tokens[0].as_str()
    } else {
        "not-a-token"
    };
    headers.insert("Authorization".to_owned(), format!("Bearer {token}"));
    let request = HttpRequest {
        method: method.to_owned(),
        path: path.to_owned(),
        headers,
        body: None,
        raw: Some(HttpRequest::raw_from_bytes(body)),
    };
    let clock = clock();
    let exchange = magento::respond(shop, &request, &clock);
    assert_eq!(
        exchange,
        magento::respond(shop, &request, &clock),
        "deterministic"
    );
    assert_magento_shape(method, &exchange.response);
    if token == "not-a-token" {
        assert!(
            exchange.updated.is_none() && exchange.deleted.is_none(),
            "unauthorised change"
        );
    }
    if let Some(updated) = &exchange.updated {
        assert_eq!(
            exchange.response.body,
            magento::customer_view(updated, &shop.version)
        );
    }

    // The same body through the library calls a form makes.
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(body) else {
        return;
    };
    let Some(stored) = shop.customers.iter().find(|c| c.id == 1) else {
        return;
    };
    let config = shop.store_config_of(shop.stores.first());
    let context = shop.context();
    let outcome = magento::validate(&json, Some(stored), &config, &context, &clock);
    assert_eq!(
        outcome,
        magento::validate(&json, Some(stored), &config, &context, &clock)
    );
    assert_magento_shape("PUT", &outcome.response);
    // A language changes the words, never the decision or the fields.
    let english = magento::validate(&json, Some(stored), &shop.store_config(), &context, &clock);
    assert_eq!(outcome.response.status, english.response.status);
    let fields = |outcome: &customer_rules::Outcome| -> Vec<(String, String)> {
        outcome
            .violations
            .iter()
            .map(|v| (v.path.clone(), v.template.clone()))
            .collect()
    };
    assert_eq!(fields(&outcome), fields(&english));
    if let Ok(save) = magento::read_request(&json, &config.version) {
        let merged = magento::merge(stored, &save, &config, &clock);
        // The smallest update to what was stored reads back as itself.
        let smallest = magento::diff(stored, &merged);
        let wire = serde_json::to_value(&smallest).expect("a diff serialises");
        assert_eq!(
            magento::read_request(&wire, &config.version).as_ref(),
            Ok(&smallest)
        );
    }
    if path == PATHS[0]
        && method == "PUT"
        && token != "not-a-token"
        && CONTENT_TYPES[usize::from(selector >> 5) & 3] == CONTENT_TYPES[0]
    {
        // The shop's answer to the path's customer is the one `validate` predicts.
        assert_eq!(
            exchange.response, outcome.response,
            "respond and validate disagree"
        );
    }
});
