//! Words: tokenisation with byte offsets, normalisation to comparable terms (stemming, stop
//! words, British/American spelling, country demonyms, a light synonym table), and
//! capitalised-name phrases as a fallback for the entities layer.

use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::lexicon::{FOREIGN_STOP, PLACE_ALIASES, STOP, SYNONYMS};

/// A word of the text with its byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Word<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    /// True when the word starts a sentence or line (so its capital says nothing).
    pub initial: bool,
}

impl Word<'_> {
    /// A capitalised word that is not sentence-initial and not a stop word: part of a name.
    pub fn is_name(&self) -> bool {
        let mut chars = self.text.chars();
        let Some(first) = chars.next() else {
            return false;
        };
        if !first.is_uppercase() || self.initial {
            return false;
        }
        !is_stop(&self.text.to_lowercase())
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// The words of `text`: runs of letters and digits, keeping inner apostrophes, hyphens,
/// dotted abbreviations ("U.S.") and decimal/thousand separators ("23.8", "1,000").
pub(crate) fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    let mut initial = true;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if !c.is_alphanumeric() {
            if matches!(c, '!' | '?' | '\n' | ':' | ';') {
                initial = true;
            }
            if c == '.'
                && !out
                    .last()
                    .is_some_and(|w: &Word| w.end == pos && is_abbreviation(w.text))
            {
                initial = true;
            }
            i += 1;
            continue;
        }
        let start = pos;
        let mut j = i + 1;
        while j < chars.len() {
            let (_, cj) = chars[j];
            if cj.is_alphanumeric() {
                j += 1;
                continue;
            }
            let next_alnum = chars.get(j + 1).is_some_and(|&(_, n)| n.is_alphanumeric());
            let prev = chars[j - 1].1;
            let joins = match cj {
                '-' => next_alnum,
                c if is_apostrophe(c) => next_alnum && prev.is_alphabetic(),
                '.' => {
                    let next = chars.get(j + 1).map(|&(_, n)| n);
                    let single_letter_before = prev.is_alphabetic()
                        && (j < 2 || !chars[j - 2].1.is_alphanumeric() || chars[j - 2].1 == '.');
                    (prev.is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit()))
                        || (single_letter_before
                            && next.is_some_and(|n| n.is_uppercase())
                            && chars
                                .get(j + 2)
                                .is_none_or(|&(_, m)| !m.is_alphabetic() || m == '.'))
                }
                ',' => {
                    prev.is_ascii_digit()
                        && chars.get(j + 1).is_some_and(|&(_, n)| n.is_ascii_digit())
                        && chars.get(j + 3).is_some_and(|&(_, n)| n.is_ascii_digit())
                }
                _ => false,
            };
            if !joins {
                break;
            }
            j += 1;
        }
        let end = chars.get(j).map_or(text.len(), |&(p, _)| p);
        // A dotted abbreviation keeps its final period ("U.S.").
        let end = if text[start..end].contains('.')
            && !text[start..end].chars().any(|c| c.is_ascii_digit())
            && text[end..].starts_with('.')
        {
            end + 1
        } else {
            end
        };
        out.push(Word {
            text: &text[start..end],
            start,
            end,
            initial,
        });
        initial = false;
        i = j;
        while i < chars.len() && chars[i].0 < end {
            i += 1;
        }
    }
    out
}

/// Honorifics and initials whose period does not end a sentence.
fn is_abbreviation(word: &str) -> bool {
    let single_capital = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    single_capital
        || matches!(
            word,
            "Mr" | "Mrs"
                | "Ms"
                | "Dr"
                | "St"
                | "Gen"
                | "Sen"
                | "Rep"
                | "Gov"
                | "Lt"
                | "Col"
                | "Sgt"
                | "Prof"
                | "Jr"
                | "Sr"
                | "Rev"
                | "Capt"
                | "Maj"
                | "Adm"
                | "Mt"
                | "No"
        )
}

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// True for a (lowercase) stop word: function words, speech verbs, generic news words.
pub(crate) fn is_stop(lower: &str) -> bool {
    static SET: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    corroborate_core::lexicon::is_function_word(lower)
        || SET
            .get_or_init(|| STOP.iter().chain(FOREIGN_STOP).copied().collect())
            .contains(lower)
}

