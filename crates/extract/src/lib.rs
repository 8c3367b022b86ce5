//! Annotation stages of corroborate, built from rules, word lists written for the project and
//! the statistics of each text (no model needed):
//!
//! - [`EntityRecognizer`]: people, organisations, places and events, with the role the
//!   article gives them and one `local_id` per entity within the article.
//! - [`QuoteExtractor`]: direct quotes (straight or curly marks, split, partial, running over
//!   paragraphs) and who said them.
//! - [`FigureExtractor`]: money with bracketed equivalents, counts, percents, durations and
//!   ordinals with normalised values.
//! - [`DateExtractor`]: absolute and past-biased relative dates.
//!
//! Story level: [`merge_entities`], [`merge_quotes`] and [`merge_figures`] give one identity
//! across articles.
//!
//! ```
//! use corroborate_core::Document;
//!
//! let mut doc = Document::from_text(
//!     "a1",
//!     "“We will stand with you,” French Defence Minister Anne Martin said on Friday, \
//!      announcing €21bn ($24bn) in aid.",
//! );
//! // in the engine these follow cleaning and sentence splitting in one `Pipeline`
//! for stage in corroborate_extract::default_stages() {
//!     stage.process(&mut doc).unwrap();
//! }
//!
//! let entities = doc.layers.entities.as_ref().unwrap();
//! assert_eq!(&doc.text[entities[0].span], "Anne Martin");
//! let quote = &doc.layers.quotes.as_ref().unwrap()[0];
//! assert_eq!(&doc.text[quote.span], "We will stand with you");
//! assert_eq!(quote.speaker.as_deref(), Some("Anne Martin"));
//! let figures = doc.layers.figures.as_ref().unwrap();
//! assert_eq!(figures[1].equivalent_of, Some(0));
//! assert_eq!(corroborate_extract::to_usd(100.0, "USD"), Some(100.0));
//! ```

mod dates;
mod entities;
mod figures;
mod lexicon;
mod quotes;
mod tokens;

pub use crate::{
    dates::DateExtractor,
    entities::{
        merge_entities,
        tagger::{token_features, EntityTagger, TaggedSpan, TaggerError, CHEAP_FEATURES},
        EntityRecognizer,
    },
    figures::{merge_figures, to_usd, FigureExtractor},
    quotes::{merge_quotes, QuoteExtractor},
    tokens::split_sentences,
};

/// The extractors in a valid order. Each needs only the cleaned text (quotes also the
/// entities before them) and uses sentences when an earlier stage produced them.
pub fn default_stages() -> Vec<Box<dyn corroborate_core::Stage>> {
    vec![
        Box::new(EntityRecognizer::new()),
        Box::new(QuoteExtractor::new()),
        Box::new(FigureExtractor::new()),
        Box::new(DateExtractor::new()),
    ]
}
