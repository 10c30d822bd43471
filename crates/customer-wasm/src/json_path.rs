//! The member of a JSON text at which a reading error arose, named as a path
//! (`stored.addresses[0].region`).
//!
//! An argument is read straight from its JSON text by serde_json, the fastest way; only when that
//! fails is the text scanned again, up to the error's column, to name the member the reader was
//! in. This costs nothing while arguments are right, and one small function instead of a wrapper
//! around every type's reading code.

/// One open container of the scanned text.
enum Open {
    /// An object, with the member name last read in it, and whether a name comes next.
    Object(Option<String>, bool),
    /// An array, with the index of the item being read.
    Array(usize),
}

/// The path of the member being read when `prefix` (the text up to the error's column) ends: the
/// object members and array items still open, outermost first. Empty at the top level.
///
/// The text is JSON as `JSON.stringify` writes it; a member name is decoded by serde_json.
pub(crate) fn path_at(prefix: &str) -> String {
    let bytes = prefix.as_bytes();
    let mut open: Vec<Open> = Vec::new();
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        match byte {
            b'{' => open.push(Open::Object(None, true)),
            b'[' => open.push(Open::Array(0)),
            b'}' | b']' => {
                open.pop();
            }
            b',' => match open.last_mut() {
                Some(Open::Array(item)) => *item += 1,
                Some(Open::Object(_, name_next)) => *name_next = true,
                None => {}
            },
            b'"' => {
                let start = index;
                index += 1;
                while let Some(&inner) = bytes.get(index) {
                    match inner {
                        b'\\' => index += 2,
                        b'"' => break,
                        _ => index += 1,
                    }
                }
                if let Some(Open::Object(name, name_next @ true)) = open.last_mut() {
                    *name_next = false;
                    *name = prefix
                        .get(start..=index)
                        .and_then(|token| serde_json::from_str::<String>(token).ok());
                }
            }
            _ => {}
        }
        index += 1;
    }
    let mut path = String::new();
    for container in &open {
        match container {
            Open::Object(Some(name), _) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(name);
            }
            Open::Object(None, _) => {}
            Open::Array(item) => {
                path.push('[');
                path.push_str(&item.to_string());
                path.push(']');
            }
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::path_at;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Region {
        region: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Address {
        id: u32,
        region: Option<Region>,
        street: Option<Vec<String>>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Customer {
        id: u32,
        addresses: Vec<Address>,
    }

    /// Where serde_json's error in `text` is, as a path.
    fn path_of_error(text: &str) -> String {
        let error = serde_json::from_str::<Customer>(text).unwrap_err();
        path_at(text.get(..error.column()).unwrap_or(text))
    }

    #[test]
    fn the_member_at_fault_is_named_whatever_the_error() {
        let cases = [
            (
                r#"{"id":1,"addresses":[{"id":1,"region":"Texas"}]}"#,
                "addresses[0].region",
            ),
            (
                r#"{"id":1,"addresses":[{"id":1},{"id":2,"regio":{}}]}"#,
                "addresses[1].regio",
            ),
            (r#"{"id":1,"addresses":[{"region":{}}]}"#, "addresses[0]"),
            (r#"{"id":1,"addresses":{}}"#, "addresses"),
            (
                r#"{"id":1,"addresses":[{"id":1,"street":{"a":1}}]}"#,
                "addresses[0].street",
            ),
            (
                r#"{"id":1,"addresses":[{"id":1,"street":["a",5]}]}"#,
                "addresses[0].street[1]",
            ),
            (r#"{"id":1.5,"addresses":[]}"#, "id"),
            (
                r#"{"id":1,"addresses":[{"id":1,"region":{"region":[1,2]}}]}"#,
                "addresses[0].region.region",
            ),
            (r#"5"#, ""),
            (r#"{"addresses":[]}"#, ""),
        ];
        for (text, path) in cases {
            assert_eq!(path_of_error(text), path, "{text}");
        }
    }

    #[test]
    fn names_with_escapes_commas_and_brackets_are_read_whole() {
        let text = r#"{"id":1,"addresses":[{"id":1,"street":["a,[b]{\"c\"}"]},{"id":"x"}]}"#;
        assert_eq!(path_of_error(text), "addresses[1].id");
        assert_eq!(path_at(r#"{"a\"b":{"c":"#), "a\"b.c");
    }
}
