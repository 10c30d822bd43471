//! Every limit the shop keeps, in one place; the README's "Reliability limits" section states
//! the same numbers.

use std::time::Duration;

/// The largest request body read, 1 MiB: a customer update is a few kilobytes.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// How long a client may take to send a request's head (request line and headers), counted from
/// the moment the connection opens or the previous answer is written; so it is also how long an
/// idle keep-alive connection is kept.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a client may take to send a request's body, once its head is read.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Connections served at once. A new one beyond it (or when the process has no file descriptor
/// left) closes the connections idle for [`IDLE_GRACE`] or more — kept alive after an answer,
/// or not done sending a request head — and otherwise waits for one to end.
pub const MAX_CONNECTIONS: usize = 256;

/// How long a connection is kept, even at [`MAX_CONNECTIONS`], before it may be closed as idle:
/// time for a client that just connected to send its request.
pub const IDLE_GRACE: Duration = Duration::from_millis(250);

/// How long a write waits for another process (a second shop on the same file, `sqlite3`) to
/// release the database's write lock before the shop answers 503 with `Retry-After`.
pub const DATABASE_BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// The limits of a serving shop. [`Limits::default`] holds the constants above; tests shorten
/// them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// See [`HEADER_READ_TIMEOUT`].
    pub header_read_timeout: Duration,
    /// See [`BODY_READ_TIMEOUT`].
    pub body_read_timeout: Duration,
    /// See [`MAX_CONNECTIONS`].
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_read_timeout: HEADER_READ_TIMEOUT,
            body_read_timeout: BODY_READ_TIMEOUT,
            max_connections: MAX_CONNECTIONS,
        }
    }
}
