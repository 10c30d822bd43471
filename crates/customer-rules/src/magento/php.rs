//! The few PHP semantics Magento's rules lean on: numeric strings, casts, loose `==` between
//! strings, `filter_var(FILTER_VALIDATE_BOOLEAN)`, `gettype`, `empty()`.

use serde_json::Value;

/// A numeric string as PHP 8 reads it (`Zend/zend_operators.c` `_is_numeric_string_ex`, asked
/// for the value, no trailing data allowed).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Numeric {
    /// `IS_LONG`.
    Long(i64),
    /// `IS_DOUBLE`. `overflow` (`oflow_info`) is the sign of an integer part too long for a
    /// long — 20 digits or more after leading zeros, or 19 that do not sort below
    /// `9223372036854775808` — and 0 otherwise.
    Double { value: f64, overflow: i8 },
}

/// Whitespace PHP skips around a number: space, `\t`, `\n`, `\r`, `\v`, `\f`.
fn php_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)
}

/// The length of the number `zend_strtod` reads at the start of `text`: a sign, digits with an
/// optional point and fraction (one digit at least), then an exponent if it has digits.
fn strtod_length(text: &[u8]) -> usize {
    let digits_from = |mut at: usize| {
        while text.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
        at
    };
    let sign = usize::from(matches!(text.first(), Some(b'+' | b'-')));
    let mut at = digits_from(sign);
    let mut mantissa = at - sign;
    if text.get(at) == Some(&b'.') {
        let fraction = digits_from(at + 1);
        mantissa += fraction - at - 1;
        at = fraction;
    }
    if mantissa == 0 {
        return 0;
    }
    if matches!(text.get(at), Some(b'e' | b'E')) {
        let exponent_sign = usize::from(matches!(text.get(at + 1), Some(b'+' | b'-')));
        let exponent = digits_from(at + 1 + exponent_sign);
        if exponent > at + 1 + exponent_sign {
            at = exponent;
        }
    }
    at
}

/// `zend_strtod` of a number [`strtod_length`] delimited (both round correctly).
fn strtod(number: &[u8]) -> f64 {
    let text = std::str::from_utf8(number).unwrap_or("");
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, text.strip_prefix('+').unwrap_or(text)),
    };
    // Rust's parser wants a digit before an exponent: `5.e3` is read as `5e3`.
    let unsigned = unsigned.replacen(".e", "e", 1).replacen(".E", "E", 1);
    sign * unsigned.parse::<f64>().unwrap_or(0.0)
}

/// `_is_numeric_string_ex(str, len, &lval, &dval, false, &oflow, NULL)`.
fn parse_numeric(text: &str) -> Option<Numeric> {
    let bytes = text.as_bytes();
    let skipped = bytes.iter().take_while(|b| php_space(**b)).count();
    let number = bytes.get(skipped..).unwrap_or(&[]);
    let negative = number.first() == Some(&b'-');
    let sign = usize::from(matches!(number.first(), Some(b'+' | b'-')));
    let overflow_sign: i8 = if negative { -1 } else { 1 };
    let mut overflow = 0;
    // Digits after leading zeros, counted up to 20 (`MAX_LENGTH_OF_LONG`).
    let mut digits = 0;
    let end;
    let mut double = false;
    if number.get(sign).is_some_and(u8::is_ascii_digit) {
        let mut at = sign;
        while number.get(at) == Some(&b'0') {
            at += 1;
        }
        while digits < 20 && number.get(at).is_some_and(u8::is_ascii_digit) {
            digits += 1;
            at += 1;
        }
        let exponent_digit = |from: usize| {
            let after_sign = from + usize::from(matches!(number.get(from), Some(b'+' | b'-')));
            number.get(after_sign).is_some_and(u8::is_ascii_digit)
        };
        if digits >= 20 {
            overflow = overflow_sign;
            double = true;
        } else if number.get(at) == Some(&b'.')
            || (matches!(number.get(at), Some(b'e' | b'E')) && exponent_digit(at + 1))
        {
            double = true;
        }
        end = if double { strtod_length(number) } else { at };
    } else if number.get(sign) == Some(&b'.')
        && number.get(sign + 1).is_some_and(u8::is_ascii_digit)
    {
        double = true;
        end = strtod_length(number);
    } else {
        return None;
    }
    if !number
        .get(end..)
        .unwrap_or(&[])
        .iter()
        .all(|b| php_space(*b))
    {
        return None;
    }
    let digits_text = number.get(..end).unwrap_or(&[]);
    if double {
        return Some(Numeric::Double {
            value: strtod(digits_text),
            overflow,
        });
    }
    if digits == 19 {
        // `strcmp(&ptr[-digits], "9223372036854775808")`: the digits and whatever follows them,
        // trailing whitespace included.
        let tail = number.get(end - 19..).unwrap_or(&[]);
        let order = tail.cmp(b"9223372036854775808".as_slice());
        if !(order.is_lt() || (order.is_eq() && negative)) {
            return Some(Numeric::Double {
                value: strtod(digits_text),
                overflow: overflow_sign,
            });
        }
    }
    let magnitude = digits_text
        .get(sign..)
        .and_then(|d| std::str::from_utf8(d).ok())
        .unwrap_or("0");
    let signed = if negative {
        format!("-{magnitude}")
    } else {
        magnitude.to_string()
    };
    signed.parse::<i64>().ok().map(Numeric::Long)
}

