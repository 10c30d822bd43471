//! The Name, City, Street and Telephone validators (reference §4.3, §4.5,
//! `Customer/Model/Validator/{Name,City,Street,Telephone}.php`), matched by hand over chars.
//!
//! All four share one algorithm: a value PHP considers `!= null` is matched with `preg_match`
//! (unanchored, first match); it is valid iff the first match `==` the whole value (PHP loose
//! comparison) — and valid when nothing matches at all (#38199, #40361). PHP's `/u` flag turns
//! on PCRE2 UCP, so `\d` is `\p{Nd}` and `\s` is `\p{Z}`, `\h` and `\v`; repetition counts are
//! in characters.

use unicode_general_category::{GeneralCategory, get_general_category};

use super::php;

fn is_letter(c: char) -> bool {
    matches!(
        get_general_category(c),
        GeneralCategory::UppercaseLetter
            | GeneralCategory::LowercaseLetter
            | GeneralCategory::TitlecaseLetter
            | GeneralCategory::ModifierLetter
            | GeneralCategory::OtherLetter
    )
}

fn is_mark(c: char) -> bool {
    matches!(
        get_general_category(c),
        GeneralCategory::NonspacingMark
            | GeneralCategory::SpacingMark
            | GeneralCategory::EnclosingMark
    )
}

/// `\s` under UCP: `\p{Z}`, `\h`, `\v`.
fn is_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r' | '\u{85}' | '\u{180E}'
    ) || matches!(
        get_general_category(c),
        GeneralCategory::SpaceSeparator
            | GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator
    )
}

/// `\d` under UCP: `\p{Nd}`.
fn is_digit(c: char) -> bool {
    get_general_category(c) == GeneralCategory::DecimalNumber
}

/// `[\p{L}\p{M}\,\-\_\.\'’`&\s\d]` of `Name::PATTERN_NAME`.
fn name_char(c: char) -> bool {
    is_letter(c)
        || is_mark(c)
        || matches!(c, ',' | '-' | '_' | '.' | '\'' | '’' | '`' | '&')
        || is_space(c)
        || is_digit(c)
}

/// `[\p{L}\p{M}\s\-\']` of `City::PATTERN_CITY`.
fn city_char(c: char) -> bool {
    is_letter(c) || is_mark(c) || is_space(c) || matches!(c, '-' | '\'')
}

/// `[\d\s\+\-\()]` of `Telephone::PATTERN_TELEPHONE`.
fn telephone_char(c: char) -> bool {
    is_digit(c) || is_space(c) || matches!(c, '+' | '-' | '(' | ')')
}

/// PHP `$value != null`: only `null` and `""` are skipped.
fn skipped(value: Option<&str>) -> Option<&str> {
    value.filter(|value| !value.is_empty())
}

/// First match of `(?:[class]){1,max}` and the loose comparison with the value.
fn class_run_valid(value: &str, max: usize, allowed: fn(char) -> bool) -> bool {
    let Some(start) = value.find(allowed) else {
        return true;
    };
    let run: String = value
        .get(start..)
        .unwrap_or("")
        .chars()
        .take_while(|c| allowed(*c))
        .take(max)
        .collect();
    php::loose_equals(&run, value)
}

/// `Name::isValidName`: `'/(?:[\p{L}\p{M}\,\-\_\.\'’`&\s\d]){1,255}+/u'`.
pub(super) fn name_valid(value: Option<&str>) -> bool {
    skipped(value).is_none_or(|value| class_run_valid(value, 255, name_char))
}

/// `City::isValidCity`: `'/(?:[\p{L}\p{M}\s\-\']{1,100})/u'` (2.4.8-p1: no digits, no `.`).
pub(super) fn city_valid(value: Option<&str>) -> bool {
    skipped(value).is_none_or(|value| class_run_valid(value, 100, city_char))
}

/// `Telephone::isValidTelephone`: `'/(?:[\d\s\+\-\()]{1,20})/u'`.
pub(super) fn telephone_valid(value: Option<&str>) -> bool {
    skipped(value).is_none_or(|value| class_run_valid(value, 20, telephone_char))
}

