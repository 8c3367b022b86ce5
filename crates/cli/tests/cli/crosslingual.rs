//! One story across languages through the binary, with the multilingual encoder. Skipped
//! without the multilingual model unless `CORROBORATE_REQUIRE_E5=1`.

use super::{repo_root, run};

fn e5_installed() -> bool {
    let dir = std::env::var_os("CORROBORATE_E5_DIR")
        .map(std::path::PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|home| {
                std::path::PathBuf::from(home)
                    .join(".cache/corroborate/models/multilingual-e5-small")
            })
        });
    let present = dir.is_some_and(|d| d.join("e5-small-q4.bin").exists());
    if !present {
        assert!(
            !std::env::var("CORROBORATE_REQUIRE_E5").is_ok_and(|v| v == "1"),
            "CORROBORATE_REQUIRE_E5=1 but the multilingual model is not installed"
        );
        eprintln!("skip: no multilingual model");
    }
    present
}

/// The grouping's B-cubed F1, and the claims' recall and precision across languages, as
/// `eval crosslingual` prints them.
fn measures(args: &[&str]) -> (f64, f64, f64) {
    let output = run(args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let out = String::from_utf8_lossy(&output.stdout);
    let number_after = |line: &str, key: &str| -> f64 {
        let rest = &line[line.find(key).unwrap_or_else(|| panic!("{key} in {line}")) + key.len()..];
        rest.split_whitespace()
            .next()
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("a number after {key} in {line}"))
    };
    let grouping = out.lines().find(|l| l.contains("B3 P")).expect("a B3 line");
    let b3 = &grouping[grouping.find("B3 P").expect("B3")..];
    let claims = out
        .lines()
        .find(|l| l.starts_with("claims across languages"))
        .expect("a claims line");
    (
        number_after(b3, "F1 "),
        number_after(claims, "recall "),
        number_after(claims, "precision "),
    )
}

#[test]
fn the_multilingual_encoder_groups_translations_and_aligns_their_claims() {
    if !e5_installed() {
        return;
    }
    let shared = repo_root().join("../shared");
    if !shared.join("data/meantime").is_dir() {
        eprintln!("skip: no ../shared/data/meantime");
        return;
    }
    let shared = shared.display().to_string();
    let (b3, recall, precision) = measures(&[
        "eval",
        "crosslingual",
        "--multilingual",
        "--no-cache",
        "--shared",
        &shared,
    ]);
    let (lexical_b3, lexical_recall, _) =
        measures(&["eval", "crosslingual", "--lexical", "--shared", &shared]);
    assert!(b3 >= 0.85, "B3 F1 {b3}");
    assert!(
        b3 > lexical_b3 + 0.03,
        "multilingual {b3}, lexical {lexical_b3}"
    );
    assert!(
        recall >= 0.8 && precision >= 0.9,
        "recall {recall}, precision {precision}"
    );
    assert!(
        recall > lexical_recall + 0.3,
        "multilingual {recall}, lexical {lexical_recall}"
    );
}

#[test]
fn a_source_in_another_language_is_marked_with_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let english = dir.path().join("harbour-daily.txt");
    let spanish = dir.path().join("diario-del-puerto.txt");
    std::fs::write(
        &english,
        "Dock workers in Rotterdam went on strike on Monday over pay, halting container \
         traffic at Europe's largest port. The union said the strike would last three days.",
    )
    .expect("write");
    std::fs::write(
        &spanish,
        "Los estibadores de Rotterdam se declararon en huelga el lunes por los salarios y \
         paralizaron el tráfico de contenedores en el mayor puerto de Europa. El sindicato dijo \
         que la huelga durará tres días.",
    )
    .expect("write");
    let output = run(&[
        "analyze",
        "--lexical",
        "--format",
        "md",
        &english.display().to_string(),
        &spanish.display().to_string(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = String::from_utf8_lossy(&output.stdout);
    // Markdown escapes the brackets
    assert!(report.contains("diario-del-puerto \\[es\\]"), "{report}");
    assert!(!report.contains("\\[en\\]"), "{report}");
}

/// Three short reports of one event in English, German and French: with the multilingual
/// encoder they are one story, and a fact stated in all three is corroborated by the foreign
/// sources, marked with their language.
#[test]
fn three_translations_are_one_story_and_corroborate_each_other() {
    if !e5_installed() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let reports = [
        (
            "harbour-daily.txt",
            "Dock workers in Rotterdam went on strike on Monday over pay, halting container \
             traffic at Europe's largest port. The union said the strike would last three days. \
             \"We want a fair wage,\" said union leader Niek Stam.",
        ),
        (
            "hafen-zeitung.txt",
            "Die Hafenarbeiter in Rotterdam sind am Montag wegen der Löhne in den Streik \
             getreten und haben den Containerverkehr im größten Hafen Europas lahmgelegt. Die \
             Gewerkschaft sagte, der Streik werde drei Tage dauern. „Wir wollen einen fairen \
             Lohn“, sagte Gewerkschaftschef Niek Stam.",
        ),
        (
            "journal-du-port.txt",
            "Les dockers de Rotterdam se sont mis en grève lundi pour les salaires, paralysant \
             le trafic de conteneurs dans le plus grand port d'Europe. Le syndicat a indiqué que \
             la grève durerait trois jours. « Nous voulons un salaire juste », a déclaré Niek \
             Stam, chef du syndicat.",
        ),
    ];
    let mut paths = Vec::new();
    for (name, text) in reports {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        paths.push(path.display().to_string());
    }
    let mut args = vec!["analyze", "--multilingual", "--format", "json"];
    args.extend(paths.iter().map(String::as_str));
    let output = run(&args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let stories = report["stories"].as_array().expect("stories");
    assert_eq!(stories.len(), 1, "{stories:#?}");
    let corroborated: Vec<&serde_json::Value> = stories[0]["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .filter(|c| c["status"] == "corroborated")
        .collect();
    assert!(!corroborated.is_empty(), "{:#}", stories[0]["claims"]);
    // the strike fact is stated in all three languages and shown in English
    let all_three = corroborated.iter().find(|c| {
        let articles: std::collections::BTreeSet<&str> = c["support"]
            .as_array()
            .map(|s| s.iter().filter_map(|x| x["article"].as_str()).collect())
            .unwrap_or_default();
        articles.len() == 3
    });
    let claim = all_three.unwrap_or_else(|| panic!("{:#}", stories[0]["claims"]));
    assert!(
        claim["text"].as_str().is_some_and(|t| t.is_ascii()),
        "shown in English: {claim:#}"
    );
}
