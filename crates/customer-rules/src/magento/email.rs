//! The email format check of the `email` attribute (reference §4.1): Laminas `EmailAddress` with
//! its defaults (`allow = ALLOW_DNS`, no MX check, domain check on, strict) and the hostname
//! validator's TLD check off, as `Magento\Framework\Validator\EmailAddress` configures it; the
//! messages as `Eav/Model/Attribute/Data/AbstractData::_validateInputRule` overrides them.
//! Algorithm read from laminas-validator 2.64.1 `src/EmailAddress.php` and `src/Hostname.php`
//! (the same files head its 2.65.x branch; Magento 2.4.8-p1 requires `^2.23`), with
//! laminas-stdlib's Intl string wrapper for lengths and positions. Checked against that code run
//! under PHP 8.2 with ICU 72.1 and PCRE2 10.42 (`tests/data/magento-email-punycode.json`).
//!
//! What the shop's environment decides, and this module takes from those runs:
//! - Hostname's CN label regex (also used for .biz, .hk, .tw and the Chinese TLDs) is too large
//!   for PCRE2 to compile; `preg_match` warns, and Magento's error handler makes every warning
//!   (and every PHP deprecation, such as a punycode number that overflows) an exception: the
//!   shop answers 500. [`email_check`] reports these as a [`PhpNotice`].
//! - `idn_to_ascii` is ICU's: the `idna` crate stands in, with ICU's transitional mapping, the
//!   characters ICU 72 does not know refused, and one known difference: the crate always applies
//!   the bidi rule, ICU with flags 0 does not, so a host mixing right-to-left and other
//!   characters in a label keeps its Unicode form here.
//! - A punycode TLD may decode to bytes that are not UTF-8, which the schema message names;
//!   Magento's JSON serializer then refuses the answer. Not modelled: the message carries U+FFFD.

use idna::uts46::{AsciiDenyList, DnsLength, Hyphens, Uts46};

use super::categories::{CategoryGroup, category_group};
use super::char_set::CharSet;
use super::dictionary::Dictionary;
use super::error::translate;
use super::idn_tables::{ICU_REFUSED, VALID_IDNS};
use super::render::render;
use serde_json::json;

impl CharSet {
    /// Membership under `/iu`: PCRE2 matches a character caselessly with every character of
    /// the same simple case folding.
    fn contains_ignoring_case(&self, c: char) -> bool {
        let lower = single(c.to_lowercase());
        let upper = single(c.to_uppercase());
        [
            Some(c),
            lower,
            upper,
            upper.and_then(|u| single(u.to_lowercase())),
            lower.and_then(|l| single(l.to_uppercase())),
        ]
        .into_iter()
        .flatten()
        .filter(|variant| case_fold(*variant) == case_fold(c))
        .any(|variant| self.contains(variant))
    }
}

