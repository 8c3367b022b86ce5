//! What grouping knows about each document: a TF-IDF vector over stemmed content words
//! (names, entities and figures weighted up), its names, a mean sentence vector, its
//! publication time, and whether it looks like junk (archive notices, social-media widgets).

use std::collections::HashMap;

use corroborate_core::{Document, FigureMention};

use crate::dedup::shingles;
use crate::explain::title_of;
use crate::terms::{name_phrases, terms_of, words};

mod codec;

/// Weight of a term occurrence that is part of a capitalised name.
const NAME_WEIGHT: f32 = 2.0;
/// Weight of an entity canonical name or a figure from the annotation layers.
const LAYER_WEIGHT: f32 = 1.5;

/// The opening words of an article (its lead) say what the story is: weighted up.
const LEAD_WORDS: usize = 120;
const LEAD_WEIGHT: f32 = 1.5;

/// Words that mark page furniture rather than news: archive notices, players, widgets.
const BOILERPLATE: &[&str] = &[
    "javascript",
    "cookie",
    "cookies",
    "browser",
    "tweet",
    "tweets",
    "twitter",
    "facebook",
    "subscribe",
    "subscription",
    "newsletter",
    "login",
    "log",
    "sign",
    "archive",
    "archived",
    "crawl",
    "crawls",
    "crawled",
    "wayback",
    "rented",
    "click",
    "advertisement",
    "password",
    "account",
    "email",
    "privacy",
    "copyright",
    "loading",
    "enable",
    "enabled",
    "disabled",
    "location",
    "app",
    "download",
    "video",
    "transcript",
    "playback",
    "rating",
    "upgrade",
    "website",
    "webpage",
    "page",
    "domain",
    "mailing",
    "form",
    "contact",
    "instagram",
    "youtube",
    "share",
    "comments",
    "comment",
    "follow",
    "unsubscribe",
    "settings",
    "menu",
    "homepage",
    "internet",
    "collection",
    "plugin",
    "flash",
    "player",
    "noscript",
];

/// A document seen by grouping.
#[derive(Clone, Debug, Default)]
pub(crate) struct Profile {
    /// (term id, weight), sorted by term id, L2-normalised.
    pub terms: Vec<(u32, f32)>,
    /// Raw term counts (before IDF), for explanations.
    pub counts: HashMap<u32, f32>,
    /// Entity canonical names (layer) or capitalised phrases (fallback), lowercase, unique.
    pub names: Vec<String>,
    /// Mean of the sentence vectors, normalised; `None` without a vectors layer.
    pub vector: Option<Vec<f32>>,
    /// True once `vector` has been centred on the corpus mean.
    pub centred: bool,
    /// The article's language (ISO 639-1), empty when unknown.
    pub language: String,
    /// Seconds since the epoch, when `meta.published` parses.
    pub published: Option<i64>,
    pub junk: bool,
    /// Number of words.
    pub words: usize,
}

/// Term ids shared by all profiles of one grouping, with a readable form of each.
#[derive(Debug, Default)]
pub(crate) struct Vocabulary {
    ids: HashMap<String, u32>,
    /// A surface form per term id, for explanations.
    pub surface: Vec<String>,
}

impl Vocabulary {
    fn id(&mut self, term: &str, surface: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.surface.len() as u32;
        self.ids.insert(term.to_string(), id);
        self.surface.push(surface.to_string());
        id
    }
}

/// Seconds since the epoch of an ISO 8601 date or RFC 3339 timestamp.
pub(crate) fn parse_published(published: &str) -> Option<i64> {
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(published.trim()) {
        return Some(at.timestamp());
    }
    let day = published.trim().get(..10)?;
    let date = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
    Some(date.and_hms_opt(12, 0, 0)?.and_utc().timestamp())
}

pub(crate) fn figure_term(figure: &FigureMention) -> String {
    format!(
        "#{}:{}:{}",
        figure.kind.as_str(),
        figure.amount,
        figure.unit.as_deref().unwrap_or("")
    )
}

/// What a corpus knows beyond the articles being grouped, so that grouping a few new
/// articles with a sample of stored ones weighs terms and centres vectors as grouping the
/// whole corpus at once would: how many documents it holds, in how many of them each term of
/// the grouped articles occurs ([`index_terms`]' keys), and the sum of their document vectors
/// ([`mean_vector`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Background {
    /// Documents in the corpus.
    pub documents: usize,
    /// Document frequency in the corpus of (at least) every term of the grouped articles;
    /// a term missing here occurs in none.
    pub df: HashMap<String, u64>,
    /// Documents with a vector, and the sum of their vectors.
    pub vectors: usize,
    pub vector_sum: Vec<f32>,
    /// The first `counted` articles handed to grouping are in the corpus already (counted
    /// above); the rest are new.
    pub counted: usize,
}

