//! The units claims are made of: sentences, split into clauses where a sentence carries two
//! facts, each with what alignment compares (terms, names, vector, values, negation, quote).

use corroborate_core::{Document, Span};

use super::values::{from_layer, scan, Vague, Value};
use crate::terms::{name_phrases, terms_of, words};

/// Where a sentence may be split in two, when both halves state something. The flag says
/// whether the second half must have a verb of its own (a participial "following ..." need not).
const SPLITS: &[(&str, bool)] = &[
    ("; ", true),
    (", while ", true),
    (" while ", true),
    (", whereas ", true),
    (", and ", true),
    (", but ", true),
    (" but ", true),
    (", where ", true),
    (", following ", false),
    (", after ", false),
    (", ahead of ", false),
];

const LEADING: &[&str] = &["While ", "Although ", "Though ", "Whereas "];

/// Words that mark a verb without a part-of-speech tagger: auxiliaries, common news verbs and
/// irregular past forms; regular past forms end in "-ed".
const VERBS: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "can",
    "could", "may", "might", "must", "should", "does", "did", "do", "said", "says", "say", "met",
    "meet", "meets", "held", "holds", "told", "made", "took", "gave", "went", "came", "saw",
    "began", "led", "left", "won", "lost", "sent", "set", "put", "cut", "hit", "kept", "paid",
    "ran", "rose", "fell", "spoke", "wrote", "became", "brought", "sought", "thought", "found",
    "stood", "struck", "drew", "grew", "flew", "knew", "shot", "built", "spent", "meant", "felt",
    "sold", "broke", "chose", "got", "heard", "fought", "fled", "remain", "remains", "appear",
    "appears", "seem", "seems", "wants", "want", "needs", "need", "insists", "insist", "calls",
    "urges", "plans", "expects", "hopes", "denies", "claims",
];

fn has_verb(text: &str) -> bool {
    words(text).iter().any(|w| {
        let lower = w.text.to_lowercase();
        VERBS.contains(&lower.as_str())
            || (lower.len() > 4 && lower.ends_with("ed"))
            || lower.ends_with("n't")
    })
}

fn content_terms(text: &str) -> usize {
    let mut out = Vec::new();
    for word in words(text) {
        terms_of(word.text, &mut out);
    }
    out.len()
}

/// Minimum content words of each half for a split.
const MIN_HALF: usize = 3;

/// Splits a sentence span into clause spans (trimmed, in order, within the sentence).
pub(crate) fn clauses(text: &str, sentence: Span) -> Vec<Span> {
    let body = &text[sentence];
    let ok = |piece: &str, needs_verb: bool| {
        content_terms(piece) >= MIN_HALF && (!needs_verb || has_verb(piece))
    };
    // A leading subordinate clause: "While hopes remain low, the spokesman confirmed ..."
    if LEADING.iter().any(|l| body.starts_with(l)) {
        if let Some(comma) = body.find(", ") {
            let (first, second) = (&body[..comma], &body[comma + 2..]);
            if ok(first, false) && ok(second, true) {
                let left = Span::from_offsets(sentence.start(), sentence.start() + comma);
                let right = Span::from_offsets(sentence.start() + comma + 2, sentence.end());
                let mut out = vec![left.trim(text)];
                out.extend(clauses(text, right.trim(text)));
                return out;
            }
        }
    }
    for &(marker, needs_verb) in SPLITS {
        let mut search = 0;
        while let Some(found) = body[search..].find(marker) {
            let at = search + found;
            let (first, second) = (&body[..at], &body[at + marker.len()..]);
            // Never split inside quotation marks.
            let curly_open = first.matches('“').count() > first.matches('”').count();
            let straight_open = first.matches('"').count() % 2 == 1;
            let inside_quote = curly_open || straight_open;
            if !inside_quote && ok(first, true) && ok(second, needs_verb) {
                let left = Span::from_offsets(sentence.start(), sentence.start() + at);
                let keep_marker = marker.trim_start_matches([',', ';', ' ']).trim_end();
                let skip = marker.len() - if needs_verb { 0 } else { keep_marker.len() + 1 };
                let right_start = sentence.start() + at + skip;
                let right = Span::from_offsets(right_start.min(sentence.end()), sentence.end());
                let mut out = clauses(text, left.trim(text));
                out.extend(clauses(text, right.trim(text)));
                return out;
            }
            search = at + marker.len();
        }
    }
    vec![sentence]
}

