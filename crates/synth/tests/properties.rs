//! Properties over generated inputs: the brief only cites spans that slice their article, and
//! the HTML article view escapes and keeps every byte of the text.

mod common;

use corroborate_core::{
    Analysis, BriefSection, Claim, ClaimStatus, Document, Sentence, Span, Story, Support,
};
use corroborate_synth::{brief, render, Format, RenderOptions};
use proptest::prelude::*;

/// Text of random words and punctuation (with markup characters), cut into sentences at '.'.
fn document(id: &str, words: &[String]) -> Document {
    let text = words.join(" ");
    let mut doc = Document::from_text(id, &text);
    let mut sentences = Vec::new();
    let mut start = 0;
    for (at, c) in text.char_indices() {
        if c == '.' {
            sentences.push(Sentence {
                span: Span::from_offsets(start, at + 1),
            });
            start = at + 1;
        }
    }
    if start < text.len() {
        sentences.push(Sentence {
            span: Span::from_offsets(start, text.len()),
        });
    }
    doc.layers.sentences = Some(sentences);
    doc
}

fn unescape(html: &str) -> String {
    // Drop tags, then decode the five entities escape_html writes.
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z]{1,8}",
        Just("<script>".to_string()),
        Just("&amp;".to_string()),
        Just("\"'".to_string()),
        Just("é€.".to_string()),
        Just(".".to_string()),
        Just("\n".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn brief_citations_always_slice_their_article(
        a_words in proptest::collection::vec(word(), 1..40),
        b_words in proptest::collection::vec(word(), 1..40),
        picks in proptest::collection::vec((0usize..2, 0usize..20, 0usize..3), 1..12),
        cut in 0usize..200,
    ) {
        let docs = [document("a", &a_words), document("b", &b_words)];
        let mut claims = Vec::new();
        for (n, (article, sentence, status)) in picks.into_iter().enumerate() {
            let doc = &docs[article];
            let Some(found) = doc.sentences().get(sentence % doc.sentences().len().max(1)) else { continue };
            // Sometimes a span past the text's end: it must be dropped, never cited.
            let span = if n % 5 == 4 { Span::from_offsets(found.span.start(), doc.text.len() + cut + 1) } else { found.span };
            let status = [ClaimStatus::Corroborated, ClaimStatus::SingleSource, ClaimStatus::Conflicting][status];
            claims.push(Claim {
                id: format!("c{n}"),
                status,
                text: String::new(),
                independent_sources: 1,
                support: vec![Support { article: doc.id.clone(), sentence, span, text: String::new() }],
                conflicts: Vec::new(),
                differs_in_detail: None,
            });
        }
        let story = Story { id: "s".into(), articles: vec!["a".into(), "b".into()], claims, ..Story::default() };
        let refs: Vec<&Document> = docs.iter().collect();
        let (summary, _) = brief(&story, &refs);
        for sentence in &summary {
            prop_assert!(!sentence.citations.is_empty());
            for cite in &sentence.citations {
                let doc = docs.iter().find(|d| d.id == cite.doc).unwrap();
                prop_assert!(cite.span.is_valid_for(&doc.text));
            }
            if sentence.section != BriefSection::Differences {
                // Extractive: the wording is one of the cited spans, whitespace squashed.
                let extractive = sentence.citations.iter().any(|cite| {
                    let doc = docs.iter().find(|d| d.id == cite.doc).unwrap();
                    let cited: Vec<&str> = doc.text[cite.span].split_whitespace().collect();
                    cited.join(" ") == sentence.text
                });
                prop_assert!(extractive, "not extractive: {:?}", sentence);
            }
        }
        // Every renderer copes with whatever came out.
        let mut story = story;
        story.summary = summary;
        let analysis = Analysis { documents: docs.to_vec(), stories: vec![story], ..Analysis::default() };
        let html = render(&analysis, Format::Html, &RenderOptions::default());
        prop_assert!(!html.contains("<script>"));
        for format in [Format::Terminal, Format::Markdown, Format::Json] {
            prop_assert!(!render(&analysis, format, &RenderOptions::default()).is_empty());
        }
    }

    #[test]
    fn html_article_text_keeps_every_character(words in proptest::collection::vec(word(), 1..60)) {
        let doc = document("a", &words);
        let text = doc.text.clone();
        let mut story = Story { id: "s".into(), title: "t".into(), articles: vec!["a".into()], ..Story::default() };
        story.summary = doc.sentences().iter().step_by(2).map(|sentence| corroborate_core::BriefSentence {
            text: text[sentence.span].to_string(),
            citations: vec![corroborate_core::Cite::new("a", sentence.span)],
            section: BriefSection::Consensus,
        }).collect();
        let analysis = Analysis { documents: vec![doc], stories: vec![story], ..Analysis::default() };
        let html = render(&analysis, Format::Html, &RenderOptions::default());
        let start = html.find("<div class=\"text\">").unwrap() + "<div class=\"text\">".len();
        let end = start + html[start..].find("</div>").unwrap();
        prop_assert_eq!(unescape(&html[start..end]), text);
    }
}
