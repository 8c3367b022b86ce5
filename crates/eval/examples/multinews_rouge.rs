//! ROUGE of the brief on Multi-News with a stand-in pipeline (plain sentence split, lexical claim
//! alignment), until the engine runs the real one through `eval_rouge`.
//!
//! `cargo run --release -p corroborate-eval --example multinews_rouge [rows]`

#[path = "../../synth/tests/common/standin.rs"]
mod standin;

use corroborate_core::{BriefSentence, Document};
use corroborate_eval::{eval_rouge_with, EvalOptions};
use corroborate_synth::{brief_with, BriefOptions};

use standin::{segment, story_of};

/// Limits and weights from `BRIEF_CONSENSUS`, `BRIEF_SINGLE`, `BRIEF_LEAD`, `BRIEF_REDUNDANCY`.
fn brief_options() -> BriefOptions {
    let env = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<f32>().ok());
    let defaults = BriefOptions::default();
    BriefOptions {
        max_consensus: env("BRIEF_CONSENSUS").map_or(defaults.max_consensus, |v| v as usize),
        max_single_source: env("BRIEF_SINGLE").map_or(defaults.max_single_source, |v| v as usize),
        lead_weight: env("BRIEF_LEAD").unwrap_or(defaults.lead_weight),
        redundancy: env("BRIEF_REDUNDANCY").unwrap_or(defaults.redundancy),
        ..defaults
    }
}

fn main() {
    let Some(dir) = corroborate_core::shared_dir() else {
        eprintln!("no shared data");
        return;
    };
    let limit = std::env::args().nth(1).and_then(|n| n.parse().ok());
    let summarize = |mut docs: Vec<Document>| -> Vec<BriefSentence> {
        docs.iter_mut().for_each(segment);
        let story = story_of(&docs);
        let refs: Vec<&Document> = docs.iter().collect();
        brief_with(&story, &refs, &brief_options()).0
    };
    let lead = |mut docs: Vec<Document>| {
        docs.iter_mut().for_each(segment);
        docs
    };
    let options = EvalOptions {
        limit,
        ..EvalOptions::default()
    };
    match eval_rouge_with(
        &dir.join("data/multi-news/validation.csv"),
        &options,
        &summarize,
        &lead,
    ) {
        Ok(eval) => println!("{eval}"),
        Err(error) => eprintln!("error: {error:#}"),
    }
}
