//! Renderers on a hand-built analysis: the JSON contract, escaping, layout.

mod common;

use serde_json::Value;

use corroborate_synth::{render, Format, RenderOptions};

fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {value}"))
        .keys()
        .map(String::as_str)
        .collect()
}

fn assert_has(value: &Value, required: &[&str], what: &str) {
    let present = keys(value);
    for key in required {
        assert!(
            present.contains(key),
            "{what} lacks {key:?}: has {present:?}"
        );
    }
}

fn span(value: &Value) -> (usize, usize) {
    let pair = value.as_array().expect("span is an array");
    assert_eq!(pair.len(), 2);
    (
        pair[0].as_u64().unwrap() as usize,
        pair[1].as_u64().unwrap() as usize,
    )
}

/// `text[span]` of the named article, panicking when the span does not slice.
fn slice<'a>(articles: &'a [Value], article: &Value, span_value: &Value) -> &'a str {
    let id = article.as_str().expect("article id is a string");
    let doc = articles
        .iter()
        .find(|a| a["id"] == id)
        .unwrap_or_else(|| panic!("article {id} not in articles"));
    let text = doc["text"].as_str().unwrap();
    let (start, end) = span(span_value);
    text.get(start..end)
        .unwrap_or_else(|| panic!("span {start}..{end} does not slice {id}"))
}

