//! Named entities: people, organisations, places (and events) with roles and within-article
//! identity, from capitalisation, word lists and the statistics of the document itself.

mod candidates;
mod cluster;
mod merge;
pub(crate) mod names;
mod roles;
pub(crate) mod tagger;

use std::collections::{HashMap, HashSet};

use corroborate_core::{Document, EntityKind, EntityMention, Error, Layer, Span, Stage};

use crate::lexicon;
use crate::tokens::{sentences_of, tokenize, TokKind};
use candidates::{starts_upper, Candidate, Tokens};

pub use merge::merge_entities;

/// Finds PERSON, ORGANIZATION, LOCATION and EVENT mentions with their roles; mentions of one
/// entity in an article share `local_id` and `canonical`.
#[derive(Clone, Debug, Default)]
pub struct EntityRecognizer;

impl EntityRecognizer {
    pub fn new() -> EntityRecognizer {
        EntityRecognizer
    }

    /// The mentions of a document, ordered by position.
    pub fn recognize(&self, doc: &Document) -> Vec<EntityMention> {
        let sentences = sentences_of(doc);
        let tokens = Tokens::new(
            &doc.text,
            tokenize(&doc.text),
            &sentences,
            doc.meta.language.as_deref(),
        );
        let found = rule_candidates(&tokens);
        assign(&doc.text, &tokens, &found)
    }

    /// The mentions of a document whose names a tagger found (`tagged`: byte spans of the
    /// text with their types, e.g. from [`crate::EntityTagger`]), given roles and
    /// within-article identity as [`EntityRecognizer::recognize`] gives them. Spans that do
    /// not fall on the tokens of the text are trimmed to the tokens inside them.
    pub fn recognize_tagged(
        &self,
        doc: &Document,
        tagged: &[(Span, EntityKind)],
    ) -> Vec<EntityMention> {
        let sentences = sentences_of(doc);
        let tokens = Tokens::new(
            &doc.text,
            tokenize(&doc.text),
            &sentences,
            doc.meta.language.as_deref(),
        );
        let mut found = candidates::from_spans(&tokens, tagged);
        add_rule_people(&mut found, &rule_candidates(&tokens));
        assign(&doc.text, &tokens, &found)
    }
}

/// The rule tagger's candidates: name shapes, then context cues and document consistency.
fn rule_candidates(tokens: &Tokens) -> Vec<candidates::Candidate> {
    let mut found = candidates::find(tokens);
    apply_context_cues(tokens, &mut found);
    apply_document_consistency(tokens, &mut found);
    found
}

/// Mentions of the candidates: people get their roles, then within-article identity.
fn assign(text: &str, tokens: &Tokens, found: &[candidates::Candidate]) -> Vec<EntityMention> {
    let roles: Vec<_> = found
        .iter()
        .map(|c| match c.kind {
            Some(EntityKind::Person) => roles::role_of(tokens, c),
            _ => None,
        })
        .collect();
    cluster::assign(text, found, roles)
}

impl Stage for EntityRecognizer {
    fn name(&self) -> &'static str {
        "entities"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Text]
    }

    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Entities]
    }

    fn process(&self, doc: &mut Document) -> Result<(), Error> {
        let mentions = self.recognize(doc);
        doc.layers.entities = Some(mentions);
        Ok(())
    }
}

/// What the rule tagger knows of people that the trained tagger may miss: a person's name it
/// reads whole where the tagger took only part of it ("Don Fowler" for "Fowler", the tagger's
/// uncased states reading "don" as a word), and a person the context marks ("X said",
/// "spokesman X") where the tagger found nothing.
fn add_rule_people(found: &mut Vec<Candidate>, rule: &[Candidate]) {
    for r in rule {
        if r.kind != Some(EntityKind::Person) {
            continue;
        }
        let overlapping: Vec<usize> = found
            .iter()
            .enumerate()
            .filter(|(_, c)| c.first <= r.last && r.first <= c.last)
            .map(|(i, _)| i)
            .collect();
        match overlapping.as_slice() {
            [] if r.hint == Some(EntityKind::Person) => found.push(r.clone()),
            &[i] => {
                let c = &found[i];
                let inside =
                    r.first <= c.first && c.last <= r.last && r.last - r.first > c.last - c.first;
                if inside && c.kind == Some(EntityKind::Person) {
                    found[i] = r.clone();
                }
            }
            _ => {}
        }
    }
    found.sort_by_key(|c| c.first);
}

/// Words that may stand between a subject and its speech verb ("Smith also said").
const AUXILIARIES: &[&str] = &[
    "also",
    "later",
    "then",
    "has",
    "had",
    "have",
    "previously",
    "again",
    "once",
    "recently",
    "earlier",
    "had",
    "repeatedly",
    "further",
    "has",
    "publicly",
    "separately",
    "simply",
];

/// Lower-case nouns before a name that make it an organisation ("the news agency Xinhua").
const ORG_NOUNS: &[&str] = &[
    "agency",
    "newspaper",
    "broadcaster",
    "outlet",
    "network",
    "company",
    "firm",
    "group",
    "party",
    "channel",
    "daily",
    "tabloid",
    "website",
    "site",
    "magazine",
    "bank",
    "carrier",
    "manufacturer",
    "maker",
    "giant",
    "startup",
    "publisher",
    "insurer",
    "retailer",
];

