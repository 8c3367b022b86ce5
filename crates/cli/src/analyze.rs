//! `corroborate analyze`.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use anyhow::Context;
use corroborate_embed::{EncoderOptions, Precision};
use corroborate_engine::{Config, Engine, Progress};
use corroborate_synth::{Format, OutletTable, RenderOptions};
use indicatif::{ProgressBar, ProgressStyle};

use crate::args::{AnalyzeArgs, ColorChoice, EncoderArgs, OutputFormat};

/// Inputs above this count get a progress bar (when stderr is a terminal).
const PROGRESS_MIN_INPUTS: usize = 5;

pub fn run(args: AnalyzeArgs) -> anyhow::Result<ExitCode> {
    // A bad table fails before the analysis, not after it.
    let outlets = load_outlets(args.outlets.as_deref())?;
    let engine = Engine::new(&config(&args.encoder))?;
    for warning in engine.warnings() {
        eprintln!("corroborate: warning: {warning}");
    }
    let bar = Bar::new(!args.quiet && std::io::stderr().is_terminal());
    let analysis = engine.analyze_paths(&args.paths, &|event| bar.on(event));
    bar.finish();

    write_report(
        &analysis,
        args.format,
        args.color,
        args.output.as_deref(),
        outlets,
    )?;

    for failure in &analysis.failures {
        eprintln!(
            "corroborate: {}: {}",
            failure.path,
            strip_path(&failure.reason, &failure.path)
        );
    }
    if analysis.failures.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "corroborate: {} input(s) failed; {} article(s) analysed",
            analysis.failures.len(),
            analysis.documents.len()
        );
        Ok(ExitCode::from(1))
    }
}

/// A progress bar on stderr for long runs (when shown at all).
pub struct Bar {
    show: bool,
    bar: Mutex<Option<ProgressBar>>,
}

impl Bar {
    pub fn new(show: bool) -> Bar {
        Bar {
            show,
            bar: Mutex::new(None),
        }
    }

    pub fn on(&self, event: Progress) {
        let Ok(mut bar) = self.bar.lock() else { return };
        match event {
            Progress::Inputs(total) if self.show && total > PROGRESS_MIN_INPUTS => {
                let progress = ProgressBar::new(total as u64);
                progress.set_style(
                    ProgressStyle::with_template(
                        "{spinner} reading {pos}/{len} inputs {wide_bar} {eta}",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
                );
                *bar = Some(progress);
            }
            Progress::InputDone => {
                if let Some(progress) = bar.as_ref() {
                    progress.inc(1);
                }
            }
            Progress::Step(step) => {
                if let Some(progress) = bar.as_ref() {
                    progress.set_message(step);
                }
            }
            Progress::Inputs(_) => {}
        }
    }

    pub fn finish(&self) {
        if let Ok(mut bar) = self.bar.lock() {
            if let Some(progress) = bar.take() {
                progress.finish_and_clear();
            }
        }
    }
}

pub fn config(args: &EncoderArgs) -> Config {
    Config {
        encoder: EncoderOptions {
            model_dir: args.model_dir.clone(),
            use_cache: !args.no_cache,
            prefer_lexical: args.lexical,
            multilingual: args.multilingual,
            precision: if args.exact_vectors {
                Precision::Exact
            } else {
                Precision::Fast
            },
            ..EncoderOptions::default()
        },
        rule_entities: args.rule_entities,
        ..Config::default()
    }
}

/// Renders `analysis` in `output_format` to `output`, else to stdout (colour on a terminal
/// unless `NO_COLOR` or `--color` says otherwise).
pub fn write_report(
    analysis: &corroborate_core::Analysis,
    output_format: OutputFormat,
    color: ColorChoice,
    output: Option<&std::path::Path>,
    outlets: Option<Arc<OutletTable>>,
) -> anyhow::Result<()> {
    let to_terminal = output.is_none() && std::io::stdout().is_terminal();
    let color = match color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none(),
    };
    let options = RenderOptions {
        color,
        width: terminal_width(),
        generator: format!("corroborate {}", env!("CARGO_PKG_VERSION")),
        outlets,
        ..RenderOptions::default()
    };
    let report = corroborate_synth::render(analysis, format(output_format), &options);
    match output {
        Some(path) => std::fs::write(path, report.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(report.as_bytes())?;
            stdout.flush()?;
        }
    }
    Ok(())
}

/// The outlet table of `--outlets`, when given; the error names the file.
pub fn load_outlets(path: Option<&Path>) -> anyhow::Result<Option<Arc<OutletTable>>> {
    let Some(path) = path else { return Ok(None) };
    let table = OutletTable::load(path).context("outlet table")?;
    Ok(Some(Arc::new(table)))
}

pub fn format(format: OutputFormat) -> Format {
    match format {
        OutputFormat::Terminal => Format::Terminal,
        OutputFormat::Md => Format::Markdown,
        OutputFormat::Json => Format::Json,
        OutputFormat::Html => Format::Html,
    }
}

/// Readers' errors already start with the path; do not print it twice.
pub fn strip_path<'a>(reason: &'a str, path: &str) -> &'a str {
    reason
        .strip_prefix(path)
        .and_then(|rest| rest.strip_prefix(": "))
        .unwrap_or(reason)
}

pub fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|columns| columns.parse().ok())
        .filter(|&width: &usize| width >= 40)
        .unwrap_or(80)
}
