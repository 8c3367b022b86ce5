//! `corroborate compare`: the pairwise judgement from the command line (lexical encoder, so
//! the figures do not depend on the model being installed).

use super::run;
use serde_json::Value;

fn judge(a: &str, b: &str) -> Value {
    let output = run(&["compare", "--lexical", "--format", "json", a, b]);
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).expect("one JSON object")
}

fn reasons(value: &Value) -> Vec<String> {
    value["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .map(|r| r["detail"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn same_fact_in_other_words_scores_above_another_fact() {
    let same = judge(
        "The Elmsworth council voted on Monday to close the old river bridge.",
        "On Monday, the council of Elmsworth voted to shut the old river bridge.",
    );
    let other = judge(
        "The Elmsworth council voted on Monday to close the old river bridge.",
        "Heavy rain flooded three farms north of Brackley overnight.",
    );
    let score = |v: &Value| v["score"].as_f64().expect("score");
    assert!((0.0..=1.0).contains(&score(&same)) && (0.0..=1.0).contains(&score(&other)));
    assert!(score(&same) > score(&other) + 0.3, "{same} vs {other}");
    assert_eq!(same["same_claim"], true, "{same}");
    assert_eq!(other["same_claim"], false, "{other}");
    assert!(
        reasons(&same)
            .iter()
            .any(|r| r.contains("Elmsworth") || r.contains("elmsworth")),
        "{same}"
    );
}

#[test]
fn reasons_name_conflicting_figures_and_negation() {
    let figures = judge(
        "The storm left 19 people dead in the port of Varnholm.",
        "The storm left 25 people dead in the port of Varnholm.",
    );
    assert!(
        reasons(&figures)
            .iter()
            .any(|r| r.contains("conflict") && r.contains("19") && r.contains("25")),
        "{figures}"
    );
    let negated = judge(
        "The union accepted the pay offer from the port authority.",
        "The union has not accepted the pay offer from the port authority.",
    );
    assert!(
        reasons(&negated).iter().any(|r| r.contains("negated")),
        "{negated}"
    );
    let agreeing = judge(
        "The port authority offered a raise of 14% to the crane operators.",
        "Crane operators were offered a 14 per cent raise by the port authority.",
    );
    assert!(
        reasons(&agreeing)
            .iter()
            .any(|r| r.contains("figures agree")),
        "{agreeing}"
    );
}

#[test]
fn pairs_file_gives_one_json_line_per_pair() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("pairs.tsv");
    std::fs::write(
        &plain,
        "id\ta\tb\n\
         p1\tThe mayor resigned on Friday.\tOn Friday the mayor stepped down.\n\
         p2\tThe mayor said \"we will rebuild\".\tRain fell on the coast.\n",
    )
    .unwrap();
    let msrp = dir.path().join("msrp.tsv");
    std::fs::write(
        &msrp,
        "\u{feff}Quality\t#1 ID\t#2 ID\t#1 String\t#2 String\n\
         1\t11\t12\tThe mayor resigned on Friday.\tOn Friday the mayor stepped down.\n",
    )
    .unwrap();
    for (file, ids) in [(&plain, vec!["p1", "p2"]), (&msrp, vec!["11-12"])] {
        let output = run(&["compare", "--lexical", "--pairs", file.to_str().unwrap()]);
        assert!(output.status.success(), "{output:?}");
        let lines: Vec<Value> = String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON line"))
            .collect();
        let got: Vec<&str> = lines.iter().map(|l| l["id"].as_str().unwrap()).collect();
        assert_eq!(got, ids);
        for line in &lines {
            assert!(line["same_claim"].is_boolean() && line["score"].is_number());
            assert!(line["reasons"].is_array());
        }
    }
    let bad = dir.path().join("bad.tsv");
    std::fs::write(&bad, "left\tright\nx\ty\n").unwrap();
    let output = run(&["compare", "--lexical", "--pairs", bad.to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("'a' and 'b'"));
}

/// With the model installed, `compare` reads each pair with the pair encoder too: its log-odds
/// is a feature, its reading a reason, and it tells a reworded statement from another
/// statement about the same actors.
#[test]
fn the_pair_encoder_reads_both_sentences_together() {
    if super::installed_model().is_none() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("pairs.tsv");
    std::fs::write(
        &path,
        "id\ta\tb\n\
         same\tThe Harlow board approved the merger with Castell on Thursday.\tOn Thursday, Harlow's directors signed off on the Castell merger.\n\
         other\tThe Harlow board approved the merger with Castell on Thursday.\tHarlow's chief executive said on Thursday that the company would cut 200 jobs next year.\n",
    )
    .expect("write pairs");
    let output = run(&[
        "compare",
        "--no-cache",
        "--features",
        "--pairs",
        path.to_str().expect("utf-8 path"),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 2);
    let cross = |v: &Value| v["features"]["cross"].as_f64().expect("cross feature");
    assert!(
        cross(&lines[0]) > 0.0 && cross(&lines[1]) < 0.0,
        "{lines:?}"
    );
    assert!(lines[0]["same_claim"].as_bool().expect("verdict"));
    assert!(!lines[1]["same_claim"].as_bool().expect("verdict"));
    assert!(reasons(&lines[0])
        .iter()
        .any(|r| r.starts_with("read together, the pair encoder gives")));
}
