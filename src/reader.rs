//! Reads a catalogue (or `set()`'s argument) from a parsed JSON value, naming
//! the JSON path of the first problem.
//!
//! Hand-written over `js_sys::Reflect` rather than serde-wasm-bindgen's
//! `from_value`, which costs about 11.7 KB brotli.
//! The shape is the one `kakor-core`'s serde derives give `categories.toml`.

use js_sys::{Array, Object, Reflect};
use kakor_core::consent_mode::ConsentMode;
use kakor_core::diag::{index, join};
use kakor_core::{
    Catalogue, Category, Choice, Cookie, Diagnostic, Duration, Localized, Party, Position, Service, Site, Table, Theme,
};
use wasm_bindgen::{JsCast, JsValue};

type Read<T> = Result<T, Diagnostic>;

pub fn catalogue(value: &JsValue) -> Read<Catalogue> {
    let root = object(value, "", &["site", "categories", "services", "texts", "consent_mode"])?;
    let site = field(&root, "", "site")?;
    let site_path = "site";
    let site = object(
        &site,
        site_path,
        &["name", "policy_url", "languages", "consent_days", "endpoint", "reopen", "reload", "position", "theme"],
    )?;
    let days = field(&site, site_path, "consent_days")?;
    let consent_days = if days.is_undefined() {
        365
    } else {
        let number = days.as_f64().filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n <= 1e6);
        number.ok_or_else(|| expected(&join(site_path, "consent_days"), "a whole number of days"))? as u32
    };
    let languages = list(&site, site_path, "languages", string)?;
    Ok(Catalogue {
        site: Site {
            name: text(&site, site_path, "name")?,
            policy_url: text(&site, site_path, "policy_url")?,
            languages,
            consent_days,
            endpoint: optional_text(&site, site_path, "endpoint")?,
            reopen: flag(&site, site_path, "reopen", true)?,
            reload: flag(&site, site_path, "reload", true)?,
            position: keyword(&site, site_path, "position", Position::parse, "`bar`, `box` or `modal`")?,
            theme: keyword(&site, site_path, "theme", Theme::parse, "`auto`, `light` or `dark`")?,
        },
        categories: list(&root, "", "categories", category)?,
        services: optional_list(&root, "", "services", service)?,
        texts: texts(&root)?,
        consent_mode: consent_mode(&root)?,
    })
}

/// `{ "regions": […], "url_passthrough": false, "signals": { signal: category } }`.
fn consent_mode(root: &Object) -> Read<Option<ConsentMode>> {
    let value = field(root, "", "consent_mode")?;
    if value.is_undefined() {
        return Ok(None);
    }
    let path = "consent_mode";
    let mode = object(&value, path, &["regions", "url_passthrough", "signals"])?;
    let signals = field(&mode, path, "signals")?;
    let mut pairs = Vec::new();
    if !signals.is_undefined() {
        let table = object(&signals, "consent_mode.signals", &[])?;
        for signal in Object::keys(&table).iter().filter_map(|k| k.as_string()) {
            let category = text(&table, "consent_mode.signals", &signal)?;
            pairs.push((signal, category));
        }
    }
    Ok(Some(ConsentMode {
        regions: optional_list(&mode, path, "regions", string)?,
        url_passthrough: flag(&mode, path, "url_passthrough", false)?,
        signals: Table(pairs),
    }))
}

/// `{ "accept_all": { "sv": "…" } }`: which words exist is for `validate`.
fn texts(root: &Object) -> Read<Table<Localized>> {
    let value = field(root, "", "texts")?;
    if value.is_undefined() {
        return Ok(Table::default());
    }
    let table = object(&value, "texts", &[])?;
    let mut out = Vec::new();
    for key in Object::keys(&table).iter().filter_map(|k| k.as_string()) {
        let words = localized(&table, "texts", &key)?;
        out.push((key, words));
    }
    Ok(Table(out))
}

/// An optional keyword field, its default when absent.
fn keyword<T: Default>(
    entry: &Object,
    parent: &str,
    key: &str,
    parse: fn(&str) -> Option<T>,
    allowed: &str,
) -> Read<T> {
    match optional_text(entry, parent, key)? {
        None => Ok(T::default()),
        Some(text) => parse(&text).ok_or_else(|| expected(&join(parent, key), allowed)),
    }
}

/// The argument of `kakor.set({categories?, services?})`: maps of id → bool.
pub fn choice(value: &JsValue) -> Read<Choice> {
    let root = object(value, "", &["categories", "services"])?;
    let flags = |key: &str| -> Read<Vec<(String, bool)>> {
        let value = field(&root, "", key)?;
        if value.is_undefined() {
            return Ok(Vec::new());
        }
        let table = object(&value, key, &[])?;
        let mut out = Vec::new();
        for id in Object::keys(&table).iter().filter_map(|k| k.as_string()) {
            let flag = field(&table, key, &id)?.as_bool();
            out.push((id.clone(), flag.ok_or_else(|| expected(&join(key, &id), "`true` or `false`"))?));
        }
        Ok(out)
    };
    Ok(Choice::Custom { categories: flags("categories")?, services: flags("services")? })
}

fn category(value: &JsValue, path: &str) -> Read<Category> {
    let entry = object(value, path, &["id", "title", "description"])?;
    Ok(Category {
        id: text(&entry, path, "id")?,
        title: localized(&entry, path, "title")?,
        description: localized(&entry, path, "description")?,
    })
}

