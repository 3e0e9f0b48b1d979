//! What kakor tells the page: `kakor.on(name, fn)` listeners, and the same
//! moment as a `kakor:<name>` `CustomEvent` on `window` (docs/contract.md, "The JavaScript API").
//!
//! Listeners run after `App`'s borrow has ended (they are site code and may
//! call kakor back), and a listener that throws is reported on the console
//! without stopping the others.

use wasm_bindgen::JsValue;

/// `kakor.on`/`off` registrations, owned by `App`.
#[derive(Default)]
pub struct Listeners(Vec<(String, js_sys::Function)>);

impl Listeners {
    /// Adds a listener once: registering it again changes nothing, as with
    /// `addEventListener`.
    pub fn add(&mut self, name: String, listener: js_sys::Function) {
        if !self.0.iter().any(|(n, l)| *n == name && *l == listener) {
            self.0.push((name, listener));
        }
    }

    pub fn remove(&mut self, name: &str, listener: &js_sys::Function) {
        if let Some(at) = self.0.iter().position(|(n, l)| n == name && l == listener) {
            self.0.remove(at);
        }
    }

    /// The listeners of `name`, to call once the borrow has ended.
    pub fn of(&self, name: &str) -> Vec<js_sys::Function> {
        self.0.iter().filter(|(n, _)| n == name).map(|(_, l)| l.clone()).collect()
    }
}

/// Calls `listeners` with `detail`, then dispatches `kakor:<name>` on `window`.
pub fn emit(name: &str, listeners: Vec<js_sys::Function>, detail: &JsValue) {
    for listener in listeners {
        if let Err(error) = listener.call1(&JsValue::UNDEFINED, detail) {
            web_sys::console::error_2(&["kakor: a `", name, "` listener threw"].concat().into(), &error);
        }
    }
    let Some(window) = web_sys::window() else { return };
    let init = web_sys::CustomEventInit::new();
    init.set_detail(detail);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(&["kakor:", name].concat(), &init) {
        let _ = window.dispatch_event(&event);
    }
}
