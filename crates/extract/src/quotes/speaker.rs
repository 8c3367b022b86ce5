//! Who said a quote: the subject of a speech verb after the quote (`“…,” X said`, `“…,” said
//! X`, `“…,” according to X`) or before it (`X said: “…”`, `X said that … “…”`), a pronoun
//! or role resolved to a person named earlier, or the speaker of the quote before for a
//! quote that stands alone.

use std::cell::Cell;
use std::collections::HashMap;

use corroborate_core::{EntityKind, EntityMention, Span};

use super::gender::{self, Gender};
use super::marks::Marked;
use crate::lexicon;
use crate::tokens::{TokKind, Token};

/// Words that may stand between a subject and its verb ("Peskov also said").
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
    fn word(&self, t: usize) -> &str {
        self.tokens[t].text(self.text)
    }

    fn is_word(&self, t: usize) -> bool {
        self.tokens
            .get(t)
            .is_some_and(|tok| tok.kind == TokKind::Word)
    }

    /// Index of the first token starting at or after `offset`.
    fn token_at(&self, offset: usize) -> usize {
        self.tokens.partition_point(|t| t.start < offset)
    }

    fn sentence_of(&self, offset: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end() <= offset);
        (i < self.sentences.len() && self.sentences[i].start() <= offset).then_some(i)
    }

    fn mention_ending_at(&self, t: usize) -> Option<usize> {
        let end = self.tokens[t].end;
        self.mentions.iter().position(|m| m.span.end() == end)
    }

    fn mention_starting_at(&self, t: usize) -> Option<usize> {
        let start = self.tokens[t].start;
        self.mentions.iter().position(|m| m.span.start() == start)
    }

    fn inside_quote(&self, span: Span) -> bool {
        self.quotes
            .iter()
            .any(|q| q.content.start() <= span.start() && span.end() <= q.close)
    }

    fn is_speech_verb(&self, t: usize) -> bool {
        self.is_word(t) && {
            let word = self.word(t);
            !word.starts_with(char::is_uppercase) && lexicon::is_speech_verb(word)
        }
    }

    /// A mention in subject position: near the start of its sentence, or right before a
    /// speech verb (maybe after an appositive).
    fn is_subject(&self, sentence: Span, m: &EntityMention) -> bool {
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

    fn preceded_by_preposition(&self, m: &EntityMention) -> bool {
        let t = self.token_at(m.span.start());
        let mut p = t;
        // a title before the name belongs to it ("with Mr. Putin")
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

/// Attributes quote `q` given the attributions of the quotes before it.
pub(crate) fn attribute(ctx: &Context, q: usize, earlier: &[Attribution]) -> Attribution {
    let after = after_quote(ctx, q).or_else(|| dash_after(ctx, q));
    if let Some(found) = after.as_ref().filter(|a| a.speaker_span.is_some()) {
        return found.clone();
    }
    if let Some(found) = before_quote(ctx, q).filter(|a| a.speaker_span.is_some()) {
        return found;
    }
    if let Some(found) = continuation(ctx, q, earlier) {
        return found;
    }
    after.unwrap_or_default()
}

/// `”― Pamela Padilla`: a name after a dash that follows the quote.
fn dash_after(ctx: &Context, q: usize) -> Option<Attribution> {
    let quote = ctx.quotes[q];
    let t = ctx.token_at(quote.close + 1);
    let dash = ctx.tokens.get(t)?;
    if dash.kind != TokKind::Punct || !matches!(ctx.word(t), "―" | "—" | "–" | "-") {
        return None;
    }
    if ctx.text[quote.close..dash.start].contains('\n') {
        return None;
    }
    let mut n = t + 1;
    while n < ctx.tokens.len() && ctx.is_word(n) && lexicon::is_title(ctx.word(n)) {
        n += 1;
    }
    let m = ctx.mention_starting_at(n)?;
    Some(Attribution {
        cue: Some(dash.span()),
        speaker_span: Some(ctx.mentions[m].span),
        mention: Some(m),
    })
}

/// Words that may follow a speech verb that ends an attribution ("he said on Friday").
const AFTER_VERB: &[&str] = &[
    "on",
    "in",
    "at",
    "during",
    "via",
    "from",
    "after",
    "before",
    "while",
    "as",
    "to",
    "of",
    "reporters",
    "today",
    "yesterday",
    "later",
    "earlier",
    "recently",
    "afterward",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "last",
    "this",
    "then",
];

/// The cue right after the closing mark: `,” X said`, `,” said X`, `,” according to X`, and
/// after a quote that ends its sentence only the short `?” Vitter demanded.` form.
fn after_quote(ctx: &Context, q: usize) -> Option<Attribution> {
    let quote = ctx.quotes[q];
    let content = &ctx.text[quote.content];
    if quote.close >= ctx.text.len() {
        return None;
    }
    let strict = content.ends_with(['.', '?', '!']);
    let first = ctx.token_at(quote.close + 1);
    let mut t = first;
    while t < ctx.tokens.len()
        && ctx.tokens[t].kind == TokKind::Punct
        && matches!(ctx.word(t), "," | "”" | "’")
    {
        t += 1;
    }
    if t >= ctx.tokens.len() || ctx.text[quote.close..ctx.tokens[t].start].contains('\n') {
        return None;
    }
    let sentence = ctx.sentences[ctx.sentence_of(ctx.tokens[t].start)?];
    let mut end = sentence.end();
    if let Some(next) = ctx.quotes.get(q + 1) {
        end = end.min(next.open);
    }
    let limit = (t + 12).min(ctx.token_at(end));
    // "according to X"
    if !strict
        && t + 1 < limit
        && ctx.word(t).eq_ignore_ascii_case("according")
        && ctx.word(t + 1) == "to"
    {
        let cue = Span::from_offsets(ctx.tokens[t].start, ctx.tokens[t + 1].end);
        return Some(subject_after(ctx, t + 2, limit, cue));
    }
    let verb = (t..limit.min(t + 8)).find(|&v| ctx.is_speech_verb(v))?;
    if strict {
        let next = verb + 1;
        let ends = next >= ctx.tokens.len()
            || ctx.tokens[next].start >= sentence.end()
            || ctx.tokens[next].kind == TokKind::Punct
            || AFTER_VERB.contains(&ctx.word(next).to_lowercase().as_str())
            || ctx.mention_starting_at(next).is_some();
        if !ends {
            return None;
        }
    }
    let cue = ctx.tokens[verb].span();
    if verb == t {
        let found = subject_after(ctx, verb + 1, limit, cue);
        return (!strict || found.speaker_span.is_some()).then_some(found);
    }
    // the subject stands between the mark and the verb, and fills that space
    let mut s = verb - 1;
    while s > t && ctx.is_word(s) && AUXILIARIES.contains(&ctx.word(s)) {
        s -= 1;
    }
    let found = subject_ending_at(ctx, t, s, cue)?;
    let starts_at = found.speaker_span.map(|span| ctx.token_at(span.start()))?;
    // words that open a new clause cannot be part of the subject ("though she noted")
    let filler = (t..starts_at).all(|f| {
        let word = ctx.word(f);
        ctx.tokens[f].kind != TokKind::Word
            || !matches!(
                word,
                "though" | "although" | "while" | "because" | "but" | "and" | "as" | "when"
                    | "if" | "after" | "before" | "since" | "so" | "that" | "which" | "who"
                    | "where" | "whether" | "than" | "then" | "yet" | "or" | "until" | "unless"
            )
    });
    (filler && starts_at <= t + 8).then_some(found)
}

/// A subject after an inverted verb: "said Kremlin spokesman Dmitry Peskov", "said he".
fn subject_after(ctx: &Context, from: usize, limit: usize, cue: Span) -> Attribution {
    let mut attribution = Attribution {
        cue: Some(cue),
        ..Attribution::default()
    };
    let mut end = limit.min(from + 8);
    for t in from..end {
        if ctx.tokens[t].kind == TokKind::Punct
            && matches!(ctx.word(t), "," | "." | ";" | "“" | "\"")
        {
            end = t;
            break;
        }
    }
    // a person named in the window, else any named subject ("the agency Tass")
    let named: Vec<usize> = (from..end)
        .filter_map(|t| ctx.mention_starting_at(t))
        .collect();
    let pick = named
        .iter()
        .copied()
        .find(|&m| ctx.mentions[m].kind == EntityKind::Person)
        .or_else(|| named.last().copied());
    if let Some(m) = pick {
        attribution.speaker_span = Some(ctx.mentions[m].span);
        attribution.mention = Some(m);
        return attribution;
    }
    if from < end && ctx.is_word(from) && lexicon::is_person_pronoun(ctx.word(from)) {
        return resolve_pronoun(ctx, from, attribution);
    }
    for t in from..end {
        let word = ctx.word(t);
        if ctx.is_word(t) && !word.starts_with(char::is_uppercase) && lexicon::is_role_noun(word) {
            let span = Span::from_offsets(ctx.tokens[from].start, ctx.tokens[t].end);
            return resolve_role(ctx, t, span, attribution);
        }
    }
    // "according to show insiders": the words name the source, unresolved
    if end > from && end - from <= 5 && ctx.is_word(end - 1) {
        attribution.speaker_span = Some(Span::from_offsets(
            ctx.tokens[from].start,
            ctx.tokens[end - 1].end,
        ));
    }
    attribution
}

/// The subject whose last token is `s` (between `from` and the verb).
fn subject_ending_at(ctx: &Context, from: usize, s: usize, cue: Span) -> Option<Attribution> {
    let attribution = Attribution {
        cue: Some(cue),
        ..Attribution::default()
    };
    let mut s = s;
    // "Rep. Gwen Moore (D-Wis.) said"
    if ctx.word(s) == ")" {
        let open = (from..s).rev().find(|&p| ctx.word(p) == "(")?;
        s = open.checked_sub(1)?;
    }
    if let Some(mut m) = ctx.mention_ending_at(s) {
        // "Mr. Morgan of the Sierra Club said": the person speaks for the organisation
        if ctx.mentions[m].kind != EntityKind::Person {
            let start = ctx.token_at(ctx.mentions[m].span.start());
            let of = (start.saturating_sub(3)..start).find(|&o| ctx.word(o) == "of");
            if let Some(person) = of
                .filter(|&o| o > from)
                .and_then(|o| ctx.mention_ending_at(o - 1))
                .filter(|&p| ctx.mentions[p].kind == EntityKind::Person)
            {
                m = person;
            }
        }
        return Some(Attribution {
            speaker_span: Some(ctx.mentions[m].span),
            mention: Some(m),
            ..attribution
        });
    }
    if ctx.is_word(s) && lexicon::is_person_pronoun(ctx.word(s)) {
        return Some(resolve_pronoun(ctx, s, attribution));
    }
    if ctx.is_word(s) && lexicon::is_role_noun(ctx.word(s)) {
        let mut start = s;
        while start > from && ctx.is_word(start - 1) && s - start < 5 {
            start -= 1;
        }
        let span = Span::from_offsets(ctx.tokens[start].start, ctx.tokens[s].end);
        return Some(resolve_role(ctx, s, span, attribution));
    }
    // an unnamed subject: "the commission says", "a narrator in the ad asks"
    let mut start = s;
    while start > from && s - start < 6 && ctx.is_word(start - 1) {
        let word = ctx.word(start - 1);
        start -= 1;
        if matches!(
            word.to_lowercase().as_str(),
            "the" | "a" | "an" | "one" | "his" | "her" | "their" | "its"
        ) {
            if ctx.is_word(s)
                && !ctx.word(s).starts_with(char::is_uppercase)
                && !lexicon::is_function_word(ctx.word(s))
            {
                let span = Span::from_offsets(ctx.tokens[start].start, ctx.tokens[s].end);
                return Some(Attribution {
                    speaker_span: Some(span),
                    ..attribution
                });
            }
            break;
        }
    }
    None
}

/// The last speech verb before the opening mark in the quote's sentence.
fn before_quote(ctx: &Context, q: usize) -> Option<Attribution> {
    let quote = ctx.quotes[q];
    let here = ctx.sentence_of(quote.open)?;
    let mut sentence = ctx.sentences[here];
    // "Caddell continued:" closing the sentence or paragraph before
    if ctx.text[sentence.start()..quote.open].trim().is_empty() && here > 0 {
        let previous = ctx.sentences[here - 1];
        if ctx.text[previous].trim_end().ends_with(':') {
            sentence = Span::from_offsets(previous.start(), quote.open);
        }
    }
    let mut start = sentence.start();
    if q > 0 && ctx.quotes[q - 1].close > start && ctx.quotes[q - 1].close < quote.open {
        start = ctx.quotes[q - 1].close + 1;
    }
    let first = ctx.token_at(start);
    let last = ctx.token_at(quote.open);
    let sentence_first = ctx.token_at(sentence.start());
    // speech verbs before the quote, nearest first; "to tell" is no attribution
    let verbs: Vec<usize> = (first..last)
        .rev()
        .filter(|&v| {
            ctx.is_speech_verb(v)
                && !ctx.inside_quote(ctx.tokens[v].span())
                && !(v > 0 && ctx.word(v - 1) == "to")
        })
        .take(3)
        .collect();
    let verb = *verbs.first()?;
    for &v in &verbs {
        let cue = ctx.tokens[v].span();
        // passive: "described by X as"
        if v + 2 < last && ctx.word(v + 1) == "by" {
            let found = subject_after(ctx, v + 2, last, cue);
            if found.speaker_span.is_some() {
                return Some(found);
            }
        }
        if v > first {
            let mut s = v - 1;
            while s > first && ctx.is_word(s) && AUXILIARIES.contains(&ctx.word(s)) {
                s -= 1;
            }
            if let Some(found) = subject_ending_at(ctx, first, s, cue) {
                return Some(found);
            }
        }
    }
    let cue = ctx.tokens[verb].span();
    // the subject is further away: "Umerov, Ukraine's minister, praised ... and said ..."
    let subject = ctx
        .mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            m.span.start() >= ctx.tokens[sentence_first].start
                && m.span.end() <= ctx.tokens[verb].start
                && matches!(m.kind, EntityKind::Person | EntityKind::Organization)
                && !ctx.inside_quote(m.span)
                && !ctx.preceded_by_preposition(m)
        })
        .min_by_key(|(_, m)| (m.kind != EntityKind::Person, m.span.start()));
    if let Some((m, mention)) = subject {
        return Some(Attribution {
            cue: Some(cue),
            speaker_span: Some(mention.span),
            mention: Some(m),
        });
    }
    // a pronoun subject earlier in the clause: "he said he was trying to build “…”"
    let pronoun = (sentence_first..verb)
        .find(|&t| ctx.is_word(t) && lexicon::is_person_pronoun(ctx.word(t)))?;
    Some(resolve_pronoun(
        ctx,
        pronoun,
        Attribution {
            cue: Some(cue),
            ..Attribution::default()
        },
    ))
}

