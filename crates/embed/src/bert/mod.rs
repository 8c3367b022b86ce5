//! all-MiniLM-L6-v2's BERT encoder written out on plain f32 buffers.
//!
//! Sentences are packed, not padded: the linear layers (almost all of the work) run over the
//! real tokens of a whole batch at once, and attention runs per sentence. The output is the
//! mean of the last layer's token vectors, L2-normalised, as sentence-transformers computes it.
//! [`Precision::Fast`] runs the linear layers in bf16 and 8 bits where the CPU has AVX-512
//! BF16 and VNNI, else two of the four in 8 bits ([`Scheme`]).

mod bf16;
mod ops;
mod qlinear;
mod sgemm;
pub(crate) mod weights;

use std::path::Path;
use std::sync::OnceLock;

use serde::Deserialize;

use self::ops::{attention, gelu, LayerNorm, Linear};
use self::qlinear::Levels;
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

/// A sentence's vector and its token states (`len × (hidden · layers asked)`: per token, the
/// asked layers' states one after another; empty when none were asked).
pub(crate) type Pooled = (Vec<f32>, Vec<f32>);

/// The word-embedding table: plain f32 rows, or rows in 4-bit blocks (Q4_0: per 32 values an
/// f16 scale and 16 bytes of nibbles) decoded when a token is looked up, so a 250,000-row
/// multilingual table stays 18 bytes per 32 values in memory.
pub(crate) enum Words {
    F32(Vec<f32>),
    Q4(Vec<u8>),
}

/// Bytes of one Q4_0 block of 32 values.
pub(crate) const Q4_BLOCK_BYTES: usize = 18;

impl Words {
    /// Writes row `id` (`out.len()` values) into `out`; `false` when the table has no such row.
    fn row(&self, id: usize, out: &mut [f32]) -> bool {
        let h = out.len();
        match self {
            Words::F32(table) => match table.get(id * h..(id + 1) * h) {
                Some(row) => {
                    out.copy_from_slice(row);
                    true
                }
                None => false,
            },
            Words::Q4(blocks) => {
                let per_row = h / 32 * Q4_BLOCK_BYTES;
                match blocks.get(id * per_row..(id + 1) * per_row) {
                    Some(row) => {
                        dequantise_q4(row, out);
                        true
                    }
                    None => false,
                }
            }
        }
    }
}

/// Decodes Q4_0 blocks (an f16 scale, then 16 bytes: byte j holds value j in its low nibble
/// and value j + 16 in its high one, each stored + 8) into `out`.
pub(crate) fn dequantise_q4(blocks: &[u8], out: &mut [f32]) {
    for (block, values) in blocks
        .chunks_exact(Q4_BLOCK_BYTES)
        .zip(out.chunks_exact_mut(32))
    {
        let scale = f16_to_f32(u16::from_le_bytes([block[0], block[1]]));
        for (j, &byte) in block[2..].iter().enumerate() {
            values[j] = (f32::from(byte & 0x0f) - 8.0) * scale;
            values[j + 16] = (f32::from(byte >> 4) - 8.0) * scale;
        }
    }
}

/// An IEEE half-precision value as f32.
pub(crate) fn f16_to_f32(h: u16) -> f32 {
    let sign = u32::from(h & 0x8000) << 16;
    let exp = u32::from((h >> 10) & 0x1f);
    let man = u32::from(h & 0x3ff);
    let bits = match (exp, man) {
        (0, 0) => sign,
        (0, _) => {
            // subnormal: value = man · 2^-24
            let value = man as f32 * f32::powi(2.0, -24);
            return if sign != 0 { -value } else { value };
        }
        (31, _) => sign | 0x7f80_0000 | (man << 13),
        _ => sign | ((exp + 127 - 15) << 23) | (man << 13),
    };
    f32::from_bits(bits)
}

