//! Gating: inert `<script type="text/plain" data-category>` elements come
//! alive once a decision unlocks them, in document order; `<iframe>`, `<img>`
//! and `<link>` get their `data-src` / `data-href`.
//!
//! The inert element stays where the page put it, untouched: a framework
//! (React, Svelte, Vue) owns it and will later remove or compare it, and a
//! node swapped behind its back breaks the app (`removeChild` fails, hydration
//! mismatches). The live copy is a fresh `<script>` put into kakor's own host
//! element. An external script (not marked `async` by its author) finishes
//! loading, or fails, before the next one runs.

use crate::{app, page};
use kakor_core::Consent;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::Element;

/// Every element kakor holds back.
pub const INERT: &str = "script[type=\"text/plain\"][data-category], iframe[data-category][data-src], \
                         img[data-category][data-src], link[data-category][data-href]";

/// What is waiting to run and what ran; owned by `App`.
#[derive(Default)]
pub struct Queue {
    pending: Vec<Element>,
    /// An external script is loading; the rest wait for it.
    waiting: bool,
    /// Inert elements already brought to life (or skipped), never twice.
    handled: Vec<Element>,
    /// Every script that ran: its `data-category`, `data-service`, and its
    /// source (`src`, else its text), so that a copy a framework re-renders
    /// does not run a second time in the page view.
    ran: Vec<(String, Option<String>, String)>,
    /// The nonce on kakor's own tag. When there is one, only gated scripts
    /// carrying the same nonce run: under `'strict-dynamic'` every script kakor
    /// creates is trusted, so inert markup injected into the page (a CMS field,
    /// user content) must not become script through kakor.
    nonce: Option<String>,
}

impl Queue {
    pub fn new(nonce: Option<String>) -> Queue {
        Queue { nonce, ..Queue::default() }
    }

    /// Whether a script that ran is one `consent` no longer unlocks: its code
    /// may keep running, so the page should reload.
    pub fn ran_beyond(&self, consent: &Consent) -> bool {
        self.ran.iter().any(|(category, service, _)| !consent.unlocks(category, service.as_deref()))
    }

    /// Forgets what was waiting to run; returns whether anything ran.
    pub fn withdraw(&mut self) -> bool {
        self.pending.clear();
        !self.ran.is_empty()
    }
}

/// The `nonce` of an element: browsers blank the attribute once parsed, the
/// property keeps it.
pub fn nonce_of(element: &Element) -> Option<String> {
    js_sys::Reflect::get(element, &JsValue::from_str("nonce")).ok()?.as_string().filter(|n| !n.is_empty())
}

/// Queues every inert element `consent` unlocks, in document order, and runs
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
        let gate = &mut app.gate;
        for element in unlocked {
            if !gate.handled.contains(&element) && !gate.pending.contains(&element) {
                gate.pending.push(element);
            }
        }
    });
    run();
}

/// What to do with the next element in the queue.
enum Next {
    Activate(Element),
    /// A script that already ran in this page view.
    Skip,
    /// A script without the nonce of kakor's tag.
    Refuse(Element),
}

/// Runs queued elements until one must be waited for. The queue is touched
/// only inside `app::with`; a script itself runs outside, since it may call
/// kakor.
fn run() {
    loop {
        let next = app::with(|app| {
            let gate = &mut app.gate;
            if gate.waiting || gate.pending.is_empty() {
                return None;
            }
            let inert = gate.pending.remove(0);
            gate.handled.push(inert.clone());
            if inert.tag_name() != "SCRIPT" {
                return Some(Next::Activate(inert));
            }
            if gate.nonce.is_some() && nonce_of(&inert) != gate.nonce {
                return Some(Next::Refuse(inert));
            }
            let source = inert.get_attribute("src").or_else(|| inert.text_content()).unwrap_or_default();
            if gate.ran.iter().any(|(_, _, ran)| *ran == source) {
                return Some(Next::Skip);
            }
            let category = inert.get_attribute("data-category").unwrap_or_default();
            gate.ran.push((category, inert.get_attribute("data-service"), source));
            Some(Next::Activate(inert))
        });
        match next.flatten() {
            None => return,
            Some(Next::Skip) => {}
            Some(Next::Refuse(inert)) => {
                let why = "kakor: a gated script without the nonce of kakor's own tag is not run";
                web_sys::console::warn_2(&why.into(), &inert);
            }
            Some(Next::Activate(inert)) => {
                if activate(&inert) {
                    return;
                }
            }
        }
    }
}

/// Runs a live copy of `inert` from kakor's own host element. Returns whether
/// the chain must wait for it to load.
fn activate(inert: &Element) -> bool {
    if inert.tag_name() != "SCRIPT" {
        reveal(inert);
        return false;
    }
    let document = page::document();
    let (Some(live), Some(host)) =
        (document.as_ref().and_then(|d| d.create_element("script").ok()), document.as_ref().and_then(page::host))
    else {
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
    if let Some(nonce) = nonce_of(inert) {
        let _ = js_sys::Reflect::set(&live, &JsValue::from_str("nonce"), &JsValue::from_str(&nonce));
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
    if host.append_child(&live).is_err() {
        app::with(|app| app.gate.waiting = false);
        return false;
    }
    waits
}

/// Gives an iframe, image or stylesheet the address it was held back from.
/// Only `src` / `href` changes: the element stays the page's.
fn reveal(element: &Element) {
    for (held, live) in [("data-src", "src"), ("data-href", "href")] {
        if let Some(address) = element.get_attribute(held) {
            let _ = element.set_attribute(live, &address);
        }
    }
}
