//! Credentials compared in constant time: how long a comparison takes must not tell a caller
//! how much of a guessed token or customer key was right. And credentials never shown whole: a
//! value that may be a key or a token reaches an output (a terminal, a log, a rejects file, an
//! error message) by its first characters only.

use subtle::ConstantTimeEq;

/// The position of the secret equal to `presented` among `secrets`. Every secret is compared,
/// each in time that depends on the lengths only, so neither the matching prefix nor which
/// secret matched shows in the time taken.
pub(crate) fn position<'a>(
    secrets: impl IntoIterator<Item = &'a str>,
    presented: &str,
) -> Option<usize> {
    let mut found = None;
    for (index, secret) in secrets.into_iter().enumerate() {
        if bool::from(secret.as_bytes().ct_eq(presented.as_bytes())) {
            found = found.or(Some(index));
        }
    }
    found
}

/// Characters of a secret shown, when it is long enough that they give little of it away.
const SHOWN: usize = 4;

/// A customer key or token as outputs may show it: `78Fz…` for `78FzLADvJ3naIe8d/CJQMA`; a
/// value of 8 characters or fewer is `…` alone.
pub fn redact(value: &str) -> String {
    if value.chars().count() > 2 * SHOWN {
        value.chars().take(SHOWN).chain(['…']).collect()
    } else {
        "…".to_owned()
    }
}

/// A JSON reader's message with every quoted value in it redacted: serde quotes the value it
/// could not take (`invalid type: string "…", expected a sequence`), and in a fixture or a
/// context file that value may be a token or a key.
pub fn redact_quoted(message: &str) -> String {
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
            out.push_str(&redact(after));
            return out;
        };
        out.push_str(&redact(&after[..end]));
        out.push('"');
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::{position, redact, redact_quoted};

    #[test]
    fn finds_only_the_exact_secret() {
        let secrets = ["alpha-token", "beta-token"];
        assert_eq!(position(secrets, "beta-token"), Some(1));
        for guess in [
            "",
            "beta",
            "beta-token ",
            "BETA-TOKEN",
            "beta-tokeN",
            "gamma-token",
        ] {
            assert_eq!(position(secrets, guess), None, "{guess:?}");
        }
        assert_eq!(position([], "alpha-token"), None);
    }

    #[test]
    fn secrets_keep_four_characters_when_long() {
        assert_eq!(redact("78FzLADvJ3naIe8d/CJQMA"), "78Fz…");
        assert_eq!(redact("short"), "…");
    }

    #[test]
    fn every_quoted_value_of_a_message_is_redacted() {
        let message = r#"invalid type: string "eyJraWQi\"OiIx.admin.token", expected a sequence at line 5 column 30"#;
        assert_eq!(
            redact_quoted(message),
            r#"invalid type: string "eyJr…", expected a sequence at line 5 column 30"#
        );
        assert_eq!(
            redact_quoted(r#"unknown field `admin_token`, expected one of `a`"#),
            "unknown field `admin_token`, expected one of `a`"
        );
        assert_eq!(redact_quoted(r#"cut "abcdefghijkl"#), r#"cut "abcd…"#);
        assert_eq!(redact_quoted(r#"string "short""#), r#"string "…""#);
    }
}
