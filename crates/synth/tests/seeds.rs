//! End to end on the example corpus (five reports of one event) with the stand-in pipeline:
//! the brief is grounded and every renderer produces a consistent report from real text.

mod common;

use corroborate_core::{Analysis, BriefSection, Document};
use corroborate_synth::{brief, render, Format, RenderOptions};

fn seeds_analysis() -> Option<Analysis> {
    let Some(dir) = corroborate_core::shared_dir() else {
        eprintln!("skipped: no shared data");
        return None;
    };
    let mut paths: Vec<_> = std::fs::read_dir(dir.join("seeds"))
        .ok()?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    paths.sort();
    let mut documents: Vec<Document> = paths
        .iter()
        .map(|path| {
            let stem = path.file_stem().unwrap().to_string_lossy().to_string();
            let text = std::fs::read_to_string(path).unwrap();
            let mut doc = Document::from_text(stem, &text);
            doc.meta.path = Some(path.display().to_string());
            doc
        })
        .collect();
    documents.iter_mut().for_each(common::standin::segment);
    let mut story = common::standin::story_of(&documents);
    story.title = "Seeds".into();
    let refs: Vec<&Document> = documents.iter().collect();
    let (summary, timeline) = brief(&story, &refs);
    story.summary = summary;
    story.timeline = timeline;
    Some(Analysis {
        documents,
        stories: vec![story],
        encoder: "lexical".into(),
        ..Analysis::default()
    })
}

#[test]
fn seeds_brief_is_grounded_and_led_by_consensus() {
    let Some(analysis) = seeds_analysis() else {
        return;
    };
    let story = &analysis.stories[0];
    assert!(story.summary.len() >= 3, "{:#?}", story.summary);
    assert_eq!(story.summary[0].section, BriefSection::Consensus);
    assert!(story.summary[0].citations.len() >= 2);
    let words: usize = story
        .summary
        .iter()
        .map(|s| s.text.split_whitespace().count())
        .sum();
    assert!(words <= 300 + 60, "brief of {words} words");
    for sentence in &story.summary {
        for cite in &sentence.citations {
            let doc = analysis.document(&cite.doc).unwrap();
            assert!(cite.span.is_valid_for(&doc.text));
        }
        let grounded = sentence.citations.iter().any(|cite| {
            let doc = analysis.document(&cite.doc).unwrap();
            let cited: Vec<&str> = doc.text[cite.span].split_whitespace().collect();
            cited.join(" ") == sentence.text
        });
        assert!(grounded, "not extractive: {sentence:?}");
    }
    let terminal = render(&analysis, Format::Terminal, &RenderOptions::default());
    eprintln!("{terminal}");
    assert!(terminal.lines().all(|line| line.chars().count() <= 80));
}

#[test]
fn seeds_reports_resolve_every_link_and_span() {
    let Some(analysis) = seeds_analysis() else {
        return;
    };
    let opts = RenderOptions::default();
    let html = render(&analysis, Format::Html, &opts);
    for href in html.split("class=\"cite\" href=\"#").skip(1) {
        let target = &href[..href.find('"').unwrap()];
        assert!(
            html.contains(&format!("id=\"{target}\"")),
            "dangling #{target}"
        );
    }
    let markdown = render(&analysis, Format::Markdown, &opts);
    for link in markdown.split("](#").skip(1) {
        let target = &link[..link.find(')').unwrap()];
        assert!(
            markdown.contains(&format!("<a id=\"{target}\"></a>")),
            "dangling #{target}"
        );
    }
    let report: serde_json::Value =
        serde_json::from_str(&render(&analysis, Format::Json, &opts)).unwrap();
    let articles = report["articles"].as_array().unwrap();
    for claim in report["stories"][0]["claims"].as_array().unwrap() {
        for support in claim["support"].as_array().unwrap() {
            let article = articles
                .iter()
                .find(|a| a["id"] == support["article"])
                .unwrap();
            let text = article["text"].as_str().unwrap();
            let span = support["span"].as_array().unwrap();
            let (start, end) = (
                span[0].as_u64().unwrap() as usize,
                span[1].as_u64().unwrap() as usize,
            );
            assert_eq!(&text[start..end], support["text"].as_str().unwrap());
        }
    }
    if let Ok(dir) = std::env::var("CORROBORATE_SCREENSHOT_DIR") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(format!("{dir}/seeds.html"), &html).unwrap();
        std::fs::write(format!("{dir}/seeds.md"), &markdown).unwrap();
    }
}
