//! The corpus commands: `add`, `watch`, `stories`, `story`, `search`, `export`.

mod export;
mod watch;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use corroborate_engine::{AddOptions, AddReport, Engine, Outcome, StepTimings};
use corroborate_store::{is_postgres_url, PostgresStore, SqliteStore, Store, StoryFilter};

use crate::analyze::{config, load_outlets, strip_path, write_report, Bar};
use crate::args::{AddArgs, DbArgs, EncoderArgs, ListFormat, StoriesArgs, StoryArgs};

pub use self::export::{export, search};
pub use self::watch::watch;

/// The corpus file named by --db, else the default location.
pub(crate) fn db_path(args: &DbArgs) -> anyhow::Result<PathBuf> {
    match &args.db {
        Some(path) => Ok(path.clone()),
        None => corroborate_store::default_path()
            .context("no corpus location: pass --db PATH (neither XDG_DATA_HOME nor HOME is set)"),
    }
}

/// Opens the corpus: a SQLite file, or a PostgreSQL database for a `postgres://` URL;
/// `create` false refuses a missing file (reading commands).
pub(crate) fn open(args: &DbArgs, create: bool) -> anyhow::Result<Box<dyn Store>> {
    let path = db_path(args)?;
    if let Some(url) = path.to_str().filter(|p| is_postgres_url(p)) {
        let store = PostgresStore::connect(url)
            .with_context(|| format!("cannot open the corpus {}", redacted(url)))?;
        return Ok(Box::new(store));
    }
    if !create && !path.exists() {
        bail!(
            "no corpus at {}: add articles first (corroborate add PATH --db {})",
            path.display(),
            path.display()
        );
    }
    let store = SqliteStore::open(&path)
        .with_context(|| format!("cannot open the corpus {}", path.display()))?;
    Ok(Box::new(store))
}

/// A database URL without its password.
fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}…{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_string(),
    }
}

/// A flag the first Ctrl-C or SIGTERM raises (the caller stops when it can); a second one
/// ends the process at once (exit code 130).
pub(crate) fn stop_flag() -> anyhow::Result<std::sync::Arc<std::sync::atomic::AtomicBool>> {
    use std::sync::atomic::{AtomicBool, Ordering};
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    let flag = std::sync::Arc::clone(&stop);
    ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
    })
    .context("cannot handle Ctrl-C")?;
    Ok(stop)
}

/// What `add` and `watch` write with: the corpus (created if missing), the engine (its
/// warnings printed) and the add options for `batch` articles a step.
pub(crate) fn writer(
    db: &DbArgs,
    encoder: &EncoderArgs,
    batch: usize,
) -> anyhow::Result<(Box<dyn Store>, Engine, AddOptions)> {
    let store = open(db, true)?;
    let engine = Engine::new(&config(encoder))?;
    for warning in engine.warnings() {
        eprintln!("corroborate: warning: {warning}");
    }
    let options = AddOptions {
        batch: batch.max(1),
        ..AddOptions::default()
    };
    Ok((store, engine, options))
}

pub fn add(args: AddArgs) -> anyhow::Result<ExitCode> {
    let (mut store, engine, options) = writer(&args.db, &args.encoder, args.batch)?;
    let bar = Bar::new(!args.quiet && std::io::stderr().is_terminal());
    let report = engine.add_paths(store.as_mut(), &args.paths, &options, &|event| {
        bar.on(event)
    });
    bar.finish();
    let report = report?;
    if let Some(path) = &args.timings {
        write_timings(path, &report.timings)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    write_report_lines(&report, store.as_ref())?;
    Ok(if report.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// What an add did: one line per article (id, story, new/updated/duplicate, where it came
/// from) and a summary on stdout, one line per failed input on stderr.
pub(crate) fn write_report_lines(report: &AddReport, store: &dyn Store) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let (mut new, mut updated, mut duplicate) = (0, 0, 0);
    for added in &report.added {
        let what = match &added.outcome {
            Outcome::New => {
                new += 1;
                "new".to_string()
            }
            Outcome::Revision { previous } => {
                updated += 1;
                format!("updated (revises {previous})")
            }
            Outcome::Duplicate { of } => {
                duplicate += 1;
                if *of == added.id {
                    "duplicate".to_string()
                } else {
                    format!("duplicate of {of}")
                }
            }
        };
        writeln!(
            out,
            "{}\t{}\t{}\t{}",
            added.id,
            added.story.as_deref().unwrap_or("-"),
            what,
            added.path
        )?;
    }
    writeln!(
        out,
        "{new} new, {updated} updated, {duplicate} duplicate, {} failed; stories: {} new, {} updated, {} merged; corpus: {} articles, {} stories",
        report.failures.len(),
        report.new_stories.len(),
        report.updated_stories.len(),
        report.merged.len(),
        store.article_count()?,
        store.stories(&StoryFilter::default())?.len(),
    )?;
    for (from, into) in &report.merged {
        writeln!(out, "merged {from} into {into}")?;
    }
    out.flush()?;
    for failure in &report.failures {
        eprintln!(
            "corroborate: {}: {}",
            failure.path,
            strip_path(&failure.reason, &failure.path)
        );
    }
    Ok(())
}

/// One JSON line per step, durations in seconds.
fn write_timings(path: &std::path::Path, timings: &[StepTimings]) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    for step in timings {
        let line = serde_json::json!({
            "articles": step.articles,
            "candidate_stories": step.candidate_stories,
            "regrouped": step.regrouped,
            "annotate": step.annotate.as_secs_f64(),
            "candidates": step.candidates.as_secs_f64(),
            "load": step.load.as_secs_f64(),
            "group": step.group.as_secs_f64(),
            "commit": step.commit.as_secs_f64(),
            "refresh": step.refresh.as_secs_f64(),
            "assignment": step.assignment().as_secs_f64(),
            "assignment_cpu": step.assignment_cpu.as_secs_f64(),
        });
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(())
}

pub fn stories(args: StoriesArgs) -> anyhow::Result<ExitCode> {
    let store = open(&args.db, false)?;
    let filter = StoryFilter {
        since: args.since.clone(),
        min_sources: args.min_sources,
    };
    let stories = store.stories(&filter)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &stories)?;
            writeln!(out)?;
        }
        ListFormat::Csv => {
            let mut writer = csv::Writer::from_writer(&mut out);
            for story in &stories {
                writer.serialize(story)?;
            }
            writer.flush()?;
        }
        ListFormat::Terminal => {
            if stories.is_empty() {
                writeln!(out, "no stories")?;
            }
            for story in &stories {
                let day = story.activity.get(..10).unwrap_or(&story.activity);
                writeln!(
                    out,
                    "{:<6} {}  {:>3} articles  {:>3} outlets  {:>3} claims ({} corroborated)  {}",
                    story.id,
                    day,
                    story.articles,
                    story.outlets,
                    story.claims,
                    story.corroborated,
                    crate::corpus::export::one_line(&story.title, 70),
                )?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn story(args: StoryArgs) -> anyhow::Result<ExitCode> {
    let outlets = load_outlets(args.outlets.as_deref())?;
    let store = open(&args.db, false)?;
    let Some(analysis) = corroborate_store::story_analysis(store.as_ref(), &args.id)? else {
        bail!(
            "no story {} in the corpus (see corroborate stories)",
            args.id
        );
    };
    write_report(
        &analysis,
        args.format,
        args.color,
        args.output.as_deref(),
        outlets,
    )?;
    Ok(ExitCode::SUCCESS)
}
