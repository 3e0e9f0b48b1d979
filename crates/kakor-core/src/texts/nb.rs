//! Norwegian Bokmål.

use super::WORDS;

pub const NB: [&str; WORDS] = [
    // Title: the first layer's heading.
    "Informasjonskapsler og personvern",
    // Intro: the first layer's text; {site} is the site's name, {purposes}
    // the optional categories' titles, {settings} the Reopen control's name.
    "{site} bruker informasjonskapsler som trengs for at nettstedet skal fungere. Med ditt samtykke brukes også valgfrie informasjonskapsler til disse formålene: {purposes}. Ingen valgfrie informasjonskapsler brukes med mindre du godtar dem, og du kan når som helst trekke tilbake samtykket under {settings}.",
    // PolicyLink
    "Personvernerklæring",
    // AcceptAll
    "Godta alle",
    // RejectAll
    "Avvis alle",
    // Preferences: opens the preferences layer (not a category's name).
    "Tilpass",
    // PreferencesTitle: the preferences layer's heading.
    "Innstillinger for informasjonskapsler",
    // PreferencesIntro
    "Velg hvilke informasjonskapsler {site} får bruke. Strengt nødvendige informasjonskapsler er alltid på, siden nettstedet ikke fungerer uten dem.",
    // Save: records the switches as set.
    "Lagre valg",
    // Close: closes the preferences layer without saving.
    "Lukk",
    // AlwaysOn: shown by the necessary category's switch.
    "Alltid på",
    // Services: the expandable list under a category; {count} is how many.
    "Tjenester og informasjonskapsler ({count})",
    // Provider
    "Leverandør",
    // DataLocation: where the data goes.
    "Hvor dataene behandles",
    // Safeguard: on what legal basis data leaves the EU/EEA.
    "Overføringsgrunnlag",
    // ServicePolicy: link to a service's privacy policy.
    "Personvernerklæringen til {name}",
    // Cookie: cookie table column.
    "Navn",
    // Purpose: cookie table column.
    "Formål",
    // Duration: cookie table column.
    "Varighet",
    // Party: cookie table column.
    "Satt av",
    // FirstParty
    "Dette nettstedet",
    // ThirdParty
    "Tredjepart",
    // Session: a session cookie's duration.
    "Til nettleseren lukkes",
    // Reopen: the small control that reopens the banner after a choice.
    "Valg for informasjonskapsler",
    // Saved: announced to screen readers after a choice.
    "Valget ditt om informasjonskapsler er lagret.",
    // GpcNote: first layer, when the browser sends Global Privacy Control.
    "Nettleseren din ber nettsteder om ikke å dele dataene dine (Global Privacy Control), så markedsføring forblir slått av med mindre du slår den på under Tilpass.",
    // ConsentId: the preferences layer's record of the current consent.
    "Samtykke-ID",
    // Given: when the current consent was given.
    "Gitt den",
    // ValidUntil: when it expires.
    "Gyldig til",
    // Download: downloads the visitor's proof history as JSON.
    "Last ned samtykkehistorikken min",
    // Blocked: a gated iframe's placeholder; {cookies} lists what it stores.
    "{name} er slått av til du tillater det. Det vil lagre: {cookies}.",
    // Allow: the placeholder's button, which allows that service alone.
    "Tillat {name}",
    // Units, singular then plural: minute, hour, day, month, year.
    "{n} minutt",
    "{n} minutter",
    "{n} time",
    "{n} timer",
    "{n} dag",
    "{n} dager",
    "{n} måned",
    "{n} måneder",
    "{n} år",
    "{n} år",
    // Controller
    "Behandlingsansvarlig: {controller}.",
    // OwnStorage
    "Valget ditt lagres i informasjonskapselen {cookie} i {duration}, og en oversikt over valgene dine i nettleserens lokale lagring ({keys}) til du sletter den.",
];
