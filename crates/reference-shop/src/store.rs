//! The shop's state in SQLite: one transaction per request, so concurrent updates never lose
//! each other's fields.

use std::sync::{Mutex, MutexGuard};

use customer_rules::magento;
use customer_rules::open2b::{self, CustomerAccount};
use customer_rules::{HttpRequest, ShopResponse};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};

use crate::{Fixture, ShopClock};

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
    // 2: Magento. The shop's settings (version, config, websites, stores, groups, admin tokens,
    // directory) as one JSON document, the customers one row each with their addresses.
    "CREATE TABLE magento_store (
         id INTEGER PRIMARY KEY CHECK (id = 1),
         settings TEXT NOT NULL
     );
     CREATE TABLE magento_customers (
         id INTEGER PRIMARY KEY NOT NULL,
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
    state: Mutex<State>,
    clock: ShopClock,
}

/// The connection, and the shops as this connection last read or wrote them.
struct State {
    connection: Connection,
    cached: Option<Shops>,
}

/// Both shops in memory, so a request parses nothing but its own body. `PRAGMA data_version`
/// changes when another connection commits to the file; the shops are then read again.
struct Shops {
    data_version: i64,
    magento: magento::Shop,
    open2b: open2b::Shop,
}

impl Store {
    /// Opens (or creates) the database at `path`, `:memory:` for one that lives with the
    /// process, and brings its schema up to date.
    pub fn open(path: &str, clock: ShopClock) -> Result<Store, StoreError> {
        let mut connection = Connection::open(path)?;
        // WAL lets readers of the file work while a request writes; NORMAL sync is durable
        // across a process crash in WAL mode.
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "NORMAL")?;
        migrate(&mut connection)?;
        Ok(Store {
            state: Mutex::new(State {
                connection,
                cached: None,
            }),
            clock,
        })
    }

    /// True when the database holds no shop yet.
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        let state = self.lock();
        let stores: i64 = state.connection.query_row(
            "SELECT (SELECT count(*) FROM open2b_store) + (SELECT count(*) FROM magento_store)",
            [],
            |row| row.get(0),
        )?;
        Ok(stores == 0)
    }

    /// Replaces the whole state with the fixture's, in one transaction.
    pub fn seed(&self, fixture: &Fixture) -> Result<(), StoreError> {
        let mut state = self.lock();
        state.cached = None;
        let transaction = state.connection.transaction()?;
        transaction.execute_batch(
            "DELETE FROM open2b_store; DELETE FROM open2b_customers;
             DELETE FROM magento_store; DELETE FROM magento_customers;",
        )?;
        let magento_settings = magento::Shop {
            customers: Vec::new(),
            ..fixture.magento.clone()
        };
        transaction.execute(
            "INSERT INTO magento_store (id, settings) VALUES (1, ?1)",
            params![serde_json::to_string(&magento_settings)?],
        )?;
        for customer in &fixture.magento.customers {
            write_magento_customer(&transaction, customer)?;
        }
        let settings = open2b::Shop {
            customers: Vec::new(),
            ..fixture.open2b.clone()
        };
        transaction.execute(
            "INSERT INTO open2b_store (id, settings) VALUES (1, ?1)",
            params![serde_json::to_string(&settings)?],
        )?;
        for account in &fixture.open2b.customers {
            write_open2b_customer(&transaction, account)?;
        }
        transaction.commit()?;
        Ok(())
    }

    /// Answers an Open2b request and stores what it changes, in one transaction.
    pub fn open2b(&self, request: &HttpRequest) -> Result<ShopResponse, StoreError> {
        let mut state = self.lock();
        let State { connection, cached } = &mut *state;
        // IMMEDIATE takes the write lock first, so a read-modify-write never races another
        // connection.
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let shops = current(&transaction, cached)?;
        // The rules find the caller's account by comparing her key with every key in constant
        // time: a lookup by key in SQLite's index would compare them byte by byte.
        let exchange = open2b::respond(&shops.open2b, request);
        if let Some(updated) = &exchange.updated {
            write_open2b_customer(&transaction, updated)?;
        }
        if let Err(error) = transaction.commit() {
            *cached = None;
            return Err(error.into());
        }
        if let Some(updated) = exchange.updated {
            let accounts = &mut shops.open2b.customers;
            match accounts
                .iter_mut()
                .find(|account| account.key == updated.key)
            {
                Some(account) => *account = updated,
                None => accounts.push(updated),
            }
        }
        Ok(exchange.response)
    }

    /// Answers a Magento request and stores what it changes, in one transaction.
    pub fn magento(&self, request: &HttpRequest) -> Result<ShopResponse, StoreError> {
        let mut state = self.lock();
        let State { connection, cached } = &mut *state;
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let shops = current(&transaction, cached)?;
        let clock = self.clock.magento(shops.magento.store_config().timezone());
        // Email uniqueness and address ownership look at every customer of the shop.
        let exchange = magento::respond(&shops.magento, request, &clock);
        if let Some(customer) = &exchange.updated {
            write_magento_customer(&transaction, customer)?;
        }
        if let Some(id) = exchange.deleted {
            transaction
                .prepare_cached("DELETE FROM magento_customers WHERE id = ?1")?
                .execute(params![id])?;
        }
        if let Err(error) = transaction.commit() {
            *cached = None;
            return Err(error.into());
        }
        let customers = &mut shops.magento.customers;
        if let Some(id) = exchange.deleted {
            customers.retain(|customer| customer.id != id);
        }
        if let Some(updated) = exchange.updated {
            match customers.binary_search_by_key(&updated.id, |customer| customer.id) {
                Ok(index) => customers[index] = updated,
                Err(index) => customers.insert(index, updated),
            }
        }
        Ok(exchange.response)
    }

    /// The stored Magento customer with this id.
    pub fn magento_customer(&self, id: i64) -> Result<Option<magento::StoredCustomer>, StoreError> {
        let customer: Option<String> = self
            .lock()
            .connection
            .query_row(
                "SELECT customer FROM magento_customers WHERE id = ?1",
                params![id],
                |row| row.get(0),
            )
            .optional()?;
        Ok(customer
            .map(|text| serde_json::from_str(&text))
            .transpose()?)
    }

    /// The stored Open2b customer with this key.
    pub fn open2b_customer(&self, key: &str) -> Result<Option<open2b::Customer>, StoreError> {
        read_open2b_customer(&self.lock().connection, key)
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave a half-done transaction behind (SQLite
        // rolls back an uncommitted one), and the cached shops change only after a commit, so
        // the state stays usable.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The shops as the database holds them now: the cached ones, unless another connection has
/// committed since they were read.
fn current<'a>(
    transaction: &Transaction<'_>,
    cached: &'a mut Option<Shops>,
) -> Result<&'a mut Shops, StoreError> {
    let data_version: i64 = transaction
        .prepare_cached("PRAGMA data_version")?
        .query_row([], |row| row.get(0))?;
    let shops = match cached.take() {
        Some(shops) if shops.data_version == data_version => shops,
        _ => read_shops(transaction, data_version)?,
    };
    Ok(cached.insert(shops))
}

