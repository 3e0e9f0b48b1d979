use super::*;
use crate::fixture;

const ID: &str = "3b241101-e2bb-4255-8caf-4136c566a962";

fn context(gpc: bool) -> Context<'static> {
    Context { id: ID.into(), now: 1_795_433_324_007, language: "en", gpc, source: Source::Preferences }
}

fn on(entries: &[(String, bool)]) -> Vec<&str> {
    entries.iter().filter(|(_, v)| *v).map(|(k, _)| k.as_str()).collect()
}

#[test]
fn accept_all_grants_everything() {
    let c = fixture();
    let consent = Consent::decide(&c, &Choice::AcceptAll, None, context(false));
    assert_eq!(on(&consent.categories), ["necessary", "statistics", "marketing"]);
    assert_eq!(on(&consent.services), ["ga4", "hubspot", "linkedin"]);
    assert_eq!(consent.method, Method::AcceptAll);
    assert_eq!(consent.expires - consent.timestamp, 180 * crate::time::DAY_MS);
    assert_eq!(consent.revision, c.revision());
}

#[test]
fn reject_all_keeps_only_necessary() {
    let consent = Consent::decide(&fixture(), &Choice::RejectAll, None, context(false));
    assert_eq!(on(&consent.categories), ["necessary"]);
    assert!(on(&consent.services).is_empty());
    assert!(consent.allows("necessary"));
    assert!(!consent.allows("statistics"));
    assert!(!consent.allows("hubspot"));
}

#[test]
fn gpc_keeps_marketing_off_on_accept_all() {
    let consent = Consent::decide(&fixture(), &Choice::AcceptAll, None, context(true));
    assert_eq!(on(&consent.categories), ["necessary", "statistics"]);
    assert_eq!(on(&consent.services), ["ga4"]);
    assert!(consent.gpc);
}

#[test]
fn custom_services_follow_their_category_unless_named() {
    let c = fixture();
    let choice =
        Choice::Custom { categories: vec![("marketing".into(), true)], services: vec![("linkedin".into(), false)] };
    let consent = Consent::decide(&c, &choice, None, context(false));
    assert_eq!(on(&consent.categories), ["necessary", "marketing"]);
    assert_eq!(on(&consent.services), ["hubspot"]);
    // A later choice that names only statistics keeps marketing as it was.
    let later = Choice::Custom { categories: vec![("statistics".into(), true)], services: vec![] };
    let consent = Consent::decide(&c, &later, Some(&consent), context(false));
    assert_eq!(on(&consent.categories), ["necessary", "statistics", "marketing"]);
    assert_eq!(on(&consent.services), ["ga4", "hubspot", "linkedin"]);
}

#[test]
fn unlocks_follows_service_then_category_then_fallback() {
    let c = fixture();
    let choice =
        Choice::Custom { categories: vec![("marketing".into(), true)], services: vec![("linkedin".into(), false)] };
    let consent = Consent::decide(&c, &choice, None, context(false));
    assert!(consent.unlocks("marketing", None));
    assert!(consent.unlocks("marketing", Some("hubspot")));
    assert!(!consent.unlocks("marketing", Some("linkedin")));
    assert!(!consent.unlocks("statistics", None));
    assert!(consent.unlocks("!statistics", None));
    assert!(!consent.unlocks("!marketing", None));
    assert!(!consent.unlocks("unknown", None));
    assert!(!consent.unlocks("!unknown", None));
    assert!(!consent.unlocks("marketing", Some("unknown")));
    assert!(consent.unlocks("necessary", None));
}

#[test]
fn uuid_v4_has_version_and_variant() {
    let id = uuid_v4([0xff; 16]);
    assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
    assert!(is_uuid_v4(&id));
    assert!(is_uuid_v4(&uuid_v4([0; 16])));
    assert!(is_uuid_v4(ID));
    assert!(!is_uuid_v4("3b241101-e2bb-1255-8caf-4136c566a962"));
    assert!(!is_uuid_v4("3B241101-E2BB-4255-8CAF-4136C566A962"));
    assert!(!is_uuid_v4(""));
}

#[test]
fn allowing_one_service_changes_nothing_else() {
    let c = fixture();
    let before = Consent::decide(
        &c,
        &Choice::Custom { categories: vec![("statistics".into(), true)], services: vec![("ga4".into(), false)] },
        None,
        context(false),
    );
    let after = Consent::decide(&c, &Choice::Allow("linkedin".into()), Some(&before), context(false));
    assert_eq!(on(&after.categories), ["necessary", "statistics"]);
    assert_eq!(on(&after.services), ["linkedin"], "ga4 stays off, hubspot stays off");
    assert_eq!(after.method, Method::Custom);
    let first = Consent::decide(&c, &Choice::Allow("hubspot".into()), None, context(false));
    assert_eq!(on(&first.categories), ["necessary"]);
    assert_eq!(on(&first.services), ["hubspot"]);
}

#[test]
fn a_refusal_holds_for_reject_days_a_consent_for_consent_days() {
    let mut c = fixture();
    c.site.reject_days = Some(30);
    let days = |consent: &Consent| (consent.expires - consent.timestamp) / crate::time::DAY_MS;
    assert_eq!(days(&Consent::decide(&c, &Choice::RejectAll, None, context(false))), 30);
    let nothing = Choice::Custom { categories: vec![("statistics".into(), false)], services: vec![] };
    assert_eq!(days(&Consent::decide(&c, &nothing, None, context(false))), 30, "a custom refusal too");
    let one_service = Choice::Custom { categories: vec![], services: vec![("ga4".into(), true)] };
    assert_eq!(days(&Consent::decide(&c, &one_service, None, context(false))), 180, "one service granted is consent");
    assert_eq!(days(&Consent::decide(&c, &Choice::AcceptAll, None, context(false))), 180);
    c.site.reject_days = None;
    assert_eq!(days(&Consent::decide(&c, &Choice::RejectAll, None, context(false))), 180, "unset: consent_days");
}
