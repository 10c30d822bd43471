//! `customer push`: pre-validate every record, then send the updates through customer-client
//! with bounded concurrency and a rate limit, journaling each outcome as it completes.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use customer_client::{Error, MagentoClient, Open2bClient, Rejection, RetryPolicy};
use customer_rules::{magento, open2b};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{Value, json};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc};

use crate::check::{Checker, Platform, Stored};
use crate::input::{self, Record, Unreadable};
use crate::journal::{Entry, Journal, Outcome};
use crate::limit::{Limiter, Rate};
use crate::report::one_line;

/// Everything a push needs, read from the command line.
#[derive(Debug)]
pub struct Settings {
    /// The shop.
    pub platform: Platform,
    /// The shop's base URL.
    pub base_url: String,
    /// Magento's store code.
    pub store_code: String,
    /// Magento's admin bearer token.
    pub token: Option<String>,
    /// The input file.
    pub file: String,
    /// The record field naming the customer.
    pub key_field: String,
    /// The rules with what the caller knows about the shop.
    pub checker: Arc<Checker>,
    /// Whether each customer is read from the shop to pre-validate against, before her update.
    pub read: bool,
    /// Updates in flight at once.
    pub concurrency: usize,
    /// The rate limit, if any.
    pub rate: Option<Rate>,
    /// Retries after the first attempt.
    pub retries: u32,
    /// The journal file.
    pub journal: PathBuf,
    /// The rejects file.
    pub rejects: PathBuf,
    /// Continue the run the journal records.
    pub resume: bool,
    /// Check and count, send nothing.
    pub dry_run: bool,
}

/// How a push ended.
#[derive(Debug, Default)]
struct Tally {
    records: usize,
    ok: usize,
    rejected: usize,
    invalid: usize,
    failed: usize,
    skipped: usize,
    unsent: usize,
    /// Records refused (rejected or invalid) in this run and earlier ones of the same journal.
    refused_in_all: usize,
}

/// Who the record's update is for.
#[derive(Debug, Clone)]
enum Customer {
    Magento(i64),
    Open2b(String),
}

/// The client of the platform.
#[derive(Debug, Clone)]
enum Shop {
    Magento(MagentoClient),
    Open2b(Open2bClient),
}

/// Runs a push; the exit code: 0 all accepted, 1 some rejected or invalid, 2 unreadable input or
/// settings, 3 some not delivered or the run was interrupted (continue with `--resume`).
pub async fn run(settings: Settings) -> u8 {
    match push(settings).await {
        Ok(tally) => {
            if tally.failed > 0 || tally.unsent > 0 {
                3
            } else if tally.refused_in_all > 0 {
                1
            } else {
                0
            }
        }
        Err(Unreadable(message)) => {
            eprintln!("customer push: {message}");
            2
        }
    }
}

