//! Inline SVG charts of the HTML report: the claims × outlets coverage matrix and the outlet
//! similarity matrix. All labels go through `escape_html`.

use std::fmt::Write;

use corroborate_core::{Analysis, ClaimStatus, Story};

use crate::outlets::StoryCoverage;
use crate::render::html_outlets::blindspot_note;
use crate::render::{escape_html, source_name};

const CELL: usize = 18;
const MAX_ROWS: usize = 40;

fn status_color(status: ClaimStatus) -> &'static str {
    match status {
        ClaimStatus::Corroborated => "#2e7d32",
        ClaimStatus::Conflicting => "#d84315",
        ClaimStatus::SingleSource => "#78909c",
    }
}

pub(crate) fn status_name(status: ClaimStatus) -> &'static str {
    match status {
        ClaimStatus::Corroborated => "corroborated",
        ClaimStatus::Conflicting => "conflicting",
        ClaimStatus::SingleSource => "single source",
    }
}

fn shorten(text: &str, chars: usize) -> String {
    let squashed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if squashed.chars().count() <= chars {
        return squashed;
    }
    let cut: String = squashed.chars().take(chars.saturating_sub(1)).collect();
    format!("{cut}…")
}

/// Rows: claims (corroborated, then conflicting, then single-source); columns: the story's
/// articles; a filled cell means the article states the claim. With outlet groups, a blindspot
/// claim's label starts with `◆` and its tooltip names the group.
pub(crate) fn coverage_matrix(
    analysis: &Analysis,
    story: &Story,
    outlets: Option<&StoryCoverage>,
) -> String {
    let mut claims: Vec<_> = story.claims.iter().collect();
    claims.sort_by_key(|claim| match claim.status {
        ClaimStatus::Corroborated => 0,
        ClaimStatus::Conflicting => 1,
        ClaimStatus::SingleSource => 2,
    });
    let hidden = claims.len().saturating_sub(MAX_ROWS);
    claims.truncate(MAX_ROWS);
    let label_width = 330;
    let header = 28;
    let width = label_width + story.articles.len() * CELL + 10;
    let height = header + claims.len() * CELL + 10;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="matrix" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="claims by outlet coverage matrix">"#
    );
    for (col, article) in story.articles.iter().enumerate() {
        let x = label_width + col * CELL + CELL / 2;
        let name = source_name(analysis.document(article), article);
        let _ = write!(
            svg,
            r#"<text x="{x}" y="{}" text-anchor="middle" class="col">{}<title>{}</title></text>"#,
            header - 8,
            col + 1,
            escape_html(&name)
        );
    }
    for (row, claim) in claims.iter().enumerate() {
        let y = header + row * CELL;
        let blindspots = outlets
            .and_then(|coverage| coverage.claim(&claim.id))
            .map(|coverage| coverage.blindspots.as_slice())
            .unwrap_or_default();
        let (label, title) = if blindspots.is_empty() {
            (shorten(&claim.text, 52), claim.text.clone())
        } else {
            (
                format!("◆ {}", shorten(&claim.text, 50)),
                format!("{} ({})", claim.text, blindspot_note(blindspots)),
            )
        };
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" text-anchor="end" class="row">{}<title>{}</title></text>"#,
            label_width - 6,
            y + CELL - 5,
            escape_html(&label),
            escape_html(&title)
        );
        for (col, article) in story.articles.iter().enumerate() {
            let x = label_width + col * CELL;
            let states = claim
                .support
                .iter()
                .any(|support| &support.article == article);
            let (fill, what) = if states {
                (status_color(claim.status), status_name(claim.status))
            } else {
                ("#eceff1", "not reported")
            };
            let _ = write!(
                svg,
                r##"<rect x="{}" y="{}" width="{}" height="{}" rx="2" fill="{fill}"><title>[{}] {}: {}</title></rect>"##,
                x + 1,
                y + 1,
                CELL - 2,
                CELL - 2,
                col + 1,
                escape_html(&source_name(analysis.document(article), article)),
                what
            );
        }
    }
    svg.push_str("</svg>");
    let marked = claims.iter().any(|claim| {
        outlets
            .and_then(|coverage| coverage.claim(&claim.id))
            .is_some_and(|coverage| !coverage.blindspots.is_empty())
    });
    if marked {
        svg.push_str(
            r#"<p class="note">◆ a blindspot: only one group's outlets report the claim.</p>"#,
        );
    }
    if hidden > 0 {
        let _ = write!(
            svg,
            r#"<p class="note">{hidden} more claims not drawn.</p>"#
        );
    }
    svg
}

/// Pairwise similarity of the story's articles as a heat map with values.
pub(crate) fn similarity_matrix(story: &Story) -> Option<String> {
    let n = story.articles.len();
    if story.similarity.len() != n || n < 2 {
        return None;
    }
    let cell = 40;
    let margin = 30;
    let size = margin + n * cell + 4;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="similarity" xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 {size} {size}" role="img" aria-label="outlet similarity matrix">"#
    );
    for index in 0..n {
        let centre = margin + index * cell + cell / 2;
        let _ = write!(
            svg,
            r#"<text x="{centre}" y="{}" text-anchor="middle" class="col">{}</text><text x="{}" y="{}" text-anchor="end" class="col">{}</text>"#,
            margin - 10,
            index + 1,
            margin - 6,
            centre + 4,
            index + 1
        );
    }
    for (row, values) in story.similarity.iter().enumerate() {
        for (col, value) in values.iter().take(n).enumerate() {
            let value = if value.is_finite() {
                value.clamp(0.0, 1.0)
            } else {
                0.0
            };
            // White at 0, deep blue at 1.
            let shade = |low: f32, high: f32| (low + (high - low) * value).round() as u8;
            let fill = format!(
                "#{:02x}{:02x}{:02x}",
                shade(255.0, 21.0),
                shade(255.0, 101.0),
                shade(255.0, 192.0)
            );
            let ink = if value > 0.55 { "#fff" } else { "#263238" };
            let x = margin + col * cell;
            let y = margin + row * cell;
            let _ = write!(
                svg,
                r##"<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{fill}" stroke="#fff"><title>[{}] vs [{}]: {value:.2}</title></rect><text x="{}" y="{}" text-anchor="middle" class="val" style="fill:{ink}">{value:.2}</text>""##,
                row + 1,
                col + 1,
                x + cell / 2,
                y + cell / 2 + 4
            );
        }
    }
    svg.push_str("</svg>");
    Some(svg)
}
