//! The description an article gives a person: a role before the name ("White House spokesman
//! John Smith", "the French foreign minister, Anne Martin") or an appositive after it
//! ("Petrov, the head of the central bank,").

use corroborate_core::Span;

use super::candidates::{starts_upper, Candidate, Tokens};
use crate::lexicon;
use crate::tokens::TokKind;

/// Lower-case words that may modify a role noun.
const MODIFIERS: &[&str] = &[
    "special",
    "senior",
    "top",
    "former",
    "foreign",
    "chief",
    "deputy",
    "acting",
    "state",
    "national",
    "defense",
    "defence",
    "prime",
    "vice",
    "interim",
    "new",
    "longtime",
    "veteran",
    "presidential",
    "vice-presidential",
    "press",
    "economic",
    "military",
    "security",
    "finance",
    "interior",
    "justice",
    "health",
    "trade",
    "energy",
    "executive",
    "general",
    "managing",
    "white",
    "house",
    "campaign",
    "party",
    "government",
    "opposition",
    "regional",
    "local",
    "federal",
    "city",
    "county",
    "district",
    "supreme",
    "court",
    "assistant",
    "associate",
    "lead",
    "principal",
    "head",
    "junior",
    "ex",
    "then",
    "outgoing",
    "incoming",
    "elected",
    "defense",
    "intelligence",
    "peace",
    "climate",
    "envoy",
    "foreign-policy",
    "news",
    "sky",
];

const DETERMINERS: &[&str] = &["the", "a", "an", "his", "her", "their", "its", "our"];

fn is_modifier(word: &str) -> bool {
    MODIFIERS.contains(&word)
        || word.ends_with("ian")
        || word.ends_with("ial")
        || word.ends_with("ical")
        || word.ends_with("ese")
}

/// The role of a candidate: an appositive after the name, else a role before it, else the
/// title inside the run.
pub(crate) fn role_of(tokens: &Tokens, candidate: &Candidate) -> Option<Span> {
    appositive_after(tokens, candidate)
        .or_else(|| role_before(tokens, candidate))
        .or_else(|| {
            candidate
                .title_role
                .map(|span| extend_modifiers(tokens, extend_possessor(tokens, span, candidate)))
        })
}

/// "former Secretary Lloyd Austin": lower-case modifiers before a title belong to the role.
fn extend_modifiers(tokens: &Tokens, role: Span) -> Span {
    let Some(mut first) = tokens.tokens.iter().position(|t| t.start == role.start()) else {
        return role;
    };
    while first > 0
        && tokens.is_word(first - 1)
        && tokens.sentence_of[first - 1] == tokens.sentence_of[first]
        && matches!(
            tokens.word(first - 1),
            "former" | "then" | "acting" | "late" | "outgoing" | "incoming" | "interim"
        )
    {
        first -= 1;
    }
    Span::from_offsets(tokens.tokens[first].start, role.end())
}

/// "France's President Anne Martin": the possessor belongs to the role.
fn extend_possessor(tokens: &Tokens, role: Span, candidate: &Candidate) -> Span {
    let Some(role_first) = (0..candidate.first)
        .rev()
        .find(|&t| tokens.tokens[t].start == role.start())
    else {
        return role;
    };
    if role_first < 2 || tokens.tokens[role_first - 1].kind != TokKind::Possessive {
        return role;
    }
    let possessor_word = |t: usize| {
        tokens.is_word(t)
            && starts_upper(tokens.word(t))
            && !lexicon::is_function_word(tokens.word(t))
            && tokens.sentence_of[t] == candidate.sentence
            && (!tokens.initial[t] || tokens.stats(tokens.word(t)).0 == 0)
    };
    let mut start = role_first - 2;
    if !possessor_word(start) {
        return role;
    }
    while start > 0 && !tokens.initial[start] && possessor_word(start - 1) {
        start -= 1;
    }
    Span::from_offsets(tokens.tokens[start].start, role.end())
}

