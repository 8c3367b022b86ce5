//! Claim alignment against a hand-made gold (`data/claims-gold.json`): Multi-News rows and the
//! seed articles, each a story whose facts are stated by two or more articles.
//!
//! Every gold anchor (a verbatim substring of the sentence that states a fact, or of a sentence
//! no other article states) is located in its annotated document's cleaned text; its sentence
//! is the one of the sentences layer that holds the anchor's start. Over the annotated
//! sentences of different articles, a pair is gold-positive when the two share a fact and
//! predicted-positive when one claim of the story has a support in each (a clause counts as
//! its sentence). An anchor the cleaning lost, or that falls outside every sentence, keeps its
//! gold pairs, which then count as missed.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::{self, Write as _};
use std::path::Path;

use corroborate_core::{Alignment, Document, Meta, Story};
use serde::Deserialize;

use crate::stories::Prf;
use crate::{load_multinews, EvalError, MultiNewsRow};

/// The committed gold, built into the binary.
pub const CLAIMS_GOLD: &str = include_str!("../../data/claims-gold.json");

/// Facts stated by several articles of a story, and sentences only one article states.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct ClaimsGold {
    pub stories: Vec<GoldStory>,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum GoldSource {
    /// A row of `data/multi-news/validation.csv` (held out: not used for tuning).
    MultiNews,
    /// Files of `seeds/`.
    Seeds,
}

