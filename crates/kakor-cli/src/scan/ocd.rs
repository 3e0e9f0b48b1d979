//! The Open Cookie Database (Apache-2.0, by jkwakman; the data, its licence and
//! attribution are in `data/open-cookie-database/`), compacted by build.rs and
//! embedded in the binary, and the one mapping of its categories to kakor's.

use std::collections::HashMap;
use std::sync::OnceLock;

/// One cookie (or a family of them, when `prefix`) the database knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: &'static str,
    /// The database's own category: Functional, Analytics, Marketing, …
    pub category: &'static str,
    /// The name is a prefix: `_ga_` stands for `_ga_ABC123` (its "Wildcard match").
    pub prefix: bool,
    /// The service that sets it, e.g. `Google Analytics`.
    pub platform: &'static str,
    /// As the database writes it: `2 years`, `session`, `30 seconds`.
    pub retention: &'static str,
    pub controller: &'static str,
    /// The controller's privacy page, when the database has one.
    pub privacy_url: &'static str,
}

const DATA: &str = include_str!(concat!(env!("OUT_DIR"), "/ocd.tsv"));

struct Database {
    exact: HashMap<&'static str, Entry>,
    /// Longest first, so the most specific prefix wins; among equally long
    /// ones (`_pk_id` and `_pk_id.`, Matomo's and Piwik PRO's) the first row.
    prefixes: Vec<Entry>,
}

/// The shortest prefix row that may stand for a cookie. The database's short
/// ones (`_s`, `sb`) would claim every `_session_id` and `sb_lang` there is.
pub const MIN_PREFIX: usize = 4;

fn database() -> &'static Database {
    static DATABASE: OnceLock<Database> = OnceLock::new();
    DATABASE.get_or_init(|| {
        let mut exact = HashMap::new();
        let mut prefixes = Vec::new();
        for line in DATA.lines() {
            let mut fields = line.split('\t');
            let mut next = || fields.next().unwrap_or("");
            let entry = Entry {
                name: next(),
                category: next(),
                prefix: next() == "1",
                platform: next(),
                retention: next(),
                controller: next(),
                privacy_url: next(),
            };
            if entry.prefix {
                prefixes.push(entry);
            } else {
                // The first row for a name wins: the database lists the main platform first.
                exact.entry(entry.name).or_insert(entry);
            }
        }
        // A separator at the end makes a prefix no more specific: `_pk_id.`
        // (Piwik PRO) is no better a match than `_pk_id` (Matomo, listed first,
        // and the one most sites run).
        prefixes.retain(|entry| entry.name.len() >= MIN_PREFIX);
        prefixes.sort_by_key(|entry| std::cmp::Reverse(stem(entry.name).len()));
        Database { exact, prefixes }
    })
}

fn stem(prefix: &str) -> &str {
    prefix.trim_end_matches(['.', '_', '-'])
}

/// What the database says about a cookie seen under `name`: the row of that
/// exact name, else the longest prefix row (of at least [`MIN_PREFIX`]
/// characters) it starts with.
pub fn lookup(name: &str) -> Option<&'static Entry> {
    let database = database();
    database.exact.get(name).or_else(|| database.prefixes.iter().find(|entry| name.starts_with(entry.name)))
}

/// How many cookies the embedded database holds.
pub fn len() -> usize {
    database().exact.len() + database().prefixes.len()
}

/// kakor's category for a database category, for drafts and for judging a
/// cookie the catalogue does not declare. This is the one place the mapping
/// lives; the catalogue cross-check in tests/it uses it too.
///
/// "Functional" maps to preferences, but the database files strictly necessary
/// cookies there as well (PHPSESSID, __cf_bm, consent cookies), so
/// [`is_ambiguous`] says when a mapped category needs the owner's judgement.
pub fn kakor_category(database_category: &str) -> Option<&'static str> {
    match database_category {
        "Analytics" => Some("statistics"),
        "Marketing" => Some("marketing"),
        "Functional" | "Personalization" => Some("preferences"),
        "Security" | "Necessary" => Some("necessary"),
        _ => None,
    }
}

/// Whether the database category could be strictly necessary as well as not.
pub fn is_ambiguous(database_category: &str) -> bool {
    database_category == "Functional"
}

/// Whether a catalogue's category `ours` agrees with the database's. Besides
/// the mapping, a category named `functionality` (some catalogues' word for
/// preferences) agrees with Functional and Personalization, and a Functional
/// cookie may be declared necessary (see [`kakor_category`]).
pub fn agrees(ours: &str, database_category: &str) -> bool {
    kakor_category(database_category) == Some(ours)
        || (matches!(database_category, "Functional" | "Personalization") && ours == "functionality")
        || (is_ambiguous(database_category) && ours == "necessary")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_names_and_longest_prefixes() {
        assert_eq!(lookup("_ga").unwrap().category, "Analytics");
        assert!(!lookup("_ga").unwrap().prefix);
        let container = lookup("_ga_ABC123").unwrap();
        assert_eq!((container.name, container.prefix), ("_ga_", true));
        assert_eq!(lookup("_gat_gtag_UA_1").unwrap().name, "_gat_gtag_");
        assert_eq!(lookup("kakor-unknown-cookie"), None);
        assert!(len() > 2000, "{}", len());
    }

    #[test]
    fn short_prefixes_and_lookalikes_do_not_match() {
        // `_s` (Shopify) is a two-letter prefix row; Rails' session is not Shopify's.
        assert_eq!(lookup("_session_id"), None);
        assert!(lookup("_s").is_some(), "the exact name still matches");
        let matomo = lookup("_pk_id.1.1fff").unwrap();
        assert_eq!((matomo.platform, matomo.name), ("Matomo", "_pk_id"));
        assert_eq!(lookup("_pk_ses.1.1fff").unwrap().platform, "Matomo");
    }

    #[test]
    fn categories_map_to_kakor() {
        assert!(agrees("statistics", "Analytics"));
        assert!(!agrees("necessary", "Analytics"));
        assert!(agrees("necessary", "Functional"));
        assert_eq!(kakor_category("Marketing"), Some("marketing"));
        assert_eq!(kakor_category("Something else"), None);
    }
}
