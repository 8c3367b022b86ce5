//! `corroborate models install|status`.

use std::process::ExitCode;

use corroborate_embed::EncoderOptions;

use crate::args::{ModelsArgs, ModelsCommand};

pub fn run(args: ModelsArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        ModelsCommand::Install { dir, multilingual } => {
            let installed = if multilingual {
                corroborate_embed::install_e5_model(dir.as_deref())?
            } else {
                corroborate_embed::install_model(dir.as_deref())?
            };
            println!("model installed in {}", installed.display());
        }
        ModelsCommand::Status { dir } => {
            let options = EncoderOptions {
                model_dir: dir,
                ..EncoderOptions::default()
            };
            let (encoder, warning) = corroborate_embed::load_encoder(&options);
            println!("encoder: {} ({} dimensions)", encoder.name(), encoder.dim());
            if let Some(warning) = warning {
                println!("note: {warning}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
