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
pub const CLAIMS_GOLD: &str = include_str!("../data/claims-gold.json");

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
    let raw = raw_articles(gold, shared)?;
    let mut stories = Vec::with_capacity(gold.stories.len());
    for (story, articles) in gold.stories.iter().zip(&raw) {
        let docs = articles
            .iter()
            .map(document_of)
            .collect::<Result<Vec<_>, _>>()?;
        let (docs, aligned) = align(docs);
        stories.push(score_story(story, &docs, &aligned));
    }
    Ok(ClaimsEval { stories })
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
        for (name, source) in [
            ("seeds", Some(GoldSource::Seeds)),
            ("multi-news (held-out)", Some(GoldSource::MultiNews)),
            ("all (micro)", None),
        ] {
            let t = Totals::of(
                self.stories
                    .iter()
                    .filter(|s| source.is_none_or(|x| s.source == x)),
            );
            row(f, name, "", &t)?;
        }
        write!(
            f,
            "lost: anchors not found in the cleaned text (their gold pairs count as missed); \
             facts: all mentions in one claim / every article's mention in one claim"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use corroborate_core::{Claim, ClaimStatus, Sentence, Span, Support};

    /// A cleaned document whose sentences are the given strings joined by a space.
    fn doc(id: &str, sentences: &[&str]) -> Document {
        let text = sentences.join(" ");
        let mut doc = Document::from_text(id, &text);
        let mut at = 0;
        let spans = sentences
            .iter()
            .map(|s| {
                let span = Span::from_offsets(at, at + s.len());
                at += s.len() + 1;
                Sentence { span }
            })
            .collect();
        doc.layers.sentences = Some(spans);
        doc
    }

    fn claim(id: &str, supports: &[(&str, usize)]) -> Claim {
        Claim {
            id: id.to_string(),
            status: ClaimStatus::Corroborated,
            text: String::new(),
            independent_sources: supports.len(),
            support: supports
                .iter()
                .map(|&(article, sentence)| Support {
                    article: article.to_string(),
                    sentence,
                    span: Span::from_offsets(0, 1),
                    text: String::new(),
                })
                .collect(),
            conflicts: Vec::new(),
            differs_in_detail: None,
        }
    }

    fn anchor(article: &str, anchor: &str) -> GoldAnchor {
        GoldAnchor {
            article: article.to_string(),
            anchor: anchor.to_string(),
        }
    }

    fn fact(id: &str, mentions: Vec<GoldAnchor>) -> GoldFact {
        GoldFact {
            id: id.to_string(),
            fact: String::new(),
            mentions,
        }
    }

    #[test]
    fn scorer_counts_pairs_of_sentences_across_articles() {
        let a = doc(
            "a",
            &[
                "The bridge closed on Monday.",
                "Repairs will cost $2 million.",
                "The mayor was angry.",
                "It reopens in May.",
            ],
        );
        let b = doc(
            "b",
            &[
                "Officials shut the bridge Monday.",
                "The fix costs two million dollars.",
                "Traffic was heavy.",
            ],
        );
        let c = doc(
            "c",
            &[
                "On Monday the bridge was closed.",
                "A council vote is due.",
                "The bridge should reopen in May.",
            ],
        );
        let gold = GoldStory {
            id: "toy".into(),
            source: GoldSource::Seeds,
            row: None,
            articles: ["a", "b", "c"]
                .iter()
                .map(|id| GoldArticle {
                    id: id.to_string(),
                    doc: None,
                    file: Some(format!("{id}.txt")),
                })
                .collect(),
            facts: vec![
                // closed Monday: a0 b0 c0 -> 3 gold pairs
                fact(
                    "closed",
                    vec![
                        anchor("a", "bridge closed"),
                        anchor("b", "shut the bridge"),
                        anchor("c", "bridge was closed"),
                    ],
                ),
                // cost: a1 b1 -> 1 gold pair
                fact(
                    "cost",
                    vec![anchor("a", "cost $2"), anchor("b", "two million")],
                ),
                // reopens: a3 c2, plus an anchor the cleaning lost in b -> 3 gold pairs
                fact(
                    "reopen",
                    vec![
                        anchor("a", "reopens in May"),
                        anchor("c", "reopen in May"),
                        anchor("b", "not in the text"),
                    ],
                ),
            ],
            single: vec![
                anchor("a", "mayor was angry"),
                anchor("b", "Traffic was heavy"),
                anchor("c", "council vote"),
                // a second anchor in an already annotated sentence adds no sentence
                anchor("a", "on Monday"),
            ],
        };
        let story = Story {
            id: "s1".into(),
            articles: vec!["a".into(), "b".into(), "c".into()],
            claims: vec![
                // a0-b0 and a0-c0 found, b0-c0 found too (same claim): 3 TP
                claim("c1", &[("a", 0), ("b", 0), ("c", 0)]),
                // a1 with b2 (traffic): FP; a1-b1 missed: FN
                claim("c2", &[("a", 1), ("b", 2)]),
                // a3 with c2: TP; a2 (mayor) with c1 (vote): FP
                claim("c3", &[("a", 3), ("c", 2)]),
                claim("c4", &[("a", 2), ("c", 1)]),
                // one-sided claim: predicts nothing
                claim("c5", &[("b", 1)]),
            ],
            ..Story::default()
        };
        let score = score_story(&gold, &[a, b, c], &story);
        assert_eq!(score.anchors, 12);
        assert_eq!(score.not_found, 1);
        // a0 a1 a2 a3, b0 b1 b2 b-lost, c0 c1 c2
        assert_eq!(score.sentences, 11);
        // TP: a0b0 a0c0 b0c0 a3c2; FN: a1b1, a3-blost, c2-blost; FP: a1b2, a2c1
        assert_eq!(
            score.pairs,
            PairCounts {
                tp: 4,
                fp: 2,
                fn_: 3
            }
        );
        let prf = score.pairs.prf();
        assert!((prf.precision - 4.0 / 6.0).abs() < 1e-9);
        assert!((prf.recall - 4.0 / 7.0).abs() < 1e-9);
        assert!((prf.f1 - 2.0 * 4.0 / (6.0 + 7.0)).abs() < 1e-9);
        assert_eq!(score.facts, 3);
        assert_eq!(score.facts_whole, 1);
        assert_eq!(score.facts_every_article, 1);
        assert_eq!(score.errors.len(), 5);
        let missed: Vec<_> = score.errors.iter().filter(|e| e.missed).collect();
        assert_eq!(missed.len(), 3);
        assert!(missed
            .iter()
            .any(|e| e.a.1 == "Repairs will cost $2 million."
                && e.b.1 == "The fix costs two million dollars."
                && e.facts == ["cost"]));

        // Totals and the table.
        let eval = ClaimsEval {
            stories: vec![score],
        };
        assert_eq!(eval.pairs(None), eval.pairs(Some(GoldSource::Seeds)));
        assert_eq!(
            eval.pairs(Some(GoldSource::MultiNews)),
            PairCounts::default()
        );
        let table = eval.to_string();
        assert!(table.contains("toy"), "{table}");
        assert!(table.contains("0.667 | 0.571 | 0.615"), "{table}");
        assert!(eval.details().contains("FN [cost]"));
    }

    #[test]
    fn one_claim_per_fact_counts_a_fact_whole() {
        let a = doc("a", &["Rain fell all day in the city.", "Roads flooded."]);
        let b = doc("b", &["It rained all day.", "Several roads were flooded."]);
        let gold = GoldStory {
            id: "rain".into(),
            source: GoldSource::MultiNews,
            row: Some(0),
            articles: Vec::new(),
            facts: vec![
                fact(
                    "rain",
                    vec![anchor("a", "Rain fell"), anchor("b", "rained")],
                ),
                fact(
                    "flood",
                    vec![anchor("a", "flooded"), anchor("b", "flooded")],
                ),
            ],
            single: Vec::new(),
        };
        let story = Story {
            claims: vec![
                claim("c1", &[("a", 0), ("b", 0)]),
                claim("c2", &[("a", 1), ("b", 1)]),
            ],
            ..Story::default()
        };
        let score = score_story(&gold, &[a, b], &story);
        assert_eq!(
            score.pairs,
            PairCounts {
                tp: 2,
                fp: 0,
                fn_: 0
            }
        );
        assert_eq!(score.pairs.prf().f1, 1.0);
        assert_eq!((score.facts_whole, score.facts_every_article), (2, 2));
        // No claims: every gold pair missed, nothing predicted.
        let none = score_story(&gold, &[doc("a", &["x"])], &Story::default());
        assert_eq!(
            none.pairs,
            PairCounts {
                tp: 0,
                fp: 0,
                fn_: 2
            }
        );
        assert_eq!(none.not_found, 4);
    }

    #[test]
    fn builtin_gold_parses() {
        let gold = ClaimsGold::builtin().unwrap();
        assert_eq!(gold.stories.len(), 5);
        assert!(gold.stories.iter().all(|s| !s.facts.is_empty()));
        assert!(ClaimsGold::parse("{\"stories\": [{}]}", "x").is_err());
    }

    #[test]
    fn every_gold_anchor_occurs_once_in_its_raw_article() {
        let Some(dir) = corroborate_core::shared_dir() else {
            eprintln!("skipped: no shared data (../shared/data)");
            return;
        };
        if !dir.join("data").is_dir() {
            eprintln!("skipped: no shared data (../shared/data)");
            return;
        }
        let gold = ClaimsGold::builtin().unwrap();
        let raw = raw_articles(&gold, &dir).unwrap();
        let mut problems = Vec::new();
        for (story, articles) in gold.stories.iter().zip(&raw) {
            for anchor in story.anchors() {
                let text = &articles
                    .iter()
                    .find(|a| a.id == anchor.article)
                    .unwrap()
                    .text;
                let count = text.matches(anchor.anchor.as_str()).count();
                if count != 1 {
                    problems.push(format!(
                        "{} {}: {:?} occurs {count} times",
                        story.id, anchor.article, anchor.anchor
                    ));
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        // The seed files read through the product's reader.
        let seeds = raw
            .iter()
            .flatten()
            .filter(|a| a.source == GoldSource::Seeds);
        for article in seeds {
            let doc = document_of(article).unwrap();
            assert_eq!(doc.id, article.id);
            assert!(!doc.cleaned);
        }
    }
}
