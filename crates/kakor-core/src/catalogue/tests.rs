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

#[test]
fn the_controllers_names_are_part_of_the_revision_and_their_contact_is_not() {
    let plain = fixture();
    let mut named = fixture();
    let controller = crate::catalogue::Controller {
        name: "Acme AB".into(),
        registration: Some("556000-0000".into()),
        contact: "Storgatan 1, 111 11 Stockholm".into(),
        joint: Vec::new(),
    };
    named.site.controller = Some(controller.clone());
    assert_ne!(named.revision(), plain.revision(), "another controller asks again");
    let mut moved = named.clone();
    moved.site.controller.as_mut().unwrap().contact = "privacy@acme.example".into();
    assert_eq!(moved.revision(), named.revision(), "a new address does not");
    let mut joint = named.clone();
    joint.site.controller.as_mut().unwrap().joint.push(crate::catalogue::Controller {
        name: "Partner Oy".into(),
        registration: None,
        contact: "privacy@partner.example".into(),
        joint: Vec::new(),
    });
    assert_ne!(joint.revision(), named.revision(), "a joint controller more asks again");
    assert_eq!(joint.site.controller.as_ref().unwrap().names(), "Acme AB (556000-0000), Partner Oy");
}

#[cfg(feature = "source")]
#[test]
fn the_controller_reads_from_toml_and_json_alike() {
    let read = |json: &serde_json::Value| {
        crate::source::read_json("x.json", &json.to_string(), &annotate_snippets::Renderer::plain())
            .map_err(|problems| problems.rendered)
    };
    let toml = include_str!("../fixture.toml").replacen(
        "[site]\n",
        "[site]\ncontroller = { name = \"Acme AB\", registration = \"556000-0000\", contact = \"privacy@acme.example\", joint = [{ name = \"Partner Oy\", contact = \"Helsinki\" }] }\n",
        1,
    );
    let catalogue: Catalogue = toml::from_str(&toml).unwrap();
    let json = serde_json::to_value(&catalogue).unwrap();
    assert_eq!(json["site"]["controller"]["joint"][0]["name"], "Partner Oy");
    assert!(json["site"]["controller"]["joint"][0].get("registration").is_none());
    assert_eq!(read(&json), Ok(catalogue));
    let mut wrong = json.clone();
    wrong["site"]["controller"]["joint"][0]["joint"] = serde_json::json!([]);
    wrong["site"]["controller"]["email"] = serde_json::json!("x");
    let problems = read(&wrong).unwrap_err();
    assert!(problems.contains("unknown field `email`"), "{problems}");
    assert!(problems.contains("at `site.controller.email`"), "{problems}");
    assert!(problems.contains("at `site.controller.joint[0].joint`"), "{problems}");
}
