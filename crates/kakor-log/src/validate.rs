//! Strict validation of the proof JSON that kakor POSTs (docs/proofs.md, "Consent
//! proofs"): every field present with its type and form, nothing else. A
//! receiver that stored whatever arrived could not show an authority what a
//! visitor agreed to, so anything off is refused with the JSON path named.

use kakor_core::consent::is_uuid_v4;
use kakor_core::time::{iso8601, parse_iso8601, DAY_MS};
use kakor_core::{Method, Source};
use serde_json::{Map, Value};
use std::fmt;

mod unique;
mod withdrawal;

pub use withdrawal::{withdrawal, Withdrawal};

/// The largest body accepted. kakor's proofs are about 1 KB for a catalogue
/// of ten services; 16 KB leaves room for a few hundred services.
pub const MAX_BODY: usize = 16 * 1024;

/// The longest consent kakor can give (13 months).
const MAX_CONSENT_DAYS: u64 = crate::config::LONGEST_CONSENT_DAYS;

/// How far ahead of the receiver's clock a proof may be dated: a visitor's
/// clock is not the receiver's, and some run fast.
const FUTURE_SLACK_MS: u64 = DAY_MS;

/// The fields of a proof, in the order kakor writes them. `source` and
/// `version` came with kakor 0.1's evidence fields: a proof from an older
/// banner (still queued in a visitor's outbox) has neither, and an 8-digit
/// `texts` hash; one that names a `version` must have the rest.
const FIELDS: [&str; 13] = [
    "id",
    "timestamp",
    "expires",
    "revision",
    "method",
    "language",
    "categories",
    "services",
    "gpc",
    "source",
    "page",
    "texts",
    "version",
];

/// A proof that passed every check, with what the log indexes it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proof {
    pub id: String,
    /// The proof's `timestamp` in milliseconds since the Unix epoch.
    pub timestamp: u64,
    pub method: Method,
    /// Where the decision came from; `None` from a banner that did not say.
    pub source: Option<Source>,
    /// The SHA-256 of the texts bundle the visitor saw, when the proof
    /// names one (an older banner's 8-digit hash resolves to nothing).
    pub texts_sha256: Option<String>,
    /// The body exactly as received: this text is what is stored and hashed.
    pub body: String,
}

/// One problem, at a JSON path such as `$.categories.ads`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub path: String,
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Why a body is not a proof.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalid {
    /// Not JSON at all; the message names line and column.
    Malformed(String),
    /// JSON, but not a proof: every problem found.
    Fields(Vec<FieldError>),
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Invalid::Malformed(message) => write!(f, "the body is not JSON: {message}"),
            Invalid::Fields(errors) => {
                let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
                write!(f, "the body is not a kakor proof: {}", list.join("; "))
            }
        }
    }
}