fn read_shops(connection: &Connection, data_version: i64) -> Result<Shops, StoreError> {
    let settings = |table: &str| -> Result<Option<String>, StoreError> {
        Ok(connection
            .query_row(
                &format!("SELECT settings FROM {table} WHERE id = 1"),
                [],
                |row| row.get(0),
            )
            .optional()?)
    };
    let mut magento: magento::Shop = match settings("magento_store")? {
        Some(settings) => serde_json::from_str(&settings)?,
        None => magento::Shop::default(),
    };
    magento.customers = connection
        .prepare("SELECT customer FROM magento_customers ORDER BY id")?
        .query_map([], |row| row.get::<_, String>(0))?
        .map(|text| Ok(serde_json::from_str(&text?)?))
        .collect::<Result<_, StoreError>>()?;
    let mut open2b: open2b::Shop = match settings("open2b_store")? {
        Some(settings) => serde_json::from_str(&settings)?,
        None => open2b::Shop::default(),
    };
    open2b.customers = connection
        .prepare("SELECT key, customer FROM open2b_customers ORDER BY key")?
        .query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?
        .map(|row| {
            let (key, customer) = row?;
            Ok(CustomerAccount {
                key,
                customer: serde_json::from_str(&customer)?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    Ok(Shops {
        data_version,
        magento,
        open2b,
    })
}

fn write_magento_customer(
    connection: &Connection,
    customer: &magento::StoredCustomer,
) -> Result<(), StoreError> {
    connection
        .prepare_cached("INSERT OR REPLACE INTO magento_customers (id, customer) VALUES (?1, ?2)")?
        .execute(params![customer.id, serde_json::to_string(customer)?])?;
    Ok(())
}

fn write_open2b_customer(
    connection: &Connection,
    account: &CustomerAccount,
) -> Result<(), StoreError> {
    connection
        .prepare_cached("INSERT OR REPLACE INTO open2b_customers (key, customer) VALUES (?1, ?2)")?
        .execute(params![
            account.key,
            serde_json::to_string(&account.customer)?
        ])?;
    Ok(())
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
