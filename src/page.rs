//! What the shell reads from the page: the document, its readiness, the
//! visitor's languages and privacy signal, the clock and randomness.

use wasm_bindgen::{closure::Closure, JsCast, JsValue};

pub fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

pub fn location() -> Option<web_sys::Location> {
    web_sys::window().map(|w| w.location())
}

/// The page's origin and path, without query or fragment.
pub fn address() -> String {
    let Some(location) = location() else { return String::new() };
    kakor_core::proof::page(&location.origin().unwrap_or_default(), &location.pathname().unwrap_or_default())
}

/// Milliseconds since the Unix epoch.
pub fn now() -> u64 {
    js_sys::Date::now() as u64
}

/// Runs `f` once the document is parsed: now, or on `DOMContentLoaded`.
/// Now, in the task that started kakor, rather than in a task of its own:
/// calls the page queued before the module was ready then meet the gating
/// already done, as they always have.
pub fn when_parsed(f: fn()) {
    let Some(document) = document() else { return };
    if document.ready_state() != "loading" {
        return f();
    }
    let listener = Closure::once_into_js(f);
    let _ = document.add_event_listener_with_callback("DOMContentLoaded", listener.unchecked_ref());
}

/// The languages to try, in this order: the tag's `data-lang`,
/// `<html lang>`, then `navigator.languages`.
pub fn wanted_languages(script: Option<&web_sys::Element>) -> Vec<String> {
    let mut wanted: Vec<String> = Vec::new();
    wanted.extend(script.and_then(|s| s.get_attribute("data-lang")));
    let html = document().and_then(|d| d.document_element());
    wanted.extend(html.and_then(|h| h.get_attribute("lang")));
    if let Some(window) = web_sys::window() {
        for lang in window.navigator().languages().iter() {
            wanted.extend(lang.as_string());
        }
    }
    wanted
}

/// Whether the browser sends Global Privacy Control (not in web-sys yet).
pub fn gpc() -> bool {
    let navigator = web_sys::window().map(|w| JsValue::from(w.navigator()));
    navigator.and_then(|n| js_sys::Reflect::get(&n, &"globalPrivacyControl".into()).ok()) == Some(JsValue::TRUE)
}

/// A fresh UUID v4 from `crypto.getRandomValues`, which (unlike
/// `crypto.randomUUID`) also works on plain-http pages.
pub fn new_id() -> String {
    let mut bytes = [0u8; 16];
    let crypto = web_sys::window().and_then(|w| w.crypto().ok());
    if crypto.and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok()).is_none() {
        // Every browser that runs wasm has getRandomValues; this only keeps a
        // broken environment from handing out the same id to everyone.
        for byte in bytes.iter_mut() {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    kakor_core::consent::uuid_v4(bytes)
}

/// Reloads the page, so no withdrawn script keeps running.
pub fn reload() {
    if let Some(location) = location() {
        let _ = location.reload();
    }
}

/// Offers `text` to the visitor as a JSON file named `name`.
pub fn download(name: &str, text: &str) {
    let Some(document) = document() else { return };
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Some(link) = document.create_element("a").ok().and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        link.set_href(&url);
        link.set_download(name);
        link.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// kakor's own element on the page, the banner's host (`#kakor`): live copies
/// of gated scripts run from inside it. The body only when there is no host.
pub fn host(document: &web_sys::Document) -> Option<web_sys::Element> {
    document.get_element_by_id("kakor").or_else(|| document.body().map(Into::into))
}

/// Calls `handler` whenever the page adds an element matching `selector` (single-page
/// apps, tag managers), or a re-render took kakor's host away, for as long as
/// the page lives.
pub fn watch_additions(selector: &'static str, handler: fn()) {
    let Some(document) = document() else { return };
    let Some(root) = document.document_element() else { return };
    let on_change = Closure::<dyn Fn(js_sys::Array)>::new(move |records: js_sys::Array| {
        let host_gone = document.get_element_by_id("kakor").is_none();
        let gated = host_gone
            || records.iter().any(|record| {
                let added = record.unchecked_into::<web_sys::MutationRecord>().added_nodes();
                (0..added.length()).filter_map(|i| added.item(i)?.dyn_into::<web_sys::Element>().ok()).any(|element| {
                    element.matches(selector).unwrap_or(false)
                        || element.query_selector(selector).ok().flatten().is_some()
                })
            });
        if gated {
            handler();
        }
    });
    let Ok(observer) = web_sys::MutationObserver::new(on_change.as_ref().unchecked_ref()) else { return };
    let options = web_sys::MutationObserverInit::new();
    options.set_child_list(true);
    options.set_subtree(true);
    let _ = observer.observe_with_options(&root, &options);
    on_change.forget();
}
