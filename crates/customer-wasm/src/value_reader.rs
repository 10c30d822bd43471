//! One small reader of typed arguments from a parsed JSON value, naming the member at fault.
//!
//! Every argument is first parsed into a [`Value`] (one JSON parser for the whole module), then
//! read into its type from that value. The reader keeps the path of the member being read
//! (`stored.addresses[0].region`), so that an error names it: the path is held in one stack
//! beside the reader instead of in a wrapper around every type's visitor, which would repeat each
//! type's reading code (serde_path_to_error's way, tens of kilobytes of WebAssembly).
//!
//! It reads as serde_json's own `Value` reader does: numbers as `u64`, `i64` or `f64` by their
//! form, `null` as `None`, a string or a one-member object as an enum variant; errors carry
//! serde's usual wording.

use std::cell::RefCell;
use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    Unexpected, VariantAccess, Visitor,
};
use serde_json::{Map, Number, Value};

/// One step of a path: an object member or an array index.
enum Segment {
    Member(String),
    Index(usize),
}

thread_local! {
    /// The members and indexes entered so far (WebAssembly runs one call at a time).
    static PATH: RefCell<Vec<Segment>> = const { RefCell::new(Vec::new()) };
}

fn enter(segment: Segment) {
    PATH.with(|path| path.borrow_mut().push(segment));
}

fn leave() {
    PATH.with(|path| {
        path.borrow_mut().pop();
    });
}

/// The path entered so far, as `a.b[0].c`, empty at the top.
fn current_path() -> String {
    PATH.with(|path| {
        let mut text = String::new();
        for segment in path.borrow().iter() {
            match segment {
                Segment::Member(name) => {
                    if !text.is_empty() {
                        text.push('.');
                    }
                    text.push_str(name);
                }
                Segment::Index(index) => {
                    text.push('[');
                    text.push_str(&index.to_string());
                    text.push(']');
                }
            }
        }
        text
    })
}

/// An argument of the wrong shape: where (empty for the argument itself) and what.
#[derive(Debug)]
pub(crate) struct ShapeError {
    pub(crate) path: String,
    pub(crate) message: String,
}

impl fmt::Display for ShapeError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.message)
    }
}

impl std::error::Error for ShapeError {}

impl de::Error for ShapeError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        ShapeError {
            path: current_path(),
            message: message.to_string(),
        }
    }

    fn invalid_type(unexpected: Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        de::Error::custom(format_args!(
            "invalid type: {}, expected {expected}",
            Shown(unexpected)
        ))
    }

    fn invalid_value(unexpected: Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        de::Error::custom(format_args!(
            "invalid value: {}, expected {expected}",
            Shown(unexpected)
        ))
    }
}

/// serde's wording of an unexpected value (as `Unexpected`'s own `Display` words it), with a
/// float written by serde_json's number formatting: `Unexpected`'s `Display` would bring the
/// standard library's float printing into the module for this alone.
struct Shown<'a>(Unexpected<'a>);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Unexpected::Bool(flag) => write!(formatter, "boolean `{flag}`"),
            Unexpected::Unsigned(number) => write!(formatter, "integer `{number}`"),
            Unexpected::Signed(number) => write!(formatter, "integer `{number}`"),
            Unexpected::Float(number) => match Number::from_f64(number) {
                Some(number) => write!(formatter, "floating point `{number}`"),
                None => formatter.write_str("floating point"),
            },
            Unexpected::Char(character) => write!(formatter, "character `{character}`"),
            Unexpected::Str(text) => write!(formatter, "string {text:?}"),
            Unexpected::Bytes(_) => formatter.write_str("byte array"),
            Unexpected::Unit => formatter.write_str("unit value"),
            Unexpected::Option => formatter.write_str("Option value"),
            Unexpected::NewtypeStruct => formatter.write_str("newtype struct"),
            Unexpected::Seq => formatter.write_str("sequence"),
            Unexpected::Map => formatter.write_str("map"),
            Unexpected::Enum => formatter.write_str("enum"),
            Unexpected::UnitVariant => formatter.write_str("unit variant"),
            Unexpected::NewtypeVariant => formatter.write_str("newtype variant"),
            Unexpected::TupleVariant => formatter.write_str("tuple variant"),
            Unexpected::StructVariant => formatter.write_str("struct variant"),
            Unexpected::Other(other) => formatter.write_str(other),
        }
    }
}

/// Reads `T` from `value`.
pub(crate) fn read_value<T: de::DeserializeOwned>(value: &Value) -> Result<T, ShapeError> {
    PATH.with(|path| path.borrow_mut().clear());
    T::deserialize(Reader(value))
}

struct Reader<'a>(&'a Value);

fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(flag) => Unexpected::Bool(*flag),
        Value::Number(number) => number_unexpected(number),
        Value::String(text) => Unexpected::Str(text),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

