//! The email format check of the `email` attribute (reference §4.1): Laminas `EmailAddress` with
//! its defaults (`allow = ALLOW_DNS`, no MX check, domain check on, strict) and the hostname
//! validator's TLD check off, as `Magento\Framework\Validator\EmailAddress` configures it; the
//! messages as `Eav/Model/Attribute/Data/AbstractData::_validateInputRule` overrides them.
//! Algorithm read from laminas-validator 2.64.1 `src/EmailAddress.php` and `src/Hostname.php`.

use idna::uts46::{AsciiDenyList, DnsLength, Hyphens, Uts46};

use super::idn_tables::VALID_IDNS;

/// The characters one Laminas IDN label regex accepts.
#[derive(Debug, Clone, Copy)]
pub(super) enum CharSet {
    /// Inclusive ranges.
    Ranges(&'static [(char, char)]),
    /// A bitmap starting at `first` (bit `n` = code point `first + n`).
    Bitmap { first: char, bits: &'static [u8] },
}

impl CharSet {
    fn contains(&self, c: char) -> bool {
        match self {
            CharSet::Ranges(ranges) => ranges.iter().any(|(lo, hi)| (*lo..=*hi).contains(&c)),
            CharSet::Bitmap { first, bits } => {
                let Some(offset) = (c as u32).checked_sub(*first as u32) else {
                    return false;
                };
                let index = usize::try_from(offset / 8).unwrap_or(usize::MAX);
                bits.get(index)
                    .is_some_and(|byte| byte & (1 << (offset % 8)) != 0)
            }
        }
    }

    /// Membership under `/iu`: the character or a simple case variant of it.
    fn contains_ignoring_case(&self, c: char) -> bool {
        if self.contains(c) {
            return true;
        }
        let mut lower = c.to_lowercase();
        let mut upper = c.to_uppercase();
        let single = |it: &mut dyn Iterator<Item = char>| match (it.next(), it.next()) {
            (Some(one), None) => Some(one),
            _ => None,
        };
        single(&mut lower).is_some_and(|l| self.contains(l))
            || single(&mut upper).is_some_and(|u| self.contains(u))
    }
}

/// One `/^[...]{1,max}$/iu` label regex of a TLD.
#[derive(Debug, Clone, Copy)]
pub(super) struct LabelRegex {
    /// The key Laminas gives it (the `$idnLength` lookup uses it).
    pub(super) key: u8,
    /// The repetition maximum.
    pub(super) max: usize,
    /// The character class.
    pub(super) chars: CharSet,
}

impl LabelRegex {
    fn matches(&self, label: &str) -> bool {
        let label = before_final_newline(label);
        let count = label.chars().count();
        (1..=self.max).contains(&count)
            && label.chars().all(|c| self.chars.contains_ignoring_case(c))
    }
}

/// `Hostname::$idnLength`: TLDs whose listed regex keys skip the length check (in PHP 8 the
/// code compares the label length with the whole array, which is never smaller).
const IDN_LENGTH: &[(&str, &[u8])] = &[
    ("BIZ", &[5, 11, 12]),
    ("CN", &[1]),
    ("COM", &[3, 5]),
    ("HK", &[1]),
    ("INFO", &[4]),
    ("KR", &[1]),
    ("NET", &[3, 5]),
    ("ORG", &[6]),
    ("TW", &[1]),
    ("امارات", &[1]),
    ("الاردن", &[1]),
    ("السعودية", &[1]),
    ("تونس", &[1]),
    ("مصر", &[1]),
    ("فلسطين", &[1]),
    ("شبكة", &[1]),
    ("中国", &[1]),
    ("中國", &[1]),
    ("香港", &[1]),
    ("台湾", &[1]),
    ("台灣", &[1]),
];

/// Checks an email address; returns the lines of the D4 message (empty when valid), each with
/// `"%1"` already rendered with the attribute label.
pub(super) fn email_messages(value: &str, label: &str) -> Vec<String> {
    let mut messages = Messages::default();
    validate(value, label, &mut messages);
    messages.lines
}

/// The validator's message list: keyed by message code in Laminas, so a code repeats at most
/// once; Magento then `array_unique`s the texts.
#[derive(Default)]
struct Messages {
    codes: Vec<&'static str>,
    lines: Vec<String>,
}

impl Messages {
    fn add(&mut self, code: &'static str, text: String) {
        if self.codes.contains(&code) {
            return;
        }
        self.codes.push(code);
        if !self.lines.contains(&text) {
            self.lines.push(text);
        }
    }
}

fn validate(value: &str, label: &str, messages: &mut Messages) {
    // splitEmailParts: no `..`, and `^(.+)@([^@]+)$`.
    let Some((local, host)) = split(value) else {
        messages.add(
            "emailAddressInvalidFormat",
            format!("\"{label}\" is not a valid email address."),
        );
        return;
    };
    let hostname = idn_to_ascii(host);
    if local.len() > 64 || hostname.len() > 255 {
        messages.add(
            "emailAddressLengthExceeded",
            format!("\"{label}\" uses too many characters."),
        );
    }
    let mut hostname_messages = Messages::default();
    if !hostname_valid(&hostname, &mut hostname_messages) {
        messages.add(
            "emailAddressInvalidHostname",
            format!("\"{label}\" is not a valid hostname."),
        );
        for (code, line) in hostname_messages.codes.iter().zip(hostname_messages.lines) {
            messages.add(code, line);
        }
    }
    if !local_part_valid(local) {
        let line = format!("\"{label}\" is not a valid email address.");
        messages.add("emailAddressDotAtom", line.clone());
        messages.add("emailAddressQuotedString", line.clone());
        messages.add("emailAddressInvalidLocalPart", line);
    }
}

fn split(value: &str) -> Option<(&str, &str)> {
    if value.contains("..") {
        return None;
    }
    // `(.+)` is greedy and stops at a newline; `[^@]+` takes newlines too.
    let at = value.rfind('@')?;
    let (local, host) = (value.get(..at)?, value.get(at + 1..)?);
    if local.is_empty() || host.is_empty() || local.contains('\n') {
        return None;
    }
    Some((local, host))
}

/// `idn_to_ascii($host, 0, INTL_IDNA_VARIANT_UTS46)`, falling back to the input on error.
/// PHP's flags 0 mean transitional processing (ß → ss, ς → σ, ZWJ/ZWNJ removed) and no STD3
/// rules; ICU always checks hyphen positions and DNS lengths.
fn idn_to_ascii(host: &str) -> String {
    let mut transitional = String::with_capacity(host.len());
    for c in host.chars() {
        match c {
            '\u{200C}' | '\u{200D}' => {}
            'ß' => transitional.push_str("ss"),
            'ς' => transitional.push('σ'),
            _ => transitional.push(c),
        }
    }
    match Uts46::new().to_ascii(
        transitional.as_bytes(),
        AsciiDenyList::EMPTY,
        Hyphens::Check,
        DnsLength::VerifyAllowRootDot,
    ) {
        Ok(ascii) => ascii.into_owned(),
        Err(_) => host.to_string(),
    }
}

/// `validateLocalPart`: dot-atom, RFC 6532 dot-atom, or quoted string.
fn local_part_valid(local: &str) -> bool {
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c);
    let uatext = |c: char| atext(c) || ('\u{80}'..='\u{FFFF}').contains(&c);
    let dot_atom = |allowed: &dyn Fn(char) -> bool| {
        // `^[atext]+(\x2e+[atext]+)*$`: no leading or trailing dot, runs of dots allowed.
        !local.starts_with('.')
            && !local.ends_with('.')
            && local.chars().all(|c| c == '.' || allowed(c))
    };
    if dot_atom(&atext) || dot_atom(&uatext) {
        return true;
    }
    // `^"([\x20-\x21\x23-\x5b\x5d-\x7e]|\x5c[\x20-\x7e])*"$`
    let Some(inner) = local
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
    else {
        return false;
    };
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(next) if ('\x20'..='\x7e').contains(&next) => {}
                // A lone backslash is itself qtext-excluded (0x5c): no match.
                _ => return false,
            },
            '\x20'..='\x21' | '\x23'..='\x5b' | '\x5d'..='\x7e' => {}
            _ => return false,
        }
    }
    true
}

