//! The Unicode general categories the Magento rules read — `\p{L}`, `\p{M}`, `\d` and `\s` of
//! the validators' patterns ([`super::pattern`]) and the grapheme classes of the email check —
//! grouped as those rules need them, in about 4 KB where a full category table takes 50 KB of
//! the WebAssembly module: the runs of the same group, LEB128-encoded with a checkpoint every
//! 16 runs (a lookup reads at most 16), and a direct table of Latin-1, which makes the
//! characters of most forms faster to look up than in the full table. The runs ([`runs`]) are
//! generated from the `unicode-general-category` crate (Unicode 16.0) by the tests below, which
//! also compare every code point with the crate.

mod runs;

use super::char_set::{read_number, write_number};

/// The general categories of a character, grouped as the rules read them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CategoryGroup {
    /// `L`: Lu, Ll, Lt, Lm, Lo.
    Letter,
    /// Mn and Me: marks that extend a grapheme cluster.
    NonspacingOrEnclosingMark,
    /// Mc.
    SpacingMark,
    /// Nd.
    DecimalNumber,
    /// Zs.
    SpaceSeparator,
    /// Zl and Zp.
    LineOrParagraphSeparator,
    /// Cc and Cf.
    ControlOrFormat,
    /// Every other category, unassigned code points included.
    Other,
}

/// The groups in the order of their 3-bit number in an encoded run.
const GROUPS: [CategoryGroup; 8] = [
    CategoryGroup::Letter,
    CategoryGroup::NonspacingOrEnclosingMark,
    CategoryGroup::SpacingMark,
    CategoryGroup::DecimalNumber,
    CategoryGroup::SpaceSeparator,
    CategoryGroup::LineOrParagraphSeparator,
    CategoryGroup::ControlOrFormat,
    CategoryGroup::Other,
];

/// The first code point past Unicode: the last run ends before it.
const END: u32 = 0x11_0000;

/// How many runs a checkpoint covers: a lookup decodes at most this many.
const RUNS_PER_CHECKPOINT: usize = 16;

/// The runs, one LEB128 number each, `(length - 1) << 3 | group`; only these bytes and the
/// checkpoints reach the binary, [`runs::RUNS`] is read at compile time.
static ENCODED: [u8; encode(runs::RUNS.len(), &mut [])] = {
    let mut encoded = [0; encode(runs::RUNS.len(), &mut [])];
    encode(runs::RUNS.len(), &mut encoded);
    encoded
};

/// `(first code point, offset in ENCODED)` of every [`RUNS_PER_CHECKPOINT`]th run.
static CHECKPOINTS: [(u32, u16); runs::RUNS.len().div_ceil(RUNS_PER_CHECKPOINT)] = {
    let mut checkpoints = [(0, 0); runs::RUNS.len().div_ceil(RUNS_PER_CHECKPOINT)];
    let mut at = 0;
    while at < checkpoints.len() {
        let run = at * RUNS_PER_CHECKPOINT;
        let offset = encode(run, &mut []);
        assert!(offset <= u16::MAX as usize);
        checkpoints[at] = (runs::RUNS[run].0, offset as u16);
        at += 1;
    }
    checkpoints
};

/// Writes the first `count` runs into `out` as far as it reaches and answers the length of
/// the whole.
const fn encode(count: usize, out: &mut [u8]) -> usize {
    let runs = runs::RUNS;
    let mut length = 0;
    let mut at = 0;
    while at < count {
        let (first, group) = runs[at];
        let next = if at + 1 < runs.len() {
            runs[at + 1].0
        } else {
            END
        };
        assert!(first < next && next <= END, "runs are sorted");
        assert!(at > 0 || first == 0, "the first run starts at U+0000");
        let mut number = 0;
        while GROUPS[number] as u8 != group as u8 {
            number += 1;
        }
        length = write_number(out, length, (next - first - 1) << 3 | number as u32);
        at += 1;
    }
    length
}

/// The groups of U+0000 to U+00FF, looked up directly: most of what a form holds.
static LATIN_1: [CategoryGroup; 256] = {
    let mut groups = [CategoryGroup::Other; 256];
    let runs = runs::RUNS;
    let mut at = 0;
    while at < runs.len() && runs[at].0 < 256 {
        let mut code = runs[at].0 as usize;
        let next = if at + 1 < runs.len() {
            runs[at + 1].0
        } else {
            END
        };
        while code < next as usize && code < 256 {
            groups[code] = runs[at].1;
            code += 1;
        }
        at += 1;
    }
    groups
};

