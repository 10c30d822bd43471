//! A shop on a database file, so that its tables can be read as a whole before and after.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use customer_rules::{HttpRequest, ShopResponse, magento, open2b};
use reference_shop::{Fixture, ShopClock, Store, router};
use rusqlite::Connection;
use rusqlite::types::ValueRef;

/// The instant every shop of these tests answers at.
pub const NOW: &str = "2026-06-15T12:00:00Z";

/// Sherlock's Open2b customer key in the default fixture.
pub const SHERLOCK: &str = "78FzLADvJ3naIe8d/CJQMA";

/// Watson's Open2b customer key in the default fixture.
pub const WATSON: &str = "RtRi8JWsxKq0cVbN3mWn7yPdLhG2aTfE9uZsYjBo4XiC1vMe6HpQ8rDgUkAlTMwT";

/// The default fixture (`tests/fixtures/default.json`).
pub fn fixture() -> Fixture {
    Fixture::load(&fixtures_dir().join("default.json")).unwrap()
}

/// `tests/fixtures/` of the workspace.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// The Magento admin token of the default fixture.
pub fn admin_token() -> String {
    fixture().magento.admin_tokens[0].clone()
}

/// A fresh path for a database file, removed with its WAL files by [`remove_database`].
pub fn database_path(name: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!(
        "reference-shop-{name}-{}-{:?}.sqlite",
        std::process::id(),
        std::time::SystemTime::now()
    ));
    remove_database(&path);
    path
}

/// Removes a database file and its WAL and shared-memory files.
pub fn remove_database(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

/// Every row of every table, as text, in a stable order.
pub fn dump(path: &Path) -> Vec<String> {
    let connection = Connection::open(path).unwrap();
    let mut rows = Vec::new();
    for (table, order) in [
        ("magento_store", "id"),
        ("magento_customers", "id"),
        ("open2b_store", "id"),
        ("open2b_customers", "key"),
    ] {
        let mut statement = connection
            .prepare(&format!("SELECT * FROM {table} ORDER BY {order}"))
            .unwrap();
        let columns = statement.column_count();
        let mut query = statement.query([]).unwrap();
        while let Some(row) = query.next().unwrap() {
            let values: Vec<String> = (0..columns)
                .map(|i| match row.get_ref(i).unwrap() {
                    ValueRef::Text(text) => String::from_utf8_lossy(text).into_owned(),
                    other => format!("{other:?}"),
                })
                .collect();
            rows.push(format!("{table}: {}", values.join(" | ")));
        }
    }
    rows
}

/// A shop serving the default fixture from a database file, at [`NOW`].
pub struct FileShop {
    /// Its database file.
    pub path: PathBuf,
    /// Its base URL.
    pub base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl FileShop {
    pub async fn start(name: &str) -> FileShop {
        let path = database_path(name);
        let store = Store::open(
            path.to_str().unwrap(),
            ShopClock::Fixed(NOW.parse().unwrap()),
        )
        .unwrap();
        store.seed(&fixture()).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            axum::serve(listener, router(Arc::new(store)))
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await
                .unwrap();
        });
        FileShop {
            path,
            base,
            stop: Some(stop),
        }
    }

    pub fn dump(&self) -> Vec<String> {
        dump(&self.path)
    }
}

impl Drop for FileShop {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        remove_database(&self.path);
    }
}

/// What the rules answer to a request on the default fixture at [`NOW`].
pub fn rules_answer(request: &HttpRequest) -> ShopResponse {
    let fixture = fixture();
    if request.path.starts_with("/rest/") {
        let shop = &fixture.magento;
        let clock = ShopClock::Fixed(NOW.parse().unwrap()).magento(shop.store_config().timezone());
        magento::respond(shop, request, &clock).response
    } else {
        open2b::respond(&fixture.open2b, request).response
    }
}

/// An answer as received.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    /// The body as JSON, or a JSON string of a text body.
    pub body: serde_json::Value,
}

/// Sends `method path` with `headers` and the body bytes.
pub async fn send(
    http: &reqwest::Client,
    base: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> Answer {
    if body.len() > reference_shop::BODY_LIMIT {
        return send_raw(base, method, path, headers, &body).await;
    }
    let mut request = http.request(
        reqwest::Method::from_bytes(method.as_bytes()).unwrap(),
        format!("{base}{path}"),
    );
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.body(body).send().await.unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|value| value.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text));
    Answer {
        status,
        content_type,
        body,
    }
}

/// Sends a request on a bare connection, its path exactly as given (an HTTP client would resolve
/// `%2e%2e`). A body over the shop's limit is written only as far as the shop takes it: the shop
/// answers 413 before reading it all, and closes.
pub async fn send_raw(
    base: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Answer {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let address = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    stream.write_all(head.as_bytes()).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let body = body.to_vec();
    let writing = tokio::spawn(async move {
        // The shop stops reading: a broken pipe here is expected.
        let _ = writer.write_all(&body).await;
        // Kept open until the answer is read: the shop takes a half-closed connection for a
        // client gone.
        writer
    });
    let mut received = Vec::new();
    let _ = reader.read_to_end(&mut received).await;
    writing.abort();
    let text = String::from_utf8_lossy(&received).into_owned();
    let (head, body) = text
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("{method} {path}: {text:?}"));
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let content_type = head
        .lines()
        .find_map(|line| {
            line.to_ascii_lowercase()
                .strip_prefix("content-type: ")
                .map(str::to_owned)
        })
        .unwrap_or_default();
    let body = serde_json::from_str(body).unwrap_or(serde_json::Value::String(body.to_owned()));
    Answer {
        status,
        content_type,
        body,
    }
}
