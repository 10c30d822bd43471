//! The shop's state in SQLite: one transaction per request, so concurrent updates never lose
//! each other's fields.

use std::sync::{Mutex, MutexGuard};

use customer_rules::open2b::{self, CustomerAccount};
use customer_rules::{HttpRequest, ShopResponse};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::Fixture;

/// Schema migrations, applied in order; `PRAGMA user_version` counts those applied.
const MIGRATIONS: &[&str] = &[
    // 1: Open2b. The store's settings (carts, newsletter lists, privacy processings) as one JSON
    // document, the customers one row each, in the read shape of `storefront.customer`.
    "CREATE TABLE open2b_store (
         id INTEGER PRIMARY KEY CHECK (id = 1),
         settings TEXT NOT NULL
     );
     CREATE TABLE open2b_customers (
         key TEXT PRIMARY KEY NOT NULL,
         customer TEXT NOT NULL
     );",
];

/// Why the database failed. Never caused by a request's content: bad input is answered by the
/// rules in the shop's own format.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
    /// A stored document could not be read back or written.
    #[error("stored data is not valid: {0}")]
    Data(#[from] serde_json::Error),
    /// The network failed (starting a server).
    #[error("network error: {0}")]
    Io(#[from] std::io::Error),
}

/// The database of a reference shop.
pub struct Store {
    connection: Mutex<Connection>,
}

impl Store {
    /// Opens (or creates) the database at `path`, `:memory:` for one that lives with the
    /// process, and brings its schema up to date.
    pub fn open(path: &str) -> Result<Store, StoreError> {
        let mut connection = Connection::open(path)?;
        // WAL lets readers of the file work while a request writes; NORMAL sync is durable
        // across a process crash in WAL mode.
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "NORMAL")?;
        migrate(&mut connection)?;
        Ok(Store {
            connection: Mutex::new(connection),
        })
    }

    /// True when the database holds no shop yet.
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        let connection = self.lock();
        let stores: i64 =
            connection.query_row("SELECT count(*) FROM open2b_store", [], |row| row.get(0))?;
        Ok(stores == 0)
    }

    /// Replaces the whole state with the fixture's, in one transaction.
    pub fn seed(&self, fixture: &Fixture) -> Result<(), StoreError> {
        let mut connection = self.lock();
        let transaction = connection.transaction()?;
        transaction.execute_batch("DELETE FROM open2b_store; DELETE FROM open2b_customers;")?;
        let settings = open2b::Shop {
            customers: Vec::new(),
            ..fixture.open2b.clone()
        };
        transaction.execute(
            "INSERT INTO open2b_store (id, settings) VALUES (1, ?1)",
            params![serde_json::to_string(&settings)?],
        )?;
        for account in &fixture.open2b.customers {
            transaction.execute(
                "INSERT INTO open2b_customers (key, customer) VALUES (?1, ?2)",
                params![account.key, serde_json::to_string(&account.customer)?],
            )?;
        }
        transaction.commit()?;
        Ok(())
    }

    /// Answers an Open2b request and stores what it changes, in one transaction.
    pub fn open2b(&self, request: &HttpRequest) -> Result<ShopResponse, StoreError> {
        let mut connection = self.lock();
        // IMMEDIATE takes the write lock first, so a read-modify-write never races another.
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let settings: Option<String> = transaction
            .query_row(
                "SELECT settings FROM open2b_store WHERE id = 1",
                [],
                |row| row.get(0),
            )
            .optional()?;
        let mut shop: open2b::Shop = match settings {
            Some(settings) => serde_json::from_str(&settings)?,
            None => open2b::Shop::default(),
        };
        // Only the caller's customer matters to the answer: load that one.
        if let Some(key) = request.header(open2b::CUSTOMER_KEY_HEADER)
            && let Some(customer) = read_open2b_customer(&transaction, key)?
        {
            shop.customers.push(CustomerAccount {
                key: key.to_owned(),
                customer,
            });
        }
        let exchange = open2b::respond(&shop, request);
        if let Some(updated) = exchange.updated {
            transaction.execute(
                "UPDATE open2b_customers SET customer = ?2 WHERE key = ?1",
                params![updated.key, serde_json::to_string(&updated.customer)?],
            )?;
        }
        transaction.commit()?;
        Ok(exchange.response)
    }

    /// The stored Open2b customer with this key.
    pub fn open2b_customer(&self, key: &str) -> Result<Option<open2b::Customer>, StoreError> {
        read_open2b_customer(&self.lock(), key)
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave a half-done transaction behind (SQLite
        // rolls back an uncommitted one), so the connection stays usable.
        self.connection
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn read_open2b_customer(
    connection: &Connection,
    key: &str,
) -> Result<Option<open2b::Customer>, StoreError> {
    let customer: Option<String> = connection
        .query_row(
            "SELECT customer FROM open2b_customers WHERE key = ?1",
            params![key],
            |row| row.get(0),
        )
        .optional()?;
    Ok(customer
        .map(|text| serde_json::from_str(&text))
        .transpose()?)
}

fn migrate(connection: &mut Connection) -> Result<(), StoreError> {
    let applied: usize = connection.pragma_query_value(None, "user_version", |row| row.get(0))?;
    for (index, migration) in MIGRATIONS.iter().enumerate().skip(applied) {
        let transaction = connection.transaction()?;
        transaction.execute_batch(migration)?;
        transaction.pragma_update(None, "user_version", index + 1)?;
        transaction.commit()?;
    }
    Ok(())
}
