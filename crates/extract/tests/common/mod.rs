//! Loading the shared seeds as the reader would: the 5th file's first line is its title, the
//! 1st file's "Moscow:" is a dateline.
#![allow(dead_code)]

use corroborate_core::{Document, Sentence};

pub fn seeds() -> Option<Vec<Document>> {
    let dir = corroborate_core::shared_dir()?.join("seeds");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let mut docs = Vec::new();
    for (i, path) in paths.iter().enumerate() {
        let raw = std::fs::read_to_string(path).ok()?;
        let stem = path.file_stem()?.to_string_lossy().to_string();
        let mut title = None;
        let mut dateline = None;
        let mut text = raw.trim_end().to_string();
        if i == 4 {
            let (first, rest) = text.split_once('\n')?;
            title = Some(first.to_string());
            text = rest.to_string();
        }
        if let Some(rest) = text.strip_prefix("Moscow: ") {
            dateline = Some("Moscow".to_string());
            text = rest.to_string();
        }
        let mut doc = Document::from_text(stem, &text);
        doc.meta.title = title;
        doc.meta.dateline = dateline;
        add_sentences(&mut doc);
        docs.push(doc);
    }
    Some(docs)
}

pub fn add_sentences(doc: &mut Document) {
    let sentences = corroborate_extract::split_sentences(&doc.text)
        .into_iter()
        .map(|span| Sentence { span })
        .collect();
    doc.layers.sentences = Some(sentences);
}
