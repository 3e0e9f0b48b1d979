//! Any text as the `kakor` cookie: decoding never panics, and a value it
//! accepts is exactly what encoding the decoded consent writes.
#![no_main]

use kakor_core::{record, Catalogue};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        let text = include_str!("../../src/fixture.toml");
        kakor_core::source::read_toml("fixture.toml", text, &annotate_snippets::Renderer::plain())
            .expect("the fixture is valid")
    })
}

fuzz_target!(|value: &str| {
    let _ = record::id_of(value);
    if let Ok(consent) = record::decode(value, catalogue(), 1_795_433_324_007) {
        assert_eq!(record::encode(&consent), value);
    }
});
