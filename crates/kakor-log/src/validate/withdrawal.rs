//! The withdrawal notice kakor POSTs to the proof endpoint when the visitor
//! withdraws (`kakor.withdraw()`), so a receiver on the site's origin can
//! expire the `kakor` cookie it set:
//!
//! ```json
//! {"id": "<the consent id>", "withdrawn": true, "timestamp": "2026-11-27T15:00:00.000Z"}
//! ```
//!
//! Exactly these three fields. It is not stored: it proves no consent, and
//! the consent it ends has its proofs in the log already.

use super::{clip, kind, timely_at, FieldError, Invalid};
use kakor_core::consent::is_uuid_v4;
use kakor_core::time::parse_iso8601;
use serde_json::Value;

/// A withdrawal notice that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdrawal {
    pub id: String,
    pub timestamp: u64,
}

const FIELDS: [&str; 3] = ["id", "withdrawn", "timestamp"];

/// None when `body` is not a JSON object with a `withdrawn` key (then it is
/// read as a proof); else the notice, checked strictly and dated no further
/// from the receiver's clock `now` than a proof may be.
pub fn withdrawal(body: &str, now: u64) -> Option<Result<Withdrawal, Invalid>> {
    let Ok(Value::Object(object)) = serde_json::from_str::<Value>(body) else { return None };
    object.get("withdrawn")?;
    let mut errors = Vec::new();
    let mut error = |path: &str, message: String| errors.push(FieldError { path: path.to_string(), message });
    if let Some(path) = super::unique::repeated_key(body) {
        error(&path, "this key appears twice in its object: send each key once".to_string());
    }
    for key in object.keys().filter(|key| !FIELDS.contains(&key.as_str())) {
        error(&format!("$.{}", key.escape_debug()), "unknown field in a withdrawal notice".to_string());
    }
    if object.get("withdrawn") != Some(&Value::Bool(true)) {
        error("$.withdrawn", "expected `true`".to_string());
    }
    let id = match object.get("id") {
        Some(Value::String(id)) if is_uuid_v4(id) => Some(id.clone()),
        Some(Value::String(id)) => {
            error("$.id", format!("`{}` is not a lowercase UUID v4", clip(id)));
            None
        }
        Some(other) => {
            error("$.id", format!("expected a string, found {}", kind(other)));
            None
        }
        None => {
            error("$.id", "missing".to_string());
            None
        }
    };
    let timestamp = match object.get("timestamp") {
        Some(Value::String(text)) => {
            let ms = parse_iso8601(text);
            if ms.is_none() {
                error("$.timestamp", format!("`{}` is not a time as toISOString() writes it", clip(text)));
            }
            ms
        }
        Some(other) => {
            error("$.timestamp", format!("expected a string, found {}", kind(other)));
            None
        }
        None => {
            error("$.timestamp", "missing".to_string());
            None
        }
    };
    Some(match (id, timestamp) {
        (Some(id), Some(timestamp)) if errors.is_empty() => {
            timely_at(timestamp, now).map(|()| Withdrawal { id, timestamp })
        }
        _ => Err(Invalid::Fields(errors)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0b7e4c1a-9f2d-4c3b-8a6e-5d4f3e2a1b0c";
    const NOW: u64 = 1_780_000_000_000;

    fn paths(body: &str) -> Vec<String> {
        match withdrawal(body, NOW) {
            Some(Err(Invalid::Fields(errors))) => errors.into_iter().map(|e| e.path).collect(),
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    #[test]
    fn a_notice_is_read_strictly() {
        let at = kakor_core::time::iso8601(NOW);
        let good = format!(r#"{{"id":"{ID}","withdrawn":true,"timestamp":"{at}"}}"#);
        assert_eq!(withdrawal(&good, NOW), Some(Ok(Withdrawal { id: ID.to_string(), timestamp: NOW })));
        assert_eq!(withdrawal(r#"{"id":"x"}"#, NOW), None, "no `withdrawn`: a proof");
        assert_eq!(paths(&format!(r#"{{"id":"{ID}","withdrawn":false,"timestamp":"{at}"}}"#)), ["$.withdrawn"]);
        assert_eq!(
            paths(&format!(r#"{{"id":"X","withdrawn":true,"timestamp":"{at}","page":"p"}}"#)),
            ["$.page", "$.id"]
        );
        assert_eq!(paths(r#"{"withdrawn":true,"timestamp":"yesterday"}"#), ["$.id", "$.timestamp"]);
        assert_eq!(
            paths(&format!(r#"{{"id":"{ID}","withdrawn":true,"withdrawn":true,"timestamp":"{at}"}}"#)),
            ["$.withdrawn"]
        );
        let late = kakor_core::time::iso8601(NOW + 2 * kakor_core::time::DAY_MS);
        assert_eq!(paths(&format!(r#"{{"id":"{ID}","withdrawn":true,"timestamp":"{late}"}}"#)), ["$.timestamp"]);
    }
}
