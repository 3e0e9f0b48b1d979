//! Any text as `categories.toml`: read and validated without panicking, and a
//! catalogue it accepts passes validation.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let renderer = annotate_snippets::Renderer::plain();
    if let Ok(catalogue) = kakor_core::source::read_toml("fuzz.toml", text, &renderer) {
        assert!(kakor_core::validate(&catalogue).is_empty());
        let _ = catalogue.revision();
    }
});
