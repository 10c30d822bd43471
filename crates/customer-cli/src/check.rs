//! What the rules say about a record. Every check is `customer-rules`'; this module only chooses
//! which entry point applies to what the caller knows.

use std::collections::HashMap;

use customer_rules::corpus::Fixture;
use customer_rules::{Outcome, Violation, magento, open2b};
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

/// A customer as the shop's read call returned it (Magento's `GET /V1/customers/{id}`, Open2b's
/// `storefront.customer`).
#[derive(Debug, Clone)]
pub enum Stored {
    /// A Magento customer.
    Magento(magento::StoredCustomer),
    /// An Open2b customer.
    Open2b(open2b::Customer),
}

/// A stable name for the check behind a violation, for filtering and annotations: the platform
/// and the first eight words of the shop's message template, lower case and joined by `-`, its
/// placeholders (`%fieldName`, `<Field>`) and quoted parts (`"%value"`, `'example'`) left out,
/// e.g. `magento/is-required-enter-and-try-again`. The template is the rules' own name of a
/// check; leaving out what a request or a label puts in keeps the name the same from one record
/// to the next.
pub fn rule_id(platform: Platform, violation: &Violation) -> String {
    let platform = match platform {
        Platform::Magento => "magento",
        Platform::Open2b => "open2b",
    };
    let is_quote = |c: char| matches!(c, '"' | '\'' | '‘' | '’' | '“' | '”');
    let mut words: Vec<String> = Vec::new();
    let mut quoted = false;
    for word in violation.template.split_whitespace() {
        // A quoted part ends with the word whose last character, punctuation aside, is a quote.
        let closes = word
            .trim_end_matches(['.', ',', ';', ':', '!', '?'])
            .ends_with(is_quote);
        if quoted {
            quoted = !closes;
            continue;
        }
        if word.starts_with(is_quote) {
            quoted = word.chars().count() == 1 || !closes;
            continue;
        }
        if word.contains(['%', '<']) {
            continue;
        }
        let bare: String = word
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        if !bare.is_empty() {
            words.push(bare);
        }
        if words.len() == 8 {
            break;
        }
    }
    if words.is_empty() {
        words.push(String::from("message"));
    }
    format!("{platform}/{}", words.join("-"))
}

