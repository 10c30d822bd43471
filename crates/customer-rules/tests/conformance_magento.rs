//! Runs every Magento case of `tests/conformance/` through `magento::respond` and compares the
//! answer (status and JSON body) and, when the case has one, `expect_stored`: a partial view of
//! the customer after the request in the `StoredCustomer` shape (the fixture format). The
//! stored customer after a rejected request is the fixture's customer of the path id.
//!
//! "Today" for the date-of-birth rule is the date of the case's `now`; cases take `now` at
//! 12:00 UTC, which is the same date in the fixture's `America/Los_Angeles`.

use std::fs;
use std::path::{Path, PathBuf};

use customer_rules::HttpRequest;
use customer_rules::magento::{self, Clock, Date, Shop};
use serde_json::Value;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn clock(now: &str) -> Clock {
    let (date, time) = now.split_once('T').expect("now is an RFC 3339 UTC time");
    Clock {
        today: Date::parse_iso(date).expect("now starts with a date"),
        now: format!(
            "{date} {}",
            time.trim_end_matches('Z').get(..8).expect("hh:mm:ss")
        ),
    }
}

/// `expected` is contained in `actual`: objects by key, arrays element by element with equal
/// length, scalars equal.
fn subset(expected: &Value, actual: &Value, at: &str, problems: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(expected), Value::Object(actual)) => {
            for (key, value) in expected {
                match actual.get(key) {
                    Some(found) => subset(value, found, &format!("{at}.{key}"), problems),
                    None if value.is_null() => {}
                    None => problems.push(format!("{at}.{key}: missing, expected {value}")),
                }
            }
        }
        (Value::Array(expected), Value::Array(actual)) if expected.len() == actual.len() => {
            for (index, (e, a)) in expected.iter().zip(actual).enumerate() {
                subset(e, a, &format!("{at}[{index}]"), problems);
            }
        }
        _ if expected == actual => {}
        _ => problems.push(format!("{at}: expected {expected}, got {actual}")),
    }
}

fn path_customer_id(path: &str) -> Option<i64> {
    path.split('?').next()?.rsplit('/').next()?.parse().ok()
}

#[test]
fn magento_conformance_cases() {
    let root = workspace();
    let mut files: Vec<PathBuf> = fs::read_dir(root.join("tests/conformance"))
        .expect("tests/conformance exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    let mut count = 0;
    let mut failures = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).expect("readable case");
        let case: Value = serde_json::from_str(&text)
            .unwrap_or_else(|error| panic!("{}: {error}", file.display()));
        if case["platform"] != "magento" {
            continue;
        }
        count += 1;
        let name = case["name"].as_str().unwrap_or("?").to_string();
        let fixture_name = case["fixture"].as_str().expect("fixture name");
        let fixture: Value = serde_json::from_str(
            &fs::read_to_string(root.join(format!("tests/fixtures/{fixture_name}.json")))
                .expect("fixture file"),
        )
        .expect("fixture JSON");
        let mut shop: Shop = serde_json::from_value(fixture["magento"].clone())
            .unwrap_or_else(|error| panic!("fixture {fixture_name}: {error}"));
        // Every Magento case names the profile of the shop that answers it.
        shop.version = case["profile"]
            .as_str()
            .unwrap_or_else(|| panic!("{}: no profile", file.display()))
            .parse()
            .unwrap_or_else(|error| panic!("{}: {error}", file.display()));
        let request: HttpRequest = serde_json::from_value(case["request"].clone())
            .unwrap_or_else(|error| panic!("{}: request: {error}", file.display()));
        let exchange =
            magento::respond(&shop, &request, &clock(case["now"].as_str().expect("now")));
        let mut problems = Vec::new();
        let expect = &case["expect"];
        if expect["status"] != exchange.response.status {
            problems.push(format!(
                "status: expected {}, got {}",
                expect["status"], exchange.response.status
            ));
        }
        if expect["body"] != exchange.response.body {
            problems.push(format!(
                "body:\n    expected {}\n    got      {}",
                expect["body"], exchange.response.body
            ));
        }
        if let Some(expected_stored) = case.get("expect_stored") {
            let after = exchange.updated.clone().or_else(|| {
                let id = path_customer_id(&request.path)?;
                shop.customers.iter().find(|c| c.id == id).cloned()
            });
            match after {
                Some(customer) => subset(
                    expected_stored,
                    &serde_json::to_value(&customer).expect("serialisable"),
                    "stored",
                    &mut problems,
                ),
                None => problems.push(String::from("stored: no customer after the request")),
            }
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{} ({}):\n  {}",
                name,
                file.file_name().and_then(|n| n.to_str()).unwrap_or("?"),
                problems.join("\n  ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} Magento cases failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert!(
        count >= 150,
        "only {count} Magento cases; at least 150 expected"
    );
}
