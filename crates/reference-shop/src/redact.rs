//! Admin tokens and customer keys never reach a message or a log: serde quotes the value it
//! could not take, and in a fixture or the stored settings that value may be one.

/// Characters of a quoted value kept, when it is long enough that they give little of it away.
const SHOWN: usize = 4;

/// A JSON reader's message with each quoted value cut to its first characters: serde quotes the
/// value it could not take (`invalid type: string "eyJr…", expected a sequence`).
pub(crate) fn quoted_values(message: &str) -> String {
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
        let (value, next) = match end {
            Some(end) => (&after[..end], &after[end + 1..]),
            None => (after, ""),
        };
        if value.chars().count() > 2 * SHOWN {
            out.extend(value.chars().take(SHOWN));
        }
        out.push('…');
        if end.is_some() {
            out.push('"');
        }
        rest = next;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::quoted_values;

    #[test]
    fn quoted_values_keep_four_characters_at_most() {
        assert_eq!(
            quoted_values(
                r#"invalid type: string "eyJra\"WQi.admin.token", expected a sequence at line 5 column 30"#
            ),
            r#"invalid type: string "eyJr…", expected a sequence at line 5 column 30"#
        );
        assert_eq!(quoted_values(r#"string "short""#), r#"string "…""#);
        assert_eq!(
            quoted_values("unknown field `admin_token`"),
            "unknown field `admin_token`"
        );
    }
}
