//! Any text as a runtime catalogue: read and validated without panicking, by
//! kakor-core's reader, the one the banner runs over a browser's value; one
//! it accepts has a texts bundle, and its cookie declaration, in each of its
//! languages, is markup in which no text of the catalogue opened an element
//! or a character reference.
#![no_main]

use kakor_core::declaration::{self, html};
use libfuzzer_sys::fuzz_target;

/// Every element the declaration and its state write.
const TAGS: [&str; 19] = [
    "section", "h2", "h3", "h4", "p", "dl", "dt", "dd", "a", "table", "caption", "thead", "tbody", "tr", "th", "td",
    "code", "div", "button",
];
const REFERENCES: [&str; 5] = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"];

fn assert_only_markup(markup: &str) {
    for (i, _) in markup.match_indices('<') {
        let rest = markup[i + 1..].trim_start_matches('/');
        let name: String = rest.chars().take_while(char::is_ascii_alphanumeric).collect();
        assert!(TAGS.contains(&name.as_str()) || name == "time", "a text opened <{name}: {markup}");
    }
    for (i, _) in markup.match_indices('&') {
        assert!(REFERENCES.iter().any(|r| markup[i..].starts_with(r)), "a bare & at {i}: {markup}");
    }
}

fuzz_target!(|text: &str| {
    let renderer = annotate_snippets::Renderer::plain();
    if let Ok(catalogue) = kakor_core::source::read_json("fuzz.json", text, &renderer) {
        assert!(kakor_core::validate(&catalogue).is_empty());
        for lang in &catalogue.site.languages {
            let _ = kakor_core::texts::bundle(&catalogue, lang);
        }
        if declaration::own_outside_necessary(&catalogue).is_none() {
            for lang in &catalogue.site.languages {
                assert_only_markup(&html::render(&declaration::build(&catalogue, lang)));
                assert_only_markup(&html::state(&catalogue, lang, None));
            }
        }
    }
});
