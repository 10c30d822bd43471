//! Runs every Open2b conformance case (`tests/conformance/*.json` with `"platform": "open2b"`)
//! against `customer_rules::open2b::respond`, starting from the case's fixture (an empty store
//! when the fixture has no `open2b` part).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use customer_rules::corpus::{self, Case, Fixture, Platform};
use customer_rules::open2b::{CUSTOMER_KEY_HEADER, Shop, respond};

/// The fewest Open2b cases the suite must hold (issue 4).
const MINIMUM_CASES: usize = 80;

fn workspace_tests() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests")
}

fn read_text(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|error| format!("{}: {error}", path.display()))
}

/// The `open2b` part of a fixture.
fn load_shop(name: &str) -> Result<Shop, String> {
    let path = workspace_tests()
        .join("fixtures")
        .join(format!("{name}.json"));
    let fixture = Fixture::from_json(&read_text(&path)?)
        .map_err(|error| format!("{}: {error}", path.display()))?;
    Ok(fixture.open2b.unwrap_or_default())
}

fn pretty(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

/// Runs one case; `Err` describes how it failed.
fn run(case: &Case, shops: &mut BTreeMap<String, Shop>) -> Result<(), String> {
    if !shops.contains_key(&case.fixture) {
        shops.insert(case.fixture.clone(), load_shop(&case.fixture)?);
    }
    let shop = shops.get(&case.fixture).ok_or("fixture not loaded")?;
    let exchange = respond(shop, &case.request);

    let mut problems = Vec::new();
    if case.expect.status != exchange.response.status {
        problems.push(format!(
            "status: expected {}, got {}",
            case.expect.status, exchange.response.status
        ));
    }
    if case.expect.body != exchange.response.body {
        problems.push(format!(
            "body:\n  expected {}\n  got      {}",
            pretty(&case.expect.body),
            pretty(&exchange.response.body)
        ));
    }
    if let Some(expected_stored) = &case.expect_stored {
        let key = case.request.header(CUSTOMER_KEY_HEADER).unwrap_or_default();
        let stored = match &exchange.updated {
            Some(account) => Some(&account.customer),
            None => shop.customer(key),
        };
        let stored = stored
            .map(serde_json::to_value)
            .transpose()
            .map_err(|error| error.to_string())?
            .unwrap_or_default();
        problems.extend(corpus::mismatches(expected_stored, &stored, "stored"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

#[test]
fn open2b_conformance_cases() {
    let directory = workspace_tests().join("conformance");
    let mut paths: Vec<PathBuf> = fs::read_dir(&directory)
        .unwrap_or_else(|error| panic!("{}: {error}", directory.display()))
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        .collect();
    paths.sort();

    let mut shops = BTreeMap::new();
    let mut count = 0;
    let mut failures = Vec::new();
    for path in &paths {
        let case = match read_text(path).and_then(|text| {
            Case::from_json(&text).map_err(|error| format!("{}: {error}", path.display()))
        }) {
            Ok(case) => case,
            Err(error) => {
                failures.push((path.display().to_string(), error));
                continue;
            }
        };
        if case.platform != Platform::Open2b {
            continue;
        }
        count += 1;
        if let Err(problem) = run(&case, &mut shops) {
            failures.push((case.name, problem));
        }
    }

    for (name, problem) in &failures {
        eprintln!("FAILED {name}\n{problem}\n");
    }
    let names: Vec<&str> = failures.iter().map(|(name, _)| name.as_str()).collect();
    assert!(
        failures.is_empty(),
        "{} of {count} Open2b cases failed:\n  {}",
        failures.len(),
        names.join("\n  ")
    );
    assert!(
        count >= MINIMUM_CASES,
        "only {count} Open2b cases, at least {MINIMUM_CASES} expected"
    );
    println!("{count} Open2b conformance cases passed");
}
