//! The texts bundle: every text a visitor could see in one language,
//! written one way only, so that its SHA-256 names exactly what the visitor
//! was told. A proof carries the hash; the consent log keeps the bundle.
//!
//! The form is JSON with no white space, every object's keys in byte order,
//! strings escaped as serde_json writes them (`"`, `\` and control
//! characters only; `\b \t \n \f \r` short, the rest `\u00xx`), the rest of
//! the text as UTF-8: the same bytes `serde_json::to_string` gives for the
//! same value, so anyone can rebuild and check it. `format` names this form.
//!
//! Native only in practice (build.rs, the CLI, the tests): the banner embeds
//! the hashes, not this code.

use super::{Words, ALL, KEYS};
use crate::catalogue::{Catalogue, Localized, Party};

/// The form's name and version, the bundle's `format`.
pub const FORMAT: &str = "kakor-texts/1";

/// The bundle of `catalogue` in `lang`: kakor's words (the owner's
/// overrides applied), the site and its controllers, and every category,
/// service and cookie text, in catalogue order.
pub fn bundle(catalogue: &Catalogue, lang: &str) -> String {
    let words = Words::new(catalogue, lang);
    let text = |localized: &Localized| Json::from(localized.pick(lang, catalogue.default_language()));
    let site = &catalogue.site;
    let mut site_fields = vec![("name", Json::from(&site.name)), ("policy_url", Json::from(&site.policy_url))];
    if let Some(controller) = &site.controller {
        let entity = |name: &str, registration: &Option<String>, contact: &str| {
            let mut fields = vec![("name", Json::from(name)), ("contact", Json::from(contact))];
            if let Some(registration) = registration {
                fields.push(("registration", Json::from(registration)));
            }
            fields
        };
        let mut fields = entity(&controller.name, &controller.registration, &controller.contact);
        let joint = controller.joint.iter().map(|j| Json::Object(entity(&j.name, &j.registration, &j.contact)));
        fields.push(("joint", Json::Array(joint.collect())));
        site_fields.push(("controller", Json::Object(fields)));
    }
    let categories = catalogue.categories.iter().map(|c| {
        Json::Object(vec![("id", Json::from(&c.id)), ("title", text(&c.title)), ("description", text(&c.description))])
    });
    let services = catalogue.services.iter().map(|s| {
        let cookies = s.cookies.iter().map(|cookie| {
            let mut fields = vec![
                ("name", Json::from(&cookie.name)),
                ("purpose", text(&cookie.purpose)),
                ("duration", Json::from(words.duration(cookie.duration))),
                ("party", Json::from(if cookie.party == Party::First { "first" } else { "third" })),
            ];
            if let Some(domain) = &cookie.domain {
                fields.push(("domain", Json::from(domain)));
            }
            Json::Object(fields)
        });
        Json::Object(vec![
            ("id", Json::from(&s.id)),
            ("name", Json::from(&s.name)),
            ("category", Json::from(&s.category)),
            ("provider", Json::from(&s.provider)),
            ("policy_url", Json::from(&s.policy_url)),
            ("description", text(&s.description)),
            ("data_location", text(&s.data_location)),
            ("safeguard", text(&s.safeguard)),
            ("cookies", Json::Array(cookies.collect())),
        ])
    });
    let all_words = ALL.iter().map(|&word| (KEYS[word as usize], Json::from(words.get(word))));
    let root = Json::Object(vec![
        ("format", Json::from(FORMAT)),
        ("language", Json::from(lang)),
        ("words", Json::Object(all_words.collect())),
        ("site", Json::Object(site_fields)),
        ("categories", Json::Array(categories.collect())),
        ("services", Json::Array(services.collect())),
    ]);
    let mut out = String::new();
    root.write(&mut out);
    out
}

/// The little JSON a bundle needs: strings, lists and objects.
enum Json<'a> {
    String(String),
    Array(Vec<Json<'a>>),
    Object(Vec<(&'a str, Json<'a>)>),
}

impl<'a, T: Into<String>> From<T> for Json<'a> {
    fn from(text: T) -> Json<'a> {
        Json::String(text.into())
    }
}

impl Json<'_> {
    fn write(self, out: &mut String) {
        match self {
            Json::String(text) => string(out, &text),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Object(mut fields) => {
                fields.sort_by(|a, b| a.0.cmp(b.0));
                out.push('{');
                for (i, (key, value)) in fields.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    string(out, key);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// A JSON string as serde_json writes it.
fn string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(crate::hash::hex_digit((c as u8) >> 4));
                out.push(crate::hash::hex_digit((c as u8) & 0xf));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;
    use serde_json::Value;

    #[test]
    fn is_what_serde_json_writes_for_the_same_value() {
        let mut catalogue = fixture();
        catalogue.site.name = "Tab\there \"quoted\" \\ \u{1} ünïcode ✓".into();
        for lang in catalogue.site.languages.clone() {
            let text = bundle(&catalogue, &lang);
            let value: Value = serde_json::from_str(&text).expect("a bundle is JSON");
            assert_eq!(serde_json::to_string(&value).unwrap(), text, "{lang}");
            assert_eq!(value["format"], FORMAT);
            assert_eq!(value["language"], lang.as_str());
            assert_eq!(value["site"]["name"], catalogue.site.name.as_str());
        }
    }

    #[test]
    fn holds_every_word_and_every_text_of_its_language() {
        let mut catalogue = fixture();
        catalogue.texts.0.push(("accept_all".into(), crate::catalogue::Table(vec![("sv".into(), "Ja tack".into())])));
        let value: Value = serde_json::from_str(&bundle(&catalogue, "sv")).unwrap();
        let words = value["words"].as_object().unwrap();
        assert_eq!(words.len(), KEYS.len());
        assert_eq!(words["accept_all"], "Ja tack");
        assert_eq!(words["reject_all"], super::super::builtin("sv")[crate::texts::Word::RejectAll as usize]);
        let category = &catalogue.categories[1];
        assert_eq!(value["categories"][1]["title"], category.title.get("sv").unwrap());
        let service = &catalogue.services[0];
        assert_eq!(value["services"][0]["description"], service.description.get("sv").unwrap());
        assert_eq!(value["services"][0]["cookies"].as_array().unwrap().len(), service.cookies.len());
    }

    #[test]
    fn changes_with_any_visible_text_and_only_in_its_language() {
        let catalogue = fixture();
        let before = (bundle(&catalogue, "en"), bundle(&catalogue, "sv"));
        let mut edited = catalogue.clone();
        edited.categories[1].description.0.retain(|(lang, _)| lang != "sv");
        edited.categories[1].description.0.push(("sv".into(), "Något annat".into()));
        assert_eq!(bundle(&edited, "en"), before.0);
        assert_ne!(bundle(&edited, "sv"), before.1);
        let mut controlled = catalogue.clone();
        controlled.site.controller = Some(crate::catalogue::Controller {
            name: "Exempel AB".into(),
            registration: Some("556000-0000".into()),
            contact: "info@example.com".into(),
            joint: Vec::new(),
        });
        let value: Value = serde_json::from_str(&bundle(&controlled, "en")).unwrap();
        assert_eq!(value["site"]["controller"]["registration"], "556000-0000");
        // The hashes it is named by are not part of it.
        let mut hashed = catalogue.clone();
        hashed.texts_sha256 = crate::catalogue::Table(vec![("en".into(), "0".repeat(64))]);
        assert_eq!(bundle(&hashed, "en"), before.0);
    }
}
