//! The settings every client takes, in one type: how long a call may take, how failed calls are
//! retried, and whether a request is checked with the shops' rules before it is sent.

use crate::transport::{RetryPolicy, Timeouts};

/// Settings every client shares: [`MagentoClient`](crate::MagentoClient),
/// [`MagentoAccountClient`](crate::MagentoAccountClient) and
/// [`Open2bClient`](crate::Open2bClient). Give them to a builder whole with its `options`
/// method (one value can set up clients of several shops), or one at a time with its
/// `timeouts`, `retry` and `pre_validate` methods.
///
/// ```
/// use std::time::Duration;
/// use customer_client::{ClientOptions, MagentoClient, Open2bClient, RetryPolicy, Timeouts};
///
/// # fn main() -> Result<(), customer_client::Error> {
/// let options = ClientOptions {
///     retry: RetryPolicy { max_attempts: 2, ..RetryPolicy::default() },
///     ..ClientOptions::default()
/// };
/// let magento = MagentoClient::builder("https://magento.example.com")
///     .bearer("admin-token")
///     .options(options.clone())
///     .build()?;
/// // A setter after `options` changes that setting only.
/// let open2b = Open2bClient::builder("https://open2b.example.com")
///     .options(options)
///     .timeouts(Timeouts { total: Duration::from_secs(10), ..Timeouts::default() })
///     .build()?;
/// # let _ = (magento, open2b);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientOptions {
    /// Timeouts of every call (default: [`Timeouts::default`], 5 s to connect, 30 s in all).
    pub timeouts: Timeouts,
    /// How failed calls are retried (default: [`RetryPolicy::default`]).
    pub retry: RetryPolicy,
    /// Whether a request is checked with the shop's rules before it is sent (default: on). A
    /// request the rules know the shop refuses is then not sent, and the call returns
    /// [`Error::Predicted`](crate::Error::Predicted) with the shop's own answer; a check that
    /// needs what only the shop knows never stops a request. Off, every request is sent and the
    /// shop's answer returned.
    pub pre_validate: bool,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            timeouts: Timeouts::default(),
            retry: RetryPolicy::default(),
            pre_validate: true,
        }
    }
}

/// The setters of [`ClientOptions`] every client builder has, written once: each builder holds
/// its settings in an `options` field.
macro_rules! client_option_setters {
    () => {
        /// The settings every client shares, all at once (replacing any set before).
        pub fn options(mut self, options: $crate::ClientOptions) -> Self {
            self.options = options;
            self
        }

        /// Sets [`ClientOptions::timeouts`](crate::ClientOptions::timeouts).
        pub fn timeouts(mut self, timeouts: $crate::Timeouts) -> Self {
            self.options.timeouts = timeouts;
            self
        }

        /// Sets [`ClientOptions::retry`](crate::ClientOptions::retry).
        pub fn retry(mut self, retry: $crate::RetryPolicy) -> Self {
            self.options.retry = retry;
            self
        }

        /// Sets [`ClientOptions::pre_validate`](crate::ClientOptions::pre_validate).
        pub fn pre_validate(mut self, on: bool) -> Self {
            self.options.pre_validate = on;
            self
        }
    };
}

pub(crate) use client_option_setters;
