//! `App`: the one owner of kakor's state in a page view.
//!
//! Every input (the loader's calls, banner clicks) goes through a function
//! here, which updates the state inside one short borrow and then applies the
//! effects that may run site code (activating gated scripts) *after* the borrow
//! ends, so a gated script that calls `window.kakor` cannot re-enter a borrow.

use crate::storage::{DECISION, HISTORY, HISTORY_LENGTH};
use crate::{banner::Banner, deliver, events, gate, page, reader, storage};
use js_sys::Array;
use kakor_core::consent_mode::ConsentMode;
use kakor_core::proof::Proof;
use kakor_core::texts::{choose_language, Words};
use kakor_core::{cookies, record, Catalogue, Choice, Consent, Context};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsError, JsValue};

pub struct App {
    catalogue: Catalogue,
    language: String,
    /// The valid current decision; `None` until the visitor decides.
    consent: Option<Consent>,
    /// The id an earlier, no longer valid record carried, to keep on renewal.
    earlier_id: Option<String>,
    /// This browser's proofs, oldest first: read at start, kept in memory
    /// too, so `proofs()` answers where storage is unavailable.
    history: Array,
    /// Where proofs are POSTed: the tag's `data-endpoint`, else the catalogue's.
    endpoint: Option<String>,
    banner: Option<Banner>,
    pub gate: gate::Queue,
    listeners: events::Listeners,
    /// Google Consent Mode, when on: the loader's `gtag` and the settings.
    consent_mode: Option<(js_sys::Function, ConsentMode)>,
}

thread_local! {
    static APP: RefCell<Option<App>> = const { RefCell::new(None) };
}

/// Runs `f` on the state, or returns `None` when kakor did not start (which
/// keeps everything gated: fail closed).
pub fn with<R>(f: impl FnOnce(&mut App) -> R) -> Option<R> {
    APP.with(|cell| cell.try_borrow_mut().ok()?.as_mut().map(f))
}

fn running<R>(f: impl FnOnce(&mut App) -> R) -> Result<R, JsError> {
    with(f).ok_or_else(|| JsError::new("kakor is not running"))
}

/// Tells the page's listeners about `name`, with the current consent.
fn emit(name: &str) {
    let (listeners, consent) = with(|app| (app.listeners.of(name), app.consent.clone())).unwrap_or_default();
    events::emit(name, listeners, &crate::to_js(&consent));
}

/// `kakor.on(name, fn)`; the loader has checked the name.
pub fn on(name: &str, listener: js_sys::Function) -> Result<(), JsError> {
    running(|app| app.listeners.add(name.to_string(), listener))
}

/// `kakor.off(name, fn)`.
pub fn off(name: &str, listener: &js_sys::Function) -> Result<(), JsError> {
    running(|app| app.listeners.remove(name, listener))
}

/// Sends `consent update` for the current consent, when Consent Mode is on.
/// Outside the borrow: Google Tag Manager replaces `dataLayer.push` and runs
/// tags inside it, and those may call kakor.
fn signal() {
    let pending =
        with(|app| app.consent_mode.as_ref().map(|(gtag, mode)| (gtag.clone(), mode.update(app.consent.as_ref()))));
    if let Some((gtag, signals)) = pending.flatten() {
        crate::consent_mode::update(&gtag, &signals);
    }
}