/// One sentence or clause of one article.
#[derive(Clone, Debug)]
pub(crate) struct Unit {
    /// Index of the article in the story's `docs`.
    pub article: usize,
    pub sentence: usize,
    pub span: Span,
    /// Unique term ids; `names` marks those written as names.
    pub terms: Vec<u32>,
    pub names: Vec<u32>,
    /// Terms only found in the attribution ("according to X", "X said"): they say who
    /// reports the fact, not what it is, and weigh less.
    pub attribution: Vec<u32>,
    /// Index of the sentence vector, when the vectors layer exists.
    pub vector: Option<usize>,
    /// True when the unit is its whole sentence (the sentence vector describes it alone).
    pub whole: bool,
    pub values: Vec<Value>,
    pub vague: Vec<Vague>,
    pub negated: bool,
    /// Terms inside quotation marks, and the speaker named outside them, when any.
    pub quote_terms: Vec<u32>,
    pub speaker: Option<String>,
    /// Sentence index over sentence count.
    pub position: f32,
}

/// Term ids local to one alignment.
#[derive(Default)]
pub(crate) struct Terms {
    ids: std::collections::HashMap<String, u32>,
}

impl Terms {
    pub fn id(&mut self, term: &str) -> u32 {
        let next = self.ids.len() as u32;
        *self.ids.entry(term.to_string()).or_insert(next)
    }
}

const NEGATIONS: &[&str] = &[
    "not",
    "never",
    "n't",
    "no longer",
    "has yet to",
    "have yet to",
];
const SPEECH: &[&str] = &[
    "said",
    "says",
    "told",
    "stated",
    "wrote",
    "added",
    "according",
    "announced",
    "insisted",
];

