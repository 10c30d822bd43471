//! Renames a Magento customer and shows the shop's answer to a bad email.
//!
//! Start the reference shop first (`cargo run -p reference-shop -- --fixtures
//! tests/fixtures/default.json --db :memory:`), then `cargo run -p customer-client --example
//! magento_update`. `SHOP_URL` and `MAGENTO_TOKEN` point it elsewhere.

use customer_client::{Error, MagentoClient, Rejection};
use customer_rules::Patch;
use customer_rules::magento::{CustomerRequest, SaveRequest};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let base_url = std::env::var("SHOP_URL").unwrap_or_else(|_| "http://127.0.0.1:8080".into());
    let token = std::env::var("MAGENTO_TOKEN")
        .unwrap_or_else(|_| "eyJraWQiOiIxIiwiYWxnIjoiSFMyNTYifQ.admin.token".into());
    let shop = MagentoClient::builder(base_url)
        .store_code("default")
        .bearer(token)
        .build()?;

    let jane = shop
        .patch_customer(1, |jane| jane.middlename = Some("Quinn".into()))
        .await?;
    println!(
        "stored: {} {:?} {}",
        jane.firstname, jane.middlename, jane.lastname
    );

    let bad_email = SaveRequest {
        customer: CustomerRequest {
            email: Patch::Value("jane@localhost".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    match shop.put_customer(1, &bad_email).await {
        // Refused before sending: the rules know the shop's answer.
        Err(Error::Predicted {
            rejection: Rejection::Magento(error),
            ..
        }) => {
            println!(
                "not sent, the shop would refuse it with HTTP {}:",
                error.status
            );
            for message in error.messages() {
                println!("  {message}");
            }
        }
        Err(Error::Rejected(Rejection::Magento(error))) => {
            println!("refused with HTTP {}:", error.status);
            for message in error.messages() {
                println!("  {message}");
            }
        }
        other => println!("unexpected: {other:?}"),
    }
    Ok(())
}
