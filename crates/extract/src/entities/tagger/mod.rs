//! The trained named-entity tagger: a small network over the sentence encoder's per-token
//! states (several hidden layers of the same forward pass that gives the sentence vectors)
//! and cheap features of each token, decoded with BIO constraints (Viterbi over the allowed
//! transitions). Its weights come from `scripts/train-ner-head.sh` (CoNLL-2003 train,
//! selected on dev) and are built into the binary; the encoder supplies the states, so the
//! tagger runs only with the neural encoder.
//!
//! Weights file (little-endian): `NER1`, then u32s: the number of hidden states read, their
//! indices, the cheap-feature count, the window radius `r`, the hidden width `m` (0: a
//! linear head) and the label count (9); then f32s: `W1` (`m × (2r+1)·d`, row-major, with
//! `d` the per-token features and the standardisation folded in), `b1` (`m`), `W2`
//! (`labels × m`), `b2`. Labels: O, B-PER, I-PER, B-ORG, I-ORG, B-LOC, I-LOC, B-MISC, I-MISC.
//!
//! `NER2` (what `scripts/compress_ner_head.py` writes and the binary carries) is the same
//! head with its first layer factored: after the header one more u32, the rank `k`, then
//! `U` (`d × k`) and `V` (`k × (2r+1)·m`, window slots side by side), both row-major, in place
//! of `W1`; then `b1`, `W2`, `b2`. A token's features times `U V` give its contribution to
//! each slot of its neighbours' windows, at `k·(d + (2r+1)·m)` multiply-adds instead of
//! `d·(2r+1)·m`.

mod features;

use std::sync::OnceLock;

use corroborate_core::{EntityKind, Span, WordVector};

use crate::tokens::tokenize;

pub use features::{token_features, CHEAP_FEATURES};

/// The MiniLM hidden size the built-in head was trained on.
const STATE_DIM: usize = 384;
const LABELS: usize = 9;

/// The weights `scripts/train-ner-head.sh` writes.
static BUILTIN: &[u8] = include_bytes!("../../../data/ner-head.bin");

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TaggerError {
    #[error("entity tagger weights: {0}")]
    Weights(String),
}

/// A typed entity over tokens `first..=last`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaggedSpan {
    pub first: usize,
    pub last: usize,
    pub kind: EntityKind,
}

/// The tagger head.
#[derive(Clone, Debug)]
pub struct EntityTagger {
    layers: Vec<usize>,
    cheap: usize,
    radius: usize,
    hidden: usize,
    first: FirstLayer,
    b1: Vec<f32>,
    w2: Vec<f32>,
    b2: Vec<f32>,
}

/// The first layer as a map from one token's `d` features to its `window · first_out`
/// contributions (window slots side by side), row-major.
#[derive(Clone, Debug)]
enum FirstLayer {
    /// One `d × (window · first_out)` matrix.
    Full(Vec<f32>),
    /// `U` (`d × rank`) times `V` (`rank × (window · first_out)`).
    Factored {
        rank: usize,
        u: Vec<f32>,
        v: Vec<f32>,
    },
}

