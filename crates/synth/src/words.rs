//! Word-level helpers shared by the brief and the timeline: content words, containment and
//! how well-formed a sentence reads on its own.

use std::collections::HashSet;

use corroborate_core::Span;

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

/// How far a quotation cut by a sentence break is followed to its other mark.
const QUOTE_RUN: usize = 400;

/// `span` of `text`, grown to the other mark of a quotation it opens or closes without the
/// other ("he stated, \"Russia has to get moving." runs on to "…senseless war.\""), when that
/// mark is near (within [`QUOTE_RUN`] bytes, in the same paragraph). Otherwise `span`.
pub(crate) fn whole_quotation(text: &str, span: Span) -> Span {
    if !span.is_valid_for(text) {
        return span;
    }
    let inside = &text[span];
    let count = |c: char| inside.chars().filter(|&x| x == c).count();
    let (opens, closes, straight) = (count('“'), count('”'), count('"'));
    // which way to look, and for which mark
    let (forward, mark) = if opens > closes {
        (true, '”')
    } else if closes > opens {
        (false, '“')
    } else if straight % 2 == 1 {
        // an unmatched straight mark opens when a word follows it
        let last = inside.rfind('"').unwrap_or(0);
        let opens_here = inside[last + 1..]
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace() && !matches!(c, '.' | ',' | ';' | ':'));
        (opens_here, '"')
    } else {
        return span;
    };
    grow(text, span, forward, mark).unwrap_or(span)
}

/// [`whole_quotation`] once the direction and the mark are known: the mark searched in the
/// rest of the paragraph, within [`QUOTE_RUN`] bytes.
fn grow(text: &str, span: Span, forward: bool, mark: char) -> Option<Span> {
    if forward {
        let rest = &text[span.end()..];
        let paragraph = &rest[..rest.find('\n').unwrap_or(rest.len())];
        let at = paragraph.find(mark).filter(|&at| at <= QUOTE_RUN)?;
        // a closing curly mark after another opening one closes that one
        if mark == '”' && paragraph[..at].contains(['“', '"'].as_slice()) {
            return None;
        }
        let mut end = span.end() + at + mark.len_utf8();
        if let Some(c) = text[end..]
            .chars()
            .next()
            .filter(|c| matches!(c, '.' | '!' | '?'))
        {
            end += c.len_utf8();
        }
        Some(Span::from_offsets(span.start(), end))
    } else {
        let before = &text[..span.start()];
        let from = before.rfind('\n').map_or(0, |k| k + 1);
        let paragraph = &before[from..];
        let at = paragraph
            .rfind(mark)
            .filter(|&at| paragraph.len() - at <= QUOTE_RUN)?;
        // from the start of the sentence the quotation opens in
        let start = paragraph[..at]
            .rfind(['.', '!', '?'].as_slice())
            .map_or(from, |k| from + k + 1);
        let start = start + (text[start..].len() - text[start..].trim_start().len());
        Some(Span::from_offsets(start.min(span.start()), span.end()))
    }
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
    fn a_quotation_cut_by_a_sentence_break_is_followed_to_its_end() {
        let text = "Trump was blunt. On social media, he stated, \"Russia has to get moving. \
                    Too many people are DYING.\" Then he left.";
        let cut = text.find("On social").unwrap();
        let cut_end = text.find("moving.").unwrap() + "moving.".len();
        let grown = whole_quotation(text, Span::from_offsets(cut, cut_end));
        assert_eq!(
            &text[grown],
            "On social media, he stated, \"Russia has to get moving. Too many people are DYING.\""
        );
        // the second half, read back to the sentence the quotation opens in
        let second = text.find("Too many").unwrap();
        let second_end = text.find("Then").unwrap() - 1;
        let grown = whole_quotation(text, Span::from_offsets(second, second_end));
        assert_eq!(&text[grown], &text[cut..second_end]);
        // curly marks
        let curly = "She said “we will go. We will win.” Others agreed.";
        let end = curly.find("go.").unwrap() + 3;
        let grown = whole_quotation(curly, Span::from_offsets(0, end));
        assert_eq!(&curly[grown], "She said “we will go. We will win.”");
        // balanced, too far, or past a paragraph break: unchanged
        for (text, span) in [
            ("He said \"yes.\" Then no.", Span::from_offsets(0, 14)),
            (
                "He said \"yes.\n\nNext paragraph.\"",
                Span::from_offsets(0, 13),
            ),
        ] {
            assert_eq!(whole_quotation(text, span), span, "{text}");
        }
        let far = format!("He said \"yes. {}\"", "word ".repeat(100));
        assert_eq!(
            whole_quotation(&far, Span::from_offsets(0, 13)),
            Span::from_offsets(0, 13)
        );
    }

    proptest::proptest! {
        /// Whatever the text, the grown span holds the given one and cuts no character.
        #[test]
        fn a_grown_span_holds_the_old_one(
            text in "[a-z .\"“”\n\u{e9}]{0,300}",
            a in 0usize..300,
            b in 0usize..300,
        ) {
            let (mut start, mut end) = (a.min(b).min(text.len()), a.max(b).min(text.len()));
            while !text.is_char_boundary(start) { start -= 1; }
            while !text.is_char_boundary(end) { end -= 1; }
            let span = Span::from_offsets(start, end.max(start));
            let grown = whole_quotation(&text, span);
            proptest::prop_assert!(grown.contains(span) && grown.is_valid_for(&text));
        }
    }

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
