//! Outlet groups in the reports: the JSON's new fields (only with a table) and the HTML's
//! coverage bars and blindspot marks, escaped.

mod common;

use std::sync::Arc;

use serde_json::Value;

use corroborate_synth::{render, Format, OutletTable, RenderOptions};

/// Daily Ledger and Evening Post lean left, the wire (by domain) right; the table also knows
/// "centre". Labels carry markup.
fn table() -> OutletTable {
    OutletTable::parse_csv(
        "outlet,lean,owner\n\
         Daily Ledger,left,<script>alert('owner')</script>\n\
         evening post,left,\n\
         Metro Wire <b>\" onerror=,right,Wire Co\n\
         Somewhere Else,centre,\n",
    )
    .unwrap()
}

fn with_table() -> RenderOptions {
    RenderOptions {
        outlets: Some(Arc::new(table())),
        ..RenderOptions::default()
    }
}

fn json(opts: &RenderOptions) -> Value {
    let analysis = common::analysis();
    serde_json::from_str(&render(&analysis, Format::Json, opts)).unwrap()
}

#[test]
fn json_without_a_table_has_no_new_fields() {
    let report = json(&RenderOptions::default());
    let story = &report["stories"][0];
    for field in ["outlet_coverage", "blindspots"] {
        assert!(story.get(field).is_none(), "story has {field}");
    }
    for claim in story["claims"].as_array().unwrap() {
        for field in ["outlet_coverage", "blindspot", "blindspots"] {
            assert!(claim.get(field).is_none(), "claim has {field}");
        }
    }
    // The story's per-article coverage is untouched.
    assert!(story["coverage"].is_array());
}

#[test]
fn json_with_a_table_has_coverage_and_blindspots() {
    let report = json(&with_table());
    let story = &report["stories"][0];
    assert!(story["coverage"].is_array(), "per-article coverage kept");
    let lean = &story["outlet_coverage"]["labels"][0];
    assert_eq!(lean["key"], "lean");
    assert_eq!(lean["values"][0]["value"], "left");
    assert_eq!(
        lean["values"][0]["outlets"],
        serde_json::json!(["Daily Ledger", "Evening Post"])
    );
    assert_eq!(
        lean["values"][0]["articles"],
        serde_json::json!(["ledger", "post"])
    );
    assert_eq!(lean["values"][1]["value"], "right");
    assert_eq!(lean["missing"], serde_json::json!(["centre"]));
    assert_eq!(lean["blindspot"], Value::Null);
    let owner = &story["outlet_coverage"]["labels"][1];
    assert_eq!(owner["key"], "owner");
    assert_eq!(owner["unlabelled"], serde_json::json!(["Evening Post"]));

    let claims = story["claims"].as_array().unwrap();
    let claim = |id: &str| claims.iter().find(|claim| claim["id"] == id).unwrap();
    // c1: all three outlets.
    assert_eq!(
        claim("c1")["outlet_coverage"]["lean"]["reported_by"],
        serde_json::json!(["left", "right"])
    );
    assert_eq!(claim("c1")["blindspot"], Value::Null);
    // c4: the two left outlets only.
    assert_eq!(
        claim("c4")["outlet_coverage"]["lean"]["missing"],
        serde_json::json!(["right"])
    );
    assert_eq!(
        claim("c4")["blindspot"],
        serde_json::json!({"key": "lean", "value": "left"})
    );
    // c5: the wire only.
    assert_eq!(claim("c5")["blindspot"]["value"], "right");
    let blindspots = story["blindspots"].as_array().unwrap();
    let count = |key: &str, value: &str| {
        blindspots
            .iter()
            .find(|b| b["key"] == key && b["value"] == value)
            .map(|b| b["claims"].as_u64().unwrap())
    };
    // Left: c2, c4, c6, c3, c7, c8 (Evening Post and Daily Ledger); right: c5.
    assert_eq!(count("lean", "left"), Some(6));
    assert_eq!(count("lean", "right"), Some(1));
    // Evening Post has no owner, so its claims are no owner blindspot.
    assert_eq!(count("owner", "Wire Co"), Some(1));
}

#[test]
fn other_formats_do_not_change_without_a_table() {
    let analysis = common::analysis();
    for format in [
        Format::Json,
        Format::Html,
        Format::Markdown,
        Format::Terminal,
    ] {
        let plain = render(&analysis, format, &RenderOptions::default());
        let empty = RenderOptions {
            outlets: None,
            ..RenderOptions::default()
        };
        assert_eq!(plain, render(&analysis, format, &empty));
    }
    let html = render(&analysis, Format::Html, &RenderOptions::default());
    assert!(!html.contains("Who covers this story"));
    assert!(!html.contains("blindspot"));
}

#[test]
fn html_shows_bars_and_blindspots_escaped() {
    let analysis = common::analysis();
    let html = render(&analysis, Format::Html, &with_table());
    assert!(html.contains("<h3>Who covers this story</h3>"));
    assert!(html
        .contains(r#"class="bar" role="img" aria-label="lean: left 2 outlets, right 1 outlet""#));
    assert!(html.contains("none from centre"));
    assert!(html.contains("<h3>Claims only one group reports</h3>"));
    assert!(html.contains("blindspot: only left (lean) outlets"));
    // c5: the wire only, right and owned by Wire Co.
    assert!(html.contains("blindspot: only right (lean), Wire Co (owner) outlets"));
    assert!(
        html.contains("◆ "),
        "blindspot claims are marked in the matrix"
    );
    // The hostile label and outlet name are escaped everywhere.
    assert!(!html.contains("<script>alert('owner')"));
    assert!(html.contains("&lt;script&gt;alert(&#39;owner&#39;)&lt;/script&gt;"));
    assert!(!html.contains("<b>\" onerror="));
    assert!(!html.to_lowercase().contains("<script"));
}

#[test]
fn html_names_a_blindspot_story() {
    let mut analysis = common::analysis();
    // Only the left outlets' articles stay in the story.
    analysis.stories[0].articles.retain(|id| id != "wire");
    for claim in &mut analysis.stories[0].claims {
        claim.support.retain(|support| support.article != "wire");
    }
    let html = render(&analysis, Format::Html, &with_table());
    assert!(
        html.contains(
            r#"<p class="blind">Blindspot: only left outlets (lean) cover this story.</p>"#
        ),
        "{html}"
    );
}
