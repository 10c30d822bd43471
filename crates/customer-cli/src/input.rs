//! Reading records: a file holds one JSON document (one record) or NDJSON (one record a line);
//! `-` is standard input. A record names its customer in one field (`--key-field`); the rest of
//! the record is the request body sent to the shop.

use std::io::Read;

use serde_json::{Map, Value};

/// Where a record came from, shown as `file:line` in every message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The file as given (`<stdin>` for `-`).
    pub file: String,
    /// The line the record starts on, from 1.
    pub line: usize,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// One record of an input file.
#[derive(Debug, Clone)]
pub struct Record {
    /// Where it is.
    pub place: Place,
    /// The record as written.
    pub raw: Value,
    /// The value of the key field (Magento customer id, Open2b customer key), when present.
    pub key: Option<Value>,
    /// The request body: the record without its key field.
    pub body: Value,
}

/// An input that cannot be read: a missing file, text that is not JSON.
#[derive(Debug)]
pub struct Unreadable(pub String);

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The text of a file, or of standard input for `-`, with the name messages use.
pub fn read_text(path: &str) -> Result<(String, String), Unreadable> {
    if path == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|error| Unreadable(format!("<stdin>: cannot read: {error}")))?;
        Ok(("<stdin>".to_owned(), text))
    } else {
        let text = std::fs::read_to_string(path)
            .map_err(|error| Unreadable(format!("{path}: cannot read: {error}")))?;
        Ok((path.to_owned(), text))
    }
}

/// The records of a text: the whole text when it is one JSON document (a pretty-printed body),
/// else one record per non-blank line.
pub fn records(file: &str, text: &str, key_field: &str) -> Result<Vec<Record>, Unreadable> {
    let trimmed = text.trim_start();
    if let Ok(value) = serde_json::from_str::<Value>(trimmed) {
        let leading = &text[..text.len() - trimmed.len()];
        let line = leading.matches('\n').count() + 1;
        return Ok(vec![record(
            Place {
                file: file.to_owned(),
                line,
            },
            value,
            key_field,
        )]);
    }
    let mut out = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let place = Place {
            file: file.to_owned(),
            line: index + 1,
        };
        let value = serde_json::from_str::<Value>(line)
            .map_err(|error| Unreadable(format!("{place}: not JSON: {error}")))?;
        out.push(record(place, value, key_field));
    }
    Ok(out)
}

fn record(place: Place, raw: Value, key_field: &str) -> Record {
    let (key, body) = match &raw {
        Value::Object(members) => {
            let mut body: Map<String, Value> = members.clone();
            let key = body.remove(key_field);
            (key, Value::Object(body))
        }
        other => (None, other.clone()),
    };
    Record {
        place,
        raw,
        key,
        body,
    }
}

#[cfg(test)]
mod tests {
    use super::records;
    use serde_json::json;

    #[test]
    fn ndjson_records_carry_their_line_and_lose_the_key_field() {
        let text = "{\"id\": 1, \"customer\": {}}\n\n{\"id\": 2, \"customer\": {\"x\": 1}}\n";
        let read = records("a.ndjson", text, "id").unwrap();
        assert_eq!(read.len(), 2);
        assert_eq!(read[1].place.to_string(), "a.ndjson:3");
        assert_eq!(read[1].key, Some(json!(2)));
        assert_eq!(read[1].body, json!({"customer": {"x": 1}}));
    }

    #[test]
    fn one_document_is_one_record_on_its_first_line() {
        let read = records("b.json", "\n\n{\n \"customer\": {}\n}\n", "id").unwrap();
        assert_eq!(read.len(), 1);
        assert_eq!(read[0].place.line, 3);
        assert_eq!(read[0].key, None);
    }

    #[test]
    fn a_broken_line_is_unreadable_with_its_place() {
        let error = records("c.ndjson", "{}\n{\"customer\":\n", "id").unwrap_err();
        assert!(error.0.starts_with("c.ndjson:2: not JSON"), "{}", error.0);
    }
}
