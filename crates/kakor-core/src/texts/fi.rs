//! Finnish.

use super::WORDS;

pub const FI: [&str; WORDS] = [
    // Title: the first layer's heading.
    "Evästeet ja yksityisyytesi",
    // Intro: the first layer's text; {site} is the site's name, {purposes}
    // the optional categories' titles, {settings} the Reopen control's name.
    "{site} käyttää evästeitä, joita sivusto tarvitsee toimiakseen. Suostumuksellasi se käyttää myös valinnaisia evästeitä näihin tarkoituksiin: {purposes}. Valinnaisia evästeitä ei käytetä, ellet hyväksy niitä, ja voit peruuttaa suostumuksesi milloin tahansa kohdassa {settings}.",
    // PolicyLink
    "Tietosuojaseloste",
    // AcceptAll
    "Hyväksy kaikki",
    // RejectAll
    "Hylkää kaikki",
    // Preferences: opens the preferences layer (not a category's name).
    "Muokkaa",
    // PreferencesTitle: the preferences layer's heading.
    "Evästeasetukset",
    // PreferencesIntro
    "Valitse, mitä evästeitä {site} saa käyttää. Välttämättömät evästeet ovat aina käytössä, koska sivusto ei toimi ilman niitä.",
    // Save: records the switches as set.
    "Tallenna valinnat",
    // Close: closes the preferences layer without saving.
    "Sulje",
    // AlwaysOn: shown by the necessary category's switch.
    "Aina käytössä",
    // Services: the expandable list under a category; {count} is how many.
    "Palvelut ja evästeet ({count})",
    // Provider
    "Palveluntarjoaja",
    // DataLocation: where the data goes.
    "Tietojen sijainti",
    // Safeguard: on what legal basis data leaves the EU/EEA.
    "Siirtoperuste",
    // ServicePolicy: link to a service's privacy policy.
    "Palvelun {name} tietosuojaseloste",
    // Cookie: cookie table column.
    "Eväste",
    // Purpose: cookie table column.
    "Tarkoitus",
    // Duration: cookie table column.
    "Voimassaoloaika",
    // Party: cookie table column.
    "Evästeen asettaja",
    // FirstParty
    "Tämä sivusto",
    // ThirdParty
    "Kolmas osapuoli",
    // Session: a session cookie's duration.
    "Kunnes selain suljetaan",
    // Reopen: the small control that reopens the banner after a choice.
    "Evästeasetukset",
    // Saved: announced to screen readers after a choice.
    "Evästevalintasi on tallennettu.",
    // GpcNote: first layer, when the browser sends Global Privacy Control.
    "Selaimesi pyytää sivustoja olemaan jakamatta tietojasi (Global Privacy Control), joten markkinointi pysyy pois päältä, ellet ota sitä käyttöön kohdassa Muokkaa.",
    // ConsentId: the preferences layer's record of the current consent.
    "Suostumuksen tunniste",
    // Given: when the current consent was given.
    "Annettu",
    // ValidUntil: when it expires.
    "Voimassa",
    // Download: downloads the visitor's proof history as JSON.
    "Lataa suostumushistoriani",
    // Blocked: a gated iframe's placeholder; {cookies} lists what it stores.
    "{name} on pois päältä, kunnes sallit sen. Se tallentaisi: {cookies}.",
    // Allow: the placeholder's button, which allows that service alone.
    "Salli {name}",
    // Units, singular then plural: minute, hour, day, month, year.
    "{n} minuutti",
    "{n} minuuttia",
    "{n} tunti",
    "{n} tuntia",
    "{n} päivä",
    "{n} päivää",
    "{n} kuukausi",
    "{n} kuukautta",
    "{n} vuosi",
    "{n} vuotta",
    // Controller
    "Rekisterinpitäjä: {controller}.",
    // OwnStorage
    "Valintasi tallennetaan evästeeseen {cookie} ajaksi {duration}, ja valintojesi historia selaimen paikalliseen tallennustilaan ({keys}), kunnes poistat sen.",
];