impl Checker {
    /// Loads `--config` and `--context`. The context is what the shop knows, in the fixture
    /// format (`tests/fixtures/README.md`): `{"magento": {...}, "open2b": {...}}`; a platform it
    /// leaves out is not known, so the checks that need it are undecided.
    pub fn load(
        platform: Platform,
        config: Option<&str>,
        context: Option<&str>,
    ) -> Result<Checker, Unreadable> {
        let context = match context {
            Some(path) => read_context(path)?,
            None => Fixture::default(),
        };
        match platform {
            Platform::Magento => {
                let config = match (config, &context.magento) {
                    (Some(path), _) => parse_file(path)?,
                    (None, Some(shop)) => shop.store_config(),
                    (None, None) => magento::Config::default(),
                };
                let clock = magento::Clock::now(config.timezone());
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

    /// Checks one record: against the stored customer when the context holds her; else the
    /// checks that need her are undecided (`needs_context`).
    pub fn check(&self, record: &Record) -> Outcome {
        self.check_with(record, None)
    }

    /// Checks one record against `live`, the customer as the shop's read call returned it, when
    /// given (of this checker's platform), else as [`Checker::check`] does. The context's other
    /// data (customers, groups, carts, …) is used either way.
    pub fn check_with(&self, record: &Record, live: Option<&Stored>) -> Outcome {
        match self {
            Checker::Magento {
                config,
                shop,
                clock,
            } => {
                let live = match live {
                    Some(Stored::Magento(customer)) => Some(customer),
                    _ => None,
                };
                let stored = live.or_else(|| {
                    let known = shop.as_ref()?;
                    let id = record.key.as_ref().and_then(Value::as_i64)?;
                    known.shop.customers.get(*known.customers.get(&id)?)
                });
                let unknown = magento::Context::default();
                let context = shop.as_ref().map_or(&unknown, |known| &known.context);
                magento::validate(&record.body, stored, config, context, clock)
            }
            Checker::Open2b { shop } => {
                let live = match live {
                    Some(Stored::Open2b(customer)) => Some(customer),
                    _ => None,
                };
                let stored = live.or_else(|| {
                    let known = shop.as_ref()?;
                    let key = record.key.as_ref().and_then(Value::as_str)?;
                    let account = known.shop.customers.get(*known.customers.get(key)?)?;
                    Some(&account.customer)
                });
                let unknown = open2b::Context::default();
                let context = shop.as_ref().map_or(&unknown, |known| &known.context);
                open2b::validate(&record.body, stored, context)
            }
        }
    }
}

/// Reads a context file. The message of a file the reader refuses names the member where it
/// stopped, after the reader's own words (which say `invalid type`, `unknown field`, …) and
/// without a value whole: a context file holds admin tokens and customer keys.
fn read_context(path: &str) -> Result<Fixture, Unreadable> {
    let (name, text) = crate::input::read_text(path)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    Fixture::from_json(text).map_err(|error| match error.path.as_str() {
        "." => Unreadable(format!("{name}: {}", error.message)),
        member => Unreadable(format!("{name}: {}, in `{member}`", error.message)),
    })
}

/// Reads a JSON file into `T`. A value the reader could not take is not shown whole: a stored
/// customer holds a password hash and a reset token.
pub fn parse_file<T: serde::de::DeserializeOwned>(path: &str) -> Result<T, Unreadable> {
    let (name, text) = crate::input::read_text(path)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    serde_json::from_str(text).map_err(|error| {
        Unreadable(format!(
            "{name}: {}",
            customer_rules::secret::redact_quoted(&error.to_string())
        ))
    })
}

#[cfg(test)]
mod tests {
    use customer_rules::Violation;
    use serde_json::Value;

    use super::{Platform, read_context, rule_id};

    fn rule(platform: Platform, template: &str) -> String {
        let violation = Violation {
            path: "customer.x".into(),
            kind: None,
            template: template.into(),
            parameters: Value::Null,
            message: template.into(),
            needs_context: false,
        };
        rule_id(platform, &violation)
    }

    #[test]
    fn a_rule_id_is_the_template_without_placeholders_or_quoted_parts() {
        let magento = |template| rule(Platform::Magento, template);
        assert_eq!(
            magento("\"%fieldName\" is required. Enter and try again."),
            "magento/is-required-enter-and-try-again"
        );
        assert_eq!(
            magento("Invalid value of \"%value\" provided for the %fieldName field."),
            "magento/invalid-value-of-provided-for-the-field"
        );
        // Laminas' messages come rendered: the value quoted in them is left out.
        assert_eq!(
            magento(
                "'example' looks like a local network name, which is not an acceptable format."
            ),
            "magento/looks-like-a-local-network-name-which-is"
        );
        assert_eq!(
            magento("'john doe' is not a valid hostname."),
            "magento/is-not-a-valid-hostname"
        );
        assert_eq!(
            magento("First Name is not valid!"),
            "magento/first-name-is-not-valid"
        );
        assert_eq!(
            magento("The customer's group isn't known."),
            "magento/the-customers-group-isnt-known"
        );
        assert_eq!(
            magento("Invalid Street Address. Please use A-Z, a-z, 0-9, , - . ' ’ ` & spaces"),
            "magento/invalid-street-address-please-use-az-az-09"
        );
        assert_eq!(magento("\"%1\""), "magento/message");
        assert_eq!(
            rule(Platform::Open2b, "<Field> is not a valid value"),
            "open2b/is-not-a-valid-value"
        );
    }

    #[test]
    fn a_context_file_is_refused_with_the_member_where_reading_stopped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("context.json");
        let path = path.to_str().unwrap();
        std::fs::write(
            path,
            r#"{"magento": {"stores": [{"id": 1, "code": "default", "website": 1}]}}"#,
        )
        .unwrap();
        let refused = read_context(path).unwrap_err().0;
        assert!(
            refused.starts_with(&format!("{path}: unknown field `website`")),
            "{refused}"
        );
        assert!(
            refused.ends_with(", in `magento.stores[0].website`"),
            "{refused}"
        );

        std::fs::write(path, "{} {}").unwrap();
        let refused = read_context(path).unwrap_err().0;
        assert!(
            refused.starts_with(&format!("{path}: trailing characters")),
            "{refused}"
        );
        assert!(!refused.contains("in `"), "{refused}");
    }

    #[test]
    fn a_context_file_may_start_with_a_byte_order_mark_and_leave_a_platform_out() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("context.json");
        std::fs::write(&path, "\u{feff}{\"open2b\": {\"carts\": []}}").unwrap();
        let context = read_context(path.to_str().unwrap()).unwrap();
        assert!(context.magento.is_none());
        assert_eq!(
            context.open2b,
            Some(customer_rules::open2b::Shop::default())
        );
    }
}
