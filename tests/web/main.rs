//! The web shell in headless Chromium: the banner's DOM, gating of inert
//! scripts, and the stored decision read back, on a real document with real
//! cookies and local storage.
#![cfg(target_arch = "wasm32")]

use kakor::storage::{self, COOKIE, HISTORY};
use kakor_core::record;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Document, Element, HtmlDocument, HtmlElement, ShadowRoot};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A first-time visitor: no cookie, no history, no banner, no test scripts.
fn fresh_page() {
    let html: HtmlDocument = document().dyn_into().unwrap();
    html.set_cookie("kakor=; Path=/; Max-Age=0").unwrap();
    storage::local_storage().unwrap().clear().unwrap();
    while let Some(old) = document().query_selector("#kakor, [data-test]").unwrap() {
        old.remove();
    }
    js_sys::Reflect::set(&js_sys::global(), &"ran".into(), &js_sys::Object::new()).unwrap();
}

/// A page view starting: the loader's `boot` with the built-in catalogue, no
/// early listeners, and a `gtag` that records Consent Mode commands.
fn boot() -> Result<JsValue, wasm_bindgen::JsError> {
    let gtag = js_sys::Function::new_with_args("...args", "(window.gtagCalls = window.gtagCalls || []).push(args)");
    let consent_default = js_sys::Function::new_with_args("regions, passthrough", "window.consentDefault = regions");
    kakor::boot(None, JsValue::UNDEFINED, js_sys::Array::new(), gtag, consent_default)
}

fn cookies() -> String {
    document().dyn_into::<HtmlDocument>().unwrap().cookie().unwrap()
}

fn shadow() -> ShadowRoot {
    document().get_element_by_id("kakor").expect("banner host").shadow_root().expect("open shadow root")
}

/// Appends `<script type="text/plain" data-category=… [data-service=…]>` that
/// counts its runs in `window.ran[name]`.
fn inert_script(name: &str, category: &str, service: Option<&str>) -> Element {
    let script = document().create_element("script").unwrap();
    script.set_attribute("type", "text/plain").unwrap();
    script.set_attribute("data-category", category).unwrap();
    script.set_attribute("data-test", "").unwrap();
    if let Some(service) = service {
        script.set_attribute("data-service", service).unwrap();
    }
    script.set_text_content(Some(&["window.ran.", name, " = (window.ran.", name, " || 0) + 1;"].concat()));
    document().body().unwrap().append_child(&script).unwrap();
    script
}

fn runs(name: &str) -> f64 {
    let ran = js_sys::Reflect::get(&js_sys::global(), &"ran".into()).unwrap();
    js_sys::Reflect::get(&ran, &name.into()).unwrap().as_f64().unwrap_or(0.0)
}

fn field(object: &JsValue, name: &str) -> String {
    js_sys::Reflect::get(object, &name.into()).unwrap().as_string().unwrap_or_default()
}

fn click(root: &ShadowRoot, selector: &str) {
    root.query_selector(selector).unwrap().expect(selector).unchecked_into::<HtmlElement>().click();
}

#[wasm_bindgen_test]
fn first_visit_shows_the_banner_and_writes_nothing() {
    fresh_page();
    let consent = boot().unwrap();
    assert!(consent.is_null());

    let root = shadow();
    let layer = root.query_selector("[data-kakor=banner]").unwrap().expect("first layer");
    assert_eq!(layer.get_attribute("role").as_deref(), Some("dialog"));
    let title = root.get_element_by_id(&layer.get_attribute("aria-labelledby").unwrap()).unwrap();
    assert_eq!(title.text_content().as_deref(), Some("Cookies and your privacy"));
    let accept = root.query_selector("[data-action=accept-all]").unwrap().unwrap();
    let reject = root.query_selector("[data-action=reject-all]").unwrap().unwrap();
    assert_eq!(accept.text_content().as_deref(), Some("Accept all"));
    assert_eq!(reject.text_content().as_deref(), Some("Reject all"));
    let link = root.query_selector("a").unwrap().unwrap();
    assert_eq!(link.get_attribute("href").as_deref(), Some("https://norrsken.example/privacy"));
    // Styles come from an adopted sheet, not a <style> element.
    assert!(root.query_selector("style").unwrap().is_none());
    let sheets = js_sys::Reflect::get(&root, &"adoptedStyleSheets".into()).unwrap();
    assert_eq!(js_sys::Array::from(&sheets).length(), 1);

    assert!(!cookies().contains("kakor="), "cookie before a decision: {}", cookies());
    assert_eq!(storage::local_storage().unwrap().length().unwrap(), 0);
    assert!(!kakor::has("statistics"));
    assert!(kakor::get().is_null());
}

