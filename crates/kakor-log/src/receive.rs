//! `POST /consent/proofs`, the endpoint kakor delivers proofs to (docs/proofs.md,
//! "Sending proofs to your server"), and its CORS preflight.
//!
//! kakor sends `Content-Type: application/json` with `keepalive` (and to
//! another origin no credentials), so a browser on another origin asks first
//! (OPTIONS). Only the configured site origins get an answer that lets the POST through; a POST
//! that carries a foreign `Origin`, or announces a body over the limit, is
//! answered from its headers alone: the body is never read, and a client
//! that sent `Expect: 100-continue` gets no `100 Continue` (hyper sends it
//! only when the body is first read).
//! Requests without `Origin` come from no browser page (curl, a server-side
//! relay) and are taken as they are.
//!
//! A request from a page on the receiver's own origin also gets the `kakor`
//! cookie (crate::cookie): set on each stored proof, expired on a
//! withdrawal notice.

use crate::cookie;
use crate::error::ApiError;
use crate::server::App;
use crate::store::{now_ms, Outcome};
use crate::validate::{self, MAX_BODY};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde_json::json;
use std::sync::Arc;

/// The endpoint's path, as docs/consent-log.md documents it.
pub const PATH: &str = "/consent/proofs";

/// What the `Origin` header allows.
enum Caller {
    /// No `Origin`: not a browser page.
    Direct,
    /// A configured site origin.
    Site(HeaderValue),
}

fn caller(app: &App, headers: &HeaderMap) -> Result<Caller, ApiError> {
    let Some(origin) = headers.get(header::ORIGIN) else { return Ok(Caller::Direct) };
    let text = origin.to_str().unwrap_or_default();
    if app.origins.iter().any(|allowed| allowed == text) {
        Ok(Caller::Site(origin.clone()))
    } else {
        Err(ApiError::Origin(text.chars().take(200).collect()))
    }
}

/// CORS headers for an allowed site; `Vary: Origin` always, so a cache never
/// hands one site's answer to another.
fn cors(mut response: Response, caller: &Caller) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::VARY, HeaderValue::from_static("origin"));
    if let Caller::Site(origin) = caller {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
    }
    response
}

/// `OPTIONS`: the preflight of a cross-origin POST.
pub async fn preflight(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let caller = match caller(&app, &headers) {
        Ok(caller) => caller,
        Err(error) => return error.into_response(),
    };
    let mut response = cors(StatusCode::NO_CONTENT.into_response(), &caller);
    let allow = response.headers_mut();
    allow.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("POST"));
    allow.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static("content-type"));
    allow.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("86400"));
    response
}

/// What a valid body asked for.
enum Received {
    /// A proof, stored now or before: its id, timestamp and body.
    Proof(Outcome, String, u64, String),
    /// A withdrawal notice: nothing is stored.
    Withdrawal,
}

/// `POST`: validate, store once, answer 201 (stored) or 200 (already stored),
/// or 409 when a different proof holds this id and timestamp; a withdrawal
/// notice gets 200. Both carry the `kakor` cookie for a same-origin page.
pub async fn receive(State(app): State<Arc<App>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let caller = match caller(&app, &parts.headers) {
        Ok(caller) => caller,
        Err(error) => return error.into_response(),
    };
    let page = cookie::same_origin(&parts.headers);
    let (response, set_cookie) = match store(&app, &parts.headers, body).await {
        Ok(Received::Proof(Outcome::Stored(seq), id, timestamp, body)) => (
            (StatusCode::CREATED, axum::Json(json!({ "stored": true, "seq": seq }))).into_response(),
            consent_cookie(&app, page, &id, timestamp, &body).await,
        ),
        Ok(Received::Proof(Outcome::Duplicate, id, timestamp, body)) => (
            (StatusCode::OK, axum::Json(json!({ "stored": false, "duplicate": true }))).into_response(),
            consent_cookie(&app, page, &id, timestamp, &body).await,
        ),
        Ok(Received::Proof(Outcome::Conflict, ..)) => (ApiError::Conflict.into_response(), None),
        Ok(Received::Withdrawal) => (
            (StatusCode::OK, axum::Json(json!({ "withdrawn": true }))).into_response(),
            page.and_then(|page| app.jar.expired(page)),
        ),
        Err(error) => (error.into_response(), None),
    };
    let mut response = cors(response, &caller);
    if let Some(set_cookie) = set_cookie {
        response.headers_mut().insert(header::SET_COOKIE, set_cookie);
    }
    response
}

/// The cookie for a stored proof, unless the page is on another origin or a
/// later proof of the same consent is stored: an older decision retried
/// late (kakor resends undelivered proofs on the next page view) must not
/// bring back a choice the visitor has since changed. When the database
/// cannot tell, no cookie: the banner's own stays.
async fn consent_cookie(
    app: &App,
    page: Option<cookie::Page>,
    id: &str,
    timestamp: u64,
    body: &str,
) -> Option<HeaderValue> {
    let page = page?;
    let latest = app.store.latest(id).await.ok()??;
    if latest > timestamp as i64 {
        return None;
    }
    app.jar.consent(body, now_ms() as u64, page)
}

/// Refuses a body that is not announced as JSON.
pub(crate) fn json_content(headers: &HeaderMap) -> Result<(), ApiError> {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"));
    if json {
        Ok(())
    } else {
        Err(ApiError::MediaType)
    }
}

/// A request's JSON body as text; one past `max` bytes is refused with
/// `too_large()`, by its announced length before anything is read.
pub(crate) async fn json_text(
    headers: &HeaderMap,
    body: Body,
    max: usize,
    too_large: fn() -> ApiError,
) -> Result<String, ApiError> {
    json_content(headers)?;
    let announced = headers.get(header::CONTENT_LENGTH).and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
    if announced.is_some_and(|length| length > max as u64) {
        return Err(too_large());
    }
    let body = Limited::new(body, max).collect().await.map_err(|error| {
        if error.is::<LengthLimitError>() {
            too_large()
        } else {
            ApiError::Unreadable(error.to_string())
        }
    })?;
    String::from_utf8(body.to_bytes().to_vec()).map_err(|_| ApiError::NotUtf8)
}

async fn store(app: &App, headers: &HeaderMap, body: Body) -> Result<Received, ApiError> {
    let text = json_text(headers, body, MAX_BODY, || ApiError::TooLarge).await?;
    let text = text.as_str();
    if let Some(withdrawal) = validate::withdrawal(text, now_ms() as u64) {
        withdrawal?;
        return Ok(Received::Withdrawal);
    }
    let proof = validate::proof(text)?;
    validate::timely(&proof, now_ms() as u64)?;
    let (id, timestamp, body) = (proof.id.clone(), proof.timestamp, proof.body.clone());
    let outcome = app.writer.append(proof).await.map_err(|error| ApiError::from_store(&error))?;
    Ok(Received::Proof(outcome, id, timestamp, body))
}