fn service(value: &JsValue, path: &str) -> Read<Service> {
    const FIELDS: &[&str] =
        &["id", "name", "category", "provider", "policy_url", "data_location", "safeguard", "description", "cookies"];
    let entry = object(value, path, FIELDS)?;
    Ok(Service {
        id: text(&entry, path, "id")?,
        name: text(&entry, path, "name")?,
        category: text(&entry, path, "category")?,
        provider: text(&entry, path, "provider")?,
        policy_url: text(&entry, path, "policy_url")?,
        data_location: localized(&entry, path, "data_location")?,
        safeguard: localized(&entry, path, "safeguard")?,
        description: localized(&entry, path, "description")?,
        cookies: optional_list(&entry, path, "cookies", cookie)?,
    })
}

fn cookie(value: &JsValue, path: &str) -> Read<Cookie> {
    let entry = object(value, path, &["name", "purpose", "duration", "party", "domain"])?;
    let duration = text(&entry, path, "duration")?;
    let party = text(&entry, path, "party")?;
    Ok(Cookie {
        name: text(&entry, path, "name")?,
        purpose: localized(&entry, path, "purpose")?,
        duration: Duration::parse(&duration)
            .ok_or_else(|| expected(&join(path, "duration"), "`session` or a count and a unit, e.g. `13 months`"))?,
        party: Party::parse(&party).ok_or_else(|| expected(&join(path, "party"), "`first` or `third`"))?,
        domain: optional_text(&entry, path, "domain")?,
    })
}

/// `{ "en": "…", "sv": "…" }`.
fn localized(entry: &Object, parent: &str, key: &str) -> Read<Localized> {
    let path = join(parent, key);
    let value = field(entry, parent, key)?;
    let texts = object(&value, &path, &[])?;
    let mut out = Vec::new();
    for pair in Object::entries(&texts).iter() {
        let pair: Array = pair.unchecked_into();
        let lang = pair.get(0).as_string().unwrap_or_default();
        let text = string(&pair.get(1), &join(&path, &lang))?;
        out.push((lang, text));
    }
    Ok(Table(out))
}

/// The value at `value` as an object whose keys are all in `allowed` (an empty
/// `allowed` accepts any key), so a misspelt field is an error, not ignored.
fn object(value: &JsValue, path: &str, allowed: &[&str]) -> Read<Object> {
    if !value.is_object() || Array::is_array(value) {
        return Err(expected(path, "an object"));
    }
    let object: Object = value.clone().unchecked_into();
    if !allowed.is_empty() {
        for key in Object::keys(&object).iter() {
            let key = key.as_string().unwrap_or_default();
            if !allowed.contains(&key.as_str()) {
                return Err(Diagnostic::new(
                    join(path, &key),
                    ["unknown field `", &key, "`; expected one of `", &allowed.join("`, `"), "`"].concat(),
                ));
            }
        }
    }
    Ok(object)
}

fn field(entry: &Object, parent: &str, key: &str) -> Read<JsValue> {
    Reflect::get(entry, &JsValue::from_str(key)).map_err(|_| expected(&join(parent, key), "a readable value"))
}

fn text(entry: &Object, parent: &str, key: &str) -> Read<String> {
    string(&field(entry, parent, key)?, &join(parent, key))
}

fn optional_text(entry: &Object, parent: &str, key: &str) -> Read<Option<String>> {
    let value = field(entry, parent, key)?;
    if value.is_undefined() {
        return Ok(None);
    }
    string(&value, &join(parent, key)).map(Some)
}

fn flag(entry: &Object, parent: &str, key: &str, default: bool) -> Read<bool> {
    let value = field(entry, parent, key)?;
    if value.is_undefined() {
        return Ok(default);
    }
    value.as_bool().ok_or_else(|| expected(&join(parent, key), "`true` or `false`"))
}

fn string(value: &JsValue, path: &str) -> Read<String> {
    value.as_string().ok_or_else(|| {
        if value.is_undefined() {
            Diagnostic::new(path, "missing; expected a string")
        } else {
            expected(path, "a string")
        }
    })
}

fn list<T>(entry: &Object, parent: &str, key: &str, item: fn(&JsValue, &str) -> Read<T>) -> Read<Vec<T>> {
    let path = join(parent, key);
    let value = field(entry, parent, key)?;
    if !Array::is_array(&value) {
        return Err(expected(&path, "a list"));
    }
    let array: Array = value.unchecked_into();
    // A plain loop: `iter().map().collect()` into a `Result` took about 410 B
    // of code for each kind of list, 451 B brotli in all (measured).
    let mut items = Vec::with_capacity(array.length() as usize);
    for i in 0..array.length() {
        items.push(item(&array.get(i), &index(&path, i as usize))?);
    }
    Ok(items)
}

fn optional_list<T>(entry: &Object, parent: &str, key: &str, item: fn(&JsValue, &str) -> Read<T>) -> Read<Vec<T>> {
    if field(entry, parent, key)?.is_undefined() {
        return Ok(Vec::new());
    }
    list(entry, parent, key, item)
}

fn expected(path: &str, what: &str) -> Diagnostic {
    Diagnostic::new(path, ["expected ", what].concat())
}
