//! `MagentoAccountClient` against the reference shop: the customer's own `/V1/customers/me` with
//! her customer token from `tests/fixtures/default.json`.

use std::path::Path;

use customer_client::{Error, MagentoAccountClient, Rejection};
use customer_rules::Patch;
use customer_rules::magento::{CustomerRequest, SaveRequest};
use reference_shop::{Fixture, RunningShop};

fn fixture() -> Fixture {
    Fixture::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/default.json"))
        .unwrap()
}

/// The customer token of the fixture's customer `id`.
fn token_of(fixture: &Fixture, id: i64) -> String {
    fixture
        .magento
        .customer_tokens
        .iter()
        .find(|(_, customer)| **customer == id)
        .map(|(token, _)| token.clone())
        .expect("the fixture has a token of this customer")
}

fn rejection(result: Result<impl std::fmt::Debug, Error>) -> (u16, String) {
    match result {
        Err(Error::Rejected(Rejection::Magento(error))) => (error.status, error.message()),
        other => panic!("expected Magento's refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn reads_and_patches_her_own_customer() {
    let fixture = fixture();
    let shop = RunningShop::start(&fixture).await.unwrap();
    let jane = MagentoAccountClient::builder(shop.base_url(), token_of(&fixture, 1))
        .build()
        .unwrap();

    let me = jane.me().await.unwrap();
    assert_eq!((me.id, me.email.as_str()), (1, "jane.doe@example.com"));

    // `?customerId=1` makes the shop merge: only the changed field is sent, the rest is kept.
    let saved = jane
        .patch_me(|customer| customer.lastname = "Roe".into())
        .await
        .unwrap();
    assert_eq!(saved.lastname, "Roe");
    assert_eq!(saved.addresses.len(), 2);
    let stored = shop.store.magento_customer(1).unwrap().unwrap();
    assert_eq!(
        (stored.lastname.as_str(), stored.dob.as_deref()),
        ("Roe", Some("1990-01-15"))
    );
}

#[tokio::test]
async fn put_me_saves_the_body_as_her_whole_customer() {
    let fixture = fixture();
    let shop = RunningShop::start(&fixture).await.unwrap();
    let jane = MagentoAccountClient::builder(shop.base_url(), token_of(&fixture, 1))
        .build()
        .unwrap();

    // Without a merge, a body without the email saves a customer without one.
    let partial = SaveRequest {
        customer: CustomerRequest {
            lastname: Patch::Value("Roe".into()),
            ..CustomerRequest::default()
        },
        ..SaveRequest::default()
    };
    assert_eq!(
        rejection(jane.put_me(&partial).await),
        (
            400,
            String::from("The customer email is missing. Enter and try again.")
        )
    );

    // The body's id is replaced by the token's customer: customer 1 is saved, 2 is untouched.
    let whole = SaveRequest {
        customer: CustomerRequest {
            id: Patch::Value(2),
            email: Patch::Value("jane.doe@example.com".into()),
            firstname: Patch::Value("Jane".into()),
            lastname: Patch::Value("Roe".into()),
            ..CustomerRequest::default()
        },
        ..SaveRequest::default()
    };
    let saved = jane.put_me(&whole).await.unwrap();
    assert_eq!((saved.id, saved.lastname.as_str()), (1, "Roe"));
    let john = shop.store.magento_customer(2).unwrap().unwrap();
    assert_eq!(john.lastname, "Smith");
}

#[tokio::test]
async fn a_body_the_webapi_layer_refuses_is_not_sent() {
    // Nothing listens on port 9 of the loopback: a request sent would be a transport error.
    let jane = MagentoAccountClient::builder("http://127.0.0.1:9", "any-token")
        .build()
        .unwrap();
    let script = SaveRequest {
        customer: CustomerRequest {
            firstname: Patch::Value("<script>alert(1)</script>".into()),
            ..CustomerRequest::default()
        },
        ..SaveRequest::default()
    };
    match jane.put_me(&script).await {
        Err(Error::Predicted {
            rejection: Rejection::Magento(error),
            ..
        }) => assert_eq!(
            error.message(),
            "\"firstname\" does not contains valid value."
        ),
        other => panic!("expected a predicted rejection, got {other:?}"),
    }
}

#[tokio::test]
async fn only_her_token_in_a_store_of_her_website_reaches_me() {
    let fixture = fixture();
    let shop = RunningShop::start(&fixture).await.unwrap();
    let refused = (
        401,
        String::from("The consumer isn't authorized to access self."),
    );
    let admin = MagentoAccountClient::builder(shop.base_url(), &fixture.magento.admin_tokens[0])
        .build()
        .unwrap();
    assert_eq!(rejection(admin.me().await), refused);
    // Customer 3 belongs to website 2: refused in `default`, answered in `second_store`.
    let other = MagentoAccountClient::builder(shop.base_url(), token_of(&fixture, 3));
    assert_eq!(
        rejection(other.clone().build().unwrap().me().await),
        refused
    );
    let me = other
        .store_code("second_store")
        .build()
        .unwrap()
        .me()
        .await
        .unwrap();
    assert_eq!((me.id, me.lastname.as_str()), (3, "Other"));
}
