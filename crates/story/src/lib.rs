//! corroborate-story: groups articles into stories, finds rewrites, and aligns the claims of a
//! story across its sources.
//!
//! - [`group`] clusters any mix of articles into [`Story`]s (average-link over TF-IDF of
//!   stemmed content words with names weighted up, entities and figures when those layers
//!   exist, mean sentence vectors when present, publication distance). Junk-like documents
//!   (archive notices, widgets, very short texts) never chain stories together. Near-duplicates
//!   (Jaccard of word 5-gram shingles) and reworded rewrites (most sentences of one report
//!   retold by another, in the same order: sentence vectors or content terms, with shared
//!   quotes and figures as evidence) are marked in [`Grouping::derived_from`] with the likely
//!   original: earliest published, else the fullest text. Grouping works from a [`Sketch`] of
//!   each article (what it needs of it, computed once; a corpus stores it): [`Clustering`]
//!   forms the stories from sketches alone, and documents are read only for the stories whose
//!   rewrites and membership evidence are asked for.
//! - [`align`] fills a story's claims: sentences, split into clauses where they carry two
//!   facts, that state the same fact across outlets become one [`Claim`](corroborate_core::Claim),
//!   `corroborated` (two or more independent sources: rewrites and one outlet count once),
//!   `single_source`, or `conflicting` (numbers that disagree after currency conversion at
//!   the rates of [`corroborate_core::numbers::usd_rate`] beyond [`TOLERANCE`] or rounding,
//!   different dates, ordinals, negation, attribution). The same value in another notation
//!   ("€21 billion" / "21 billion euros", "14%" / "14 per cent") is agreement, never a
//!   difference in detail. Also per-article coverage and a similarity matrix.
//!
//! ```
//! use corroborate_core::{Document, Sentence, Span};
//! use corroborate_story::{align, group, AlignOptions, GroupOptions};
//!
//! fn doc(id: &str, text: &str) -> Document {
//!     let mut doc = Document::from_text(id, text);
//!     let mut start = 0;
//!     let mut sentences = Vec::new();
//!     for (i, _) in text.match_indices(". ").chain([(text.len() - 1, "")]) {
//!         sentences.push(Sentence { span: Span::from_offsets(start, i + 1) });
//!         start = i + 2;
//!     }
//!     doc.layers.sentences = Some(sentences);
//!     doc
//! }
//!
//! let docs = vec![
//!     doc("a", "The city council voted to close the Elm Street bridge on Monday. Engineers found cracks in two supports. Repairs will cost $4 million."),
//!     doc("b", "Engineers discovered cracks in two of the Elm Street bridge supports. On Monday the council voted to shut the bridge. The mayor blamed the state."),
//! ];
//! let grouping = group(&docs, &GroupOptions::default());
//! assert_eq!(grouping.stories.len(), 1);
//! let mut story = grouping.stories[0].clone();
//! let refs: Vec<&Document> = docs.iter().collect();
//! align(&mut story, &refs, &grouping.derived_from, &AlignOptions::default());
//! let cracks = &story.claims[0];
//! assert_eq!(cracks.independent_sources, 2);
//! assert_eq!(&docs[0].text[cracks.support[0].span], cracks.support[0].text);
//! ```

mod align;
mod dedup;
mod explain;
mod group;
mod lexicon;
mod pair;
mod profile;
mod rewrite;
mod terms;

pub use crate::{
    align::{
        align, clause_pairs, share_threshold, AlignOptions, ClausePair, ClauseRef, CLAIM_FEATURES,
        TOLERANCE,
    },
    group::{group, group_in, Clustering, GroupOptions, Grouping},
    pair::{
        compare, features, judge, prepare, verdict, Evidence, Features, Judgement, PairModel,
        PairSentence, Prepared, Reason, CROSS, FEATURE_NAMES,
    },
    profile::{index_terms, mean_vector, outlet_key, Background, Sketch},
};
