//! Each reader on small hand-made inputs: metadata, source text, and alignment.

mod common;

use common::{check_invariants, one, raw_of};
use corroborate_ingest::read_bytes;

#[test]
fn plain_text_one_paragraph_a_line() {
    let raw = "Quiet talks in Geneva\nGENEVA — Envoys met on Friday.  \n  They talked for hours.\n";
    let doc = one("notes/a1.txt", raw.as_bytes());
    assert_eq!(doc.id, "a1");
    assert_eq!(doc.meta.title.as_deref(), Some("Quiet talks in Geneva"));
    assert_eq!(doc.meta.dateline.as_deref(), Some("GENEVA —"));
    assert_eq!(doc.meta.format.as_deref(), Some("txt"));
    assert_eq!(doc.meta.path.as_deref(), Some("notes/a1.txt"));
    assert_eq!(doc.source, "Envoys met on Friday.\nThey talked for hours.");
    assert_eq!(raw_of(&doc, "They talked"), "They talked");
    check_invariants(&doc);
}

#[test]
fn hard_wrapped_paragraphs_are_joined() {
    let raw = "Officials from both countries met in the capital on Tuesday to discuss the\n\
               terms of a ceasefire that could end the fighting along the border region\n\
               within weeks, according to people familiar with the matter.\n\
               \n\
               The talks are expected to continue next week when a second delegation\n\
               arrives from abroad with new proposals for monitoring the agreement.\n";
    let doc = one("w.txt", raw.as_bytes());
    let lines: Vec<&str> = doc.source.lines().collect();
    assert_eq!(lines.len(), 2, "{:?}", doc.source);
    assert!(lines[0].contains("discuss the terms of a ceasefire"));
    assert_eq!(doc.meta.title, None);
    assert_eq!(raw_of(&doc, "terms of a ceasefire"), "terms of a ceasefire");
    let joined = raw_of(&doc, "the terms");
    assert_eq!(joined, "the\nterms");
    check_invariants(&doc);
}

#[test]
fn blank_line_paragraphs() {
    let raw = "First paragraph here.\n\n\nSecond paragraph follows.\r\n\r\nThird one.";
    let doc = one("b.txt", raw.as_bytes());
    assert_eq!(
        doc.source,
        "First paragraph here.\nSecond paragraph follows.\nThird one."
    );
    assert_eq!(doc.meta.title, None);
    check_invariants(&doc);
}

#[test]
fn markdown_is_stripped() {
    let raw = "# Ceasefire *talks* resume\n\nBy Jane Roe\n\nThe **envoy** met [the minister](https://x.test/m) on Friday.\n\n![photo](p.jpg)\n\n- Talks will _continue_ next week.\n";
    let doc = one("story.md", raw.as_bytes());
    assert_eq!(doc.meta.title.as_deref(), Some("Ceasefire talks resume"));
    assert_eq!(doc.meta.byline.as_deref(), Some("Jane Roe"));
    assert_eq!(
        doc.source,
        "The envoy met the minister on Friday.\nTalks will continue next week."
    );
    assert_eq!(raw_of(&doc, "the minister"), "the minister");
    assert_eq!(raw_of(&doc, "envoy"), "envoy");
    check_invariants(&doc);
}

#[test]
fn windows_1252_text_is_decoded() {
    let raw = b"Prices rose\n\x93It costs \x80 20,\x94 said the caf\xe9 owner \x96 twice.\nMore text follows here.\n";
    let doc = one("c.txt", raw);
    assert!(
        doc.source
            .starts_with("\u{201c}It costs € 20,\u{201d} said the café owner – twice."),
        "{}",
        doc.source
    );
    assert_eq!(doc.meta.title.as_deref(), Some("Prices rose"));
    assert_eq!(raw_of(&doc, "café"), String::from_utf8_lossy(b"caf\xe9"));
    assert_eq!(raw_of(&doc, "owner"), "owner");
    check_invariants(&doc);
}

#[test]
fn utf16_with_bom() {
    let mut raw = vec![0xff, 0xfe];
    for unit in "Héllo there, all.\nSecond line.".encode_utf16() {
        raw.extend_from_slice(&unit.to_le_bytes());
    }
    let doc = one("u.txt", &raw);
    assert_eq!(doc.source, "Héllo there, all.\nSecond line.");
    check_invariants(&doc);
}

