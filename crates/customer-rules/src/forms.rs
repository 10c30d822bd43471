//! What a form shows: the decided messages of an [`Outcome`] grouped by field, each field's path
//! also as segments a form maps to its controls.

use serde::{Deserialize, Serialize};

use crate::{Outcome, Violation};

/// One step of a field path: a member name or a list index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub enum PathSegment {
    /// A list index, e.g. the `0` of `addresses[0]`.
    Index(usize),
    /// A member name, e.g. `city`.
    Key(String),
}

/// The messages of one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct FieldErrors {
    /// The field's path, as [`Violation::path`] writes it (`customer.addresses[0].city`).
    pub path: String,
    /// The same path as segments: `["customer", "addresses", 0, "city"]`.
    pub segments: Vec<PathSegment>,
    /// Every decided message of the field, in the order found.
    pub messages: Vec<String>,
}

impl Violation {
    /// [`Violation::path`] as segments: member names and list indexes. A path of the whole
    /// request (`""`) has none.
    pub fn segments(&self) -> Vec<PathSegment> {
        let mut segments = Vec::new();
        for part in self.path.split('.').filter(|part| !part.is_empty()) {
            let (name, indexes) = part.split_once('[').unwrap_or((part, ""));
            if !name.is_empty() {
                segments.push(PathSegment::Key(name.to_owned()));
            }
            for index in indexes.split('[').filter(|index| !index.is_empty()) {
                let index = index.trim_end_matches(']');
                segments.push(match index.parse() {
                    Ok(number) => PathSegment::Index(number),
                    Err(_) => PathSegment::Key(index.to_owned()),
                });
            }
        }
        segments
    }
}

impl Outcome {
    /// The decided messages by field, in the order the fields first appear; undecided checks
    /// (`needs_context`) are left out, as a form cannot show them as errors.
    pub fn field_errors(&self) -> Vec<FieldErrors> {
        let mut fields: Vec<FieldErrors> = Vec::new();
        let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for violation in self.violations.iter().filter(|v| !v.needs_context) {
            let slot = *index.entry(&violation.path).or_insert_with(|| {
                fields.push(FieldErrors {
                    path: violation.path.clone(),
                    segments: violation.segments(),
                    messages: Vec::new(),
                });
                fields.len() - 1
            });
            if let Some(field) = fields.get_mut(slot) {
                field.messages.push(violation.message.clone());
            }
        }
        fields
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ShopResponse;
    use serde_json::{Value, json};

    fn violation(path: &str, message: &str, needs_context: bool) -> Violation {
        serde_json::from_value(json!({
            "path": path, "template": message, "parameters": null, "message": message,
            "needs_context": needs_context
        }))
        .expect("a violation")
    }

    #[test]
    fn paths_become_segments() {
        let segments = violation("customer.addresses[0].street[1]", "x", false).segments();
        assert_eq!(
            serde_json::to_value(segments).expect("JSON"),
            json!(["customer", "addresses", 0, "street", 1])
        );
        assert!(violation("", "x", false).segments().is_empty());
    }

    #[test]
    fn field_errors_group_decided_messages_in_order() {
        let outcome = Outcome {
            response: ShopResponse {
                status: 400,
                body: Value::Null,
            },
            violations: vec![
                violation("customer.email", "first", false),
                violation("customer.addresses[0].city", "city", false),
                violation("customer.email", "second", false),
                violation("customer.group_id", "unknown group", true),
            ],
            violations_cut: false,
        };
        let fields = outcome.field_errors();
        let summary: Vec<(&str, Vec<&str>)> = fields
            .iter()
            .map(|f| {
                (
                    f.path.as_str(),
                    f.messages.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("customer.email", vec!["first", "second"]),
                ("customer.addresses[0].city", vec!["city"]),
            ]
        );
    }
}
