//! The shop as a server: concurrency, limits, CORS, health, and the command line.

use std::path::Path;
use std::process::Command;

use reference_shop::{BODY_LIMIT, Fixture, RunningShop};
use serde_json::{Value, json};

const SHERLOCK: &str = "78FzLADvJ3naIe8d/CJQMA";

fn default_fixture() -> Fixture {
    Fixture::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/default.json"))
        .unwrap()
}

async fn open2b_update(http: &reqwest::Client, shop: &RunningShop, customer: Value) -> Value {
    http.post(format!(
        "{}/api/v10/storefront.update-customer",
        shop.base_url()
    ))
    .header("X-Customer-Key", SHERLOCK)
    .json(&json!({ "customer": customer }))
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_partial_updates_of_one_customer_all_land() {
    let shop = RunningShop::start(&default_fixture()).await.unwrap();
    let http = reqwest::Client::new();
    // One task per field, each writing its field several times while the others write theirs:
    // a lost update would put back another task's stale copy of this field.
    let fields = [
        "firstName",
        "lastName",
        "personalCode",
        "companyName",
        "companyCode",
        "companyCode2",
        "street1",
        "street2",
        "city",
        "postalCode",
        "phoneNumber",
        "mobileNumber",
        "faxNumber",
    ];
    const ROUNDS: usize = 8;
    let tasks: Vec<_> = fields
        .iter()
        .map(|field| {
            let (http, base) = (http.clone(), shop.base_url());
            let field = field.to_string();
            tokio::spawn(async move {
                for round in 0..ROUNDS {
                    let answer: Value = http
                        .post(format!("{base}/api/v10/storefront.update-customer"))
                        .header("X-Customer-Key", SHERLOCK)
                        .json(&json!({ "customer": { "billingAddress": { field.clone(): format!("{}{round}", &field[..3]) } } }))
                        .send()
                        .await
                        .unwrap()
                        .json()
                        .await
                        .unwrap();
                    assert_eq!(answer, json!({"status": "ok"}), "{field} round {round}");
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    let stored =
        serde_json::to_value(shop.store.open2b_customer(SHERLOCK).unwrap().unwrap()).unwrap();
    for field in fields {
        assert_eq!(
            stored["billingAddress"][field],
            json!(format!("{}{}", &field[..3], ROUNDS - 1)),
            "{field}"
        );
    }
    // Fields nobody touched are still there.
    assert_eq!(
        stored["billingAddress"]["email"],
        json!("sherlock@example.com")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_magento_puts_of_one_customer_all_land() {
    let fixture = default_fixture();
    let token = fixture.magento.admin_tokens[0].clone();
    let shop = RunningShop::start(&fixture).await.unwrap();
    let http = reqwest::Client::new();
    // Each task owns one field and PUTs only that field, round after round: Magento merges a
    // partial body onto the stored customer, so a lost update would restore a stale value.
    let fields = [
        "firstname",
        "lastname",
        "middlename",
        "prefix",
        "suffix",
        "taxvat",
    ];
    const ROUNDS: usize = 6;
    let tasks: Vec<_> = fields
        .iter()
        .map(|field| {
            let (http, base, token) = (http.clone(), shop.base_url(), token.clone());
            let field = field.to_string();
            tokio::spawn(async move {
                for round in 0..ROUNDS {
                    let response = http
                        .put(format!("{base}/rest/default/V1/customers/1"))
                        .bearer_auth(&token)
                        .json(&json!({ "customer": { field.clone(): format!("{}{round}", &field[..4]) } }))
                        .send()
                        .await
                        .unwrap();
                    let status = response.status();
                    let body: Value = response.json().await.unwrap();
                    assert_eq!(status, 200, "{field} round {round}: {body}");
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    let stored = serde_json::to_value(shop.store.magento_customer(1).unwrap().unwrap()).unwrap();
    for field in fields {
        assert_eq!(
            stored[field],
            json!(format!("{}{}", &field[..4], ROUNDS - 1)),
            "{field}"
        );
    }
    assert_eq!(stored["email"], json!("jane.doe@example.com"));
}

#[tokio::test]
async fn an_oversized_body_is_refused_in_the_shops_format_and_changes_nothing() {
    let shop = RunningShop::start(&default_fixture()).await.unwrap();
    let before = shop.store.open2b_customer(SHERLOCK).unwrap();
    let padding = "x".repeat(BODY_LIMIT);
    let response = reqwest::Client::new()
        .post(format!(
            "{}/api/v10/storefront.update-customer",
            shop.base_url()
        ))
        .header("X-Customer-Key", SHERLOCK)
        .body(format!(
            r#"{{"customer":{{"invoiceRecipient":"{padding}"}}}}"#
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    assert_eq!(
        response.headers()["content-type"],
        "text/plain; charset=utf-8"
    );
    assert_eq!(shop.store.open2b_customer(SHERLOCK).unwrap(), before);
}

#[tokio::test]
async fn browsers_may_call_it_across_origins() {
    let shop = RunningShop::start(&default_fixture()).await.unwrap();
    let preflight = reqwest::Client::new()
        .request(
            reqwest::Method::OPTIONS,
            format!("{}/api/v10/storefront.update-customer", shop.base_url()),
        )
        .header("Origin", "http://localhost:5173")
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "x-customer-key, content-type, api-version",
        )
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success());
    assert_eq!(
        preflight.headers()["access-control-allow-origin"],
        "http://localhost:5173"
    );
    let allowed = preflight.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    for header in [
        "x-customer-key",
        "content-type",
        "api-version",
        "authorization",
    ] {
        assert!(allowed.contains(header), "{header} not allowed: {allowed}");
    }
    let answer = open2b_update(
        &reqwest::Client::new(),
        &shop,
        json!({"invoiceRecipient": ""}),
    )
    .await;
    assert_eq!(answer, json!({"status": "ok"}));
}

#[tokio::test]
async fn healthz_answers_ok_and_unknown_paths_are_404() {
    let shop = RunningShop::start(&default_fixture()).await.unwrap();
    let health = reqwest::get(format!("{}/healthz", shop.base_url()))
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    assert_eq!(health.text().await.unwrap(), "ok");
    let unknown = reqwest::get(format!("{}/nowhere", shop.base_url()))
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
}

#[test]
fn seed_only_checks_a_fixture_and_refuses_a_broken_one() {
    let binary = env!("CARGO_BIN_EXE_reference-shop");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let ok = Command::new(binary)
        .args(["--seed-only", "--db", ":memory:", "--fixtures"])
        .arg(fixtures.join("default.json"))
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );

    let broken = std::env::temp_dir().join(format!("broken-fixture-{}.json", std::process::id()));
    std::fs::write(&broken, r#"{"open2b": {"customers": [{"key": "k"}]}}"#).unwrap();
    let refused = Command::new(binary)
        .args(["--seed-only", "--db", ":memory:", "--fixtures"])
        .arg(&broken)
        .output()
        .unwrap();
    std::fs::remove_file(&broken).unwrap();
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.contains("is not valid") && message.contains("customer"),
        "{message}"
    );
}

#[test]
fn a_database_file_keeps_its_state_across_restarts() {
    let binary = env!("CARGO_BIN_EXE_reference-shop");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/default.json");
    let db = std::env::temp_dir().join(format!("reference-shop-{}.sqlite", std::process::id()));
    let seed = |extra: &[&str]| {
        Command::new(binary)
            .args(["--seed-only", "--db"])
            .arg(&db)
            .arg("--fixtures")
            .arg(&fixtures)
            .args(extra)
            .output()
            .unwrap()
    };
    let city = |db: &Path| {
        let store =
            reference_shop::Store::open(db.to_str().unwrap(), reference_shop::ShopClock::System)
                .unwrap();
        store
            .open2b_customer(SHERLOCK)
            .unwrap()
            .unwrap()
            .billing_address
            .city
    };
    assert!(seed(&[]).status.success());
    let store =
        reference_shop::Store::open(db.to_str().unwrap(), reference_shop::ShopClock::System)
            .unwrap();
    let update = customer_rules::HttpRequest {
        method: "POST".into(),
        path: "/api/v10/storefront.update-customer".into(),
        headers: [("X-Customer-Key".to_owned(), SHERLOCK.to_owned())].into(),
        body: Some(json!({"customer": {"billingAddress": {"city": "Bath"}}})),
        raw: None,
    };
    assert_eq!(store.open2b(&update).unwrap().body, json!({"status": "ok"}));
    drop(store);
    assert!(seed(&[]).status.success());
    assert_eq!(city(&db), "Bath", "a restart keeps what was stored");
    assert!(seed(&["--reset"]).status.success());
    assert_eq!(city(&db), "London", "--reset puts the fixture back");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
}

#[test]
fn two_shops_on_one_database_file_see_each_others_writes() {
    let db = std::env::temp_dir().join(format!(
        "reference-shop-shared-{}.sqlite",
        std::process::id()
    ));
    let open = || {
        reference_shop::Store::open(db.to_str().unwrap(), reference_shop::ShopClock::System)
            .unwrap()
    };
    let (first, second) = (open(), open());
    first.seed(&default_fixture()).unwrap();
    let update = |store: &reference_shop::Store, billing: Value| {
        let request = customer_rules::HttpRequest {
            method: "POST".into(),
            path: "/api/v10/storefront.update-customer".into(),
            headers: [("X-Customer-Key".to_owned(), SHERLOCK.to_owned())].into(),
            body: Some(json!({"customer": {"billingAddress": billing}})),
            raw: None,
        };
        assert_eq!(
            store.open2b(&request).unwrap().body,
            json!({"status": "ok"})
        );
    };
    // Each shop answers once, then the other writes: neither may answer from what it read
    // before, or its next write would put back a stale customer.
    update(&first, json!({"city": "Bath"}));
    update(&second, json!({"firstName": "Mycroft"}));
    update(&first, json!({"lastName": "Watson"}));
    let customer = second.open2b_customer(SHERLOCK).unwrap().unwrap();
    let billing = customer.billing_address;
    assert_eq!(
        (
            billing.city.as_str(),
            billing.first_name.as_str(),
            billing.last_name.as_str()
        ),
        ("Bath", "Mycroft", "Watson")
    );
    drop((first, second));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
}
