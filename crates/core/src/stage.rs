//! Stages and the pipeline that checks, when built, that each stage's inputs exist.

use std::collections::BTreeSet;

use crate::{Document, Error, Layer};

/// A per-document step (cleaning, segmentation, an extractor). Stages are independent of
/// each other and run in parallel across documents.
pub trait Stage: Send + Sync {
    fn name(&self) -> &'static str;
    /// Layers that must exist before this stage runs.
    fn requires(&self) -> &'static [Layer];
    /// Layers this stage produces.
    fn assigns(&self) -> &'static [Layer];
    fn process(&self, doc: &mut Document) -> Result<(), Error>;
}

/// An ordered list of stages whose requirements were checked when it was built.
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.stages.iter().map(|stage| stage.name()))
            .finish()
    }
}

impl Pipeline {
    /// Builds a pipeline. A document from a reader has [`Layer::Source`]; any other layer
    /// must be assigned by an earlier stage.
    pub fn new(stages: Vec<Box<dyn Stage>>) -> Result<Pipeline, Error> {
        let mut available: BTreeSet<Layer> = [Layer::Source].into_iter().collect();
        for stage in &stages {
            for layer in stage.requires() {
                if !available.contains(layer) {
                    return Err(Error::MissingLayer {
                        stage: stage.name(),
                        layer: *layer,
                    });
                }
            }
            available.extend(stage.assigns().iter().copied());
        }
        Ok(Pipeline { stages })
    }

    pub fn stages(&self) -> impl Iterator<Item = &dyn Stage> {
        self.stages.iter().map(|stage| stage.as_ref())
    }

    /// Runs every stage on one document, stopping at the first error.
    pub fn process(&self, doc: &mut Document) -> Result<(), Error> {
        for stage in &self.stages {
            stage.process(doc)?;
        }
        Ok(())
    }
}

/// Turns sentences into L2-normalised vectors. Implemented by the neural model and by the
/// lexical fallback; consumers (story grouping, claim alignment) see only this trait.
pub trait SentenceEncoder: Send + Sync {
    /// A short name for reports, e.g. `all-MiniLM-L6-v2` or `lexical`.
    fn name(&self) -> &str;
    fn dim(&self) -> usize;
    /// True for a model that captures paraphrase beyond shared words.
    fn is_neural(&self) -> bool;
    /// True when sentences of different languages that say the same get close vectors.
    fn is_multilingual(&self) -> bool {
        false
    }
    fn encode(&self, sentences: &[&str]) -> Result<Vec<Vec<f32>>, Error>;

    /// Sentence vectors with their words' contextual vectors, from the same forward pass.
    /// Encoders without per-word states (the lexical one) return sentences without words.
    fn encode_words(&self, sentences: &[&str]) -> Result<Vec<Encoded>, Error> {
        Ok(self
            .encode(sentences)?
            .into_iter()
            .map(|vector| Encoded {
                vector,
                words: Vec::new(),
            })
            .collect())
    }

    /// Sentence vectors with, for every word piece, the states of the hidden layers `layers`
    /// names (0: the embeddings, the layer count: the last layer), one after another and not
    /// normalised, from the same forward pass; each [`WordVector`] of the answer is then a
    /// piece with its byte offsets. `None` for an encoder without such states (the lexical
    /// one).
    fn encode_pieces(
        &self,
        sentences: &[&str],
        layers: &[usize],
    ) -> Result<Option<Vec<Encoded>>, Error> {
        let _ = (sentences, layers);
        Ok(None)
    }
}

/// A sentence's vector and its words' contextual vectors.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Encoded {
    /// The sentence vector, L2-normalised.
    pub vector: Vec<f32>,
    /// One entry per word (word pieces averaged), in order.
    pub words: Vec<WordVector>,
}

/// One word of a sentence and its contextual vector.
#[derive(Clone, Debug, PartialEq)]
pub struct WordVector {
    /// Byte offsets of the word in the sentence given to the encoder.
    pub start: usize,
    pub end: usize,
    /// The last layer's state for the word, L2-normalised.
    pub vector: Vec<f32>,
}

/// Cosine similarity of two vectors (dot product when both are normalised).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let mut dot = 0.0f32;
    let mut norm_a = 0.0f32;
    let mut norm_b = 0.0f32;
    for (x, y) in a.iter().zip(b) {
        dot += x * y;
        norm_a += x * x;
        norm_b += y * y;
    }
    if norm_a == 0.0 || norm_b == 0.0 {
        return 0.0;
    }
    dot / (norm_a.sqrt() * norm_b.sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fake {
        name: &'static str,
        requires: &'static [Layer],
        assigns: &'static [Layer],
    }

    impl Stage for Fake {
        fn name(&self) -> &'static str {
            self.name
        }
        fn requires(&self) -> &'static [Layer] {
            self.requires
        }
        fn assigns(&self) -> &'static [Layer] {
            self.assigns
        }
        fn process(&self, _doc: &mut Document) -> Result<(), Error> {
            Ok(())
        }
    }

    #[test]
    fn pipeline_checks_requirements_in_order() {
        let clean = Fake {
            name: "clean",
            requires: &[Layer::Source],
            assigns: &[Layer::Text],
        };
        let split = Fake {
            name: "sentences",
            requires: &[Layer::Text],
            assigns: &[Layer::Sentences],
        };
        let quotes = Fake {
            name: "quotes",
            requires: &[Layer::Sentences, Layer::Entities],
            assigns: &[Layer::Quotes],
        };
        assert!(Pipeline::new(vec![Box::new(clean), Box::new(split)]).is_ok());

        let clean = Fake {
            name: "clean",
            requires: &[Layer::Source],
            assigns: &[Layer::Text],
        };
        let split = Fake {
            name: "sentences",
            requires: &[Layer::Text],
            assigns: &[Layer::Sentences],
        };
        let err =
            Pipeline::new(vec![Box::new(clean), Box::new(split), Box::new(quotes)]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "stage quotes requires layer Entities, which no earlier stage assigns"
        );
    }

    #[test]
    fn cosine_of_parallel_and_orthogonal() {
        assert!((cosine(&[1.0, 0.0], &[2.0, 0.0]) - 1.0).abs() < 1e-6);
        assert!(cosine(&[1.0, 0.0], &[0.0, 3.0]).abs() < 1e-6);
        assert_eq!(cosine(&[0.0, 0.0], &[1.0, 0.0]), 0.0);
    }
}
