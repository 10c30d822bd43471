//! `customer fingerprint` against the reference shop served in this process from a database
//! file, and `--profile` on `validate`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use customer_rules::magento::Profile;
use reference_shop::{Fixture, RunningShop, ServeOptions, ShopClock, Store};

const BIN: &str = env!("CARGO_BIN_EXE_customer");

fn fixture() -> Fixture {
    Fixture::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/default.json"))
        .unwrap()
}

/// A shop of `profile` (and `config` paths) serving a database file in `dir`; the runtime serves
/// it while the test waits for the command.
struct Shop {
    shop: RunningShop,
    database: PathBuf,
    _runtime: tokio::runtime::Runtime,
}

impl Shop {
    fn start(dir: &Path, profile: &str, config: &[(&str, &str)]) -> Shop {
        let mut fixture = fixture();
        fixture.magento.version = Profile::parse(profile).unwrap();
        for (path, value) in config {
            fixture
                .magento
                .config
                .insert((*path).to_owned(), (*value).to_owned());
        }
        let database = dir.join("shop.sqlite");
        let path = database.to_str().unwrap().to_owned();
        // Seeded, then closed so that the WAL is folded into the file, then served again.
        Store::open(&path, ShopClock::System)
            .unwrap()
            .seed(&fixture)
            .unwrap();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let store = Arc::new(Store::open(&path, ShopClock::System).unwrap());
        let shop = runtime
            .block_on(RunningShop::serving(store, ServeOptions::default()))
            .unwrap();
        Shop {
            shop,
            database,
            _runtime: runtime,
        }
    }

    /// The database file's bytes and its WAL's: every committed write is in one of them.
    fn bytes(&self) -> (Vec<u8>, Vec<u8>) {
        let wal = PathBuf::from(format!("{}-wal", self.database.display()));
        (
            std::fs::read(&self.database).unwrap(),
            std::fs::read(wal).unwrap_or_default(),
        )
    }
}

fn fingerprint(base_url: &str, dir: &Path, customer: &str) -> Output {
    fingerprint_as(base_url, dir, customer, "text")
}

fn fingerprint_as(base_url: &str, dir: &Path, customer: &str, format: &str) -> Output {
    let token = dir.join("token");
    std::fs::write(&token, &fixture().magento.admin_tokens[0]).unwrap();
    Command::new(BIN)
        .args(["fingerprint", "--base-url", base_url, "--token-file"])
        .arg(&token)
        .args(["--customer-id", customer, "--format", format])
        .env_remove("MAGENTO_TOKEN")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_shop_is_found_with_the_evidence_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let shop = Shop::start(dir.path(), "2.4.7-p2+ACSD-66093", &[]);
    let before = shop.bytes();
    let output = fingerprint(&shop.shop.base_url(), dir.path(), "1");
    let stdout = text(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        text(&output.stderr)
    );
    assert!(
        stdout.contains("profile: 2.4.7-p1…2.4.7-p3+ACSD-66093\n"),
        "{stdout}"
    );
    assert!(stdout.contains("probe 1: "), "{stdout}");
    assert!(stdout.contains("  answer: HTTP 400 {"), "{stdout}");
    assert!(stdout.contains("configure: {\"version\": \"2.4.7-p3+ACSD-66093\"}"));
    assert!(
        stdout.contains("on the install: Name.php Name 75d460358970ce79b74141af158266c3ceb37d89\n"),
        "{stdout}"
    );
    assert!(stdout.contains("calls: 1 GET, "), "{stdout}");
    let json = fingerprint_as(&shop.shop.base_url(), dir.path(), "1", "json");
    assert_eq!(json.status.code(), Some(0));
    let document: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(document["class"]["name"], "2.4.7-p1…2.4.7-p3+ACSD-66093");
    assert_eq!(document["class"]["profiles"][0], "2.4.7-p1+ACSD-66093");
    assert!(document["evidence"][0]["answer"]["status"] == 400);
    assert_eq!(shop.bytes(), before, "the database changed");
}

#[test]
fn answers_of_a_shop_configured_otherwise_are_unknown() {
    let dir = tempfile::tempdir().unwrap();
    // Only Great Britain allowed: the probe address in the United States is refused too, which
    // no profile does at install.
    let shop = Shop::start(dir.path(), "2.4.8-p5", &[("general/country/allow", "GB")]);
    let output = fingerprint(&shop.shop.base_url(), dir.path(), "1");
    let stdout = text(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{stdout}{}",
        text(&output.stderr)
    );
    assert!(
        stdout.contains("profile: unknown; these answers fit no profile:\n"),
        "{stdout}"
    );
    assert!(stdout.contains("\"value\":\"US\""), "{stdout}");
}

#[test]
fn an_unreachable_shop_or_an_unknown_customer_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let shop = Shop::start(dir.path(), "2.4.8-p5", &[]);
    let output = fingerprint(&shop.shop.base_url(), dir.path(), "999");
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("No such entity"));
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = closed.local_addr().unwrap();
    drop(closed);
    let output = fingerprint(&format!("http://{address}"), dir.path(), "1");
    assert_eq!(output.status.code(), Some(2));
    let output = Command::new(BIN)
        .args([
            "fingerprint",
            "--base-url",
            "http://127.0.0.1:1",
            "--customer-id",
            "1",
        ])
        .env_remove("MAGENTO_TOKEN")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("--token-file or set MAGENTO_TOKEN"));
}

#[test]
fn validate_takes_a_profile_in_place_of_the_configuration_version() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records.ndjson");
    // The webapi `<script>` check exists from 2.4.8 on (in a tax number, which no other check
    // reads; a name's own check refuses `<` in every release).
    std::fs::write(
        &records,
        "{\"id\": 1, \"customer\": {\"taxvat\": \"<script>x</script>\"}}\n",
    )
    .unwrap();
    let validate = |profile: Option<&str>| {
        let mut command = Command::new(BIN);
        command.args(["validate", "--platform", "magento"]);
        if let Some(profile) = profile {
            command.args(["--profile", profile]);
        }
        command.arg(&records).output().unwrap()
    };
    assert_eq!(validate(None).status.code(), Some(1));
    assert_eq!(validate(Some("2.4.8-p5")).status.code(), Some(1));
    assert_eq!(validate(Some("2.4.7-p9")).status.code(), Some(0));
    let refused = validate(Some("2.4.6"));
    assert_eq!(refused.status.code(), Some(2));
    let stderr = text(&refused.stderr);
    assert!(
        stderr.contains("unknown Magento release \"2.4.6\"; known releases: 2.4.7, "),
        "{stderr}"
    );
    let open2b = Command::new(BIN)
        .args(["validate", "--platform", "open2b", "--profile", "2.4.8"])
        .arg(&records)
        .output()
        .unwrap();
    assert_eq!(open2b.status.code(), Some(2));
    assert!(text(&open2b.stderr).contains("Open2b has none"));
}
