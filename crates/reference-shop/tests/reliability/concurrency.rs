//! 32 clients send mixed partial updates of overlapping customers of both shops at once. Every
//! (customer, field) pair has one owner among the clients, except a few that every client
//! writes: the final value of an owned field is its owner's last acknowledged write, the final
//! value of a shared field is one of the clients' last acknowledged writes, and a refused write
//! changes nothing. No answer may be a 500 (SQLite busy or otherwise).

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension};
use serde_json::{Value, json};

use crate::support::{self, FileShop};

const CLIENTS: usize = 32;

/// Where a field lives: a Magento customer id or an Open2b key, and the field's name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Field {
    Magento(i64, &'static str),
    Open2b(&'static str, &'static str),
}

/// The fields written: each owned by one client, the last of each shop written by all.
fn fields() -> (Vec<Field>, Vec<Field>) {
    let fixture = support::fixture();
    let mut owned = Vec::new();
    // Customer 5 holds legacy data the current rules refuse (every save of hers is a 400).
    for customer in fixture.magento.customers.iter().filter(|c| c.id != 5) {
        for name in ["firstname", "lastname", "middlename", "prefix", "taxvat"] {
            owned.push(Field::Magento(customer.id, name));
        }
    }
    let keys: Vec<&'static str> = fixture
        .open2b
        .customers
        .iter()
        .map(|account| &*account.key.clone().leak())
        .collect();
    for key in &keys {
        for name in ["firstName", "lastName", "companyName", "street1", "street2"] {
            owned.push(Field::Open2b(key, name));
        }
    }
    let shared = vec![Field::Magento(1, "suffix"), Field::Open2b(keys[0], "city")];
    (owned, shared)
}

/// A number written with letters only, so every shop's name rules accept it.
fn letters(mut n: usize) -> String {
    let mut text = String::new();
    loop {
        text.push(char::from(b'a' + u8::try_from(n % 26).unwrap()));
        n /= 26;
        if n == 0 {
            return text;
        }
    }
}

/// A small deterministic generator per client.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, sides: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        usize::try_from(self.0 >> 33).unwrap() % sides
    }
}

/// Sends one update of `fields` (all of one customer) to `value`; `refused` adds a member the
/// shop refuses. Returns whether the shop accepted it.
async fn update(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    fields: &[&Field],
    value: &str,
    refused: bool,
) -> bool {
    let (method, path, headers, body) = match fields[0] {
        Field::Magento(id, _) => {
            let mut customer: serde_json::Map<String, Value> = fields
                .iter()
                .map(|f| (name(f).to_owned(), json!(value)))
                .collect();
            if refused {
                customer.insert("firstname".into(), json!("Refused<"));
            }
            let authorization = format!("Bearer {token}");
            (
                "PUT",
                format!("/rest/default/V1/customers/{id}"),
                vec![
                    ("Authorization".to_owned(), authorization),
                    ("Content-Type".to_owned(), "application/json".to_owned()),
                ],
                json!({"customer": customer}),
            )
        }
        Field::Open2b(key, _) => {
            let mut billing: serde_json::Map<String, Value> = fields
                .iter()
                .map(|f| (name(f).to_owned(), json!(value)))
                .collect();
            if refused {
                billing.insert("refused".into(), json!(1));
            }
            (
                "POST",
                "/api/v10/storefront.update-customer".to_owned(),
                vec![("X-Customer-Key".to_owned(), (*key).to_owned())],
                json!({"customer": {"billingAddress": billing}}),
            )
        }
    };
    let headers: Vec<(&str, &str)> = headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let answer = support::send(
        http,
        base,
        method,
        &path,
        &headers,
        serde_json::to_vec(&body).unwrap(),
    )
    .await;
    assert!(answer.status < 500, "{method} {path}: {answer:?}");
    let accepted = answer.status == 200 && answer.body.get("status").is_none_or(|s| s == "ok");
    assert_eq!(accepted, !refused, "{method} {path} {body}: {answer:?}");
    accepted
}

