//! The texts archive: each language's texts bundle (every text a visitor
//! could see, as `kakor texts` prints it), kept once under its SHA-256, so
//! a proof's `texts` resolves to the exact words the visitor saw.
//!
//! `POST /admin/texts` publishes a bundle, from the owner's deployment
//! (`kakor texts … | curl --data-binary @-`) with the admin token: the
//! banner never publishes one, and a route open to every page would let
//! anyone fill the disk with bundles no proof names. The receiver computes
//! the SHA-256 itself; `?sha256=` names the hash the publisher expects (the
//! catalogue's `texts_sha256`), and a bundle that does not hash to it is
//! refused, so a stale catalogue is noticed. `GET /admin/texts/{sha256}`
//! answers the bundle byte for byte.

use crate::error::ApiError;
use crate::server::App;
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// The largest bundle taken: a catalogue of a few hundred services in one
/// language stays far below it.
pub const MAX_TEXTS: usize = 256 * 1024;

/// `?sha256=`: the hash the publisher expects.
#[derive(Debug, Deserialize)]
pub struct Expected {
    sha256: Option<String>,
}

/// `POST /admin/texts`: 201 when kept now, 200 when already kept, each with
/// the bundle's `sha256`; 422 when it is no bundle or not the one expected.
pub async fn publish(State(app): State<Arc<App>>, Query(expected): Query<Expected>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    match keep(&app, &parts.headers, body, expected.sha256.as_deref()).await {
        Ok((hash, true)) => {
            (StatusCode::CREATED, axum::Json(json!({ "stored": true, "sha256": hash }))).into_response()
        }
        Ok((hash, false)) => (StatusCode::OK, axum::Json(json!({ "stored": false, "sha256": hash }))).into_response(),
        Err(error) => error.into_response(),
    }
}

async fn keep(
    app: &App,
    headers: &HeaderMap,
    body: axum::body::Body,
    expected: Option<&str>,
) -> Result<(String, bool), ApiError> {
    let text = crate::receive::json_text(headers, body, MAX_TEXTS, || ApiError::TextsTooLarge).await?;
    let text = text.as_str();
    is_bundle(text)?;
    let hash = sha256_hex(text.as_bytes());
    if let Some(expected) = expected.filter(|expected| *expected != hash) {
        return Err(ApiError::Texts(format!(
            "the bundle's SHA-256 is {hash}, not the `{}` expected: the catalogue's texts_sha256 is stale \
             (run `kakor json` again) or the bundle was altered on the way",
            expected.chars().take(64).collect::<String>()
        )));
    }
    let new = app.store.put_texts(&hash, text).await.map_err(|e| ApiError::from_store(&e))?;
    Ok((hash, new))
}

/// A bundle is a JSON object in kakor's texts form, naming its language.
fn is_bundle(text: &str) -> Result<(), ApiError> {
    let value: Value = serde_json::from_str(text).map_err(|e| ApiError::Malformed(e.to_string()))?;
    let format = value.get("format").and_then(Value::as_str);
    if format != Some(kakor_core::texts::BUNDLE_FORMAT) || !value.get("language").is_some_and(Value::is_string) {
        return Err(ApiError::Texts(format!(
            "the body is not a kakor texts bundle: expected an object with \"format\": \"{}\" and a \"language\", \
             as `kakor texts` prints it",
            kakor_core::texts::BUNDLE_FORMAT
        )));
    }
    Ok(())
}

/// `GET /admin/texts/{sha256}`: the bundle, byte for byte.
pub async fn show(State(app): State<Arc<App>>, Path(hash): Path<String>) -> Result<Response, ApiError> {
    if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        return Err(ApiError::Query("a texts hash is a SHA-256 as 64 lowercase hex digits".to_string()));
    }
    let body = app.store.texts(&hash).await.map_err(|e| ApiError::from_store(&e))?;
    let Some(body) = body else {
        return Err(ApiError::NotFound(format!(
            "no texts bundle is kept under {hash}; publish it with POST /admin/texts (docs/consent-log.md)"
        )));
    };
    let mut response = body.into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    Ok(response)
}

/// SHA-256 as 64 lowercase hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