impl fmt::Display for GoldSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            GoldSource::MultiNews => "multi-news",
            GoldSource::Seeds => "seeds",
        })
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct GoldStory {
    pub id: String,
    pub source: GoldSource,
    /// The Multi-News row (0-based), for a Multi-News story.
    #[serde(default)]
    pub row: Option<usize>,
    pub articles: Vec<GoldArticle>,
    /// A story the claim model was trained and tuned on (`scripts/train-claim-model.sh`);
    /// the others are held out.
    #[serde(default)]
    pub tuning: bool,
    #[serde(default)]
    pub facts: Vec<GoldFact>,
    /// Sentences no other article states.
    #[serde(default)]
    pub single: Vec<GoldAnchor>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct GoldArticle {
    pub id: String,
    /// Index into the row's `documents` list (Multi-News).
    #[serde(default)]
    pub doc: Option<usize>,
    /// File name under `seeds/` (seeds).
    #[serde(default)]
    pub file: Option<String>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct GoldFact {
    pub id: String,
    #[serde(default)]
    pub fact: String,
    pub mentions: Vec<GoldAnchor>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct GoldAnchor {
    pub article: String,
    pub anchor: String,
}

impl ClaimsGold {
    /// The committed gold ([`CLAIMS_GOLD`]).
    pub fn builtin() -> Result<ClaimsGold, EvalError> {
        ClaimsGold::parse(CLAIMS_GOLD, "crates/eval/data/claims-gold.json")
    }

    /// Parses a gold file's text (`name` for messages) and checks that every anchor names an
    /// article of its story and every article says where its text is.
    pub fn parse(text: &str, name: &str) -> Result<ClaimsGold, EvalError> {
        let malformed = |detail: String| EvalError::Malformed {
            path: name.to_string(),
            format: "claims gold",
            detail,
        };
        let gold: ClaimsGold =
            serde_json::from_str(text).map_err(|err| malformed(err.to_string()))?;
        for story in &gold.stories {
            let ids: BTreeSet<&str> = story.articles.iter().map(|a| a.id.as_str()).collect();
            if ids.len() != story.articles.len() {
                return Err(malformed(format!("{}: duplicate article id", story.id)));
            }
            for article in &story.articles {
                let located = match story.source {
                    GoldSource::MultiNews => story.row.is_some() && article.doc.is_some(),
                    GoldSource::Seeds => article.file.is_some(),
                };
                if !located {
                    return Err(malformed(format!(
                        "{}: article {} has no {}",
                        story.id,
                        article.id,
                        match story.source {
                            GoldSource::MultiNews => "row/doc",
                            GoldSource::Seeds => "file",
                        }
                    )));
                }
            }
            for anchor in story.anchors() {
                if !ids.contains(anchor.article.as_str()) {
                    return Err(malformed(format!(
                        "{}: anchor {:?} names unknown article {}",
                        story.id, anchor.anchor, anchor.article
                    )));
                }
            }
        }
        Ok(gold)
    }
}

impl GoldStory {
    /// Every anchor: the facts' mentions, then the single sentences.
    pub fn anchors(&self) -> impl Iterator<Item = &GoldAnchor> {
        self.facts
            .iter()
            .flat_map(|fact| fact.mentions.iter())
            .chain(self.single.iter())
    }
}

/// One gold article as given: its text before any reading or cleaning.
#[derive(Clone, Debug, PartialEq)]
pub struct RawArticle {
    pub id: String,
    /// Where it comes from (`validation.csv#33/1`, `seeds/000_….txt`).
    pub path: String,
    pub text: String,
    /// The bytes as read (a seed file goes through the product's reader as such).
    bytes: Vec<u8>,
    source: GoldSource,
}

/// Reads the articles of every gold story from the shared folder (`data/multi-news/` and
/// `seeds/`), in gold order.
pub fn raw_articles(gold: &ClaimsGold, shared: &Path) -> Result<Vec<Vec<RawArticle>>, EvalError> {
    let mut rows: Option<Vec<MultiNewsRow>> = None;
    let mut out = Vec::with_capacity(gold.stories.len());
    for story in &gold.stories {
        let mut articles = Vec::with_capacity(story.articles.len());
        for article in &story.articles {
            let (path, bytes, text) = match (story.source, story.row, article.doc, &article.file) {
                (GoldSource::MultiNews, Some(row), Some(doc), _) => {
                    if rows.is_none() {
                        let csv = shared.join("data/multi-news/validation.csv");
                        rows = Some(load_multinews(&csv)?);
                    }
                    let text = rows
                        .as_ref()
                        .and_then(|rows| rows.get(row))
                        .and_then(|row| row.documents.get(doc))
                        .ok_or_else(|| EvalError::Row {
                            path: shared.join("data/multi-news/validation.csv"),
                            row,
                            message: format!("no document {doc} (story {})", story.id),
                        })?;
                    let text = text.clone();
                    (
                        format!("validation.csv#{row}/{doc}"),
                        text.clone().into_bytes(),
                        text,
                    )
                }
                (GoldSource::Seeds, _, _, Some(file)) => {
                    let path = shared.join("seeds").join(file);
                    let bytes = std::fs::read(&path).map_err(|source| EvalError::Io {
                        path: path.clone(),
                        source,
                    })?;
                    let text = String::from_utf8_lossy(&bytes).into_owned();
                    (format!("seeds/{file}"), bytes, text)
                }
                _ => {
                    return Err(EvalError::Malformed {
                        path: "claims gold".to_string(),
                        format: "claims gold",
                        detail: format!("{}: article {} has no text", story.id, article.id),
                    })
                }
            };
            articles.push(RawArticle {
                id: article.id.clone(),
                path,
                text,
                bytes,
                source: story.source,
            });
        }
        out.push(articles);
    }
    Ok(out)
}

/// The uncleaned document of a raw article, id the gold article id. A Multi-News document is
/// its text as is (as the other Multi-News evaluations take it); a seed file goes through the
/// product's reader (`corroborate_ingest::read_bytes`: title, dateline, paragraphs).
pub fn document_of(article: &RawArticle) -> Result<Document, EvalError> {
    let mut doc = match article.source {
        GoldSource::MultiNews => {
            let meta = Meta {
                path: Some(article.path.clone()),
                format: Some("txt".into()),
                ..Meta::default()
            };
            Document::new(
                article.id.clone(),
                meta,
                article.text.as_bytes().to_vec(),
                article.text.clone(),
                Alignment::identity(article.text.len()),
            )
        }
        GoldSource::Seeds => {
            let read = corroborate_ingest::read_bytes(&article.path, article.bytes.clone());
            read.into_iter()
                .next()
                .ok_or_else(|| EvalError::NoData(article.path.clone().into()))??
        }
    };
    doc.id = article.id.clone();
    Ok(doc)
}

/// True positives, false positives and false negatives of pairs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PairCounts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl PairCounts {
    /// Precision (recall) is 1 when no pair is predicted (gold), as in the clustering eval.
    pub fn prf(&self) -> Prf {
        let ratio = |hit: usize, all: usize| {
            if all == 0 {
                1.0
            } else {
                hit as f64 / all as f64
            }
        };
        Prf::new(
            ratio(self.tp, self.tp + self.fp),
            ratio(self.tp, self.tp + self.fn_),
        )
    }

    fn add(&mut self, other: PairCounts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
}

/// A wrongly judged pair, for the verbose listing.
#[derive(Clone, Debug, PartialEq)]
pub struct PairError {
    /// True for a missed gold pair, false for a predicted pair that shares no fact.
    pub missed: bool,
    /// The facts the two sentences share (missed pairs).
    pub facts: Vec<String>,
    /// Article id and sentence text (the anchor, for an anchor not found).
    pub a: (String, String),
    pub b: (String, String),
}

/// The scores of one gold story.
#[derive(Clone, Debug, PartialEq)]
pub struct StoryScore {
    pub id: String,
    pub source: GoldSource,
    /// The claim model was trained on this story.
    pub tuning: bool,
    pub articles: usize,
    /// Gold anchors (mentions and singles) and those not found in the cleaned text.
    pub anchors: usize,
    pub not_found: usize,
    /// Distinct annotated sentences.
    pub sentences: usize,
    pub pairs: PairCounts,
    pub facts: usize,
    /// Facts all of whose mentions are supports of one claim.
    pub facts_whole: usize,
    /// Facts with one claim that holds a mention of every article stating them (a claim takes
    /// one clause per article, so a fact an article states twice cannot be whole).
    pub facts_every_article: usize,
    pub errors: Vec<PairError>,
}

/// Where an anchor landed: a sentence of its article, or nowhere (keyed by the anchor).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    Sentence(usize),
    Lost(String),
}

/// Scores the claims of `story` (aligned over `docs`, the annotated documents of `gold`)
/// against the gold.
pub fn score_story(gold: &GoldStory, docs: &[Document], story: &Story) -> StoryScore {
    let by_id: HashMap<&str, &Document> = docs.iter().map(|d| (d.id.as_str(), d)).collect();
    let locate = |anchor: &GoldAnchor| -> Place {
        by_id
            .get(anchor.article.as_str())
            .and_then(|doc| {
                let at = doc.text.find(&anchor.anchor)?;
                doc.sentences()
                    .iter()
                    .position(|s| s.span.start() <= at && at < s.span.end())
            })
            .map_or_else(|| Place::Lost(anchor.anchor.clone()), Place::Sentence)
    };

    // Annotated sentences and the facts each states.
    let mut units: BTreeMap<(String, Place), BTreeSet<String>> = BTreeMap::new();
    let mut anchors = 0;
    let mut not_found = 0;
    let mut fact_places: Vec<Vec<(String, Place)>> = Vec::new();
    for fact in &gold.facts {
        let mut places = Vec::new();
        for mention in &fact.mentions {
            let key = (mention.article.clone(), locate(mention));
            anchors += 1;
            not_found += usize::from(matches!(key.1, Place::Lost(_)));
            units
                .entry(key.clone())
                .or_default()
                .insert(fact.id.clone());
            places.push(key);
        }
        fact_places.push(places);
    }
    for single in &gold.single {
        let key = (single.article.clone(), locate(single));
        anchors += 1;
        not_found += usize::from(matches!(key.1, Place::Lost(_)));
        units.entry(key).or_default();
    }

    // The claims each sentence supports.
    let mut claims_of: HashMap<(String, usize), BTreeSet<usize>> = HashMap::new();
    for (c, claim) in story.claims.iter().enumerate() {
        for support in &claim.support {
            claims_of
                .entry((support.article.clone(), support.sentence))
                .or_default()
                .insert(c);
        }
    }
    let claims_at = |key: &(String, Place)| -> Option<BTreeSet<usize>> {
        match key.1 {
            Place::Sentence(s) => claims_of.get(&(key.0.clone(), s)).cloned(),
            Place::Lost(_) => None,
        }
    };
    let text_of = |key: &(String, Place)| -> (String, String) {
        let text = match &key.1 {
            Place::Sentence(s) => by_id
                .get(key.0.as_str())
                .and_then(|doc| doc.sentences().get(*s).map(|x| doc.text[x.span].trim()))
                .unwrap_or("")
                .to_string(),
            Place::Lost(anchor) => format!("[not found] {anchor}"),
        };
        (key.0.clone(), text)
    };

    let units: Vec<(&(String, Place), &BTreeSet<String>)> = units.iter().collect();
    let mut pairs = PairCounts::default();
    let mut errors = Vec::new();
    for (i, (a, facts_a)) in units.iter().enumerate() {
        for (b, facts_b) in &units[i + 1..] {
            if a.0 == b.0 {
                continue;
            }
            let shared: Vec<String> = facts_a.intersection(facts_b).cloned().collect();
            let positive = !shared.is_empty();
            let predicted = match (claims_at(a), claims_at(b)) {
                (Some(x), Some(y)) => !x.is_disjoint(&y),
                _ => false,
            };
            match (positive, predicted) {
                (true, true) => pairs.tp += 1,
                (false, true) => pairs.fp += 1,
                (true, false) => pairs.fn_ += 1,
                (false, false) => continue,
            }
            if positive != predicted {
                errors.push(PairError {
                    missed: positive,
                    facts: shared,
                    a: text_of(a),
                    b: text_of(b),
                });
            }
        }
    }

    // Facts kept together by one claim.
    let mut facts_whole = 0;
    let mut facts_every_article = 0;
    for places in &fact_places {
        let articles: BTreeSet<&str> = places.iter().map(|p| p.0.as_str()).collect();
        let whole = (0..story.claims.len()).any(|c| {
            places
                .iter()
                .all(|p| claims_at(p).is_some_and(|set| set.contains(&c)))
        });
        let every_article = (0..story.claims.len()).any(|c| {
            articles.iter().all(|article| {
                places
                    .iter()
                    .filter(|p| p.0 == *article)
                    .any(|p| claims_at(p).is_some_and(|set| set.contains(&c)))
            })
        });
        facts_whole += usize::from(whole);
        facts_every_article += usize::from(every_article);
    }

    StoryScore {
        id: gold.id.clone(),
        source: gold.source,
        tuning: gold.tuning,
        articles: gold.articles.len(),
        anchors,
        not_found,
        sentences: units.len(),
        pairs,
        facts: gold.facts.len(),
        facts_whole,
        facts_every_article,
        errors,
    }
}

/// Per-story scores of the claim alignment.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClaimsEval {
    pub stories: Vec<StoryScore>,
}

/// Aligns each gold story's articles as one story and scores the claims. `align` annotates
/// the (uncleaned) documents and aligns them as one story, returning the annotated documents
/// (those that failed may be left out: their anchors count as not found) and the story.
pub fn eval_claims(
    gold: &ClaimsGold,
    shared: &Path,
    align: &dyn Fn(Vec<Document>) -> (Vec<Document>, Story),
) -> Result<ClaimsEval, EvalError> {
    let mut stories = Vec::with_capacity(gold.stories.len());
    for (story, docs) in gold_documents(gold, shared)? {
        let (docs, aligned) = align(docs);
        stories.push(score_story(story, &docs, &aligned));
    }
    Ok(ClaimsEval { stories })
}

/// Each gold story with its articles as uncleaned documents ([`document_of`]).
pub(crate) fn gold_documents<'g>(
    gold: &'g ClaimsGold,
    shared: &Path,
) -> Result<Vec<(&'g GoldStory, Vec<Document>)>, EvalError> {
    let raw = raw_articles(gold, shared)?;
    gold.stories
        .iter()
        .zip(&raw)
        .map(|(story, articles)| {
            let docs = articles
                .iter()
                .map(document_of)
                .collect::<Result<Vec<_>, _>>()?;
            Ok((story, docs))
        })
        .collect()
}

