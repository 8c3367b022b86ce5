//! Quote and speaker scores on PolNeAR dev; skipped when the shared data is absent.

mod common;

use corroborate_core::{Document, Sentence};

/// The sentence splitter the engine runs before the extractors.
fn text_sentences(doc: &mut Document) {
    let sentences = corroborate_text::split_sentences(&doc.text)
        .into_iter()
        .map(|span| Sentence { span })
        .collect();
    doc.layers.sentences = Some(sentences);
}

#[test]
fn polnear_dev_speaker_f1_meets_the_bar() {
    let Some(shared) = corroborate_core::shared_dir() else {
        eprintln!("shared data not found: skipping");
        return;
    };
    let dir = shared.join("data/polnear/dev");
    if !dir.is_dir() {
        eprintln!("{} not found: skipping", dir.display());
        return;
    }
    let eval = corroborate_eval::eval_quotes(&dir, &text_sentences).unwrap();
    println!("with corroborate-text sentences:\n{eval}");
    let naive = corroborate_eval::eval_quotes(&dir, &common::add_sentences).unwrap();
    println!("with the naive splitter:\n{naive}");
    assert!(naive.speaker_f1() >= 0.75, "{naive}");
    assert!(eval.articles >= 80, "{eval}");
    assert!(eval.quote_f1() >= 0.6, "{eval}");
    assert!(eval.speaker_f1() >= 0.75, "{eval}");
}

/// Quote scores on PolNeAR train, to see that rules tuned on dev generalise.
#[test]
#[ignore]
fn polnear_train_scores() {
    let Some(shared) = corroborate_core::shared_dir() else {
        return;
    };
    let dir = shared.join("data/polnear/train");
    if !dir.is_dir() {
        return;
    }
    let eval = corroborate_eval::eval_quotes(&dir, &common::add_sentences).unwrap();
    println!("{eval}");
}