type Folds = std::collections::HashMap<&'static str, &'static str>;

fn fold(map: &'static [(&'static str, &'static str)], key: &str) -> Option<&'static str> {
    static PLACES: OnceLock<Folds> = OnceLock::new();
    static OTHERS: OnceLock<Folds> = OnceLock::new();
    let cell = if std::ptr::eq(map, PLACE_ALIASES) {
        &PLACES
    } else {
        &OTHERS
    };
    cell.get_or_init(|| map.iter().copied().collect())
        .get(key)
        .copied()
}

/// British spellings folded to American ones: applied to every word alike, so a rare
/// collision is harmless.
fn americanise(lower: &str) -> String {
    for (suffix, replacement) in [
        ("isation", "ization"),
        ("ising", "izing"),
        ("ised", "ized"),
        ("ises", "izes"),
        ("ise", "ize"),
        ("ence", "ense"),
        ("our", "or"),
    ] {
        if lower.len() > suffix.len() + 3 {
            if let Some(stem) = lower.strip_suffix(suffix) {
                if suffix == "ence" && !stem.ends_with("def") && !stem.ends_with("off") {
                    continue;
                }
                if suffix == "our" && !stem.ends_with("lab") && !stem.ends_with("fav") {
                    continue;
                }
                return format!("{stem}{replacement}");
            }
        }
    }
    lower.to_string()
}

/// The comparable terms of one word (none for a stop word; several for a hyphenated
/// compound or a number with a scale suffix such as "21bn").
pub(crate) fn terms_of(word: &str, out: &mut Vec<String>) {
    let lower: String = word.to_lowercase().replace('’', "'");
    let lower = lower
        .strip_suffix("'s")
        .or_else(|| lower.strip_suffix('\''))
        .unwrap_or(&lower)
        .to_string();
    if let Some(place) = fold(PLACE_ALIASES, &lower) {
        out.push(place.to_string());
        return;
    }
    if lower.contains('-') {
        let joined = lower.replace('-', "");
        if joined == "ceasefire" {
            out.push("ceasefir".to_string());
            return;
        }
        for part in lower.split('-').filter(|p| !p.is_empty()) {
            terms_of(part, out);
        }
        return;
    }
    if lower.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        number_terms(&lower, out);
        return;
    }
    let lower = lower.replace('.', "");
    if lower.is_empty() || is_stop(&lower) {
        return;
    }
    if let Some(place) = fold(PLACE_ALIASES, &lower) {
        out.push(place.to_string());
        return;
    }
    let spelled = americanise(&lower);
    let stem = stemmer().stem(&spelled);
    let term = fold(SYNONYMS, &stem).map_or_else(|| stem.to_string(), str::to_string);
    if term.len() > 1 {
        out.push(term);
    }
}

/// "21bn" -> "21", "billion"; "1,000" -> "1000"; "30" -> "30".
fn number_terms(lower: &str, out: &mut Vec<String>) {
    let digits_end = lower
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == '.' || c == ','))
        .map_or(lower.len(), |(i, _)| i);
    let number = lower[..digits_end]
        .trim_end_matches(['.', ','])
        .replace(',', "");
    if !number.is_empty() {
        out.push(number);
    }
    let rest = &lower[digits_end..];
    if let Some(scale) = fold(SYNONYMS, rest) {
        out.push(scale.to_string());
    } else if rest.len() > 1 && !matches!(rest, "st" | "nd" | "rd" | "th" | "s") {
        terms_of(rest, out);
    }
}

/// All terms of a text, in order.
#[cfg(test)]
pub(crate) fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in words(text) {
        terms_of(word.text, &mut out);
    }
    out
}