/// Sums of several stories.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Totals {
    articles: usize,
    anchors: usize,
    not_found: usize,
    sentences: usize,
    pairs: PairCounts,
    facts: usize,
    facts_whole: usize,
    facts_every_article: usize,
}

impl Totals {
    fn of<'a>(stories: impl Iterator<Item = &'a StoryScore>) -> Totals {
        let mut t = Totals::default();
        for s in stories {
            t.articles += s.articles;
            t.anchors += s.anchors;
            t.not_found += s.not_found;
            t.sentences += s.sentences;
            t.pairs.add(s.pairs);
            t.facts += s.facts;
            t.facts_whole += s.facts_whole;
            t.facts_every_article += s.facts_every_article;
        }
        t
    }
}

impl ClaimsEval {
    /// Pair counts summed over the stories of `source` (all when `None`): micro-averaged.
    pub fn pairs(&self, source: Option<GoldSource>) -> PairCounts {
        Totals::of(
            self.stories
                .iter()
                .filter(|s| source.is_none_or(|x| s.source == x)),
        )
        .pairs
    }

    /// Pair counts summed over the held-out stories (none of them trained or tuned on).
    pub fn held_out(&self) -> PairCounts {
        Totals::of(self.stories.iter().filter(|s| !s.tuning)).pairs
    }

