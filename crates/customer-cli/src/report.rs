//! How `validate` and `push` write what they find: one line per message, every line starting
//! with its `file:line:`, as text, JSON lines or GitHub annotations.

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::input::Place;

/// `text` on one line: each line break becomes ` / ` (the shops' messages hold one line per
/// error of a stage) and any other control character a `\u{…}` escape, so that no message can
/// start a line that looks like another place's.
pub fn one_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\t') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut lines = text.split(['\n', '\r']).filter(|line| !line.is_empty());
    if let Some(first) = lines.next() {
        push_escaped(&mut out, first);
    }
    for line in lines {
        out.push_str(" / ");
        push_escaped(&mut out, line);
    }
    Cow::Owned(out)
}

fn push_escaped(out: &mut String, line: &str) {
    for c in line.chars() {
        if c.is_control() && c != '\t' {
            let _ = write!(out, "{}", c.escape_unicode());
        } else {
            out.push(c);
        }
    }
}

/// How serious an annotation is.
#[derive(Debug, Clone, Copy)]
pub enum Level {
    /// The shop refuses the record, or the input cannot be read.
    Error,
    /// A check that could not be decided without more context.
    Warning,
}

/// A GitHub Actions workflow command that annotates `place` (the whole run when `None`):
/// `::error file=F,line=L,title=T::message`. Line breaks in the message are kept, escaped as
/// GitHub reads them (`%0A`), so the annotation shows every line; a property also escapes `:`
/// and `,`.
pub fn annotation(level: Level, place: Option<&Place>, title: &str, message: &str) -> String {
    let command = match level {
        Level::Error => "error",
        Level::Warning => "warning",
    };
    let mut properties = Vec::new();
    if let Some(place) = place {
        properties.push(format!("file={}", escape_property(&place.file)));
        properties.push(format!("line={}", place.line));
    }
    properties.push(format!("title={}", escape_property(title)));
    format!(
        "::{command} {}::{}",
        properties.join(","),
        escape_data(message)
    )
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// What a `validate` run found, for its last line.
#[derive(Debug, Default)]
pub struct Summary {
    /// Records read.
    pub records: usize,
    /// Records the shop certainly refuses.
    pub refused: usize,
    /// Decided violations listed.
    pub problems: usize,
    /// Violations that need context the run did not have.
    pub undecided: usize,
    /// Lines and files that could not be read.
    pub unreadable: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plural = |count: usize, one: &'static str, many: &'static str| {
            if count == 1 { one } else { many }
        };
        write!(
            f,
            "{} {} in {} of {} {}",
            self.problems,
            plural(self.problems, "problem", "problems"),
            self.refused,
            self.records,
            plural(self.records, "record", "records"),
        )?;
        if self.undecided > 0 {
            write!(
                f,
                "; {} {} not decided (needs context)",
                self.undecided,
                plural(self.undecided, "check", "checks")
            )?;
        }
        if self.unreadable > 0 {
            write!(
                f,
                "; {} {} not readable",
                self.unreadable,
                plural(self.unreadable, "input", "inputs")
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{Level, Summary, annotation, one_line};
    use crate::input::Place;

    #[test]
    fn a_message_of_several_lines_is_written_on_one() {
        assert_eq!(
            one_line("First Name is not valid!"),
            "First Name is not valid!"
        );
        assert_eq!(
            one_line("First Name is not valid!\nLast Name is not valid!\r\n"),
            "First Name is not valid! / Last Name is not valid!"
        );
        assert_eq!(one_line("a\u{1b}[2Jb\tc"), "a\\u{1b}[2Jb\tc");
    }

    #[test]
    fn annotations_escape_what_github_reads_as_syntax() {
        let place = Place {
            file: "in,1:a.ndjson".into(),
            line: 3,
        };
        assert_eq!(
            annotation(
                Level::Error,
                Some(&place),
                "magento/first-name-is-not-valid",
                "customer.firstname: 100% First\nLast"
            ),
            "::error file=in%2C1%3Aa.ndjson,line=3,title=magento/first-name-is-not-valid::\
             customer.firstname: 100%25 First%0ALast"
        );
        assert_eq!(
            annotation(Level::Warning, None, "t", "m"),
            "::warning title=t::m"
        );
    }

    #[test]
    fn the_summary_counts_problems_records_and_the_rest() {
        let summary = Summary {
            records: 10,
            refused: 2,
            problems: 3,
            ..Summary::default()
        };
        assert_eq!(summary.to_string(), "3 problems in 2 of 10 records");
        let summary = Summary {
            records: 1,
            refused: 1,
            problems: 1,
            undecided: 1,
            unreadable: 2,
        };
        assert_eq!(
            summary.to_string(),
            "1 problem in 1 of 1 record; 1 check not decided (needs context); 2 inputs not readable"
        );
    }
}
