//! The shop's state in SQLite: one transaction per request, so concurrent updates never lose
//! each other's fields.

use std::sync::{Arc, Mutex, MutexGuard};

use customer_rules::magento;
use customer_rules::open2b::{self, CustomerAccount};
use customer_rules::{HttpRequest, ShopResponse};
use rusqlite::{
    Connection, ErrorCode, OptionalExtension, Transaction, TransactionBehavior, params,
};

use crate::limits::DATABASE_BUSY_TIMEOUT;
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
    // 3: Magento language packs: the text of each CSV file the settings' `dictionaries` name.
    "CREATE TABLE magento_language_packs (
         file TEXT PRIMARY KEY NOT NULL,
         text TEXT NOT NULL
     );",
];

/// Why the database failed. Never caused by a request's content: bad input is answered by the
/// rules in the shop's own format.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
    /// A stored document could not be read back or written (the message cuts the value it
    /// could not take: the settings hold the admin tokens).
    #[error("stored data is not valid: {}", customer_rules::secret::redact_quoted(&.0.to_string()))]
    Data(#[from] serde_json::Error),
    /// The network failed (starting a server).
    #[error("network error: {0}")]
    Io(#[from] std::io::Error),
    /// A stored language pack is missing or not readable as Magento reads packs.
    #[error("stored language pack is not usable: {0}")]
    LanguagePack(magento::LanguagePackError),
}

impl StoreError {
    /// True when another process held the database's write lock longer than
    /// [`DATABASE_BUSY_TIMEOUT`]: the request may be sent again.
    pub fn is_busy(&self) -> bool {
        matches!(
            self,
            StoreError::Database(error) if matches!(
                error.sqlite_error_code(),
                Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
            )
        )
    }
}

/// How many times a write is answered from a copy of the shop taken without holding the
/// database, before it is answered while holding it. A copy is given up when another write to the
/// same platform committed while the rules looked at it.
const UNLOCKED_ATTEMPTS: usize = 3;

/// The database of a reference shop.
///
/// The rules answer from a copy of the shops taken under a short lock, not inside the write
/// transaction: a request with a large body takes the database only to write its result, so it
/// never holds up other requests, nor a second shop on the same file. A write whose copy another
/// write made stale is answered again.
pub struct Store {
    state: Mutex<State>,
    clock: ShopClock,
}

/// The connection, and the shops as this connection last read or wrote them.
struct State {
    connection: Connection,
    cached: Option<Shops>,
    /// Counts the changes of the cached shops, to tell a stale copy.
    generations: u64,
}

/// Both shops in memory, so a request parses nothing but its own body. `PRAGMA data_version`
/// changes when another connection commits to the file; the shops are then read again.
struct Shops {
    data_version: i64,
    magento: Versioned<magento::Shop>,
    open2b: Versioned<open2b::Shop>,
}

/// One platform's shop, shared with the requests answering from it, and which change it is.
struct Versioned<T> {
    /// Changed by every write, and when the shops are read again.
    generation: u64,
    shop: Arc<T>,
}

impl<T> Clone for Versioned<T> {
    fn clone(&self) -> Versioned<T> {
        Versioned {
            generation: self.generation,
            shop: self.shop.clone(),
        }
    }
}

/// Writes a change into the database (in the transaction given) and into the cached shop.
type Writer<S> = Box<dyn FnOnce(&Transaction<'_>, &mut S) -> Result<(), StoreError>>;

/// Tells whether an answer worked out on a copy of the shop (first) still holds for the shop as
/// it is now (second): true when nothing the request read has changed.
type Holds<S> = Box<dyn Fn(&S, &S) -> bool>;

/// A request's answer, and what it changes.
struct Change<S> {
    response: ShopResponse,
    write: Option<Writer<S>>,
    holds: Holds<S>,
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
        // A second shop on the same file holds the write lock for one write at a time.
        connection.busy_timeout(DATABASE_BUSY_TIMEOUT)?;
        migrate(&mut connection)?;
        Ok(Store {
            state: Mutex::new(State {
                connection,
                cached: None,
                generations: 0,
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
             DELETE FROM magento_store; DELETE FROM magento_customers;
             DELETE FROM magento_language_packs;",
        )?;
        for (file, text) in &fixture.language_packs {
            transaction.execute(
                "INSERT INTO magento_language_packs (file, text) VALUES (?1, ?2)",
                params![file, text],
            )?;
        }
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
        self.answer(
            |shops| &mut shops.open2b,
            |shop| {
                // The rules find the caller's account by comparing her key with every key in
                // constant time: a lookup by key in SQLite's index would compare them byte by
                // byte.
                let exchange = open2b::respond(shop, request);
                // An update reads the store's settings and the caller's account alone: writes to
                // other accounts since leave its answer as it is.
                let key = exchange.updated.as_ref().map(|updated| updated.key.clone());
                let holds: Holds<open2b::Shop> = Box::new(move |copy, now| {
                    key.as_ref().is_some_and(|key| {
                        copy.carts == now.carts
                            && copy.newsletter_lists == now.newsletter_lists
                            && copy.privacy_processings == now.privacy_processings
                            && open2b_account(copy, key) == open2b_account(now, key)
                    })
                });
                let write = exchange.updated.map(|updated| -> Writer<open2b::Shop> {
                    Box::new(
                        move |transaction: &Transaction<'_>, shop: &mut open2b::Shop| {
                            write_open2b_customer(transaction, &updated)?;
                            // The accounts are kept in key order (as read), so the account is
                            // found without a scan.
                            let accounts = &mut shop.customers;
                            match accounts.binary_search_by(|account| account.key.cmp(&updated.key))
                            {
                                Ok(index) => accounts[index] = updated,
                                Err(index) => accounts.insert(index, updated),
                            }
                            Ok(())
                        },
                    )
                });
                Change {
                    response: exchange.response,
                    write,
                    holds,
                }
            },
        )
    }

    /// Answers a Magento request and stores what it changes, in one transaction.
    pub fn magento(&self, request: &HttpRequest) -> Result<ShopResponse, StoreError> {
        let clock = self.clock;
        self.answer(
            |shops| &mut shops.magento,
            |shop| {
                let clock = clock.magento(shop.store_config().timezone());
                let exchange = magento::respond(shop, request, &clock);
                let (updated, deleted) = (exchange.updated, exchange.deleted);
                let write =
                    (updated.is_some() || deleted.is_some()).then(|| -> Writer<magento::Shop> {
                        Box::new(
                            move |transaction: &Transaction<'_>, shop: &mut magento::Shop| {
                                write_magento_change(transaction, shop, updated, deleted)
                            },
                        )
                    });
                // Email uniqueness and address ownership read every customer: the answer holds
                // while the whole shop is as it was.
                Change {
                    response: exchange.response,
                    write,
                    holds: Box::new(|copy, now| copy == now),
                }
            },
        )
    }

    /// Answers a request of one platform: from a copy of its shop taken without holding the
    /// database, and when another write made that copy stale before this one was written,
    /// again; the last attempt answers while holding the database, so every request is answered.
    fn answer<S: Clone>(
        &self,
        platform: fn(&mut Shops) -> &mut Versioned<S>,
        respond: impl Fn(&S) -> Change<S>,
    ) -> Result<ShopResponse, StoreError> {
        for _ in 0..UNLOCKED_ATTEMPTS {
            let copy = {
                let mut state = self.lock();
                let State {
                    connection,
                    cached,
                    generations,
                } = &mut *state;
                platform(current(connection, cached, generations)?).clone()
            };
            let change = respond(&copy.shop);
            let Some(write) = change.write else {
                // Nothing to store: the answer holds for the shop as it was when copied.
                return Ok(change.response);
            };
            let mut state = self.lock();
            let State {
                connection,
                cached,
                generations,
            } = &mut *state;
            // IMMEDIATE takes the write lock first, so a read-modify-write never races another
            // connection.
            let transaction =
                connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let shop = platform(current(&transaction, cached, generations)?);
            let holds =
                shop.generation == copy.generation || (change.holds)(&copy.shop, &shop.shop);
            // Given up before the write, so that the write need not copy the shop.
            drop(copy);
            if holds {
                let committed = commit(transaction, shop, generations, write);
                if committed.is_err() {
                    *cached = None;
                }
                return committed.map(|()| change.response);
            }
        }
        let mut state = self.lock();
        let State {
            connection,
            cached,
            generations,
        } = &mut *state;
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let shop = platform(current(&transaction, cached, generations)?);
        let change = respond(&shop.shop);
        if let Some(write) = change.write {
            let committed = commit(transaction, shop, generations, write);
            if committed.is_err() {
                *cached = None;
            }
            committed?;
        }
        Ok(change.response)
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

/// Writes a change into the database and the cached shop, and commits. The caller drops the
/// cached shops when this fails: the database is then read again.
fn commit<S: Clone>(
    transaction: Transaction<'_>,
    shop: &mut Versioned<S>,
    generations: &mut u64,
    write: Writer<S>,
) -> Result<(), StoreError> {
    // Copies still being answered from keep the shop they were taken from; this write then
    // changes a copy of its own.
    write(&transaction, Arc::make_mut(&mut shop.shop))?;
    transaction.commit()?;
    *generations += 1;
    shop.generation = *generations;
    Ok(())
}

/// The account of a key, found in the accounts kept in key order. Only for a key the rules have
/// already matched: this comparison is not in constant time.
fn open2b_account<'a>(shop: &'a open2b::Shop, key: &str) -> Option<&'a CustomerAccount> {
    shop.customers
        .binary_search_by(|account| account.key.as_str().cmp(key))
        .ok()
        .and_then(|index| shop.customers.get(index))
}

fn write_magento_change(
    transaction: &Transaction<'_>,
    shop: &mut magento::Shop,
    updated: Option<magento::StoredCustomer>,
    deleted: Option<i64>,
) -> Result<(), StoreError> {
    // The customers are kept in id order (as read), so a customer is found without a scan.
    let customers = &mut shop.customers;
    if let Some(id) = deleted {
        transaction
            .prepare_cached("DELETE FROM magento_customers WHERE id = ?1")?
            .execute(params![id])?;
        if let Ok(index) = customers.binary_search_by_key(&id, |customer| customer.id) {
            customers.remove(index);
        }
    }
    if let Some(updated) = updated {
        write_magento_customer(transaction, &updated)?;
        match customers.binary_search_by_key(&updated.id, |customer| customer.id) {
            Ok(index) => customers[index] = updated,
            Err(index) => customers.insert(index, updated),
        }
    }
    Ok(())
}

/// The shops as the database holds them now: the cached ones, unless another connection has
/// committed since they were read. Read again, they count as changed.
fn current<'a>(
    connection: &Connection,
    cached: &'a mut Option<Shops>,
    generations: &mut u64,
) -> Result<&'a mut Shops, StoreError> {
    let data_version = data_version(connection)?;
    let shops = match cached.take() {
        Some(shops) if shops.data_version == data_version => shops,
        _ => {
            // In one read transaction, so that both shops are read as of one commit (inside the
            // caller's write transaction, that one).
            let reading = connection
                .is_autocommit()
                .then(|| connection.unchecked_transaction())
                .transpose()?;
            let data_version = match reading {
                Some(_) => self::data_version(connection)?,
                None => data_version,
            };
            *generations += 1;
            let shops = read_shops(connection, data_version, *generations)?;
            if let Some(reading) = reading {
                reading.finish()?;
            }
            shops
        }
    };
    Ok(cached.insert(shops))
}

