//! `corroborate watch`: polls feeds and folders and adds what is new through the same engine
//! path as `add`, printing the same lines; remembers what it saw in the corpus.

use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use corroborate_engine::{AddOptions, AddReport, Engine};
use corroborate_store::Store;
use corroborate_watch::{FetchOptions, Pass, Source, Watcher};

use super::{stop_flag, write_report_lines, writer};
use crate::args::WatchArgs;

/// Files changed this recently are left for the next pass of a running watch (they may still
/// be being written); `--once` takes them all.
const SETTLE: Duration = Duration::from_secs(2);

pub fn watch(args: WatchArgs) -> anyhow::Result<ExitCode> {
    let (mut store, engine, options) = writer(&args.db, &args.encoder, args.batch)?;
    let fetch = FetchOptions {
        host_delay: Duration::try_from_secs_f64(args.host_delay).unwrap_or_default(),
        ..FetchOptions::default()
    };
    let sources = args.sources.iter().map(|s| Source::parse(s)).collect();
    let settle = if args.once { Duration::ZERO } else { SETTLE };
    let mut watcher = Watcher::new(sources, fetch)?.with_settle(settle);
    // The first Ctrl-C or SIGTERM ends the run after the current input (what was found is
    // still added and recorded); a second one ends it at once.
    let stop = stop_flag()?;
    let stopped = || stop.load(Ordering::SeqCst);
    let mut failed = false;
    loop {
        let mut pass = watcher.pass(store.as_ref(), &stopped)?;
        let quiet = !args.once && pass.is_empty();
        let report = add_pass(&engine, store.as_mut(), &mut pass, &options)?;
        if !quiet {
            write_report_lines(&report, store.as_ref())?;
        }
        for warning in &pass.warnings {
            eprintln!("corroborate: warning: {warning}");
        }
        store.record_watch(&pass.update)?;
        failed |= !report.failures.is_empty();
        if args.once || stopped() {
            break;
        }
        let next = Instant::now() + Duration::from_secs(args.interval);
        while !stopped() && Instant::now() < next {
            std::thread::sleep(Duration::from_millis(100).min(next - Instant::now()));
        }
        if stopped() {
            break;
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Adds a pass's files and feed articles as `add` does; the pass's own failures (feeds and
/// pages that gave nothing) come first among the report's.
fn add_pass(
    engine: &Engine,
    store: &mut dyn Store,
    pass: &mut Pass,
    options: &AddOptions,
) -> anyhow::Result<AddReport> {
    let mut report = AddReport {
        failures: pass.failures.clone(),
        ..AddReport::default()
    };
    if !pass.files.is_empty() {
        let added = engine.add_paths(store, &pass.files, options, &|_| {})?;
        merge(&mut report, added);
    }
    if !pass.documents.is_empty() {
        let added =
            engine.add_documents(store, std::mem::take(&mut pass.documents), options, &|_| {})?;
        merge(&mut report, added);
    }
    let new = report.new_stories.clone();
    report.updated_stories.retain(|story| !new.contains(story));
    report.updated_stories.dedup();
    Ok(report)
}

fn merge(into: &mut AddReport, from: AddReport) {
    into.added.extend(from.added);
    into.failures.extend(from.failures);
    into.new_stories.extend(from.new_stories);
    into.updated_stories.extend(from.updated_stories);
    into.merged.extend(from.merged);
}
