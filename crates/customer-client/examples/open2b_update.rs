//! Updates an Open2b customer's billing city, detaches the cart, and shows a refusal predicted
//! without a network call.
//!
//! Start the reference shop first (`cargo run -p reference-shop -- --fixtures
//! tests/fixtures/default.json --db :memory:`), then `cargo run -p customer-client --example
//! open2b_update`. `SHOP_URL` and `OPEN2B_KEY` point it elsewhere.

use customer_client::{Error, Open2bClient};
use customer_rules::Patch;
use customer_rules::open2b::{BillingAddressUpdate, CustomerUpdate};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let base_url = std::env::var("SHOP_URL").unwrap_or_else(|_| "http://127.0.0.1:8080".into());
    let key = std::env::var("OPEN2B_KEY").unwrap_or_else(|_| "78FzLADvJ3naIe8d/CJQMA".into());
    let shop = Open2bClient::builder(base_url).build()?;

    let update = CustomerUpdate {
        cart: Patch::Null,
        billing_address: Some(BillingAddressUpdate {
            city: Some("Bath".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    shop.update_customer(&key, &update).await?;
    let customer = shop.customer(&key).await?;
    println!(
        "stored: city {}, cart {:?}",
        customer.billing_address.city, customer.cart
    );

    let too_long = CustomerUpdate {
        billing_address: Some(BillingAddressUpdate {
            first_name: Some("Sherlock Ignatius Holmesworth".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    match shop.update_customer(&key, &too_long).await {
        Err(error @ Error::Predicted { .. }) => println!("{error}"),
        other => println!("unexpected: {other:?}"),
    }
    Ok(())
}
