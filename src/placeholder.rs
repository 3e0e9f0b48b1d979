//! The stand-in for a gated `<iframe>` (docs/contract.md, "Gating markup"): it names the service and
//! what it would store, and its button allows that service alone.
//!
//! It sits just before the iframe, in a shadow root of its own (page CSS
//! cannot reach it), while the iframe itself is hidden through the CSSOM
//! (allowed under a strict CSP, where a `style` attribute would not be).

use crate::{app, dom, page};
use kakor_core::texts::{fill, Word, Words};
use kakor_core::{Catalogue, Choice, Consent};
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlElement};

const STYLE: &str = include_str!(concat!(env!("OUT_DIR"), "/placeholder.css"));

/// Puts a placeholder before every gated iframe `consent` does not unlock.
pub fn show_all(catalogue: &Catalogue, language: &str, consent: Option<&Consent>) {
    let Some(found) = page::document().and_then(|d| d.query_selector_all("iframe[data-category][data-src]").ok())
    else {
        return;
    };
    let words = Words::new(catalogue, language);
    for i in 0..found.length() {
        let Some(iframe) = found.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
        let category = iframe.get_attribute("data-category").unwrap_or_default();
        let service = iframe.get_attribute("data-service");
        let unlocked = consent.is_some_and(|c| c.unlocks(&category, service.as_deref()));
        if !unlocked && placeholder_of(&iframe).is_none() {
            add(&words, catalogue, &iframe, &category, service.as_deref());
        }
    }
}

/// Takes away `iframe`'s placeholder and shows it.
pub fn remove(iframe: &Element) {
    if let Some(placeholder) = placeholder_of(iframe) {
        placeholder.remove();
    }
    if let Some(iframe) = iframe.dyn_ref::<HtmlElement>() {
        let _ = iframe.style().remove_property("display");
    }
}

fn placeholder_of(iframe: &Element) -> Option<Element> {
    iframe.previous_element_sibling().filter(|e| e.get_attribute("data-kakor").as_deref() == Some("placeholder"))
}

fn add(words: &Words, catalogue: &Catalogue, iframe: &Element, category: &str, service: Option<&str>) -> Option<()> {
    let document = page::document()?;
    let known = service.and_then(|id| catalogue.service(id));
    let name = known.map(|s| s.name.as_str()).or_else(|| {
        catalogue.category(category).map(|c| c.title.pick(words.language(), catalogue.default_language()))
    })?;
    let cookies: Vec<&str> = match known {
        Some(service) => service.cookies.iter().map(|c| c.name.as_str()).collect(),
        None => catalogue
            .services
            .iter()
            .filter(|s| s.category == category)
            .flat_map(|s| s.cookies.iter().map(|c| c.name.as_str()))
            .collect(),
    };
    let host = document.create_element("div").ok()?;
    host.set_attribute("data-kakor", "placeholder").ok()?;
    host.set_attribute("data-category", category).ok()?;
    if let Some(service) = service {
        host.set_attribute("data-service", service).ok()?;
    }
    let style = host.dyn_ref::<HtmlElement>()?.style();
    for (property, attribute) in [("width", "width"), ("min-height", "height")] {
        if let Some(size) = iframe.get_attribute(attribute) {
            let unit = if size.bytes().all(|b| b.is_ascii_digit()) { "px" } else { "" };
            let _ = style.set_property(property, &[size.as_str(), unit].concat());
        }
    }
    let root = host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open)).ok()?;
    dom::adopt_style(&root, STYLE);
    let frame = dom::add(&document, &root, "div", &[("class", "frame"), ("role", "group"), ("aria-label", name)])?;
    let list = if cookies.is_empty() { String::from("—") } else { cookies.join(", ") };
    let text = fill(words.get(Word::Blocked), &[("name", name), ("cookies", &list)]);
    dom::text(&document, &frame, "p", &[], &text)?;
    let label = fill(words.get(Word::Allow), &[("name", name)]);
    dom::text(&document, &frame, "button", &[("type", "button")], &label)?;
    dom::listen(&root, "click", on_click);
    iframe.parent_node()?.insert_before(&host, Some(iframe)).ok()?;
    let _ = iframe.dyn_ref::<HtmlElement>()?.style().set_property("display", "none");
    Some(())
}

fn on_click(event: Event) {
    let clicked_button =
        event.target().and_then(|t| t.dyn_into::<Element>().ok()).is_some_and(|t| t.tag_name() == "BUTTON");
    let host = event.current_target().and_then(|t| t.dyn_into::<web_sys::ShadowRoot>().ok()).map(|root| root.host());
    let Some(host) = host.filter(|_| clicked_button) else { return };
    let choice = match host.get_attribute("data-service") {
        Some(service) => Choice::Allow(service),
        None => Choice::Custom {
            categories: vec![(host.get_attribute("data-category").unwrap_or_default(), true)],
            services: Vec::new(),
        },
    };
    let _ = app::decide(choice);
}
