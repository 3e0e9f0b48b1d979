//! The banner: the first layer, the preferences layer and the reopen control,
//! in one open shadow root on `<div id="kakor">` (docs/contract.md, "Stable hooks").
//!
//! Every catalogue text goes in as text, styles through an adopted
//! stylesheet (see `dom`). A closed layer is removed from the DOM; each opens
//! freshly built from the current state.

use crate::dom::{add, text};
use crate::{dom, page};
use kakor_core::own;
use kakor_core::texts::{fill, Word, Words};
use kakor_core::{Catalogue, Choice, Consent, Localized, Party, Service, Source};
use wasm_bindgen::{closure::Closure, JsCast};
use web_sys::{Document, Element, Event, HtmlElement, HtmlInputElement, KeyboardEvent, Node, ShadowRoot};

const STYLE: &str = include_str!(concat!(env!("OUT_DIR"), "/banner.css"));

/// What the visitor asked for in the banner: `App` turns it into an event.
pub enum Input {
    /// Accept all or Reject all, on the first layer or the preferences.
    Decide(Choice, Source),
    Save,
    Preferences,
    Close,
    Download,
    /// A category's section opened: its services' details are wanted.
    Expand(String),
}

/// The banner's host and what it shows; owned by `App` for the page view.
pub struct Banner {
    host: Element,
    root: ShadowRoot,
    /// What had focus before the preferences opened, to give it back.
    return_focus: Option<HtmlElement>,
}

/// Which layers are open, so the keyboard knows where focus may go.
fn open_modal(root: &ShadowRoot) -> Option<Element> {
    root.query_selector("[aria-modal=true]").ok().flatten()
}

impl Banner {
    /// Puts the empty host on the page. `None` when the page has no body.
    pub fn mount(catalogue: &Catalogue, language: &str) -> Option<Banner> {
        let document = page::document()?;
        let host = document.create_element("div").ok()?;
        host.set_id("kakor");
        host.set_attribute("lang", language).ok()?;
        host.set_attribute("data-position", catalogue.site.position.name()).ok()?;
        host.set_attribute("data-theme", catalogue.site.theme.name()).ok()?;
        let init = web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open);
        let root = host.attach_shadow(&init).ok()?;
        dom::adopt_style(&root, STYLE);
        // Changes are announced to screen readers here (WCAG 4.1.3).
        add(&document, &root, "div", &[("class", "sr-only"), ("role", "status"), ("data-kakor", "status")])?;
        dom::listen(&root, "change", on_change);
        document.body()?.append_child(&host).ok()?;
        Some(Banner { host, root, return_focus: None })
    }

    /// Where the visitor's clicks, keys and toggles are heard ([`clicked`],
    /// [`key`], [`toggled`] read them).
    pub fn root(&self) -> &ShadowRoot {
        &self.root
    }

    /// Puts the host back after a framework's re-render took it off the page
    /// (React re-creates the whole document after a hydration error).
    pub fn reattach(&self) {
        if !self.host.is_connected() {
            if let Some(body) = page::document().and_then(|d| d.body()) {
                let _ = body.append_child(&self.host);
            }
        }
    }

    /// Shows the first layer (and hides the reopen control); its heading
    /// takes focus in the next frame ([`focus_next_frame`]).
    pub fn show(&mut self, catalogue: &Catalogue, language: &str) {
        self.remove("[data-kakor=banner], [data-action=reopen]");
        first_layer(&self.root, catalogue, language);
    }

    /// Opens the preferences layer over whatever shows, with the switches as
    /// `consent` has them (all off without one). Returns what takes focus:
    /// the caller focuses it once the state's borrow has ended, since focus
    /// listeners are site code that may call kakor. The reopen control stays
    /// behind the modal, so focus can go back to it.
    pub fn show_preferences(
        &mut self,
        catalogue: &Catalogue,
        language: &str,
        consent: Option<&Consent>,
    ) -> Option<Element> {
        if open_modal(&self.root)
            .is_some_and(|layer| layer.get_attribute("data-kakor").as_deref() == Some("preferences"))
        {
            return None;
        }
        self.return_focus = active_element(&self.root);
        preferences_layer(&self.root, catalogue, language, consent)
    }

    /// Closes the preferences layer; returns what had focus before, to be
    /// given it back once the borrow has ended.
    pub fn close_preferences(&mut self) -> Option<Element> {
        self.remove("[data-kakor=preferences], .backdrop");
        self.return_focus.take().filter(|e| e.is_connected()).map(Into::into)
    }

    /// Closes every layer; after a choice, leaves the reopen control.
    /// Returns whether a layer was open.
    pub fn hide(&mut self, catalogue: &Catalogue, language: &str, decided: bool) -> bool {
        let open = self.root.query_selector("[data-kakor=banner], [data-kakor=preferences]").ok().flatten().is_some();
        self.remove("[data-kakor=banner], [data-kakor=preferences], .backdrop, [data-action=reopen]");
        self.return_focus = None;
        if decided && catalogue.site.reopen {
            let words = Words::new(catalogue, language);
            if let Some(document) = page::document() {
                let reopen = add(
                    &document,
                    &self.root,
                    "button",
                    &[("type", "button"), ("class", "reopen"), ("data-action", "reopen")],
                );
                if let Some(reopen) = reopen {
                    reopen.set_text_content(Some(words.get(Word::Reopen)));
                }
            }
        }
        open
    }

    /// Tells screen readers that the choice was saved.
    pub fn announce(&self, catalogue: &Catalogue, language: &str) {
        if let Ok(Some(status)) = self.root.query_selector("[data-kakor=status]") {
            status.set_text_content(Some(Words::new(catalogue, language).get(Word::Saved)));
        }
    }

    /// Fills in the services of the category whose section just opened.
    pub fn expand(&self, catalogue: &Catalogue, language: &str, category: &str) {
        let (Some(document), Ok(found)) = (page::document(), self.root.query_selector_all("[data-facts-of]")) else {
            return;
        };
        let words = Words::new(catalogue, language);
        for i in 0..found.length() {
            let Some(block) = found.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
            let Some(service) = block.get_attribute("data-facts-of").and_then(|id| catalogue.service(&id)) else {
                continue;
            };
            if service.category == category {
                let _ = block.remove_attribute("data-facts-of");
                service_facts(&document, &block, &words, service);
            }
        }
    }

    pub fn shows_first_layer(&self) -> bool {
        self.root.query_selector("[data-kakor=banner]").ok().flatten().is_some()
    }

    /// The switches of the preferences layer as a choice (`Save`).
    pub fn choice(&self) -> Choice {
        Choice::Custom {
            categories: switches(&self.root, "data-category"),
            services: switches(&self.root, "data-service"),
        }
    }

    fn remove(&self, selector: &str) {
        if let Ok(found) = self.root.query_selector_all(selector) {
            for i in 0..found.length() {
                if let Some(element) = found.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                    element.remove();
                }
            }
        }
    }
}