async fn push(settings: Settings) -> Result<Tally, Unreadable> {
    let started = Instant::now();
    let (name, text) = input::read_text(&settings.file)?;
    let read = input::records(&name, &text, &settings.key_field);
    if !read.problems.is_empty() {
        for problem in &read.problems {
            eprintln!("{}", one_line(&problem.to_string()));
        }
        return Err(Unreadable(format!(
            "{name}: {} line(s) not readable; nothing was sent",
            read.problems.len()
        )));
    }
    let records = read.records;
    let customers = records
        .iter()
        .map(|record| customer(settings.platform, &settings.key_field, record))
        .collect::<Result<Vec<_>, _>>()?;

    let (mut journal, mut done) = if settings.dry_run {
        (None, BTreeMap::new())
    } else if settings.resume {
        let (journal, done) = Journal::resume(&settings.journal, text.as_bytes(), records.len())
            .map_err(Unreadable)?;
        (Some(journal), done)
    } else {
        let journal = Journal::create(&settings.journal, text.as_bytes(), records.len())
            .map_err(Unreadable)?;
        (Some(journal), BTreeMap::new())
    };
    let mut tally = Tally {
        records: records.len(),
        ..Tally::default()
    };
    tally.skipped = done.values().filter(|outcome| outcome.is_final()).count();

    // Pre-validation with what is known offline (the body, the context): a record the shop
    // certainly refuses is never sent, nor is its customer read.
    let mut pending = Vec::new();
    for (record, customer) in records.iter().zip(customers) {
        if done.get(&record.place.line).is_some_and(Outcome::is_final) {
            continue;
        }
        let outcome = settings.checker.check(record);
        if outcome.is_refused() {
            for violation in outcome.violations.iter().filter(|v| !v.needs_context) {
                let line = format!(
                    "{}: {}: {}",
                    record.place, violation.path, violation.message
                );
                eprintln!("{}", one_line(&line));
            }
            tally.invalid += 1;
            note(
                &mut journal,
                &mut done,
                record.place.line,
                invalid(&outcome),
            )?;
        } else {
            pending.push((record.clone(), customer));
        }
    }

    if settings.dry_run {
        println!(
            "dry run: {} of {} records would be sent to {}",
            pending.len(),
            tally.records,
            settings.base_url
        );
        tally.refused_in_all = tally.invalid;
        print_summary(&tally, started.elapsed(), 0);
        return Ok(tally);
    }

    let shop = client(&settings)?;
    let progress =
        ProgressBar::with_draw_target(Some(pending.len() as u64), ProgressDrawTarget::stderr());
    progress.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} records  {per_sec}  ETA {eta}  {msg}")
            .map_err(|error| Unreadable(error.to_string()))?,
    );

    let stop = Arc::new(AtomicBool::new(false));
    // A slot is given back only once its outcome is journaled, so at most `concurrency` updates
    // are ever sent but not yet journaled: those are all a crash can make `--resume` send again.
    let (sent, mut outcomes) = mpsc::unbounded_channel::<(usize, Outcome, OwnedSemaphorePermit)>();
    let dispatcher = {
        let stop = stop.clone();
        let slots = Arc::new(Semaphore::new(settings.concurrency.max(1)));
        let limiter = settings.rate.map(|rate| Arc::new(Limiter::new(rate)));
        let checker = settings.read.then(|| settings.checker.clone());
        tokio::spawn(async move {
            for (record, customer) in pending {
                let Ok(slot) = slots.clone().acquire_owned().await else {
                    break;
                };
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let (shop, limiter, sent) = (shop.clone(), limiter.clone(), sent.clone());
                let checker = checker.clone();
                tokio::spawn(async move {
                    let line = record.place.line;
                    let outcome = match checker {
                        Some(checker) => {
                            read_check_send(&shop, &checker, limiter.as_deref(), &customer, record)
                                .await
                        }
                        None => {
                            if let Some(limiter) = limiter {
                                limiter.acquire().await;
                            }
                            send(&shop, &customer, record.body).await
                        }
                    };
                    let _ = sent.send((line, outcome, slot));
                });
            }
        })
    };

    let places: BTreeMap<usize, &Record> = records.iter().map(|r| (r.place.line, r)).collect();
    let mut calls = 0usize;
    let mut interrupted = false;
    loop {
        let next = tokio::select! {
            next = outcomes.recv() => next,
            _ = tokio::signal::ctrl_c(), if !interrupted => {
                interrupted = true;
                stop.store(true, Ordering::SeqCst);
                progress.suspend(|| {
                    eprintln!("interrupted: finishing the updates in flight, then stopping");
                });
                continue;
            }
        };
        let Some((line, outcome, slot)) = next else {
            break;
        };
        calls += 1;
        match &outcome {
            Outcome::Ok => tally.ok += 1,
            Outcome::Invalid { message, .. } => {
                tally.invalid += 1;
                let shown = format!("{}: {message}", places[&line].place);
                progress.suspend(|| eprintln!("{}", one_line(&shown)));
            }
            Outcome::Rejected { status, message } => {
                tally.rejected += 1;
                let shown = format!(
                    "{}: rejected by the shop (HTTP {status}): {message}",
                    places[&line].place
                );
                progress.suspend(|| eprintln!("{}", one_line(&shown)));
            }
            Outcome::Failed { message } => {
                tally.failed += 1;
                let shown = format!("{}: not delivered: {message}", places[&line].place);
                progress.suspend(|| eprintln!("{}", one_line(&shown)));
            }
        }
        note(&mut journal, &mut done, line, outcome)?;
        drop(slot);
        progress.inc(1);
    }
    progress.finish_and_clear();
    let _ = dispatcher.await;
    tally.unsent = tally
        .records
        .saturating_sub(tally.skipped + tally.ok + tally.rejected + tally.invalid + tally.failed);

    // An Open2b record names its customer by her key, which authenticates her calls.
    let secret_field =
        (settings.platform == Platform::Open2b).then_some(settings.key_field.as_str());
    tally.refused_in_all = write_rejects(&settings.rejects, &records, &done, secret_field)?;
    print_summary(&tally, started.elapsed(), calls);
    if tally.refused_in_all > 0 {
        eprintln!("rejected records: {}", settings.rejects.display());
    }
    if tally.failed + tally.unsent > 0 {
        eprintln!("some records were not delivered: run the same command again with --resume");
    }
    Ok(tally)
}