/// A quote with no cue keeps the speaker of the quote just before it when it opens its
/// sentence (same or previous paragraph) or shares the sentence with it.
fn continuation(ctx: &Context, q: usize, earlier: &[Attribution]) -> Option<Attribution> {
    if q == 0 {
        return None;
    }
    let quote = ctx.quotes[q];
    let previous = ctx.quotes[q - 1];
    let last = earlier.get(q - 1)?;
    let speaker = last.mention?;
    let here = ctx.sentence_of(quote.open)?;
    let sentence = ctx.sentences[here];
    let same_sentence = ctx.sentence_of(previous.open) == Some(here);
    let opens_sentence = ctx.text[sentence.start()..quote.open].trim().is_empty();
    if !same_sentence && !opens_sentence {
        return None;
    }
    let between = &ctx.text[previous.close..quote.open];
    if between.matches('\n').count() > 1 {
        return None;
    }
    // someone else named in between takes the floor
    let speaker_id = ctx.mentions[speaker].local_id;
    let someone_else = ctx.mentions.iter().any(|m| {
        m.span.start() > previous.close
            && m.span.end() <= quote.open
            && m.kind == EntityKind::Person
            && m.local_id != speaker_id
    });
    if someone_else {
        return None;
    }
    Some(Attribution {
        cue: None,
        speaker_span: None,
        mention: Some(speaker),
    })
}