/// A block's weights as read from a model file (row-major `[out, in]` matrices).
pub(crate) struct LayerWeights {
    /// Query, key and value rows one after another (`3·hidden × hidden`), and their biases.
    pub(crate) qkv: (Vec<f32>, Vec<f32>),
    pub(crate) attn_out: (Vec<f32>, Vec<f32>),
    /// Gamma and beta.
    pub(crate) attn_norm: (Vec<f32>, Vec<f32>),
    pub(crate) ffn_in: (Vec<f32>, Vec<f32>),
    pub(crate) ffn_out: (Vec<f32>, Vec<f32>),
    pub(crate) ffn_norm: (Vec<f32>, Vec<f32>),
}

/// Everything a [`Bert`] is built from.
pub(crate) struct Parts {
    pub(crate) config: Config,
    pub(crate) word: Words,
    pub(crate) position: Vec<f32>,
    pub(crate) token_type: Vec<f32>,
    pub(crate) embed_norm: (Vec<f32>, Vec<f32>),
    pub(crate) layers: Vec<LayerWeights>,
}

/// The loaded model. Immutable, so one instance serves many threads.
pub(crate) struct Bert {
    config: Config,
    word: Words,
    position: Vec<f32>,
    token_type: Vec<f32>,
    embed_norm: LayerNorm,
    layers: Vec<Layer>,
    scheme: Scheme,
}

/// Which linear layers of a block a [`Scheme`] treats alike.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Query/key/value and the feed-forward input: their errors pass through the softmax and
    /// GELU, so they need the finer arithmetic.
    Input,
    /// Attention output and feed-forward output, added back to the residual stream.
    Residual,
}

/// Whether the kernels may use AVX-512: not when `CORROBORATE_SIMD=avx2`, which gives the
/// vectors (and the speed) of an AVX2-only machine. Read once per process.
pub(crate) fn avx512_allowed() -> bool {
    static ALLOWED: OnceLock<bool> = OnceLock::new();
    *ALLOWED.get_or_init(|| std::env::var("CORROBORATE_SIMD").map_or(true, |v| v != "avx2"))
}

/// The arithmetic of each kind of linear layer: what [`Precision`] means on this CPU.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scheme {
    /// f32 throughout.
    Exact,
    /// Input layers f32, residual layers on the 7-bit grid (the AVX2 kernel).
    Int8,
    /// Input layers in bf16, residual layers on the 8-bit grid (AVX-512 BF16 and VNNI).
    Bf16Int8,
}

impl Scheme {
    /// The scheme `precision` selects on this CPU.
    pub(crate) fn for_cpu(precision: Precision) -> Self {
        match precision {
            Precision::Exact => Scheme::Exact,
            Precision::Fast if bf16::available() && Levels::for_cpu() == Levels::Eight => {
                Scheme::Bf16Int8
            }
            Precision::Fast => Scheme::Int8,
        }
    }

    /// The encoder-name suffix that keeps vectors of different arithmetic apart (in reports and
    /// the vector cache).
    pub(crate) fn suffix(self) -> &'static str {
        match self {
            Scheme::Exact => "",
            Scheme::Int8 => "-int8",
            Scheme::Bf16Int8 => "-bf16-int8",
        }
    }

    fn layer(
        self,
        kind: Kind,
        weight: &[f32],
        bias: Vec<f32>,
        out: usize,
        inp: usize,
    ) -> Result<Linear, String> {
        match (self, kind) {
            (Scheme::Exact, _) | (Scheme::Int8, Kind::Input) => {
                Ok(Linear::new(weight, bias, out, inp))
            }
            (Scheme::Bf16Int8, Kind::Input) => Ok(Linear::bf16(weight, bias, out, inp)),
            (Scheme::Int8, Kind::Residual) => {
                Linear::quantised(weight, bias, out, inp, Levels::Seven)
            }
            (Scheme::Bf16Int8, Kind::Residual) => {
                Linear::quantised(weight, bias, out, inp, Levels::Eight)
            }
        }
    }
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
        Bert::from_parts(Parts::read(weights, config)?, precision)
    }

    /// A model from its weights, its linear layers in the arithmetic `precision` selects on
    /// this CPU.
    pub(crate) fn from_parts(parts: Parts, precision: Precision) -> Result<Self, EmbedError> {
        Bert::build(parts, precision)
    }
}

