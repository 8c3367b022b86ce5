use corroborate_core::{Claim, ClaimStatus, Meta, Span, Story, Support};

use super::*;

const CSV: &str = "\
# outlets of the example
outlet,lean,country,type
Northwire,centre,UK,wire
harbour-daily.example,right,UK,
Bayside Post,left,,local
";

fn meta(outlet: Option<&str>, url: Option<&str>, path: Option<&str>) -> Meta {
    Meta {
        outlet: outlet.map(str::to_string),
        url: url.map(str::to_string),
        path: path.map(str::to_string),
        ..Meta::default()
    }
}

fn lean(table: &OutletTable, meta: &Meta) -> Option<String> {
    table
        .labels_for(meta)
        .and_then(|labels| labels.get("lean").cloned())
}

#[test]
fn reads_csv_with_empty_cells_as_no_label() {
    let table = OutletTable::parse_csv(CSV).unwrap();
    assert_eq!(table.keys(), ["lean", "country", "type"]);
    assert_eq!(table.rows().len(), 3);
    let bayside = &table.rows()[2];
    assert_eq!(bayside.outlet, "Bayside Post");
    assert_eq!(bayside.labels.get("lean").map(String::as_str), Some("left"));
    assert!(!bayside.labels.contains_key("country"));
    assert_eq!(table.values("lean"), ["centre", "right", "left"]);
    assert_eq!(table.values("country"), ["UK"]);
}

#[test]
fn reads_toml_in_file_order() {
    let table = OutletTable::parse_toml(
        r#"
[outlets."Northwire"]
lean = "centre"
country = "UK"

[outlets."harbour-daily.example"]
type = "daily"
lean = "right"
founded = 1921
"#,
    )
    .unwrap();
    assert_eq!(table.keys(), ["lean", "country", "type", "founded"]);
    assert_eq!(table.rows()[0].outlet, "Northwire");
    assert_eq!(
        table.rows()[1].labels.get("founded").map(String::as_str),
        Some("1921")
    );
}

#[test]
fn reads_toml_arrays_of_tables() {
    let table = OutletTable::parse_toml(
        "[[outlets]]\noutlet = \"A\"\nlean = \"left\"\n[[outlets]]\noutlet = \"B\"\nlean = \"right\"\n",
    )
    .unwrap();
    assert_eq!(
        table,
        OutletTable::parse_csv("outlet,lean\nA,left\nB,right\n").unwrap()
    );
    let error = OutletTable::parse_toml("[[outlets]]\nlean = \"left\"\n").unwrap_err();
    assert_eq!(
        error.to_string(),
        "[[outlets]] number 1 has no outlet = \"Name\""
    );
}

#[test]
fn csv_and_toml_agree() {
    let csv = OutletTable::parse_csv("outlet,lean\nA,left\nB,right\n").unwrap();
    let toml =
        OutletTable::parse_toml("[outlets.A]\nlean = \"left\"\n[outlets.B]\nlean = \"right\"\n")
            .unwrap();
    assert_eq!(csv, toml);
}

#[test]
fn bad_tables_are_errors_naming_the_line() {
    let error = |text: &str| OutletTable::parse_csv(text).unwrap_err().to_string();
    assert_eq!(
        error("name,lean\nA,left\n"),
        "line 1: the first column must be `outlet`, not \"name\""
    );
    assert_eq!(
        error("outlet,lean\nA,left\nB,left,extra\n"),
        "line 3: 3 cells where the header has 2"
    );
    assert_eq!(
        error("outlet,lean\nA,left\n a ,right\n"),
        "line 3: outlet \"a\" already given on line 2"
    );
    assert_eq!(error("outlet,lean\n,left\n"), "line 2: no outlet name");
    assert_eq!(
        error("outlet,lean,lean\n"),
        "line 1: column \"lean\" appears twice"
    );
    assert_eq!(error(""), "empty table");
}

