//! Any text as a runtime catalogue: read and validated without panicking, by
//! kakor-core's reader, the one the banner runs over a browser's value; one
//! it accepts reads back the same from its own TOML.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let renderer = annotate_snippets::Renderer::plain();
    if let Ok(catalogue) = kakor_core::source::read_json("fuzz.json", text, &renderer) {
        assert!(kakor_core::validate(&catalogue).is_empty());
        for lang in &catalogue.site.languages {
            let _ = kakor_core::texts::bundle(&catalogue, lang);
        }
    }
});
