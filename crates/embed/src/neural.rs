//! all-MiniLM-L6-v2: tokenise, pack sentences of similar length into batches, run our BERT
//! forward pass ([`crate::bert`]) on all cores, mean-pool, L2-normalise.

use std::path::Path;

use corroborate_core::{Encoded, Error, SentenceEncoder, WordVector};
use rayon::prelude::*;
use tokenizers::{Tokenizer, TruncationParams};

use crate::bert::{Bert, Config, Pooled};
use crate::lexical::normalise;
use crate::model::{verify_model_dir, MODEL_ID};
use crate::{EmbedError, Precision};

/// Tokens per sentence at most, as sentence-transformers' `max_seq_length` for this model.
const MAX_TOKENS: usize = 256;
/// Real (unpadded) tokens per forward pass at most. Enough rows for the matrix products to
/// run at full speed, few enough that the batches spread over the cores.
const TOKEN_BUDGET: usize = 1024;
/// The model's output size.
pub const MINILM_DIM: usize = 384;

/// The neural sentence encoder.
pub struct MiniLmEncoder {
    model: Bert,
    name: String,
    tokenizer: Tokenizer,
    pool: Option<rayon::ThreadPool>,
}

impl std::fmt::Debug for MiniLmEncoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MiniLmEncoder")
    }
}

impl MiniLmEncoder {
    /// Loads the model from `dir` after checking its checksum, with the default
    /// [`Precision`]. `threads` bounds the threads one `encode` call uses (default: rayon's
    /// global pool, one thread per core).
    pub fn load(dir: &Path, threads: Option<usize>) -> Result<Self, EmbedError> {
        Self::load_with(dir, threads, Precision::default())
    }

    /// [`MiniLmEncoder::load`] with a chosen precision. The encoder's name (in reports and
    /// vector-cache keys) says which arithmetic ran: `all-MiniLM-L6-v2` (exact), else
    /// `all-MiniLM-L6-v2-bf16-int8` or `all-MiniLM-L6-v2-int8` for [`Precision::Fast`],
    /// depending on the CPU.
    pub fn load_with(
        dir: &Path,
        threads: Option<usize>,
        precision: Precision,
    ) -> Result<Self, EmbedError> {
        let config = read_config(dir)?;
        // The shipped tokenizer pads every input to 128 and truncates there; we pack instead
        // of padding and truncate where sentence-transformers does.
        let tokenizer = packing_tokenizer(dir, MAX_TOKENS)?;
        let model = Bert::load(&dir.join("model.safetensors"), config, precision)?;
        let name = format!("{MODEL_ID}{}", model.scheme().suffix());
        let pool = thread_pool(threads)?;
        Ok(MiniLmEncoder {
            model,
            name,
            tokenizer,
            pool,
        })
    }

    fn encode_all(&self, sentences: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        Ok(self
            .run(sentences, States::None)?
            .into_iter()
            .map(|e| e.vector)
            .collect())
    }

    /// Tokenises, runs the packed batches in parallel, and adds the token states `states`
    /// asks for.
    fn run(&self, sentences: &[&str], states: States) -> Result<Vec<Encoded>, EmbedError> {
        // The fast path tracks no offsets or word ids; words need them.
        let encodings = if matches!(states, States::None) {
            self.tokenizer.encode_batch_fast(sentences.to_vec(), true)
        } else {
            self.tokenizer.encode_batch(sentences.to_vec(), true)
        }
        .map_err(|err| EmbedError::Model(format!("tokenize: {err}")))?;
        let last = [self.model.num_layers()];
        let layers: &[usize] = match states {
            States::None => &[],
            States::Words => &last,
            States::Pieces(layers) => layers,
        };
        let ids: Vec<&[u32]> = encodings.iter().map(|e| e.get_ids()).collect();
        let mut order: Vec<usize> = (0..ids.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(ids[i].len()));
        let runs = batches(&order, |i| ids[i].len());
        let outputs: Vec<Vec<Pooled>> = runs
            .par_iter()
            .map(|batch| {
                let rows: Vec<&[u32]> = batch.iter().map(|&i| ids[i]).collect();
                self.model.embed_tokens(&rows, layers)
            })
            .collect::<Result<_, _>>()?;
        let mut out = vec![Encoded::default(); sentences.len()];
        for (batch, outputs) in runs.iter().zip(outputs) {
            for (&i, (vector, token_states)) in batch.iter().zip(outputs) {
                let words = match states {
                    States::None => Vec::new(),
                    States::Words => word_vectors(&encodings[i], &token_states),
                    States::Pieces(layers) => {
                        piece_vectors(&encodings[i], &token_states, MINILM_DIM * layers.len())
                    }
                };
                out[i] = Encoded { vector, words };
            }
        }
        Ok(out)
    }
}

