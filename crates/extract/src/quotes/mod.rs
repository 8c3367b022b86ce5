//! Direct quotes and who said them.

mod context;
mod gender;
mod marks;
mod merge;
mod resolve;
mod speaker;

use corroborate_core::{Document, Error, Layer, QuoteMention, Stage};

use crate::tokens::{sentences_of, tokenize};

pub use merge::merge_quotes;

/// Finds direct quotes (straight or curly marks, split and partial quotes, quotes running
/// over paragraphs) and attributes each to the subject of its speech verb, a pronoun or role
/// resolved to a named person, or the speaker of the quote before it. Runs after
/// [`crate::EntityRecognizer`].
#[derive(Clone, Debug, Default)]
pub struct QuoteExtractor;

impl QuoteExtractor {
    pub fn new() -> QuoteExtractor {
        QuoteExtractor
    }

    /// The quotes of a document, in order, using its entities layer (empty when absent).
    pub fn extract(&self, doc: &Document) -> Vec<QuoteMention> {
        let text = &doc.text;
        let quotes = marks::find(text);
        let tokens = tokenize(text);
        let sentences = sentences_of(doc);
        let mentions = doc.layers.entities.as_deref().unwrap_or(&[]);
        let ctx = context::Context {
            text,
            tokens: &tokens,
            sentences: &sentences,
            mentions,
            quotes: &quotes,
            last_speaker: std::cell::Cell::new(None),
            genders: gender::genders(text, &tokens, &sentences, mentions),
        };
        let mut attributions: Vec<context::Attribution> = Vec::with_capacity(quotes.len());
        #[allow(clippy::needless_range_loop)] // attribution reads the quotes around q
        for q in 0..quotes.len() {
            let found = speaker::attribute(&ctx, q, &attributions);
            if let Some(m) = found.mention {
                ctx.last_speaker.set(Some((quotes[q].open, m)));
            }
            attributions.push(found);
        }
        quotes
            .iter()
            .zip(attributions)
            .map(|(quote, found)| QuoteMention {
                span: quote.content,
                cue: found.cue,
                speaker_span: found.speaker_span,
                speaker: found.mention.map(|m| mentions[m].canonical.clone()),
                speaker_mention: found.mention,
            })
            .collect()
    }
}

impl Stage for QuoteExtractor {
    fn name(&self) -> &'static str {
        "quotes"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Text, Layer::Entities]
    }

    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Quotes]
    }

    fn process(&self, doc: &mut Document) -> Result<(), Error> {
        let quotes = self.extract(doc);
        doc.layers.quotes = Some(quotes);
        Ok(())
    }
}

#[cfg(test)]
mod tests;
