//! `customer fingerprint`: which Magento profile a shop runs, told from the answers to PUTs the
//! shop refuses (the probes and the classes are `customer-rules`'; this module sends and prints).

use customer_client::MagentoClient;
use customer_rules::magento::{Fingerprint, ProbeEvidence, ProfileClass};
use serde_json::json;

use crate::Format;

/// What `customer fingerprint` needs.
pub struct Settings {
    pub base_url: String,
    pub store_code: String,
    pub token: String,
    pub customer_id: i64,
    pub format: Format,
}

/// Runs the fingerprint: 0 a class found, 1 the answers fit no profile, 2 the shop could not be
/// asked (settings, connection, a refused token, an unknown customer, a probe accepted).
pub async fn run(settings: Settings) -> u8 {
    let client = MagentoClient::builder(&settings.base_url)
        .store_code(&settings.store_code)
        .bearer(&settings.token)
        .build();
    let found = match client {
        Ok(client) => client.fingerprint(settings.customer_id).await,
        Err(error) => Err(error),
    };
    match found {
        Ok(fingerprint) => {
            match settings.format {
                Format::Json => println!("{}", json!(fingerprint)),
                Format::Text => print!("{}", report(&fingerprint)),
            }
            if fingerprint.class.is_some() { 0 } else { 1 }
        }
        Err(error) => {
            eprintln!("customer fingerprint: {error}");
            2
        }
    }
}

/// The class names of one answer, listed when few.
fn kept(evidence: &ProbeEvidence) -> String {
    const LISTED: usize = 4;
    let count = evidence.kept.len();
    if count <= LISTED {
        format!(
            "fits {count} of {} classes: {}",
            evidence.of,
            evidence.kept.join("; ")
        )
    } else {
        format!("fits {count} of {} classes", evidence.of)
    }
}

fn answer(evidence: &ProbeEvidence) -> String {
    format!("HTTP {} {}", evidence.answer.status, evidence.answer.body)
}

/// The text report: each probe with its answer, then the class (or the answers no profile gives).
fn report(fingerprint: &Fingerprint) -> String {
    let mut text = String::new();
    for (number, evidence) in fingerprint.evidence.iter().enumerate() {
        text.push_str(&format!(
            "probe {}: {}\n  answer: {}\n  {}\n",
            number + 1,
            evidence.tells,
            answer(evidence),
            kept(evidence)
        ));
    }
    match &fingerprint.class {
        Some(class) => text.push_str(&found(class)),
        None => {
            text.push_str("profile: unknown; these answers fit no profile:\n");
            for evidence in &fingerprint.unknown {
                text.push_str(&format!(
                    "  {}\n    answer: {}\n",
                    evidence.tells,
                    answer(evidence)
                ));
            }
        }
    }
    let puts = fingerprint.evidence.len() + fingerprint.unknown.len();
    text.push_str(&format!(
        "calls: 1 GET, {puts} PUT{}, every one refused\n",
        if puts == 1 { "" } else { "s" }
    ));
    text
}

fn found(class: &ProfileClass) -> String {
    let members: Vec<String> = class.profiles.iter().map(ToString::to_string).collect();
    // Every member answers alike; the newest release reads best in a configuration.
    let configure = members.last().cloned().unwrap_or_default();
    let mut text = format!(
        "profile: {}\n  members: {}\n  configure: {{\"version\": \"{configure}\"}} or --profile {configure}\n",
        class.name,
        members.join(", ")
    );
    if let Some(profile) = class.profiles.last() {
        let files: Vec<String> = profile
            .validator_files()
            .into_iter()
            .map(|(variant, file, blob)| format!("{file} {variant} {blob}"))
            .collect();
        if !files.is_empty() {
            text.push_str(&format!(
                "  to confirm, `git hash-object vendor/magento/module-customer/Model/Validator/<file>` on the install: {}\n",
                files.join(", ")
            ));
        }
    }
    text
}
