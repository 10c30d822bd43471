//! The journal of a push: one JSON line per record as its outcome becomes known, written and
//! synced to disk before the next outcome is taken, so a run stopped at any point (Ctrl-C, a
//! crash, `kill -9`) resumes without sending an acknowledged update again or skipping one.
//!
//! The first line identifies the input (a hash of its bytes), so `--resume` refuses a journal of
//! another file. A line cut short by a crash is dropped when the journal is reopened.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// What happened to one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// The shop accepted the update.
    Ok,
    /// Never sent: the rules predict the shop refuses it.
    Invalid {
        /// The predicted status.
        status: u16,
        /// Every violation, `path: message`.
        message: String,
    },
    /// The shop refused it.
    Rejected {
        /// The shop's status (Open2b refuses with 200).
        status: u16,
        /// The shop's message.
        message: String,
    },
    /// Not delivered (connection, timeout, unreadable answer): sent again by `--resume`.
    Failed {
        /// What went wrong.
        message: String,
    },
}

impl Outcome {
    /// True when the record is done: a resumed run does not send it again.
    pub fn is_final(&self) -> bool {
        !matches!(self, Outcome::Failed { .. })
    }
}

/// One journal line after the header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The record's line in the input.
    pub line: usize,
    /// Its outcome.
    #[serde(flatten)]
    pub outcome: Outcome,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
struct Header {
    journal: u32,
    input_fnv1a64: String,
    records: usize,
}

/// An open journal, appending.
#[derive(Debug)]
pub struct Journal {
    file: File,
    path: PathBuf,
}