/// PHP 8 `is_numeric` on a string: optional leading and trailing whitespace, a sign, digits with
/// an optional fraction, an optional exponent; its value as a float.
pub(super) fn numeric_string(text: &str) -> Option<f64> {
    match parse_numeric(text)? {
        Numeric::Long(int) => Some(int as f64),
        Numeric::Double { value, .. } => Some(value),
    }
}

/// PHP `is_numeric` on a decoded JSON value.
pub(super) fn is_numeric(value: &Value) -> bool {
    match value {
        Value::Number(_) => true,
        Value::String(text) => numeric_string(text).is_some(),
        _ => false,
    }
}

/// PHP `(int)` of a string: a numeric string is converted (`"1e3"` is 1000, `"12.7"` is 12);
/// otherwise leading whitespace, a sign and the leading digits count (`"5abc"` is 5, `"abc"` 0).
pub(super) fn int_cast(text: &str) -> i64 {
    if numeric_string(text).is_some()
        && let Some(int) = to_int(&Value::String(text.to_string()))
    {
        return int;
    }
    let trimmed = text.trim_start_matches([' ', '\t', '\n', '\r', '\u{0B}', '\u{0C}']);
    let (sign, rest) = match trimmed.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, trimmed.strip_prefix('+').unwrap_or(trimmed)),
    };
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse::<i64>().map_or(0, |n| sign * n)
}

/// `settype($v, 'int')` of a value that passed [`is_numeric`]. Out-of-range values saturate
/// (deliberate simplification: PHP's result for them is platform-defined).
pub(super) fn to_int(value: &Value) -> Option<i64> {
    match value {
        Value::Number(number) => number
            .as_i64()
            .or_else(|| number.as_f64().map(float_to_int)),
        Value::String(text) => {
            let trimmed = text.trim_matches(|c: char| {
                matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}')
            });
            match trimmed.parse::<i64>() {
                Ok(int) => Some(int),
                Err(_) => numeric_string(text).map(float_to_int),
            }
        }
        _ => None,
    }
}

fn float_to_int(float: f64) -> i64 {
    if float.is_nan() {
        0
    } else {
        // `as` truncates toward zero and saturates, which is PHP's cast for in-range values.
        float as i64
    }
}