fn data_version(connection: &Connection) -> Result<i64, StoreError> {
    Ok(connection
        .prepare_cached("PRAGMA data_version")?
        .query_row([], |row| row.get(0))?)
}

fn read_shops(
    connection: &Connection,
    data_version: i64,
    generation: u64,
) -> Result<Shops, StoreError> {
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
    if !magento.dictionaries.is_empty() {
        let mut packs =
            connection.prepare("SELECT text FROM magento_language_packs WHERE file = ?1")?;
        let mut failure = None;
        // Seeding stored every pack the settings name, each read once already.
        let read = magento.read_dictionaries(|file| {
            match packs
                .query_row([file], |row| row.get::<_, String>(0))
                .optional()
            {
                Ok(Some(text)) => Ok(text),
                Ok(None) => Err(String::from("not in the database")),
                Err(error) => {
                    let reason = error.to_string();
                    failure = Some(error);
                    Err(reason)
                }
            }
        });
        if let Some(error) = failure {
            return Err(error.into());
        }
        if let Err(error) = read {
            return Err(StoreError::LanguagePack(error));
        }
    }
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
        magento: Versioned {
            generation,
            shop: Arc::new(magento),
        },
        open2b: Versioned {
            generation,
            shop: Arc::new(open2b),
        },
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
