//! `cargo xtask demo`: the main job of the project — the customer forms of `demo/`, validated as
//! the user types by the WASM package, sending their updates to the reference shop.
//!
//! Two servers on 127.0.0.1: the reference shop (a child process, seeded from
//! `tests/fixtures/demo.json`) and a small static server in this process for the page. The page
//! calls the shop across origins, as a site calls a remote shop; the shop allows it (CORS).
//!
//! The static server answers `GET` only, and only for these files:
//!
//! | URL | file |
//! |---|---|
//! | `/` | redirects to `/demo/` |
//! | `/demo/` | `demo/index.html` |
//! | `/demo/config.json` | written here from the fixture: the shop's URL, the fixture's name, the Magento customer's token (her route is `/V1/customers/me`), the store views of her website with their locales and language packs, the Open2b customer key, the Magento profile, the store's settings |
//! | `/demo/<name>` | `demo/<name>` (no subfolders: `demo/node_modules` stays private) |
//! | `/pkg/src/<name>`, `/pkg/src/web/<name>`, `/pkg/dist/<shop>/<name>` | the package's browser entry (`default` condition) of both platforms, and each platform's module and glue |
//! | `/fixtures/<file>` | `tests/fixtures/<file>`, only for the language packs the fixture's `magento.dictionaries` names: the page reads the packs of the store view it saves through, as the shop does (the package ships none) |

