//! A sentence-pair cross-encoder: all-MiniLM-L6-v2 reads "[CLS] a [SEP] b [SEP]" with a small
//! fine-tuning adapter of our own (low-rank updates of its linear layers, its layer norms and
//! token-type table, and a logistic head on the pooled output), trained on MSRP by
//! `scripts/train-cross-encoder.sh`. Both sentences attend to each other, which a pair of
//! sentence vectors cannot: the logit reads whether they say the same thing.

use std::path::Path;

use rayon::prelude::*;
use tokenizers::Tokenizer;

use crate::bert::weights::Tensors;
use crate::bert::{Bert, Parts};
use crate::neural::{batches_of, in_pool, packing_tokenizer, read_config, thread_pool};
use crate::{EmbedError, Precision};

/// The bundled adapter (f16 safetensors, about 0.7 MB).
const ADAPTER: &[u8] = include_bytes!("cross_adapter.safetensors");
/// Tokens of a pair at most; longer pairs are cut, the longer sentence first.
const MAX_PAIR_TOKENS: usize = 256;
/// Tokens per forward pass at most.
const TOKEN_BUDGET: usize = 1024;

/// The pair judge.
pub struct CrossEncoder {
    model: Bert,
    tokenizer: Tokenizer,
    head: Vec<f32>,
    bias: f32,
    pool: Option<rayon::ThreadPool>,
}

impl std::fmt::Debug for CrossEncoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CrossEncoder")
    }
}

impl CrossEncoder {
    /// The base model from `dir` (checked as [`crate::MiniLmEncoder::load`] checks it) with
    /// the bundled adapter. `threads` bounds the threads one call uses.
    pub fn load(dir: &Path, threads: Option<usize>) -> Result<Self, EmbedError> {
        Self::load_with(dir, threads, Precision::default())
    }

    /// [`CrossEncoder::load`] with a chosen arithmetic.
    pub fn load_with(
        dir: &Path,
        threads: Option<usize>,
        precision: Precision,
    ) -> Result<Self, EmbedError> {
        let config = read_config(dir)?;
        let h = config.hidden_size;
        let mut parts = Parts::read(&dir.join("model.safetensors"), config)?;
        // The training script reads another adapter's log-odds through the product's code.
        let adapter = match std::env::var_os("CORROBORATE_CROSS_ADAPTER") {
            Some(path) => Tensors::read(Path::new(&path))?,
            None => Tensors::from_bytes("bundled pair-encoder adapter", ADAPTER.to_vec())?,
        };
        parts.adapt(&adapter)?;
        let head = adapter.f32("head.weight", &[h])?;
        let bias = adapter.f32("head.bias", &[1])?[0];
        let model = Bert::from_parts(parts, precision)?;

        let tokenizer = packing_tokenizer(dir, MAX_PAIR_TOKENS.min(model.max_tokens()))?;
        let pool = thread_pool(threads)?;
        Ok(CrossEncoder {
            model,
            tokenizer,
            head,
            bias,
            pool,
        })
    }

    /// The log-odds that each pair says the same thing, read in both orders and averaged (the
    /// judgement is symmetric; the model's input is not).
    pub fn logits(&self, pairs: &[(&str, &str)]) -> Result<Vec<f32>, EmbedError> {
        in_pool(self.pool.as_ref(), || self.run(pairs))
    }

    fn run(&self, pairs: &[(&str, &str)]) -> Result<Vec<f32>, EmbedError> {
        let inputs: Vec<(&str, &str)> = pairs.iter().flat_map(|&(a, b)| [(a, b), (b, a)]).collect();
        let encodings = self
            .tokenizer
            .encode_batch_fast(inputs, true)
            .map_err(|err| EmbedError::Model(format!("tokenize: {err}")))?;
        let ids: Vec<&[u32]> = encodings.iter().map(|e| e.get_ids()).collect();
        let seconds: Vec<usize> = encodings
            .iter()
            .map(|e| {
                e.get_type_ids()
                    .iter()
                    .position(|&t| t == 1)
                    .unwrap_or(e.len())
            })
            .collect();
        let mut order: Vec<usize> = (0..ids.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(ids[i].len()));
        let runs = batches_of(&order, |i| ids[i].len(), TOKEN_BUDGET);
        let outputs: Vec<Vec<Vec<f32>>> = runs
            .par_iter()
            .map(|batch| {
                let rows: Vec<&[u32]> = batch.iter().map(|&i| ids[i]).collect();
                let starts: Vec<usize> = batch.iter().map(|&i| seconds[i]).collect();
                self.model.embed_pairs(&rows, &starts)
            })
            .collect::<Result<_, _>>()?;
        let mut logits = vec![0.0f32; ids.len()];
        for (batch, vectors) in runs.iter().zip(outputs) {
            for (&i, v) in batch.iter().zip(vectors) {
                logits[i] = self.bias + v.iter().zip(&self.head).map(|(x, w)| x * w).sum::<f32>();
            }
        }
        Ok(logits
            .chunks_exact(2)
            .map(|z| (z[0] + z[1]) / 2.0)
            .collect())
    }
}
