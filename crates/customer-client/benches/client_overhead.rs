//! What `MagentoClient::put_customer` costs over the same PUT sent with reqwest alone, against a
//! reference shop on loopback (same process, its own runtime threads). Both sides send the typical
//! Magento body of `benches/requests.json`; the client also checks the body with the rules first
//! (its pre-validation) and reads the answer into a `StoredCustomer`, reqwest reads it as JSON.
//!
//! The client is timed twice, with its pre-validation on (the default) and off. The three calls
//! take turns, so all see the same machine load (a busy 2-core machine moves a sequential
//! measurement by more than the difference measured). Prints one JSON line: the median of each
//! and how many rounds were timed; `cargo xtask bench` reads it.

#![allow(missing_docs, reason = "a benchmark binary")]

use std::path::Path;
use std::time::{Duration, Instant};

use customer_client::MagentoClient;
use customer_rules::magento::SaveRequest;
use reference_shop::{Fixture, RunningShop};
use serde_json::{Value, json};

/// The requests every benchmark of the project sends.
const REQUESTS: &str = include_str!("../../../benches/requests.json");

/// Rounds sent before timing, and rounds timed; a round sends each call once.
const WARM_UP: usize = 200;
const ROUNDS: usize = 2000;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort_unstable();
    times[times.len() / 2]
}

fn main() {
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

    let client = |pre_validate| {
        MagentoClient::builder(&base_url)
            .bearer(token)
            .pre_validate(pre_validate)
            .build()
            .expect("a Magento client")
    };
    let (checking, trusting) = (client(true), client(false));
    let raw = reqwest::Client::new();
    let url = format!("{base_url}{path}");
    let authorization = format!("Bearer {token}");

    let with_client = |client: &MagentoClient| {
        let started = Instant::now();
        runtime
            .block_on(client.put_customer(1, &request))
            .expect("the shop accepts the body");
        started.elapsed()
    };
    let with_reqwest = || {
        let started = Instant::now();
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
        });
        started.elapsed()
    };
    let calls: [&dyn Fn() -> Duration; 3] = [
        &|| with_client(&checking),
        &|| with_client(&trusting),
        &with_reqwest,
    ];

    for _ in 0..WARM_UP {
        for call in calls {
            call();
        }
    }
    let mut times = [(); 3].map(|()| Vec::with_capacity(ROUNDS));
    for round in 0..ROUNDS {
        // Which goes first rotates too, so none always follows another.
        for turn in 0..calls.len() {
            let index = (round + turn) % calls.len();
            times[index].push(calls[index]());
        }
    }
    drop(shop);
    let [checking, trusting, reqwest] = times.map(median);
    println!(
        "{}",
        json!({
            "rounds": ROUNDS,
            "client_ns": checking.as_nanos(),
            "client_without_pre_validation_ns": trusting.as_nanos(),
            "reqwest_ns": reqwest.as_nanos(),
        })
    );
}
