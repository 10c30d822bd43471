//! The limits a user can rely on (README, "Reliability limits"): a slow request holds up no
//! other, two shops share a database file, connections that send nothing are closed and never
//! crowd out a health check, bodies that cannot be read get the right status, and only local
//! pages (and those named) may call the shop from a browser.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reference_shop::{
    AllowedOrigins, BODY_LIMIT, Fixture, Limits, RunningShop, ServeOptions, ShopClock, Store,
    parse_origin,
};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const SHERLOCK: &str = "78FzLADvJ3naIe8d/CJQMA";
const HUDSON: &str = "hudson-Zq4xW9pL2mN7vB3cK8tR5yH1";
const OPEN2B_UPDATE: &str = "/api/v10/storefront.update-customer";

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

fn default_fixture() -> Fixture {
    Fixture::load(&fixtures_dir().join("default.json")).unwrap()
}

/// Short limits, so that the tests wait for them in well under a second.
fn short_limits() -> Limits {
    Limits {
        header_read_timeout: Duration::from_millis(400),
        body_read_timeout: Duration::from_millis(400),
        max_connections: 8,
    }
}

async fn shop_with(options: ServeOptions) -> RunningShop {
    let store = Arc::new(Store::open(":memory:", ShopClock::System).unwrap());
    store.seed(&default_fixture()).unwrap();
    RunningShop::serving(store, options).await.unwrap()
}

