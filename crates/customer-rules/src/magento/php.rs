//! The few PHP semantics Magento's rules lean on: numeric strings, casts, loose `==` between
//! strings, `filter_var(FILTER_VALIDATE_BOOLEAN)`, `gettype`, `empty()`.

use serde_json::Value;

/// PHP 8 `is_numeric` on a string: optional leading and trailing whitespace, a sign, digits with
/// an optional fraction, an optional exponent (`Zend/zend_operators.c` `_is_numeric_string_ex`).
pub(super) fn numeric_string(text: &str) -> Option<f64> {
    let is_ws = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}');
    let trimmed = text.trim_start_matches(is_ws).trim_end_matches(is_ws);
    let bytes = trimmed.as_bytes();
    let mut i = 0;
    if matches!(bytes.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let digits_start = i;
    while bytes.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    let mut mantissa_digits = i - digits_start;
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        let fraction_start = i;
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        mantissa_digits += i - fraction_start;
    }
    if mantissa_digits == 0 {
        return None;
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(bytes.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        let exponent_start = j;
        while bytes.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        if j > exponent_start {
            i = j;
        }
    }
    if i != bytes.len() {
        return None;
    }
    trimmed.parse::<f64>().ok()
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

/// PHP 8 loose `==` between two strings: numerically when both are numeric strings, else
/// byte-wise.
pub(super) fn loose_equals(left: &str, right: &str) -> bool {
    match (numeric_string(left), numeric_string(right)) {
        (Some(a), Some(b)) => a == b,
        _ => left == right,
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