/// `Hostname::isValid` with `allow = ALLOW_DNS`, TLD check off, IDN check on.
fn hostname_valid(value: &str, messages: &mut Messages) -> bool {
    let quoted = |text: &str| format!("'{value}' {text}");
    // IP address schema.
    let ipv4_like = value.chars().all(|c| c.is_ascii_digit() || c == '.') && value.contains('.');
    let ipv6_like = value
        .chars()
        .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        && value.contains(':');
    if (ipv4_like && is_ipv4(value)) || (ipv6_like && value.parse::<std::net::Ipv6Addr>().is_ok()) {
        messages.add(
            "hostnameIpAddressNotAllowed",
            quoted("looks like an IP address, which is not an acceptable format."),
        );
        return false;
    }
    if value.contains('@') {
        messages.add(
            "hostnameInvalidHostname",
            String::from("The input does not match the expected structure for a DNS hostname"),
        );
        return false;
    }
    let parts: Vec<&str> = value.split('.').collect();
    let length = value.chars().count();
    if parts.len() > 1 && (4..=254).contains(&length) {
        match dns_hostname_valid(value, &parts, messages) {
            Some(true) => return true,
            Some(false) => {}
            // An undecodable punycode label ends the validation at once.
            None => return false,
        }
    } else {
        messages.add(
            "hostnameInvalidHostname",
            String::from("The input does not match the expected structure for a DNS hostname"),
        );
    }
    // Local network name schema, the last chance; local names are not allowed.
    if local_name_shape(value) {
        messages.add(
            "hostnameLocalNameNotAllowed",
            quoted("looks like a local network name, which is not an acceptable format."),
        );
    } else {
        messages.add(
            "hostnameInvalidLocalName",
            quoted("does not look like a valid local network name."),
        );
    }
    false
}

