//! The lexical fallback: hashed word, word-pair and character features, weighted for content.
//!
//! Every sentence becomes a sparse bag of features hashed (with a sign, to cancel collisions
//! on average) into [`LEXICAL_DIM`] dimensions and L2-normalised:
//! - stemmed content words (function words and reporting verbs dropped),
//! - pairs of adjacent content words, so word order adds a little,
//! - character trigrams of each content word, so "Russia" and "Russian's" still meet,
//! - extra weight for capitalised names and for numbers, which carry most of a news claim.
//!
//! It needs no model and no corpus statistics, is deterministic, and encodes hundreds of
//! thousands of sentences a second.

use corroborate_core::{Error, SentenceEncoder};
use rust_stemmers::{Algorithm, Stemmer};

/// Dimensions of a lexical vector.
pub const LEXICAL_DIM: usize = 512;

const WORD: f32 = 1.0;
const NAME: f32 = 2.0;
const NUMBER: f32 = 2.0;
const PAIR: f32 = 0.6;
const TRIGRAM: f32 = 0.25;

/// The lexical sentence encoder.
pub struct LexicalEncoder {
    stemmer: Stemmer,
}

impl Default for LexicalEncoder {
    fn default() -> Self {
        LexicalEncoder::new()
    }
}

impl std::fmt::Debug for LexicalEncoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LexicalEncoder")
    }
}

impl LexicalEncoder {
    pub fn new() -> Self {
        LexicalEncoder {
            stemmer: Stemmer::create(Algorithm::English),
        }
    }

    /// The vector of one sentence: L2-normalised, or all zeros when it has no content word.
    pub fn encode_one(&self, sentence: &str) -> Vec<f32> {
        let mut vector = vec![0.0f32; LEXICAL_DIM];
        let mut previous: Option<String> = None;
        for (index, token) in tokens(sentence).enumerate() {
            let lower = token.to_lowercase();
            if is_number(token) {
                let digits: String = token.chars().filter(|c| *c != ',').collect();
                add(&mut vector, "n", &digits, NUMBER);
                previous = Some(digits);
                continue;
            }
            if corroborate_core::lexicon::is_function_word(&lower) {
                previous = None;
                continue;
            }
            let stem = self.stemmer.stem(&lower).into_owned();
            // A capital inside the sentence marks a name; the first word's capital says nothing.
            let capitalised = token.chars().next().is_some_and(char::is_uppercase);
            let weight = if capitalised && index > 0 { NAME } else { WORD };
            add(&mut vector, "w", &stem, weight);
            trigrams(&mut vector, &lower);
            if let Some(prev) = &previous {
                add(&mut vector, "p", &format!("{prev} {stem}"), PAIR);
            }
            previous = Some(stem);
        }
        normalise(&mut vector);
        vector
    }
}

impl SentenceEncoder for LexicalEncoder {
    fn name(&self) -> &str {
        "lexical"
    }

    fn dim(&self) -> usize {
        LEXICAL_DIM
    }

    fn is_neural(&self) -> bool {
        false
    }

    fn encode(&self, sentences: &[&str]) -> Result<Vec<Vec<f32>>, Error> {
        Ok(sentences.iter().map(|s| self.encode_one(s)).collect())
    }
}

/// Words and numbers: runs of alphanumerics, where a `,` or `.` between digits stays inside
/// ("21,000", "3.5").
fn tokens(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let start = loop {
            let (at, c) = chars.next()?;
            if c.is_alphanumeric() {
                break at;
            }
        };
        let mut end = text.len();
        while let Some(&(at, c)) = chars.peek() {
            let joins_digits = (c == ',' || c == '.')
                && at > 0
                && bytes[at - 1].is_ascii_digit()
                && bytes.get(at + 1).is_some_and(u8::is_ascii_digit);
            if !(c.is_alphanumeric() || joins_digits) {
                end = at;
                break;
            }
            chars.next();
        }
        Some(&text[start..end])
    })
}

fn is_number(token: &str) -> bool {
    token.starts_with(|c: char| c.is_ascii_digit())
        && token
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
}

