//! The declaration's own words, in kakor's six languages.
//!
//! They live apart from the banner's words (`texts`): only the declaration
//! says them, so a banner built without the `declaration` feature does not
//! carry them, and each language is behind the same cargo feature as its
//! banner words. The headings and labels the banner also shows (Provider,
//! Purpose, Duration…) come from `texts`, with the catalogue's `[texts]`
//! overrides.

/// The words of one language. A struct rather than an array, so the compiler
/// checks that every language gives every word.
pub struct Terms {
    /// The declaration's heading.
    pub title: &'static str,
    /// What cookies and local storage are; `{site}` is the site's name.
    pub cookies_intro: &'static str,
    /// `{categories}` lists the catalogue's category titles, `{settings}` is
    /// the name of the banner's control to change a choice.
    pub categories_intro: &'static str,
    /// Session versus persistent, first versus third party.
    pub lifetimes_intro: &'static str,
    /// The column that says session cookie, persistent cookie or local storage.
    pub kind: &'static str,
    pub session_cookie: &'static str,
    pub persistent_cookie: &'static str,
    pub local_storage: &'static str,
    /// The lifetime of kakor's proof history and outbox.
    pub until_deleted: &'static str,
    /// The lifetime of `kakor.decision`.
    pub removed_at_once: &'static str,
    /// The `kakor` cookie's lifetime when a refusal holds for another time
    /// than a consent: `{consent}` and `{refusal}` are durations, `{reject}`
    /// the banner's Reject all button.
    pub refusal_duration: &'static str,
    /// A cookie table's caption; `{name}` is the service's name.
    pub caption: &'static str,
    /// Said instead of a table for a service that declares no cookies.
    pub no_cookies: &'static str,
    /// kakor itself, when the catalogue does not describe it: `{site}`.
    pub kakor_description: &'static str,
    pub kakor_location: &'static str,
    /// Where kakor's data goes when the site has a proof endpoint.
    pub kakor_location_endpoint: &'static str,
    pub kakor_safeguard: &'static str,
    pub kakor_cookie_purpose: &'static str,
    pub proofs_purpose: &'static str,
    /// `{site}` is the site's name.
    pub outbox_purpose: &'static str,
    pub decision_purpose: &'static str,
    /// The heading of the visitor's own consent, above the declaration.
    pub state_title: &'static str,
    /// The label of what the visitor allowed: categories, and services
    /// allowed on their own.
    pub granted: &'static str,
    /// Said instead of the consent's facts before any choice.
    pub undecided: &'static str,
}

/// The words in `lang`, English for a language kakor does not ship or this
/// build leaves out (a word list a catalogue includes gives the banner's
/// words, not these).
pub fn terms(lang: &str) -> &'static Terms {
    match lang {
        #[cfg(feature = "sv")]
        "sv" => &SV,
        #[cfg(feature = "nb")]
        "nb" => &NB,
        #[cfg(feature = "da")]
        "da" => &DA,
        #[cfg(feature = "fi")]
        "fi" => &FI,
        #[cfg(feature = "de")]
        "de" => &DE,
        _ => &EN,
    }
}

static EN: Terms = Terms {
    title: "Cookie declaration",
    cookies_intro: "Cookies are small text files that a website stores in your browser. {site} also uses your browser's local storage, which works in the same way; this declaration covers both.",
    categories_intro: "They are sorted by purpose into these categories: {categories}. Strictly necessary cookies are always on, since the site cannot work without them. The others are used only with your consent, which you can change or withdraw at any time under {settings}.",
    lifetimes_intro: "A session cookie is deleted when you close your browser. A persistent cookie stays for the time stated for it below, unless you delete it sooner. A first-party cookie is set by this site, a third-party cookie by another site whose content is used here.",
    kind: "Type",
    session_cookie: "Session cookie",
    persistent_cookie: "Persistent cookie",
    local_storage: "Local storage",
    until_deleted: "Until you delete it",
    removed_at_once: "Removed at once",
    refusal_duration: "{consent}; {refusal} after “{reject}”",
    caption: "Cookies of {name}",
    no_cookies: "{name} sets no cookies.",
    kakor_description: "The cookie banner of {site}: it asks for your consent and remembers your choice.",
    kakor_location: "Stays in your browser",
    kakor_location_endpoint: "In your browser; a record of each choice is also sent to {site} as proof of your consent",
    kakor_safeguard: "Not shared with anyone else",
    kakor_cookie_purpose: "Stores your cookie choice, so that you are asked only once.",
    proofs_purpose: "Keeps your latest 50 choices in your browser, so that you can download them as proof.",
    outbox_purpose: "Holds records of your choices until they have been delivered to {site}.",
    decision_purpose: "Tells the site's other open tabs about a new choice.",
    state_title: "Your consent",
    granted: "Allowed",
    undecided: "You have not made a choice about cookies yet: only strictly necessary cookies are used.",
};