impl Parts {
    /// The weights of a BERT `.safetensors` file.
    pub(crate) fn read(weights: &Path, config: Config) -> Result<Parts, EmbedError> {
        let t = Tensors::read(weights)?;
        let h = config.hidden_size;
        let ffn = config.intermediate_size;
        let norm = |prefix: &str| -> Result<(Vec<f32>, Vec<f32>), EmbedError> {
            Ok((
                t.f32(&format!("{prefix}.weight"), &[h])?,
                t.f32(&format!("{prefix}.bias"), &[h])?,
            ))
        };
        let linear =
            |prefix: &str, out: usize, inp: usize| -> Result<(Vec<f32>, Vec<f32>), EmbedError> {
                Ok((
                    t.f32(&format!("{prefix}.weight"), &[out, inp])?,
                    t.f32(&format!("{prefix}.bias"), &[out])?,
                ))
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
            layers.push(LayerWeights {
                qkv: (w, b),
                attn_out: linear(&format!("{p}.attention.output.dense"), h, h)?,
                attn_norm: norm(&format!("{p}.attention.output.LayerNorm"))?,
                ffn_in: linear(&format!("{p}.intermediate.dense"), ffn, h)?,
                ffn_out: linear(&format!("{p}.output.dense"), h, ffn)?,
                ffn_norm: norm(&format!("{p}.output.LayerNorm"))?,
            });
        }
        let parts = Parts {
            word: Words::F32(t.f32("embeddings.word_embeddings.weight", &[config.vocab_size, h])?),
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
        };
        Ok(parts)
    }

    /// Applies a fine-tuning adapter: low-rank updates `W += B·A` of the linear layers named
    /// `encoder.layer.{i}.{query,key,value,attn_out,ffn_in,ffn_out}.lora_{a,b}` (B already
    /// scaled), and replacement layer norms and token-type table where the adapter holds them.
    pub(crate) fn adapt(&mut self, t: &Tensors) -> Result<(), EmbedError> {
        let h = self.config.hidden_size;
        let ffn = self.config.intermediate_size;
        let replace = |target: &mut Vec<f32>, name: &str, shape: &[usize]| {
            if t.has(name) {
                *target = t.f32(name, shape)?;
            }
            Ok::<(), EmbedError>(())
        };
        replace(
            &mut self.token_type,
            "embeddings.token_type_embeddings.weight",
            &[self.config.type_vocab_size, h],
        )?;
        replace(&mut self.embed_norm.0, "embeddings.LayerNorm.weight", &[h])?;
        replace(&mut self.embed_norm.1, "embeddings.LayerNorm.bias", &[h])?;
        for (i, layer) in self.layers.iter_mut().enumerate() {
            let p = format!("encoder.layer.{i}");
            let norm = format!("{p}.attention.output.LayerNorm");
            replace(&mut layer.attn_norm.0, &format!("{norm}.weight"), &[h])?;
            replace(&mut layer.attn_norm.1, &format!("{norm}.bias"), &[h])?;
            let norm = format!("{p}.output.LayerNorm");
            replace(&mut layer.ffn_norm.0, &format!("{norm}.weight"), &[h])?;
            replace(&mut layer.ffn_norm.1, &format!("{norm}.bias"), &[h])?;
            // query, key and value are three row blocks of one matrix
            let (q, rest) = layer.qkv.0.split_at_mut(h * h);
            let (k, v) = rest.split_at_mut(h * h);
            for (name, w, out, inp) in [
                ("query", q, h, h),
                ("key", k, h, h),
                ("value", v, h, h),
                ("attn_out", layer.attn_out.0.as_mut_slice(), h, h),
                ("ffn_in", layer.ffn_in.0.as_mut_slice(), ffn, h),
                ("ffn_out", layer.ffn_out.0.as_mut_slice(), h, ffn),
            ] {
                low_rank(t, &format!("{p}.{name}"), w, out, inp)?;
            }
        }
        Ok(())
    }
}

