//! The admin API, for the owner alone: a consent id's history (a visitor's
//! access request, also as a standard consent receipt), exports by date
//! range (also as standard consent records), counts per day and method, and
//! the page that shows them. Every route needs the admin token, as
//! `Authorization: Bearer TOKEN`, or as the password of HTTP Basic
//! authentication so the page opens in a browser (any user name).

use crate::error::ApiError;
use crate::iso27560;
use crate::page;
use crate::server::App;
use crate::store::{day, day_start, DayCount, StoreError, Stored};
use crate::validate;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use futures_util::StreamExt;
use kakor_core::time::{iso8601, DAY_MS};
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;

/// Rows read per query while exporting: one chunk of the streamed answer.
const PAGE: i64 = 1_000;

/// Refuses every admin request without the configured token (and all of
/// them when none is configured).
pub async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let Some(token) = app.admin_token.as_deref() else { return ApiError::Unauthorized.into_response() };
    if !presented(request.headers()).is_some_and(|given| same(given.as_bytes(), token.as_bytes())) {
        return ApiError::Unauthorized.into_response();
    }
    let mut response = next.run(request).await;
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The token a request carries, Bearer or Basic; the scheme's name in any
/// case, as HTTP says (RFC 9110, section 11.1).
fn presented(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, credentials) = value.trim_start().split_once(' ')?;
    let credentials = credentials.trim();
    if scheme.eq_ignore_ascii_case("bearer") {
        return Some(credentials.to_string());
    }
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD.decode(credentials).ok()?;
    let pair = String::from_utf8(decoded).ok()?;
    Some(pair.split_once(':')?.1.to_string())
}

/// Compares in time that does not depend on where the first difference is.
fn same(given: &[u8], token: &[u8]) -> bool {
    given.len() == token.len() && given.iter().zip(token).fold(0, |acc, (a, b)| acc | (a ^ b)) == 0
}

/// A date range, `from` and `to` inclusive, as `YYYY-MM-DD` (UTC).
#[derive(Debug, Deserialize)]
pub struct Range {
    from: Option<String>,
    to: Option<String>,
    format: Option<String>,
}

impl Range {
    /// `[from, to + 1 day)` in milliseconds; open ends reach all proofs.
    fn bounds(&self) -> Result<(i64, i64), ApiError> {
        let parse = |name: &str, value: &Option<String>| -> Result<Option<i64>, ApiError> {
            value
                .as_deref()
                .map(|text| {
                    day_start(text).ok_or_else(|| ApiError::Query(format!("`{name}` must be a date as YYYY-MM-DD")))
                })
                .transpose()
        };
        let from = parse("from", &self.from)?.unwrap_or(0);
        let to = parse("to", &self.to)?.map_or(i64::MAX, |to| to + DAY_MS as i64);
        if from >= to {
            return Err(ApiError::Query("`from` is after `to`".to_string()));
        }
        Ok((from, to))
    }
}

/// How a consent id's history is answered.
#[derive(Debug, Deserialize)]
pub struct Shape {
    format: Option<String>,
}

/// `GET /admin/consents/{id}`: every proof of one consent id, oldest first;
/// with `?format=receipt`, as an ISO/IEC TS 27560 consent receipt.
pub async fn history(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(shape): Query<Shape>,
) -> Result<Response, ApiError> {
    let controller = match shape.format.as_deref() {
        None | Some("json") => None,
        Some("receipt") => Some(controller(&app)?),
        Some(_) => return Err(ApiError::Query("`format` must be json or receipt".to_string())),
    };
    let proofs = app.store.history(&id).await.map_err(|e| ApiError::from_store(&e))?;
    if proofs.is_empty() {
        return Err(ApiError::NotFound(format!(
            "no proof is stored for consent id `{}`",
            id.chars().take(64).collect::<String>()
        )));
    }
    if let Some(controller) = controller {
        let receipt = iso27560::receipt(&id, &proofs, &controller, crate::store::now_ms() as u64);
        return Ok(([(header::CONTENT_TYPE, LD_JSON)], receipt.to_string()).into_response());
    }
    let proofs: Vec<Value> = proofs.iter().map(entry).collect();
    Ok(axum::Json(json!({ "id": id, "proofs": proofs })).into_response())
}