#[cfg(feature = "sv")]
static SV: Terms = Terms {
    title: "Cookieförklaring",
    cookies_intro: "Cookies är små textfiler som en webbplats sparar i din webbläsare. {site} använder även webbläsarens lokala lagring, som fungerar på samma sätt; den här förklaringen gäller båda.",
    categories_intro: "De är sorterade efter syfte i dessa kategorier: {categories}. Nödvändiga cookies är alltid på, eftersom webbplatsen inte fungerar utan dem. Övriga används bara med ditt samtycke, som du när som helst kan ändra eller återkalla under {settings}.",
    lifetimes_intro: "En sessionscookie raderas när du stänger webbläsaren. En permanent cookie finns kvar under den tid som anges för den nedan, om du inte raderar den tidigare. En förstapartscookie sätts av den här webbplatsen, en tredjepartscookie av en annan webbplats vars innehåll används här.",
    kind: "Typ",
    session_cookie: "Sessionscookie",
    persistent_cookie: "Permanent cookie",
    local_storage: "Lokal lagring",
    until_deleted: "Tills du raderar den",
    removed_at_once: "Raderas direkt",
    refusal_duration: "{consent}; {refusal} efter ”{reject}”",
    caption: "Cookies från {name}",
    no_cookies: "{name} sätter inga cookies.",
    kakor_description: "Cookiebannern på {site}: den ber om ditt samtycke och kommer ihåg ditt val.",
    kakor_location: "Stannar i din webbläsare",
    kakor_location_endpoint: "I din webbläsare; en uppgift om varje val skickas även till {site} som bevis på ditt samtycke",
    kakor_safeguard: "Delas inte med någon annan",
    kakor_cookie_purpose: "Sparar ditt val om cookies, så att du bara tillfrågas en gång.",
    proofs_purpose: "Sparar dina senaste 50 val i din webbläsare, så att du kan ladda ned dem som bevis.",
    outbox_purpose: "Håller uppgifter om dina val tills de har levererats till {site}.",
    decision_purpose: "Meddelar webbplatsens andra öppna flikar att du har gjort ett nytt val.",
    state_title: "Ditt samtycke",
    granted: "Tillåtna",
    undecided: "Du har inte gjort något val om cookies än: bara nödvändiga cookies används.",
};

#[cfg(feature = "nb")]
static NB: Terms = Terms {
    title: "Erklæring om informasjonskapsler",
    cookies_intro: "Informasjonskapsler (cookies) er små tekstfiler som et nettsted lagrer i nettleseren din. {site} bruker også nettleserens lokale lagring, som virker på samme måte; denne erklæringen gjelder begge.",
    categories_intro: "De er sortert etter formål i disse kategoriene: {categories}. Strengt nødvendige informasjonskapsler er alltid på, siden nettstedet ikke fungerer uten dem. De andre brukes bare med ditt samtykke, som du når som helst kan endre eller trekke tilbake under {settings}.",
    lifetimes_intro: "En midlertidig informasjonskapsel (øktkapsel) slettes når du lukker nettleseren. En varig informasjonskapsel blir liggende så lenge som oppgitt for den nedenfor, med mindre du sletter den før. En informasjonskapsel fra førstepart settes av dette nettstedet, en fra tredjepart av et annet nettsted som har innhold her.",
    kind: "Type",
    session_cookie: "Midlertidig informasjonskapsel",
    persistent_cookie: "Varig informasjonskapsel",
    local_storage: "Lokal lagring",
    until_deleted: "Til du sletter den",
    removed_at_once: "Fjernes straks",
    refusal_duration: "{consent}; {refusal} etter «{reject}»",
    caption: "Informasjonskapsler fra {name}",
    no_cookies: "{name} setter ingen informasjonskapsler.",
    kakor_description: "Samtykkebanneret på {site}: det ber om samtykket ditt og husker valget ditt.",
    kakor_location: "Blir i nettleseren din",
    kakor_location_endpoint: "I nettleseren din; en oppføring om hvert valg sendes også til {site} som bevis på samtykket ditt",
    kakor_safeguard: "Deles ikke med noen andre",
    kakor_cookie_purpose: "Lagrer valget ditt om informasjonskapsler, så du bare blir spurt én gang.",
    proofs_purpose: "Tar vare på de siste 50 valgene dine i nettleseren, så du kan laste dem ned som bevis.",
    outbox_purpose: "Holder på oppføringer om valgene dine til de er levert til {site}.",
    decision_purpose: "Forteller nettstedets andre åpne faner om et nytt valg.",
    state_title: "Ditt samtykke",
    granted: "Tillatt",
    undecided: "Du har ikke tatt noe valg om informasjonskapsler ennå: bare strengt nødvendige informasjonskapsler brukes.",
};