/// "he said": the nearest person named before, outside quotes, who is not an object: in
/// the pronoun's sentence the nearest such mention, in earlier sentences a subject; or the
/// speaker of the last quote when that came later.
fn resolve_pronoun(ctx: &Context, t: usize, mut attribution: Attribution) -> Attribution {
    let pronoun = ctx.tokens[t].span();
    attribution.speaker_span = Some(pronoun);
    let wanted = gender::of_pronoun(ctx.word(t));
    let agrees = |m: &EntityMention| {
        wanted.is_none_or(|g| ctx.genders.get(&m.local_id).is_none_or(|known| *known == g))
    };
    let Some(here) = ctx.sentence_of(pronoun.start()) else {
        return attribution;
    };
    let from = here.saturating_sub(6);
    let mut found = None;
    for s in (from..=here).rev() {
        let sentence = ctx.sentences[s];
        let mut candidates = ctx.mentions.iter().enumerate().filter(|(_, m)| {
            m.kind == EntityKind::Person
                && sentence.contains(m.span)
                && m.span.end() <= pronoun.start()
                && !ctx.inside_quote(m.span)
                && !ctx.preceded_by_preposition(m)
                && agrees(m)
        });
        let pick = if s == here {
            candidates.last()
        } else {
            candidates.find(|(_, m)| ctx.is_subject(sentence, m))
        };
        if let Some((m, _)) = pick {
            found = Some(m);
            break;
        }
    }
    let window_start = ctx.sentences[from].start();
    if let Some((at, speaker)) = ctx.last_speaker.get() {
        let later = found.is_none_or(|m| ctx.mentions[m].span.start() < at);
        if at >= window_start && at < pronoun.start() && later && agrees(&ctx.mentions[speaker]) {
            found = Some(speaker);
        }
    }
    attribution.mention = found;
    attribution
}

/// "the spokesman said": the person the article gave that role, nearest before.
fn resolve_role(
    ctx: &Context,
    head: usize,
    span: Span,
    mut attribution: Attribution,
) -> Attribution {
    attribution.speaker_span = Some(span);
    let noun = ctx.word(head).to_lowercase();
    let found = ctx
        .mentions
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, m)| m.span.end() <= span.start())
        .find(|(_, m)| {
            m.role.is_some_and(|r| {
                ctx.text[r]
                    .to_lowercase()
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| w == noun)
            })
        });
    if let Some((m, _)) = found {
        attribution.mention = Some(m);
    }
    attribution
}
