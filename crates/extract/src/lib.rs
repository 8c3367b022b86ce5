//! Annotation stages of corroborate: entities, quotes, figures and dates.
mod entities;
mod error;
mod eval;
mod lexicon;
mod quotes;
mod tokens;

pub use crate::{
    entities::{merge_entities, EntityRecognizer},
    error::ExtractError,
    eval::{eval_quotes, QuoteEval},
    quotes::{merge_quotes, QuoteExtractor},
    tokens::split_sentences,
};

/// The extractors in a valid order. Each needs only the cleaned text (quotes also the
/// entities before them) and uses sentences when an earlier stage produced them.
pub fn default_stages() -> Vec<Box<dyn corroborate_core::Stage>> {
    vec![
        Box::new(EntityRecognizer::new()),
        Box::new(QuoteExtractor::new()),
    ]
}
