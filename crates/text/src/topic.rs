//! Off-topic lines: a line that shares no name and no recurring content word with the rest of
//! its article, such as a teaser headline for another story scraped into the body.
//!
//! Evidence per line: stemmed content words, names (capitalised words), numbers. A line is
//! off-topic when
//! - it has at least four content words (enough to judge), and the rest of the article has
//!   at least four lines and forty content words;
//! - it does not continue what came before: no opening quote, no opening pronoun or
//!   connective ("He", "But", "This");
//! - none of its names or numbers occurs elsewhere, and none of its content words recurs in
//!   two other lines;
//! - it reads as a headline (no final punctuation, not a numbered or bulleted item; teaser
//!   lists sit anywhere, mostly at the end), or it opens the article (first line, or right
//!   after a title), has six or more content words, speaks in the third person (commentary
//!   says "I" or "you") and reports no speech (a teaser sentence above the lede).
//!
//! A full sentence further down that shares no words is kept: short real sentences often
//! share none ("The cause was a heart attack, his friend said.").
//!
//! When more than two lines and more than a fifth of the lines would go, the article has no
//! single topic to judge against and nothing is dropped.

use rust_stemmers::{Algorithm, Stemmer};

use crate::hash::WordMap;
use crate::tokens::{is_capitalised, is_content_word, words};

/// Openers of a line that continues the previous one.
#[rustfmt::skip]
const CONTINUATIONS: &[&str] = &[
    "he", "she", "they", "it", "we", "i", "you", "this", "that", "these", "those", "his", "her",
    "their", "its", "our", "but", "and", "or", "yet", "so", "still", "however", "meanwhile", "also",
    "both", "such", "then", "there", "here", "which", "who", "whose", "nor", "instead",
];

/// First- and second-person pronouns, as written ("US" in capitals is a country).
#[rustfmt::skip]
const PERSONAL: &[&str] = &[
    "I", "me", "my", "we", "We", "our", "Our", "us", "you", "You", "your", "Your", "My", "Me",
];

/// The evidence one line gives about its topic.
pub(crate) struct Terms {
    /// Unique stems of content words.
    stems: Vec<String>,
    /// Unique stems of capitalised words and numbers: any occurrence elsewhere links the line.
    names: Vec<String>,
    content_words: usize,
    continues: bool,
    /// No final punctuation, starts with a capital or digit: reads as a headline.
    headline: bool,
    /// Speaks in the first or second person, as commentary does and teasers do not.
    personal: bool,
    /// Has a verb of saying: reported speech belongs to the story.
    reported: bool,
    list_item: bool,
}

pub(crate) fn stemmer() -> Stemmer {
    Stemmer::create(Algorithm::English)
}

/// Stems of one document's words, each word stemmed once.
pub(crate) struct Stems<'a> {
    stemmer: &'a Stemmer,
    cache: WordMap<String, String>,
}