/// Capitalised phrases (runs of name words, "of"/"de" allowed inside), normalised to
/// lowercase with single-letter initials dropped: a fallback for the entities layer.
pub(crate) fn name_phrases(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut last_end = 0usize;
    let flush = |current: &mut Vec<&str>, out: &mut Vec<String>| {
        let parts: Vec<String> = current
            .iter()
            .map(|w| w.trim_end_matches('.').to_lowercase().replace('’', "'"))
            .map(|w| w.strip_suffix("'s").map_or(w.clone(), str::to_string))
            .filter(|w| w.chars().count() > 1)
            .collect();
        if !parts.is_empty() {
            out.push(parts.join(" "));
        }
        current.clear();
    };
    for word in words(text) {
        let gap = &text[last_end.min(word.start)..word.start];
        let after_initial = gap == ". " && current.last().is_some_and(|w| is_abbreviation(w));
        let adjacent = (gap.chars().all(|c| c == ' ') && !gap.is_empty()) || after_initial;
        if word.is_name() && !word.text.chars().all(|c| c.is_ascii_digit()) {
            if !adjacent {
                flush(&mut current, &mut out);
            }
            current.push(word.text);
        } else if !current.is_empty() {
            flush(&mut current, &mut out);
        }
        last_end = word.end;
    }
    flush(&mut current, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_words_of_other_languages_are_no_terms() {
        // two unrelated Spanish and Dutch sentences share nothing but function words
        let es = terms("El puerto de Valencia y la ciudad están cerrados por la huelga que sigue");
        let nl = terms("Het weer in de stad is voor een week koud en nat");
        for word in ["y", "por", "que", "het", "een", "voor", "und", "les", "che"] {
            assert!(is_stop(word), "{word}");
            assert!(!es.contains(&word.to_string()) && !nl.contains(&word.to_string()));
        }
        assert!(es.iter().any(|t| t.starts_with("valencia")), "{es:?}");
        // English words that are also foreign function words stay terms
        for word in ["war", "die", "door", "hat", "met"] {
            assert!(!is_stop(word), "{word}");
        }
    }
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn words_are_in_order_and_slice_back(text in "\\PC{0,120}") {
            let mut last = 0;
            for word in words(&text) {
                prop_assert!(word.start >= last && word.start < word.end);
                prop_assert_eq!(&text[word.start..word.end], word.text);
                last = word.end;
            }
        }
    }

    #[test]
    fn words_keep_offsets_and_abbreviations() {
        let text = "The U.S.-Russia cease-fire: €21bn ($23.8 billion), Novak’s 1,000 men.";
        let got: Vec<&str> = words(text).iter().map(|w| w.text).collect();
        assert_eq!(
            got,
            vec![
                "The",
                "U.S.",
                "Russia",
                "cease-fire",
                "21bn",
                "23.8",
                "billion",
                "Novak’s",
                "1,000",
                "men"
            ]
        );
        for word in words(text) {
            assert_eq!(&text[word.start..word.end], word.text);
        }
    }

    #[test]
    fn terms_fold_variants() {
        assert_eq!(terms("cease-fire"), terms("ceasefire"));
        assert_eq!(terms("truce"), terms("ceasefire"));
        assert_eq!(terms("meeting"), terms("met"));
        assert_eq!(terms("defence"), terms("defense"));
        assert_eq!(terms("normalising"), terms("normalizing"));
        assert_eq!(terms("Russian"), terms("Russia"));
        assert_eq!(terms("U.S."), vec!["usa"]);
        assert_eq!(terms("€21bn"), vec!["21", "billion"]);
        assert_eq!(terms("21 billion"), vec!["21", "billion"]);
        assert!(terms("the said and of").is_empty());
    }

    #[test]
    fn name_phrases_skip_sentence_starts() {
        let names = name_phrases("Officials said Vladimir V. Putin met Steve Novak. The end.");
        assert_eq!(names, vec!["vladimir putin", "steve novak"]);
    }
}
