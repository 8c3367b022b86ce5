//! Synthesis and rendering: turns a grouped, aligned [`Analysis`](corroborate_core::Analysis)
//! into what a reader sees.
//!
//! - [`brief`]: the cited brief of a story (consensus, where reports differ, single-source) and
//!   its [`timeline`]. Extractive: every sentence cites the spans it rests on.
//! - [`render`]: terminal, Markdown, `corroborate.report/1` JSON and self-contained HTML.
//! - [`outlets`]: a user's table of outlets and their labels (lean, country …), and which
//!   groups of outlets report a story and each claim ([`outlets::story_coverage`]).
//! - [`porter_stem`]: the original Porter (1980) stemmer the brief matches content words with
//!   (and corroborate-eval's ROUGE scorer tokenises with).
//!
//! ```
//! use corroborate_core::{Analysis, ClaimStatus, Claim, Document, Sentence, Span, Story, Support};
//! use corroborate_synth::{brief, render, Format, RenderOptions};
//!
//! let text = "Officials said the bridge reopened on Monday.";
//! let mut a = Document::from_text("a", text);
//! a.layers.sentences = Some(vec![Sentence { span: Span::from_offsets(0, text.len()) }]);
//! let mut b = a.clone();
//! b.id = "b".into();
//! let support = |article: &str| Support {
//!     article: article.into(),
//!     sentence: 0,
//!     span: Span::from_offsets(0, text.len()),
//!     text: text.into(),
//! };
//! let mut story = Story { id: "s1".into(), title: "Bridge reopens".into(), articles: vec!["a".into(), "b".into()], ..Story::default() };
//! story.claims.push(Claim {
//!     id: "c1".into(), status: ClaimStatus::Corroborated, text: text.into(),
//!     independent_sources: 2, support: vec![support("a"), support("b")],
//!     conflicts: vec![], differs_in_detail: None,
//! });
//! let (summary, timeline) = brief(&story, &[&a, &b]);
//! assert_eq!(summary[0].text, text);
//! assert_eq!(summary[0].citations.len(), 2);
//! assert!(timeline.is_empty());
//! story.summary = summary;
//! let analysis = Analysis { documents: vec![a, b], stories: vec![story], ..Analysis::default() };
//! let markdown = render(&analysis, Format::Markdown, &RenderOptions::default());
//! assert!(markdown.contains("Bridge reopens"));
//! ```

mod brief;
mod error;
pub mod outlets;
mod porter;
mod render;
mod timeline;
mod words;

pub use crate::{
    brief::{brief, brief_with, BriefOptions},
    error::SynthError,
    outlets::{OutletError, OutletTable},
    porter::porter_stem,
    render::{escape_html, percent_encode, render, report_json, Format, RenderOptions},
    timeline::timeline,
};