impl EntityTagger {
    /// The head built into this binary (`None` only if its bytes were damaged).
    pub fn builtin() -> Option<&'static EntityTagger> {
        static TAGGER: OnceLock<Option<EntityTagger>> = OnceLock::new();
        TAGGER
            .get_or_init(|| EntityTagger::from_bytes(BUILTIN).ok())
            .as_ref()
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<EntityTagger, TaggerError> {
        let bad = |what: &str| TaggerError::Weights(what.to_string());
        let factored = match bytes.get(..4) {
            Some(b"NER1") => false,
            Some(b"NER2") => true,
            _ => return Err(bad("not a NER1 or NER2 file")),
        };
        let mut at = 4;
        let u32_at = |at: &mut usize| -> Result<usize, TaggerError> {
            let raw = bytes
                .get(*at..*at + 4)
                .ok_or_else(|| bad("truncated header"))?;
            *at += 4;
            Ok(u32::from_le_bytes([raw[0], raw[1], raw[2], raw[3]]) as usize)
        };
        let count = u32_at(&mut at)?;
        if count == 0 || count > 16 {
            return Err(bad("layer count"));
        }
        let layers = (0..count)
            .map(|_| u32_at(&mut at))
            .collect::<Result<Vec<_>, _>>()?;
        let cheap = u32_at(&mut at)?;
        let radius = u32_at(&mut at)?;
        let hidden = u32_at(&mut at)?;
        let labels = u32_at(&mut at)?;
        if cheap != CHEAP_FEATURES || labels != LABELS || radius > 8 {
            return Err(bad(
                "cheap features, labels or window do not match this build",
            ));
        }
        let rank = if factored { u32_at(&mut at)? } else { 0 };
        let d = count * STATE_DIM + cheap;
        let window = 2 * radius + 1;
        let first_out = if hidden == 0 { LABELS } else { hidden };
        let wide = window * first_out;
        if factored && (rank == 0 || rank > d.max(wide)) {
            return Err(bad("rank"));
        }
        let first_sizes = if factored {
            [d * rank, rank * wide]
        } else {
            [first_out * window * d, 0]
        };
        let sizes = [
            first_sizes[0],
            first_sizes[1],
            first_out,
            if hidden == 0 { 0 } else { LABELS * hidden },
            if hidden == 0 { 0 } else { LABELS },
        ];
        let floats = bytes.get(at..).ok_or_else(|| bad("truncated"))?;
        if floats.len() != sizes.iter().sum::<usize>() * 4 {
            return Err(bad("weights do not match the header"));
        }
        let mut values = floats
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]));
        let mut take = |n: usize| values.by_ref().take(n).collect::<Vec<f32>>();
        let first = if factored {
            let u = take(sizes[0]);
            let v = take(sizes[1]);
            FirstLayer::Factored { rank, u, v }
        } else {
            // W1 rows are units, each a window of slot blocks: transpose to d × wide
            let w1 = take(sizes[0]);
            let mut full = vec![0.0f32; w1.len()];
            for (r, row) in w1.chunks_exact(window * d).enumerate() {
                for (slot, block) in row.chunks_exact(d).enumerate() {
                    for (k, &v) in block.iter().enumerate() {
                        full[k * wide + slot * first_out + r] = v;
                    }
                }
            }
            FirstLayer::Full(full)
        };
        Ok(EntityTagger {
            layers,
            cheap,
            radius,
            hidden,
            first,
            b1: take(sizes[2]),
            w2: take(sizes[3]),
            b2: take(sizes[4]),
        })
    }

    /// The hidden states the tagger reads (0: embeddings, 6: MiniLM's last layer).
    pub fn layers(&self) -> &[usize] {
        &self.layers
    }

    /// State values per piece the encoder must give ([`EntityTagger::layers`] × 384).
    pub fn state_width(&self) -> usize {
        self.layers.len() * STATE_DIM
    }

    /// The entities of one sentence: `tokens` are byte ranges of `text`, `pieces` the
    /// encoder's word pieces of the same text with [`EntityTagger::state_width`] values each.
    pub fn tag(
        &self,
        text: &str,
        tokens: &[(usize, usize)],
        pieces: &[WordVector],
    ) -> Vec<TaggedSpan> {
        if tokens.is_empty() {
            return Vec::new();
        }
        let features = token_features(text, tokens, pieces, self.state_width());
        let scores = self.scores(&features, tokens.len());
        spans_of(&viterbi(&scores))
    }

    /// The entities of a sentence (or any text) as byte spans of `text`, on the project's
    /// own tokens (the ones the rule tagger and the entity layer use) with hyphenated
    /// compounds kept whole as CoNLL-2003 writes them ("Saudi-born"); `pieces` are the
    /// encoder's word pieces of `text`.
    pub fn tag_text(&self, text: &str, pieces: &[WordVector]) -> Vec<(Span, EntityKind)> {
        self.tag_texts(&[(text, pieces)]).pop().unwrap_or_default()
    }

    /// [`EntityTagger::tag_text`] for many texts at once: their tokens go through the first
    /// layer as one matrix product, which costs far less per token than one a sentence.
    pub fn tag_texts(&self, texts: &[(&str, &[WordVector])]) -> Vec<Vec<(Span, EntityKind)>> {
        let width = self.state_width();
        let d = width + self.cheap;
        let tokens: Vec<Vec<(usize, usize)>> =
            texts.iter().map(|(text, _)| conll_tokens(text)).collect();
        let total: usize = tokens.iter().map(Vec::len).sum();
        let mut features = Vec::with_capacity(total * d);
        for ((text, pieces), tokens) in texts.iter().zip(&tokens) {
            features.extend(token_features(text, tokens, pieces, width));
        }
        let slots = self.slot_products(&features, total);
        let wide = (2 * self.radius + 1) * self.first_out();
        let mut at = 0;
        tokens
            .iter()
            .map(|tokens| {
                let n = tokens.len();
                let part = &slots[at * wide..(at + n) * wide];
                at += n;
                if n == 0 {
                    return Vec::new();
                }
                spans_of(&viterbi(&self.scores_from(part, n)))
                    .into_iter()
                    .map(|s| {
                        let span = Span::from_offsets(tokens[s.first].0, tokens[s.last].1);
                        (span, s.kind)
                    })
                    .collect()
            })
            .collect()
    }

    fn first_out(&self) -> usize {
        if self.hidden == 0 {
            LABELS
        } else {
            self.hidden
        }
    }

    /// Each token's features times the first layer's block of every window slot: `n` rows
    /// of `window · first_out` values.
    fn slot_products(&self, features: &[f32], n: usize) -> Vec<f32> {
        let d = self.state_width() + self.cheap;
        let wide = (2 * self.radius + 1) * self.first_out();
        let mut out = vec![0.0f32; n * wide];
        match &self.first {
            FirstLayer::Full(w) => product_add(features, w, &mut out, n, d, wide),
            FirstLayer::Factored { rank, u, v } => {
                let mut thin = vec![0.0f32; n * rank];
                product_add(features, u, &mut thin, n, d, *rank);
                product_add(&thin, v, &mut out, n, *rank, wide);
            }
        }
        out
    }

    /// Log-probabilities of the labels, `LABELS` a token, of one sentence's `n` tokens.
    fn scores(&self, features: &[f32], n: usize) -> Vec<f32> {
        self.scores_from(&self.slot_products(features, n), n)
    }

    /// [`EntityTagger::scores`] from one sentence's [`EntityTagger::slot_products`]: token t's
    /// first layer sums, over the window's slots, the product of the token at that slot.
    fn scores_from(&self, slots: &[f32], n: usize) -> Vec<f32> {
        let first_out = self.first_out();
        let window = 2 * self.radius + 1;
        let mut pre = vec![0.0f32; n * first_out];
        for (t, row) in pre.chunks_exact_mut(first_out).enumerate() {
            row.copy_from_slice(&self.b1);
            for slot in 0..window {
                // the token at `slot` of t's window
                let Some(src) = (t + slot).checked_sub(self.radius).filter(|&s| s < n) else {
                    continue;
                };
                let from = src * window * first_out + slot * first_out;
                row.iter_mut()
                    .zip(&slots[from..from + first_out])
                    .for_each(|(p, v)| *p += v);
            }
        }
        let mut logits = if self.hidden == 0 {
            pre
        } else {
            let mut out = vec![0.0f32; n * LABELS];
            for (h, o) in pre
                .chunks_exact(self.hidden)
                .zip(out.chunks_exact_mut(LABELS))
            {
                let relu: Vec<f32> = h.iter().map(|v| v.max(0.0)).collect();
                for ((o, w), b) in o
                    .iter_mut()
                    .zip(self.w2.chunks_exact(self.hidden))
                    .zip(&self.b2)
                {
                    *o = b + dot(w, &relu);
                }
            }
            out
        };
        for row in logits.chunks_exact_mut(LABELS) {
            let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let sum: f32 = row.iter().map(|v| (v - max).exp()).sum();
            let log_sum = max + sum.ln();
            row.iter_mut().for_each(|v| *v -= log_sum);
        }
        logits
    }
}

