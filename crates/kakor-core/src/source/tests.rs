use super::*;

const TEXT: &str =
    "[site]\nname = \"Acme\"\n\n[[services]]\nid = \"a\"\n\n[[services]]\nid = \"b\"\ncategory = \"nope\"\n";

fn start_line(text: &str, span: Range<usize>) -> usize {
    text[..span.start].matches('\n').count() + 1
}

#[test]
fn locates_nested_paths() {
    let tree = DeTable::parse(TEXT).unwrap();
    let span = locate(&tree, "services[1].category").unwrap();
    assert_eq!(&TEXT[span.clone()], "\"nope\"");
    assert_eq!(start_line(TEXT, span), 9);
    assert_eq!(&TEXT[locate(&tree, "site.name").unwrap()], "\"Acme\"");
}

#[test]
fn falls_back_to_the_nearest_ancestor() {
    let tree = DeTable::parse(TEXT).unwrap();
    let span = locate(&tree, "services[1].cookies[0].name").unwrap();
    assert_eq!(start_line(TEXT, span), 7);
}

fn fixture_text() -> String {
    include_str!("../fixture.toml").to_string()
}

#[test]
fn toml_problems_are_rendered_at_their_line() {
    let text = fixture_text().replace("category = \"marketing\"", "category = \"ads\"");
    let problems = read_toml("site.toml", &text, &Renderer::plain()).unwrap_err();
    assert_eq!(problems.count, 2, "{}", problems.rendered);
    assert!(problems.rendered.contains("error: unknown category `ads`"), "{}", problems.rendered);
    assert!(problems.rendered.contains("--> site.toml:41:12"), "{}", problems.rendered);
    assert!(problems.rendered.contains("category = \"ads\""), "{}", problems.rendered);
}

#[test]
fn toml_syntax_and_unknown_fields() {
    let problems = read_toml("x.toml", "[site\n", &Renderer::plain()).unwrap_err();
    assert!(problems.rendered.contains("--> x.toml:1:"), "{}", problems.rendered);
    let text = fixture_text().replace("consent_days = 180", "consent_dayz = 180");
    let problems = read_toml("x.toml", &text, &Renderer::plain()).unwrap_err();
    assert!(problems.rendered.contains("unknown field `consent_dayz`"), "{}", problems.rendered);
    assert!(problems.rendered.contains("--> x.toml:5:1"), "{}", problems.rendered);
}

#[test]
fn json_problems_name_their_path() {
    let catalogue: Catalogue = toml::from_str(&fixture_text()).unwrap();
    let mut value = serde_json::to_value(&catalogue).unwrap();
    value["services"][1]["category"] = "ads".into();
    let text = serde_json::to_string_pretty(&value).unwrap();
    let problems = read_json("site.json", &text, &Renderer::plain()).unwrap_err();
    assert_eq!(problems.count, 1);
    assert!(problems.rendered.contains("error: unknown category `ads`"), "{}", problems.rendered);
    assert!(problems.rendered.contains("at `services[1].category`"), "{}", problems.rendered);
    assert!(problems.rendered.contains("site.json"), "{}", problems.rendered);

    value["services"][1]["cookies"] =
        serde_json::json!([{ "name": "x", "purpose": {}, "duration": "forever", "party": "first" }]);
    let text = serde_json::to_string_pretty(&value).unwrap();
    let problems = read_json("site.json", &text, &Renderer::plain()).unwrap_err();
    assert!(problems.rendered.contains("error: expected `session` or a count"), "{}", problems.rendered);
    assert!(problems.rendered.contains("at `services[1].cookies[0].duration`"), "{}", problems.rendered);
    assert!(problems.rendered.contains("--> site.json"), "{}", problems.rendered);
}

#[test]
fn json_syntax_error_points_at_the_place() {
    let problems = read_json("bad.json", "{\n  \"site\": ,\n}", &Renderer::plain()).unwrap_err();
    assert!(problems.rendered.contains("--> bad.json:2:11"), "{}", problems.rendered);
}

#[test]
fn both_forms_read_the_same_catalogue() {
    let text = fixture_text();
    let from_toml = read("a.toml", &text, &Renderer::plain()).unwrap();
    let json = serde_json::to_string(&from_toml).unwrap();
    let from_json = read("a.json", &json, &Renderer::plain()).unwrap();
    assert_eq!(from_toml, from_json);
}

