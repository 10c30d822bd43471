//! The date of birth: the `dob` backend's normalisation (stage D1,
//! `Eav/Model/Entity/Attribute/Backend/Datetime::formatDate`) and the "not greater than today"
//! rule (stage D4, `Customer/Model/Validator/Dob.php`, new in 2.4.8) — reference §4.4.
//!
//! How the shop decides, and how this module follows it:
//! - the backend parses the value with PHP's whole date grammar ([`super::php_date`]) in PHP's
//!   default timezone, UTC (`app/bootstrap.php`), at the instant of the request: relative
//!   values ("tomorrow", "+12 hours", "last day of february") count from now on UTC's clock;
//! - it writes `format('Y-m-d H:i:s')` of the result, whose date part the `DATE` column keeps:
//!   the wall-clock date in the zone the value names (`1990-06-15T23:30:00-05:00` is
//!   1990-06-15, not converted to UTC);
//! - the validator reads that date at 00:00 in the store's timezone and compares it with
//!   `time()`: the date must not be after the store's "today".

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Clock;
use super::php_date::{self, Instant};

/// A calendar date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(type_prefix = "Magento", type = "string")
)]
pub struct Date {
    /// Year.
    pub year: i64,
    /// Month, 1–12.
    pub month: u32,
    /// Day, 1–31.
    pub day: u32,
}

impl Date {
    /// Parses `YYYY-MM-DD` (strictly; for the caller's "today" and stored values).
    pub fn parse_iso(text: &str) -> Option<Date> {
        let (year, rest) = text.split_once('-')?;
        let (month, day) = rest.split_once('-')?;
        if year.len() != 4 || month.len() != 2 || day.len() != 2 {
            return None;
        }
        let date = Date {
            year: year.parse().ok()?,
            month: month.parse().ok()?,
            day: day.parse().ok()?,
        };
        (Date::from_days(date.days()) == date).then_some(date)
    }

    /// Days since 1970-01-01.
    pub fn days(&self) -> i64 {
        php_date::days_from_civil(self.year, i64::from(self.month), i64::from(self.day))
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let (year, month, day) = php_date::civil_from_days(days);
        Date {
            year,
            month: u32::try_from(month).unwrap_or(1),
            day: u32::try_from(day).unwrap_or(1),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // PHP's `Y`: a sign, then at least four digits.
        let sign = if self.year < 0 { "-" } else { "" };
        write!(
            f,
            "{sign}{:04}-{:02}-{:02}",
            self.year.unsigned_abs(),
            self.month,
            self.day
        )
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse_iso(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not a YYYY-MM-DD date: {text}")))
    }
}

/// What the `dob` backend makes of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DobValue {
    /// PHP `empty()`: `""` or `"0"` — no date.
    Empty,
    /// A date.
    Date(Date),
    /// `new \DateTime($value)` threw: 400 `Invalid date`.
    Invalid,
}

/// `Datetime::formatDate`: digits are a Unix timestamp, anything else goes to
/// `new \DateTime($value)`, PHP's whole date grammar ([`super::php_date`]), evaluated at `now`
/// in UTC, Magento's default timezone. The date written is the wall-clock date of the result in
/// the zone the value names (`format('Y-m-d H:i:s')` in a `DATE` column).
pub(super) fn normalize(value: &str, now: impl Into<Instant>) -> DobValue {
    if value.is_empty() || value == "0" {
        return DobValue::Empty;
    }
    // `preg_match('/^[0-9]+$/')`: `$` also matches before a final newline, and
    // `setTimestamp()` reads `"123\n"` as 123 (trailing whitespace is numeric in PHP 8).
    let digits = value.strip_suffix('\n').unwrap_or(value);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return match digits.parse::<i64>() {
            Ok(seconds) => DobValue::Date(Date::from_days(seconds.div_euclid(86_400))),
            Err(_) => DobValue::Invalid,
        };
    }
    if let Some(date) = calendar_date(value) {
        return DobValue::Date(date);
    }
    match php_date::parse(value.as_bytes(), now.into()) {
        Some(date) => DobValue::Date(date),
        None => DobValue::Invalid,
    }
}

/// The form nearly every date of birth comes in, `YYYY-MM-DD` naming a day of the calendar in
/// the years 1000–9999, read without the whole grammar: PHP gives that very date (the
/// grammar's answer for each such date is checked in the tests).
fn calendar_date(value: &str) -> Option<Date> {
    Date::parse_iso(value).filter(|date| (1000..=9999).contains(&date.year))
}

impl From<&Clock> for Instant {
    /// The clock's `now` (`Y-m-d H:i:s`, UTC); when unreadable, 00:00 UTC of its `today`.
    fn from(clock: &Clock) -> Instant {
        let read = || {
            let (date, time) = clock.now.split_once(' ')?;
            let mut parts = time.split(':').map(|part| part.parse::<i64>().ok());
            let (h, i, s) = (parts.next()??, parts.next()??, parts.next()??);
            ((0..24).contains(&h) && (0..60).contains(&i) && (0..61).contains(&s))
                .then(|| {
                    Date::parse_iso(date).map(|date| date.days() * 86_400 + h * 3600 + i * 60 + s)
                })
                .flatten()
        };
        Instant(read().unwrap_or(clock.today.days().wrapping_mul(86_400)))
    }
}

