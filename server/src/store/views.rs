//! Encoded client views, shared by the widget's reads of a session.
//!
//! A session's client view is a function of three things: the session's stored text, the
//! catalog rows of one generation, and whether the clock has passed the session's
//! `expires_at` (an open session then reads as expired). A read takes the first two from
//! one statement of its own snapshot ([`super::sessions::SessionTx::session_text_at_generation`]);
//! when the cache holds an answer made from the same text under the same generation, and
//! the clock has not reached the moment that answer stops being true, the answer is
//! sent as it is: no decoding of the session, no view, no encoding.
//!
//! Nothing here can be stale: a change of the session by any instance changes its text,
//! a change of the catalog by anyone moves the generation (triggers, in the same
//! transaction as the change), and each entry carries the time it holds until. Only
//! reads fill it, from their own snapshot; an older generation than the cache's (a read
//! that began before a catalog change) keeps nothing.

use std::collections::HashMap;
use std::sync::Mutex;

/// Most sessions whose answer the cache holds (each a few KB: the stored text and the
/// answer); past it, it starts again empty.
const VIEW_CACHE_ENTRIES: usize = 4_096;

/// The encoded answers, per session id, of one catalog generation.
#[derive(Default)]
pub struct ViewCache {
    inner: Mutex<Views>,
}

#[derive(Default)]
struct Views {
    generation: i64,
    entries: HashMap<String, Entry>,
}

struct Entry {
    /// The session's stored text the answer was made from.
    source: Box<str>,
    /// The answer.
    body: String,
    /// Unix seconds from which the answer no longer holds (the session lapses).
    until: i64,
}

impl ViewCache {
    /// The answer made from `source` (the session `id`'s stored text) under `generation`,
    /// if the cache holds one that still holds at `now`.
    pub fn get(&self, id: &str, source: &str, generation: i64, now: i64) -> Option<String> {
        let views = self.inner.lock().ok()?;
        if views.generation != generation {
            return None;
        }
        let entry = views.entries.get(id)?;
        (now < entry.until && *entry.source == *source).then(|| entry.body.clone())
    }

    /// Keeps `body`, made from `source` under `generation`, until `until`: a newer
    /// generation empties the cache first; an older one keeps nothing.
    pub fn put(&self, id: &str, source: &str, generation: i64, until: i64, body: &str) {
        let Ok(mut views) = self.inner.lock() else {
            return;
        };
        if generation < views.generation {
            return;
        }
        if generation > views.generation
            || (views.entries.len() >= VIEW_CACHE_ENTRIES && !views.entries.contains_key(id))
        {
            *views = Views {
                generation,
                entries: HashMap::new(),
            };
        }
        views.entries.insert(
            id.to_string(),
            Entry {
                source: source.into(),
                body: body.to_string(),
                until,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_holds_for_its_text_generation_and_time_only() {
        let cache = ViewCache::default();
        cache.put("cs_1", "{\"v\":1}", 3, 100, "answer");
        assert_eq!(
            cache.get("cs_1", "{\"v\":1}", 3, 99).as_deref(),
            Some("answer")
        );
        // Another text (the session changed), another generation, the moment it lapses.
        assert_eq!(cache.get("cs_1", "{\"v\":2}", 3, 99), None);
        assert_eq!(cache.get("cs_1", "{\"v\":1}", 4, 99), None);
        assert_eq!(cache.get("cs_1", "{\"v\":1}", 3, 100), None);
        assert_eq!(cache.get("cs_2", "{\"v\":1}", 3, 99), None);
    }

    #[test]
    fn a_newer_generation_empties_it_and_an_older_one_keeps_nothing() {
        let cache = ViewCache::default();
        cache.put("cs_1", "a", 5, i64::MAX, "one");
        cache.put("cs_2", "b", 4, i64::MAX, "stale");
        assert_eq!(cache.get("cs_2", "b", 4, 0), None);
        assert_eq!(cache.get("cs_1", "a", 5, 0).as_deref(), Some("one"));
        cache.put("cs_2", "b", 6, i64::MAX, "two");
        assert_eq!(cache.get("cs_1", "a", 5, 0), None);
        assert_eq!(cache.get("cs_1", "a", 6, 0), None);
        assert_eq!(cache.get("cs_2", "b", 6, 0).as_deref(), Some("two"));
    }

    #[test]
    fn it_is_bounded() {
        let cache = ViewCache::default();
        for i in 0..VIEW_CACHE_ENTRIES + 1 {
            cache.put(&format!("cs_{i}"), "t", 1, i64::MAX, "x");
        }
        let held = (0..VIEW_CACHE_ENTRIES + 1)
            .filter(|i| cache.get(&format!("cs_{i}"), "t", 1, 0).is_some())
            .count();
        assert_eq!(held, 1, "started again empty past the bound");
        // Replacing a held session's answer does not empty it.
        cache.put(&format!("cs_{VIEW_CACHE_ENTRIES}"), "u", 1, i64::MAX, "y");
        assert!(cache
            .get(&format!("cs_{VIEW_CACHE_ENTRIES}"), "u", 1, 0)
            .is_some());
    }
}