/// The one character a case mapping gives, if it gives one.
fn single(mut mapped: impl Iterator<Item = char>) -> Option<char> {
    match (mapped.next(), mapped.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

/// Unicode simple case folding: the lower case, but for the characters `CaseFolding.txt` folds
/// elsewhere (`ſ` to `s`, `ς` to `σ`, Cherokee to upper case…); `ı` and `İ` fold to themselves.
fn case_fold(c: char) -> char {
    match c {
        '\u{00B5}' => '\u{03BC}',
        '\u{017F}' => 's',
        '\u{0345}' | '\u{1FBE}' => '\u{03B9}',
        '\u{03C2}' => '\u{03C3}',
        '\u{03D0}' => '\u{03B2}',
        '\u{03D1}' => '\u{03B8}',
        '\u{03D5}' => '\u{03C6}',
        '\u{03D6}' => '\u{03C0}',
        '\u{03F0}' => '\u{03BA}',
        '\u{03F1}' => '\u{03C1}',
        '\u{03F5}' => '\u{03B5}',
        '\u{1E9B}' => '\u{1E61}',
        '\u{13F8}'..='\u{13FD}' => char::from_u32(u32::from(c) - 8).unwrap_or(c),
        '\u{AB70}'..='\u{ABBF}' => char::from_u32(u32::from(c) - 0xAB70 + 0x13A0).unwrap_or(c),
        '\u{13A0}'..='\u{13F5}' => c,
        _ => single(c.to_lowercase()).unwrap_or(c),
    }
}

/// One `/^[...]{1,max}$/iu` label regex of a TLD.
#[derive(Debug, Clone, Copy)]
pub(super) struct LabelRegex {
    /// The key Laminas gives it (the `$idnLength` lookup uses it).
    pub(super) key: u8,
    /// The repetition maximum.
    pub(super) max: u8,
    /// The character class.
    pub(super) chars: CharSet,
}

impl LabelRegex {
    /// `preg_match` of the regex on a label (`None`: bytes that are not UTF-8, which `/u`
    /// matches with nothing); a regex PCRE cannot compile sets `notice`.
    fn matches(&self, label: Option<&str>, notice: &mut bool) -> bool {
        if let CharSet::Uncompilable = self.chars {
            *notice = true;
            return false;
        }
        let Some(label) = label else {
            return false;
        };
        let label = before_final_newline(label);
        let count = label.chars().count();
        (1..=usize::from(self.max)).contains(&count)
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

/// A PHP warning or deprecation raised while Laminas checks the address (a label regex PCRE
/// cannot compile, a punycode float that loses precision as an integer). Magento's error handler
/// (`Framework/App/ErrorHandler::handler`; `app/bootstrap.php` sets `error_reporting(E_ALL)`)
/// throws it as an exception, so the shop answers 500 instead of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PhpNotice {
    /// The lines Laminas gives when the notice is not turned into an exception.
    pub(super) silenced: Vec<String>,
}

/// Checks an email address: the lines of the D4 message (empty when valid), each with `"%1"`
/// already rendered with the attribute label, or the PHP notice that makes the shop answer 500.
pub(super) fn email_check(
    value: &str,
    label: &str,
    dictionary: Option<&Dictionary>,
) -> Result<Vec<String>, PhpNotice> {
    let mut messages = Messages::new(dictionary);
    let mut notice = false;
    validate(value, label, &mut messages, &mut notice);
    if notice {
        Err(PhpNotice {
            silenced: messages.lines(),
        })
    } else {
        Ok(messages.lines())
    }
}

/// The lines of [`email_check`]; for an address that raises a PHP notice, the lines Laminas
/// gives when the notice is silenced.
#[cfg(test)]
pub(super) fn email_messages(value: &str, label: &str) -> Vec<String> {
    email_check(value, label, None).unwrap_or_else(|notice| notice.silenced)
}

/// The validator's messages, keyed by message code as Laminas keys them (a code raised again
/// replaces its text in place); Magento then `array_unique`s the texts. Magento sets each
/// message as a phrase, rendered in the store view's language when Laminas builds it.
struct Messages<'a> {
    entries: Vec<(&'static str, String)>,
    dictionary: Option<&'a Dictionary>,
}

/// A Laminas message Magento set as a phrase without arguments: translated, then Laminas
/// replaces `%value%` (`AbstractValidator::createMessage`).
fn laminas(dictionary: Option<&Dictionary>, template: &str, value: &str) -> String {
    translate(dictionary, template).replace("%value%", value)
}

impl<'a> Messages<'a> {
    fn new(dictionary: Option<&'a Dictionary>) -> Messages<'a> {
        Messages {
            entries: Vec::new(),
            dictionary,
        }
    }

    /// `__(template, label)`: the label is the store label as it is.
    fn labelled(&self, template: &str, label: &str) -> String {
        render(translate(self.dictionary, template), &json!([label]))
    }

    fn add(&mut self, code: &'static str, text: String) {
        match self.entries.iter_mut().find(|(known, _)| *known == code) {
            Some(entry) => entry.1 = text,
            None => self.entries.push((code, text)),
        }
    }

    fn lines(self) -> Vec<String> {
        let mut lines: Vec<String> = Vec::with_capacity(self.entries.len());
        for (_, text) in self.entries {
            if !lines.contains(&text) {
                lines.push(text);
            }
        }
        lines
    }
}

fn validate(value: &str, label: &str, messages: &mut Messages<'_>, notice: &mut bool) {
    const INVALID: &str = "\"%1\" is not a valid email address.";
    // splitEmailParts: no `..`, and `^(.+)@([^@]+)$`.
    let Some((local, host)) = split(value) else {
        let line = messages.labelled(INVALID, label);
        messages.add("emailAddressInvalidFormat", line);
        return;
    };
    let hostname = idn_to_ascii(host);
    if local.len() > 64 || hostname.len() > 255 {
        let line = messages.labelled("\"%1\" uses too many characters.", label);
        messages.add("emailAddressLengthExceeded", line);
    }
    let mut hostname_messages = Messages::new(messages.dictionary);
    if !hostname_valid(&hostname, &mut hostname_messages, notice) {
        let line = messages.labelled("\"%1\" is not a valid hostname.", label);
        messages.add("emailAddressInvalidHostname", line);
        for (code, line) in hostname_messages.entries {
            messages.add(code, line);
        }
    }
    if !local_part_valid(local) {
        let line = messages.labelled(INVALID, label);
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
/// PHP's flags 0 mean transitional processing (ß and ẞ → ss, ς → σ, ZWJ/ZWNJ removed) and no
/// STD3 rules; ICU always checks hyphen positions and DNS lengths. The characters ICU 72 does
/// not know yet fail as they do there ([`ICU_REFUSED`]).
fn idn_to_ascii(host: &str) -> String {
    if host.chars().any(|c| ICU_REFUSED.contains(c)) {
        return host.to_string();
    }
    let mut transitional = String::with_capacity(host.len());
    for c in host.chars() {
        match c {
            '\u{200C}' | '\u{200D}' => {}
            'ß' | 'ẞ' => transitional.push_str("ss"),
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

const STRUCTURE: &str = "The input does not match the expected structure for a DNS hostname";

/// `Hostname::isValid` with `allow = ALLOW_DNS`, TLD check off, IDN check on.
fn hostname_valid(value: &str, messages: &mut Messages<'_>, notice: &mut bool) -> bool {
    let dictionary = messages.dictionary;
    let quoted = |text: &str| laminas(dictionary, &format!("'%value%' {text}"), value);
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
        messages.add("hostnameInvalidHostname", String::from(STRUCTURE));
        return false;
    }
    let parts: Vec<&str> = value.split('.').collect();
    let length = graphemes(value).len();
    if parts.len() > 1 && (4..=254).contains(&length) {
        match dns_hostname_valid(value, &parts, messages, notice) {
            Some(true) => return true,
            Some(false) => {}
            // An undecodable punycode label ends the validation at once.
            None => return false,
        }
    } else {
        messages.add("hostnameInvalidHostname", String::from(STRUCTURE));
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
fn dns_hostname_valid(
    value: &str,
    parts: &[&str],
    messages: &mut Messages<'_>,
    notice: &mut bool,
) -> Option<bool> {
    let dictionary = messages.dictionary;
    let quoted = |text: &str| laminas(dictionary, &format!("'%value%' {text}"), value);
    let cannot_decode =
        quoted("appears to be a DNS hostname, but the given punycode notation cannot be decoded.");
    let last = parts.last().copied().unwrap_or("");
    let Some(tld_text) = tld_of(last) else {
        messages.add(
            "hostnameUndecipherableTld",
            quoted("looks like a DNS hostname but cannot extract TLD part."),
        );
        return Some(false);
    };
    // A punycode TLD is decoded (case-sensitive prefix), any other one upper-cased.
    let tld: Vec<u8> = match tld_text.strip_prefix("xn--") {
        Some(encoded) => match decode_punycode(encoded, notice) {
            Some(decoded) => decoded,
            None => {
                messages.add("hostnameCannotDecodePunycode", cannot_decode);
                return None;
            }
        },
        None => tld_text.to_ascii_uppercase().into_bytes(),
    };
    let idn_regexes: &[LabelRegex] = VALID_IDNS
        .iter()
        .find(|(key, _)| key.as_bytes() == tld.as_slice())
        .map_or(&[], |(_, regexes)| regexes);
    let skip_length: &[u8] = IDN_LENGTH
        .iter()
        .find(|(key, _)| key.as_bytes() == tld.as_slice())
        .map_or(&[], |(_, keys)| keys);
    // The registrable label (the one before the TLD, as written) may not contain `_`; a label
    // is compared with it after decoding.
    let registrable = parts
        .len()
        .checked_sub(2)
        .and_then(|index| parts.get(index))
        .copied()
        .unwrap_or("");
    let mut checked = 0;
    for raw in parts {
        let label: Vec<u8> = match raw.strip_prefix("xn--") {
            Some(encoded) => match decode_punycode(encoded, notice) {
                Some(decoded) => decoded,
                None => {
                    messages.add("hostnameCannotDecodePunycode", cannot_decode);
                    return None;
                }
            },
            None => raw.as_bytes().to_vec(),
        };
        if label.is_empty() {
            messages.add("hostnameInvalidHostname", String::from(STRUCTURE));
            return Some(false);
        }
        // The `grapheme_*` functions fail on bytes that are not UTF-8: no dash is found then.
        let text = std::str::from_utf8(&label).ok();
        if text.is_some_and(dash_misplaced) {
            messages.add(
                "hostnameDashCharacter",
                quoted("looks like a DNS hostname but contains a dash in an invalid position."),
            );
            return Some(false);
        }
        let is_subdomain = label != registrable.as_bytes();
        if label_matches(
            &label,
            text,
            is_subdomain,
            idn_regexes,
            skip_length,
            messages,
            notice,
        ) {
            checked += 1;
        }
    }
    if checked != parts.len() {
        let tld = String::from_utf8_lossy(&tld);
        messages.add(
            "hostnameInvalidHostnameSchema",
            quoted(
                "looks like a DNS hostname but we cannot match it against the hostname schema for TLD '%tld%'.",
            )
            .replace("%tld%", &tld),
        );
        return Some(false);
    }
    Some(true)
}

/// `preg_match('/([^.]{2,63})$/u', $lastLabel, $m)` gives `$m[1]`: the leftmost run of 2 to 63
/// characters that ends the label, or ends it but for a final newline (`$` without `D`).
fn tld_of(last: &str) -> Option<&str> {
    let bounds: Vec<usize> = last
        .char_indices()
        .map(|(at, _)| at)
        .chain([last.len()])
        .collect();
    let count = bounds.len() - 1;
    let mut ends = vec![count];
    if last.ends_with('\n') {
        ends.push(count - 1);
    }
    // Leftmost start first; at one start the greedy run is the longer one.
    let (start, end) = ends
        .into_iter()
        .map(|end| (end.saturating_sub(63), end))
        .filter(|(start, end)| end - start >= 2)
        .min_by_key(|(start, end)| (*start, usize::MAX - end))?;
    last.get(*bounds.get(start)?..*bounds.get(end)?)
}

/// `strpos($p, '-') === 0 || (strlen($p) > 2 && strpos($p, '-', 2) === 2 && strpos($p, '-', 3)
/// === 3) || substr($p, -1) === '-'` in graphemes (the Intl string wrapper).
fn dash_misplaced(label: &str) -> bool {
    let clusters = graphemes(label);
    let dash_at = |at: usize| clusters.get(at) == Some(&"-");
    dash_at(0) || (clusters.len() > 2 && dash_at(2) && dash_at(3)) || clusters.last() == Some(&"-")
}

/// Tries the label regexes in Laminas' order — `/^[a-z0-9_\x2d]{1,63}$/i` for a subdomain or
/// `/^[a-z0-9\x2d]{1,63}$/i` (bytes, no `/u`), then the TLD's IDN regexes (`/iu`, which match
/// nothing in bytes that are not UTF-8) — until one matches within the length allowed.
fn label_matches(
    label: &[u8],
    text: Option<&str>,
    is_subdomain: bool,
    idn_regexes: &[LabelRegex],
    skip_length: &[u8],
    messages: &mut Messages<'_>,
    notice: &mut bool,
) -> bool {
    let bytes = label.strip_suffix(b"\n").unwrap_or(label);
    let ascii = (1..=63).contains(&bytes.len())
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-' || (is_subdomain && *b == b'_'));
    // `strlen($domainPart) > $length`: graphemes; `$length` is the whole `$idnLength` entry for
    // a listed key, which PHP 8 never finds smaller than a number.
    let too_long = |key: u8| {
        !skip_length.contains(&key) && text.is_some_and(|text| graphemes(text).len() > 63)
    };
    let candidates = [(0, ascii)].into_iter().chain(
        idn_regexes
            .iter()
            .map(|regex| (regex.key, regex.matches(text, notice))),
    );
    for (key, matched) in candidates {
        if !matched {
            continue;
        }
        if !too_long(key) {
            return true;
        }
        messages.add("hostnameInvalidHostname", String::from(STRUCTURE));
    }
    false
}

/// A PHP number: integer arithmetic that overflows goes on in floats.
#[derive(Debug, Clone, Copy)]
enum Num {
    Int(i64),
    Float(f64),
}

impl Num {
    fn float(self) -> f64 {
        match self {
            Num::Int(int) => int as f64,
            Num::Float(float) => float,
        }
    }

    fn add(self, other: Num) -> Num {
        match (self, other) {
            (Num::Int(a), Num::Int(b)) => a
                .checked_add(b)
                .map_or(Num::Float(a as f64 + b as f64), Num::Int),
            _ => Num::Float(self.float() + other.float()),
        }
    }

    fn sub(self, other: Num) -> Num {
        match (self, other) {
            (Num::Int(a), Num::Int(b)) => a
                .checked_sub(b)
                .map_or(Num::Float(a as f64 - b as f64), Num::Int),
            _ => Num::Float(self.float() - other.float()),
        }
    }

    fn mul(self, other: Num) -> Num {
        match (self, other) {
            (Num::Int(a), Num::Int(b)) => a
                .checked_mul(b)
                .map_or(Num::Float(a as f64 * b as f64), Num::Int),
            _ => Num::Float(self.float() * other.float()),
        }
    }

    /// `/` by a positive integer constant.
    fn div_by(self, divisor: i64) -> Num {
        self.div(Num::Int(divisor)).unwrap_or(Num::Float(f64::NAN))
    }

    /// `/`: an integer when two integers divide exactly; `None` for a division by zero (PHP
    /// throws `DivisionByZeroError`).
    fn div(self, other: Num) -> Option<Num> {
        match (self, other) {
            (_, Num::Int(0)) => None,
            (_, Num::Float(0.0)) => None,
            (Num::Int(a), Num::Int(b)) => Some(match (a.checked_rem(b), a.checked_div(b)) {
                (Some(0), Some(quotient)) => Num::Int(quotient),
                _ => Num::Float(a as f64 / b as f64),
            }),
            _ => Some(Num::Float(self.float() / other.float())),
        }
    }

    /// `(int)` and `intval()`: floats out of range wrap modulo 2^64 (`zend_dval_to_lval`).
    fn to_int(self) -> i64 {
        match self {
            Num::Int(int) => int,
            Num::Float(float) => float_to_int(float),
        }
    }

    /// The integer PHP uses where it converts implicitly (`%`, `>>`, an `int` parameter);
    /// `None` when the float is not an integer value in range, which raises a deprecation.
    fn to_int_implicit(self) -> Option<i64> {
        let int = self.to_int();
        match self {
            Num::Float(float) if int as f64 != float => None,
            _ => Some(int),
        }
    }

    fn greater_than(self, int: i64) -> bool {
        match self {
            Num::Int(own) => own > int,
            Num::Float(float) => float > int as f64,
        }
    }
}

/// `zend_dval_to_lval` of PHP 8.2 on 64-bit platforms.
fn float_to_int(float: f64) -> i64 {
    const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;
    const TWO_POW_64: f64 = 18_446_744_073_709_551_616.0;
    if !float.is_finite() {
        return 0;
    }
    if (-TWO_POW_63..TWO_POW_63).contains(&float) {
        return float as i64;
    }
    let mut wrapped = float % TWO_POW_64;
    if wrapped < 0.0 {
        wrapped += TWO_POW_64;
    }
    if wrapped > TWO_POW_63 {
        wrapped -= TWO_POW_64;
    }
    if wrapped >= TWO_POW_63 {
        // The C cast of 2^63 on x86-64.
        i64::MIN
    } else {
        wrapped as i64
    }
}

/// A PHP array with integer keys, in insertion order (`foreach` and `implode` follow it); a
/// value is `None` for `null`. The decoder keeps the keys `0..n` in order unless PHP reads or
/// writes a key below zero, so a key is looked up at its own position first.
#[derive(Default)]
struct PhpList {
    entries: Vec<(i64, Option<Num>)>,
}

impl PhpList {
    fn position(&self, key: i64) -> Option<usize> {
        let direct = usize::try_from(key).ok().filter(|at| {
            self.entries
                .get(*at)
                .is_some_and(|(known, _)| *known == key)
        });
        direct.or_else(|| self.entries.iter().position(|(known, _)| *known == key))
    }

    /// `$list[$key]`; a missing key is "Undefined array key" (a warning) and `null`.
    fn get(&self, key: i64, notice: &mut bool) -> Option<Num> {
        match self.position(key).and_then(|at| self.entries.get(at)) {
            Some((_, value)) => *value,
            None => {
                *notice = true;
                None
            }
        }
    }

    /// `$list[$key] = $value`: in place, or appended.
    fn set(&mut self, key: i64, value: Option<Num>) {
        match self.position(key).and_then(|at| self.entries.get_mut(at)) {
            Some(entry) => entry.1 = value,
            None => self.entries.push((key, value)),
        }
    }
}

/// `Hostname::decodePunycode`: Laminas' own RFC 3492 decoder with PHP's arithmetic. It checks
/// less than the RFC: upper-case digits count, a number cut short at the end is dropped, code
/// points need only be below 2^21 (surrogates and values past U+10FFFF give bytes that are not
/// UTF-8), and nothing guards against overflow. `None`: cannot decode. A PHP notice on the way
/// sets `notice`, and the decoding goes on as PHP goes on when the notice is silenced.
fn decode_punycode(encoded: &str, notice: &mut bool) -> Option<Vec<u8>> {
    let input = encoded.as_bytes();
    // `/^[a-z0-9-]+$/i`: `$` also matches before a final newline.
    let body = input.strip_suffix(b"\n").unwrap_or(input);
    if body.is_empty() || !body.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-') {
        return None;
    }
    let separator = input.iter().rposition(|b| *b == b'-');
    let mut decoded = PhpList::default();
    if let Some(end) = separator.filter(|end| *end > 0) {
        for (key, byte) in (0..).zip(input.get(..end).unwrap_or(&[])) {
            decoded.set(key, Some(Num::Int(i64::from(*byte))));
        }
    }
    // `$lengthd`: the basic code points, then one more per number read.
    let mut length = decoded.entries.len() as i64;
    let mut index = Num::Int(0);
    let mut base: i64 = 72;
    let mut init = true;
    let mut code_point = Num::Int(0x80);
    let mut at = separator.map_or(0, |end| end + 1);
    'numbers: while at < input.len() {
        let old_index = index;
        let mut weight: i64 = 1;
        let mut threshold: i64 = 36;
        loop {
            let Some(&byte) = input.get(at) else {
                break 'numbers;
            };
            at += 1;
            let byte = i64::from(byte);
            let digit = if byte - 48 < 10 {
                byte - 22
            } else if byte - 65 < 26 {
                byte - 65
            } else if byte - 97 < 26 {
                byte - 97
            } else {
                36
            };
            index = index.add(Num::Int(digit).mul(Num::Int(weight)));
            let tag = if threshold <= base {
                1
            } else if base.checked_add(26).is_some_and(|top| threshold >= top) {
                26
            } else {
                threshold - base
            };
            if digit < tag {
                break;
            }
            weight = Num::Int(weight).mul(Num::Int(36 - tag)).to_int();
            threshold += 36;
        }
        let scaled = index.sub(old_index).div_by(if init { 700 } else { 2 });
        let mut delta = Num::Int(scaled.to_int());
        delta = delta.add(Num::Int(delta.div_by(length + 1).to_int()));
        let mut bias_base: i64 = 0;
        while delta.greater_than(455) {
            delta = Num::Int(delta.div_by(35).to_int());
            bias_base += 36;
        }
        let Some(bias) = Num::Int(36).mul(delta).div(delta.add(Num::Int(38))) else {
            // DivisionByZeroError.
            *notice = true;
            return None;
        };
        base = Num::Int(bias_base).add(bias).to_int();
        init = false;
        code_point = code_point.add(Num::Int(index.div_by(length + 1).to_int()));
        // `$index %= $lengthd + 1`.
        let int_index = index.to_int_implicit().unwrap_or_else(|| {
            *notice = true;
            index.to_int()
        });
        let slot = int_index % (length + 1);
        // Shift the code points from `slot` up by one, then write the new one at `slot`.
        if length > 0 {
            let mut key = length;
            while key > slot {
                let below = decoded.get(key - 1, notice);
                decoded.set(key, below);
                key -= 1;
            }
        }
        decoded.set(slot, Some(code_point));
        index = Num::Int(slot + 1);
        length += 1;
    }
    // UCS-4 to UTF-8 as Laminas writes it: `chr` keeps the low byte.
    let mut out = Vec::with_capacity(decoded.entries.len() * 2);
    for (_, value) in decoded.entries {
        // `chr(null)` is a deprecation, then `chr(0)`.
        let Some(value) = value else {
            *notice = true;
            out.push(0);
            continue;
        };
        // `$value < 1 << 21` is false for NAN too.
        if value.float().partial_cmp(&2_097_152.0) != Some(std::cmp::Ordering::Less) {
            return None;
        }
        let Some(value) = value.to_int_implicit() else {
            *notice = true;
            return None;
        };
        let byte = |n: i64| (n & 0xff) as u8;
        if value < 0x80 {
            out.push(byte(value));
        } else if value < 0x800 {
            out.extend([byte(192 + (value >> 6)), byte(128 + (value & 63))]);
        } else if value < 0x10000 {
            out.extend([
                byte(224 + (value >> 12)),
                byte(128 + ((value >> 6) & 63)),
                byte(128 + (value & 63)),
            ]);
        } else {
            out.extend([
                byte(240 + (value >> 18)),
                byte(128 + ((value >> 12) & 63)),
                byte(128 + ((value >> 6) & 63)),
                byte(128 + (value & 63)),
            ]);
        }
    }
    Some(out)
}

/// Grapheme cluster break classes (UAX #29 as ICU 72 applies it: Unicode 15.0, no conjunct
/// rule). Checked against `grapheme_strlen` of PHP 8.2 with ICU 72 for every code point after
/// `a`, before `b`, between Hangul jamo, and doubled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Break {
    Cr,
    Lf,
    Control,
    Extend,
    Zwj,
    RegionalIndicator,
    Prepend,
    SpacingMark,
    L,
    V,
    T,
    Lv,
    Lvt,
    Pictographic,
    Other,
}

/// The class of a character. Deliberate simplification: Extend, SpacingMark and Control are
/// read from the general category plus the short lists of exceptions; Extended_Pictographic
/// is approximated by the emoji blocks.
fn break_class(c: char) -> Break {
    match c {
        '\r' => Break::Cr,
        '\n' => Break::Lf,
        '\u{200D}' => Break::Zwj,
        // Other_Grapheme_Extend, emoji modifiers, tags.
        '\u{200C}'
        | '\u{09BE}'
        | '\u{09D7}'
        | '\u{0B3E}'
        | '\u{0B57}'
        | '\u{0BBE}'
        | '\u{0BD7}'
        | '\u{0CC2}'
        | '\u{0CD5}'
        | '\u{0CD6}'
        | '\u{0D3E}'
        | '\u{0D57}'
        | '\u{0DCF}'
        | '\u{0DDF}'
        | '\u{1B35}'
        | '\u{302E}'
        | '\u{302F}'
        | '\u{FF9E}'
        | '\u{FF9F}'
        | '\u{1133E}'
        | '\u{11357}'
        | '\u{114B0}'
        | '\u{114BD}'
        | '\u{115AF}'
        | '\u{11930}'
        | '\u{1D165}'
        | '\u{1D16E}'..='\u{1D172}'
        | '\u{1F3FB}'..='\u{1F3FF}'
        | '\u{E0020}'..='\u{E007F}' => Break::Extend,
        '\u{1F1E6}'..='\u{1F1FF}' => Break::RegionalIndicator,
        '\u{0600}'..='\u{0605}'
        | '\u{06DD}'
        | '\u{070F}'
        | '\u{0890}'
        | '\u{0891}'
        | '\u{08E2}'
        | '\u{0D4E}'
        | '\u{110BD}'
        | '\u{110CD}'
        | '\u{111C2}'
        | '\u{111C3}'
        | '\u{1193F}'
        | '\u{11941}'
        | '\u{11A3A}'
        | '\u{11A84}'..='\u{11A89}'
        | '\u{11D46}'
        | '\u{11F02}' => Break::Prepend,
        '\u{0E33}' | '\u{0EB3}' => Break::SpacingMark,
        // Spacing marks that do not extend a cluster.
        '\u{102B}'
        | '\u{102C}'
        | '\u{1038}'
        | '\u{1062}'..='\u{1064}'
        | '\u{1067}'..='\u{106D}'
        | '\u{1083}'
        | '\u{1087}'..='\u{108C}'
        | '\u{108F}'
        | '\u{109A}'..='\u{109C}'
        | '\u{1A61}'
        | '\u{1A63}'
        | '\u{1A64}'
        | '\u{AA7B}'
        | '\u{AA7D}'
        | '\u{11720}'
        | '\u{11721}' => Break::Other,
        // Marks Unicode 15.0 (ICU 72) did not have yet: unassigned there, so no extension.
        '\u{0897}'
        | '\u{10D69}'..='\u{10D6D}'
        | '\u{10EFC}'
        | '\u{113B8}'..='\u{113C0}'
        | '\u{113C2}'
        | '\u{113C5}'
        | '\u{113C7}'..='\u{113CA}'
        | '\u{113CC}'..='\u{113D0}'
        | '\u{113D2}'
        | '\u{113E1}'
        | '\u{113E2}'
        | '\u{11F5A}'
        | '\u{1611E}'..='\u{1612F}'
        | '\u{1E5EE}'
        | '\u{1E5EF}' => Break::Other,
        '\u{1100}'..='\u{115F}' | '\u{A960}'..='\u{A97C}' => Break::L,
        '\u{1160}'..='\u{11A7}' | '\u{D7B0}'..='\u{D7C6}' => Break::V,
        '\u{11A8}'..='\u{11FF}' | '\u{D7CB}'..='\u{D7FB}' => Break::T,
        '\u{AC00}'..='\u{D7A3}' if (u32::from(c) - 0xAC00) % 28 == 0 => Break::Lv,
        '\u{AC00}'..='\u{D7A3}' => Break::Lvt,
        '\u{00A9}'
        | '\u{00AE}'
        | '\u{203C}'
        | '\u{2049}'
        | '\u{2122}'
        | '\u{2139}'
        | '\u{2194}'..='\u{21AA}'
        | '\u{231A}'..='\u{23FF}'
        | '\u{24C2}'
        | '\u{25AA}'..='\u{25FE}'
        | '\u{2600}'..='\u{27BF}'
        | '\u{2934}'
        | '\u{2935}'
        | '\u{2B05}'..='\u{2B55}'
        | '\u{3030}'
        | '\u{303D}'
        | '\u{3297}'
        | '\u{3299}'
        | '\u{1F000}'..='\u{1F0FF}'
        | '\u{1F10D}'..='\u{1F1AD}'
        | '\u{1F201}'..='\u{1F64F}'
        | '\u{1F680}'..='\u{1FAFF}'
        | '\u{1FC00}'..='\u{1FFFD}' => Break::Pictographic,
        _ => match category_group(c) {
            CategoryGroup::NonspacingOrEnclosingMark => Break::Extend,
            CategoryGroup::SpacingMark => Break::SpacingMark,
            CategoryGroup::ControlOrFormat | CategoryGroup::LineOrParagraphSeparator => {
                Break::Control
            }
            _ => Break::Other,
        },
    }
}

/// The grapheme clusters of a text as laminas-stdlib's Intl wrapper counts them
/// (`grapheme_strlen`, `grapheme_strpos`, `grapheme_substr`); PHP takes a pure-ASCII text
/// byte by byte.
fn graphemes(text: &str) -> Vec<&str> {
    let mut clusters = Vec::new();
    if text.is_ascii() {
        clusters.extend((0..text.len()).filter_map(|at| text.get(at..at + 1)));
        return clusters;
    }
    let mut start = 0;
    let mut previous: Option<Break> = None;
    // An Extended_Pictographic then Extend* (then ZWJ) before the current character.
    let mut pictographic_run = false;
    let mut zwj_after_pictographic = false;
    let mut regional_run = 0usize;
    for (at, c) in text.char_indices() {
        let class = break_class(c);
        let joined = match previous {
            None => true,
            Some(before) => match (before, class) {
                (Break::Cr, Break::Lf) => true,
                (Break::Cr | Break::Lf | Break::Control, _)
                | (_, Break::Cr | Break::Lf | Break::Control) => false,
                (Break::L, Break::L | Break::V | Break::Lv | Break::Lvt)
                | (Break::Lv | Break::V, Break::V | Break::T)
                | (Break::Lvt | Break::T, Break::T) => true,
                (_, Break::Extend | Break::Zwj | Break::SpacingMark) | (Break::Prepend, _) => true,
                (Break::Zwj, Break::Pictographic) => zwj_after_pictographic,
                (Break::RegionalIndicator, Break::RegionalIndicator) => regional_run % 2 == 1,
                _ => false,
            },
        };
        if !joined {
            clusters.extend(text.get(start..at));
            start = at;
        }
        zwj_after_pictographic = class == Break::Zwj && pictographic_run;
        pictographic_run =
            class == Break::Pictographic || (pictographic_run && class == Break::Extend);
        regional_run = if class == Break::RegionalIndicator {
            regional_run + 1
        } else {
            0
        };
        previous = Some(class);
    }
    clusters.extend(text.get(start..));
    clusters
}

#[cfg(test)]
mod tests {
    use super::{PhpNotice, email_check, email_messages};
    use serde_json::Value;

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

    /// Rows where ICU's `idn_to_ascii` converts a host the `idna` crate refuses: the crate always
    /// applies the bidi rule, ICU with flags 0 does not (a simplification noted in
    /// `magento/mod.rs`). They stay in the table and must keep disagreeing until that changes.
    const BIDI_RULE: [&str; 3] = ["user@aא.com", "user@אa.com", "user@1א.com"];

    /// Every row of `tests/data/magento-email-punycode.json`: an address and the lines Laminas
    /// gives for it as Magento configures the validator, or the PHP notice it raises (the file
    /// names its sources).
    #[test]
    fn punycode_branches_match_laminas() {
        let table: Value =
            serde_json::from_str(include_str!("../../tests/data/magento-email-punycode.json"))
                .expect("the table is JSON");
        let cases = table["cases"].as_array().expect("a list of cases");
        let strings = |value: &Value| -> Vec<String> {
            value
                .as_array()
                .expect("a list of lines")
                .iter()
                .map(|line| line.as_str().expect("a line is a string").to_string())
                .collect()
        };
        let mut disagreements = Vec::new();
        let mut notices = 0;
        for case in cases {
            let [branch, email, expected] = case.as_array().map(Vec::as_slice).unwrap_or(&[])
            else {
                panic!("a case is [branch, email, messages]: {case}");
            };
            let email = email.as_str().expect("the email is a string");
            let expected = match expected.get("silenced") {
                Some(silenced) => {
                    notices += 1;
                    Err(PhpNotice {
                        silenced: strings(silenced),
                    })
                }
                None => Ok(strings(expected)),
            };
            let actual = email_check(email, "Email", None);
            if BIDI_RULE.contains(&email) {
                assert_ne!(
                    actual, expected,
                    "{email} now agrees: drop it from BIDI_RULE"
                );
                continue;
            }
            if actual != expected {
                disagreements.push(format!(
                    "{branch} {email:?}\n  laminas: {expected:?}\n  ours:    {actual:?}"
                ));
            }
        }
        assert!(cases.len() > 1000 && notices > 0, "{} cases", cases.len());
        assert!(
            disagreements.is_empty(),
            "{} of {} cases disagree:\n{}",
            disagreements.len(),
            cases.len(),
            disagreements.join("\n")
        );
    }
}
