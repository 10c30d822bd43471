//! Placeholder rendering as Magento does it (reference §5,
//! `lib/internal/Magento/Framework/Phrase/Renderer/Placeholder.php`): every parameter key `k`
//! becomes `%k` (string keys) or `%{k+1}` (positional), and all placeholders are replaced at once
//! with PHP `strtr` semantics — longest key first at each position, replaced text never re-scanned.

use serde_json::Value;

use super::php;

/// Renders a message template with its parameters (an object, an array, or `null`).
pub fn render(template: &str, parameters: &Value) -> String {
    let pairs: Vec<(String, String)> = match parameters {
        Value::Object(map) => map
            .iter()
            .map(|(key, value)| (format!("%{key}"), display(value)))
            .collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(index, value)| (format!("%{}", index + 1), display(value)))
            .collect(),
        _ => Vec::new(),
    };
    strtr(template, &pairs)
}

/// PHP `strtr($text, $pairs)`: at each position the longest matching key wins; an empty key is
/// ignored.
fn strtr(text: &str, pairs: &[(String, String)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let best = pairs
            .iter()
            .filter(|(key, _)| !key.is_empty() && rest.starts_with(key.as_str()))
            .max_by_key(|(key, _)| key.len());
        match best {
            Some((key, value)) => {
                out.push_str(value);
                rest = rest.get(key.len()..).unwrap_or("");
            }
            None => {
                out.push(c);
                rest = rest.get(c.len_utf8()..).unwrap_or("");
            }
        }
    }
    out
}

/// A parameter as PHP prints it (`(string)`); arrays print as `Array`.
fn display(value: &Value) -> String {
    php::to_string(value).unwrap_or_else(|| String::from("Array"))
}

#[cfg(test)]
mod tests {
    use super::render;
    use serde_json::json;

    #[test]
    fn named_parameters() {
        assert_eq!(
            render(
                "No such entity with %fieldName = %fieldValue",
                &json!({"fieldName": "customerId", "fieldValue": 999})
            ),
            "No such entity with customerId = 999"
        );
        assert_eq!(
            render(
                "\"%fieldName\" is required. Enter and try again.",
                &json!({"fieldName": "telephone"})
            ),
            "\"telephone\" is required. Enter and try again."
        );
    }

    #[test]
    fn positional_parameters() {
        assert_eq!(
            render("\"%1\" is a required value.", &json!(["First Name"])),
            "\"First Name\" is a required value."
        );
        assert_eq!(
            render("The %1 HTTP method is not supported.", &json!(["PATCH"])),
            "The PATCH HTTP method is not supported."
        );
    }

    #[test]
    fn longest_key_wins_and_replacements_are_not_rescanned() {
        assert_eq!(
            render(
                "%1 and %11",
                &json!(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"])
            ),
            "a and k"
        );
        assert_eq!(render("%a %ab", &json!({"a": "%ab", "ab": "x"})), "%ab x");
    }

    #[test]
    fn no_parameters_leave_the_template() {
        assert_eq!(render("Invalid date", &json!(null)), "Invalid date");
    }
}
