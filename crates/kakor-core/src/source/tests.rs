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
    assert!(problems.rendered.contains("services[1].cookies[0].duration: expected `session`"), "{}", problems.rendered);
    assert!(problems.rendered.contains("--> site.json:"), "{}", problems.rendered);
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
