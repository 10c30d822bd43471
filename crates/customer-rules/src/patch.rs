//! The tri-state field of a partial update: absent, `null`, or a value.
//!
//! Both shops give the three states different meanings. Open2b keeps an absent field, detaches the
//! cart or removes the shipping address on `null`, and sets a value. Magento keeps an absent field,
//! ignores `null` on an optional scalar and clears a string on `""`. `Option<T>` cannot tell absent
//! from `null`, so every such field is a [`Patch`].
//!
//! In a struct, pair it with `#[serde(default, skip_serializing_if = "Patch::is_absent")]` so that an
//! absent field is neither required when reading nor written when serialising:
//!
//! ```
//! use customer_rules::Patch;
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize)]
//! struct Update {
//!     #[serde(default, skip_serializing_if = "Patch::is_absent")]
//!     cart: Patch<String>,
//! }
//!
//! let absent: Update = serde_json::from_str("{}").unwrap();
//! let null: Update = serde_json::from_str(r#"{"cart":null}"#).unwrap();
//! assert_eq!(absent.cart, Patch::Absent);
//! assert_eq!(null.cart, Patch::Null);
//! assert_eq!(serde_json::to_string(&absent).unwrap(), "{}");
//! assert_eq!(serde_json::to_string(&null).unwrap(), r#"{"cart":null}"#);
//! ```

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field of a partial update: left out, sent as `null`, or sent with a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Patch<T> {
    /// The field was not sent: the shop keeps what it has.
    #[default]
    Absent,
    /// The field was sent as `null`.
    Null,
    /// The field was sent with this value.
    Value(T),
}

impl<T> Patch<T> {
    /// True when the field was left out (the `skip_serializing_if` predicate).
    pub fn is_absent(&self) -> bool {
        matches!(self, Patch::Absent)
    }

    /// True when the field was sent as `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Patch::Null)
    }

    /// The value, if one was sent.
    pub fn value(&self) -> Option<&T> {
        match self {
            Patch::Value(value) => Some(value),
            Patch::Absent | Patch::Null => None,
        }
    }

    /// Borrows the value of the patch.
    pub fn as_ref(&self) -> Patch<&T> {
        match self {
            Patch::Absent => Patch::Absent,
            Patch::Null => Patch::Null,
            Patch::Value(value) => Patch::Value(value),
        }
    }

    /// Transforms the value, keeping absent and `null` as they are.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Patch<U> {
        match self {
            Patch::Absent => Patch::Absent,
            Patch::Null => Patch::Null,
            Patch::Value(value) => Patch::Value(f(value)),
        }
    }

    /// Applies the patch to a nullable stored value: absent keeps it, `null` clears it, a value
    /// replaces it.
    pub fn apply_to(self, stored: Option<T>) -> Option<T> {
        match self {
            Patch::Absent => stored,
            Patch::Null => None,
            Patch::Value(value) => Some(value),
        }
    }
}

impl<T> From<Option<T>> for Patch<T> {
    /// `Some` is a value and `None` is an explicit `null`; absent has to be asked for by name.
    fn from(value: Option<T>) -> Self {
        match value {
            Some(value) => Patch::Value(value),
            None => Patch::Null,
        }
    }
}

impl<T: Serialize> Serialize for Patch<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Patch::Value(value) => value.serialize(serializer),
            // An absent field is skipped by `skip_serializing_if`; on its own it can only be `null`.
            Patch::Absent | Patch::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A missing key never reaches this point (`#[serde(default)]` makes it `Absent`).
        Option::<T>::deserialize(deserializer).map(Patch::from)
    }
}

#[cfg(test)]
mod tests {
    use super::Patch;
    use proptest::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Update {
        #[serde(default, skip_serializing_if = "Patch::is_absent")]
        name: Patch<String>,
        #[serde(default, skip_serializing_if = "Patch::is_absent")]
        lists: Patch<Vec<u32>>,
    }

    #[test]
    fn the_three_states_read_from_json() {
        let update: Update = serde_json::from_str(r#"{"name":null,"lists":[1,2]}"#).unwrap();
        assert_eq!(update.name, Patch::Null);
        assert_eq!(update.lists, Patch::Value(vec![1, 2]));
        let update: Update = serde_json::from_str("{}").unwrap();
        assert_eq!(update.name, Patch::Absent);
    }

    #[test]
    fn a_value_of_the_wrong_type_is_an_error_not_a_null() {
        assert!(serde_json::from_str::<Update>(r#"{"name":5}"#).is_err());
    }

    #[test]
    fn apply_keeps_clears_or_replaces() {
        assert_eq!(Patch::Absent.apply_to(Some(1)), Some(1));
        assert_eq!(Patch::Null.apply_to(Some(1)), None);
        assert_eq!(Patch::Value(2).apply_to(Some(1)), Some(2));
    }

    fn patch_strategy() -> impl Strategy<Value = Patch<String>> {
        prop_oneof![
            Just(Patch::Absent),
            Just(Patch::Null),
            any::<String>().prop_map(Patch::Value),
        ]
    }

    proptest! {
        #[test]
        fn json_round_trip_keeps_the_state(name in patch_strategy()) {
            let update = Update { name, lists: Patch::Absent };
            let json = serde_json::to_string(&update).unwrap();
            let back: Update = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(back, update);
        }
    }
}
