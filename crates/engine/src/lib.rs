//! The corroborate engine: builds the default pipeline and runs it over inputs.
//!
//! [`Engine::analyze_paths`] reads every input ([`corroborate_ingest`]), cleans and annotates
//! each article in parallel ([`corroborate_text`], [`corroborate_extract`]), embeds its
//! sentences ([`corroborate_embed`]), then, as corpus-wide barriers, groups articles into
//! stories and aligns their claims ([`corroborate_story`]), merges entities, quotes and figures
//! across the articles of each story, and writes the cited brief ([`corroborate_synth`]).
//! Inputs that fail are reported in [`Analysis::failures`]; the others still come out.
//!
//! ```no_run
//! use corroborate_engine::{Config, Engine};
//!
//! let engine = Engine::new(&Config::default()).unwrap();
//! let analysis = engine.analyze_paths(&["examples/harbor-strike".into()], &|_| {});
//! println!("{} articles, {} stories", analysis.documents.len(), analysis.stories.len());
//! ```

mod compare;
mod corpus;
mod engine;
mod guard;
mod ids;
mod tagging;

pub use crate::corpus::{AddOptions, AddReport, Added, CorpusError, Outcome, StepTimings};
pub use crate::engine::{Config, Engine, EngineError, Progress};
pub use crate::guard::panic_is_reported;
pub use corroborate_core::{Analysis, Failure};
