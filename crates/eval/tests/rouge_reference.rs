//! The ROUGE scorer against numbers computed by Google's `rouge_score` 0.1.2 (the fixture holds
//! only scores, no text): the first 260 words of each cluster's first article against its
//! human summary, rows 0..40 of Multi-News validation.

use corroborate_eval::multinews::summaries::load_multi_news;
use corroborate_eval::{rouge, truncate_words};

#[test]
fn matches_rouge_score_with_the_original_porter_stemmer() {
    let Some(dir) = corroborate_core::shared_dir() else {
        eprintln!("skipped: no shared data");
        return;
    };
    let rows = load_multi_news(&dir.join("data/multi-news/validation.csv")).unwrap();
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/rouge_score_reference.json")).unwrap();
    let mut worst_nltk = 0.0f64;
    for (name, tolerance) in [("original", 1e-9), ("nltk", 0.02)] {
        let expected = fixture[name].as_array().unwrap();
        assert_eq!(expected.len(), 40);
        for entry in expected {
            let entry = entry.as_array().unwrap();
            let row = entry[0].as_u64().unwrap() as usize;
            let candidate = truncate_words(&rows[row].documents[0], 260);
            let got = rouge(&candidate, &rows[row].summary);
            let pairs = [
                (got.rouge1.f1, entry[1].as_f64().unwrap()),
                (got.rouge2.f1, entry[2].as_f64().unwrap()),
                (got.rouge_l.f1, entry[3].as_f64().unwrap()),
            ];
            for (mine, theirs) in pairs {
                let gap = (mine - theirs).abs();
                assert!(gap <= tolerance, "{name} row {row}: {mine} vs {theirs}");
                if name == "nltk" {
                    worst_nltk = worst_nltk.max(gap);
                }
            }
        }
    }
    eprintln!("largest gap to rouge_score's default (NLTK extensions) stemmer: {worst_nltk:.4}");
}
