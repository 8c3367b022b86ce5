//! corroborate-eval: measures corroborate on the public data sets in `../shared/data`. Product
//! crates never depend on it; the `corroborate eval` subcommands of the cli call it.
//!
//! - [`extraction`]: HTML main-text extraction ([`eval_extraction`]) scored as the
//!   article-extraction-benchmark does (word 4-gram shingle precision, recall, F1 per page).
//! - [`entities`]: CoNLL-2003 exact-span typed entity P / R / F1 ([`eval_entities`]).
//! - [`quotes`]: direct quotes and speakers on PolNeAR ([`eval_quotes`], BRAT standoff gold).
//! - [`stories`]: story clustering on Multi-News ([`eval_clustering`]) with [`cluster_scores`]
//!   (B-cubed and pairwise precision, recall, F1).
//! - [`brief`]: ROUGE-1/2/L of the brief on Multi-News beside a lead baseline ([`eval_rouge`]),
//!   with the pipeline injected by the caller; [`rouge`](mod@rouge) scores one pair
//!   ([`rouge()`]) with the original Porter stemmer ([`corroborate_synth::porter_stem`]).
//! - [`claims`]: claim alignment on a hand-made gold (Multi-News rows and the seeds,
//!   `data/claims-gold.json`), scored over pairs of annotated sentences ([`eval_claims`],
//!   [`score_story`]), with the pipeline injected by the caller.
//! - [`multinews`]: the Multi-News CSV readers ([`load_multinews`] for clustering,
//!   [`multinews::summaries::load_multi_news`] for ROUGE, which strips the references' "– ").
//!
//! Every evaluation returns a report whose `Display` is the table `corroborate eval` prints.

pub mod brief;
pub mod claims;
pub mod crosslingual;
pub mod entities;
mod error;
pub mod extraction;
pub mod multinews;
pub mod pairs;
pub mod quotes;
pub mod rouge;
pub mod stories;

pub use crate::{
    brief::{
        documents_of_row, eval_rouge, eval_rouge_with, lead_summary, EvalOptions, RougeEval,
        SystemScore,
    },
    claims::{
        eval_claims, label_pairs, labelled_pairs, score_story, ClaimsEval, ClaimsGold, GoldSource,
        LabelledPair as LabelledClausePair, PairCounts, StoryScore, CLAIMS_GOLD,
    },
    crosslingual::{
        eval_crosslingual, eval_crosslingual_claims, load_meantime, CrosslingualClaims,
        CrosslingualEval,
    },
    entities::{
        eval_entities, eval_entities_batched, load_conll, ConllSentence, ConllType, Counts,
        EntityEval,
    },
    error::EvalError,
    extraction::{eval_extraction, score as shingle_score, ExtractionEval, PageScore},
    multinews::{load_multinews, MultiNewsRow},
    pairs::{eval_pairs, load_msrp, Binary, LabelledPair, PairOutput, PairsEval},
    quotes::{eval_quotes, eval_quotes_with, QuoteEval},
    rouge::{rouge, rouge_l, rouge_n, rouge_tokens, truncate_words, RougeScore, RougeScores},
    stories::{
        cluster_scores, eval_clustering, eval_clustering_online, ClusterEval, ClusterScores,
        OnlineEval, OnlineRun, Prf,
    },
};