/// PHP's `(string)` of a float: `precision` = 14 significant digits, `%G` style, `.0` added to
/// an exponent form without a fraction (`1.0E+25`).
pub(super) fn float_to_string(float: f64) -> String {
    if float.is_nan() {
        return String::from("NAN");
    }
    if float.is_infinite() {
        return String::from(if float > 0.0 { "INF" } else { "-INF" });
    }
    if float == 0.0 {
        return String::from(if float.is_sign_negative() { "-0" } else { "0" });
    }
    let formatted = format!("{:.13e}", float);
    let (mantissa, exponent) = formatted
        .split_once('e')
        .unwrap_or((formatted.as_str(), "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
    if !(-4..14).contains(&exponent) {
        let mantissa = if mantissa.contains('.') {
            mantissa.to_string()
        } else {
            format!("{mantissa}.0")
        };
        let sign = if exponent < 0 { '-' } else { '+' };
        return format!("{mantissa}E{sign}{}", exponent.abs());
    }
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let point = exponent + 1;
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    if point <= 0 {
        out.push_str("0.");
        for _ in 0..(-point) {
            out.push('0');
        }
        out.push_str(&digits);
    } else {
        let point = usize::try_from(point).unwrap_or(0);
        if digits.len() <= point {
            out.push_str(&digits);
            for _ in digits.len()..point {
                out.push('0');
            }
        } else {
            out.push_str(digits.get(..point).unwrap_or(""));
            out.push('.');
            out.push_str(digits.get(point..).unwrap_or(""));
        }
    }
    out
}

/// `settype($v, 'string')` / `(string)$v` of a scalar JSON value; `None` for arrays and objects.
pub(super) fn to_string(value: &Value) -> Option<String> {
    match value {
        Value::Null => Some(String::new()),
        Value::Bool(true) => Some(String::from("1")),
        Value::Bool(false) => Some(String::new()),
        Value::Number(number) => Some(match (number.as_i64(), number.as_u64()) {
            (Some(int), _) => int.to_string(),
            // json_decode turns integers beyond PHP_INT_MAX into floats.
            (None, Some(big)) => float_to_string(big as f64),
            (None, None) => float_to_string(number.as_f64().unwrap_or(0.0)),
        }),
        Value::String(text) => Some(text.clone()),
        Value::Array(_) | Value::Object(_) => None,
    }
}

/// `filter_var($v, FILTER_VALIDATE_BOOLEAN)` without the null-on-failure flag.
pub(super) fn to_bool(value: &Value) -> bool {
    match to_string(value) {
        Some(text) => matches!(
            text.trim().to_ascii_lowercase().as_str(),
            "1" | "true" | "on" | "yes"
        ),
        None => false,
    }
}

/// PHP `gettype` of a decoded JSON value.
pub(super) fn gettype(value: &Value) -> &'static str {
    match value {
        Value::Null => "NULL",
        Value::Bool(_) => "boolean",
        Value::Number(number) if number.is_i64() => "integer",
        Value::Number(_) => "double",
        Value::String(_) => "string",
        Value::Array(_) | Value::Object(_) => "array",
    }
}

/// PHP 8 loose `==` between two strings (`zendi_smart_str_equals`): numerically when both are
/// numeric strings — but two integers that overflow to the same side with equal doubles, or two
/// equal infinite doubles, compare as strings, and a long never equals an overflowing integer —
/// else byte-wise.
pub(super) fn loose_equals(left: &str, right: &str) -> bool {
    let (Some(a), Some(b)) = (parse_numeric(left), parse_numeric(right)) else {
        return left == right;
    };
    match (a, b) {
        (Numeric::Long(x), Numeric::Long(y)) => x == y,
        (Numeric::Long(_), Numeric::Double { overflow, .. })
        | (Numeric::Double { overflow, .. }, Numeric::Long(_))
            if overflow != 0 =>
        {
            false
        }
        (Numeric::Long(x), Numeric::Double { value, .. })
        | (Numeric::Double { value, .. }, Numeric::Long(x)) => x as f64 == value,
        (
            Numeric::Double {
                value: x,
                overflow: x_overflow,
            },
            Numeric::Double {
                value: y,
                overflow: y_overflow,
            },
        ) => {
            let same_side = x_overflow != 0 && x_overflow == y_overflow && x - y == 0.0;
            if same_side || (x == y && !x.is_finite()) {
                left == right
            } else {
                x == y
            }
        }
    }
}

/// PHP `empty()` of a string: `""` and `"0"`.
pub(super) fn empty_string(text: &str) -> bool {
    text.is_empty() || text == "0"
}

/// `SimpleDataObjectConverter::snakeCaseToUpperCamelCase`: `str_replace('_', '', ucwords($k, '_'))`
/// (ASCII upper-casing of the first byte and of every byte after `_`).
pub(super) fn upper_camel(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut upper_next = true;
    for c in key.chars() {
        if c == '_' {
            upper_next = true;
            continue;
        }
        if upper_next {
            out.push(c.to_ascii_uppercase());
        } else {
            out.push(c);
        }
        upper_next = false;
    }
    out
}

/// The entity names of HTML 4.01, sorted: `htmlspecialchars` with `ENT_HTML401` (the default)
/// keeps `&name;` for these when it does not double-encode.
const HTML401_ENTITIES: [&str; 252] = [
    "AElig", "Aacute", "Acirc", "Agrave", "Alpha", "Aring", "Atilde", "Auml", "Beta", "Ccedil",
    "Chi", "Dagger", "Delta", "ETH", "Eacute", "Ecirc", "Egrave", "Epsilon", "Eta", "Euml",
    "Gamma", "Iacute", "Icirc", "Igrave", "Iota", "Iuml", "Kappa", "Lambda", "Mu", "Ntilde", "Nu",
    "OElig", "Oacute", "Ocirc", "Ograve", "Omega", "Omicron", "Oslash", "Otilde", "Ouml", "Phi",
    "Pi", "Prime", "Psi", "Rho", "Scaron", "Sigma", "THORN", "Tau", "Theta", "Uacute", "Ucirc",
    "Ugrave", "Upsilon", "Uuml", "Xi", "Yacute", "Yuml", "Zeta", "aacute", "acirc", "acute",
    "aelig", "agrave", "alefsym", "alpha", "amp", "and", "ang", "aring", "asymp", "atilde", "auml",
    "bdquo", "beta", "brvbar", "bull", "cap", "ccedil", "cedil", "cent", "chi", "circ", "clubs",
    "cong", "copy", "crarr", "cup", "curren", "dArr", "dagger", "darr", "deg", "delta", "diams",
    "divide", "eacute", "ecirc", "egrave", "empty", "emsp", "ensp", "epsilon", "equiv", "eta",
    "eth", "euml", "euro", "exist", "fnof", "forall", "frac12", "frac14", "frac34", "frasl",
    "gamma", "ge", "gt", "hArr", "harr", "hearts", "hellip", "iacute", "icirc", "iexcl", "igrave",
    "image", "infin", "int", "iota", "iquest", "isin", "iuml", "kappa", "lArr", "lambda", "lang",
    "laquo", "larr", "lceil", "ldquo", "le", "lfloor", "lowast", "loz", "lrm", "lsaquo", "lsquo",
    "lt", "macr", "mdash", "micro", "middot", "minus", "mu", "nabla", "nbsp", "ndash", "ne", "ni",
    "not", "notin", "nsub", "ntilde", "nu", "oacute", "ocirc", "oelig", "ograve", "oline", "omega",
    "omicron", "oplus", "or", "ordf", "ordm", "oslash", "otilde", "otimes", "ouml", "para", "part",
    "permil", "perp", "phi", "pi", "piv", "plusmn", "pound", "prime", "prod", "prop", "psi",
    "quot", "rArr", "radic", "rang", "raquo", "rarr", "rceil", "rdquo", "real", "reg", "rfloor",
    "rho", "rlm", "rsaquo", "rsquo", "sbquo", "scaron", "sdot", "sect", "shy", "sigma", "sigmaf",
    "sim", "spades", "sub", "sube", "sum", "sup", "sup1", "sup2", "sup3", "supe", "szlig", "tau",
    "there4", "theta", "thetasym", "thinsp", "thorn", "tilde", "times", "trade", "uArr", "uacute",
    "uarr", "ucirc", "ugrave", "uml", "upsih", "upsilon", "uuml", "weierp", "xi", "yacute", "yen",
    "yuml", "zeta", "zwj", "zwnj",
];

/// `htmlspecialchars($value, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8', false)`, as
/// `Framework/Escaper::escapeHtml` calls it: `& < > " '` are encoded, except an `&` that starts
/// an entity already there (`&#65;`, `&#x41;` up to U+10FFFF, or an HTML 4.01 name), which is
/// kept. One pass.
pub(super) fn escape_html(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for (at, c) in value.char_indices() {
        match c {
            '&' if entity_len(&value[at..]).is_some() => out.push('&'),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#039;"),
            c => out.push(c),
        }
    }
    out
}

/// The length of the entity `text` starts with (`&…;`), if it is one `htmlspecialchars` keeps.
/// An entity name is at most 8 bytes and a number is bounded, so this looks at a few bytes only.
fn entity_len(text: &str) -> Option<usize> {
    let body = text.as_bytes().get(1..)?;
    let end = body.iter().take(32).position(|b| *b == b';')?;
    let entity = body.get(..end)?;
    let known = match entity {
        [b'#', b'x' | b'X', hex @ ..] => code_point(hex, 16),
        [b'#', decimal @ ..] => code_point(decimal, 10),
        name => std::str::from_utf8(name)
            .is_ok_and(|name| HTML401_ENTITIES.binary_search(&name).is_ok()),
    };
    known.then_some(end + 2)
}

/// True for digits of `radix` naming a code point up to U+10FFFF (leading zeros allowed).
fn code_point(digits: &[u8], radix: u32) -> bool {
    !digits.is_empty()
        && digits
            .iter()
            .try_fold(0u32, |value, digit| {
                let digit = char::from(*digit).to_digit(radix)?;
                value
                    .checked_mul(radix)?
                    .checked_add(digit)
                    .filter(|v| *v <= 0x10FFFF)
            })
            .is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escape_html_keeps_entities_already_there() {
        assert_eq!(
            escape_html("<a href='x'>\""),
            "&lt;a href=&#039;x&#039;&gt;&quot;"
        );
        assert_eq!(
            escape_html("&amp; &#65; &#x41; &eacute;"),
            "&amp; &#65; &#x41; &eacute;"
        );
        assert_eq!(
            escape_html("& &foo; &apos; &AMP; &#x110000; &#; &#x; &amp"),
            "&amp; &amp;foo; &amp;apos; &amp;AMP; &amp;#x110000; &amp;#; &amp;#x; &amp;amp"
        );
        assert_eq!(escape_html("&#0000065;"), "&#0000065;");
    }

    #[test]
    fn numeric_strings_follow_php_8() {
        for numeric in ["12", " 12", "12 ", "-1.5", ".5", "5.", "1e3", "+3"] {
            assert!(numeric_string(numeric).is_some(), "{numeric}");
        }
        for text in ["abc", "", "1e", "0x1A", "1 2", ".", "e3"] {
            assert!(numeric_string(text).is_none(), "{text}");
        }
    }

    #[test]
    fn casts_match_php() {
        assert_eq!(to_int(&json!("12.7")), Some(12));
        assert_eq!(int_cast("5abc"), 5);
        assert_eq!(int_cast("abc"), 0);
        assert_eq!(int_cast("-3"), -3);
        assert_eq!(int_cast("1e3"), 1000);
        assert_eq!(int_cast(" 7"), 7);
        assert_eq!(to_int(&json!("1e3")), Some(1000));
        assert_eq!(to_int(&json!(12.7)), Some(12));
        assert_eq!(to_string(&json!(true)).as_deref(), Some("1"));
        assert_eq!(to_string(&json!(false)).as_deref(), Some(""));
        assert_eq!(to_string(&json!(1.5)).as_deref(), Some("1.5"));
        assert_eq!(to_string(&json!(1e25)).as_deref(), Some("1.0E+25"));
        assert_eq!(to_string(&json!(0.1)).as_deref(), Some("0.1"));
        assert_eq!(to_string(&json!(12.0)).as_deref(), Some("12"));
        assert_eq!(float_to_string(0.00001), "1.0E-5");
        assert_eq!(float_to_string(0.0001), "0.0001");
        assert!(to_bool(&json!("yes")) && to_bool(&json!(1)) && !to_bool(&json!("no")));
    }

    /// Every pair of `tests/data/php-loose-equals.json` with PHP 8.2's answer to `$a == $b`.
    #[test]
    fn loose_equality_answers_as_php_8_2() {
        let table: Value =
            serde_json::from_str(include_str!("../../tests/data/php-loose-equals.json"))
                .expect("the table is JSON");
        let pairs = table["pairs"].as_array().expect("a list of pairs");
        let disagreements: Vec<String> = pairs
            .iter()
            .filter_map(|pair| {
                let left = pair[0].as_str().expect("a string");
                let right = pair[1].as_str().expect("a string");
                let php = pair[2].as_bool().expect("a boolean");
                (loose_equals(left, right) != php)
                    .then(|| format!("{left:?} == {right:?}: PHP {php}"))
            })
            .collect();
        assert!(pairs.len() > 2000, "{} pairs", pairs.len());
        assert!(
            disagreements.is_empty(),
            "{} of {} pairs disagree:\n{}",
            disagreements.len(),
            pairs.len(),
            disagreements.join("\n")
        );
    }

    #[test]
    fn overflowing_integers_compare_as_strings() {
        // Both overflow upwards and are the same double: the bytes decide.
        assert!(!loose_equals("9223372036854775808", "9223372036854775809"));
        assert!(!loose_equals(
            "99999999999999999999",
            "99999999999999999999 "
        ));
        // A long never equals an overflowing integer.
        assert!(!loose_equals("9223372036854775807", "9223372036854775808"));
        // 19 digits then whitespace sort above PHP_INT_MIN's digits: a double.
        assert!(!loose_equals(
            "-9223372036854775808",
            "-9223372036854775808 "
        ));
        assert!(loose_equals(
            "-9223372036854775808",
            "-9223372036854775808.0"
        ));
        // Leading zeros do not count: 20 characters, one digit.
        assert!(loose_equals(
            "00000000000000000001",
            "00000000000000000001 "
        ));
        // Equal infinities compare as strings; hex is not numeric.
        assert!(!loose_equals("1e1000", "2e1000"));
        assert!(!loose_equals("0x1A", "26"));
    }

    #[test]
    fn loose_equality_compares_numeric_strings_as_numbers() {
        assert!(loose_equals("1", "1.0"));
        assert!(loose_equals("12", " 12"));
        assert!(!loose_equals("abc", "ABC"));
    }

    #[test]
    fn upper_camel_is_ucwords_without_underscores() {
        assert_eq!(upper_camel("group_id"), "GroupId");
        assert_eq!(upper_camel("groupId"), "GroupId");
        assert_eq!(upper_camel("first_name"), "FirstName");
        assert_eq!(upper_camel("firstName"), "FirstName");
        assert_eq!(upper_camel("__firstname"), "Firstname");
    }
}
