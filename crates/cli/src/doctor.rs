//! `corroborate doctor`: what is installed and in use, and what to run to fix what is missing.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use corroborate_embed::{EmbedError, EncoderOptions, Precision};

use crate::args::DoctorArgs;

pub fn run(args: DoctorArgs) -> anyhow::Result<ExitCode> {
    let mut problems: Vec<String> = Vec::new();
    let built = cfg!(feature = "neural");
    println!(
        "corroborate {} ({})",
        env!("CARGO_PKG_VERSION"),
        if built {
            "with the neural sentence encoder"
        } else {
            "lexical sentence encoder only"
        }
    );
    if !built {
        problems.push(
            "built without the neural encoder: rebuild with default features \
             (`cargo install --path crates/cli`, without --no-default-features)"
                .into(),
        );
    }

    let (model_dir, from) = match (&args.model_dir, std::env::var_os("CORROBORATE_MODEL_DIR")) {
        (Some(dir), _) => (dir.clone(), "--model-dir"),
        (None, Some(dir)) if !dir.is_empty() => (PathBuf::from(dir), "CORROBORATE_MODEL_DIR"),
        _ => (corroborate_embed::default_model_dir(), "default"),
    };
    println!("model folder   {} ({from})", model_dir.display());
    let model = match corroborate_embed::verify_model_dir(&model_dir) {
        Ok(()) => {
            println!("model files    present, checksum ok");
            true
        }
        Err(EmbedError::ModelMissing { .. }) => {
            println!("model files    missing ({})", missing_files(&model_dir));
            problems.push(install_hint(&args.model_dir, "the model is not installed"));
            false
        }
        Err(err) => {
            println!("model files    bad: {err}");
            problems.push(install_hint(&args.model_dir, "the model files are damaged"));
            false
        }
    };

    let options = EncoderOptions {
        model_dir: Some(model_dir.clone()),
        use_cache: false,
        precision: if args.exact_vectors {
            Precision::Exact
        } else {
            Precision::Fast
        },
        ..EncoderOptions::default()
    };
    let (encoder, warning) = corroborate_embed::load_encoder(&options);
    println!(
        "encoder        {} ({} dimensions)",
        encoder.name(),
        encoder.dim()
    );
    if encoder.is_neural() {
        println!("arithmetic     {}", arithmetic(encoder.name()));
        if let Some(simd) = std::env::var_os("CORROBORATE_SIMD") {
            println!("               CORROBORATE_SIMD={}", simd.to_string_lossy());
        }
    } else if built && model {
        // installed and checked, yet not loadable
        problems.push(warning.unwrap_or_else(|| "the model did not load".into()));
    }

    // optional: the multilingual model (`--multilingual`)
    let e5_dir = corroborate_embed::default_e5_dir();
    match corroborate_embed::verify_e5_dir(&e5_dir) {
        Ok(file) => println!(
            "multilingual   {} (checksum ok; used with --multilingual)",
            file.display()
        ),
        Err(EmbedError::E5Missing { .. }) => println!(
            "multilingual   not installed (optional, for stories across languages: `corroborate models install --multilingual`)"
        ),
        Err(err) => {
            println!("multilingual   bad: {err}");
            problems.push(
                "the multilingual model is damaged: run `corroborate models install --multilingual`"
                    .into(),
            );
        }
    }

    let cache = corroborate_embed::default_cache_dir();
    println!(
        "vector cache   {} ({})",
        cache.display(),
        folder_state(&cache)
    );
    match corroborate_core::shared_dir() {
        Some(shared) => println!(
            "shared data    {} (for `corroborate eval`)",
            shared.display()
        ),
        None => println!(
            "shared data    not found (only `corroborate eval` needs it; set CORROBORATE_SHARED)"
        ),
    }

    if problems.is_empty() {
        println!("all good");
        return Ok(ExitCode::SUCCESS);
    }
    println!("to fix:");
    for problem in &problems {
        println!("  - {problem}");
    }
    Ok(ExitCode::from(1))
}

fn install_hint(dir: &Option<PathBuf>, what: &str) -> String {
    match dir {
        Some(dir) => format!(
            "{what}: run `corroborate models install --dir {}`",
            dir.display()
        ),
        None => format!("{what}: run `corroborate models install`"),
    }
}

fn missing_files(dir: &Path) -> String {
    let missing: Vec<&str> = corroborate_embed::MODEL_FILES
        .iter()
        .copied()
        .filter(|name| !dir.join(name).is_file())
        .collect();
    if missing.is_empty() {
        "empty files".into()
    } else {
        missing.join(", ")
    }
}

/// What the encoder's name says about the arithmetic chosen for this CPU.
fn arithmetic(name: &str) -> &'static str {
    if name.ends_with("-bf16-int8") {
        "fast: bf16 and 8-bit layers (AVX-512 BF16 and VNNI); --exact-vectors for f32"
    } else if name.ends_with("-int8") {
        "fast: two layers of each block on a 7-bit grid, the rest f32 (AVX2); --exact-vectors for f32"
    } else {
        "exact: f32 throughout"
    }
}

fn folder_state(dir: &Path) -> String {
    match std::fs::read_dir(dir) {
        Ok(entries) => format!("{} entries", entries.count()),
        Err(_) if !dir.exists() => "not created yet; made on the first analysis".into(),
        Err(err) => format!("unreadable: {err}"),
    }
}