impl Drop for Banner {
    fn drop(&mut self) {
        self.host.remove();
    }
}

/// Builds the first layer.
fn first_layer(root: &ShadowRoot, catalogue: &Catalogue, language: &str) -> Option<()> {
    let document = page::document()?;
    let words = Words::new(catalogue, language);
    let modal = if catalogue.site.position == kakor_core::Position::Modal { "true" } else { "false" };
    if modal == "true" {
        add(&document, root, "div", &[("class", "backdrop")])?;
    }
    let layer = add(
        &document,
        root,
        "section",
        &[
            ("class", "layer first"),
            ("data-kakor", "banner"),
            ("role", "dialog"),
            ("aria-modal", modal),
            ("aria-labelledby", "kakor-title"),
            ("aria-describedby", "kakor-intro"),
        ],
    )?;
    heading(&document, &layer, "kakor-title", words.get(Word::Title))?;
    let intro = text(&document, &layer, "p", &[("id", "kakor-intro")], &words.intro())?;
    intro.append_with_str_1(" ").ok()?;
    text(&document, &intro, "a", &[("href", &catalogue.site.policy_url)], words.get(Word::PolicyLink))?;
    if let Some(controller) = words.controller() {
        text(&document, &layer, "p", &[("class", "muted")], &controller)?;
    }
    if page::gpc() {
        text(&document, &layer, "p", &[("class", "gpc")], words.get(Word::GpcNote))?;
    }
    let actions = add(&document, &layer, "div", &[("class", "actions")])?;
    decisions(&document, &actions, &words)?;
    button(&document, &actions, "preferences", "secondary", words.get(Word::Preferences))?;
    Some(())
}

/// A layer's heading, which names its dialog and takes focus when it opens:
/// focus lands inside the dialog without outlining the whole layer, and the
/// next Tab reaches the first control. Not a tab stop itself.
fn heading(document: &Document, layer: &Element, id: &str, title: &str) -> Option<Element> {
    text(document, layer, "h2", &[("id", id), ("tabindex", "-1")], title)
}

