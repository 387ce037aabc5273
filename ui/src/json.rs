//! JSON through the browser's own `JSON.parse` / `JSON.stringify`: serde_json's parser and number
//! formatting are not in the wasm at all. Every app reads and writes JSON only through here.
//!
//! Reading walks the parsed JavaScript value with the small deserializer below rather than
//! serde-wasm-bindgen's: that one builds serde's error messages (`invalid type: floating point
//! `1.5`, expected …`) for every mismatch, and formatting the float in them kept core's float
//! formatting (about 30 KB raw) in every app, for a message nobody reads. Writing still goes
//! through serde-wasm-bindgen's serializer, which formats nothing.

use js_sys::{Array, Object};
use serde::Serialize;
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};
use std::fmt;
use wasm_bindgen::{JsCast, JsValue};

/// `text` as a `T`, or `None` when it is not JSON or not a `T` (a newer server's message, say).
pub fn parse<T: DeserializeOwned>(text: &str) -> Option<T> {
    let value = js_sys::JSON::parse(text).ok()?;
    T::deserialize(Value(value)).ok()
}

/// `value` as JSON text: objects as plain objects (not `Map`s), as a server expects.
pub fn stringify<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    let js = value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .ok()?;
    js_sys::JSON::stringify(&js).ok()?.as_string()
}

/// Why a value is not a `T`. Deliberately without a message: every caller turns it into `None`,
/// and serde's messages are what pulled in float formatting (see the module header). Each of
/// serde's error constructors is overridden so that none formats its arguments.
#[derive(Debug)]
struct Mismatch;

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("not the expected JSON")
    }
}

impl std::error::Error for Mismatch {}

impl de::Error for Mismatch {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Mismatch
    }
    fn invalid_type(_: de::Unexpected, _: &dyn de::Expected) -> Self {
        Mismatch
    }
    fn invalid_value(_: de::Unexpected, _: &dyn de::Expected) -> Self {
        Mismatch
    }
    fn invalid_length(_: usize, _: &dyn de::Expected) -> Self {
        Mismatch
    }
    fn unknown_variant(_: &str, _: &'static [&'static str]) -> Self {
        Mismatch
    }
    fn unknown_field(_: &str, _: &'static [&'static str]) -> Self {
        Mismatch
    }
    fn missing_field(_: &'static str) -> Self {
        Mismatch
    }
    fn duplicate_field(_: &'static str) -> Self {
        Mismatch
    }
}

/// A value from `JSON.parse`: null, a boolean, a number, a string, an array or a plain object.
/// An object shows serde all its keys, as serde_json does: a wire type that the apps read must not
/// `deny_unknown_fields`, or a newer server's extra field makes it unreadable.
struct Value(JsValue);

/// What one value from `JSON.parse` is. Sorted out once, outside the generic code: serde makes a
/// copy of `deserialize_any` for every type it reads, and the calls into JavaScript that tell a
/// value's kind would otherwise be in each copy.
enum Kind {
    Null,
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Text(String),
    Array(Array),
    Object(Array),
}

/// The largest integer a JavaScript number holds exactly (2^53 − 1).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

impl Kind {
    #[inline(never)]
    fn of(value: JsValue) -> Option<Kind> {
        Some(if value.is_null() || value.is_undefined() {
            Kind::Null
        } else if let Some(b) = value.as_bool() {
            Kind::Bool(b)
        } else if let Some(n) = value.as_f64() {
            // JSON has one kind of number: a whole one goes to serde as an integer, so that
            // integer fields accept it (and float fields accept integers anyway).
            if n.trunc() == n && n.abs() <= MAX_SAFE_INTEGER {
                if n >= 0.0 {
                    Kind::Unsigned(n as u64)
                } else {
                    Kind::Signed(n as i64)
                }
            } else {
                Kind::Float(n)
            }
        } else if let Some(s) = value.as_string() {
            Kind::Text(s)
        } else if Array::is_array(&value) {
            Kind::Array(value.unchecked_into())
        } else if value.is_object() {
            Kind::Object(Object::entries(value.unchecked_ref()))
        } else {
            return None;
        })
    }
}

impl Value {
    /// The value as text (a string, a field's name, an enum's), or a mismatch. Like the others
    /// below, outside the generic code: each is called from serde's copy for every type read.
    #[inline(never)]
    fn text(self) -> Result<String, Mismatch> {
        self.0.as_string().ok_or(Mismatch)
    }

    /// A whole number: non-negative ones as unsigned, as serde_json reads them.
    #[inline(never)]
    fn whole(self) -> Result<Kind, Mismatch> {
        match Kind::of(self.0) {
            Some(kind @ (Kind::Unsigned(_) | Kind::Signed(_))) => Ok(kind),
            _ => Err(Mismatch),
        }
    }

