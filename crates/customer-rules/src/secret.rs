//! Credentials compared in constant time: how long a comparison takes must not tell a caller
//! how much of a guessed token or customer key was right.

use subtle::ConstantTimeEq;

/// The position of the secret equal to `presented` among `secrets`. Every secret is compared,
/// each in time that depends on the lengths only, so neither the matching prefix nor which
/// secret matched shows in the time taken.
pub(crate) fn position<'a>(
    secrets: impl IntoIterator<Item = &'a str>,
    presented: &str,
) -> Option<usize> {
    let mut found = None;
    for (index, secret) in secrets.into_iter().enumerate() {
        if bool::from(secret.as_bytes().ct_eq(presented.as_bytes())) {
            found = found.or(Some(index));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::position;

    #[test]
    fn finds_only_the_exact_secret() {
        let secrets = ["alpha-token", "beta-token"];
        assert_eq!(position(secrets, "beta-token"), Some(1));
        for guess in [
            "",
            "beta",
            "beta-token ",
            "BETA-TOKEN",
            "beta-tokeN",
            "gamma-token",
        ] {
            assert_eq!(position(secrets, guess), None, "{guess:?}");
        }
        assert_eq!(position([], "alpha-token"), None);
    }
}