#[test]
fn r_fuzz_json_error_inside_a_multibyte_character() {
    // serde_json counts columns in bytes; an error placed inside a two-byte
    // character once made the renderer slice the source there and panic
    // (found by the catalogue_json fuzz target).
    assert_eq!(offset_of("a\u{7f9}b", 1, 3), 1);
    assert_eq!(offset_of("x\n\u{e5}\u{e4}\u{f6}", 2, 2), 2);
    assert_eq!(offset_of("x\n\u{e5}\u{e4}\u{f6}", 2, 3), 4);
    let text = "{\"site\": {\"name\": \"\u{7f9}\u{7f9}\" \u{7f9}}}";
    assert_eq!(read_json("x.json", text, &Renderer::plain()).unwrap_err().count, 1);
}

/// Nine mistakes of every kind, shape and rule (`kakor check` is tested on
/// the same file).
const NINE: &str = include_str!("../../../../tests/fixtures/catalogues/nine.toml");

#[test]
fn every_mistake_at_once_in_place_order() {
    let problems = read_toml("nine.toml", NINE, &Renderer::plain()).unwrap_err();
    let places: Vec<&str> = problems.rendered.lines().filter_map(|line| line.trim().strip_prefix("--> ")).collect();
    assert_eq!(
        places,
        [
            "nine.toml:6:1",
            "nine.toml:7:10",
            "nine.toml:15:6",
            "nine.toml:17:22",
            "nine.toml:22:12",
            "nine.toml:32:12",
            "nine.toml:33:9",
            "nine.toml:36:8",
            "nine.toml:40:1",
        ],
        "{}",
        problems.rendered
    );
    assert_eq!(problems.count, 9, "{}", problems.rendered);
    for message in [
        "unknown field `consent_dayz`",
        "expected `true` or `false`",
        "`Statistics` is not a valid id",
        "expected a string",
        "unknown category `statistics`",
        "expected `session` or a count and a unit",
        "expected `first` or `third`",
        "cookie `_ga` is already declared by service `ga4`",
        "unknown field `domian`",
    ] {
        assert!(problems.rendered.contains(message), "{message}: {}", problems.rendered);
    }
}

#[test]
fn every_mistake_at_once_in_json_by_path() {
    let value = serde_json::json!({
        "site": { "name": 7, "policy_url": "ftp://x", "languages": ["en"], "consent_days": "30", "thme": "dark" },
        "categories": [{ "id": "necessary", "title": { "en": "N" }, "description": { "en": "N" } }, 3],
        "services": [{ "id": "a", "name": "A", "category": "ads", "provider": "P",
            "policy_url": "https://p.example", "data_location": { "en": "EU" }, "safeguard": { "en": "-" },
            "description": { "en": "A" }, "cookies": [{ "name": "x", "purpose": { "en": "x" },
            "duration": "13 moons", "party": "third", "domain": "nope" }] }],
    });
    let text = serde_json::to_string_pretty(&value).unwrap();
    let problems = read_json("site.json", &text, &Renderer::plain()).unwrap_err();
    let paths: Vec<&str> =
        problems.rendered.lines().filter_map(|line| line.trim().strip_prefix("= note: at ")).collect();
    assert_eq!(
        paths,
        [
            "`categories[1]`",
            "`services[0].category`",
            "`services[0].cookies[0].domain`",
            "`services[0].cookies[0].duration`",
            "`site.consent_days`",
            "`site.name`",
            "`site.policy_url`",
            "`site.thme`",
        ],
        "{}",
        problems.rendered
    );
    assert_eq!(problems.count, 8);
}

#[test]
fn warnings_come_with_the_catalogue() {
    let text = fixture_text().replace("category = \"statistics\"", "category = \"marketing\"");
    let checked = check("site.toml", &text, &Renderer::plain());
    assert!(checked.catalogue.is_some(), "{}", checked.problems.rendered);
    // The fixture sets no endpoint: that warning comes first, at [site].
    assert_eq!((checked.problems.count, checked.problems.warnings), (0, 2), "{}", checked.problems.rendered);
    let rendered = &checked.problems.rendered;
    let endpoint = rendered.find("warning: site.endpoint is unset").expect(rendered);
    let category = rendered.find("warning: no service belongs to category `statistics`").expect(rendered);
    assert!(endpoint < category, "{rendered}");
    assert!(rendered.contains("--> site.toml:1:1"), "{rendered}");
    assert!(rendered.contains("--> site.toml:13:6"), "{rendered}");
}

