//! Google Consent Mode v2 (docs/contract.md, "Signals"): the `consent` commands, given to the
//! page's `gtag` (the loader's, which pushes `arguments` to `dataLayer` as
//! Google's own snippet does, unless the page defined its own).
//!
//! The loader sends `consent default` itself, before any other script, when it
//! knows Consent Mode is on; the module sends it only for a runtime catalogue
//! that turns it on without `data-consent-mode`, as soon as it is read.

use js_sys::{Array, Function, Object, Reflect};
use kakor_core::consent_mode::{ConsentMode, SIGNALS};
use wasm_bindgen::JsValue;

/// How long Google's tags wait for an update before they proceed.
const WAIT_FOR_UPDATE_MS: f64 = 500.0;

/// `consent default`: every signal denied but `security_storage`.
pub fn default(gtag: &Function, mode: &ConsentMode) {
    let state = Object::new();
    for signal in SIGNALS {
        set(&state, signal, &"denied".into());
    }
    set(&state, "security_storage", &"granted".into());
    set(&state, "wait_for_update", &WAIT_FOR_UPDATE_MS.into());
    if !mode.regions.is_empty() {
        let regions: Array = mode.regions.iter().map(|r| JsValue::from_str(r)).collect();
        set(&state, "region", &regions);
    }
    call(gtag, &["consent".into(), "default".into(), state.into()]);
    call(gtag, &["set".into(), "ads_data_redaction".into(), JsValue::TRUE]);
    if mode.url_passthrough {
        call(gtag, &["set".into(), "url_passthrough".into(), JsValue::TRUE]);
    }
}

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