/// Builds profiles for all documents: counts, then IDF over this set.
pub(crate) fn profiles<'a>(
    docs: impl IntoIterator<Item = &'a Document>,
) -> (Vec<Profile>, Vocabulary) {
    // similarities only: no shingles
    let sketches: Vec<Sketch> = docs
        .into_iter()
        .map(|doc| Sketch::build(doc, false))
        .collect();
    profiles_in(&sketches, None)
}

/// Profiles of sketched documents, with IDF over this set, or over the corpus `background`
/// describes (plus the new articles) when there is one.
pub(crate) fn profiles_in(
    sketches: &[Sketch],
    background: Option<&Background>,
) -> (Vec<Profile>, Vocabulary) {
    let mut vocabulary = Vocabulary::default();
    let mut out: Vec<Profile> = sketches
        .iter()
        .map(|sketch| sketch.profile(&mut vocabulary))
        .collect();
    let mut df: HashMap<u32, f32> = HashMap::new();
    // Without a background every document counts; with one only the new ones, on top of
    // the corpus' own counts.
    let counted = background.map_or(0, |b| b.counted.min(out.len()));
    for profile in &out[counted..] {
        for &term in profile.counts.keys() {
            *df.entry(term).or_default() += 1.0;
        }
    }
    let mut n = (out.len() - counted) as f32;
    if let Some(background) = background {
        n += background.documents as f32;
        for (term, &id) in &vocabulary.ids {
            let stored = background.df.get(term).copied().unwrap_or(0) as f32;
            // a stored document's term the corpus has not counted still occurs once
            *df.entry(id).or_default() += stored;
        }
        for profile in &out[..counted] {
            for &term in profile.counts.keys() {
                df.entry(term)
                    .and_modify(|d| *d = d.max(1.0))
                    .or_insert(1.0);
            }
        }
    }
    let n = n.max(1.0);
    for profile in &mut out {
        let mut terms: Vec<(u32, f32)> = profile
            .counts
            .iter()
            .map(|(&term, &tf)| {
                // Smoothed so that a handful of articles still weighs shared words.
                let idf = ((n + 10.0) / (df[&term] + 0.5)).ln();
                (term, (1.0 + tf.ln()) * idf)
            })
            .collect();
        terms.sort_unstable_by_key(|&(term, _)| term);
        let norm = terms.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            for (_, w) in &mut terms {
                *w /= norm;
            }
        }
        profile.terms = terms;
    }
    (out, vocabulary)
}

/// The terms grouping weighs in a document (stemmed content words, `@entity` names, `#figure`
/// values) with their weight, `1 + ln(weighted count)`, sorted by term: what a corpus indexes
/// to find a new article's candidate stories without comparing it with every stored article.
pub fn index_terms(doc: &Document) -> Vec<(String, f32)> {
    Sketch::build(doc, false).index_terms()
}

/// Everything grouping needs of one article, computed once from its document: its weighted
/// term counts (each with a readable form), names, size, junk flag, publication time, title,
/// document vector and word shingles. A corpus stores it beside the article
/// ([`Sketch::to_bytes`]), so regrouping a stored article never reads its text again; a batch
/// sketches its documents first. Grouping sketches gives what grouping the documents gives.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sketch {
    /// The article's id.
    pub id: String,
    /// (term, surface form, weighted count), in order of first occurrence.
    pub terms: Vec<(String, String, f32)>,
    /// Entity canonical names (layer) or capitalised phrases (fallback), lowercase, unique.
    pub names: Vec<String>,
    pub junk: bool,
    /// Number of words.
    pub words: usize,
    /// Seconds since the epoch, when `meta.published` parses.
    pub published: Option<i64>,
    /// The article's headline, else the start of its first sentence.
    pub title: String,
    /// [`outlet_key`].
    pub outlet: String,
    /// The article's language (ISO 639-1), empty when unknown.
    pub language: String,
    /// [`mean_vector`].
    pub vector: Option<Vec<f32>>,
    /// Sorted unique hashes of word 5-grams (none for a junk-like document).
    pub shingles: Vec<u64>,
}

impl Sketch {
    /// Sketches a document.
    pub fn of(doc: &Document) -> Sketch {
        Sketch::build(doc, true)
    }