#[test]
fn a_json_catalogue_without_texts_hashes_is_used_with_a_warning() {
    let catalogue = read_toml("site.toml", &fixture_text(), &Renderer::plain()).unwrap();
    let json = serde_json::to_value(&catalogue).unwrap();
    assert!(json.get("texts_sha256").is_none(), "{json}");
    let checked = check("c.json", &json.to_string(), &Renderer::plain());
    assert!(checked.catalogue.is_some(), "{}", checked.problems.rendered);
    let rendered = &checked.problems.rendered;
    assert!(rendered.contains("warning: texts_sha256 is missing, so proofs cannot name the texts"), "{rendered}");
    assert!(rendered.contains("at `texts_sha256`"), "{rendered}");
    // `kakor json` reads it to write the hashes: no warning there.
    let converted = check_to_rehash("c.json", &json.to_string(), &Renderer::plain());
    assert!(!converted.problems.rendered.contains("texts_sha256"), "{}", converted.problems.rendered);
}

#[test]
fn texts_hashes_are_recomputed_and_a_stale_one_refused() {
    let catalogue = read_toml("site.toml", &fixture_text(), &Renderer::plain()).unwrap();
    let hashes = texts_sha256(&catalogue);
    assert_eq!(hashes.0.len(), 2);
    let mut json = serde_json::to_value(&catalogue).unwrap();
    json["texts_sha256"] = serde_json::to_value(&hashes).unwrap();
    assert!(read_json("c.json", &json.to_string(), &Renderer::plain()).is_ok());
    json["site"]["name"] = "Acme Renamed".into();
    let problems = read_json("c.json", &json.to_string(), &Renderer::plain()).unwrap_err();
    assert_eq!(problems.count, 2, "{}", problems.rendered);
    assert!(problems.rendered.contains("at `texts_sha256.en`"), "{}", problems.rendered);
    // Every language or none, and only the catalogue's.
    json["site"]["name"] = "Acme".into();
    json["texts_sha256"].as_object_mut().unwrap().remove("sv");
    json["texts_sha256"]["de"] = "0".repeat(64).into();
    let problems = read_json("c.json", &json.to_string(), &Renderer::plain()).unwrap_err();
    assert_eq!(problems.count, 2, "{}", problems.rendered);
    assert!(problems.rendered.contains("error: missing; `kakor json` writes texts_sha256"), "{}", problems.rendered);
    assert!(problems.rendered.contains("error: `de` is not in site.languages"), "{}", problems.rendered);
}

#[test]
fn several_syntax_errors_at_once() {
    let problems = read_toml("x.toml", "[site\nname = \"a\"\nlanguages = [\"en\"\n", &Renderer::plain()).unwrap_err();
    assert!(problems.count >= 2, "{}", problems.rendered);
}

#[test]
fn the_set_argument_reports_every_bad_flag() {
    let value = serde_json::json!({ "categories": { "statistics": "yes", "marketing": true }, "services": [], "x": 1 });
    let value: json::Json = serde_json::from_value(value).unwrap();
    let found: Vec<String> = crate::read::choice(&value).unwrap_err().iter().map(Diagnostic::render).collect();
    assert_eq!(found.len(), 3, "{found:?}");
}

/// The reader gives exactly what serde's derives give, field order and
/// text order included, so no revision or texts digest moves with it.
#[test]
fn the_reader_agrees_with_serde_on_every_catalogue_here() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let mut files = vec![format!("{root}/categories.toml"), format!("{root}/crates/kakor-core/src/fixture.toml")];
    for entry in std::fs::read_dir(format!("{root}/www/examples")).unwrap() {
        let file = entry.unwrap().path().join("catalogue.json");
        if file.exists() {
            files.push(file.display().to_string());
        }
    }
    assert!(files.len() > 3, "{files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let by_serde: Catalogue =
            if file.ends_with(".json") { serde_json::from_str(&text).unwrap() } else { toml::from_str(&text).unwrap() };
        let by_reader = read(&file, &text, &Renderer::plain()).unwrap();
        assert_eq!(by_reader, by_serde, "{file}");
        assert_eq!(serde_json::to_string(&by_reader).unwrap(), serde_json::to_string(&by_serde).unwrap(), "{file}");
    }
}

#[test]
fn a_json_field_given_twice_is_refused_where_it_stands() {
    let problems = read_json("x.json", "{\"site\": {},\n \"site\": {}}", &Renderer::plain()).unwrap_err();
    assert!(problems.rendered.contains("error: the field `site` is given twice"), "{}", problems.rendered);
    assert!(problems.rendered.contains("--> x.json:2:"), "{}", problems.rendered);
}
