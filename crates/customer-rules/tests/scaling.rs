//! The scaling check: every field validator and every request-level structure of both shops is
//! fed a pathological request at a small and at a 16 times larger size, through the shop's whole
//! path (`respond`: JSON decoding, the webapi reader, every check, the merge and the answer).
//!
//! The bound is a ratio, so that it holds on a busy machine: the large request is timed once and
//! the small one sixteen times in a row, the best of three rounds each. Work linear in the input
//! makes both about equal (factor ≈ 1); quadratic work makes the large one about 16 times
//! slower. A factor above [`MAX_FACTOR`] fails, unless the large request is answered within
//! [`NEGLIGIBLE`]. Sizes are 64 KiB and 1 MiB; `cargo xtask test` runs it in a release build
//! (`cargo test --release -p customer-rules --test scaling`), where the times are the shop's.

use std::fmt::Write as _;
use std::fs;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use customer_rules::HttpRequest;
use customer_rules::magento::{self, Clock, Context, Date, StoredAddress, StoredCustomer};
use customer_rules::open2b;
use serde_json::Value;

/// The largest accepted time of one large request over sixteen small ones. Linear work gives
/// about 1 and quadratic work about 16; 6 leaves room for what changes with size besides the
/// algorithm (a 1 MiB request's values outgrow the processor's caches, large buffers are
/// mapped fresh).
const MAX_FACTOR: f64 = 6.0;

/// A large request answered faster than this passes whatever its factor: at these sizes the
/// factor of such short times measures allocation and cache effects (a 1 MiB string is mapped
/// fresh, a 64 KiB one is reused), not the algorithm, and a quadratic check at 1 MiB takes
/// seconds.
const NEGLIGIBLE: Duration = Duration::from_millis(50);

/// The small size in bytes; the large one is sixteen times it.
const SMALL: usize = 64 << 10;

const ROUNDS: usize = 3;

fn fixture() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/default.json");
    serde_json::from_str(&fs::read_to_string(path).expect("default fixture")).expect("JSON")
}

fn clock() -> Clock {
    Clock {
        today: Date::parse_iso("2026-06-15").expect("date"),
        now: String::from("2026-06-15 12:00:00"),
    }
}

