//! The declaration as an HTML fragment for a policy page: semantic elements,
//! class names to style it by (docs/catalogue.md, "Cookie declaration"), no
//! inline styles or scripts, so the page's own styles and CSP apply.
//!
//! `kakor declaration --format html` prints [`render`]'s markup; the banner
//! puts the same markup, after [`state`]'s, into a page's
//! `<div data-kakor-declaration>`. Every text and attribute value passes
//! through [`push_escaped`], so catalogue text can never become markup.

use super::{terms, Declaration, Entry};
use crate::texts::{Word, Words};
use crate::time::{iso8601, moment};
use crate::{Catalogue, Consent};

/// The one escaping function, for text and quoted attribute values alike:
/// the five characters that can end a text or an attribute become references.
pub fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// `text`, escaped by [`push_escaped`].
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

/// `open`, then `text` escaped, then `close`: every element with text.
fn tagged(out: &mut String, open: &str, text: &str, close: &str) {
    out.push_str(open);
    push_escaped(out, text);
    out.push_str(close);
}

pub fn render(declaration: &Declaration) -> String {
    let mut out = String::new();
    tagged(&mut out, "<section class=\"kakor-declaration\" lang=\"", &declaration.lang, "\">\n");
    tagged(&mut out, "<h2 class=\"kakor-declaration-title\">", &declaration.title, "</h2>\n");
    for paragraph in &declaration.intro {
        tagged(&mut out, "<p class=\"kakor-declaration-intro\">", paragraph, "</p>\n");
    }
    for category in &declaration.categories {
        tagged(&mut out, "<section class=\"kakor-declaration-category\" id=\"kakor-category-", &category.id, "\">\n");
        tagged(&mut out, "<h3>", &category.title, "</h3>\n");
        tagged(&mut out, "<p class=\"kakor-declaration-category-description\">", &category.description, "</p>\n");
        for service in &category.services {
            entry(&mut out, declaration, service);
        }
        out.push_str("</section>\n");
    }
    out.push_str("</section>\n");
    out
}

fn entry(out: &mut String, declaration: &Declaration, service: &Entry) {
    let labels = &declaration.labels;
    tagged(out, "<section class=\"kakor-declaration-service\" id=\"kakor-service-", &service.id, "\">\n");
    tagged(out, "<h4>", &service.name, "</h4>\n");
    tagged(out, "<p class=\"kakor-declaration-service-description\">", &service.description, "</p>\n");
    out.push_str("<dl class=\"kakor-declaration-facts\">\n");
    for (label, value) in service.facts(labels) {
        tagged(out, "<dt>", label, "</dt>\n");
        tagged(out, "<dd>", value, "</dd>\n");
    }
    out.push_str("</dl>\n");
    tagged(out, "<p class=\"kakor-declaration-policy\"><a href=\"", &service.policy_url, "\">");
    tagged(out, "", &service.policy_label, "</a></p>\n");
    if service.rows.is_empty() {
        tagged(out, "<p class=\"kakor-declaration-no-cookies\">", &service.no_cookies, "</p>\n");
        out.push_str("</section>\n");
        return;
    }
    out.push_str("<table class=\"kakor-declaration-cookies\">\n");
    tagged(out, "<caption>", &service.caption, "</caption>\n<thead>\n<tr>");
    for label in [&labels.cookie, &labels.purpose, &labels.duration, &labels.party, &labels.kind] {
        tagged(out, "<th scope=\"col\">", label, "</th>");
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    for row in &service.rows {
        tagged(out, "<tr><th scope=\"row\"><code>", &row.name, "</code></th>");
        for cell in [&row.purpose, &row.duration, &row.party, &row.kind] {
            tagged(out, "<td>", cell, "</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// The visitor's own consent, which the banner puts above the declaration:
/// a heading, the [`status`] in its `kakor-declaration-status` box, and the
/// button that opens the banner's preferences (`data-action="preferences"`).
pub fn state(catalogue: &Catalogue, lang: &str, consent: Option<&Consent>) -> String {
    let words = Words::new(catalogue, lang);
    let mut out = String::new();
    tagged(&mut out, "<section class=\"kakor-declaration-state\" lang=\"", lang, "\">\n");
    tagged(&mut out, "<h2>", terms(lang).state_title, "</h2>\n<div class=\"kakor-declaration-status\">");
    out.push_str(&status(catalogue, lang, consent));
    out.push_str("</div>\n");
    tagged(
        &mut out,
        "<p><button type=\"button\" class=\"kakor-declaration-preferences\" data-action=\"preferences\">",
        words.get(Word::Reopen),
        "</button></p>\n</section>\n",
    );
    out
}

/// The consent id, when it was given, until when it is valid and what it
/// allows: categories, then services allowed on their own. Before any
/// choice, a sentence that says so.
pub fn status(catalogue: &Catalogue, lang: &str, consent: Option<&Consent>) -> String {
    let words = Words::new(catalogue, lang);
    let mut out = String::new();
    let Some(consent) = consent else {
        tagged(&mut out, "<p>", terms(lang).undecided, "</p>");
        return out;
    };
    out.push_str("<dl>\n");
    tagged(&mut out, "<dt>", words.get(Word::ConsentId), "</dt>\n");
    tagged(&mut out, "<dd>", &consent.id, "</dd>\n");
    for (word, ms) in [(Word::Given, consent.timestamp), (Word::ValidUntil, consent.expires)] {
        tagged(&mut out, "<dt>", words.get(word), "</dt>\n");
        tagged(&mut out, "<dd><time datetime=\"", &iso8601(ms), "\">");
        tagged(&mut out, "", &moment(ms), "</time></dd>\n");
    }
    tagged(&mut out, "<dt>", terms(lang).granted, "</dt>\n<dd>");
    let fallback = catalogue.default_language();
    fn on((id, on): &(String, bool)) -> Option<&str> {
        on.then_some(id.as_str())
    }
    let categories = consent.categories.iter().filter_map(on).filter_map(|id| catalogue.category(id));
    let mut names: Vec<&str> = categories.map(|category| category.title.pick(lang, fallback)).collect();
    let services = consent.services.iter().filter_map(on).filter_map(|id| catalogue.service(id));
    names.extend(services.filter(|service| !consent.allows(&service.category)).map(|service| service.name.as_str()));
    for (i, name) in names.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        push_escaped(&mut out, name);
    }
    out.push_str("</dd>\n</dl>");
    out
}

#[cfg(test)]
mod tests;
