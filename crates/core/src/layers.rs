//! Annotation layers: every item is a [`Span`] into the document's cleaned text.

use serde::{Deserialize, Serialize};

use crate::Span;

/// The names of the things a stage can require or assign.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    /// `Document::source` and metadata, produced by a reader.
    Source,
    /// `Document::text`, fixed by cleaning.
    Text,
    Language,
    Sentences,
    Entities,
    Quotes,
    Figures,
    Dates,
    Vectors,
}

/// The annotation layers of a document. `None` = not produced yet; `Some(vec![])` = produced,
/// nothing found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layers {
    pub sentences: Option<Vec<Sentence>>,
    pub entities: Option<Vec<EntityMention>>,
    pub quotes: Option<Vec<QuoteMention>>,
    pub figures: Option<Vec<FigureMention>>,
    pub dates: Option<Vec<DateMention>>,
    /// One L2-normalised vector per sentence, same order as `sentences`.
    pub vectors: Option<Vec<Vec<f32>>>,
}

impl Layers {
    /// True when the layer has been produced.
    pub fn has(&self, layer: Layer) -> bool {
        match layer {
            Layer::Source | Layer::Text | Layer::Language => true,
            Layer::Sentences => self.sentences.is_some(),
            Layer::Entities => self.entities.is_some(),
            Layer::Quotes => self.quotes.is_some(),
            Layer::Figures => self.figures.is_some(),
            Layer::Dates => self.dates.is_some(),
            Layer::Vectors => self.vectors.is_some(),
        }
    }
}

/// A sentence of the cleaned text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EntityKind {
    Person,
    Organization,
    Location,
    Event,
    Other,
}

impl EntityKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            EntityKind::Person => "PERSON",
            EntityKind::Organization => "ORGANIZATION",
            EntityKind::Location => "LOCATION",
            EntityKind::Event => "EVENT",
            EntityKind::Other => "OTHER",
        }
    }
}

/// One mention of a named entity. The span holds the name only: no title, honorific or
/// possessive ("President Vladimir V. Putin's" -> "Vladimir V. Putin").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntityMention {
    pub span: Span,
    pub kind: EntityKind,
    /// Within-article identity: mentions of the same entity in one article share it.
    pub local_id: u32,
    /// The fullest name of that local identity ("Vladimir V. Putin" for a mention "Putin").
    pub canonical: String,
    /// The role or description the article gives here ("Kremlin spokesman"), when any.
    pub role: Option<Span>,
}

/// A direct quotation and who said it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuoteMention {
    /// The quoted words, without the quote marks.
    pub span: Span,
    /// The speech verb or cue ("said", "according to"), when any.
    pub cue: Option<Span>,
    /// The words naming the speaker here (a name, a pronoun, a role), when any.
    pub speaker_span: Option<Span>,
    /// The resolved speaker's full name, when known.
    pub speaker: Option<String>,
    /// Index into the entities layer of the resolved speaker mention, when known.
    pub speaker_mention: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureKind {
    Money,
    Count,
    Percent,
    Duration,
    Ordinal,
}

impl FigureKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            FigureKind::Money => "money",
            FigureKind::Count => "count",
            FigureKind::Percent => "percent",
            FigureKind::Duration => "duration",
            FigureKind::Ordinal => "ordinal",
        }
    }
}

/// How exact a figure is said to be.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    #[default]
    Exact,
    /// "more than", "over", "at least".
    AtLeast,
    /// "less than", "under", "up to".
    AtMost,
    /// "about", "around", "some", "nearly".
    Approximately,
    /// "between 10 and 20", "10-20".
    Range,
}

/// A number with its unit, as written in the text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FigureMention {
    pub span: Span,
    pub kind: FigureKind,
    /// Normalised value: 21e9 for "€21bn", 50 for "50%", 3 for "third".
    pub amount: f64,
    /// Upper end for ranges.
    pub amount_to: Option<f64>,
    /// ISO 4217 code for money ("EUR"), "%" for percents, the time unit for durations
    /// ("day", "year"), the counted noun for counts ("people"), the noun for ordinals ("meeting").
    pub unit: Option<String>,
    pub qualifier: Qualifier,
    /// Index (in this layer) of the figure this one restates, as in "€21bn ($24bn)".
    pub equivalent_of: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    Day,
    Week,
    Month,
    Year,
}

/// A date expression.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DateMention {
    pub span: Span,
    /// The first day of the resolved period, when resolved.
    pub date: Option<chrono::NaiveDate>,
    pub precision: DatePrecision,
    /// True for expressions that need an anchor ("Friday", "last week").
    pub relative: bool,
}
