//! Writes the entity tagger's per-token inputs for a CoNLL-2003 file, for
//! `scripts/train_ner_head.py`: each sentence's tokens joined by single spaces go through
//! all-MiniLM-L6-v2 (exact arithmetic) once, and each token gets its pieces' states of the
//! asked hidden layers, averaged, plus the tagger's cheap features
//! (`corroborate_extract::token_features`, the function the product uses).
//!
//! ```text
//! cargo run -p corroborate-eval --features corroborate-embed/neural --example dump_ner_features -- \
//!     data/conll2003/train.conll OUT_PREFIX 0,1,2,3,4,5,6
//! ```
//!
//! Writes `OUT_PREFIX.f32` (little-endian, tokens × (384·layers + cheap features)),
//! `OUT_PREFIX.labels` (a byte a token: 0 O, 1/2 B/I-PER, 3/4 ORG, 5/6 LOC, 7/8 MISC) and
//! `OUT_PREFIX.lens` (little-endian u32 tokens a sentence).

use std::io::Write;
use std::path::PathBuf;

use corroborate_core::SentenceEncoder;
use corroborate_embed::{default_model_dir, MiniLmEncoder, Precision};
use corroborate_eval::entities::{load_conll, ConllType};

const CHUNK: usize = 256;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [conll, prefix, layers] = args.as_slice() else {
        return Err("usage: dump_ner_features CONLL OUT_PREFIX LAYERS (e.g. 0,3,6)".into());
    };
    let layers: Vec<usize> = layers
        .split(',')
        .map(str::parse)
        .collect::<Result<_, _>>()?;
    let dir = std::env::var_os("CORROBORATE_MODEL_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(default_model_dir);
    let encoder = MiniLmEncoder::load_with(&dir, None, Precision::Exact)?;
    let sentences = load_conll(std::path::Path::new(conll))?;
    let width = 384 * layers.len();
    let mut feats = std::io::BufWriter::new(std::fs::File::create(format!("{prefix}.f32"))?);
    let mut labels = Vec::new();
    let mut lens = Vec::new();
    for chunk in sentences.chunks(CHUNK) {
        let mut texts = Vec::with_capacity(chunk.len());
        let mut offsets = Vec::with_capacity(chunk.len());
        for sentence in chunk {
            let mut text = String::new();
            let mut spans = Vec::new();
            for token in &sentence.tokens {
                if !text.is_empty() {
                    text.push(' ');
                }
                spans.push((text.len(), text.len() + token.len()));
                text.push_str(token);
            }
            texts.push(text);
            offsets.push(spans);
        }
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let encoded = encoder
            .encode_pieces(&refs, &layers)?
            .ok_or("the encoder gave no piece states")?;
        for ((sentence, (text, spans)), enc) in
            chunk.iter().zip(texts.iter().zip(&offsets)).zip(&encoded)
        {
            let f = corroborate_extract::token_features(text, spans, &enc.words, width);
            for v in f {
                feats.write_all(&v.to_le_bytes())?;
            }
            let mut tags = vec![0u8; spans.len()];
            for gold in &sentence.gold {
                let class = match gold.kind {
                    ConllType::Per => 1,
                    ConllType::Org => 3,
                    ConllType::Loc => 5,
                    ConllType::Misc => 7,
                };
                tags[gold.start] = class;
                for tag in &mut tags[gold.start + 1..gold.end] {
                    *tag = class + 1;
                }
            }
            labels.extend(tags);
            lens.extend((spans.len() as u32).to_le_bytes());
        }
        eprint!("\r{} tokens", labels.len());
    }
    eprintln!();
    feats.flush()?;
    std::fs::write(format!("{prefix}.labels"), &labels)?;
    std::fs::write(format!("{prefix}.lens"), &lens)?;
    Ok(())
}