    /// The wrongly judged pairs of every story, two lines each.
    pub fn details(&self) -> String {
        let mut out = String::new();
        for story in &self.stories {
            for error in &story.errors {
                let kind = if error.missed {
                    format!("FN [{}]", error.facts.join(","))
                } else {
                    "FP".to_string()
                };
                let _ = writeln!(out, "{} {kind}", story.id);
                let _ = writeln!(out, "    {}: {}", error.a.0, error.a.1);
                let _ = writeln!(out, "    {}: {}", error.b.0, error.b.1);
            }
        }
        out
    }
}

fn row(f: &mut fmt::Formatter<'_>, name: &str, source: &str, t: &Totals) -> fmt::Result {
    let prf = t.pairs.prf();
    writeln!(
        f,
        "{:<22} | {:<10} | {:>4} | {:>7} | {:>4} | {:>5} | {:>4} | {:>4} | {:>4} | {:>5.3} | {:>5.3} | {:>5.3} | {:>3}/{:<3} {:>3}/{:<3}",
        name,
        source,
        t.articles,
        t.anchors,
        t.not_found,
        t.sentences,
        t.pairs.tp,
        t.pairs.fp,
        t.pairs.fn_,
        prf.precision,
        prf.recall,
        prf.f1,
        t.facts_whole,
        t.facts,
        t.facts_every_article,
        t.facts,
    )
}