/// The group of a character's general category.
pub(super) fn category_group(c: char) -> CategoryGroup {
    let code = u32::from(c);
    if let Some(group) = LATIN_1.get(code as usize) {
        return *group;
    }
    let checkpoint = CHECKPOINTS
        .partition_point(|(first, _)| *first <= code)
        .saturating_sub(1);
    let Some(&(mut first, offset)) = CHECKPOINTS.get(checkpoint) else {
        return CategoryGroup::Other;
    };
    let mut bytes = ENCODED.get(usize::from(offset)..).unwrap_or_default();
    while let Some(word) = read_number(&mut bytes) {
        first = first.saturating_add((word >> 3) + 1);
        if code < first {
            return GROUPS
                .get((word & 7) as usize)
                .copied()
                .unwrap_or(CategoryGroup::Other);
        }
    }
    CategoryGroup::Other
}

#[cfg(test)]
mod tests {
    use super::{CategoryGroup, category_group, runs};
    use unicode_general_category::{GeneralCategory, get_general_category};

    /// The group of a category as the `unicode-general-category` crate gives it.
    fn group_of(category: GeneralCategory) -> CategoryGroup {
        use GeneralCategory as G;
        match category {
            G::UppercaseLetter
            | G::LowercaseLetter
            | G::TitlecaseLetter
            | G::ModifierLetter
            | G::OtherLetter => CategoryGroup::Letter,
            G::NonspacingMark | G::EnclosingMark => CategoryGroup::NonspacingOrEnclosingMark,
            G::SpacingMark => CategoryGroup::SpacingMark,
            G::DecimalNumber => CategoryGroup::DecimalNumber,
            G::SpaceSeparator => CategoryGroup::SpaceSeparator,
            G::LineSeparator | G::ParagraphSeparator => CategoryGroup::LineOrParagraphSeparator,
            G::Control | G::Format => CategoryGroup::ControlOrFormat,
            _ => CategoryGroup::Other,
        }
    }

    fn every_char() -> impl Iterator<Item = char> {
        '\0'..=char::MAX
    }

    #[test]
    fn every_code_point_is_in_the_group_of_its_category() {
        let differences: Vec<String> = every_char()
            .filter(|c| category_group(*c) != group_of(get_general_category(*c)))
            .take(20)
            .map(|c| format!("U+{:04X}", u32::from(c)))
            .collect();
        assert!(differences.is_empty(), "{differences:?}");
    }

    /// The text of `categories/runs.rs` as the crate's table gives it.
    fn generated_runs_file() -> String {
        let mut lines = Vec::new();
        let mut previous = None;
        for c in every_char() {
            let group = group_of(get_general_category(c));
            if previous != Some(group) {
                lines.push(format!("    (0x{:05X}, {group:?}),", u32::from(c)));
                previous = Some(group);
            }
        }
        format!(
            "//! Generated by `categories::tests::the_runs_are_generated_from_the_crate` from the\n\
             //! `unicode-general-category` crate; do not edit by hand (run the test with\n\
             //! `REGENERATE_TABLES=1` to rewrite it).\n\
             \n\
             use super::CategoryGroup::{{self, *}};\n\
             \n\
             /// `(first code point, group)`: each run lasts until the next one starts.\n\
             pub(super) const RUNS: &[(u32, CategoryGroup)] = &[\n{}\n];\n",
            lines.join("\n")
        )
    }

    #[test]
    fn the_runs_are_generated_from_the_crate() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/magento/categories/runs.rs"
        );
        let generated = generated_runs_file();
        if std::env::var_os("REGENERATE_TABLES").is_some() {
            std::fs::write(path, &generated).expect("runs.rs is writable");
        }
        let committed = std::fs::read_to_string(path).expect("runs.rs is readable");
        assert!(
            committed == generated,
            "{path} is stale: run this test with REGENERATE_TABLES=1"
        );
        assert_eq!(
            runs::RUNS.first(),
            Some(&(0, CategoryGroup::ControlOrFormat))
        );
    }
}
