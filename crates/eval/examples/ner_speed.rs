//! What the trained entity tagger adds to the encoder's time, on CoNLL-2003 dev sentences:
//! (a) sentence vectors alone (`encode`, today's path without the tagger), (b) the tagging
//! path's forward pass (`encode_pieces`: vectors plus the tagger's two hidden layers of every
//! piece, with offsets), (c) the head and Viterbi on its output (`EntityTagger::tag_text`).
//!
//! ```text
//! cargo run -p corroborate-eval --features corroborate-embed/neural --example ner_speed -- \
//!     ../shared/data/conll2003/dev.conll
//! ```

use std::path::PathBuf;
use std::time::Instant;

use corroborate_core::SentenceEncoder;
use corroborate_embed::{default_model_dir, MiniLmEncoder, Precision};
use corroborate_eval::entities::load_conll;
use corroborate_extract::EntityTagger;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: ner_speed CONLL")?;
    let dir = std::env::var_os("CORROBORATE_MODEL_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(default_model_dir);
    let encoder = MiniLmEncoder::load_with(&dir, None, Precision::Fast)?;
    let tagger = EntityTagger::builtin().ok_or("no built-in tagger weights")?;
    let texts: Vec<String> = load_conll(std::path::Path::new(&path))?
        .iter()
        .map(|s| s.tokens.join(" "))
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let chunk = 512;
    // warm up the thread pool and buffers
    encoder.encode(&refs[..chunk.min(refs.len())])?;
    let started = Instant::now();
    for part in refs.chunks(chunk) {
        encoder.encode(part)?;
    }
    let vectors = started.elapsed().as_secs_f64();
    let mut pass = 0.0;
    let mut head = 0.0;
    let mut entities = 0usize;
    for part in refs.chunks(chunk) {
        let started = Instant::now();
        let encoded = encoder
            .encode_pieces(part, tagger.layers())?
            .ok_or("no piece states")?;
        pass += started.elapsed().as_secs_f64();
        let started = Instant::now();
        for (text, enc) in part.iter().zip(&encoded) {
            entities += tagger.tag_text(text, &enc.words).len();
        }
        head += started.elapsed().as_secs_f64();
    }
    println!(
        "{} sentences, encoder {}: vectors only {vectors:.2} s; tagging pass {pass:.2} s \
         (+{:.1}%); head and Viterbi {head:.2} s single-threaded (+{:.1}% of the vectors-only time, \
         {entities} entities)",
        refs.len(),
        encoder.name(),
        100.0 * (pass - vectors) / vectors,
        100.0 * head / vectors,
    );
    Ok(())
}
