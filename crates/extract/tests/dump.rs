//! Prints what the extractors find on the seeds, for eyeballing:
//! `cargo test -p corroborate-extract --test dump -- --ignored --nocapture`.

mod common;

#[test]
#[ignore]
fn dump() {
    let Some(mut docs) = common::seeds() else {
        return;
    };
    let stages = corroborate_extract::default_stages();
    for doc in docs.iter_mut() {
        for s in &stages {
            s.process(doc).unwrap();
        }
        println!("==== {}", doc.id);
        for m in doc.layers.entities.as_ref().unwrap() {
            println!(
                "  {:?} {:?} #{} [{}] role={:?}",
                &doc.text[m.span],
                m.kind,
                m.local_id,
                m.canonical,
                m.role.map(|r| &doc.text[r])
            );
        }
    }
    let refs: Vec<&corroborate_core::Document> = docs.iter().collect();
    for e in corroborate_extract::merge_entities(&refs) {
        println!(
            "{} {:?} {:?} aliases={:?} n={} roles={:?}",
            e.id,
            e.kind,
            e.name,
            e.aliases,
            e.mentions.len(),
            e.roles.iter().map(|r| r.text.as_str()).collect::<Vec<_>>()
        );
    }
}

#[test]
#[ignore]
fn dump_quotes() {
    let Some(mut docs) = common::seeds() else {
        return;
    };
    let stages = corroborate_extract::default_stages();
    for doc in docs.iter_mut() {
        for s in &stages {
            s.process(doc).unwrap();
        }
        println!("==== {}", doc.id);
        for q in doc.layers.quotes.as_ref().unwrap() {
            println!(
                "  {:?}\n     cue={:?} sp={:?} -> {:?}",
                &doc.text[q.span],
                q.cue.map(|s| &doc.text[s]),
                q.speaker_span.map(|s| &doc.text[s]),
                q.speaker
            );
        }
    }
    let refs: Vec<&corroborate_core::Document> = docs.iter().collect();
    let ents = corroborate_extract::merge_entities(&refs);
    for q in corroborate_extract::merge_quotes(&refs, &ents) {
        println!(
            "{} {:?} {:?} {:?}",
            q.id,
            q.speaker,
            &q.text[..q.text.len().min(60)],
            q.sources
                .iter()
                .map(|s| (s.article.as_str(), s.verbatim, s.difference.clone()))
                .collect::<Vec<_>>()
        );
    }
}

#[test]
#[ignore]
fn dump_figures() {
    let Some(mut docs) = common::seeds() else {
        return;
    };
    let stages = corroborate_extract::default_stages();
    for doc in docs.iter_mut() {
        for s in &stages {
            s.process(doc).unwrap();
        }
        println!("==== {}", doc.id);
        for f in doc.layers.figures.as_ref().unwrap() {
            println!(
                "  {:?} {:?} {} {:?} {:?} {:?} eq={:?}",
                &doc.text[f.span],
                f.kind,
                f.amount,
                f.amount_to,
                f.unit,
                f.qualifier,
                f.equivalent_of
            );
        }
    }
    let refs: Vec<&corroborate_core::Document> = docs.iter().collect();
    for f in corroborate_extract::merge_figures(&refs) {
        println!(
            "{} {:?} {} {:?} {:?} eq={:?} n={} consistent={}",
            f.id,
            f.kind,
            f.amount,
            f.unit,
            f.text,
            f.equivalents
                .iter()
                .map(|e| e.text.as_str())
                .collect::<Vec<_>>(),
            f.sources.len(),
            f.consistent
        );
    }
}

#[test]
#[ignore]
fn dump_dates() {
    let Some(mut docs) = common::seeds() else {
        return;
    };
    let stages = corroborate_extract::default_stages();
    for doc in docs.iter_mut() {
        doc.meta.published = Some("2025-04-12".into());
        for s in &stages {
            s.process(doc).unwrap();
        }
        println!("==== {}", doc.id);
        for d in doc.layers.dates.as_ref().unwrap() {
            println!(
                "  {:?} {:?} {:?} rel={}",
                &doc.text[d.span], d.date, d.precision, d.relative
            );
        }
    }
}

#[test]
#[ignore]
fn dump_file() {
    let Ok(path) = std::env::var("DUMP_FILE") else {
        return;
    };
    let text = std::fs::read_to_string(path).unwrap();
    let mut doc = corroborate_core::Document::from_text("f", &text);
    common::add_sentences(&mut doc);
    for s in &corroborate_extract::default_stages() {
        s.process(&mut doc).unwrap();
    }
    for m in doc.layers.entities.as_ref().unwrap() {
        println!(
            "E {:?} {:?} [{}] role={:?}",
            &doc.text[m.span],
            m.kind,
            m.canonical,
            m.role.map(|r| &doc.text[r])
        );
    }
    for q in doc.layers.quotes.as_ref().unwrap() {
        println!(
            "Q {:?} <- {:?} ({:?})",
            &doc.text[q.span].chars().take(50).collect::<String>(),
            q.speaker,
            q.speaker_span.map(|s| &doc.text[s])
        );
    }
    for f in doc.layers.figures.as_ref().unwrap() {
        println!(
            "F {:?} {:?} {} {:?}",
            &doc.text[f.span], f.kind, f.amount, f.unit
        );
    }
    for d in doc.layers.dates.as_ref().unwrap() {
        println!("D {:?} {:?}", &doc.text[d.span], d.date);
    }
}

/// Runs every stage over PolNeAR train (840 articles) as a crash check.
#[test]
#[ignore]
fn survive_polnear_train() {
    let Some(shared) = corroborate_core::shared_dir() else {
        return;
    };
    let dir = shared.join("data/polnear/train/text");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let stages = corroborate_extract::default_stages();
    let mut n = 0;
    for entry in entries.flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let mut doc = corroborate_core::Document::from_text("t", &text);
        common::add_sentences(&mut doc);
        for s in &stages {
            s.process(&mut doc).unwrap();
        }
        n += 1;
    }
    println!("{n} articles");
}
