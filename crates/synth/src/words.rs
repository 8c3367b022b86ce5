//! Word-level helpers shared by the brief and the timeline: content words, containment and
//! how well-formed a sentence reads on its own.

use std::collections::HashSet;

use crate::porter::porter_stem;

const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "but", "by", "can", "could", "did", "do", "does", "for", "from", "had", "has", "have", "he",
    "her", "his", "how", "i", "if", "in", "into", "is", "it", "its", "may", "more", "most", "no",
    "not", "of", "on", "one", "or", "our", "out", "over", "said", "says", "she", "so", "some",
    "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
    "to", "up", "was", "we", "were", "what", "when", "which", "while", "who", "will", "with",
    "would", "you",
];

/// Words that make a sentence lean on the one before it when they open it.
const DANGLING_OPENERS: &[&str] = &[
    "he",
    "she",
    "it",
    "they",
    "this",
    "these",
    "those",
    "that",
    "his",
    "her",
    "its",
    "their",
    "him",
    "them",
    "but",
    "and",
    "or",
    "also",
    "however",
    "meanwhile",
    "still",
    "yet",
    "so",
    "then",
    "there",
    "here",
    "such",
    "both",
    "another",
    "other",
    "others",
    "instead",
    "besides",
    "moreover",
    "furthermore",
    "additionally",
    "later",
    "earlier",
];

/// Abbreviations that end a fragment cut by a naive sentence split ("arrived in St.").
const ABBREVIATIONS: &[&str] = &[
    "st", "mr", "mrs", "ms", "dr", "gen", "gov", "sen", "rep", "col", "lt", "sgt", "capt", "prof",
    "jr", "sr", "no", "vs", "inc", "corp", "co", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "mt", "ft",
];

/// True when the text ends with a full stop, question or exclamation mark (quotes and
/// brackets after it allowed) that is not an abbreviation's dot.
pub(crate) fn ends_sentence(text: &str) -> bool {
    let trimmed = text.trim_end().trim_end_matches(['"', '”', '\'', '’', ')']);
    if trimmed.ends_with(['!', '?']) {
        return true;
    }
    let Some(body) = trimmed.strip_suffix('.') else {
        return false;
    };
    let last = body
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_lowercase();
    !ABBREVIATIONS.contains(&last.as_str())
}

/// Lowercase alphanumeric words of `text`.
pub(crate) fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
}

/// Stemmed content words (no stop words) of `text`.
pub(crate) fn content_words(text: &str) -> HashSet<String> {
    words(text)
        .filter(|word| !STOP_WORDS.contains(&word.as_str()))
        .map(|word| porter_stem(&word))
        .collect()
}

/// The share of `part`'s words found in `whole` (0 when `part` is empty).
pub(crate) fn containment(part: &HashSet<String>, whole: &HashSet<String>) -> f32 {
    if part.is_empty() {
        return 0.0;
    }
    part.intersection(whole).count() as f32 / part.len() as f32
}

/// Collapses runs of whitespace into single spaces.
pub(crate) fn squash_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How well a sentence stands on its own as brief wording: complete, capitalised, not leaning
/// on a previous sentence, of moderate length. Higher is better.
pub(crate) fn form_score(text: &str) -> f32 {
    let text = text.trim();
    let word_count = text.split_whitespace().count();
    let mut score = 0.0;
    let first = text.chars().find(|c| !matches!(c, '"' | '“' | '\'' | '‘'));
    if first.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()) {
        score += 1.0;
    }
    if ends_sentence(text) {
        score += 1.0;
    }
    if let Some(opener) = words(text).next() {
        if DANGLING_OPENERS.contains(&opener.as_str()) {
            score -= 1.5;
        }
    }
    score += match word_count {
        0..=3 => -2.0,
        4..=9 => 0.0,
        10..=35 => 1.0,
        36..=50 => 0.3,
        _ => -1.0,
    };
    if text.ends_with(':') || text.contains('|') {
        score -= 1.0;
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containment_counts_shared_content_words() {
        let short = content_words("The minister resigned on Friday.");
        let long = content_words("On Friday the finance minister resigned after a vote.");
        assert_eq!(containment(&short, &long), 1.0);
        assert!(containment(&long, &short) < 0.7);
        assert_eq!(containment(&HashSet::new(), &long), 0.0);
    }

    #[test]
    fn form_prefers_complete_standalone_sentences() {
        let good = "The finance minister resigned on Friday after losing a confidence vote.";
        let dangling = "He resigned on Friday after losing a confidence vote in parliament.";
        let fragment = "resigned on Friday";
        assert!(form_score(good) > form_score(dangling));
        assert!(form_score(dangling) > form_score(fragment));
        let cut = "The minister arrived in St.";
        assert!(form_score(cut) < form_score("The minister arrived in the capital."));
    }

    #[test]
    fn sentence_ends_skip_abbreviations() {
        assert!(ends_sentence("It rained."));
        assert!(ends_sentence("He asked: \"why?\""));
        assert!(ends_sentence("She said “yes.”"));
        assert!(!ends_sentence("He arrived in St."));
        assert!(!ends_sentence("A headline without a stop"));
    }
}
