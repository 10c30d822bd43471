//! The `customer` binary against the reference shop, served in this process behind a layer that
//! counts every update call and every read call per customer and notes when each arrived.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::Request;
use axum::middleware::{self, Next};
use reference_shop::{Fixture, ShopClock, Store};
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_customer");
const DEFAULT_FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/fixtures/default.json"
);
const MAGENTO_TOKEN: &str = "eyJraWQiOiIxIiwiYWxnIjoiSFMyNTYifQ.admin.token";

/// Calls seen by the shop: customer (Open2b key or Magento path) → arrival times.
type Calls = Arc<Mutex<HashMap<String, Vec<Instant>>>>;

struct CountingShop {
    base_url: String,
    store: Arc<Store>,
    /// Updates: Open2b's `storefront.update-customer`, Magento's `PUT`.
    calls: Calls,
    /// Reads: Open2b's `storefront.customer`, Magento's `GET`.
    reads: Calls,
    _runtime: tokio::runtime::Runtime,
}

impl CountingShop {
    fn start(fixture: &Fixture, delay: Duration) -> CountingShop {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let store = Arc::new(Store::open(":memory:", ShopClock::System).unwrap());
        store.seed(fixture).unwrap();
        let (calls, reads) = (Calls::default(), Calls::default());
        let (updates_seen, reads_seen) = (calls.clone(), reads.clone());
        let app = reference_shop::router(store.clone()).layer(middleware::from_fn(
            move |request: Request, next: Next| {
                let (updates_seen, reads_seen) = (updates_seen.clone(), reads_seen.clone());
                async move {
                    let customer = match request.headers().get("x-customer-key") {
                        Some(key) => key.to_str().unwrap_or("").to_owned(),
                        None => request.uri().path().to_owned(),
                    };
                    let read = request.method() == "GET"
                        || request.uri().path() == "/api/v10/storefront.customer";
                    let counted = if read { reads_seen } else { updates_seen };
                    counted
                        .lock()
                        .unwrap()
                        .entry(customer)
                        .or_default()
                        .push(Instant::now());
                    tokio::time::sleep(delay).await;
                    next.run(request).await
                }
            },
        ));
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        runtime.spawn(async move { axum::serve(listener, app).await.unwrap() });
        CountingShop {
            base_url,
            store,
            calls,
            reads,
            _runtime: runtime,
        }
    }

    fn count(&self, customer: &str) -> usize {
        self.calls.lock().unwrap().get(customer).map_or(0, Vec::len)
    }

    fn reads_of(&self, customer: &str) -> usize {
        self.reads.lock().unwrap().get(customer).map_or(0, Vec::len)
    }

    fn counts(&self) -> HashMap<String, usize> {
        let calls = self.calls.lock().unwrap();
        calls.iter().map(|(k, v)| (k.clone(), v.len())).collect()
    }
}

