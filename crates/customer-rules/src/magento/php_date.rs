//! PHP's date parser as `new \DateTime($text)` runs it in Magento, whose default timezone is
//! UTC (`app/bootstrap.php`): the grammar of timelib 2022.12 (`parse_date.re`, bundled with
//! PHP 8.2) and its arithmetic (`tm2unixtime.c`), re-expressed.
//!
//! The scanner takes, at each position, the longest match among the grammar's formats (the
//! earlier format on a tie, as re2c does) and applies it; an error anywhere makes the text
//! invalid (PHP throws), a warning does not. What the text leaves out is then taken from "now"
//! and the relative parts are applied as timelib applies them. The result is the wall-clock
//! date in the zone the text names, which is what `format('Y-m-d H:i:s')` writes.
//!
//! A zone in the text moves that date only through "now": PHP takes "now" on UTC's wall clock
//! whatever offset (`+14:00`) or abbreviation (`NZDT`) the text names, and keeps the date and
//! time the text gives as wall-clock values of that zone; only a zone identifier
//! (`Pacific/Kiritimati`) makes PHP read "now" on that zone's own clock. Deliberate limit: the
//! WASM build carries no zone database, only each identifier's current rule (the POSIX TZ string
//! that ends its file in the database): "now" in a zone whose offsets do not follow one rule
//! this year (Africa/Casablanca during Ramadan) and wall-clock times inside a daylight-saving gap
//! (which PHP moves on by the gap) are read as the rule and the text give them.
//!
//! Every step is linear: a format is matched by sets of positions, never by backtracking, a run
//! of blanks is taken whole, and scanning stops at the first error.

use std::collections::BTreeSet;

use super::dob::Date;
#[cfg(test)]
mod tests;
mod zones;

use zones::{ABBREVIATIONS, IDENTIFIERS, RULES};

/// An instant, in seconds since 1970-01-01 00:00:00 UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Instant(pub(super) i64);

/// The date `new \DateTime($text)` holds at the instant `now`, or `None` where PHP throws.
pub(super) fn parse(text: &[u8], now: Instant) -> Option<Date> {
    let input = trim(text);
    if input.is_empty() {
        // "Empty string".
        return None;
    }
    let mut parsed = Parsed::default();
    let mut pos = 0;
    while pos < input.len() {
        let (format, end) = longest_match(input, pos);
        apply(format, token_text(input, pos, end), &mut parsed).ok()?;
        pos = end;
    }
    Some(evaluate(&parsed, now))
}

/// timelib trims C `isspace` from both ends, but always keeps at least one character.
fn trim(text: &[u8]) -> &[u8] {
    let is_space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
    if text.is_empty() {
        return text;
    }
    let mut start = 0;
    let mut end = text.len() - 1;
    while start < end && text.get(start).is_some_and(is_space) {
        start += 1;
    }
    while end > start && text.get(end).is_some_and(is_space) {
        end -= 1;
    }
    text.get(start..=end).unwrap_or_default()
}

fn is_blank(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t')
}