#[test]
fn bad_toml_is_an_error() {
    let error = |text: &str| OutletTable::parse_toml(text).unwrap_err().to_string();
    assert!(error("[outlets.A\nlean = 1").starts_with("toml: "));
    assert_eq!(
        error("[outlets.A]\nlean = [\"x\"]\n"),
        "outlet \"A\": label \"lean\" must be a string"
    );
    assert_eq!(
        error("[publishers.A]\nlean = \"x\"\n"),
        "unexpected top-level key \"publishers\" (outlets go under [outlets.\"Name\"])"
    );
    assert_eq!(
        error("outlets = 3\n"),
        "`outlets` must be a table of outlets"
    );
    assert_eq!(error(""), "no [outlets.\"Name\"] tables");
}

#[test]
fn load_names_the_file_and_picks_the_format() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.csv");
    let error = OutletTable::load(&missing).unwrap_err().to_string();
    assert!(error.starts_with(&missing.display().to_string()), "{error}");

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "who,lean\n").unwrap();
    let error = OutletTable::load(&bad).unwrap_err().to_string();
    assert_eq!(
        error,
        format!(
            "{}: line 1: the first column must be `outlet`, not \"who\"",
            bad.display()
        )
    );

    let sniffed = dir.path().join("outlets.txt");
    std::fs::write(&sniffed, "[outlets.A]\nlean = \"left\"\n").unwrap();
    assert_eq!(OutletTable::load(&sniffed).unwrap().keys(), ["lean"]);
    let sniffed = dir.path().join("outlets");
    std::fs::write(&sniffed, "outlet,lean\nA,left\n").unwrap();
    assert_eq!(OutletTable::load(&sniffed).unwrap().rows().len(), 1);
}

proptest::proptest! {
    #[test]
    fn any_text_is_a_table_or_an_error(text in "\\PC{0,200}") {
        let _ = OutletTable::parse_csv(&text);
        let _ = OutletTable::parse_toml(&text);
    }

    #[test]
    fn csv_tables_read_back(
        rows in proptest::collection::vec(("[A-Za-z][a-z ]{0,8}[a-z]", "[a-z]{0,5}", "[a-z]{0,5}"), 1..6),
    ) {
        let mut text = String::from("outlet,lean,country\n");
        let mut seen = Vec::new();
        for (outlet, lean, country) in &rows {
            if seen.contains(&name_key(outlet)) {
                continue;
            }
            seen.push(name_key(outlet));
            text.push_str(&format!("{outlet},{lean},{country}\n"));
        }
        let table = OutletTable::parse_csv(&text).unwrap();
        proptest::prop_assert_eq!(table.rows().len(), seen.len());
        for row in table.rows() {
            let meta = meta(Some(&row.outlet.to_uppercase()), None, None);
            proptest::prop_assert_eq!(table.row_for(&meta), Some(row));
            proptest::prop_assert!(row.labels.values().all(|value| !value.is_empty()));
        }
    }
}

#[test]
fn matches_names_then_domains_then_file_names() {
    let table = OutletTable::parse_csv(CSV).unwrap();
    let left = Some("left".to_string());
    assert_eq!(
        lean(&table, &meta(Some("  NORTHWIRE "), None, None)),
        Some("centre".into())
    );
    assert_eq!(lean(&table, &meta(Some("bayside-post"), None, None)), left);
    let url = |url: &str| lean(&table, &meta(None, Some(url), None));
    assert_eq!(
        url("https://harbour-daily.example/news/x"),
        Some("right".into())
    );
    assert_eq!(
        url("https://WWW.Harbour-Daily.example:443/x"),
        Some("right".into())
    );
    assert_eq!(
        url("https://live.harbour-daily.example/x"),
        Some("right".into())
    );
    assert_eq!(url("https://notharbour-daily.example/x"), None);
    assert_eq!(url("https://harbour-daily.example.evil/x"), None);
    // An unknown outlet name falls back to the URL.
    assert_eq!(
        lean(
            &table,
            &meta(
                Some("Harbour Daily"),
                Some("https://harbour-daily.example/"),
                None
            )
        ),
        Some("right".into())
    );
    // A file without outlet or URL matches by its name.
    assert_eq!(
        lean(
            &table,
            &meta(None, None, Some("examples/harbor-strike/bayside-post.md"))
        ),
        left
    );
    assert_eq!(
        lean(&table, &meta(Some("Other"), None, Some("bayside-post.md"))),
        None
    );
    assert_eq!(lean(&table, &Meta::default()), None);
}

