//! Any text as the `kakor` cookie: decoding and the server's `read` never
//! panic, and a value either accepts is exactly what encoding its consent
//! writes.
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
    if let Some(consent) = record::read(value, 1_795_433_324_007, None) {
        assert_eq!(record::encode(&consent), value);
    }
});
