//! Story-level quotes: one quote with every article that carries it, each copy marked
//! verbatim or altered with what differs.

use std::collections::HashMap;

use corroborate_core::{Cite, Document, Entity, Quote, QuoteSource, Span};

/// One copy of a quote in one article.
struct Copy<'a> {
    doc: &'a Document,
    span: Span,
    /// Words as written (punctuation trimmed) and their normalised forms.
    shown: Vec<&'a str>,
    words: Vec<String>,
    speaker: Option<String>,
}

fn words_of(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '—' | '–'))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect()
}

fn normalise(word: &str) -> String {
    word.to_lowercase().replace('’', "'")
}

/// Length of the longest common subsequence of two word lists.
fn lcs(a: &[String], b: &[String]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        let mut prev = 0;
        for (j, y) in b.iter().enumerate() {
            let old = row[j + 1];
            row[j + 1] = if x == y {
                prev + 1
            } else {
                row[j + 1].max(row[j])
            };
            prev = old;
        }
    }
    row[b.len()]
}

fn contains(long: &[String], short: &[String]) -> bool {
    !short.is_empty() && long.windows(short.len()).any(|w| w == short)
}

/// True when two copies are the same quote: one contained in the other, or most words
/// shared in order. Short quotes must match exactly.
fn same_quote(a: &[String], b: &[String]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.len() < 3 {
        return short == long;
    }
    if contains(long, short) {
        return true;
    }
    if short.len() < 5 {
        return false;
    }
    let common = lcs(short, long);
    common as f64 >= 0.8 * long.len() as f64
        || (common as f64 >= 0.9 * short.len() as f64 && short.len() >= 8)
}

/// Merges the quote layers of a story's articles. `entities` are the story's merged
/// entities: a quote's speaker becomes the id of the entity holding the speaker mention.
pub fn merge_quotes(docs: &[&Document], entities: &[Entity]) -> Vec<Quote> {
    let mut entity_of: HashMap<Cite, usize> = HashMap::new();
    for (e, entity) in entities.iter().enumerate() {
        for cite in &entity.mentions {
            entity_of.insert(cite.clone(), e);
        }
    }
    let mut copies = Vec::new();
    for doc in docs {
        let Some(quotes) = &doc.layers.quotes else {
            continue;
        };
        let mentions = doc.layers.entities.as_deref().unwrap_or(&[]);
        for quote in quotes {
            let shown = words_of(&doc.text[quote.span]);
            if shown.is_empty() {
                continue;
            }
            let speaker = quote
                .speaker_mention
                .and_then(|m| mentions.get(m))
                .and_then(|m| entity_of.get(&Cite::new(&doc.id, m.span)))
                .map(|&e| entities[e].id.clone());
            copies.push(Copy {
                doc,
                span: quote.span,
                words: shown.iter().map(|w| normalise(w)).collect(),
                shown,
                speaker,
            });
        }
    }
    // group copies; the first copy of a group is compared with each newcomer
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (c, copy) in copies.iter().enumerate() {
        let found = groups.iter().position(|g| {
            g.iter().any(|&o| {
                let other = &copies[o];
                let speakers_clash =
                    matches!((&copy.speaker, &other.speaker), (Some(a), Some(b)) if a != b);
                !(speakers_clash && copy.words.len().min(other.words.len()) < 8)
                    && same_quote(&copy.words, &other.words)
            })
        });
        match found {
            Some(g) => groups[g].push(c),
            None => groups.push(vec![c]),
        }
    }
    groups
        .iter()
        .enumerate()
        .map(|(i, group)| build(i, group, &copies, entities))
        .collect()
}

