#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod check;
mod fingerprint;
mod input;
mod journal;
mod limit;
mod push;
mod report;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use customer_rules::{magento, open2b};
use serde_json::json;

use check::{Checker, Platform};
use customer_rules::Outcome;
use input::{Problem, Record, Unreadable};
use report::{Level, Summary};

const RECORDS_HELP: &str = "\
Records: a file is a JSON array of records, one JSON document (one record) or NDJSON (one record
a line); `-` reads standard input. A record is the request body plus one field naming the customer (--key-field):
  magento: {\"id\": 1, \"customer\": {\"lastname\": \"Smith\"}}   (PUT /V1/customers/1)
  open2b:  {\"key\": \"78FzLADvJ3naIe8d/CJQMA\", \"customer\": {\"cart\": null}}
Magento validates a PUT against the stored customer: with --context holding that customer
(the reference shop's fixture format), or in `push` once it is read from the shop (unless
--no-read), every check runs; without it the values the body carries are checked and what
depends on the stored customer is not decided.";

/// Validate customer updates offline, push them to a shop in bulk, diff two customers.
#[derive(Debug, Parser)]
#[command(name = "customer", version, after_help = RECORDS_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print every violation of every record, like a linter, then a summary; exit 1 when the
    /// shop would refuse one, 2 when some input (a file, a line) cannot be read — the rest is
    /// still checked.
    #[command(after_help = RECORDS_HELP)]
    Validate {
        /// The shop.
        #[arg(long, value_enum)]
        platform: Platform,
        /// Magento store configuration: {"version": "2.4.8-p1", "values": {"path": "value"}}.
        #[arg(long)]
        config: Option<String>,
        /// The Magento profile, instead of the configuration's `version`: a release and the
        /// quality patches or modifiers applied on it, e.g. 2.4.8-p5, 2.4.8-p3+ACP2E-4528
        /// (`customer fingerprint` tells a shop's).
        #[arg(long, value_parser = magento::Profile::parse)]
        profile: Option<magento::Profile>,
        /// A Magento language pack (`<locale>.csv`) of the store view, for messages in its
        /// language; repeat it for several packs, in Magento's precedence order (a later pack's
        /// row wins).
        #[arg(long = "dictionary", value_name = "FILE")]
        dictionaries: Vec<PathBuf>,
        /// What the shop knows (stored customers, groups, carts, …), in the reference shop's
        /// fixture format: {"magento": {...}, "open2b": {...}}.
        #[arg(long)]
        context: Option<String>,
        /// The record field naming the customer (default: `id` for Magento, `key` for Open2b).
        #[arg(long)]
        key_field: Option<String>,
        /// `text`: one line per violation, `file:line: field.path: message [rule]`; `json`: one
        /// line per record with the predicted shop response and the violations; `github`: one
        /// GitHub Actions annotation per violation.
        #[arg(long, value_enum, default_value_t = ValidateFormat::Text)]
        format: ValidateFormat,
        /// Input files (`-` for standard input).
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Pre-validate, then send every update with bounded concurrency, a rate limit and retries,
    /// journaling each outcome; exit 0 all accepted, 1 some refused, 2 unreadable input or
    /// settings, 3 some not delivered or interrupted (run again with --resume).
    #[command(after_help = RECORDS_HELP)]
    Push {
        /// The shop.
        #[arg(long, value_enum)]
        platform: Platform,
        /// The shop's address, the part before `/rest/…` or `/api/…`.
        #[arg(long)]
        base_url: String,
        /// Magento's store view code.
        #[arg(long, default_value = "default")]
        store_code: String,
        /// A file holding Magento's admin bearer token (else the MAGENTO_TOKEN environment
        /// variable). The token is never printed. OAuth 1.0a is not supported yet.
        #[arg(long)]
        token_file: Option<PathBuf>,
        /// The record field naming the customer (default: `id` for Magento, `key` for Open2b).
        #[arg(long)]
        key_field: Option<String>,
        /// Magento store configuration for pre-validation (see `validate`).
        #[arg(long)]
        config: Option<String>,
        /// The Magento profile for pre-validation, instead of the configuration's `version` (see
        /// `validate`).
        #[arg(long, value_parser = magento::Profile::parse)]
        profile: Option<magento::Profile>,
        /// A language pack of the store view, for messages in its language (see `validate`).
        #[arg(long = "dictionary", value_name = "FILE")]
        dictionaries: Vec<PathBuf>,
        /// What the shop knows, for pre-validation (see `validate`).
        #[arg(long)]
        context: Option<String>,
        /// Pre-validate without reading each customer from the shop first: the values the body
        /// carries, or against the customer in --context. By default each update is checked
        /// against the customer as the shop's read call returns it, just before it is sent.
        #[arg(long)]
        no_read: bool,
        /// Updates in flight at once.
        #[arg(long, default_value_t = 4)]
        concurrency: usize,
        /// At most CALLS calls in any DURATION window (`1000/5m`, `10/1s`, `50/500ms`), or
        /// `off`. Default: 1000/5m for Open2b (its documented limit), off for Magento.
        #[arg(long)]
        rate_limit: Option<String>,
        /// Retries of a call after a connection error, a timeout, 429 or 502/503/504.
        #[arg(long, default_value_t = 3)]
        retries: u32,
        /// The journal (default: FILE.journal).
        #[arg(long)]
        journal: Option<PathBuf>,
        /// Where refused records go, with the shop's message (default: FILE.rejects.ndjson).
        #[arg(long)]
        rejects: Option<PathBuf>,
        /// Continue the run recorded in the journal: records already done are not sent again.
        #[arg(long)]
        resume: bool,
        /// Check and count; send nothing, write nothing.
        #[arg(long)]
        dry_run: bool,
        /// The input file (`-` for standard input).
        file: String,
    },
    /// Tell which Magento profile a shop runs, changing nothing: every probe is a PUT of one
    /// customer that the shop refuses (its last address is in a country no shop allows), and the
    /// answers tell the profiles apart. Prints each probe, its answer and the classes it fits,
    /// then the class of profiles (profiles that answer every request alike); exit 0 a class
    /// found, 1 the answers fit no profile ("unknown"), 2 bad settings or the shop unreachable.
    Fingerprint {
        /// The shop's address, the part before `/rest/…`.
        #[arg(long)]
        base_url: String,
        /// Magento's store view code.
        #[arg(long, default_value = "default")]
        store_code: String,
        /// A file holding Magento's admin bearer token (else the MAGENTO_TOKEN environment
        /// variable). The token is never printed.
        #[arg(long)]
        token_file: Option<PathBuf>,
        /// The id of an existing customer, the one every probe names (the customer search of the
        /// admin API is not used: give an id). One with an address is best: the probe address
        /// then updates it instead of inserting a new one.
        #[arg(long)]
        customer_id: i64,
        /// `text`: each probe, its answer and the profiles it fits; `json`: the whole
        /// fingerprint as one JSON document.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print the smallest update turning the customer in BEFORE into the one in AFTER
    /// (Magento: the stored-customer shape of the fixtures; Open2b: the read shape).
    Diff {
        /// The shop.
        #[arg(long, value_enum)]
        platform: Platform,
        /// The customer as stored now.
        before: String,
        /// The customer as wanted.
        after: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ValidateFormat {
    Text,
    Json,
    Github,
}

fn main() -> ExitCode {
    let code = match Cli::parse().command {
        Command::Validate {
            platform,
            config,
            profile,
            dictionaries,
            context,
            key_field,
            format,
            files,
        } => validate(
            platform,
            (config.as_deref(), profile, &dictionaries),
            context.as_deref(),
            key_field.as_deref().unwrap_or(platform.default_key_field()),
            format,
            &files,
        ),
        Command::Fingerprint {
            base_url,
            store_code,
            token_file,
            customer_id,
            format,
        } => match read_token(token_file) {
            Ok(Some(token)) => match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime.block_on(fingerprint::run(fingerprint::Settings {
                    base_url,
                    store_code,
                    token,
                    customer_id,
                    format,
                })),
                Err(error) => {
                    eprintln!("customer fingerprint: cannot start: {error}");
                    2
                }
            },
            Ok(None) => {
                eprintln!(
                    "customer fingerprint: no admin token: give --token-file or set MAGENTO_TOKEN"
                );
                2
            }
            Err(Unreadable(message)) => {
                eprintln!("customer fingerprint: {message}");
                2
            }
        },
        Command::Diff {
            platform,
            before,
            after,
        } => match diff(platform, &before, &after) {
            Ok(text) => {
                println!("{text}");
                0
            }
            Err(Unreadable(message)) => {
                eprintln!("customer diff: {message}");
                2
            }
        },
        Command::Push {
            platform,
            base_url,
            store_code,
            token_file,
            key_field,
            config,
            profile,
            dictionaries,
            context,
            no_read,
            concurrency,
            rate_limit,
            retries,
            journal,
            rejects,
            resume,
            dry_run,
            file,
        } => {
            let settings = (|| -> Result<push::Settings, Unreadable> {
                let token = read_token(token_file)?;
                let rate = match (rate_limit.as_deref(), platform) {
                    (Some("off"), _) | (None, Platform::Magento) => None,
                    (Some(text), _) => Some(text.parse().map_err(Unreadable)?),
                    (None, Platform::Open2b) => Some(limit::Rate {
                        calls: 1000,
                        per: std::time::Duration::from_secs(300),
                    }),
                };
                let stem = if file == "-" { "stdin" } else { file.as_str() };
                Ok(push::Settings {
                    platform,
                    base_url,
                    store_code,
                    token,
                    key_field: key_field.unwrap_or_else(|| platform.default_key_field().into()),
                    checker: std::sync::Arc::new(load_checker(
                        platform,
                        (config.as_deref(), profile, &dictionaries),
                        context.as_deref(),
                    )?),
                    read: !no_read,
                    concurrency,
                    rate,
                    retries,
                    journal: journal.unwrap_or_else(|| format!("{stem}.journal").into()),
                    rejects: rejects.unwrap_or_else(|| format!("{stem}.rejects.ndjson").into()),
                    resume,
                    dry_run,
                    file,
                })
            })();
            match settings {
                Err(Unreadable(message)) => {
                    eprintln!("customer push: {message}");
                    2
                }
                Ok(settings) => match tokio::runtime::Builder::new_multi_thread()
                    .enable_all()
                    .build()
                {
                    Ok(runtime) => runtime.block_on(push::run(settings)),
                    Err(error) => {
                        eprintln!("customer push: cannot start: {error}");
                        2
                    }
                },
            }
        }
    };
    ExitCode::from(code)
}

/// Magento's admin token: the file's content, else `MAGENTO_TOKEN`.
fn read_token(token_file: Option<PathBuf>) -> Result<Option<String>, Unreadable> {
    match token_file {
        Some(path) => Ok(Some(
            std::fs::read_to_string(&path)
                .map_err(|error| Unreadable(format!("{}: cannot read: {error}", path.display())))?
                .trim()
                .to_owned(),
        )),
        None => Ok(std::env::var("MAGENTO_TOKEN").ok()),
    }
}

/// The Magento settings of the command line: `--config`, `--profile` in place of the
/// configuration's `version`, and the `--dictionary` packs.
type MagentoSettings<'a> = (Option<&'a str>, Option<magento::Profile>, &'a [PathBuf]);

/// `--config` and `--context`, with `--profile` and `--dictionary`.
fn load_checker(
    platform: Platform,
    (config, profile, dictionaries): MagentoSettings<'_>,
    context: Option<&str>,
) -> Result<Checker, Unreadable> {
    let mut checker = Checker::load(platform, config, context)?;
    match (&mut checker, profile) {
        (_, None) => {}
        (Checker::Magento { config, .. }, Some(profile)) => config.version = profile,
        (Checker::Open2b { .. }, Some(_)) => {
            return Err(Unreadable(
                "--profile names a Magento profile; Open2b has none".into(),
            ));
        }
    }
    if dictionaries.is_empty() {
        return Ok(checker);
    }
    let Checker::Magento { config, .. } = &mut checker else {
        return Err(Unreadable(
            "--dictionary translates Magento's messages; Open2b documents its own in English only"
                .into(),
        ));
    };
    let mut packs = Vec::with_capacity(dictionaries.len());
    for file in dictionaries {
        let text = std::fs::read_to_string(file)
            .map_err(|error| Unreadable(format!("{}: {error}", file.display())))?;
        packs.push(text);
    }
    let dictionary =
        magento::Dictionary::from_packs(packs.iter().map(String::as_str)).map_err(|error| {
            let file = error
                .pack
                .checked_sub(1)
                .and_then(|at| dictionaries.get(at))
                .map_or_else(String::new, |file| file.display().to_string());
            Unreadable(format!("{file}:{}: {}", error.line, error.reason))
        })?;
    config.dictionary = Some(std::sync::Arc::new(dictionary));
    Ok(checker)
}

/// `customer validate`: 0 nothing the shop refuses, 1 some record refused, 2 some input
/// unreadable (every readable record is still checked).
fn validate(
    platform: Platform,
    config: MagentoSettings<'_>,
    context: Option<&str>,
    key_field: &str,
    format: ValidateFormat,
    files: &[String],
) -> u8 {
    let checker = match load_checker(platform, config, context) {
        Ok(checker) => checker,
        Err(Unreadable(message)) => {
            eprintln!("customer validate: {message}");
            return 2;
        }
    };
    let mut summary = Summary::default();
    for file in files {
        let (name, text) = match input::read_text(file) {
            Ok(read) => read,
            Err(Unreadable(message)) => {
                summary.unreadable += 1;
                match format {
                    ValidateFormat::Text => eprintln!("{}", report::one_line(&message)),
                    ValidateFormat::Json => println!(
                        "{}",
                        json!({"file": file, "line": null, "unreadable": message})
                    ),
                    ValidateFormat::Github => println!(
                        "{}",
                        report::annotation(Level::Error, None, "unreadable", &message)
                    ),
                }
                continue;
            }
        };
        let read = input::records(&name, &text, key_field);
        summary.unreadable += read.problems.len();
        // Records and unreadable lines in the order of the file.
        let mut problems = read.problems.iter().peekable();
        for record in &read.records {
            while let Some(problem) = problems.next_if(|p| p.place.line < record.place.line) {
                print_unreadable(format, problem);
            }
            let outcome = checker.check(record);
            summary.records += 1;
            summary.refused += usize::from(outcome.is_refused());
            for violation in &outcome.violations {
                if violation.needs_context {
                    summary.undecided += 1;
                } else {
                    summary.problems += 1;
                }
            }
            print_outcome(platform, format, record, &outcome);
        }
        for problem in problems {
            print_unreadable(format, problem);
        }
    }
    match format {
        ValidateFormat::Text => println!("{summary}"),
        ValidateFormat::Json | ValidateFormat::Github => eprintln!("{summary}"),
    }
    if summary.unreadable > 0 {
        2
    } else if summary.refused > 0 {
        1
    } else {
        0
    }
}

/// A line that holds no record.
fn print_unreadable(format: ValidateFormat, problem: &Problem) {
    match format {
        ValidateFormat::Text => eprintln!("{}", report::one_line(&problem.to_string())),
        ValidateFormat::Json => println!(
            "{}",
            json!({
                "file": problem.place.file,
                "line": problem.place.line,
                "unreadable": problem.message,
            })
        ),
        ValidateFormat::Github => println!(
            "{}",
            report::annotation(
                Level::Error,
                Some(&problem.place),
                "unreadable",
                &problem.message
            )
        ),
    }
}

/// Every violation of one record, one line each (JSON: the record's one line).
fn print_outcome(platform: Platform, format: ValidateFormat, record: &Record, outcome: &Outcome) {
    let place = &record.place;
    match format {
        ValidateFormat::Json => {
            let violations: Vec<serde_json::Value> = outcome
                .violations
                .iter()
                .map(|violation| {
                    let mut shown = json!(violation);
                    shown["rule"] = json!(check::rule_id(platform, violation));
                    shown
                })
                .collect();
            println!(
                "{}",
                json!({
                    "file": place.file,
                    "line": place.line,
                    "response": outcome.response,
                    "violations": violations,
                    "violations_cut": outcome.violations_cut,
                })
            );
        }
        ValidateFormat::Text => {
            for violation in &outcome.violations {
                let undecided = if violation.needs_context {
                    " (needs context: not decided)"
                } else {
                    ""
                };
                let rule = check::rule_id(platform, violation);
                let line = match violation.path.as_str() {
                    "" => format!("{place}: {}{undecided} [{rule}]", violation.message),
                    path => format!("{place}: {path}: {}{undecided} [{rule}]", violation.message),
                };
                println!("{}", report::one_line(&line));
            }
            if outcome.violations_cut {
                println!(
                    "{place}: more problems than listed (at most {} a record)",
                    customer_rules::MAX_VIOLATIONS
                );
            }
        }
        ValidateFormat::Github => {
            for violation in &outcome.violations {
                let (level, undecided) = if violation.needs_context {
                    (Level::Warning, " (needs context: not decided)")
                } else {
                    (Level::Error, "")
                };
                let message = match violation.path.as_str() {
                    "" => format!("{}{undecided}", violation.message),
                    path => format!("{path}: {}{undecided}", violation.message),
                };
                let rule = check::rule_id(platform, violation);
                println!(
                    "{}",
                    report::annotation(level, Some(place), &rule, &message)
                );
            }
            if outcome.violations_cut {
                let message = format!(
                    "more problems than listed (at most {} a record)",
                    customer_rules::MAX_VIOLATIONS
                );
                println!(
                    "{}",
                    report::annotation(Level::Error, Some(place), "more-problems", &message)
                );
            }
        }
    }
}

/// `customer diff`: the update as pretty JSON.
fn diff(platform: Platform, before: &str, after: &str) -> Result<String, Unreadable> {
    let update = match platform {
        Platform::Magento => {
            let before: magento::StoredCustomer = check::parse_file(before)?;
            let after: magento::StoredCustomer = check::parse_file(after)?;
            serde_json::to_value(magento::diff(&before, &after))
        }
        Platform::Open2b => {
            let before: open2b::Customer = check::parse_file(before)?;
            let after: open2b::Customer = check::parse_file(after)?;
            serde_json::to_value(open2b::UpdateCustomerRequest {
                customer: open2b::diff(&before, &after),
            })
        }
    };
    update
        .and_then(|update| serde_json::to_string_pretty(&update))
        .map_err(|error| Unreadable(error.to_string()))
}
