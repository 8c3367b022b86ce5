//! The cited brief: what the sources agree on, where they differ, what one outlet alone says.
//! Extractive: every sentence is a source sentence (or quotes source sentences verbatim inside
//! a neutral frame) and cites every span it rests on.

use std::collections::{HashMap, HashSet};

use corroborate_core::{
    BriefSection, BriefSentence, Cite, Claim, ClaimStatus, ConflictKind, Document, Story, Support,
    TimelineEntry,
};

use crate::timeline::timeline;
use crate::words::{
    containment, content_words, ends_sentence, form_score, squash_whitespace, whole_quotation,
};

/// Limits of the brief.
#[derive(Clone, Debug)]
pub struct BriefOptions {
    /// Most sentences in the consensus section.
    pub max_consensus: usize,
    /// Most sentences in the "where reports differ" section.
    pub max_differences: usize,
    /// Most sentences in the "reported by one outlet only" section.
    pub max_single_source: usize,
    /// A candidate whose content words are at least this share inside an already chosen
    /// sentence repeats it and is dropped.
    pub redundancy: f32,
    /// Stop adding consensus and single-source sentences once the brief has this many words
    /// (`None`: no limit). Differences are always kept.
    pub max_words: Option<usize>,
    /// Weight of lead position against the share of sources when ranking consensus claims.
    pub lead_weight: f32,
}

impl Default for BriefOptions {
    fn default() -> BriefOptions {
        BriefOptions {
            max_consensus: 12,
            max_differences: 5,
            max_single_source: 12,
            max_words: Some(300),
            redundancy: 0.6,
            lead_weight: 0.6,
        }
    }
}

/// The cited brief and the timeline of a story, with default limits.
///
/// `docs` must hold the story's articles (others are ignored); citations whose article is
/// missing or whose span does not fit its text are dropped, and a sentence left without
/// citations is never emitted.
pub fn brief(story: &Story, docs: &[&Document]) -> (Vec<BriefSentence>, Vec<TimelineEntry>) {
    brief_with(story, docs, &BriefOptions::default())
}

/// [`brief`] with explicit limits.
pub fn brief_with(
    story: &Story,
    docs: &[&Document],
    options: &BriefOptions,
) -> (Vec<BriefSentence>, Vec<TimelineEntry>) {
    let context = Context::new(story, docs);
    let mut chosen = Chosen {
        words: Vec::new(),
        budget: options.max_words.unwrap_or(usize::MAX),
    };
    let consensus = consensus(&context, options, &mut chosen);
    let differences = differences(&context, options);
    chosen.budget = chosen.budget.saturating_sub(word_count(&differences));
    let single_source = single_source(&context, options, &mut chosen);
    let mut sentences = consensus;
    sentences.extend(differences);
    sentences.extend(single_source);
    (sentences, timeline(story, docs))
}

/// What the brief holds so far: content words of each sentence and the words left.
struct Chosen {
    words: Vec<HashSet<String>>,
    budget: usize,
}

fn word_count(sentences: &[BriefSentence]) -> usize {
    sentences
        .iter()
        .map(|sentence| sentence.text.split_whitespace().count())
        .sum()
}

struct Context<'a> {
    story: &'a Story,
    docs: HashMap<&'a str, &'a Document>,
    /// 1-based source number of each article, in story order.
    numbers: HashMap<&'a str, usize>,
}

/// One support resolved against its document.
#[derive(Clone)]
struct Resolved<'a> {
    support: &'a Support,
    cite: Cite,
    text: String,
}

impl<'a> Context<'a> {
    fn new(story: &'a Story, docs: &[&'a Document]) -> Context<'a> {
        let docs = docs.iter().map(|doc| (doc.id.as_str(), *doc)).collect();
        let numbers = story
            .articles
            .iter()
            .enumerate()
            .map(|(index, article)| (article.as_str(), index + 1))
            .collect();
        Context {
            story,
            docs,
            numbers,
        }
    }

    fn resolve(&self, claim: &'a Claim) -> Vec<Resolved<'a>> {
        claim
            .support
            .iter()
            .filter_map(|support| {
                let doc = self.docs.get(support.article.as_str())?;
                if !support.span.is_valid_for(&doc.text) || support.span.is_empty() {
                    return None;
                }
                let span = whole_quotation(&doc.text, support.span.trim(&doc.text));
                let text = squash_whitespace(&doc.text[span]);
                (!text.is_empty()).then(|| Resolved {
                    support,
                    cite: Cite::new(support.article.clone(), span),
                    text,
                })
            })
            .collect()
    }

    fn number(&self, article: &str) -> usize {
        self.numbers.get(article).copied().unwrap_or(0)
    }

    /// "[2] Reuters" or "[2]" when the outlet is unknown.
    fn label(&self, article: &str) -> String {
        let number = self.number(article);
        match self
            .docs
            .get(article)
            .and_then(|doc| doc.meta.outlet.as_deref())
        {
            Some(outlet) => format!("[{number}] {}", squash_whitespace(outlet)),
            None => format!("[{number}]"),
        }
    }

    fn claim(&self, id: &str) -> Option<&'a Claim> {
        self.story.claims.iter().find(|claim| claim.id == id)
    }
}

