//! `kakor declaration` over the four example sites: the output, in each
//! site's first language and in both formats, equals the reviewed golden
//! file in tests/golden/ (`KAKOR_BLESS=1` rewrites them after a deliberate
//! change; review the diff), and every declared cookie is listed exactly once
//! with its duration in words.

use super::{kakor, root, text};
use annotate_snippets::Renderer;
use kakor_cli::declaration::{html, markdown};
use kakor_core::catalogue::{Catalogue, Duration, Unit};
use kakor_core::own::{COOKIE, DECISION, PROOFS};
use kakor_core::source;
use kakor_core::texts::Words;
use std::path::PathBuf;

const SITES: [&str; 4] = ["construction-tech", "fintech", "norwegian-software", "swedish-saas"];

fn catalogue(site: &str) -> (PathBuf, Catalogue) {
    let file = PathBuf::from("www/examples").join(site).join("catalogue.json");
    let text = std::fs::read_to_string(root().join(&file)).unwrap();
    let catalogue = source::read(&file.display().to_string(), &text, &Renderer::plain()).unwrap();
    (file, catalogue)
}

fn golden(site: &str, extension: &str) -> PathBuf {
    root().join("crates/kakor-cli/tests/golden").join(format!("{site}.{extension}"))
}

/// Runs the real command, checks it against the golden file and returns it.
fn declaration(site: &str, format: &str, extension: &str) -> String {
    let (file, catalogue) = catalogue(site);
    let lang = catalogue.default_language();
    let out = kakor(&["declaration", file.to_str().unwrap(), "--lang", lang, "--format", format]);
    assert!(out.status.success(), "{site}: {}", text(&out.stderr));
    let printed = text(&out.stdout);
    let path = golden(site, extension);
    if std::env::var_os("KAKOR_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &printed).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        printed == expected,
        "{} differs from the output; if the change is meant, rerun with KAKOR_BLESS=1 and review the diff",
        path.display()
    );
    printed
}

/// Every cookie of the catalogue, with the duration the declaration must
/// give it: the `kakor` cookie lives as long as the consent.
fn expected_rows(catalogue: &Catalogue) -> Vec<(String, String)> {
    let words = Words::new(catalogue, catalogue.default_language());
    let consent = Duration::Span(catalogue.site.consent_days, Unit::Days);
    catalogue
        .services
        .iter()
        .flat_map(|service| &service.cookies)
        .map(|cookie| {
            let duration = if cookie.name == COOKIE { consent } else { cookie.duration };
            (cookie.name.clone(), words.duration(duration))
        })
        .collect()
}

#[test]
fn html_declarations_match_the_golden_files_and_list_every_cookie_once() {
    for site in SITES {
        let printed = declaration(site, "html", "html");
        let (_, catalogue) = catalogue(site);
        let mut rows = expected_rows(&catalogue);
        rows.push((PROOFS.into(), String::new()));
        rows.push((DECISION.into(), String::new()));
        for (name, duration) in rows {
            let head = format!("<tr><th scope=\"row\"><code>{}</code></th>", html::escape(&name));
            let found: Vec<&str> = printed.lines().filter(|line| line.starts_with(&head)).collect();
            assert_eq!(found.len(), 1, "{site}: {name} listed {} times", found.len());
            let cells: Vec<&str> = found[0].split("<td>").skip(1).collect();
            assert_eq!(cells.len(), 4, "{site}: {}", found[0]);
            if !duration.is_empty() {
                assert_eq!(cells[1], format!("{}</td>", html::escape(&duration)), "{site}: {name}");
            }
        }
        for forbidden in [" style=", "<script", "<style"] {
            assert!(!printed.contains(forbidden), "{site}: {forbidden}");
        }
    }
}

#[test]
fn markdown_declarations_match_the_golden_files_and_list_every_cookie_once() {
    for site in SITES {
        let printed = declaration(site, "markdown", "md");
        let (_, catalogue) = catalogue(site);
        let mut rows = expected_rows(&catalogue);
        rows.push((PROOFS.into(), String::new()));
        rows.push((DECISION.into(), String::new()));
        for (name, duration) in rows {
            let head = format!("| {} | ", markdown::escape(&name));
            let found: Vec<&str> = printed.lines().filter(|line| line.starts_with(&head)).collect();
            assert_eq!(found.len(), 1, "{site}: {name} listed {} times", found.len());
            // Cells split on unescaped pipes: ` | ` never occurs inside an escaped cell.
            let cells: Vec<&str> = found[0].trim_matches(['|', ' ']).split(" | ").collect();
            assert_eq!(cells.len(), 5, "{site}: {}", found[0]);
            if !duration.is_empty() {
                assert_eq!(cells[2], markdown::escape(&duration), "{site}: {name}");
            }
        }
    }
}

#[test]
fn declaration_writes_to_a_file_in_another_language() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("declaration.md");
    let out = kakor(&[
        "declaration",
        "www/examples/swedish-saas/catalogue.json",
        "--lang",
        "en",
        "--format",
        "markdown",
        "--output",
        output.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    let written = std::fs::read_to_string(&output).unwrap();
    assert!(written.starts_with("## Cookie declaration\n"), "{written}");
    assert!(written.contains("| kakor | Stores your cookie choice, so we ask only once. | 365 days |"), "{written}");
}

#[test]
fn declaration_refuses_a_language_the_catalogue_lacks() {
    let out = kakor(&["declaration", "www/examples/swedish-saas/catalogue.json", "--lang", "de"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("the catalogue is not written in `de`; --lang takes one of its languages: sv, en"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn declaration_refuses_an_invalid_catalogue() {
    let out = kakor(&["declaration", "tests/fixtures/catalogues/broken.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
}

#[test]
fn declaration_speaks_the_catalogues_first_language_by_default() {
    let out = kakor(&["declaration", "www/examples/norwegian-software/catalogue.json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), std::fs::read_to_string(golden("norwegian-software", "html")).unwrap());
}

#[test]
fn declaration_refuses_kakors_own_names_outside_necessary() {
    let (_, mut catalogue) = catalogue("swedish-saas");
    let own = catalogue.services[0].cookies.remove(0);
    catalogue.services[1].cookies.push(own);
    // The texts changed, so the example's hashes of them no longer hold.
    catalogue.texts_sha256 = Default::default();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("moved.json");
    std::fs::write(&file, serde_json::to_string(&catalogue).unwrap()).unwrap();
    let out = kakor(&["declaration", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert!(
        err.contains("moved.json: services[1].cookies[5].name: `kakor` is kakor's own and strictly necessary"),
        "{err}"
    );
}
