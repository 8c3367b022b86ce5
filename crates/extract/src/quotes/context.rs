//! What attribution looks at: the text, its tokens and sentences, the entity mentions and
//! the quotes, with the small queries the cue rules share.

use std::cell::Cell;
use std::collections::HashMap;

use corroborate_core::{EntityMention, Span};

use super::gender::Gender;
use super::marks::Marked;
use crate::lexicon;
use crate::tokens::{TokKind, Token};

/// Words that may stand between a subject and its verb ("Smith also said").
pub(super) const AUXILIARIES: &[&str] = &[
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
    "repeatedly",
    "further",
    "publicly",
    "separately",
    "would",
    "will",
    "reportedly",
    "once",
    "last",
    "simply",
    "quickly",
    "flatly",
    "firmly",
    "privately",
    "subsequently",
];

/// Words before a mention that make it an object, not a subject.
const PREPOSITIONS: &[&str] = &[
    "with",
    "to",
    "by",
    "for",
    "against",
    "from",
    "of",
    "on",
    "about",
    "at",
    "between",
    "and",
    "into",
    "toward",
    "towards",
    "than",
    "like",
    "over",
    "under",
    "among",
    "including",
    "as",
];

/// The attribution found for one quote.
#[derive(Clone, Debug, Default)]
pub(crate) struct Attribution {
    pub cue: Option<Span>,
    pub speaker_span: Option<Span>,
    /// Index into the entities layer.
    pub mention: Option<usize>,
}

pub(crate) struct Context<'a> {
    pub text: &'a str,
    pub tokens: &'a [Token],
    pub sentences: &'a [Span],
    pub mentions: &'a [EntityMention],
    pub quotes: &'a [Marked],
    /// Where the last attributed quote opened, and its speaker mention.
    pub last_speaker: Cell<Option<(usize, usize)>>,
    /// Local entity id -> the gender its pronouns show.
    pub genders: HashMap<u32, Gender>,
}

impl Context<'_> {
    pub(super) fn word(&self, t: usize) -> &str {
        self.tokens.get(t).map_or("", |token| token.text(self.text))
    }

    pub(super) fn is_word(&self, t: usize) -> bool {
        self.tokens
            .get(t)
            .is_some_and(|tok| tok.kind == TokKind::Word)
    }

    /// Index of the first token starting at or after `offset`.
    pub(super) fn token_at(&self, offset: usize) -> usize {
        self.tokens.partition_point(|t| t.start < offset)
    }

    pub(super) fn sentence_of(&self, offset: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end() <= offset);
        (i < self.sentences.len() && self.sentences[i].start() <= offset).then_some(i)
    }

    pub(super) fn mention_ending_at(&self, t: usize) -> Option<usize> {
        let end = self.tokens.get(t)?.end;
        self.mentions.iter().position(|m| m.span.end() == end)
    }

    pub(super) fn mention_starting_at(&self, t: usize) -> Option<usize> {
        let start = self.tokens.get(t)?.start;
        self.mentions.iter().position(|m| m.span.start() == start)
    }

    pub(super) fn inside_quote(&self, span: Span) -> bool {
        self.quotes
            .iter()
            .any(|q| q.content.start() <= span.start() && span.end() <= q.close)
    }

    pub(super) fn is_speech_verb(&self, t: usize) -> bool {
        self.is_word(t) && {
            let word = self.word(t);
            !word.starts_with(char::is_uppercase) && lexicon::is_speech_verb(word)
        }
    }

    /// A mention in subject position: near the start of its sentence, or right before a
    /// speech verb (maybe after an appositive).
    pub(super) fn is_subject(&self, sentence: Span, m: &EntityMention) -> bool {
        let first = self.token_at(sentence.start());
        let t = self.token_at(m.span.start());
        if (first..t).filter(|&w| self.is_word(w)).count() <= 5 {
            return true;
        }
        let mut after = self.token_at(m.span.end());
        if after < self.tokens.len() && self.word(after) == "," {
            // skip an appositive
            while after < self.tokens.len()
                && self.tokens[after].start < sentence.end()
                && (after == self.token_at(m.span.end()) || self.word(after) != ",")
            {
                after += 1;
            }
            after += 1;
        }
        while after < self.tokens.len()
            && self.is_word(after)
            && AUXILIARIES.contains(&self.word(after))
        {
            after += 1;
        }
        after < self.tokens.len() && self.is_speech_verb(after)
    }

    pub(super) fn preceded_by_preposition(&self, m: &EntityMention) -> bool {
        let t = self.token_at(m.span.start());
        let mut p = t;
        // a title before the name belongs to it ("with Mr. Smith")
        while p > 0 && self.is_word(p - 1) && lexicon::is_title(self.word(p - 1)) {
            p -= 1;
        }
        if let Some(role) = m.role {
            if role.end() <= m.span.start() {
                p = p.min(self.token_at(role.start()));
            }
        }
        p > 0 && self.is_word(p - 1) && PREPOSITIONS.contains(&self.word(p - 1))
    }
}
