//! The engine: one pipeline, one encoder, run over inputs.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use corroborate_core::{
    Analysis, BriefSentence, DerivedFrom, Document, Failure, Pipeline, SentenceEncoder, Stage,
    Story,
};
use corroborate_embed::EncoderOptions;
use corroborate_ingest::{IngestError, Input};
use corroborate_story::{AlignOptions, GroupOptions};
use rayon::prelude::*;

use crate::guard::guarded;

/// What a run is configured with.
#[derive(Debug, Default)]
pub struct Config {
    pub encoder: EncoderOptions,
    pub group: GroupOptions,
    pub align: AlignOptions,
    /// Keep the rule entity tagger even with the neural encoder (which otherwise brings the
    /// trained tagger).
    pub rule_entities: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("pipeline: {0}")]
    Pipeline(#[from] corroborate_core::Error),
}

/// Progress events for a progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// The number of inputs found.
    Inputs(usize),
    /// One more input has been read and annotated.
    InputDone,
    /// A corpus-wide step started.
    Step(&'static str),
}

/// The default pipeline and the best available sentence encoder.
pub struct Engine {
    pipeline: Pipeline,
    encoder: Box<dyn SentenceEncoder>,
    group: GroupOptions,
    align: AlignOptions,
    pub(crate) rule_entities: bool,
    warnings: Vec<String>,
    /// What the encoder was loaded with (the pair encoder loads its model the same way).
    pub(crate) encoder_options: EncoderOptions,
    /// The pair encoder, loaded on first use (`None`: not available here).
    pub(crate) pair_reader: std::sync::OnceLock<Option<Box<dyn corroborate_embed::PairReader>>>,
}

impl Engine {
    pub fn new(config: &Config) -> Result<Engine, EngineError> {
        let mut stages: Vec<Box<dyn Stage>> = corroborate_text::default_stages();
        stages.extend(corroborate_extract::default_stages());
        let pipeline = Pipeline::new(stages)?;
        let (encoder, warning) = corroborate_embed::load_encoder(&config.encoder);
        let mut align = config.align.clone();
        align.neural = encoder.is_neural();
        align.crosslingual = encoder.is_multilingual();
        let mut group = config.group.clone();
        group.neural = encoder.is_neural();
        group.crosslingual = encoder.is_multilingual();
        Ok(Engine {
            pipeline,
            encoder,
            group,
            align,
            rule_entities: config.rule_entities,
            warnings: warning.into_iter().collect(),
            encoder_options: config.encoder.clone(),
            pair_reader: std::sync::OnceLock::new(),
        })
    }

