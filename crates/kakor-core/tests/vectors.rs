//! `record::read` against the test vectors: `kakor` cookies the banner wrote
//! in Chromium, with the consent it reported for each (tools/vectors.mjs).
//! kakor/server's `readConsent` is tested on the same file
//! (tests/e2e/server.test.mjs), so the two readers cannot drift apart.

use kakor_core::record;
use serde_json::{json, Value};

const VECTORS: &str = include_str!("../../../tests/vectors/cookies.json");
/// Format version 1, from before the record named its source: still read.
const VECTORS_V1: &str = include_str!("../../../tests/vectors/cookies-v1.json");

#[test]
fn read_gives_what_the_banner_gave_for_every_vector() {
    check(VECTORS);
}

#[test]
fn read_gives_what_the_banner_gave_for_every_version_1_vector() {
    check(VECTORS_V1);
}

fn check(vectors: &str) {
    let file: Value = serde_json::from_str(vectors).expect("the vectors are JSON");
    let now = file["now"].as_u64().expect("now");
    let vectors = file["vectors"].as_array().expect("vectors");
    assert!(vectors.len() >= 10, "only {} vectors", vectors.len());
    let (mut valid, mut invalid) = (0, 0);
    for vector in vectors {
        let name = vector["name"].as_str().expect("name");
        let cookie = vector["cookie"].as_str().expect("cookie");
        // As readConsent does: a header when it has `=` or `;`, else the bare value.
        let value = if cookie.contains(['=', ';']) { record::from_cookie_header(cookie) } else { Some(cookie) };
        let consent = value.and_then(|value| record::read(value, now, vector["revision"].as_str()));
        let got = consent.map_or(Value::Null, |consent| json!(consent));
        assert_eq!(got, vector["expected"], "{name}");
        if got.is_null() {
            invalid += 1;
        } else {
            valid += 1;
        }
    }
    assert!(valid >= 4 && invalid >= 6, "{valid} valid and {invalid} invalid vectors");
}
