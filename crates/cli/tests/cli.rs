//! Integration tests of the `corroborate` binary: real inputs in, the report's content checked.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

#[path = "cli/compare.rs"]
mod compare;
#[path = "cli/corpus.rs"]
mod corpus;
#[path = "cli/crash.rs"]
mod crash;
#[path = "cli/crosslingual.rs"]
mod crosslingual;
#[path = "cli/doctor.rs"]
mod doctor;
#[path = "cli/entities.rs"]
mod entities;
#[path = "cli/hostile.rs"]
mod hostile;
#[path = "cli/logging.rs"]
mod logging;
#[path = "cli/outlets.rs"]
mod outlets;
#[path = "cli/postgres.rs"]
mod postgres;
#[path = "cli/queue.rs"]
mod queue;
#[path = "cli/schemathesis.rs"]
mod schemathesis;
#[path = "cli/serve.rs"]
mod serve;
#[path = "cli/watch.rs"]
mod watch;

/// The installed model's folder; `None` (the caller skips) when it is missing and
/// `CORROBORATE_REQUIRE_MODEL=1` is not set, or in a build without the neural encoder.
fn installed_model() -> Option<PathBuf> {
    let wanted = std::env::var("CORROBORATE_REQUIRE_MODEL").is_ok_and(|v| v == "1");
    let model = corroborate_embed::default_model_dir();
    if !cfg!(feature = "neural")
        || (!wanted && corroborate_embed::verify_model_dir(&model).is_err())
    {
        eprintln!("skipping: model not installed or built with --no-default-features");
        return None;
    }
    Some(model)
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn corroborate() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_corroborate"));
    // Tests use the lexical encoder unless they ask for the model, and never a shared cache.
    command.env("NO_COLOR", "1").env_remove("CORROBORATE_LOG");
    command
}

fn run(args: &[&str]) -> Output {
    corroborate()
        .args(args)
        .current_dir(repo_root())
        .output()
        .expect("run corroborate")
}

