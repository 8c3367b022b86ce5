//! Numbers as the figures extractor sees them: `corroborate_core::numbers` reads them (the
//! same reader claim alignment uses, so both agree on "23.8bn", "1,500", "ninety-nine", "a
//! dozen" and on "more than", "about"); this maps what it read onto tokens.

use corroborate_core::{numbers, Qualifier};

use crate::tokens::{TokKind, Token};

/// A number found at some token.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Number {
    pub value: f64,
    /// The digits as written, before any scale word ("20bn" → 20).
    pub written: f64,
    /// First and last token of the number (scale word included).
    pub first: usize,
    pub last: usize,
    /// True when written in words.
    pub words: bool,
    /// True when a scale word or abbreviation followed ("million", "bn").
    pub scaled: bool,
}

pub(crate) struct View<'a> {
    pub text: &'a str,
    pub tokens: &'a [Token],
    /// Each token lower-cased once.
    pub lowered: Vec<String>,
    /// How the text's language writes numbers ("40.000 millones", "2 500 salariés").
    pub notation: numbers::Notation,
    /// The language writes every noun with a capital (German).
    pub capital_nouns: bool,
}

impl View<'_> {
    pub fn word(&self, t: usize) -> &str {
        self.tokens.get(t).map_or("", |tok| tok.text(self.text))
    }

    pub fn kind(&self, t: usize) -> Option<TokKind> {
        self.tokens.get(t).map(|tok| tok.kind)
    }

    /// True when token `t` starts right where token `t - 1` ends.
    pub fn adjacent(&self, t: usize) -> bool {
        t > 0 && t < self.tokens.len() && self.tokens[t - 1].end == self.tokens[t].start
    }

    pub fn lower(&self, t: usize) -> &str {
        self.lowered.get(t).map_or("", String::as_str)
    }

    /// The token that holds byte `at - 1`: the last token of something read up to `at`.
    fn token_ending_at(&self, at: usize) -> Option<usize> {
        let t = self.tokens.partition_point(|tok| tok.end < at);
        (t < self.tokens.len()).then_some(t)
    }

    /// The first token that starts at or after byte `at`.
    fn token_starting_at(&self, at: usize) -> usize {
        self.tokens.partition_point(|tok| tok.start < at)
    }
}

/// The number starting at token `t`, if one does.
pub(crate) fn number_at(view: &View, t: usize) -> Option<Number> {
    if !matches!(view.kind(t)?, TokKind::Number | TokKind::Word) {
        return None;
    }
    let start = view.tokens[t].start;
    let read = numbers::read_number_in(&view.text[start..], view.notation)?;
    Some(Number {
        value: read.value,
        written: read.written,
        first: t,
        last: view.token_ending_at(start + read.len)?,
        words: read.words,
        scaled: read.scaled,
    })
}

/// The qualifier written before token `t` ("more than", "about"), and the first token of it.
pub(crate) fn qualifier_before(view: &View, t: usize) -> (Qualifier, usize) {
    let start = view.tokens.get(t).map_or(view.text.len(), |tok| tok.start);
    match numbers::qualifier_before(&view.text[..start]) {
        (Qualifier::Exact, _) => (Qualifier::Exact, t),
        (qualifier, at) => (qualifier, view.token_starting_at(at)),
    }
}
