//! Who said a quote: the subject of a speech verb after the quote (`“…,” X said`, `“…,” said
//! X`, `“…,” according to X`) or before it (`X said: “…”`, `X said that … “…”`), a pronoun
//! or role resolved to a person named earlier, or the speaker of the quote before for a
//! quote that stands alone.

use corroborate_core::{EntityKind, Span};

use super::context::{Attribution, Context, AUXILIARIES};
use super::resolve::{continuation, resolve_pronoun, resolve_role};
use crate::lexicon;
use crate::tokens::TokKind;

/// Attributes quote `q` given the attributions of the quotes before it.
pub(crate) fn attribute(ctx: &Context, q: usize, earlier: &[Attribution]) -> Attribution {
    let after = after_quote(ctx, q).or_else(|| dash_after(ctx, q));
    let named = |a: &Attribution| a.speaker_span.is_some();
    // a cue after a quote that ended its sentence is weaker than one before it
    let ended = ctx.text[ctx.quotes[q].content].ends_with(['.', '?', '!']);
    if let Some(found) = after.as_ref().filter(|a| named(a) && !ended) {
        return found.clone();
    }
    if let Some(found) = before_quote(ctx, q).filter(named) {
        return found;
    }
    if let Some(found) = after.as_ref().filter(|a| named(a)) {
        return found.clone();
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
    // "selon X", "laut X", "volgens X"
    if !strict && t + 1 < limit && lexicon::is_foreign_according(ctx.word(t)) {
        return Some(subject_after(ctx, t + 1, limit, ctx.tokens[t].span()));
    }
    let verb = (t..limit.min(t + 8)).find(|&v| ctx.is_speech_verb(v))?;
    if strict {
        let next = verb + 1;
        let ends = next >= ctx.tokens.len()
            || ctx.tokens[next].start >= sentence.end()
            || ctx.tokens[next].kind == TokKind::Punct
            || AFTER_VERB.contains(&ctx.word(next).to_lowercase().as_str());
        if !ends {
            return None;
        }
    }
    let cue = ctx.tokens[verb].span();
    // "a déclaré X", "ha detto X": an inverted compound past
    let inverted = (t..verb).all(|a| ctx.is_word(a) && lexicon::is_foreign_auxiliary(ctx.word(a)));
    if verb == t || inverted {
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
                "though"
                    | "although"
                    | "while"
                    | "because"
                    | "but"
                    | "and"
                    | "as"
                    | "when"
                    | "if"
                    | "after"
                    | "before"
                    | "since"
                    | "so"
                    | "that"
                    | "which"
                    | "who"
                    | "where"
                    | "whether"
                    | "than"
                    | "then"
                    | "yet"
                    | "or"
                    | "until"
                    | "unless"
            )
    });
    (filler && starts_at <= t + 8).then_some(found)
}

/// A subject after an inverted verb: "said White House spokesman John Smith", "said he".
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
    // a person named in the window, else any named subject ("the agency Xinhua")
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

/// The nearest mention before token `v` (from `from` on) that a verb follows ("Ms. Lund has",
/// "the ministry rejected"): the subject of the clause a participle at `v` hangs on.
fn clause_subject_before(ctx: &Context, from: usize, v: usize, cue: Span) -> Option<Attribution> {
    (from..v).rev().find_map(|t| {
        let m = ctx.mention_ending_at(t)?;
        if ctx.inside_quote(ctx.mentions[m].span) || !ctx.is_word(t + 1) {
            return None;
        }
        let next = ctx.word(t + 1).to_lowercase();
        let verb_follows = AUXILIARIES.contains(&next.as_str())
            || next.ends_with("ed")
            || ctx.is_speech_verb(t + 1);
        if verb_follows {
            subject_ending_at(ctx, from, t, cue)
        } else {
            None
        }
    })
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
            while s > first
                && ctx.is_word(s)
                && (AUXILIARIES.contains(&ctx.word(s))
                    || lexicon::is_foreign_auxiliary(ctx.word(s)))
            {
                s -= 1;
            }
            if let Some(found) = subject_ending_at(ctx, first, s, cue) {
                return Some(found);
            }
            // "X has not, instead asking … “…”": a participle's subject is that of the clause
            // it hangs on, before any subject of a verb further back
            if v == verb && ctx.word(v).ends_with("ing") {
                if let Some(found) = clause_subject_before(ctx, first, v, cue) {
                    return Some(found);
                }
            }
        }
    }
    let cue = ctx.tokens[verb].span();
    // the subject is further away: "Jones, the minister, praised ... and said ..."
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
