#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod clock;
mod fixture;
mod http;
mod limits;
mod origins;
mod serve;
mod store;

pub use clock::ShopClock;
pub use fixture::{Fixture, FixtureError};
pub use http::{ServeOptions, router, router_with};
pub use limits::{
    BODY_LIMIT, BODY_READ_TIMEOUT, DATABASE_BUSY_TIMEOUT, HEADER_READ_TIMEOUT, IDLE_GRACE, Limits,
    MAX_CONNECTIONS,
};
pub use origins::{AllowedOrigins, parse_origin};
pub use serve::serve;
pub use store::{Store, StoreError};

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;

/// A shop serving on a local port, for tests and tools; it stops when dropped.
pub struct RunningShop {
    /// The address it listens on.
    pub address: SocketAddr,
    /// Its database, to inspect what it stored.
    pub store: Arc<Store>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl RunningShop {
    /// Starts a shop on `127.0.0.1` at an ephemeral port with an in-memory database seeded from
    /// `fixture`, on the system clock.
    pub async fn start(fixture: &Fixture) -> Result<RunningShop, StoreError> {
        RunningShop::start_at(fixture, ShopClock::System).await
    }

    /// Like [`RunningShop::start`], with the shop's time taken from `clock`.
    pub async fn start_at(fixture: &Fixture, clock: ShopClock) -> Result<RunningShop, StoreError> {
        let store = Arc::new(Store::open(":memory:", clock)?);
        store.seed(fixture)?;
        RunningShop::serving(store, ServeOptions::default()).await
    }

    /// Serves `store` (already seeded) on `127.0.0.1` at an ephemeral port, with `options`.
    pub async fn serving(
        store: Arc<Store>,
        options: ServeOptions,
    ) -> Result<RunningShop, StoreError> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let app = router_with(store.clone(), &options);
        tokio::spawn(async move {
            let shutdown = async {
                let _ = stopped.await;
            };
            if let Err(error) = serve(listener, app, options.limits, shutdown).await {
                tracing::error!(%error, "the shop stopped serving");
            }
        });
        Ok(RunningShop {
            address,
            store,
            stop: Some(stop),
        })
    }

    /// The base URL of the shop, e.g. `http://127.0.0.1:41234`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }
}

impl Drop for RunningShop {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
