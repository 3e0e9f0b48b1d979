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

use crate::page;
use kakor_core::flow::Ran;
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
    /// Every script that ran, by what unlocked it.
    ran: Ran,
    /// The source (`src`, else the text) of every script that ran, so that a
    /// copy a framework re-renders does not run a second time in the page view.
    sources: Vec<String>,
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

    pub fn ran(&self) -> &Ran {
        &self.ran
    }

    /// Keeps waiting only what `consent` (`None`: withdrawn) still unlocks.
    pub fn narrow(&mut self, consent: Option<&Consent>) {
        self.pending.retain(|element| consent.is_some_and(|c| unlocks(c, element)));
    }

    /// Adds the `unlocked` elements not yet handled or waiting, in order.
    pub fn queue(&mut self, unlocked: Vec<Element>) {
        for element in unlocked {
            if !self.handled.contains(&element) && !self.pending.contains(&element) {
                self.pending.push(element);
            }
        }
    }

    /// Takes the next element to handle, unless a script is still loading.
    pub fn take_next(&mut self) -> Option<Next> {
        if self.waiting || self.pending.is_empty() {
            return None;
        }
        let inert = self.pending.remove(0);
        self.handled.push(inert.clone());
        if inert.tag_name() != "SCRIPT" {
            return Some(Next::Activate(inert));
        }
        if self.nonce.is_some() && nonce_of(&inert) != self.nonce {
            return Some(Next::Refuse(inert));
        }
        let source = inert.get_attribute("src").or_else(|| inert.text_content()).unwrap_or_default();
        if self.sources.contains(&source) {
            return Some(Next::Skip);
        }
        self.sources.push(source);
        self.ran.push(inert.get_attribute("data-category").unwrap_or_default(), inert.get_attribute("data-service"));
        Some(Next::Activate(inert))
    }

    /// An external script is loading: the rest wait for it.
    pub fn wait(&mut self) {
        self.waiting = true;
    }

    /// It loaded, or failed: the rest may run.
    pub fn settled(&mut self) {
        self.waiting = false;
    }
}

/// The `nonce` of an element: browsers blank the attribute once parsed, the
/// property keeps it.
pub fn nonce_of(element: &Element) -> Option<String> {
    js_sys::Reflect::get(element, &JsValue::from_str("nonce")).ok()?.as_string().filter(|n| !n.is_empty())
}

/// Every inert element on the page that `consent` unlocks, in document order.
pub fn unlocked(consent: &Consent) -> Vec<Element> {
    let mut unlocked = Vec::new();
    let Some(found) = page::document().and_then(|d| d.query_selector_all(INERT).ok()) else {
        return unlocked;
    };
    for i in 0..found.length() {
        let Some(element) = found.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
        if unlocks(consent, &element) {
            unlocked.push(element);
        }
    }
    unlocked
}

fn unlocks(consent: &Consent, element: &Element) -> bool {
    let category = element.get_attribute("data-category").unwrap_or_default();
    consent.unlocks(&category, element.get_attribute("data-service").as_deref())
}

/// What to do with the next element in the queue.
pub enum Next {
    Activate(Element),
    /// A script that already ran in this page view.
    Skip,
    /// A script without the nonce of kakor's tag.
    Refuse(Element),
}

/// Does what `next` says, outside the state's borrow: a script is site code
/// and may call kakor. Returns whether the queue must wait until `settled`
/// is called, when an external script has loaded or failed.
pub fn run(next: Next, settled: fn()) -> bool {
    match next {
        Next::Skip => false,
        Next::Refuse(inert) => {
            let why = "kakor: a gated script without the nonce of kakor's own tag is not run";
            web_sys::console::warn_2(&why.into(), &inert);
            false
        }
        Next::Activate(inert) => activate(&inert, settled),
    }
}

/// Runs a live copy of `inert` from kakor's own host element. Returns whether
/// the chain must wait for it to load.
fn activate(inert: &Element, settled: fn()) -> bool {
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
        let resume = Closure::once_into_js(settled);
        let _ = live.add_event_listener_with_callback("load", resume.unchecked_ref());
        let _ = live.add_event_listener_with_callback("error", resume.unchecked_ref());
    }
    host.append_child(&live).is_ok() && waits
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
