//! A store view's translation dictionary, read from language-pack CSV text as Magento reads it.
//!
//! `Framework/App/Language/Dictionary::readPackCsv` (blob 42e3f7f5) reads each row with
//! `Filesystem/Driver/File::fileGetCsv` (PHP `fgetcsv`, delimiter `,`, enclosure `"`, no escape
//! character) and keeps the rows of two columns or more as source → translation, a later row
//! replacing an earlier one; packs are merged in precedence order, the later winning. PHP's
//! reader is lenient where a file is broken: a quote that is never closed takes the rest of the
//! file into one field. A dictionary that would do that is refused here, with the line where
//! the field began, since no pack means it.

//!
//! # How a store view translates this endpoint's answer
//!
//! What the dictionary is for, read in Magento's code (identical from 2.4.7 to 2.4.8-p1):
//!
//! - The store code of the URL selects the store view and its `general/locale/code`
//!   (`Webapi/Controller/PathProcessor::process`); `all`, no code or an unknown code answer in the
//!   default store view's locale. The dictionary is loaded before the request is checked, so
//!   every answer is in that locale. Sources, later winning: module `i18n` files (none for this
//!   endpoint's messages in core), language packs (this type), the `translation` table. Theme
//!   files never apply to REST.
//! - `Webapi/ErrorProcessor::maskException` re-renders a `LocalizedException`'s raw template
//!   without its arguments: `message` is the translated template with its placeholders left in,
//!   `parameters` the untranslated arguments. An `InputException` with two or more errors
//!   answers the translated `One or more input exceptions have occurred.`, and its `errors[]`
//!   items keep the raw English template. A `WebapiException` (`Decoding error.`, `The %1 HTTP
//!   method is not supported.`) is rendered when thrown: translated, placeholders filled. The
//!   500 `Internal Error …` text and the `text/plain` crash body are never translated.
//! - A `Validator\Exception` joins its lines: a line that is a phrase (`__()`: the EAV
//!   `"%1" is a required value.` with its translated label, the email rule's texts with the
//!   label untranslated, Laminas' hostname texts overridden by Magento) is translated when
//!   built; a plain string (2.4.8's Name, City, Street, Telephone and date-of-birth messages,
//!   Laminas' own defaults) is not. The joined text is then looked up once more as a whole, so a
//!   plain line alone is translated when the dictionary has that exact text.
//! - Rendering after the lookup: a text containing `{` goes through ICU `MessageFormatter`
//!   (also without a dictionary), then `%name` / `%1` placeholders are replaced longest key
//!   first (PHP `strtr`); a placeholder without an argument stays as written.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

/// Source texts and their translations, merged from one or more language packs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Dictionary {
    translations: HashMap<String, String>,
}

/// Dictionary text that cannot be read: which pack (counting from 1, in the order given) and
/// which line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictionaryError {
    /// The pack, counting from 1.
    pub pack: usize,
    /// The line of the pack, counting from 1.
    pub line: usize,
    /// What is wrong there.
    pub reason: &'static str,
}

impl fmt::Display for DictionaryError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "dictionary {}, line {}: {}",
            self.pack, self.line, self.reason
        )
    }
}

impl std::error::Error for DictionaryError {}

impl Dictionary {
    /// Reads the CSV text of each language pack, in Magento's precedence order (a later pack's
    /// row replaces an earlier one's).
    pub fn from_packs<'a>(
        packs: impl IntoIterator<Item = &'a str>,
    ) -> Result<Dictionary, DictionaryError> {
        // `Language/Dictionary::getDictionary` merges the packs into one PHP array: a source
        // keeps the place of its first row and takes the translation of its last.
        let mut order: HashMap<Cow<'a, str>, usize> = HashMap::new();
        let mut rows: Vec<(Cow<'a, str>, Cow<'a, str>)> = Vec::new();
        for (index, text) in packs.into_iter().enumerate() {
            read_pack(text, |fields| {
                if fields.len() < 2 {
                    return;
                }
                let translation = std::mem::take(&mut fields[1]);
                let source = std::mem::take(&mut fields[0]);
                match order.get(&source) {
                    Some(&at) => rows[at].1 = translation,
                    None => {
                        order.insert(source.clone(), rows.len());
                        rows.push((source, translation));
                    }
                }
            })
            .map_err(|line| DictionaryError {
                pack: index + 1,
                line,
                reason: "a quoted field opened here is never closed (Magento would read the \
                         rest of the file into it)",
            })?;
        }
        // `Framework/Translate::_addData` (blob 1b99b04e) then takes them in that order: a row
        // that translates a text into itself translates nothing, and `""` becomes `"` in both
        // columns (text outside quotes keeps its doubled quotes through the CSV reader).
        let collapse = |text: Cow<'_, str>| -> String {
            if text.contains("\"\"") {
                text.replace("\"\"", "\"")
            } else {
                text.into_owned()
            }
        };
        let mut translations = HashMap::with_capacity(rows.len());
        for (source, translation) in rows {
            if source != translation {
                translations.insert(collapse(source), collapse(translation));
            }
        }
        Ok(Dictionary { translations })
    }

    /// The translation of `source`, if the dictionary has one. As
    /// `Phrase/Renderer/Translate::render` looks it up: `\"` and `\'` in the text count as `"`
    /// and `'`.
    pub fn translation(&self, source: &str) -> Option<&str> {
        let key = if source.contains('\\') {
            Cow::Owned(source.replace("\\\"", "\"").replace("\\'", "'"))
        } else {
            Cow::Borrowed(source)
        };
        self.translations.get(key.as_ref()).map(String::as_str)
    }

    /// How many source texts it translates.
    pub fn len(&self) -> usize {
        self.translations.len()
    }

    /// Whether it translates nothing.
    pub fn is_empty(&self) -> bool {
        self.translations.is_empty()
    }
}

