//! Shared test helpers: the sentence layers the evaluations' pipelines start from.
#![allow(dead_code)]

use corroborate_core::{Document, Sentence, SentenceEncoder};
use corroborate_embed::LexicalEncoder;

/// Splits sentences (corroborate-text) and encodes them with the lexical fallback encoder.
pub fn annotate(mut doc: Document) -> Document {
    let spans = corroborate_text::split_sentences(&doc.text);
    let texts: Vec<&str> = spans.iter().map(|&s| &doc.text[s]).collect();
    let vectors = LexicalEncoder::new().encode(&texts).unwrap();
    doc.layers.sentences = Some(spans.into_iter().map(|span| Sentence { span }).collect());
    doc.layers.vectors = Some(vectors);
    doc
}

/// The extractors' own naive sentence split.
pub fn add_sentences(doc: &mut Document) {
    let sentences = corroborate_extract::split_sentences(&doc.text)
        .into_iter()
        .map(|span| Sentence { span })
        .collect();
    doc.layers.sentences = Some(sentences);
}
