//! The declaration in GitHub Flavored Markdown, for sites whose policy page
//! is written in Markdown (static site generators, a repository's docs).

use super::{Declaration, Entry};

/// Every text goes through this, in a paragraph, a heading, a list item, a
/// table cell or a link's `<…>` destination alike. Line breaks and other
/// control characters become spaces (a newline would end a table row), and
/// every character Markdown or GitHub gives a meaning to is backslash-escaped:
/// `|` (a cell's end), `<` and `&` (HTML and references), emphasis, code,
/// links, strikethrough, `$` (GitHub's maths) and `#`. What could start a
/// block at the start of a line (`- `, `+ `, `1. `, `=`) is escaped there.
pub fn escape(text: &str) -> String {
    let flat: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let flat = flat.trim();
    let mut out = String::with_capacity(flat.len() + 8);
    let digits = flat.bytes().take_while(u8::is_ascii_digit).count();
    for (i, c) in flat.char_indices() {
        let special = matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '#' | '~' | '$' | '!');
        let starts_block =
            (i == 0 && matches!(c, '-' | '+' | '=')) || (i == digits && digits > 0 && matches!(c, '.' | ')'));
        if special || starts_block {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub fn render(declaration: &Declaration) -> String {
    let e = escape;
    let mut out = format!("## {}\n\n", e(&declaration.title));
    for paragraph in &declaration.intro {
        out += &format!("{}\n\n", e(paragraph));
    }
    for category in &declaration.categories {
        out += &format!("### {}\n\n{}\n\n", e(&category.title), e(&category.description));
        for service in &category.services {
            entry(&mut out, declaration, service);
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

fn entry(out: &mut String, declaration: &Declaration, service: &Entry) {
    let e = escape;
    let labels = &declaration.labels;
    *out += &format!("#### {}\n\n{}\n\n", e(&service.name), e(&service.description));
    for (label, value) in service.facts(labels) {
        *out += &format!("- **{}:** {}\n", e(label), e(value));
    }
    *out += &format!("- [{}](<{}>)\n\n", e(&service.policy_label), e(&service.policy_url));
    if service.rows.is_empty() {
        *out += &format!("{}\n\n", e(&service.no_cookies));
        return;
    }
    let header = [&labels.cookie, &labels.purpose, &labels.duration, &labels.party, &labels.kind];
    *out += &table_row(header.map(|label| e(label)));
    *out += "| --- | --- | --- | --- | --- |\n";
    for row in &service.rows {
        *out += &table_row([&row.name, &row.purpose, &row.duration, &row.party, &row.kind].map(|cell| e(cell)));
    }
    *out += "\n";
}

fn table_row(cells: [String; 5]) -> String {
    format!("| {} |\n", cells.join(" | "))
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn hostile_text_stays_text() {
        assert_eq!(
            escape("a | b\nc\r\n<script>alert(1)</script> &amp;"),
            r"a \| b c  \<script\>alert(1)\</script\> \&amp;"
        );
        assert_eq!(
            escape("**bold** _it_ `code` [link](javascript:x) ~~del~~ $x$ # h"),
            r"\*\*bold\*\* \_it\_ \`code\` \[link\](javascript:x) \~\~del\~\~ \$x\$ \# h"
        );
        assert_eq!(escape("![img](x)"), r"\!\[img\](x)");
        assert_eq!(escape(r"back\slash"), r"back\\slash");
    }

    #[test]
    fn what_would_start_a_block_is_escaped_only_there() {
        assert_eq!(escape("- item"), r"\- item");
        assert_eq!(escape("+ item"), r"\+ item");
        assert_eq!(escape("2024. A year"), r"2024\. A year");
        assert_eq!(escape("1) one"), r"1\) one");
        assert_eq!(escape("=== "), r"\===");
        assert_eq!(escape("   > quoted"), r"\> quoted");
        assert_eq!(escape("EU–US 2024. 13-month cap, 3.5 (est.)"), "EU–US 2024. 13-month cap, 3.5 (est.)");
        assert_eq!(escape("_ga_*"), r"\_ga\_\*");
    }
}
