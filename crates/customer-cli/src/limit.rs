//! The rate limit of a push: at most `calls` calls start in any window of `per` (a sliding
//! window, so the shop never sees more than its quota in any stretch of time, bursts included).

use std::collections::VecDeque;
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;

/// `N/DURATION`, e.g. `1000/5m`, `10/1s`, `50/500ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// Calls allowed in one window.
    pub calls: usize,
    /// The window.
    pub per: Duration,
}

impl std::str::FromStr for Rate {
    type Err = String;

    fn from_str(text: &str) -> Result<Rate, String> {
        let wrong =
            || format!("{text:?}: expected CALLS/DURATION, e.g. 1000/5m, 10/1s or 50/500ms");
        let (calls, per) = text.split_once('/').ok_or_else(wrong)?;
        let calls: usize = calls.trim().parse().map_err(|_| wrong())?;
        let per = per.trim();
        let (number, unit) = per
            .find(|c: char| !c.is_ascii_digit())
            .map_or((per, ""), |at| per.split_at(at));
        let number: u64 = number.parse().map_err(|_| wrong())?;
        let per = match unit {
            "ms" => Duration::from_millis(number),
            "s" => Duration::from_secs(number),
            "m" => Duration::from_secs(number.saturating_mul(60)),
            "h" => Duration::from_secs(number.saturating_mul(3600)),
            _ => return Err(wrong()),
        };
        if calls == 0 || per.is_zero() {
            return Err(wrong());
        }
        Ok(Rate { calls, per })
    }
}

/// A sliding-window limiter shared by every worker.
#[derive(Debug)]
pub struct Limiter {
    rate: Rate,
    starts: Mutex<VecDeque<Instant>>,
}

impl Limiter {
    /// A limiter allowing `rate`.
    pub fn new(rate: Rate) -> Limiter {
        Limiter {
            rate,
            starts: Mutex::new(VecDeque::with_capacity(rate.calls)),
        }
    }

    /// Waits until one more call may start, and counts it.
    pub async fn acquire(&self) {
        // Holding the lock while waiting keeps callers in order: the first to ask starts first.
        let mut starts = self.starts.lock().await;
        let now = Instant::now();
        while starts
            .front()
            .is_some_and(|start| now.duration_since(*start) >= self.rate.per)
        {
            starts.pop_front();
        }
        if starts.len() >= self.rate.calls
            && let Some(oldest) = starts.pop_front()
        {
            tokio::time::sleep_until(oldest + self.rate.per).await;
        }
        starts.push_back(Instant::now());
    }
}

#[cfg(test)]
mod tests {
    use super::Rate;
    use std::time::Duration;

    #[test]
    fn rates_read_calls_and_window() {
        assert_eq!(
            "1000/5m".parse(),
            Ok(Rate {
                calls: 1000,
                per: Duration::from_secs(300)
            })
        );
        assert_eq!(
            "50/500ms".parse::<Rate>().unwrap().per,
            Duration::from_millis(500)
        );
        assert!("0/1s".parse::<Rate>().is_err());
        assert!("10/1x".parse::<Rate>().is_err());
        assert!("10".parse::<Rate>().is_err());
    }

    #[tokio::test(start_paused = true)]
    async fn no_window_holds_more_than_the_limit() {
        let limiter = super::Limiter::new("3/1s".parse().unwrap());
        let started = tokio::time::Instant::now();
        let mut at = Vec::new();
        for _ in 0..7 {
            limiter.acquire().await;
            at.push(started.elapsed());
        }
        assert_eq!(at[2], Duration::ZERO);
        assert_eq!(at[3], Duration::from_secs(1));
        assert_eq!(at[6], Duration::from_secs(2));
    }
}
