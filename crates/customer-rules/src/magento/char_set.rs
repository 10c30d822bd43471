//! How the IDN tables keep a set of characters in few bytes: the tables are written as Laminas'
//! classes give them (ranges, or a bitmap), and [`ranges!`] and [`bitmap!`] encode each set at
//! compile time, so only the encoded bytes reach the binary.
//!
//! An encoded set is a sequence of records, each two LEB128 numbers: `gap`, the code points
//! skipped since the end of the previous record (since U+0000 for the first), then `tagged`:
//! even, a range of `tagged / 2 + 1` code points; odd, a bitmap of `tagged / 2` bytes that follow
//! (bit `n` is the `n`th code point of the record). A set is one bitmap record where that is
//! shorter than its ranges. Membership is decided by reading the records in order, at most once.

/// The characters one Laminas IDN label regex accepts.
#[derive(Debug, Clone, Copy)]
pub(super) enum CharSet {
    /// A set encoded by [`encode`].
    Encoded {
        /// The records.
        bytes: &'static [u8],
        /// The set as the table writes it, which the tests compare with the records.
        #[cfg(test)]
        source: Source,
    },
    /// A class PCRE2 cannot compile ("regular expression is too large": more than 64 KiB of
    /// compiled pattern with the 2-byte links of PHP's bundled PCRE2 10.42 and of the
    /// distributions' builds): `preg_match` warns and matches nothing.
    Uncompilable,
}

