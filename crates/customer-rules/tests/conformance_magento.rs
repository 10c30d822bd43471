//! Runs every Magento case of `tests/conformance/` through `magento::respond` and compares the
//! answer (status and JSON body) and, when the case has one, `expect_stored`: a partial view of
//! the customer after the request as the shop answers it, the fixture format. The
//! stored customer after a rejected request is the fixture's customer of the path id.
//!
//! "Today" for the date-of-birth rule is the date of the case's `now` in the store's timezone.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use customer_rules::corpus::{self, Case, Fixture, Platform};
use customer_rules::magento;

fn workspace_tests() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests")
}

fn path_customer_id(path: &str) -> Option<i64> {
    path.split('?').next()?.rsplit('/').next()?.parse().ok()
}

/// Runs one case; the problems found, none when it passes.
fn run(case: &Case, fixture: &Fixture) -> Vec<String> {
    let shop = case.magento_shop(fixture);
    let Some(clock) = case.clock(&shop) else {
        return vec![String::from("no clock")];
    };
    let exchange = magento::respond(&shop, &case.request, &clock);
    let mut problems = Vec::new();
    if case.expect.status != exchange.response.status {
        problems.push(format!(
            "status: expected {}, got {}",
            case.expect.status, exchange.response.status
        ));
    }
    if case.expect.body != exchange.response.body {
        problems.push(format!(
            "body:\n    expected {}\n    got      {}",
            case.expect.body, exchange.response.body
        ));
    }
    if let Some(expected_stored) = &case.expect_stored {
        let after = exchange.updated.clone().or_else(|| {
            let id = path_customer_id(&case.request.path)?;
            shop.customers.iter().find(|c| c.id == id).cloned()
        });
        match after.map(|customer| serde_json::to_value(&customer)) {
            Some(Ok(stored)) => {
                problems.extend(corpus::mismatches(expected_stored, &stored, "stored"))
            }
            Some(Err(error)) => problems.push(format!("stored: {error}")),
            None => problems.push(String::from("stored: no customer after the request")),
        }
    }
    problems
}

#[test]
fn magento_conformance_cases() {
    let tests = workspace_tests();
    let mut files: Vec<PathBuf> = fs::read_dir(tests.join("conformance"))
        .expect("tests/conformance exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    let mut fixtures: BTreeMap<String, Fixture> = BTreeMap::new();
    let mut count = 0;
    let mut failures = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).expect("readable case");
        let case =
            Case::from_json(&text).unwrap_or_else(|error| panic!("{}: {error}", file.display()));
        if case.platform != Platform::Magento {
            continue;
        }
        count += 1;
        let fixture = fixtures.entry(case.fixture.clone()).or_insert_with(|| {
            let path = tests.join(format!("fixtures/{}.json", case.fixture));
            let text = fs::read_to_string(&path)
                .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            let mut fixture = Fixture::from_json(&text)
                .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            if let Some(shop) = fixture.magento.as_mut() {
                shop.read_dictionaries(|file| {
                    fs::read_to_string(tests.join("fixtures").join(file))
                        .map_err(|error| error.to_string())
                })
                .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            }
            fixture
        });
        let problems = run(&case, fixture);
        if !problems.is_empty() {
            failures.push(format!(
                "{} ({}):\n  {}",
                case.name,
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
