//! Repeated keys. serde_json keeps the last value of a key given twice,
//! SQLite's `json_extract` the first, so a body with one would be validated
//! as one proof and read back as another (`categories` twice, or `id` twice
//! so that the admin API cannot find it). Such a body is refused.

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use std::collections::HashSet;
use std::fmt;

/// The JSON path of the first key that appears twice in one object of
/// `body` (which already parsed as JSON), if any.
pub fn repeated_key(body: &str) -> Option<String> {
    let mut found = None;
    let walk = Walk { path: "$".to_string(), found: &mut found };
    let _ = walk.deserialize(&mut serde_json::Deserializer::from_str(body));
    found
}

/// Walks one value at `path`, noting in `found` the first repeated key.
struct Walk<'a> {
    path: String,
    found: &'a mut Option<String>,
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        let found = self.found;
        let mut index = 0;
        while items.next_element_seed(Walk { path: format!("{}[{index}]", self.path), found: &mut *found })?.is_some() {
            index += 1;
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let found = self.found;
        let mut keys = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = format!("{}.{}", self.path, key.escape_debug());
            if !keys.insert(key) {
                *found = Some(path);
                return Err(de::Error::custom("repeated key"));
            }
            map.next_value_seed(Walk { path, found: &mut *found })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::repeated_key;

    #[test]
    fn a_repeated_key_is_found_at_its_path() {
        assert_eq!(repeated_key(r#"{"a": 1, "b": {"c": true, "c": false}}"#).as_deref(), Some("$.b.c"));
        assert_eq!(repeated_key(r#"{"id": "x", "id": "y"}"#).as_deref(), Some("$.id"));
        assert_eq!(repeated_key(r#"[{"a": 1}, {"a": 1, "a": 2}]"#).as_deref(), Some("$[1].a"));
        assert_eq!(repeated_key(r#"{"a": {"b": 1}, "c": {"b": 1}}"#), None);
    }
}
