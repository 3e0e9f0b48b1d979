use super::*;
use crate::declaration::build;
use crate::{Choice, Context};

const HOSTILE: &str = r#"</td><script>alert('x')</script> " onmouseover="x" &amp; <!-- -->"#;

#[test]
fn hostile_text_stays_text() {
    let escaped = escape(HOSTILE);
    assert_eq!(
        escaped,
        "&lt;/td&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot; onmouseover=&quot;x&quot; &amp;amp; &lt;!-- --&gt;"
    );
    for forbidden in ['<', '>', '"', '\''] {
        assert!(!escaped.contains(forbidden), "{forbidden} left in {escaped}");
    }
    assert_eq!(escape("Tidvis AB — Lagringstid: 13 månader"), "Tidvis AB — Lagringstid: 13 månader");
}

/// The fixture with markup in every free text the declaration and the
/// state show.
fn hostile() -> Catalogue {
    let mut catalogue = crate::fixture();
    catalogue.site.name = HOSTILE.into();
    for category in &mut catalogue.categories {
        category.title.0[1].1 = HOSTILE.into();
        category.description.0[1].1 = HOSTILE.into();
    }
    for service in &mut catalogue.services {
        service.name = HOSTILE.into();
        service.provider = HOSTILE.into();
        service.policy_url = HOSTILE.into();
        service.description.0[1].1 = HOSTILE.into();
        for cookie in &mut service.cookies {
            cookie.name = HOSTILE.into();
            cookie.purpose.0[1].1 = HOSTILE.into();
        }
    }
    catalogue
}

fn consent(catalogue: &Catalogue, id: &str) -> Consent {
    let choice =
        Choice::Custom { categories: vec![("statistics".into(), true)], services: vec![("linkedin".into(), true)] };
    let context = Context {
        id: id.into(),
        now: 1_795_433_324_007,
        language: "sv",
        gpc: false,
        source: crate::Source::Preferences,
    };
    Consent::decide(catalogue, &choice, None, context)
}

/// Every `<` of the markup: with hostile texts, exactly the clean
/// catalogue's, so no text opened or closed an element.
fn tags(markup: &str) -> Vec<&str> {
    markup.split('<').skip(1).map(|tag| tag.split([' ', '>']).next().unwrap_or("")).collect()
}

#[test]
fn hostile_catalogue_texts_open_and_close_nothing() {
    let clean = crate::fixture();
    let hostile = hostile();
    let render_all = |catalogue: &Catalogue| {
        let consent = consent(catalogue, "id");
        [state(catalogue, "sv", Some(&consent)), render(&build(catalogue, "sv"))].concat()
    };
    let (clean, printed) = (render_all(&clean), render_all(&hostile));
    assert_eq!(tags(&printed), tags(&clean));
    assert!(!printed.contains("<script"), "{printed}");
    assert!(printed.contains("<h3>&lt;/td&gt;&lt;script&gt;"), "{printed}");
    assert!(printed.contains("href=\"&lt;/td&gt;"), "{printed}");
}

#[test]
fn the_state_before_a_choice_says_so_and_offers_the_settings() {
    let catalogue = crate::fixture();
    let markup = state(&catalogue, "sv", None);
    assert_eq!(
        markup,
        "<section class=\"kakor-declaration-state\" lang=\"sv\">\n<h2>Ditt samtycke</h2>\n\
         <div class=\"kakor-declaration-status\"><p>Du har inte gjort något val om cookies än: bara nödvändiga \
         cookies används.</p></div>\n<p><button type=\"button\" class=\"kakor-declaration-preferences\" \
         data-action=\"preferences\">Cookieinställningar</button></p>\n</section>\n"
    );
}

#[test]
fn the_state_names_the_consent_its_dates_and_what_it_allows() {
    let catalogue = crate::fixture();
    let consent = consent(&catalogue, "0b6e2a51-7c1e-4f0e-9d55-3a2f1c0de123");
    assert_eq!(
        status(&catalogue, "sv", Some(&consent)),
        "<dl>\n<dt>Samtyckes-ID</dt>\n<dd>0b6e2a51-7c1e-4f0e-9d55-3a2f1c0de123</dd>\n\
         <dt>Lämnat</dt>\n<dd><time datetime=\"2026-11-23T11:28:44.007Z\">2026-11-23 11:28 UTC</time></dd>\n\
         <dt>Giltigt till</dt>\n<dd><time datetime=\"2027-05-22T11:28:44.007Z\">2027-05-22 11:28 UTC</time></dd>\n\
         <dt>Tillåtna</dt>\n<dd>Nödvändiga, Statistik, LinkedIn Insight Tag</dd>\n</dl>"
    );
}

#[test]
fn the_state_escapes_what_it_shows() {
    let catalogue = hostile();
    let consent = consent(&catalogue, "<b>id</b>");
    let markup = status(&catalogue, "sv", Some(&consent));
    assert!(markup.contains("<dd>&lt;b&gt;id&lt;/b&gt;</dd>"), "{markup}");
    assert!(!markup.contains("<script"), "{markup}");
}
