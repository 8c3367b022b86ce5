//! Arbitrary input never panics, and every document keeps its invariants.

mod common;

use std::io::Write;

use common::check_invariants;
use corroborate_ingest::read_bytes;
use proptest::prelude::*;

fn check_all(name: &str, bytes: Vec<u8>) {
    for result in read_bytes(name, bytes) {
        match result {
            Ok(doc) => check_invariants(&doc),
            Err(error) => assert!(!error.to_string().contains('\n')),
        }
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

const NAMES: &[&str] = &[
    "a.txt", "a.md", "a.html", "a.jsonl", "a.xml", "a.warc", "a", "-",
];

fn text_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            "[A-Za-z]{1,8}",
            Just(" ".to_string()),
            Just("\n".to_string()),
            Just("\n\n".to_string()),
            Just("  ".to_string()),
            Just(". ".to_string()),
            Just("# ".to_string()),
            Just("*".to_string()),
            Just("[x](y)".to_string()),
            Just("MOSCOW — ".to_string()),
            Just("Moscow: ".to_string()),
            Just("&amp;".to_string()),
            Just("é€“”".to_string()),
            Just("\r\n".to_string()),
            Just("\t".to_string()),
            "\\PC{1,3}",
        ],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, .. ProptestConfig::default() })]

    #[test]
    fn random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600), name in prop::sample::select(NAMES)) {
        check_all(name, bytes);
    }

    #[test]
    fn random_text(text in text_strategy(), name in prop::sample::select(NAMES)) {
        check_all(name, text.into_bytes());
    }

    #[test]
    fn random_gzip(bytes in prop::collection::vec(any::<u8>(), 0..300), text in text_strategy(), cut in 0usize..400) {
        let mut packed = gzip(&bytes);
        packed.truncate(cut.max(2));
        check_all("a.txt.gz", packed);
        check_all("b.txt.gz", gzip(text.as_bytes()));
    }

    #[test]
    fn random_warc(text in text_strategy(), junk in prop::collection::vec(any::<u8>(), 0..200), len in 0usize..400) {
        let mut bytes = format!("WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http\r\nContent-Length: {len}\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>{text}</p>").into_bytes();
        bytes.extend_from_slice(&junk);
        check_all("a.warc", bytes.clone());
        check_all("a.warc.gz", gzip(&bytes));
    }

    #[test]
    fn random_html(text in text_strategy(), tags in prop::collection::vec(prop::sample::select(vec!["<p>", "</p>", "<div>", "</div>", "<br>", "<b>", "</b>", "<script>", "</script>", "<!--", "-->", "<article>", "&nbsp;", "&#x20AC;", "<", ">", "&"]), 0..20)) {
        let mut page = String::from("<html><body>");
        for (k, tag) in tags.iter().enumerate() {
            page.push_str(tag);
            page.push_str(text.get(k * 7..(k * 7 + 7).min(text.len())).unwrap_or(&text));
        }
        page.push_str(&text);
        check_all("p.html", page.into_bytes());
    }

    #[test]
    fn random_jsonl(text in text_strategy(), html in any::<bool>()) {
        let key = if html { "html" } else { "text" };
        let line = serde_json::json!({ "id": "x", key: text, "title": "t" }).to_string();
        check_all("a.jsonl", format!("{line}\n{line}\n{{broken\n").into_bytes());
    }
}
