//! JSON through the browser's own `JSON.parse` / `JSON.stringify`, with serde-wasm-bindgen between
//! JavaScript values and our types: serde_json's parser and number formatting are not in the
//! wasm at all. Every app reads and writes JSON only through here.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// `text` as a `T`, or `None` when it is not JSON or not a `T` (a newer server's message, say).
pub fn parse<T: DeserializeOwned>(text: &str) -> Option<T> {
    let value = js_sys::JSON::parse(text).ok()?;
    serde_wasm_bindgen::from_value(value).ok()
}

/// `value` as JSON text: objects as plain objects (not `Map`s), as a server expects.
pub fn stringify<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    let js = value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .ok()?;
    js_sys::JSON::stringify(&js).ok()?.as_string()
}