#[test]
fn json_follows_the_report_contract() {
    let analysis = common::analysis();
    let json = render(&analysis, Format::Json, &RenderOptions::default());
    let report: Value = serde_json::from_str(&json).unwrap();
    assert_has(
        &report,
        &["schema", "generator", "articles", "stories"],
        "report",
    );
    assert_eq!(report["schema"], "corroborate.report/1");
    assert!(report["generator"]
        .as_str()
        .unwrap()
        .starts_with("corroborate "));
    assert_eq!(report["failures"][0]["path"], "inbox/scan<1>.pdf");

    let articles = report["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 3);
    for (article, doc) in articles.iter().zip(&analysis.documents) {
        assert_has(
            article,
            &[
                "id",
                "path",
                "outlet",
                "url",
                "title",
                "published",
                "language",
                "text",
                "derived_from",
                "sentences",
                "dropped",
            ],
            "article",
        );
        let text = article["text"].as_str().unwrap();
        assert_eq!(text, doc.text);
        for (index, sentence) in article["sentences"].as_array().unwrap().iter().enumerate() {
            assert_has(sentence, &["index", "span", "text"], "sentence");
            assert_eq!(sentence["index"], index);
            let (start, end) = span(&sentence["span"]);
            assert_eq!(&text[start..end], sentence["text"].as_str().unwrap());
        }
        for dropped in article["dropped"].as_array().unwrap() {
            assert_has(dropped, &["span", "text", "reason", "detail"], "dropped");
            let (start, end) = span(&dropped["span"]);
            assert_eq!(&doc.source[start..end], dropped["text"].as_str().unwrap());
            assert_eq!(dropped["reason"], "boilerplate");
        }
    }
    assert_eq!(articles[0]["dropped"][0]["text"], "Share on Facebook");
    assert!(articles[0]["derived_from"].is_null());
    assert_has(
        &articles[1]["derived_from"],
        &["article", "similarity", "evidence"],
        "derived_from",
    );
    assert_eq!(articles[1]["derived_from"]["article"], "ledger");

    let story = &report["stories"][0];
    assert_has(
        story,
        &[
            "id", "title", "articles", "claims", "entities", "quotes", "figures", "summary",
            "timeline",
        ],
        "story",
    );
    for claim in story["claims"].as_array().unwrap() {
        assert_has(
            claim,
            &[
                "id",
                "status",
                "text",
                "independent_sources",
                "support",
                "conflicts",
            ],
            "claim",
        );
        let status = claim["status"].as_str().unwrap();
        assert!(["corroborated", "single_source", "conflicting"].contains(&status));
        for support in claim["support"].as_array().unwrap() {
            assert_has(support, &["article", "sentence", "span", "text"], "support");
            assert_eq!(
                slice(articles, &support["article"], &support["span"]),
                support["text"].as_str().unwrap()
            );
        }
        for conflict in claim["conflicts"].as_array().unwrap() {
            assert_has(conflict, &["claim", "kind", "detail"], "conflict");
            assert_eq!(conflict["kind"], "number");
        }
    }
    for entity in story["entities"].as_array().unwrap() {
        assert_has(
            entity,
            &["id", "name", "type", "aliases", "mentions"],
            "entity",
        );
        assert_eq!(entity["type"], "PERSON");
        for mention in entity["mentions"].as_array().unwrap() {
            assert_has(mention, &["article", "span"], "mention");
            assert_eq!(
                slice(articles, &mention["article"], &mention["span"]),
                "Ana Ruiz"
            );
        }
        for role in entity["roles"].as_array().unwrap() {
            assert_eq!(
                slice(articles, &role["article"], &role["span"]),
                role["text"]
            );
        }
    }
    for quote in story["quotes"].as_array().unwrap() {
        assert_has(
            quote,
            &["id", "speaker", "speaker_name", "text", "sources"],
            "quote",
        );
        for source in quote["sources"].as_array().unwrap() {
            assert_has(source, &["article", "span", "verbatim"], "quote source");
            let copy = slice(articles, &source["article"], &source["span"]);
            assert_eq!(copy == quote["text"], source["verbatim"].as_bool().unwrap());
        }
    }
    for figure in story["figures"].as_array().unwrap() {
        assert_has(
            figure,
            &[
                "id",
                "kind",
                "amount",
                "unit",
                "text",
                "equivalents",
                "sources",
                "consistent",
            ],
            "figure",
        );
        for equivalent in figure["equivalents"].as_array().unwrap() {
            assert_has(equivalent, &["amount", "unit", "text"], "equivalent");
        }
        for source in figure["sources"].as_array().unwrap() {
            assert_has(source, &["article", "span"], "figure source");
            slice(articles, &source["article"], &source["span"]);
        }
    }
    assert_eq!(story["figures"][0]["amount"].as_f64(), Some(21e9));
    let summary = story["summary"].as_array().unwrap();
    assert!(!summary.is_empty());
    for sentence in summary {
        assert_has(
            sentence,
            &["text", "citations", "section"],
            "summary sentence",
        );
        let citations = sentence["citations"].as_array().unwrap();
        assert!(!citations.is_empty());
        for cite in citations {
            assert_has(cite, &["article", "span"], "citation");
            slice(articles, &cite["article"], &cite["span"]);
        }
    }
    for entry in story["timeline"].as_array().unwrap() {
        assert_has(entry, &["date", "text", "citations"], "timeline entry");
        for cite in entry["citations"].as_array().unwrap() {
            slice(articles, &cite["article"], &cite["span"]);
        }
    }
    assert_eq!(story["timeline"][0]["date"], "2024-05-14");
}

#[test]
fn html_escapes_article_text_everywhere() {
    let analysis = common::analysis();
    let html = render(&analysis, Format::Html, &RenderOptions::default());
    assert!(html.starts_with("<!DOCTYPE html>"));
    // Exactly one <script: none. Article markup appears only escaped.
    assert!(
        !html.to_lowercase().contains("<script"),
        "raw script tag in html"
    );
    assert!(!html.contains("<img"), "raw img tag in html");
    assert!(!html.contains("<b>"), "raw outlet markup in html");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;script&gt;document.title=&#39;PWNED&#39;&lt;/script&gt;"));
    assert!(html.contains("onerror=&quot;document.body.setAttribute"));
    assert!(html.contains("Metro Wire &lt;b&gt;&quot; onerror="));
    // No external assets.
    for external in ["<link", "src=\"http", "@import", "url(http"] {
        assert!(!html.contains(external), "external asset: {external}");
    }
    assert!(html.contains("Content-Security-Policy"));
    // Charts, tables and anchors.
    // Coverage matrix, outlet similarity, timeline chart.
    assert_eq!(html.matches("<svg").count(), 3);
    assert_eq!(html.matches("<svg class=\"timeline\"").count(), 1);
    assert!(html.contains("aria-label=\"claims by outlet coverage matrix\""));
    assert!(html.contains("aria-label=\"outlet similarity matrix\""));
    assert!(html.contains("<h3>Quotes</h3>") && html.contains("<h3>Figures</h3>"));
    assert!(html.contains("<h3>Who and what</h3>"));
    assert!(html.contains("id=\"a-ledger-s-0\""));
    assert!(html.contains("href=\"#a-ledger-s-0\""));
    assert!(html
        .contains("<mark>The city council approved a €21 billion transit plan on Tuesday.</mark>"));
    // Every citation link points at an anchor that exists.
    for href in html.split("class=\"cite\" href=\"#").skip(1) {
        let target = &href[..href.find('"').unwrap()];
        assert!(
            html.contains(&format!("id=\"{target}\"")),
            "dangling citation #{target}"
        );
    }
}

#[test]
fn terminal_wraps_to_width_and_colours_only_when_asked() {
    let analysis = common::analysis();
    let plain = render(&analysis, Format::Terminal, &RenderOptions::default());
    assert!(!plain.contains('\x1b'));
    for line in plain.lines() {
        assert!(line.chars().count() <= 80, "line over 80 columns: {line:?}");
    }
    for heading in [
        "Sources",
        "What the sources agree on",
        "Where reports differ",
        "Reported by one outlet only",
        "Quotes",
        "Figures",
        "Timeline",
        "Failures",
    ] {
        assert!(
            plain
                .lines()
                .any(|line| line == heading || line.ends_with(heading)),
            "{heading}"
        );
    }
    assert!(plain.contains("  [1] Daily Ledger (ledger)"));
    // Without an outlet or a title the id stands alone, not twice.
    let mut unnamed = common::analysis();
    let wire = unnamed
        .documents
        .iter_mut()
        .find(|d| d.id == "wire")
        .unwrap();
    wire.meta.outlet = None;
    wire.meta.title = None;
    let text = render(&unnamed, Format::Terminal, &RenderOptions::default());
    assert!(text.contains("  [3] wire · adds"), "{text}");
    assert!(!text.contains("wire (wire)"));
    assert!(plain.contains("on Tuesday. [1][2][3]"));
    assert!(plain.contains("sources disagree"));
    let flat = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Council vote · adds 1 claim alone · omits 1 corroborated claim"));
    let coloured = render(
        &analysis,
        Format::Terminal,
        &RenderOptions {
            color: true,
            width: 60,
            ..RenderOptions::default()
        },
    );
    assert!(coloured.contains("\x1b[1m"));
}

#[test]
fn markdown_links_citations_to_cited_sentences() {
    let analysis = common::analysis();
    let markdown = render(&analysis, Format::Markdown, &RenderOptions::default());
    assert!(markdown.contains("# corroborate report"));
    assert!(markdown.contains("### What the sources agree on"));
    assert!(markdown.contains("[\\[1\\]](#s1-c1)"));
    assert!(markdown.contains(
        "<a id=\"s1-c1\"></a>“The city council approved a €21 billion transit plan on Tuesday.”"
    ));
    assert!(!markdown.contains("<script"));
    assert!(markdown.contains("&lt;script&gt;"));
    // Every link target exists.
    for link in markdown.split("](#").skip(1) {
        let target = &link[..link.find(')').unwrap()];
        assert!(
            markdown.contains(&format!("<a id=\"{target}\"></a>")),
            "dangling #{target}"
        );
    }
}

#[test]
fn html_lists_stories_when_there_are_several() {
    let mut analysis = common::analysis();
    let mut second = analysis.stories[0].clone();
    second.id = "s 2".into();
    second.title = "Second <story>".into();
    analysis.stories.push(second);
    let html = render(&analysis, Format::Html, &RenderOptions::default());
    assert!(html.contains(r##"<a href="#story-s.202">Second &lt;story&gt;</a>"##));
    assert!(html.contains(r#"<section class="story" id="story-s.202">"#));
    let single = render(&common::analysis(), Format::Html, &RenderOptions::default());
    assert!(!single.contains("class=\"toc\""));
}
