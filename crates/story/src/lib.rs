//! corroborate-story: groups articles into stories and aligns their claims.
mod align;
mod dedup;
mod error;
mod eval;
mod explain;
mod group;
mod multinews;
mod profile;
mod terms;

pub use crate::{
    align::{align, AlignOptions, EUR_TO_USD, GBP_TO_USD, TOLERANCE},
    error::StoryError,
    eval::{cluster_scores, eval_clustering, ClusterEval, ClusterScores, Prf},
    group::{group, GroupOptions, Grouping},
    multinews::{load_multinews, MultiNewsRow},
};
