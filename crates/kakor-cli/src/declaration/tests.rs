use super::*;
use annotate_snippets::Renderer;
use kakor_core::catalogue::{Duration, Unit, NECESSARY};
use kakor_core::own::{COOKIE, PROOFS};

fn catalogue(extra: &str) -> Catalogue {
    let text = format!(
        r#"
[site]
name = "Acme <Shop>"
policy_url = "https://acme.example/privacy"
languages = ["sv", "en"]
consent_days = 180
{extra}

[[categories]]
id = "necessary"
title = {{ sv = "Nödvändiga", en = "Necessary" }}
description = {{ sv = "Alltid på.", en = "Always on." }}

[[categories]]
id = "statistics"
title = {{ sv = "Statistik", en = "Statistics" }}
description = {{ sv = "Räknar besök.", en = "Counts visits." }}

[[services]]
id = "matomo"
name = "Matomo"
category = "statistics"
provider = "Acme"
policy_url = "https://acme.example/privacy"
data_location = {{ sv = "Sverige", en = "Sweden" }}
safeguard = {{ sv = "Inom EU", en = "Within the EU" }}
description = {{ sv = "Besöksstatistik.", en = "Visit statistics." }}
cookies = [
  {{ name = "_pk_ses.*", purpose = {{ sv = "Sessionen.", en = "The session." }}, duration = "session", party = "first" }},
  {{ name = "_pk_id.*", purpose = {{ sv = "Besökaren.", en = "The visitor." }}, duration = "13 months", party = "third", domain = ".matomo.example" }},
]
"#
    );
    kakor_core::source::read_toml("test.toml", &text, &Renderer::plain()).expect("valid catalogue")
}

fn rows(section: &Section) -> Vec<(&str, &str, &str)> {
    section
        .services
        .iter()
        .flat_map(|s| &s.rows)
        .map(|r| (r.name.as_str(), r.duration.as_str(), r.kind.as_str()))
        .collect()
}

#[test]
fn kakor_is_listed_under_necessary_with_its_real_lifetimes() {
    let declaration = build(&catalogue(""), "sv").unwrap();
    let necessary = &declaration.categories[0];
    assert_eq!(necessary.services[0].name, "kakor");
    assert_eq!(necessary.services[0].provider, "Acme <Shop>");
    assert_eq!(
        rows(necessary),
        [
            ("kakor", "180 dagar", "Permanent cookie"),
            ("kakor.proofs", "Tills du raderar den", "Lokal lagring"),
            ("kakor.decision", "Raderas direkt", "Lokal lagring"),
        ],
        "no endpoint, so no outbox"
    );
    let statistics = &declaration.categories[1];
    assert_eq!(
        rows(statistics),
        [("_pk_ses.*", "Tills webbläsaren stängs", "Sessionscookie"), ("_pk_id.*", "13 månader", "Permanent cookie")]
    );
    assert_eq!(statistics.services[0].rows[1].party, "Tredje part (.matomo.example)");
    assert_eq!(declaration.labels.duration, "Lagringstid");
    assert!(declaration.intro[1].contains("Nödvändiga, Statistik"), "{}", declaration.intro[1]);
}