/// Which token states a pass keeps.
#[derive(Clone, Copy)]
enum States<'a> {
    None,
    /// The last layer's, averaged per word and normalised.
    Words,
    /// These hidden states, concatenated, per word piece.
    Pieces(&'a [usize]),
}

/// One entry per word piece (special tokens have no word and are skipped): its byte offsets
/// and its `width` state values.
fn piece_vectors(encoding: &tokenizers::Encoding, states: &[f32], width: usize) -> Vec<WordVector> {
    encoding
        .get_word_ids()
        .iter()
        .zip(encoding.get_offsets())
        .enumerate()
        .filter(|(_, (word, _))| word.is_some())
        .filter_map(|(t, (_, &(start, end)))| {
            let row = states.get(t * width..(t + 1) * width)?;
            Some(WordVector {
                start,
                end,
                vector: row.to_vec(),
            })
        })
        .collect()
}

/// Averages the token states of each word (the tokenizer's word ids; special tokens have
/// none) and normalises them.
fn word_vectors(encoding: &tokenizers::Encoding, states: &[f32]) -> Vec<WordVector> {
    let h = MINILM_DIM;
    let mut out: Vec<WordVector> = Vec::new();
    let mut last_word: Option<u32> = None;
    let mut pieces = 0usize;
    let finish = |word: &mut WordVector, pieces: usize| {
        let n = pieces.max(1) as f32;
        word.vector.iter_mut().for_each(|v| *v /= n);
        normalise(&mut word.vector);
    };
    for (t, (word, &(start, end))) in encoding
        .get_word_ids()
        .iter()
        .zip(encoding.get_offsets())
        .enumerate()
    {
        let Some(word) = *word else { continue };
        let Some(row) = states.get(t * h..(t + 1) * h) else {
            break;
        };
        if last_word == Some(word) {
            if let Some(current) = out.last_mut() {
                current
                    .vector
                    .iter_mut()
                    .zip(row)
                    .for_each(|(a, b)| *a += b);
                current.end = current.end.max(end);
                pieces += 1;
                continue;
            }
        }
        if let Some(previous) = out.last_mut() {
            finish(previous, pieces);
        }
        out.push(WordVector {
            start,
            end,
            vector: row.to_vec(),
        });
        last_word = Some(word);
        pieces = 1;
    }
    if let Some(previous) = out.last_mut() {
        finish(previous, pieces);
    }
    out
}

/// The checked MiniLM folder's `config.json` (its checksum verified first).
pub(crate) fn read_config(dir: &Path) -> Result<Config, EmbedError> {
    verify_model_dir(dir)?;
    let config_path = dir.join("config.json");
    let config_text =
        std::fs::read_to_string(&config_path).map_err(|err| EmbedError::io(&config_path, err))?;
    let config: Config = serde_json::from_str(&config_text)
        .map_err(|err| EmbedError::Model(format!("{}: {err}", config_path.display())))?;
    if config.hidden_size != MINILM_DIM {
        return Err(EmbedError::Model(format!(
            "{}: hidden_size {}, expected {MINILM_DIM}",
            config_path.display(),
            config.hidden_size
        )));
    }
    Ok(config)
}