const PAGE: &str = r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Envoy meets leader | Daily Test</title>
<meta property="og:site_name" content="Daily Test"><meta name="author" content="Jane Roe">
<link rel="canonical" href="https://daily.test/world/envoy">
<meta property="article:published_time" content="2025-04-11T09:30:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Envoy meets leader</h1>
<p>The special envoy arrived in the northern city on Friday for talks with the president, officials said, in a meeting that lasted more than four hours.</p>
<p>Advertisement</p>
<p>Both sides described the talks as &ldquo;productive&rdquo; and said they would meet again soon to discuss a ceasefire &amp; prisoner exchanges.</p>
<p>Analysts said the meeting showed a willingness to negotiate, though major differences remain over territory, security guarantees and sanctions relief.</p>
</article><footer>Copyright 2025 Daily Test. All rights reserved.</footer></body></html>"#;

#[test]
fn html_page() {
    let doc = one("page.html", PAGE.as_bytes());
    assert_eq!(doc.meta.format.as_deref(), Some("html"));
    assert_eq!(doc.meta.outlet.as_deref(), Some("Daily Test"));
    assert_eq!(doc.meta.byline.as_deref(), Some("Jane Roe"));
    assert_eq!(
        doc.meta.url.as_deref(),
        Some("https://daily.test/world/envoy")
    );
    assert_eq!(doc.meta.published.as_deref(), Some("2025-04-11T09:30:00Z"));
    assert!(doc
        .meta
        .title
        .as_deref()
        .is_some_and(|t| t.contains("Envoy meets leader")));
    assert!(
        doc.source.contains("The special envoy arrived"),
        "{}",
        doc.source
    );
    assert!(doc.source.contains("“productive”"));
    assert!(!doc.source.contains("Advertisement"));
    assert!(!doc.source.contains("Copyright"));
    assert_eq!(raw_of(&doc, "northern city"), "northern city");
    assert_eq!(raw_of(&doc, "“productive”"), "&ldquo;productive&rdquo;");
    assert_eq!(
        raw_of(&doc, "ceasefire & prisoner"),
        "ceasefire &amp; prisoner"
    );
    check_invariants(&doc);
}

#[test]
fn html_in_latin1_uses_meta_charset() {
    let page = PAGE
        .replace("utf-8", "iso-8859-1")
        .replace("northern city", "northern citÿ");
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&page);
    let doc = one("latin.html", &bytes);
    assert!(doc.source.contains("northern citÿ"));
    assert_eq!(raw_of(&doc, "northern"), "northern");
    check_invariants(&doc);
}

#[test]
fn jsonl_records_and_bad_line() {
    let raw = concat!(
        r#"{"id":"r1","url":"https://x.test/1","source":"Wire","title":"T1","published":"2025-04-11","author":"A. B.","text":"First para with \"quotes\".\nSecond para."}"#,
        "\n",
        "{not json}\n",
        "\n",
        r#"{"url":"https://x.test/2","html":"<html><body><article><p>A long enough paragraph of article text that the extractor keeps as the main content of this page.</p><p>And another paragraph with more words so the article is not too short to keep.</p></article></body></html>"}"#,
        "\n",
        r#"{"id":"r1","text":"Duplicate id text."}"#,
        "\n",
    );
    let results = read_bytes("feed.jsonl", raw.as_bytes().to_vec());
    assert_eq!(results.len(), 4);
    let first = results[0].as_ref().unwrap();
    assert_eq!(first.id, "r1");
    assert_eq!(first.meta.outlet.as_deref(), Some("Wire"));
    assert_eq!(first.meta.title.as_deref(), Some("T1"));
    assert_eq!(first.meta.byline.as_deref(), Some("A. B."));
    assert_eq!(first.meta.published.as_deref(), Some("2025-04-11"));
    assert_eq!(first.meta.format.as_deref(), Some("jsonl"));
    assert_eq!(first.source, "First para with \"quotes\".\nSecond para.");
    assert_eq!(raw_of(first, "\"quotes\""), "\\\"quotes\\\"");
    assert_eq!(raw_of(first, "Second para."), "Second para.");
    check_invariants(first);
    let error = results[1].as_ref().unwrap_err().to_string();
    assert!(error.starts_with("feed.jsonl:2: invalid JSON"), "{error}");
    let third = results[2].as_ref().unwrap();
    assert_eq!(third.id, "feed-3");
    assert!(
        third.source.contains("A long enough paragraph"),
        "{}",
        third.source
    );
    assert_eq!(raw_of(third, "long enough"), "long enough");
    check_invariants(third);
    assert_eq!(results[3].as_ref().unwrap().id, "r1-2");
}