/// Laminas' `Ip` validator for IPv4 (`allowipv4`, no literal, dotted decimal without leading
/// zeros beyond a single `0`).
fn is_ipv4(value: &str) -> bool {
    let parts: Vec<&str> = value.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|part| {
            !part.is_empty()
                && part.len() <= 3
                && part.chars().all(|c| c.is_ascii_digit())
                && (part.len() == 1 || !part.starts_with('0'))
                && part.parse::<u16>().is_ok_and(|n| n <= 255)
        })
}

/// PCRE's `$` without the `D` modifier also matches before a final newline, so an anchored
/// pattern accepts one trailing `"\n"` (the `[^@]+` of the address split keeps it in the host).
fn before_final_newline(text: &str) -> &str {
    text.strip_suffix('\n').unwrap_or(text)
}

/// `/^(([a-zA-Z0-9\x2d]{1,63}\x2e)*[a-zA-Z0-9\x2d]{1,63}[\x2e]{0,1}){1,254}$/`: because the
/// outer group repeats, this accepts any non-empty run of letters, digits, dashes and single
/// dots that does not start with a dot (a final dot allowed).
fn local_name_shape(value: &str) -> bool {
    let value = before_final_newline(value);
    !value.is_empty()
        && !value.starts_with('.')
        && !value.contains("..")
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
}

