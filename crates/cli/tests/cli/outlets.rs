//! `--outlets FILE`: outlet groups in the reports of `analyze` and `story`.

use serde_json::Value;

use super::{json_report, run};

const TABLE: &str = "outlets/harbor-strike.csv";

#[test]
fn analyze_with_outlets_adds_group_coverage_and_blindspots() {
    let (report, output) = json_report(&[
        "analyze",
        "--lexical",
        "--no-cache",
        "--format",
        "json",
        "examples/harbor-strike",
        "--outlets",
        TABLE,
    ]);
    assert!(
        output.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stories = report["stories"].as_array().expect("stories");
    let strike = stories
        .iter()
        .find(|story| story["articles"].as_array().expect("articles").len() == 4)
        .expect("the strike story");
    // Per-article coverage keeps its shape; the outlet groups come beside it.
    assert!(strike["coverage"].is_array());
    let labels = strike["outlet_coverage"]["labels"]
        .as_array()
        .expect("outlet_coverage.labels");
    let keys: Vec<&str> = labels
        .iter()
        .map(|label| label["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["lean", "country", "type"]);
    let lean = &labels[0];
    let values: Vec<(&str, Vec<&str>)> = lean["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|value| {
            (
                value["value"].as_str().unwrap(),
                value["outlets"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|outlet| outlet.as_str().unwrap())
                    .collect(),
            )
        })
        .collect();
    // By name (Northwire), by domain (harbour-daily.example), by file name (the other two).
    assert_eq!(
        values,
        [
            ("centre", vec!["Northwire"]),
            ("right", vec!["Harbour Daily"]),
            ("left", vec!["Bayside Post", "Coastal Courier"]),
        ]
    );
    assert_eq!(lean["unlabelled"], Value::Array(vec![]));
    assert!(strike["blindspots"].is_array());
    for claim in strike["claims"].as_array().unwrap() {
        assert!(claim["outlet_coverage"]["lean"]["reported_by"].is_array());
        assert!(claim.get("blindspot").is_some());
    }
    // A claim only Bayside Post and Coastal Courier report is a blindspot of the left.
    let left_only = strike["claims"].as_array().unwrap().iter().any(|claim| {
        claim["outlet_coverage"]["lean"]["reported_by"] == serde_json::json!(["left"])
            && claim["blindspot"] == serde_json::json!({"key": "lean", "value": "left"})
    });
    assert!(left_only, "{:#}", strike["claims"]);
    // The orchard story: Northwire alone is thin coverage, not a blindspot story.
    let orchard = stories
        .iter()
        .find(|story| story["articles"] == serde_json::json!(["northwire-orchard"]))
        .expect("the orchard story");
    let lean = &orchard["outlet_coverage"]["labels"][0];
    assert_eq!(lean["values"][0]["value"], "centre");
    assert_eq!(lean["missing"], serde_json::json!(["right", "left"]));
    assert_eq!(lean["blindspot"], Value::Null);
}

#[test]
fn analyze_without_outlets_has_no_group_fields() {
    let (report, output) = json_report(&[
        "analyze",
        "--lexical",
        "--no-cache",
        "--format",
        "json",
        "examples/harbor-strike",
    ]);
    assert!(output.status.success());
    for story in report["stories"].as_array().unwrap() {
        assert!(story.get("outlet_coverage").is_none());
        assert!(story.get("blindspots").is_none());
    }
}

#[test]
fn a_missing_or_bad_table_is_an_error_naming_it() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let missing = tmp.path().join("nope.csv");
    let bad = tmp.path().join("bad.csv");
    std::fs::write(&bad, "outlet,lean\nNorthwire,left,extra\n").expect("write");
    for (table, says) in [
        (&missing, String::new()),
        (&bad, ": line 2: 3 cells where the header has 2".to_string()),
    ] {
        for command in [
            vec![
                "analyze",
                "--lexical",
                "--no-cache",
                "examples/harbor-strike",
            ],
            vec!["story", "s1", "--db"],
        ] {
            let mut args: Vec<&str> = command.clone();
            let db = tmp.path().join("corpus.db");
            if command[0] == "story" {
                args.push(db.to_str().unwrap());
            }
            args.extend(["--outlets", table.to_str().unwrap()]);
            let output = run(&args);
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
            let expected = format!(
                "corroborate: error: outlet table: {}{says}",
                table.display()
            );
            assert!(stderr.starts_with(&expected), "{args:?}: {stderr}");
            assert!(output.stdout.is_empty());
        }
    }
}

#[test]
fn html_with_outlets_draws_coverage_bars() {
    let output = run(&[
        "analyze",
        "--lexical",
        "--no-cache",
        "--format",
        "html",
        "examples/harbor-strike",
        "--outlets",
        TABLE,
    ]);
    assert!(output.status.success());
    let html = String::from_utf8_lossy(&output.stdout);
    assert!(html.contains("<h3>Who covers this story</h3>"));
    assert!(html.contains(r#"aria-label="lean: centre 1 outlet, right 1 outlet, left 2 outlets""#));
    assert!(!html.contains("<script"));
}