/// Journals an outcome (durably) and remembers it.
fn note(
    journal: &mut Option<Journal>,
    done: &mut BTreeMap<usize, Outcome>,
    line: usize,
    outcome: Outcome,
) -> Result<(), Unreadable> {
    if let Some(journal) = journal {
        journal
            .record(&Entry {
                line,
                outcome: outcome.clone(),
            })
            .map_err(Unreadable)?;
    }
    done.insert(line, outcome);
    Ok(())
}

/// The customer a record names in its key field.
fn customer(platform: Platform, key_field: &str, record: &Record) -> Result<Customer, Unreadable> {
    let missing = |what: &str| {
        Unreadable(format!(
            "{}: the field `{key_field}` must hold {what}",
            record.place
        ))
    };
    match platform {
        Platform::Magento => record
            .key
            .as_ref()
            .and_then(Value::as_i64)
            .map(Customer::Magento)
            .ok_or_else(|| missing("the customer id (an integer)")),
        Platform::Open2b => record
            .key
            .as_ref()
            .and_then(Value::as_str)
            .filter(|key| !key.is_empty())
            .map(|key| Customer::Open2b(key.to_owned()))
            .ok_or_else(|| missing("the customer key (a non-empty string)")),
    }
}

fn client(settings: &Settings) -> Result<Shop, Unreadable> {
    let retry = RetryPolicy {
        max_attempts: settings.retries.saturating_add(1),
        ..RetryPolicy::default()
    };
    let built = match settings.platform {
        Platform::Magento => {
            let token = settings.token.as_deref().ok_or_else(|| {
                Unreadable("no Magento token: set MAGENTO_TOKEN or give --token-file".into())
            })?;
            // The client pre-validates each body by the same configuration as the checks here.
            let config = match settings.checker.as_ref() {
                Checker::Magento { config, .. } => config.clone(),
                Checker::Open2b { .. } => magento::Config::default(),
            };
            MagentoClient::builder(&settings.base_url)
                .store_code(&settings.store_code)
                .bearer(token)
                .store_config(config)
                .retry(retry)
                .build()
                .map(Shop::Magento)
        }
        Platform::Open2b => Open2bClient::builder(&settings.base_url)
            .retry(retry)
            .build()
            .map(Shop::Open2b),
    };
    built.map_err(|error| Unreadable(error.to_string()))
}

/// Reads the customer from the shop (the read call), checks the update against her, and sends
/// it unless the shop certainly refuses it. Each call waits for the rate limit.
async fn read_check_send(
    shop: &Shop,
    checker: &Checker,
    limiter: Option<&Limiter>,
    customer: &Customer,
    record: Record,
) -> Outcome {
    if let Some(limiter) = limiter {
        limiter.acquire().await;
    }
    let stored = match (shop, customer) {
        (Shop::Magento(client), Customer::Magento(id)) => {
            client.customer(*id).await.map(Stored::Magento)
        }
        (Shop::Open2b(client), Customer::Open2b(key)) => {
            client.customer(key).await.map(Stored::Open2b)
        }
        _ => return not_this_platform(),
    };
    let stored = match stored {
        Ok(stored) => stored,
        Err(error) => return outcome_of(Err(error)),
    };
    let outcome = checker.check_with(&record, Some(&stored));
    if outcome.is_refused() {
        return invalid(&outcome);
    }
    if let Some(limiter) = limiter {
        limiter.acquire().await;
    }
    send(shop, customer, record.body).await
}

fn not_this_platform() -> Outcome {
    Outcome::Failed {
        message: "the record is not for this platform".into(),
    }
}

