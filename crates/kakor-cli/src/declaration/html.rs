//! The declaration as an HTML fragment for a policy page: semantic elements,
//! class names to style it by (docs/catalogue.md, "Cookie declaration"), no
//! inline styles or scripts, so the page's own styles and CSP apply.

use super::{Declaration, Entry};

/// Every text and attribute value goes through this: the five characters
/// that can end a text or a quoted attribute become references.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
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
    out
}

pub fn render(declaration: &Declaration) -> String {
    let mut out = String::new();
    let e = escape;
    out += &format!("<section class=\"kakor-declaration\" lang=\"{}\">\n", e(&declaration.lang));
    out += &format!("<h2 class=\"kakor-declaration-title\">{}</h2>\n", e(&declaration.title));
    for paragraph in &declaration.intro {
        out += &format!("<p class=\"kakor-declaration-intro\">{}</p>\n", e(paragraph));
    }
    for category in &declaration.categories {
        out += &format!("<section class=\"kakor-declaration-category\" id=\"kakor-category-{}\">\n", e(&category.id));
        out += &format!("<h3>{}</h3>\n", e(&category.title));
        out += &format!("<p class=\"kakor-declaration-category-description\">{}</p>\n", e(&category.description));
        for service in &category.services {
            entry(&mut out, declaration, service);
        }
        out += "</section>\n";
    }
    out += "</section>\n";
    out
}

fn entry(out: &mut String, declaration: &Declaration, service: &Entry) {
    let e = escape;
    let labels = &declaration.labels;
    *out += &format!("<section class=\"kakor-declaration-service\" id=\"kakor-service-{}\">\n", e(&service.id));
    *out += &format!("<h4>{}</h4>\n", e(&service.name));
    *out += &format!("<p class=\"kakor-declaration-service-description\">{}</p>\n", e(&service.description));
    *out += "<dl class=\"kakor-declaration-facts\">\n";
    for (label, value) in service.facts(labels) {
        *out += &format!("<dt>{}</dt>\n<dd>{}</dd>\n", e(label), e(value));
    }
    *out += "</dl>\n";
    *out += &format!(
        "<p class=\"kakor-declaration-policy\"><a href=\"{}\">{}</a></p>\n",
        e(&service.policy_url),
        e(&service.policy_label)
    );
    if service.rows.is_empty() {
        *out += &format!("<p class=\"kakor-declaration-no-cookies\">{}</p>\n", e(&service.no_cookies));
        *out += "</section>\n";
        return;
    }
    *out += "<table class=\"kakor-declaration-cookies\">\n";
    *out += &format!("<caption>{}</caption>\n<thead>\n<tr>", e(&service.caption));
    for label in [&labels.cookie, &labels.purpose, &labels.duration, &labels.party, &labels.kind] {
        *out += &format!("<th scope=\"col\">{}</th>", e(label));
    }
    *out += "</tr>\n</thead>\n<tbody>\n";
    for row in &service.rows {
        *out += &format!("<tr><th scope=\"row\"><code>{}</code></th>", e(&row.name));
        for cell in [&row.purpose, &row.duration, &row.party, &row.kind] {
            *out += &format!("<td>{}</td>", e(cell));
        }
        *out += "</tr>\n";
    }
    *out += "</tbody>\n</table>\n</section>\n";
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn hostile_text_stays_text() {
        let hostile = r#"</td><script>alert('x')</script> " onmouseover="x" &amp; <!-- -->"#;
        let escaped = escape(hostile);
        assert_eq!(
            escaped,
            "&lt;/td&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot; onmouseover=&quot;x&quot; &amp;amp; &lt;!-- --&gt;"
        );
        for forbidden in ['<', '>', '"', '\''] {
            assert!(!escaped.contains(forbidden), "{forbidden} left in {escaped}");
        }
        assert_eq!(escape("Tidvis AB — Lagringstid: 13 månader"), "Tidvis AB — Lagringstid: 13 månader");
    }
}