/// Adds `B·A` to the `out × inp` row-major matrix `w` when the adapter holds `{name}.lora_a`
/// (`rank × inp`) and `{name}.lora_b` (`out × rank`).
fn low_rank(
    t: &Tensors,
    name: &str,
    w: &mut [f32],
    out: usize,
    inp: usize,
) -> Result<(), EmbedError> {
    let (a_name, b_name) = (format!("{name}.lora_a"), format!("{name}.lora_b"));
    if !t.has(&a_name) {
        return Ok(());
    }
    let rank = t.rank_of(&a_name)?;
    let a = t.f32(&a_name, &[rank, inp])?;
    let b = t.f32(&b_name, &[out, rank])?;
    for (row, b_row) in w.chunks_exact_mut(inp).zip(b.chunks_exact(rank)) {
        for (&coef, a_row) in b_row.iter().zip(a.chunks_exact(inp)) {
            row.iter_mut().zip(a_row).for_each(|(x, &y)| *x += coef * y);
        }
    }
    Ok(())
}

impl Bert {
    fn build(parts: Parts, precision: Precision) -> Result<Self, EmbedError> {
        let config = parts.config;
        let h = config.hidden_size;
        let ffn = config.intermediate_size;
        let eps = config.layer_norm_eps as f32;
        let norm = |(gamma, beta): (Vec<f32>, Vec<f32>)| LayerNorm { gamma, beta, eps };
        let scheme = Scheme::for_cpu(precision);
        let mut layers = Vec::with_capacity(parts.layers.len());
        for (i, layer) in parts.layers.into_iter().enumerate() {
            let linear =
                |(w, b): (Vec<f32>, Vec<f32>), out: usize, inp: usize, kind: Kind, what: &str| {
                    scheme
                        .layer(kind, &w, b, out, inp)
                        .map_err(|err| EmbedError::Model(format!("layer {i} {what}: {err}")))
                };
            layers.push(Layer {
                qkv: linear(layer.qkv, 3 * h, h, Kind::Input, "query/key/value")?,
                attn_out: linear(layer.attn_out, h, h, Kind::Residual, "attention output")?,
                attn_norm: norm(layer.attn_norm),
                ffn_in: linear(layer.ffn_in, ffn, h, Kind::Input, "feed-forward input")?,
                ffn_out: linear(layer.ffn_out, h, ffn, Kind::Residual, "feed-forward output")?,
                ffn_norm: norm(layer.ffn_norm),
            });
        }
        if parts.position.len() != config.max_position_embeddings * h || parts.token_type.len() < h
        {
            return Err(EmbedError::Model(
                "position or token-type table of the wrong size".into(),
            ));
        }
        Ok(Bert {
            word: parts.word,
            position: parts.position,
            token_type: parts.token_type,
            embed_norm: norm(parts.embed_norm),
            layers,
            scheme,
            config,
        })
    }

    /// The arithmetic the layers use.
    pub(crate) fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// Longest input in tokens.
    pub(crate) fn max_tokens(&self) -> usize {
        self.config.max_position_embeddings
    }

    /// Number of transformer layers; hidden state `n` is the last layer's output.
    pub(crate) fn num_layers(&self) -> usize {
        self.config.num_hidden_layers
    }

    /// Sentence vectors for token-id sequences (each already holding [CLS] … [SEP], at most
    /// [`Bert::max_tokens`] long), computed together in one packed pass, each with the token
    /// states of the hidden states `layers` names (0: the embeddings, `n`: the last layer's
    /// output; a row per token, the layers one after another) from the same pass.
    pub(crate) fn embed_tokens(
        &self,
        rows: &[&[u32]],
        layers: &[usize],
    ) -> Result<Vec<Pooled>, EmbedError> {
        self.embed_rows(rows, None, layers)
    }