/// The best time of [`ROUNDS`] rounds of `times` calls of `call`.
fn best(times: usize, call: &dyn Fn()) -> Duration {
    (0..ROUNDS)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..times {
                call();
            }
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// One pathological request of about `size` bytes.
struct Input {
    name: &'static str,
    body: fn(usize) -> String,
}

/// `unit` repeated to about `size` bytes.
fn repeat(unit: &str, size: usize) -> String {
    unit.repeat((size / unit.len()).max(1))
}

/// A JSON string literal of `text`.
fn string(text: &str) -> String {
    Value::String(text.to_owned()).to_string()
}

/// `items` joined with commas, each made by `item` from its index, to about `size` bytes.
fn list(size: usize, item: impl Fn(usize) -> String) -> String {
    let mut out = String::new();
    let mut index = 0;
    while out.len() < size {
        if index > 0 {
            out.push(',');
        }
        out.push_str(&item(index));
        index += 1;
    }
    out
}

fn magento_customer(member: &str) -> String {
    format!(r#"{{"customer":{{{member}}}}}"#)
}

fn magento_field(field: &'static str, unit: &'static str) -> impl Fn(usize) -> String {
    move |size| magento_customer(&format!("\"{field}\":{}", string(&repeat(unit, size))))
}

fn magento_address(member: &str) -> String {
    magento_customer(&format!(
        r#""addresses":[{{"firstname":"Jane","lastname":"Doe","street":["1 Main St"],"city":"Austin","country_id":"US","region_id":57,"postcode":"78701","telephone":"512-555-0100",{member}}}]"#
    ))
}

fn magento_address_field(field: &'static str, unit: &'static str) -> impl Fn(usize) -> String {
    move |size| magento_address(&format!("\"{field}\":{}", string(&repeat(unit, size))))
}

const MAGENTO: &[Input] = &[
    Input {
        name: "firstname of <script><",
        body: |size| magento_field("firstname", "<script><")(size),
    },
    Input {
        name: "lastname of <script> without a closing tag",
        body: |size| magento_field("lastname", "<script>")(size),
    },
    Input {
        name: "middlename of -. then <",
        body: |size| magento_field("middlename", "-.<")(size),
    },
    Input {
        name: "prefix of letters",
        body: |size| magento_field("prefix", "ab")(size),
    },
    Input {
        name: "taxvat of letters",
        body: |size| magento_field("taxvat", "ab")(size),
    },
    Input {
        name: "email with a long local part",
        body: |size| {
            magento_customer(&format!(
                "\"email\":{}",
                string(&(repeat("a", size) + "@example.com"))
            ))
        },
    },
    Input {
        name: "email with many host labels",
        body: |size| {
            magento_customer(&format!(
                "\"email\":{}",
                string(&(String::from("a@") + &repeat("a.", size) + "com"))
            ))
        },
    },
    Input {
        name: "email with many punycode labels",
        body: |size| {
            magento_customer(&format!(
                "\"email\":{}",
                string(&(String::from("a@") + &repeat("xn--a.", size) + "com"))
            ))
        },
    },
    Input {
        name: "email of dots and at signs",
        body: |size| magento_field("email", ".@")(size),
    },
    Input {
        name: "dob of spaces",
        body: |size| {
            magento_customer(&format!(
                "\"dob\":{}",
                string(&(repeat(" ", size) + "1990-01-15"))
            ))
        },
    },
    Input {
        name: "dob of words",
        body: |size| magento_field("dob", "next ")(size),
    },
    Input {
        name: "keys that fold together",
        body: |size| {
            let keys = list(size, |i| format!("\"k{i}\":1,\"k_{i}\":2"));
            format!(
                r#"{{"customer":{{"firstname":"Jane",{}}},{keys}}}"#,
                r#""lastname":"Doe""#
            )
        },
    },
    Input {
        name: "unknown keys of the customer",
        body: |size| magento_customer(&list(size, |i| format!("\"k{i}\":1"))),
    },
    Input {
        name: "custom_attributes with one code repeated",
        body: |size| {
            magento_customer(&format!(
                "\"custom_attributes\":[{}]",
                list(size, |i| format!(
                    r#"{{"attribute_code":"c{}","value":"v"}}"#,
                    i % 2
                ))
            ))
        },
    },
    Input {
        name: "custom_attributes as an object",
        body: |size| {
            magento_customer(&format!(
                "\"custom_attributes\":{{{}}}",
                list(size, |i| format!("\"c{i}\":\"v\""))
            ))
        },
    },
    Input {
        name: "empty addresses",
        body: |size| {
            magento_customer(&format!(
                "\"addresses\":[{}]",
                list(size, |_| String::from("{}"))
            ))
        },
    },
    Input {
        name: "stored addresses named again and again",
        body: |size| {
            magento_customer(&format!(
                "\"addresses\":[{}]",
                list(size, |i| format!("{{\"id\":{}}}", 1 + i % 2))
            ))
        },
    },
    Input {
        name: "new valid addresses",
        body: |size| {
            magento_customer(&format!(
                "\"addresses\":[{}]",
                list(size, |_| String::from(
                    r#"{"firstname":"J","lastname":"D","street":["1 Main"],"city":"Austin","country_id":"US","region_id":57,"postcode":"1","telephone":"1"}"#
                ))
            ))
        },
    },
    Input {
        name: "street of many lines",
        body: |size| {
            magento_address(&format!(
                "\"street\":[{}]",
                list(size, |_| String::from("\"a\""))
            ))
        },
    },
    Input {
        name: "street line of punctuation",
        body: |size| magento_address(&format!("\"street\":[{}]", string(&repeat("a,-'", size)))),
    },
    Input {
        name: "city of letters then a digit",
        body: |size| magento_address_field("city", "a-")(size),
    },
    Input {
        name: "telephone of digits",
        body: |size| magento_address_field("telephone", "1 ")(size),
    },
    Input {
        name: "company of <script><",
        body: |size| magento_address_field("company", "<script><")(size),
    },
    Input {
        name: "region text",
        body: |size| {
            magento_address(&format!(
                "\"region\":{{\"region\":{}}}",
                string(&repeat("Tx", size))
            ))
        },
    },
    Input {
        name: "nested arrays in a custom attribute value",
        body: |size| {
            magento_customer(&format!(
                "\"custom_attributes\":[{{\"attribute_code\":\"c\",\"value\":[{}]}}]",
                list(size, |_| format!("{}{}", "[".repeat(60), "]".repeat(60)))
            ))
        },
    },
];

fn open2b_customer(member: &str) -> String {
    format!(r#"{{"customer":{{{member}}}}}"#)
}

fn open2b_billing(field: &'static str, unit: &'static str) -> impl Fn(usize) -> String {
    move |size| {
        open2b_customer(&format!(
            "\"billingAddress\":{{\"{field}\":{}}}",
            string(&repeat(unit, size))
        ))
    }
}

const OPEN2B: &[Input] = &[
    Input {
        name: "billing first name",
        body: |size| open2b_billing("firstName", "ab")(size),
    },
    Input {
        name: "billing email of dots and at signs",
        body: |size| open2b_billing("email", ".@")(size),
    },
    Input {
        name: "billing postal code",
        body: |size| open2b_billing("postalCode", "1 ")(size),
    },
    Input {
        name: "billing phone number",
        body: |size| open2b_billing("phoneNumber", "+1")(size),
    },
    Input {
        name: "shipping name",
        body: |size| {
            open2b_customer(&format!(
                "\"shippingAddress\":{{\"name\":{}}}",
                string(&repeat("ab", size))
            ))
        },
    },
    Input {
        name: "invoice recipient",
        body: |size| {
            open2b_customer(&format!(
                "\"invoiceRecipient\":{}",
                string(&repeat("a@b.", size))
            ))
        },
    },
    Input {
        name: "cart token",
        body: |size| open2b_customer(&format!("\"cart\":{}", string(&repeat("ab", size)))),
    },
    Input {
        name: "wish list of repeated products",
        body: |size| {
            open2b_customer(&format!(
                "\"wishList\":[{}]",
                list(size, |i| (i % 3).to_string())
            ))
        },
    },
    Input {
        name: "newsletter lists that do not exist",
        body: |size| {
            open2b_customer(&format!(
                "\"newsletterLists\":[{}]",
                list(size, |i| (100 + i % 7).to_string())
            ))
        },
    },
    Input {
        name: "privacy consents repeated",
        body: |size| {
            open2b_customer(&format!(
                "\"privacyConsents\":[{}]",
                list(size, |i| (1 + i % 4).to_string())
            ))
        },
    },
    Input {
        name: "unknown fields",
        body: |size| open2b_customer(&list(size, |i| format!("\"k{i}\":1"))),
    },
    Input {
        name: "nested arrays in the wish list",
        body: |size| {
            open2b_customer(&format!(
                "\"wishList\":[{}]",
                list(size, |_| format!("{}{}", "[".repeat(60), "]".repeat(60)))
            ))
        },
    },
];

/// Times every input and lists those whose factor is above [`MAX_FACTOR`].
fn check(inputs: &[Input], respond: &dyn Fn(String)) -> Vec<String> {
    let mut failures = Vec::new();
    let mut report = String::new();
    for input in inputs {
        let small = (input.body)(SMALL);
        let large = (input.body)(SMALL * 16);
        let small_time = best(16, &|| respond(small.clone()));
        let large_time = best(1, &|| respond(large.clone()));
        let factor = large_time.as_secs_f64() / small_time.as_secs_f64().max(1e-9);
        let _ = writeln!(
            report,
            "{:>6.2}  {} ({} B: {:?}; {} B ×16: {:?})",
            factor,
            input.name,
            large.len(),
            large_time,
            small.len(),
            small_time
        );
        if factor > MAX_FACTOR && large_time > NEGLIGIBLE {
            failures.push(format!(
                "{} grows {factor:.1} times faster than its input",
                input.name
            ));
        }
    }
    eprintln!("{report}");
    failures
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "timed in a release build by cargo xtask test"
)]
fn magento_checks_grow_linearly() {
    let fixture = fixture();
    let shop: magento::Shop = serde_json::from_value(fixture["magento"].clone()).expect("shop");
    let clock = clock();
    let failures = check(MAGENTO, &|raw| {
        let request = HttpRequest {
            method: String::from("PUT"),
            path: String::from("/rest/default/V1/customers/1"),
            headers: [
                (
                    String::from("Authorization"),
                    format!("Bearer {}", shop.admin_tokens[0]),
                ),
                (
                    String::from("Content-Type"),
                    String::from("application/json"),
                ),
            ]
            .into(),
            body: None,
            raw: Some(raw),
        };
        black_box(magento::respond(&shop, &request, &clock));
    });
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "timed in a release build by cargo xtask test"
)]
fn open2b_checks_grow_linearly() {
    let fixture = fixture();
    let shop: open2b::Shop = serde_json::from_value(fixture["open2b"].clone()).expect("shop");
    let key = shop.customers[0].key.clone();
    let failures = check(OPEN2B, &|raw| {
        let request = HttpRequest {
            method: String::from("POST"),
            path: String::from("/api/v10/storefront.update-customer"),
            headers: [
                (String::from("X-Customer-Key"), key.clone()),
                (
                    String::from("Content-Type"),
                    String::from("application/json"),
                ),
            ]
            .into(),
            body: None,
            raw: Some(raw),
        };
        black_box(open2b::respond(&shop, &request));
    });
    assert!(failures.is_empty(), "{failures:#?}");
}

/// A customer of `count` addresses in the US, ids 1…count.
fn customer_with_addresses(id: i64, email: String, count: usize) -> StoredCustomer {
    StoredCustomer {
        id,
        email,
        firstname: String::from("Jane"),
        lastname: String::from("Doe"),
        website_id: 1,
        store_id: 1,
        addresses: (1..=i64::try_from(count).unwrap_or(i64::MAX))
            .map(|address| StoredAddress {
                id: id * 1_000_000 + address,
                country_id: Some(String::from("US")),
                region_id: Some(57),
                street: vec![String::from("1 Main St")],
                city: Some(String::from("Austin")),
                postcode: Some(String::from("78701")),
                telephone: Some(String::from("512-555-0100")),
                firstname: Some(String::from("Jane")),
                lastname: Some(String::from("Doe")),
                ..StoredAddress::default()
            })
            .collect(),
        ..StoredCustomer::default()
    }
}

/// One call of the rules with all it needs, prepared for an input of about `size` bytes.
type Prepared = Box<dyn Fn()>;

/// A named way to prepare a call for a size.
type Preparation = (&'static str, fn(usize) -> Prepared);

/// A long email checked for uniqueness against a context of many customers (the context and
/// the email each about half of the input).
fn email_against_many_customers(size: usize) -> Prepared {
    let email = format!("{}@example.com", "a".repeat(size / 2));
    let others = (0..size / 40)
        .map(|i| {
            let id = 10 + i64::try_from(i).unwrap_or(0);
            customer_with_addresses(id, format!("c{i}@example.com"), 0)
        })
        .collect();
    let stored = customer_with_addresses(1, String::from("jane@example.com"), 0);
    let context = Context {
        customers: Some(others),
        ..Context::default()
    };
    let body = serde_json::json!({"customer": {"email": email}});
    Box::new(move || {
        black_box(magento::validate(
            &body,
            Some(&stored),
            &magento::Config::default(),
            &context,
            &clock(),
        ));
    })
}

/// A stored customer of many addresses, each named again by the body (in reverse order).
fn many_stored_addresses_named(size: usize) -> Prepared {
    let stored = customer_with_addresses(1, String::from("jane@example.com"), size / 100);
    let ids: Vec<Value> = stored
        .addresses
        .iter()
        .rev()
        .map(|address| serde_json::json!({"id": address.id}))
        .collect();
    let body = serde_json::json!({"customer": {"addresses": ids}});
    let context = Context {
        customers: Some(vec![stored.clone()]),
        ..Context::default()
    };
    Box::new(move || {
        black_box(magento::validate(
            &body,
            Some(&stored),
            &magento::Config::default(),
            &context,
            &clock(),
        ));
    })
}

/// `diff` between two customers of many addresses, each changed, listed in another order.
fn diff_of_many_addresses(size: usize) -> Prepared {
    let before = customer_with_addresses(1, String::from("jane@example.com"), size / 100);
    let mut after = before.clone();
    after.addresses.reverse();
    for address in &mut after.addresses {
        address.city = Some(String::from("Dallas"));
    }
    Box::new(move || {
        black_box(magento::diff(&before, &after));
    })
}

/// What a caller passes besides the body grows with the input too: a context of many customers
/// and a stored customer of many addresses.
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "timed in a release build by cargo xtask test"
)]
fn magento_checks_against_a_large_context_grow_linearly() {
    let inputs: [Preparation; 3] = [
        (
            "a long email against many customers",
            email_against_many_customers,
        ),
        (
            "a stored customer of many addresses, all named",
            many_stored_addresses_named,
        ),
        (
            "diff of two customers of many addresses",
            diff_of_many_addresses,
        ),
    ];
    let mut failures = Vec::new();
    for (name, prepare) in inputs {
        let small = prepare(SMALL);
        let large = prepare(SMALL * 16);
        let small_time = best(16, &*small);
        let large_time = best(1, &*large);
        let factor = large_time.as_secs_f64() / small_time.as_secs_f64().max(1e-9);
        eprintln!("{factor:>6.2}  {name} ({large_time:?}; ×16: {small_time:?})");
        if factor > MAX_FACTOR && large_time > NEGLIGIBLE {
            failures.push(format!(
                "{name} grows {factor:.1} times faster than its input"
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