fn negated(clause: &str) -> bool {
    let lower = clause.to_lowercase().replace('’', "'");
    NEGATIONS.iter().any(|n| {
        if *n == "n't" {
            return lower.contains("n't");
        }
        lower.match_indices(n).any(|(i, _)| {
            let before = lower[..i]
                .chars()
                .last()
                .is_none_or(|c| !c.is_alphanumeric());
            let after = lower[i + n.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
            before && after
        })
    })
}

/// Quoted stretches of a clause (between “ ” or straight double quotes).
fn quoted(clause: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in clause.char_indices() {
        match (c, open) {
            ('“', _) => open = Some(i + c.len_utf8()),
            ('"', None) => open = Some(i + 1),
            ('”' | '"', Some(start)) => {
                out.push((start, i));
                open = None;
            }
            _ => {}
        }
    }
    out
}

/// Builds the units of one article.
pub(crate) fn units_of(doc: &Document, article: usize, terms: &mut Terms) -> Vec<Unit> {
    let sentences = doc.sentences();
    let count = sentences.len().max(1) as f32;
    let has_vectors = doc
        .layers
        .vectors
        .as_ref()
        .is_some_and(|v| v.len() == sentences.len());
    let mut out = Vec::new();
    let mut scratch = Vec::new();
    for (index, sentence) in sentences.iter().enumerate() {
        let pieces = clauses(&doc.text, sentence.span);
        let whole = pieces.len() == 1;
        for span in pieces {
            let clause = &doc.text[span];
            let mut unit_terms = Vec::new();
            let mut names = Vec::new();
            let quotes = quoted(clause);
            let mut quote_terms = Vec::new();
            let clause_words = words(clause);
            let zone = attribution_zone(clause, &clause_words);
            let mut content = Vec::new();
            let mut attributed = Vec::new();
            for (k, word) in clause_words.iter().enumerate() {
                scratch.clear();
                terms_of(word.text, &mut scratch);
                let in_quote = quotes
                    .iter()
                    .any(|&(s, e)| word.start >= s && word.end <= e);
                // A forename or title before another name word: the surname carries the name.
                let forename = word.is_name()
                    && clause_words.get(k + 1).is_some_and(|next| {
                        next.is_name() && clause[word.end..next.start].trim().is_empty()
                    });
                for term in &scratch {
                    let id = terms.id(term);
                    if (zone[k] || forename) && !in_quote {
                        attributed.push(id);
                    } else {
                        content.push(id);
                    }
                    unit_terms.push(id);
                    if word.is_name() {
                        names.push(id);
                    }
                    if in_quote {
                        quote_terms.push(id);
                    }
                }
            }
            unit_terms.sort_unstable();
            unit_terms.dedup();
            names.sort_unstable();
            names.dedup();
            quote_terms.sort_unstable();
            quote_terms.dedup();
            content.sort_unstable();
            let mut attribution: Vec<u32> = attributed
                .into_iter()
                .filter(|t| content.binary_search(t).is_err())
                .collect();
            attribution.sort_unstable();
            attribution.dedup();
            let (mut values, vague) = scan(&doc.text, span);
            if let Some(figures) = &doc.layers.figures {
                values = from_layer(&doc.text, figures, span);
            }
            let speaker = speaker_of(doc, span, &quotes);
            out.push(Unit {
                article,
                sentence: index,
                span,
                terms: unit_terms,
                names,
                attribution,
                vector: has_vectors.then_some(index),
                whole,
                values,
                vague,
                negated: negated(clause),
                quote_terms,
                speaker,
                position: index as f32 / count,
            });
        }
    }
    out
}

const ROLES: &[&str] = &[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "officials",
    "minister",
    "secretary",
    "agency",
    "media",
    "reporters",
    "source",
    "sources",
    "aide",
    "aides",
    "envoy",
    "special",
    "chief",
    "senior",
    "head",
    "state",
    "news",
];
const SAYING: &[&str] = &[
    "said",
    "says",
    "told",
    "stated",
    "added",
    "wrote",
    "confirmed",
    "noted",
    "explained",
    "described",
];
const DETERMINERS: &[&str] = &["a", "an", "the"];

/// Which words name who reports rather than what: the rest of the clause after
/// "according to", names or roles within four words of a speech verb, and appositions that
/// describe a name (", an envoy for ...,").
fn attribution_zone(clause: &str, list: &[crate::terms::Word]) -> Vec<bool> {
    let mut zone = vec![false; list.len()];
    let lower: Vec<String> = list.iter().map(|w| w.text.to_lowercase()).collect();
    for k in 0..list.len() {
        if lower[k] == "according" && lower.get(k + 1).is_some_and(|w| w == "to") {
            for z in zone.iter_mut().skip(k) {
                *z = true;
            }
            break;
        }
    }
    for k in 0..list.len() {
        if !SAYING.contains(&lower[k].as_str()) {
            continue;
        }
        zone[k] = true;
        let reach = |j: usize| list[j].is_name() || ROLES.contains(&lower[j].as_str());
        let mut j = k;
        while j > 0 && k - j < 4 && reach(j - 1) {
            j -= 1;
            zone[j] = true;
        }
        let mut j = k + 1;
        while j < list.len() && j - k <= 4 && (reach(j) || lower[j] == "by") {
            zone[j] = true;
            j += 1;
        }
    }
    for k in 1..list.len() {
        let gap = &clause[list[k - 1].end..list[k].start];
        let possessive = list[k].is_name()
            && list
                .get(k + 1)
                .is_some_and(|w| w.text.ends_with("'s") || w.text.ends_with("’s"))
            || list[k].text.ends_with("'s")
            || list[k].text.ends_with("’s");
        let opens = DETERMINERS.contains(&lower[k].as_str()) || possessive || lower[k] == "mr";
        if !(gap.trim() == "," && list[k - 1].is_name() && opens) {
            continue;
        }
        let mut j = k;
        while j < list.len() {
            zone[j] = true;
            let next_gap = list
                .get(j + 1)
                .map_or("", |w| &clause[list[j].end..w.start]);
            if next_gap.contains([',', ';', '(', ')']) {
                break;
            }
            j += 1;
        }
    }
    zone
}

/// The speaker of a quote in the clause: the quotes layer's resolved speaker, else the last
/// word of a name phrase outside the quotes when a speech verb is there too.
fn speaker_of(doc: &Document, span: Span, quotes: &[(usize, usize)]) -> Option<String> {
    if let Some(layer) = &doc.layers.quotes {
        return layer
            .iter()
            .find(|q| span.overlaps(q.span))
            .and_then(|q| q.speaker.clone())
            .map(|s| last_word(&s));
    }
    if quotes.is_empty() {
        return None;
    }
    let clause = &doc.text[span];
    let mut outside = String::new();
    let mut last = 0;
    for &(s, e) in quotes {
        outside.push_str(&clause[last..s.min(clause.len())]);
        outside.push(' ');
        last = e;
    }
    outside.push_str(&clause[last.min(clause.len())..]);
    let lower = outside.to_lowercase();
    if !SPEECH.iter().any(|v| lower.contains(v)) {
        return None;
    }
    name_phrases(&outside).first().map(|n| last_word(n))
}

fn last_word(name: &str) -> String {
    name.split_whitespace()
        .last()
        .unwrap_or(name)
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn clauses_stay_inside_the_sentence(
            text in "[A-Za-z“”\"’,;. ]{0,80}(, while |, but |; |, following )[A-Za-zé“”,. ]{0,80}"
        ) {
            let sentence = Span::from_offsets(0, text.len());
            let spans = clauses(&text, sentence);
            let mut last = 0;
            for span in spans {
                prop_assert!(span.is_valid_for(&text));
                prop_assert!(sentence.contains(span));
                prop_assert!(span.start() >= last);
                last = span.end();
            }
        }
    }

    fn split(text: &str) -> Vec<&str> {
        clauses(text, Span::from_offsets(0, text.len()))
            .into_iter()
            .map(|s| &text[s])
            .collect()
    }

    #[test]
    fn splits_two_facts_keeps_one() {
        assert_eq!(
            split("The mayor said the bridge will close, while engineers inspected the cracked supports."),
            vec!["The mayor said the bridge will close", "engineers inspected the cracked supports."]
        );
        assert_eq!(
            split("Ukraine has agreed, but Moscow has not."),
            vec!["Ukraine has agreed, but Moscow has not."]
        );
        assert_eq!(
            split("While hopes for a quick deal remain low, the minister confirmed that trade was on the agenda."),
            vec![
                "While hopes for a quick deal remain low",
                "the minister confirmed that trade was on the agenda."
            ]
        );
        assert_eq!(
            split("The envoy discussed peace efforts with the president, following a prior meeting with the finance minister."),
            vec![
                "The envoy discussed peace efforts with the president",
                "following a prior meeting with the finance minister."
            ]
        );
    }

    #[test]
    fn negation_is_word_bounded() {
        assert!(negated("Russia has not agreed"));
        assert!(negated("Russia hasn’t agreed"));
        assert!(!negated("Nothing notable happened"));
    }

    #[test]
    fn speaker_outside_the_quotes() {
        let text = "“We stand with you,” Defence Secretary John Smith said.";
        let doc = Document::from_text("a", text);
        let span = Span::from_offsets(0, text.len());
        assert_eq!(
            speaker_of(&doc, span, &quoted(text)).as_deref(),
            Some("smith")
        );
    }
}