use std::fs;
use std::io::{self, BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread;

use serde_json::{Value, json};

use crate::run::{command, status};
use crate::shop::ShopProcess;
use crate::{Result, pkg, tools, wasm_tools, workspace_root};

/// The shop state the demo starts from.
const FIXTURE: &str = "tests/fixtures/demo.json";

/// The instant the end-to-end test runs at, in the shop and in the page, so that the shop's
/// `updated_at` and the browser's prediction of it are the same second.
const TEST_NOW: &str = "2026-06-15T12:00:00Z";

/// `cargo xtask demo`: builds the package, starts the shop and the page, prints the URL and
/// serves until Ctrl-C (which stops the shop too: it is in the terminal's process group).
pub(crate) fn run() -> Result<()> {
    let root = workspace_root();
    pkg::build(&root)?;
    let demo = Demo::start(&root, None)?;
    println!("\ncustomer-sdk demo: open {}", demo.url);
    println!(
        "  reference shop: {} (seeded from {FIXTURE})",
        demo.shop.base_url
    );
    println!("  Ctrl-C stops both.");
    demo.site.serve(demo.listener);
    Ok(())
}

/// The end-to-end test of the page (`demo/e2e.test.js`): playwright-core drives headless
/// Chromium through both forms against a live shop. Needs the package built (`cargo xtask pkg`,
/// an earlier step of `cargo xtask test`). Screenshots go to `demo/test-results/` (git-ignored).
pub(crate) fn e2e(root: &Path) -> Result<()> {
    for shop in pkg::SHOPS {
        if !root.join("pkg/dist").join(shop).is_dir() {
            return Err(format!(
                "pkg/dist/{shop} is missing: build the package first (cargo xtask pkg)"
            )
            .into());
        }
    }
    let chromium = wasm_tools::chromium(root)?;
    let folder = root.join("demo");
    tools::ensure_npm_packages(&folder)?;
    let demo = Demo::start(root, Some(TEST_NOW))?;
    let Demo {
        url,
        shop,
        site,
        listener,
    } = demo;
    thread::spawn(move || site.serve(listener));
    let mut test = command(
        &folder,
        "node",
        &["--test", "--test-reporter=spec", "e2e.test.js"],
    );
    test.env("DEMO_URL", &url)
        .env("DEMO_NOW", TEST_NOW)
        .env("DEMO_RESULTS", folder.join("test-results"))
        .env("CHROMIUM", &chromium.browser);
    let outcome = status(test);
    drop(shop);
    outcome
}

/// The shop and the page's server, started.
struct Demo {
    /// The page's URL.
    url: String,
    shop: ShopProcess,
    site: Arc<Site>,
    listener: TcpListener,
}

impl Demo {
    fn start(root: &Path, now: Option<&str>) -> Result<Demo> {
        let fixture: Value = serde_json::from_str(&fs::read_to_string(root.join(FIXTURE))?)?;
        let shop = ShopProcess::start_at(root, FIXTURE, now)?;
        let config = page_config(&fixture, &shop.base_url)?;
        let packs = pack_files(&fixture)?;
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let url = format!("http://{}/demo/", listener.local_addr()?);
        let site = Arc::new(Site {
            root: root.to_path_buf(),
            config: serde_json::to_string_pretty(&config)?,
            packs,
        });
        Ok(Demo {
            url,
            shop,
            site,
            listener,
        })
    }
}

/// What the page needs to know of the shop, from the fixture: where it answers, how to
/// authenticate, which customers to edit, and the store's profile, settings and context.
fn page_config(fixture: &Value, shop: &str) -> Result<Value> {
    let magento = &fixture["magento"];
    let customer = &magento["customers"][0];
    let customer_id = customer["id"]
        .as_i64()
        .ok_or(format!("{FIXTURE} has no Magento customer"))?;
    let store = magento["stores"]
        .as_array()
        .and_then(|stores| {
            stores
                .iter()
                .find(|store| store["id"] == customer["store_id"])
        })
        .and_then(|store| store["code"].as_str())
        .unwrap_or("default");
    // The page saves through `/V1/customers/me` with the customer's own token: no admin token
    // reaches the browser.
    let token = magento["customer_tokens"]
        .as_object()
        .and_then(|tokens| {
            tokens
                .iter()
                .find(|(_, id)| id.as_i64() == Some(customer_id))
        })
        .map(|(token, _)| token.as_str())
        .ok_or(format!(
            "{FIXTURE} has no Magento customer token of customer {customer_id}"
        ))?;
    // The store views of her website, hers first: the page saves through the one whose language
    // is picked, and reads that view's language packs from `/fixtures/`.
    let mut stores: Vec<&Value> = magento["stores"]
        .as_array()
        .map(|stores| {
            stores
                .iter()
                .filter(|view| view["website_id"] == customer["website_id"])
                .collect()
        })
        .unwrap_or_default();
    stores.sort_by_key(|view| view["code"].as_str() != Some(store));
    let views: Vec<Value> = stores
        .iter()
        .map(|view| {
            let locale = view["locale"].as_str().unwrap_or("en_US");
            let packs: Vec<String> = magento["dictionaries"][locale]
                .as_array()
                .map(|files| {
                    files
                        .iter()
                        .filter_map(Value::as_str)
                        .map(|file| format!("/fixtures/{file}"))
                        .collect()
                })
                .unwrap_or_default();
            json!({ "code": view["code"], "locale": locale, "packs": packs })
        })
        .collect();
    let views = if views.is_empty() {
        // A fixture without store views: the shop's one view, `default`, in English.
        vec![json!({ "code": store, "locale": "en_US", "packs": [] })]
    } else {
        views
    };
    let groups: Vec<&Value> = magento["groups"]
        .as_array()
        .map(|groups| groups.iter().map(|group| &group["id"]).collect())
        .unwrap_or_default();
    let open2b = &fixture["open2b"];
    let key = open2b["customers"][0]["key"]
        .as_str()
        .ok_or(format!("{FIXTURE} has no Open2b customer"))?;
    Ok(json!({
        "shop": shop,
        "fixture": FIXTURE,
        "magento": {
            "store": store,
            "stores": views,
            "customerId": "me",
            "token": token,
            "version": magento.get("version").cloned().unwrap_or(json!("2.4.8-p5")),
            "config": magento.get("config").cloned().unwrap_or(json!({})),
            "groups": groups,
        },
        "open2b": {
            "key": key,
            "context": {
                "carts": open2b.get("carts").cloned().unwrap_or(json!([])),
                "newsletterLists": open2b.get("newsletterLists").cloned().unwrap_or(json!([])),
                "privacyProcessings": open2b.get("privacyProcessings").cloned().unwrap_or(json!([])),
            },
        },
    }))
}

/// The language packs the fixture installs (`magento.dictionaries`), by their names relative to
/// `tests/fixtures/`: the only files `/fixtures/` serves. A name must be plain folders and a file
/// name, as `resolve` serves them.
fn pack_files(fixture: &Value) -> Result<Vec<String>> {
    let mut files = Vec::new();
    let dictionaries = fixture["magento"]["dictionaries"].as_object();
    for file in dictionaries
        .into_iter()
        .flat_map(|locales| locales.values())
    {
        for name in file.as_array().into_iter().flatten() {
            let name = name
                .as_str()
                .ok_or(format!("{FIXTURE}: a language pack's name is not a string"))?;
            if !name.split('/').all(plain) {
                let problem = format!("{FIXTURE}: the language pack {name:?} is not a plain path");
                return Err(problem.into());
            }
            if !files.iter().any(|known| known == name) {
                files.push(name.to_owned());
            }
        }
    }
    Ok(files)
}

/// A file or folder name the page's server serves: letters, digits, `.`, `_` and `-`, not
/// starting with a dot.
fn plain(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
}

/// The page's static server: the files of the table in the module's documentation.
struct Site {
    root: PathBuf,
    /// The body of `/demo/config.json`.
    config: String,
    /// The language packs `/fixtures/` serves (see [`pack_files`]).
    packs: Vec<String>,
}

impl Site {
    /// Answers every connection on its own thread, for as long as the listener lives.
    fn serve(self: Arc<Self>, listener: TcpListener) {
        for stream in listener.incoming().flatten() {
            let site = Arc::clone(&self);
            thread::spawn(move || {
                if let Err(error) = site.answer(stream) {
                    eprintln!("demo page server: {error}");
                }
            });
        }
    }

    fn answer(&self, stream: TcpStream) -> io::Result<()> {
        let mut reader = BufReader::new(stream.try_clone()?);
        let mut request_line = String::new();
        reader.read_line(&mut request_line)?;
        // The headers are read and ignored: nothing here depends on them.
        let mut header = String::new();
        while reader.read_line(&mut header)? > 2 {
            header.clear();
        }
        let mut words = request_line.split_whitespace();
        let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
        let path = target.split(['?', '#']).next().unwrap_or("");
        let reply = if method != "GET" && method != "HEAD" {
            Reply::status("405 Method Not Allowed")
        } else {
            self.resolve(path)
        };
        let mut head = format!(
            "HTTP/1.1 {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n",
            reply.status,
            reply.body.len()
        );
        if let Some(content_type) = reply.content_type {
            head.push_str(&format!("Content-Type: {content_type}\r\n"));
        }
        if let Some(location) = reply.location {
            head.push_str(&format!("Location: {location}\r\n"));
        }
        head.push_str("\r\n");
        let mut stream = stream;
        stream.write_all(head.as_bytes())?;
        if method != "HEAD" {
            stream.write_all(&reply.body)?;
        }
        stream.flush()
    }

    fn resolve(&self, path: &str) -> Reply {
        match path {
            "/" => Reply {
                location: Some("/demo/"),
                ..Reply::status("302 Found")
            },
            "/demo/" => self.file("demo/index.html"),
            "/demo/config.json" => Reply::ok("application/json", self.config.as_bytes().to_vec()),
            _ if path.starts_with("/fixtures/") => {
                let name = &path["/fixtures/".len()..];
                if self.packs.iter().any(|pack| pack == name) {
                    self.file(&format!("tests/fixtures/{name}"))
                } else {
                    Reply::status("404 Not Found")
                }
            }
            _ => ["/demo/", "/pkg/src/", "/pkg/src/web/"]
                .map(String::from)
                .into_iter()
                .chain(pkg::SHOPS.map(|shop| format!("/pkg/dist/{shop}/")))
                .find_map(|folder| {
                    let name = path.strip_prefix(folder.as_str())?;
                    plain(name).then(|| self.file(&format!("{}{name}", &folder[1..])))
                })
                .unwrap_or_else(|| Reply::status("404 Not Found")),
        }
    }

    fn file(&self, relative: &str) -> Reply {
        let content_type = match Path::new(relative).extension().and_then(|e| e.to_str()) {
            Some("html") => "text/html; charset=utf-8",
            Some("js") => "text/javascript; charset=utf-8",
            Some("css") => "text/css; charset=utf-8",
            Some("json") => "application/json",
            Some("wasm") => "application/wasm",
            Some("csv") => "text/csv; charset=utf-8",
            _ => return Reply::status("404 Not Found"),
        };
        match fs::read(self.root.join(relative)) {
            Ok(body) => Reply::ok(content_type, body),
            Err(_) => Reply::status("404 Not Found"),
        }
    }
}

/// One answer of the page's server.
struct Reply {
    status: &'static str,
    content_type: Option<&'static str>,
    location: Option<&'static str>,
    body: Vec<u8>,
}

impl Reply {
    fn ok(content_type: &'static str, body: Vec<u8>) -> Reply {
        Reply {
            content_type: Some(content_type),
            body,
            ..Reply::status("200 OK")
        }
    }

    fn status(status: &'static str) -> Reply {
        Reply {
            status,
            content_type: Some("text/plain; charset=utf-8"),
            location: None,
            body: status.as_bytes().to_vec(),
        }
    }
}