fn json_report(args: &[&str]) -> (Value, Output) {
    let output = run(args);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|err| {
        panic!(
            "stdout is not JSON ({err}); stderr:\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (report, output)
}

fn article<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["articles"]
        .as_array()
        .expect("articles")
        .iter()
        .find(|article| article["id"] == id)
        .unwrap_or_else(|| panic!("no article {id}"))
}

/// Every sentence and dropped span slices the text it claims to.
fn check_spans(report: &Value) {
    for article in report["articles"].as_array().expect("articles") {
        let text = article["text"].as_str().expect("text");
        let sentences = article["sentences"].as_array().expect("sentences");
        let mut last_end = 0;
        for (index, sentence) in sentences.iter().enumerate() {
            assert_eq!(sentence["index"], index);
            let start = sentence["span"][0].as_u64().expect("start") as usize;
            let end = sentence["span"][1].as_u64().expect("end") as usize;
            assert!(
                start >= last_end && end > start,
                "sentence {index} out of order"
            );
            assert!(
                text[last_end..start].trim().is_empty(),
                "gap with text before sentence {index}"
            );
            assert_eq!(
                &text[start..end],
                sentence["text"].as_str().expect("sentence text")
            );
            last_end = end;
        }
        assert!(
            text[last_end..].trim().is_empty(),
            "text after the last sentence"
        );
    }
}

fn sentence_texts(article: &Value) -> Vec<String> {
    article["sentences"]
        .as_array()
        .expect("sentences")
        .iter()
        .map(|sentence| sentence["text"].as_str().expect("text").to_string())
        .collect()
}

#[test]
fn example_corpus_as_json_follows_the_contract() {
    let (report, output) = json_report(&[
        "analyze",
        "--lexical",
        "--no-cache",
        "--format",
        "json",
        "examples/harbor-strike",
    ]);
    assert!(
        output.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(report["schema"], "corroborate.report/1");
    assert!(report["generator"]
        .as_str()
        .expect("generator")
        .starts_with("corroborate "));
    let ids: Vec<&str> = report["articles"]
        .as_array()
        .expect("articles")
        .iter()
        .map(|article| article["id"].as_str().expect("id"))
        .collect();
    for id in [
        "bayside-post",
        "coastal-courier",
        "harbour-daily",
        "northwire-valmouth",
        "northwire-orchard",
    ] {
        assert!(ids.contains(&id), "missing {id} in {ids:?}");
    }
    check_spans(&report);

    let html = article(&report, "harbour-daily");
    assert_eq!(html["outlet"], "Harbour Daily");
    assert_eq!(
        html["title"],
        "Valmouth dock strike over as union backs pay offer"
    );
    assert!(html["published"]
        .as_str()
        .expect("published")
        .starts_with("2026-03-11"));
    assert_eq!(
        html["url"],
        "https://harbour-daily.example/news/valmouth-strike-over"
    );
    assert!(!html["text"]
        .as_str()
        .expect("text")
        .contains("Share this article"));

    let txt = article(&report, "coastal-courier");
    assert_eq!(
        txt["title"],
        "Port strike ends after dockworkers accept new wage deal"
    );
    assert!(txt["text"]
        .as_str()
        .expect("text")
        .starts_with("Dockworkers at the Port of Valmouth"));
    assert_eq!(txt["language"], "en");
    let markdown = article(&report, "bayside-post");
    assert_eq!(
        markdown["title"],
        "Valmouth strike ends, but questions remain over backlog"
    );
    assert!(markdown["text"]
        .as_str()
        .expect("text")
        .starts_with("The strike at the Port of Valmouth"));

    // The strike reports form one story; the frost report is another.
    let stories = report["stories"].as_array().expect("stories");
    let strike = stories
        .iter()
        .find(|story| {
            story["articles"]
                .as_array()
                .expect("articles")
                .iter()
                .any(|id| id == "coastal-courier")
        })
        .expect("strike story");
    let members: Vec<&str> = strike["articles"]
        .as_array()
        .expect("articles")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for id in [
        "bayside-post",
        "coastal-courier",
        "harbour-daily",
        "northwire-valmouth",
    ] {
        assert!(
            members.contains(&id),
            "{id} not in the strike story {members:?}"
        );
    }
    assert!(!members.contains(&"northwire-orchard"));
    let corroborated = strike["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .filter(|claim| claim["status"] == "corroborated")
        .count();
    assert!(
        corroborated >= 2,
        "expected corroborated claims in {strike:#}"
    );
    for sentence in strike["summary"].as_array().expect("summary") {
        assert!(
            !sentence["citations"]
                .as_array()
                .expect("citations")
                .is_empty(),
            "uncited: {sentence}"
        );
    }
}

#[test]
fn seeds_are_ingested_cleaned_and_segmented() {
    let Some(shared) = corroborate_core::shared_dir() else {
        eprintln!("skipping: ../shared not found");
        return;
    };
    let seeds = shared.join("seeds");
    let seeds = seeds.to_str().expect("utf-8 path");
    let (report, output) = json_report(&[
        "analyze",
        "--lexical",
        "--no-cache",
        "--format",
        "json",
        seeds,
    ]);
    assert!(
        output.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(report["articles"].as_array().expect("articles").len(), 5);
    check_spans(&report);

    let first = article(&report, "000_841b67029f013a2a");
    assert!(first["text"]
        .as_str()
        .expect("text")
        .starts_with("A senior figure"));
    assert_eq!(first["title"], Value::Null);

    let fifth = article(&report, "004_9aea78012a7bd7ff");
    assert_eq!(
        fifth["title"],
        "Witkoff engages with Putin while Trump calls on Russia to expedite efforts for a ceasefire in Ukraine"
    );
    let dropped = fifth["dropped"].as_array().expect("dropped");
    let reasons: Vec<(&str, &str)> = dropped
        .iter()
        .map(|drop| {
            (
                drop["text"].as_str().expect("text"),
                drop["reason"].as_str().expect("reason"),
            )
        })
        .collect();
    assert!(
        reasons
            .iter()
            .any(|(text, reason)| text.contains("48th birthday") && *reason == "off_topic"),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|(text, reason)| text.trim() == "No comments:" && *reason == "boilerplate"),
        "{reasons:?}"
    );
    assert_eq!(
        dropped.len(),
        2,
        "only the junk lines are dropped: {reasons:?}"
    );
    for id in [
        "000_841b67029f013a2a",
        "001_c4dd9b04b4fbc875",
        "002_f30967fe853bc2f1",
        "003_93ee6f5d1f5ef7d1",
    ] {
        assert_eq!(
            article(&report, id)["dropped"]
                .as_array()
                .expect("dropped")
                .len(),
            0,
            "{id} lost a line"
        );
    }

    // Sentence boundaries around abbreviations.
    let nyt = sentence_texts(article(&report, "002_f30967fe853bc2f1"));
    assert_eq!(
        nyt[0],
        "President Trump’s special envoy arrived in Russia on Friday to try to make progress on cease-fire talks in its war with Ukraine, meeting with President Vladimir V. Putin in St. Petersburg."
    );
    assert!(nyt.iter().any(|s| s
        .starts_with("Mr. Trump’s special envoy on negotiations with Russia")
        && s.ends_with("according to Dmitri S. Peskov, the Kremlin’s spokesman.")));
    assert!(nyt
        .iter()
        .any(|s| s.starts_with("Mr. Peskov said the meeting is unlikely")));
    assert!(nyt
        .iter()
        .any(|s| s.contains("announced more than 21 billion euros ($23.8 billion) in pledges")));
    let first_sentences = sentence_texts(first);
    assert!(first_sentences.iter().any(|s| s.starts_with("Notably absent in person was U.S. Defense Secretary Pete Hegseth, who participated virtually.")));
    assert!(first_sentences
        .iter()
        .any(|s| s.starts_with("The U.S.-Russia engagements come")));
    let bbc = sentence_texts(fifth);
    assert!(bbc.iter().any(|s| s == "Recently, US envoy Steve Witkoff met with Vladimir Putin in St Petersburg, where Donald Trump urged the Russian leader to \"get moving\" towards a ceasefire in Ukraine."));
}

#[test]
fn bad_inputs_are_reported_and_the_rest_still_comes_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = |name: &str| dir.path().join(name);
    std::fs::write(path("good.txt"), "Talks resume in Geneva\nDiplomats from both countries met in Geneva on Monday to resume talks on a trade agreement. The talks are expected to last three days.\n").expect("write");
    std::fs::write(path("empty.txt"), b"").expect("write");
    std::fs::write(
        path("binary.bin"),
        (0..4096u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<u8>>(),
    )
    .expect("write");
    // windows-1252: curly quotes, é and € must decode, not fail.
    let mut cp1252 = b"Caf\xe9 owners in Lyon said prices rose by 5 percent. \x93We cannot go on like this,\x94 one owner said about the \x80200 rise.".to_vec();
    cp1252.push(b'\n');
    std::fs::write(path("latin.txt"), cp1252).expect("write");
    let mut truncated = Vec::new();
    {
        let mut encoder =
            flate2::write::GzEncoder::new(&mut truncated, flate2::Compression::default());
        encoder
            .write_all(
                "A long article about something that happened yesterday. "
                    .repeat(200)
                    .as_bytes(),
            )
            .expect("gzip");
        encoder.finish().expect("gzip");
    }
    truncated.truncate(truncated.len() / 2);
    std::fs::write(path("cut.txt.gz"), truncated).expect("write");
    std::fs::write(
        path("broken.warc"),
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\n<html>short",
    )
    .expect("write");
    std::fs::write(
        path("nav.html"),
        "<html><body><nav><a href='/'>Home</a> | <a href='/a'>About</a></nav></body></html>",
    )
    .expect("write");
    std::fs::write(path("huge.txt"), "word ".repeat(10_500_000)).expect("write");

    let dir_arg = dir.path().to_str().expect("utf-8");
    let (report, output) = json_report(&[
        "analyze",
        "--lexical",
        "--no-cache",
        "--format",
        "json",
        dir_arg,
    ]);
    assert_eq!(output.status.code(), Some(1), "some inputs failed");
    let stderr = String::from_utf8_lossy(&output.stderr);
    for name in [
        "empty.txt",
        "binary.bin",
        "cut.txt.gz",
        "broken.warc",
        "nav.html",
        "huge.txt",
    ] {
        assert!(
            stderr.lines().any(|line| line.contains(name)),
            "no error line names {name}:\n{stderr}"
        );
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    let good = article(&report, "good");
    assert!(good["text"]
        .as_str()
        .expect("text")
        .contains("resume talks on a trade agreement"));
    let latin = article(&report, "latin");
    let text = latin["text"].as_str().expect("text");
    assert!(
        text.contains("Café owners") && text.contains("“We cannot") && text.contains("€200"),
        "{text}"
    );
}

#[test]
fn reads_stdin_and_writes_markdown_to_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("report.md");
    let mut child = corroborate()
        .args([
            "analyze",
            "--lexical",
            "--no-cache",
            "--format",
            "md",
            "-o",
            out.to_str().expect("utf-8"),
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"Flood waters recede in the river town\nFlood waters began to recede in the river town on Sunday, officials said. About 300 homes were damaged.\n")
        .expect("write stdin");
    let output = child.wait_with_output().expect("wait");
    assert!(
        output.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let markdown = std::fs::read_to_string(&out).expect("report written");
    assert!(markdown.contains("Flood waters"), "{markdown}");
}

#[test]
fn usage_errors_exit_with_2() {
    assert_eq!(run(&["analyze"]).status.code(), Some(2));
    assert_eq!(
        run(&["analyze", "--format", "pdf", "x"]).status.code(),
        Some(2)
    );
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn terminal_report_fits_80_columns() {
    let output = run(&[
        "analyze",
        "--lexical",
        "--no-cache",
        "examples/harbor-strike",
    ]);
    assert!(
        output.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = String::from_utf8(output.stdout).expect("utf-8");
    assert!(report.contains("Valmouth"), "{report}");
    for line in report.lines() {
        assert!(line.chars().count() <= 80, "line over 80 columns: {line:?}");
    }
}

/// Article-id prefixes of the corroborated claims whose text contains `needle`.
fn corroborated_sources(report: &Value, needle: &str) -> Vec<Vec<String>> {
    report["stories"][0]["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .filter(|claim| claim["status"] == "corroborated")
        .filter(|claim| {
            claim["support"]
                .as_array()
                .expect("support")
                .iter()
                .any(|support| support["text"].as_str().expect("text").contains(needle))
        })
        .map(|claim| {
            let mut ids: Vec<String> = claim["support"]
                .as_array()
                .expect("support")
                .iter()
                .map(|support| support["article"].as_str().expect("article")[..3].to_string())
                .collect();
            ids.sort();
            ids.dedup();
            ids
        })
        .collect()
}

#[test]
fn seeds_with_and_without_the_model() {
    let Some(shared) = corroborate_core::shared_dir() else {
        eprintln!("skipping: ../shared not found");
        return;
    };
    let seeds = shared.join("seeds");
    let seeds = seeds.to_str().expect("utf-8 path");
    let (lexical, output) = json_report(&[
        "analyze",
        "--lexical",
        "--no-cache",
        "--format",
        "json",
        seeds,
    ]);
    assert!(output.status.success());
    assert_eq!(lexical["encoder"], "lexical");

    let model_wanted = std::env::var("CORROBORATE_REQUIRE_MODEL").is_ok_and(|v| v == "1");
    let (neural, output) = json_report(&["analyze", "--no-cache", "--format", "json", seeds]);
    assert!(output.status.success());
    // The fast arithmetic's name depends on the CPU (`-int8` or `-bf16-int8`).
    let fast = neural["encoder"]
        .as_str()
        .is_some_and(|name| name.starts_with("all-MiniLM-L6-v2-") && name.ends_with("int8"));
    if !fast {
        assert!(
            !model_wanted,
            "model required but not used: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        eprintln!(
            "skipping the neural half: model not installed or built with --no-default-features"
        );
        return;
    }
    let (exact, output) = json_report(&[
        "analyze",
        "--no-cache",
        "--exact-vectors",
        "--format",
        "json",
        seeds,
    ]);
    assert!(output.status.success());
    assert_eq!(exact["encoder"], "all-MiniLM-L6-v2");
    // Every path finds the core corroborated facts with the right reports.
    for report in [&lexical, &neural, &exact] {
        let dmitriev = corroborated_sources(report, "Dmitriev");
        assert!(dmitriev.iter().any(|ids| ids.len() >= 3), "{dmitriev:?}");
        let pledge = corroborated_sources(report, "21 billion");
        assert!(
            pledge
                .iter()
                .any(|ids| ids == &["000", "001", "002", "004"]),
            "{pledge:?}"
        );
        let contact_group = corroborated_sources(report, "50 countries");
        assert!(contact_group
            .iter()
            .any(|ids| ids.contains(&"000".to_string()) && ids.contains(&"002".to_string())));
        let negation_conflicts = report["stories"][0]["claims"]
            .as_array()
            .expect("claims")
            .iter()
            .flat_map(|claim| claim["conflicts"].as_array().expect("conflicts").iter())
            .filter(|conflict| conflict["kind"] == "negation")
            .count();
        assert_eq!(
            negation_conflicts, 0,
            "Ukraine agreeing and Russia refusing are not a conflict"
        );
    }
    // The alignment uses the vectors: the two encoders group claims differently.
    let claim_texts = |report: &Value| -> Vec<String> {
        report["stories"][0]["claims"]
            .as_array()
            .expect("claims")
            .iter()
            .map(|claim| claim["text"].as_str().expect("text").to_string())
            .collect()
    };
    assert_ne!(claim_texts(&lexical), claim_texts(&neural));
}