/// The DNS-hostname branch of `Hostname::isValid`; adds its messages and answers whether the
/// hostname passed (`None`: undecodable punycode, which returns at once).
fn dns_hostname_valid(value: &str, parts: &[&str], messages: &mut Messages) -> Option<bool> {
    let quoted = |text: &str| format!("'{value}' {text}");
    let last = parts.last().copied().unwrap_or("");
    // TLD: `([^.]{2,63})$` on the last label (the key lookup in `$validIdns` only adds labels
    // that are themselves keys, i.e. of 2+ characters, which the pattern already takes).
    let tld_chars: Vec<char> = last.chars().collect();
    if tld_chars.len() < 2 {
        messages.add(
            "hostnameUndecipherableTld",
            quoted("looks like a DNS hostname but cannot extract TLD part."),
        );
        return Some(false);
    }
    let tld_raw: String = tld_chars
        .get(tld_chars.len().saturating_sub(63)..)
        .unwrap_or(&[])
        .iter()
        .collect();
    let tld = match tld_raw.strip_prefix("xn--") {
        Some(encoded) => match decode_punycode(encoded) {
            Some(decoded) => decoded,
            None => {
                messages.add(
                    "hostnameCannotDecodePunycode",
                    quoted(
                        "appears to be a DNS hostname, but the given punycode notation cannot be decoded.",
                    ),
                );
                return None;
            }
        },
        None => tld_raw.to_ascii_uppercase(),
    };
    let idn_regexes: &[LabelRegex] = VALID_IDNS
        .iter()
        .find(|(key, _)| *key == tld)
        .map_or(&[], |(_, regexes)| regexes);
    let skip_length: &[u8] = IDN_LENGTH
        .iter()
        .find(|(key, _)| *key == tld)
        .map_or(&[], |(_, keys)| keys);
    // The registrable label (the one before the TLD) may not contain `_`.
    let registrable = parts
        .len()
        .checked_sub(2)
        .and_then(|index| parts.get(index))
        .copied()
        .unwrap_or("");
    let mut checked = 0;
    for raw in parts {
        let label = match raw.strip_prefix("xn--") {
            Some(encoded) => match decode_punycode(encoded) {
                Some(decoded) => decoded,
                None => {
                    messages.add(
                        "hostnameCannotDecodePunycode",
                        quoted(
                            "appears to be a DNS hostname, but the given punycode notation cannot be decoded.",
                        ),
                    );
                    return None;
                }
            },
            None => (*raw).to_string(),
        };
        if label.is_empty() {
            messages.add(
                "hostnameInvalidHostname",
                String::from("The input does not match the expected structure for a DNS hostname"),
            );
            return Some(false);
        }
        let chars: Vec<char> = label.chars().collect();
        let dash_at = |i: usize| chars.get(i) == Some(&'-');
        let first_dash_from = |from: usize| chars.iter().skip(from).position(|c| *c == '-');
        if dash_at(0)
            || (chars.len() > 2 && first_dash_from(2) == Some(0) && first_dash_from(3) == Some(0))
            || chars.last() == Some(&'-')
        {
            messages.add(
                "hostnameDashCharacter",
                quoted("looks like a DNS hostname but contains a dash in an invalid position."),
            );
            return Some(false);
        }
        let is_subdomain = label != registrable;
        let ascii = |underscore: bool| {
            let text = before_final_newline(&label);
            (1..=63).contains(&text.chars().count())
                && text
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || (underscore && c == '_'))
        };
        let mut label_ok = false;
        if (is_subdomain && ascii(true)) || ascii(false) {
            label_ok = true;
        } else {
            for regex in idn_regexes {
                if regex.matches(&label) {
                    if skip_length.contains(&regex.key) || chars.len() <= 63 {
                        label_ok = true;
                        break;
                    }
                    messages.add(
                        "hostnameInvalidHostname",
                        String::from(
                            "The input does not match the expected structure for a DNS hostname",
                        ),
                    );
                }
            }
        }
        if label_ok {
            checked += 1;
        }
    }
    if checked != parts.len() {
        messages.add(
            "hostnameInvalidHostnameSchema",
            quoted(&format!(
                "looks like a DNS hostname but we cannot match it against the hostname schema for TLD '{tld}'."
            )),
        );
        return Some(false);
    }
    Some(true)
}

