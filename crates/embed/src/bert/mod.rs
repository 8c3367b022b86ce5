//! all-MiniLM-L6-v2's BERT encoder written out on plain f32 buffers.
//!
//! Sentences are packed, not padded: the linear layers (almost all of the work) run over the
//! real tokens of a whole batch at once, and attention runs per sentence. The output is the
//! mean of the last layer's token vectors, L2-normalised, as sentence-transformers computes it.
//! [`Precision::Fast`] runs two of the four linear layers of each block in 8 bits.

mod ops;
mod qlinear;
mod sgemm;
mod weights;

use std::path::Path;

use serde::Deserialize;

use self::ops::{attention, gelu, LayerNorm, Linear};
use self::weights::Tensors;
use crate::lexical::normalise;
use crate::{EmbedError, Precision};

/// The part of a BERT `config.json` the encoder needs.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Config {
    pub(crate) vocab_size: usize,
    pub(crate) hidden_size: usize,
    pub(crate) num_hidden_layers: usize,
    pub(crate) num_attention_heads: usize,
    pub(crate) intermediate_size: usize,
    pub(crate) max_position_embeddings: usize,
    pub(crate) type_vocab_size: usize,
    #[serde(default = "default_eps")]
    pub(crate) layer_norm_eps: f64,
    #[serde(default = "default_act")]
    pub(crate) hidden_act: String,
}

fn default_eps() -> f64 {
    1e-12
}

fn default_act() -> String {
    "gelu".to_string()
}

/// Activation buffers, kept per thread between batches so each batch does not fault in
/// fresh pages (several MiB per batch).
#[derive(Default)]
struct Buffers {
    x: Vec<f32>,
    qkv: Vec<f32>,
    ctx: Vec<f32>,
    inner: Vec<f32>,
    scratch: Vec<f32>,
}

thread_local! {
    static BUFFERS: std::cell::RefCell<Buffers> = std::cell::RefCell::default();
}

struct Layer {
    qkv: Linear,
    attn_out: Linear,
    attn_norm: LayerNorm,
    ffn_in: Linear,
    ffn_out: Linear,
    ffn_norm: LayerNorm,
}

/// The loaded model. Immutable, so one instance serves many threads.
pub(crate) struct Bert {
    config: Config,
    word: Vec<f32>,
    position: Vec<f32>,
    token_type: Vec<f32>,
    embed_norm: LayerNorm,
    layers: Vec<Layer>,
}

impl Bert {
    pub(crate) fn load(
        weights: &Path,
        config: Config,
        precision: Precision,
    ) -> Result<Self, EmbedError> {
        if config.hidden_act != "gelu" {
            return Err(EmbedError::Model(format!(
                "hidden_act {:?} is not supported (only \"gelu\")",
                config.hidden_act
            )));
        }
        if config.num_attention_heads == 0
            || !config
                .hidden_size
                .is_multiple_of(config.num_attention_heads)
        {
            return Err(EmbedError::Model(format!(
                "hidden_size {} is not a multiple of {} heads",
                config.hidden_size, config.num_attention_heads
            )));
        }
        let t = Tensors::read(weights)?;
        let h = config.hidden_size;
        let ffn = config.intermediate_size;
        let norm = |prefix: &str| -> Result<LayerNorm, EmbedError> {
            Ok(LayerNorm {
                gamma: t.f32(&format!("{prefix}.weight"), &[h])?,
                beta: t.f32(&format!("{prefix}.bias"), &[h])?,
                eps: config.layer_norm_eps as f32,
            })
        };
        // Fast: the two layers whose outputs are added back to the residual stream
        // (attention output, feed-forward output) in 8 bits; query/key/value and the
        // feed-forward input, whose errors the softmax and GELU amplify, stay f32.
        let linear = |prefix: &str, out: usize, inp: usize, residual: bool| {
            let w = t.f32(&format!("{prefix}.weight"), &[out, inp])?;
            let b = t.f32(&format!("{prefix}.bias"), &[out])?;
            if residual && precision == Precision::Fast {
                Linear::quantised(&w, b, out, inp)
                    .map_err(|err| EmbedError::Model(format!("{prefix}: {err}")))
            } else {
                Ok(Linear::new(&w, b, out, inp))
            }
        };
        let mut layers = Vec::with_capacity(config.num_hidden_layers);
        for i in 0..config.num_hidden_layers {
            let p = format!("encoder.layer.{i}");
            // Query, key and value as one `hidden → 3·hidden` product.
            let mut w = Vec::with_capacity(3 * h * h);
            let mut b = Vec::with_capacity(3 * h);
            for part in ["query", "key", "value"] {
                w.extend(t.f32(&format!("{p}.attention.self.{part}.weight"), &[h, h])?);
                b.extend(t.f32(&format!("{p}.attention.self.{part}.bias"), &[h])?);
            }
            layers.push(Layer {
                qkv: Linear::new(&w, b, 3 * h, h),
                attn_out: linear(&format!("{p}.attention.output.dense"), h, h, true)?,
                attn_norm: norm(&format!("{p}.attention.output.LayerNorm"))?,
                ffn_in: linear(&format!("{p}.intermediate.dense"), ffn, h, false)?,
                ffn_out: linear(&format!("{p}.output.dense"), h, ffn, true)?,
                ffn_norm: norm(&format!("{p}.output.LayerNorm"))?,
            });
        }
        Ok(Bert {
            word: t.f32("embeddings.word_embeddings.weight", &[config.vocab_size, h])?,
            position: t.f32(
                "embeddings.position_embeddings.weight",
                &[config.max_position_embeddings, h],
            )?,
            token_type: t.f32(
                "embeddings.token_type_embeddings.weight",
                &[config.type_vocab_size, h],
            )?,
            embed_norm: norm("embeddings.LayerNorm")?,
            layers,
            config,
        })
    }

