use super::*;
use crate::consent::{Choice, Context, Source};
use crate::fixture;
use crate::time::{iso8601, DAY_MS};

const NOW: u64 = 1_795_433_324_007;

fn consent(choice: Choice) -> Consent {
    let context = Context {
        id: "3b241101-e2bb-4255-8caf-4136c566a962".into(),
        now: NOW,
        language: "sv",
        gpc: false,
        source: Source::FirstLayer,
    };
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
        "2.3b241101-e2bb-4255-8caf-4136c566a962.1795433324007.1810985324007.",
        &fixture().revision(),
        ".c.f.sv.0.necessary:marketing.hubspot",
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
    let future = encode(&consent(Choice::AcceptAll)).replacen("2.", "3.", 1);
    assert_eq!(decode(&future, &c, NOW), Err(Invalid::Version));
}

#[test]
fn read_needs_no_catalogue_and_lists_what_was_granted() {
    let c = fixture();
    for choice in [Choice::AcceptAll, Choice::RejectAll, custom()] {
        let full = consent(choice);
        let value = encode(&full);
        let read = read(&value, NOW + 1, Some(&c.revision())).expect("valid");
        let granted = |flags: &[(String, bool)]| flags.iter().filter(|(_, on)| *on).cloned().collect::<Vec<_>>();
        assert_eq!(read.categories, granted(&full.categories));
        assert_eq!(read.services, granted(&full.services));
        assert_eq!(
            Consent { categories: full.categories.clone(), services: full.services.clone(), ..read.clone() },
            full
        );
        for (id, _) in full.categories.iter().chain(&full.services) {
            assert_eq!(read.allows(id), full.allows(id), "{id}");
        }
        // One parser: what `read` accepts is exactly what it was written from.
        assert_eq!(encode(&read), value);
    }
}

#[test]
fn read_applies_revision_expiry_and_the_lifetime_cap() {
    let c = fixture();
    let value = encode(&consent(Choice::AcceptAll));
    assert!(read(&value, NOW, None).is_some());
    assert!(read(&value, NOW, Some("00000000")).is_none());
    assert!(read(&value, NOW + 180 * DAY_MS - 1, Some(&c.revision())).is_some());
    assert!(read(&value, NOW + 180 * DAY_MS, Some(&c.revision())).is_none());
    let reseal = |body: String| {
        let sum = hex32(fnv1a(body.as_bytes()));
        [body, sum].join(".")
    };
    let body = value.rsplit_once('.').unwrap().0.to_string();
    let at_cap = reseal(body.replace("1810985324007", &(NOW + 395 * DAY_MS).to_string()));
    assert!(read(&at_cap, NOW, None).is_some());
    let beyond = reseal(body.replace("1810985324007", &(NOW + 395 * DAY_MS + 1).to_string()));
    assert!(read(&beyond, NOW, None).is_none());
    // Past the year 9999, where JavaScript's dates and numbers stop agreeing.
    let last = 253_402_300_799_999;
    let late = |expires: u64| {
        reseal(
            body.replace(&NOW.to_string(), &(expires - 1).to_string()).replace("1810985324007", &expires.to_string()),
        )
    };
    assert_eq!(read(&late(last), last - 1, None).map(|c| iso8601(c.expires)), Some("9999-12-31T23:59:59.999Z".into()));
    assert!(read(&late(last + 1), last - 1, None).is_none());
    assert_eq!(decode(&late(last + 1), &c, last - 1), Err(Invalid::Garbled));
    // Without the catalogue, ids are held to the rule a catalogue's ids meet.
    assert!(body.contains(".necessary:"), "{body}");
    for granted in [".necessary:Spy:", ".necessary::", ".necessary:necessary:", "."] {
        let edited = reseal(body.replacen(".necessary:", granted, 1));
        assert!(read(&edited, NOW, None).is_none(), "{edited}");
    }
    assert!(read(&reseal(body.replacen(".necessary:", ".necessary:x-1:", 1)), NOW, None).is_some());
}

#[test]
fn read_refuses_every_changed_character_and_garbage() {
    let value = encode(&consent(custom()));
    for at in 0..value.len() {
        let mut bytes = value.clone().into_bytes();
        bytes[at] = if bytes[at] == b'x' { b'y' } else { b'x' };
        assert!(read(&String::from_utf8(bytes).unwrap(), NOW, None).is_none());
    }
    for garbage in ["", ".", "1", "1.x.1.2.3.a.en.0.-.-.00000000", "ü.ü.ü"] {
        assert!(read(garbage, NOW, None).is_none(), "{garbage}");
    }
    let future = encode(&consent(Choice::AcceptAll)).replacen("2.", "3.", 1);
    assert!(read(&future, NOW, None).is_none());
}

/// Seals a record's body with its checksum.
fn seal(body: &str) -> String {
    [body, ".", &hex32(fnv1a(body.as_bytes()))].concat()
}

#[test]
fn every_source_round_trips_in_version_2() {
    let c = fixture();
    for source in [Source::FirstLayer, Source::Preferences, Source::Placeholder, Source::Api, Source::OtherTab] {
        let context =
            Context { id: "3b241101-e2bb-4255-8caf-4136c566a962".into(), now: NOW, language: "sv", gpc: false, source };
        let original = Consent::decide(&c, &Choice::AcceptAll, None, context);
        let value = encode(&original);
        assert!(value.starts_with("2."), "{value}");
        assert_eq!(decode(&value, &c, NOW + 1).map(|c| c.source), Ok(Some(source)));
        assert_eq!(read(&value, NOW + 1, None).and_then(|c| c.source), Some(source));
    }
    // An unknown letter is no record.
    let value = encode(&consent(Choice::AcceptAll));
    let body = value.rsplit_once('.').unwrap().0;
    assert_eq!(decode(&seal(&body.replacen(".a.f.", ".a.x.", 1)), &c, NOW), Err(Invalid::Garbled));
}

#[test]
fn a_version_1_record_reads_with_its_source_unknown() {
    let c = fixture();
    // Version 1 as kakor wrote it before sources: no source field.
    let v2 = encode(&consent(custom()));
    let body = v2.rsplit_once('.').unwrap().0.replacen("2.", "1.", 1).replacen(".c.f.", ".c.", 1);
    let v1 = seal(&body);
    let decoded = decode(&v1, &c, NOW + 1).expect("version 1 still reads");
    assert_eq!(decoded, Consent { source: None, ..consent(custom()) });
    assert_eq!(read(&v1, NOW + 1, Some(&c.revision())).map(|c| c.source), Some(None));
    assert_eq!(id_of(&v1), Some("3b241101-e2bb-4255-8caf-4136c566a962"));
    // Written back, it stays version 1: no record claims a source no one recorded.
    assert_eq!(encode(&decoded), v1);
    // And `source` is absent from its JSON, as before.
    assert!(serde_json::to_value(&decoded).unwrap().get("source").is_none());
    // A version 1 record with a source field has a field too many.
    assert_eq!(decode(&seal(&v2.rsplit_once('.').unwrap().0.replacen("2.", "1.", 1)), &c, NOW), Err(Invalid::Garbled));
}

#[test]
fn the_cookie_header_yields_the_first_kakor_value() {
    assert_eq!(from_cookie_header("a=1; kakor=first; kakor=second"), Some("first"));
    assert_eq!(from_cookie_header("kakor=v"), Some("v"));
    assert_eq!(from_cookie_header("a=1;   kakor=v"), Some("v"));
    assert_eq!(from_cookie_header("kakorx=1;xkakor=2; kakor"), None);
    assert_eq!(from_cookie_header(""), None);
}