/// Starts kakor. `early` holds the `[name, listener]` pairs registered with
/// `kakor.on` before the module was ready, so they hear `ready` too; `gtag`
/// is the loader's Consent Mode command function.
pub fn boot(
    script: Option<&web_sys::Element>,
    runtime: JsValue,
    early: &Array,
    gtag: js_sys::Function,
) -> Result<Option<Consent>, JsError> {
    let runtime_given = !(runtime.is_undefined() || runtime.is_null());
    let mut catalogue = catalogue(script, runtime)?;
    // The loader sent `consent default` when it knew: from the tag's
    // attribute, or for the built-in catalogue. A runtime catalogue that
    // turns Consent Mode on is only known now: before any gated script runs.
    let attribute = script.is_some_and(|s| s.has_attribute("data-consent-mode"));
    // Moved, not cloned, out of the validated catalogue: `App` keeps it.
    let consent_mode = catalogue.consent_mode.take().or_else(|| attribute.then(ConsentMode::default));
    if let Some(mode) = consent_mode.as_ref().filter(|_| runtime_given && !attribute) {
        // Scripts that ran since the page started (gtag's `js` and `config`)
        // have already met a dataLayer without the default.
        web_sys::console::warn_1(
            &"kakor: the runtime catalogue turns on Consent Mode, but kakor's tag has no data-consent-mode: \
              add it, so the default goes out before any other script"
                .into(),
        );
        crate::consent_mode::default(&gtag, mode);
    }
    let stored = storage::load();
    let now = page::now();
    let consent = stored.as_deref().and_then(|value| record::decode(value, &catalogue, now).ok());
    // Read once: parsing the history is part of the first, longest task.
    let history = storage::proofs(HISTORY);
    let earlier_id = match &consent {
        Some(_) => None,
        None => storage::earlier_id(stored.as_deref(), &history),
    };
    let language = choose_language(&catalogue, &page::wanted_languages(script)).to_string();
    let endpoint = script.and_then(|s| s.get_attribute("data-endpoint")).or_else(|| catalogue.site.endpoint.clone());
    if let Some(endpoint) = &endpoint {
        deliver::retry(endpoint, consent.as_ref());
    }
    let mut listeners = events::Listeners::default();
    for pair in early.iter() {
        let pair: Array = pair.into();
        let (Some(name), Ok(listener)) = (pair.get(0).as_string(), pair.get(1).dyn_into::<js_sys::Function>()) else {
            continue;
        };
        listeners.add(name, listener);
    }
    let app = App {
        catalogue,
        language,
        consent: consent.clone(),
        earlier_id,
        history,
        endpoint,
        banner: None,
        gate: gate::Queue::new(script.and_then(gate::nonce_of)),
        listeners,
        consent_mode: consent_mode.map(|mode| (gtag, mode)),
    };
    let decided = app.consent.is_some();
    APP.with(|cell| *cell.borrow_mut() = Some(app));
    if decided {
        signal();
    }
    emit("ready");
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
    let catalogue = reader::catalogue(&value).map_err(|problems| fail(&problems))?;
    // Only the page knows its host: a cookie domain that does not cover it
    // could never hold a decision here, so the catalogue is refused.
    if let Some(domain) = &catalogue.site.cookie_domain {
        let host = page::location().and_then(|l| l.hostname().ok()).unwrap_or_default();
        if !kakor_core::cookies::covers(domain, &host) {
            let message = ["`", domain, "` is not this page's host `", &host, "` or a parent of it"].concat();
            return Err(fail(&[kakor_core::Diagnostic::new("site.cookie_domain", message)]));
        }
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
    let Some(granted) = granted else { return };
    page::watch_additions(refresh);
    if let Some(window) = web_sys::window() {
        crate::dom::listen(&window, "storage", on_storage);
    }
    // A gated iframe that the page moved got a fresh empty document: draw its
    // placeholder again (`load` does not bubble, so listen as it goes down).
    if let Some(document) = page::document() {
        crate::dom::listen_capture(&document, "load", |event| {
            if event.target().and_then(|t| t.dyn_into::<web_sys::HtmlIFrameElement>().ok()).is_some() {
                refresh();
            }
        });
    }
    refresh();
    if granted.is_none() {
        emit("show");
    }
}

/// Placeholders for the gated iframes still held back, and everything the
/// current consent unlocks run: at start, after a decision, and whenever the
/// page adds gated elements.
fn refresh() {
    let consent = with(|app| {
        if let Some(banner) = app.banner.as_ref() {
            banner.reattach();
        }
        crate::placeholder::show_all(&app.catalogue, &app.language, app.consent.as_ref());
        app.consent.clone()
    });
    if let Some(consent) = consent.flatten() {
        gate::unlock(&consent);
    }
}

/// A decision made in another tab of the site (`storage::announce`).
fn on_storage(event: web_sys::Event) {
    let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() else { return };
    // The removal that follows each announcement carries no value.
    if let (Some(DECISION), Some(record)) = (event.key().as_deref(), event.new_value()) {
        follow_other_tab(&record);
    }
}

/// Takes over the decision another tab stored (its `record`, empty when it
/// withdrew), gating included.
fn follow_other_tab(record: &str) {
    let changed = with(|app| {
        let stored = record::decode(record, &app.catalogue, page::now()).ok();
        if stored == app.consent {
            return None;
        }
        let reload = app.catalogue.site.reload
            && match &stored {
                Some(consent) => app.gate.ran_beyond(consent),
                None => app.gate.withdraw(),
            };
        app.history = storage::proofs(HISTORY);
        app.consent = stored;
        let decided = app.consent.is_some();
        if let Some(banner) = app.banner.as_mut() {
            banner.hide(&app.catalogue, &app.language, decided);
            if !decided {
                banner.show(&app.catalogue, &app.language);
            }
        }
        Some((reload, decided))
    });
    let Some((reload, decided)) = changed.flatten() else { return };
    signal();
    if reload {
        page::reload();
    } else {
        refresh();
        emit("change");
        if !decided {
            emit("show");
        }
    }
}

pub fn consent() -> Option<Consent> {
    with(|app| app.consent.clone()).flatten()
}

/// `kakor.has(name)`: `necessary` always, anything else only with consent.
pub fn allows(name: &str) -> bool {
    name == kakor_core::catalogue::NECESSARY
        || with(|app| app.consent.as_ref().is_some_and(|c| c.allows(name))).unwrap_or(false)
}

/// `kakor.proofs()`: a copy of the history, oldest first.
pub fn proofs() -> Array {
    with(|app| app.history.slice(0, app.history.length())).unwrap_or_default()
}

/// `kakor.show()`: the first layer.
pub fn show() {
    let shown = with(|app| {
        let banner = app.banner.as_mut()?;
        banner.show(&app.catalogue, &app.language);
        Some(())
    });
    if shown.flatten().is_some() {
        emit("show");
    }
}

/// `kakor.showPreferences()`, the Preferences button and the reopen control.
pub fn show_preferences() {
    let heading = with(|app| {
        let banner = app.banner.as_mut()?;
        banner.show_preferences(&app.catalogue, &app.language, app.consent.as_ref())
    });
    if let Some(heading) = heading.flatten() {
        crate::banner::focus(&heading);
        emit("show");
    }
}

/// A category's section in the preferences opened.
pub fn expand(category: &str) {
    with(|app| {
        if let Some(banner) = app.banner.as_ref() {
            banner.expand(&app.catalogue, &app.language, category);
        }
    });
}

/// The preferences layer's close button and Escape.
pub fn close_preferences() {
    let closed = with(|app| {
        let banner = app.banner.as_mut()?;
        let back = banner.close_preferences();
        Some((back, banner.shows_first_layer()))
    });
    let Some((back, first_layer_left)) = closed.flatten() else { return };
    if let Some(back) = back {
        crate::banner::focus(&back);
    }
    if !first_layer_left {
        emit("hide");
    }
}

/// `kakor.hide()`: closes every layer.
pub fn hide() {
    let closed = with(|app| {
        let decided = app.consent.is_some();
        app.banner.as_mut().is_some_and(|banner| banner.hide(&app.catalogue, &app.language, decided))
    });
    if closed == Some(true) {
        emit("hide");
    }
}

/// The preferences layer's Save: records the switches as set.
pub fn save() -> Result<(), JsError> {
    let choice = with(|app| app.banner.as_ref().map(Banner::choice)).flatten();
    match choice {
        Some(choice) => decide(choice).map(drop),
        None => Ok(()),
    }
}

/// `kakor.set({categories, services})`: every id must be the catalogue's.
pub fn set(value: &JsValue) -> Result<Consent, JsError> {
    let choice = reader::choice(value).map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(|p| ["set(): ", &p.render()].concat()).collect();
        JsError::new(&lines.join("\n"))
    })?;
    let Choice::Custom { categories, .. } = &choice else { return decide(choice) };
    if categories.iter().any(|(id, on)| id == kakor_core::catalogue::NECESSARY && !on) {
        return Err(JsError::new("set(): `necessary` cannot be refused; it is always on"));
    }
    let unknown = running(|app| {
        let Choice::Custom { categories, services } = &choice else { return None };
        let category = categories.iter().find(|(id, _)| app.catalogue.category(id).is_none());
        let service = services.iter().find(|(id, _)| app.catalogue.service(id).is_none());
        category.or(service).map(|(id, _)| id.clone())
    })?;
    if let Some(id) = unknown {
        return Err(JsError::new(&["set(): unknown category or service `", &id, "`"].concat()));
    }
    decide(choice)
}

