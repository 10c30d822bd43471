//! The shop's "now": the system's, or a fixed instant for reproducible runs and tests.

use customer_rules::magento;
use jiff::Timestamp;

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

    /// Magento's view of the instant: today in the store's timezone, now in UTC.
    pub fn magento(self, timezone: &str) -> magento::Clock {
        magento::Clock::at(self.now(), timezone)
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
        // PHP falls back to UTC for a zone it does not know.
        assert_eq!(
            clock.magento("Mars/Olympus").today.to_string(),
            "2026-06-16"
        );
    }
}
