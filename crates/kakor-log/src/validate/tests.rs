use super::*;
use serde_json::json;

fn sample() -> Value {
    json!({
        "id": "803ba651-d298-4253-9ca1-97e136f80e57",
        "timestamp": "2026-11-23T12:48:46.318Z",
        "expires": "2027-11-23T12:48:46.318Z",
        "revision": "81215475",
        "method": "custom",
        "language": "en",
        "categories": { "necessary": true, "statistics": true, "marketing": false },
        "services": { "ga4": true, "hubspot": false },
        "gpc": false,
        "page": "https://norrsken.example/",
        "texts": "0a06e286"
    })
}

fn check(edit: impl FnOnce(&mut Map<String, Value>), expect: &[&str]) {
    let mut value = sample();
    edit(value.as_object_mut().unwrap());
    let body = value.to_string();
    match proof(&body) {
        Ok(_) => assert!(expect.is_empty(), "accepted, expected {expect:?}"),
        Err(Invalid::Fields(errors)) => {
            let got: Vec<String> = errors.iter().map(ToString::to_string).collect();
            assert_eq!(got, expect);
        }
        Err(other) => panic!("{other}"),
    }
}

#[test]
fn the_readme_proof_passes() {
    let body = sample().to_string();
    let proof = proof(&body).unwrap();
    assert_eq!(proof.id, "803ba651-d298-4253-9ca1-97e136f80e57");
    assert_eq!(proof.timestamp, 1_795_438_126_318);
    assert_eq!(proof.method, Method::Custom);
    assert_eq!(proof.body, body);
}

#[test]
fn every_problem_is_named_by_path() {
    check(
        |p| {
            p.insert("id".into(), json!("803ba651-d298-1253-9ca1-97e136f80e57"));
            p.insert("timestamp".into(), json!(1795438126318u64));
            p.insert("method".into(), json!("accept"));
            p.remove("gpc");
            p.insert("extra".into(), json!(1));
        },
        &[
            "$.extra: unknown field",
            "$.id: `803ba651-d298-1253-9ca1-97e136f80e57` is not a lowercase UUID v4",
            "$.timestamp: expected a string, found a number",
            "$.method: `accept` is not one of accept-all, reject-all, custom",
            "$.gpc: missing",
        ],
    );
}

#[test]
fn maps_hold_booleans_and_necessary_is_granted() {
    check(
        |p| {
            p.insert("categories".into(), json!({ "necessary": false, "ads": "yes" }));
            p.insert("services".into(), json!([]));
        },
        &[
            "$.categories.ads: expected true or false, found a string",
            "$.services: expected an object, found an array",
            "$.categories.necessary: expected `true`: necessary is always granted",
        ],
    );
}

#[test]
fn times_are_canonical_and_expiry_within_thirteen_months() {
    check(
        |p| {
            p.insert("expires".into(), json!("2026-11-23T12:48:46.318Z"));
        },
        &["$.expires: expected 1 to 395 days after the timestamp"],
    );
    check(
        |p| {
            p.insert("timestamp".into(), json!("2026-11-23T12:48:46Z"));
        },
        &["$.timestamp: `2026-11-23T12:48:46Z` is not a time as toISOString() writes it"],
    );
}

#[test]
fn pages_carry_no_query() {
    check(
        |p| {
            p.insert("page".into(), json!("https://a.example/?email=x@y.example"));
        },
        &["$.page: `https://a.example/?email=x@y.example` is not an http(s) URL with a host and without query or fragment"],
    );
    for hostless in ["http://", "https:///x", "http://:8080/", "https://user@a.example/"] {
        check(
            |p| {
                p.insert("page".into(), json!(hostless));
            },
            &[&format!("$.page: `{hostless}` is not an http(s) URL with a host and without query or fragment")],
        );
    }
    for hosted in ["http://a.example", "https://a.example:8443/x/", "http://[::1]/", "http://[::1]:80/y"] {
        check(
            |p| {
                p.insert("page".into(), json!(hosted));
            },
            &[],
        );
    }
}

#[test]
fn control_and_bidi_characters_are_refused_in_every_string() {
    for (c, name) in [('\u{0}', "0000"), ('\u{1b}', "001B"), ('\u{7f}', "007F"), ('\u{9f}', "009F")] {
        check(
            |p| {
                p.insert("page".into(), json!(format!("https://a.example/{c}")));
            },
            &[&format!("$.page: contains U+{name}, a control or bidirectional character")],
        );
    }
    for c in ['\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}'] {
        let name = format!("{:04X}", c as u32);
        check(
            |p| {
                p.insert("language".into(), json!(format!("en{c}")));
                p.insert("services".into(), json!({ format!("ga{c}"): true }));
            },
            &[
                &format!("$.language: contains U+{name}, a control or bidirectional character"),
                &format!(
                    "$.services.ga{}: its key contains U+{name}, a control or bidirectional character",
                    c.escape_debug()
                ),
                &format!("$.language: `en{c}` is not a language tag"),
            ],
        );
    }
}