/// JSON-LD's media type.
const LD_JSON: &str = "application/ld+json";

/// The controller standard consent records name, or why there is none.
fn controller(app: &App) -> Result<Arc<str>, ApiError> {
    app.controller.as_deref().map(Arc::from).ok_or_else(|| {
        ApiError::Unconfigured(
            "ISO/IEC TS 27560 records name the data controller: start kakor-log with \
             --controller \"LEGAL NAME\" (or KAKOR_LOG_CONTROLLER)"
                .to_string(),
        )
    })
}

/// What an export is written as.
enum Format {
    Jsonl,
    Csv,
    /// One JSON-LD document: an ISO/IEC TS 27560 consent record per proof,
    /// naming this controller.
    Iso27560(Arc<str>),
}

impl Format {
    /// What comes before the first row.
    fn head(&self) -> String {
        match self {
            Format::Jsonl => String::new(),
            Format::Csv => CSV_HEADER.to_string(),
            // The document's opening, up to its `@graph` array; the records
            // follow one chunk at a time and [`Format::tail`] closes it.
            Format::Iso27560(_) => format!("{{\"@context\":{},\"@graph\":[\n", iso27560::context()),
        }
    }

    /// What comes after the last row.
    fn tail(&self) -> Option<Bytes> {
        matches!(self, Format::Iso27560(_)).then(|| Bytes::from_static(b"]}\n"))
    }

    /// The media type and the file name offered to save it as.
    fn file(&self) -> (&'static str, &'static str) {
        match self {
            Format::Jsonl => ("application/jsonl", "proofs.jsonl"),
            Format::Csv => ("text/csv; charset=utf-8", "proofs.csv"),
            Format::Iso27560(_) => (LD_JSON, "consent-records.jsonld"),
        }
    }
}

/// `GET /admin/export?from=&to=&format=jsonl|csv|iso27560`, streamed a
/// page of rows at a time, so an export of years of proofs never sits in
/// memory. The first page is read before answering: a database that is down
/// still gets 503.
pub async fn export(State(app): State<Arc<App>>, Query(range): Query<Range>) -> Result<Response, ApiError> {
    let (from, to) = range.bounds()?;
    let format = match range.format.as_deref() {
        None | Some("jsonl") => Format::Jsonl,
        Some("csv") => Format::Csv,
        Some("iso27560") => Format::Iso27560(controller(&app)?),
        Some(_) => return Err(ApiError::Query("`format` must be jsonl, csv or iso27560".to_string())),
    };
    let first = app.store.export(from, to, 0, PAGE).await.map_err(|e| ApiError::from_store(&e))?;
    let mut head = format.head();
    let after = lines(&mut head, &first, &format, true);
    let (kind, name) = format.file();
    let tail = format.tail();
    let format = Arc::new(format);
    let store = app.store.clone();
    let rest = futures_util::stream::try_unfold(after, move |after| {
        let store = store.clone();
        let format = format.clone();
        async move {
            let Some(after) = after else { return Ok(None) };
            let rows = store.export(from, to, after, PAGE).await.inspect_err(|e| {
                ApiError::from_store(e);
            })?;
            let mut chunk = String::new();
            let next = lines(&mut chunk, &rows, &format, false);
            Ok::<_, StoreError>(Some((Bytes::from(chunk), next)))
        }
    });
    let body = futures_util::stream::once(async move { Ok::<_, StoreError>(Bytes::from(head)) })
        .chain(rest)
        .chain(futures_util::stream::iter(tail.map(Ok)));
    Ok((
        [
            (header::CONTENT_TYPE, kind.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        Body::from_stream(body),
    )
        .into_response())
}

/// Appends `rows` as export lines, the `first` page's first one without
/// the comma that separates records; the `seq` to continue after, if a full
/// page suggests there is more.
fn lines(out: &mut String, rows: &[Stored], format: &Format, first: bool) -> Option<i64> {
    for (i, row) in rows.iter().enumerate() {
        match format {
            Format::Csv => csv_line(out, row),
            Format::Jsonl => {
                out.push_str(&entry(row).to_string());
                out.push('\n');
            }
            Format::Iso27560(controller) => {
                if !(first && i == 0) {
                    out.push_str(",\n");
                }
                out.push_str(&iso27560::record(row, controller).to_string());
            }
        }
    }
    rows.last().filter(|_| rows.len() as i64 == PAGE).map(|last| last.seq)
}

/// `GET /admin/counts?from=&to=`: `[{day, method, count}]`.
pub async fn counts(State(app): State<Arc<App>>, Query(range): Query<Range>) -> Result<Response, ApiError> {
    let (from, to) = range.bounds()?;
    let counts = app.store.counts(from, to).await.map_err(|e| ApiError::from_store(&e))?;
    let counts: Vec<Value> =
        counts.iter().map(|c| json!({ "day": c.day, "method": c.method, "count": c.count })).collect();
    Ok(axum::Json(counts).into_response())
}

/// `GET /admin`: the counts page, the last 30 days unless a range is given.
pub async fn page(State(app): State<Arc<App>>, Query(range): Query<Range>) -> Result<Response, ApiError> {
    let today = crate::store::now_ms() as u64;
    let range = Range {
        from: range.from.or_else(|| Some(day(today - 29 * DAY_MS))),
        to: range.to.or_else(|| Some(day(today))),
        format: None,
    };
    let (from, to) = range.bounds()?;
    let counts: Vec<DayCount> = app.store.counts(from, to).await.map_err(|e| ApiError::from_store(&e))?;
    let total = app.store.count().await.map_err(|e| ApiError::from_store(&e))?;
    let html = page::render(&counts, range.from.as_deref().unwrap_or(""), range.to.as_deref().unwrap_or(""), total);
    Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CONTENT_SECURITY_POLICY, page::CSP)], html)
        .into_response())
}

