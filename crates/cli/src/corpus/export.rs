//! `corroborate search` and `corroborate export`.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::{bail, Context};
use corroborate_engine::Engine;
use corroborate_store::{Store, StoryFilter};
use serde_json::json;

use super::open;
use crate::analyze::config;
use crate::args::{CompareFormat, ExportArgs, ExportFormat, ExportTable, SearchArgs};

pub fn search(args: SearchArgs) -> anyhow::Result<ExitCode> {
    let store = open(&args.db, false)?;
    let query = args.query.join(" ");
    let mut out = std::io::stdout().lock();
    if args.semantic {
        let engine = Engine::new(&config(&args.encoder))?;
        for warning in engine.warnings() {
            eprintln!("corroborate: warning: {warning}");
        }
        if let Some(corpus) = store.encoder()? {
            if corpus != engine.encoder().name() {
                bail!(
                    "the corpus's vectors come from {corpus}, this run has {}; use the same encoder",
                    engine.encoder().name()
                );
            }
        }
        let vectors = engine.encoder().encode(&[query.as_str()])?;
        let Some(vector) = vectors.first() else {
            bail!("the encoder gave no vector for the query");
        };
        let hits = store.nearest_sentences(vector, args.limit)?;
        match args.format {
            CompareFormat::Json => json_lines(&mut out, &hits)?,
            CompareFormat::Terminal => {
                if hits.is_empty() {
                    writeln!(out, "no sentences with vectors")?;
                }
                for hit in &hits {
                    writeln!(
                        out,
                        "{:.3}  {} {}#{}  {}",
                        hit.similarity,
                        hit.story.as_deref().unwrap_or("-"),
                        hit.article,
                        hit.sentence,
                        one_line(&hit.text, 100)
                    )?;
                }
            }
        }
    } else {
        let hits = store.search_text(&query, args.limit)?;
        match args.format {
            CompareFormat::Json => json_lines(&mut out, &hits)?,
            CompareFormat::Terminal => {
                if hits.is_empty() {
                    writeln!(out, "no matches")?;
                }
                for hit in &hits {
                    writeln!(
                        out,
                        "{} {}  {}\n    {}",
                        hit.story.as_deref().unwrap_or("-"),
                        hit.article,
                        one_line(hit.title.as_deref().unwrap_or(""), 80),
                        one_line(&hit.snippet, 100)
                    )?;
                }
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn export(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let store = open(&args.db, false)?;
    match args.format {
        ExportFormat::Jsonl => {
            let mut out: Box<dyn Write> = match &args.output {
                Some(path) => Box::new(BufWriter::new(
                    File::create(path)
                        .with_context(|| format!("cannot write {}", path.display()))?,
                )),
                None => Box::new(BufWriter::new(std::io::stdout().lock())),
            };
            let all = args.table == ExportTable::All;
            if all || args.table == ExportTable::Articles {
                for row in store.articles()? {
                    line(&mut out, "article", serde_json::to_value(row)?)?;
                }
            }
            if all || args.table == ExportTable::Stories {
                for row in store.stories(&StoryFilter::default())? {
                    let members = store.members(&row.id)?;
                    let mut value = serde_json::to_value(row)?;
                    value["members"] = json!(members);
                    line(&mut out, "story", value)?;
                }
            }
            if all || args.table == ExportTable::Claims {
                for row in store.claims()? {
                    line(&mut out, "claim", serde_json::to_value(row)?)?;
                }
            }
            out.flush()?;
        }
        ExportFormat::Csv => {
            if args.table == ExportTable::All {
                let Some(dir) = &args.output else {
                    bail!("CSV holds one table: pass --table articles|stories|claims, or --output DIR for all three");
                };
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
                for table in [
                    ExportTable::Articles,
                    ExportTable::Stories,
                    ExportTable::Claims,
                ] {
                    let path = dir.join(format!("{}.csv", table_name(table)));
                    let file = File::create(&path)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    csv_table(store.as_ref(), table, BufWriter::new(file))?;
                }
            } else {
                match &args.output {
                    Some(path) => {
                        let file = File::create(path)
                            .with_context(|| format!("cannot write {}", path.display()))?;
                        csv_table(store.as_ref(), args.table, BufWriter::new(file))?;
                    }
                    None => csv_table(store.as_ref(), args.table, std::io::stdout().lock())?,
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One JSON object a line.
fn json_lines<T: serde::Serialize>(out: &mut impl Write, items: &[T]) -> anyhow::Result<()> {
    for item in items {
        writeln!(out, "{}", serde_json::to_string(item)?)?;
    }
    Ok(())
}

fn table_name(table: ExportTable) -> &'static str {
    match table {
        ExportTable::All => "all",
        ExportTable::Articles => "articles",
        ExportTable::Stories => "stories",
        ExportTable::Claims => "claims",
    }
}

fn line(out: &mut dyn Write, kind: &str, mut value: serde_json::Value) -> anyhow::Result<()> {
    if let Some(map) = value.as_object_mut() {
        map.insert("type".into(), json!(kind));
    }
    writeln!(out, "{value}")?;
    Ok(())
}

fn csv_table(store: &dyn Store, table: ExportTable, out: impl Write) -> anyhow::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    match table {
        ExportTable::Articles | ExportTable::All => {
            for row in store.articles()? {
                writer.serialize(row)?;
            }
        }
        ExportTable::Stories => {
            for row in store.stories(&StoryFilter::default())? {
                writer.serialize(row)?;
            }
        }
        ExportTable::Claims => {
            for row in store.claims()? {
                writer.serialize(row)?;
            }
        }
    }
    writer.flush()?;
    Ok(())
}

/// Text on one line (control characters and runs of space collapsed), cut to `max` chars.
pub fn one_line(text: &str, max: usize) -> String {
    let flat: String = text
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max.saturating_sub(1)).collect();
    format!("{cut}…")
}