fn name(field: &Field) -> &'static str {
    match field {
        Field::Magento(_, name) | Field::Open2b(_, name) => name,
    }
}

fn same_customer(a: &Field, b: &Field) -> bool {
    match (a, b) {
        (Field::Magento(x, _), Field::Magento(y, _)) => x == y,
        (Field::Open2b(x, _), Field::Open2b(y, _)) => x == y,
        _ => false,
    }
}

/// The stored value of a field, read from the database file.
fn stored(connection: &Connection, field: &Field) -> Value {
    let (sql, key, pointer) = match field {
        Field::Magento(id, name) => (
            "SELECT customer FROM magento_customers WHERE id = ?1",
            id.to_string(),
            format!("/{name}"),
        ),
        Field::Open2b(key, name) => (
            "SELECT customer FROM open2b_customers WHERE key = ?1",
            (*key).to_owned(),
            format!("/billingAddress/{name}"),
        ),
    };
    let text: Option<String> = connection
        .query_row(sql, [key], |row| row.get(0))
        .optional()
        .unwrap();
    let customer: Value = serde_json::from_str(&text.unwrap()).unwrap();
    customer.pointer(&pointer).cloned().unwrap_or(Value::Null)
}

/// The number of updates: 5 000, or `SOAK_UPDATES`.
pub fn updates() -> usize {
    std::env::var("SOAK_UPDATES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5_000)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_mixed_updates_equal_their_serial_application() {
    let shop = FileShop::start("concurrency").await;
    let (owned, shared) = fields();
    let connection = Connection::open(&shop.path).unwrap();
    let initial: BTreeMap<Field, Value> = owned
        .iter()
        .chain(&shared)
        .map(|field| (field.clone(), stored(&connection, field)))
        .collect();
    let token = support::admin_token();
    let per_client = updates().div_ceil(CLIENTS);
    let http = reqwest::Client::new();
    let started = std::time::Instant::now();
    let tasks: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let mine: Vec<Field> = owned
                .iter()
                .skip(client)
                .step_by(CLIENTS)
                .cloned()
                .collect();
            let (shared, http, base, token) = (
                shared.clone(),
                http.clone(),
                shop.base.clone(),
                token.clone(),
            );
            tokio::spawn(async move {
                let mut dice = Dice(client as u64 + 1);
                // The last acknowledged value this client wrote to each field.
                let mut written: BTreeMap<Field, Value> = BTreeMap::new();
                for round in 0..per_client {
                    let value = format!("{}x{}", letters(client), letters(round));
                    let roll = dice.roll(20);
                    let target = if roll < 3 || mine.is_empty() {
                        shared[dice.roll(shared.len())].clone()
                    } else {
                        mine[dice.roll(mine.len())].clone()
                    };
                    // Every field of this client in the same customer, in one partial update.
                    let batch: Vec<&Field> = if shared.contains(&target) {
                        vec![&target]
                    } else {
                        mine.iter().filter(|f| same_customer(f, &target)).collect()
                    };
                    let refused = roll >= 17;
                    if update(&http, &base, &token, &batch, &value, refused).await {
                        for field in batch {
                            written.insert(field.clone(), json!(value));
                        }
                    }
                }
                written
            })
        })
        .collect();
    let mut written = Vec::new();
    for task in tasks {
        written.push(task.await.unwrap());
    }
    let elapsed = started.elapsed();
    eprintln!(
        "{} updates from {CLIENTS} clients in {elapsed:.1?}",
        per_client * CLIENTS
    );
    for field in &owned {
        let expected = written
            .iter()
            .find_map(|w| w.get(field))
            .unwrap_or(&initial[field]);
        assert_eq!(&stored(&connection, field), expected, "{field:?}");
    }
    for field in &shared {
        let candidates: Vec<&Value> = written.iter().filter_map(|w| w.get(field)).collect();
        let value = stored(&connection, field);
        assert!(
            candidates.contains(&&value) || (candidates.is_empty() && value == initial[field]),
            "{field:?} = {value} is no client's last write"
        );
    }
}
