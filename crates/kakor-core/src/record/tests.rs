use super::*;
use crate::consent::{Choice, Context};
use crate::fixture;
use crate::time::DAY_MS;

const NOW: u64 = 1_795_433_324_007;

fn consent(choice: Choice) -> Consent {
    let context = Context { id: "3b241101-e2bb-4255-8caf-4136c566a962".into(), now: NOW, language: "sv", gpc: false };
    Consent::decide(&fixture(), &choice, None, context)
}

fn custom() -> Choice {
    Choice::Custom { categories: vec![("marketing".into(), true)], services: vec![("linkedin".into(), false)] }
}

#[test]
fn round_trip_restores_every_field() {
    let c = fixture();
    for choice in [Choice::AcceptAll, Choice::RejectAll, custom()] {
        let original = consent(choice);
        let value = encode(&original);
        assert_eq!(decode(&value, &c, NOW + 1), Ok(original));
    }
}

#[test]
fn format_is_the_documented_one() {
    let value = encode(&consent(custom()));
    let expected_body = [
        "1.3b241101-e2bb-4255-8caf-4136c566a962.1795433324007.1810985324007.",
        &fixture().revision(),
        ".c.sv.0.necessary:marketing.hubspot",
    ]
    .concat();
    assert_eq!(value, [expected_body.as_str(), ".", &hex32(fnv1a(expected_body.as_bytes()))].concat());
    assert!(encode(&consent(Choice::RejectAll)).contains(".necessary.-."));
}

#[test]
fn every_changed_character_invalidates() {
    let c = fixture();
    let value = encode(&consent(Choice::RejectAll));
    for at in 0..value.len() {
        let mut bytes = value.clone().into_bytes();
        bytes[at] = if bytes[at] == b'x' { b'y' } else { b'x' };
        let edited = String::from_utf8(bytes).unwrap();
        assert!(decode(&edited, &c, NOW).is_err(), "{edited}");
    }
}

#[test]
fn tampering_with_a_fixed_checksum_is_refused() {
    let c = fixture();
    let reseal = |body: String| {
        let sum = hex32(fnv1a(body.as_bytes()));
        [body, sum].join(".")
    };
    let value = encode(&consent(Choice::RejectAll));
    let body = value.rsplit_once('.').unwrap().0.to_string();
    // Granting an unknown category or service.
    let unknown = reseal(body.replace(".necessary.-", ".necessary:spyware.-"));
    assert_eq!(decode(&unknown, &c, NOW), Err(Invalid::Unknown));
    let unknown = reseal(body.replace(".necessary.-", ".necessary.spyware"));
    assert_eq!(decode(&unknown, &c, NOW), Err(Invalid::Unknown));
    // Claiming a lifetime beyond consent_days.
    let long = reseal(body.replace("1810985324007", &(NOW + 181 * DAY_MS).to_string()));
    assert_eq!(decode(&long, &c, NOW), Err(Invalid::Expired));
    // Another revision.
    let foreign = reseal(body.replace(&c.revision(), "00000000"));
    assert_eq!(decode(&foreign, &c, NOW), Err(Invalid::Revision));
    // Dropping necessary.
    let bare = reseal(body.replace(".necessary.-", ".-.-"));
    assert_eq!(decode(&bare, &c, NOW), Err(Invalid::Garbled));
}

#[test]
fn expiry_and_revision_end_validity_but_keep_the_id() {
    let c = fixture();
    let value = encode(&consent(Choice::AcceptAll));
    assert_eq!(decode(&value, &c, NOW + 180 * DAY_MS), Err(Invalid::Expired));
    assert!(decode(&value, &c, NOW + 180 * DAY_MS - 1).is_ok());
    let mut changed = c.clone();
    changed.services.pop();
    assert_eq!(decode(&value, &changed, NOW), Err(Invalid::Revision));
    assert_eq!(id_of(&value), Some("3b241101-e2bb-4255-8caf-4136c566a962"));
}

#[test]
fn garbage_is_no_consent() {
    let c = fixture();
    for value in ["", ".", "1", "2.a.b.c.d.e.f.g.h.i.j", "1.........", "ü.ü.ü", "1.x.1.2.3.a.en.0.-.-.00000000"] {
        assert!(decode(value, &c, NOW).is_err(), "{value}");
        assert_eq!(id_of(value), None, "{value}");
    }
    let future = encode(&consent(Choice::AcceptAll)).replacen("1.", "2.", 1);
    assert_eq!(decode(&future, &c, NOW), Err(Invalid::Version));
}
