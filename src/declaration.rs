//! The cookie declaration in the page: each `<div data-kakor-declaration>`
//! the owner placed in a policy page gets the visitor's consent (id, given,
//! valid until, what it allows, a button that opens the preferences) and the
//! declaration, in the banner's language, from the catalogue in use.
//!
//! The markup is kakor-core's (`declaration::html`), the very markup
//! `kakor declaration` prints, with every text escaped in Rust; it goes in
//! as one string, into the light DOM, so the policy page's own styles apply.
//! A page without the element pays one `querySelectorAll` per render.
//! Leaf module: the caller owns the state and passes in what the button does.
//!
//! A page that enforces Trusted Types (`require-trusted-types-for 'script'`)
//! refuses markup strings, so the markup goes through a policy named `kakor`,
//! which such a page's `trusted-types` directive must allow; without it the
//! element keeps what the owner wrote, and the console says why.

use crate::page;
use js_sys::{Function, Object, Reflect};
use kakor_core::declaration::{build, html, own_outside_necessary};
use kakor_core::{Catalogue, Consent};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::{Element, Event};

/// The element the owner places; the public contract names it.
const ELEMENT: &str = "[data-kakor-declaration]";
/// The box inside a filled element that a change rewrites.
const STATUS: &str = ".kakor-declaration-status";
/// The button that opens the preferences, inside a filled element.
const BUTTON: &str = "[data-kakor-declaration] [data-action=preferences]";

/// What the declaration keeps for the page view; owned by `App`.
#[derive(Default)]
pub struct Declaration {
    /// The Trusted Types policy `kakor`, once asked for: `Some(None)` without
    /// Trusted Types or when the page does not allow the policy (a policy
    /// name may be created only once).
    policy: Option<Option<JsValue>>,
}

/// What a render writes, worked out while the caller holds its state and
/// applied after ([`Pending::apply`]): replacing the element's content may
/// run site code (a custom element's callbacks).
pub struct Pending {
    /// Each element with its status box, `None` when not filled yet.
    targets: Vec<(Element, Option<Element>)>,
    status: String,
    /// The whole content, for elements not filled yet.
    whole: String,
    policy: Option<JsValue>,
}

/// The markup for the page's elements, or `None` when the page has none.
/// A filled element only gets its status rewritten, so the button keeps the
/// focus the banner gives back to it when its preferences close.
pub fn prepare(
    state: &mut Declaration,
    catalogue: &Catalogue,
    language: &str,
    consent: Option<&Consent>,
) -> Option<Pending> {
    let found = page::document()?.query_selector_all(ELEMENT).ok()?;
    let mut targets = Vec::new();
    for i in 0..found.length() {
        if let Some(element) = found.item(i).and_then(|node| node.dyn_into::<Element>().ok()) {
            let status = element.query_selector(STATUS).ok().flatten();
            targets.push((element, status));
        }
    }
    if targets.is_empty() {
        return None;
    }
    // The command refuses such a catalogue; here the element stays as the
    // owner wrote it rather than list kakor's names twice, contradicting.
    if let Some((i, j, name)) = own_outside_necessary(catalogue) {
        let mut path = String::new();
        path.push_str("kakor: no cookie declaration: services[");
        kakor_core::time::push_uint(&mut path, i as u64);
        path.push_str("].cookies[");
        kakor_core::time::push_uint(&mut path, j as u64);
        web_sys::console::warn_1(
            &[&path, "].name: `", name, "` is kakor's own: declare it under the `necessary` category"].concat().into(),
        );
        return None;
    }
    let status = html::status(catalogue, language, consent);
    let whole = match targets.iter().any(|(_, status)| status.is_none()) {
        true => [html::state(catalogue, language, consent), html::render(&build(catalogue, language))].concat(),
        false => String::new(),
    };
    let policy = state.policy.get_or_insert_with(policy_kakor).clone();
    Some(Pending { targets, status, whole, policy })
}

impl Pending {
    pub fn apply(self) {
        for (element, status) in &self.targets {
            match status {
                Some(status) => set_html(status, &self.status, self.policy.as_ref()),
                None => set_html(element, &self.whole, self.policy.as_ref()),
            }
        }
    }
}

/// Listens, once per page view, for the elements' button: `open` opens the
/// banner's preferences.
pub fn listen(open: fn()) {
    let Some(document) = page::document() else { return };
    let on_click = Closure::<dyn Fn(Event)>::new(move |event: Event| {
        let target = event.target().and_then(|target| target.dyn_into::<Element>().ok());
        if target.and_then(|target| target.closest(BUTTON).ok().flatten()).is_some() {
            open();
        }
    });
    let _ = document.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    on_click.forget();
}

/// `element.innerHTML = markup`, through kakor's Trusted Types policy when
/// the browser has Trusted Types and the page allows the policy (a string
/// would be refused where they are enforced), else as a string.
fn set_html(element: &Element, markup: &str, policy: Option<&JsValue>) {
    let trusted = policy.and_then(|policy| {
        let create = Reflect::get(policy, &"createHTML".into()).ok()?.dyn_into::<Function>().ok()?;
        create.call1(policy, &JsValue::from_str(markup)).ok()
    });
    let html = trusted.unwrap_or_else(|| JsValue::from_str(markup));
    if Reflect::set(element, &"innerHTML".into(), &html).is_err() {
        web_sys::console::warn_1(
            &"kakor: this page enforces Trusted Types and does not allow the policy `kakor`: \
              add `kakor` to its trusted-types directive to show the cookie declaration"
                .into(),
        );
    }
}

/// `trustedTypes.createPolicy("kakor", …)`; its markup is kakor-core's, in
/// which every text is escaped.
fn policy_kakor() -> Option<JsValue> {
    let window: JsValue = web_sys::window()?.into();
    let types = Reflect::get(&window, &"trustedTypes".into()).ok()?;
    let create = Reflect::get(&types, &"createPolicy".into()).ok()?.dyn_into::<Function>().ok()?;
    let identity = Closure::<dyn Fn(String) -> String>::new(|markup: String| markup);
    let rules = Object::new();
    Reflect::set(&rules, &"createHTML".into(), identity.as_ref()).ok()?;
    identity.forget();
    create.call2(&types, &"kakor".into(), &rules).ok()
}
