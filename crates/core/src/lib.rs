//! Shared types of corroborate: the contract every stage works on. No I/O.
//!
//! - [`Document`]: raw bytes as given, the decoded `source` text, the cleaned `text`, the
//!   alignments between them, what cleaning dropped and why, and annotation [`Layers`].
//! - [`Span`]: a checked byte range that indexes `str`; every annotation keeps one.
//! - [`Cite`]: an article id plus a span, the only way to point into a document from outside.
//! - [`Stage`] and [`Pipeline`]: per-document steps that declare the layers they require and
//!   assign; the pipeline checks the order when it is built.
//! - [`numbers`]: numbers, money and percentages as news writes them, read once for every
//!   stage ("€21 billion" = "EUR 21bn", "14%" = "14 per cent").
//! - [`Story`], [`Claim`], [`Entity`], [`Quote`], [`Figure`]: story-level results, shaped as the
//!   `corroborate.report/1` JSON contract writes them.
//!
//! ```
//! use corroborate_core::{Document, Span};
//!
//! let doc = Document::from_text("a1", "Mr. Okafor spoke. Talks went on.");
//! let span = Span::new(&doc.text, 4, 10).unwrap();
//! assert_eq!(&doc.text[span], "Okafor");
//! ```

mod analysis;
mod document;
mod error;
mod layers;
pub mod lexicon;
pub mod numbers;
mod report;
mod span;
mod stage;

pub use crate::{
    analysis::{shared_dir, Analysis, Failure},
    document::{Alignment, Document, DropReason, Dropped, Meta, Segment},
    error::Error,
    layers::{
        DateMention, DatePrecision, EntityKind, EntityMention, FigureKind, FigureMention, Layer,
        Layers, Qualifier, QuoteMention, Sentence,
    },
    report::{
        BriefSection, BriefSentence, Claim, ClaimStatus, Conflict, ConflictKind, Coverage,
        DerivedFrom, Entity, Equivalent, Figure, Membership, Quote, QuoteSource, Role, Story,
        Support, TimelineEntry,
    },
    span::{Cite, Span},
    stage::{cosine, Encoded, Pipeline, SentenceEncoder, Stage, WordVector},
};
