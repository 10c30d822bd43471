//! The countries an address may name: ISO 3166-1 alpha-2.
//!
//! Reference §4.4: `country` is an "ISO code", `string(2)`; every example is an upper-case
//! alpha-2 code. Assumption 8 (reference §4.4, "country code"): a value that is not one of the
//! officially assigned codes below, in upper case, is `InvalidValue`. The store's
//! `registration.billingCountries` is not checked (open question 4 of the reference).

/// The 249 officially assigned ISO 3166-1 alpha-2 codes, sorted, upper case.
pub const COUNTRIES: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// True when `code` is an officially assigned ISO 3166-1 alpha-2 code (upper case, exactly).
pub fn is_country(code: &str) -> bool {
    COUNTRIES.binary_search(&code).is_ok()
}

#[cfg(test)]
mod tests {
    use super::{COUNTRIES, is_country};

    #[test]
    fn the_list_is_sorted_and_upper_case() {
        assert!(COUNTRIES.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(
            COUNTRIES
                .iter()
                .all(|code| code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()))
        );
    }

    #[test]
    fn known_codes_pass_and_others_fail() {
        assert!(is_country("GB"));
        assert!(is_country("IT"));
        assert!(is_country("AD"));
        assert!(is_country("ZW"));
        assert!(!is_country("gb"));
        assert!(!is_country("UK"));
        assert!(!is_country("GBR"));
        assert!(!is_country(""));
        assert!(!is_country("XK"));
    }
}