#[test]
fn rss_feed() {
    let raw = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Wire Service</title><link>https://wire.test</link><description>d</description>
<item><title>First item</title><link>https://wire.test/1</link><pubDate>Fri, 11 Apr 2025 09:30:00 GMT</pubDate>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>Full text of the first item.</p><p>Its second paragraph &amp; more.</p>]]></content:encoded></item>
<item><title>Second item</title><link>https://wire.test/2</link><description>&lt;p&gt;Only a summary here.&lt;/p&gt;</description></item>
</channel></rss>"#;
    let results = read_bytes("wire.xml", raw.as_bytes().to_vec());
    assert_eq!(results.len(), 2);
    let first = results[0].as_ref().unwrap();
    assert_eq!(first.id, "wire-1");
    assert_eq!(first.meta.outlet.as_deref(), Some("Wire Service"));
    assert_eq!(first.meta.title.as_deref(), Some("First item"));
    assert_eq!(first.meta.url.as_deref(), Some("https://wire.test/1"));
    assert_eq!(
        first.meta.published.as_deref(),
        Some("2025-04-11T09:30:00Z")
    );
    assert_eq!(first.meta.format.as_deref(), Some("rss"));
    assert_eq!(
        first.source,
        "Full text of the first item.\nIts second paragraph & more."
    );
    assert_eq!(raw_of(first, "& more"), "&amp; more");
    check_invariants(first);
    let second = results[1].as_ref().unwrap();
    assert_eq!(second.source, "Only a summary here.");
}

#[test]
fn atom_feed() {
    let raw = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title><id>urn:x</id><updated>2025-04-11T00:00:00Z</updated>
<entry><title>An entry</title><id>urn:e1</id><link href="https://atom.test/e1"/><updated>2025-04-12T08:00:00Z</updated>
<author><name>Jane Roe</name></author>
<summary type="html">&lt;p&gt;Entry text one.&lt;/p&gt;&lt;p&gt;Entry text two.&lt;/p&gt;</summary></entry></feed>"#;
    let results = read_bytes("news.atom", raw.as_bytes().to_vec());
    let doc = results[0].as_ref().unwrap();
    assert_eq!(doc.meta.format.as_deref(), Some("atom"));
    assert_eq!(doc.meta.outlet.as_deref(), Some("Atom News"));
    assert_eq!(doc.meta.byline.as_deref(), Some("Jane Roe"));
    assert_eq!(doc.meta.published.as_deref(), Some("2025-04-12T08:00:00Z"));
    assert_eq!(doc.source, "Entry text one.\nEntry text two.");
    check_invariants(doc);
}

pub fn warc_record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Record-ID: <urn:uuid:1>\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn http_response(content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn warc_and_warc_gz() {
    let latin = encoding_rs::WINDOWS_1252
        .encode(
            &PAGE
                .replace("<meta charset=\"utf-8\">", "")
                .replace("northern city", "northern café"),
        )
        .0
        .into_owned();
    let records = [
        warc_record(
            "warcinfo",
            "",
            "application/warc-fields",
            b"software: test\r\n",
        ),
        warc_record(
            "request",
            "https://daily.test/a",
            "application/http; msgtype=request",
            b"GET /a HTTP/1.1\r\n\r\n",
        ),
        warc_record(
            "response",
            "https://daily.test/a",
            "application/http; msgtype=response",
            &http_response("text/html; charset=windows-1252", &latin),
        ),
        warc_record(
            "response",
            "https://daily.test/img",
            "application/http; msgtype=response",
            &http_response("image/png", b"\x89PNG\x00\x00"),
        ),
    ];
    let plain: Vec<u8> = records.concat();
    let results = read_bytes("crawl.warc", plain.clone());
    assert_eq!(results.len(), 1, "{results:?}");
    let doc = results[0].as_ref().unwrap();
    assert_eq!(doc.id, "crawl-3");
    assert_eq!(doc.meta.url.as_deref(), Some("https://daily.test/a"));
    assert_eq!(doc.meta.format.as_deref(), Some("warc"));
    assert!(doc.source.contains("northern café"), "{}", doc.source);
    assert_eq!(raw_of(doc, "northern"), "northern");
    check_invariants(doc);
    // per-record gzip
    let gz: Vec<u8> = records.iter().map(|r| gzip(r)).collect::<Vec<_>>().concat();
    let results = read_bytes("crawl.warc.gz", gz);
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].as_ref().unwrap().id, "crawl-3");
}

