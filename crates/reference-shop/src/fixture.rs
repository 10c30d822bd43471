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
            reason: customer_rules::secret::redact_quoted(&error.to_string()),
        })
    }
}
