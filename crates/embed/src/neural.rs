//! all-MiniLM-L6-v2 on candle: tokenise, batch by length, BERT, mean pooling, L2 norm.

use std::path::Path;

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use corroborate_core::{Error, SentenceEncoder};
use tokenizers::{Tokenizer, TruncationParams};

use crate::lexical::normalise;
use crate::model::{verify_model_dir, MODEL_ID};
use crate::EmbedError;

/// Tokens per sentence at most, as sentence-transformers' `max_seq_length` for this model.
const MAX_TOKENS: usize = 256;
/// Sentences per forward pass at most. Sorted by length first, so a batch pads little.
const BATCH: usize = 32;
/// Padded tokens per forward pass at most: long sentences go in smaller batches, which bounds
/// the attention buffers (batch × 12 heads × width²).
const TOKEN_BUDGET: usize = 2048;
/// The model's output size.
pub const MINILM_DIM: usize = 384;

/// The neural sentence encoder.
pub struct MiniLmEncoder {
    model: BertModel,
    tokenizer: Tokenizer,
    pool: Option<rayon::ThreadPool>,
}

impl std::fmt::Debug for MiniLmEncoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MiniLmEncoder")
    }
}

impl MiniLmEncoder {
    /// Loads the model from `dir` after checking its checksum. `threads` bounds the threads
    /// one `encode` call uses (default: all cores); one thread per worker suits many
    /// concurrent workers, since candle's pool spins while it waits.
    pub fn load(dir: &Path, threads: Option<usize>) -> Result<Self, EmbedError> {
        verify_model_dir(dir)?;
        let config_path = dir.join("config.json");
        let config_text = std::fs::read_to_string(&config_path)
            .map_err(|err| EmbedError::io(&config_path, err))?;
        let config: Config = serde_json::from_str(&config_text)
            .map_err(|err| EmbedError::Model(format!("{}: {err}", config_path.display())))?;

        let mut tokenizer = Tokenizer::from_file(dir.join("tokenizer.json"))
            .map_err(|err| EmbedError::Model(format!("tokenizer.json: {err}")))?;
        // The shipped tokenizer pads every input to 128 and truncates there; we pad per batch
        // ourselves and truncate where sentence-transformers does.
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                ..TruncationParams::default()
            }))
            .map_err(|err| EmbedError::Model(format!("tokenizer truncation: {err}")))?;

        let weights = dir.join("model.safetensors");
        // SAFETY: the file is memory-mapped read-only; its checksum was verified just above,
        // and the installer replaces it only by atomic rename, never in place.
        let vb =
            unsafe { VarBuilder::from_mmaped_safetensors(&[weights], DType::F32, &Device::Cpu) }
                .map_err(model_err)?;
        let model = BertModel::load(vb, &config).map_err(model_err)?;
        let pool = match threads {
            Some(n) => Some(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n.max(1))
                    .build()
                    .map_err(|err| EmbedError::Model(format!("thread pool: {err}")))?,
            ),
            None => None,
        };
        Ok(MiniLmEncoder {
            model,
            tokenizer,
            pool,
        })
    }

    fn encode_all(&self, sentences: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let encodings = self
            .tokenizer
            .encode_batch_fast(sentences.to_vec(), true)
            .map_err(|err| EmbedError::Model(format!("tokenize: {err}")))?;
        let ids: Vec<&[u32]> = encodings.iter().map(|e| e.get_ids()).collect();
        let mut order: Vec<usize> = (0..ids.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(ids[i].len()));
        let mut out = vec![Vec::new(); sentences.len()];
        for batch in batches(&order, |i| ids[i].len()) {
            let rows: Vec<&[u32]> = batch.iter().map(|&i| ids[i]).collect();
            let vectors = self.forward(&rows).map_err(model_err)?;
            for (&i, vector) in batch.iter().zip(vectors) {
                out[i] = vector;
            }
        }
        Ok(out)
    }

    /// One padded forward pass and mean pooling over the real tokens.
    fn forward(&self, rows: &[&[u32]]) -> candle_core::Result<Vec<Vec<f32>>> {
        let width = rows.iter().map(|r| r.len()).max().unwrap_or(0).max(1);
        let mut ids = vec![0u32; rows.len() * width];
        let mut mask = vec![0u32; rows.len() * width];
        for (row, tokens) in rows.iter().enumerate() {
            ids[row * width..row * width + tokens.len()].copy_from_slice(tokens);
            mask[row * width..row * width + tokens.len()].fill(1);
        }
        let shape = (rows.len(), width);
        let ids = Tensor::from_vec(ids, shape, &Device::Cpu)?;
        let mask = Tensor::from_vec(mask, shape, &Device::Cpu)?;
        let types = ids.zeros_like()?;
        let hidden = self.model.forward(&ids, &types, Some(&mask))?;
        let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
        let summed = hidden.broadcast_mul(&mask)?.sum(1)?;
        let counts = mask.sum(1)?;
        let mean = summed.broadcast_div(&counts)?;
        let mut vectors = mean.to_vec2::<f32>()?;
        vectors.iter_mut().for_each(|v| normalise(v));
        Ok(vectors)
    }
}

/// Splits `order` (longest first) into runs of at most [`BATCH`] sentences and
/// [`TOKEN_BUDGET`] padded tokens (at least one sentence each).
fn batches(order: &[usize], len: impl Fn(usize) -> usize) -> Vec<&[usize]> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < order.len() {
        let width = len(order[start]).max(1);
        let take = (TOKEN_BUDGET / width)
            .clamp(1, BATCH)
            .min(order.len() - start);
        out.push(&order[start..start + take]);
        start += take;
    }
    out
}

fn model_err(err: candle_core::Error) -> EmbedError {
    EmbedError::Model(err.to_string())
}

impl SentenceEncoder for MiniLmEncoder {
    fn name(&self) -> &str {
        MODEL_ID
    }

    fn dim(&self) -> usize {
        MINILM_DIM
    }

    fn is_neural(&self) -> bool {
        true
    }

    fn encode(&self, sentences: &[&str]) -> Result<Vec<Vec<f32>>, Error> {
        if sentences.is_empty() {
            return Ok(Vec::new());
        }
        let result = match &self.pool {
            Some(pool) => pool.install(|| self.encode_all(sentences)),
            None => self.encode_all(sentences),
        };
        Ok(result?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_respect_count_and_token_budget() {
        let lens = [1000, 900, 600, 600, 600, 20, 20];
        let order: Vec<usize> = (0..lens.len()).collect();
        let got: Vec<Vec<usize>> = batches(&order, |i| lens[i])
            .iter()
            .map(|b| b.to_vec())
            .collect();
        assert_eq!(got, vec![vec![0, 1], vec![2, 3, 4], vec![5, 6]]);
        let many: Vec<usize> = (0..70).collect();
        let sizes: Vec<usize> = batches(&many, |_| 10).iter().map(|b| b.len()).collect();
        assert_eq!(sizes, [32, 32, 6]);
        assert!(batches(&[], |_| 1).is_empty());
    }
}