fn build(i: usize, group: &[usize], copies: &[Copy], entities: &[Entity]) -> Quote {
    // the wording most copies share, then the longest, then the earliest
    let representative = *group
        .iter()
        .max_by_key(|&&c| {
            let same = group
                .iter()
                .filter(|&&o| copies[o].words == copies[c].words)
                .count();
            (same, copies[c].words.len(), std::cmp::Reverse(c))
        })
        .unwrap_or(&group[0]);
    let rep = &copies[representative];
    let mut votes: HashMap<&str, usize> = HashMap::new();
    for &c in group {
        if let Some(s) = &copies[c].speaker {
            *votes.entry(s.as_str()).or_default() += 1;
        }
    }
    let speaker = votes
        .into_iter()
        .max_by_key(|(id, n)| (*n, std::cmp::Reverse(*id)))
        .map(|(id, _)| id.to_string());
    let speaker_name = speaker
        .as_ref()
        .and_then(|id| entities.iter().find(|e| &e.id == id))
        .map(|e| e.name.clone());
    let sources = group
        .iter()
        .map(|&c| {
            let copy = &copies[c];
            let verbatim = copy.words == rep.words || contains(&rep.words, &copy.words);
            QuoteSource {
                article: copy.doc.id.clone(),
                span: copy.span,
                verbatim,
                difference: (!verbatim).then(|| difference(copy, rep)),
            }
        })
        .collect();
    Quote {
        id: format!("q{}", i + 1),
        speaker,
        speaker_name,
        text: rep.doc.text[rep.span].to_string(),
        sources,
    }
}

/// What a copy changes against the representative wording, with a word of context:
/// `"We sending" vs "We are sending"`.
fn difference(copy: &Copy, rep: &Copy) -> String {
    let (a, b) = (&copy.words[..], &rep.words[..]);
    // a fragment is compared with the part of the representative it covers
    let mut b_start = 0;
    let mut b_end = b.len();
    if a.first() != b.first() {
        if let Some(offset) = b.iter().position(|w| Some(w) == a.first()) {
            b_start = offset;
        }
    }
    if a.last() != b.last() {
        if let Some(end) = b.iter().rposition(|w| Some(w) == a.last()) {
            if end >= b_start {
                b_end = end + 1;
            }
        }
    }
    let b = &b[b_start..b_end];
    let mut prefix = 0;
    while prefix < a.len() && prefix < b.len() && a[prefix] == b[prefix] {
        prefix += 1;
    }
    let mut suffix = 0;
    while suffix < a.len() - prefix
        && suffix < b.len() - prefix
        && a[a.len() - 1 - suffix] == b[b.len() - 1 - suffix]
    {
        suffix += 1;
    }
    // one word of context on each side
    let from = prefix.saturating_sub(1);
    let a_to = (a.len() - suffix + 1).min(a.len());
    let b_to = (b.len() - suffix + 1).min(b.len());
    let a_text = copy.shown[from..a_to.max(from)].join(" ");
    let b_text = rep.shown[b_start + from..b_start + b_to.max(from)].join(" ");
    format!("\"{a_text}\" vs \"{b_text}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str) -> Vec<String> {
        words_of(text).iter().map(|w| normalise(w)).collect()
    }

    #[test]
    fn copies_match_when_contained_or_close() {
        assert!(same_quote(
            &w("normalize the relationship,"),
            &w("normalize the relationship.")
        ));
        assert!(same_quote(
            &w("We are sending a signal to Putin, but we are also sending a message"),
            &w("We sending a signal to Putin, but we are also sending a message")
        ));
        assert!(!same_quote(&w("productive"), &w("very productive")));
        assert!(!same_quote(
            &w("we stand with you"),
            &w("we will never stand with them")
        ));
    }

    #[test]
    fn difference_shows_the_dropped_word() {
        let doc_a = Document::from_text("a", "We sending a signal to Putin");
        let doc_b = Document::from_text("b", "We are sending a signal to Putin");
        let copy = |doc: &'static Document| Copy {
            doc,
            span: Span::from_offsets(0, doc.text.len()),
            shown: words_of(&doc.text),
            words: w(&doc.text),
            speaker: None,
        };
        let (a, b) = (Box::leak(Box::new(doc_a)), Box::leak(Box::new(doc_b)));
        assert_eq!(
            difference(&copy(a), &copy(b)),
            "\"We sending\" vs \"We are sending\""
        );
    }
}