/// An Open2b store with `n` customers keyed `key-0000`, `key-0001`, …
fn open2b_fixture(n: usize) -> Fixture {
    let customers: Vec<Value> = (0..n)
        .map(|i| json!({"key": format!("key-{i:04}"), "customer": {"billingAddress": {"firstName": "Old"}}}))
        .collect();
    serde_json::from_value(json!({"open2b": {"customers": customers}})).unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn first_name(shop: &CountingShop, key: &str) -> String {
    shop.store
        .open2b_customer(key)
        .unwrap()
        .unwrap()
        .billing_address
        .first_name
}

/// One NDJSON line setting `firstName` of `key-{i}` to `New{i}`.
fn update_line(i: usize) -> String {
    json!({"key": format!("key-{i:04}"), "customer": {"billingAddress": {"firstName": format!("New{i}")}}})
        .to_string()
}

#[test]
fn a_push_of_2000_records_sends_each_once_and_lists_the_refused_ones() {
    let shop = CountingShop::start(&open2b_fixture(2000), Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let mut lines: Vec<String> = (0..2000).map(update_line).collect();
    // Line 101: predicted by the rules, never sent. Line 501: an unknown customer key (403).
    // Line 1001: a cart the store does not have (only the shop knows).
    lines[100] =
        json!({"key": "key-0100", "customer": {"billingAddress": {"firstName": "A".repeat(30)}}})
            .to_string();
    lines[500] = json!({"key": "nobody", "customer": {"invoiceRecipient": "AB7TR6K"}}).to_string();
    lines[1000] =
        json!({"key": "key-1000", "customer": {"cart": "0123456789abcdef0123456789abcdef"}})
            .to_string();
    let input = write(dir.path(), "updates.ndjson", &(lines.join("\n") + "\n"));
    let journal = dir.path().join("updates.journal");
    let rejects = dir.path().join("rejects.ndjson");

    let started = Instant::now();
    let output = run(&[
        "push",
        "--platform",
        "open2b",
        "--base-url",
        &shop.base_url,
        "--rate-limit",
        "off",
        "--concurrency",
        "8",
        "--journal",
        journal.to_str().unwrap(),
        "--rejects",
        rejects.to_str().unwrap(),
        input.to_str().unwrap(),
    ]);
    let elapsed = started.elapsed();
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));

    // The records as written, but for their customer keys (of 8 characters or fewer: `…`).
    let shown = |line: &str| {
        let mut record = serde_json::from_str::<Value>(line).unwrap();
        record["key"] = json!("…");
        record
    };
    let expected = [
        json!({"line": 101, "stage": "predicted", "status": 200,
               "message": "customer.billingAddress.firstName: FirstName is not a valid value",
               "record": shown(&lines[100])}),
        json!({"line": 501, "stage": "shop", "status": 403, "message": "Forbidden",
               "record": shown(&lines[500])}),
        json!({"line": 1001, "stage": "shop", "status": 200,
               "message": "cart NotFound: Cart '0123456789abcdef0123456789abcdef' does not exist",
               "record": shown(&lines[1000])}),
    ]
    .iter()
    .map(|reject| reject.to_string() + "\n")
    .collect::<String>();
    assert_eq!(std::fs::read_to_string(&rejects).unwrap(), expected);

    for i in (0..2000).filter(|i| ![100, 500, 1000].contains(i)) {
        let key = format!("key-{i:04}");
        assert_eq!(shop.count(&key), 1, "{key}");
        assert_eq!(first_name(&shop, &key), format!("New{i}"));
    }
    assert_eq!(
        shop.count("key-0100"),
        0,
        "a predicted refusal is never sent"
    );
    assert_eq!(shop.reads_of("key-0100"), 0, "nor its customer read");
    assert_eq!(shop.reads_of("key-0000"), 1, "each customer read once");
    assert_eq!(first_name(&shop, "key-0100"), "Old");
    let summary = text(&output.stdout);
    assert!(summary.contains("ok            1997"), "{summary}");
    let messages = text(&output.stderr);
    let shown = format!(
        "{}:501: rejected by the shop (HTTP 403): Forbidden",
        input.display()
    );
    assert!(messages.contains(&shown), "{messages}");

    // Resuming a finished run sends nothing, and still reports the refused records.
    let calls = shop.counts();
    let output = run(&[
        "push",
        "--platform",
        "open2b",
        "--base-url",
        &shop.base_url,
        "--rate-limit",
        "off",
        "--journal",
        journal.to_str().unwrap(),
        "--rejects",
        rejects.to_str().unwrap(),
        "--resume",
        input.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    assert_eq!(shop.counts(), calls);
    assert_eq!(std::fs::read_to_string(&rejects).unwrap(), expected);
    eprintln!("2,000 records pushed in {elapsed:.1?}");
}

#[test]
fn a_killed_push_resumes_without_resending_or_skipping() {
    const N: usize = 400;
    let shop = CountingShop::start(&open2b_fixture(N), Duration::from_millis(10));
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<String> = (0..N).map(update_line).collect();
    let input = write(dir.path(), "updates.ndjson", &(lines.join("\n") + "\n"));
    let journal = dir.path().join("updates.journal");
    let args = |resume: bool| {
        let mut args = vec![
            "push".to_owned(),
            "--platform".into(),
            "open2b".into(),
            "--base-url".into(),
            shop.base_url.clone(),
            "--rate-limit".into(),
            "off".into(),
            "--journal".into(),
            journal.to_str().unwrap().into(),
            "--rejects".into(),
            dir.path().join("rejects").to_str().unwrap().into(),
            input.to_str().unwrap().into(),
        ];
        if resume {
            args.push("--resume".into());
        }
        args
    };

    let mut child = Command::new(BIN)
        .args(args(false))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::fs::read_to_string(&journal).map_or(0, |t| t.lines().count()) < N / 2 {
        assert!(Instant::now() < deadline, "the push made no progress");
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    std::thread::sleep(Duration::from_millis(100)); // let the calls in flight land
    let before = shop.counts();
    let acknowledged: std::collections::HashSet<usize> = std::fs::read_to_string(&journal)
        .unwrap()
        .lines()
        .skip(1)
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .map(|entry| entry["line"].as_u64().unwrap() as usize)
        .collect();
    assert!(
        acknowledged.len() >= N / 2 - 1 && acknowledged.len() < N,
        "killed halfway"
    );

    let output = Command::new(BIN).args(args(true)).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));

    let after = shop.counts();
    let mut resent = 0;
    for i in 0..N {
        let key = format!("key-{i:04}");
        let (was, now) = (before.get(&key).copied().unwrap_or(0), after[&key]);
        if acknowledged.contains(&(i + 1)) {
            assert_eq!((was, now), (1, 1), "{key}: acknowledged, never sent again");
        } else if was == 0 {
            assert_eq!(now, 1, "{key}: not sent before the kill, sent once after");
        } else {
            // In flight at the kill: delivered but not journaled, so sent again (idempotent).
            assert_eq!((was, now), (1, 2), "{key}");
            resent += 1;
        }
        assert_eq!(first_name(&shop, &key), format!("New{i}"));
    }
    assert!(
        resent <= 4,
        "at most --concurrency updates were in flight: {resent}"
    );
}

#[test]
fn the_rate_limit_holds_in_every_window() {
    let shop = CountingShop::start(&open2b_fixture(10), Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<String> = (0..10).map(update_line).collect();
    let input = write(dir.path(), "updates.ndjson", &lines.join("\n"));
    let started = Instant::now();
    let output = run(&[
        "push",
        "--platform",
        "open2b",
        "--base-url",
        &shop.base_url,
        "--rate-limit",
        "3/500ms",
        "--concurrency",
        "8",
        "--journal",
        dir.path().join("j").to_str().unwrap(),
        "--rejects",
        dir.path().join("r").to_str().unwrap(),
        input.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    // 10 reads and 10 updates at 3 calls per 500 ms: the 20th starts 3 s after the first.
    assert!(started.elapsed() >= Duration::from_millis(3000));
    let mut arrivals: Vec<Instant> = [&shop.calls, &shop.reads]
        .iter()
        .flat_map(|calls| {
            calls
                .lock()
                .unwrap()
                .values()
                .flatten()
                .copied()
                .collect::<Vec<_>>()
        })
        .collect();
    arrivals.sort();
    assert_eq!(arrivals.len(), 20);
    for window in arrivals.windows(4) {
        // Any 4 calls span at least the window (less a little network jitter).
        assert!(
            window[3] - window[0] >= Duration::from_millis(450),
            "{:?}",
            window[3] - window[0]
        );
    }
}

#[test]
fn validate_reports_each_violation_at_its_ndjson_line_with_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let good = json!({"key": "k", "customer": {"cart": null}}).to_string();
    let bad =
        json!({"key": "k", "customer": {"billingAddress": {"firstName": "", "country": "XX"}}})
            .to_string();
    let file = write(dir.path(), "in.ndjson", &format!("{good}\n\n{bad}\n"));
    let path = file.to_str().unwrap();

    let output = run(&["validate", "--platform", "open2b", path]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stdout),
        format!(
            "{path}:3: customer.billingAddress.firstName: FirstName is not a valid value \
             [open2b/is-not-a-valid-value]\n\
             {path}:3: customer.billingAddress.country: Country is not a valid value \
             [open2b/is-not-a-valid-value]\n\
             2 problems in 1 of 2 records\n"
        )
    );

    let clean = write(dir.path(), "clean.ndjson", &format!("{good}\n{good}\n"));
    let output = run(&["validate", "--platform", "open2b", clean.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(text(&output.stdout), "0 problems in 0 of 2 records\n");

    let broken = write(
        dir.path(),
        "broken.ndjson",
        &format!("{good}\n{{\"customer\":\n"),
    );
    let output = run(&["validate", "--platform", "open2b", broken.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).starts_with(&format!("{}:2: not JSON", broken.display())));

    let output = run(&["validate", "--platform", "open2b", "/nonexistent/file.json"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn validate_reads_on_past_a_broken_line_and_takes_arrays_and_byte_order_marks() {
    let dir = tempfile::tempdir().unwrap();
    // A JSON array, pretty-printed, as a spreadsheet export writes it: a byte order mark first.
    let array = format!(
        "\u{feff}[\n  {},\n  {},\n  {}\n]\n",
        json!({"key": "k", "customer": {"cart": null}}),
        json!({"key": "k", "customer": {"billingAddress": {"country": "XX"}}}),
        json!({"key": "k", "customer": {"cart": null}}),
    );
    let array = write(dir.path(), "export.json", &array);
    // NDJSON with a broken line 2, and a member name holding a line break on line 3.
    let lines = format!(
        "{}\n{{\"customer\": \n{}\n",
        json!({"key": "k", "customer": {"cart": null}}),
        json!({"key": "k", "customer": {"cart\nx": 1}}),
    );
    let ndjson = write(dir.path(), "more.ndjson", &lines);
    let (array, ndjson) = (array.to_str().unwrap(), ndjson.to_str().unwrap());

    let output = run(&["validate", "--platform", "open2b", array, ndjson]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let printed: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        printed,
        [
            format!(
                "{array}:3: customer.billingAddress.country: Country is not a valid value \
                 [open2b/is-not-a-valid-value]"
            ),
            format!(
                "{ndjson}:3: customer.cart / x: Field 'cart / x' is unknown \
                 [open2b/field-is-unknown]"
            ),
            "2 problems in 2 of 5 records; 1 input not readable".to_owned(),
        ]
    );
    assert_eq!(
        text(&output.stderr),
        format!("{ndjson}:2: not JSON: EOF while parsing a value (column 13)\n")
    );
}

#[test]
fn validate_writes_github_annotations_and_rule_ids_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "in.ndjson",
        &format!(
            "{}\nnot json\n",
            json!({"key": "k", "customer": {
                "billingAddress": {"country": "XX"},
                "cart": "0123456789abcdef0123456789abcdef",
            }})
        ),
    );
    let path = file.to_str().unwrap();
    let output = run(&[
        "validate",
        "--platform",
        "open2b",
        "--format",
        "github",
        path,
    ]);
    assert_eq!(output.status.code(), Some(2));
    let file_property = path.replace(':', "%3A").replace(',', "%2C");
    assert_eq!(
        text(&output.stdout),
        format!(
            "::warning file={file_property},line=1,title=open2b/cart-does-not-exist::\
             customer.cart: Whether cart '0123456789abcdef0123456789abcdef' exists is unknown: \
             the shop's carts were not given (needs context: not decided)\n\
             ::error file={file_property},line=1,title=open2b/is-not-a-valid-value::\
             customer.billingAddress.country: Country is not a valid value\n\
             ::error file={file_property},line=2,title=unreadable::not JSON: expected ident \
             (column 2)\n"
        )
    );
    assert_eq!(
        text(&output.stderr),
        "1 problem in 1 of 1 record; 1 check not decided (needs context); 1 input not readable\n"
    );

    let output = run(&["validate", "--platform", "open2b", "--format", "json", path]);
    let lines: Vec<Value> = text(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(
        lines[0]["violations"][0]["rule"],
        "open2b/cart-does-not-exist"
    );
    assert_eq!(lines[0]["violations"][0]["needs_context"], true);
    assert_eq!(
        lines[0]["violations"][1]["rule"],
        "open2b/is-not-a-valid-value"
    );
    assert_eq!(
        lines[1],
        json!({"file": path, "line": 2, "unreadable": "not JSON: expected ident (column 2)"})
    );
}

#[test]
fn a_magento_push_reads_each_customer_and_holds_back_what_she_makes_refused() {
    // Nora's first name was stored before the shop's name check refused `<`: every save of her
    // is refused, whatever the body, and only her stored record tells.
    let mut fixture: Value =
        serde_json::from_str(&std::fs::read_to_string(DEFAULT_FIXTURE).unwrap()).unwrap();
    let customers = fixture["magento"]["customers"].as_array_mut().unwrap();
    let nora = customers.iter_mut().find(|c| c["id"] == 4).unwrap();
    nora["firstname"] = json!("Nora<");
    let shop = CountingShop::start(&serde_json::from_value(fixture).unwrap(), Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let token = write(dir.path(), "token", MAGENTO_TOKEN);
    let input = write(
        dir.path(),
        "in.ndjson",
        &[
            json!({"id": 4, "customer": {"lastname": "Smith"}}).to_string(),
            json!({"id": 2, "customer": {"lastname": "Smythe"}}).to_string(),
        ]
        .join("\n"),
    );
    let push = |run: &str, extra: &[&str]| {
        let mut args = vec![
            "push".to_owned(),
            "--platform".into(),
            "magento".into(),
            "--base-url".into(),
            shop.base_url.clone(),
            "--token-file".into(),
            token.to_str().unwrap().into(),
            "--journal".into(),
            dir.path()
                .join(format!("{run}.journal"))
                .to_str()
                .unwrap()
                .into(),
            "--rejects".into(),
            dir.path()
                .join(format!("{run}.rejects"))
                .to_str()
                .unwrap()
                .into(),
        ];
        args.extend(extra.iter().map(|arg| (*arg).to_owned()));
        args.push(input.to_str().unwrap().into());
        Command::new(BIN).args(args).output().unwrap()
    };
    let reject = |run: &str| -> Value {
        let rejects = std::fs::read_to_string(dir.path().join(format!("{run}.rejects"))).unwrap();
        serde_json::from_str(rejects.trim()).unwrap()
    };
    let nora = "/rest/default/V1/customers/4";

    let output = push("read", &[]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let refused = reject("read");
    assert_eq!(
        (&refused["line"], &refused["stage"], &refused["status"]),
        (&json!(1), &json!("predicted"), &json!(400))
    );
    assert_eq!(
        refused["message"],
        "customer.firstname: First Name is not valid!"
    );
    assert_eq!(
        (shop.reads_of(nora), shop.count(nora)),
        (1, 0),
        "read, not sent"
    );
    assert_eq!(
        shop.store.magento_customer(2).unwrap().unwrap().lastname,
        "Smythe"
    );

    // Told not to read, only what the body carries is checked: it is sent, and refused.
    let output = push("no-read", &["--no-read"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let refused = reject("no-read");
    assert_eq!(
        (&refused["stage"], &refused["status"], &refused["message"]),
        (
            &json!("shop"),
            &json!(400),
            &json!("First Name is not valid!")
        )
    );
    assert_eq!((shop.reads_of(nora), shop.count(nora)), (1, 1));
}

#[test]
fn validate_magento_with_the_stored_customer_and_json_output() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "in.ndjson",
        &json!({"id": 1, "customer": {"firstname": "John<"}}).to_string(),
    );
    let output = run(&[
        "validate",
        "--platform",
        "magento",
        "--context",
        DEFAULT_FIXTURE,
        "--format",
        "json",
        file.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let line: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(line["line"], 1);
    assert_eq!(
        line["response"],
        json!({"status": 400, "body": {"message": "First Name is not valid!"}})
    );
    assert_eq!(line["violations"][0]["path"], "customer.firstname");

    // Without the stored customer, the values the body carries are still checked, and what
    // depends on her is not decided.
    let file = write(
        dir.path(),
        "bodies.ndjson",
        &[
            json!({"id": 1, "customer": {"nickname": "J"}}),
            json!({"id": 1, "customer": {"firstname": "John<"}}),
            json!({"id": 1, "customer": {"lastname": "Smith"}}),
        ]
        .map(|record| record.to_string())
        .join("\n"),
    );
    let path = file.to_str().unwrap();
    let output = run(&["validate", "--platform", "magento", path]);
    assert_eq!(output.status.code(), Some(1));
    let not_given = "customer: The stored customer is not given: the fields the body leaves out, \
                     and the customer the shop answers with, are known only to the shop. \
                     (needs context: not decided) [magento/the-stored-customer-is-not-given-the-fields]";
    assert_eq!(
        text(&output.stdout),
        format!(
            "{path}:1: customer.nickname: \"Nickname\" is not supported. Correct the field name \
             and try again. [magento/is-not-supported-correct-the-field-name-and]\n\
             {path}:2: {not_given}\n\
             {path}:2: customer.firstname: First Name is not valid! \
             [magento/first-name-is-not-valid]\n\
             {path}:3: {not_given}\n\
             2 problems in 2 of 3 records; 2 checks not decided (needs context)\n"
        )
    );
}

#[test]
fn validate_speaks_the_store_views_language_with_its_language_packs() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "in.ndjson",
        &json!({"id": 1, "customer": {"firstname": "", "dob": "2099-01-01"}}).to_string(),
    );
    let path = file.to_str().unwrap();
    let german = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/dictionaries/de_DE.csv"
    );
    let magento = [
        "validate",
        "--platform",
        "magento",
        "--context",
        DEFAULT_FIXTURE,
    ];
    let output = run(&[&magento[..], &["--dictionary", german, path]].concat());
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    // The label and the EAV template are phrases; 2.4.8's date-of-birth line is a plain string,
    // which the pack translates as a whole message (a violation reads as the shop shows the
    // problem alone); the rule ids stay the source's.
    assert_eq!(
        text(&output.stdout),
        format!(
            "{path}:1: customer.firstname: \"Vorname\" ist ein erforderlicher Wert. \
             [magento/is-a-required-value]\n\
             {path}:1: customer.dob: Das Geburtsdatum sollte nicht größer als heute sein. \
             [magento/the-date-of-birth-should-not-be-greater]\n\
             2 problems in 1 of 1 record\n"
        )
    );

    let broken = write(
        dir.path(),
        "broken.csv",
        "\"First Name\",\"Vorname\"\n\"Email,E-Mail\n",
    );
    let output = run(&[
        &magento[..],
        &["--dictionary", broken.to_str().unwrap(), path],
    ]
    .concat());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains(&format!("{}:2: a quoted field", broken.display())),
        "{}",
        text(&output.stderr)
    );

    let output = run(&[
        "validate",
        "--platform",
        "open2b",
        "--dictionary",
        german,
        path,
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("Open2b documents its own in English only"));
}

#[test]
fn a_magento_push_uses_the_token_file_and_never_prints_the_token() {
    let fixture = Fixture::load(Path::new(DEFAULT_FIXTURE)).unwrap();
    let shop = CountingShop::start(&fixture, Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let token = write(dir.path(), "token", &format!("{MAGENTO_TOKEN}\n"));
    let input = write(
        dir.path(),
        "in.ndjson",
        &[
            json!({"id": 4, "customer": {"lastname": "Smith"}}).to_string(),
            json!({"id": 999, "customer": {"lastname": "Nobody"}}).to_string(),
        ]
        .join("\n"),
    );
    let rejects = dir.path().join("rejects");
    let args = |token_file: &str| {
        vec![
            "push".to_owned(),
            "--platform".into(),
            "magento".into(),
            "--base-url".into(),
            shop.base_url.clone(),
            "--token-file".into(),
            token_file.into(),
            "--journal".into(),
            dir.path()
                .join(format!("j{}", token_file.len()))
                .to_str()
                .unwrap()
                .into(),
            "--rejects".into(),
            rejects.to_str().unwrap().into(),
            input.to_str().unwrap().into(),
        ]
    };
    let output = Command::new(BIN)
        .args(args(token.to_str().unwrap()))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let printed = text(&output.stdout) + &text(&output.stderr);
    assert!(!printed.contains(MAGENTO_TOKEN));
    assert_eq!(
        shop.store.magento_customer(4).unwrap().unwrap().lastname,
        "Smith"
    );
    let reject: Value =
        serde_json::from_str(std::fs::read_to_string(&rejects).unwrap().trim()).unwrap();
    assert_eq!(reject["line"], 2);
    assert_eq!(reject["status"], 404);

    // A wrong token is refused by the shop, and not printed either.
    let wrong = write(dir.path(), "wrong-token", "not-the-token-xyz");
    let output = Command::new(BIN)
        .args(args(wrong.to_str().unwrap()))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(!(text(&output.stdout) + &text(&output.stderr)).contains("not-the-token-xyz"));

    // Without a token: a usage error before anything is sent.
    let output = Command::new(BIN)
        .args([
            "push",
            "--platform",
            "magento",
            "--base-url",
            &shop.base_url,
            "--dry-run",
            input.to_str().unwrap(),
        ])
        .env_remove("MAGENTO_TOKEN")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "a dry run needs no token");
    assert!(text(&output.stdout).contains("2 of 2 records would be sent"));
}

#[test]
fn diff_prints_the_smallest_update() {
    let dir = tempfile::tempdir().unwrap();
    let before = write(
        dir.path(),
        "before.json",
        &json!({"invoiceRecipient": "", "cart": "c"}).to_string(),
    );
    let after = write(
        dir.path(),
        "after.json",
        &json!({"invoiceRecipient": "AB7TR6K"}).to_string(),
    );
    let output = run(&[
        "diff",
        "--platform",
        "open2b",
        before.to_str().unwrap(),
        after.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0));
    let update: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        update,
        json!({"customer": {"cart": null, "invoiceRecipient": "AB7TR6K"}})
    );
}

/// Every file in `dir` and both streams of every output, as one text.
fn everything_written(dir: &Path, outputs: &[&Output]) -> String {
    let mut all = String::new();
    for output in outputs {
        all += &text(&output.stdout);
        all += &text(&output.stderr);
    }
    for entry in std::fs::read_dir(dir).unwrap() {
        all += &text(&std::fs::read(entry.unwrap().path()).unwrap());
    }
    all
}

#[test]
fn no_key_or_token_reaches_an_output_or_a_file() {
    const KEY: &str = "secret-key-0001-Zq4xW9pL2mN7vB3cK8tR5yH1";
    const ANOTHER: &str = "secret-key-0002-Zq4xW9pL2mN7vB3cK8tR5yH1";
    const UNKNOWN: &str = "secret-key-9999-unknown-to-the-shop";
    const TOKEN: &str = "eyJraWQiOiIxIiwiYWxnIjoiSFMyNTYifQ.secret.token";
    let fixture: Fixture = serde_json::from_value(json!({"open2b": {
        "customers": [
            {"key": KEY, "customer": {"billingAddress": {"firstName": "Old"}}},
            {"key": ANOTHER, "customer": {"billingAddress": {"firstName": "Old"}}},
        ],
    }}))
    .unwrap();
    let shop = CountingShop::start(&fixture, Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let outputs = tempfile::tempdir().unwrap();
    // Accepted, refused by the rules, refused by the shop.
    let input = write(
        dir.path(),
        "updates.ndjson",
        &[
            json!({"key": KEY, "customer": {"billingAddress": {"firstName": "New"}}}),
            json!({"key": ANOTHER, "customer": {"billingAddress": {"firstName": "A".repeat(30)}}}),
            json!({"key": UNKNOWN, "customer": {"invoiceRecipient": "AB7TR6K"}}),
        ]
        .map(|record| record.to_string())
        .join("\n"),
    );
    let push = run(&[
        "push",
        "--platform",
        "open2b",
        "--base-url",
        &shop.base_url,
        "--rate-limit",
        "off",
        "--journal",
        outputs.path().join("journal").to_str().unwrap(),
        "--rejects",
        outputs.path().join("rejects").to_str().unwrap(),
        input.to_str().unwrap(),
    ]);
    assert_eq!(push.status.code(), Some(1), "{}", text(&push.stderr));
    let rejects = std::fs::read_to_string(outputs.path().join("rejects")).unwrap();
    assert!(rejects.contains(r#""key":"secr…""#), "{rejects}");
    let validate = run(&["validate", "--platform", "open2b", input.to_str().unwrap()]);

    // Context files whose secrets are mistyped: the reader's message names the place only.
    let contexts = [
        json!({"magento": {"admin_tokens": TOKEN}}),
        json!({"magento": {"admin_tokens": [{"token": TOKEN}]}}),
        json!({"open2b": {"customers": [{"key": KEY, "customer": KEY}]}}),
        json!({"open2b": {"customers": [UNKNOWN]}}),
    ];
    let mut refused = Vec::new();
    for (index, context) in contexts.iter().enumerate() {
        let path = write(
            dir.path(),
            &format!("context-{index}.json"),
            &serde_json::to_string_pretty(context).unwrap(),
        );
        let platform = if index < 2 { "magento" } else { "open2b" };
        let output = run(&[
            "validate",
            "--platform",
            platform,
            "--context",
            path.to_str().unwrap(),
            input.to_str().unwrap(),
        ]);
        assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
        assert!(
            text(&output.stderr).contains(&format!("context-{index}.json: invalid type")),
            "{}",
            text(&output.stderr)
        );
        refused.push(output);
    }
    let mut all: Vec<&Output> = vec![&push, &validate];
    all.extend(refused.iter());
    let written = everything_written(outputs.path(), &all);
    for secret in [KEY, ANOTHER, UNKNOWN, TOKEN] {
        assert!(!written.contains(secret), "{secret} written:\n{written}");
    }
}

#[test]
fn a_journal_with_blank_lines_resumes_and_a_damaged_one_says_where_and_what_to_do() {
    let shop = CountingShop::start(&open2b_fixture(3), Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<String> = (0..3).map(update_line).collect();
    let input = write(dir.path(), "updates.ndjson", &(lines.join("\n") + "\n"));
    let journal = dir.path().join("updates.journal");
    let push = |resume: bool| {
        let mut args = vec![
            "push",
            "--platform",
            "open2b",
            "--base-url",
            &shop.base_url,
            "--rate-limit",
            "off",
            "--journal",
            journal.to_str().unwrap(),
            input.to_str().unwrap(),
        ];
        if resume {
            args.push("--resume");
        }
        Command::new(BIN)
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    assert_eq!(push(false).status.code(), Some(0));
    let mut bytes = std::fs::read(&journal).unwrap();
    bytes.extend_from_slice(b"\n\n");
    std::fs::write(&journal, &bytes).unwrap();
    let resumed = push(true);
    assert_eq!(resumed.status.code(), Some(0), "{}", text(&resumed.stderr));
    assert!(text(&resumed.stdout).contains("skipped          3"));
    assert_eq!(shop.count("key-0001"), 1);

    // Line 3 of the journal (the second outcome) damaged on disk.
    let mut damaged: Vec<Vec<u8>> = bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
    damaged[2] = b"{\"line\":2,\"outc\xff\x00\x13".to_vec();
    std::fs::write(&journal, damaged.join(&b'\n')).unwrap();
    let refused = push(true);
    assert_eq!(refused.status.code(), Some(2));
    let message = text(&refused.stderr);
    assert!(
        message.contains(&format!("{}:3: damaged journal line", journal.display())),
        "{message}"
    );
    assert!(message.contains("remove that line"), "{message}");
    assert_eq!(shop.count("key-0001"), 1, "nothing sent");
}