    /// Longest input in tokens.
    pub(crate) fn max_tokens(&self) -> usize {
        self.config.max_position_embeddings
    }

    /// Sentence vectors for token-id sequences (each already holding [CLS] … [SEP], at most
    /// [`Bert::max_tokens`] long), computed together in one packed pass.
    pub(crate) fn embed(&self, rows: &[&[u32]]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let mut seqs = Vec::with_capacity(rows.len());
        let mut total = 0;
        for ids in rows {
            if ids.len() > self.max_tokens() {
                return Err(EmbedError::Model(format!(
                    "{} tokens, more than the model's {}",
                    ids.len(),
                    self.max_tokens()
                )));
            }
            seqs.push((total, ids.len()));
            total += ids.len();
        }
        BUFFERS.with(|buffers| {
            let mut buffers = buffers.borrow_mut();
            self.run(rows, &seqs, total, &mut buffers)
        })
    }

    fn run(
        &self,
        rows: &[&[u32]],
        seqs: &[(usize, usize)],
        total: usize,
        b: &mut Buffers,
    ) -> Result<Vec<Vec<f32>>, EmbedError> {
        let h = self.config.hidden_size;
        let Buffers {
            x,
            qkv,
            ctx,
            inner,
            scratch,
        } = b;
        // Every value of x is written below; the others are overwritten before being read.
        x.resize(total * h, 0.0);
        qkv.resize(total * 3 * h, 0.0);
        ctx.resize(total * h, 0.0);
        inner.resize(total * self.config.intermediate_size, 0.0);
        for (ids, &(first, _)) in rows.iter().zip(seqs) {
            for (pos, &id) in ids.iter().enumerate() {
                let id = id as usize;
                if id >= self.config.vocab_size {
                    return Err(EmbedError::Model(format!("token id {id} out of range")));
                }
                let out = &mut x[(first + pos) * h..(first + pos + 1) * h];
                let word = &self.word[id * h..(id + 1) * h];
                let place = &self.position[pos * h..(pos + 1) * h];
                for (((o, w), p), t) in out.iter_mut().zip(word).zip(place).zip(&self.token_type) {
                    *o = w + p + t;
                }
            }
        }
        self.embed_norm.apply(x);

        for layer in &self.layers {
            layer.qkv.forward(x, total, qkv, false, scratch);
            attention(qkv, ctx, seqs, h, self.config.num_attention_heads);
            // Residual: x += ctx · Wᵀ + b, then normalise.
            layer.attn_out.forward(ctx, total, x, true, scratch);
            layer.attn_norm.apply(x);
            layer.ffn_in.forward(x, total, inner, false, scratch);
            gelu(inner);
            layer.ffn_out.forward(inner, total, x, true, scratch);
            layer.ffn_norm.apply(x);
        }

        Ok(seqs
            .iter()
            .map(|&(first, len)| {
                let mut v = vec![0.0f32; h];
                for row in x[first * h..(first + len) * h].chunks_exact(h) {
                    v.iter_mut().zip(row).for_each(|(a, b)| *a += b);
                }
                let n = len.max(1) as f32;
                v.iter_mut().for_each(|a| *a /= n);
                normalise(&mut v);
                v
            })
            .collect())
    }
}