/// FNV-1a, 64 bits: a stable fingerprint of the input (not a security measure).
pub fn fingerprint(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// One journal line, or why it cannot be read.
fn parse_entry(line: &[u8]) -> Result<Entry, String> {
    let text = std::str::from_utf8(line).map_err(|_| "not UTF-8 text".to_owned())?;
    serde_json::from_str(text).map_err(|error| error.to_string())
}

impl Journal {
    /// Starts a new journal; refuses to overwrite one that holds outcomes.
    pub fn create(path: &Path, input: &[u8], records: usize) -> Result<Journal, String> {
        if std::fs::metadata(path).is_ok_and(|m| m.len() > 0) {
            return Err(format!(
                "{}: a journal of an earlier run exists; continue it with --resume, or remove it",
                path.display()
            ));
        }
        let mut journal = Journal::open(path)?;
        let header = Header {
            journal: 1,
            input_fnv1a64: fingerprint(input),
            records,
        };
        journal.write_line(&serde_json::to_string(&header).map_err(|e| e.to_string())?)?;
        Ok(journal)
    }

    /// Reopens a journal for the same input and returns the last outcome of every record in it.
    /// Blank lines are skipped; a damaged line is reported with its place and what to do.
    pub fn resume(
        path: &Path,
        input: &[u8],
        records: usize,
    ) -> Result<(Journal, BTreeMap<usize, Outcome>), String> {
        let shown = path.display();
        let mut bytes = std::fs::read(path)
            .map_err(|error| format!("{shown}: cannot read the journal: {error}"))?;
        if !bytes.is_empty() && !bytes.ends_with(b"\n") {
            // The last write was cut short by a crash: its record is not done.
            let complete = bytes
                .iter()
                .rposition(|byte| *byte == b'\n')
                .map_or(0, |end| end + 1);
            bytes.truncate(complete);
            std::fs::write(path, &bytes)
                .map_err(|error| format!("{shown}: cannot repair the journal: {error}"))?;
        }
        let mut lines = bytes
            .split(|byte| *byte == b'\n')
            .enumerate()
            .map(|(index, line)| (index + 1, line))
            .filter(|(_, line)| !line.trim_ascii().is_empty());
        let not_this_journal = |why: &str| {
            format!(
                "{shown}: {why}; start a new journal with --journal NEW_FILE (without --resume), \
                 which sends every record again"
            )
        };
        let header: Header = lines
            .next()
            .and_then(|(_, line)| serde_json::from_slice(line).ok())
            .ok_or_else(|| {
                not_this_journal("not a journal (its first line is not a journal header)")
            })?;
        let expected = Header {
            journal: 1,
            input_fnv1a64: fingerprint(input),
            records,
        };
        if header != expected {
            return Err(not_this_journal(
                "the journal is of another input file (or the file changed since)",
            ));
        }
        let mut outcomes = BTreeMap::new();
        for (number, line) in lines {
            let entry: Entry = parse_entry(line).map_err(|why| {
                format!(
                    "{shown}:{number}: damaged journal line ({why}); remove that line and run \
                     again with --resume (its record is then sent again, which is safe: updates \
                     set values), or start a new journal with --journal NEW_FILE"
                )
            })?;
            outcomes.insert(entry.line, entry.outcome);
        }
        Ok((Journal::open(path)?, outcomes))
    }

    fn open(path: &Path) -> Result<Journal, String> {
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|error| format!("{}: cannot open the journal: {error}", path.display()))?;
        Ok(Journal {
            file,
            path: path.to_owned(),
        })
    }

    /// Records an outcome durably: appended in one write, then synced to disk.
    pub fn record(&mut self, entry: &Entry) -> Result<(), String> {
        let line = serde_json::to_string(entry).map_err(|error| error.to_string())?;
        self.write_line(&line)
    }

    fn write_line(&mut self, line: &str) -> Result<(), String> {
        let mut bytes = Vec::with_capacity(line.len() + 1);
        bytes.extend_from_slice(line.as_bytes());
        bytes.push(b'\n');
        self.file
            .write_all(&bytes)
            .and_then(|()| self.file.sync_data())
            .map_err(|error| format!("{}: cannot write the journal: {error}", self.path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::{Entry, Journal, Outcome};

    #[test]
    fn a_resumed_journal_keeps_the_last_outcome_and_drops_a_torn_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j");
        let mut journal = Journal::create(&path, b"input", 3).unwrap();
        let failed = Outcome::Failed {
            message: "timeout".into(),
        };
        journal
            .record(&Entry {
                line: 1,
                outcome: failed,
            })
            .unwrap();
        journal
            .record(&Entry {
                line: 1,
                outcome: Outcome::Ok,
            })
            .unwrap();
        drop(journal);
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str("{\"line\":2,\"outc");
        std::fs::write(&path, text).unwrap();

        assert!(Journal::create(&path, b"input", 3).is_err());
        assert!(Journal::resume(&path, b"other", 3).is_err());
        let (_, outcomes) = Journal::resume(&path, b"input", 3).unwrap();
        assert_eq!(outcomes.len(), 1);
        assert_eq!(outcomes[&1], Outcome::Ok);
        assert!(std::fs::read_to_string(&path).unwrap().ends_with('\n'));
    }

    #[test]
    fn blank_lines_are_skipped_and_damage_is_reported_at_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j");
        let mut journal = Journal::create(&path, b"input", 2).unwrap();
        journal
            .record(&Entry {
                line: 1,
                outcome: Outcome::Ok,
            })
            .unwrap();
        drop(journal);
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.extend_from_slice(b"\n  \n");
        std::fs::write(&path, &bytes).unwrap();
        let (_, outcomes) = Journal::resume(&path, b"input", 2).unwrap();
        assert_eq!(outcomes[&1], Outcome::Ok);

        // A disk error left bytes that are not text on line 5 (after the two blank lines).
        bytes.extend_from_slice(b"{\"line\":2,\"outcome\":\"ok\"}\xff\xfe\n");
        std::fs::write(&path, &bytes).unwrap();
        let error = Journal::resume(&path, b"input", 2).unwrap_err();
        let place = format!(
            "{}:5: damaged journal line (not UTF-8 text)",
            path.display()
        );
        assert!(error.starts_with(&place), "{error}");
        assert!(error.contains("remove that line") && error.contains("--journal NEW_FILE"));

        std::fs::write(&path, b"\x00\x01garbage\n").unwrap();
        let error = Journal::resume(&path, b"input", 2).unwrap_err();
        assert!(
            error.contains("not a journal") && error.contains("--journal NEW_FILE"),
            "{error}"
        );
    }
}