/// Lower-case nouns before "of X" that make X a place ("the town of Bakhmut").
const PLACE_NOUNS: &[&str] = &[
    "town",
    "city",
    "village",
    "region",
    "province",
    "state",
    "county",
    "capital",
    "port",
    "island",
    "district",
    "republic",
    "suburb",
    "area",
    "outskirts",
];

fn apply_context_cues(tokens: &Tokens, found: &mut [Candidate]) {
    for candidate in found.iter_mut() {
        if candidate.kind.is_none() {
            candidate.hint = context_kind(tokens, candidate);
        }
    }
}

fn context_kind(tokens: &Tokens, candidate: &Candidate) -> Option<EntityKind> {
    let n = tokens.tokens.len();
    // what follows: a speech verb, an "administration"
    let mut j = candidate.last + 1;
    let possessive = j < n && tokens.tokens[j].kind == TokKind::Possessive;
    while j < n && tokens.is_word(j) && AUXILIARIES.contains(&tokens.word(j)) {
        j += 1;
    }
    if j < n && tokens.is_word(j) {
        let word = tokens.word(j);
        if !starts_upper(word) && lexicon::is_speech_verb(word) {
            return Some(EntityKind::Person);
        }
        if lexicon::is_person_follower(word) && candidate.first == candidate.last {
            return Some(EntityKind::Person);
        }
    }
    // what precedes
    if candidate.first > 0 {
        let p = candidate.first - 1;
        if tokens.is_word(p) {
            let word = tokens.word(p);
            if !starts_upper(word) {
                if lexicon::is_role_noun(word) {
                    return Some(EntityKind::Person);
                }
                if ORG_NOUNS.contains(&word) {
                    return Some(EntityKind::Organization);
                }
                let place_preposition = matches!(
                    word,
                    "in" | "at" | "from" | "near" | "outside" | "across" | "throughout" | "inside"
                );
                if place_preposition && !possessive {
                    return Some(EntityKind::Location);
                }
                if word == "of"
                    && p > 0
                    && tokens.is_word(p - 1)
                    && PLACE_NOUNS.contains(&tokens.word(p - 1))
                {
                    return Some(EntityKind::Location);
                }
            }
        }
    }
    // an appositive with a role noun: "Ann Lee, a correspondent for ..."
    if roles::role_of(tokens, candidate).is_some() {
        return Some(EntityKind::Person);
    }
    None
}

/// One string keeps one type; a surname alone takes the type of the full name; a name of
/// two or more words with no other evidence is a person's.
fn apply_document_consistency(tokens: &Tokens, found: &mut [Candidate]) {
    const KINDS: [EntityKind; 5] = [
        EntityKind::Person,
        EntityKind::Organization,
        EntityKind::Location,
        EntityKind::Event,
        EntityKind::Other,
    ];
    let key_of = |c: &Candidate| names::key(&tokens.text[c.span]);
    let vote = |found: &[Candidate], strong: bool| {
        let mut votes: HashMap<String, [u32; 5]> = HashMap::new();
        for c in found {
            let kind = if strong { c.kind } else { c.kind.or(c.hint) };
            if let Some(kind) = kind {
                votes.entry(key_of(c)).or_default()[kind as usize] += 1;
            }
        }
        votes
    };
    let winner = |counts: &[u32; 5]| {
        let best = (0..5).max_by_key(|&k| (counts[k], 5 - k)).unwrap_or(4);
        (counts[best] > 0).then_some(KINDS[best])
    };
    let strong = vote(found, true);
    for c in found.iter_mut() {
        if c.kind.is_none() {
            c.kind = strong.get(&key_of(c)).and_then(winner);
        }
    }
    for c in found.iter_mut() {
        if c.kind.is_none() && c.first != c.last {
            // a last word the article also writes in lower case is no surname
            // ("Equal Rights Amendment", "Russia Today")
            let common_last = tokens.stats(tokens.word(c.last)).0 > 0
                || lexicon::is_function_word(tokens.word(c.last));
            let fallback = if common_last {
                EntityKind::Other
            } else {
                EntityKind::Person
            };
            c.kind = Some(c.hint.unwrap_or(fallback));
        }
    }
    let mut surnames = HashSet::new();
    let mut firsts = HashSet::new();
    for c in found.iter() {
        if c.kind == Some(EntityKind::Person) {
            let parts = names::name_parts(&tokens.text[c.span]);
            if parts.len() >= 2 {
                surnames.insert(parts[parts.len() - 1].clone());
                firsts.insert(parts[0].clone());
            }
        }
    }
    for c in found.iter_mut() {
        if c.kind.is_some() {
            continue;
        }
        let word = tokens.text[c.span].to_lowercase();
        if surnames.contains(&word) || firsts.contains(&word) {
            c.kind = Some(EntityKind::Person);
        }
    }
    let weak = vote(found, false);
    for c in found.iter_mut() {
        if c.kind.is_none() {
            c.kind = Some(
                c.hint
                    .or_else(|| weak.get(&key_of(c)).and_then(winner))
                    .unwrap_or(EntityKind::Other),
            );
        }
    }
}

#[cfg(test)]
mod tests;