impl From<Date> for Instant {
    /// 00:00 UTC of the date, for a caller that knows only the date.
    fn from(date: Date) -> Instant {
        Instant(date.days().wrapping_mul(86_400))
    }
}

/// `Customer/Model/Validator/Dob::isValidDob`: the date at 00:00 in the store's timezone must
/// not be after now, i.e. the date must not be after the store's today.
pub(super) fn not_in_future(date: Date, today: Date) -> bool {
    date <= today
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        Date::parse_iso(text).unwrap()
    }

    const TODAY: &str = "2026-06-15";

    fn normalized(value: &str) -> DobValue {
        normalize(value, d(TODAY))
    }

    #[test]
    fn calendar_dates_read_without_the_grammar_are_the_grammar_s() {
        let now = Instant::from(d(TODAY));
        for year in [1000, 1899, 1900, 1999, 2000, 2024, 2100, 9999] {
            let first = Date {
                year,
                month: 1,
                day: 1,
            }
            .days();
            let dates = (first..)
                .map(Date::from_days)
                .take_while(|date| date.year == year);
            for date in dates {
                let text = date.to_string();
                assert_eq!(calendar_date(&text), Some(date), "{text}");
                assert_eq!(php_date::parse(text.as_bytes(), now), Some(date), "{text}");
            }
        }
        for other in [
            "1990-02-30",
            "0999-01-01",
            "1990-1-15",
            "1990-01-15 ",
            "1990-13-01",
        ] {
            assert_eq!(calendar_date(other), None, "{other}");
        }
    }

    #[test]
    fn forms_of_the_sheet() {
        assert_eq!(normalized("1990-01-15"), DobValue::Date(d("1990-01-15")));
        assert_eq!(normalized("12/31/1990"), DobValue::Date(d("1990-12-31")));
        assert_eq!(normalized("15.01.1990"), DobValue::Date(d("1990-01-15")));
        assert_eq!(normalized("15-01-1990"), DobValue::Date(d("1990-01-15")));
        assert_eq!(normalized("1990-02-30"), DobValue::Date(d("1990-03-02")));
        assert_eq!(normalized("19900115"), DobValue::Date(d("1970-08-19")));
        assert_eq!(normalized("tomorrow"), DobValue::Date(d("2026-06-16")));
        assert_eq!(
            normalized("1990-01-15 10:30:00"),
            DobValue::Date(d("1990-01-15"))
        );
        assert_eq!(
            normalized("1990-01-15T00:00:00Z"),
            DobValue::Date(d("1990-01-15"))
        );
        assert_eq!(
            normalized("15 January 1990"),
            DobValue::Date(d("1990-01-15"))
        );
        assert_eq!(
            normalized("January 15, 1990"),
            DobValue::Date(d("1990-01-15"))
        );
        assert_eq!(normalized(""), DobValue::Empty);
        for invalid in ["31/12/1990", "1990-13-01", "garbage", "1990-01-32"] {
            assert_eq!(normalized(invalid), DobValue::Invalid, "{invalid}");
        }
    }

    #[test]
    fn relative_values_count_from_the_clock_in_utc() {
        // 23:30 UTC on 15 June is 16:30 in Los Angeles: the store's today is the 15th, PHP's
        // "now" already the 16th minus half an hour.
        let clock = Clock {
            today: d(TODAY),
            now: "2026-06-15 23:30:00".into(),
        };
        assert_eq!(
            normalize("+1 hour", &clock),
            DobValue::Date(d("2026-06-16"))
        );
        assert_eq!(normalize("+29 minutes", &clock), DobValue::Date(d(TODAY)));
        assert_eq!(
            normalize("tomorrow", &clock),
            DobValue::Date(d("2026-06-16"))
        );
        // An unreadable `now` counts as 00:00 UTC of `today`.
        let unreadable = Clock {
            today: d(TODAY),
            now: "soon".into(),
        };
        assert_eq!(
            normalize("+23 hours", &unreadable),
            DobValue::Date(d(TODAY))
        );
        assert_eq!(
            normalize("+24 hours", &unreadable),
            DobValue::Date(d("2026-06-16"))
        );
    }

    #[test]
    fn a_final_newline_keeps_digits_a_timestamp() {
        assert_eq!(normalized("86400\n"), DobValue::Date(d("1970-01-02")));
        assert_eq!(normalized("86400\n\n"), DobValue::Invalid);
    }

    #[test]
    fn today_passes_tomorrow_fails() {
        assert!(not_in_future(d(TODAY), d(TODAY)));
        assert!(!not_in_future(d("2026-06-16"), d(TODAY)));
        assert!(not_in_future(d("1990-01-15"), d(TODAY)));
    }

    #[test]
    fn day_arithmetic_round_trips() {
        for days in [-800_000, -1, 0, 1, 59, 365, 20_000, 2_000_000] {
            assert_eq!(Date::from_days(days).days(), days);
        }
        assert_eq!(Date::from_days(0), d("1970-01-01"));
        assert!(Date::parse_iso("2026-02-30").is_none());
    }
}
