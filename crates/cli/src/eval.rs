//! `corroborate eval`: measures components on the shared development data (the scorers and
//! readers are corroborate-eval's; this is the wiring to the engine).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use corroborate_core::{Document, Sentence, Stage};
use corroborate_engine::Engine;

use crate::analyze::config;
use crate::args::{EvalArgs, EvalWhat};

pub fn run(args: EvalArgs) -> anyhow::Result<ExitCode> {
    let shared = match args.shared.clone().or_else(corroborate_core::shared_dir) {
        Some(dir) => dir,
        None => bail!("shared data folder not found: pass --shared DIR or set CORROBORATE_SHARED"),
    };
    let data = shared.join("data");
    let all = args.what == EvalWhat::All;
    if all || args.what == EvalWhat::Extraction {
        println!("## HTML extraction (data/extraction)\n");
        let eval = corroborate_eval::eval_extraction(&data.join("extraction"))?;
        println!("{eval}\n");
        if std::env::var("CORROBORATE_EVAL_VERBOSE").is_ok_and(|v| v == "1") {
            println!("every page: id, ours P / R / F1, rs-trafilatura alone F1");
            for page in &eval.pages {
                println!(
                    "{} {:.3} {:.3} {:.3} {:.3}",
                    page.id, page.precision, page.recall, page.f1, page.baseline.2
                );
            }
        }
    }
    if all || args.what == EvalWhat::Quotes {
        println!("## Direct quotes and speakers (data/polnear/dev)\n");
        let eval = corroborate_eval::eval_quotes(&data.join("polnear/dev"), &add_sentences)?;
        println!("{eval}\n");
        let engine = Engine::new(&config(&args.encoder))?;
        if engine.tags_entities() {
            println!(
                "## Direct quotes and speakers, entities from the trained tagger on {} (data/polnear/dev)\n",
                engine.encoder().name()
            );
            let recognizer = corroborate_extract::EntityRecognizer::new();
            let quotes = corroborate_extract::QuoteExtractor::new();
            // as the engine runs them: rule entities and quotes, then the tagger
            let extract = |doc: &mut Document| {
                recognizer.process(doc)?;
                quotes.process(doc)?;
                engine
                    .embed_and_tag(std::slice::from_mut(doc))
                    .map_err(|err| corroborate_eval::EvalError::Run(err.to_string()))
            };
            let eval = corroborate_eval::eval_quotes_with(
                &data.join("polnear/dev"),
                &add_sentences,
                &extract,
            )?;
            println!("{eval}\n");
        }
    }
    if all || args.what == EvalWhat::Entities {
        println!("## Named entities, rule tagger (data/conll2003/dev.conll)\n");
        let recognizer = corroborate_extract::EntityRecognizer::new();
        let annotate = |doc: &mut Document| {
            add_sentences(doc);
            recognizer.process(doc)?;
            Ok(())
        };
        let conll = data.join("conll2003/dev.conll");
        let eval = corroborate_eval::eval_entities(&conll, &annotate)?;
        println!("{eval}\n");
        let engine = Engine::new(&config(&args.encoder))?;
        if engine.tags_entities() {
            println!(
                "## Named entities, trained tagger on {} (data/conll2003/dev.conll)\n",
                engine.encoder().name()
            );
            let started = std::time::Instant::now();
            let annotate_all = |docs: &mut [Document]| {
                for doc in docs.iter_mut() {
                    add_sentences(doc);
                }
                engine
                    .embed_and_tag(docs)
                    .map_err(|err| corroborate_eval::EvalError::Run(err.to_string()))
            };
            let eval = corroborate_eval::eval_entities_batched(&conll, &annotate_all)?;
            println!("{eval}\n");
            println!(
                "(encoder pass and tagging: {:.1} s)\n",
                started.elapsed().as_secs_f64()
            );
        } else {
            for warning in engine.warnings() {
                eprintln!("corroborate: warning: {warning}");
            }
            println!("(no trained tagger: it needs the neural encoder; run `corroborate models install`)\n");
        }
    }
    let needs_engine = all
        || matches!(
            args.what,
            EvalWhat::Stories
                | EvalWhat::Brief
                | EvalWhat::Pairs
                | EvalWhat::Claims
                | EvalWhat::Crosslingual
        );
    if !needs_engine {
        return Ok(ExitCode::SUCCESS);
    }
    let engine = Engine::new(&config(&args.encoder))?;
    for warning in engine.warnings() {
        eprintln!("corroborate: warning: {warning}");
    }
    if all || args.what == EvalWhat::Pairs {
        println!(
            "## Same claim or not (data/msrp, encoder {})\n",
            engine.encoder().name()
        );
        let pairs = corroborate_eval::load_msrp(&data.join("msrp/train.tsv"))?;
        let judge = |texts: &[(&str, &str)]| {
            let results = engine
                .judge_pairs(texts)
                .map_err(|err| corroborate_eval::EvalError::Run(err.to_string()))?;
            Ok(results
                .iter()
                .map(|(features, judgement)| corroborate_eval::PairOutput {
                    cosine: features.evidence.cosine.unwrap_or(0.0),
                    same: judgement.same_claim,
                })
                .collect())
        };
        let eval = corroborate_eval::eval_pairs(&pairs, engine.encoder().name(), &judge)?;
        println!("{eval}\n");
    }
    if all || args.what == EvalWhat::Claims {
        println!(
            "## Claim alignment (crates/eval/data/claims-gold.json, encoder {})\n",
            engine.encoder().name()
        );
        let gold = corroborate_eval::ClaimsGold::builtin()?;
        let align = |docs: Vec<Document>| {
            let (docs, failures) = engine.annotate(docs);
            for failure in failures {
                eprintln!("corroborate: warning: {}: {}", failure.path, failure.reason);
            }
            let story = engine.claims_as_one_story(&docs);
            (docs, story)
        };
        let eval = corroborate_eval::eval_claims(&gold, &shared, &align)?;
        println!("{eval}\n");
        if std::env::var("CORROBORATE_EVAL_VERBOSE").is_ok_and(|v| v == "1") {
            println!("{}", eval.details());
        }
        if let Some(path) = &args.pairs_out {
            let pairs = |docs: Vec<Document>| {
                let (docs, _) = engine.annotate(docs);
                let pairs = engine.clause_pairs_as_one_story(&docs);
                (docs, pairs)
            };
            let labelled = corroborate_eval::labelled_pairs(&gold, &shared, &pairs)?;
            let mut out = String::new();
            for pair in &labelled {
                out.push_str(&serde_json::to_string(pair)?);
                out.push('\n');
            }
            std::fs::write(path, out)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!(
                "corroborate: {} labelled clause pairs written to {}",
                labelled.len(),
                path.display()
            );
        }
    }
    if all || args.what == EvalWhat::Crosslingual {
        println!(
            "## One story across languages (data/meantime, encoder {})\n",
            engine.encoder().name()
        );
        let prepare = |docs: Vec<Document>| engine.annotate(docs).0;
        let eval = corroborate_eval::eval_crosslingual(
            &data.join("meantime"),
            &prepare,
            engine.group_options(),
        )?;
        println!("{eval}\n");
        if std::env::var("CORROBORATE_EVAL_VERBOSE").is_ok_and(|v| v == "1") {
            println!("{}", eval.details());
        }
        let align = |docs: Vec<Document>| {
            let (docs, _) = engine.annotate(docs);
            let story = engine.claims_as_one_story(&docs);
            (docs, story)
        };
        let claims = corroborate_eval::eval_crosslingual_claims(&data.join("meantime"), &align)?;
        println!("{claims}\n");
    }
    if !(all || matches!(args.what, EvalWhat::Stories | EvalWhat::Brief)) {
        return Ok(ExitCode::SUCCESS);
    }
    let csv = multinews(&data)?;
    if all || args.what == EvalWhat::Stories {
        println!(
            "## Story clustering (data/multi-news, encoder {})\n",
            engine.encoder().name()
        );
        let prepare = |docs: Vec<Document>| engine.annotate(docs).0;
        if args.online {
            let online = |docs: Vec<Document>| online_stories(&engine, docs);
            let eval = corroborate_eval::eval_clustering_online(
                &csv,
                &prepare,
                engine.group_options(),
                &online,
            )?;
            println!("{eval}\n");
        } else {
            let eval = corroborate_eval::eval_clustering(&csv, &prepare, engine.group_options())?;
            println!("{eval}\n");
        }
    }
    if all || args.what == EvalWhat::Brief {
        println!(
            "## Brief ROUGE (data/multi-news, encoder {})\n",
            engine.encoder().name()
        );
        let summarize = |docs: Vec<Document>| {
            let (docs, _) = engine.annotate(docs);
            engine.brief_as_one_story(docs)
        };
        let lead = |docs: Vec<Document>| engine.annotate(docs).0;
        let eval = corroborate_eval::eval_rouge(&csv, &summarize, &lead)?;
        println!("{eval}\n");
    }
    Ok(ExitCode::SUCCESS)
}

