//! `corroborate`: reads many news reports and says, line by line, what several outlets
//! corroborate, what they dispute, who said what, and what only one outlet reports.
//!
//! This binary is only argument parsing and glue; the work is in `corroborate-engine`.

mod analyze;
mod args;
mod compare;
mod corpus;
mod doctor;
mod eval;
mod models;
mod queue;
mod serve;

use std::io::ErrorKind;
use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing(cli.verbose);
    quiet_reported_panics(cli.verbose);
    // Extractors walk page trees recursively: give the worker threads room.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(WORKER_STACK_BYTES)
        .build_global();
    let result = match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Add(args) if args.queue.is_some() => queue::publish(args),
        Command::Add(args) => corpus::add(args),
        Command::Worker(args) => queue::worker(args),
        Command::Status(args) => queue::status(args),
        Command::Watch(args) => corpus::watch(args),
        Command::Stories(args) => corpus::stories(args),
        Command::Story(args) => corpus::story(args),
        Command::Search(args) => corpus::search(args),
        Command::Serve(args) => serve::run(args),
        Command::Export(args) => corpus::export(args),
        Command::Models(args) => models::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Doctor(args) => doctor::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("corroborate: error: {err:#}");
            ExitCode::from(1)
        }
    }
}

/// Stack of each worker thread (reserved address space, not memory in use).
const WORKER_STACK_BYTES: usize = 64 << 20;

/// A panic inside one input's work is reported as that input's error line; the default
/// message (a thread name, a source location) is kept for `-v` and for panics elsewhere.
fn quiet_reported_panics(verbose: u8) {
    if verbose > 0 {
        return;
    }
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !corroborate_engine::panic_is_reported() {
            default(info);
        }
    }));
}

fn init_tracing(verbose: u8) {
    // Libraries' own logs (html5ever's "foster parenting not implemented" ...) only with -v.
    let level = match verbose {
        0 => "corroborate=warn",
        1 => "warn,corroborate=info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("CORROBORATE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .without_time()
        .init();
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == ErrorKind::BrokenPipe)
    })
}
