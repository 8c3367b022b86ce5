//! `corroborate compare`: do two sentences state the same claim, how likely, and why.

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context};
use corroborate_engine::Engine;
use corroborate_story::{Features, Judgement, FEATURE_NAMES};
use serde_json::json;

use crate::analyze::config;
use crate::args::{CompareArgs, CompareFormat};

pub fn run(args: CompareArgs) -> anyhow::Result<ExitCode> {
    let engine = Engine::new(&config(&args.encoder))?;
    for warning in engine.warnings() {
        eprintln!("corroborate: warning: {warning}");
    }
    if let Some(file) = &args.pairs {
        return pairs(&engine, file, args.features);
    }
    let [a, b] = args.sentences.as_slice() else {
        bail!("give two sentences, or --pairs FILE");
    };
    let results = engine.judge_pairs(&[(a.as_str(), b.as_str())])?;
    let Some((features, judgement)) = results.first() else {
        bail!("no judgement");
    };
    let mut out = std::io::stdout().lock();
    match args.format {
        CompareFormat::Json => {
            let mut value = json!({
                "a": a,
                "b": b,
                "same_claim": judgement.same_claim,
                "score": round(judgement.score),
                "reasons": judgement.reasons,
                "encoder": engine.encoder().name(),
            });
            if args.features {
                value["features"] = named(features);
            }
            writeln!(out, "{value}")?;
        }
        CompareFormat::Terminal => {
            let verdict = if judgement.same_claim {
                "same claim"
            } else {
                "different claims"
            };
            writeln!(
                out,
                "{verdict} (probability {:.2}, encoder {})",
                judgement.score,
                engine.encoder().name()
            )?;
            for reason in &judgement.reasons {
                let sign = if reason.supports { '+' } else { '-' };
                writeln!(out, "  {sign} {}", reason.detail)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn round(x: f32) -> f64 {
    (f64::from(x) * 10_000.0).round() / 10_000.0
}

fn named(features: &Features) -> serde_json::Value {
    let map: serde_json::Map<String, serde_json::Value> = FEATURE_NAMES
        .iter()
        .zip(&features.values)
        .map(|(name, &v)| (name.to_string(), json!(round(v))))
        .collect();
    serde_json::Value::Object(map)
}

/// One pair of a pairs file.
struct Row {
    id: String,
    a: String,
    b: String,
    label: Option<String>,
}

/// Reads a tab-separated file whose header names the columns `a` and `b` (optionally `id`
/// and `label`), or the MSRP layout (`Quality`, `#1 ID`, `#2 ID`, `#1 String`, `#2 String`,
/// with a byte-order mark). Fields are not quoted: quotation marks are text.
fn read_pairs(path: &Path) -> anyhow::Result<Vec<Row>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut lines = text.lines();
    let Some(header) = lines.next() else {
        bail!("{}: empty file", path.display());
    };
    let columns: Vec<String> = header
        .split('\t')
        .map(|c| c.trim().to_lowercase())
        .collect();
    let find = |names: &[&str]| columns.iter().position(|c| names.contains(&c.as_str()));
    let (Some(ca), Some(cb)) = (find(&["a", "#1 string"]), find(&["b", "#2 string"])) else {
        bail!(
            "{}: the header must name columns 'a' and 'b' (or '#1 String' and '#2 String')",
            path.display()
        );
    };
    let cid = find(&["id"]);
    let (id1, id2) = (find(&["#1 id"]), find(&["#2 id"]));
    let clabel = find(&["label", "quality"]);
    let mut rows = Vec::new();
    for (n, line) in lines.enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let field = |c: usize| fields.get(c).map(|f| f.trim().to_string());
        let (Some(a), Some(b)) = (field(ca), field(cb)) else {
            bail!(
                "{}: line {}: fewer columns than the header",
                path.display(),
                n + 2
            );
        };
        let id = match (
            cid.and_then(field),
            id1.and_then(field),
            id2.and_then(field),
        ) {
            (Some(id), _, _) => id,
            (None, Some(x), Some(y)) => format!("{x}-{y}"),
            _ => (n + 1).to_string(),
        };
        rows.push(Row {
            id,
            a,
            b,
            label: clabel.and_then(field),
        });
    }
    Ok(rows)
}

fn pairs(engine: &Engine, file: &Path, with_features: bool) -> anyhow::Result<ExitCode> {
    let rows = read_pairs(file)?;
    let pairs: Vec<(&str, &str)> = rows.iter().map(|r| (r.a.as_str(), r.b.as_str())).collect();
    let results: Vec<(Features, Judgement)> = engine.judge_pairs(&pairs)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    for (row, (features, judgement)) in rows.iter().zip(&results) {
        let mut value = json!({
            "id": row.id,
            "same_claim": judgement.same_claim,
            "score": round(judgement.score),
            "reasons": judgement.reasons,
        });
        if with_features {
            value["features"] = named(features);
            if let Some(label) = &row.label {
                value["label"] = json!(label);
            }
        }
        writeln!(out, "{value}")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
