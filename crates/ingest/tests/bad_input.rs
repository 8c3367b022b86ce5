//! Bad input: each case gives a clear one-line error, never a panic.

mod common;

use corroborate_ingest::{discover, read_bytes, read_input, Input};

fn error_of(name: &str, bytes: Vec<u8>) -> String {
    let results = read_bytes(name, bytes);
    assert_eq!(results.len(), 1, "{results:?}");
    let error = results.into_iter().next().unwrap().unwrap_err();
    assert_eq!(error.path(), name);
    let message = error.to_string();
    assert!(!message.contains('\n'), "{message}");
    message
}

#[test]
fn empty_file() {
    assert_eq!(error_of("empty.txt", Vec::new()), "empty.txt: empty file");
    assert!(error_of("blank.txt", b"  \n\n \t\n".to_vec())
        .starts_with("blank.txt: no article text found"));
}

#[test]
fn binary_file() {
    let mut bytes = b"\x7fELF\x02\x01\x01".to_vec();
    bytes.extend((0..4000u32).map(|i| (i * 7 % 256) as u8));
    assert_eq!(
        error_of("blob.bin", bytes),
        "blob.bin: binary content, not text"
    );
}

#[test]
fn invalid_utf8_is_decoded_not_garbled() {
    let results = read_bytes(
        "bad.txt",
        b"Caf\xe9 owners said prices rose \xff sharply.\n".to_vec(),
    );
    let doc = results[0].as_ref().unwrap();
    assert!(doc.source.starts_with("Café owners"), "{}", doc.source);
}

#[test]
fn fifty_megabyte_file() {
    let line = "A sentence of filler text for a very large file.\n";
    let bytes = line.repeat(50_000_000 / line.len() + 1).into_bytes();
    let message = error_of("big.txt", bytes);
    assert_eq!(
        message,
        "big.txt: too large for one article (50.0 MB > 10 MB)"
    );
}

#[test]
fn truncated_gzip() {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all("Some text that will be cut off. ".repeat(200).as_bytes())
        .unwrap();
    let mut bytes = encoder.finish().unwrap();
    bytes.truncate(bytes.len() / 2);
    assert_eq!(
        error_of("a.txt.gz", bytes),
        "a.txt.gz: truncated gzip stream"
    );
    assert!(error_of(
        "b.txt.gz",
        vec![0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff, 1, 2, 3]
    )
    .starts_with("b.txt.gz: "));
}

#[test]
fn malformed_warc() {
    let message = error_of(
        "m.warc",
        b"WARC/1.0\r\nWARC-Type: response\r\n\r\nbody".to_vec(),
    );
    assert_eq!(
        message,
        "m.warc: malformed warc (record 1 at byte 0: no Content-Length)"
    );
}

#[test]
fn html_without_article() {
    let page = "<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a><a href='/a'>About</a></nav><div>Login</div></body></html>";
    let message = error_of("data/x.html", page.as_bytes().to_vec());
    assert!(
        message.starts_with("data/x.html: no article text found (page has 0 paragraphs of prose)"),
        "{message}"
    );
}

#[test]
fn missing_file_and_discovery() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("sub")).unwrap();
    std::fs::create_dir_all(dir.path().join(".hidden")).unwrap();
    std::fs::write(dir.path().join("b.txt"), "Second.").unwrap();
    std::fs::write(dir.path().join("a.txt"), "First.").unwrap();
    std::fs::write(dir.path().join(".secret.txt"), "no").unwrap();
    std::fs::write(dir.path().join(".hidden/c.txt"), "no").unwrap();
    std::fs::write(dir.path().join("sub/c.txt"), "Third.").unwrap();
    let missing = dir.path().join("nope.txt");
    let inputs = discover(&[dir.path().to_path_buf(), "-".into(), missing.clone()]);
    let names: Vec<String> = inputs
        .iter()
        .filter_map(|i| i.as_ref().ok())
        .map(|i| match i {
            Input::File(p) => p.strip_prefix(dir.path()).unwrap().display().to_string(),
            Input::Stdin => "-".into(),
        })
        .collect();
    assert_eq!(names, vec!["a.txt", "b.txt", "sub/c.txt", "-"]);
    let error = inputs.last().unwrap().as_ref().unwrap_err();
    assert!(error
        .to_string()
        .starts_with(&missing.display().to_string()));
    let results = read_input(&Input::File(missing.clone()));
    assert!(results[0].as_ref().is_err());
    let docs = read_input(&Input::File(dir.path().join("a.txt")));
    assert_eq!(docs[0].as_ref().unwrap().source, "First.");
}

const ARTICLE_PARAGRAPH: &str = "Port workers in Rotterdam ended a week-long strike on Friday after the union accepted a pay offer of 4 percent, the port authority said.";