/// Checks `body` and returns the proof it holds.
pub fn proof(body: &str) -> Result<Proof, Invalid> {
    let value: Value = serde_json::from_str(body).map_err(|e| Invalid::Malformed(e.to_string()))?;
    if let Some(path) = unique::repeated_key(body) {
        let message = "this key appears twice in its object: send each key once".to_string();
        return Err(Invalid::Fields(vec![FieldError { path, message }]));
    }
    let mut errors = Vec::new();
    let mut error = |path: &str, message: String| errors.push(FieldError { path: path.to_string(), message });
    hidden_characters(&value, "$", &mut error);
    let Value::Object(object) = &value else {
        error("$", format!("expected an object, found {}", kind(&value)));
        return Err(Invalid::Fields(errors));
    };
    for key in object.keys().filter(|key| !FIELDS.contains(&key.as_str())) {
        error(&format!("$.{key}"), "unknown field".to_string());
    }
    let field = |name: &str| object.get(name);
    let string = |name: &str, error: &mut dyn FnMut(&str, String)| -> Option<String> {
        match field(name) {
            None => error(&format!("$.{name}"), "missing".to_string()),
            Some(Value::String(text)) => return Some(text.clone()),
            Some(other) => error(&format!("$.{name}"), format!("expected a string, found {}", kind(other))),
        }
        None
    };

    let id = string("id", &mut error);
    if let Some(id) = &id {
        if !is_uuid_v4(id) {
            error("$.id", format!("`{}` is not a lowercase UUID v4", clip(id)));
        }
    }
    let time = |name: &str, error: &mut dyn FnMut(&str, String)| {
        let text = string(name, error)?;
        let ms = parse_iso8601(&text);
        if ms.is_none() {
            error(&format!("$.{name}"), format!("`{}` is not a time as toISOString() writes it", clip(&text)));
        }
        ms
    };
    let timestamp = time("timestamp", &mut error);
    let expires = time("expires", &mut error);
    if let (Some(timestamp), Some(expires)) = (timestamp, expires) {
        let lifetime = expires.saturating_sub(timestamp);
        if !(DAY_MS..=MAX_CONSENT_DAYS * DAY_MS).contains(&lifetime) {
            error("$.expires", format!("expected 1 to {MAX_CONSENT_DAYS} days after the timestamp"));
        }
    }
    if let Some(revision) = string("revision", &mut error) {
        if !is_hex(&revision, 1..=64) {
            error("$.revision", format!("`{}` is not a revision (1 to 64 hex digits)", clip(&revision)));
        }
    }
    let method = string("method", &mut error).and_then(|name| {
        let method = Method::parse(&name);
        if method.is_none() {
            error("$.method", format!("`{}` is not one of accept-all, reject-all, custom", clip(&name)));
        }
        method
    });
    if let Some(language) = string("language", &mut error) {
        let tag =
            (2..=35).contains(&language.len()) && language.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !tag {
            error("$.language", format!("`{}` is not a language tag", clip(&language)));
        }
    }
    for name in ["categories", "services"] {
        match field(name) {
            None => error(&format!("$.{name}"), "missing".to_string()),
            Some(Value::Object(map)) => flags(name, map, &mut error),
            Some(other) => error(&format!("$.{name}"), format!("expected an object, found {}", kind(other))),
        }
    }
    if let Some(Value::Object(categories)) = field("categories") {
        if categories.get("necessary") != Some(&Value::Bool(true)) {
            error("$.categories.necessary", "expected `true`: necessary is always granted".to_string());
        }
    }
    match field("gpc") {
        None => error("$.gpc", "missing".to_string()),
        Some(Value::Bool(_)) => {}
        Some(other) => error("$.gpc", format!("expected true or false, found {}", kind(other))),
    }
    if let Some(page) = string("page", &mut error) {
        if !has_host(&page) || page.len() > 2048 || page.contains(['?', '#']) || page.chars().any(char::is_whitespace) {
            error(
                "$.page",
                format!("`{}` is not an http(s) URL with a host and without query or fragment", clip(&page)),
            );
        }
    }
    match field("version") {
        None => {}
        Some(Value::String(version)) if is_version(version) => {}
        Some(Value::String(version)) => {
            error("$.version", format!("`{}` is not a version such as 0.1.0", clip(version)))
        }
        Some(other) => error("$.version", format!("expected a string, found {}", kind(other))),
    }
    let source = match field("source") {
        None if field("version").is_some() => {
            error("$.source", "missing; a proof that names kakor's version names its source".to_string());
            None
        }
        None => None,
        Some(Value::String(name)) => match Source::parse(name) {
            Some(Source::OtherTab) => {
                error("$.source", "`other-tab` is no new decision: the tab that made it sends the proof".to_string());
                None
            }
            Some(source) => Some(source),
            None => {
                error("$.source", format!("`{}` is not one of first-layer, preferences, placeholder, api", clip(name)));
                None
            }
        },
        Some(other) => {
            error("$.source", format!("expected a string, found {}", kind(other)));
            None
        }
    };
    let mut texts_sha256 = None;
    if let Some(texts) = string("texts", &mut error) {
        if field("version").is_some() {
            if is_hex(&texts, 64..=64) {
                texts_sha256 = Some(texts);
            } else {
                error("$.texts", format!("`{}` is not a SHA-256 (64 hex digits)", clip(&texts)));
            }
        } else if !is_hex(&texts, 8..=8) {
            error(
                "$.texts",
                format!(
                    "`{}` is not a texts hash (8 hex digits from a banner before 0.1's version field)",
                    clip(&texts)
                ),
            );
        }
    }

    match (id, timestamp, method) {
        (Some(id), Some(timestamp), Some(method)) if errors.is_empty() => {
            Ok(Proof { id, timestamp, method, source, texts_sha256, body: body.to_string() })
        }
        _ => Err(Invalid::Fields(errors)),
    }
}