/// The matched text as the format's action sees it: a C string, cut at the first NUL.
fn token_text(input: &[u8], start: usize, end: usize) -> &[u8] {
    let text = input.get(start..end.min(input.len())).unwrap_or_default();
    text.split(|&b| b == 0).next().unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// The grammar.

const UNBOUNDED: u16 = u16::MAX;

/// A pattern of the grammar.
#[derive(Clone, Copy)]
enum P {
    /// One byte of a class.
    Class(fn(u8) -> bool),
    /// One byte from `.0` to `.1`.
    Range(u8, u8),
    /// One of these bytes.
    OneOf(&'static [u8]),
    /// These bytes, exactly.
    Exact(&'static [u8]),
    /// These bytes, ASCII letters in either case.
    Word(&'static [u8]),
    Seq(&'static [P]),
    Alt(&'static [P]),
    /// The pattern `min` to `max` times.
    Rep(&'static P, u16, u16),
}

const fn opt(p: &'static P) -> P {
    P::Rep(p, 0, 1)
}

fn letter(b: u8) -> bool {
    b.is_ascii_alphabetic()
}

const SIGN: &[u8] = b"+-";
const AM_PM: &[u8] = b"aApP";
const M_LETTER: &[u8] = b"mM";
const TIME_SEPARATOR: &[u8] = b":.";

const DIGIT: P = P::Range(b'0', b'9');
const SPACE: P = P::Alt(&[
    P::Rep(&P::OneOf(b" \t"), 1, UNBOUNDED),
    P::Rep(&P::Exact(b"\xC2\xA0"), 1, UNBOUNDED),
    P::Rep(&P::Exact(b"\xE2\x80\xAF"), 1, UNBOUNDED),
]);
const FRAC: P = P::Seq(&[P::Exact(b"."), P::Rep(&DIGIT, 1, UNBOUNDED)]);
const HOUR24: P = P::Alt(&[
    P::Seq(&[opt(&P::Range(b'0', b'1')), DIGIT]),
    P::Seq(&[P::Exact(b"2"), P::Range(b'0', b'4')]),
]);
const HOUR24LZ: P = P::Alt(&[
    P::Seq(&[P::Range(b'0', b'1'), DIGIT]),
    P::Seq(&[P::Exact(b"2"), P::Range(b'0', b'4')]),
]);
const HOUR12: P = P::Alt(&[
    P::Seq(&[opt(&P::Exact(b"0")), P::Range(b'1', b'9')]),
    P::Seq(&[P::Exact(b"1"), P::Range(b'0', b'2')]),
]);
const MINUTE: P = P::Seq(&[opt(&P::Range(b'0', b'5')), DIGIT]);
const MINUTELZ: P = P::Seq(&[P::Range(b'0', b'5'), DIGIT]);
const SECOND: P = P::Alt(&[MINUTE, P::Exact(b"60")]);
const SECONDLZ: P = P::Alt(&[MINUTELZ, P::Exact(b"60")]);
const MERIDIAN: P = P::Seq(&[
    P::OneOf(AM_PM),
    opt(&P::Exact(b".")),
    P::OneOf(M_LETTER),
    opt(&P::Exact(b".")),
    P::OneOf(b"\0\t "),
]);
const TZ: P = P::Alt(&[
    P::Seq(&[
        opt(&P::Exact(b"(")),
        P::Rep(&P::Class(letter), 1, 6),
        opt(&P::Exact(b")")),
    ]),
    P::Seq(&[
        P::Range(b'A', b'Z'),
        P::Rep(&P::Range(b'a', b'z'), 1, UNBOUNDED),
        P::Rep(
            &P::Seq(&[P::OneOf(b"_/-"), P::Rep(&P::Class(letter), 1, UNBOUNDED)]),
            1,
            UNBOUNDED,
        ),
    ]),
]);
const TZCORRECTION: P = P::Seq(&[
    opt(&P::Exact(b"GMT")),
    P::OneOf(SIGN),
    P::Alt(&[
        P::Seq(&[HOUR24, opt(&P::Seq(&[opt(&P::Exact(b":")), MINUTE]))]),
        P::Seq(&[HOUR24LZ, MINUTELZ, SECONDLZ]),
        P::Seq(&[HOUR24LZ, P::Exact(b":"), MINUTELZ, P::Exact(b":"), SECONDLZ]),
    ]),
]);
const DAYSUF: P = P::Alt(&[
    P::Exact(b"st"),
    P::Exact(b"nd"),
    P::Exact(b"rd"),
    P::Exact(b"th"),
]);
const MONTH: P = P::Alt(&[
    P::Seq(&[opt(&P::Exact(b"0")), DIGIT]),
    P::Seq(&[P::Exact(b"1"), P::Range(b'0', b'2')]),
]);
const DAY: P = P::Seq(&[
    P::Alt(&[
        P::Seq(&[opt(&P::Range(b'0', b'2')), DIGIT]),
        P::Seq(&[P::Range(b'3', b'3'), P::Range(b'0', b'1')]),
    ]),
    opt(&DAYSUF),
]);
const YEAR: P = P::Rep(&DIGIT, 1, 4);
const YEAR2: P = P::Rep(&DIGIT, 2, 2);
const YEAR4: P = P::Rep(&DIGIT, 4, 4);
const YEAR4_WITH_SIGN: P = P::Seq(&[opt(&P::OneOf(SIGN)), YEAR4]);
const YEARX: P = P::Seq(&[P::OneOf(SIGN), P::Rep(&DIGIT, 5, 19)]);
const DAY_OF_YEAR: P = P::Alt(&[
    P::Seq(&[P::Exact(b"00"), P::Range(b'1', b'9')]),
    P::Seq(&[P::Exact(b"0"), P::Range(b'1', b'9'), DIGIT]),
    P::Seq(&[P::Range(b'1', b'2'), DIGIT, DIGIT]),
    P::Seq(&[P::Exact(b"3"), P::Range(b'0', b'5'), DIGIT]),
    P::Seq(&[P::Exact(b"36"), P::Range(b'0', b'6')]),
]);
const WEEK_OF_YEAR: P = P::Alt(&[
    P::Seq(&[P::Exact(b"0"), P::Range(b'1', b'9')]),
    P::Seq(&[P::Range(b'1', b'4'), DIGIT]),
    P::Seq(&[P::Exact(b"5"), P::Range(b'0', b'3')]),
]);
const MONTHLZ: P = P::Alt(&[
    P::Seq(&[P::Exact(b"0"), DIGIT]),
    P::Seq(&[P::Exact(b"1"), P::Range(b'0', b'2')]),
]);
const DAYLZ: P = P::Alt(&[
    P::Seq(&[P::Exact(b"0"), DIGIT]),
    P::Seq(&[P::Range(b'1', b'2'), DIGIT]),
    P::Seq(&[P::Exact(b"3"), P::Range(b'0', b'1')]),
]);
const DAY_FULLS: P = P::Alt(&[
    P::Word(b"sundays"),
    P::Word(b"mondays"),
    P::Word(b"tuesdays"),
    P::Word(b"wednesdays"),
    P::Word(b"thursdays"),
    P::Word(b"fridays"),
    P::Word(b"saturdays"),
]);
const DAY_FULL: P = P::Alt(&[
    P::Word(b"sunday"),
    P::Word(b"monday"),
    P::Word(b"tuesday"),
    P::Word(b"wednesday"),
    P::Word(b"thursday"),
    P::Word(b"friday"),
    P::Word(b"saturday"),
]);
const DAY_ABBR: P = P::Alt(&[
    P::Word(b"sun"),
    P::Word(b"mon"),
    P::Word(b"tue"),
    P::Word(b"wed"),
    P::Word(b"thu"),
    P::Word(b"fri"),
    P::Word(b"sat"),
]);
const DAY_TEXT: P = P::Alt(&[
    DAY_FULLS,
    DAY_FULL,
    DAY_ABBR,
    P::Word(b"weekday"),
    P::Word(b"weekdays"),
]);
const MONTH_FULL: P = P::Alt(&[
    P::Word(b"january"),
    P::Word(b"february"),
    P::Word(b"march"),
    P::Word(b"april"),
    P::Word(b"may"),
    P::Word(b"june"),
    P::Word(b"july"),
    P::Word(b"august"),
    P::Word(b"september"),
    P::Word(b"october"),
    P::Word(b"november"),
    P::Word(b"december"),
]);
const MONTH_ABBR: P = P::Alt(&[
    P::Word(b"jan"),
    P::Word(b"feb"),
    P::Word(b"mar"),
    P::Word(b"apr"),
    P::Word(b"may"),
    P::Word(b"jun"),
    P::Word(b"jul"),
    P::Word(b"aug"),
    P::Word(b"sep"),
    P::Word(b"sept"),
    P::Word(b"oct"),
    P::Word(b"nov"),
    P::Word(b"dec"),
]);
const MONTH_ROMAN: P = P::Alt(&[
    P::Exact(b"I"),
    P::Exact(b"II"),
    P::Exact(b"III"),
    P::Exact(b"IV"),
    P::Exact(b"V"),
    P::Exact(b"VI"),
    P::Exact(b"VII"),
    P::Exact(b"VIII"),
    P::Exact(b"IX"),
    P::Exact(b"X"),
    P::Exact(b"XI"),
    P::Exact(b"XII"),
]);
const MONTH_TEXT: P = P::Alt(&[MONTH_FULL, MONTH_ABBR, MONTH_ROMAN]);
const T: P = P::Word(b"t");
const TIME_SHORT12: P = P::Seq(&[
    HOUR12,
    P::OneOf(TIME_SEPARATOR),
    MINUTELZ,
    opt(&SPACE),
    MERIDIAN,
]);
const TIME_LONG12: P = P::Seq(&[
    HOUR12,
    P::OneOf(TIME_SEPARATOR),
    MINUTE,
    P::OneOf(TIME_SEPARATOR),
    SECONDLZ,
    opt(&SPACE),
    MERIDIAN,
]);
const TIME_SHORT24: P = P::Seq(&[opt(&T), HOUR24, P::OneOf(TIME_SEPARATOR), MINUTE]);
const TIME_LONG24: P = P::Seq(&[
    opt(&T),
    HOUR24,
    P::OneOf(TIME_SEPARATOR),
    MINUTE,
    P::OneOf(TIME_SEPARATOR),
    SECOND,
]);
const ISO8601_NORM_TZ: P = P::Seq(&[
    opt(&T),
    HOUR24,
    P::OneOf(TIME_SEPARATOR),
    MINUTE,
    P::OneOf(TIME_SEPARATOR),
    SECONDLZ,
    opt(&SPACE),
    P::Alt(&[TZCORRECTION, TZ]),
]);
const DATE_SEPARATORS: P = P::Rep(&P::OneOf(b" \t.-"), 0, UNBOUNDED);
const DATE_NO_YEAR: P = P::Seq(&[
    MONTH_TEXT,
    DATE_SEPARATORS,
    DAY,
    P::Alt(&[
        P::Rep(&P::OneOf(b",.stndrh\t "), 1, UNBOUNDED),
        P::Exact(b"\0"),
    ]),
]);
const REL_TEXT_NUMBER: P = P::Alt(&[
    P::Word(b"first"),
    P::Word(b"second"),
    P::Word(b"third"),
    P::Word(b"fourth"),
    P::Word(b"fifth"),
    P::Word(b"sixth"),
    P::Word(b"seventh"),
    P::Word(b"eight"),
    P::Word(b"eighth"),
    P::Word(b"ninth"),
    P::Word(b"tenth"),
    P::Word(b"eleventh"),
    P::Word(b"twelfth"),
]);
const REL_TEXT_TEXT: P = P::Alt(&[
    P::Word(b"next"),
    P::Word(b"last"),
    P::Word(b"previous"),
    P::Word(b"this"),
]);
const REL_TEXT_UNIT: P = P::Alt(&[
    P::Word(b"ms"),
    P::Word("µs".as_bytes()),
    P::Seq(&[
        P::Alt(&[
            P::Word(b"msec"),
            P::Word(b"millisecond"),
            P::Word("µsec".as_bytes()),
            P::Word(b"microsecond"),
            P::Word(b"usec"),
            P::Word(b"sec"),
            P::Word(b"second"),
            P::Word(b"min"),
            P::Word(b"minute"),
            P::Word(b"hour"),
            P::Word(b"day"),
            P::Word(b"fortnight"),
            P::Word(b"forthnight"),
            P::Word(b"month"),
            P::Word(b"year"),
        ]),
        opt(&P::Word(b"s")),
    ]),
    P::Word(b"weeks"),
    DAY_TEXT,
]);

/// The formats of the grammar, in the order of `parse_date.re` (the earlier wins a tie).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Yesterday,
    Now,
    Noon,
    MidnightOrToday,
    Tomorrow,
    Timestamp,
    TimestampWithFraction,
    FirstOrLastDayOf,
    BackOrFrontOf,
    WeekdayOf,
    Time12,
    MssqlTime,
    Time24,
    GnuNoColon,
    Iso8601NoColon,
    American,
    Iso8601Date4,
    Iso8601Date2,
    Iso8601DateExpanded,
    GnuDateShorter,
    GnuDateShort,
    DateFull,
    PointedDate4,
    PointedDate2,
    DateNoDay,
    DateNoDayReverse,
    DateTextual,
    DateNoYearReverse,
    DateNoColon,
    DateAndTime,
    PgYearDay,
    IsoWeekDay,
    IsoWeek,
    PgTextShort,
    PgTextReverse,
    Clf,
    Year4,
    Ago,
    DayText,
    RelativeTextWeek,
    RelativeText,
    MonthText,
    Zone,
    ShortDateWithTime12,
    ShortDateWithTime24,
    Relative,
    /// `[.,]`, `space`, NUL and newline: nothing to do.
    Skip,
    /// Any other byte: "Unexpected character".
    Unexpected,
}

const FORMATS: &[(Format, P)] = &[
    (Format::Yesterday, P::Word(b"yesterday")),
    (Format::Now, P::Word(b"now")),
    (Format::Noon, P::Word(b"noon")),
    (
        Format::MidnightOrToday,
        P::Alt(&[P::Word(b"midnight"), P::Word(b"today")]),
    ),
    (Format::Tomorrow, P::Word(b"tomorrow")),
    (
        Format::Timestamp,
        P::Seq(&[
            P::Exact(b"@"),
            opt(&P::Exact(b"-")),
            P::Rep(&DIGIT, 1, UNBOUNDED),
        ]),
    ),
    (
        Format::TimestampWithFraction,
        P::Seq(&[
            P::Exact(b"@"),
            opt(&P::Exact(b"-")),
            P::Rep(&DIGIT, 1, UNBOUNDED),
            P::Exact(b"."),
            P::Rep(&DIGIT, 0, 6),
        ]),
    ),
    (
        Format::FirstOrLastDayOf,
        P::Alt(&[P::Word(b"first day of"), P::Word(b"last day of")]),
    ),
    (
        Format::BackOrFrontOf,
        P::Seq(&[
            P::Alt(&[P::Word(b"back of "), P::Word(b"front of ")]),
            HOUR24,
            opt(&P::Seq(&[opt(&SPACE), MERIDIAN])),
        ]),
    ),
    (
        Format::WeekdayOf,
        P::Seq(&[
            P::Alt(&[REL_TEXT_NUMBER, REL_TEXT_TEXT]),
            SPACE,
            P::Alt(&[DAY_FULLS, DAY_FULL, DAY_ABBR]),
            SPACE,
            P::Word(b"of"),
        ]),
    ),
    (
        Format::Time12,
        P::Alt(&[
            P::Seq(&[HOUR12, opt(&SPACE), MERIDIAN]),
            TIME_SHORT12,
            TIME_LONG12,
        ]),
    ),
    (
        Format::MssqlTime,
        P::Seq(&[
            HOUR12,
            P::Exact(b":"),
            MINUTELZ,
            P::Exact(b":"),
            SECONDLZ,
            P::OneOf(TIME_SEPARATOR),
            P::Rep(&DIGIT, 1, UNBOUNDED),
            MERIDIAN,
        ]),
    ),
    (
        Format::Time24,
        P::Alt(&[
            P::Seq(&[T, HOUR24]),
            TIME_SHORT24,
            TIME_LONG24,
            P::Seq(&[
                opt(&T),
                HOUR24,
                P::OneOf(TIME_SEPARATOR),
                MINUTE,
                P::OneOf(TIME_SEPARATOR),
                SECOND,
                FRAC,
            ]),
        ]),
    ),
    (Format::GnuNoColon, P::Seq(&[opt(&T), HOUR24LZ, MINUTELZ])),
    (
        Format::Iso8601NoColon,
        P::Seq(&[opt(&T), HOUR24LZ, MINUTELZ, SECONDLZ]),
    ),
    (
        Format::American,
        P::Seq(&[
            MONTH,
            P::Exact(b"/"),
            DAY,
            opt(&P::Seq(&[P::Exact(b"/"), YEAR])),
        ]),
    ),
    (
        Format::Iso8601Date4,
        P::Alt(&[
            P::Seq(&[
                YEAR4_WITH_SIGN,
                P::Exact(b"-"),
                MONTHLZ,
                P::Exact(b"-"),
                DAYLZ,
            ]),
            P::Seq(&[
                YEAR4,
                P::Exact(b"/"),
                MONTHLZ,
                P::Exact(b"/"),
                DAYLZ,
                opt(&P::Exact(b"/")),
            ]),
            P::Seq(&[YEAR4, P::Exact(b"/"), MONTH, P::Exact(b"/"), DAY]),
        ]),
    ),
    (
        Format::Iso8601Date2,
        P::Seq(&[YEAR2, P::Exact(b"-"), MONTHLZ, P::Exact(b"-"), DAYLZ]),
    ),
    (
        Format::Iso8601DateExpanded,
        P::Seq(&[YEARX, P::Exact(b"-"), MONTHLZ, P::Exact(b"-"), DAYLZ]),
    ),
    (
        Format::GnuDateShorter,
        P::Seq(&[YEAR4, P::Exact(b"-"), MONTH]),
    ),
    (
        Format::GnuDateShort,
        P::Seq(&[YEAR, P::Exact(b"-"), MONTH, P::Exact(b"-"), DAY]),
    ),
    (
        Format::DateFull,
        P::Seq(&[DAY, DATE_SEPARATORS, MONTH_TEXT, DATE_SEPARATORS, YEAR]),
    ),
    (
        Format::PointedDate4,
        P::Seq(&[DAY, P::OneOf(b".\t-"), MONTH, P::OneOf(b".-"), YEAR4]),
    ),
    (
        Format::PointedDate2,
        P::Seq(&[DAY, P::OneOf(b".\t"), MONTH, P::Exact(b"."), YEAR2]),
    ),
    (
        Format::DateNoDay,
        P::Seq(&[MONTH_TEXT, DATE_SEPARATORS, YEAR4]),
    ),
    (
        Format::DateNoDayReverse,
        P::Seq(&[YEAR4, DATE_SEPARATORS, MONTH_TEXT]),
    ),
    (
        Format::DateTextual,
        P::Alt(&[
            P::Seq(&[
                MONTH_TEXT,
                DATE_SEPARATORS,
                DAY,
                P::Rep(&P::OneOf(b",.stndrh\t "), 1, UNBOUNDED),
                YEAR,
            ]),
            DATE_NO_YEAR,
        ]),
    ),
    (
        Format::DateNoYearReverse,
        P::Seq(&[DAY, DATE_SEPARATORS, MONTH_TEXT]),
    ),
    (Format::DateNoColon, P::Seq(&[YEAR4, MONTHLZ, DAYLZ])),
    (
        Format::DateAndTime,
        P::Alt(&[
            // xmlrpc
            P::Seq(&[
                YEAR4,
                MONTHLZ,
                DAYLZ,
                P::Exact(b"T"),
                HOUR24,
                P::Exact(b":"),
                MINUTELZ,
                P::Exact(b":"),
                SECONDLZ,
            ]),
            // xmlrpcnocolon
            P::Seq(&[YEAR4, MONTHLZ, DAYLZ, T, HOUR24, MINUTELZ, SECONDLZ]),
            // soap
            P::Seq(&[
                YEAR4,
                P::Exact(b"-"),
                MONTHLZ,
                P::Exact(b"-"),
                DAYLZ,
                P::Exact(b"T"),
                HOUR24LZ,
                P::Exact(b":"),
                MINUTELZ,
                P::Exact(b":"),
                SECONDLZ,
                FRAC,
                opt(&TZCORRECTION),
            ]),
            // wddx
            P::Seq(&[
                YEAR4,
                P::Exact(b"-"),
                MONTH,
                P::Exact(b"-"),
                DAY,
                P::Exact(b"T"),
                HOUR24,
                P::Exact(b":"),
                MINUTE,
                P::Exact(b":"),
                SECOND,
            ]),
            // exif
            P::Seq(&[
                YEAR4,
                P::Exact(b":"),
                MONTHLZ,
                P::Exact(b":"),
                DAYLZ,
                P::Exact(b" "),
                HOUR24LZ,
                P::Exact(b":"),
                MINUTELZ,
                P::Exact(b":"),
                SECONDLZ,
            ]),
        ]),
    ),
    (
        Format::PgYearDay,
        P::Seq(&[YEAR4, opt(&P::OneOf(b".-")), DAY_OF_YEAR]),
    ),
    (
        Format::IsoWeekDay,
        P::Seq(&[
            YEAR4,
            opt(&P::Exact(b"-")),
            P::Exact(b"W"),
            WEEK_OF_YEAR,
            opt(&P::Exact(b"-")),
            P::Range(b'0', b'7'),
        ]),
    ),
    (
        Format::IsoWeek,
        P::Seq(&[YEAR4, opt(&P::Exact(b"-")), P::Exact(b"W"), WEEK_OF_YEAR]),
    ),
    (
        Format::PgTextShort,
        P::Seq(&[MONTH_ABBR, P::Exact(b"-"), DAYLZ, P::Exact(b"-"), YEAR]),
    ),
    (
        Format::PgTextReverse,
        P::Seq(&[YEAR, P::Exact(b"-"), MONTH_ABBR, P::Exact(b"-"), DAYLZ]),
    ),
    (
        Format::Clf,
        P::Seq(&[
            DAY,
            P::Exact(b"/"),
            MONTH_ABBR,
            P::Exact(b"/"),
            YEAR4,
            P::Exact(b":"),
            HOUR24LZ,
            P::Exact(b":"),
            MINUTELZ,
            P::Exact(b":"),
            SECONDLZ,
            SPACE,
            TZCORRECTION,
        ]),
    ),
    (Format::Year4, YEAR4),
    (Format::Ago, P::Word(b"ago")),
    (Format::DayText, DAY_TEXT),
    (
        Format::RelativeTextWeek,
        P::Seq(&[REL_TEXT_TEXT, SPACE, P::Word(b"week")]),
    ),
    (
        Format::RelativeText,
        P::Seq(&[
            P::Alt(&[REL_TEXT_NUMBER, REL_TEXT_TEXT]),
            SPACE,
            REL_TEXT_UNIT,
        ]),
    ),
    (Format::MonthText, P::Alt(&[MONTH_FULL, MONTH_ABBR])),
    (Format::Zone, P::Alt(&[TZCORRECTION, TZ])),
    (
        Format::ShortDateWithTime12,
        P::Seq(&[DATE_NO_YEAR, P::Alt(&[TIME_SHORT12, TIME_LONG12])]),
    ),
    (
        Format::ShortDateWithTime24,
        P::Seq(&[
            DATE_NO_YEAR,
            P::Alt(&[TIME_SHORT24, TIME_LONG24, ISO8601_NORM_TZ]),
        ]),
    ),
    (
        Format::Relative,
        P::Seq(&[
            P::Rep(&P::OneOf(SIGN), 0, UNBOUNDED),
            P::Rep(&P::OneOf(b" \t"), 0, UNBOUNDED),
            P::Rep(&DIGIT, 1, 13),
            opt(&SPACE),
            P::Alt(&[REL_TEXT_UNIT, P::Word(b"week")]),
        ]),
    ),
    (Format::Skip, P::OneOf(b".,")),
    (Format::Skip, SPACE),
    (Format::Skip, P::OneOf(b"\0\n")),
];

/// The byte at `index`; past the end, the NUL padding of timelib's buffer.
fn byte_at(input: &[u8], index: usize) -> u8 {
    input.get(index).copied().unwrap_or(0)
}

/// Appends to `out` where `pattern` can end when it starts at one of `starts` (sorted, without
/// duplicates), sorted and without duplicates.
fn ends(pattern: &P, input: &[u8], starts: &[usize], out: &mut Vec<usize>) {
    // One NUL of padding can be matched (`meridian`, `datenoyear`); nothing goes further.
    let limit = input.len() + 1;
    let literal = |bytes: &[u8], at: usize, exact: bool| {
        at + bytes.len() <= limit
            && bytes.iter().enumerate().all(|(k, &b)| {
                let found = byte_at(input, at + k);
                if exact {
                    found == b
                } else {
                    found.eq_ignore_ascii_case(&b)
                }
            })
    };
    let before = out.len();
    match pattern {
        P::Class(_) | P::Range(..) | P::OneOf(_) => out.extend(
            starts
                .iter()
                .filter(|&&at| at < limit && one_byte(pattern, byte_at(input, at)))
                .map(|&at| at + 1),
        ),
        P::Exact(bytes) => out.extend(
            starts
                .iter()
                .filter(|&&at| literal(bytes, at, true))
                .map(|&at| at + bytes.len()),
        ),
        P::Word(bytes) => out.extend(
            starts
                .iter()
                .filter(|&&at| literal(bytes, at, false))
                .map(|&at| at + bytes.len()),
        ),
        P::Seq(parts) => {
            let mut current = starts.to_vec();
            let mut next = Vec::new();
            for part in *parts {
                if current.is_empty() {
                    break;
                }
                next.clear();
                ends(part, input, &current, &mut next);
                std::mem::swap(&mut current, &mut next);
            }
            out.extend(current);
        }
        P::Alt(choices) => {
            for choice in *choices {
                ends(choice, input, starts, out);
            }
            if let Some(added) = out.get_mut(before..) {
                added.sort_unstable();
            }
            let mut kept = before;
            for read in before..out.len() {
                let value = out[read];
                if kept == before || out[kept - 1] != value {
                    out[kept] = value;
                    kept += 1;
                }
            }
            out.truncate(kept);
        }
        P::Rep(inner, min, max) => {
            let mut result: BTreeSet<usize> = BTreeSet::new();
            if *min == 0 {
                result.extend(starts);
            }
            let mut frontier = starts.to_vec();
            let mut next = Vec::new();
            let mut count: u16 = 0;
            while !frontier.is_empty() && (*max == UNBOUNDED || count < *max) {
                count = count.saturating_add(1);
                next.clear();
                ends(inner, input, &frontier, &mut next);
                if *max == UNBOUNDED {
                    // Every inner pattern of an unbounded repetition consumes a byte, so a
                    // position seen once has already been explored.
                    next.retain(|at| !result.contains(at));
                }
                std::mem::swap(&mut frontier, &mut next);
                if count >= *min {
                    result.extend(&frontier);
                }
            }
            out.extend(result);
        }
    }
}

/// Whether `pattern` can match a text starting with `byte` (a cheap test before matching).
fn may_start(pattern: &P, byte: u8) -> bool {
    match pattern {
        P::Class(_) | P::Range(..) | P::OneOf(_) => one_byte(pattern, byte),
        P::Exact(bytes) => bytes.first() == Some(&byte),
        P::Word(bytes) => bytes.first().is_some_and(|b| b.eq_ignore_ascii_case(&byte)),
        P::Seq(parts) => {
            for part in *parts {
                if may_start(part, byte) {
                    return true;
                }
                if !matches_empty(part) {
                    return false;
                }
            }
            false
        }
        P::Alt(choices) => choices.iter().any(|choice| may_start(choice, byte)),
        P::Rep(inner, _, _) => may_start(inner, byte),
    }
}

/// Whether `pattern` can match the empty text.
/// Whether a one-byte pattern takes `byte`.
fn one_byte(pattern: &P, byte: u8) -> bool {
    match pattern {
        P::Class(class) => class(byte),
        P::Range(low, high) => (*low..=*high).contains(&byte),
        P::OneOf(bytes) => bytes.contains(&byte),
        P::Exact(_) | P::Word(_) | P::Seq(_) | P::Alt(_) | P::Rep(..) => false,
    }
}

fn matches_empty(pattern: &P) -> bool {
    match pattern {
        P::Class(_) | P::Range(..) | P::OneOf(_) => false,
        P::Exact(bytes) | P::Word(bytes) => bytes.is_empty(),
        P::Seq(parts) => parts.iter().all(matches_empty),
        P::Alt(choices) => choices.iter().any(matches_empty),
        P::Rep(inner, min, _) => *min == 0 || matches_empty(inner),
    }
}

/// The format that takes the longest text at `pos`, and where that text ends.
fn longest_match(input: &[u8], pos: usize) -> (Format, usize) {
    let mut best = (Format::Unexpected, pos + 1);
    let mut best_len = 0;
    let mut found = Vec::new();
    let first = byte_at(input, pos);
    for (format, pattern) in FORMATS {
        if !may_start(pattern, first) {
            continue;
        }
        found.clear();
        ends(pattern, input, &[pos], &mut found);
        if let Some(&end) = found.last()
            && end - pos > best_len
        {
            best = (*format, end);
            best_len = end - pos;
        }
    }
    best
}

// ---------------------------------------------------------------------------------------------
// What the formats set.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Special {
    None,
    Weekday,
    DayOfWeekInMonth,
    LastDayOfWeekInMonth,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DayOfMonth {
    None,
    First,
    Last,
}

#[derive(Debug, Clone, Copy)]
struct Relative {
    y: i64,
    m: i64,
    d: i64,
    h: i64,
    i: i64,
    s: i64,
    us: i64,
    weekday: i64,
    weekday_behavior: i64,
    have_weekday: bool,
    have_special: bool,
    special: Special,
    special_amount: i64,
    day_of_month: DayOfMonth,
}

impl Default for Relative {
    fn default() -> Self {
        Relative {
            y: 0,
            m: 0,
            d: 0,
            h: 0,
            i: 0,
            s: 0,
            us: 0,
            weekday: 0,
            weekday_behavior: 0,
            have_weekday: false,
            have_special: false,
            special: Special::None,
            special_amount: 0,
            day_of_month: DayOfMonth::None,
        }
    }
}

/// The parser's result before "now" fills it (`None`: unset).
#[derive(Debug, Clone, Default)]
struct Parsed {
    y: Option<i64>,
    m: Option<i64>,
    d: Option<i64>,
    h: Option<i64>,
    i: Option<i64>,
    s: Option<i64>,
    us: Option<i64>,
    have_time: u8,
    have_date: bool,
    have_zone: u8,
    have_relative: bool,
    relative: Relative,
    /// The current rule of the last zone identifier read (PHP keeps its zone for "now").
    identifier_rule: Option<&'static str>,
}

/// An error of the parser: PHP throws.
struct Error;

impl Parsed {
    fn have_time(&mut self) -> Result<(), Error> {
        if self.have_time != 0 {
            return Err(Error); // "Double time specification"
        }
        self.have_time = 1;
        self.set_time(0, 0, 0);
        Ok(())
    }

    fn unhave_time(&mut self) {
        self.have_time = 0;
        self.set_time(0, 0, 0);
    }

    fn set_time(&mut self, h: i64, i: i64, s: i64) {
        self.h = Some(h);
        self.i = Some(i);
        self.s = Some(s);
        self.us = Some(0);
    }

    fn have_date(&mut self) -> Result<(), Error> {
        if self.have_date {
            return Err(Error); // "Double date specification"
        }
        self.have_date = true;
        Ok(())
    }

    /// `TIMELIB_HAVE_TZ`: `Ok(false)` when a second zone is ignored with a warning.
    fn have_zone(&mut self) -> Result<bool, Error> {
        if self.have_zone > 0 {
            let count = self.have_zone;
            self.have_zone = self.have_zone.saturating_add(1);
            return if count > 1 { Err(Error) } else { Ok(false) };
        }
        self.have_zone = 1;
        Ok(true)
    }

    fn have_weekday_relative(&mut self) {
        self.have_relative = true;
        self.relative.have_weekday = true;
    }

    fn have_special_relative(&mut self) {
        self.have_relative = true;
        self.relative.have_special = true;
    }
}

/// A read position in a matched text, as the actions of `parse_date.re` walk it.
struct Cursor<'a> {
    text: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> u8 {
        byte_at(self.text, self.at)
    }

    fn peek_at(&self, offset: usize) -> u8 {
        byte_at(self.text, self.at + offset)
    }

    fn bump(&mut self) {
        if self.at < self.text.len() {
            self.at += 1;
        }
    }

    fn at_end(&self) -> bool {
        self.at >= self.text.len()
    }

    /// `timelib_get_nr_ex`: skips to the next digit, reads at most `max` digits; the number
    /// and how many digits it had, or `None` when no digit is left.
    fn number(&mut self, max: usize) -> Option<(i64, usize)> {
        while !self.peek().is_ascii_digit() {
            if self.at_end() {
                return None;
            }
            self.bump();
        }
        let mut value: i64 = 0;
        let mut length = 0;
        while length < max && self.peek().is_ascii_digit() {
            value = value
                .saturating_mul(10)
                .saturating_add(i64::from(self.peek() - b'0'));
            self.bump();
            length += 1;
        }
        Some((value, length))
    }

    fn nr(&mut self, max: usize) -> Option<i64> {
        self.number(max).map(|(value, _)| value)
    }

    /// A year with `TIMELIB_PROCESS_YEAR`: fewer than four digits below 100 are 1970–2069.
    fn year(&mut self, max: usize) -> Option<i64> {
        self.number(max).map(|(value, length)| {
            if length >= 4 || value >= 100 {
                value
            } else if value < 70 {
                value + 2000
            } else {
                value + 1900
            }
        })
    }

    /// `timelib_get_signed_nr`: signs before the digits flip the sign; out of range is an error.
    fn signed_number(&mut self, max: usize) -> Result<i64, Error> {
        while !(self.peek().is_ascii_digit() || SIGN.contains(&self.peek())) {
            if self.at_end() {
                return Err(Error); // "Found unexpected data"
            }
            self.bump();
        }
        let mut negative = false;
        while SIGN.contains(&self.peek()) {
            negative ^= self.peek() == b'-';
            self.bump();
        }
        while !self.peek().is_ascii_digit() {
            if self.at_end() {
                return Err(Error);
            }
            self.bump();
        }
        let mut value: i128 = 0;
        let mut length = 0;
        while length < max && self.peek().is_ascii_digit() {
            value = value * 10 + i128::from(self.peek() - b'0');
            self.bump();
            length += 1;
        }
        let value = if negative { -value } else { value };
        i64::try_from(value).map_err(|_| Error) // "Number out of range"
    }

    /// `timelib_get_frac_nr`: microseconds from `.ddd`.
    fn fraction(&mut self) -> Option<i64> {
        while !(self.peek() == b'.' || self.peek() == b':' || self.peek().is_ascii_digit()) {
            if self.at_end() {
                return None;
            }
            self.bump();
        }
        let begin = self.at;
        while self.peek() == b'.' || self.peek() == b':' || self.peek().is_ascii_digit() {
            self.bump();
        }
        let length = self.at - begin;
        let digits: Vec<u8> = self
            .text
            .get(begin + 1..self.at)
            .unwrap_or_default()
            .iter()
            .copied()
            .take_while(u8::is_ascii_digit)
            .collect();
        let mut value = 0.0_f64;
        for digit in &digits {
            value = value * 10.0 + f64::from(digit - b'0');
        }
        let scale = 7_i32.saturating_sub(i32::try_from(length).unwrap_or(i32::MAX));
        // Truncated to an integer as C does; the result is always below a second.
        Some((value * 10f64.powi(scale)).clamp(0.0, 999_999.0) as i64)
    }

    fn skip_day_suffix(&mut self) {
        if matches!(self.peek(), b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r') {
            return;
        }
        let pair = [
            self.peek().to_ascii_lowercase(),
            self.peek_at(1).to_ascii_lowercase(),
        ];
        if matches!(&pair, b"nd" | b"rd" | b"st" | b"th") {
            self.bump();
            self.bump();
        }
    }

    fn eat_spaces(&mut self) {
        loop {
            if is_blank(self.peek()) {
                self.bump();
            } else if self.peek() == 0xE2 && self.peek_at(1) == 0x80 && self.peek_at(2) == 0xAF {
                self.at += 3;
            } else if self.peek() == 0xC2 && self.peek_at(1) == 0xA0 {
                self.at += 2;
            } else {
                break;
            }
        }
    }

    fn letters(&mut self) -> &[u8] {
        let begin = self.at;
        while self.peek().is_ascii_alphabetic() {
            self.bump();
        }
        self.text.get(begin..self.at).unwrap_or_default()
    }

    /// `timelib_get_month`: 0 for a word that is no month.
    fn month(&mut self) -> i64 {
        while matches!(self.peek(), b' ' | b'\t' | b'-' | b'.' | b'/') {
            self.bump();
        }
        month_number(self.letters())
    }

    /// `timelib_get_relative_text`: the amount of `first`…`twelfth`, `next`, `last`,
    /// `previous`, `this`, and the weekday behaviour it sets (only `this` sets one).
    fn relative_text(&mut self, behavior: &mut i64) -> i64 {
        while matches!(self.peek(), b' ' | b'\t' | b'-' | b'/') {
            self.bump();
        }
        let word = self.letters().to_ascii_lowercase();
        const TEXTS: &[(&[u8], i64)] = &[
            (b"first", 1),
            (b"next", 1),
            (b"second", 2),
            (b"third", 3),
            (b"fourth", 4),
            (b"fifth", 5),
            (b"sixth", 6),
            (b"seventh", 7),
            (b"eight", 8),
            (b"eighth", 8),
            (b"ninth", 9),
            (b"tenth", 10),
            (b"eleventh", 11),
            (b"twelfth", 12),
            (b"last", -1),
            (b"previous", -1),
        ];
        if word == b"this" {
            *behavior = 1;
            return 0;
        }
        TEXTS
            .iter()
            .find(|(name, _)| *name == word.as_slice())
            .map_or(0, |(_, value)| {
                *behavior = 0;
                *value
            })
    }

    /// `timelib_lookup_relunit`: the unit word up to the next separator.
    fn unit(&mut self) -> Option<Unit> {
        let begin = self.at;
        while !matches!(
            self.peek(),
            0 | b' ' | b',' | b'\t' | b';' | b':' | b'/' | b'.' | b'-' | b'(' | b')'
        ) {
            self.bump();
        }
        let word = self.text.get(begin..self.at).unwrap_or_default();
        unit_of(word)
    }

    /// `timelib_meridian`: the hours to add for `am`/`pm`.
    fn meridian(&mut self, hour: i64) -> i64 {
        while !AM_PM.contains(&self.peek()) {
            if self.at_end() {
                return 0;
            }
            self.bump();
        }
        let adjust = if matches!(self.peek(), b'a' | b'A') {
            if hour == 12 { -12 } else { 0 }
        } else if hour != 12 {
            12
        } else {
            0
        };
        self.bump();
        if self.peek() == b'.' {
            self.bump();
        }
        if M_LETTER.contains(&self.peek()) {
            self.bump();
        }
        if self.peek() == b'.' {
            self.bump();
        }
        adjust
    }
}

fn month_number(word: &[u8]) -> i64 {
    const MONTHS: &[(&[u8], i64)] = &[
        (b"jan", 1),
        (b"feb", 2),
        (b"mar", 3),
        (b"apr", 4),
        (b"may", 5),
        (b"jun", 6),
        (b"jul", 7),
        (b"aug", 8),
        (b"sep", 9),
        (b"sept", 9),
        (b"oct", 10),
        (b"nov", 11),
        (b"dec", 12),
        (b"i", 1),
        (b"ii", 2),
        (b"iii", 3),
        (b"iv", 4),
        (b"v", 5),
        (b"vi", 6),
        (b"vii", 7),
        (b"viii", 8),
        (b"ix", 9),
        (b"x", 10),
        (b"xi", 11),
        (b"xii", 12),
        (b"january", 1),
        (b"february", 2),
        (b"march", 3),
        (b"april", 4),
        (b"june", 6),
        (b"july", 7),
        (b"august", 8),
        (b"september", 9),
        (b"october", 10),
        (b"november", 11),
        (b"december", 12),
    ];
    MONTHS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(word))
        .map_or(0, |(_, number)| *number)
}

/// A unit of a relative part (`timelib_relunit_lookup`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Microseconds(i64),
    Seconds,
    Minutes,
    Hours,
    Days(i64),
    Months,
    Years,
    /// 0 = Sunday … 6 = Saturday.
    Weekday(i64),
    /// `weekday`, `weekdays`: working days.
    WorkingDays,
}

fn unit_of(word: &[u8]) -> Option<Unit> {
    const UNITS: &[(&str, Unit)] = &[
        ("ms", Unit::Microseconds(1000)),
        ("msec", Unit::Microseconds(1000)),
        ("msecs", Unit::Microseconds(1000)),
        ("millisecond", Unit::Microseconds(1000)),
        ("milliseconds", Unit::Microseconds(1000)),
        ("µs", Unit::Microseconds(1)),
        ("usec", Unit::Microseconds(1)),
        ("usecs", Unit::Microseconds(1)),
        ("µsec", Unit::Microseconds(1)),
        ("µsecs", Unit::Microseconds(1)),
        ("microsecond", Unit::Microseconds(1)),
        ("microseconds", Unit::Microseconds(1)),
        ("sec", Unit::Seconds),
        ("secs", Unit::Seconds),
        ("second", Unit::Seconds),
        ("seconds", Unit::Seconds),
        ("min", Unit::Minutes),
        ("mins", Unit::Minutes),
        ("minute", Unit::Minutes),
        ("minutes", Unit::Minutes),
        ("hour", Unit::Hours),
        ("hours", Unit::Hours),
        ("day", Unit::Days(1)),
        ("days", Unit::Days(1)),
        ("week", Unit::Days(7)),
        ("weeks", Unit::Days(7)),
        ("fortnight", Unit::Days(14)),
        ("fortnights", Unit::Days(14)),
        ("forthnight", Unit::Days(14)),
        ("forthnights", Unit::Days(14)),
        ("month", Unit::Months),
        ("months", Unit::Months),
        ("year", Unit::Years),
        ("years", Unit::Years),
        ("mondays", Unit::Weekday(1)),
        ("monday", Unit::Weekday(1)),
        ("mon", Unit::Weekday(1)),
        ("tuesdays", Unit::Weekday(2)),
        ("tuesday", Unit::Weekday(2)),
        ("tue", Unit::Weekday(2)),
        ("wednesdays", Unit::Weekday(3)),
        ("wednesday", Unit::Weekday(3)),
        ("wed", Unit::Weekday(3)),
        ("thursdays", Unit::Weekday(4)),
        ("thursday", Unit::Weekday(4)),
        ("thu", Unit::Weekday(4)),
        ("fridays", Unit::Weekday(5)),
        ("friday", Unit::Weekday(5)),
        ("fri", Unit::Weekday(5)),
        ("saturdays", Unit::Weekday(6)),
        ("saturday", Unit::Weekday(6)),
        ("sat", Unit::Weekday(6)),
        ("sundays", Unit::Weekday(0)),
        ("sunday", Unit::Weekday(0)),
        ("sun", Unit::Weekday(0)),
        ("weekday", Unit::WorkingDays),
        ("weekdays", Unit::WorkingDays),
    ];
    UNITS
        .iter()
        .find(|(name, _)| name.as_bytes().eq_ignore_ascii_case(word))
        .map(|(_, unit)| *unit)
}

/// `timelib_set_relative`: adds `amount` of the unit the cursor reads.
fn set_relative(
    cursor: &mut Cursor<'_>,
    amount: i64,
    behavior: i64,
    parsed: &mut Parsed,
    keep_time: bool,
) -> Result<(), Error> {
    let Some(unit) = cursor.unit() else {
        return Ok(());
    };
    let relative = &mut parsed.relative;
    let add = |field: &mut i64, multiplier: i64| -> Result<(), Error> {
        *field = field
            .checked_add(amount.wrapping_mul(multiplier))
            .ok_or(Error)?; // "Number out of range"
        Ok(())
    };
    match unit {
        Unit::Microseconds(multiplier) => add(&mut relative.us, multiplier),
        Unit::Seconds => add(&mut relative.s, 1),
        Unit::Minutes => add(&mut relative.i, 1),
        Unit::Hours => add(&mut relative.h, 1),
        Unit::Days(multiplier) => add(&mut relative.d, multiplier),
        Unit::Months => add(&mut relative.m, 1),
        Unit::Years => add(&mut relative.y, 1),
        Unit::Weekday(day) => {
            parsed.have_weekday_relative();
            if !keep_time {
                parsed.unhave_time();
            }
            let weeks = if amount > 0 { amount - 1 } else { amount };
            let relative = &mut parsed.relative;
            relative.d = relative.d.wrapping_add(weeks.wrapping_mul(7));
            relative.weekday = day;
            relative.weekday_behavior = behavior;
            Ok(())
        }
        Unit::WorkingDays => {
            parsed.have_special_relative();
            if !keep_time {
                parsed.unhave_time();
            }
            parsed.relative.special = Special::Weekday;
            parsed.relative.special_amount = amount;
            Ok(())
        }
    }
}

/// `timelib_parse_zone`: an offset, an abbreviation or an identifier; an error when the zone
/// is unknown. An identifier's rule is kept for "now".
fn parse_zone(cursor: &mut Cursor<'_>, parsed: &mut Parsed) -> Result<(), Error> {
    while matches!(cursor.peek(), b' ' | b'\t' | b'(') {
        cursor.bump();
    }
    if cursor.peek() == b'G'
        && cursor.peek_at(1) == b'M'
        && cursor.peek_at(2) == b'T'
        && SIGN.contains(&cursor.peek_at(3))
    {
        cursor.at += 3;
    }
    let found = if SIGN.contains(&cursor.peek()) {
        cursor.bump();
        is_offset(cursor)
    } else {
        let begin = cursor.at;
        while matches!(cursor.peek(), b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'_' | b'-' | b'+')
        {
            cursor.bump();
        }
        let word = cursor.text.get(begin..cursor.at).unwrap_or_default();
        let abbreviation = is_abbreviation(word);
        let rule = (!abbreviation || word == b"UTC")
            .then(|| identifier_rule(word))
            .flatten();
        if rule.is_some() {
            parsed.identifier_rule = rule;
        }
        abbreviation || rule.is_some()
    };
    while cursor.peek() == b')' {
        cursor.bump();
    }
    if found { Ok(()) } else { Err(Error) } // "The timezone could not be found in the database"
}

/// `timelib_parse_tz_cor`: whether the digits and colons after the sign are an offset (`H`,
/// `HH`, `H:M`, `H:MM`, `HH:M`, `HHMM`, `HH:MM`, `HHMMSS` or `HH:MM:SS`).
fn is_offset(cursor: &mut Cursor<'_>) -> bool {
    let begin = cursor.at;
    while cursor.peek().is_ascii_digit() || cursor.peek() == b':' {
        cursor.bump();
    }
    let text = cursor.text.get(begin..cursor.at).unwrap_or_default();
    let colon_at = |index: usize| text.get(index) == Some(&b':');
    match text.len() {
        1..=4 | 6 => true,
        5 => colon_at(2),
        8 => colon_at(2) && colon_at(5),
        _ => false,
    }
}

/// An abbreviation of timelib's table (shorter than six letters).
fn is_abbreviation(word: &[u8]) -> bool {
    word.len() < 6
        && ABBREVIATIONS
            .split(' ')
            .any(|name| name.as_bytes().eq_ignore_ascii_case(word))
}

/// The current rule of a zone identifier PHP's zone database knows (compared without case,
/// as PHP does).
fn identifier_rule(word: &[u8]) -> Option<&'static str> {
    let (area, rest) = match word.iter().position(|&b| b == b'/') {
        Some(slash) => (word.get(..slash)?, word.get(slash + 1..)?),
        None => (word.get(..0)?, word),
    };
    IDENTIFIERS
        .iter()
        .filter(|(name, _)| name.as_bytes().eq_ignore_ascii_case(area))
        .flat_map(|(_, names)| names.split(' '))
        .filter_map(|entry| entry.split_once('='))
        .find(|(name, _)| name.as_bytes().eq_ignore_ascii_case(rest))
        .and_then(|(_, index)| RULES.get(index.parse::<usize>().ok()?).copied())
}

/// The offset east of UTC, in seconds, that a zone's POSIX TZ rule (`CET-1CEST,M3.5.0,
/// M10.5.0/3`) gives at `instant`; an unreadable rule counts as UTC.
fn rule_offset(rule: &str, instant: i64) -> i64 {
    let mut c = Cursor {
        text: rule.as_bytes(),
        at: 0,
    };
    // POSIX offsets count west of UTC.
    let Some(standard) = posix_name(&mut c)
        .and_then(|()| posix_time(&mut c))
        .map(|west| -west)
    else {
        return 0;
    };
    if posix_name(&mut c).is_none() {
        return standard;
    }
    let daylight = if c.peek() == b',' {
        standard + 3600
    } else {
        posix_time(&mut c).map_or(standard + 3600, |west| -west)
    };
    let transition = |c: &mut Cursor<'_>| {
        (c.peek() == b',').then(|| c.bump())?;
        posix_transition(c)
    };
    let (Some(start), Some(end)) = (transition(&mut c), transition(&mut c)) else {
        return standard;
    };
    let year = civil_from_days(instant.wrapping_add(standard).div_euclid(86_400)).0;
    // The start is given in standard time, the end in daylight time.
    let starts = start(year).wrapping_sub(standard);
    let ends = end(year).wrapping_sub(daylight);
    let in_daylight = if starts < ends {
        starts <= instant && instant < ends
    } else {
        instant >= starts || instant < ends
    };
    if in_daylight { daylight } else { standard }
}

/// A zone name of a POSIX TZ rule: letters, or anything between `<` and `>`.
fn posix_name(c: &mut Cursor<'_>) -> Option<()> {
    if c.peek() == b'<' {
        while c.peek() != b'>' {
            if c.at_end() {
                return None;
            }
            c.bump();
        }
        c.bump();
        return Some(());
    }
    (!c.letters().is_empty()).then_some(())
}

/// `[+-]hh[:mm[:ss]]` in seconds.
fn posix_time(c: &mut Cursor<'_>) -> Option<i64> {
    let negative = c.peek() == b'-';
    if SIGN.contains(&c.peek()) {
        c.bump();
    }
    if !c.peek().is_ascii_digit() {
        return None;
    }
    let mut seconds = 0;
    for scale in [3600, 60, 1] {
        let mut value: i64 = 0;
        while c.peek().is_ascii_digit() {
            value = value
                .saturating_mul(10)
                .saturating_add(i64::from(c.peek() - b'0'));
            c.bump();
        }
        seconds += value.saturating_mul(scale);
        if c.peek() != b':' || scale == 1 {
            break;
        }
        c.bump();
    }
    Some(if negative { -seconds } else { seconds })
}

/// `Mm.w.d[/time]`: day `d` (0 = Sunday) of week `w` (5 = the last) of month `m`, at `time`
/// (02:00 unless given); the instant, as local seconds, in a given year.
fn posix_transition(c: &mut Cursor<'_>) -> Option<impl Fn(i64) -> i64 + use<>> {
    (c.peek() == b'M').then(|| c.bump())?;
    let month = c.nr(2)?;
    (c.peek() == b'.').then(|| c.bump())?;
    let week = c.nr(1)?;
    (c.peek() == b'.').then(|| c.bump())?;
    let weekday = c.nr(1)?;
    let time = if c.peek() == b'/' {
        c.bump();
        posix_time(c)?
    } else {
        7200
    };
    if !(1..=12).contains(&month) {
        return None;
    }
    Some(move |year: i64| {
        let first = day_of_week(year, month, 1);
        let mut day = 1 + (weekday - first).rem_euclid(7) + (week - 1) * 7;
        while day > days_in_month(year, month) {
            day -= 7;
        }
        days_from_civil(year, month, day)
            .wrapping_mul(86_400)
            .wrapping_add(time)
    })
}

/// The action of a format on its matched text.
fn apply(format: Format, token: &[u8], parsed: &mut Parsed) -> Result<(), Error> {
    let mut cursor = Cursor { text: token, at: 0 };
    let c = &mut cursor;
    match format {
        Format::Skip => {}
        Format::Unexpected => return Err(Error), // "Unexpected character"
        Format::Yesterday | Format::Tomorrow => {
            parsed.have_relative = true;
            parsed.unhave_time();
            parsed.relative.d = if format == Format::Tomorrow { 1 } else { -1 };
        }
        Format::Now => {}
        Format::Noon => {
            parsed.unhave_time();
            parsed.have_time()?;
            parsed.h = Some(12);
        }
        Format::MidnightOrToday => parsed.unhave_time(),
        Format::Timestamp | Format::TimestampWithFraction => {
            parsed.have_relative = true;
            parsed.have_date = false;
            parsed.y = Some(0);
            parsed.m = Some(0);
            parsed.d = Some(0);
            parsed.unhave_time();
            if !parsed.have_zone()? {
                return Ok(());
            }
            let negative = c.peek_at(1) == b'-';
            let seconds = c.signed_number(24)?;
            let mut microseconds = 0;
            if format == Format::TimestampWithFraction {
                let before = c.at;
                let fraction = c.signed_number(6)?;
                let scale = 7_i32.saturating_sub(i32::try_from(c.at - before).unwrap_or(7));
                microseconds =
                    fraction.saturating_mul(10_i64.pow(scale.clamp(0, 6).unsigned_abs()));
                if negative {
                    microseconds = -microseconds;
                }
            }
            parsed.y = Some(1970);
            parsed.m = Some(1);
            parsed.d = Some(1);
            parsed.set_time(0, 0, 0);
            parsed.relative.s = parsed.relative.s.wrapping_add(seconds);
            if format == Format::TimestampWithFraction {
                parsed.relative.us = microseconds;
            }
        }
        Format::FirstOrLastDayOf => {
            // PHP's copy of timelib keeps the time here (the 2022.12 tag resets it).
            parsed.have_relative = true;
            parsed.relative.day_of_month = if matches!(c.peek(), b'l' | b'L') {
                DayOfMonth::Last
            } else {
                DayOfMonth::First
            };
        }
        Format::BackOrFrontOf => {
            parsed.unhave_time();
            parsed.have_time()?;
            let back = c.peek() == b'b';
            let hour = c.nr(2).unwrap_or(0);
            let (h, i) = if back { (hour, 15) } else { (hour - 1, 45) };
            parsed.h = Some(h);
            parsed.i = Some(i);
            if !c.at_end() {
                c.eat_spaces();
                parsed.h = Some(h + c.meridian(h));
            }
        }
        Format::WeekdayOf => {
            parsed.have_relative = true;
            parsed.have_special_relative();
            let mut behavior = 0;
            let amount = c.relative_text(&mut behavior);
            c.eat_spaces();
            if amount > 0 {
                parsed.relative.special = Special::DayOfWeekInMonth;
                set_relative(c, amount, 1, parsed, false)?;
            } else {
                parsed.relative.special = Special::LastDayOfWeekInMonth;
                set_relative(c, amount, behavior, parsed, false)?;
            }
        }
        Format::Time12 => {
            parsed.have_time()?;
            let h = c.nr(2).unwrap_or(0);
            parsed.h = Some(h);
            if TIME_SEPARATOR.contains(&c.peek()) {
                parsed.i = c.nr(2);
                if TIME_SEPARATOR.contains(&c.peek()) {
                    parsed.s = c.nr(2);
                }
            }
            c.eat_spaces();
            parsed.h = Some(h + c.meridian(h));
        }
        Format::MssqlTime => {
            parsed.have_time()?;
            let h = c.nr(2).unwrap_or(0);
            parsed.h = Some(h);
            parsed.i = c.nr(2);
            if TIME_SEPARATOR.contains(&c.peek()) {
                parsed.s = c.nr(2);
                if TIME_SEPARATOR.contains(&c.peek()) {
                    parsed.us = c.fraction();
                }
            }
            c.eat_spaces();
            parsed.h = Some(h + c.meridian(h));
        }
        Format::Time24 => {
            parsed.have_time()?;
            parsed.h = c.nr(2);
            if TIME_SEPARATOR.contains(&c.peek()) {
                parsed.i = c.nr(2);
                if TIME_SEPARATOR.contains(&c.peek()) {
                    parsed.s = c.nr(2);
                    if c.peek() == b'.' {
                        parsed.us = c.fraction();
                    }
                }
            }
            if !c.at_end() {
                parse_zone(c, parsed)?;
            }
        }
        Format::GnuNoColon => match parsed.have_time {
            0 => {
                parsed.h = c.nr(2);
                parsed.i = c.nr(2);
                parsed.s = Some(0);
                parsed.have_time = 1;
            }
            1 => {
                parsed.y = c.nr(4);
                parsed.have_time = 2;
            }
            _ => return Err(Error), // "Double time specification"
        },
        Format::Iso8601NoColon => {
            parsed.have_time()?;
            parsed.h = c.nr(2);
            parsed.i = c.nr(2);
            parsed.s = c.nr(2);
            if !c.at_end() {
                parse_zone(c, parsed)?;
            }
        }
        Format::American => {
            parsed.have_date()?;
            parsed.m = c.nr(2);
            parsed.d = c.nr(2);
            if c.peek() == b'/' {
                parsed.y = c.year(4);
            }
        }
        Format::Iso8601Date4 | Format::Iso8601DateExpanded => {
            parsed.have_date()?;
            let digits = if format == Format::Iso8601Date4 {
                4
            } else {
                19
            };
            parsed.y = Some(c.signed_number(digits)?);
            parsed.m = c.nr(2);
            parsed.d = c.nr(2);
        }
        Format::Iso8601Date2 | Format::GnuDateShort => {
            parsed.have_date()?;
            parsed.y = c.year(4);
            parsed.m = c.nr(2);
            parsed.d = c.nr(2);
        }
        Format::GnuDateShorter => {
            parsed.have_date()?;
            parsed.y = c.year(4);
            parsed.m = c.nr(2);
            parsed.d = Some(1);
        }
        Format::DateFull => {
            parsed.have_date()?;
            parsed.d = c.nr(2);
            c.skip_day_suffix();
            parsed.m = Some(c.month());
            parsed.y = c.year(4);
        }
        Format::PointedDate4 => {
            parsed.have_date()?;
            parsed.d = c.nr(2);
            parsed.m = c.nr(2);
            parsed.y = c.nr(4);
        }
        Format::PointedDate2 => {
            parsed.have_date()?;
            parsed.d = c.nr(2);
            parsed.m = c.nr(2);
            parsed.y = c.year(2);
        }
        Format::DateNoDay => {
            parsed.have_date()?;
            parsed.m = Some(c.month());
            parsed.y = c.year(4);
            parsed.d = Some(1);
        }
        Format::DateNoDayReverse => {
            parsed.have_date()?;
            parsed.y = c.year(4);
            parsed.m = Some(c.month());
            parsed.d = Some(1);
        }
        Format::DateTextual | Format::PgTextShort => {
            parsed.have_date()?;
            parsed.m = Some(c.month());
            parsed.d = c.nr(2);
            parsed.y = c.year(4);
        }
        Format::DateNoYearReverse => {
            parsed.have_date()?;
            parsed.d = c.nr(2);
            c.skip_day_suffix();
            parsed.m = Some(c.month());
        }
        Format::DateNoColon => {
            parsed.have_date()?;
            parsed.y = c.nr(4);
            parsed.m = c.nr(2);
            parsed.d = c.nr(2);
        }
        Format::DateAndTime => {
            parsed.have_time()?;
            parsed.have_date()?;
            parsed.y = c.nr(4);
            parsed.m = c.nr(2);
            parsed.d = c.nr(2);
            parsed.h = c.nr(2);
            parsed.i = c.nr(2);
            parsed.s = c.nr(2);
            if c.peek() == b'.' {
                parsed.us = c.fraction();
                if !c.at_end() {
                    parse_zone(c, parsed)?;
                }
            }
        }
        Format::PgYearDay => {
            parsed.have_date()?;
            parsed.y = c.year(4);
            parsed.d = c.nr(3);
            parsed.m = Some(1);
        }
        Format::IsoWeekDay | Format::IsoWeek => {
            parsed.have_date()?;
            parsed.have_relative = true;
            let year = c.nr(4).unwrap_or(0);
            let week = c.nr(2).unwrap_or(0);
            let day = if format == Format::IsoWeekDay {
                c.nr(1).unwrap_or(0)
            } else {
                1
            };
            parsed.y = Some(year);
            parsed.m = Some(1);
            parsed.d = Some(1);
            parsed.relative.d = day_number_from_week(year, week, day);
        }
        Format::PgTextReverse => {
            parsed.have_date()?;
            parsed.y = c.year(4);
            parsed.m = Some(c.month());
            parsed.d = c.nr(2);
        }
        Format::Clf => {
            parsed.have_time()?;
            parsed.have_date()?;
            parsed.d = c.nr(2);
            parsed.m = Some(c.month());
            parsed.y = c.nr(4);
            parsed.h = c.nr(2);
            parsed.i = c.nr(2);
            parsed.s = c.nr(2);
            c.eat_spaces();
            parse_zone(c, parsed)?;
        }
        Format::Year4 => parsed.y = c.nr(4),
        Format::Ago => {
            let relative = &mut parsed.relative;
            for field in [
                &mut relative.y,
                &mut relative.m,
                &mut relative.d,
                &mut relative.h,
                &mut relative.i,
                &mut relative.s,
            ] {
                *field = field.wrapping_neg();
            }
            relative.weekday = relative.weekday.wrapping_neg();
            if relative.weekday == 0 {
                relative.weekday = -7;
            }
            if relative.have_special && relative.special == Special::Weekday {
                relative.special_amount = relative.special_amount.wrapping_neg();
            }
        }
        Format::DayText => {
            parsed.have_weekday_relative();
            parsed.unhave_time();
            parsed.relative.weekday = match c.unit() {
                Some(Unit::Weekday(day)) => day,
                // `weekday` names a special unit whose number is 1.
                _ => 1,
            };
            if parsed.relative.weekday_behavior != 2 {
                parsed.relative.weekday_behavior = 1;
            }
        }
        Format::RelativeTextWeek | Format::RelativeText => {
            parsed.have_relative = true;
            let mut behavior = 0;
            while !c.at_end() {
                let before = c.at;
                let amount = c.relative_text(&mut behavior);
                c.eat_spaces();
                set_relative(c, amount, behavior, parsed, false)?;
                if format == Format::RelativeTextWeek {
                    parsed.relative.weekday_behavior = 2;
                    if !parsed.relative.have_weekday {
                        parsed.have_weekday_relative();
                        parsed.relative.weekday = 1;
                    }
                }
                if c.at == before {
                    break;
                }
            }
        }
        Format::MonthText => {
            parsed.have_date()?;
            parsed.m = Some(month_number(c.letters()));
        }
        Format::Zone => {
            if parsed.have_zone()? {
                c.eat_spaces();
                parse_zone(c, parsed)?;
            }
        }
        Format::ShortDateWithTime12 => {
            parsed.have_date()?;
            parsed.m = Some(c.month());
            parsed.d = c.nr(2);
            parsed.have_time()?;
            let h = c.nr(2).unwrap_or(0);
            parsed.i = c.nr(2);
            if TIME_SEPARATOR.contains(&c.peek()) {
                parsed.s = c.nr(2);
                if c.peek() == b'.' {
                    parsed.us = c.fraction();
                }
            }
            parsed.h = Some(h + c.meridian(h));
        }
        Format::ShortDateWithTime24 => {
            parsed.have_date()?;
            parsed.m = Some(c.month());
            parsed.d = c.nr(2);
            parsed.have_time()?;
            parsed.h = c.nr(2);
            parsed.i = c.nr(2);
            if c.peek() == b':' {
                parsed.s = c.nr(2);
                if c.peek() == b'.' {
                    parsed.us = c.fraction();
                }
            }
            if !c.at_end() {
                parse_zone(c, parsed)?;
            }
        }
        Format::Relative => {
            parsed.have_relative = true;
            while !c.at_end() {
                let before = c.at;
                let amount = c.signed_number(24)?;
                c.eat_spaces();
                set_relative(c, amount, 1, parsed, true)?;
                if c.at == before {
                    break;
                }
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Filling the holes from "now" and applying the relative parts (`tm2unixtime.c`).

/// A wall-clock time being normalised; values may be out of range until then.
#[derive(Debug, Clone, Copy)]
struct Fields {
    y: i64,
    m: i64,
    d: i64,
    h: i64,
    i: i64,
    s: i64,
    us: i64,
}

const DAYS_PER_ERA: i64 = 146_097;
const YEARS_PER_ERA: i64 = 400;

fn evaluate(parsed: &Parsed, now: Instant) -> Date {
    // "Now" on UTC's wall clock, Magento's default timezone, whatever offset or abbreviation
    // the text names; on a zone identifier's own clock when the text names one
    // (`php_date_initialize` reads "now" in the identifier's zone or in the default one).
    let local = now.0.wrapping_add(
        parsed
            .identifier_rule
            .map_or(0, |rule| rule_offset(rule, now.0)),
    );
    let now_date = civil_from_days(local.div_euclid(86_400));
    let now_seconds = local.rem_euclid(86_400);
    let mut time = parsed.clone();
    if time.have_date && time.have_time == 0 {
        time.set_time(0, 0, 0);
    }
    let mut fields = Fields {
        y: time.y.unwrap_or(now_date.0),
        m: time.m.unwrap_or(now_date.1),
        d: time.d.unwrap_or(now_date.2),
        h: time.h.unwrap_or(now_seconds / 3600),
        i: time.i.unwrap_or(now_seconds / 60 % 60),
        s: time.s.unwrap_or(now_seconds % 60),
        us: time.us.unwrap_or(0),
    };
    let mut relative = time.relative;
    adjust_special_early(&mut fields, &mut relative);
    adjust_relative(&mut fields, &relative, time.have_relative);
    adjust_special(&mut fields, &relative);
    Date {
        year: fields.y,
        month: u32::try_from(fields.m).unwrap_or(1),
        day: u32::try_from(fields.d).unwrap_or(1),
    }
}

/// "first monday of", "last friday of": the month moves before the weekday is sought.
fn adjust_special_early(time: &mut Fields, relative: &mut Relative) {
    if relative.have_special {
        match relative.special {
            Special::DayOfWeekInMonth => {
                time.d = 1;
                time.m = time.m.wrapping_add(relative.m);
                relative.m = 0;
            }
            Special::LastDayOfWeekInMonth => {
                time.d = 1;
                time.m = time.m.wrapping_add(relative.m).wrapping_add(1);
                relative.m = 0;
            }
            Special::None | Special::Weekday => {}
        }
    }
    apply_day_of_month(time, relative.day_of_month);
    normalize(time);
}

fn apply_day_of_month(time: &mut Fields, day_of_month: DayOfMonth) {
    match day_of_month {
        DayOfMonth::First => time.d = 1,
        DayOfMonth::Last => {
            time.d = 0;
            time.m = time.m.wrapping_add(1);
        }
        DayOfMonth::None => {}
    }
}

fn adjust_relative(time: &mut Fields, relative: &Relative, have_relative: bool) {
    if relative.have_weekday {
        adjust_for_weekday(time, relative);
    }
    normalize(time);
    if have_relative {
        time.us = time.us.wrapping_add(relative.us);
        time.s = time.s.wrapping_add(relative.s);
        time.i = time.i.wrapping_add(relative.i);
        time.h = time.h.wrapping_add(relative.h);
        time.d = time.d.wrapping_add(relative.d);
        time.m = time.m.wrapping_add(relative.m);
        time.y = time.y.wrapping_add(relative.y);
    }
    apply_day_of_month(time, relative.day_of_month);
    normalize(time);
}

fn adjust_for_weekday(time: &mut Fields, relative: &Relative) {
    let current = day_of_week(time.y, time.m, time.d);
    let mut weekday = relative.weekday;
    if relative.weekday_behavior == 2 {
        // "this week" on a Sunday, "sunday this week" on another day.
        if current == 0 && weekday != 0 {
            weekday -= 7;
        }
        if weekday == 0 && current != 0 {
            weekday = 7;
        }
        time.d = time.d.wrapping_sub(current).wrapping_add(weekday);
        return;
    }
    let mut difference = weekday - current;
    if (relative.d < 0 && difference < 0)
        || (relative.d >= 0 && difference <= -relative.weekday_behavior)
    {
        difference += 7;
    }
    if weekday >= 0 {
        time.d = time.d.wrapping_add(difference);
    } else {
        time.d = time.d.wrapping_sub(7 - (weekday.wrapping_abs() - current));
    }
}

fn adjust_special(time: &mut Fields, relative: &Relative) {
    if relative.have_special && relative.special == Special::Weekday {
        let count = relative.special_amount;
        let dow = day_of_week(time.y, time.m, time.d);
        time.d = time.d.wrapping_add((count / 5).wrapping_mul(7));
        let rem = count % 5;
        if count > 0 {
            if rem == 0 {
                if dow == 0 {
                    time.d -= 2;
                } else if dow == 6 {
                    time.d -= 1;
                }
            } else if dow == 6 {
                time.d += 1;
            } else if dow + rem > 5 {
                time.d += 2;
            }
        } else if rem == 0 {
            if dow == 6 {
                time.d += 2;
            } else if dow == 0 {
                time.d += 1;
            }
        } else if dow == 0 {
            time.d -= 1;
        } else if dow + rem < 1 {
            time.d -= 2;
        }
        time.d = time.d.wrapping_add(rem);
    }
    normalize(time);
}

/// `do_range_limit`: carries `a` into `b` until `start <= a < end`.
fn range_limit(start: i64, end: i64, adjust: i64, a: &mut i64, b: &mut i64) {
    if *a < start {
        let below = start.wrapping_sub(a.wrapping_add(1)) / adjust;
        *b = b.wrapping_sub(below.wrapping_add(1));
        *a = a
            .wrapping_add(adjust.wrapping_mul(below))
            .wrapping_add(adjust);
    }
    if *a >= end {
        *b = b.wrapping_add(*a / adjust);
        *a -= adjust * (*a / adjust);
    }
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days of month `m` (1–12; 0 is December).
fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `do_range_limit_days`: one step of carrying days into months; whether it changed anything.
fn range_limit_days(y: &mut i64, m: &mut i64, d: &mut i64) -> bool {
    if *d >= DAYS_PER_ERA || *d <= -DAYS_PER_ERA {
        *y = y.wrapping_add(YEARS_PER_ERA.wrapping_mul(*d / DAYS_PER_ERA));
        *d -= DAYS_PER_ERA * (*d / DAYS_PER_ERA);
    }
    range_limit(1, 13, 12, m, y);
    let current_year = *y;
    let mut changed = false;
    while *d <= 0 && *m > 0 {
        let (previous_year, previous_month) = if *m - 1 < 1 {
            (y.wrapping_sub(1), *m - 1 + 12)
        } else {
            (*y, *m - 1)
        };
        *d += days_in_month(previous_year, previous_month);
        *m -= 1;
        changed = true;
    }
    while *d > 0 && *m <= 12 && *d > days_in_month(current_year, *m) {
        *d -= days_in_month(current_year, *m);
        *m += 1;
        changed = true;
    }
    changed
}

/// `timelib_do_normalize`.
fn normalize(time: &mut Fields) {
    range_limit(0, 1_000_000, 1_000_000, &mut time.us, &mut time.s);
    range_limit(0, 60, 60, &mut time.s, &mut time.i);
    range_limit(0, 60, 60, &mut time.i, &mut time.h);
    range_limit(0, 24, 24, &mut time.h, &mut time.d);
    range_limit(1, 13, 12, &mut time.m, &mut time.y);
    // The shortcut for times counted from the Epoch (`magic_date_calc`).
    if time.y == 1970 && time.m == 1 && time.d != 1 && time.d >= -719_498 {
        let (y, m, d) = civil_from_days(time.d - 1);
        time.y = y;
        time.m = m;
        time.d = d;
    }
    while range_limit_days(&mut time.y, &mut time.m, &mut time.d) {}
    range_limit(1, 13, 12, &mut time.m, &mut time.y);
}

/// Days since 1970-01-01 of a valid date (wrapping far outside any calendar).
pub(super) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y.wrapping_sub(1) } else { y };
    let era = y.div_euclid(YEARS_PER_ERA);
    let year_of_era = y.rem_euclid(YEARS_PER_ERA);
    let day_of_year = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era.wrapping_mul(DAYS_PER_ERA)
        .wrapping_add(day_of_era)
        .wrapping_sub(719_468)
}

/// The date `days` after 1970-01-01.
pub(super) fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days.wrapping_add(719_468);
    let era = z.div_euclid(DAYS_PER_ERA);
    let day_of_era = z.rem_euclid(DAYS_PER_ERA);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era
        .wrapping_add(era.wrapping_mul(YEARS_PER_ERA))
        .wrapping_add(i64::from(month <= 2));
    (year, month, day)
}

/// 0 = Sunday … 6 = Saturday.
fn day_of_week(y: i64, m: i64, d: i64) -> i64 {
    days_from_civil(y, m, d).wrapping_add(4).rem_euclid(7)
}

/// `timelib_daynr_from_weeknr`: the day of the year of ISO week `week`, day `day`, counted
/// from 1 January.
fn day_number_from_week(year: i64, week: i64, day: i64) -> i64 {
    let dow = day_of_week(year, 1, 1);
    let first = -(if dow > 4 { dow - 7 } else { dow });
    first + (week - 1) * 7 + day
}