/// The best-formed wording among a claim's supports: complete, standalone, moderate length,
/// then the earliest in its article.
fn best_wording<'r>(
    resolved: &'r [Resolved<'_>],
    context: &Context<'_>,
) -> Option<&'r Resolved<'r>> {
    resolved.iter().min_by(|a, b| {
        form_score(&b.text)
            .total_cmp(&form_score(&a.text))
            .then(a.support.sentence.cmp(&b.support.sentence))
            .then(
                context
                    .number(&a.cite.doc)
                    .cmp(&context.number(&b.cite.doc)),
            )
    })
}

fn distinct_articles(resolved: &[Resolved<'_>]) -> Vec<String> {
    let mut articles: Vec<String> = Vec::new();
    for item in resolved {
        if !articles.contains(&item.cite.doc) {
            articles.push(item.cite.doc.clone());
        }
    }
    articles
}

/// Lead weight of a claim: facts stated early in articles score near 1, background near 0.
fn lead_weight(resolved: &[Resolved<'_>]) -> f32 {
    let mut earliest: HashMap<&str, usize> = HashMap::new();
    for item in resolved {
        let entry = earliest.entry(item.cite.doc.as_str()).or_insert(usize::MAX);
        *entry = (*entry).min(item.support.sentence);
    }
    if earliest.is_empty() {
        return 0.0;
    }
    let total: f32 = earliest
        .values()
        .map(|&index| 1.0 / (1.0 + index as f32 / 3.0))
        .sum();
    total / earliest.len() as f32
}

fn consensus(
    context: &Context<'_>,
    options: &BriefOptions,
    chosen: &mut Chosen,
) -> Vec<BriefSentence> {
    let story_size = context.story.articles.len().max(1) as f32;
    let mut candidates: Vec<(f32, BriefSentence)> = Vec::new();
    for claim in &context.story.claims {
        if claim.status != ClaimStatus::Corroborated || claim.differs_in_detail.is_some() {
            continue;
        }
        let resolved = context.resolve(claim);
        let Some(wording) = best_wording(&resolved, context) else {
            continue;
        };
        let articles = distinct_articles(&resolved).len();
        let sources = match claim.independent_sources {
            0 => articles,
            n => n.min(articles.max(1)),
        };
        let score = sources as f32 / story_size
            + options.lead_weight * lead_weight(&resolved)
            + 0.05 * form_score(&wording.text);
        candidates.push((
            score,
            BriefSentence {
                text: wording.text.clone(),
                citations: resolved.iter().map(|item| item.cite.clone()).collect(),
                section: BriefSection::Consensus,
            },
        ));
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
    pick(
        candidates.into_iter().map(|(_, sentence)| sentence),
        options.max_consensus,
        options.redundancy,
        chosen,
    )
}

/// Takes sentences in order, skipping any largely contained in one already chosen, until
/// `limit` sentences or the word budget is spent.
fn pick(
    candidates: impl Iterator<Item = BriefSentence>,
    limit: usize,
    redundancy: f32,
    chosen: &mut Chosen,
) -> Vec<BriefSentence> {
    let mut out = Vec::new();
    for sentence in candidates {
        if out.len() >= limit || chosen.budget == 0 {
            break;
        }
        let words = content_words(&sentence.text);
        if chosen
            .words
            .iter()
            .any(|earlier| containment(&words, earlier) >= redundancy)
        {
            continue;
        }
        chosen.words.push(words);
        chosen.budget = chosen
            .budget
            .saturating_sub(sentence.text.split_whitespace().count());
        out.push(sentence);
    }
    out
}

fn what_differs(kind: ConflictKind) -> &'static str {
    match kind {
        ConflictKind::Number => "a figure",
        ConflictKind::Date => "the date",
        ConflictKind::Negation => "whether it happened",
        ConflictKind::Attribution => "who said it",
        ConflictKind::Other => "this point",
    }
}

/// `"[1] Reuters and [3]"` for the distinct articles of a side.
fn side_label(context: &Context<'_>, resolved: &[Resolved<'_>]) -> String {
    let labels: Vec<String> = distinct_articles(resolved)
        .iter()
        .map(|article| context.label(article))
        .collect();
    match labels.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The values a conflict's detail sets against each other: "'two weeks' vs 'three weeks'" →
/// ["two weeks", "three weeks"]; "40 vs 45 new stations" → ["40", "45 new stations"].
fn conflict_values(detail: &str) -> Vec<String> {
    detail
        .split(" vs ")
        .map(|side| {
            side.trim()
                .trim_matches(|c: char| "'\"‘’“”".contains(c))
                .to_lowercase()
        })
        .filter(|value| !value.is_empty())
        .collect()
}

/// The supports of one side of a conflict that state one of its values, so the sentence shows
/// and cites the wording that carries the difference; all of them when none does.
fn stating<'a>(resolved: &[Resolved<'a>], values: &[String]) -> Vec<Resolved<'a>> {
    let states = |item: &&Resolved<'a>| {
        let text = item.text.to_lowercase();
        values.iter().any(|value| text.contains(value.as_str()))
    };
    let chosen: Vec<Resolved<'a>> = resolved.iter().filter(states).cloned().collect();
    if chosen.is_empty() {
        resolved.to_vec()
    } else {
        chosen
    }
}

