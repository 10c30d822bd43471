//! The date of birth: the `dob` backend's normalisation (stage D1,
//! `Eav/Model/Entity/Attribute/Backend/Datetime::formatDate`) and the "not greater than today"
//! rule (stage D4, `Customer/Model/Validator/Dob.php`, new in 2.4.8) — reference §4.4.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

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
        // Howard Hinnant's days_from_civil.
        let month = i64::from(self.month);
        let year = if month <= 2 { self.year - 1 } else { self.year };
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let shifted_month = (month + 9) % 12;
        let day_of_year = (153 * shifted_month + 2) / 5 + i64::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
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
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Date {
            year,
            month: u32::try_from(month).unwrap_or(1),
            day: u32::try_from(day).unwrap_or(1),
        }
    }

    /// PHP's overflow rule: day `d` of month `m` of `year` counted from the first of the month
    /// (`1990-02-30` → 1990-03-02, day 0 → the last day of the month before; month 0 → December
    /// of the year before).
    fn overflowing(year: i64, month: u32, day: u32) -> Date {
        let (year, month) = if month == 0 {
            (year - 1, 12)
        } else {
            (year, month)
        };
        let first = Date {
            year,
            month,
            day: 1,
        };
        Date::from_days(first.days() + i64::from(day) - 1)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
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

/// `Datetime::formatDate`: digits are a Unix timestamp (UTC), anything else goes to
/// `new \DateTime()`. Deliberate simplification: the PHP date parser is replicated for the
/// forms that matter in practice — ISO `Y-m-d` (optionally with a time and zone), `Y/m/d`,
/// `m/d/Y`, `m/d/y`, `d.m.Y`, `d-m-Y`, `d.m.y`, textual months (`15 January 1990`,
/// `January 15, 1990`, `15-Jan-1990`) and the words `now`, `today`, `midnight`, `tomorrow`,
/// `yesterday` (taken relative to the caller's `today`); any other text counts as invalid.
pub(super) fn normalize(value: &str, today: Date) -> DobValue {
    if value.is_empty() || value == "0" {
        return DobValue::Empty;
    }
    if value.bytes().all(|b| b.is_ascii_digit()) {
        return match value.parse::<i64>() {
            Ok(seconds) => DobValue::Date(Date::from_days(seconds.div_euclid(86_400))),
            Err(_) => DobValue::Invalid,
        };
    }
    match parse_php_date(value.trim(), today) {
        Some(date) => DobValue::Date(date),
        None => DobValue::Invalid,
    }
}

/// `Customer/Model/Validator/Dob::isValidDob`: the date at 00:00 in the store's timezone must
/// not be after now, i.e. the date must not be after the store's today.
pub(super) fn not_in_future(date: Date, today: Date) -> bool {
    date <= today
}

fn number(text: &str, min_len: usize, max_len: usize) -> Option<u32> {
    ((min_len..=max_len).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

fn year(text: &str) -> Option<i64> {
    let value = i64::from(number(text, 1, 4)?);
    // Two-digit years: 00–69 → 2000s, 70–99 → 1900s (timelib `process_year`).
    Some(if text.len() <= 2 {
        if value < 70 {
            value + 2000
        } else {
            value + 1900
        }
    } else {
        value
    })
}

fn date(year: i64, month: u32, day: u32) -> Option<Date> {
    (month <= 12 && day <= 31).then(|| Date::overflowing(year, month, day))
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_name(text: &str) -> Option<u32> {
    let lower = text.to_ascii_lowercase();
    let lower = lower.trim_end_matches('.');
    MONTHS
        .iter()
        .zip(1..)
        .find(|(name, _)| {
            **name == lower
                || (lower.len() == 3 && name.starts_with(lower))
                || (lower == "sept" && **name == "september")
        })
        .map(|(_, number)| number)
}

fn parse_php_date(text: &str, today: Date) -> Option<Date> {
    match text.to_ascii_lowercase().as_str() {
        "now" | "today" | "midnight" => return Some(today),
        "tomorrow" => return Some(Date::from_days(today.days() + 1)),
        "yesterday" => return Some(Date::from_days(today.days() - 1)),
        _ => {}
    }
    // Split off a time part: `T` or a space followed by `HH:MM`.
    let date_part = strip_time(text)?;
    if let Some(found) = numeric_date(date_part) {
        return Some(found);
    }
    textual_date(date_part)
}

/// Removes `[T ]HH:MM[:SS[.frac]][zone]` after the date; `None` if what follows is not a time.
fn strip_time(text: &str) -> Option<&str> {
    let split = text
        .char_indices()
        .find(|(_, c)| *c == 'T' || *c == ' ')
        .filter(|(index, _)| {
            text.get(index + 1..)
                .is_some_and(|rest| rest.len() >= 5 && rest.as_bytes().get(2) == Some(&b':'))
        });
    let Some((index, _)) = split else {
        return Some(text);
    };
    let time = text.get(index + 1..)?;
    let (clock, zone) = time.split_at(
        time.find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
            .unwrap_or(time.len()),
    );
    let mut fields = clock.split(':');
    let hour = number(fields.next()?, 1, 2)?;
    let minute = number(fields.next()?, 2, 2)?;
    let second = match fields.next() {
        Some(second) => number(second.split('.').next()?, 2, 2)?,
        None => 0,
    };
    if hour > 24 || minute > 59 || second > 60 || fields.next().is_some() {
        return None;
    }
    let zone_ok = zone.is_empty()
        || zone == "Z"
        || zone.eq_ignore_ascii_case("utc")
        || (zone.len() >= 3
            && (zone.starts_with('+') || zone.starts_with('-'))
            && zone
                .get(1..)
                .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit() || c == ':')));
    zone_ok.then(|| text.get(..index)).flatten()
}

fn numeric_date(text: &str) -> Option<Date> {
    if let Some((y, rest)) = text.split_once('-')
        && let Some((m, d)) = rest.split_once('-')
    {
        // ISO `Y-m-d` (4-digit year) or `d-m-Y`.
        if y.len() == 4 {
            return date(year(y)?, number(m, 1, 2)?, number(d, 1, 2)?);
        }
        if d.len() == 4 {
            return date(year(d)?, number(m, 1, 2)?, number(y, 1, 2)?);
        }
    }
    if let [a, b, c] = text.split('/').collect::<Vec<_>>().as_slice() {
        if a.len() == 4 {
            // `Y/m/d`.
            return date(year(a)?, number(b, 1, 2)?, number(c, 1, 2)?);
        }
        // American `m/d/Y` and `m/d/y`.
        return date(year(c)?, number(a, 1, 2)?, number(b, 1, 2)?);
    }
    if let [d, m, y] = text.split('.').collect::<Vec<_>>().as_slice() {
        // `d.m.Y` and `d.m.y`.
        if y.len() == 4 || y.len() == 2 {
            return date(year(y)?, number(m, 1, 2)?, number(d, 1, 2)?);
        }
    }
    None
}

fn textual_date(text: &str) -> Option<Date> {
    let words: Vec<&str> = text
        .split([' ', '-', ',', '\t'])
        .filter(|word| !word.is_empty())
        .collect();
    match words.as_slice() {
        // `15 January 1990`, `15-Jan-1990`.
        [d, m, y] if d.bytes().all(|b| b.is_ascii_digit()) => {
            date(year(y)?, month_name(m)?, number(d, 1, 2)?)
        }
        // `January 15, 1990`.
        [m, d, y] => date(
            year(y)?,
            month_name(m)?,
            number(d.trim_end_matches(|c: char| c.is_ascii_alphabetic()), 1, 2)?,
        ),
        _ => None,
    }
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
