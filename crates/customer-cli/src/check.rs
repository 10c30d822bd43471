//! What the rules say about a record. Every check is `customer-rules`'; this module only chooses
//! which entry point applies to what the caller knows.

use std::collections::HashMap;

use customer_rules::{Outcome, ShopResponse, Violation, magento, open2b};
use serde::Deserialize;
use serde_json::Value;

use crate::input::{Record, Unreadable};

/// The shop a record is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Platform {
    /// Magento 2: a record is a customer id and a `PUT /V1/customers/{id}` body.
    Magento,
    /// Open2b 7.5: a record is a customer key and a `storefront.update-customer` body.
    Open2b,
}

impl Platform {
    /// The record field naming the customer when `--key-field` is not given.
    pub fn default_key_field(self) -> &'static str {
        match self {
            Platform::Magento => "id",
            Platform::Open2b => "key",
        }
    }
}

/// What the shop knows, in the reference shop's fixture format (`tests/fixtures/README.md`):
/// `{"magento": {...}, "open2b": {...}}`, each member optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContextFile {
    #[serde(default)]
    magento: Option<magento::Shop>,
    #[serde(default)]
    open2b: Option<open2b::Shop>,
}

/// The rules of one platform with what the caller told about the shop.
#[derive(Debug, Clone)]
pub enum Checker {
    /// Magento: store configuration, what the shop knows (if given), and today's date.
    Magento {
        /// The store configuration (`--config`, else the context's, else install defaults).
        config: magento::Config,
        /// The shop's state from `--context`, if given (boxed: it is far larger than Open2b's).
        shop: Option<Box<Known<magento::Shop, i64, magento::Context>>>,
        /// Today in the store's timezone.
        clock: magento::Clock,
    },
    /// Open2b: the store's state from `--context`, if given.
    Open2b {
        /// The shop's state.
        shop: Option<Known<open2b::Shop, String, open2b::Context>>,
    },
}

/// A shop from `--context`, with what every record is checked against built once: its
/// validation context, and where each customer is (so that a record finds hers without a scan).
#[derive(Debug, Clone)]
pub struct Known<Shop, Id, Context> {
    shop: Shop,
    customers: HashMap<Id, usize>,
    context: Context,
}

/// What the rules say about one record.
#[derive(Debug, Clone)]
pub struct Verdict {
    /// What the shop will answer, when the rules can tell.
    pub response: Option<ShopResponse>,
    /// Every problem found, per field.
    pub violations: Vec<Violation>,
    /// Why the check was partial, e.g. the stored customer is unknown.
    pub note: Option<String>,
}

impl Verdict {
    /// True when some violation is decided (needs no missing context): the shop will refuse.
    pub fn refused(&self) -> bool {
        self.violations.iter().any(|v| !v.needs_context)
    }
}

impl From<Outcome> for Verdict {
    fn from(outcome: Outcome) -> Verdict {
        Verdict {
            response: Some(outcome.response),
            violations: outcome.violations,
            note: None,
        }
    }
}

impl Checker {
    /// Loads `--config` and `--context`.
    pub fn load(
        platform: Platform,
        config: Option<&str>,
        context: Option<&str>,
    ) -> Result<Checker, Unreadable> {
        let context: ContextFile = match context {
            Some(path) => parse_file(path)?,
            None => ContextFile::default(),
        };
        match platform {
            Platform::Magento => {
                let config = match (config, &context.magento) {
                    (Some(path), _) => parse_file(path)?,
                    (None, Some(shop)) => shop.store_config(),
                    (None, None) => magento::Config::default(),
                };
                let clock = today(config.timezone());
                // The first customer of an id, as a scan finds it.
                let shop = context.magento.map(|shop| Known {
                    customers: shop
                        .customers
                        .iter()
                        .enumerate()
                        .rev()
                        .map(|(index, customer)| (customer.id, index))
                        .collect(),
                    context: shop.context(),
                    shop,
                });
                Ok(Checker::Magento {
                    config,
                    shop: shop.map(Box::new),
                    clock,
                })
            }
            Platform::Open2b => {
                if config.is_some() {
                    return Err(Unreadable(
                        "--config is a Magento store configuration; Open2b has none".into(),
                    ));
                }
                // The first account of a key, as the shop's own lookup finds it.
                let shop = context.open2b.map(|shop| Known {
                    customers: shop
                        .customers
                        .iter()
                        .enumerate()
                        .rev()
                        .map(|(index, account)| (account.key.clone(), index))
                        .collect(),
                    context: shop.context(),
                    shop,
                });
                Ok(Checker::Open2b { shop })
            }
        }
    }

    /// Checks one record: with the stored customer when the context holds it, else the body
    /// alone.
    pub fn check(&self, record: &Record) -> Verdict {
        match self {
            Checker::Magento {
                config,
                shop,
                clock,
            } => {
                let stored = shop.as_ref().and_then(|known| {
                    let id = record.key.as_ref().and_then(Value::as_i64)?;
                    let index = *known.customers.get(&id)?;
                    Some((known, known.shop.customers.get(index)?))
                });
                match stored {
                    Some((known, stored)) => Verdict::from(magento::validate(
                        &record.body,
                        Some(stored),
                        config,
                        &known.context,
                        clock,
                    )),
                    None => {
                        let (response, violations) =
                            match magento::read_request(&record.body, &config.version) {
                                Ok(_) => (None, Vec::new()),
                                Err(outcome) => (Some(outcome.response), outcome.violations),
                            };
                        Verdict {
                            response,
                            violations,
                            note: Some(
                                "stored customer unknown (see --context): only the body was read"
                                    .into(),
                            ),
                        }
                    }
                }
            }
            Checker::Open2b { shop } => {
                let stored = shop.as_ref().and_then(|known| {
                    let key = record.key.as_ref().and_then(Value::as_str)?;
                    let index = *known.customers.get(key)?;
                    known
                        .shop
                        .customers
                        .get(index)
                        .map(|account| &account.customer)
                });
                let unknown = open2b::Context::default();
                let context = shop.as_ref().map_or(&unknown, |known| &known.context);
                Verdict::from(open2b::validate(&record.body, stored, context))
            }
        }
    }
}

/// Today in the store's timezone (an unknown zone counts as UTC, as PHP falls back to it).
fn today(timezone: &str) -> magento::Clock {
    let now = jiff::Timestamp::now();
    let zone = jiff::tz::TimeZone::get(timezone).unwrap_or(jiff::tz::TimeZone::UTC);
    let date = now.to_zoned(zone).date();
    magento::Clock {
        today: magento::Date {
            year: i64::from(date.year()),
            month: u32::try_from(date.month()).unwrap_or(1),
            day: u32::try_from(date.day()).unwrap_or(1),
        },
        now: now.strftime("%Y-%m-%d %H:%M:%S").to_string(),
    }
}

/// Reads a JSON file into `T`. A value the reader could not take is not shown whole: a context
/// file holds admin tokens and customer keys.
pub fn parse_file<T: serde::de::DeserializeOwned>(path: &str) -> Result<T, Unreadable> {
    let (name, text) = crate::input::read_text(path)?;
    serde_json::from_str(&text).map_err(|error| {
        Unreadable(format!(
            "{name}: {}",
            customer_rules::secret::redact_quoted(&error.to_string())
        ))
    })
}
