//! Prints the multilingual-e5-small vector of each line of stdin, one line of values each:
//! `cargo run --release --features neural --example e5_vectors -- MODEL_FILE [exact|fast] [raw]`
//! (`raw`: the model's own vectors, not centred).

use std::io::BufRead;
use std::path::PathBuf;

use corroborate_core::SentenceEncoder;
use corroborate_embed::{E5Encoder, Precision};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(
        args.next()
            .ok_or("usage: e5_vectors MODEL_FILE [exact|fast]")?,
    );
    let precision = match args.next().as_deref() {
        Some("exact") => Precision::Exact,
        _ => Precision::Fast,
    };
    let encoder = if args.next().as_deref() == Some("raw") {
        E5Encoder::load_raw(&path, None, precision)?
    } else {
        E5Encoder::load(&path, None, precision)?
    };
    let lines: Vec<String> = std::io::stdin().lock().lines().collect::<Result<_, _>>()?;
    let texts: Vec<&str> = lines.iter().map(String::as_str).collect();
    for vector in encoder.encode(&texts)? {
        let values: Vec<String> = vector.iter().map(|v| format!("{v:.7}")).collect();
        println!("{}", values.join(" "));
    }
    Ok(())
}