fn trigrams(vector: &mut [f32], word: &str) {
    let padded: Vec<char> = std::iter::once('<')
        .chain(word.chars())
        .chain(std::iter::once('>'))
        .collect();
    let mut gram = String::new();
    for window in padded.windows(3) {
        gram.clear();
        gram.extend(window);
        add(vector, "c", &gram, TRIGRAM);
    }
}

fn add(vector: &mut [f32], kind: &str, feature: &str, weight: f32) {
    let hash = fnv1a(kind.as_bytes(), feature.as_bytes());
    let slot = (hash % vector.len() as u64) as usize;
    let sign = if hash >> 63 == 0 { 1.0 } else { -1.0 };
    vector[slot] += sign * weight;
}

/// FNV-1a over the kind, a separator and the feature: stable across runs and platforms.
fn fnv1a(kind: &[u8], feature: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in kind.iter().chain(&[0xff]).chain(feature) {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    // Final mix so the low bits used for the slot depend on every byte.
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^ (hash >> 33)
}

pub(crate) fn normalise(vector: &mut [f32]) {
    let norm = vector.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        vector.iter_mut().for_each(|x| *x /= norm);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use corroborate_core::cosine;

    #[test]
    fn stopwords_are_sorted_for_binary_search() {}

    #[test]
    fn tokens_keep_numbers_whole() {
        let got: Vec<&str> = tokens("Over 21,000 people (3.5%) left; U.S. envoy's trip.").collect();
        assert_eq!(
            got,
            ["Over", "21,000", "people", "3.5", "left", "U", "S", "envoy", "s", "trip"]
        );
        assert_eq!(tokens("").count(), 0);
        assert_eq!(tokens("  ... !").count(), 0);
        assert_eq!(
            tokens("Zürich café").collect::<Vec<_>>(),
            ["Zürich", "café"]
        );
    }

    #[test]
    fn paraphrase_beats_unrelated() {
        let enc = LexicalEncoder::new();
        let a =
            enc.encode_one("The minister said talks with Iran would resume in Geneva on Friday.");
        let b = enc.encode_one(
            "Talks with Iran will resume Friday in Geneva, the minister told reporters.",
        );
        let c = enc
            .encode_one("Heavy rain flooded several villages in the northern province overnight.");
        let near = cosine(&a, &b);
        let far = cosine(&a, &c);
        assert!(near > 0.5, "paraphrase cosine {near}");
        assert!(far < 0.15, "unrelated cosine {far}");
    }

    #[test]
    fn numbers_weigh_more_than_ordinary_words() {
        let enc = LexicalEncoder::new();
        let base = enc.encode_one("The company cut 4,000 jobs last year.");
        let same_number = enc.encode_one("4,000 positions were eliminated.");
        let same_word = enc.encode_one("The company hired staff.");
        assert!(cosine(&base, &same_number) > cosine(&base, &same_word));
    }

    #[test]
    fn vectors_are_normalised_and_deterministic() {
        let enc = LexicalEncoder::new();
        let v = enc.encode_one("Officials confirmed the ceasefire held overnight.");
        let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-5);
        assert_eq!(
            v,
            LexicalEncoder::new().encode_one("Officials confirmed the ceasefire held overnight.")
        );
    }

    #[test]
    fn empty_and_stopword_only_sentences_give_zero_vectors() {
        let enc = LexicalEncoder::new();
        let got = enc.encode(&["", "and the of", "   "]).unwrap();
        assert_eq!(got.len(), 3);
        for v in got {
            assert_eq!(v.len(), LEXICAL_DIM);
            assert!(v.iter().all(|x| *x == 0.0));
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_encodes_to_unit_or_zero(text in "\\PC{0,200}") {
            let v = LexicalEncoder::new().encode_one(&text);
            let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            proptest::prop_assert!(norm == 0.0 || (norm - 1.0).abs() < 1e-4);
            for token in tokens(&text) {
                proptest::prop_assert!(!token.is_empty());
            }
        }
    }
}
