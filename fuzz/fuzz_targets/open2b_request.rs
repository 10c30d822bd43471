//! Any bytes as the body of an Open2b call: the answer never panics, is the same twice, has the
//! spec's shape, only the key's own customer changes, and an accepted update is the merge of
//! the body, which the diff of the change rebuilds.
#![no_main]

use std::sync::LazyLock;

use customer_fuzz::{assert_open2b_shape, open2b_shop};
use customer_rules::{HttpRequest, open2b};
use libfuzzer_sys::fuzz_target;

static SHOP: LazyLock<open2b::Shop> = LazyLock::new(open2b_shop);

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let shop = &*SHOP;
    let path = if selector & 1 == 0 {
        open2b::UPDATE_CUSTOMER_PATH
    } else {
        open2b::CUSTOMER_PATH
    };
    let method = if selector & 2 == 0 { "POST" } else { "PUT" };
    let key = match selector >> 2 & 3 {
        0 | 1 => shop
            .customers
            .get(usize::from(selector >> 2 & 1))
            .map(|a| a.key.clone()),
        2 => Some(String::from("78FzLADvJ3naIe8d/CJQMa")),
        _ => None,
    };
    let mut headers = std::collections::BTreeMap::new();
    if let Some(key) = &key {
        headers.insert(open2b::CUSTOMER_KEY_HEADER.to_owned(), key.clone());
    }
    let request = HttpRequest {
        method: method.to_owned(),
        path: path.to_owned(),
        headers,
        body: None,
        raw: Some(HttpRequest::raw_from_bytes(body)),
    };
    let exchange = open2b::respond(shop, &request);
    assert_eq!(exchange, open2b::respond(shop, &request), "deterministic");
    assert_open2b_shape(path, &exchange.response);
    let stored = key.as_deref().and_then(|key| shop.customer(key));
    if let Some(account) = &exchange.updated {
        assert_eq!(
            Some(&account.key),
            key.as_ref(),
            "a key changed another customer"
        );
        let stored = stored.expect("an update of a known customer");
        // An empty body reads as `{}` (Assumption 1); an accepted one is JSON.
        let json: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
        let outcome = open2b::validate(&json, Some(stored), &shop.context());
        assert!(
            outcome.is_accepted(),
            "respond accepted what validate refuses"
        );
        assert_eq!(outcome.response, exchange.response);
        let update: open2b::UpdateCustomerRequest =
            serde_json::from_value(json).unwrap_or_default();
        assert_eq!(account.customer, open2b::merge(stored, &update.customer));
        let smallest = open2b::diff(stored, &account.customer);
        assert_eq!(open2b::merge(stored, &smallest), account.customer);
    }
    if let Ok(json) = serde_json::from_slice::<serde_json::Value>(body) {
        let outcome = open2b::validate(&json, stored, &shop.context());
        assert_eq!(outcome, open2b::validate(&json, stored, &shop.context()));
        assert_open2b_shape(open2b::UPDATE_CUSTOMER_PATH, &outcome.response);
    }
});