/// Walks left from the token before the name over a role noun and its modifiers.
fn role_before(tokens: &Tokens, candidate: &Candidate) -> Option<Span> {
    let name_first = candidate.first;
    // skip an honorific or title run directly before the name ("Mr.")
    let mut end = name_first.checked_sub(1)?;
    if candidate.titled && candidate.title_role.is_none() {
        end = end.checked_sub(1)?;
    }
    let mut appositive = false;
    if tokens.tokens[end].kind == TokKind::Punct && tokens.word(end) == "," {
        appositive = true;
        end = end.checked_sub(1)?;
    }
    if candidate.title_role.is_some() && !appositive {
        return None;
    }
    if tokens.sentence_of[end] != candidate.sentence || !tokens.is_word(end) {
        return None;
    }
    let head = tokens.word(end);
    if starts_upper(head) || !lexicon::is_role_noun(head) {
        // "Russia's ambassador to the UK, Andrei Kelin,": a subject phrase opening the
        // sentence, headed by a role noun a few words before the comma
        return if appositive {
            subject_role(tokens, candidate, end)
        } else {
            None
        };
    }
    let mut start = end;
    let mut steps = 0;
    while start > 0 && steps < 6 {
        let t = start - 1;
        if tokens.sentence_of[t] != candidate.sentence {
            break;
        }
        let token = tokens.tokens[t];
        let word = tokens.word(t);
        let take = match token.kind {
            TokKind::Possessive => t > 0 && tokens.is_word(t - 1),
            TokKind::Word => {
                if starts_upper(word) {
                    !lexicon::is_function_word(word) || lexicon::is_place_acronym(word)
                } else {
                    is_modifier(word) || lexicon::is_role_noun(word)
                }
            }
            TokKind::Number => false,
            TokKind::Punct => word == "-" && t > 0 && tokens.is_word(t - 1),
        };
        if !take {
            break;
        }
        start = t;
        steps += 1;
    }
    // an appositive role keeps its determiner: "the German defense minister, ..."
    if appositive {
        let before = start.checked_sub(1)?;
        let word = tokens.word(before);
        if tokens.is_word(before) && DETERMINERS.contains(&word.to_lowercase().as_str()) {
            start = before;
        } else if tokens.tokens[start].kind != TokKind::Word || !starts_upper(tokens.word(start)) {
            return None;
        }
    }
    Some(tokens.span(start, end))
}

/// A role phrase from the sentence start to `end` (just before the comma), headed by a
/// role noun within its first words.
fn subject_role(tokens: &Tokens, candidate: &Candidate, end: usize) -> Option<Span> {
    let first = (0..=end)
        .rev()
        .take_while(|&t| tokens.sentence_of[t] == candidate.sentence)
        .last()?;
    if end - first > 8 {
        return None;
    }
    let clean = (first..=end).all(|t| {
        tokens.tokens[t].kind != TokKind::Punct || matches!(tokens.word(t), "-" | "’" | "'")
    });
    let has_role = (first..=end.min(first + 3)).any(|t| {
        tokens.is_word(t) && !starts_upper(tokens.word(t)) && lexicon::is_role_noun(tokens.word(t))
    });
    (clean && has_role).then(|| tokens.span(first, end))
}

/// ", the 49-year-old head of Russia's sovereign wealth fund," after the name.
fn appositive_after(tokens: &Tokens, candidate: &Candidate) -> Option<Span> {
    let n = tokens.tokens.len();
    let comma = candidate.last + 1;
    if comma >= n || tokens.word(comma) != "," {
        return None;
    }
    let first = comma + 1;
    if first >= n || tokens.sentence_of[first] != candidate.sentence {
        return None;
    }
    let opener = tokens.word(first);
    let opener_lower = opener.to_lowercase();
    let starts_well = DETERMINERS.contains(&opener_lower.as_str())
        || (starts_upper(opener)
            && tokens
                .tokens
                .get(first + 1)
                .is_some_and(|t| t.kind == TokKind::Possessive))
        || (starts_upper(opener)
            && lexicon::is_honorific(opener)
            && tokens
                .tokens
                .get(first + 2)
                .is_some_and(|t| t.kind == TokKind::Possessive));
    if !starts_well {
        return None;
    }
    let mut last = first;
    let mut has_role = false;
    let mut t = first;
    while t < n && t - first < 20 && tokens.sentence_of[t] == candidate.sentence {
        let word = tokens.word(t);
        if tokens.tokens[t].kind == TokKind::Punct
            && matches!(
                word,
                "," | "." | ";" | ")" | "(" | ":" | "—" | "“" | "”" | "\""
            )
        {
            break;
        }
        if matches!(word, "who" | "which" | "that" | "said" | "says" | "told") {
            return None;
        }
        if tokens.is_word(t) && !starts_upper(word) && lexicon::is_role_noun(word) && t - first < 8
        {
            has_role = true;
        }
        last = t;
        t += 1;
    }
    let closed = t >= n
        || tokens.sentence_of[t] != candidate.sentence
        || matches!(tokens.word(t), "," | "." | ";" | ")");
    if !closed || last < first {
        return None;
    }
    if !has_role && last - first > 3 {
        return None;
    }
    Some(tokens.span(first, last))
}
