//! `App`: the one owner of kakor's state in a page view, fed by events.
//!
//! Everything that can happen (the loader's calls, the visitor's input in the
//! banner or a placeholder, a decision in another tab, the page adding gated
//! elements, a script finishing loading) is an [`Event`]. [`dispatch`]
//! borrows the state, lets [`step`] change it and return the [`Effect`]s,
//! drops the borrow, and only then applies them. Effects are where site code
//! may run (a gated script, a `fetch` wrapper, a focus or `change` listener,
//! Google Tag Manager inside `dataLayer.push`), and site code may call kakor
//! back: it then finds the state settled and free, never a borrow held.
//!
//! The modules below (`banner`, `placeholder`, `gate`, `events`) never call
//! back into this one: they translate DOM events into [`Event`]s that this
//! module dispatches, or do what an effect says.

use crate::banner::{Banner, Input};
use crate::storage::{DECISION, HISTORY, HISTORY_LENGTH};
use crate::{deliver, dom, events, gate, page, placeholder, reader, storage};
use js_sys::Array;
use kakor_core::consent_mode::ConsentMode;
use kakor_core::flow::{self, Follow};
use kakor_core::proof::Proof;
use kakor_core::texts::choose_language;
use kakor_core::{cookies, record, Catalogue, Choice, Consent, Context, Source};
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
    /// `show`, `showPreferences` and `hide` called before the document was
    /// parsed (say, from a `ready` listener): the banner is mounted only
    /// then, and they are replayed in order once it is.
    early: Vec<Event>,
    gate: gate::Queue,
    listeners: events::Listeners,
    /// Google Consent Mode, when on: the loader's `gtag` and the settings.
    consent_mode: Option<(js_sys::Function, ConsentMode)>,
    #[cfg(feature = "declaration")]
    declaration: crate::declaration::Declaration,
}

thread_local! {
    static APP: RefCell<Option<App>> = const { RefCell::new(None) };
}

/// Everything that can happen to kakor once it runs.
pub enum Event {
    /// The document is parsed: gate for a returning visitor, else ask.
    Parsed,
    /// The page added gated elements, moved a gated iframe, or a re-render
    /// took kakor's host away.
    PageChanged,
    /// An external gated script loaded or failed: the next may run.
    ScriptSettled,
    /// Another tab of the site stored this record (empty: it withdrew).
    OtherTab(String),
    /// A decision: a click in the banner, a placeholder's button, or the API.
    Decide(Choice, Source),
    /// The preferences layer's Save: the switches as set.
    Save,
    ShowBanner,
    ShowPreferences,
    ClosePreferences,
    Hide,
    /// A category's section in the preferences opened.
    Expand(String),
    Withdraw,
    Download,
}

