//! The shop states tests and the demo start from (`tests/fixtures/*.json`, documented in
//! `tests/fixtures/README.md`), read by `customer_rules::corpus`.

use std::collections::BTreeMap;
use std::path::Path;

use customer_rules::{corpus, magento, open2b};
use serde::Deserialize;

/// A fixture as the shop runs it: both platforms, a part the file leaves out being a fresh
/// install of that platform.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(from = "corpus::Fixture")]
pub struct Fixture {
    /// The state of the Magento shop.
    pub magento: magento::Shop,
    /// The state of the Open2b store.
    pub open2b: open2b::Shop,
    /// The text of each language pack file the Magento shop names, by the name it gives.
    #[serde(skip)]
    pub language_packs: BTreeMap<String, String>,
}

impl From<corpus::Fixture> for Fixture {
    fn from(fixture: corpus::Fixture) -> Fixture {
        Fixture {
            magento: fixture.magento.unwrap_or_default(),
            open2b: fixture.open2b.unwrap_or_default(),
            language_packs: BTreeMap::new(),
        }
    }
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
        /// The member where reading stopped and why, without the value that could not be
        /// read: it may be an admin token or a customer key.
        reason: corpus::CorpusError,
    },
    /// A language pack the fixture names cannot be read, or is not a pack Magento reads.
    #[error("the fixture {path} names a language pack that cannot be used: {reason}")]
    LanguagePack {
        /// The fixture file.
        path: String,
        /// Which pack and why.
        reason: magento::LanguagePackError,
    },
}

impl Fixture {
    /// Reads and checks a fixture file, and the language packs it names (file names relative
    /// to the fixture's folder).
    pub fn load(path: &Path) -> Result<Fixture, FixtureError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| FixtureError::Read {
            path: shown.clone(),
            source,
        })?;
        let mut fixture = corpus::Fixture::from_json(&text)
            .map(Fixture::from)
            .map_err(|reason| FixtureError::Invalid {
                path: shown.clone(),
                reason,
            })?;
        let folder = path.parent().unwrap_or(Path::new("."));
        let mut packs = BTreeMap::new();
        fixture
            .magento
            .read_dictionaries(|file| {
                let text = std::fs::read_to_string(folder.join(file))
                    .map_err(|error| error.to_string())?;
                packs.insert(file.to_owned(), text.clone());
                Ok(text)
            })
            .map_err(|reason| FixtureError::LanguagePack {
                path: shown,
                reason,
            })?;
        fixture.language_packs = packs;
        Ok(fixture)
    }
}
