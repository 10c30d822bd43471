//! `kill -9` of the shop process in the middle of a load, and a restart on the same database
//! file: every update acknowledged before the kill is there, and SQLite's integrity check passes.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use rusqlite::Connection;
use serde_json::{Value, json};

use crate::support::{self, NOW, SHERLOCK};

/// A shop process serving a database file.
struct ShopProcess {
    child: Child,
    base: String,
}

impl ShopProcess {
    fn start(db: &Path, seed: bool) -> ShopProcess {
        let mut command = Command::new(env!("CARGO_BIN_EXE_reference-shop"));
        command
            .arg("--db")
            .arg(db)
            .args(["--port", "0", "--now", NOW]);
        if seed {
            command
                .arg("--fixtures")
                .arg(support::fixtures_dir().join("default.json"));
        }
        let mut child = command
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let base = line
            .trim()
            .strip_prefix("reference shop listening on ")
            .unwrap()
            .to_owned();
        ShopProcess { child, base }
    }

    /// SIGKILL: no graceful shutdown, no chance to flush anything.
    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for ShopProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What one writer knows after the kill: its last acknowledged value, and the value of the
/// write in flight when the shop died (which may or may not have been committed).
struct Writer {
    field: (String, &'static str),
    acknowledged: Option<String>,
    in_flight: Option<String>,
}

/// One writer: a field of its own, written over and over until the shop stops answering.
async fn write_until_killed(
    base: String,
    token: String,
    field: (String, &'static str),
    acknowledged: Arc<AtomicUsize>,
) -> Writer {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let mut writer = Writer {
        field: field.clone(),
        acknowledged: None,
        in_flight: None,
    };
    for round in 0.. {
        let value = format!("v{round}");
        let request = match &field {
            (id, name) if !id.starts_with("key:") => http
                .put(format!("{base}/rest/default/V1/customers/{id}"))
                .bearer_auth(&token)
                .json(&json!({"customer": {*name: value}})),
            (key, name) => http
                .post(format!("{base}/api/v10/storefront.update-customer"))
                .header("X-Customer-Key", &key[4..])
                .json(&json!({"customer": {"billingAddress": {*name: value}}})),
        };
        writer.in_flight = Some(value.clone());
        let Ok(response) = request.send().await else {
            break;
        };
        let status = response.status().as_u16();
        let Ok(body) = response.json::<Value>().await else {
            break;
        };
        assert_eq!(status, 200, "{body}");
        assert!(body.get("status").is_none_or(|s| s == "ok"), "{body}");
        writer.acknowledged = Some(value);
        writer.in_flight = None;
        acknowledged.fetch_add(1, Ordering::SeqCst);
    }
    writer
}

fn stored(connection: &Connection, (id, name): &(String, &'static str)) -> Value {
    let customer: String = match id.strip_prefix("key:") {
        Some(key) => connection.query_row(
            "SELECT customer FROM open2b_customers WHERE key = ?1",
            [key],
            |r| r.get(0),
        ),
        None => connection.query_row(
            "SELECT customer FROM magento_customers WHERE id = ?1",
            [id],
            |r| r.get(0),
        ),
    }
    .unwrap();
    let customer: Value = serde_json::from_str(&customer).unwrap();
    let pointer = if id.starts_with("key:") {
        format!("/billingAddress/{name}")
    } else {
        format!("/{name}")
    };
    customer.pointer(&pointer).cloned().unwrap_or(Value::Null)
}

/// Kill-and-restart rounds: 1, or `SOAK_KILLS`.
fn rounds() -> usize {
    std::env::var("SOAK_KILLS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_killed_shop_keeps_every_acknowledged_update() {
    let db = support::database_path("crash");
    let token = support::admin_token();
    let fields: Vec<(String, &'static str)> = [
        ("1", "firstname"),
        ("1", "lastname"),
        ("2", "firstname"),
        ("2", "middlename"),
        ("4", "lastname"),
        ("4", "prefix"),
    ]
    .into_iter()
    .map(|(id, name)| (id.to_owned(), name))
    .chain(
        ["firstName", "lastName", "city", "street2"].map(|name| (format!("key:{SHERLOCK}"), name)),
    )
    .collect();
    let mut acknowledged_total = 0;
    for round in 0..rounds() {
        let shop = ShopProcess::start(&db, round == 0);
        let counts: Vec<Arc<AtomicUsize>> = fields.iter().map(|_| Arc::default()).collect();
        let writers: Vec<_> = fields
            .iter()
            .zip(&counts)
            .map(|(field, count)| {
                tokio::spawn(write_until_killed(
                    shop.base.clone(),
                    token.clone(),
                    field.clone(),
                    count.clone(),
                ))
            })
            .collect();
        // Let the load run until every writer has had some writes acknowledged (however slow
        // the machine), then kill in the middle of it.
        let started = std::time::Instant::now();
        while counts.iter().any(|count| count.load(Ordering::SeqCst) < 5) {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the load does not progress"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        tokio::time::sleep(Duration::from_millis(200 + 300 * (round as u64 % 3))).await;
        shop.kill();
        let mut writers_done = Vec::new();
        for writer in writers {
            writers_done.push(writer.await.unwrap());
        }
        let connection = Connection::open(&db).unwrap();
        let integrity: String = connection
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .unwrap();
        assert_eq!(integrity, "ok", "round {round}");
        for writer in &writers_done {
            let value = stored(&connection, &writer.field);
            let acknowledged = writer
                .acknowledged
                .as_ref()
                .expect("some writes were acknowledged");
            assert!(
                value == json!(acknowledged)
                    || writer.in_flight.as_ref().is_some_and(|v| value == json!(v)),
                "round {round}: {:?} is {value}, acknowledged {acknowledged}",
                writer.field
            );
            acknowledged_total += acknowledged[1..].parse::<usize>().unwrap() + 1;
        }
        drop(connection);
        // The restarted shop serves what was stored.
        let shop = ShopProcess::start(&db, false);
        let answer = reqwest::Client::new()
            .get(format!("{}/rest/default/V1/customers/1", shop.base))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
        let customer: Value = answer.json().await.unwrap();
        let firstname = &writers_done[0];
        assert!(
            firstname
                .acknowledged
                .as_ref()
                .is_some_and(|v| customer["firstname"] == json!(v))
                || firstname
                    .in_flight
                    .as_ref()
                    .is_some_and(|v| customer["firstname"] == json!(v))
        );
        shop.kill();
    }
    eprintln!(
        "{acknowledged_total} acknowledged updates across {} kills",
        rounds()
    );
    support::remove_database(&db);
}