/// Reads an HTML page on a thread with a small stack (as a worker thread has), timed.
fn read_page_bounded(name: &'static str, page: String) -> (Vec<String>, std::time::Duration) {
    let started = std::time::Instant::now();
    let results = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || read_bytes(name, page.into_bytes()))
        .unwrap()
        .join()
        .expect("no panic, no stack overflow");
    let sources = results
        .into_iter()
        .map(|result| result.map_or_else(|err| err.to_string(), |doc| doc.source))
        .collect();
    (sources, started.elapsed())
}

#[test]
fn deeply_nested_page_is_read_in_bounded_time() {
    let depth = 200_000;
    let page = format!(
        "<html><body>{}<p>{ARTICLE_PARAGRAPH}</p>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let (sources, elapsed) = read_page_bounded("nested.html", page);
    assert_eq!(sources, vec![ARTICLE_PARAGRAPH.to_string()]);
    assert!(elapsed.as_secs() < 20, "{elapsed:?}");
}

#[test]
fn huge_attribute_and_line_are_read_in_bounded_time() {
    let page = format!(
        "<html><body><article><p data-x=\"{}\">{ARTICLE_PARAGRAPH}</p><p>{}</p></article></body></html>",
        "a".repeat(4_000_000),
        "word ".repeat(800_000),
    );
    let (sources, elapsed) = read_page_bounded("attribute.html", page);
    assert_eq!(sources.len(), 1);
    assert!(
        sources[0].starts_with(ARTICLE_PARAGRAPH),
        "{:.200}",
        sources[0]
    );
    assert!(elapsed.as_secs() < 20, "{elapsed:?}");
}

fn feed_items(n: usize) -> String {
    (1..=n)
        .map(|k| format!("<item><title>Item {k}</title><link>https://wire.test/{k}</link><description>Text of item {k}, long enough to read.</description></item>\n"))
        .collect()
}

fn outcome(
    results: Vec<Result<corroborate_core::Document, corroborate_ingest::IngestError>>,
) -> Vec<String> {
    results
        .into_iter()
        .map(|result| match result {
            Ok(doc) => format!("{} {}", doc.id, doc.meta.title.unwrap_or_default()),
            Err(err) => err.to_string(),
        })
        .collect()
}

#[test]
fn feed_cut_mid_item_keeps_the_complete_items() {
    let feed = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>\n{}<item><title>Item 4</title><descrip",
        feed_items(3)
    );
    assert_eq!(
        outcome(read_bytes("feed.xml", feed.into_bytes())),
        vec![
            "feed-1 Item 1",
            "feed-2 Item 2",
            "feed-3 Item 3",
            "feed.xml: truncated after item 3; 3 items kept"
        ]
    );
}

#[test]
fn feed_with_a_broken_item_keeps_the_others() {
    let items = feed_items(3).replace("<item><title>Item 2</title>", "<item><title>Item 2</titel>");
    let feed =
        format!("<rss version=\"2.0\"><channel><title>Wire</title>\n{items}</channel></rss>");
    let got = outcome(read_bytes("feed.xml", feed.into_bytes()));
    assert_eq!(got.len(), 4, "{got:?}");
    assert_eq!(got[0], "feed-1 Item 1");
    assert!(
        got[1].starts_with("feed.xml: record 2: malformed item ("),
        "{}",
        got[1]
    );
    assert_eq!(got[2], "feed-3 Item 3");
    assert!(
        got[3].starts_with("feed.xml: malformed feed ("),
        "{}",
        got[3]
    );
    assert!(got[3].ends_with("; 2 items kept"), "{}", got[3]);
}

#[test]
fn truncated_gzip_container_says_what_was_kept() {
    use std::io::Write;
    let lines: String = (1..=400)
        .map(|k| format!("{{\"id\":\"a{k}\",\"text\":\"Article number {k} says the strike ended on Friday.\"}}\n"))
        .collect();
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(lines.as_bytes()).unwrap();
    let mut bytes = encoder.finish().unwrap();
    bytes.truncate(bytes.len() * 3 / 4);
    let results = read_bytes("a.jsonl.gz", bytes);
    let kept = results.iter().filter(|result| result.is_ok()).count();
    assert!(kept > 100, "{kept}");
    let last = results.last().unwrap().as_ref().unwrap_err().to_string();
    assert_eq!(
        last,
        format!("a.jsonl.gz: truncated gzip stream; {kept} records kept")
    );
}

#[test]
fn gzip_bomb_stops_at_the_article_limit() {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..64 {
        encoder.write_all(&chunk).unwrap();
    }
    let member = encoder.finish().unwrap();
    // 16 members of 64 MiB: 1 GiB of spaces from about 1 MB
    let bomb = member.repeat(16);
    let started = std::time::Instant::now();
    assert_eq!(
        error_of("bomb.txt.gz", bomb),
        "bomb.txt.gz: gzip stream inflates to more than 10 MB"
    );
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
}