    fn build(doc: &Document, with_shingles: bool) -> Sketch {
        let mut order: Vec<(String, String, f32)> = Vec::new();
        let mut slot: HashMap<String, usize> = HashMap::new();
        let mut add = |term: &str, surface: &str, weight: f32| match slot.get(term) {
            Some(&i) => order[i].2 += weight,
            None => {
                slot.insert(term.to_string(), order.len());
                order.push((term.to_string(), surface.to_string(), weight));
            }
        };
        let mut scratch = Vec::new();
        let all_words = words(&doc.text);
        let mut boiler = 0usize;
        for (index, word) in all_words.iter().enumerate() {
            let lower = word.text.to_lowercase();
            if BOILERPLATE.contains(&lower.as_str()) {
                boiler += 1;
            }
            scratch.clear();
            terms_of(word.text, &mut scratch);
            let mut weight = if word.is_name() { NAME_WEIGHT } else { 1.0 };
            if index < LEAD_WORDS {
                weight *= LEAD_WEIGHT;
            }
            for term in &scratch {
                let written = if word.is_name() { word.text } else { &lower };
                let surface = written
                    .strip_suffix("’s")
                    .or_else(|| written.strip_suffix("'s"))
                    .unwrap_or(written);
                add(term, surface, weight);
            }
        }
        let mut names: Vec<String> = match &doc.layers.entities {
            Some(entities) => entities
                .iter()
                .map(|e| e.canonical.to_lowercase())
                .collect(),
            None => name_phrases(&doc.text),
        };
        names.sort();
        names.dedup();
        if let Some(entities) = &doc.layers.entities {
            for entity in entities {
                let key = format!("@{}", entity.canonical.to_lowercase());
                add(&key, &entity.canonical, LAYER_WEIGHT);
            }
        }
        if let Some(figures) = &doc.layers.figures {
            for figure in figures.iter().filter(|f| f.equivalent_of.is_none()) {
                let surface = doc.text.get(figure.span.range()).unwrap_or("");
                add(&figure_term(figure), surface, LAYER_WEIGHT);
            }
        }
        let total = all_words.len();
        let content: f32 = order.iter().map(|(_, _, count)| count).sum();
        let boiler_share = boiler as f32 / total.max(1) as f32;
        let junk = total < 15 || content < 8.0 || (boiler_share > 0.06 && total < 400);
        Sketch {
            id: doc.id.clone(),
            terms: order,
            names,
            junk,
            words: total,
            published: doc.meta.published.as_deref().and_then(parse_published),
            title: title_of(doc),
            outlet: outlet_key(doc),
            language: doc.meta.language.clone().unwrap_or_default(),
            vector: mean_vector(doc),
            shingles: if junk || !with_shingles {
                Vec::new()
            } else {
                shingles(&doc.text)
            },
        }
    }

    /// [`index_terms`] of the sketched document.
    pub fn index_terms(&self) -> Vec<(String, f32)> {
        let mut terms: Vec<(String, f32)> = self
            .terms
            .iter()
            .map(|(term, _, count)| (term.clone(), 1.0 + count.ln()))
            .collect();
        terms.sort_by(|a, b| a.0.cmp(&b.0));
        terms
    }

    /// The profile grouping weighs (terms still unweighted), its term ids from `vocabulary`.
    fn profile(&self, vocabulary: &mut Vocabulary) -> Profile {
        let mut counts: HashMap<u32, f32> = HashMap::with_capacity(self.terms.len());
        for (term, surface, count) in &self.terms {
            counts.insert(vocabulary.id(term, surface), *count);
        }
        Profile {
            terms: Vec::new(),
            counts,
            names: self.names.clone(),
            vector: self.vector.clone(),
            centred: false,
            language: self.language.clone(),
            published: self.published,
            junk: self.junk,
            words: self.words,
        }
    }
}

/// Who published an article, for counting a story's outlets: its outlet name, else its URL's
/// host (without `www.`), else its id; lowercase.
pub fn outlet_key(doc: &Document) -> String {
    if let Some(outlet) = doc.meta.outlet.as_deref() {
        return outlet.to_lowercase();
    }
    if let Some(url) = doc.meta.url.as_deref() {
        let url = url.trim();
        let url = url.split('#').next().unwrap_or(url);
        let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
        let location = rest.split('?').next().unwrap_or(rest);
        let host = location
            .split('/')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        return host.strip_prefix("www.").unwrap_or(&host).to_lowercase();
    }
    doc.id.to_lowercase()
}

