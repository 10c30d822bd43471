//! `cargo xtask bench`: measures the package size, the validation speed in Node and natively, the
//! reference shop's throughput against Prism, and the client's overhead over reqwest, and writes
//! BENCHMARKS.md. It measures and never asserts: a missed target is reported, not failed. What it
//! cannot measure (a tool that will not install) is written down as such.
//!
//! The machine may be busy: every comparison is made in the same run, side by side, with medians.

use std::fmt::Write as _;
use std::fs;
use std::net::TcpStream;
use std::path::Path;
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

/// How long each load run lasts, and how many connections it keeps open.
const LOAD_SECONDS: &str = "4s";
const LOAD_CONNECTIONS: &str = "8";

/// Runs every benchmark and writes BENCHMARKS.md.
pub(crate) fn run() -> Result<()> {
    let root = workspace_root();
    let started = Instant::now();
    let mut report = String::new();
    let mut missing = Vec::new();

    eprintln!("\n==> package size (cargo xtask size)");
    let size = output(command(
        &root,
        env!("CARGO"),
        &["run", "--quiet", "--package", "xtask", "--", "size"],
    ))
    .ok_or("`cargo xtask size` failed")?;

    eprintln!("\n==> Node: sizes against ajv and zod, validation speed against ajv");
    tools::ensure_npm_packages(&root.join(BENCHES))?;
    let node = output(command(&root.join(BENCHES), "node", &["node/bench.mjs"]))
        .ok_or("`node benches/node/bench.mjs` failed")?;
    let node: Value = serde_json::from_str(&node)?;

    eprintln!("\n==> native speed (criterion)");
    let criterion = pkg::target_dir(&root)?.join("criterion");
    status(command(
        &root,
        env!("CARGO"),
        &[
            "bench",
            "--package",
            "customer-rules",
            "--bench",
            "rules",
            "--",
            "--warm-up-time",
            "1",
            "--measurement-time",
            "3",
        ],
    ))?;

    eprintln!("\n==> client overhead (criterion)");
    status(command(
        &root,
        env!("CARGO"),
        &[
            "bench",
            "--package",
            "customer-client",
            "--bench",
            "client_overhead",
            "--",
            "--warm-up-time",
            "1",
            "--measurement-time",
            "4",
        ],
    ))?;

    eprintln!("\n==> reference shop and Prism under load (wrk)");
    let load = match load(&root) {
        Ok(rows) => rows,
        Err(error) => {
            missing.push(format!("throughput and latency: {error}"));
            Vec::new()
        }
    };

    write_report(&mut report, &node, &criterion, &load, &size, &missing)?;
    let _ = writeln!(
        report,
        "\n_Written by `cargo xtask bench` in {:.0} s._",
        started.elapsed().as_secs_f64()
    );
    fs::write(root.join("BENCHMARKS.md"), &report)?;
    println!("{report}");
    Ok(())
}

/// One load run: the server, the request, and what wrk measured.
struct LoadRow {
    server: &'static str,
    request: String,
    requests_per_second: f64,
    p50: String,
    p99: String,
    non_2xx: u64,
}

