//! An HTTP request as the shops receive it, for the checks that come before the body is read
//! (routing, authentication, content type, JSON decoding).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A request to one of the shops' endpoints, in the conformance-case format.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct HttpRequest {
    /// HTTP method, e.g. `PUT`.
    pub method: String,
    /// Path with query string, e.g. `/rest/default/V1/customers/1`.
    pub path: String,
    /// Request headers; names compare case-insensitively through [`HttpRequest::header`].
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// A JSON body.
    #[cfg_attr(feature = "typescript", tsify(type = "unknown"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    /// A body sent as raw text, for requests that are not valid JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw: Option<String>,
}

impl HttpRequest {
    /// The value of a header, matching its name case-insensitively as HTTP does.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The `raw` text of a body received as bytes, as both shops decode it.
    ///
    /// UTF-8 is kept as it is. Bytes that are not UTF-8 make JSON decoding fail in both shops:
    /// PHP's `json_decode` reports `JSON_ERROR_UTF8`, so Magento answers "Decoding error.", and
    /// Open2b answers `Malformed` (Assumption 1, "malformed JSON envelope"). Every invalid
    /// sequence becomes U+0000, which no JSON text admits unescaped, inside a string or out of
    /// one: the text still fails to decode, and is not empty, so the checks before decoding
    /// (route, method, credentials, content type) answer exactly as they would for the bytes.
    pub fn raw_from_bytes(bytes: &[u8]) -> String {
        let mut text = String::with_capacity(bytes.len());
        for chunk in bytes.utf8_chunks() {
            text.push_str(chunk.valid());
            if !chunk.invalid().is_empty() {
                text.push('\0');
            }
        }
        text
    }

    /// The body as the bytes on the wire: the raw text, or the JSON serialised.
    pub fn body_text(&self) -> String {
        match (&self.raw, &self.body) {
            (Some(raw), _) => raw.clone(),
            (None, Some(body)) => body.to_string(),
            (None, None) => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::HttpRequest;

    #[test]
    fn header_names_are_case_insensitive() {
        let request: HttpRequest = serde_json::from_str(
            r#"{"method":"POST","path":"/x","headers":{"X-Customer-Key":"k"},"raw":"{"}"#,
        )
        .unwrap();
        assert_eq!(request.header("x-customer-key"), Some("k"));
        assert_eq!(request.body_text(), "{");
    }

    #[test]
    fn bytes_that_are_not_utf8_never_decode_as_json() {
        assert_eq!(
            HttpRequest::raw_from_bytes("{\"a\":\"é\"}".as_bytes()),
            "{\"a\":\"é\"}"
        );
        // A lossy decoding would turn these into U+FFFD and a valid JSON string.
        for bytes in [
            &b"{\"a\":\"\xff\"}"[..],
            b"\"\xc0\xaf\"",
            b"\xed\xa0\x80",
            b"\xff",
        ] {
            let raw = HttpRequest::raw_from_bytes(bytes);
            assert!(!raw.trim().is_empty(), "{bytes:?}");
            assert!(
                serde_json::from_str::<serde_json::Value>(&raw).is_err(),
                "{bytes:?}"
            );
        }
    }
}