/// Accept all and Reject all: the same element, class and size, side by side.
fn decisions(document: &Document, actions: &Element, words: &Words) -> Option<()> {
    button(document, actions, "reject-all", "primary", words.get(Word::RejectAll))?;
    button(document, actions, "accept-all", "primary", words.get(Word::AcceptAll))?;
    Some(())
}

/// Builds the preferences layer; returns its heading, which takes focus.
fn preferences_layer(
    root: &ShadowRoot,
    catalogue: &Catalogue,
    language: &str,
    consent: Option<&Consent>,
) -> Option<Element> {
    let document = page::document()?;
    let words = Words::new(catalogue, language);
    add(&document, root, "div", &[("class", "backdrop")])?;
    let layer = add(
        &document,
        root,
        "section",
        &[
            ("class", "layer preferences"),
            ("data-kakor", "preferences"),
            ("role", "dialog"),
            ("aria-modal", "true"),
            ("aria-labelledby", "kakor-preferences-title"),
        ],
    )?;
    let header = add(&document, &layer, "div", &[("class", "header")])?;
    let title = heading(&document, &header, "kakor-preferences-title", words.get(Word::PreferencesTitle))?;
    let close = button(&document, &header, "close", "close", "×")?;
    close.set_attribute("aria-label", words.get(Word::Close)).ok()?;
    let body = add(&document, &layer, "div", &[("class", "body")])?;
    text(&document, &body, "p", &[], &words.about_site(Word::PreferencesIntro))?;
    for category in &catalogue.categories {
        let necessary = category.id == kakor_core::catalogue::NECESSARY;
        let on = necessary || consent.is_some_and(|c| c.allows(&category.id));
        let section = add(&document, &body, "section", &[("class", "category")])?;
        let row = add(&document, &section, "div", &[("class", "row")])?;
        let title = category.title.pick(language, catalogue.default_language());
        switch(&document, &row, "data-category", &category.id, title, on, necessary, "h3")?;
        if necessary {
            text(&document, &row, "span", &[("class", "always")], words.get(Word::AlwaysOn))?;
        }
        text(&document, &section, "p", &[("class", "muted")], pick(&category.description, catalogue, language))?;
        if necessary {
            text(&document, &section, "p", &[("class", "muted")], &own_storage(&words, consent))?;
        }
        let services: Vec<&Service> = catalogue.services.iter().filter(|s| s.category == category.id).collect();
        if services.is_empty() {
            continue;
        }
        let details = add(&document, &section, "details", &[("data-services-of", &category.id)])?;
        let mut count = String::new();
        kakor_core::time::push_uint(&mut count, services.len() as u64);
        text(&document, &details, "summary", &[], &fill(words.get(Word::Services), &[("count", &count)]))?;
        for service in services {
            let on = necessary || consent.is_some_and(|c| c.allows(&service.id));
            let block = add(&document, &details, "div", &[("class", "service"), ("data-facts-of", &service.id)])?;
            switch(&document, &block, "data-service", &service.id, &service.name, on, necessary, "h4")?;
        }
    }
    if let Some(consent) = consent {
        access(&document, &body, &words, consent)?;
    }
    let actions = add(&document, &layer, "div", &[("class", "actions")])?;
    decisions(&document, &actions, &words)?;
    button(&document, &actions, "save", "secondary", words.get(Word::Save))?;
    Some(title)
}

/// What kakor itself stores, declared under necessary: its cookie for as
/// long as the current decision holds (a refusal may hold for less), and
/// its local-storage keys.
fn own_storage(words: &Words, consent: Option<&Consent>) -> String {
    let catalogue = words.catalogue();
    let days = consent.map_or(catalogue.site.consent_days, |c| ((c.expires - c.timestamp) / 86_400_000) as u32);
    let mut keys = String::new();
    for own in own::storage(catalogue).iter().filter(|own| own.kind == own::Kind::LocalStorage) {
        if !keys.is_empty() {
            keys.push_str(", ");
        }
        keys.push_str(own.name);
    }
    let duration = words.duration(kakor_core::Duration::Span(days, kakor_core::catalogue::Unit::Days));
    fill(words.get(Word::OwnStorage), &[("cookie", own::COOKIE), ("duration", &duration), ("keys", &keys)])
}

