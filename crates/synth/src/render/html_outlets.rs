//! The outlet-group parts of the HTML report: a coverage bar per label key and the blindspot
//! claims. CSS only (no script); every table- and article-derived text goes through
//! `escape_html`.

use std::fmt::Write;

use corroborate_core::Story;

use crate::outlets::{LabelValue, OutletTable, StoryCoverage};
use crate::render::escape_html;

/// Colours of a key's values, by their place in the table (so a value keeps its colour across
/// stories); values past the palette reuse it.
const PALETTE: [&str; 8] = [
    "#1565c0", "#c62828", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#ad1457", "#5d4037",
];
const UNLABELLED: &str = "#b0bec5";

pub(crate) const STYLE: &str = r#"
.groups{margin:6px 0 0}
.group{margin:8px 0}
.bar{display:flex;height:14px;max-width:560px;border-radius:3px;overflow:hidden;background:#eceff1;margin:3px 0}
.bar span{display:block;height:100%}
.bar span+span{border-left:2px solid #fff}
.groups .legend{margin:2px 0}
.blind{color:#6a1b9a;font-weight:600}
"#;

/// "blindspot: only left (lean), US (country) outlets" for a claim's blindspots.
pub(crate) fn blindspot_note(blindspots: &[LabelValue]) -> String {
    let groups: Vec<String> = blindspots
        .iter()
        .map(|blindspot| format!("{} ({})", blindspot.value, blindspot.key))
        .collect();
    format!("blindspot: only {} outlets", groups.join(", "))
}

/// Who covers the story, per label key, and the claims only one group reports.
pub(crate) fn outlet_groups(
    out: &mut String,
    table: &OutletTable,
    story: &Story,
    coverage: &StoryCoverage,
) {
    if coverage.labels.is_empty() {
        return;
    }
    out.push_str(r#"<h3>Who covers this story</h3><div class="groups">"#);
    for label in &coverage.labels {
        let known = table.values(&label.key);
        let color = |value: &str| {
            known
                .iter()
                .position(|known| known == value)
                .map_or(UNLABELLED, |index| PALETTE[index % PALETTE.len()])
        };
        let total: usize = label
            .values
            .iter()
            .map(|value| value.outlets.len())
            .sum::<usize>()
            + label.unlabelled.len();
        let plural = |n: usize| if n == 1 { "outlet" } else { "outlets" };
        let mut parts: Vec<(String, usize, &str, String)> = label
            .values
            .iter()
            .map(|value| {
                (
                    value.value.clone(),
                    value.outlets.len(),
                    color(&value.value),
                    value.outlets.join(", "),
                )
            })
            .collect();
        if !label.unlabelled.is_empty() {
            parts.push((
                "no label".to_string(),
                label.unlabelled.len(),
                UNLABELLED,
                label.unlabelled.join(", "),
            ));
        }
        let summary = parts
            .iter()
            .map(|(value, count, _, _)| format!("{value} {count} {}", plural(*count)))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = write!(
            out,
            r#"<div class="group"><strong>{}</strong><div class="bar" role="img" aria-label="{}: {}">"#,
            escape_html(&label.key),
            escape_html(&label.key),
            escape_html(&summary)
        );
        for (value, count, fill, outlets) in &parts {
            let width = 100.0 * *count as f64 / total.max(1) as f64;
            let _ = write!(
                out,
                r#"<span style="width:{width:.1}%;background:{fill}" title="{}: {}"></span>"#,
                escape_html(value),
                escape_html(outlets)
            );
        }
        out.push_str(r#"</div><p class="legend meta">"#);
        for (value, count, fill, outlets) in &parts {
            let _ = write!(
                out,
                r#"<span style="background:{fill}"></span>{} {count} <small>({})</small>"#,
                escape_html(value),
                escape_html(outlets)
            );
        }
        if !label.missing.is_empty() {
            let _ = write!(
                out,
                " · none from {}",
                escape_html(&label.missing.join(", "))
            );
        }
        out.push_str("</p>");
        if let Some(value) = &label.blindspot {
            let _ = write!(
                out,
                r#"<p class="blind">Blindspot: only {} outlets ({}) cover this story.</p>"#,
                escape_html(value),
                escape_html(&label.key)
            );
        }
        out.push_str("</div>");
    }
    out.push_str("</div>");

    let blind: Vec<_> = story
        .claims
        .iter()
        .filter_map(|claim| {
            let claim_coverage = coverage.claim(&claim.id)?;
            (!claim_coverage.blindspots.is_empty()).then_some((claim, claim_coverage))
        })
        .collect();
    if blind.is_empty() {
        return;
    }
    out.push_str(r#"<h3>Claims only one group reports</h3><ul class="brief blindspots">"#);
    for (claim, claim_coverage) in blind {
        let _ = write!(
            out,
            r#"<li>{} <span class="blind">{}</span></li>"#,
            escape_html(&claim.text),
            escape_html(&blindspot_note(&claim_coverage.blindspots))
        );
    }
    out.push_str("</ul>");
}