/// Refuses a proof dated more than a day after the receiver's clock (`now`)
/// or longer ago than the longest consent: such a date says nothing true
/// about when the visitor chose, and would be counted under that day. Not
/// part of [`proof`], which `verify` also runs over proofs stored long ago.
pub fn timely(proof: &Proof, now: u64) -> Result<(), Invalid> {
    timely_at(proof.timestamp, now)
}

/// [`timely`] for any `timestamp`.
fn timely_at(timestamp: u64, now: u64) -> Result<(), Invalid> {
    let problem = if timestamp > now.saturating_add(FUTURE_SLACK_MS) {
        "is more than 24 hours after"
    } else if timestamp.saturating_add(MAX_CONSENT_DAYS * DAY_MS) < now {
        "is more than 395 days, the longest consent, before"
    } else {
        return Ok(());
    };
    let message = format!("`{}` {problem} the receiver's clock ({})", iso8601(timestamp), iso8601(now));
    Err(Invalid::Fields(vec![FieldError { path: "$.timestamp".to_string(), message }]))
}

/// Whether `page` is `http(s)://HOST[:PORT]…` with a host and no user name.
fn has_host(page: &str) -> bool {
    let Some(rest) = page.strip_prefix("https://").or_else(|| page.strip_prefix("http://")) else { return false };
    let authority = rest.split('/').next().unwrap_or_default();
    let host = match authority.rsplit_once(':') {
        Some((host, port)) if !authority.ends_with(']') => {
            if !port.bytes().all(|b| b.is_ascii_digit()) {
                return false;
            }
            host
        }
        _ => authority,
    };
    !host.is_empty() && !authority.contains('@')
}

/// A character that would hide or reorder what a person reads, in a
/// terminal, a spreadsheet or the admin page: C0 and C1 controls, DEL, and
/// the bidirectional embeddings, overrides and isolates.
pub fn is_hidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Names every string and key in `value` that holds a hidden character.
fn hidden_characters(value: &Value, path: &str, error: &mut dyn FnMut(&str, String)) {
    let say = |c: char| format!("contains U+{:04X}, a control or bidirectional character", c as u32);
    match value {
        Value::String(text) => {
            if let Some(c) = text.chars().find(|&c| is_hidden(c)) {
                error(path, say(c));
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                hidden_characters(item, &format!("{path}[{i}]"), error);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let inner = format!("{path}.{}", key.escape_debug());
                if let Some(c) = key.chars().find(|&c| is_hidden(c)) {
                    error(&inner, format!("its key {}", say(c)));
                }
                hidden_characters(item, &inner, error);
            }
        }
        _ => {}
    }
}

/// A `categories` or `services` map: ids to booleans.
fn flags(name: &str, map: &Map<String, Value>, error: &mut dyn FnMut(&str, String)) {
    for (id, value) in map {
        let path = format!("$.{name}.{id}");
        if id.is_empty() || id.len() > 64 || id.chars().any(|c| c.is_control() || c.is_whitespace()) {
            error(&path, "expected an id of 1 to 64 characters without spaces".to_string());
        }
        if !value.is_boolean() {
            error(&path, format!("expected true or false, found {}", kind(value)));
        }
    }
}

/// `MAJOR.MINOR.PATCH`, with an optional pre-release (`0.2.0-rc.1`).
fn is_version(text: &str) -> bool {
    let (core, pre) = text.split_once('-').unwrap_or((text, "x"));
    let numbers: Vec<&str> = core.split('.').collect();
    text.len() <= 64
        && numbers.len() == 3
        && numbers.iter().all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        && !pre.is_empty()
        && pre.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
}

fn is_hex(text: &str, lengths: std::ops::RangeInclusive<usize>) -> bool {
    lengths.contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// At most 64 characters of a value quoted back in a message.
fn clip(text: &str) -> String {
    text.chars().take(64).collect()
}

#[cfg(test)]
mod tests;