/// The visitor's right of access: the current consent, and all of this
/// browser's proofs as a file.
fn access(document: &Document, body: &Element, words: &Words, consent: &Consent) -> Option<()> {
    let section = add(document, body, "section", &[("class", "category access")])?;
    let facts = add(document, &section, "dl", &[])?;
    for (word, value) in [
        (Word::ConsentId, consent.id.clone()),
        (Word::Given, kakor_core::time::moment(consent.timestamp)),
        (Word::ValidUntil, kakor_core::time::moment(consent.expires)),
    ] {
        text(document, &facts, "dt", &[], words.get(word))?;
        text(document, &facts, "dd", &[], &value)?;
    }
    let actions = add(document, &section, "div", &[("class", "actions")])?;
    button(document, &actions, "download", "secondary", words.get(Word::Download))?;
    Some(())
}

/// A service's description, facts and cookie table, under its switch. Built
/// when its category opens, not before: a catalogue of hundreds of services
/// and thousands of cookies still opens the layer at once (the stable hooks
/// let details render on expand; the switches are always there). Each cell but
/// the name carries its column's name in `data-label`, which narrow layers
/// show when the table stacks into one short list per cookie (banner.css).
fn service_facts(document: &Document, block: &Element, words: &Words, service: &Service) -> Option<()> {
    let catalogue = words.catalogue();
    let language = words.language();
    text(document, block, "p", &[], pick(&service.description, catalogue, language))?;
    let facts = add(document, block, "dl", &[])?;
    for (word, value) in [
        (Word::Provider, service.provider.as_str()),
        (Word::DataLocation, pick(&service.data_location, catalogue, language)),
        (Word::Safeguard, pick(&service.safeguard, catalogue, language)),
    ] {
        text(document, &facts, "dt", &[], words.get(word))?;
        text(document, &facts, "dd", &[], value)?;
    }
    let link = fill(words.get(Word::ServicePolicy), &[("name", &service.name)]);
    let policy = add(document, block, "p", &[])?;
    text(document, &policy, "a", &[("href", &service.policy_url)], &link)?;
    if service.cookies.is_empty() {
        return Some(());
    }
    let table = add(document, block, "table", &[])?;
    let thead = add(document, &table, "thead", &[])?;
    let head = add(document, &thead, "tr", &[])?;
    for word in [Word::Cookie, Word::Purpose, Word::Duration, Word::Party] {
        text(document, &head, "th", &[("scope", "col")], words.get(word))?;
    }
    let rows = add(document, &table, "tbody", &[])?;
    for cookie in &service.cookies {
        let row = add(document, &rows, "tr", &[])?;
        text(document, &row, "td", &[("class", "name")], &cookie.name)?;
        let label = |word| [("data-label", words.get(word))];
        text(document, &row, "td", &label(Word::Purpose), pick(&cookie.purpose, catalogue, language))?;
        text(document, &row, "td", &label(Word::Duration), &words.duration(cookie.duration))?;
        let party = if cookie.party == Party::First { Word::FirstParty } else { Word::ThirdParty };
        let mut by = String::from(words.get(party));
        if let Some(domain) = &cookie.domain {
            by.push_str(" (");
            by.push_str(domain);
            by.push(')');
        }
        text(document, &row, "td", &label(Word::Party), &by)?;
    }
    Some(())
}

/// A labelled checkbox with `role="switch"` inside a heading.
#[allow(clippy::too_many_arguments)]
fn switch(
    document: &Document,
    parent: &Element,
    attribute: &str,
    id: &str,
    label_text: &str,
    on: bool,
    locked: bool,
    heading: &str,
) -> Option<()> {
    let heading = add(document, parent, heading, &[])?;
    let label = add(document, &heading, "label", &[("class", "switch")])?;
    let input: HtmlInputElement =
        add(document, &label, "input", &[("type", "checkbox"), ("role", "switch"), (attribute, id)])?
            .dyn_into()
            .ok()?;
    input.set_checked(on);
    input.set_disabled(locked);
    add(document, &label, "span", &[("class", "track"), ("aria-hidden", "true")])?;
    text(document, &label, "span", &[], label_text)?;
    Some(())
}

fn pick<'a>(texts: &'a Localized, catalogue: &Catalogue, language: &str) -> &'a str {
    texts.pick(language, catalogue.default_language())
}

/// `(id, on)` of every switch carrying `attribute`, in document order.
fn switches(root: &ShadowRoot, attribute: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let selector = ["input[", attribute, "]"].concat();
    if let Ok(found) = root.query_selector_all(&selector) {
        for i in 0..found.length() {
            let Some(input) = found.item(i).and_then(|n| n.dyn_into::<HtmlInputElement>().ok()) else { continue };
            out.extend(input.get_attribute(attribute).map(|id| (id, input.checked())));
        }
    }
    out
}

