//! Credentials: Magento answers 401 to every request without a valid admin token and changes
//! nothing; an Open2b customer key changes its own customer and no other.

use serde_json::json;

use crate::support::{self, FileShop, SHERLOCK, WATSON};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn magento_without_a_valid_admin_token_is_401_and_changes_nothing() {
    let shop = FileShop::start("auth-magento").await;
    let http = reqwest::Client::new();
    let token = support::admin_token();
    let before = shop.dump();
    let mut prefix = token.clone();
    prefix.pop();
    let authorizations: Vec<Option<String>> = vec![
        None,
        Some(String::new()),
        Some("Bearer".into()),
        Some("Bearer ".into()),
        Some(format!("Bearer {token}x")),
        Some(format!("Bearer {prefix}")),
        Some(format!("Bearer {}", token.to_uppercase())),
        // Two spaces split into three pieces. (A trailing space never reaches the shop: HTTP
        // strips it from header values.)
        Some(format!("Bearer  {token}")),
        Some(format!("Basic {token}")),
        Some(token.clone()),
        Some(format!("Bearer {SHERLOCK}")),
        Some("Bearer ' OR '1'='1".into()),
    ];
    let body = serde_json::to_vec(&json!({"customer": {"firstname": "Mallory"}})).unwrap();
    let mut requests = 0;
    for (method, resource) in [
        ("PUT", "Magento_Customer::manage"),
        ("GET", "Magento_Customer::customer"),
        ("DELETE", "Magento_Customer::delete"),
    ] {
        for id in ["1", "2", "999", "abc"] {
            for authorization in &authorizations {
                let mut headers = vec![("Content-Type", "application/json")];
                if let Some(authorization) = authorization {
                    headers.push(("Authorization", authorization.as_str()));
                }
                let path = format!("/rest/default/V1/customers/{id}");
                let answer =
                    support::send(&http, &shop.base, method, &path, &headers, body.clone()).await;
                assert_eq!(
                    answer.status, 401,
                    "{method} {id} {authorization:?}: {answer:?}"
                );
                assert_eq!(
                    answer.body,
                    json!({"message": "The consumer isn't authorized to access %resources.",
                           "parameters": {"resources": resource}}),
                    "{method} {id} {authorization:?}"
                );
                requests += 1;
            }
        }
    }
    assert_eq!(requests, 3 * 4 * authorizations.len());
    assert_eq!(
        shop.dump(),
        before,
        "a request without a valid token changed the database"
    );

    // The same request with the token is accepted: the refusals were about the token alone.
    let bearer = format!("bearer {token}");
    let answer = support::send(
        &http,
        &shop.base,
        "PUT",
        "/rest/default/V1/customers/1",
        &[
            ("Content-Type", "application/json"),
            ("Authorization", &bearer),
        ],
        body,
    )
    .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_ne!(shop.dump(), before);
}

#[tokio::test]
async fn an_open2b_key_changes_its_own_customer_only() {
    let shop = FileShop::start("auth-open2b").await;
    let http = reqwest::Client::new();
    let before = shop.dump();
    let others = |dump: &[String]| -> Vec<String> {
        dump.iter()
            .filter(|row| !row.contains(SHERLOCK))
            .cloned()
            .collect()
    };
    let update = |body: serde_json::Value| {
        let (http, base) = (http.clone(), shop.base.clone());
        async move {
            support::send(
                &http,
                &base,
                "POST",
                "/api/v10/storefront.update-customer",
                &[("X-Customer-Key", SHERLOCK)],
                serde_json::to_vec(&body).unwrap(),
            )
            .await
        }
    };
    let answer = update(json!({"customer": {"billingAddress": {"city": "Bath"}}})).await;
    assert_eq!(answer.body, json!({"status": "ok"}));
    let after = shop.dump();
    assert_ne!(after, before);
    assert_eq!(others(&after), others(&before), "another customer changed");
    // No member of the body can name another customer.
    for member in ["key", "customerKey", "id"] {
        let answer =
            update(json!({"customer": {member: WATSON, "billingAddress": {"city": "Rye"}}})).await;
        assert_eq!(
            answer.body["error"]["type"], "UnknownField",
            "{member}: {answer:?}"
        );
        let answer =
            update(json!({member: WATSON, "customer": {"billingAddress": {"city": "Rye"}}})).await;
        assert_eq!(
            answer.body["error"]["type"], "UnknownField",
            "{member}: {answer:?}"
        );
    }
    assert_eq!(shop.dump(), after);
}