    #[inline(never)]
    fn items(self) -> Result<Items, Mismatch> {
        match Kind::of(self.0) {
            Some(Kind::Array(items)) => Ok(Items { items, next: 0 }),
            _ => Err(Mismatch),
        }
    }

    #[inline(never)]
    fn entries(self) -> Result<Entries, Mismatch> {
        match Kind::of(self.0) {
            Some(Kind::Object(entries)) => Ok(Entries {
                entries,
                next: 0,
                value: None,
            }),
            _ => Err(Mismatch),
        }
    }

    fn is_null(&self) -> bool {
        self.0.is_null() || self.0.is_undefined()
    }
}

/// Deserializer methods that read as another does (every integer as a whole number, every text as
/// a string), as serde's `forward_to_deserialize_any!` forwards to `deserialize_any`.
macro_rules! forward_to {
    ($($to:ident: $($method:ident)+;)+) => {
        $($(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
                self.$to(visitor)
            }
        )+)+
    };
}

/// Every type our wire types are made of asks for the kind it expects, and gets only that kind's
/// visit: serde makes a copy of each method below for every type it reads, and a copy that
/// could call any of the visitor's eight visits (as `deserialize_any` does) is several times
/// larger. `deserialize_any` is left for what cannot say (`#[serde(flatten)]`).
impl<'de> de::Deserializer<'de> for Value {
    type Error = Mismatch;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        match Kind::of(self.0).ok_or(Mismatch)? {
            Kind::Null => visitor.visit_unit(),
            Kind::Bool(b) => visitor.visit_bool(b),
            Kind::Unsigned(n) => visitor.visit_u64(n),
            Kind::Signed(n) => visitor.visit_i64(n),
            Kind::Float(n) => visitor.visit_f64(n),
            Kind::Text(s) => visitor.visit_string(s),
            Kind::Array(items) => visitor.visit_seq(Items { items, next: 0 }),
            Kind::Object(entries) => visitor.visit_map(Entries {
                entries,
                next: 0,
                value: None,
            }),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        visitor.visit_bool(self.0.as_bool().ok_or(Mismatch)?)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        match self.whole()? {
            Kind::Signed(n) => visitor.visit_i64(n),
            Kind::Unsigned(n) => visitor.visit_u64(n),
            _ => Err(Mismatch),
        }
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        visitor.visit_f64(self.0.as_f64().ok_or(Mismatch)?)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        visitor.visit_string(self.text()?)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        if self.is_null() {
            visitor.visit_unit()
        } else {
            Err(Mismatch)
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Mismatch> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        visitor.visit_seq(self.items()?)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Mismatch> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Mismatch> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        visitor.visit_map(self.entries()?)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Mismatch> {
        self.deserialize_map(visitor)
    }

    /// A field this build does not know (a newer server's): skipped without looking at it.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        visitor.visit_unit()
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        if self.is_null() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    /// Our wire enums are all plain names (`"pending"`, `"seat_taken"`).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Mismatch> {
        visitor.visit_enum(IntoDeserializer::<Mismatch>::into_deserializer(self.text()?))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Mismatch> {
        visitor.visit_newtype_struct(self)
    }

    forward_to! {
        deserialize_u64: deserialize_u32 deserialize_u16 deserialize_u8
            deserialize_i64 deserialize_i32 deserialize_i16 deserialize_i8;
        deserialize_f64: deserialize_f32;
        deserialize_string: deserialize_str deserialize_identifier;
    }

    serde::forward_to_deserialize_any! {
        i128 u128 char bytes byte_buf
    }
}

/// The elements of an array, in order.
struct Items {
    items: Array,
    next: u32,
}

impl<'de> de::SeqAccess<'de> for Items {
    type Error = Mismatch;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Mismatch> {
        if self.next >= self.items.length() {
            return Ok(None);
        }
        let item = self.items.get(self.next);
        self.next += 1;
        seed.deserialize(Value(item)).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some((self.items.length() - self.next) as usize)
    }
}

/// The `[key, value]` pairs of an object (`Object.entries`), in order.
struct Entries {
    entries: Array,
    next: u32,
    value: Option<JsValue>,
}

impl<'de> de::MapAccess<'de> for Entries {
    type Error = Mismatch;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Mismatch> {
        if self.next >= self.entries.length() {
            return Ok(None);
        }
        let pair: Array = self.entries.get(self.next).unchecked_into();
        self.next += 1;
        self.value = Some(pair.get(1));
        seed.deserialize(Value(pair.get(0))).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Mismatch> {
        seed.deserialize(Value(self.value.take().ok_or(Mismatch)?))
    }

    fn size_hint(&self) -> Option<usize> {
        Some((self.entries.length() - self.next) as usize)
    }
}