#[cfg(feature = "da")]
static DA: Terms = Terms {
    title: "Cookiedeklaration",
    cookies_intro: "Cookies er små tekstfiler, som en hjemmeside gemmer i din browser. {site} bruger også browserens lokale lager, som virker på samme måde; denne deklaration omfatter begge.",
    categories_intro: "De er inddelt efter formål i disse kategorier: {categories}. Strengt nødvendige cookies er altid aktive, da hjemmesiden ikke kan fungere uden dem. De øvrige bruges kun med dit samtykke, som du til enhver tid kan ændre eller trække tilbage under {settings}.",
    lifetimes_intro: "En sessionscookie slettes, når du lukker din browser. En vedvarende cookie bliver liggende i den tid, der er angivet for den nedenfor, medmindre du sletter den før. En førstepartscookie sættes af denne hjemmeside, en tredjepartscookie af en anden hjemmeside, hvis indhold bruges her.",
    kind: "Type",
    session_cookie: "Sessionscookie",
    persistent_cookie: "Vedvarende cookie",
    local_storage: "Lokalt lager",
    until_deleted: "Indtil du sletter den",
    removed_at_once: "Fjernes straks",
    refusal_duration: "{consent}; {refusal} efter »{reject}«",
    caption: "Cookies fra {name}",
    no_cookies: "{name} sætter ingen cookies.",
    kakor_description: "Cookiebanneret på {site}: det beder om dit samtykke og husker dit valg.",
    kakor_location: "Bliver i din browser",
    kakor_location_endpoint: "I din browser; en registrering af hvert valg sendes også til {site} som bevis for dit samtykke",
    kakor_safeguard: "Deles ikke med andre",
    kakor_cookie_purpose: "Gemmer dit cookievalg, så du kun bliver spurgt én gang.",
    proofs_purpose: "Gemmer dine seneste 50 valg i din browser, så du kan downloade dem som bevis.",
    outbox_purpose: "Opbevarer registreringer af dine valg, indtil de er leveret til {site}.",
    decision_purpose: "Fortæller hjemmesidens andre åbne faner om et nyt valg.",
    state_title: "Dit samtykke",
    granted: "Tilladt",
    undecided: "Du har ikke truffet et valg om cookies endnu: kun strengt nødvendige cookies bruges.",
};

#[cfg(feature = "fi")]
static FI: Terms = Terms {
    title: "Evästeseloste",
    cookies_intro: "Evästeet ovat pieniä tekstitiedostoja, jotka verkkosivusto tallentaa selaimeesi. {site} käyttää myös selaimen paikallista tallennustilaa, joka toimii samalla tavalla; tämä seloste kattaa molemmat.",
    categories_intro: "Ne on jaettu käyttötarkoituksen mukaan näihin luokkiin: {categories}. Välttämättömät evästeet ovat aina käytössä, koska sivusto ei toimi ilman niitä. Muita käytetään vain suostumuksellasi, jonka voit milloin tahansa muuttaa tai peruuttaa kohdassa {settings}.",
    lifetimes_intro: "Istuntoeväste poistetaan, kun suljet selaimen. Pysyvä eväste säilyy alla sille ilmoitetun ajan, ellet poista sitä aiemmin. Ensimmäisen osapuolen evästeen asettaa tämä sivusto, kolmannen osapuolen evästeen jokin toinen sivusto, jonka sisältöä täällä käytetään.",
    kind: "Tyyppi",
    session_cookie: "Istuntoeväste",
    persistent_cookie: "Pysyvä eväste",
    local_storage: "Paikallinen tallennustila",
    until_deleted: "Kunnes poistat sen",
    removed_at_once: "Poistetaan heti",
    refusal_duration: "{consent}; {refusal} valinnan ”{reject}” jälkeen",
    caption: "Palvelun {name} evästeet",
    no_cookies: "{name} ei aseta evästeitä.",
    kakor_description: "Sivuston {site} evästebanneri: se pyytää suostumustasi ja muistaa valintasi.",
    kakor_location: "Pysyy selaimessasi",
    kakor_location_endpoint: "Selaimessasi; jokaisesta valinnasta lähetetään myös merkintä sivustolle {site} suostumuksesi todisteeksi",
    kakor_safeguard: "Ei jaeta kenellekään muulle",
    kakor_cookie_purpose: "Tallentaa evästevalintasi, jotta sinulta kysytään vain kerran.",
    proofs_purpose: "Säilyttää 50 viimeisintä valintaasi selaimessasi, jotta voit ladata ne todisteeksi.",
    outbox_purpose: "Säilyttää merkinnät valinnoistasi, kunnes ne on toimitettu sivustolle {site}.",
    decision_purpose: "Kertoo sivuston muille avoimille välilehdille uudesta valinnasta.",
    state_title: "Suostumuksesi",
    granted: "Sallitut",
    undecided: "Et ole vielä tehnyt evästevalintaa: vain välttämättömiä evästeitä käytetään.",
};

