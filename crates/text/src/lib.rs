//! Text stages of corroborate: cleaning, language, sentences.
//!
//! - [`Cleaner`] turns `doc.source` into `doc.text`: whole lines (paragraphs) are kept or
//!   dropped, and every dropped line lands in `doc.dropped` with a reason (boilerplate,
//!   navigation, duplicate, off-topic) and a short explanation. Nothing vanishes silently.
//! - [`LanguageDetector`] sets `doc.meta.language` (ISO 639-1) from the whole cleaned text.
//! - [`SentenceSplitter`] fills the sentences layer with spans that tile `doc.text`;
//!   [`split_sentences`] does the same for any string.
//! - [`content_words`]: the non-stop-word words of a text, for other crates.
//!
//! ```
//! use corroborate_core::{Alignment, Document, Meta, Pipeline};
//!
//! let source = "Mr. Novak met the foreign minister in St. Petersburg on Friday. The talks ran on into the night.\nShare this article";
//! let mut doc = Document::new("a1", Meta::default(), source.as_bytes().to_vec(),
//!     source.to_string(), Alignment::identity(source.len()));
//! let pipeline = Pipeline::new(corroborate_text::default_stages()).unwrap();
//! pipeline.process(&mut doc).unwrap();
//! assert_eq!(doc.text, "Mr. Novak met the foreign minister in St. Petersburg on Friday. The talks ran on into the night.");
//! assert_eq!(doc.dropped.len(), 1);
//! let sentences: Vec<&str> = doc.sentences().iter().map(|s| &doc.text[s.span]).collect();
//! assert_eq!(sentences, [
//!     "Mr. Novak met the foreign minister in St. Petersburg on Friday.",
//!     "The talks ran on into the night.",
//! ]);
//! assert_eq!(doc.meta.language.as_deref(), Some("en"));
//! ```

mod boilerplate;
mod clean;
mod credits;
mod hash;
mod language;
mod languages;
mod lexicon;
mod sentences;
mod tokens;
mod topic;

pub use crate::{
    clean::{Cleaned, Cleaner},
    language::{detect_language, LanguageDetector},
    sentences::{split_sentences, split_sentences_in, SentenceSplitter},
    tokens::content_words,
};

use corroborate_core::Stage;

/// The text stages in a valid order: clean, detect the language, split sentences.
pub fn default_stages() -> Vec<Box<dyn Stage>> {
    vec![
        Box::new(Cleaner::new()),
        Box::new(LanguageDetector),
        Box::new(SentenceSplitter),
    ]
}