/// The mean of an article's sentence vectors, L2-normalised: its document vector.
pub fn mean_vector(doc: &Document) -> Option<Vec<f32>> {
    let vectors = doc.layers.vectors.as_ref()?;
    let dim = vectors.first()?.len();
    let mut mean = vec![0.0f32; dim];
    for vector in vectors.iter().filter(|v| v.len() == dim) {
        for (m, x) in mean.iter_mut().zip(vector) {
            *m += x;
        }
    }
    let norm = mean.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm == 0.0 {
        return None;
    }
    mean.iter_mut().for_each(|x| *x /= norm);
    Some(mean)
}

/// Cosine of two sorted, normalised sparse vectors.
pub(crate) fn sparse_cosine(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0f32);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn junk_is_short_or_widget_text() {
        let junk = Document::from_text(
            "j",
            "Tweet with a location. You can add location information to your Tweets, such as your city or precise location, from the web and via third-party applications.",
        );
        let news = Document::from_text(
            "n",
            &"The council voted on Tuesday to close the old bridge over the river after engineers found cracks in two of its supports, officials said. "
                .repeat(4),
        );
        let (profiles, _) = profiles(&[junk, news]);
        assert!(profiles[0].junk);
        assert!(!profiles[1].junk);
    }

    #[test]
    fn published_parses_dates_and_timestamps() {
        assert_eq!(parse_published("2025-04-11T09:30:00Z"), Some(1_744_363_800));
        assert!(parse_published("2025-04-11").is_some());
        assert!(parse_published("Friday").is_none());
    }

    #[test]
    fn a_background_weighs_terms_by_the_whole_corpus() {
        let a = Document::from_text("a", "Dockers strike at the harbour. Cranes stand idle.");
        let b = Document::from_text("b", "Nurses strike at the hospital. Wards stand empty.");
        let weight_of = |profiles: &[Profile], vocabulary: &Vocabulary, key: &str| {
            let id = vocabulary.ids[key];
            profiles[0]
                .terms
                .iter()
                .find(|(t, _)| *t == id)
                .map_or(0.0, |(_, w)| *w)
        };
        let key = index_terms(&a)
            .into_iter()
            .map(|(t, _)| t)
            .find(|t| t.starts_with("strike"))
            .expect("a term for strike");
        let sketches = [Sketch::of(&a), Sketch::of(&b)];
        let (alone, vocabulary) = profiles_in(&sketches, None);
        // in a corpus of 1,000 documents where every one says "strike", it weighs nothing
        let mut df: HashMap<String, u64> = HashMap::new();
        df.insert(key.clone(), 1000);
        let background = Background {
            documents: 1000,
            df,
            counted: 1,
            ..Background::default()
        };
        let (within, vocabulary_within) = profiles_in(&sketches, Some(&background));
        let before = weight_of(&alone, &vocabulary, &key);
        let after = weight_of(&within, &vocabulary_within, &key);
        assert!(before > 0.1, "{before}");
        assert!(after < 0.01, "{after}");
    }

    #[test]
    fn a_sketch_reads_back_as_written_and_groups_as_its_document() {
        let mut doc = Document::from_text(
            "a",
            "The council’s vote on Tuesday closed the old Elm Street bridge after engineers found cracks in two of its supports, the mayor said.",
        );
        doc.meta.published = Some("2025-04-11".into());
        doc.meta.title = Some("Bridge closed".into());
        let sketch = Sketch::of(&doc);
        assert_eq!(sketch.title, "Bridge closed");
        assert!(sketch
            .terms
            .iter()
            .any(|(_, surface, _)| surface == "council"));
        let bytes = sketch.to_bytes();
        assert_eq!(Sketch::from_bytes(&bytes), Some(sketch.clone()));
        // another version, or cut short: not read
        let mut other = bytes.clone();
        other[0] = 0;
        assert_eq!(Sketch::from_bytes(&other), None);
        // version 1 (no language after the outlet) reads as a sketch of unknown language
        let mut english = sketch.clone();
        english.language = "en".into();
        let written = english.to_bytes();
        let mut v1 = vec![1u8];
        let at = 1
            + 1
            + 4
            + 8
            + [&english.id, &english.title, &english.outlet]
                .iter()
                .map(|s| 4 + s.len())
                .sum::<usize>();
        v1.extend_from_slice(&written[1..at]);
        v1.extend_from_slice(&written[at + 4 + 2..]);
        let old = Sketch::from_bytes(&v1).expect("a version 1 sketch");
        assert_eq!(old.language, "");
        assert_eq!(
            Sketch {
                language: "en".into(),
                ..old
            },
            english
        );
        assert_eq!(Sketch::from_bytes(&bytes[..bytes.len() - 1]), None);
        assert_eq!(index_terms(&doc), sketch.index_terms());
    }
}