#[wasm_bindgen_test]
fn accept_all_runs_inert_scripts_once_and_stores_the_decision() {
    fresh_page();
    let statistics = inert_script("statistics", "statistics", None);
    let hubspot = inert_script("hubspot", "marketing", Some("hubspot"));
    let fallback = inert_script("fallback", "!statistics", None);
    boot().unwrap();
    assert_eq!(runs("statistics") + runs("hubspot") + runs("fallback"), 0.0);

    click(&shadow(), "[data-action=accept-all]");

    assert_eq!(runs("statistics"), 1.0);
    assert_eq!(runs("hubspot"), 1.0);
    assert_eq!(runs("fallback"), 0.0, "a fallback runs only when its category is refused");
    for inert in [&statistics, &hubspot, &fallback] {
        assert!(inert.parent_node().is_some(), "an inert element stays where the page put it");
        assert_eq!(inert.get_attribute("type").as_deref(), Some("text/plain"), "and as it was");
    }
    let live = document().query_selector("#kakor > script[data-test]").unwrap().expect("the live copy in kakor's host");
    assert!(!live.has_attribute("data-category"), "gating attributes are not copied");
    assert!(shadow().query_selector("[data-kakor=banner]").unwrap().is_none(), "the banner closes");
    assert!(shadow().query_selector("[data-action=reopen]").unwrap().is_some(), "the reopen control shows");

    // The decision is in the cookie and the history, in the documented format.
    let stored = storage::load().expect("kakor cookie");
    assert!(cookies().contains(&[COOKIE, "=", &stored].concat()));
    let current = kakor::get();
    let id = field(&current, "id");
    assert_eq!(record::id_of(&stored), Some(id.as_str()));
    let history = storage::proofs(HISTORY);
    assert_eq!(history.length(), 1);
    assert_eq!(field(&history.get(0), "id"), id);
    assert_eq!(field(&history.get(0), "method"), "accept-all");
    assert!(kakor::has("statistics") && kakor::has("hubspot") && kakor::has("necessary"));

    // A second page view reads it back: no banner, and the scripts run again.
    while let Some(old) = document().query_selector("[data-test]").unwrap() {
        old.remove();
    }
    inert_script("statistics", "statistics", None);
    let again = boot().unwrap();
    assert_eq!(js_sys::JSON::stringify(&again).unwrap(), js_sys::JSON::stringify(&current).unwrap());
    assert!(shadow().query_selector("[data-kakor=banner]").unwrap().is_none(), "no banner for a returning visitor");
    assert_eq!(runs("statistics"), 2.0);
}

#[wasm_bindgen_test]
fn reject_all_runs_only_fallbacks_and_keeps_the_id_on_renewal() {
    fresh_page();
    inert_script("statistics", "statistics", None);
    inert_script("fallback", "!statistics", None);
    boot().unwrap();
    click(&shadow(), "[data-action=reject-all]");
    assert_eq!(runs("statistics"), 0.0);
    assert_eq!(runs("fallback"), 1.0);
    assert!(!kakor::has("statistics"));
    let first = storage::load().unwrap();

    // Next page view, with the statistics script alone (a fallback that ran
    // at start would make the change below reload the page): the visitor
    // changes their mind through the API.
    while let Some(old) = document().query_selector("[data-test]").unwrap() {
        old.remove();
    }
    inert_script("statistics", "statistics", None);
    let consent = boot().unwrap();
    assert!(!consent.is_null());
    let renewed = kakor::accept_all().unwrap();
    assert_eq!(runs("statistics"), 1.0);
    let second = storage::load().unwrap();
    assert_ne!(first, second);
    assert_eq!(record::id_of(&first), record::id_of(&second), "the consent id is kept");
    let history = storage::proofs(HISTORY);
    let methods: Vec<String> = history.iter().map(|proof| field(&proof, "method")).collect();
    assert_eq!(methods, ["reject-all", "accept-all"]);
    assert_eq!(field(&renewed, "method"), "accept-all");
}

#[wasm_bindgen_test]
fn a_tampered_cookie_counts_as_no_consent() {
    fresh_page();
    boot().unwrap();
    click(&shadow(), "[data-action=accept-all]");
    let stored = storage::load().unwrap();
    let tampered = stored.replacen(".a.", ".c.", 1);
    let html: HtmlDocument = document().dyn_into().unwrap();
    html.set_cookie(&[COOKIE, "=", &tampered, "; Path=/"].concat()).unwrap();
    inert_script("statistics", "statistics", None);
    assert!(boot().unwrap().is_null());
    assert!(shadow().query_selector("[data-kakor=banner]").unwrap().is_some(), "the banner shows again");
    assert_eq!(runs("statistics"), 0.0);
}

#[wasm_bindgen_test]
fn cookie_value_reads_a_cookie_header() {
    assert_eq!(storage::cookie_value("a=1; kakor=x.y; b=2", "kakor"), Some("x.y"));
    assert_eq!(storage::cookie_value("kakor=v", "kakor"), Some("v"));
    assert_eq!(storage::cookie_value("xkakor=1; kakorx=2", "kakor"), None);
    assert_eq!(storage::cookie_value("", "kakor"), None);
    assert_eq!(storage::cookie_value("kakor=", "kakor"), Some(""));
}
