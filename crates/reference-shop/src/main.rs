//! `reference-shop`: serves the Magento 2 and Open2b customer endpoints on 127.0.0.1.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use customer_rules::magento;
use reference_shop::{AllowedOrigins, Fixture, ServeOptions, ShopClock, Store, router_with, serve};
use tracing_subscriber::EnvFilter;

/// A stateful shop answering both platforms' customer endpoints as the real shops do.
#[derive(Parser)]
#[command(name = "reference-shop", version)]
struct Options {
    /// Fixture to seed the database from (tests/fixtures/*.json). Seeds an empty database; with
    /// --reset, replaces what a database file holds.
    #[arg(long)]
    fixtures: Option<PathBuf>,
    /// SQLite database file, or `:memory:` for one that lives with the process.
    #[arg(long, default_value = "reference-shop.sqlite")]
    db: String,
    /// Replace the database's content with the fixture's.
    #[arg(long)]
    reset: bool,
    /// Load and check the fixture, seed the database, and exit without serving.
    #[arg(long)]
    seed_only: bool,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Answer as this Magento profile instead of the fixture's: a release and the quality
    /// patches or modifiers applied on it, e.g. 2.4.8-p5, 2.4.8-p3+ACP2E-4528, 2.4.7-p9; takes
    /// effect when the fixture seeds the database.
    #[arg(long, value_parser = magento::Profile::parse)]
    magento_version: Option<magento::Profile>,
    /// Answer as if it were always this instant (RFC 3339, e.g. 2026-06-15T12:00:00Z) instead of
    /// the system clock: Magento's date-of-birth check and `updated_at` depend on it.
    #[arg(long)]
    now: Option<jiff::Timestamp>,
    /// Let pages of this origin (scheme://host[:port], e.g. https://app.example.com) call the
    /// shop from a browser; repeatable. Pages served from this machine (http or https on
    /// 127.0.0.1, localhost or [::1], any port) always may; `null` and `*` are refused.
    #[arg(long = "allow-origin", value_name = "ORIGIN", value_parser = reference_shop::parse_origin)]
    allow_origins: Vec<String>,
}

// One thread serves the connections without handing each between threads (twice the throughput
// of the multi-thread runtime in `cargo xtask bench`); the store's work runs on blocking threads.
#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    match run(Options::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("reference-shop: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(options: Options) -> Result<(), Box<dyn std::error::Error>> {
    let clock = options.now.map_or(ShopClock::System, ShopClock::Fixed);
    let store = Store::open(&options.db, clock)?;
    match &options.fixtures {
        Some(path) => {
            let mut fixture = Fixture::load(path)?;
            if let Some(version) = options.magento_version {
                fixture.magento.version = version;
            }
            if options.reset || store.is_empty()? {
                store.seed(&fixture)?;
                tracing::info!(fixture = %path.display(), db = %options.db, "seeded the database");
            } else {
                tracing::info!(db = %options.db, "the database already holds a shop: kept (use --reset to replace it)");
            }
        }
        None if store.is_empty()? => {
            return Err(
                "the database is empty: give --fixtures tests/fixtures/default.json".into(),
            );
        }
        None => {}
    }
    if options.seed_only {
        return Ok(());
    }
    let listener =
        tokio::net::TcpListener::bind(SocketAddr::new(options.host, options.port)).await?;
    let address = listener.local_addr()?;
    println!("reference shop listening on http://{address}");
    let options = ServeOptions {
        origins: AllowedOrigins::with(options.allow_origins),
        ..ServeOptions::default()
    };
    let app = router_with(Arc::new(store), &options);
    serve(listener, app, options.limits, shutdown_signal()).await?;
    tracing::info!("stopped");
    Ok(())
}

/// Ctrl-C or SIGTERM: finish the requests in flight, then stop.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
