//! The browser's side of kakor-core's catalogue reader: a parsed JSON value
//! (`JsValue`) as a [`Node`], so a runtime catalogue and `set()`'s argument
//! are read by the same code as `kakor check` and build.rs, and every problem
//! is named with its JSON path at once.
//!
//! Over `js_sys` rather than serde-wasm-bindgen's `from_value`, which costs
//! about 11.7 KB brotli.

use js_sys::{Array, Object};
use kakor_core::read::Node;
use kakor_core::{Catalogue, Choice, Diagnostic};
use wasm_bindgen::{JsCast, JsValue};

/// Reads and validates a catalogue: every problem, or none.
pub fn catalogue(value: &JsValue) -> Result<Catalogue, Vec<Diagnostic>> {
    kakor_core::read::catalogue(Js(value.clone()))
}

/// The argument of `kakor.set({categories?, services?})`.
pub fn choice(value: &JsValue) -> Result<Choice, Vec<Diagnostic>> {
    kakor_core::read::choice(Js(value.clone()))
}

/// A `JsValue` (a type of wasm-bindgen's, so it needs a wrapper of ours).
struct Js(JsValue);

impl Node for Js {
    fn text(&self) -> Option<String> {
        self.0.as_string()
    }

    fn flag(&self) -> Option<bool> {
        self.0.as_bool()
    }

    fn number(&self) -> Option<f64> {
        self.0.as_f64()
    }

    fn items(&self) -> Option<Vec<Js>> {
        let items = self.0.dyn_ref::<Array>()?;
        Some(items.iter().map(Js).collect())
    }

    /// Own enumerable fields; one set to `undefined` counts as absent, as
    /// it does for `JSON.stringify`.
    fn entries(&self) -> Option<Vec<(String, Js)>> {
        if !self.0.is_object() || Array::is_array(&self.0) {
            return None;
        }
        let mut out = Vec::new();
        for pair in Object::entries(self.0.unchecked_ref()).iter() {
            let pair: Array = pair.unchecked_into();
            let value = pair.get(1);
            if !value.is_undefined() {
                out.push((pair.get(0).as_string().unwrap_or_default(), Js(value)));
            }
        }
        Some(out)
    }
}
