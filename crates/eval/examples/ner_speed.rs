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

/// This process's CPU seconds (user + system, all threads) from `/proc/self/stat`, so the
/// figures hold on a machine other jobs share; 0 where that file is missing.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // fields after the command name's closing parenthesis; utime and stime are 14th and 15th
    let rest = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

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
    // The two passes alternate chunk by chunk, so a machine shared with other jobs slows
    // both alike.
    let (mut vectors, mut vectors_cpu) = (0.0, 0.0);
    let (mut pass, mut pass_cpu) = (0.0, 0.0);
    let (mut head, mut head_cpu) = (0.0, 0.0);
    let mut entities = 0usize;
    for part in refs.chunks(chunk) {
        let started = Instant::now();
        let cpu_started = cpu_seconds();
        encoder.encode(part)?;
        vectors += started.elapsed().as_secs_f64();
        vectors_cpu += cpu_seconds() - cpu_started;
        let started = Instant::now();
        let cpu_started = cpu_seconds();
        let encoded = encoder
            .encode_pieces(part, tagger.layers())?
            .ok_or("no piece states")?;
        pass += started.elapsed().as_secs_f64();
        pass_cpu += cpu_seconds() - cpu_started;
        let started = Instant::now();
        let cpu_started = cpu_seconds();
        let items: Vec<(&str, &[_])> = part
            .iter()
            .zip(&encoded)
            .map(|(text, enc)| (*text, enc.words.as_slice()))
            .collect();
        entities += tagger.tag_texts(&items).iter().map(Vec::len).sum::<usize>();
        head += started.elapsed().as_secs_f64();
        head_cpu += cpu_seconds() - cpu_started;
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
    println!(
        "CPU time: vectors only {vectors_cpu:.2} s; tagging pass {pass_cpu:.2} s (+{:.1}%); \
         head and Viterbi {head_cpu:.2} s (+{:.1}%); tagging in all +{:.1}%",
        100.0 * (pass_cpu - vectors_cpu) / vectors_cpu,
        100.0 * head_cpu / vectors_cpu,
        100.0 * (pass_cpu + head_cpu - vectors_cpu) / vectors_cpu,
    );
    Ok(())
}
