//! The pairwise judgement for the `compare` command: sentences encoded once, with their word
//! vectors, then each pair judged by the bundled model of the encoder in use.

use std::collections::HashMap;

use corroborate_core::Encoded;
use corroborate_story::{features, verdict, Features, Judgement, PairModel, PairSentence};
use rayon::prelude::*;

use corroborate_embed::{load_pair_reader, PairReader};

use crate::{Engine, EngineError};

impl Engine {
    /// The pair model that matches the encoder (neural or lexical) and, with the neural
    /// English encoder, the pair encoder that reads both sentences together.
    pub fn pair_model(&self) -> &'static PairModel {
        if self.pair_reader().is_some() {
            PairModel::bundled_cross()
        } else {
            PairModel::bundled(self.encoder().is_neural())
        }
    }

    /// The cross-encoder, when the English neural encoder is in use and it loads.
    pub fn pair_reader(&self) -> Option<&dyn PairReader> {
        self.pair_reader
            .get_or_init(|| {
                if !self.encoder().is_neural() || self.encoder().is_multilingual() {
                    return None;
                }
                match load_pair_reader(&self.encoder_options) {
                    Ok(reader) => Some(reader),
                    Err(err) => {
                        tracing::warn!("pair encoder not loaded: {err}");
                        None
                    }
                }
            })
            .as_deref()
    }

    /// Judges each pair (a, b) and returns its features with the judgement.
    pub fn judge_pairs(
        &self,
        pairs: &[(&str, &str)],
    ) -> Result<Vec<(Features, Judgement)>, EngineError> {
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut unique: Vec<&str> = Vec::new();
        for &(a, b) in pairs {
            for s in [a, b] {
                index.entry(s).or_insert_with(|| {
                    unique.push(s);
                    unique.len() - 1
                });
            }
        }
        let encoded: Vec<Encoded> = self.encoder().encode_words(&unique)?;
        let model = self.pair_model();
        let logits = match self.pair_reader() {
            Some(reader) => Some(
                reader
                    .logits(pairs)
                    .map_err(corroborate_core::Error::from)?,
            ),
            None => None,
        };
        Ok(pairs
            .par_iter()
            .enumerate()
            .map(|(i, &(a, b))| {
                let (ea, eb) = (&encoded[index[a]], &encoded[index[b]]);
                let sa = PairSentence {
                    text: a,
                    vector: Some(ea.vector.as_slice()),
                    words: &ea.words,
                };
                let sb = PairSentence {
                    text: b,
                    vector: Some(eb.vector.as_slice()),
                    words: &eb.words,
                };
                let mut f = features(&sa, &sb);
                if let Some(logits) = &logits {
                    f.set_cross(logits[i]);
                }
                let judgement = verdict(&f, model);
                (f, judgement)
            })
            .collect())
    }
}
