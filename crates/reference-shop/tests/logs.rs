//! Secrets never reach the logs: the shop's tracing output, captured at every level while
//! requests carry an admin token, customer keys, passwords and secrets in query strings, holds
//! none of them.

use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};

use reference_shop::{Fixture, RunningShop};
use tracing_subscriber::fmt::MakeWriter;

/// Everything the subscriber writes, kept in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

#[tokio::test]
async fn no_secret_reaches_the_logs() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(captured.clone())
        .with_ansi(false)
        .finish();
    tracing::subscriber::set_global_default(subscriber).unwrap();

    let fixture = Fixture::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/default.json"),
    )
    .unwrap();
    let token = fixture.magento.admin_tokens[0].clone();
    let keys: Vec<String> = fixture
        .open2b
        .customers
        .iter()
        .map(|a| a.key.clone())
        .collect();
    let shop = RunningShop::start(&fixture).await.unwrap();
    let http = reqwest::Client::new();
    let base = shop.base_url();
    let password = "Pa55word-never-logged";
    let query_secret = "query-secret-never-logged";
    for (authorization, id) in [
        (format!("Bearer {token}"), "1"),
        (format!("Bearer {token}x"), "1"),
        (format!("Bearer {token}"), "abc"),
    ] {
        let response = http
            .put(format!(
                "{base}/rest/default/V1/customers/{id}?token={query_secret}"
            ))
            .header("Authorization", authorization)
            .json(&serde_json::json!({"customer": {"firstname": "Jane"}, "password": password}))
            .send()
            .await
            .unwrap();
        assert!(response.status().as_u16() < 500);
    }
    for key in keys
        .iter()
        .map(String::as_str)
        .chain(["wrong-key-never-logged"])
    {
        let response = http
            .post(format!(
                "{base}/api/v10/storefront.update-customer?key={query_secret}"
            ))
            .header("X-Customer-Key", key)
            .body(format!(
                r#"{{"customer":{{"invoiceRecipient":"{password}"}}}}"#
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            if key.starts_with("wrong") { 403 } else { 200 }
        );
    }
    drop(shop);

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("answered"),
        "the requests were logged: {logs}"
    );
    for secret in keys.iter().map(String::as_str).chain([
        token.as_str(),
        password,
        query_secret,
        "wrong-key-never-logged",
    ]) {
        assert!(!logs.contains(secret), "{secret} is in the logs:\n{logs}");
    }
}

#[test]
fn stored_settings_that_cannot_be_read_are_reported_without_the_token() {
    let token = "eyJraWQiOiIxIiwiYWxnIjoiSFMyNTYifQ.stored.never.shown";
    let db = std::env::temp_dir().join(format!(
        "reference-shop-settings-{}.sqlite",
        std::process::id()
    ));
    let path = db.to_str().unwrap();
    let fixture = Fixture::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/default.json"),
    )
    .unwrap();
    reference_shop::Store::open(path, reference_shop::ShopClock::System)
        .unwrap()
        .seed(&fixture)
        .unwrap();
    // The settings edited by hand (`sqlite3`), the token list mistyped as one string.
    rusqlite::Connection::open(path)
        .unwrap()
        .execute(
            "UPDATE magento_store SET settings = json_set(settings, '$.admin_tokens', ?1)",
            [token],
        )
        .unwrap();
    let store = reference_shop::Store::open(path, reference_shop::ShopClock::System).unwrap();
    let request = customer_rules::HttpRequest {
        method: "GET".into(),
        path: "/rest/default/V1/customers/1".into(),
        headers: [("Authorization".to_owned(), format!("Bearer {token}"))].into(),
        body: None,
        raw: None,
    };
    let error = store.magento(&request).unwrap_err().to_string();
    assert!(error.contains("stored data is not valid"), "{error}");
    assert!(!error.contains(token), "{error}");
    drop(store);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
}
