//! The corpus commands: `add`, `stories`, `story`, `search`, `export`, each with `--db`.

use std::path::Path;

use serde_json::Value;

use super::{corroborate, repo_root};

fn run_in(args: &[&str], env: &[(&str, &Path)]) -> std::process::Output {
    let mut command = corroborate();
    command.args(args).current_dir(repo_root());
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("run corroborate")
}

fn run(args: &[&str]) -> std::process::Output {
    run_in(args, &[])
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn ok(output: std::process::Output) -> String {
    assert!(
        output.status.success(),
        "exit {:?}; stderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    stdout(&output)
}

#[test]
fn add_then_story_gives_the_analyze_report_and_adding_again_stores_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("corpus.db");
    let db = db.to_str().expect("utf-8 path");
    let added = ok(run(&["add", "examples", "--db", db, "--lexical"]));
    let lines: Vec<&str> = added.lines().collect();
    assert_eq!(lines.len(), 6, "{added}");
    assert!(lines[0].starts_with("bayside-post\ts1\tnew\t"), "{added}");
    assert!(
        lines[4].starts_with("northwire-orchard\ts2\tnew\t"),
        "{added}"
    );
    assert!(
        lines[5].starts_with("5 new, 0 updated, 0 duplicate, 0 failed; stories: 2 new"),
        "{added}"
    );

    let analysis: Value = serde_json::from_slice(&ok_bytes(run(&[
        "analyze",
        "examples",
        "--lexical",
        "-f",
        "json",
    ])))
    .expect("analyze json");
    for story in analysis["stories"].as_array().expect("stories") {
        let id = story["id"].as_str().expect("id");
        let stored: Value =
            serde_json::from_slice(&ok_bytes(run(&["story", id, "--db", db, "-f", "json"])))
                .expect("story json");
        assert_eq!(stored["stories"].as_array().map(Vec::len), Some(1));
        assert_eq!(&stored["stories"][0], story, "story {id}");
        for article in stored["articles"].as_array().expect("articles") {
            let same = analysis["articles"]
                .as_array()
                .expect("articles")
                .iter()
                .find(|a| a["id"] == article["id"])
                .expect("article in analyze");
            assert_eq!(article, same);
        }
    }

    let again = ok(run(&["add", "examples", "--db", db, "--lexical"]));
    assert!(
        again
            .lines()
            .take(5)
            .all(|line| line.contains("\tduplicate\t")),
        "{again}"
    );
    assert!(again.contains("0 new, 0 updated, 5 duplicate"), "{again}");
    assert!(again.contains("corpus: 5 articles, 2 stories"), "{again}");
}

fn ok_bytes(output: std::process::Output) -> Vec<u8> {
    assert!(
        output.status.success(),
        "stderr:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

#[test]
fn stories_search_and_export_read_the_corpus() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("corpus.db");
    let db = db.to_str().expect("utf-8 path");
    ok(run(&["add", "examples", "--db", db, "--lexical"]));

    let listed: Value =
        serde_json::from_str(&ok(run(&["stories", "--db", db, "-f", "json"]))).expect("json");
    let listed = listed.as_array().expect("list");
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0]["id"], "s1", "newest activity first");
    assert_eq!(listed[0]["articles"], 4);
    assert!(listed[0]["claims"].as_u64().expect("claims") > 0);
    let terminal = ok(run(&["stories", "--db", db]));
    assert!(
        terminal.lines().next().expect("a line").starts_with("s1 "),
        "{terminal}"
    );
    let two = ok(run(&[
        "stories",
        "--db",
        db,
        "--min-sources",
        "2",
        "-f",
        "csv",
    ]));
    assert_eq!(two.lines().count(), 2, "header and s1: {two}");
    assert!(two.starts_with("id,title,articles,outlets,claims"), "{two}");
    let late = ok(run(&[
        "stories",
        "--db",
        db,
        "--since",
        "2026-03-11",
        "-f",
        "json",
    ]));
    assert_eq!(
        serde_json::from_str::<Value>(&late)
            .expect("json")
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    let bad = run(&["stories", "--db", db, "--since", "March"]);
    assert!(!bad.status.success());

    let hits = ok(run(&[
        "search", "--db", db, "frost", "orchards", "-f", "json",
    ]));
    let first: Value = serde_json::from_str(hits.lines().next().expect("a hit")).expect("json");
    assert_eq!(first["article"], "northwire-orchard");
    assert_eq!(first["story"], "s2");
    assert!(ok(run(&["search", "--db", db, "zeppelin"])).contains("no matches"));
    let near = ok(run(&[
        "search",
        "--db",
        db,
        "--semantic",
        "--lexical",
        "-n",
        "2",
        "-f",
        "json",
        "frost damaged the orchards",
    ]));
    let first: Value = serde_json::from_str(near.lines().next().expect("a hit")).expect("json");
    assert_eq!(first["story"], "s2", "{near}");
    assert_eq!(near.lines().count(), 2);

    let lines = ok(run(&["export", "--db", db, "--format", "jsonl"]));
    let records: Vec<Value> = lines
        .lines()
        .map(|line| serde_json::from_str(line).expect("json line"))
        .collect();
    let count = |kind: &str| records.iter().filter(|r| r["type"] == kind).count();
    assert_eq!(count("article"), 5);
    assert_eq!(count("story"), 2);
    assert_eq!(
        count("claim") as u64,
        listed
            .iter()
            .map(|s| s["claims"].as_u64().unwrap_or(0))
            .sum::<u64>()
    );
    let one_table = run(&["export", "--db", db, "--format", "csv"]);
    assert!(!one_table.status.success());
    assert!(String::from_utf8_lossy(&one_table.stderr).contains("--table"));
    let out = tmp.path().join("csv");
    ok(run(&[
        "export",
        "--db",
        db,
        "--format",
        "csv",
        "--output",
        out.to_str().expect("path"),
    ]));
    let claims = std::fs::read_to_string(out.join("claims.csv")).expect("claims.csv");
    assert!(
        claims.starts_with("story,claim,status,sources,text\n"),
        "{claims}"
    );
    let articles = std::fs::read_to_string(out.join("articles.csv")).expect("articles.csv");
    assert_eq!(articles.lines().count(), 6);
}

#[test]
fn bad_inputs_are_named_and_the_rest_is_added() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    std::fs::write(dir.join("empty.txt"), "").expect("write");
    std::fs::write(
        dir.join("script.html"),
        "<html><body><h1>Bridge closed</h1><p>The city council voted on Tuesday to close the old Elm Street bridge &lt;script&gt;alert(1)&lt;/script&gt; after engineers found deep cracks in two of its steel supports. Repairs will cost about four million dollars, the mayor said.</p></body></html>",
    )
    .expect("write");
    let db = dir.join("corpus.db");
    let missing = dir.join("missing.txt");
    let output = run(&[
        "add",
        dir.join("empty.txt").to_str().expect("path"),
        missing.to_str().expect("path"),
        dir.join("script.html").to_str().expect("path"),
        "--db",
        db.to_str().expect("path"),
        "--lexical",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("empty.txt"), "{stderr}");
    assert!(stderr.contains("missing.txt"), "{stderr}");
    let out = stdout(&output);
    assert!(out.contains("script\ts1\tnew"), "{out}");
    assert!(
        out.contains("1 new, 0 updated, 0 duplicate, 2 failed"),
        "{out}"
    );
    let html = ok(run(&[
        "story",
        "s1",
        "--db",
        db.to_str().expect("path"),
        "-f",
        "html",
    ]));
    assert!(!html.contains("<script>alert"), "article text is escaped");
    assert!(html.contains("&lt;script&gt;"), "the text is still shown");
    let missing_story = run(&["story", "s9", "--db", db.to_str().expect("path")]);
    assert!(!missing_story.status.success());
    assert!(String::from_utf8_lossy(&missing_story.stderr).contains("no story s9"));
}

#[test]
fn the_default_corpus_lives_under_xdg_data_home() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let home = tmp.path().join("home");
    let data = tmp.path().join("data");
    ok(run_in(
        &["add", "examples/harbor-strike/wire.jsonl", "--lexical"],
        &[("XDG_DATA_HOME", &data), ("HOME", &home)],
    ));
    assert!(data.join("corroborate").join("corpus.db").is_file());
    let listed = ok(run_in(
        &["stories"],
        &[("XDG_DATA_HOME", &data), ("HOME", &home)],
    ));
    assert_eq!(listed.lines().count(), 2, "{listed}");
    let none = run_in(&["stories"], &[("XDG_DATA_HOME", &home), ("HOME", &home)]);
    assert!(!none.status.success());
    assert!(String::from_utf8_lossy(&none.stderr).contains("no corpus at"));
}

#[test]
fn add_reads_stdin() {
    use std::io::Write;
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("corpus.db");
    let mut child = corroborate()
        .args(["add", "-", "--db", db.to_str().expect("path"), "--lexical"])
        .current_dir(repo_root())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"Bridge closed\nThe city council voted on Tuesday to close the old Elm Street bridge after engineers found deep cracks in two of its steel supports. Repairs will cost about four million dollars, the mayor said.\n")
        .expect("write stdin");
    let output = child.wait_with_output().expect("wait");
    let out = ok(output);
    assert!(
        out.lines().next().expect("a line").contains("\ts1\tnew\t"),
        "{out}"
    );
    assert!(out.contains("corpus: 1 articles, 1 stories"), "{out}");
}
