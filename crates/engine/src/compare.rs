//! The pairwise judgement for the `compare` command: sentences encoded once, with their word
//! vectors, then each pair judged by the bundled model of the encoder in use.

use std::collections::HashMap;

use corroborate_core::Encoded;
use corroborate_story::{features, verdict, Features, Judgement, PairModel, PairSentence};
use rayon::prelude::*;

use crate::{Engine, EngineError};

impl Engine {
    /// The pair model that matches the encoder (neural or lexical).
    pub fn pair_model(&self) -> &'static PairModel {
        PairModel::bundled(self.encoder().is_neural())
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
        Ok(pairs
            .par_iter()
            .map(|&(a, b)| {
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
                let f = features(&sa, &sb);
                let judgement = verdict(&f, model);
                (f, judgement)
            })
            .collect())
    }
}