/// A set of characters as a generated table writes it.
#[derive(Debug, Clone, Copy)]
pub(super) enum Source {
    /// Inclusive ranges, in order, not overlapping.
    Ranges(&'static [(char, char)]),
    /// A bitmap starting at `first` (bit `n` = code point `first + n`).
    Bitmap { first: char, bits: &'static [u8] },
}

/// A [`CharSet`] of inclusive ranges, encoded at compile time.
macro_rules! ranges {
    ($ranges:expr) => {
        $crate::magento::char_set::encoded!($crate::magento::char_set::Source::Ranges($ranges))
    };
}

/// A [`CharSet`] of a bitmap (`first`, bits), encoded at compile time.
macro_rules! bitmap {
    ($first:expr, $bits:expr) => {
        $crate::magento::char_set::encoded!($crate::magento::char_set::Source::Bitmap {
            first: $first,
            bits: $bits,
        })
    };
}

macro_rules! encoded {
    ($source:expr) => {{
        const SOURCE: $crate::magento::char_set::Source = $source;
        const BYTES: [u8; $crate::magento::char_set::encode(SOURCE, &mut [])] = {
            let mut bytes = [0; $crate::magento::char_set::encode(SOURCE, &mut [])];
            $crate::magento::char_set::encode(SOURCE, &mut bytes);
            bytes
        };
        $crate::magento::char_set::CharSet::Encoded {
            bytes: &BYTES,
            #[cfg(test)]
            source: SOURCE,
        }
    }};
}

pub(super) use {bitmap, encoded, ranges};

impl CharSet {
    /// Whether the set holds `c`.
    pub(super) fn contains(&self, c: char) -> bool {
        match self {
            CharSet::Encoded { bytes, .. } => encoded_contains(bytes, u32::from(c)),
            CharSet::Uncompilable => false,
        }
    }
}

fn encoded_contains(mut bytes: &[u8], code: u32) -> bool {
    let mut end = 0u32;
    while let Some(gap) = read_number(&mut bytes) {
        let start = end.saturating_add(gap);
        let Some(tagged) = read_number(&mut bytes).filter(|_| code >= start) else {
            return false;
        };
        let count = tagged / 2;
        if tagged.is_multiple_of(2) {
            end = start.saturating_add(count).saturating_add(1);
            if code < end {
                return true;
            }
        } else {
            let Some((bits, rest)) = bytes.split_at_checked(count as usize) else {
                return false;
            };
            let offset = code - start;
            if let Some(byte) = bits.get((offset / 8) as usize) {
                return byte & (1 << (offset % 8)) != 0;
            }
            end = start.saturating_add(count.saturating_mul(8));
            bytes = rest;
        }
    }
    false
}

/// Reads one LEB128 number (at most 32 bits) off the front of `bytes`.
pub(super) fn read_number(bytes: &mut &[u8]) -> Option<u32> {
    let mut number = 0u32;
    for shift in [0, 7, 14, 21, 28] {
        let (byte, rest) = bytes.split_first()?;
        *bytes = rest;
        number |= u32::from(byte & 0x7F) << shift;
        if byte & 0x80 == 0 {
            return Some(number);
        }
    }
    None
}

/// Writes `number` as LEB128 into `out` at `at`, as far as `out` reaches; answers the position
/// after it.
pub(super) const fn write_number(out: &mut [u8], mut at: usize, mut number: u32) -> usize {
    loop {
        let low = (number & 0x7F) as u8;
        number >>= 7;
        if at < out.len() {
            out[at] = if number == 0 { low } else { low | 0x80 };
        }
        at += 1;
        if number == 0 {
            return at;
        }
    }
}

/// The ranges of a [`Source`], one after the other.
struct SourceRanges {
    source: Source,
    /// The next range, or the next bit.
    at: usize,
}

impl SourceRanges {
    const fn of(source: Source) -> SourceRanges {
        SourceRanges { source, at: 0 }
    }

    const fn next_range(&mut self) -> Option<(u32, u32)> {
        match self.source {
            Source::Ranges(ranges) => {
                if self.at == ranges.len() {
                    return None;
                }
                let (first, last) = ranges[self.at];
                self.at += 1;
                Some((first as u32, last as u32))
            }
            Source::Bitmap { first, bits } => {
                while self.at < bits.len() * 8 && !bit_set(bits, self.at) {
                    self.at += 1;
                }
                if self.at == bits.len() * 8 {
                    return None;
                }
                let start = self.at;
                while bit_set(bits, self.at) {
                    self.at += 1;
                }
                Some((
                    first as u32 + start as u32,
                    first as u32 + self.at as u32 - 1,
                ))
            }
        }
    }
}

/// Whether bit `at` of a bitmap is set.
const fn bit_set(bits: &[u8], at: usize) -> bool {
    at < bits.len() * 8 && bits[at / 8] & (1 << (at % 8)) != 0
}

/// Encodes a set into `out`, as far as it reaches; answers the length of the encoding.
pub(super) const fn encode(source: Source, out: &mut [u8]) -> usize {
    // The length as ranges, and the span of the set.
    let mut as_ranges = 0;
    let mut span: Option<(u32, u32)> = None;
    let mut end = 0;
    let mut ranges = SourceRanges::of(source);
    while let Some((first, last)) = ranges.next_range() {
        assert!(
            first >= end && first <= last,
            "ranges in order, not overlapping"
        );
        as_ranges = write_number(&mut [], as_ranges, first - end);
        as_ranges = write_number(&mut [], as_ranges, (last - first) * 2);
        span = match span {
            Some((lowest, _)) => Some((lowest, last)),
            None => Some((first, last)),
        };
        end = last + 1;
    }
    let Some((lowest, highest)) = span else {
        return 0;
    };
    let bitmap_bytes = (highest - lowest) / 8 + 1;
    let header = write_number(&mut [], 0, lowest);
    let header = write_number(&mut [], header, bitmap_bytes * 2 + 1);
    if header + bitmap_bytes as usize >= as_ranges {
        let mut at = 0;
        let mut end = 0;
        let mut ranges = SourceRanges::of(source);
        while let Some((first, last)) = ranges.next_range() {
            at = write_number(out, at, first - end);
            at = write_number(out, at, (last - first) * 2);
            end = last + 1;
        }
        return at;
    }
    let at = write_number(out, 0, lowest);
    let start = write_number(out, at, bitmap_bytes * 2 + 1);
    let mut ranges = SourceRanges::of(source);
    while let Some((first, last)) = ranges.next_range() {
        let mut code = first;
        while code <= last {
            let bit = (code - lowest) as usize;
            if start + bit / 8 < out.len() {
                out[start + bit / 8] |= 1 << (bit % 8);
            }
            code += 1;
        }
    }
    start + bitmap_bytes as usize
}

#[cfg(test)]
pub(super) mod tests {
    use super::{CharSet, Source, SourceRanges};

    /// The code points where a set may begin or end: each range's first, and the one after its
    /// last. Two sets that agree at the boundaries of both agree everywhere.
    fn boundaries(source: Source) -> Vec<u32> {
        let mut ranges = SourceRanges::of(source);
        let mut points = Vec::new();
        while let Some((first, last)) = ranges.next_range() {
            points.extend([first.saturating_sub(1), first, last, last + 1]);
        }
        points
    }

    /// The ranges the records of a set hold.
    fn decoded(set: &CharSet) -> Vec<(u32, u32)> {
        let CharSet::Encoded { mut bytes, .. } = *set else {
            return Vec::new();
        };
        let mut ranges: Vec<(u32, u32)> = Vec::new();
        let mut add = |first: u32, last: u32| match ranges.last_mut() {
            Some(previous) if previous.1 + 1 == first => previous.1 = last,
            _ => ranges.push((first, last)),
        };
        let mut end = 0;
        while let Some(gap) = super::read_number(&mut bytes) {
            let start = end + gap;
            let tagged = super::read_number(&mut bytes).expect("a record has two numbers");
            if tagged.is_multiple_of(2) {
                end = start + tagged / 2 + 1;
                add(start, end - 1);
            } else {
                let (bits, rest) = bytes.split_at(tagged as usize / 2);
                for bit in 0..bits.len() * 8 {
                    if bits[bit / 8] & (1 << (bit % 8)) != 0 {
                        add(start + bit as u32, start + bit as u32);
                    }
                }
                end = start + bits.len() as u32 * 8;
                bytes = rest;
            }
        }
        ranges
    }

    /// The ranges of a source, adjacent ones joined.
    fn joined(source: Source) -> Vec<(u32, u32)> {
        let mut ranges = SourceRanges::of(source);
        let mut joined: Vec<(u32, u32)> = Vec::new();
        while let Some((first, last)) = ranges.next_range() {
            match joined.last_mut() {
                Some(previous) if previous.1 + 1 == first => previous.1 = last,
                _ => joined.push((first, last)),
            }
        }
        joined
    }

    /// Fails unless the records of an encoded set hold exactly the characters of its source,
    /// and [`CharSet::contains`] answers so at every boundary.
    pub(in crate::magento) fn assert_encodes_its_source(set: &CharSet) {
        let CharSet::Encoded { source, .. } = *set else {
            return;
        };
        let expected = joined(source);
        let records = decoded(set);
        assert_eq!(records, expected, "{source:?}");
        let mut points = boundaries(source);
        points.extend(records.iter().flat_map(|(first, last)| [*first, last + 1]));
        for code in points {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let after = expected.partition_point(|(first, _)| *first <= code);
            let member = after > 0 && expected[after - 1].1 >= code;
            assert_eq!(set.contains(c), member, "U+{code:04X} in {source:?}");
        }
    }

    #[test]
    fn ranges_are_encoded_as_gaps_and_lengths() {
        let set = ranges!(&[('-', '-'), ('0', '9'), ('a', 'z'), ('\u{e0}', '\u{f6}')]);
        let CharSet::Encoded { bytes, .. } = set else {
            panic!("an encoded set");
        };
        // `-` after 45 code points; `0`–`9` after 2 more; `a`–`z` after 39; then 0xE0 - 0x7B.
        assert_eq!(bytes, &[45, 0, 2, 18, 39, 50, 101, 44]);
        assert_encodes_its_source(&set);
        assert!(set.contains('-') && set.contains('q') && !set.contains('A') && !set.contains('ÿ'));
    }

    #[test]
    fn a_dense_scattered_set_is_one_bitmap() {
        let set = bitmap!(
            '\u{100}',
            &[0b0101_0101, 0b1010_1010, 0b0101_0101, 0b0000_0001]
        );
        let CharSet::Encoded { bytes, .. } = set else {
            panic!("an encoded set");
        };
        // 0x100 as LEB128, then 4 bytes tagged odd, then the bits.
        assert_eq!(
            bytes,
            &[
                0x80,
                0x02,
                9,
                0b0101_0101,
                0b1010_1010,
                0b0101_0101,
                0b0000_0001
            ]
        );
        assert_encodes_its_source(&set);
        assert!(set.contains('\u{100}') && !set.contains('\u{101}') && set.contains('\u{118}'));
        assert!(!set.contains('\u{119}') && !set.contains('\u{FF}') && !set.contains('\u{200}'));
    }

    #[test]
    fn a_bitmap_of_few_runs_is_ranges() {
        let set = bitmap!('a', &[0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0xFF]);
        assert_eq!(
            super::encode(
                Source::Bitmap {
                    first: 'a',
                    bits: &[0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0xFF]
                },
                &mut []
            ),
            4
        );
        assert_encodes_its_source(&set);
    }

    #[test]
    fn an_empty_set_holds_nothing() {
        let set = ranges!(&[]);
        assert!(!set.contains('\0') && !set.contains('a'));
        assert_encodes_its_source(&set);
    }
}
