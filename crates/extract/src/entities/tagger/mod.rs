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
    w1: Vec<f32>,
    b1: Vec<f32>,
    w2: Vec<f32>,
    b2: Vec<f32>,
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
        if bytes.get(..4) != Some(b"NER1".as_slice()) {
            return Err(bad("not a NER1 file"));
        }
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
        let input = (2 * radius + 1) * (count * STATE_DIM + cheap);
        let first_out = if hidden == 0 { LABELS } else { hidden };
        let sizes = [
            first_out * input,
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
        Ok(EntityTagger {
            layers,
            cheap,
            radius,
            hidden,
            w1: take(sizes[0]),
            b1: take(sizes[1]),
            w2: take(sizes[2]),
            b2: take(sizes[3]),
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
        let tokens = conll_tokens(text);
        self.tag(text, &tokens, pieces)
            .into_iter()
            .map(|s| {
                let span = Span::from_offsets(tokens[s.first].0, tokens[s.last].1);
                (span, s.kind)
            })
            .collect()
    }

    /// Log-probabilities of the labels, `LABELS` a token.
    fn scores(&self, features: &[f32], n: usize) -> Vec<f32> {
        let d = self.state_width() + self.cheap;
        let window = 2 * self.radius + 1;
        let first_out = if self.hidden == 0 {
            LABELS
        } else {
            self.hidden
        };
        // Each slot of the window is a block of columns of W1: a token's product with each
        // block is computed once and added to its neighbours' rows.
        let mut pre = vec![0.0f32; n * first_out];
        for row in pre.chunks_exact_mut(first_out) {
            row.copy_from_slice(&self.b1);
        }
        // Row by row of W1, so each row is read once a sentence; a token's product with each
        // window slot's block of columns goes to the token whose window holds it there.
        // Four rows at a time: each feature value loaded once serves four products.
        let rows = window * d;
        let quads = self.w1.len() / rows / 4;
        for (q, w) in self.w1.chunks_exact(4 * rows).enumerate() {
            for slot in 0..window {
                let block = |r: usize| &w[r * rows + slot * d..r * rows + (slot + 1) * d];
                let ws = [block(0), block(1), block(2), block(3)];
                for src in 0..n {
                    // token `src` sits at `slot` of the window of token `src + radius - slot`
                    let Some(dst) = (src + self.radius).checked_sub(slot) else {
                        continue;
                    };
                    if dst < n {
                        let sums = dot4(ws, &features[src * d..(src + 1) * d]);
                        let at = dst * first_out + 4 * q;
                        for (p, s) in pre[at..at + 4].iter_mut().zip(sums) {
                            *p += s;
                        }
                    }
                }
            }
        }
        for (k, w) in self.w1.chunks_exact(rows).enumerate().skip(4 * quads) {
            for slot in 0..window {
                let w = &w[slot * d..(slot + 1) * d];
                for src in 0..n {
                    let Some(dst) = (src + self.radius).checked_sub(slot) else {
                        continue;
                    };
                    if dst < n {
                        pre[dst * first_out + k] += dot(w, &features[src * d..(src + 1) * d]);
                    }
                }
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

/// One dot product (the rows `dot4` leaves and the small output layer), summed in the same
/// order as each of [`dot4`]'s.
fn dot(a: &[f32], b: &[f32]) -> f32 {
    dot_lanes(a, b)
}

/// Four dot products against one vector `b`, each summed exactly as [`dot`] sums it.
fn dot4(a: [&[f32]; 4], b: &[f32]) -> [f32; 4] {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU supports AVX2 (checked just above); `dot4_avx2` only reads the
        // slices it is given, through safe indexing.
        return unsafe { dot4_avx2(a, b) };
    }
    dot4_lanes(a, b)
}

/// [`dot4_lanes`] compiled for AVX2.
///
/// # Safety
/// The CPU must support AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn dot4_avx2(a: [&[f32]; 4], b: &[f32]) -> [f32; 4] {
    dot4_lanes(a, b)
}

#[inline(always)]
fn dot4_lanes(a: [&[f32]; 4], b: &[f32]) -> [f32; 4] {
    const LANES: usize = 16;
    let len = a.iter().map(|r| r.len()).fold(b.len(), usize::min);
    let chunks = len / LANES * LANES;
    let (mut s0, mut s1, mut s2, mut s3) = (
        [0.0f32; LANES],
        [0.0f32; LANES],
        [0.0f32; LANES],
        [0.0f32; LANES],
    );
    let rows = b[..chunks]
        .chunks_exact(LANES)
        .zip(a[0][..chunks].chunks_exact(LANES))
        .zip(a[1][..chunks].chunks_exact(LANES))
        .zip(a[2][..chunks].chunks_exact(LANES))
        .zip(a[3][..chunks].chunks_exact(LANES));
    for ((((y, x0), x1), x2), x3) in rows {
        let (Ok(y), Ok(x0), Ok(x1), Ok(x2), Ok(x3)) = (
            <&[f32; LANES]>::try_from(y),
            <&[f32; LANES]>::try_from(x0),
            <&[f32; LANES]>::try_from(x1),
            <&[f32; LANES]>::try_from(x2),
            <&[f32; LANES]>::try_from(x3),
        ) else {
            continue;
        };
        for k in 0..LANES {
            s0[k] += x0[k] * y[k];
            s1[k] += x1[k] * y[k];
            s2[k] += x2[k] * y[k];
            s3[k] += x3[k] * y[k];
        }
    }
    let mut out = [0.0f32; 4];
    for ((o, acc), row) in out.iter_mut().zip([s0, s1, s2, s3]).zip(a) {
        let mut sum: f32 = acc.iter().sum();
        for (x, y) in row[chunks..len].iter().zip(&b[chunks..len]) {
            sum += x * y;
        }
        *o = sum;
    }
    out
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
    label > 0 && label % 2 == 0
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