/// The project's tokens of `text`, with tokens joined by hyphens with no space between
/// merged into one.
fn conll_tokens(text: &str) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut joining = false;
    for token in tokenize(text) {
        let hyphen = token.text(text) == "-";
        match out.last_mut() {
            Some(last) if last.1 == token.start && (hyphen || joining) => {
                last.1 = token.end;
                joining = hyphen;
            }
            _ => {
                out.push((token.start, token.end));
                joining = false;
            }
        }
    }
    out
}

/// `c += a · b` for row-major `a` (m × k), `b` (k × n) and `c` (m × n), through the `gemm`
/// crate (its kernels pick AVX2 / FMA or AVX-512 at run time; one thread: the engine already
/// tags sentences in parallel).
fn product_add(a: &[f32], b: &[f32], c: &mut [f32], m: usize, k: usize, n: usize) {
    if m == 0 || n == 0 {
        return;
    }
    assert!(
        a.len() >= m * k && b.len() >= k * n && c.len() >= m * n,
        "product_add: buffers too short"
    );
    // SAFETY: `a` holds m × k values, `b` k × n and `c` m × n, all row-major (asserted
    // above); `c` is a unique borrow, so it aliases neither input.
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            c.as_mut_ptr(),
            1,
            n as isize,
            true,
            a.as_ptr(),
            1,
            k as isize,
            b.as_ptr(),
            1,
            n as isize,
            1.0,
            1.0,
            false,
            false,
            false,
            gemm::Parallelism::None,
        );
    }
}