/// `Street::isValidStreet`: `"/(?:[\p{L}\p{M}\"[],-.'’`&\s\d]){1,255}+/u"`. The character class
/// closes at the first `]`, so one repetition is a class char (`\p{L}`, `\p{M}`, `"`, `[`) then
/// the literal `,-.'’`&`, a `\s`, a `\d` and a `]`.
pub(super) fn street_line_valid(value: Option<&str>) -> bool {
    let Some(value) = skipped(value) else {
        return true;
    };
    let chars: Vec<char> = value.chars().collect();
    let unit_at = |p: usize| -> bool {
        let tail = [',', '-', '.', '\'', '’', '`', '&'];
        let Some(slice) = chars.get(p..p + 11) else {
            return false;
        };
        let [first, rest @ ..] = slice else {
            return false;
        };
        (is_letter(*first) || is_mark(*first) || matches!(first, '"' | '['))
            && rest.get(..7) == Some(&tail[..])
            && rest.get(7).is_some_and(|c| is_space(*c))
            && rest.get(8).is_some_and(|c| is_digit(*c))
            && rest.get(9) == Some(&']')
    };
    let Some(start) = (0..chars.len()).find(|p| unit_at(*p)) else {
        return true;
    };
    let mut end = start;
    let mut units = 0;
    while units < 255 && unit_at(end) {
        end += 11;
        units += 1;
    }
    let matched: String = chars.get(start..end).unwrap_or(&[]).iter().collect();
    php::loose_equals(&matched, value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// Every value of `tests/data/php-loose-equals.json` with the answers of the four
    /// validators' `preg_match` and loose `==`, as PHP 8.2 gives them.
    #[test]
    fn validators_answer_as_php_8_2() {
        let table: Value =
            serde_json::from_str(include_str!("../../tests/data/php-loose-equals.json"))
                .expect("the table is JSON");
        let rows = table["values"].as_array().expect("a list of values");
        type Validator = fn(Option<&str>) -> bool;
        let validators: [(&str, Validator); 4] = [
            ("telephone", telephone_valid),
            ("name", name_valid),
            ("city", city_valid),
            ("street", street_line_valid),
        ];
        let mut disagreements = Vec::new();
        let mut decided_by_loose_equality = 0;
        for row in rows {
            let value = row[0].as_str().expect("a string");
            for (column, (name, valid)) in validators.iter().enumerate() {
                let php = row[column + 1].as_bool().expect("a boolean");
                if valid(Some(value)) != php {
                    disagreements.push(format!("{name} {value:?}: PHP {php}"));
                }
            }
            if row[5].as_bool() == Some(true) {
                decided_by_loose_equality += 1;
            }
        }
        assert!(rows.len() > 1000 && decided_by_loose_equality > 500);
        assert!(
            disagreements.is_empty(),
            "{} disagree:\n{}",
            disagreements.len(),
            disagreements.join("\n")
        );
    }

    #[test]
    fn names_of_the_sheet() {
        for valid in [
            "John",
            "Jean-Luc",
            "O'Brien",
            "D’Angelo",
            "Ève",
            "José María",
            "Smith & Sons",
            "<<<",
            "%%",
            "   ",
            "",
            "李",
        ] {
            assert!(name_valid(Some(valid)), "{valid} should be valid");
        }
        for invalid in ["John<", "<John", "Bob@home", "a<b"] {
            assert!(!name_valid(Some(invalid)), "{invalid} should be invalid");
        }
        assert!(name_valid(None));
        assert!(name_valid(Some(&"a".repeat(255))));
        assert!(!name_valid(Some(&"a".repeat(256))));
    }

    #[test]
    fn cities_of_the_sheet() {
        for valid in ["Paris", "Saint-Étienne", "L'Aquila", "123", "São Paulo"] {
            assert!(city_valid(Some(valid)), "{valid} should be valid");
        }
        for invalid in ["Area 51", "St. Louis", "Brighton & Hove"] {
            assert!(!city_valid(Some(invalid)), "{invalid} should be invalid");
        }
        assert!(!city_valid(Some(&"a".repeat(101))));
        assert!(city_valid(Some(&"a".repeat(100))));
    }

    #[test]
    fn telephones_of_the_sheet() {
        for valid in ["+1 (555) 123-4567", "abc", "aaaa", "0123456789"] {
            assert!(telephone_valid(Some(valid)), "{valid} should be valid");
        }
        for invalid in ["555-1234 ext 5", "12.34", "+49/30", "050/11.22.33"] {
            assert!(
                !telephone_valid(Some(invalid)),
                "{invalid} should be invalid"
            );
        }
        assert!(!telephone_valid(Some(&"1".repeat(21))));
        // PHP compares numeric strings numerically: the match "12" == "12.0" is false, but
        // "1" == "1.0" is true.
        assert!(telephone_valid(Some("1.0")));
    }

    #[test]
    fn streets_practically_never_fail() {
        for valid in [
            "123 Main St",
            "<script>",
            "Rue de l'Église 5",
            "a,-.'’`& 1]",
        ] {
            assert!(street_line_valid(Some(valid)), "{valid} should be valid");
        }
        assert!(!street_line_valid(Some("x a,-.'’`& 1]")));
        assert!(!street_line_valid(Some("a,-.'’`& 1]!")));
    }
}