impl<'a> Stems<'a> {
    pub(crate) fn new(stemmer: &'a Stemmer) -> Stems<'a> {
        Stems {
            stemmer,
            cache: WordMap::default(),
        }
    }

    /// The stem of a lowercase word.
    fn stem(&mut self, lower: &str) -> String {
        if let Some(stem) = self.cache.get(lower) {
            return stem.clone();
        }
        let stem = self.stemmer.stem(lower).into_owned();
        self.cache.insert(lower.to_string(), stem.clone());
        stem
    }
}

pub(crate) fn terms(line: &str, stems_of: &mut Stems<'_>) -> Terms {
    let mut stems = Vec::new();
    let mut names = Vec::new();
    let mut content_words = 0;
    for (_, word) in words(line) {
        if !is_content_word(word) {
            continue;
        }
        content_words += 1;
        let lower = word.to_lowercase();
        let stem = stems_of.stem(&lower);
        let numeric = word.starts_with(|c: char| c.is_ascii_digit());
        if (is_capitalised(word) || numeric) && !names.contains(&stem) {
            names.push(stem.clone());
        }
        if !stems.contains(&stem) {
            stems.push(stem);
        }
    }
    let opener = line
        .trim_start()
        .split(|c: char| c.is_whitespace() || c == ',')
        .next()
        .unwrap_or("");
    let quoted = opener.starts_with(['"', '“', '\'', '‘', '«', '„']);
    let opener = opener
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let continues = quoted || CONTINUATIONS.contains(&opener.as_str());
    let body = line.trim_end_matches(|c: char| {
        matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»') || c.is_whitespace()
    });
    let list_item = starts_list_item(line);
    let headline = !body.ends_with(['.', '?', '!', '…', ':', ';', ','])
        && line.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
        && !list_item;
    let reported = words(line).any(|(_, w)| crate::lexicon::is_speech_verb(w));
    let personal = words(line).any(|(_, w)| PERSONAL.contains(&w));
    Terms {
        stems,
        names,
        content_words,
        continues,
        headline,
        personal,
        reported,
        list_item,
    }
}

/// "1. ...", "2) ...", "- ...", "• ...": an item of a list, not a headline.
fn starts_list_item(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let after = &line[digits..];
    (digits > 0 && digits <= 3 && after.starts_with(['.', ')']))
        || line.starts_with(['-', '•', '*', '▪', '·', '–'])
}

/// For each line (in article order), `Some(detail)` when it is off-topic.
pub(crate) fn off_topic(lines: &[&Terms]) -> Vec<Option<&'static str>> {
    let mut verdicts = vec![None; lines.len()];
    let n = lines.len();
    if n < 5 {
        return verdicts;
    }
    // In how many lines each stem occurs.
    let mut line_freq: WordMap<&str, usize> = WordMap::default();
    let mut total_content = 0;
    for line in lines {
        total_content += line.content_words;
        for stem in &line.stems {
            *line_freq.entry(stem.as_str()).or_default() += 1;
        }
    }
    let mut flagged = 0;
    // Lines before the first full sentence: titles, kickers, teasers.
    let preamble = lines.iter().take_while(|line| line.headline).count();
    for (index, line) in lines.iter().enumerate() {
        if line.content_words < 4 || line.continues {
            continue;
        }
        if total_content - line.content_words < 40 {
            continue;
        }
        let elsewhere = |stem: &String| line_freq.get(stem.as_str()).copied().unwrap_or(0) - 1;
        let shares_name = line.names.iter().any(|name| elsewhere(name) > 0);
        let shares_topic = line.stems.iter().any(|stem| elsewhere(stem) >= 2);
        if shares_name || shares_topic {
            continue;
        }
        let shares_any = line.stems.iter().any(|stem| elsewhere(stem) > 0);
        // A teaser sentence sits above the lede: first, or right after a title.
        let opening = index < 2
            && index <= preamble
            && line.content_words >= 6
            && !line.personal
            && !line.reported
            && !line.list_item;
        verdicts[index] = match (line.headline, opening, shares_any) {
            (true, _, false) => Some(
                "headline-like line that shares no content word or name with the rest of the article",
            ),
            (true, _, true) => Some(
                "headline-like line that shares no name and no recurring content word with the rest of the article",
            ),
            (false, true, false) => Some(
                "opening line that shares no content word or name with the rest of the article",
            ),
            (false, true, true) => Some(
                "opening line that shares no name and no recurring content word with the rest of the article",
            ),
            (false, false, _) => None,
        };
        if verdicts[index].is_some() {
            flagged += 1;
        }
    }
    if flagged > 2.max(n / 5) {
        return vec![None; n];
    }
    verdicts
}

/// Stems shared by two lines: a helper for tests and diagnostics.
#[cfg(test)]
pub(crate) fn shared(a: &Terms, b: &Terms) -> std::collections::HashSet<String> {
    let b: std::collections::HashSet<&String> = b.stems.iter().collect();
    a.stems.iter().filter(|s| b.contains(s)).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(lines: &[&str]) -> Vec<Option<&'static str>> {
        let stemmer = stemmer();
        let mut stems = Stems::new(&stemmer);
        let terms: Vec<Terms> = lines.iter().map(|l| terms(l, &mut stems)).collect();
        let refs: Vec<&Terms> = terms.iter().collect();
        off_topic(&refs)
    }

    const BODY: &[&str] = &[
        "The city council approved the new harbour bridge budget on Tuesday after a long debate.",
        "Council members said the bridge would cut traffic across the harbour by a third.",
        "Construction of the bridge is expected to start next spring and last three years.",
        "Opponents of the harbour bridge argued the budget ignored maintenance of older roads.",
        "The mayor, Anna Berg, said the council would publish the bridge contracts in full.",
        "Engineers estimate the harbour bridge will carry forty thousand vehicles every weekday.",
        "Local shop owners near the planned bridge welcomed the council decision on Tuesday.",
    ];

    #[test]
    fn flags_teaser_without_shared_words() {
        let mut lines = vec!["Celebrity chef opens vegan bakery chain across coastal resorts."];
        lines.extend_from_slice(BODY);
        let verdicts = article(&lines);
        assert!(verdicts[0].is_some());
        assert!(verdicts[1..].iter().all(Option::is_none));
    }

    #[test]
    fn keeps_side_topic_sharing_a_name_and_continuations() {
        let mut lines = BODY.to_vec();
        lines.push("Earlier, Berg attended a charity concert for flood victims.");
        lines.push("\"We will rebuild stronger schools for the children of the valley.\"");
        lines.push("He thanked volunteers who cooked dinners for displaced families.");
        assert!(article(&lines).iter().all(Option::is_none));
    }

    #[test]
    fn shared_stems_use_stemming() {
        let stemmer = stemmer();
        let mut stems = Stems::new(&stemmer);
        let a = terms("Bridges were approved", &mut stems);
        let b = terms("the bridge approval", &mut stems);
        assert!(shared(&a, &b).contains("bridg"));
    }
}