/// One dot product (the small output layer).
fn dot(a: &[f32], b: &[f32]) -> f32 {
    dot_lanes(a, b)
}

/// Sixteen lanes in independent accumulators (state widths are multiples of 16, so there is
/// rarely a tail): the compiler vectorises them without reassociating, and the additions do
/// not wait on each other.
#[inline(always)]
fn dot_lanes(a: &[f32], b: &[f32]) -> f32 {
    const LANES: usize = 16;
    let mut acc = [0.0f32; LANES];
    let chunks = a.len().min(b.len()) / LANES * LANES;
    for (x, y) in a[..chunks]
        .chunks_exact(LANES)
        .zip(b[..chunks].chunks_exact(LANES))
    {
        // Fixed-size views: no bounds checks in the loop.
        if let (Ok(x), Ok(y)) = (<&[f32; LANES]>::try_from(x), <&[f32; LANES]>::try_from(y)) {
            for k in 0..LANES {
                acc[k] += x[k] * y[k];
            }
        }
    }
    let mut sum: f32 = acc.iter().sum();
    for (x, y) in a[chunks..].iter().zip(&b[chunks..]) {
        sum += x * y;
    }
    sum
}

/// The entity type of a label's class (1..=4 for PER, ORG, LOC, MISC).
fn class_of(label: usize) -> usize {
    label.div_ceil(2)
}

fn is_inside(label: usize) -> bool {
    label > 0 && label.is_multiple_of(2)
}

/// Whether `to` may follow `from` (`None`: the sentence start) under BIO: an inside label
/// continues an entity of its own type.
fn allowed(from: Option<usize>, to: usize) -> bool {
    !is_inside(to) || from.is_some_and(|f| f != 0 && class_of(f) == class_of(to))
}

/// The best label sequence under the BIO constraints.
fn viterbi(scores: &[f32]) -> Vec<usize> {
    let n = scores.len() / LABELS;
    if n == 0 {
        return Vec::new();
    }
    let mut best = vec![f32::NEG_INFINITY; n * LABELS];
    let mut back = vec![0usize; n * LABELS];
    for to in 0..LABELS {
        if allowed(None, to) {
            best[to] = scores[to];
        }
    }
    for t in 1..n {
        for to in 0..LABELS {
            let mut top = (f32::NEG_INFINITY, 0);
            for from in 0..LABELS {
                let s = best[(t - 1) * LABELS + from];
                if allowed(Some(from), to) && s > top.0 {
                    top = (s, from);
                }
            }
            best[t * LABELS + to] = top.0 + scores[t * LABELS + to];
            back[t * LABELS + to] = top.1;
        }
    }
    let last = &best[(n - 1) * LABELS..];
    let mut label = (0..LABELS)
        .max_by(|&a, &b| last[a].total_cmp(&last[b]))
        .unwrap_or(0);
    let mut out = vec![0; n];
    for t in (0..n).rev() {
        out[t] = label;
        label = back[t * LABELS + label];
    }
    out
}

/// Entities of a BIO label sequence.
fn spans_of(labels: &[usize]) -> Vec<TaggedSpan> {
    let kind = |class: usize| match class {
        1 => EntityKind::Person,
        2 => EntityKind::Organization,
        3 => EntityKind::Location,
        _ => EntityKind::Other,
    };
    let mut out: Vec<TaggedSpan> = Vec::new();
    for (t, &label) in labels.iter().enumerate() {
        if label == 0 {
            continue;
        }
        match out.last_mut() {
            Some(span)
                if is_inside(label) && span.last + 1 == t && span.kind == kind(class_of(label)) =>
            {
                span.last = t
            }
            _ => out.push(TaggedSpan {
                first: t,
                last: t,
                kind: kind(class_of(label)),
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests;
