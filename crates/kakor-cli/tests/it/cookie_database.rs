//! Every declared cookie against the Open Cookie Database (an extract of it in
//! tests/fixtures/open-cookie-database/): its category must agree with the
//! database's, and its duration be within 10 % of it, unless a justified line
//! in `allowed-differences.txt` says otherwise.

use kakor_cli::scan::ocd::agrees;
use kakor_core::catalogue::{Duration, Unit};
use kakor_core::source;
use std::path::PathBuf;

struct Row {
    name: String,
    category: String,
    retention: String,
    wildcard: bool,
}

fn fixtures() -> PathBuf {
    super::root().join("tests/fixtures/open-cookie-database")
}

fn database() -> Vec<Row> {
    let mut reader = csv::Reader::from_path(fixtures().join("extract.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    let (name, category, retention, wildcard) =
        (column("Cookie / Data Key name"), column("Category"), column("Retention period"), column("Wildcard match"));
    reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            Row {
                name: record[name].to_string(),
                category: record[category].to_string(),
                retention: record[retention].to_string(),
                wildcard: &record[wildcard] == "1",
            }
        })
        .collect()
}

/// Approximate days, to compare lifetimes written in different units.
fn days(duration: Duration) -> Option<f64> {
    match duration {
        Duration::Session => None,
        Duration::Span(n, unit) => Some(
            n as f64
                * match unit {
                    Unit::Minutes => 1.0 / 1440.0,
                    Unit::Hours => 1.0 / 24.0,
                    Unit::Days => 1.0,
                    Unit::Months => 30.44,
                    Unit::Years => 365.25,
                },
        ),
    }
}

/// A cookie name or `prefix*` pattern matches a database row when the names
/// are equal, or the row is a prefix (its wildcard flag) that our name extends.
fn matches(ours: &str, row: &Row) -> bool {
    let stem = ours.strip_suffix('*').unwrap_or(ours);
    if row.wildcard {
        stem.starts_with(&row.name)
    } else {
        ours == row.name
    }
}

#[test]
fn declared_cookies_agree_with_the_open_cookie_database() {
    let rows = database();
    let allowed = std::fs::read_to_string(fixtures().join("allowed-differences.txt")).unwrap_or_default();
    let is_allowed = |prefix: &str| allowed.lines().any(|line| line.starts_with(prefix));
    let mut problems = Vec::new();
    let mut checked = 0;
    for file in super::catalogues() {
        let text = std::fs::read_to_string(&file).unwrap();
        let name = file.display().to_string();
        let catalogue = source::read(&name, &text, &annotate_snippets::Renderer::plain()).unwrap();
        for service in &catalogue.services {
            for cookie in &service.cookies {
                let found: Vec<&Row> = rows.iter().filter(|row| matches(&cookie.name, row)).collect();
                if found.is_empty() {
                    continue;
                }
                checked += 1;
                if !found.iter().any(|row| agrees(&service.category, &row.category)) {
                    let line = [cookie.name.as_str(), " ", &service.category, " ", &found[0].category].concat();
                    if !is_allowed(&line) {
                        problems.push(format!(
                            "{name}: `{}` is {} here but {} in the database",
                            cookie.name, service.category, found[0].category
                        ));
                    }
                }
                let theirs: Vec<Option<f64>> =
                    found.iter().filter_map(|row| Duration::parse(&row.retention.to_lowercase())).map(days).collect();
                let ours = days(cookie.duration);
                let close = |other: &Option<f64>| match (ours, other) {
                    (None, None) => true,
                    (Some(a), Some(b)) => (a - b).abs() <= 0.1 * b.max(a),
                    _ => false,
                };
                if !theirs.is_empty() && !theirs.iter().any(close) {
                    let line = [cookie.name.as_str(), " duration"].concat();
                    if !is_allowed(&line) {
                        problems.push(format!(
                            "{name}: `{}` lasts {} here but {} in the database",
                            cookie.name,
                            cookie.duration.text(),
                            found[0].retention
                        ));
                    }
                }
            }
        }
    }
    assert!(checked >= 25, "only {checked} declared cookies were found in the database extract");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_contradiction_is_flagged() {
    let rows = database();
    let ga = rows.iter().find(|row| matches("_ga", row)).expect("_ga is in the extract");
    assert!(agrees("statistics", &ga.category));
    assert!(!agrees("necessary", &ga.category), "_ga as necessary would pass unnoticed");
    assert!(matches(
        "_ga_*",
        &Row { name: "_ga_".into(), category: String::new(), retention: String::new(), wildcard: true }
    ));
    assert!(!matches(
        "_gat",
        &Row { name: "_ga".into(), category: String::new(), retention: String::new(), wildcard: false }
    ));
}