/// The visitor's download of their own proof history (right of access).
pub fn download() {
    let history = proofs();
    if let Ok(text) = js_sys::JSON::stringify_with_replacer_and_space(&history, &JsValue::NULL, &JsValue::from(2)) {
        page::download("kakor-consent-history.json", &text.as_string().unwrap_or_default());
    }
}

/// Records a new decision: stores it, deletes the cookies of what it
/// withdraws, closes the banner, delivers the proof and runs what it unlocks
/// (or reloads, when it withdraws from scripts that already ran).
pub fn decide(choice: Choice) -> Result<Consent, JsError> {
    let consent = running(|app| {
        let now = page::now();
        let id =
            app.consent.as_ref().map(|c| c.id.clone()).or_else(|| app.earlier_id.clone()).unwrap_or_else(page::new_id);
        let context = Context { id, now, language: &app.language, gpc: page::gpc() };
        let consent = Consent::decide(&app.catalogue, &choice, app.consent.as_ref(), context);
        let stored = storage::save(&consent, now, app.catalogue.site.cookie_domain.as_deref());
        if let Some(before) = &app.consent {
            storage::delete_cookies(&cookies::revoked(&app.catalogue, before, Some(&consent)));
        }
        let proof = record_proof(app, &consent);
        // After the proof: the other tabs then find it in their history.
        storage::announce(&stored);
        let reload = app.catalogue.site.reload && app.gate.ran_beyond(&consent);
        app.consent = Some(consent.clone());
        let mut closed = false;
        if let Some(banner) = app.banner.as_mut() {
            closed = banner.hide(&app.catalogue, &app.language, true);
            banner.announce(&app.catalogue, &app.language);
        }
        (consent, reload, closed, proof.zip(app.endpoint.clone()))
    })?;
    let (consent, reload, closed, delivery) = consent;
    // Outside the borrow: a page's `fetch` wrapper is site code, and may call kakor.
    if let Some((proof, endpoint)) = delivery {
        deliver::deliver(&endpoint, &proof);
    }
    signal();
    if reload {
        page::reload();
    } else {
        refresh();
    }
    emit("change");
    if closed {
        emit("hide");
    }
    Ok(consent)
}

