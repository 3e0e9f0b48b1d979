//! Danish.

use super::WORDS;

pub const DA: [&str; WORDS] = [
    // Title: the first layer's heading.
    "Cookies og dit privatliv",
    // Intro: the first layer's text; {site} is the site's name, {purposes}
    // the optional categories' titles, {settings} the Reopen control's name.
    "{site} bruger cookies, som er nødvendige for at hjemmesiden kan fungere. Med dit samtykke bruges der også valgfrie cookies til disse formål: {purposes}. Der bruges ingen valgfrie cookies, medmindre du accepterer dem, og du kan til enhver tid trække dit samtykke tilbage under {settings}.",
    // PolicyLink
    "Privatlivspolitik",
    // AcceptAll
    "Accepter alle",
    // RejectAll
    "Afvis alle",
    // Preferences: opens the preferences layer (not a category's name).
    "Tilpas",
    // PreferencesTitle: the preferences layer's heading.
    "Cookieindstillinger",
    // PreferencesIntro
    "Vælg hvilke cookies {site} må bruge. Strengt nødvendige cookies er altid aktive, da hjemmesiden ikke kan fungere uden dem.",
    // Save: records the switches as set.
    "Gem valg",
    // Close: closes the preferences layer without saving.
    "Luk",
    // AlwaysOn: shown by the necessary category's switch.
    "Altid aktiv",
    // Services: the expandable list under a category; {count} is how many.
    "Tjenester og cookies ({count})",
    // Provider
    "Udbyder",
    // DataLocation: where the data goes.
    "Hvor data havner",
    // Safeguard: on what legal basis data leaves the EU/EEA.
    "Overførselsgrundlag",
    // ServicePolicy: link to a service's privacy policy.
    "Privatlivspolitik for {name}",
    // Cookie: cookie table column.
    "Cookie",
    // Purpose: cookie table column.
    "Formål",
    // Duration: cookie table column.
    "Varighed",
    // Party: cookie table column.
    "Sat af",
    // FirstParty
    "Denne hjemmeside",
    // ThirdParty
    "Tredjepart",
    // Session: a session cookie's duration.
    "Indtil browseren lukkes",
    // Reopen: the small control that reopens the banner after a choice.
    "Cookieindstillinger",
    // Saved: announced to screen readers after a choice.
    "Dit cookievalg er gemt.",
    // GpcNote: first layer, when the browser sends Global Privacy Control.
    "Din browser beder hjemmesider om ikke at dele dine data (Global Privacy Control), så markedsføring forbliver slået fra, medmindre du slår den til under Tilpas.",
    // ConsentId: the preferences layer's record of the current consent.
    "Samtykke-ID",
    // Given: when the current consent was given.
    "Givet den",
    // ValidUntil: when it expires.
    "Gyldigt til",
    // Download: downloads the visitor's proof history as JSON.
    "Download min samtykkehistorik",
    // Blocked: a gated iframe's placeholder; {cookies} lists what it stores.
    "{name} er slået fra, indtil du tillader det. Det vil gemme: {cookies}.",
    // Allow: the placeholder's button, which allows that service alone.
    "Tillad {name}",
    // Units, singular then plural: minute, hour, day, month, year.
    "{n} minut",
    "{n} minutter",
    "{n} time",
    "{n} timer",
    "{n} dag",
    "{n} dage",
    "{n} måned",
    "{n} måneder",
    "{n} år",
    "{n} år",
    // Controller
    "Dataansvarlig: {controller}.",
    // OwnStorage
    "Dit valg gemmes i cookien {cookie} i {duration}, og en oversigt over dine valg i browserens lokale lager ({keys}), indtil du sletter den.",
];