/// Sends one update and says what became of it.
async fn send(shop: &Shop, customer: &Customer, body: Value) -> Outcome {
    let result = match (shop, customer) {
        (Shop::Magento(client), Customer::Magento(id)) => {
            match magento::read_request(&body, client.profile()) {
                Ok(request) => client.put_customer(*id, &request).await.map(|_| ()),
                Err(outcome) => return invalid(&outcome),
            }
        }
        (Shop::Open2b(client), Customer::Open2b(key)) => {
            match serde_json::from_value::<open2b::UpdateCustomerRequest>(body) {
                Ok(request) => client.update_customer(key, &request.customer).await,
                Err(error) => {
                    return Outcome::Invalid {
                        status: 200,
                        message: error.to_string(),
                    };
                }
            }
        }
        _ => return not_this_platform(),
    };
    outcome_of(result)
}

/// What a call's result means for the record: a refusal the shop or the rules gave, or a
/// failure to deliver that `--resume` retries.
fn outcome_of(result: Result<(), Error>) -> Outcome {
    match result {
        Ok(()) => Outcome::Ok,
        Err(Error::Predicted { outcome, .. }) => invalid(&outcome),
        Err(Error::Rejected(rejection)) => {
            let (status, message) = match &rejection {
                Rejection::Magento(error) => (error.status, error.messages().join(" / ")),
                Rejection::Open2b(error) => (200, error.to_string()),
                Rejection::Plain { status, text } => (*status, text.clone()),
                other => (0, other.to_string()),
            };
            // A 429 or a server error after every retry says nothing about the update itself.
            if status == 429 || status >= 500 {
                Outcome::Failed {
                    message: format!("HTTP {status}: {message}"),
                }
            } else {
                Outcome::Rejected { status, message }
            }
        }
        Err(other) => Outcome::Failed {
            message: other.to_string(),
        },
    }
}

/// A refusal the rules predict: the predicted status and every decided violation.
fn invalid(outcome: &customer_rules::Outcome) -> Outcome {
    Outcome::Invalid {
        status: outcome.response.status,
        message: outcome
            .violations
            .iter()
            .filter(|v| !v.needs_context)
            .map(|v| format!("{}: {}", v.path, v.message))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// Every refused record of the input so far, in input order, with the shop's (or the rules')
/// message, one JSON line each, its `secret_field` redacted; returns how many.
fn write_rejects(
    path: &std::path::Path,
    records: &[Record],
    done: &BTreeMap<usize, Outcome>,
    secret_field: Option<&str>,
) -> Result<usize, Unreadable> {
    let mut text = String::new();
    let mut count = 0;
    for record in records {
        let line = record.place.line;
        let (stage, status, message) = match done.get(&line) {
            Some(Outcome::Invalid { status, message }) => ("predicted", status, message),
            Some(Outcome::Rejected { status, message }) => ("shop", status, message),
            _ => continue,
        };
        let reject = json!({
            "line": line,
            "stage": stage,
            "status": status,
            "message": message,
            "record": shown_record(&record.raw, secret_field),
        });
        text.push_str(&reject.to_string());
        text.push('\n');
        count += 1;
    }
    std::fs::write(path, text)
        .map_err(|error| Unreadable(format!("{}: cannot write: {error}", path.display())))?;
    Ok(count)
}

/// A record as written, with the string in `secret_field` redacted (its first characters and
/// the line number tell which customer it is).
fn shown_record(raw: &Value, secret_field: Option<&str>) -> Value {
    let mut shown = raw.clone();
    if let Some(field) = secret_field
        && let Some(secret) = shown.get_mut(field)
        && let Some(text) = secret.as_str()
    {
        *secret = Value::String(customer_rules::secret::redact(text));
    }
    shown
}

fn print_summary(tally: &Tally, elapsed: Duration, calls: usize) {
    let seconds = elapsed.as_secs_f64();
    let rate = if seconds > 0.0 {
        calls as f64 / seconds
    } else {
        0.0
    };
    println!("{:<10}{:>8}", "records", tally.records);
    println!("{:<10}{:>8}  accepted by the shop", "ok", tally.ok);
    println!(
        "{:<10}{:>8}  refused by the shop",
        "rejected", tally.rejected
    );
    println!(
        "{:<10}{:>8}  never sent: the rules predict a refusal",
        "invalid", tally.invalid
    );
    println!(
        "{:<10}{:>8}  not delivered (--resume sends them again)",
        "failed", tally.failed
    );
    println!("{:<10}{:>8}  not sent: interrupted", "unsent", tally.unsent);
    println!(
        "{:<10}{:>8}  done in an earlier run",
        "skipped", tally.skipped
    );
    println!("{:<10}{seconds:>8.1}s  {rate:.0} updates/s", "time");
}