/// Runs wrk against the reference shop (release build) and Prism, alternating, with the same
/// requests.
fn load(root: &Path) -> Result<Vec<LoadRow>> {
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
    let shop = ShopProcess::start_with(root, "tests/fixtures/default.json", &["--release"])?;
    let prism = Prism::start(root)?;
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
        for (server, base) in [
            ("reference shop", shop.base_url.clone()),
            ("Prism mock", format!("http://127.0.0.1:{PRISM_PORT}")),
        ] {
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
    drop(prism);
    Ok(rows)
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
    Ok(LoadRow {
        server,
        request: request.to_owned(),
        requests_per_second,
        p50: field("50%").unwrap_or_default(),
        p99: field("99%").unwrap_or_default(),
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
    load: &[LoadRow],
    size: &str,
    missing: &[String],
) -> Result<()> {
    let w = report;
    writeln!(w, "# Benchmarks\n")?;
    writeln!(
        w,
        "Measured by `cargo xtask bench` on the project's build machine (2 cores, Node {}). The \
         machine was **shared with other builds while it ran**, so absolute numbers are noisy: \
         read the ratios, which compare two things measured side by side in the same run. Speeds \
         are medians. Nothing here is a pass/fail test.\n",
        node["node"].as_str().unwrap_or("?")
    )?;

    writeln!(w, "## 1. Package size (target: ≤ 35 KB gzip)\n")?;
    writeln!(
        w,
        "Per build of the npm package (`pkg/dist/<build>`): the WebAssembly module after \
         `wasm-opt -Oz`, and wasm-bindgen's JavaScript glue. gzip -9, file by file.\n"
    )?;
    writeln!(
        w,
        "| build | wasm raw | wasm gzip | JS raw | JS gzip | total gzip |"
    )?;
    writeln!(w, "|---|---:|---:|---:|---:|---:|")?;
    if let Some(flavours) = node["sizes"]["flavours"].as_object() {
        for (name, flavour) in flavours {
            let total = flavour["wasm"]["gzip"].as_f64().unwrap_or(0.0)
                + flavour["js"]["gzip"].as_f64().unwrap_or(0.0);
            writeln!(
                w,
                "| {name} | {} | {} | {} | {} | **{:.1} KB** |",
                kb(&flavour["wasm"]["raw"]),
                kb(&flavour["wasm"]["gzip"]),
                kb(&flavour["js"]["raw"]),
                kb(&flavour["js"]["gzip"]),
                total / 1000.0
            )?;
        }
    }
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
        "\n**Target missed by about 8×.** The package does far more than a schema validator (two \
         shops' staged checks with their exact messages, merge, diff, IDN email hosts, Unicode \
         name classes, Magento's region directory), and the breakdown below shows where the \
         bytes go. zod is measured as `import {{ z }} from \"zod\"` (the classic API, which pulls \
         in its locales); ajv includes its compiler, as it compiles the schema at run time.\n"
    )?;
    writeln!(w, "Where the bytes come from (`cargo xtask size`):\n")?;
    writeln!(w, "```text\n{}\n```\n", size.trim())?;

    writeln!(w, "## 2. Validation speed in Node (target: ≥ 1.0× ajv)\n")?;
    writeln!(
        w,
        "The same request body, in the same process, interleaved: `magento.validate` / \
         `open2b.validate` of the package (Node build) against ajv 8 compiled from the JSON \
         Schema of the same request body in `openapi/customer-api.yaml`. **ajv checks only the \
         shape** (types, lengths, unknown members): it accepts the Magento body with three \
         mistakes, and it knows nothing of the shop's staged checks, messages, stored customer or \
         context. Median of 3 × 7 rounds of 300 ms.\n"
    )?;
    writeln!(
        w,
        "| request | customer-rules ops/s | ajv ops/s | ratio | ajv accepts it |"
    )?;
    writeln!(w, "|---|---:|---:|---:|---|")?;
    for row in node["speed"].as_array().into_iter().flatten() {
        let rules = row["rules"].as_f64().unwrap_or(0.0);
        let ajv = row["ajv"].as_f64().unwrap_or(0.0);
        writeln!(
            w,
            "| {} {} | {:.0} | {:.0} | {:.4}× | {} |",
            row["platform"].as_str().unwrap_or("?"),
            row["case"].as_str().unwrap_or("?"),
            rules,
            ajv,
            rules / ajv.max(1.0),
            row["ajvAccepts"]
        )?;
    }
    writeln!(
        w,
        "\n**Target missed.** Each call crosses the JS boundary twice with whole objects (the body, \
         the stored customer, the context and, for Magento, the configuration are converted from \
         JS values on every call), then runs every rule; compare with the native column below \
         to see how much of the time is the crossing.\n"
    )?;

    writeln!(
        w,
        "## 3. Native speed (target: ≥ 1 M validations/s on one core)\n"
    )?;
    writeln!(
        w,
        "criterion (`cargo bench -p customer-rules`), release profile, one thread, the requests \
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
    writeln!(
        w,
        "\n**Target missed** for validation: a typical request (a whole form with two addresses) \
         runs every rule of the shop, including IDN email checks and Unicode name classes; the \
         1 M/s figure fits a schema check, not this.\n"
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
             `prism mock` of the same spec answer the same requests one after the other. Prism \
             answers from the spec's examples and stores nothing; the shop validates, merges and \
             stores.\n"
        )?;
        writeln!(w, "| request | server | req/s | p50 | p99 | non-2xx |")?;
        writeln!(w, "|---|---|---:|---:|---:|---:|")?;
        for row in load {
            writeln!(
                w,
                "| {} | {} | {:.0} | {} | {} | {} |",
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
        writeln!(w)?;
    }

    writeln!(w, "## 5. Client overhead (target: ≤ 1.05×)\n")?;
    let client = criterion_median(criterion, "magento_put_customer/customer-client");
    let raw = criterion_median(criterion, "magento_put_customer/reqwest");
    if let (Some(client), Some(raw)) = (client, raw) {
        writeln!(
            w,
            "`MagentoClient::put_customer` against the same PUT sent with reqwest alone, to an \
             in-process reference shop on loopback (criterion, `cargo bench -p customer-client`). \
             The client also pre-validates the body with the rules and reads the answer into a \
             `StoredCustomer`; reqwest reads it as JSON.\n"
        )?;
        writeln!(w, "| call | median |")?;
        writeln!(w, "|---|---:|")?;
        writeln!(
            w,
            "| customer-client `put_customer` | {:.1} µs |",
            client / 1000.0
        )?;
        writeln!(w, "| reqwest alone | {:.1} µs |", raw / 1000.0)?;
        writeln!(w, "\nRatio: **{:.3}×**.\n", client / raw)?;
    } else {
        writeln!(w, "Not measured: criterion wrote no estimates.\n")?;
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
        "```sh\ncargo xtask bench   # about 5 minutes; writes this file\n```\n\nIt builds the \
         package, installs ajv, zod, esbuild and Prism into `benches/node_modules` from \
         `benches/package-lock.json` (npm ci), installs `wrk` with apt when run as root, and runs \
         `benches/node/bench.mjs`, `cargo bench -p customer-rules`, `cargo bench -p \
         customer-client` and wrk against the reference shop and Prism. The typical requests are \
         `benches/requests.json`."
    )?;
    Ok(())
}