/// Adds the proof of `consent` to the history; returns it for delivery when
/// there is an endpoint to send it to.
fn record_proof(app: &mut App, consent: &Consent) -> Option<JsValue> {
    let page = page::address();
    let texts = Words::new(&app.catalogue, &app.language).digest();
    let proof = crate::to_js(&Proof { consent, page: &page, texts: &texts });
    app.history.push(&proof);
    let length = app.history.length();
    app.history = app.history.slice(length.saturating_sub(HISTORY_LENGTH), length);
    storage::keep(HISTORY, &app.history, HISTORY_LENGTH);
    app.endpoint.is_some().then_some(proof)
}

/// `kakor.withdraw()`: deletes the decision and the cookies of every
/// non-necessary category, then asks again (docs/contract.md, "Lifetime and asking again").
pub fn withdraw() -> Result<(), JsError> {
    let (reload, notice) = running(|app| {
        storage::forget(app.catalogue.site.cookie_domain.as_deref());
        let (reload, notice) = match app.consent.take() {
            Some(before) => {
                storage::delete_cookies(&cookies::revoked(&app.catalogue, &before, None));
                let notice = app.endpoint.clone().map(|endpoint| (endpoint, before.id.clone()));
                app.earlier_id = Some(before.id);
                (app.catalogue.site.reload && app.gate.withdraw(), notice)
            }
            None => (false, None),
        };
        if let Some(banner) = app.banner.as_mut() {
            banner.hide(&app.catalogue, &app.language, false);
            banner.show(&app.catalogue, &app.language);
        }
        (reload, notice)
    })?;
    // Outside the borrow, as in `decide`; before a reload, which `keepalive` survives.
    if let Some((endpoint, id)) = notice {
        deliver::withdrawn(&endpoint, &id, page::now());
    }
    signal();
    if reload {
        page::reload();
    }
    emit("change");
    emit("show");
    Ok(())
}
