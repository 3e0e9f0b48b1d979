//! Google Consent Mode v2 (docs/contract.md, "Signals"): the `consent` commands, given to the
//! page's `gtag` (the loader's, which pushes `arguments` to `dataLayer` as
//! Google's own snippet does, unless the page defined its own).
//!
//! `consent default` is the loader's alone (`consentDefault` in `kakor.js`):
//! it sends it before any other script when it knows Consent Mode is on, and
//! the module asks it to for a runtime catalogue that turns Consent Mode on
//! without `data-consent-mode`, as soon as that is read.

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::JsValue;

/// `consent update` with `signals` (`ConsentMode::update`), and ad data
/// redaction while ads are denied.
pub fn update(gtag: &Function, signals: &[(&str, bool)]) {
    let state = Object::new();
    let mut ads = false;
    for &(signal, granted) in signals {
        set(&state, signal, &(if granted { "granted" } else { "denied" }).into());
        ads |= signal == "ad_storage" && granted;
    }
    call(gtag, &["consent".into(), "update".into(), state.into()]);
    call(gtag, &["set".into(), "ads_data_redaction".into(), JsValue::from_bool(!ads)]);
}

fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &key.into(), value);
}

fn call(gtag: &Function, arguments: &[JsValue]) {
    let arguments: Array = arguments.iter().collect();
    let _ = gtag.apply(&JsValue::UNDEFINED, &arguments);
}