fn quoted(text: &str) -> String {
    format!("“{}”", text.trim_end_matches('.'))
}

fn differences(context: &Context<'_>, options: &BriefOptions) -> Vec<BriefSentence> {
    let mut out = Vec::new();
    let mut seen_pairs: HashSet<(String, String)> = HashSet::new();
    for claim in &context.story.claims {
        let resolved = context.resolve(claim);
        let Some(wording) = best_wording(&resolved, context) else {
            continue;
        };
        if let Some(detail) = &claim.differs_in_detail {
            out.push(BriefSentence {
                text: format!(
                    "{} Reports differ in detail: {}.",
                    wording.text,
                    squash_whitespace(detail).trim_end_matches('.')
                ),
                citations: resolved.iter().map(|item| item.cite.clone()).collect(),
                section: BriefSection::Differences,
            });
            continue;
        }
        if claim.status == ClaimStatus::Conflicting && claim.conflicts.is_empty() {
            out.push(BriefSentence {
                text: format!(
                    "Reports differ on this point: {} says {}.",
                    side_label(context, &resolved),
                    quoted(&wording.text)
                ),
                citations: resolved.iter().map(|item| item.cite.clone()).collect(),
                section: BriefSection::Differences,
            });
            continue;
        }
        for conflict in &claim.conflicts {
            let pair = if claim.id < conflict.claim {
                (claim.id.clone(), conflict.claim.clone())
            } else {
                (conflict.claim.clone(), claim.id.clone())
            };
            if !seen_pairs.insert(pair) {
                continue;
            }
            let detail = squash_whitespace(&conflict.detail);
            let topic = if detail.is_empty() {
                what_differs(conflict.kind).to_string()
            } else {
                format!(
                    "{} ({})",
                    what_differs(conflict.kind),
                    detail.trim_end_matches('.')
                )
            };
            let values = conflict_values(&detail);
            let side = stating(&resolved, &values);
            let wording = best_wording(&side, context).unwrap_or(wording);
            let mut citations: Vec<Cite> = side.iter().map(|item| item.cite.clone()).collect();
            let mut text = format!(
                "Reports differ on {topic}: {} says {}",
                side_label(context, &side),
                quoted(&wording.text)
            );
            if let Some(other) = context.claim(&conflict.claim) {
                let other_resolved = stating(&context.resolve(other), &values);
                if let Some(other_wording) = best_wording(&other_resolved, context) {
                    text.push_str(&format!(
                        "; {} says {}",
                        side_label(context, &other_resolved),
                        quoted(&other_wording.text)
                    ));
                    citations.extend(other_resolved.iter().map(|item| item.cite.clone()));
                }
            }
            text.push('.');
            out.push(BriefSentence {
                text,
                citations,
                section: BriefSection::Differences,
            });
        }
    }
    out.truncate(options.max_differences);
    out
}

fn single_source(
    context: &Context<'_>,
    options: &BriefOptions,
    chosen: &mut Chosen,
) -> Vec<BriefSentence> {
    let mut candidates: Vec<((usize, usize), BriefSentence)> = Vec::new();
    for claim in &context.story.claims {
        if claim.status != ClaimStatus::SingleSource {
            continue;
        }
        let resolved = context.resolve(claim);
        let Some(wording) = best_wording(&resolved, context) else {
            continue;
        };
        // One outlet's word alone: only complete sentences, no headlines or fragments.
        if form_score(&wording.text) < 1.0 || !ends_sentence(&wording.text) {
            continue;
        }
        let position = (wording.support.sentence, context.number(&wording.cite.doc));
        candidates.push((
            position,
            BriefSentence {
                text: wording.text.clone(),
                citations: resolved.iter().map(|item| item.cite.clone()).collect(),
                section: BriefSection::SingleSource,
            },
        ));
    }
    // Lead sentences first, round robin over the articles.
    candidates.sort_by_key(|(position, _)| *position);
    pick(
        candidates.into_iter().map(|(_, sentence)| sentence),
        options.max_single_source,
        options.redundancy,
        chosen,
    )
}