/// The folder's tokenizer without padding (inputs are packed), cut at `max_length` tokens.
pub(crate) fn packing_tokenizer(dir: &Path, max_length: usize) -> Result<Tokenizer, EmbedError> {
    let mut tokenizer = Tokenizer::from_file(dir.join("tokenizer.json"))
        .map_err(|err| EmbedError::Model(format!("tokenizer.json: {err}")))?;
    tokenizer.with_padding(None);
    tokenizer
        .with_truncation(Some(TruncationParams {
            max_length,
            ..TruncationParams::default()
        }))
        .map_err(|err| EmbedError::Model(format!("tokenizer truncation: {err}")))?;
    Ok(tokenizer)
}

/// A pool of `threads` threads for one encoder, or none (rayon's global pool).
pub(crate) fn thread_pool(threads: Option<usize>) -> Result<Option<rayon::ThreadPool>, EmbedError> {
    threads
        .map(|n| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n.max(1))
                .build()
                .map_err(|err| EmbedError::Model(format!("thread pool: {err}")))
        })
        .transpose()
}

/// Runs `work` on `pool` when the encoder has a pool of its own, else on rayon's global one.
pub(crate) fn in_pool<T: Send>(
    pool: Option<&rayon::ThreadPool>,
    work: impl FnOnce() -> T + Send,
) -> T {
    match pool {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// Splits `order` (longest first) into runs of at most [`TOKEN_BUDGET`] tokens (at least one
/// sentence each).
fn batches(order: &[usize], len: impl Fn(usize) -> usize) -> Vec<&[usize]> {
    batches_of(order, len, TOKEN_BUDGET)
}

/// Splits `order` (longest first) into runs of at most `budget` tokens (at least one sentence
/// each).
pub(crate) fn batches_of(
    order: &[usize],
    len: impl Fn(usize) -> usize,
    budget: usize,
) -> Vec<&[usize]> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        let mut tokens = len(order[start]);
        while end < order.len() && tokens + len(order[end]) <= budget {
            tokens += len(order[end]);
            end += 1;
        }
        out.push(&order[start..end]);
        start = end;
    }
    out
}

impl SentenceEncoder for MiniLmEncoder {
    fn name(&self) -> &str {
        &self.name
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
        Ok(in_pool(self.pool.as_ref(), || self.encode_all(sentences))?)
    }

    fn encode_words(&self, sentences: &[&str]) -> Result<Vec<Encoded>, Error> {
        if sentences.is_empty() {
            return Ok(Vec::new());
        }
        let result = match &self.pool {
            Some(pool) => pool.install(|| self.run(sentences, States::Words)),
            None => self.run(sentences, States::Words),
        };
        Ok(result?)
    }

    fn encode_pieces(
        &self,
        sentences: &[&str],
        layers: &[usize],
    ) -> Result<Option<Vec<Encoded>>, Error> {
        if sentences.is_empty() {
            return Ok(Some(Vec::new()));
        }
        let states = States::Pieces(layers);
        let result = match &self.pool {
            Some(pool) => pool.install(|| self.run(sentences, states)),
            None => self.run(sentences, states),
        };
        Ok(Some(result?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_respect_the_token_budget() {
        let lens = [1000, 900, 100, 600, 400, 20, 20];
        let order: Vec<usize> = (0..lens.len()).collect();
        let got: Vec<Vec<usize>> = batches(&order, |i| lens[i])
            .iter()
            .map(|b| b.to_vec())
            .collect();
        assert_eq!(got, vec![vec![0], vec![1, 2], vec![3, 4, 5], vec![6]]);
        let many: Vec<usize> = (0..300).collect();
        let sizes: Vec<usize> = batches(&many, |_| 10).iter().map(|b| b.len()).collect();
        assert_eq!(sizes, [102, 102, 96]);
        assert_eq!(batches(&[0], |_| 5000).len(), 1);
        assert!(batches(&[], |_| 1).is_empty());
    }
}