/// Space PHP's `fgetcsv` skips before looking for an opening quote.
fn is_leading_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | 0x0b | 0x0c)
}

/// Calls `row` with the fields of each record of `text` (a field borrows the text unless
/// doubled quotes or text after a closing quote make it differ); `Err` with the line of a quoted
/// field that is never closed. One pass over the text.
fn read_pack<'t>(text: &'t str, mut row: impl FnMut(&mut Vec<Cow<'t, str>>)) -> Result<(), usize> {
    let bytes = text.as_bytes();
    let mut position = 0;
    let mut line = 1;
    let mut fields: Vec<Cow<'t, str>> = Vec::new();
    while position < bytes.len() {
        fields.clear();
        loop {
            let start = position;
            let mut probe = position;
            while bytes.get(probe).copied().is_some_and(is_leading_space) {
                probe += 1;
            }
            let mut value: Cow<'t, str> = Cow::Borrowed("");
            let quoted = bytes.get(probe) == Some(&b'"');
            if quoted {
                let opened_on = line;
                position = probe + 1;
                loop {
                    let Some(offset) = text[position..].find('"') else {
                        return Err(opened_on);
                    };
                    let chunk = &text[position..position + offset];
                    line += chunk.bytes().filter(|byte| *byte == b'\n').count();
                    if value.is_empty() {
                        value = Cow::Borrowed(chunk);
                    } else {
                        value.to_mut().push_str(chunk);
                    }
                    position += offset + 1;
                    if bytes.get(position) == Some(&b'"') {
                        value.to_mut().push('"');
                        position += 1;
                    } else {
                        break;
                    }
                }
            } else {
                position = start;
            }
            // Unquoted text, or what follows a closing quote, runs to the delimiter or the end
            // of the line; the line's trailing carriage returns are not part of it.
            let end = text[position..]
                .find([',', '\n'])
                .map_or(bytes.len(), |offset| position + offset);
            let mut tail = &text[position..end];
            if bytes.get(end) != Some(&b',') {
                tail = tail.trim_end_matches('\r');
            }
            if value.is_empty() {
                value = Cow::Borrowed(tail);
            } else if !tail.is_empty() {
                value.to_mut().push_str(tail);
            }
            fields.push(value);
            position = end;
            match bytes.get(position) {
                Some(b',') => position += 1,
                Some(_) => {
                    position += 1;
                    line += 1;
                    break;
                }
                None => break,
            }
        }
        row(&mut fields);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{Dictionary, DictionaryError, read_pack};

    /// PHP 8.2.36's `fgetcsv($handle, 0, ',', '"', "\0")` (as `Filesystem/Driver/File::fileGetCsv`
    /// calls it) on each text of tests/data/magento-dictionary-csv.json: the rows it returns (a
    /// blank line is `[null]`) and the pairs `Language/Dictionary::readPackCsv` keeps, which
    /// `Translate::_addData` then merges.
    #[test]
    fn rows_are_read_as_phps_fgetcsv_reads_them() {
        let data: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/data/magento-dictionary-csv.json"))
                .unwrap();
        let cases = data["cases"].as_array().unwrap();
        assert!(cases.len() >= 40);
        for case in cases {
            let text = case["text"].as_str().unwrap();
            let mut rows: Vec<Vec<String>> = Vec::new();
            let read = read_pack(text, |row| {
                rows.push(row.iter().map(|field| field.to_string()).collect());
            });
            let expected_rows: Vec<Vec<String>> = case["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|row| {
                    row.as_array()
                        .unwrap()
                        .iter()
                        .map(|field| field.as_str().unwrap_or_default().to_owned())
                        .collect()
                })
                .collect();
            if case["unclosed"].as_bool() == Some(true) {
                assert!(read.is_err(), "{text:?} must be refused");
                continue;
            }
            assert_eq!(read, Ok(()), "{text:?}");
            assert_eq!(rows, expected_rows, "{text:?}");
            // The pairs the pack reader keeps, then `Translate::_addData`'s rule.
            let dictionary = Dictionary::from_packs([text]).unwrap();
            let kept: Vec<(String, String)> = case["pairs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|pair| (pair[0].as_str().unwrap(), pair[1].as_str().unwrap()))
                .filter(|(source, translation)| source != translation)
                .map(|(source, translation)| {
                    (
                        source.replace("\"\"", "\""),
                        translation.replace("\"\"", "\""),
                    )
                })
                .collect();
            assert_eq!(dictionary.len(), kept.len(), "{text:?}");
            for (source, translation) in &kept {
                assert_eq!(
                    dictionary.translation(source),
                    Some(translation.as_str()),
                    "{text:?}"
                );
            }
        }
    }

    proptest::proptest! {
        /// Any text is read or refused with a line of the text, never a panic.
        #[test]
        fn any_text_is_read_or_refused_with_one_of_its_lines(text in "[\"a,\r\n ü\\\\]{0,60}") {
            match Dictionary::from_packs([text.as_str()]) {
                Ok(dictionary) => proptest::prop_assert!(dictionary.len() <= text.len()),
                Err(error) => {
                    proptest::prop_assert_eq!(error.pack, 1);
                    proptest::prop_assert!(error.line >= 1 && error.line <= text.matches('\n').count() + 1);
                }
            }
        }
    }

    #[test]
    fn a_later_pack_wins_and_a_missing_entry_is_none() {
        let dictionary = Dictionary::from_packs([
            "\"Email\",\"E-Mail\"\n\"City\",\"Stadt\"\n",
            "\"City\",\"Ort\"\n",
        ])
        .unwrap();
        assert_eq!(dictionary.translation("City"), Some("Ort"));
        assert_eq!(dictionary.translation("Email"), Some("E-Mail"));
        assert_eq!(dictionary.translation("Street"), None);
    }

    /// Magento's own classes on this pack text, under PHP 8.2.36: `Language/Dictionary` and
    /// `Framework/Translate::_addData` give `{"a":"A2","b":"B","x\"y":"X\"Y","q\"r":"Q\"R"}`.
    #[test]
    fn identity_rows_translate_nothing_and_doubled_quotes_collapse_as_magento_merges() {
        let dictionary = Dictionary::from_packs([concat!(
            "\"a\",\"A\"\n",
            "solo\n",
            "\"b\",\"B\",\"module\",\"Magento_Customer\"\n",
            "\"x\"\"y\",\"X\"\"Y\"\n",
            "q\"\"r,Q\"\"R\n",
            "\"same\",\"same\"\n",
            "\"a\",\"A2\"\n",
        )])
        .unwrap();
        assert_eq!(dictionary.len(), 4);
        assert_eq!(dictionary.translation("a"), Some("A2"));
        assert_eq!(dictionary.translation("b"), Some("B"));
        assert_eq!(dictionary.translation("x\"y"), Some("X\"Y"));
        assert_eq!(dictionary.translation("q\"r"), Some("Q\"R"));
        assert_eq!(dictionary.translation("same"), None);
        assert_eq!(dictionary.translation("solo"), None);
        // The lookup reads `\"` as `"`, as Magento's translate renderer does.
        assert_eq!(dictionary.translation("x\\\"y"), Some("X\"Y"));
    }

    #[test]
    fn a_quote_never_closed_is_refused_with_its_pack_and_line() {
        let error = Dictionary::from_packs([
            "\"a\",\"b\"\n",
            "\"a\",\"b\"\n\"multi\nline\",\"x\"\n\"c\",\"d\n",
        ])
        .unwrap_err();
        assert_eq!(
            error,
            DictionaryError {
                pack: 2,
                line: 4,
                reason: error.reason,
            }
        );
        assert!(error.to_string().starts_with("dictionary 2, line 4: "));
    }
}
