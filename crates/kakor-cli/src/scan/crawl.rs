//! Which pages the scan visits: the start URL, then same-origin links in the
//! order they are found, each once, up to the page limit.

use super::ScanError;
use std::collections::{HashSet, VecDeque};
use url::Url;

/// Reads the start URL: only http(s), since the scanner audits web pages.
pub fn start(text: &str) -> Result<Url, ScanError> {
    let url =
        Url::parse(text).map_err(|error| ScanError::BadUrl { url: text.to_string(), reason: error.to_string() })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(ScanError::BadUrl {
            url: text.to_string(),
            reason: format!("`{}:` is not a web address; expected http:// or https://", url.scheme()),
        });
    }
    Ok(without_fragment(url))
}

fn without_fragment(mut url: Url) -> Url {
    url.set_fragment(None);
    url
}

/// Query parameters that only say where a visitor came from: a page with or
/// without them is one page.
const TRACKING: &[&str] =
    &["gclid", "dclid", "gbraid", "wbraid", "fbclid", "msclkid", "mc_cid", "mc_eid", "_ga", "_gl"];

/// The page's address without its fragment and tracking parameters
/// (`utm_*` and the click ids of [`TRACKING`]).
fn normalised(url: Url) -> Url {
    let mut url = without_fragment(url);
    if url.query().is_some() {
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(name, _)| !name.starts_with("utm_") && !TRACKING.contains(&name.as_ref()))
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        if kept.is_empty() {
            url.set_query(None);
        } else {
            url.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    url
}

/// Whether a page that started on `start`'s site ended at `location` on
/// another one (by a redirect or by its own navigation). Pages that are not
/// web pages (`about:blank`, an error page) have not left.
pub fn leaves(start: &Url, location: &str) -> bool {
    let Ok(location) = Url::parse(location) else { return false };
    if !matches!(location.scheme(), "http" | "https") {
        return false;
    }
    let site = |url: &Url| url.host_str().map(|host| super::findings::site(host).to_string());
    site(&location) != site(start)
}

/// The pages still to visit and those already queued.
pub struct Frontier {
    origin: url::Origin,
    limit: usize,
    queue: VecDeque<Url>,
    seen: HashSet<String>,
}

impl Frontier {
    pub fn new(start: Url, limit: usize) -> Frontier {
        let mut seen = HashSet::new();
        seen.insert(start.to_string());
        Frontier { origin: start.origin(), limit, queue: VecDeque::from([start]), seen }
    }

    /// Queues the links of a visited page that stay on the start URL's origin
    /// and are not downloads the browser would not render as a page.
    pub fn add_links(&mut self, links: &[String]) {
        for link in links {
            if self.seen.len() >= self.limit {
                return;
            }
            let Ok(url) = Url::parse(link) else { continue };
            let url = normalised(url);
            if url.origin() != self.origin || is_download(&url) {
                continue;
            }
            if self.seen.insert(url.to_string()) {
                self.queue.push_back(url);
            }
        }
    }

    /// Notes that a page ended at `location` (a same-site redirect), so that a
    /// link there is not visited again. Says whether the page is new: false
    /// when `location` is another page already visited or queued.
    pub fn landed(&mut self, url: &Url, location: &str) -> bool {
        let Ok(location) = Url::parse(location).map(normalised) else { return true };
        location == *url || self.seen.insert(location.to_string())
    }

    pub fn next(&mut self) -> Option<Url> {
        self.queue.pop_front()
    }

    /// How many pages the crawl will visit as far as it knows now.
    pub fn planned(&self) -> usize {
        self.seen.len()
    }
}

fn is_download(url: &Url) -> bool {
    let path = url.path().to_ascii_lowercase();
    [".pdf", ".zip", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".mp4", ".mp3", ".css", ".js", ".json", ".xml"]
        .iter()
        .any(|extension| path.ends_with(extension))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_start_a_scan() {
        assert!(start("http://127.0.0.1:8080/#top").is_ok_and(|url| url.as_str() == "http://127.0.0.1:8080/"));
        let error = start("ftp://example.com/").unwrap_err().to_string();
        assert!(error.contains("`ftp:` is not a web address"), "{error}");
        assert!(start("not a url").is_err());
    }

    #[test]
    fn tracking_parameters_make_no_new_page() {
        let mut frontier = Frontier::new(start("http://a.test/").unwrap(), 10);
        frontier.add_links(&[
            "http://a.test/?utm_source=news&utm_medium=mail".into(),
            "http://a.test/plans?utm_campaign=x&plan=pro&gclid=1".into(),
            "http://a.test/plans?plan=pro".into(),
        ]);
        let mut visited = Vec::new();
        while let Some(url) = frontier.next() {
            visited.push(url.to_string());
        }
        assert_eq!(visited, ["http://a.test/", "http://a.test/plans?plan=pro"]);
    }

    #[test]
    fn a_redirect_to_a_known_page_is_no_new_page() {
        let mut frontier = Frontier::new(start("http://a.test/").unwrap(), 10);
        frontier.add_links(&["http://a.test/old".into(), "http://a.test/new".into()]);
        let old = Url::parse("http://a.test/old").unwrap();
        assert!(!frontier.landed(&old, "http://a.test/new?utm_source=x"), "/new is queued already");
        assert!(frontier.landed(&old, "http://a.test/old"), "no redirect");
        assert!(frontier.landed(&old, "http://a.test/newest"));
        frontier.add_links(&["http://a.test/newest".into()]);
        assert_eq!(frontier.planned(), 4);
    }

    #[test]
    fn landing_on_another_site_leaves_it() {
        let start = start("http://www.a.test/").unwrap();
        assert!(leaves(&start, "http://partner.test/welcome"));
        assert!(!leaves(&start, "https://shop.a.test/"));
        assert!(!leaves(&start, "about:blank"));
        assert!(!leaves(&start, "chrome-error://chromewebdata/"));
    }

    #[test]
    fn same_origin_links_once_up_to_the_limit() {
        let mut frontier = Frontier::new(start("http://a.test/").unwrap(), 3);
        frontier.add_links(&[
            "http://a.test/one#x".into(),
            "http://a.test/one".into(),
            "http://b.test/elsewhere".into(),
            "https://a.test/other-scheme".into(),
            "http://a.test/file.pdf".into(),
            "http://a.test/two".into(),
            "http://a.test/three".into(),
        ]);
        let mut visited = Vec::new();
        while let Some(url) = frontier.next() {
            visited.push(url.path().to_string());
        }
        assert_eq!(visited, ["/", "/one", "/two"]);
    }
}
