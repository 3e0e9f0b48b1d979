//! Small DOM builders shared by the banner and the iframe placeholders.
//! Text always goes in as text (`textContent`), never as markup.

use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::{Document, Element, Event, EventTarget, Node, ShadowRoot};

/// Creates `<tag attrs…>` and appends it to `parent`.
pub fn add(document: &Document, parent: &Node, tag: &str, attrs: &[(&str, &str)]) -> Option<Element> {
    let element = document.create_element(tag).ok()?;
    for (name, value) in attrs {
        element.set_attribute(name, value).ok()?;
    }
    parent.append_child(&element).ok()?;
    Some(element)
}

/// `add`, with `content` as its text.
pub fn text(document: &Document, parent: &Node, tag: &str, attrs: &[(&str, &str)], content: &str) -> Option<Element> {
    let element = add(document, parent, tag, attrs)?;
    element.set_text_content(Some(content));
    Some(element)
}

/// A listener kept for the page view, as long as what it listens to.
pub fn listen(target: &EventTarget, kind: &str, handler: fn(Event)) {
    let closure = Closure::<dyn Fn(Event)>::new(handler);
    let _ = target.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref());
    closure.forget();
}

/// `listen`, in the capture phase: for events that do not bubble (`toggle`).
pub fn listen_capture(target: &EventTarget, kind: &str, handler: fn(Event)) {
    let closure = Closure::<dyn Fn(Event)>::new(handler);
    let _ = target.add_event_listener_with_callback_and_bool(kind, closure.as_ref().unchecked_ref(), true);
    closure.forget();
}

/// Styles a shadow root with a constructable stylesheet, which a strict CSP
/// allows where a `<style>` element would be blocked.
pub fn adopt_style(root: &ShadowRoot, css: &str) {
    let Ok(sheet) = web_sys::CssStyleSheet::new() else { return };
    if sheet.replace_sync(css).is_ok() {
        let sheets = js_sys::Array::of1(&sheet);
        let _ = js_sys::Reflect::set(root, &JsValue::from_str("adoptedStyleSheets"), &sheets);
    }
}
