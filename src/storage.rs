//! Where a decision is kept (SPEC §4): the `kakor` cookie holds the current
//! one, local storage's `kakor.proofs` the history. The only module that
//! persists anything, and it is called only once the visitor has decided.
//!
//! Both stores may be unavailable (blocked cookies, private modes, sandboxed
//! frames); then every read finds nothing, every write is skipped, and the
//! decision holds in `App` for the page view.

use gloo_storage::{LocalStorage, Storage};
use kakor_core::{record, time::push_uint, Consent};
use wasm_bindgen::JsCast;

pub const COOKIE: &str = "kakor";
pub const HISTORY: &str = "kakor.proofs";
/// How many decisions the history keeps, newest last.
pub const HISTORY_LENGTH: usize = 50;

/// The stored record of the current decision, if a `kakor` cookie is set.
pub fn load() -> Option<String> {
    cookie_value(&html_document()?.cookie().ok()?, COOKIE).map(str::to_string)
}

/// Stores `consent` as the current decision and appends it to the history.
pub fn save(consent: &Consent, now: u64) {
    let value = record::encode(consent);
    if let Some(document) = html_document() {
        let mut cookie = String::with_capacity(value.len() + 64);
        cookie.push_str(COOKIE);
        cookie.push('=');
        cookie.push_str(&value);
        cookie.push_str("; Path=/; SameSite=Lax; Max-Age=");
        push_uint(&mut cookie, consent.expires.saturating_sub(now) / 1000);
        if document.location().and_then(|l| l.protocol().ok()).as_deref() == Some("https:") {
            cookie.push_str("; Secure");
        }
        let _ = document.set_cookie(&cookie);
    }
    if let Some(storage) = local_storage() {
        let mut lines: Vec<String> = storage
            .get_item(HISTORY)
            .ok()
            .flatten()
            .map(|history| history.lines().map(str::to_string).collect())
            .unwrap_or_default();
        lines.push(value);
        let keep = lines.len().saturating_sub(HISTORY_LENGTH);
        let _ = storage.set_item(HISTORY, &lines[keep..].join("\n"));
    }
}

/// The consent id of an earlier decision, to keep when the visitor decides
/// again: from the (expired or outdated) cookie, else the latest history entry.
pub fn earlier_id(cookie: Option<&str>) -> Option<String> {
    if let Some(id) = cookie.and_then(record::id_of) {
        return Some(id.to_string());
    }
    let history = local_storage()?.get_item(HISTORY).ok()??;
    history.lines().rev().find_map(record::id_of).map(str::to_string)
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

/// The value of cookie `name` in a `document.cookie` string. A byte scan, not
/// `str::split`, whose panic path costs the wasm about 5 KB (TOOLCHAIN.md).
pub fn cookie_value<'a>(cookies: &'a str, name: &str) -> Option<&'a str> {
    let bytes = cookies.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        while start < bytes.len() && bytes[start] == b' ' {
            start += 1;
        }
        let end = bytes[start..].iter().position(|&b| b == b';').map_or(bytes.len(), |i| start + i);
        let pair = cookies.get(start..end)?;
        if let Some(value) = pair.strip_prefix(name).and_then(|rest| rest.strip_prefix('=')) {
            return Some(value);
        }
        start = end + 1;
    }
    None
}