/// An Open2b update that is valid and costs the rules time in proportion to its size: a wish
/// list of about `bytes` bytes.
fn large_update(bytes: usize) -> String {
    let items = bytes / 8;
    let list: Vec<String> = (0..items).map(|i| (1_000_000 + i).to_string()).collect();
    format!(r#"{{"customer":{{"wishList":[{}]}}}}"#, list.join(","))
}

async fn open2b(http: &reqwest::Client, base: &str, key: &str, body: String) -> (u16, String) {
    let response = http
        .post(format!("{base}{OPEN2B_UPDATE}"))
        .header("X-Customer-Key", key)
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// Everything a bare connection receives until the shop closes it, or `None` when it is still
/// open after `wait`.
async fn read_until_closed(stream: &mut TcpStream, wait: Duration) -> Option<String> {
    let mut received = Vec::new();
    let read = tokio::time::timeout(wait, stream.read_to_end(&mut received)).await;
    match read {
        Ok(_) => Some(String::from_utf8_lossy(&received).into_owned()),
        Err(_) => None,
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_slow_request_holds_up_neither_health_checks_nor_other_writes() {
    let shop = RunningShop::start(&default_fixture()).await.unwrap();
    let http = reqwest::Client::new();
    let base = shop.base_url();
    let large = large_update(BODY_LIMIT - 1024);
    let started = Instant::now();
    let (status, answer) = open2b(&http, &base, SHERLOCK, large.clone()).await;
    let alone = started.elapsed();
    assert_eq!((status, answer.as_str()), (200, r#"{"status":"ok"}"#));

    // Large updates of one customer, three at once, while a health check and small writes of
    // another customer (and of Magento) are sent one after the other.
    let slow: Vec<_> = (0..3)
        .map(|_| {
            let (http, base, large) = (http.clone(), base.clone(), large.clone());
            tokio::spawn(async move {
                let (status, answer) = open2b(&http, &base, SHERLOCK, large).await;
                assert_eq!((status, answer.as_str()), (200, r#"{"status":"ok"}"#));
            })
        })
        .collect();
    tokio::time::sleep(alone / 4).await;
    let token = default_fixture().magento.admin_tokens[0].clone();
    let mut slowest = Duration::ZERO;
    for round in 0..10 {
        let started = Instant::now();
        let health = http.get(format!("{base}/healthz")).send().await.unwrap();
        assert_eq!(health.status(), 200);
        let body = json!({"customer": {"billingAddress": {"city": format!("Rome {round}")}}});
        let (status, answer) = open2b(&http, &base, HUDSON, body.to_string()).await;
        assert_eq!((status, answer.as_str()), (200, r#"{"status":"ok"}"#));
        let magento = http
            .put(format!("{base}/rest/default/V1/customers/1"))
            .bearer_auth(&token)
            .json(&json!({"customer": {"lastname": format!("Doe {round}")}}))
            .send()
            .await
            .unwrap();
        assert_eq!(magento.status(), 200);
        slowest = slowest.max(started.elapsed());
    }
    let small_done = started.elapsed();
    let all_done = {
        for task in slow {
            task.await.unwrap();
        }
        started.elapsed()
    };
    eprintln!(
        "a large update alone: {alone:?}; slowest round of small calls: {slowest:?}; \
         small calls done after {small_done:?}, large ones after {all_done:?}"
    );
    assert!(
        slowest < alone / 2,
        "a round of small calls took {slowest:?}, a large update alone {alone:?}"
    );
    let stored = shop.store.open2b_customer(HUDSON).unwrap().unwrap();
    assert_eq!(stored.billing_address.city, "Rome 9");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_shops_on_one_database_file_both_answer_every_write() {
    let db = std::env::temp_dir().join(format!(
        "reference-shop-two-{}-{:?}.sqlite",
        std::process::id(),
        Instant::now()
    ));
    let path = db.to_str().unwrap();
    let first = Arc::new(Store::open(path, ShopClock::System).unwrap());
    first.seed(&default_fixture()).unwrap();
    let second = Arc::new(Store::open(path, ShopClock::System).unwrap());
    let shops = [
        RunningShop::serving(first, ServeOptions::default())
            .await
            .unwrap(),
        RunningShop::serving(second, ServeOptions::default())
            .await
            .unwrap(),
    ];
    let http = reqwest::Client::new();
    // A large update the shop refuses only after reading all of it: the rules take their time,
    // and nothing is written (a large customer stored would make each shop's reading of the
    // database after the other's commit the slow part).
    let large = large_update(BODY_LIMIT / 2)
        .replace("]}}", r#"],"cart":"00000000000000000000000000000000"}}"#);
    let refused = r#"{"status":"error","error":{"field":"cart","type":"NotFound","description":"Cart '00000000000000000000000000000000' does not exist"}}"#;
    let (status, answer) = open2b(&http, &shops[0].base_url(), HUDSON, large.clone()).await;
    assert_eq!((status, answer.as_str()), (200, refused));
    // Large updates keep the rules busy in the first shop while each writer writes its own
    // field through both shops in turn: neither shop waits for the rules of a request that
    // writes nothing.
    let large = {
        let (http, base) = (http.clone(), shops[0].base_url());
        tokio::spawn(async move {
            let mut quickest = Duration::MAX;
            for _ in 0..4 {
                let started = Instant::now();
                let (status, answer) = open2b(&http, &base, HUDSON, large.clone()).await;
                quickest = quickest.min(started.elapsed());
                assert_eq!((status, answer.as_str()), (200, refused));
            }
            quickest
        })
    };
    tokio::time::sleep(Duration::from_millis(50)).await;
    let fields = [
        "firstName",
        "lastName",
        "city",
        "street1",
        "postalCode",
        "phoneNumber",
    ];
    const ROUNDS: usize = 10;
    let writers: Vec<_> = fields
        .iter()
        .map(|field| {
            let bases = [shops[0].base_url(), shops[1].base_url()];
            let (http, field) = (http.clone(), field.to_string());
            tokio::spawn(async move {
                let mut slowest = Duration::ZERO;
                for round in 0..ROUNDS {
                    let body = json!({"customer": {"billingAddress": {field.clone(): format!("{}{round}", &field[..3])}}});
                    let started = Instant::now();
                    let (status, answer) =
                        open2b(&http, &bases[round % 2], SHERLOCK, body.to_string()).await;
                    slowest = slowest.max(started.elapsed());
                    assert_eq!(
                        (status, answer.as_str()),
                        (200, r#"{"status":"ok"}"#),
                        "{field} round {round}"
                    );
                }
                slowest
            })
        })
        .collect();
    let mut slowest = Duration::ZERO;
    for writer in writers {
        slowest = slowest.max(writer.await.unwrap());
    }
    let large = large.await.unwrap();
    eprintln!("the quickest large update: {large:?}; the slowest small write: {slowest:?}");
    // Waiting for the first shop's rules would take most of a large update's time.
    assert!(
        slowest < large * 2 / 3,
        "a small write took {slowest:?}, the quickest large update {large:?}"
    );
    let stored =
        serde_json::to_value(shops[1].store.open2b_customer(SHERLOCK).unwrap().unwrap()).unwrap();
    for field in fields {
        assert_eq!(
            stored["billingAddress"][field],
            json!(format!("{}{}", &field[..3], ROUNDS - 1)),
            "{field}"
        );
    }
    drop(shops);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
}

#[tokio::test]
async fn a_request_head_not_sent_in_time_closes_the_connection() {
    let shop = shop_with(ServeOptions {
        limits: short_limits(),
        ..ServeOptions::default()
    })
    .await;
    // Half a request head, then nothing.
    let mut half_sent = TcpStream::connect(shop.address).await.unwrap();
    half_sent
        .write_all(b"PUT /rest/default/V1/customers/1 HTTP/1.1\r\nHost: shop\r\n")
        .await
        .unwrap();
    // A kept-alive connection after one answer, then nothing.
    let mut idle = TcpStream::connect(shop.address).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: shop\r\n\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    let half = read_until_closed(&mut half_sent, Duration::from_secs(5)).await;
    assert!(half.is_some(), "a half-sent head is closed");
    let idle = read_until_closed(&mut idle, Duration::from_secs(5)).await;
    assert!(
        idle.is_some_and(|answer| answer.starts_with("HTTP/1.1 200") && answer.ends_with("ok")),
        "an idle connection is closed after its answer"
    );
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn a_body_not_sent_in_time_is_408_in_the_shops_format() {
    let shop = shop_with(ServeOptions {
        limits: short_limits(),
        ..ServeOptions::default()
    })
    .await;
    let mut stream = TcpStream::connect(shop.address).await.unwrap();
    let head = format!(
        "POST {OPEN2B_UPDATE} HTTP/1.1\r\nHost: shop\r\nX-Customer-Key: {SHERLOCK}\r\nContent-Length: 100\r\n\r\n{{\"customer\""
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let answer = read_until_closed(&mut stream, Duration::from_secs(5))
        .await
        .expect("closed after the answer");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.ends_with("\r\n\r\nRequest Timeout"), "{answer}");
}

#[tokio::test]
async fn many_idle_connections_never_keep_a_health_check_out() {
    let shop = shop_with(ServeOptions {
        limits: Limits {
            header_read_timeout: Duration::from_secs(60),
            ..short_limits()
        },
        ..ServeOptions::default()
    })
    .await;
    let mut idle = Vec::new();
    for i in 0..40 {
        let mut stream = TcpStream::connect(shop.address).await.unwrap();
        if i % 2 == 0 {
            stream.write_all(b"GET /heal").await.unwrap();
        }
        idle.push(stream);
    }
    for _ in 0..3 {
        let started = Instant::now();
        let health = reqwest::Client::new()
            .get(format!("{}/healthz", shop.base_url()))
            .timeout(Duration::from_secs(5))
            .send()
            .await
            .unwrap();
        assert_eq!(health.status(), 200);
        // Each group of `max_connections` idle ones is closed once IDLE_GRACE has passed.
        assert!(started.elapsed() < Duration::from_secs(3));
    }
}

/// The shop's binary on a free port, its first line read.
struct ShopProcess {
    child: Child,
    address: String,
}

impl ShopProcess {
    /// Runs `sh -c "<shell>; exec reference-shop --db :memory: --port 0 --fixtures default.json"`.
    fn start(shell: &str) -> ShopProcess {
        let binary = env!("CARGO_BIN_EXE_reference-shop");
        let fixture = fixtures_dir().join("default.json");
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "{shell}; exec \"$0\" --db :memory: --port 0 --fixtures \"$1\""
            ))
            .arg(binary)
            .arg(&fixture)
            .env("RUST_LOG", "error")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let address = line
            .trim()
            .strip_prefix("reference shop listening on http://")
            .unwrap_or_else(|| panic!("{line:?}"))
            .to_owned();
        ShopProcess { child, address }
    }
}

impl Drop for ShopProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn out_of_file_descriptors_the_shop_closes_idle_connections_and_answers() {
    // 64 descriptors: fewer than the connections opened below.
    let shop = ShopProcess::start("ulimit -n 64");
    let mut idle = Vec::new();
    for _ in 0..150 {
        idle.push(TcpStream::connect(&shop.address).await.unwrap());
    }
    for _ in 0..3 {
        let health = reqwest::Client::new()
            .get(format!("http://{}/healthz", shop.address))
            .timeout(Duration::from_secs(5))
            .send()
            .await
            .unwrap();
        assert_eq!(health.status(), 200);
    }
}

/// Sends `head` (and `body`) on a bare connection and returns what comes back until the shop
/// closes it.
async fn exchange_raw(shop: &RunningShop, head: &str, body: &[u8]) -> String {
    let mut stream = TcpStream::connect(shop.address).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    // Half-closed: the client has said all it will.
    stream.shutdown().await.unwrap();
    read_until_closed(&mut stream, Duration::from_secs(5))
        .await
        .expect("the shop answers and closes")
}

#[tokio::test]
async fn bodies_that_cannot_be_read_are_400_and_only_oversized_ones_413() {
    let shop = RunningShop::start(&default_fixture()).await.unwrap();
    let before = shop.store.open2b_customer(SHERLOCK).unwrap();
    let token = default_fixture().magento.admin_tokens[0].clone();
    let open2b_head = |extra: &str| {
        format!(
            "POST {OPEN2B_UPDATE} HTTP/1.1\r\nHost: shop\r\nX-Customer-Key: {SHERLOCK}\r\nContent-Type: application/json\r\n{extra}\r\n"
        )
    };
    let magento_head = |extra: &str| {
        format!(
            "PUT /rest/default/V1/customers/1 HTTP/1.1\r\nHost: shop\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\n{extra}\r\n"
        )
    };
    let chunked = "Transfer-Encoding: chunked\r\n";

    // A chunk size that is not hexadecimal.
    let answer = exchange_raw(&shop, &open2b_head(chunked), b"zz\r\n{}\r\n0\r\n\r\n").await;
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.ends_with("\r\n\r\nBad Request"), "{answer}");
    let answer = exchange_raw(&shop, &magento_head(chunked), b"zz\r\n{}\r\n0\r\n\r\n").await;
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.ends_with(r#"{"message":"Bad Request"}"#), "{answer}");

    // Cut short: fewer bytes than announced, or a chunked body without its last chunk.
    let answer = exchange_raw(&shop, &open2b_head("Content-Length: 50\r\n"), b"{\"cust").await;
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    let answer = exchange_raw(&shop, &magento_head(chunked), b"5\r\n{\"cus\r\n").await;
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");

    // Over the limit, chunked: read up to the limit, then refused.
    let mut oversized = format!("{:x}\r\n", BODY_LIMIT + 1).into_bytes();
    oversized.extend(vec![b' '; BODY_LIMIT + 1]);
    oversized.extend_from_slice(b"\r\n0\r\n\r\n");
    let answer = exchange_raw(&shop, &open2b_head(chunked), &oversized).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.ends_with("\r\n\r\nPayload Too Large"), "{answer}");

    // Announced over the limit with `Expect: 100-continue`: refused without `100 Continue`, and
    // before any of the body is sent.
    let over = format!(
        "Expect: 100-continue\r\nContent-Length: {}\r\n",
        BODY_LIMIT + 1
    );
    for (head, body) in [
        (open2b_head(&over), "Payload Too Large"),
        (
            magento_head(&over),
            r#"{"message":"Request Entity Too Large"}"#,
        ),
    ] {
        let answer = exchange_raw(&shop, &head, b"").await;
        assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
        assert!(!answer.contains("100 Continue"), "{answer}");
        assert!(answer.ends_with(body), "{answer}");
    }
    assert_eq!(shop.store.open2b_customer(SHERLOCK).unwrap(), before);
}

async fn preflight(shop: &RunningShop, origin: &str) -> Option<String> {
    let answer = reqwest::Client::new()
        .request(
            reqwest::Method::OPTIONS,
            format!("{}{OPEN2B_UPDATE}", shop.base_url()),
        )
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "x-customer-key, content-type",
        )
        .send()
        .await
        .unwrap();
    answer
        .headers()
        .get("access-control-allow-origin")
        .map(|value| value.to_str().unwrap().to_owned())
}

#[tokio::test]
async fn only_local_pages_and_named_origins_may_call_it_from_a_browser() {
    let shop = RunningShop::start(&default_fixture()).await.unwrap();
    for origin in [
        "http://127.0.0.1:41234",
        "http://localhost:5173",
        "http://[::1]:8080",
    ] {
        assert_eq!(preflight(&shop, origin).await.as_deref(), Some(origin));
    }
    for origin in [
        "null",
        "http://evil.example",
        "http://localhost.evil.example",
    ] {
        assert_eq!(preflight(&shop, origin).await, None, "{origin}");
    }
    // An answer to a call a page could send without a preflight does not let it read the answer
    // either.
    let read = reqwest::Client::new()
        .post(format!("{}{OPEN2B_UPDATE}", shop.base_url()))
        .header("Origin", "null")
        .header("Content-Type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert!(read.headers().get("access-control-allow-origin").is_none());

    let named = shop_with(ServeOptions {
        origins: AllowedOrigins::with(vec![parse_origin("https://app.example.com").unwrap()]),
        ..ServeOptions::default()
    })
    .await;
    assert_eq!(
        preflight(&named, "https://app.example.com")
            .await
            .as_deref(),
        Some("https://app.example.com")
    );
    assert_eq!(preflight(&named, "https://other.example.com").await, None);
    assert!(preflight(&named, "http://localhost:3000").await.is_some());
}

#[test]
fn the_command_line_refuses_null_and_any_origin() {
    let binary = env!("CARGO_BIN_EXE_reference-shop");
    for origin in ["null", "*"] {
        let output = Command::new(binary)
            .args(["--db", ":memory:", "--seed-only", "--allow-origin", origin])
            .output()
            .unwrap();
        assert!(!output.status.success());
        let message = String::from_utf8_lossy(&output.stderr);
        assert!(message.contains("cannot be allowed"), "{message}");
    }
}

#[test]
fn a_mistyped_fixture_is_refused_without_its_secrets() {
    let token = "eyJraWQiOiIxIiwiYWxnIjoiSFMyNTYifQ.never.shown";
    let key = "k3y-Zq4xW9pL2mN7vB3cK8tR5yH1-never-shown";
    let dir = std::env::temp_dir().join(format!("reference-shop-secrets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let binary = env!("CARGO_BIN_EXE_reference-shop");
    for (name, fixture) in [
        (
            "token-as-string",
            json!({"magento": {"admin_tokens": token}}),
        ),
        (
            "token-as-object",
            json!({"magento": {"admin_tokens": [{"token": token}]}}),
        ),
        (
            "key-as-customer",
            json!({"open2b": {"customers": [{"key": key, "customer": key}]}}),
        ),
        ("key-alone", json!({"open2b": {"customers": [key]}})),
    ] {
        let path = dir.join(format!("{name}.json"));
        std::fs::write(&path, serde_json::to_string_pretty(&fixture).unwrap()).unwrap();
        let output = Command::new(binary)
            .args(["--seed-only", "--db", ":memory:", "--fixtures"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(!output.status.success(), "{name}");
        let printed = String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr);
        assert!(printed.contains("is not valid"), "{name}: {printed}");
        for secret in [token, key] {
            assert!(!printed.contains(secret), "{name}: {printed}");
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
