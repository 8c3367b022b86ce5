//! Throughput of an encoder on a file of sentences (one a line), for bench/compare.sh.
//!
//! `embed_bench <minilm|minilm-exact|lexical> <model dir> <sentences.txt> <vectors.f32 out> [threads]`
//! (`minilm` is the default, fast precision; `minilm-exact` all f32)
//! prints one line: `impl sentences/s peak_rss_mib encode_seconds`, and writes the vectors as
//! raw little-endian f32 rows.

use std::io::Write;
use std::time::Instant;

use corroborate_core::SentenceEncoder;
use corroborate_embed::LexicalEncoder;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 5 {
        return Err(
            "usage: embed_bench <minilm|lexical> <model dir> <sentences> <out> [threads]".into(),
        );
    }
    let threads = args.get(5).and_then(|t| t.parse().ok());
    let text = std::fs::read_to_string(&args[3])?;
    let sentences: Vec<&str> = text.lines().collect();
    let encoder: Box<dyn SentenceEncoder> = match args[1].as_str() {
        "lexical" => Box::new(LexicalEncoder::new()),
        kind => load_minilm(&args[2], threads, kind == "minilm-exact")?,
    };
    // Warm up: page in the weights, size the allocator.
    encoder.encode(&sentences[..sentences.len().min(64)])?;
    let start = Instant::now();
    let vectors = encoder.encode(&sentences)?;
    let seconds = start.elapsed().as_secs_f64();
    assert_eq!(vectors.len(), sentences.len());
    let mut out = std::io::BufWriter::new(std::fs::File::create(&args[4])?);
    for v in &vectors {
        for x in v {
            out.write_all(&x.to_le_bytes())?;
        }
    }
    out.flush()?;
    println!(
        "{} {:.1} {:.0} {:.2}",
        encoder.name(),
        sentences.len() as f64 / seconds,
        peak_rss_mib(),
        seconds
    );
    Ok(())
}

#[cfg(feature = "neural")]
fn load_minilm(
    dir: &str,
    threads: Option<usize>,
    exact: bool,
) -> Result<Box<dyn SentenceEncoder>, Box<dyn std::error::Error>> {
    use corroborate_embed::Precision;
    let precision = if exact {
        Precision::Exact
    } else {
        Precision::Fast
    };
    Ok(Box::new(corroborate_embed::MiniLmEncoder::load_with(
        std::path::Path::new(dir),
        threads,
        precision,
    )?))
}

#[cfg(not(feature = "neural"))]
fn load_minilm(
    _dir: &str,
    _threads: Option<usize>,
    _exact: bool,
) -> Result<Box<dyn SentenceEncoder>, Box<dyn std::error::Error>> {
    Err("built without the `neural` feature".into())
}

/// VmHWM from /proc (Linux), in MiB; 0 elsewhere.
fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<f64>()
                .ok()
        })
        .map_or(0.0, |kib| kib / 1024.0)
}