    /// One-line notices for the user (e.g. the model is missing and what to run).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    pub fn encoder(&self) -> &dyn SentenceEncoder {
        self.encoder.as_ref()
    }

    /// The grouping options in force (tuned to the encoder).
    pub fn group_options(&self) -> &GroupOptions {
        &self.group
    }

    /// Reads, annotates and corroborates everything under `paths`.
    pub fn analyze_paths(
        &self,
        paths: &[PathBuf],
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Analysis {
        let (inputs, mut failures) = discover(paths);
        progress(Progress::Inputs(inputs.len()));
        let (docs, more_failures) = self.read_and_annotate(&inputs, progress);
        failures.extend(more_failures);
        let mut analysis = self.corroborate(docs, progress);
        failures.append(&mut analysis.failures);
        analysis.failures = failures;
        analysis
    }

    /// Reads every input and annotates its articles, in parallel, keeping input order.
    fn read_and_annotate(
        &self,
        inputs: &[Input],
        progress: &(dyn Fn(Progress) + Sync),
    ) -> (Vec<Document>, Vec<Failure>) {
        let (mut docs, mut failures) = read_inputs(inputs, progress);
        crate::ids::make_unique(&mut docs);
        let (docs, annotate_failures) = self.annotate(docs);
        failures.extend(annotate_failures);
        (docs, failures)
    }

    /// Runs the per-document pipeline in parallel and embeds every sentence. Documents that
    /// fail a stage, or have no text left after cleaning, become failures.
    pub fn annotate(&self, docs: Vec<Document>) -> (Vec<Document>, Vec<Failure>) {
        let results: Vec<Result<Document, Failure>> = docs
            .into_par_iter()
            .map(|mut doc| {
                let name = display_name(&doc);
                match guarded(&name, || self.pipeline.process(&mut doc)) {
                    Ok(Ok(())) => {}
                    Ok(Err(err)) => return Err(Failure { path: name, reason: err.to_string() }),
                    Err(failure) => return Err(failure),
                }
                if doc.text.trim().is_empty() {
                    let reason = if doc.dropped.is_empty() {
                        "no article text".to_string()
                    } else {
                        format!("no article text left after cleaning ({} pieces dropped as boilerplate or off-topic)", doc.dropped.len())
                    };
                    return Err(Failure { path: name, reason });
                }
                Ok(doc)
            })
            .collect();
        let mut kept = Vec::with_capacity(results.len());
        let mut failures = Vec::new();
        for result in results {
            match result {
                Ok(doc) => kept.push(doc),
                Err(failure) => failures.push(failure),
            }
        }
        if let Err(err) = self.embed_and_tag(&mut kept) {
            tracing::warn!(error = %err, "sentence vectors unavailable; aligning on words only");
        }
        (kept, failures)
    }

    /// Groups annotated documents into stories and fills each story: claims, entities,
    /// quotes, figures, brief and timeline.
    pub fn corroborate(
        &self,
        documents: Vec<Document>,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Analysis {
        progress(Progress::Step("grouping articles into stories"));
        let grouping = corroborate_story::group(&documents, &self.group);
        let by_id: HashMap<&str, &Document> =
            documents.iter().map(|doc| (doc.id.as_str(), doc)).collect();
        progress(Progress::Step("aligning claims"));
        let mut stories: Vec<Story> = grouping.stories;
        stories.par_iter_mut().for_each(|story| {
            let docs: Vec<&Document> = story
                .articles
                .iter()
                .filter_map(|id| by_id.get(id.as_str()).copied())
                .collect();
            self.fill_story(story, &docs, &grouping.derived_from);
        });
        Analysis {
            documents,
            stories,
            derived_from: grouping.derived_from,
            failures: Vec::new(),
            encoder: self.encoder.name().to_string(),
        }
    }
}

impl Engine {
    /// Aligns claims, merges entities, quotes and figures, and writes the brief of one story
    /// whose `articles` (and `membership`) are set; `docs` are its articles.
    pub fn fill_story(
        &self,
        story: &mut Story,
        docs: &[&Document],
        derived_from: &BTreeMap<String, DerivedFrom>,
    ) {
        corroborate_story::align(story, docs, derived_from, &self.align);
        story.entities = corroborate_extract::merge_entities(docs);
        story.quotes = corroborate_extract::merge_quotes(docs, &story.entities);
        story.figures = corroborate_extract::merge_figures(docs);
        let (summary, timeline) = corroborate_synth::brief(story, docs);
        story.summary = summary;
        story.timeline = timeline;
    }

    /// Treats all documents as one story (as an evaluation's gold cluster does) and returns
    /// its brief.
    pub fn brief_as_one_story(&self, documents: Vec<Document>) -> Vec<BriefSentence> {
        let mut story = Story {
            id: "s1".to_string(),
            articles: documents.iter().map(|doc| doc.id.clone()).collect(),
            ..Story::default()
        };
        let docs: Vec<&Document> = documents.iter().collect();
        self.fill_story(&mut story, &docs, &BTreeMap::new());
        story.summary
    }

    /// Treats all annotated documents as one story (as an evaluation's gold story does) and
    /// aligns its claims only: `claims`, `coverage` and `similarity` are filled, nothing else.
    pub fn claims_as_one_story(&self, documents: &[Document]) -> Story {
        let mut story = Story {
            id: "s1".to_string(),
            articles: documents.iter().map(|doc| doc.id.clone()).collect(),
            ..Story::default()
        };
        let docs: Vec<&Document> = documents.iter().collect();
        corroborate_story::align(&mut story, &docs, &BTreeMap::new(), &self.align);
        story
    }

    /// The clause pairs [`Engine::claims_as_one_story`] judges, with the claim model's
    /// features and probability.
    pub fn clause_pairs_as_one_story(
        &self,
        documents: &[Document],
    ) -> Vec<corroborate_story::ClausePair> {
        let story = Story {
            id: "s1".to_string(),
            articles: documents.iter().map(|doc| doc.id.clone()).collect(),
            ..Story::default()
        };
        let docs: Vec<&Document> = documents.iter().collect();
        corroborate_story::clause_pairs(&story, &docs, &self.align)
    }
}

/// Finds the inputs under `paths` (files, folders, `-`): the inputs and the paths that failed.
pub(crate) fn discover(paths: &[PathBuf]) -> (Vec<Input>, Vec<Failure>) {
    let mut failures = Vec::new();
    let mut inputs = Vec::new();
    for found in corroborate_ingest::discover(paths) {
        match found {
            Ok(input) => inputs.push(input),
            Err(err) => failures.push(ingest_failure(&err)),
        }
    }
    (inputs, failures)
}

/// Reads every input, in parallel, keeping input order; not yet annotated.
pub(crate) fn read_inputs(
    inputs: &[Input],
    progress: &(dyn Fn(Progress) + Sync),
) -> (Vec<Document>, Vec<Failure>) {
    let per_input: Vec<Vec<Result<Document, Failure>>> = inputs
        .par_iter()
        .map(|input| {
            let results = match guarded(&input.name(), || corroborate_ingest::read_input(input)) {
                Ok(read) => read
                    .into_iter()
                    .map(|read| read.map_err(|err| ingest_failure(&err)))
                    .collect(),
                Err(failure) => vec![Err(failure)],
            };
            progress(Progress::InputDone);
            results
        })
        .collect();
    let mut docs = Vec::new();
    let mut failures = Vec::new();
    for result in per_input.into_iter().flatten() {
        match result {
            Ok(doc) => docs.push(doc),
            Err(failure) => failures.push(failure),
        }
    }
    (docs, failures)
}

fn ingest_failure(err: &IngestError) -> Failure {
    Failure {
        path: err.path().to_string(),
        reason: err.to_string(),
    }
}

fn display_name(doc: &Document) -> String {
    doc.meta.path.clone().unwrap_or_else(|| doc.id.clone())
}
