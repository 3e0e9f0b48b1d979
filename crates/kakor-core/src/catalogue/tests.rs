use super::*;
use crate::fixture;

#[test]
fn durations_read_and_write_back() {
    for text in ["session", "1 day", "30 minutes", "13 months", "2 years", "1 hour"] {
        assert_eq!(Duration::parse(text).map(|d| d.text()).as_deref(), Some(text));
    }
    assert_eq!(Duration::parse("2 year"), Some(Duration::Span(2, Unit::Years)));
    for bad in ["", "forever", "0 days", "-1 days", "1  day", "1 fortnight", "days"] {
        assert_eq!(Duration::parse(bad), None, "{bad}");
    }
}

#[test]
fn localized_falls_back() {
    let c = fixture();
    let necessary = c.category("necessary").unwrap();
    assert_eq!(necessary.title.pick("sv", "en"), "Nödvändiga");
    assert_eq!(necessary.title.pick("de", "en"), "Necessary");
    assert_eq!(c.category("statistics").unwrap().title.pick("de", "fi"), "Statistics");
    assert_eq!(Localized::default().pick("en", "en"), "");
}

#[test]
fn revision_ignores_texts_and_order() {
    let base = fixture();
    let mut edited = base.clone();
    edited.categories[1].title = Table(vec![("en".into(), "Analytics".into())]);
    edited.services[0].name = "GA".into();
    edited.services[0].cookies.clear();
    edited.services.reverse();
    assert_eq!(base.revision(), edited.revision());
}

#[test]
fn revision_follows_what_consent_depends_on() {
    let base = fixture();
    let mut moved = base.clone();
    moved.services[1].category = "statistics".into();
    let mut removed = base.clone();
    removed.services.pop();
    let mut added = base.clone();
    added.categories.push(Category {
        id: "preferences".into(),
        title: Localized::default(),
        description: Localized::default(),
    });
    for other in [moved, removed, added] {
        assert_ne!(base.revision(), other.revision());
    }
    assert_eq!(base.revision().len(), 8);
}

#[test]
fn json_shape_round_trips_through_toml_model() {
    let c = fixture();
    let toml_text = toml::to_string(&c).unwrap();
    let back: Catalogue = toml::from_str(&toml_text).unwrap();
    assert_eq!(c, back);
}

#[test]
fn unknown_fields_are_refused() {
    let text = include_str!("../fixture.toml").replace("consent_days = 180", "consent_dayz = 180");
    let error = toml::from_str::<Catalogue>(&text).unwrap_err();
    assert!(error.message().contains("consent_dayz"), "{}", error.message());
}

#[test]
fn purposes_version_is_part_of_the_revision_and_absent_changes_nothing() {
    let base = fixture();
    let mut versioned = fixture();
    versioned.site.purposes_version = Some("2026-11".into());
    assert_ne!(base.revision(), versioned.revision(), "a new purposes version asks again");
    let mut again = versioned.clone();
    again.site.purposes_version = Some("2026-11".into());
    assert_eq!(versioned.revision(), again.revision());
    assert_eq!(base.revision(), "90430bc2", "unset, the revision is what it was before the field existed");
}
