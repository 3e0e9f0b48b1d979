//! The stand-in for a gated `<iframe>`: it names the service, its provider,
//! its privacy policy and what it would store, and its button allows that
//! service alone.
//!
//! It is drawn inside the iframe's own empty document (an iframe without a
//! `src` holds a same-origin `about:blank`), so the page's tree is never
//! touched: a framework that server-rendered the iframe finds exactly the
//! nodes it rendered (a sibling placeholder broke React's hydration), and the
//! placeholder takes the iframe's size and place in the reading order for
//! free. Allowing sets the iframe's `src`, which replaces that document. A
//! sandboxed iframe without `allow-same-origin` has no document kakor may
//! reach; it stays empty until allowed.

use crate::dom;
use kakor_core::texts::{fill, Word, Words};
use kakor_core::{Catalogue, Choice, Consent};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, Event, HtmlIFrameElement};

const STYLE: &str = include_str!(concat!(env!("OUT_DIR"), "/placeholder.css"));

/// Draws a placeholder in every gated iframe `consent` does not unlock and
/// that does not show one yet; a click in one goes to `on_click` ([`clicked`]
/// reads it).
pub fn show_all(catalogue: &Catalogue, language: &str, consent: Option<&Consent>, on_click: fn(Event)) {
    let found = crate::page::document().and_then(|d| d.query_selector_all("iframe[data-category][data-src]").ok());
    let Some(found) = found else { return };
    let words = Words::new(catalogue, language);
    for i in 0..found.length() {
        let Some(iframe) = found.item(i).and_then(|n| n.dyn_into::<HtmlIFrameElement>().ok()) else { continue };
        let category = iframe.get_attribute("data-category").unwrap_or_default();
        let service = iframe.get_attribute("data-service");
        if !consent.is_some_and(|c| c.unlocks(&category, service.as_deref())) {
            draw(&words, catalogue, &iframe, &category, service.as_deref(), on_click);
        }
    }
}

fn draw(
    words: &Words,
    catalogue: &Catalogue,
    iframe: &HtmlIFrameElement,
    category: &str,
    service: Option<&str>,
    on_click: fn(Event),
) {
    let (Some(document), Some(realm)) = (iframe.content_document(), iframe.content_window()) else { return };
    let Some(body) = document.body() else { return };
    if body.child_element_count() > 0 {
        return;
    }
    let known = service.and_then(|id| catalogue.service(id));
    let category_title =
        catalogue.category(category).map(|c| c.title.pick(words.language(), catalogue.default_language()));
    let Some(name) = known.map(|s| s.name.as_str()).or(category_title) else { return };
    let cookies: Vec<&str> = catalogue
        .services
        .iter()
        .filter(|s| known.map_or(s.category == category, |k| k.id == s.id))
        .flat_map(|s| s.cookies.iter().map(|c| c.name.as_str()))
        .collect();
    if let Some(html) = document.document_element() {
        let _ = html.set_attribute("lang", words.language());
        theme(iframe, &html);
    }
    adopt_style(&realm, &document);
    let Some(frame) = dom::add(
        &document,
        &body,
        "div",
        &[("data-kakor", "placeholder"), ("data-category", category), ("role", "group"), ("aria-label", name)],
    ) else {
        return;
    };
    if let Some(service) = service {
        let _ = frame.set_attribute("data-service", service);
    }
    let list = if cookies.is_empty() { String::from("—") } else { cookies.join(", ") };
    dom::text(&document, &frame, "p", &[], &fill(words.get(Word::Blocked), &[("name", name), ("cookies", &list)]));
    if let Some(service) = known {
        let line = dom::text(
            &document,
            &frame,
            "p",
            &[],
            &[words.get(Word::Provider), ": ", &service.provider, " · "].concat(),
        );
        let policy = fill(words.get(Word::ServicePolicy), &[("name", &service.name)]);
        let attrs = [("href", service.policy_url.as_str()), ("target", "_blank"), ("rel", "noopener noreferrer")];
        if let Some(line) = line {
            dom::text(&document, &line, "a", &attrs, &policy);
        }
    }
    dom::text(&document, &frame, "button", &[("type", "button")], &fill(words.get(Word::Allow), &[("name", name)]));
    dom::listen(&frame, "click", on_click);
}

/// The site's `--kakor-*` theming properties, as they apply to the iframe,
/// copied onto its document (custom properties do not inherit into it).
fn theme(iframe: &HtmlIFrameElement, html: &Element) {
    let outside = web_sys::window().and_then(|w| w.get_computed_style(iframe).ok().flatten());
    let Some(outside) = outside else { return };
    // The iframe's nodes belong to its own realm, where `instanceof` checks
    // against this one's classes fail: cast without checking.
    let inside = html.unchecked_ref::<web_sys::HtmlElement>().style();
    for name in THEME {
        let value = outside.get_property_value(name).unwrap_or_default();
        if !value.is_empty() {
            let _ = inside.set_property(name, &value);
        }
    }
}

/// The theming properties `placeholder.css` uses.
const THEME: [&str; 8] = [
    "--kakor-font",
    "--kakor-text",
    "--kakor-background",
    "--kakor-border",
    "--kakor-radius",
    "--kakor-accent",
    "--kakor-button-text",
    "--kakor-button-background",
];

/// Styles the iframe's document with a stylesheet made in its own realm (a
/// constructed stylesheet cannot be shared across documents), which a strict
/// CSP allows where a `<style>` element would be blocked.
fn adopt_style(realm: &web_sys::Window, document: &web_sys::Document) {
    let Ok(constructor) = js_sys::Reflect::get(realm, &JsValue::from_str("CSSStyleSheet")) else { return };
    let Ok(sheet) = js_sys::Reflect::construct(constructor.unchecked_ref::<js_sys::Function>(), &js_sys::Array::new())
    else {
        return;
    };
    if sheet.unchecked_ref::<web_sys::CssStyleSheet>().replace_sync(STYLE).is_ok() {
        let _ = js_sys::Reflect::set(document, &JsValue::from_str("adoptedStyleSheets"), &js_sys::Array::of1(&sheet));
    }
}

/// What a click in a placeholder allows, if it hit its button: the service,
/// else the category. Its nodes are of the iframe's realm (see `theme`).
pub fn clicked(event: &Event) -> Option<Choice> {
    let clicked_button = event.target().is_some_and(|t| t.unchecked_into::<Element>().tag_name() == "BUTTON");
    let frame = event.current_target().map(JsCast::unchecked_into::<Element>).filter(|_| clicked_button)?;
    Some(match frame.get_attribute("data-service") {
        Some(service) => Choice::Allow(service),
        None => Choice::Custom {
            categories: vec![(frame.get_attribute("data-category").unwrap_or_default(), true)],
            services: Vec::new(),
        },
    })
}
