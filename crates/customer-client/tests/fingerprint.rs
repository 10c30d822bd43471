//! `MagentoClient::fingerprint` against the reference shop running one profile of every class:
//! the class found holds the profile, and the shop's SQLite database is byte for byte what it was
//! before the probes.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use customer_client::MagentoClient;
use customer_rules::magento::{Clock, Date, Fingerprinter, Profile};
use reference_shop::{Fixture, RunningShop, ServeOptions, ShopClock, Store};

fn fixture() -> Fixture {
    Fixture::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/default.json"))
        .unwrap()
}

/// A database file of this test, removed with its WAL and shared-memory files when dropped.
struct DatabaseFile(PathBuf);

impl DatabaseFile {
    fn new(name: &str) -> DatabaseFile {
        let path = std::env::temp_dir().join(format!(
            "customer-client-fingerprint-{}-{name}.sqlite",
            std::process::id()
        ));
        let file = DatabaseFile(path);
        file.remove();
        file
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }

    fn sibling(&self, suffix: &str) -> PathBuf {
        PathBuf::from(format!("{}{suffix}", self.path()))
    }

    /// The database file's bytes and the WAL's (empty when absent): every committed write is in
    /// one of them.
    fn bytes(&self) -> (Vec<u8>, Vec<u8>) {
        (
            std::fs::read(&self.0).unwrap(),
            std::fs::read(self.sibling("-wal")).unwrap_or_default(),
        )
    }

    fn remove(&self) {
        for path in [self.0.clone(), self.sibling("-wal"), self.sibling("-shm")] {
            let _ = std::fs::remove_file(path);
        }
    }
}

impl Drop for DatabaseFile {
    fn drop(&mut self) {
        self.remove();
    }
}

/// One profile of every class, from a fingerprinter (the classes do not depend on the customer).
fn representatives() -> Vec<Profile> {
    let clock = Clock {
        today: Date::parse_iso("2026-06-15").unwrap(),
        now: String::from("2026-06-15 12:00:00"),
    };
    let customer = fixture().magento.customers[0].clone();
    Fingerprinter::new(&customer, &clock)
        .classes()
        .iter()
        .map(|class| class.profiles[0].clone())
        .collect()
}

/// Seeds a database file for `profile`, closes it (which folds the WAL into the file), and serves
/// it again; answers the shop and the database's bytes as served.
async fn shop_on_file(file: &DatabaseFile, profile: &Profile) -> (RunningShop, (Vec<u8>, Vec<u8>)) {
    let mut fixture = fixture();
    fixture.magento.version = profile.clone();
    {
        let store = Store::open(file.path(), ShopClock::System).unwrap();
        store.seed(&fixture).unwrap();
    }
    let store = Arc::new(Store::open(file.path(), ShopClock::System).unwrap());
    let before = file.bytes();
    let shop = RunningShop::serving(store, ServeOptions::default())
        .await
        .unwrap();
    (shop, before)
}

#[tokio::test]
async fn every_class_is_found_and_nothing_is_written() {
    let started = Instant::now();
    let token = fixture().magento.admin_tokens[0].clone();
    let representatives = representatives();
    // Customer 1 has two addresses (the probe address updates one); customer 4 has none (the
    // probe address would be a new one).
    let customers: [(i64, &[&str]); 2] =
        [(1, &[]), (4, &["2.4.7", "2.4.7-p4", "2.4.8-p5", "2.4.9"])];
    let mut puts = Vec::new();
    for (customer, only) in customers {
        for profile in &representatives {
            if !only.is_empty() && !only.contains(&profile.to_string().as_str()) {
                continue;
            }
            let file = DatabaseFile::new(&format!("{customer}-{puts}", puts = puts.len()));
            let (shop, before) = shop_on_file(&file, profile).await;
            let client = MagentoClient::builder(shop.base_url())
                .bearer(&token)
                .build()
                .unwrap();
            let found = client.fingerprint(customer).await.unwrap();
            let class = found
                .class
                .unwrap_or_else(|| panic!("{profile}: unknown: {:?}", found.unknown));
            assert!(
                class.profiles.contains(profile),
                "{profile} (customer {customer}) found as {}",
                class.name
            );
            assert_eq!(
                file.bytes(),
                before,
                "{profile}: the database changed (customer {customer})"
            );
            puts.push(found.evidence.len());
        }
    }
    assert!(puts.len() > representatives.len());
    let most = puts.iter().max().copied().unwrap_or(0);
    assert!(most <= 5, "up to {most} probes");
    println!(
        "{} classes, {} fingerprints: up to {most} PUTs, {:.2} on average, in {:?}",
        representatives.len(),
        puts.len(),
        puts.iter().sum::<usize>() as f64 / puts.len() as f64,
        started.elapsed()
    );
}

#[tokio::test]
async fn the_comparison_sees_a_write() {
    let file = DatabaseFile::new("write");
    let (shop, before) = shop_on_file(&file, &Profile::default()).await;
    let client = MagentoClient::builder(shop.base_url())
        .bearer(&fixture().magento.admin_tokens[0])
        .build()
        .unwrap();
    client
        .patch_customer(1, |customer| customer.firstname = String::from("Janet"))
        .await
        .unwrap();
    assert_ne!(file.bytes(), before);
}

#[tokio::test]
async fn a_refused_token_is_an_error_before_any_probe() {
    let file = DatabaseFile::new("token");
    let (shop, _) = shop_on_file(&file, &Profile::default()).await;
    let client = MagentoClient::builder(shop.base_url())
        .bearer("not-a-token")
        .build()
        .unwrap();
    let error = client.fingerprint(1).await.unwrap_err();
    assert!(error.to_string().contains("isn't authorized"), "{error}");
}

#[tokio::test]
async fn a_shop_that_accepts_a_probe_stops_the_run() {
    // A shop that allows every country code would accept a probe: simulated by a server that
    // answers every PUT with 200.
    use axum::routing::get;
    let customer = serde_json::json!({"id": 1, "email": "jane@example.com", "firstname": "Jane",
        "lastname": "Doe", "website_id": 1, "store_id": 1, "group_id": 1, "addresses": []});
    let answer = customer.clone();
    let app = axum::Router::new().route(
        "/rest/default/V1/customers/1",
        get(move || {
            let customer = customer.clone();
            async move { axum::Json(customer) }
        })
        .put(move || {
            let answer = answer.clone();
            async move { axum::Json(answer) }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = MagentoClient::builder(format!("http://{address}"))
        .bearer("token")
        .build()
        .unwrap();
    let error = client.fingerprint(1).await.unwrap_err();
    let text = error.to_string();
    assert!(
        text.contains("HTTP 200") && text.contains("accepted a fingerprint probe"),
        "{text}"
    );
}
