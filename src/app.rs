//! `App`: the one owner of kakor's state in a page view.
//!
//! Every input (the loader's calls, banner clicks) goes through a function
//! here, which updates the state inside one short borrow and then applies the
//! effects that may run site code (activating gated scripts) *after* the borrow
//! ends, so a gated script that calls `window.kakor` cannot re-enter a borrow.

use crate::{banner::Banner, gate, page, reader, storage};
use kakor_core::{record, texts, Catalogue, Choice, Consent, Context};
use std::cell::RefCell;
use wasm_bindgen::{JsError, JsValue};

pub struct App {
    catalogue: Catalogue,
    language: String,
    /// The valid current decision; `None` until the visitor decides.
    consent: Option<Consent>,
    /// The id an earlier, no longer valid record carried, to keep on renewal.
    earlier_id: Option<String>,
    banner: Option<Banner>,
    pub gate: gate::Queue,
}

thread_local! {
    static APP: RefCell<Option<App>> = const { RefCell::new(None) };
}

/// Runs `f` on the state, or returns `None` when kakor did not start (which
/// keeps everything gated: fail closed).
pub fn with<R>(f: impl FnOnce(&mut App) -> R) -> Option<R> {
    APP.with(|cell| cell.try_borrow_mut().ok()?.as_mut().map(f))
}

pub fn boot(script: Option<&web_sys::Element>, runtime: JsValue) -> Result<Option<Consent>, JsError> {
    let catalogue = catalogue(script, runtime)?;
    let stored = storage::load();
    let now = page::now();
    let consent = stored.as_deref().and_then(|value| record::decode(value, &catalogue, now).ok());
    let earlier_id = match &consent {
        Some(_) => None,
        None => storage::earlier_id(stored.as_deref()),
    };
    let language = texts::choose_language(&catalogue, &page::wanted_languages(script)).to_string();
    let app = App { catalogue, language, consent: consent.clone(), earlier_id, banner: None, gate: gate::Queue::default() };
    APP.with(|cell| *cell.borrow_mut() = Some(app));
    page::when_parsed(on_parsed);
    Ok(consent)
}

/// The runtime catalogue (`data-catalogue`, fetched by the loader) if given,
/// else the built-in one; every problem is named with its JSON path.
fn catalogue(script: Option<&web_sys::Element>, runtime: JsValue) -> Result<Catalogue, JsError> {
    let (value, source) = if runtime.is_undefined() || runtime.is_null() {
        let builtin = js_sys::JSON::parse(crate::builtin::CATALOGUE)
            .map_err(|_| JsError::new("the built-in catalogue is not JSON"))?;
        (builtin, String::from("categories.toml (built in)"))
    } else {
        let source = script.and_then(|s| s.get_attribute("data-catalogue")).unwrap_or_default();
        (runtime, ["catalogue ", &source].concat())
    };
    let fail = |problems: &[kakor_core::Diagnostic]| {
        let lines: Vec<String> = problems.iter().map(|p| [&source, ": ", &p.render()].concat()).collect();
        JsError::new(&lines.join("\n"))
    };
    let catalogue = reader::catalogue(&value).map_err(|problem| fail(&[problem]))?;
    let problems = kakor_core::validate(&catalogue);
    if !problems.is_empty() {
        return Err(fail(&problems));
    }
    Ok(catalogue)
}

/// Once the document is parsed: gate for a returning visitor, else ask.
fn on_parsed() {
    let granted = with(|app| {
        if app.banner.is_none() {
            app.banner = Banner::mount(&app.catalogue, &app.language);
        }
        let decided = app.consent.is_some();
        if let Some(banner) = app.banner.as_mut() {
            if decided {
                banner.hide(&app.catalogue, &app.language, true);
            } else {
                banner.show(&app.catalogue, &app.language);
            }
        }
        app.consent.clone()
    });
    if let Some(consent) = granted.flatten() {
        gate::unlock(&consent);
    }
}

/// `kakor.show()`: the first layer.
pub fn show() {
    with(|app| {
        if let Some(banner) = app.banner.as_mut() {
            banner.show(&app.catalogue, &app.language);
        }
    });
}

/// `kakor.showPreferences()`, the Preferences button and the reopen control.
pub fn show_preferences() {
    with(|app| {
        if let Some(banner) = app.banner.as_mut() {
            banner.show_preferences(&app.catalogue, &app.language, app.consent.as_ref());
        }
    });
}

/// The preferences layer's close button and Escape.
pub fn close_preferences() {
    with(|app| {
        if let Some(banner) = app.banner.as_mut() {
            banner.close_preferences();
        }
    });
}

/// `kakor.hide()`: closes every layer.
pub fn hide() {
    with(|app| {
        let decided = app.consent.is_some();
        if let Some(banner) = app.banner.as_mut() {
            banner.hide(&app.catalogue, &app.language, decided);
        }
    });
}

/// The preferences layer's Save: records the switches as set.
pub fn save() -> Result<(), JsError> {
    let choice = with(|app| app.banner.as_ref().map(Banner::choice)).flatten();
    match choice {
        Some(choice) => decide(choice).map(drop),
        None => Ok(()),
    }
}

pub fn consent() -> Option<Consent> {
    with(|app| app.consent.clone()).flatten()
}

pub fn allows(name: &str) -> bool {
    with(|app| app.consent.as_ref().is_some_and(|c| c.allows(name))).unwrap_or(false)
}

/// Records a new decision: stores it, closes the banner, runs what it unlocks.
pub fn decide(choice: Choice) -> Result<Consent, JsError> {
    let consent = with(|app| {
        let id = app
            .consent
            .as_ref()
            .map(|c| c.id.clone())
            .or_else(|| app.earlier_id.clone())
            .unwrap_or_else(page::new_id);
        let context = Context { id, now: page::now(), language: &app.language, gpc: page::gpc() };
        let consent = Consent::decide(&app.catalogue, &choice, app.consent.as_ref(), context);
        storage::save(&consent, page::now());
        app.consent = Some(consent.clone());
        if let Some(banner) = app.banner.as_mut() {
            banner.hide(&app.catalogue, &app.language, true);
            banner.announce(&app.catalogue, &app.language);
        }
        consent
    })
    .ok_or_else(|| JsError::new("kakor is not running"))?;
    gate::unlock(&consent);
    Ok(consent)
}
