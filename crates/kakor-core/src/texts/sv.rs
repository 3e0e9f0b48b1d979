//! Swedish.

use super::WORDS;

pub const SV: [&str; WORDS] = [
    // Title: the first layer's heading.
    "Cookies och din integritet",
    // Intro: the first layer's text; {site} is the site's name, {purposes}
    // the optional categories' titles, {settings} the Reopen control's name.
    "{site} använder cookies som behövs för att webbplatsen ska fungera. Med ditt samtycke används även valfria cookies för dessa ändamål: {purposes}. Inga valfria cookies används om du inte godkänner dem, och du kan när som helst återkalla ditt samtycke under {settings}.",
    // PolicyLink
    "Integritetspolicy",
    // AcceptAll
    "Godkänn alla",
    // RejectAll
    "Avvisa alla",
    // Preferences: opens the preferences layer (not a category's name).
    "Anpassa",
    // PreferencesTitle: the preferences layer's heading.
    "Cookieinställningar",
    // PreferencesIntro
    "Välj vilka cookies {site} får använda. Nödvändiga cookies är alltid på, eftersom webbplatsen inte fungerar utan dem.",
    // Save: records the switches as set.
    "Spara val",
    // Close: closes the preferences layer without saving.
    "Stäng",
    // AlwaysOn: shown by the necessary category's switch.
    "Alltid på",
    // Services: the expandable list under a category; {count} is how many.
    "Tjänster och cookies ({count})",
    // Provider
    "Leverantör",
    // DataLocation: where the data goes.
    "Var uppgifterna behandlas",
    // Safeguard: on what legal basis data leaves the EU/EEA.
    "Grund för överföring",
    // ServicePolicy: link to a service's privacy policy.
    "Integritetspolicy för {name}",
    // Cookie: cookie table column.
    "Cookie",
    // Purpose: cookie table column.
    "Syfte",
    // Duration: cookie table column.
    "Lagringstid",
    // Party: cookie table column.
    "Sätts av",
    // FirstParty
    "Denna webbplats",
    // ThirdParty
    "Tredje part",
    // Session: a session cookie's duration.
    "Tills webbläsaren stängs",
    // Reopen: the small control that reopens the banner after a choice.
    "Cookieinställningar",
    // Saved: announced to screen readers after a choice.
    "Ditt cookieval har sparats.",
    // GpcNote: first layer, when the browser sends Global Privacy Control.
    "Din webbläsare ber webbplatser att inte dela dina uppgifter (Global Privacy Control), så marknadsföring förblir avstängd om du inte slår på den under Anpassa.",
    // ConsentId: the preferences layer's record of the current consent.
    "Samtyckes-ID",
    // Given: when the current consent was given.
    "Lämnat",
    // ValidUntil: when it expires.
    "Giltigt till",
    // Download: downloads the visitor's proof history as JSON.
    "Ladda ned min samtyckeshistorik",
    // Blocked: a gated iframe's placeholder; {cookies} lists what it stores.
    "{name} är avstängt tills du tillåter det. Det skulle spara: {cookies}.",
    // Allow: the placeholder's button, which allows that service alone.
    "Tillåt {name}",
    // Units, singular then plural: minute, hour, day, month, year.
    "{n} minut",
    "{n} minuter",
    "{n} timme",
    "{n} timmar",
    "{n} dag",
    "{n} dagar",
    "{n} månad",
    "{n} månader",
    "{n} år",
    "{n} år",
    // Controller
    "Personuppgiftsansvarig: {controller}.",
    // OwnStorage
    "Ditt val sparas i cookien {cookie} i {duration}, och en förteckning över dina val i webbläsarens lokala lagring ({keys}) tills du raderar den.",
];
