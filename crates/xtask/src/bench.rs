//! `cargo xtask bench`: measures the package size, the validation speed in Node and natively, the
//! reference shop's throughput against Prism, and the client's overhead over reqwest, and writes
//! BENCHMARKS.md. It measures and never asserts: a missed target is reported, not failed. What it
//! cannot measure (a tool that will not install) is written down as such.
//!
//! The machine may be busy: every comparison is made in the same run, side by side, with medians.

use std::fmt::Write as _;
use std::fs;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::run::{command, output, status};
use crate::shop::ShopProcess;
use crate::{Result, pkg, tools, workspace_root};

/// Where the compared tools are installed (`benches/package.json`, its own lock file).
const BENCHES: &str = "benches";

/// The typical requests every benchmark sends.
const REQUESTS: &str = "benches/requests.json";

/// The port of the Prism mock on loopback.
const PRISM_PORT: u16 = 4010;

/// How long each load run lasts, how many connections it keeps open, and how many runs of each
/// request and server the figures are the medians of.
const LOAD_SECONDS: &str = "3s";
const LOAD_CONNECTIONS: &str = "8";
const LOAD_ROUNDS: usize = 3;

/// The commit of the package before it was split into one module per platform: `cargo xtask
/// bench` builds that package beside the current one and measures both in the same run.
const BASELINE_COMMIT: &str = "a067d11";

/// The package before it was split into one module per platform (measured at commit a067d11
/// with the same wasm-bindgen and wasm-opt): what each entry loaded then, and the tarball.
const BEFORE_SPLIT: &str = "one module held both platforms and every entry loaded it: \
    977.3 KB raw, 394.4 KB gzip of WebAssembly and 5.6 KB gzip of JavaScript (the browser build), \
    400.0 KB gzip in all; the tarball shipped it three times (node, web, bundler builds): \
    1251.8 KB gzip, 3120.8 KB unpacked.";

/// What each size technique gave, measured one after the other on this machine (commits
/// a067d11 → 383c22d, the same wasm-bindgen and wasm-opt; gzip -9 of the module after
/// `wasm-opt -Oz`), kept or dropped and why.
const SIZE_TECHNIQUES: &str = r#"What each technique gave, measured one after the other (gzip of the module after `wasm-opt -Oz`; "raw" where gzip hides the gain):

