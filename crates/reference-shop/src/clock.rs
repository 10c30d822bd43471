//! The shop's "now": the system's, or a fixed instant for reproducible runs and tests.

use customer_rules::magento;
use jiff::Timestamp;
use jiff::tz::TimeZone;

/// Where the shop's time comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ShopClock {
    /// The system clock.
    #[default]
    System,
    /// A fixed instant, e.g. a conformance case's `now`.
    Fixed(Timestamp),
}

impl ShopClock {
    /// The instant of a request.
    pub fn now(self) -> Timestamp {
        match self {
            ShopClock::System => Timestamp::now(),
            ShopClock::Fixed(instant) => instant,
        }
    }

    /// Magento's view of the instant: today in the store's timezone (an unknown zone counts as
    /// UTC, as PHP falls back to it), and now in UTC as `Y-m-d H:i:s`.
    pub fn magento(self, timezone: &str) -> magento::Clock {
        let now = self.now();
        let zone = TimeZone::get(timezone).unwrap_or(TimeZone::UTC);
        let today = now.to_zoned(zone).date();
        magento::Clock {
            today: magento::Date {
                year: i64::from(today.year()),
                month: u32::try_from(today.month()).unwrap_or(1),
                day: u32::try_from(today.day()).unwrap_or(1),
            },
            now: now.strftime("%Y-%m-%d %H:%M:%S").to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ShopClock;

    #[test]
    fn today_is_taken_in_the_store_timezone() {
        // 03:00 UTC on 16 June is still 15 June in Los Angeles.
        let clock = ShopClock::Fixed("2026-06-16T03:00:00Z".parse().unwrap());
        let magento = clock.magento("America/Los_Angeles");
        assert_eq!(magento.today.to_string(), "2026-06-15");
        assert_eq!(magento.now, "2026-06-16 03:00:00");
        assert_eq!(clock.magento("Europe/Rome").today.to_string(), "2026-06-16");
    }
}
