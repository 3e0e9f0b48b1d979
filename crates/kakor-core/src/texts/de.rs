//! German.

use super::WORDS;

pub const DE: [&str; WORDS] = [
    // Title: the first layer's heading.
    "Cookies und Datenschutz",
    // Intro: the first layer's text; {site} is the site's name, {purposes}
    // the optional categories' titles, {settings} the Reopen control's name.
    "{site} verwendet Cookies, die für den Betrieb der Website erforderlich sind. Mit Ihrer Einwilligung werden zusätzlich optionale Cookies für diese Zwecke verwendet: {purposes}. Optionale Cookies werden nur verwendet, wenn Sie sie akzeptieren, und Sie können Ihre Einwilligung jederzeit unter {settings} widerrufen.",
    // PolicyLink
    "Datenschutzerklärung",
    // AcceptAll
    "Alle akzeptieren",
    // RejectAll
    "Alle ablehnen",
    // Preferences: opens the preferences layer (not a category's name).
    "Anpassen",
    // PreferencesTitle: the preferences layer's heading.
    "Cookie-Einstellungen",
    // PreferencesIntro
    "Wählen Sie, welche Cookies {site} verwenden darf. Unbedingt erforderliche Cookies sind immer aktiv, da die Website ohne sie nicht funktioniert.",
    // Save: records the switches as set.
    "Auswahl speichern",
    // Close: closes the preferences layer without saving.
    "Schließen",
    // AlwaysOn: shown by the necessary category's switch.
    "Immer aktiv",
    // Services: the expandable list under a category; {count} is how many.
    "Dienste und Cookies ({count})",
    // Provider
    "Anbieter",
    // DataLocation: where the data goes.
    "Verarbeitungsort",
    // Safeguard: on what legal basis data leaves the EU/EEA.
    "Grundlage der Übermittlung",
    // ServicePolicy: link to a service's privacy policy.
    "Datenschutzerklärung von {name}",
    // Cookie: cookie table column.
    "Cookie",
    // Purpose: cookie table column.
    "Zweck",
    // Duration: cookie table column.
    "Speicherdauer",
    // Party: cookie table column.
    "Gesetzt von",
    // FirstParty
    "Diese Website",
    // ThirdParty
    "Drittanbieter",
    // Session: a session cookie's duration.
    "Bis der Browser geschlossen wird",
    // Reopen: the small control that reopens the banner after a choice.
    "Cookie-Einstellungen",
    // Saved: announced to screen readers after a choice.
    "Ihre Cookie-Auswahl wurde gespeichert.",
    // GpcNote: first layer, when the browser sends Global Privacy Control.
    "Ihr Browser bittet Websites, Ihre Daten nicht weiterzugeben (Global Privacy Control). Marketing bleibt daher deaktiviert, sofern Sie es nicht unter Anpassen aktivieren.",
    // ConsentId: the preferences layer's record of the current consent.
    "Einwilligungs-ID",
    // Given: when the current consent was given.
    "Erteilt am",
    // ValidUntil: when it expires.
    "Gültig bis",
    // Download: downloads the visitor's proof history as JSON.
    "Meinen Einwilligungsverlauf herunterladen",
    // Blocked: a gated iframe's placeholder; {cookies} lists what it stores.
    "{name} ist deaktiviert, bis Sie es erlauben. Es würde speichern: {cookies}.",
    // Allow: the placeholder's button, which allows that service alone.
    "{name} erlauben",
    // Units, singular then plural: minute, hour, day, month, year.
    "{n} Minute",
    "{n} Minuten",
    "{n} Stunde",
    "{n} Stunden",
    "{n} Tag",
    "{n} Tage",
    "{n} Monat",
    "{n} Monate",
    "{n} Jahr",
    "{n} Jahre",
    // Controller
    "Verantwortlich: {controller}.",
    // OwnStorage
    "Ihre Auswahl wird im Cookie {cookie} für {duration} gespeichert und ein Verlauf Ihrer Auswahl im lokalen Speicher dieses Browsers ({keys}), bis Sie ihn löschen.",
];