#[test]
fn malformed_warc_keeps_good_records() {
    let good = warc_record(
        "response",
        "https://daily.test/a",
        "application/http; msgtype=response",
        &http_response("text/html", PAGE.as_bytes()),
    );
    let mut bytes = good.clone();
    bytes.extend_from_slice(
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort",
    );
    let results = read_bytes("bad.warc", bytes);
    assert_eq!(results.len(), 2);
    assert!(results[0].is_ok());
    let error = results[1].as_ref().unwrap_err().to_string();
    assert!(
        error.starts_with("bad.warc: malformed warc (record 2"),
        "{error}"
    );
    assert!(!error.contains('\n'));
    let results = read_bytes("junk.warc", b"WARC/1.0\r\nno end".to_vec());
    assert!(results[0]
        .as_ref()
        .unwrap_err()
        .to_string()
        .contains("malformed warc"));
}

#[test]
fn gzipped_text() {
    let doc = one("000_x.txt.gz", &gzip(b"Body text here.\nAnother line."));
    assert_eq!(doc.id, "000_x");
    assert_eq!(doc.source, "Body text here.\nAnother line.");
    check_invariants(&doc);
}

#[test]
fn dateline_alone_on_the_first_line() {
    let raw = "MOSCOW —\nTalks resumed on Friday in the capital.\nBoth sides spoke.";
    let doc = one("d.txt", raw.as_bytes());
    assert_eq!(doc.meta.dateline.as_deref(), Some("MOSCOW —"));
    assert_eq!(
        doc.source,
        "Talks resumed on Friday in the capital.\nBoth sides spoke."
    );
    check_invariants(&doc);
    // regression: a dateline covering a wrapped first line left a leading space
    let doc = one("e.jsonl", br#"{"text":"AAMOSCOW \u2014 \n  a\n. "}"#);
    check_invariants(&doc);
}

#[test]
fn a_date_on_its_own_line_is_the_publication_date() {
    let body =
        "Apple released a new lineup of laptops at a media event in Cupertino on Wednesday.\n\
                Shares of the company rose by two percent in early trading after the event.\n\
                Analysts said the new machines would sell well before the holiday season.";
    let raw = format!("Apple unveils new laptops\nOctober 23 , 2010\n{body}");
    let doc = one("a.txt", raw.as_bytes());
    assert_eq!(doc.meta.title.as_deref(), Some("Apple unveils new laptops"));
    assert_eq!(doc.meta.published.as_deref(), Some("2010-10-23"));
    assert_eq!(doc.source, body);
    check_invariants(&doc);
    let spanish = "Apple presenta portátiles\n\n1 de marzo de 2008\n\nApple presentó nuevos portátiles.\n\nFin.";
    let doc = one("b.txt", spanish.as_bytes());
    assert_eq!(doc.meta.published.as_deref(), Some("2008-03-01"));
    // a title that ends in a period, or starts lower-case, is still one above a date line
    let italian = format!("iTunes di Apple supera Wal - Mart negli U. S.\n9 aprile 2008\n{body}");
    let doc = one("d.txt", italian.as_bytes());
    assert_eq!(
        doc.meta.title.as_deref(),
        Some("iTunes di Apple supera Wal - Mart negli U. S.")
    );
    assert_eq!(doc.meta.published.as_deref(), Some("2008-04-09"));
    assert_eq!(doc.source, body);
    // a date inside a sentence is no publication date
    let doc = one(
        "c.txt",
        b"Title here\n\nOn October 23, 2010 Apple released laptops.\n\nFin.",
    );
    assert_eq!(doc.meta.published, None);
}

#[test]
fn markdown_dateline_in_bold() {
    // regression: "**CITY** —" kept the dateline in the first sentence
    let raw = "# Harbour reopens\n\n**BAYSIDE** — The harbour reopened on Tuesday after repairs.\n\nShips returned by noon.\n";
    let doc = one("news/b.md", raw.as_bytes());
    assert_eq!(doc.meta.title.as_deref(), Some("Harbour reopens"));
    assert_eq!(doc.meta.dateline.as_deref(), Some("BAYSIDE —"));
    assert_eq!(
        doc.source,
        "The harbour reopened on Tuesday after repairs.\nShips returned by noon."
    );
    check_invariants(&doc);
}
