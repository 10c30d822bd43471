//! Reading records: a file holds a JSON array of records, one JSON document (one record) or
//! NDJSON (one record a line); `-` is standard input. A record names its customer in one field
//! (`--key-field`); the rest of the record is the request body sent to the shop.

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

/// An input that cannot be read at all: a missing file, a setting that makes no sense.
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

/// A place of an input that holds no readable record: a line that is not JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where it is.
    pub place: Place,
    /// What is wrong, e.g. `not JSON: expected value (column 3)`.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

/// What a text holds: its records, and the places that could not be read.
#[derive(Debug, Default)]
pub struct Records {
    /// Every record read, in the order of the text.
    pub records: Vec<Record>,
    /// Every place that could not be read, in the order of the text.
    pub problems: Vec<Problem>,
}

/// The records of a text (a UTF-8 byte order mark at its start is skipped):
/// - a JSON array: one record per item, on the line the item starts;
/// - one JSON document (a pretty-printed body): one record;
/// - else NDJSON: one record per non-blank line; a line that is not JSON is a problem, and the
///   lines after it are still read. A first line that ends inside a JSON value is a document
///   that is not JSON: one problem, where the reader stopped.
pub fn records(file: &str, text: &str, key_field: &str) -> Records {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let trimmed = text.trim_start();
    let leading_lines = text[..text.len() - trimmed.len()].matches('\n').count();
    let place = |line: usize| Place {
        file: file.to_owned(),
        line,
    };
    let mut read = Records::default();
    if trimmed.is_empty() {
        return read;
    }
    let whole = serde_json::from_str::<Value>(trimmed);
    match whole {
        Ok(Value::Array(items)) => {
            for (item, line) in items.into_iter().zip(array_item_lines(trimmed)) {
                read.records
                    .push(record(place(leading_lines + line), item, key_field));
            }
            return read;
        }
        Ok(value) => {
            read.records
                .push(record(place(leading_lines + 1), value, key_field));
            return read;
        }
        Err(error) => {
            let first_line = trimmed.lines().next().unwrap_or_default();
            let one_document = trimmed.starts_with('[')
                || serde_json::from_str::<Value>(first_line).is_err_and(|e| e.is_eof());
            if one_document {
                read.problems.push(Problem {
                    place: place(leading_lines + error.line()),
                    message: not_json(&error),
                });
                return read;
            }
        }
    }
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(line) {
            Ok(value) => read
                .records
                .push(record(place(index + 1), value, key_field)),
            Err(error) => read.problems.push(Problem {
                place: place(index + 1),
                message: not_json(&error),
            }),
        }
    }
    read
}

/// `not JSON: …` with the reader's message; the line is the problem's place, the column stays.
fn not_json(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    match text.strip_suffix(&position) {
        Some(message) => format!("not JSON: {message} (column {})", error.column()),
        None => format!("not JSON: {text}"),
    }
}

/// The line (from 1) each item of a JSON array starts on, in one pass over `text`, which holds
/// the array (valid JSON) and nothing before it.
fn array_item_lines(text: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    let (mut line, mut depth) = (1, 0usize);
    let (mut in_string, mut escaped, mut expecting_item) = (false, false, false);
    for byte in text.bytes() {
        if in_string {
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        if byte == b'\n' {
            line += 1;
        }
        if byte.is_ascii_whitespace() {
            continue;
        }
        if expecting_item && byte != b']' {
            lines.push(line);
        }
        expecting_item = false;
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                expecting_item = depth == 1;
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b',' => expecting_item = depth == 1,
            _ => {}
        }
    }
    lines
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
        let read = records("a.ndjson", text, "id");
        assert_eq!(read.records.len(), 2);
        assert!(read.problems.is_empty());
        assert_eq!(read.records[1].place.to_string(), "a.ndjson:3");
        assert_eq!(read.records[1].key, Some(json!(2)));
        assert_eq!(read.records[1].body, json!({"customer": {"x": 1}}));
    }

    #[test]
    fn one_document_is_one_record_on_its_first_line() {
        let read = records("b.json", "\n\n{\n \"customer\": {}\n}\n", "id");
        assert_eq!(read.records.len(), 1);
        assert_eq!(read.records[0].place.line, 3);
        assert_eq!(read.records[0].key, None);
    }

    #[test]
    fn a_broken_line_is_a_problem_at_its_place_and_the_next_lines_are_read() {
        let read = records(
            "c.ndjson",
            "{}\n{\"customer\":\n{\"id\": 3}\nnull x\n",
            "id",
        );
        assert_eq!(read.records.len(), 2);
        assert_eq!(read.records[1].key, Some(json!(3)));
        let problems: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            problems,
            [
                "c.ndjson:2: not JSON: EOF while parsing a value (column 12)",
                "c.ndjson:4: not JSON: trailing characters (column 6)",
            ]
        );
    }

    #[test]
    fn an_array_is_one_record_per_item_on_the_line_it_starts() {
        let text = "\u{feff}\n[\n  {\"id\": 1, \"customer\": {\"lastname\": \"[a,\\\"b\"}},\n  {\"id\": 2,\n   \"customer\": {}}, {\"id\": 3}\n]\n";
        let read = records("d.json", text, "id");
        assert!(read.problems.is_empty());
        let places: Vec<(usize, serde_json::Value)> = read
            .records
            .iter()
            .map(|record| (record.place.line, record.key.clone().unwrap()))
            .collect();
        assert_eq!(places, [(3, json!(1)), (4, json!(2)), (5, json!(3))]);
        assert_eq!(
            read.records[0].body,
            json!({"customer": {"lastname": "[a,\"b"}})
        );
        assert!(records("e.json", "[]", "id").records.is_empty());
    }

    #[test]
    fn a_byte_order_mark_is_skipped_and_a_broken_document_is_one_problem() {
        let read = records("f.ndjson", "\u{feff}{\"id\": 1}\n{\"id\": 2}\n", "id");
        assert_eq!(read.records.len(), 2);
        assert_eq!(read.records[0].key, Some(json!(1)));

        let read = records("g.json", "{\n  \"id\": 1,\n  \"customer\": {\n}\n", "id");
        assert!(read.records.is_empty());
        let problems: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            problems,
            ["g.json:5: not JSON: EOF while parsing an object (column 0)"]
        );
        let read = records("h.json", "[{\"id\": 1},\n{\"id\" 2}]", "id");
        assert_eq!(read.problems[0].place.line, 2);
    }
}
