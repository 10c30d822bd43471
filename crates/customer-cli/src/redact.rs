//! Customer keys and admin tokens never reach an output (the terminal, the rejects file, the
//! journal): a value that may be one is shown by its first characters only.

/// Characters of a secret shown, when it is long enough that they give little of it away.
const SHOWN: usize = 4;

/// `78Fz…` for `78FzLADvJ3naIe8d/CJQMA`; a value of 8 characters or fewer is `…` alone.
pub fn secret(value: &str) -> String {
    if value.chars().count() > 2 * SHOWN {
        value.chars().take(SHOWN).chain(['…']).collect()
    } else {
        "…".to_owned()
    }
}

/// A JSON reader's message with every quoted value in it redacted: serde quotes the value it
/// could not take (`invalid type: string "…", expected a sequence`), and in a fixture or a
/// context file that value may be a token or a key.
pub fn quoted_values(message: &str) -> String {
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
        let Some(end) = end else {
            out.push_str(&secret(after));
            return out;
        };
        out.push_str(&secret(&after[..end]));
        out.push('"');
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::{quoted_values, secret};

    #[test]
    fn secrets_keep_four_characters_when_long() {
        assert_eq!(secret("78FzLADvJ3naIe8d/CJQMA"), "78Fz…");
        assert_eq!(secret("short"), "…");
    }

    #[test]
    fn every_quoted_value_of_a_message_is_redacted() {
        let message = r#"invalid type: string "eyJraWQi\"OiIx.admin.token", expected a sequence at line 5 column 30"#;
        assert_eq!(
            quoted_values(message),
            r#"invalid type: string "eyJr…", expected a sequence at line 5 column 30"#
        );
        assert_eq!(
            quoted_values(r#"unknown field `admin_token`, expected one of `a`"#),
            "unknown field `admin_token`, expected one of `a`"
        );
        assert_eq!(quoted_values(r#"cut "abcdefghijkl"#), r#"cut "abcd…"#);
    }
}