impl fmt::Display for ClaimsEval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Pairs of annotated sentences from different articles: positive when they share a \
             fact, predicted when one claim supports both"
        )?;
        writeln!(
            f,
            "{:<22} | {:<10} | {:>4} | {:>7} | {:>4} | {:>5} | {:>4} | {:>4} | {:>4} | {:>5} | {:>5} | {:>5} | facts in one claim",
            "story", "source", "arts", "anchors", "lost", "sents", "TP", "FP", "FN", "P", "R", "F1"
        )?;
        writeln!(
            f,
            "{:<22} | {:<10} | {:>4} | {:>7} | {:>4} | {:>5} | {:>4} | {:>4} | {:>4} | {:>5} | {:>5} | {:>5} | all ment. all arts",
            "", "", "", "", "", "", "", "", "", "", "", ""
        )?;
        let rule = format!(
            "{:-<22}-+-{:-<10}-+-{:-<4}-+-{:-<7}-+-{:-<4}-+-{:-<5}-+-{:-<4}-+-{:-<4}-+-{:-<4}-+-{:-<5}-+-{:-<5}-+-{:-<5}-+-{:-<18}",
            "", "", "", "", "", "", "", "", "", "", "", "", ""
        );
        writeln!(f, "{rule}")?;
        for story in &self.stories {
            let t = Totals::of(std::iter::once(story));
            row(f, &story.id, &story.source.to_string(), &t)?;
        }
        writeln!(f, "{rule}")?;
        for (name, source, tuning) in [
            ("seeds", Some(GoldSource::Seeds), None),
            (
                "multi-news (tuning)",
                Some(GoldSource::MultiNews),
                Some(true),
            ),
            (
                "multi-news (held-out)",
                Some(GoldSource::MultiNews),
                Some(false),
            ),
            ("all (micro)", None, None),
        ] {
            let stories: Vec<&StoryScore> = self
                .stories
                .iter()
                .filter(|s| source.is_none_or(|x| s.source == x))
                .filter(|s| tuning.is_none_or(|x| s.tuning == x))
                .collect();
            if stories.is_empty() {
                continue;
            }
            row(f, name, "", &Totals::of(stories.into_iter()))?;
        }
        write!(
            f,
            "lost: anchors not found in the cleaned text (their gold pairs count as missed); \
             facts: all mentions in one claim / every article's mention in one claim"
        )
    }
}

mod pairs;

pub use pairs::{label_pairs, labelled_pairs, LabelledPair};

#[cfg(test)]
mod tests;