/// `GET /admin/page.css`: the page's only stylesheet, from the same origin.
pub async fn stylesheet() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], page::CSS).into_response()
}

/// A stored proof with where it sits in the chain.
/// `clock_skew` is in seconds, `null` within ten minutes ([`Stored::clock_skew`]).
fn entry(row: &Stored) -> Value {
    let proof: Value = serde_json::from_str(&row.body).unwrap_or(Value::Null);
    json!({
        "seq": row.seq,
        "received": iso8601(row.received as u64),
        "hash": row.hash,
        "clock_skew": row.clock_skew(),
        "proof": proof,
    })
}

/// The columns after `hash` came later; scripts that read by position keep
/// working.
const CSV_HEADER: &str = "seq,received,id,timestamp,expires,method,revision,language,gpc,page,texts,categories,\
                          services,hash,source,version,clock_skew\n";

/// One CSV row; `categories` and `services` list the granted ids, space separated.
fn csv_line(out: &mut String, row: &Stored) {
    let proof: Value = serde_json::from_str(&row.body).unwrap_or(Value::Null);
    let text = |name: &str| match &proof[name] {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    let granted = |name: &str| {
        proof[name]
            .as_object()
            .map(|map| {
                map.iter()
                    .filter(|(_, on)| on.as_bool() == Some(true))
                    .map(|(id, _)| id.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default()
    };
    let fields = [
        row.seq.to_string(),
        iso8601(row.received as u64),
        text("id"),
        text("timestamp"),
        text("expires"),
        text("method"),
        text("revision"),
        text("language"),
        text("gpc"),
        text("page"),
        text("texts"),
        granted("categories"),
        granted("services"),
        row.hash.clone(),
        text("source"),
        text("version"),
        row.clock_skew().map(|seconds| seconds.to_string()).unwrap_or_default(),
    ];
    let quoted: Vec<String> = fields.iter().map(|field| quote(field)).collect();
    out.push_str(&quoted.join(","));
    out.push('\n');
}

/// RFC 4180 quoting, made safe to open in a spreadsheet or a terminal:
/// every control or bidirectional character (tab, CR and LF included), which
/// the receiver refuses but a row stored before it did may hold, becomes
/// U+FFFD, so a cell cannot start with a tab or CR, and no escape sequence
/// reaches a terminal; a cell that starts with `=`, `+`, `-` or `@`, which
/// Excel and LibreOffice would run as a formula, gets a leading `'`.
fn quote(field: &str) -> String {
    let field: String = field.chars().map(|c| if validate::is_hidden(c) { '\u{fffd}' } else { c }).collect();
    let field = if field.starts_with(['=', '+', '-', '@']) { format!("'{field}") } else { field };
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}
