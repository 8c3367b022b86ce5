//! Story-level results, shaped as the `corroborate.report/1` JSON contract writes them.

use serde::{Deserialize, Serialize};

use crate::{Cite, EntityKind, FigureKind, Span};

/// A group of articles about the same event, with everything aligned across them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Story {
    pub id: String,
    pub title: String,
    /// Article ids, in the order the user gave them.
    pub articles: Vec<String>,
    /// Why each article belongs to the story.
    #[serde(default)]
    pub membership: Vec<Membership>,
    #[serde(default)]
    pub claims: Vec<Claim>,
    #[serde(default)]
    pub entities: Vec<Entity>,
    #[serde(default)]
    pub quotes: Vec<Quote>,
    #[serde(default)]
    pub figures: Vec<Figure>,
    #[serde(default)]
    pub summary: Vec<BriefSentence>,
    #[serde(default)]
    pub timeline: Vec<TimelineEntry>,
    /// Per article: the claims it alone reports and the corroborated claims it omits.
    #[serde(default)]
    pub coverage: Vec<Coverage>,
    /// Pairwise text similarity between the story's articles, in `articles` order.
    #[serde(default)]
    pub similarity: Vec<Vec<f32>>,
}

/// What one article adds to a story and what it leaves out.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    pub article: String,
    /// Ids of claims only this article reports.
    pub alone: Vec<String>,
    /// Ids of corroborated claims this article does not report.
    pub omits: Vec<String>,
}

/// The evidence that put an article in a story.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Membership {
    pub article: String,
    /// Similarity to the rest of the story, 0..1.
    pub similarity: f32,
    pub shared_terms: Vec<String>,
    pub shared_entities: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimStatus {
    Corroborated,
    SingleSource,
    Conflicting,
}

/// One fact, with every sentence that states it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub id: String,
    pub status: ClaimStatus,
    /// A representative wording (the text of the first support).
    pub text: String,
    /// Sources after collapsing rewrites of one original.
    pub independent_sources: usize,
    pub support: Vec<Support>,
    #[serde(default)]
    pub conflicts: Vec<Conflict>,
    /// Set when sources agree on the fact but differ in detail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub differs_in_detail: Option<String>,
}

/// One sentence (or clause) stating a claim.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Support {
    pub article: String,
    /// Sentence index in the article.
    pub sentence: usize,
    pub span: Span,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    Number,
    Date,
    Negation,
    Attribution,
    Other,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    /// The other claim's id.
    pub claim: String,
    pub kind: ConflictKind,
    pub detail: String,
}

/// An entity across the articles of a story.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: EntityKind,
    pub aliases: Vec<String>,
    pub mentions: Vec<Cite>,
    /// The role or description each article gives the entity.
    #[serde(default)]
    pub roles: Vec<Role>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Role {
    pub article: String,
    pub span: Span,
    pub text: String,
}

/// A quotation, once, with every article that carries it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub id: String,
    /// The speaker's entity id in this story.
    pub speaker: Option<String>,
    pub speaker_name: Option<String>,
    pub text: String,
    pub sources: Vec<QuoteSource>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuoteSource {
    pub article: String,
    pub span: Span,
    /// True when this copy has the same words as the quote's text.
    pub verbatim: bool,
    /// For altered copies: what differs, e.g. `-are +` or `"sending" vs "are sending"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difference: Option<String>,
}

/// A figure across the articles of a story.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub id: String,
    pub kind: FigureKind,
    pub amount: f64,
    pub unit: Option<String>,
    pub text: String,
    pub equivalents: Vec<Equivalent>,
    pub sources: Vec<Cite>,
    /// False when the sources give values that disagree beyond rounding.
    pub consistent: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Equivalent {
    pub amount: f64,
    pub unit: Option<String>,
    pub text: String,
}

/// Which part of the brief a sentence belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BriefSection {
    Consensus,
    Differences,
    SingleSource,
}

/// A sentence of the cited brief.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BriefSentence {
    pub text: String,
    pub citations: Vec<Cite>,
    pub section: BriefSection,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// `YYYY-MM-DD` (or `YYYY-MM`, `YYYY` for coarser dates).
    pub date: String,
    pub text: String,
    pub citations: Vec<Cite>,
}

/// Marks an article as a likely rewrite of another.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DerivedFrom {
    pub article: String,
    pub similarity: f32,
    pub evidence: String,
}
