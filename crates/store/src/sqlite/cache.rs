//! What a store keeps in memory between calls while nobody else writes: term document
//! frequencies and articles' sketches. Assigning an article to its story reads both for every
//! article of its candidate stories (at 20,000 articles, 1.7 ms each an article, most of the
//! lookup), and consecutive articles mostly share them. Both are dropped whenever another
//! connection has committed (`PRAGMA data_version`); this store's own writes update the
//! frequencies as they commit.

use std::collections::HashMap;

/// Terms whose frequency is kept, at most; then all are dropped and refilled as asked.
const MAX_TERMS: usize = 1 << 20;
/// Sketches kept in each of two generations (see [`Sketches`]).
const SKETCHES_PER_GENERATION: usize = 4096;

#[derive(Default)]
pub(crate) struct Cache {
    /// `PRAGMA data_version` when the entries were read; another value: they may be stale.
    version: Option<i64>,
    /// Document frequency of each term asked for (0: not in the index).
    df: HashMap<String, u64>,
    sketches: Sketches,
}

impl Cache {
    /// Drops everything when the corpus changed under it (`version` differs from the one its
    /// entries were read at).
    pub(crate) fn check(&mut self, version: i64) {
        if self.version != Some(version) {
            self.df.clear();
            self.sketches = Sketches::default();
            self.version = Some(version);
        }
    }

    /// Cached frequencies of `terms`, and the terms not cached.
    pub(crate) fn df<'a>(&self, terms: &'a [String]) -> (HashMap<String, u64>, Vec<&'a String>) {
        let mut found = HashMap::with_capacity(terms.len());
        let mut missing = Vec::new();
        for term in terms {
            match self.df.get(term) {
                Some(&df) => {
                    if df > 0 {
                        found.insert(term.clone(), df);
                    }
                }
                None => missing.push(term),
            }
        }
        (found, missing)
    }

    /// Frequencies read from the index (terms absent from it at 0).
    pub(crate) fn keep_df(&mut self, read: impl IntoIterator<Item = (String, u64)>) {
        if self.df.len() > MAX_TERMS {
            self.df.clear();
        }
        self.df.extend(read);
    }

    /// This store committed articles with these terms (each occurrence adds one, as the
    /// index does).
    pub(crate) fn added_terms<'a>(&mut self, terms: impl IntoIterator<Item = &'a String>) {
        for term in terms {
            if let Some(df) = self.df.get_mut(term) {
                *df += 1;
            }
        }
    }

    /// This store committed something the cache cannot follow (e.g. a revision removed an
    /// article's terms): frequencies are read again.
    pub(crate) fn forget_df(&mut self) {
        self.df.clear();
    }

    pub(crate) fn sketch(&mut self, id: &str) -> Option<Vec<u8>> {
        self.sketches.get(id)
    }

    pub(crate) fn keep_sketch(&mut self, id: String, bytes: Vec<u8>) {
        self.sketches.insert(id, bytes);
    }
}

/// Recently used sketches in two generations: a new or used one goes to the young one; when
/// that is full it becomes the old one (the previous old one is dropped). Bounded at twice
/// [`SKETCHES_PER_GENERATION`].
#[derive(Default)]
struct Sketches {
    young: HashMap<String, Vec<u8>>,
    old: HashMap<String, Vec<u8>>,
}

impl Sketches {
    fn get(&mut self, id: &str) -> Option<Vec<u8>> {
        if let Some(bytes) = self.young.get(id) {
            return Some(bytes.clone());
        }
        let bytes = self.old.remove(id)?;
        self.insert(id.to_string(), bytes.clone());
        Some(bytes)
    }

    fn insert(&mut self, id: String, bytes: Vec<u8>) {
        if self.young.len() >= SKETCHES_PER_GENERATION {
            self.old = std::mem::take(&mut self.young);
        }
        self.young.insert(id, bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_writer_empties_it_and_own_writes_count() {
        let mut cache = Cache::default();
        cache.check(1);
        cache.keep_df([("strike".to_string(), 2), ("zeppelin".to_string(), 0)]);
        let terms = [
            "strike".to_string(),
            "zeppelin".to_string(),
            "port".to_string(),
        ];
        let (found, missing) = cache.df(&terms);
        assert_eq!(found.get("strike"), Some(&2));
        assert!(!found.contains_key("zeppelin"));
        assert_eq!(missing, vec![&terms[2]]);
        cache.added_terms([&terms[0], &terms[1]]);
        let (found, _) = cache.df(&terms);
        assert_eq!(found.get("strike"), Some(&3));
        assert_eq!(found.get("zeppelin"), Some(&1));
        cache.keep_sketch("a".into(), vec![1, 2]);
        cache.check(1);
        assert_eq!(cache.sketch("a"), Some(vec![1, 2]));
        cache.check(2);
        assert_eq!(cache.sketch("a"), None);
        assert_eq!(cache.df(&terms).1.len(), 3);
    }

    #[test]
    fn sketches_stay_bounded_and_keep_the_recently_used() {
        let mut cache = Cache::default();
        cache.check(0);
        cache.keep_sketch("first".into(), vec![0]);
        for k in 0..SKETCHES_PER_GENERATION * 3 {
            cache.keep_sketch(format!("s{k}"), vec![1]);
            // used all along: never dropped
            assert!(cache.sketch("first").is_some(), "dropped at {k}");
        }
        assert!(
            cache.sketches.young.len() + cache.sketches.old.len() <= 2 * SKETCHES_PER_GENERATION
        );
        assert!(cache.sketch("s0").is_none());
    }
}
