//! The shop states tests and the demo start from (`tests/fixtures/*.json`, documented in
//! `tests/fixtures/README.md`).

use std::path::Path;

use customer_rules::{magento, open2b};
use serde::Deserialize;

/// A fixture file: one member per platform, each optional.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixture {
    /// The state of the Magento shop (left out: a fresh install without customers).
    #[serde(default)]
    pub magento: magento::Shop,
    /// The state of the Open2b store.
    #[serde(default)]
    pub open2b: open2b::Shop,
}

/// Why a fixture could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum FixtureError {
    /// The file could not be read.
    #[error("cannot read the fixture {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The file is not a valid fixture.
    #[error("the fixture {path} is not valid: {reason}")]
    Invalid {
        /// The file.
        path: String,
        /// Where and why, without the value that could not be read: it may be an admin token
        /// or a customer key.
        reason: String,
    },
}

impl Fixture {
    /// Reads and checks a fixture file.
    pub fn load(path: &Path) -> Result<Fixture, FixtureError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| FixtureError::Read {
            path: shown.clone(),
            source,
        })?;
        serde_json::from_str(&text).map_err(|error| FixtureError::Invalid {
            path: shown,
            reason: without_quoted_values(&error.to_string()),
        })
    }
}

/// Characters of a quoted value kept, when it is long enough that they give little of it away.
const SHOWN: usize = 4;

/// A JSON reader's message with each quoted value cut to its first characters: serde quotes the
/// value it could not take (`invalid type: string "eyJr…", expected a sequence`).
fn without_quoted_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(start) = rest.find('"') {
        out.push_str(&rest[..=start]);
        let after = &rest[start + 1..];
        let mut escaped = false;
        let end = after.char_indices().find_map(|(at, c)| match (escaped, c) {
            (true, _) => {
                escaped = false;
                None
            }
            (false, '\\') => {
                escaped = true;
                None
            }
            (false, '"') => Some(at),
            _ => None,
        });
        let (value, next) = match end {
            Some(end) => (&after[..end], &after[end + 1..]),
            None => (after, ""),
        };
        if value.chars().count() > 2 * SHOWN {
            out.extend(value.chars().take(SHOWN));
        }
        out.push('…');
        if end.is_some() {
            out.push('"');
        }
        rest = next;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::without_quoted_values;

    #[test]
    fn quoted_values_keep_four_characters_at_most() {
        assert_eq!(
            without_quoted_values(
                r#"invalid type: string "eyJra\"WQi.admin.token", expected a sequence at line 5 column 30"#
            ),
            r#"invalid type: string "eyJr…", expected a sequence at line 5 column 30"#
        );
        assert_eq!(without_quoted_values(r#"string "short""#), r#"string "…""#);
        assert_eq!(
            without_quoted_values("unknown field `admin_token`"),
            "unknown field `admin_token`"
        );
    }
}