#[test]
fn the_outbox_is_listed_when_proofs_go_to_an_endpoint() {
    let declaration = build(&catalogue(r#"endpoint = "/consent""#), "en").unwrap();
    let names: Vec<_> = rows(&declaration.categories[0]).into_iter().map(|(name, ..)| name).collect();
    assert_eq!(names, ["kakor", "kakor.proofs", "kakor.outbox", "kakor.decision"]);
    assert!(declaration.categories[0].services[0].data_location.contains("sent to Acme <Shop>"));
}

#[test]
fn an_owner_declared_kakor_service_keeps_its_words_and_gets_the_real_lifetime() {
    let mut catalogue = catalogue("");
    let mut own = catalogue.services[0].clone();
    own.id = "consent".into();
    own.name = "Samtycke".into();
    own.category = NECESSARY.into();
    own.cookies.truncate(1);
    own.cookies[0].name = COOKIE.into();
    own.cookies[0].duration = Duration::Span(1, Unit::Years);
    catalogue.services.push(own);
    let declaration = build(&catalogue, "sv").unwrap();
    let necessary = &declaration.categories[0];
    assert_eq!(necessary.services.len(), 1, "no second kakor entry");
    assert_eq!(necessary.services[0].name, "Samtycke");
    assert_eq!(necessary.services[0].rows[0].purpose, "Sessionen.", "the owner's purpose");
    assert_eq!(
        rows(necessary),
        [
            ("kakor", "180 dagar", "Permanent cookie"),
            ("kakor.proofs", "Tills du raderar den", "Lokal lagring"),
            ("kakor.decision", "Raderas direkt", "Lokal lagring"),
        ]
    );
}

#[test]
fn kakor_names_outside_necessary_are_refused_with_their_path() {
    let mut catalogue = catalogue("");
    catalogue.services[0].cookies[1].name = PROOFS.into();
    let error = build(&catalogue, "sv").unwrap_err();
    assert!(matches!(error, Error::OwnOutsideNecessary { .. }));
    assert!(error.to_string().starts_with("services[0].cookies[1].name: `kakor.proofs` is kakor's own"), "{error}");
}

#[test]
fn only_the_catalogues_languages() {
    let error = build(&catalogue(""), "de").unwrap_err();
    assert_eq!(error.to_string(), "the catalogue is not written in `de`; --lang takes one of its languages: sv, en");
}

#[test]
fn overridden_words_are_used() {
    let catalogue = catalogue("\n[texts]\nprovider = { sv = \"Tillhandahålls av\" }\n");
    let declaration = build(&catalogue, "sv").unwrap();
    assert_eq!(declaration.labels.provider, "Tillhandahålls av");
}

#[test]
fn a_service_on_the_sites_own_policy_links_it_as_such() {
    let mut catalogue = catalogue("");
    let declaration = build(&catalogue, "en").unwrap();
    assert_eq!(declaration.categories[1].services[0].policy_label, "Privacy policy");
    catalogue.services[0].policy_url = "https://matomo.example/privacy".into();
    let declaration = build(&catalogue, "en").unwrap();
    assert_eq!(declaration.categories[1].services[0].policy_label, "Privacy policy of Matomo");
}

/// A catalogue whose every free text tries to break out of its place.
fn hostile() -> Catalogue {
    let mut catalogue = catalogue("");
    let attack = "<img src=x onerror=alert(1)> | **b** \n\n# h\n| x | y |\n&amp; [l](javascript:alert(1))";
    catalogue.site.name = attack.into();
    catalogue.categories[1].title.0[1].1 = attack.into();
    let service = &mut catalogue.services[0];
    service.name = attack.into();
    service.provider = attack.into();
    service.description.0[1].1 = attack.into();
    service.cookies[0].purpose.0[1].1 = attack.into();
    catalogue.services[0].policy_url = "https://acme.example/a_b?c=1&d=<2>\"".into();
    catalogue
}

#[test]
fn hostile_texts_stay_text_in_html() {
    let printed = render(&hostile(), "en", Format::Html).unwrap();
    assert!(!printed.contains("<img"), "{printed}");
    assert!(printed.contains("&lt;img src=x onerror=alert(1)&gt; | **b**"), "{printed}");
    assert!(printed.contains("href=\"https://acme.example/a_b?c=1&amp;d=&lt;2&gt;&quot;\""), "{printed}");
    // The structure is the one of a clean catalogue: nothing opened or closed.
    for tag in ["<section", "</section>", "<tr>", "<td>", "<h3>", "<h4>", "<a "] {
        let clean = render(&catalogue(""), "en", Format::Html).unwrap();
        assert_eq!(printed.matches(tag).count(), clean.matches(tag).count(), "{tag}");
    }
}

#[test]
fn hostile_texts_stay_text_in_markdown_as_github_renders_it() {
    use pulldown_cmark::{html, Options, Parser};
    let printed = render(&hostile(), "en", Format::Markdown).unwrap();
    let mut rendered = String::new();
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_MATH;
    html::push_html(&mut rendered, Parser::new_ext(&printed, options));
    assert!(!rendered.contains("<img"), "{rendered}");
    assert!(!rendered.contains("javascript:alert(1)\""), "{rendered}");
    assert!(!rendered.contains("<strong>b</strong>"), "{rendered}");
    assert!(
        rendered
            .contains("&lt;img src=x onerror=alert(1)&gt; | **b**   # h | x | y | &amp;amp; [l](javascript:alert(1))"),
        "{rendered}"
    );
    assert!(rendered.contains("<a href=\"https://acme.example/a_b?c=1&amp;d=%3C2%3E%22\">"), "{rendered}");
    // Headings: the declaration's, two categories', two services'; tables: two, five cells a row.
    assert_eq!(rendered.matches("<h").count() - rendered.matches("<hr").count(), 1 + 2 + 2, "{rendered}");
    assert_eq!(rendered.matches("<table>").count(), 2, "{rendered}");
    assert_eq!(rendered.matches("<td>").count(), 5 * (3 + 2), "{rendered}");
}

#[test]
fn the_kakor_cookie_lives_as_long_as_a_consent_or_a_refusal_holds() {
    let row = |catalogue: &Catalogue, lang: &str| {
        let declaration = build(catalogue, lang).unwrap();
        let kakor = &declaration.categories[0].services[0];
        kakor.rows.iter().find(|row| row.name == "kakor").map(|row| row.duration.clone()).unwrap()
    };
    assert_eq!(row(&catalogue(""), "en"), "180 days");
    let refusals = catalogue("reject_days = 30");
    assert_eq!(row(&refusals, "en"), "180 days; 30 days after “Reject all”");
    assert_eq!(row(&refusals, "sv"), "180 dagar; 30 dagar efter ”Avvisa alla”");
}

#[test]
fn the_controllers_are_named_first_with_registration_and_contact() {
    let named = catalogue(
        "controller = { name = \"Acme AB\", registration = \"556000-0000\", contact = \"privacy@acme.example\", \
         joint = [{ name = \"Partner Oy\", contact = \"Helsinki\" }] }",
    );
    let declaration = build(&named, "sv").unwrap();
    assert_eq!(
        declaration.intro[0],
        "Personuppgiftsansvarig: Acme AB (556000-0000, privacy@acme.example); Partner Oy (Helsinki)."
    );
    assert_eq!(build(&catalogue(""), "sv").unwrap().intro.len(), 3, "no line without a controller");
}
