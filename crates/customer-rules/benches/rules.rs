//! Native speed of the rules on the typical requests of `benches/requests.json`: a whole
//! customer form saved, valid and with mistakes, for each shop. `cargo xtask bench` reads the
//! medians criterion writes and reports them as operations per second on one core.

#![allow(
    missing_docs,
    reason = "criterion's macros write the undocumented entry points"
)]

use criterion::{Criterion, criterion_group, criterion_main};
use customer_rules::magento::{self, Clock, Config, Context, Date, StoredCustomer};
use customer_rules::open2b;
use serde_json::Value;
use std::hint::black_box;

/// The requests every benchmark of the project sends.
const REQUESTS: &str = include_str!("../../../benches/requests.json");

fn field<T: serde::de::DeserializeOwned>(value: &Value, pointer: &str) -> T {
    let found = value
        .pointer(pointer)
        .unwrap_or_else(|| panic!("benches/requests.json has no {pointer}"));
    serde_json::from_value(found.clone())
        .unwrap_or_else(|error| panic!("benches/requests.json {pointer}: {error}"))
}

fn magento(c: &mut Criterion, requests: &Value) {
    let stored: StoredCustomer = field(requests, "/magento/stored");
    let context: Context = field(requests, "/magento/context");
    let today: String = field(requests, "/clock/today");
    let clock = Clock {
        today: Date::parse_iso(&today).expect("clock.today is a date"),
        now: field(requests, "/clock/now"),
    };
    let config = Config::default();
    for case in ["valid", "invalid"] {
        let body: Value = field(requests, &format!("/magento/{case}"));
        let outcome = magento::validate(&body, Some(&stored), &config, &context, &clock);
        assert_eq!(outcome.is_accepted(), case == "valid", "magento {case}");
        c.bench_function(&format!("magento/validate/{case}"), |b| {
            b.iter(|| {
                magento::validate(black_box(&body), Some(&stored), &config, &context, &clock)
            });
        });
    }
    let body: Value = field(requests, "/magento/valid");
    let request =
        magento::read_request(&body, &magento::Profile::default()).expect("the valid body reads");
    c.bench_function("magento/merge", |b| {
        b.iter(|| magento::merge(&stored, black_box(&request), &config, &clock));
    });
    let after = magento::merge(&stored, &request, &config, &clock);
    c.bench_function("magento/diff", |b| {
        b.iter(|| magento::diff(&stored, black_box(&after)));
    });
}

fn open2b(c: &mut Criterion, requests: &Value) {
    let stored: open2b::Customer = field(requests, "/open2b/stored");
    let context: open2b::Context = field(requests, "/open2b/context");
    for case in ["valid", "invalid"] {
        let body: Value = field(requests, &format!("/open2b/{case}"));
        let outcome = open2b::validate(&body, Some(&stored), &context);
        assert_eq!(
            outcome.is_accepted(),
            case == "valid",
            "open2b {case}: {:?}",
            outcome.violations
        );
        c.bench_function(&format!("open2b/validate/{case}"), |b| {
            b.iter(|| open2b::validate(black_box(&body), Some(&stored), &context));
        });
    }
    let request: open2b::UpdateCustomerRequest = field(requests, "/open2b/valid");
    c.bench_function("open2b/merge", |b| {
        b.iter(|| open2b::merge(&stored, black_box(&request.customer)));
    });
    let after = open2b::merge(&stored, &request.customer);
    c.bench_function("open2b/diff", |b| {
        b.iter(|| open2b::diff(&stored, black_box(&after)));
    });
}

/// A language pack of 5,000 rows shaped as public packs write them: quoted source and
/// translation with doubled quotes and placeholders, the module columns, now and then a row over
/// two lines.
fn language_pack() -> String {
    let mut text = String::new();
    for row in 0..5_000 {
        let source = format!("\"\"%fieldName\"\" is required for item {row}. Enter and try again.");
        let translation = format!(
            "\"\"%fieldName\"\" ist für Eintrag {row} erforderlich. Bitte erneut versuchen."
        );
        if row % 50 == 0 {
            text.push_str(&format!(
                "\"{source}\nline two\",\"{translation}\",module,Magento_Customer\n"
            ));
        } else {
            text.push_str(&format!(
                "\"{source}\",\"{translation}\",module,Magento_Customer\n"
            ));
        }
    }
    text
}

fn dictionary(c: &mut Criterion) {
    let pack = language_pack();
    let dictionary = magento::Dictionary::from_packs([pack.as_str()]).expect("the pack reads");
    assert_eq!(dictionary.len(), 5_000);
    c.bench_function("magento/dictionary/5000 rows", |b| {
        b.iter(|| magento::Dictionary::from_packs([black_box(pack.as_str())]));
    });
}

fn rules(c: &mut Criterion) {
    let requests: Value = serde_json::from_str(REQUESTS).expect("benches/requests.json is JSON");
    magento(c, &requests);
    open2b(c, &requests);
    dictionary(c);
}

criterion_group!(benches, rules);
criterion_main!(benches);
