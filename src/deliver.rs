//! Delivery of proofs to the site's endpoint (docs/contract.md, "Proof endpoint").
//!
//! Each new proof is queued in local storage (`kakor.outbox`) and POSTed as
//! JSON with `keepalive`, so it also leaves while the page unloads. Only an
//! answer in the 2xx range takes it off the queue; anything else leaves it for
//! the next page view, which sends the queue again. Nothing but proofs and
//! withdrawal notices is sent, and the page never waits for it.
//!
//! Requests go with fetch's default credentials, `same-origin`: to another
//! origin without cookies, as before, while an endpoint on the page's own
//! origin gets the site's cookies and, above all, may answer with
//! `Set-Cookie`. That is how `kakor-log` sets the `kakor` cookie from the
//! server, the one WebKit does not delete after seven days (a browser drops
//! `Set-Cookie` on a request sent with `credentials: "omit"`). A queued proof
//! of a decision that is no longer the current one goes with `omit`: a late
//! answer to it must not bring back a choice since changed or withdrawn.

use crate::storage::{self, OUTBOX, OUTBOX_LENGTH};
use js_sys::{Promise, Reflect, JSON};
use kakor_core::{time::iso8601, Consent};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::{RequestInit, Response};

/// Queues `proof`, the current decision, and sends it.
pub fn deliver(endpoint: &str, proof: &JsValue) {
    storage::append(OUTBOX, proof, OUTBOX_LENGTH);
    send(endpoint, proof, true);
}

/// Sends every proof still queued from earlier page views; only the one of
/// the `current` decision may have its answer set the cookie.
pub fn retry(endpoint: &str, current: Option<&Consent>) {
    let current = current.map(|c| (JsValue::from_str(&c.id), JsValue::from_str(&iso8601(c.timestamp))));
    for proof in storage::proofs(OUTBOX).iter() {
        send(endpoint, &proof, current.as_ref() == Some(&identity(&proof)));
    }
}

/// Tells the endpoint that the visitor withdrew consent `id` at `now`, so a
/// receiver on the site's origin can expire the `kakor` cookie it set (the
/// banner has expired its own already). Sent once, not queued: it proves
/// nothing, and the cookie it would expire is gone from this browser.
pub fn withdrawn(endpoint: &str, id: &str, now: u64) {
    let body = [r#"{"id":""#, id, r#"","withdrawn":true,"timestamp":""#, &iso8601(now), r#""}"#].concat();
    post(endpoint, &body, true);
}

fn send(endpoint: &str, proof: &JsValue, current: bool) {
    let Some(body) = JSON::stringify(proof).ok().and_then(|b| b.as_string()) else { return };
    let Some(sent) = post(endpoint, &body, current) else { return };
    let key = identity(proof);
    let delivered = Closure::once_into_js(move |response: JsValue| {
        if response.dyn_ref::<Response>().is_some_and(Response::ok) {
            remove(&key);
        }
    });
    // A network error is no different from a refusal: the proof stays queued.
    let failed = Closure::once_into_js(|_: JsValue| {});
    // `then` through Reflect: js-sys's typed `then` wants scoped closures,
    // which cannot outlive this call; these free themselves once called.
    if let Ok(then) = Reflect::get(&sent, &"then".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) {
        let _ = then.call2(&sent, &delivered, &failed);
    }
}

/// POSTs `body` as JSON with `keepalive`, so it also leaves while the page
/// unloads; with the default credentials when `cookie`, else with `omit`.
fn post(endpoint: &str, body: &str, cookie: bool) -> Option<Promise> {
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(body));
    // web-sys lists `keepalive` among its unstable APIs; the field is plain.
    let _ = Reflect::set(&init, &"keepalive".into(), &JsValue::TRUE);
    if !cookie {
        let _ = Reflect::set(&init, &"credentials".into(), &"omit".into());
    }
    let headers = js_sys::Object::new();
    let _ = Reflect::set(&headers, &"content-type".into(), &"application/json".into());
    init.set_headers(&headers);
    Some(web_sys::window()?.fetch_with_str_and_init(endpoint, &init))
}

/// A proof is the same proof when its id and timestamp are.
fn identity(proof: &JsValue) -> (JsValue, JsValue) {
    let field = |name: &str| Reflect::get(proof, &name.into()).unwrap_or(JsValue::UNDEFINED);
    (field("id"), field("timestamp"))
}

fn remove(key: &(JsValue, JsValue)) {
    let queued = storage::proofs(OUTBOX);
    let kept = queued.filter(&mut |proof, _, _| identity(&proof) != *key);
    storage::keep(OUTBOX, &kept, OUTBOX_LENGTH);
}
