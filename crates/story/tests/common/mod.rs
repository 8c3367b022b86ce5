//! Shared test helpers: the seed reports as annotated documents.

#![allow(dead_code)]

use std::collections::BTreeMap;

use corroborate_core::{shared_dir, Document, Sentence, SentenceEncoder, Story};
use corroborate_embed::LexicalEncoder;
use corroborate_story::{align, AlignOptions};

/// Splits sentences (corroborate-text) and encodes them with the lexical fallback encoder.
pub fn annotate(mut doc: Document) -> Document {
    let spans = corroborate_text::split_sentences(&doc.text);
    let texts: Vec<&str> = spans.iter().map(|&s| &doc.text[s]).collect();
    let vectors = LexicalEncoder::new().encode(&texts).unwrap();
    doc.layers.sentences = Some(spans.into_iter().map(|span| Sentence { span }).collect());
    doc.layers.vectors = Some(vectors);
    doc
}

/// Annotated documents `d0`, `d1`, … of `texts`.
pub fn annotated(texts: &[&str]) -> Vec<Document> {
    texts
        .iter()
        .enumerate()
        .map(|(i, text)| annotate(Document::from_text(format!("d{i}"), text)))
        .collect()
}

/// The five seed reports, annotated, or None without the shared folder.
pub fn seeds() -> Option<Vec<Document>> {
    let dir = shared_dir()?.join("seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .collect();
    paths.sort();
    Some(
        paths
            .iter()
            .map(|path| {
                let stem = path.file_stem().unwrap().to_string_lossy().to_string();
                let text = std::fs::read_to_string(path).unwrap();
                annotate(Document::from_text(stem, &text))
            })
            .collect(),
    )
}

/// `docs` aligned as one story with the default options.
pub fn aligned(docs: &[Document]) -> Story {
    let mut story = Story {
        id: "s1".into(),
        ..Story::default()
    };
    let refs: Vec<&Document> = docs.iter().collect();
    align(
        &mut story,
        &refs,
        &BTreeMap::new(),
        &AlignOptions::default(),
    );
    story
}