#[test]
fn the_most_specific_domain_wins() {
    let table =
        OutletTable::parse_csv("outlet,lean\nexample.com,left\nnews.example.com,right\n").unwrap();
    let at = |url: &str| lean(&table, &meta(None, Some(url), None));
    assert_eq!(at("http://a.news.example.com/x"), Some("right".into()));
    assert_eq!(at("http://www.example.com"), Some("left".into()));
    assert_eq!(at("http://sport.example.com/x"), Some("left".into()));
}

// --- coverage ---

fn support(article: &str) -> Support {
    Support {
        article: article.into(),
        sentence: 0,
        span: Span::from_offsets(0, 1),
        text: "x".into(),
    }
}

fn claim(id: &str, articles: &[&str]) -> Claim {
    Claim {
        id: id.into(),
        status: if articles.len() > 1 {
            ClaimStatus::Corroborated
        } else {
            ClaimStatus::SingleSource
        },
        text: format!("claim {id}"),
        independent_sources: articles.len(),
        support: articles.iter().map(|article| support(article)).collect(),
        conflicts: vec![],
        differs_in_detail: None,
    }
}

/// Left: A (two articles), B; right: C; D is not in the table.
fn story_and_metas() -> (OutletTable, Story, Vec<(String, Meta)>) {
    let table = OutletTable::parse_csv(
        "outlet,lean,country\nA,left,UK\nB,left,UK\nC,right,US\nE,centre,\n",
    )
    .unwrap();
    let metas = vec![
        ("a1".to_string(), meta(Some("A"), None, None)),
        ("a2".to_string(), meta(Some("a"), None, None)),
        ("b1".to_string(), meta(Some("B"), None, None)),
        ("c1".to_string(), meta(Some("C"), None, None)),
        ("d1".to_string(), meta(Some("D"), None, None)),
    ];
    let story = Story {
        id: "s1".into(),
        articles: metas.iter().map(|(id, _)| id.clone()).collect(),
        claims: vec![
            claim("c1", &["a1", "b1", "c1"]),
            claim("c2", &["a1", "a2", "b1"]),
            claim("c3", &["c1"]),
            claim("c4", &["a1", "d1"]),
        ],
        ..Story::default()
    };
    (table, story, metas)
}

fn refs(metas: &[(String, Meta)]) -> Vec<(&str, &Meta)> {
    metas.iter().map(|(id, meta)| (id.as_str(), meta)).collect()
}

#[test]
fn covers_each_value_with_its_outlets_and_articles() {
    let (table, story, metas) = story_and_metas();
    let coverage = story_coverage_of_metas(&table, &refs(&metas), Some(&story));
    let lean = &coverage.labels[0];
    assert_eq!(lean.key, "lean");
    assert_eq!(lean.values.len(), 2);
    assert_eq!(lean.values[0].value, "left");
    assert_eq!(lean.values[0].outlets, ["A", "B"]);
    assert_eq!(lean.values[0].articles, ["a1", "a2", "b1"]);
    assert_eq!(lean.values[1].outlets, ["C"]);
    assert_eq!(lean.unlabelled, ["D"]);
    assert_eq!(lean.missing, ["centre"]);
    assert_eq!(lean.blindspot, None);
    assert_eq!(coverage.labels[1].key, "country");
}

