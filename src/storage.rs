//! Where decisions are kept (docs/contract.md, "Storage"): the `kakor` cookie holds the current
//! one; local storage holds the proof history (`kakor.proofs`) and the proofs
//! not yet delivered to an endpoint (`kakor.outbox`). The only module that
//! persists anything, and it writes only once the visitor has decided.
//!
//! Both stores may be unavailable (blocked cookies, private modes, sandboxed
//! frames) or throw; then every read finds nothing, every write is skipped,
//! and the decision holds in `App` for the page view.

use gloo_storage::{LocalStorage, Storage};
use js_sys::{Array, Object, Reflect, JSON};
use kakor_core::{cookies, record, time::push_uint, Consent};
use wasm_bindgen::{JsCast, JsValue};

/// The names, listed once with their lifetimes in `kakor_core::own`.
pub use kakor_core::own::{COOKIE, DECISION, HISTORY_LENGTH, OUTBOX, PROOFS as HISTORY};
/// How many undelivered proofs wait for a later page view.
pub const OUTBOX_LENGTH: u32 = 20;
/// The version of the `{"v": 1, "proofs": […]}` lists in local storage.
const LIST_VERSION: f64 = 1.0;

/// The stored record of the current decision, if a `kakor` cookie is set.
pub fn load() -> Option<String> {
    cookie_value(&html_document()?.cookie().ok()?, COOKIE).map(str::to_string)
}

/// Stores `consent` as the current decision in the `kakor` cookie, on
/// `domain` when the catalogue shares it across subdomains (a host-only
/// cookie left from before is removed, so only one is ever read); returns
/// the record stored, for [`announce`].
pub fn save(consent: &Consent, now: u64, domain: Option<&str>) -> String {
    let record = record::encode(consent);
    let mut cookie = String::with_capacity(180);
    cookie.push_str(COOKIE);
    cookie.push('=');
    cookie.push_str(&record);
    cookie.push_str("; Path=/; SameSite=Lax; Max-Age=");
    push_uint(&mut cookie, consent.expires.saturating_sub(now) / 1000);
    if crate::page::location().is_some_and(|l| l.protocol().ok().as_deref() == Some("https:")) {
        cookie.push_str("; Secure");
    }
    if let Some(domain) = domain {
        set_cookie(EXPIRED);
        cookie.push_str("; Domain=");
        cookie.push_str(domain);
    }
    set_cookie(&cookie);
    record
}

/// The host-only `kakor` cookie, expired.
const EXPIRED: &str = "kakor=; Path=/; Max-Age=0; SameSite=Lax";

/// Removes the current decision (`kakor.withdraw()`), host-only and on the
/// shared `domain`, and tells the other tabs.
pub fn forget(domain: Option<&str>) {
    set_cookie(EXPIRED);
    if let Some(domain) = domain {
        set_cookie(&[EXPIRED, "; Domain=", domain].concat());
    }
    announce("");
}

/// Tells the site's other open tabs of the decision just stored: `record`,
/// or empty after a withdrawal. A cookie change fires no event there, but a
/// local storage write does; the key is set and removed at once, so nothing
/// stays. The record travels in the event because the other tab's cookie
/// can lag behind it: in Chromium, 16 of 50 reads of `document.cookie` in the
/// event's listener still found the old value (measured).
pub fn announce(record: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(DECISION, record);
        let _ = storage.remove_item(DECISION);
    }
}

/// Expires every cookie whose name matches one of `patterns`, on this host
/// and each parent domain, on `/` and each prefix of the path.
pub fn delete_cookies(patterns: &[&str]) {
    let Some(all) = html_document().and_then(|d| d.cookie().ok()) else { return };
    let Some(location) = crate::page::location() else { return };
    let host = location.hostname().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    let names = all.split(';').filter_map(|pair| pair.split('=').next()).map(str::trim);
    for name in names.filter(|name| patterns.iter().any(|p| cookies::matches(p, name))) {
        for domain in cookies::domains(&host) {
            for path in cookies::paths(&path) {
                let mut expired = [name, "=; Max-Age=0; Path=", &path].concat();
                if !domain.is_empty() {
                    expired.push_str("; Domain=");
                    expired.push_str(&domain);
                }
                set_cookie(&expired);
            }
        }
    }
}

fn set_cookie(cookie: &str) {
    if let Some(document) = html_document() {
        let _ = document.set_cookie(cookie);
    }
}

/// The proofs kept under `key`, oldest first; empty when absent or garbled.
pub fn proofs(key: &str) -> Array {
    let stored = local_storage().and_then(|s| s.get_item(key).ok().flatten());
    let list = stored
        .and_then(|text| JSON::parse(&text).ok())
        .filter(|value| Reflect::get(value, &"v".into()).ok().and_then(|v| v.as_f64()) == Some(LIST_VERSION));
    let proofs = list.and_then(|value| Reflect::get(&value, &"proofs".into()).ok());
    match proofs {
        Some(proofs) if Array::is_array(&proofs) => proofs.unchecked_into(),
        _ => Array::new(),
    }
}

/// Keeps `proofs` under `key`, only the newest `limit`.
pub fn keep(key: &str, proofs: &Array, limit: u32) {
    let Some(storage) = local_storage() else { return };
    let start = proofs.length().saturating_sub(limit);
    let list = Object::new();
    let _ = Reflect::set(&list, &"v".into(), &JsValue::from_f64(LIST_VERSION));
    let _ = Reflect::set(&list, &"proofs".into(), &proofs.slice(start, proofs.length()));
    if let Some(text) = JSON::stringify(&list).ok().and_then(|t| t.as_string()) {
        let _ = storage.set_item(key, &text);
    }
}

/// Appends `proof` to the list under `key`.
pub fn append(key: &str, proof: &JsValue, limit: u32) {
    let list = proofs(key);
    list.push(proof);
    keep(key, &list, limit);
}

/// The consent id of an earlier decision, to keep when the visitor decides
/// again: from the (expired or outdated) cookie, else the latest proof of
/// `history`.
pub fn earlier_id(cookie: Option<&str>, history: &Array) -> Option<String> {
    if let Some(id) = cookie.and_then(record::id_of) {
        return Some(id.to_string());
    }
    let latest = history.get(history.length().checked_sub(1)?);
    let id = Reflect::get(&latest, &"id".into()).ok()?.as_string()?;
    kakor_core::consent::is_uuid_v4(&id).then_some(id)
}

/// The page's local storage, through gloo-storage. `LocalStorage::raw()`
/// throws into the page where storage is blocked, and a throw would leave
/// kakor's state mid-borrow, so availability is probed first without throwing.
pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()??;
    Some(LocalStorage::raw())
}

fn html_document() -> Option<web_sys::HtmlDocument> {
    crate::page::document()?.dyn_into().ok()
}

/// The value of cookie `name` in a `document.cookie` string.
pub fn cookie_value<'a>(cookies: &'a str, name: &str) -> Option<&'a str> {
    cookies.split(';').find_map(|pair| pair.trim_start().strip_prefix(name)?.strip_prefix('='))
}