/// RFC 3492 decoding as `Hostname::decodePunycode` does it (lower-case output not enforced).
fn decode_punycode(encoded: &str) -> Option<String> {
    if !encoded.is_ascii() || encoded.is_empty() {
        return None;
    }
    // Laminas rejects upper-case-only or otherwise invalid inputs through its own checks; the
    // `idna` crate's decoder implements the same RFC.
    let decoded: Vec<char> = idna::punycode::decode(encoded)?;
    Some(decoded.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::email_messages;

    fn lines(email: &str) -> Vec<String> {
        email_messages(email, "Email")
    }

    const INVALID: &str = "\"Email\" is not a valid email address.";
    const HOST: &str = "\"Email\" is not a valid hostname.";
    const STRUCTURE: &str = "The input does not match the expected structure for a DNS hostname";

    #[test]
    fn valid_addresses_of_the_sheet() {
        for email in [
            "john@example.com",
            "john.doe+tag@sub.example.co.uk",
            "o'reilly@example.com",
            "a@b.co",
            "\"quoted\"@example.com",
            "\"a b\"@example.com",
            "user@example.c0m",
            "user@example.123",
            "manna@gmail.com1",
            "user@sub_domain.example.com",
            "user@exa--mple.com",
            "ünïcode@example.com",
            "user@exämple.com",
        ] {
            assert_eq!(lines(email), Vec::<String>::new(), "{email}");
        }
    }

    #[test]
    fn invalid_format_of_the_sheet() {
        for email in [
            "a,b@example.com",
            ".user@example.com",
            "user.@example.com",
            "us..er@example.com",
            " user@example.com",
            "user@@example.com",
            "plainaddress",
        ] {
            assert_eq!(lines(email), vec![INVALID], "{email}");
        }
    }

    #[test]
    fn long_local_part() {
        let email = format!("{}@example.com", "a".repeat(65));
        assert_eq!(lines(&email), vec!["\"Email\" uses too many characters."]);
    }

    #[test]
    fn local_names() {
        for (email, host) in [
            ("user@localhost", "localhost"),
            ("user@example", "example"),
            ("user@b.c", "b.c"),
        ] {
            assert_eq!(
                lines(email),
                vec![
                    HOST.to_string(),
                    STRUCTURE.to_string(),
                    format!(
                        "'{host}' looks like a local network name, which is not an acceptable format."
                    )
                ],
                "{email}"
            );
        }
    }

    #[test]
    fn dashes() {
        for host in ["-example.com", "ab--cd.com"] {
            assert_eq!(
                lines(&format!("user@{host}")),
                vec![
                    HOST.to_string(),
                    format!(
                        "'{host}' looks like a DNS hostname but contains a dash in an invalid position."
                    ),
                    format!(
                        "'{host}' looks like a local network name, which is not an acceptable format."
                    ),
                ],
                "{host}"
            );
        }
    }

    #[test]
    fn schema() {
        for host in ["exa_mple.com", "ex ample.com"] {
            assert_eq!(
                lines(&format!("user@{host}")),
                vec![
                    HOST.to_string(),
                    format!(
                        "'{host}' looks like a DNS hostname but we cannot match it against the hostname schema for TLD 'COM'."
                    ),
                    format!("'{host}' does not look like a valid local network name."),
                ],
                "{host}"
            );
        }
        let host = format!("{}.com", "a".repeat(64));
        assert_eq!(
            lines(&format!("user@{host}")),
            vec![
                HOST.to_string(),
                format!(
                    "'{host}' looks like a DNS hostname but we cannot match it against the hostname schema for TLD 'COM'."
                ),
                format!(
                    "'{host}' looks like a local network name, which is not an acceptable format."
                ),
            ]
        );
    }

    #[test]
    fn ip_address() {
        assert_eq!(
            lines("user@127.0.0.1"),
            vec![
                HOST,
                "'127.0.0.1' looks like an IP address, which is not an acceptable format."
            ]
        );
    }

    #[test]
    fn trailing_dot() {
        assert_eq!(
            lines("user@example.com."),
            vec![
                HOST,
                "'example.com.' looks like a DNS hostname but cannot extract TLD part.",
                "'example.com.' looks like a local network name, which is not an acceptable format."
            ]
        );
    }

    #[test]
    fn a_final_newline_passes_the_anchored_patterns() {
        assert_eq!(lines("user@example.com\n"), Vec::<String>::new());
        assert_eq!(lines("user\n@example.com"), vec![INVALID]);
    }

    #[test]
    fn emoji_label_under_a_tld_without_idn_table() {
        let result = lines("user@xn--ls8h.la");
        assert_eq!(result.first().map(String::as_str), Some(HOST));
        assert!(
            result
                .iter()
                .any(|l| l.contains("hostname schema for TLD 'LA'"))
        );
    }
}