#[test]
fn a_claim_only_one_group_reports_is_its_blindspot() {
    let (table, story, metas) = story_and_metas();
    let coverage = story_coverage_of_metas(&table, &refs(&metas), Some(&story));
    let c1 = coverage.claim("c1").unwrap();
    assert_eq!(c1.labels["lean"].reported_by, ["left", "right"]);
    assert!(c1.labels["lean"].missing.is_empty());
    assert_eq!(c1.blindspot(), None);

    let c2 = coverage.claim("c2").unwrap();
    assert_eq!(c2.labels["lean"].reported_by, ["left"]);
    assert_eq!(c2.labels["lean"].missing, ["right"]);
    let left = LabelValue {
        key: "lean".into(),
        value: "left".into(),
    };
    let uk = LabelValue {
        key: "country".into(),
        value: "UK".into(),
    };
    assert_eq!(c2.blindspots, [left.clone(), uk]);

    // One supporting outlet is enough.
    let c3 = coverage.claim("c3").unwrap();
    assert_eq!(c3.blindspot().map(|b| b.value.as_str()), Some("right"));
    // A supporter without a label for the key: unknown, so no blindspot.
    let c4 = coverage.claim("c4").unwrap();
    assert_eq!(c4.labels["lean"].reported_by, ["left"]);
    assert!(c4.blindspots.is_empty());

    let counts: Vec<(&str, &str, usize)> = coverage
        .blindspots
        .iter()
        .map(|b| (b.key.as_str(), b.value.as_str(), b.claims))
        .collect();
    assert_eq!(
        counts,
        [
            ("lean", "left", 1),
            ("lean", "right", 1),
            ("country", "UK", 1),
            ("country", "US", 1)
        ]
    );
}

#[test]
fn no_claim_blindspot_when_the_story_has_one_group() {
    let (table, mut story, metas) = story_and_metas();
    story.articles.retain(|id| id != "c1");
    story.claims = vec![claim("c2", &["a1", "b1"])];
    let coverage = story_coverage_of_metas(&table, &refs(&metas), Some(&story));
    assert!(coverage.claim("c2").unwrap().blindspots.is_empty());
    assert!(coverage.blindspots.is_empty());
    // But the story is a blindspot story of the left: the table knows other leans.
    assert_eq!(coverage.labels[0].blindspot.as_deref(), Some("left"));
    assert_eq!(
        coverage.blindspot_story(),
        [
            LabelValue {
                key: "lean".into(),
                value: "left".into()
            },
            LabelValue {
                key: "country".into(),
                value: "UK".into()
            }
        ]
    );
}

#[test]
fn no_blindspot_story_when_the_table_knows_one_value() {
    let table = OutletTable::parse_csv("outlet,type\nA,wire\nB,wire\n").unwrap();
    let (a, b) = (meta(Some("A"), None, None), meta(Some("B"), None, None));
    let coverage = story_coverage_of_metas(&table, &[("a1", &a), ("b1", &b)], None);
    assert_eq!(coverage.labels[0].values[0].outlets, ["A", "B"]);
    assert_eq!(coverage.labels[0].blindspot, None);
    assert!(coverage.claims.is_empty());
}

#[test]
fn one_outlet_is_no_blindspot_story() {
    let table = OutletTable::parse_csv("outlet,lean\nA,left\nC,right\n").unwrap();
    let a = meta(Some("A"), None, None);
    let a2 = meta(Some("A"), None, None);
    // Two articles of one outlet are still one outlet.
    let coverage = story_coverage_of_metas(&table, &[("a1", &a), ("a2", &a2)], None);
    assert_eq!(coverage.labels[0].values[0].articles, ["a1", "a2"]);
    assert_eq!(coverage.labels[0].blindspot, None);
    assert!(coverage.blindspot_story().is_empty());
}

#[test]
fn metas_alone_give_the_list_bar() {
    let (table, story, metas) = story_and_metas();
    let with_story = story_coverage_of_metas(&table, &refs(&metas), Some(&story));
    let alone = story_coverage_of_metas(&table, &refs(&metas), None);
    assert_eq!(alone.labels, with_story.labels);
    assert!(alone.claims.is_empty() && alone.blindspots.is_empty());
}

#[test]
fn articles_without_metadata_are_unlabelled_outlets() {
    let (table, story, metas) = story_and_metas();
    let coverage = story_coverage_of_metas(&table, &refs(&metas[..1]), Some(&story));
    assert_eq!(coverage.labels[0].values[0].outlets, ["A"]);
    assert_eq!(coverage.labels[0].unlabelled, ["a2", "b1", "c1", "d1"]);
}

#[test]
fn an_empty_table_covers_nothing() {
    let (_, story, metas) = story_and_metas();
    let coverage = story_coverage_of_metas(&OutletTable::default(), &refs(&metas), Some(&story));
    assert!(coverage.labels.is_empty());
    assert_eq!(coverage.claims.len(), 4);
    assert!(coverage.claims.iter().all(|claim| claim.labels.is_empty()));
}
