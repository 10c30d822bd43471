//! What `MagentoClient::put_customer` costs over the same PUT sent with reqwest alone, against a
//! reference shop on loopback (same process, its own runtime threads). Both sides send the typical
//! Magento body of `benches/requests.json` and read the answer as JSON; the client also checks the
//! body with the rules first (its pre-validation) and reads the answer into a `StoredCustomer`.

#![allow(
    missing_docs,
    reason = "criterion's macros write the undocumented entry points"
)]

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use customer_client::MagentoClient;
use customer_rules::magento::SaveRequest;
use reference_shop::{Fixture, RunningShop};
use serde_json::Value;

/// The requests every benchmark of the project sends.
const REQUESTS: &str = include_str!("../../../benches/requests.json");

fn client_overhead(c: &mut Criterion) {
    let requests: Value = serde_json::from_str(REQUESTS).expect("benches/requests.json is JSON");
    let magento = &requests["magento"];
    let token = magento["token"].as_str().expect("a Magento token");
    let path = magento["path"].as_str().expect("a Magento path");
    let body = magento["valid"].clone();
    let request: SaveRequest = serde_json::from_value(body.clone()).expect("a Magento body");

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let fixture = Fixture::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/default.json"),
    )
    .expect("the default fixture");
    let shop = runtime
        .block_on(RunningShop::start(&fixture))
        .expect("the reference shop starts");
    let base_url = shop.base_url();

    let client = MagentoClient::builder(&base_url)
        .bearer(token)
        .build()
        .expect("a Magento client");
    let raw = reqwest::Client::new();
    let url = format!("{base_url}{path}");
    let authorization = format!("Bearer {token}");

    let mut group = c.benchmark_group("magento_put_customer");
    group.bench_function("customer-client", |b| {
        b.iter(|| {
            runtime
                .block_on(client.put_customer(1, &request))
                .expect("the shop accepts the body")
        });
    });
    group.bench_function("reqwest", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let answer = raw
                    .put(&url)
                    .header("Authorization", &authorization)
                    .json(&body)
                    .send()
                    .await
                    .expect("the shop answers");
                assert!(answer.status().is_success(), "the shop accepts the body");
                answer.json::<Value>().await.expect("a JSON answer")
            })
        });
    });
    group.finish();
    drop(shop);
}

criterion_group!(benches, client_overhead);
criterion_main!(benches);