    /// Pooled vectors of sentence pairs: each row holds [CLS] a [SEP] b [SEP], and its tokens
    /// from `seconds[i]` on (b's) take the second token type.
    pub(crate) fn embed_pairs(
        &self,
        rows: &[&[u32]],
        seconds: &[usize],
    ) -> Result<Vec<Vec<f32>>, EmbedError> {
        if seconds.len() != rows.len() || self.token_type.len() < 2 * self.config.hidden_size {
            return Err(EmbedError::Model(
                "pairs need a second token type for every row".into(),
            ));
        }
        Ok(self
            .embed_rows(rows, Some(seconds), &[])?
            .into_iter()
            .map(|(v, _)| v)
            .collect())
    }

    fn embed_rows(
        &self,
        rows: &[&[u32]],
        seconds: Option<&[usize]>,
        layers: &[usize],
    ) -> Result<Vec<Pooled>, EmbedError> {
        if let Some(&bad) = layers.iter().find(|&&l| l > self.num_layers()) {
            return Err(EmbedError::Model(format!(
                "hidden state {bad} asked of a {}-layer model",
                self.num_layers()
            )));
        }
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
            self.run(rows, seconds, &seqs, total, layers, &mut buffers)
        })
    }

    fn run(
        &self,
        rows: &[&[u32]],
        seconds: Option<&[usize]>,
        seqs: &[(usize, usize)],
        total: usize,
        layers: &[usize],
        b: &mut Buffers,
    ) -> Result<Vec<Pooled>, EmbedError> {
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
        for (row, (ids, &(first, _))) in rows.iter().zip(seqs).enumerate() {
            let second = seconds.map_or(usize::MAX, |s| s[row]);
            for (pos, &id) in ids.iter().enumerate() {
                let id = id as usize;
                if id >= self.config.vocab_size {
                    return Err(EmbedError::Model(format!("token id {id} out of range")));
                }
                let out = &mut x[(first + pos) * h..(first + pos + 1) * h];
                if !self.word.row(id, out) {
                    return Err(EmbedError::Model(format!("token id {id} out of range")));
                }
                let place = &self.position[pos * h..(pos + 1) * h];
                let kind = if pos >= second { h } else { 0 };
                let token_type = &self.token_type[kind..kind + h];
                for ((o, p), t) in out.iter_mut().zip(place).zip(token_type) {
                    // (word + position) + type, in this order: the vectors stay bit-identical
                    // to those computed (and cached) before the word table could be 4-bit
                    *o = *o + p + t;
                }
            }
        }
        self.embed_norm.apply(x);
        let k = layers.len();
        let mut kept = vec![0.0f32; if k == 0 { 0 } else { total * h * k }];
        let mut keep = |x: &[f32], state: usize| {
            for (slot, _) in layers.iter().enumerate().filter(|(_, &l)| l == state) {
                for (t, row) in x.chunks_exact(h).enumerate() {
                    let at = (t * k + slot) * h;
                    kept[at..at + h].copy_from_slice(row);
                }
            }
        };
        keep(x, 0);

        for (i, layer) in self.layers.iter().enumerate() {
            layer.qkv.forward(x, total, qkv, false, scratch);
            attention(qkv, ctx, seqs, h, self.config.num_attention_heads);
            // Residual: x += ctx · Wᵀ + b, then normalise.
            layer.attn_out.forward(ctx, total, x, true, scratch);
            layer.attn_norm.apply(x);
            layer.ffn_in.forward(x, total, inner, false, scratch);
            gelu(inner);
            layer.ffn_out.forward(inner, total, x, true, scratch);
            layer.ffn_norm.apply(x);
            keep(x, i + 1);
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
                let states = kept[first * h * k..(first + len) * h * k].to_vec();
                (v, states)
            })
            .collect())
    }
}