#[test]
fn a_key_given_twice_is_refused_with_its_path() {
    let body = sample().to_string();
    let twice = body.replacen("\"categories\":{", "\"categories\":{\"marketing\":true,", 1);
    assert_ne!(twice, body);
    assert_eq!(
        proof(&twice).unwrap_err().to_string(),
        "the body is not a kakor proof: $.categories.marketing: this key appears twice in its object: send each key once"
    );
    let id = body.replacen("{", "{\"id\":\"00000000-0000-4000-8000-000000000000\",", 1);
    assert_eq!(proof(&id).unwrap_err().to_string().split(": ").nth(1), Some("$.id"));
}

#[test]
fn a_proof_is_dated_near_the_receivers_clock() {
    let stamped = |ms: u64| {
        let mut value = sample();
        value["timestamp"] = json!(iso8601(ms));
        value["expires"] = json!(iso8601(ms + 365 * DAY_MS));
        proof(&value.to_string()).unwrap()
    };
    let now = 1_795_438_126_318;
    assert_eq!(timely(&stamped(now), now), Ok(()));
    assert_eq!(timely(&stamped(now + DAY_MS), now), Ok(()));
    assert_eq!(timely(&stamped(now - 395 * DAY_MS), now), Ok(()));
    let future = timely(&stamped(now + DAY_MS + 1), now).unwrap_err().to_string();
    assert_eq!(
        future,
        "the body is not a kakor proof: $.timestamp: `2026-11-24T12:48:46.319Z` is more than 24 hours after \
         the receiver's clock (2026-11-23T12:48:46.318Z)"
    );
    let old = timely(&stamped(now - 395 * DAY_MS - 1), now).unwrap_err().to_string();
    assert!(old.contains("$.timestamp: `2025-10-24T12:48:46.317Z` is more than 395 days"), "{old}");
    assert!(timely(&stamped(0), now).is_err(), "1970");
}

#[test]
fn not_json_and_not_an_object() {
    assert!(matches!(proof("{\"id\": "), Err(Invalid::Malformed(_))));
    assert_eq!(
        proof("[]").unwrap_err().to_string(),
        "the body is not a kakor proof: $: expected an object, found an array"
    );
}

/// A proof as kakor writes it since it names its source and version.
fn current(edit: impl FnOnce(&mut Map<String, Value>)) -> Value {
    let mut value = sample();
    let object = value.as_object_mut().unwrap();
    object.insert("source".into(), json!("first-layer"));
    object.insert("texts".into(), json!("9f".repeat(32)));
    object.insert("version".into(), json!("0.1.0"));
    edit(object);
    value
}

fn problems(value: &Value) -> Vec<String> {
    match proof(&value.to_string()) {
        Ok(_) => Vec::new(),
        Err(Invalid::Fields(errors)) => errors.iter().map(ToString::to_string).collect(),
        Err(other) => panic!("{other}"),
    }
}

#[test]
fn a_current_proof_names_its_source_version_and_texts_sha256() {
    let value = current(|_| {});
    let read = proof(&value.to_string()).unwrap();
    assert_eq!(read.source, Some(Source::FirstLayer));
    assert_eq!(read.texts_sha256.as_deref(), Some("9f".repeat(32).as_str()));
    for source in ["first-layer", "preferences", "placeholder", "api"] {
        assert!(problems(&current(|p| drop(p.insert("source".into(), json!(source))))).is_empty(), "{source}");
    }
    // One from an older banner still queued in an outbox: none of the three.
    let old = proof(&sample().to_string()).unwrap();
    assert_eq!((old.source, old.texts_sha256), (None, None));
}

#[test]
fn the_evidence_fields_are_checked() {
    assert_eq!(
        problems(&current(|p| drop(p.insert("source".into(), json!("other-tab"))))),
        ["$.source: `other-tab` is no new decision: the tab that made it sends the proof"]
    );
    assert_eq!(
        problems(&current(|p| drop(p.insert("source".into(), json!("script"))))),
        ["$.source: `script` is not one of first-layer, preferences, placeholder, api"]
    );
    assert_eq!(
        problems(&current(|p| drop(p.remove("source")))),
        ["$.source: missing; a proof that names kakor's version names its source"]
    );
    assert_eq!(
        problems(&current(|p| drop(p.insert("texts".into(), json!("0a06e286"))))),
        ["$.texts: `0a06e286` is not a SHA-256 (64 hex digits)"]
    );
    for bad in ["1.0", "v0.1.0", "0.1.0-", "0.1.0 ", "0..1"] {
        assert_eq!(
            problems(&current(|p| drop(p.insert("version".into(), json!(bad))))),
            [format!("$.version: `{bad}` is not a version such as 0.1.0")],
            "{bad}"
        );
    }
    assert!(problems(&current(|p| drop(p.insert("version".into(), json!("0.2.0-rc.1"))))).is_empty());
    assert_eq!(
        problems(&current(|p| drop(p.insert("version".into(), json!(1))))),
        ["$.version: expected a string, found a number"]
    );
}
