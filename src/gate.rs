//! Gating (docs/contract.md, "Gating markup"): inert `<script type="text/plain" data-category>` elements
//! come alive once a decision unlocks them, in document order; `<iframe>`,
//! `<img>` and `<link>` get their `data-src` / `data-href`.
//!
//! The idea is vanilla-cookieconsent's: put a fresh `<script>` in place of the
//! inert one. An external script (not marked `async` by its author) finishes
//! loading, or fails, before the next one runs.

use crate::{app, page};
use kakor_core::Consent;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::Element;

/// Every element kakor holds back.
pub const INERT: &str = "script[type=\"text/plain\"][data-category], iframe[data-category][data-src], \
                         img[data-category][data-src], link[data-category][data-href]";

/// Scripts unlocked but not yet run, oldest first, and what ran; owned by `App`.
#[derive(Default)]
pub struct Queue {
    pending: Vec<Element>,
    /// An external script is loading; the rest wait for it.
    waiting: bool,
    /// The `data-category` and `data-service` of every script that ran.
    ran: Vec<(String, Option<String>)>,
}

impl Queue {
    /// Whether a script that ran is one `consent` no longer unlocks: its code
    /// may keep running, so the page should reload.
    pub fn ran_beyond(&self, consent: &Consent) -> bool {
        self.ran.iter().any(|(category, service)| !consent.unlocks(category, service.as_deref()))
    }

    /// Forgets what was waiting to run; returns whether anything ran.
    pub fn withdraw(&mut self) -> bool {
        self.pending.clear();
        !self.ran.is_empty()
    }
}

/// Queues every inert script `consent` unlocks, in document order, and runs
/// as many as may run now.
pub fn unlock(consent: &Consent) {
    let Some(found) = page::document().and_then(|d| d.query_selector_all(INERT).ok()) else {
        return;
    };
    let mut unlocked = Vec::new();
    for i in 0..found.length() {
        let Some(element) = found.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
        let category = element.get_attribute("data-category").unwrap_or_default();
        if consent.unlocks(&category, element.get_attribute("data-service").as_deref()) {
            unlocked.push(element);
        }
    }
    app::with(|app| {
        for element in unlocked {
            if !app.gate.pending.contains(&element) {
                app.gate.pending.push(element);
            }
        }
    });
    run();
}

/// Runs queued scripts until one must be waited for. The queue is touched only
/// inside `app::with`; the script itself runs outside, since it may call kakor.
fn run() {
    loop {
        let next = app::with(|app| {
            if app.gate.waiting || app.gate.pending.is_empty() {
                return None;
            }
            Some(app.gate.pending.remove(0))
        });
        let Some(inert) = next.flatten() else { return };
        let gates = (inert.get_attribute("data-category").unwrap_or_default(), inert.get_attribute("data-service"));
        app::with(|app| app.gate.ran.push(gates));
        if activate(&inert) {
            return;
        }
    }
}

/// Puts a live copy in place of `inert`. Returns whether the chain must wait
/// for it to load.
fn activate(inert: &Element) -> bool {
    if inert.tag_name() != "SCRIPT" {
        reveal(inert);
        return false;
    }
    let Some(live) = inert.owner_document().and_then(|d| d.create_element("script").ok()) else {
        return false;
    };
    for name in inert.get_attribute_names().iter().filter_map(|n| n.as_string()) {
        if matches!(name.as_str(), "type" | "data-category" | "data-service" | "data-type") {
            continue;
        }
        if let Some(value) = inert.get_attribute(&name) {
            let _ = live.set_attribute(&name, &value);
        }
    }
    if let Some(kind) = inert.get_attribute("data-type") {
        let _ = live.set_attribute("type", &kind);
    }
    // Browsers blank the `nonce` attribute once parsed; the property keeps it.
    let nonce = JsValue::from_str("nonce");
    if let Ok(value) = js_sys::Reflect::get(inert, &nonce) {
        let _ = js_sys::Reflect::set(&live, &nonce, &value);
    }
    live.set_text_content(inert.text_content().as_deref());
    // `hasAttribute`, not `.async`: Chromium reports a parser-inserted inert
    // script with a `src` as async.
    let waits = inert.has_attribute("src") && !inert.has_attribute("async");
    if waits {
        app::with(|app| app.gate.waiting = true);
        let resume = Closure::once_into_js(|| {
            app::with(|app| app.gate.waiting = false);
            run();
        });
        let _ = live.add_event_listener_with_callback("load", resume.unchecked_ref());
        let _ = live.add_event_listener_with_callback("error", resume.unchecked_ref());
    }
    if inert.replace_with_with_node_1(&live).is_err() {
        app::with(|app| app.gate.waiting = false);
        return false;
    }
    waits
}

/// Gives an iframe, image or stylesheet the address it was held back from,
/// and takes away an iframe's placeholder.
fn reveal(element: &Element) {
    for (held, live) in [("data-src", "src"), ("data-href", "href")] {
        if let Some(address) = element.get_attribute(held) {
            let _ = element.remove_attribute(held);
            let _ = element.set_attribute(live, &address);
        }
    }
    crate::placeholder::remove(element);
}
