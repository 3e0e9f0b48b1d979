//! The banner's first layer, in an open shadow root on `<div id="kakor">`.
//!
//! Every text goes in as text (`textContent`), never as markup; styles go in
//! through a constructable stylesheet, which a strict CSP allows where a
//! `<style>` element would be blocked (TOOLCHAIN.md).

use crate::{app, page};
use kakor_core::{texts, Catalogue, Choice};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::{Document, Element, Event, Node, ShadowRootInit, ShadowRootMode};

const STYLE: &str = include_str!("banner.css");

/// A banner on the page; dropping it leaves it there, [`Banner::remove`] takes it away.
pub struct Banner {
    host: Element,
}

impl Banner {
    /// Builds the first layer and appends it to `<body>`. `None` when the page
    /// has no body to show it in; nothing is gated open either way.
    pub fn show(catalogue: &Catalogue, language: &str) -> Option<Banner> {
        let document = page::document()?;
        let host = document.create_element("div").ok()?;
        host.set_id("kakor");
        host.set_attribute("lang", language).ok()?;
        let root = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open)).ok()?;
        adopt_style(&root);
        let words = texts::texts(language);
        let layer = add(&document, &root, "section", &[
            ("data-kakor", "banner"),
            ("role", "dialog"),
            ("aria-labelledby", "kakor-title"),
            ("aria-describedby", "kakor-intro"),
        ])?;
        add(&document, &layer, "h2", &[("id", "kakor-title")])?.set_text_content(Some(words.title));
        let intro = add(&document, &layer, "p", &[("id", "kakor-intro")])?;
        intro.set_text_content(Some(&[catalogue.site.name.as_str(), words.intro, " "].concat()));
        add(&document, &intro, "a", &[("href", &catalogue.site.policy_url)])?
            .set_text_content(Some(words.policy));
        let actions = add(&document, &layer, "div", &[("class", "actions")])?;
        add(&document, &actions, "button", &[("type", "button"), ("data-action", "reject-all")])?
            .set_text_content(Some(words.reject_all));
        add(&document, &actions, "button", &[("type", "button"), ("data-action", "accept-all")])?
            .set_text_content(Some(words.accept_all));
        // One listener for the whole layer, kept for the page view: a banner
        // shows at most a few times per page, and dropping the closure while
        // its own click removes the banner would invalidate it mid-call.
        let on_click = Closure::<dyn Fn(Event)>::new(on_click);
        let _ = root.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
        on_click.forget();
        document.body()?.append_child(&host).ok()?;
        Some(Banner { host })
    }

    pub fn remove(self) {
        self.host.remove();
    }
}

fn on_click(event: Event) {
    let target = event.target().and_then(|t| t.dyn_into::<Element>().ok());
    let action = target.and_then(|t| t.closest("[data-action]").ok().flatten());
    let choice = match action.and_then(|a| a.get_attribute("data-action")).as_deref() {
        Some("accept-all") => Choice::AcceptAll,
        Some("reject-all") => Choice::RejectAll,
        _ => return,
    };
    let _ = app::decide(choice);
}

/// Creates `<tag attrs…>` and appends it to `parent`.
fn add(document: &Document, parent: &Node, tag: &str, attrs: &[(&str, &str)]) -> Option<Element> {
    let element = document.create_element(tag).ok()?;
    for (name, value) in attrs {
        element.set_attribute(name, value).ok()?;
    }
    parent.append_child(&element).ok()?;
    Some(element)
}

fn adopt_style(root: &web_sys::ShadowRoot) {
    let Ok(sheet) = web_sys::CssStyleSheet::new() else { return };
    if sheet.replace_sync(STYLE).is_ok() {
        let sheets = js_sys::Array::of1(&sheet);
        let _ = js_sys::Reflect::set(root, &JsValue::from_str("adoptedStyleSheets"), &sheets);
    }
}
