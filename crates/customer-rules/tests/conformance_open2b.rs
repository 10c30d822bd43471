//! Runs every Open2b conformance case (`tests/conformance/*.json` with `"platform": "open2b"`)
//! against `customer_rules::open2b::respond`, starting from the case's fixture.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use customer_rules::HttpRequest;
use customer_rules::open2b::{CUSTOMER_KEY_HEADER, Shop, respond};
use serde_json::Value;

/// The fewest Open2b cases the suite must hold (issue 4).
const MINIMUM_CASES: usize = 80;

fn workspace_tests() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests")
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text = fs::read_to_string(path).map_err(|error| format!("{}: {error}", path.display()))?;
    serde_json::from_str(&text).map_err(|error| format!("{}: {error}", path.display()))
}

/// The `open2b` section of a fixture.
fn load_shop(name: &str) -> Result<Shop, String> {
    let path = workspace_tests()
        .join("fixtures")
        .join(format!("{name}.json"));
    let fixture = read_json(&path)?;
    let section = fixture.get("open2b").cloned().unwrap_or(Value::Null);
    serde_json::from_value(section).map_err(|error| format!("{}: open2b: {error}", path.display()))
}

/// True when every member of `expected` is in `actual` with a value that contains it in turn;
/// arrays and scalars must be equal.
fn contains(actual: &Value, expected: &Value) -> bool {
    match (actual, expected) {
        (Value::Object(actual), Value::Object(expected)) => expected.iter().all(|(name, value)| {
            actual
                .get(name)
                .is_some_and(|actual| contains(actual, value))
        }),
        _ => actual == expected,
    }
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

/// Runs one case; `Err` describes how it failed.
fn run(case: &Value, shops: &mut BTreeMap<String, Shop>) -> Result<(), String> {
    if case.get("source").and_then(Value::as_str).is_none() {
        return Err("the case does not cite its source".to_owned());
    }
    let fixture = case
        .get("fixture")
        .and_then(Value::as_str)
        .ok_or("no fixture")?;
    if !shops.contains_key(fixture) {
        shops.insert(fixture.to_owned(), load_shop(fixture)?);
    }
    let shop = shops.get(fixture).ok_or("fixture not loaded")?;
    let request: HttpRequest =
        serde_json::from_value(case.get("request").cloned().unwrap_or(Value::Null))
            .map_err(|error| format!("request: {error}"))?;
    let expect = case.get("expect").ok_or("no expect")?;
    let exchange = respond(shop, &request);

    let mut problems = Vec::new();
    if expect.get("status").and_then(Value::as_u64) != Some(u64::from(exchange.response.status)) {
        problems.push(format!(
            "status: expected {}, got {}",
            expect.get("status").unwrap_or(&Value::Null),
            exchange.response.status
        ));
    }
    let expected_body = expect.get("body").unwrap_or(&Value::Null);
    if expected_body != &exchange.response.body {
        problems.push(format!(
            "body:\n  expected {}\n  got      {}",
            pretty(expected_body),
            pretty(&exchange.response.body)
        ));
    }
    if let Some(expected_stored) = case.get("expect_stored") {
        let key = request.header(CUSTOMER_KEY_HEADER).unwrap_or_default();
        let stored = match &exchange.updated {
            Some(account) => Some(&account.customer),
            None => shop.customer(key),
        };
        let stored = stored
            .map(serde_json::to_value)
            .transpose()
            .map_err(|error| error.to_string())?
            .unwrap_or(Value::Null);
        if !contains(&stored, expected_stored) {
            problems.push(format!(
                "stored customer:\n  expected to contain {}\n  got {}",
                pretty(expected_stored),
                pretty(&stored)
            ));
        }
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
        let case = match read_json(path) {
            Ok(case) => case,
            Err(error) => {
                failures.push((path.display().to_string(), error));
                continue;
            }
        };
        if case.get("platform").and_then(Value::as_str) != Some("open2b") {
            continue;
        }
        count += 1;
        let name = case
            .get("name")
            .and_then(Value::as_str)
            .map_or_else(|| path.display().to_string(), str::to_owned);
        if let Err(problem) = run(&case, &mut shops) {
            failures.push((name, problem));
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
