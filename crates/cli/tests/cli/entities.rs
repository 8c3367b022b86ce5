//! The trained entity tagger on the full `analyze` path: tokenised sentences as JSONL
//! articles in, typed spans read back from the JSON report's entity mentions. Skipped
//! without the model unless `CORROBORATE_REQUIRE_MODEL=1`.

use std::collections::BTreeSet;
use std::io::Write;

use serde_json::Value;

use super::corroborate;

/// (mention text, type) of every entity mention in the report.
fn typed_mentions(report: &Value) -> BTreeSet<(String, String)> {
    let texts: std::collections::HashMap<&str, &str> = report["articles"]
        .as_array()
        .expect("articles")
        .iter()
        .map(|a| {
            (
                a["id"].as_str().expect("id"),
                a["text"].as_str().expect("text"),
            )
        })
        .collect();
    let mut out = BTreeSet::new();
    for story in report["stories"].as_array().expect("stories") {
        for entity in story["entities"].as_array().expect("entities") {
            let kind = entity["type"].as_str().expect("type").to_string();
            for mention in entity["mentions"].as_array().expect("mentions") {
                let text = texts[mention["article"].as_str().expect("article")];
                let start = mention["span"][0].as_u64().expect("start") as usize;
                let end = mention["span"][1].as_u64().expect("end") as usize;
                out.insert((text[start..end].to_string(), kind.clone()));
            }
        }
    }
    out
}

#[test]
fn analyze_tags_tokenised_sentences_with_the_trained_tagger() {
    let Some(model) = super::installed_model() else {
        return;
    };
    let sentences = [
        "Tomas Berglund , the chief executive of Nordvik Shipping , said in Oslo on Tuesday that profits would fall .",
        "Berglund told Reuters that the Norwegian government had not been consulted .",
        "Police in Lyon arrested Karim Haddad after a march organised by the Green Party .",
    ];
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("conll.jsonl");
    let mut file = std::fs::File::create(&path).expect("create");
    for (i, text) in sentences.iter().enumerate() {
        let line = serde_json::json!({ "id": format!("s{i}"), "text": text });
        writeln!(file, "{line}").expect("write");
    }
    drop(file);
    let tagged = || {
        let mut command = corroborate();
        command
            .args(["analyze", "--no-cache", "--format", "json"])
            .arg("--model-dir")
            .arg(&model)
            .env("XDG_CACHE_HOME", dir.path());
        let output = command.arg(&path).output().expect("run corroborate");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
        assert!(
            report["encoder"]
                .as_str()
                .is_some_and(|e| e.starts_with("all-MiniLM-L6-v2")),
            "{}",
            report["encoder"]
        );
        typed_mentions(&report)
    };
    let got = tagged();
    let has = |text: &str, kind: &str| got.contains(&(text.to_string(), kind.to_string()));
    for (text, kind) in [
        ("Tomas Berglund", "PERSON"),
        ("Berglund", "PERSON"),
        ("Nordvik Shipping", "ORGANIZATION"),
        ("Oslo", "LOCATION"),
        ("Reuters", "ORGANIZATION"),
        ("Lyon", "LOCATION"),
        ("Karim Haddad", "PERSON"),
        ("Green Party", "ORGANIZATION"),
    ] {
        assert!(has(text, kind), "{text} {kind} missing from {got:?}");
    }
    // nothing but names: no mention is a lower-case word
    assert!(
        got.iter()
            .all(|(text, _)| text.chars().next().is_some_and(char::is_uppercase)),
        "{got:?}"
    );
}
