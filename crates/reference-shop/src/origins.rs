//! Which web pages a browser lets call the shop (CORS). Pages served from this machine are
//! allowed (the demo, a dev server); any other origin only when named with `--allow-origin`.
//! `null` (sandboxed frames, `file:` pages, some redirects) is never allowed: every such page
//! shares it, so allowing it would allow them all.

use axum::http::HeaderValue;

/// The hosts of a page served from this machine.
const LOOPBACK_HOSTS: [&str; 3] = ["127.0.0.1", "localhost", "[::1]"];

/// The origins allowed to call the shop: every loopback origin (`http` or `https`, any port),
/// and those named.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllowedOrigins {
    named: Vec<String>,
}

impl AllowedOrigins {
    /// Loopback origins, and `named` (each as [`parse_origin`] returns it).
    pub fn with(named: Vec<String>) -> AllowedOrigins {
        AllowedOrigins { named }
    }

    /// True when a page of `origin` (an `Origin` header's value) may call the shop.
    pub fn allows(&self, origin: &HeaderValue) -> bool {
        let Ok(origin) = origin.to_str() else {
            return false;
        };
        is_loopback(origin) || self.named.iter().any(|named| named == origin)
    }
}

/// `http://127.0.0.1:5173`, `https://localhost`, `http://[::1]:8080`: a browser's serialization
/// of a loopback origin.
fn is_loopback(origin: &str) -> bool {
    let Some(authority) = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
    else {
        return false;
    };
    LOOPBACK_HOSTS.iter().any(|host| {
        authority.strip_prefix(host).is_some_and(|rest| {
            rest.is_empty()
                || rest.strip_prefix(':').is_some_and(|port| {
                    !port.is_empty()
                        && port.len() <= 5
                        && port.bytes().all(|byte| byte.is_ascii_digit())
                })
        })
    })
}

/// Reads an origin given on the command line: `scheme://host[:port]`, as a browser sends it in
/// `Origin` (lower case, no path, no trailing slash; a trailing slash is dropped).
pub fn parse_origin(text: &str) -> Result<String, String> {
    let origin = text.trim().trim_end_matches('/').to_ascii_lowercase();
    if origin == "null" || origin == "*" {
        return Err(format!(
            "{text:?} cannot be allowed: it would let any page edit the shop; name the page's origin, e.g. https://app.example.com"
        ));
    }
    let authority = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"));
    match authority {
        Some(authority)
            if !authority.is_empty()
                && !authority.contains(['/', '?', '#', '@', ' '])
                && HeaderValue::from_str(&origin).is_ok() =>
        {
            Ok(origin)
        }
        _ => Err(format!(
            "{text:?} is not an origin: expected scheme://host[:port], e.g. https://app.example.com"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::{AllowedOrigins, parse_origin};
    use axum::http::HeaderValue;

    fn allows(origins: &AllowedOrigins, origin: &str) -> bool {
        origins.allows(&HeaderValue::from_str(origin).unwrap())
    }

    #[test]
    fn loopback_pages_are_allowed_and_no_other_by_default() {
        let origins = AllowedOrigins::default();
        for origin in [
            "http://127.0.0.1:41234",
            "http://localhost:5173",
            "http://[::1]:8080",
            "https://localhost",
        ] {
            assert!(allows(&origins, origin), "{origin}");
        }
        for origin in [
            "null",
            "http://evil.example",
            "http://localhost.evil.example",
            "http://127.0.0.1.evil.example:80",
            "http://localhost:80/",
            "http://localhost:",
            "http://localhost:123456",
            "file://",
            "http://[::1]@evil.example",
        ] {
            assert!(!allows(&origins, origin), "{origin}");
        }
    }

    #[test]
    fn named_origins_are_allowed_exactly() {
        let origins = AllowedOrigins::with(vec![parse_origin("https://App.example.com/").unwrap()]);
        assert!(allows(&origins, "https://app.example.com"));
        assert!(!allows(&origins, "http://app.example.com"));
        assert!(!allows(&origins, "https://app.example.com:8443"));
    }

    #[test]
    fn null_any_and_non_origins_are_refused_on_the_command_line() {
        for text in [
            "null",
            "*",
            "app.example.com",
            "https://x/path",
            "ftp://x",
            "https://",
        ] {
            assert!(parse_origin(text).is_err(), "{text}");
        }
    }
}