fn number_unexpected(number: &Number) -> Unexpected<'static> {
    if let Some(unsigned) = number.as_u64() {
        Unexpected::Unsigned(unsigned)
    } else if let Some(signed) = number.as_i64() {
        Unexpected::Signed(signed)
    } else {
        Unexpected::Float(number.as_f64().unwrap_or_default())
    }
}

impl<'de> Deserializer<'de> for Reader<'de> {
    type Error = ShapeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(flag) => visitor.visit_bool(*flag),
            Value::Number(number) => {
                if let Some(unsigned) = number.as_u64() {
                    visitor.visit_u64(unsigned)
                } else if let Some(signed) = number.as_i64() {
                    visitor.visit_i64(signed)
                } else {
                    visitor.visit_f64(number.as_f64().unwrap_or_default())
                }
            }
            Value::String(text) => visitor.visit_borrowed_str(text),
            Value::Array(items) => visitor.visit_seq(Items {
                items: items.iter(),
                index: 0,
            }),
            Value::Object(members) => visitor.visit_map(Members::new(members)),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ShapeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ShapeError> {
        match self.0 {
            Value::String(variant) => visitor.visit_enum(Variant {
                name: variant,
                content: None,
            }),
            Value::Object(members) if members.len() == 1 => {
                let Some((name, content)) = members.iter().next() else {
                    return Err(de::Error::invalid_value(Unexpected::Map, &"one member"));
                };
                enter(Segment::Member(name.clone()));
                let read = visitor.visit_enum(Variant {
                    name,
                    content: Some(content),
                });
                leave();
                read
            }
            other => Err(de::Error::invalid_type(
                unexpected(other),
                &"a string or an object of one member",
            )),
        }
    }

    // What a type asks for is read directly, so that its visitor's other methods (each one an
    // error path) are never instantiated: a struct is read only from an object, a list only
    // from an array.
    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        match self.0 {
            Value::Bool(flag) => visitor.visit_bool(*flag),
            other => Err(invalid(other, &visitor)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        match self.0 {
            Value::String(text) => visitor.visit_borrowed_str(text),
            other => Err(invalid(other, &visitor)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            other => Err(invalid(other, &visitor)),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ShapeError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        match self.0 {
            Value::Array(items) => visitor.visit_seq(Items {
                items: items.iter(),
                index: 0,
            }),
            other => Err(invalid(other, &visitor)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ShapeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ShapeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        match self.0 {
            Value::Object(members) => visitor.visit_map(Members::new(members)),
            other => Err(invalid(other, &visitor)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ShapeError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 bytes byte_buf
    }
}

fn invalid(value: &Value, expected: &dyn de::Expected) -> ShapeError {
    de::Error::invalid_type(unexpected(value), expected)
}

struct Items<'a> {
    items: std::slice::Iter<'a, Value>,
    index: usize,
}

impl<'de> SeqAccess<'de> for Items<'de> {
    type Error = ShapeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, ShapeError> {
        let Some(item) = self.items.next() else {
            return Ok(None);
        };
        enter(Segment::Index(self.index));
        self.index += 1;
        let read = seed.deserialize(Reader(item));
        leave();
        read.map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Members<'a> {
    members: serde_json::map::Iter<'a>,
    pending: Option<&'a Value>,
}

impl<'a> Members<'a> {
    fn new(members: &'a Map<String, Value>) -> Self {
        Members {
            members: members.iter(),
            pending: None,
        }
    }
}

impl<'de> MapAccess<'de> for Members<'de> {
    type Error = ShapeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ShapeError> {
        let Some((name, value)) = self.members.next() else {
            return Ok(None);
        };
        // Entered before the key is read, so that an unknown member is named by its own path.
        enter(Segment::Member(name.clone()));
        self.pending = Some(value);
        match seed.deserialize(name.as_str().into_deserializer()) {
            Ok(key) => Ok(Some(key)),
            Err(error) => {
                leave();
                Err(error)
            }
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, ShapeError> {
        let value = self.pending.take().unwrap_or(&Value::Null);
        let read = seed.deserialize(Reader(value));
        leave();
        read
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.members.len())
    }
}

struct Variant<'a> {
    name: &'a str,
    content: Option<&'a Value>,
}

impl<'de> EnumAccess<'de> for Variant<'de> {
    type Error = ShapeError;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self), ShapeError> {
        let name: de::value::BorrowedStrDeserializer<'de, ShapeError> =
            de::value::BorrowedStrDeserializer::new(self.name);
        seed.deserialize(name).map(|variant| (variant, self))
    }
}

impl<'de> VariantAccess<'de> for Variant<'de> {
    type Error = ShapeError;

    fn unit_variant(self) -> Result<(), ShapeError> {
        match self.content {
            None | Some(Value::Null) => Ok(()),
            Some(other) => Err(de::Error::invalid_type(unexpected(other), &"unit variant")),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, ShapeError> {
        match self.content {
            Some(content) => seed.deserialize(Reader(content)),
            None => Err(de::Error::invalid_type(
                Unexpected::UnitVariant,
                &"newtype variant",
            )),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ShapeError> {
        match self.content {
            Some(content) => Reader(content).deserialize_any(visitor),
            None => Err(de::Error::invalid_type(
                Unexpected::UnitVariant,
                &"tuple variant",
            )),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ShapeError> {
        match self.content {
            Some(content) => Reader(content).deserialize_any(visitor),
            None => Err(de::Error::invalid_type(
                Unexpected::UnitVariant,
                &"struct variant",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::read_value;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Address {
        city: String,
        #[serde(default)]
        lines: Vec<String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Customer {
        id: u32,
        #[serde(default)]
        note: Option<String>,
        addresses: Vec<Address>,
        kind: Kind,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "lowercase")]
    enum Kind {
        Guest,
        Member,
    }

    fn error_of(value: serde_json::Value) -> (String, String) {
        let error = read_value::<Customer>(&value).unwrap_err();
        (error.path, error.message)
    }

    #[test]
    fn a_value_of_the_right_shape_is_read() {
        let customer: Customer = read_value(&json!({
            "id": 7, "note": null, "kind": "member",
            "addresses": [{"city": "Austin", "lines": ["1 Main St"]}]
        }))
        .unwrap();
        assert_eq!(customer.id, 7);
        assert_eq!(customer.note, None);
        assert_eq!(customer.kind, Kind::Member);
        assert_eq!(customer.addresses[0].lines, ["1 Main St"]);
    }

    #[test]
    fn an_error_names_the_member_at_fault_in_serdes_words() {
        let wrong_type =
            json!({"id": 7, "kind": "guest", "addresses": [{"city": "A"}, {"city": 5}]});
        assert_eq!(
            error_of(wrong_type),
            (
                String::from("addresses[1].city"),
                String::from("invalid type: integer `5`, expected a string")
            )
        );
        let unknown = json!({"id": 7, "kind": "guest", "addresses": [], "nickname": "x"});
        let (path, message) = error_of(unknown);
        assert_eq!(path, "nickname");
        assert!(
            message.starts_with("unknown field `nickname`, expected one of"),
            "{message}"
        );
        let missing = json!({"id": 7, "addresses": [{"city": "A"}]});
        assert_eq!(
            error_of(missing),
            (String::new(), String::from("missing field `kind`"))
        );
        let variant = json!({"id": 7, "kind": "staff", "addresses": []});
        let (path, message) = error_of(variant);
        assert_eq!(path, "kind");
        assert!(message.starts_with("unknown variant `staff`"), "{message}");
        assert_eq!(
            error_of(json!(5)).1,
            "invalid type: integer `5`, expected struct Customer"
        );
    }

    #[test]
    fn a_number_and_a_struct_of_the_wrong_kind_are_named_as_serde_names_them() {
        let float = json!({"id": 1.5, "kind": "guest", "addresses": []});
        assert_eq!(
            error_of(float),
            (
                String::from("id"),
                String::from("invalid type: floating point `1.5`, expected u32")
            )
        );
        let list = json!({"id": 1, "kind": "guest", "addresses": [["Austin"]]});
        assert_eq!(
            error_of(list).1,
            "invalid type: sequence, expected struct Address"
        );
    }

    #[test]
    fn every_unexpected_value_is_worded_as_serde_words_it() {
        use serde::de::Unexpected;
        let all = [
            Unexpected::Bool(true),
            Unexpected::Unsigned(7),
            Unexpected::Signed(-7),
            Unexpected::Float(1.5),
            Unexpected::Float(2.0),
            Unexpected::Char('x'),
            Unexpected::Str("a\"b"),
            Unexpected::Bytes(b"x"),
            Unexpected::Unit,
            Unexpected::Option,
            Unexpected::NewtypeStruct,
            Unexpected::Seq,
            Unexpected::Map,
            Unexpected::Enum,
            Unexpected::UnitVariant,
            Unexpected::NewtypeVariant,
            Unexpected::TupleVariant,
            Unexpected::StructVariant,
            Unexpected::Other("thing"),
        ];
        for unexpected in all {
            assert_eq!(super::Shown(unexpected).to_string(), unexpected.to_string());
        }
    }

    #[test]
    fn the_path_starts_afresh_after_an_error() {
        let _ = read_value::<Customer>(&json!({"addresses": [{"city": 1}]}));
        assert_eq!(error_of(json!({"id": "x"})).0, "id");
    }
}
