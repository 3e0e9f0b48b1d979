//! English. The reference every other language translates.

use super::WORDS;

pub const EN: [&str; WORDS] = [
    // Title: the first layer's heading.
    "Cookies and your privacy",
    // Intro: the first layer's text; {site} is the site's name, {purposes}
    // the optional categories' titles, {settings} the Reopen control's name.
    "{site} uses cookies that the site needs to work. With your consent it also uses optional cookies for these purposes: {purposes}. No optional cookies are used unless you accept them, and you can withdraw your consent at any time under {settings}.",
    // PolicyLink
    "Privacy policy",
    // AcceptAll
    "Accept all",
    // RejectAll
    "Reject all",
    // Preferences: opens the preferences layer (not a category's name).
    "Customise",
    // PreferencesTitle: the preferences layer's heading.
    "Cookie preferences",
    // PreferencesIntro
    "Choose which cookies {site} may use. Strictly necessary cookies are always on, since the site cannot work without them.",
    // Save: records the switches as set.
    "Save choices",
    // Close: closes the preferences layer without saving.
    "Close",
    // AlwaysOn: shown by the necessary category's switch.
    "Always on",
    // Services: the expandable list under a category; {count} is how many.
    "Services and cookies ({count})",
    // Provider
    "Provider",
    // DataLocation: where the data goes.
    "Where data goes",
    // Safeguard: on what legal basis data leaves the EU/EEA (an adequacy
    // decision such as the EU–US Data Privacy Framework, or a safeguard).
    "Transfer basis",
    // ServicePolicy: link to a service's privacy policy.
    "Privacy policy of {name}",
    // Cookie: cookie table column.
    "Cookie",
    // Purpose: cookie table column.
    "Purpose",
    // Duration: cookie table column.
    "Duration",
    // Party: cookie table column.
    "Set by",
    // FirstParty
    "This site",
    // ThirdParty
    "Third party",
    // Session: a session cookie's duration.
    "Until the browser closes",
    // Reopen: the small control that reopens the banner after a choice.
    "Cookie settings",
    // Saved: announced to screen readers after a choice.
    "Your cookie choice is saved.",
    // GpcNote: first layer, when the browser sends Global Privacy Control.
    "Your browser asks sites not to share your data (Global Privacy Control), so marketing stays off unless you turn it on under Customise.",
    // ConsentId: the preferences layer's record of the current consent.
    "Consent ID",
    // Given: when the current consent was given.
    "Given",
    // ValidUntil: when it expires.
    "Valid until",
    // Download: downloads the visitor's proof history as JSON.
    "Download my consent history",
    // Blocked: a gated iframe's placeholder; {cookies} lists what it stores.
    "{name} is off until you allow it. It would store: {cookies}.",
    // Allow: the placeholder's button, which allows that service alone.
    "Allow {name}",
    // Units, singular then plural: minute, hour, day, month, year.
    "{n} minute",
    "{n} minutes",
    "{n} hour",
    "{n} hours",
    "{n} day",
    "{n} days",
    "{n} month",
    "{n} months",
    "{n} year",
    "{n} years",
    // Controller: the first layer's line naming who asks (GDPR Art. 4(7)
    // and its term in this language); {controller} is the legal name(s).
    "Data controller: {controller}.",
    // OwnStorage: under the necessary category in the preferences, what
    // kakor itself stores; {cookie} is its cookie's name, {duration} how long
    // it holds, {keys} its local-storage keys.
    "Your choice is kept in the cookie {cookie} for {duration}, and a record of your choices in this browser's local storage ({keys}) until you delete it.",
];
