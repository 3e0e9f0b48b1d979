//! The HTTP errors of every route: a status, a message an owner (or kakor's
//! developer reading the network panel) can act on, and for proofs the JSON
//! path of each problem. Database errors are logged, never sent.

use crate::store::StoreError;
use crate::validate::{FieldError, Invalid, MAX_BODY};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug)]
pub enum ApiError {
    /// A browser on a site that is not configured.
    Origin(String),
    MediaType,
    TooLarge,
    /// A texts bundle over `texts::MAX_TEXTS`.
    TextsTooLarge,
    /// A body sent to `POST /admin/texts` that is no bundle, or not the one expected.
    Texts(String),
    NotUtf8,
    /// The body could not be read to its end (the client went away).
    Unreadable(String),
    Malformed(String),
    Invalid(Vec<FieldError>),
    /// Another proof with the same id and timestamp is stored.
    Conflict,
    /// The database is down: kakor keeps the proof and retries.
    Unavailable,
    Unauthorized,
    Query(String),
    NotFound(String),
    /// The request needs a setting the owner has not made.
    Unconfigured(String),
}

impl From<Invalid> for ApiError {
    fn from(invalid: Invalid) -> Self {
        match invalid {
            Invalid::Malformed(message) => ApiError::Malformed(message),
            Invalid::Fields(errors) => ApiError::Invalid(errors),
        }
    }
}

/// Numbers the failures in the log, so an owner can match a 503 to its cause.
static INCIDENT: AtomicU64 = AtomicU64::new(1);

impl ApiError {
    /// Logs a database error (no payload, no address) and hides it.
    pub fn from_store(error: &StoreError) -> ApiError {
        let incident = INCIDENT.fetch_add(1, Ordering::Relaxed);
        eprintln!("kakor-log: incident {incident}: {error}");
        ApiError::Unavailable
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, message, problems) = match self {
            ApiError::Origin(origin) => (
                StatusCode::FORBIDDEN,
                format!("origin `{origin}` may not send proofs here: it is not among the configured site origins"),
                vec![],
            ),
            ApiError::MediaType => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "expected Content-Type: application/json".to_string(), vec![])
            }
            ApiError::TooLarge => {
                (StatusCode::PAYLOAD_TOO_LARGE, format!("a proof is at most {MAX_BODY} bytes"), vec![])
            }
            ApiError::TextsTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("a texts bundle is at most {} bytes", crate::texts::MAX_TEXTS),
                vec![],
            ),
            ApiError::Texts(message) => (StatusCode::UNPROCESSABLE_ENTITY, message, vec![]),
            ApiError::NotUtf8 => (StatusCode::BAD_REQUEST, "the body is not UTF-8".to_string(), vec![]),
            ApiError::Unreadable(message) => {
                (StatusCode::BAD_REQUEST, format!("the body could not be read: {message}"), vec![])
            }
            ApiError::Malformed(message) => {
                (StatusCode::BAD_REQUEST, format!("the body is not JSON: {message}"), vec![])
            }
            ApiError::Invalid(errors) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "the body is not a kakor proof".to_string(),
                errors.iter().map(|e| json!({ "path": e.path, "message": e.message })).collect(),
            ),
            ApiError::Conflict => (
                StatusCode::CONFLICT,
                "a different proof with this id and timestamp is already stored; it stands".to_string(),
                vec![],
            ),
            ApiError::Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "the consent log cannot store proofs right now; send it again later".to_string(),
                vec![],
            ),
            ApiError::Unauthorized => {
                let mut response = (
                    StatusCode::UNAUTHORIZED,
                    axum::Json(json!({ "error": "the admin API needs the admin token (Authorization: Bearer TOKEN)" })),
                )
                    .into_response();
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Basic realm=\"kakor-log\""));
                return response;
            }
            ApiError::Query(message) => (StatusCode::BAD_REQUEST, message, vec![]),
            ApiError::NotFound(message) => (StatusCode::NOT_FOUND, message, vec![]),
            ApiError::Unconfigured(message) => (StatusCode::CONFLICT, message, vec![]),
        };
        let body = if problems.is_empty() {
            json!({ "error": message })
        } else {
            json!({ "error": message, "problems": problems })
        };
        let mut response = (status, axum::Json(body)).into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
        }
        response
    }
}