| technique | Open2b module | Magento module | kept |
|---|---:|---:|---|
| one module per shop (cargo features `magento`, `open2b`), each shipped once | 394.4 → 147.3 KB | 394.4 → 339.5 KB | yes; tarball 1251.8 → 521.3 KB |
| Unicode general categories as LEB128 runs of the 8 groups the rules read (was the `unicode-general-category` table) | — | 341.6 → 340.0 KB (raw −47.3 KB) | yes: the module a browser compiles is smaller; packed 3 bytes a run it was +1.6 KB gzip, dropped |
| Laminas IDN label sets as LEB128 range records or a bitmap, whichever is shorter | — | 340.0 → 339.2 KB (raw −8.7 KB) | yes |
| region directory packed per country in one text | — | −1.9 KB (raw −7.3 KB) | yes |
| `idna_adapter` 1.1 (unicode-rs back end) instead of ICU4X | — | +60.6 KB | no |
| argument paths with serde_path_to_error (a wrapper around every type's reader) | +27 KB (both shops, one module) | | replaced, see next rows |
| arguments parsed into one JSON value, then read by one small reader that keeps the path | 147.3 → 113.7 KB | 339.5 → 310.3 KB | **no**: Node validations 13–21% slower (every argument built twice) |
| arguments read from their text; on an error only, the text scanned to the error's column for the path | 147.3 → 133.3 KB | 339.5 → 320.1 KB | yes: Node validations 0.98–1.03× (Magento) and 1.21–1.30× (Open2b) the combined module's |
| `opt-level = "s"` instead of `"z"` (combined module) | 394.4 → 418.2 KB | | no |
| `wasm-opt -Os`, `-O2`, `-Oz --converge`; stripping producers and target-features | within ±1 KB | within ±1 KB | no: none pays a kilobyte |
| another allocator | dlmalloc is 7.2 KB of code | | not tried: at most 3 KB gzip |"#;

/// Which bytes remain in the modules and why no setting removes them.
const SIZE_REMAINDER: &str = r#"What remains, from the breakdown below (function bodies before `wasm-opt`):
- **the standard library, 37–39 % of the code**: much of it is generic code instantiated for the rules' own types — stable sorts (about 34 KB in 140 instantiations in the Magento module), `BTreeMap` (about 41 KB in 295), iterator adapters — plus formatting, string search, float parsing (`1e2` and `1e400` must read as PHP and the spec's Assumption 3 say) and, for Magento, float printing (PHP renders floats in its messages);
- **reading and writing JSON**: each argument and result type has its serde-derived reader and writer (the `customer_wasm` and `serde_json` lines): about 60 KB in the Open2b module;
- **the rules themselves**: 30 KB for Open2b, 147 KB for Magento (its webapi reader, the save checks, the email validator with its IDN handling, the date-of-birth parser, the store view's language);
- **the store view's language** (Magento only; no pack ships): reading language packs and answering in their language added 13.3 KB gzip to the Magento entry (325.5 → 338.8 KB) — the CSV reader and the dictionary's hash map, each store view's dictionary in a shop state, the translated answer paths and `withDictionary`; the Open2b entry did not change;
- **Magento's data**: 238 KB before `wasm-opt`, of which the UTS 46 data `idna` needs is 106 KB (the smallest real back end; no feature makes it smaller).
Every tool setting and data encoding that removes bytes without changing an answer or slowing a validation is applied above. Reaching 30 KB for Open2b would take a module without serde and without the standard library's collections and formatting — every argument reader, answer writer and message written by hand — which trades the well-kept libraries the project builds on (and the Node speed measured below) for bytes; reaching 100 KB for Magento would also need the UTS 46 data `idna` carries. That is why the targets stay missed."#;

/// The Node entry of the package at [`BASELINE_COMMIT`], built once from that commit's files (git
/// archive) in its own folder and target directory.
fn baseline_package(root: &Path) -> Result<PathBuf> {
    let folder = pkg::target_dir(root)?.join(format!("bench-baseline-{BASELINE_COMMIT}"));
    let entry = folder.join("pkg/src/node.js");
    if !folder.join("pkg/dist/node").is_dir() {
        fs::create_dir_all(&folder)?;
        let mut archive = command(root, "git", &["archive", "--format=tar", BASELINE_COMMIT]);
        archive.stdout(Stdio::piped());
        let mut archive = archive.spawn()?;
        let mut unpack = command(&folder, "tar", &["-x"]);
        unpack.stdin(archive.stdout.take().ok_or("git archive has no output")?);
        status(unpack)?;
        if !archive.wait()?.success() {
            return Err(format!("git archive {BASELINE_COMMIT} failed").into());
        }
        let mut build = command(
            &folder,
            env!("CARGO"),
            &["run", "--quiet", "--package", "xtask", "--", "pkg"],
        );
        build.env("CARGO_TARGET_DIR", folder.join("target"));
        status(build)?;
    }
    Ok(entry)
}

/// Runs every benchmark and writes BENCHMARKS.md.
pub(crate) fn run() -> Result<()> {
    let root = workspace_root();
    let started = Instant::now();
    let mut report = String::new();
    let mut missing = Vec::new();

    eprintln!("\n==> package size (cargo xtask size)");
    let breakdown = output(command(
        &root,
        env!("CARGO"),
        &["run", "--quiet", "--package", "xtask", "--", "size"],
    ))
    .ok_or("`cargo xtask size` failed")?;
    let package = PackageWeight {
        size: pkg::package_size(&root)?,
        breakdown,
    };

    eprintln!("\n==> the package before the split ({BASELINE_COMMIT}), for the speed comparison");
    let baseline = baseline_package(&root)?;

    eprintln!("\n==> Node: sizes against ajv and zod, validation speed against ajv and before");
    tools::ensure_npm_packages(&root.join(BENCHES))?;
    let mut node = command(&root.join(BENCHES), "node", &["node/bench.mjs"]);
    node.env("BASELINE_PACKAGE", &baseline);
    let node = output(node).ok_or("`node benches/node/bench.mjs` failed")?;
    let node: Value = serde_json::from_str(&node)?;

    eprintln!("\n==> release build of the benchmarks and the reference shop");
    let native = build_native(&root)?;

    eprintln!("\n==> native speed (criterion)");
    let criterion = pkg::target_dir(&root)?.join("criterion");
    let mut rules = command(
        &root,
        &native.rules_bench.to_string_lossy(),
        &[
            "--bench",
            "--warm-up-time",
            "0.5",
            "--measurement-time",
            "2",
        ],
    );
    rules.env("CRITERION_HOME", &criterion);
    status(rules)?;

    eprintln!("\n==> client overhead (customer-client against reqwest, taking turns)");
    let client = output(command(
        &root,
        &native.client_bench.to_string_lossy(),
        &["--bench"],
    ))
    .and_then(|text| serde_json::from_str::<Value>(text.lines().last()?).ok());
    if client.is_none() {
        missing.push("client overhead: the benchmark failed".to_owned());
    }

    eprintln!("\n==> reference shop and Prism under load (wrk)");
    let load = match load(&root, &native.shop) {
        Ok(rows) => rows,
        Err(error) => {
            missing.push(format!("throughput and latency: {error}"));
            Vec::new()
        }
    };

    write_report(
        &mut report,
        &node,
        &criterion,
        client.as_ref(),
        &load,
        &package,
        &missing,
    )?;
    let _ = writeln!(
        report,
        "\n_Written by `cargo xtask bench` in {:.0} s._",
        started.elapsed().as_secs_f64()
    );
    fs::write(root.join("BENCHMARKS.md"), &report)?;
    println!("{report}");
    Ok(())
}

/// The built package's weight, and where its bytes come from (`cargo xtask size`'s report).
struct PackageWeight {
    size: pkg::PackageSize,
    breakdown: String,
}

/// The executables the native measurements run.
struct Native {
    /// criterion's benchmark of the rules (`crates/customer-rules/benches/rules.rs`).
    rules_bench: PathBuf,
    /// The client against reqwest (`crates/customer-client/benches/client_overhead.rs`).
    client_bench: PathBuf,
    /// The reference shop.
    shop: PathBuf,
}

/// Builds the two benchmarks and the shop in one release build, so that the crates they share
/// (tokio, hyper, SQLite…) are compiled once, with one set of features, and runs nothing.
fn build_native(root: &Path) -> Result<Native> {
    let mut build = command(
        root,
        env!("CARGO"),
        &[
            "build",
            "--release",
            "--message-format=json-render-diagnostics",
            "--package",
            "customer-rules",
            "--package",
            "customer-client",
            "--package",
            "reference-shop",
            "--bench",
            "rules",
            "--bench",
            "client_overhead",
            "--bin",
            "reference-shop",
        ],
    );
    build.stderr(Stdio::inherit());
    eprintln!("$ cargo build --release (the benchmarks and the reference shop)");
    let built = build.output()?;
    if !built.status.success() {
        return Err("the release build of the benchmarks failed".into());
    }
    let executable = |kind: &str, name: &str| -> Result<PathBuf> {
        String::from_utf8_lossy(&built.stdout)
            .lines()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .filter(|message| message["reason"] == "compiler-artifact")
            .filter(|message| {
                message["target"]["name"] == name
                    && message["target"]["kind"]
                        .as_array()
                        .is_some_and(|kinds| kinds.iter().any(|k| k == kind))
            })
            .find_map(|message| message["executable"].as_str().map(PathBuf::from))
            .ok_or_else(|| format!("the release build made no {kind} `{name}`").into())
    };
    Ok(Native {
        rules_bench: executable("bench", "rules")?,
        client_bench: executable("bench", "client_overhead")?,
        shop: executable("bin", "reference-shop")?,
    })
}

/// One load run: the server, the request, and what wrk measured.
struct LoadRow {
    server: &'static str,
    request: String,
    requests_per_second: f64,
    /// Latencies in milliseconds.
    p50: f64,
    p99: f64,
    non_2xx: u64,
}

/// Runs wrk against the reference shop (release build) and Prism, alternating, with the same
/// requests, [`LOAD_ROUNDS`] times; each figure of a row is the median of its rounds.
fn load(root: &Path, shop: &Path) -> Result<Vec<LoadRow>> {
    let wrk = ensure_wrk(root)?;
    let requests: Value = serde_json::from_str(&fs::read_to_string(root.join(REQUESTS))?)?;
    let work = pkg::work_dir(root)?;
    let scripts = [
        (
            "Magento PUT (valid form)",
            "PUT",
            &requests["magento"]["path"],
            format!(
                "Bearer {}",
                requests["magento"]["token"].as_str().unwrap_or_default()
            ),
            "Authorization",
            &requests["magento"]["valid"],
        ),
        (
            "Open2b update-customer (valid form)",
            "POST",
            &requests["open2b"]["path"],
            requests["open2b"]["key"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            "X-Customer-Key",
            &requests["open2b"]["valid"],
        ),
    ];
    let shop = ShopProcess::start_binary(root, shop, "tests/fixtures/default.json")?;
    let prism = Prism::start(root)?;
    let mut runs: Vec<Vec<LoadRow>> = Vec::new();
    for round in 0..LOAD_ROUNDS {
        let mut rows = Vec::new();
        for (index, (name, method, path, credential, header, body)) in scripts.iter().enumerate() {
            let script = work.join(format!("wrk-{index}.lua"));
            fs::write(
                &script,
                format!(
                    "wrk.method = {method:?}\nwrk.body = {body:?}\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.headers[{header:?}] = {credential:?}\n",
                    body = body.to_string(),
                ),
            )?;
            let path = path.as_str().unwrap_or_default();
            let servers = [
                ("reference shop", shop.base_url.clone()),
                ("Prism mock", format!("http://127.0.0.1:{PRISM_PORT}")),
            ];
            // Which server goes first alternates with the rounds.
            for turn in 0..servers.len() {
                let (server, base) = &servers[(turn + round) % servers.len()];
                let url = format!("{base}{path}");
                let script_arg = script.to_string_lossy();
                let text = output(command(
                    root,
                    &wrk,
                    &[
                        "--threads",
                        "1",
                        "--connections",
                        LOAD_CONNECTIONS,
                        "--duration",
                        LOAD_SECONDS,
                        "--latency",
                        "--script",
                        &script_arg,
                        &url,
                    ],
                ))
                .ok_or_else(|| format!("wrk failed against {url}"))?;
                rows.push(parse_wrk(server, name, &text)?);
            }
        }
        // The shop's row before Prism's, whichever ran first.
        rows.sort_by_key(|row| (row.request.clone(), row.server != "reference shop"));
        runs.push(rows);
    }
    drop(prism);
    Ok(medians(runs))
}

/// Each row of the first run with the median of every figure over the runs.
fn medians(runs: Vec<Vec<LoadRow>>) -> Vec<LoadRow> {
    let median = |mut values: Vec<f64>| {
        values.sort_by(f64::total_cmp);
        values.get(values.len() / 2).copied().unwrap_or(0.0)
    };
    let mut runs = runs.into_iter();
    let first = runs.next().unwrap_or_default();
    let rest: Vec<Vec<LoadRow>> = runs.collect();
    first
        .into_iter()
        .enumerate()
        .map(|(index, row)| {
            let same = || rest.iter().filter_map(|run| run.get(index));
            LoadRow {
                requests_per_second: median(
                    same()
                        .map(|other| other.requests_per_second)
                        .chain([row.requests_per_second])
                        .collect(),
                ),
                p50: median(same().map(|other| other.p50).chain([row.p50]).collect()),
                p99: median(same().map(|other| other.p99).chain([row.p99]).collect()),
                non_2xx: same().map(|other| other.non_2xx).sum::<u64>() + row.non_2xx,
                ..row
            }
        })
        .collect()
}

fn parse_wrk(server: &'static str, request: &str, text: &str) -> Result<LoadRow> {
    let field = |prefix: &str| {
        text.lines()
            .map(str::trim)
            .find_map(|line| line.strip_prefix(prefix))
            .map(|rest| rest.trim().to_owned())
    };
    let requests_per_second = field("Requests/sec:")
        .and_then(|value| value.parse().ok())
        .ok_or_else(|| format!("wrk printed no Requests/sec:\n{text}"))?;
    let latency = |prefix: &str| {
        field(prefix)
            .as_deref()
            .and_then(milliseconds)
            .ok_or_else(|| format!("wrk printed no {prefix} latency:\n{text}"))
    };
    Ok(LoadRow {
        server,
        request: request.to_owned(),
        requests_per_second,
        p50: latency("50%")?,
        p99: latency("99%")?,
        non_2xx: field("Non-2xx or 3xx responses:")
            .and_then(|value| value.parse().ok())
            .unwrap_or(0),
    })
}

/// wrk from PATH; as root on Debian, installed with apt when missing.
fn ensure_wrk(root: &Path) -> Result<String> {
    let found = || output(command(root, "which", &["wrk"])).map(|path| path.trim().to_owned());
    if let Some(wrk) = found() {
        return Ok(wrk);
    }
    let is_root = output(command(root, "id", &["-u"])).is_some_and(|uid| uid.trim() == "0");
    if !is_root {
        return Err("wrk is missing (Debian package `wrk`; as root the bench installs it)".into());
    }
    status(command(root, "apt-get", &["update"]))?;
    let mut install = command(root, "apt-get", &["install", "-y", "wrk"]);
    install.env("DEBIAN_FRONTEND", "noninteractive");
    status(install)?;
    found().ok_or_else(|| "apt-get installed wrk but it is not on PATH".into())
}

/// A Prism mock of the spec on loopback; stopped when dropped.
struct Prism(Child);

impl Prism {
    fn start(root: &Path) -> Result<Prism> {
        let prism = root.join(BENCHES).join("node_modules/.bin/prism");
        let port = PRISM_PORT.to_string();
        let mut mock = Command::new(&prism);
        mock.current_dir(root)
            .args([
                "mock",
                "-h",
                "127.0.0.1",
                "-p",
                &port,
                "openapi/customer-api.yaml",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        eprintln!(
            "$ {} mock -h 127.0.0.1 -p {port} openapi/customer-api.yaml",
            prism.display()
        );
        let child = mock
            .spawn()
            .map_err(|error| format!("cannot start Prism: {error}"))?;
        let prism = Prism(child);
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(("127.0.0.1", PRISM_PORT)).is_err() {
            if Instant::now() > deadline {
                return Err("Prism did not listen within 60 s".into());
            }
            thread::sleep(Duration::from_millis(200));
        }
        Ok(prism)
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `Target met.` or `Target missed (<by>). <why>`.
fn verdict(met: bool, by: &str, why: &str) -> String {
    if met {
        String::from("**Target met.**")
    } else {
        format!("**Target missed** ({by}). {why}")
    }
}

/// A wrk latency (`812.00us`, `1.27ms`, `2.10s`) in milliseconds.
fn milliseconds(text: &str) -> Option<f64> {
    let units = [("us", 0.001), ("ms", 1.0), ("s", 1000.0)];
    units.iter().find_map(|(unit, scale)| {
        text.strip_suffix(unit)
            .and_then(|number| number.parse::<f64>().ok())
            .map(|number| number * scale)
    })
}

/// criterion's id of reading a 5,000-row language pack (`crates/customer-rules/benches/rules.rs`).
const DICTIONARY_BENCH: &str = "magento_dictionary_5000 rows";

/// The median of a criterion benchmark, in nanoseconds.
fn criterion_median(criterion: &Path, id: &str) -> Option<f64> {
    let text = fs::read_to_string(criterion.join(id).join("new/estimates.json")).ok()?;
    let estimates: Value = serde_json::from_str(&text).ok()?;
    estimates["median"]["point_estimate"].as_f64()
}

fn kb(bytes: &Value) -> String {
    format!("{:.1} KB", bytes.as_f64().unwrap_or(0.0) / 1000.0)
}

fn write_report(
    report: &mut String,
    node: &Value,
    criterion: &Path,
    client: Option<&Value>,
    load: &[LoadRow],
    package: &PackageWeight,
    missing: &[String],
) -> Result<()> {
    let w = report;
    writeln!(w, "# Benchmarks\n")?;
    writeln!(
        w,
        "Measured by `cargo xtask bench` on the project's build machine (2 cores, Node {}). The \
         machine may be running other work at the same time, so absolute numbers are noisy: \
         read the ratios, which compare two things measured side by side in the same run. Speeds \
         are medians. Nothing here is a pass/fail test.\n",
        node["node"].as_str().unwrap_or("?")
    )?;

    writeln!(
        w,
        "## 1. Package size (targets, gzip: `customer-rules/open2b` ≤ 30 KB, \
         `customer-rules/magento` ≤ 100 KB, npm tarball ≤ 300 KB)\n"
    )?;
    writeln!(
        w,
        "What a browser loads for each entry of the npm package: the WebAssembly module of each \
         platform the entry imports (one module per platform, after `wasm-opt -Oz`) and the \
         JavaScript it loads (the entry and wasm-bindgen's glue), gzip -9, file by file. Each \
         module is shipped once, shared by Node (CommonJS glue), browsers and bundlers (ES module \
         glue). Before: {}\n",
        BEFORE_SPLIT
    )?;
    writeln!(
        w,
        "| entry | wasm raw | wasm gzip | JS raw | JS gzip | total gzip | target |"
    )?;
    writeln!(w, "|---|---:|---:|---:|---:|---:|---|")?;
    let mut missed = Vec::new();
    for entry in &package.size.entries {
        let total = entry.wasm.gzip + entry.js.gzip;
        let target = match entry.entry.target_gzip {
            Some(target) if total <= target => format!("≤ {} KB: met", target / 1000),
            Some(target) => {
                missed.push(format!(
                    "`{}` {:.1}× its target",
                    entry.entry.specifier,
                    total as f64 / target as f64
                ));
                format!("≤ {} KB: **missed**", target / 1000)
            }
            None => String::from("—"),
        };
        writeln!(
            w,
            "| `{}` | {} | {} | {} | {} | **{}** | {target} |",
            entry.entry.specifier,
            kb(&entry.wasm.raw.into()),
            kb(&entry.wasm.gzip.into()),
            kb(&entry.js.raw.into()),
            kb(&entry.js.gzip.into()),
            kb(&total.into()),
        )?;
    }
    let tarball_met = package.size.tarball_gzip <= pkg::TARBALL_TARGET_GZIP;
    if !tarball_met {
        missed.push(format!(
            "the tarball {:.1}× its target",
            package.size.tarball_gzip as f64 / pkg::TARBALL_TARGET_GZIP as f64
        ));
    }
    writeln!(
        w,
        "| npm tarball ({} files, {} unpacked) | | | | | **{}** | ≤ {} KB: {} |",
        package.size.tarball_files,
        kb(&package.size.tarball_unpacked.into()),
        kb(&package.size.tarball_gzip.into()),
        pkg::TARBALL_TARGET_GZIP / 1000,
        if tarball_met { "met" } else { "**missed**" },
    )?;
    writeln!(
        w,
        "\nThe same way for every library: esbuild (from npm), bundled, minified, ES module for \
         browsers, gzip -9. The customer-rules line is its JavaScript only; its module is fetched \
         beside it (above).\n"
    )?;
    writeln!(w, "| bundle | minified | gzip |")?;
    writeln!(w, "|---|---:|---:|")?;
    if let Some(bundles) = node["sizes"]["bundles"].as_object() {
        for (name, bundle) in bundles {
            writeln!(
                w,
                "| {name} | {} | {} |",
                kb(&bundle["raw"]),
                kb(&bundle["gzip"])
            )?;
        }
    }
    writeln!(
        w,
        "\nzod is measured as `import {{ z }} from \"zod\"` (the classic API, which pulls in its \
         locales); ajv includes its compiler, as it compiles the schema at run time.\n"
    )?;
    writeln!(w, "{SIZE_TECHNIQUES}\n")?;
    writeln!(
        w,
        "{}\n",
        verdict(missed.is_empty(), &missed.join(", "), SIZE_REMAINDER,)
    )?;
    writeln!(w, "Where the bytes come from (`cargo xtask size`):\n")?;
    writeln!(w, "```text\n{}\n```\n", package.breakdown.trim())?;

    writeln!(w, "## 2. Validation speed in Node (target: ≥ 1.0× ajv)\n")?;
    writeln!(
        w,
        "The same request body, in the same process, interleaved: `magento.validate` / \
         `open2b.validate` of the package (Node build) against ajv 8 compiled from the JSON \
         Schema of the same request body in `openapi/customer-api.yaml`. **ajv checks only the \
         shape** (types, lengths, unknown members): it accepts the Magento body with three \
         mistakes, and it knows nothing of the shop's staged checks, messages, stored customer or \
         context. Median of 3 × 5 rounds of 200 ms. The last two columns: the same calls to the \
         package before it was split into one module per shop (commit {BASELINE_COMMIT}, built by \
         the same run), and the speed now against it.\n"
    )?;
    writeln!(
        w,
        "| request | customer-rules ops/s | ajv ops/s | ratio | ajv accepts it | before the split \
         ({BASELINE_COMMIT}) ops/s | now / before |"
    )?;
    writeln!(w, "|---|---:|---:|---:|---|---:|---:|")?;
    for row in node["speed"].as_array().into_iter().flatten() {
        let rules = row["rules"].as_f64().unwrap_or(0.0);
        let ajv = row["ajv"].as_f64().unwrap_or(0.0);
        let before = row["before"].as_f64().unwrap_or(0.0);
        writeln!(
            w,
            "| {} {} | {:.0} | {:.0} | {:.4}× | {} | {:.0} | {:.2}× |",
            row["platform"].as_str().unwrap_or("?"),
            row["case"].as_str().unwrap_or("?"),
            rules,
            ajv,
            rules / ajv.max(1.0),
            row["ajvAccepts"],
            before,
            rules / before.max(1.0),
        )?;
    }
    let slowest_ratio = node["speed"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|row| {
            row["rules"].as_f64().unwrap_or(0.0) / row["ajv"].as_f64().unwrap_or(1.0).max(1.0)
        })
        .fold(f64::INFINITY, f64::min);
    writeln!(
        w,
        "\n{}\n",
        verdict(
            slowest_ratio >= 1.0,
            &format!(
                "ajv is up to {:.0}× faster",
                1.0 / slowest_ratio.max(f64::MIN_POSITIVE)
            ),
            "Ajv's compiled check is a few type and length tests. A call of the package writes \
             the body, the stored customer and the context as JSON text, reads them into Rust, \
             runs every rule of the shop, builds the shop's whole answer (for Magento, the \
             customer as the shop returns her) and hands it back as JSON: the rules take less than \
             half of the time, that JSON going in and out the rest. The module is built for \
             size (`opt-level = \"z\"`); built for speed it runs about twice as fast and weighs \
             about 13% more.",
        )
    )?;

    writeln!(
        w,
        "## 3. Native speed (target: ≥ 1 M validations/s on one core)\n"
    )?;
    writeln!(
        w,
        "criterion (`crates/customer-rules/benches/rules.rs`), release profile, one thread, the requests \
         of `benches/requests.json`.\n"
    )?;
    writeln!(w, "| benchmark | median | per second, one core |")?;
    writeln!(w, "|---|---:|---:|")?;
    for id in [
        "magento_validate_valid",
        "magento_validate_invalid",
        "magento_merge",
        "magento_diff",
        "open2b_validate_valid",
        "open2b_validate_invalid",
        "open2b_merge",
        "open2b_diff",
        DICTIONARY_BENCH,
    ] {
        if let Some(nanos) = criterion_median(criterion, id) {
            writeln!(
                w,
                "| {} | {:.2} µs | {:.0} |",
                id.replacen('_', " ", 2),
                nanos / 1000.0,
                1e9 / nanos
            )?;
        }
    }
    if let Some(nanos) = criterion_median(criterion, DICTIONARY_BENCH) {
        writeln!(
            w,
            "\nReading a language pack of 5,000 rows into a dictionary (`magento::Dictionary`): \
             {:.2} ms, {:.0}% of a 60 Hz frame (16.7 ms).",
            nanos / 1e6,
            nanos / 1e6 / 16.7 * 100.0
        )?;
    }
    let typical = criterion_median(criterion, "magento_validate_valid")
        .into_iter()
        .chain(criterion_median(criterion, "open2b_validate_valid"))
        .fold(0.0, f64::max);
    writeln!(
        w,
        "\n{}\n",
        verdict(
            typical > 0.0 && typical <= 1000.0,
            &format!(
                "{:.0} validations/s for the slower shop",
                1e9 / typical.max(1.0)
            ),
            "A typical request saves a whole customer with two addresses, and validating it does \
             what the shop does: the webapi layer's reading of every key, the merge onto the \
             stored customer, every validator in the shop's order (IDN email host, Unicode name \
             classes, regions), and the customer the shop would store and answer with, as JSON. \
             Each of those builds owned strings (a Magento validation makes about 340 \
             allocations); 1 M/s fits a schema check, not this.",
        )
    )?;

    writeln!(
        w,
        "## 4. Reference shop throughput and latency (target: ≥ 5× Prism, p99 < 5 ms)\n"
    )?;
    if load.is_empty() {
        writeln!(w, "Not measured: see the last section.\n")?;
    } else {
        writeln!(
            w,
            "wrk, 1 thread, {LOAD_CONNECTIONS} connections, {LOAD_SECONDS} per run, loopback; the \
             reference shop (release build, SQLite in memory, one transaction per update) and \
             `prism mock` of the same spec answer the same requests one after the other, \
             {LOAD_ROUNDS} times; each figure is the median of its {LOAD_ROUNDS} runs (non-2xx: \
             their sum). Prism answers from the spec's examples and stores nothing; the shop \
             validates, merges and stores.\n"
        )?;
        writeln!(w, "| request | server | req/s | p50 | p99 | non-2xx |")?;
        writeln!(w, "|---|---|---:|---:|---:|---:|")?;
        for row in load {
            writeln!(
                w,
                "| {} | {} | {:.0} | {:.2} ms | {:.2} ms | {} |",
                row.request, row.server, row.requests_per_second, row.p50, row.p99, row.non_2xx
            )?;
        }
        for pair in load.chunks(2) {
            if let [shop, prism] = pair {
                writeln!(
                    w,
                    "\n{}: the shop serves **{:.1}×** Prism's requests per second.",
                    shop.request,
                    shop.requests_per_second / prism.requests_per_second.max(1.0)
                )?;
            }
        }
        let shop_rows = load.iter().filter(|row| row.server == "reference shop");
        let slowest_ratio = load
            .chunks(2)
            .filter_map(|pair| match pair {
                [shop, prism] => {
                    Some(shop.requests_per_second / prism.requests_per_second.max(1.0))
                }
                _ => None,
            })
            .fold(f64::INFINITY, f64::min);
        let worst_p99 = shop_rows.map(|row| row.p99).fold(0.0, f64::max);
        writeln!(
            w,
            "\n{}\n",
            verdict(
                slowest_ratio >= 5.0 && worst_p99 < 5.0,
                &format!("{slowest_ratio:.1}× Prism at the least, p99 up to {worst_p99:.2} ms"),
                "A Magento PUT of the typical form is the slowest: the shop reads the body as the \
                 webapi layer does, validates, merges, writes the customer to SQLite in a \
                 transaction and answers with her whole record, all on one thread that shares \
                 the 2 cores with wrk.",
            )
        )?;
    }

    writeln!(w, "## 5. Client overhead (target: ≤ 1.05×)\n")?;
    if let Some(client) = client {
        let micros = |key: &str| client[key].as_f64().unwrap_or(0.0) / 1000.0;
        let raw = micros("reqwest_ns").max(f64::MIN_POSITIVE);
        writeln!(
            w,
            "`MagentoClient::put_customer` against the same PUT sent with reqwest alone, to an \
             in-process reference shop on loopback (`cargo bench -p customer-client`). The calls \
             take turns, {} rounds; medians. Besides sending, the client checks the body with the \
             rules first (pre-validation, on by default) and reads the answer into a \
             `StoredCustomer`; reqwest reads it as JSON.\n",
            client["rounds"]
        )?;
        writeln!(w, "| call | median | ratio to reqwest |")?;
        writeln!(w, "|---|---:|---:|")?;
        for (name, key) in [
            ("customer-client `put_customer`", "client_ns"),
            (
                "customer-client `put_customer`, `pre_validate(false)`",
                "client_without_pre_validation_ns",
            ),
            ("reqwest alone", "reqwest_ns"),
        ] {
            writeln!(
                w,
                "| {name} | {:.1} µs | {:.3}× |",
                micros(key),
                micros(key) / raw
            )?;
        }
        let ratio = micros("client_ns") / raw;
        writeln!(
            w,
            "\n{}\n",
            verdict(
                ratio <= 1.05,
                &format!("{ratio:.3}×"),
                &format!(
                    "The pre-validation reads the body as the shop's webapi layer would, to refuse \
                     what the shop would refuse without a round trip; between network calls its \
                     code is no longer in the processor's caches, and it costs {:.0} µs here. \
                     Without it the client costs {:.3}× reqwest: reading the answer into the \
                     generated type and then into a `StoredCustomer`.",
                    micros("client_ns") - micros("client_without_pre_validation_ns"),
                    micros("client_without_pre_validation_ns") / raw
                ),
            )
        )?;
    } else {
        writeln!(w, "Not measured: the benchmark failed.\n")?;
    }

    writeln!(w, "## Not measured\n")?;
    if missing.is_empty() {
        writeln!(w, "Everything above was measured in this run.\n")?;
    }
    for line in missing {
        writeln!(w, "- {line}")?;
    }

    writeln!(w, "## Reproduce\n")?;
    writeln!(
        w,
        "```sh\ncargo xtask bench   # about 2 minutes once built, 9 on a fresh machine; writes this file\n```\n\nIt builds the \
         package, installs ajv, zod, esbuild and Prism into `benches/node_modules` from \
         `benches/package-lock.json` (npm ci), installs `wrk` with apt when run as root, builds \
         the criterion benchmark of the rules (`crates/customer-rules/benches/rules.rs`), the \
         client's (`crates/customer-client/benches/client_overhead.rs`) and the reference shop \
         in one release build, and runs `benches/node/bench.mjs`, both benchmarks, and wrk \
         against the reference shop and Prism. The typical requests are `benches/requests.json`. \
         `cargo bench -p customer-rules` and `cargo bench -p customer-client` run a benchmark on \
         its own."
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrk_latencies_in_milliseconds() {
        assert_eq!(milliseconds("812.00us"), Some(0.812));
        assert_eq!(milliseconds("1.27ms"), Some(1.27));
        assert_eq!(milliseconds("2.10s"), Some(2100.0));
        assert_eq!(milliseconds("fast"), None);
    }

    #[test]
    fn load_figures_are_medians_of_the_runs() {
        let row = |requests_per_second: f64, p99: f64, non_2xx: u64| LoadRow {
            server: "reference shop",
            request: String::from("PUT"),
            requests_per_second,
            p50: 1.0,
            p99,
            non_2xx,
        };
        let rows = medians(vec![
            vec![row(100.0, 9.0, 0)],
            vec![row(300.0, 1.0, 2)],
            vec![row(200.0, 2.0, 1)],
        ]);
        assert_eq!(rows.len(), 1);
        assert_eq!(
            (rows[0].requests_per_second, rows[0].p99, rows[0].non_2xx),
            (200.0, 2.0, 3)
        );
    }

    #[test]
    fn a_verdict_says_why_only_when_missed() {
        assert_eq!(verdict(true, "2×", "slow"), "**Target met.**");
        assert_eq!(
            verdict(false, "2×", "Slow."),
            "**Target missed** (2×). Slow."
        );
    }
}