/// What a step asks of the page, applied once the state is free again.
enum Effect {
    /// POST this proof to the endpoint.
    Deliver(String, JsValue),
    /// Tell the endpoint that consent `id` was withdrawn.
    Withdrawn(String, String),
    /// Consent Mode's `consent update`, with the signals as they now stand.
    Signal(js_sys::Function, Vec<(&'static str, bool)>),
    /// Placeholders drawn and what the consent unlocks queued, then run.
    Refresh,
    /// Run the gated elements queued, until one must be waited for.
    RunGate,
    Focus(web_sys::Element),
    /// The first layer takes focus in the next frame (see `banner`).
    FocusFirstLayer,
    Reload,
    Emit(&'static str),
    /// Offer the visitor this text as their proof history file.
    Download(String),
    /// The page's `<div data-kakor-declaration>` filled,
    /// or its status brought up to date (src/declaration.rs).
    #[cfg(feature = "declaration")]
    Declare,
}

fn with<R>(f: impl FnOnce(&mut App) -> R) -> Option<R> {
    APP.with(|cell| cell.try_borrow_mut().ok()?.as_mut().map(f))
}

/// Steps the state with `event`, then applies the effects outside the borrow.
/// An error leaves the state as it was and applies nothing: fail closed.
pub fn dispatch(event: Event) -> Result<(), JsError> {
    let effects = with(|app| step(app, event)).ok_or_else(|| JsError::new("kakor is not running"))??;
    for effect in effects {
        apply(effect);
    }
    Ok(())
}

/// Input from kakor's own interface: nothing to report to a caller.
fn input(event: Event) {
    let _ = dispatch(event);
}

fn step(app: &mut App, event: Event) -> Result<Vec<Effect>, JsError> {
    let mut effects = Vec::new();
    match event {
        Event::Parsed => parsed(app, &mut effects),
        Event::PageChanged => effects.push(Effect::Refresh),
        Event::ScriptSettled => {
            app.gate.settled();
            effects.push(Effect::RunGate);
        }
        Event::OtherTab(record) => other_tab(app, &record, &mut effects),
        Event::Decide(choice, source) => decide(app, choice, source, &mut effects)?,
        Event::Save => {
            if let Some(choice) = app.banner.as_ref().map(Banner::choice) {
                decide(app, choice, Source::Preferences, &mut effects)?;
            }
        }
        Event::ShowBanner | Event::ShowPreferences | Event::Hide if app.banner.is_none() => app.early.push(event),
        Event::ShowBanner => {
            if let Some(banner) = app.banner.as_mut() {
                banner.show(&app.catalogue, &app.language);
                effects.extend([Effect::FocusFirstLayer, Effect::Emit("show")]);
            }
        }
        Event::ShowPreferences => {
            let heading = app
                .banner
                .as_mut()
                .and_then(|banner| banner.show_preferences(&app.catalogue, &app.language, app.consent.as_ref()));
            if let Some(heading) = heading {
                effects.extend([Effect::Focus(heading), Effect::Emit("show")]);
            }
        }
        Event::ClosePreferences => {
            if let Some(banner) = app.banner.as_mut() {
                effects.extend(banner.close_preferences().map(Effect::Focus));
                if !banner.shows_first_layer() {
                    effects.push(Effect::Emit("hide"));
                }
            }
        }
        Event::Hide => {
            let decided = app.consent.is_some();
            if app.banner.as_mut().is_some_and(|banner| banner.hide(&app.catalogue, &app.language, decided)) {
                effects.push(Effect::Emit("hide"));
            }
        }
        Event::Expand(category) => {
            if let Some(banner) = app.banner.as_ref() {
                banner.expand(&app.catalogue, &app.language, &category);
            }
        }
        Event::Withdraw => withdraw(app, &mut effects),
        Event::Download => {
            let text = js_sys::JSON::stringify_with_replacer_and_space(&app.history, &JsValue::NULL, &2.into());
            effects.extend(text.ok().and_then(|t| t.as_string()).map(Effect::Download));
        }
    }
    Ok(effects)
}

fn apply(effect: Effect) {
    match effect {
        Effect::Deliver(endpoint, proof) => deliver::deliver(&endpoint, &proof),
        Effect::Withdrawn(endpoint, id) => deliver::withdrawn(&endpoint, &id, page::now()),
        Effect::Signal(gtag, signals) => crate::consent_mode::update(&gtag, &signals),
        Effect::Refresh => {
            let running = with(|app| {
                if let Some(banner) = app.banner.as_ref() {
                    banner.reattach();
                }
                placeholder::show_all(&app.catalogue, &app.language, app.consent.as_ref(), on_placeholder);
                app.gate.queue(app.consent.as_ref().map(gate::unlocked).unwrap_or_default());
            });
            if running.is_some() {
                run_gate();
            }
        }
        Effect::RunGate => run_gate(),
        Effect::Focus(element) => crate::banner::focus(&element),
        Effect::FocusFirstLayer => {
            if let Some(root) = with(|app| app.banner.as_ref().map(|b| b.root().clone())).flatten() {
                crate::banner::focus_next_frame(root);
            }
        }
        Effect::Reload => page::reload(),
        Effect::Emit(name) => {
            let (listeners, consent) = with(|app| (app.listeners.of(name), app.consent.clone())).unwrap_or_default();
            events::emit(name, listeners, &crate::to_js(&consent));
        }
        Effect::Download(text) => page::download("kakor-consent-history.json", &text),
        #[cfg(feature = "declaration")]
        Effect::Declare => declare(),
    }
}

/// The declaration element's markup is worked out on the state, and written
/// after the borrow (it replaces page content); the element's button opens
/// the preferences as the banner's does.
#[cfg(feature = "declaration")]
fn declare() {
    let pending = with(|app| {
        crate::declaration::prepare(&mut app.declaration, &app.catalogue, &app.language, app.consent.as_ref())
    });
    if let Some(pending) = pending.flatten() {
        pending.apply();
    }
}

/// Runs the queued gated elements one by one, each outside the borrow (a
/// script is site code), until one must load before the next may run.
fn run_gate() {
    while let Some(next) = with(|app| app.gate.take_next()).flatten() {
        if gate::run(next, || input(Event::ScriptSettled)) {
            with(|app| app.gate.wait());
            return;
        }
    }
}

/// Starts kakor. `early` holds the `[name, listener]` pairs registered with
/// `kakor.on` before the module was ready, so they hear `ready` too; `gtag`
/// is the loader's Consent Mode command function, `consent_default` its
/// `consent default` (written once, in the loader, which sends it first).
pub fn boot(
    script: Option<&web_sys::Element>,
    runtime: JsValue,
    early: &Array,
    gtag: js_sys::Function,
    consent_default: &js_sys::Function,
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
        let regions: Array = mode.regions.iter().map(|r| JsValue::from_str(r)).collect();
        let _ = consent_default.call2(&JsValue::NULL, &regions, &mode.url_passthrough.into());
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
    if catalogue.texts_sha256.get(&language).is_none() {
        web_sys::console::warn_1(
            &[
                "kakor: the catalogue has no texts_sha256.",
                &language,
                ": proofs cannot name the texts the visitor saw, \
               and a consent log refuses them; write the catalogue with `kakor json`",
            ]
            .concat()
            .into(),
        );
    }
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
        early: Vec::new(),
        gate: gate::Queue::new(script.and_then(gate::nonce_of)),
        listeners,
        consent_mode: consent_mode.map(|mode| (gtag, mode)),
        #[cfg(feature = "declaration")]
        declaration: Default::default(),
    };
    let signal = app.consent.as_ref().and(signal(&app));
    APP.with(|cell| *cell.borrow_mut() = Some(app));
    for effect in signal.into_iter().chain([Effect::Emit("ready")]) {
        apply(effect);
    }
    page::when_parsed(|| input(Event::Parsed));
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

/// Consent Mode's update for the current consent, when Consent Mode is on.
fn signal(app: &App) -> Option<Effect> {
    let (gtag, mode) = app.consent_mode.as_ref()?;
    Some(Effect::Signal(gtag.clone(), mode.update(app.consent.as_ref())))
}

/// Mounts the banner and listens to the page; a returning visitor gets the
/// reopen control, a new one the first layer.
fn parsed(app: &mut App, effects: &mut Vec<Effect>) {
    if app.banner.is_none() {
        app.banner = Banner::mount(&app.catalogue, &app.language);
        if let Some(banner) = app.banner.as_ref() {
            let root = banner.root();
            dom::listen(root, "click", |event| input_of(crate::banner::clicked(&event)));
            dom::listen(root, "keydown", |event| input_of(crate::banner::key(&event)));
            dom::listen_capture(root, "toggle", |event| input_of(crate::banner::toggled(&event)));
        }
        page::watch_additions(gate::INERT, || input(Event::PageChanged));
        #[cfg(feature = "declaration")]
        crate::declaration::listen(|| input(Event::ShowPreferences));
        if let Some(window) = web_sys::window() {
            dom::listen(&window, "storage", on_storage);
        }
        // A gated iframe that the page moved got a fresh empty document: draw
        // its placeholder again (`load` does not bubble, so listen as it goes down).
        if let Some(document) = page::document() {
            dom::listen_capture(&document, "load", |event| {
                if event.target().and_then(|t| t.dyn_into::<web_sys::HtmlIFrameElement>().ok()).is_some() {
                    input(Event::PageChanged);
                }
            });
        }
    }
    let decided = app.consent.is_some();
    if let Some(banner) = app.banner.as_mut() {
        if decided {
            banner.hide(&app.catalogue, &app.language, true);
        } else {
            banner.show(&app.catalogue, &app.language);
            effects.push(Effect::FocusFirstLayer);
        }
    }
    effects.push(Effect::Refresh);
    #[cfg(feature = "declaration")]
    effects.push(Effect::Declare);
    if !decided {
        effects.push(Effect::Emit("show"));
    }
    for event in std::mem::take(&mut app.early) {
        // Layer events only: they cannot fail.
        let _ = step(app, event).map(|more| effects.extend(more));
    }
}

fn input_of(found: Option<Input>) {
    let event = match found {
        Some(Input::Decide(choice, source)) => Event::Decide(choice, source),
        Some(Input::Save) => Event::Save,
        Some(Input::Preferences) => Event::ShowPreferences,
        Some(Input::Close) => Event::ClosePreferences,
        Some(Input::Download) => Event::Download,
        Some(Input::Expand(category)) => Event::Expand(category),
        None => return,
    };
    input(event);
}

/// A placeholder's button: allows its service, or its category.
fn on_placeholder(event: web_sys::Event) {
    if let Some(choice) = placeholder::clicked(&event) {
        input(Event::Decide(choice, Source::Placeholder));
    }
}

/// A decision made in another tab of the site (`storage::announce`).
fn on_storage(event: web_sys::Event) {
    let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() else { return };
    // The removal that follows each announcement carries no value.
    if let (Some(DECISION), Some(record)) = (event.key().as_deref(), event.new_value()) {
        input(Event::OtherTab(record));
    }
}

/// Takes over the decision another tab stored (its `record`, empty when it
/// withdrew), gating included.
fn other_tab(app: &mut App, record: &str, effects: &mut Vec<Effect>) {
    let stored = record::decode(record, &app.catalogue, page::now()).ok();
    let follow = flow::follow(app.consent.as_ref(), stored.as_ref(), app.catalogue.site.reload, app.gate.ran());
    if follow == Follow::Nothing {
        return;
    }
    app.gate.narrow(stored.as_ref());
    app.history = storage::proofs(HISTORY);
    // This tab reports where its decision came from: another tab. The cookie
    // and the proof keep the source of the click there.
    app.consent = stored.map(|consent| Consent { source: Some(Source::OtherTab), ..consent });
    let decided = app.consent.is_some();
    if let Some(banner) = app.banner.as_mut() {
        banner.hide(&app.catalogue, &app.language, decided);
        if !decided {
            banner.show(&app.catalogue, &app.language);
            effects.push(Effect::FocusFirstLayer);
        }
    }
    effects.extend(signal(app));
    if follow == Follow::Reload {
        effects.push(Effect::Reload);
        return;
    }
    #[cfg(feature = "declaration")]
    effects.push(Effect::Declare);
    effects.extend([Effect::Refresh, Effect::Emit("change")]);
    if !decided {
        effects.push(Effect::Emit("show"));
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

/// `kakor.on(name, fn)`; the loader has checked the name.
pub fn on(name: &str, listener: js_sys::Function) -> Result<(), JsError> {
    with(|app| app.listeners.add(name.to_string(), listener)).ok_or_else(|| JsError::new("kakor is not running"))
}

/// `kakor.off(name, fn)`.
pub fn off(name: &str, listener: &js_sys::Function) -> Result<(), JsError> {
    with(|app| app.listeners.remove(name, listener)).ok_or_else(|| JsError::new("kakor is not running"))
}

/// `kakor.set({categories, services})`: every id must be the catalogue's.
pub fn set(value: &JsValue) -> Result<(), JsError> {
    let choice = reader::choice(value).map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(|p| ["set(): ", &p.render()].concat()).collect();
        JsError::new(&lines.join("\n"))
    })?;
    if let Choice::Custom { categories, .. } = &choice {
        if categories.iter().any(|(id, on)| id == kakor_core::catalogue::NECESSARY && !on) {
            return Err(JsError::new("set(): `necessary` cannot be refused; it is always on"));
        }
    }
    dispatch(Event::Decide(choice, Source::Api))
}

/// Records a new decision: stores it, deletes the cookies of what it
/// withdraws, closes the banner, and asks for the proof's delivery and for
/// what it unlocks to run (or a reload, when it withdraws from scripts that
/// already ran). A choice naming an id the catalogue lacks changes nothing.
fn decide(app: &mut App, choice: Choice, source: Source, effects: &mut Vec<Effect>) -> Result<(), JsError> {
    if let Choice::Custom { categories, services } = &choice {
        let category = categories.iter().find(|(id, _)| app.catalogue.category(id).is_none());
        let service = services.iter().find(|(id, _)| app.catalogue.service(id).is_none());
        if let Some((id, _)) = category.or(service) {
            return Err(JsError::new(&["set(): unknown category or service `", id, "`"].concat()));
        }
    }
    let now = page::now();
    let id = app.consent.as_ref().map(|c| c.id.clone()).or_else(|| app.earlier_id.clone()).unwrap_or_else(page::new_id);
    let context = Context { id, now, language: &app.language, gpc: page::gpc(), source };
    let consent = Consent::decide(&app.catalogue, &choice, app.consent.as_ref(), context);
    let stored = storage::save(&consent, now, app.catalogue.site.cookie_domain.as_deref());
    if let Some(before) = &app.consent {
        storage::delete_cookies(&cookies::revoked(&app.catalogue, before, Some(&consent)));
    }
    let proof = record_proof(app, &consent);
    // After the proof: the other tabs then find it in their history.
    storage::announce(&stored);
    let reload = flow::reloads(app.catalogue.site.reload, app.gate.ran(), Some(&consent));
    app.gate.narrow(Some(&consent));
    app.consent = Some(consent);
    // A decision closes every layer, those asked for before the page was parsed too.
    app.early.clear();
    let mut closed = false;
    if let Some(banner) = app.banner.as_mut() {
        closed = banner.hide(&app.catalogue, &app.language, true);
        banner.announce(&app.catalogue, &app.language);
    }
    if let Some(endpoint) = app.endpoint.clone() {
        effects.push(Effect::Deliver(endpoint, proof));
    }
    effects.extend(signal(app));
    effects.push(if reload { Effect::Reload } else { Effect::Refresh });
    #[cfg(feature = "declaration")]
    effects.push(Effect::Declare);
    effects.push(Effect::Emit("change"));
    if closed {
        effects.push(Effect::Emit("hide"));
    }
    Ok(())
}

/// Adds the proof of `consent` to the history and returns it.
fn record_proof(app: &mut App, consent: &Consent) -> JsValue {
    let page = page::address();
    // The SHA-256 of the texts bundle the visitor saw, which build.rs and
    // `kakor json` compute: the wasm carries no SHA-256 (see `boot`).
    let texts = app.catalogue.texts_sha256.get(&app.language).unwrap_or_default();
    let proof = crate::to_js(&Proof { consent, page: &page, texts });
    app.history.push(&proof);
    let length = app.history.length();
    app.history = app.history.slice(length.saturating_sub(HISTORY_LENGTH), length);
    storage::keep(HISTORY, &app.history, HISTORY_LENGTH);
    proof
}

/// `kakor.withdraw()`: deletes the decision and the cookies of every
/// non-necessary category, then asks again (docs/contract.md, "Lifetime and asking again").
fn withdraw(app: &mut App, effects: &mut Vec<Effect>) {
    storage::forget(app.catalogue.site.cookie_domain.as_deref());
    let mut reload = false;
    if let Some(before) = app.consent.take() {
        storage::delete_cookies(&cookies::revoked(&app.catalogue, &before, None));
        // Before a reload, which `keepalive` survives.
        effects.extend(app.endpoint.clone().map(|endpoint| Effect::Withdrawn(endpoint, before.id.clone())));
        app.earlier_id = Some(before.id);
        reload = flow::reloads(app.catalogue.site.reload, app.gate.ran(), None);
    }
    app.gate.narrow(None);
    // Asks again with the first layer alone, as when the page is parsed.
    app.early.clear();
    if let Some(banner) = app.banner.as_mut() {
        banner.hide(&app.catalogue, &app.language, false);
        banner.show(&app.catalogue, &app.language);
        effects.push(Effect::FocusFirstLayer);
    }
    effects.extend(signal(app));
    if reload {
        effects.push(Effect::Reload);
    }
    #[cfg(feature = "declaration")]
    effects.push(Effect::Declare);
    effects.extend([Effect::Emit("change"), Effect::Emit("show")]);
}