/// Adds annotated articles one by one to a fresh in-memory corpus: its stories' members and
/// the time of each add.
fn online_stories(
    engine: &Engine,
    docs: Vec<Document>,
) -> Result<corroborate_eval::OnlineRun, String> {
    use corroborate_store::Store;
    let mut store = corroborate_store::SqliteStore::open_in_memory().map_err(|e| e.to_string())?;
    let options = corroborate_engine::AddOptions {
        annotated: true,
        ..corroborate_engine::AddOptions::default()
    };
    let mut times = Vec::with_capacity(docs.len());
    for doc in docs {
        let started = std::time::Instant::now();
        engine
            .add_documents(&mut store, vec![doc], &options, &|_| {})
            .map_err(|e| e.to_string())?;
        times.push(started.elapsed().as_secs_f64());
    }
    let stories = store
        .stories(&corroborate_store::StoryFilter::default())
        .map_err(|e| e.to_string())?;
    let members = stories
        .iter()
        .map(|story| store.members(&story.id).map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((members, times))
}

fn multinews(data: &std::path::Path) -> anyhow::Result<PathBuf> {
    let csv = data.join("multi-news/validation.csv");
    std::fs::metadata(&csv).with_context(|| format!("cannot read {}", csv.display()))?;
    Ok(csv)
}

/// Polnear offsets refer to the raw files, so its documents are not cleaned: only split.
fn add_sentences(doc: &mut Document) {
    let sentences = corroborate_text::split_sentences(&doc.text)
        .into_iter()
        .map(|span| Sentence { span })
        .collect();
    doc.layers.sentences = Some(sentences);
}
