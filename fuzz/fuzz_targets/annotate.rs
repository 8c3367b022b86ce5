#![no_main]
//! Any text through cleaning, sentences and every extractor: no panic, spans valid.

use corroborate_core::{Alignment, Document, Meta, Pipeline};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let mut stages = corroborate_text::default_stages();
    stages.extend(corroborate_extract::default_stages());
    let Ok(pipeline) = Pipeline::new(stages) else { return };
    let mut doc = Document::new("fuzz", Meta::default(), text.as_bytes().to_vec(), text.to_string(), Alignment::identity(text.len()));
    if pipeline.process(&mut doc).is_err() {
        return;
    }
    for sentence in doc.sentences() {
        assert!(sentence.span.is_valid_for(&doc.text));
    }
    for mention in doc.layers.entities.iter().flatten() {
        assert!(mention.span.is_valid_for(&doc.text));
    }
    for figure in doc.layers.figures.iter().flatten() {
        assert!(figure.span.is_valid_for(&doc.text));
    }
    for quote in doc.layers.quotes.iter().flatten() {
        assert!(quote.span.is_valid_for(&doc.text));
    }
});
