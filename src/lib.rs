//! kakor's web shell: the only code that touches the DOM, storage and cookies.
//!
//! `kakor.js` (the loader, `src/kakor.js`) instantiates this module and calls
//! [`boot`]; every other export backs one member of `window.kakor`, whose
//! types are `src/kakor.d.ts` (wasm-bindgen's own `.d.ts` would describe the
//! glue, which the loader keeps private). Decisions
//! are made by `kakor-core`; this crate reads the page, applies what the core
//! decided, and converts between JS values and core types.

mod app;
pub mod banner;
mod builtin;
mod consent_mode;
#[cfg(feature = "declaration")]
mod declaration;
mod deliver;
mod dom;
mod events;
pub mod gate;
pub mod page;
mod placeholder;
mod reader;
pub mod storage;

use app::Event;
use kakor_core::{Choice, Source};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Starts kakor for this page view: reads the catalogue and the stored
/// decision, then gates or shows the banner once the document is parsed.
/// `script` is the `<script src=".../kakor.js">` tag, for its attributes;
/// `catalogue` the parsed JSON of its `data-catalogue`, or `undefined` for the
/// built-in one. Returns the valid current consent, or `null`. Throws when the
/// catalogue is invalid; nothing is then gated open.
/// `early` holds the `[name, listener]` pairs of `kakor.on` calls made
/// before the module was ready; `gtag` sends Consent Mode commands, and
/// `consent_default` the loader's `consent default` (regions, URL passthrough).
#[wasm_bindgen]
pub fn boot(
    script: Option<web_sys::Element>,
    catalogue: JsValue,
    early: js_sys::Array,
    gtag: js_sys::Function,
    consent_default: js_sys::Function,
) -> Result<JsValue, JsError> {
    app::boot(script.as_ref(), catalogue, &early, gtag, &consent_default).map(|consent| to_js(&consent))
}

/// `kakor.on(event, fn)`: `ready`, `change`, `show` or `hide`.
#[wasm_bindgen]
pub fn on(event: &str, listener: js_sys::Function) -> Result<(), JsError> {
    app::on(event, listener)
}

/// `kakor.off(event, fn)`.
#[wasm_bindgen]
pub fn off(event: &str, listener: js_sys::Function) -> Result<(), JsError> {
    app::off(event, &listener)
}

/// `kakor.get()`: the valid current consent, or `null`.
#[wasm_bindgen]
pub fn get() -> JsValue {
    to_js(&app::consent())
}

/// `kakor.has(name)`: whether a category or service is granted.
#[wasm_bindgen]
pub fn has(name: &str) -> bool {
    app::allows(name)
}

/// `kakor.acceptAll()`.
#[wasm_bindgen(js_name = acceptAll)]
pub fn accept_all() -> Result<JsValue, JsError> {
    app::dispatch(Event::Decide(Choice::AcceptAll, Source::Api)).map(|()| get())
}

/// `kakor.rejectAll()`.
#[wasm_bindgen(js_name = rejectAll)]
pub fn reject_all() -> Result<JsValue, JsError> {
    app::dispatch(Event::Decide(Choice::RejectAll, Source::Api)).map(|()| get())
}

/// `kakor.set({categories, services})`: categories not named keep their
/// state, services not named follow their category.
#[wasm_bindgen]
pub fn set(choice: JsValue) -> Result<JsValue, JsError> {
    app::set(&choice).map(|()| get())
}

/// `kakor.withdraw()`: deletes the decision and the cookies of every
/// non-necessary category, then shows the banner.
#[wasm_bindgen]
pub fn withdraw() -> Result<(), JsError> {
    app::dispatch(Event::Withdraw)
}

/// `kakor.proofs()`: this browser's proofs, oldest first.
#[wasm_bindgen]
pub fn proofs() -> js_sys::Array {
    app::proofs()
}

/// `kakor.show()`: opens the first layer.
#[wasm_bindgen]
pub fn show() {
    let _ = app::dispatch(Event::ShowBanner);
}

/// `kakor.showPreferences()`: opens the preferences layer.
#[wasm_bindgen(js_name = showPreferences)]
pub fn show_preferences() {
    let _ = app::dispatch(Event::ShowPreferences);
}

/// `kakor.hide()`: closes the banner's layers.
#[wasm_bindgen]
pub fn hide() {
    let _ = app::dispatch(Event::Hide);
}

/// A value as JS sees it: plain objects (not `Map`s), `None` as `null`.
fn to_js<T: Serialize>(value: &T) -> JsValue {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}

/// A free-list allocator instead of std's dlmalloc: kakor allocates little and
/// only on one thread. Measured: 64,404 → 62,350 B brotli for the whole
/// download; preferences with 500 services painted as fast (100 ms at 4×);
/// time to banner at 4× within noise (medians of two 8-run rounds each:
/// 520 and 501 ms against dlmalloc's 497 and 448).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