/// The action of a click, if it hit one of the banner's controls.
pub fn clicked(event: &Event) -> Option<Input> {
    let target = event.target()?.dyn_into::<Element>().ok()?;
    let control = target.closest("[data-action]").ok()??;
    let source = match control.closest("[data-kakor=preferences]") {
        Ok(Some(_)) => Source::Preferences,
        _ => Source::FirstLayer,
    };
    Some(match control.get_attribute("data-action")?.as_str() {
        "accept-all" => Input::Decide(Choice::AcceptAll, source),
        "reject-all" => Input::Decide(Choice::RejectAll, source),
        "save" => Input::Save,
        "preferences" | "reopen" => Input::Preferences,
        "close" => Input::Close,
        "download" => Input::Download,
        _ => return None,
    })
}

/// A category's section opened: its services' details are built now.
pub fn toggled(event: &Event) -> Option<Input> {
    let details = event.target()?.dyn_into::<web_sys::HtmlDetailsElement>().ok()?;
    details.open().then(|| details.get_attribute("data-services-of").map(Input::Expand)).flatten()
}

/// A category's switch sets its services' switches alike; each can then
/// change on its own.
fn on_change(event: Event) {
    let Some(input) = event.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
    if !input.has_attribute("data-category") {
        return;
    }
    let Some(section) = input.closest(".category").ok().flatten() else { return };
    if let Ok(found) = section.query_selector_all("input[data-service]") {
        for i in 0..found.length() {
            if let Some(service) = found.item(i).and_then(|n| n.dyn_into::<HtmlInputElement>().ok()) {
                service.set_checked(input.checked());
            }
        }
    }
}

/// Escape closes the preferences; Tab stays inside an open modal layer.
pub fn key(event: &Event) -> Option<Input> {
    let key = event.dyn_ref::<KeyboardEvent>()?;
    let root = event.current_target()?.dyn_into::<ShadowRoot>().ok()?;
    let layer = open_modal(&root)?;
    match key.key().as_str() {
        "Escape" if layer.get_attribute("data-kakor").as_deref() == Some("preferences") => {
            key.prevent_default();
            return Some(Input::Close);
        }
        "Tab" => {
            let found = layer.query_selector_all("button, a[href], input:not([disabled]), summary").ok()?;
            let first = found.item(0).and_then(|n| n.dyn_into::<HtmlElement>().ok());
            let last = found.item(found.length().saturating_sub(1)).and_then(|n| n.dyn_into::<HtmlElement>().ok());
            let (first, last) = (first?, last?);
            let active: Option<Node> = root.active_element().map(Into::into);
            let at_edge = |edge: &HtmlElement| active.as_ref().is_some_and(|a| a == edge.unchecked_ref::<Node>());
            let outside = active.as_ref().is_none_or(|a| !layer.contains(Some(a)));
            if key.shift_key() && (at_edge(&first) || outside) {
                key.prevent_default();
                let _ = last.focus();
            } else if !key.shift_key() && (at_edge(&last) || outside) {
                key.prevent_default();
                let _ = first.focus();
            }
        }
        _ => {}
    }
    None
}

fn active_element(root: &ShadowRoot) -> Option<HtmlElement> {
    root.active_element().or_else(|| page::document()?.active_element()).and_then(|e| e.dyn_into::<HtmlElement>().ok())
}

/// Focusing computes style and layout on the spot. The next frame computes
/// them anyway, so the first layer takes focus there instead of lengthening
/// the task that built it (the long task at 4× CPU, measured). By then the
/// preferences may have opened over it, or it may be gone: focus then stays
/// where it is.
pub fn focus_next_frame(root: ShadowRoot) {
    let Some(window) = web_sys::window() else { return };
    let callback = Closure::once_into_js(move || {
        let preferences =
            open_modal(&root).is_some_and(|l| l.get_attribute("data-kakor").as_deref() == Some("preferences"));
        if let (false, Ok(Some(heading))) = (preferences, root.query_selector("#kakor-title")) {
            focus(&heading);
        }
    });
    let _ = window.request_animation_frame(callback.unchecked_ref());
}

pub fn focus(element: &Element) {
    if let Some(element) = element.dyn_ref::<HtmlElement>() {
        let _ = element.focus();
    }
}

fn button(document: &Document, parent: &Node, action: &str, class: &str, label: &str) -> Option<Element> {
    text(document, parent, "button", &[("type", "button"), ("class", class), ("data-action", action)], label)
}