#[cfg(feature = "de")]
static DE: Terms = Terms {
    title: "Cookie-Erklärung",
    cookies_intro: "Cookies sind kleine Textdateien, die eine Website in Ihrem Browser speichert. {site} nutzt außerdem den lokalen Speicher Ihres Browsers, der genauso funktioniert; diese Erklärung umfasst beides.",
    categories_intro: "Sie sind nach Zweck in diese Kategorien eingeteilt: {categories}. Unbedingt erforderliche Cookies sind immer aktiv, da die Website ohne sie nicht funktioniert. Die übrigen werden nur mit Ihrer Einwilligung verwendet, die Sie jederzeit unter {settings} ändern oder widerrufen können.",
    lifetimes_intro: "Ein Sitzungscookie wird gelöscht, wenn Sie Ihren Browser schließen. Ein dauerhaftes Cookie bleibt für die unten angegebene Zeit gespeichert, sofern Sie es nicht vorher löschen. Ein Erstanbieter-Cookie setzt diese Website, ein Drittanbieter-Cookie eine andere Website, deren Inhalte hier eingebunden sind.",
    kind: "Art",
    session_cookie: "Sitzungscookie",
    persistent_cookie: "Dauerhaftes Cookie",
    local_storage: "Lokaler Speicher",
    until_deleted: "Bis Sie es löschen",
    removed_at_once: "Wird sofort entfernt",
    refusal_duration: "{consent}; {refusal} nach „{reject}“",
    caption: "Cookies von {name}",
    no_cookies: "{name} setzt keine Cookies.",
    kakor_description: "Das Cookie-Banner von {site}: Es fragt nach Ihrer Einwilligung und merkt sich Ihre Auswahl.",
    kakor_location: "Bleibt in Ihrem Browser",
    kakor_location_endpoint: "In Ihrem Browser; ein Eintrag zu jeder Auswahl geht außerdem als Nachweis Ihrer Einwilligung an {site}",
    kakor_safeguard: "Wird mit niemandem geteilt",
    kakor_cookie_purpose: "Speichert Ihre Cookie-Auswahl, damit Sie nur einmal gefragt werden.",
    proofs_purpose: "Bewahrt Ihre letzten 50 Entscheidungen in Ihrem Browser auf, damit Sie sie als Nachweis herunterladen können.",
    outbox_purpose: "Hält Einträge zu Ihren Entscheidungen bereit, bis sie an {site} übermittelt sind.",
    decision_purpose: "Teilt den anderen geöffneten Tabs der Website eine neue Auswahl mit.",
    state_title: "Ihre Einwilligung",
    granted: "Erlaubt",
    undecided: "Sie haben noch keine Auswahl zu Cookies getroffen: Es werden nur unbedingt erforderliche Cookies verwendet.",
};

#[cfg(test)]
mod tests {
    use super::*;

    /// Every language kakor speaks has its own words, and each template
    /// keeps the placeholders the English one has.
    #[test]
    fn every_language_has_its_words_and_placeholders() {
        let placeholders = |t: &Terms| {
            [
                t.cookies_intro,
                t.categories_intro,
                t.caption,
                t.no_cookies,
                t.kakor_description,
                t.kakor_location_endpoint,
                t.outbox_purpose,
            ]
            .map(|text| text.matches('{').count())
        };
        for lang in crate::texts::LANGUAGES {
            let words = terms(lang);
            assert!(lang == &"en" || !std::ptr::eq(words, &EN), "{lang} falls back to English");
            assert_eq!(placeholders(words), placeholders(&EN), "{lang}");
        }
    }
}
