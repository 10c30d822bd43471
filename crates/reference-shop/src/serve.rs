//! Serving connections within the [`Limits`]: a request head must arrive in time (which also
//! ends idle keep-alive connections), and at most `max_connections` are served at once. At that
//! bound, or when the process runs out of file descriptors, the connections without a request in
//! flight for [`IDLE_GRACE`] are closed, so that a new caller (a health check) is still
//! answered.

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};
use tower_service::Service;

use crate::Limits;
use crate::limits::IDLE_GRACE;

/// How long to wait before accepting again after `accept` failed (e.g. no file descriptor left).
const ACCEPT_RETRY: Duration = Duration::from_millis(50);

/// Serves `app` on `listener` until `shutdown` completes, then lets the requests in flight
/// finish.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let max_connections = limits.max_connections.clamp(1, Semaphore::MAX_PERMITS);
    let slots = Arc::new(Semaphore::new(max_connections));
    let started = Instant::now();
    // Each change asks the connections idle since before the instant it holds to close.
    let (shed, shed_requests) = watch::channel(Duration::ZERO);
    let (stop, stopped) = watch::channel(false);
    let shed_idle = || shed.send_replace(started.elapsed().saturating_sub(IDLE_GRACE));
    tokio::pin!(shutdown);
    'serving: loop {
        let slot = loop {
            if let Ok(slot) = slots.clone().try_acquire_owned() {
                break slot;
            }
            shed_idle();
            tokio::select! {
                slot = slots.clone().acquire_owned() => match slot {
                    Ok(slot) => break slot,
                    Err(_) => break 'serving,
                },
                // Connections too young to close a moment ago may be closed now.
                () = tokio::time::sleep(IDLE_GRACE) => {}
                () = &mut shutdown => break 'serving,
            }
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(error) => {
                    tracing::warn!(%error, "cannot accept a connection: closing idle ones");
                    shed_idle();
                    tokio::time::sleep(ACCEPT_RETRY).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        tokio::spawn(connection(
            stream,
            app.clone(),
            Clock(started),
            limits,
            slot,
            shed_requests.clone(),
            stopped.clone(),
        ));
    }
    drop(listener);
    let _ = stop.send(true);
    // Every connection gives its slot back when it ends.
    let _ = slots.acquire_many(max_connections as u32).await;
    Ok(())
}

/// The time since the server started, which connections note their activity in.
#[derive(Debug, Clone, Copy)]
struct Clock(Instant);

impl Clock {
    fn now(self) -> Duration {
        self.0.elapsed()
    }
}

/// Serves one connection until the client closes it, a limit ends it, or the shop stops.
async fn connection(
    stream: TcpStream,
    app: Router,
    clock: Clock,
    limits: Limits,
    _slot: OwnedSemaphorePermit,
    mut shed_requests: watch::Receiver<Duration>,
    mut stopped: watch::Receiver<bool>,
) {
    // Answers are written whole; waiting to fill a packet would only delay them.
    let _ = stream.set_nodelay(true);
    let activity = Arc::new(Activity::new(clock));
    let service = {
        let activity = activity.clone();
        service_fn(move |request: Request<Incoming>| {
            let busy = InFlight::start(&activity);
            let mut app = app.clone();
            async move {
                let response = app
                    .call(request)
                    .await
                    .unwrap_or_else(|never| match never {});
                // In flight until the answer's body is written (or dropped).
                Ok::<_, Infallible>(response.map(|body| {
                    Body::new(body.map_frame(move |frame| {
                        let _ = &busy;
                        frame
                    }))
                }))
            }
        })
    };
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        // A client may close its side once it has sent a request, and still read the answer.
        .half_close(true);
    let served = builder.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(served);
    loop {
        tokio::select! {
            result = served.as_mut() => {
                if let Err(error) = result {
                    tracing::debug!(%error, "connection ended");
                }
                return;
            }
            changed = shed_requests.changed() => {
                // A connection without a request in flight holds nothing a client waits for.
                let before = *shed_requests.borrow_and_update();
                if changed.is_err() || activity.idle_since(before) {
                    return;
                }
            }
            changed = stopped.changed(), if !*stopped.borrow() => {
                if changed.is_err() || activity.idle_since(clock.now()) {
                    return;
                }
                served.as_mut().graceful_shutdown();
            }
        }
    }
}

/// What a connection is doing: how many requests are in flight, and since when it is idle.
struct Activity {
    clock: Clock,
    in_flight: AtomicUsize,
    /// Milliseconds of the [`Clock`] when the connection opened or its last request ended.
    idle_from: AtomicU64,
}

impl Activity {
    fn new(clock: Clock) -> Activity {
        Activity {
            clock,
            in_flight: AtomicUsize::new(0),
            idle_from: AtomicU64::new(millis(clock.now())),
        }
    }

    /// True when no request is in flight, and none was at `instant` or since.
    fn idle_since(&self, instant: Duration) -> bool {
        self.in_flight.load(Ordering::SeqCst) == 0
            && self.idle_from.load(Ordering::SeqCst) <= millis(instant)
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// Counts a request as in flight on its connection while it lives.
struct InFlight(Arc<Activity>);

impl InFlight {
    fn start(activity: &Arc<Activity>) -> InFlight {
        activity.in_flight.fetch_add(1, Ordering::SeqCst);
        InFlight(activity.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let activity = &self.0;
        activity
            .idle_from
            .store(millis(activity.clock.now()), Ordering::SeqCst);
        activity.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}
