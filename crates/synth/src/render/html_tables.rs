//! Tables of the HTML report: quotes, figures, entities with their roles per outlet, timeline.

use std::fmt::Write;

use corroborate_core::{Analysis, Cite, Story};

use crate::render::html::cite_links;
use crate::render::{escape_html, source_number, RenderOptions};

pub(crate) fn quotes_table(
    out: &mut String,
    analysis: &Analysis,
    opts: &RenderOptions,
    story: &Story,
) {
    if story.quotes.is_empty() {
        return;
    }
    out.push_str("<h3>Quotes</h3><table><thead><tr><th>Speaker</th><th>Quote</th><th>Sources</th></tr></thead><tbody>");
    for quote in &story.quotes {
        let mut sources = String::new();
        for source in &quote.sources {
            let cite = Cite::new(source.article.clone(), source.span);
            sources.push_str(&cite_links(
                analysis,
                opts,
                story,
                std::slice::from_ref(&cite),
            ));
            if source.verbatim {
                sources.push_str(r#" <span class="good">verbatim</span><br>"#);
            } else {
                let difference = source.difference.as_deref().unwrap_or("altered");
                let _ = write!(
                    sources,
                    r#" <span class="bad">differs</span>: {}<br>"#,
                    escape_html(difference)
                );
            }
        }
        let _ = write!(
            out,
            "<tr><td>{}</td><td>“{}”</td><td>{sources}</td></tr>",
            escape_html(quote.speaker_name.as_deref().unwrap_or("unattributed")),
            escape_html(&quote.text)
        );
    }
    out.push_str("</tbody></table>");
}

/// `1234567.0` as `1,234,567`; fractions kept to two places.
fn amount_text(amount: f64) -> String {
    if !amount.is_finite() {
        return String::new();
    }
    let rounded = amount.round();
    if (amount - rounded).abs() > 1e-9 {
        return format!("{amount:.2}");
    }
    let digits = format!("{:.0}", rounded.abs());
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if rounded < 0.0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

pub(crate) fn figures_table(
    out: &mut String,
    analysis: &Analysis,
    opts: &RenderOptions,
    story: &Story,
) {
    if story.figures.is_empty() {
        return;
    }
    out.push_str("<h3>Figures</h3><table><thead><tr><th>Figure</th><th>Value</th><th>Equivalents</th><th>Sources</th><th>Consistent</th></tr></thead><tbody>");
    for figure in &story.figures {
        let equivalents: Vec<String> = figure
            .equivalents
            .iter()
            .map(|equivalent| escape_html(&equivalent.text))
            .collect();
        let consistent = if figure.consistent {
            r#"<span class="good">yes</span>"#
        } else {
            r#"<span class="bad">no — sources disagree</span>"#
        };
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{} {} <span class=\"meta\">{}</span></td><td>{}</td><td>{}</td><td>{consistent}</td></tr>",
            escape_html(&figure.text),
            amount_text(figure.amount),
            escape_html(figure.unit.as_deref().unwrap_or("")),
            figure.kind.as_str(),
            equivalents.join("<br>"),
            cite_links(analysis, opts, story, &figure.sources)
        );
    }
    out.push_str("</tbody></table>");
}

pub(crate) fn entities_table(out: &mut String, story: &Story) {
    if story.entities.is_empty() {
        return;
    }
    out.push_str("<h3>Who and what</h3><table><thead><tr><th>Name</th><th>Type</th><th>Also called</th><th>Role per outlet</th><th>Mentions</th></tr></thead><tbody>");
    for entity in &story.entities {
        let roles: Vec<String> = entity
            .roles
            .iter()
            .map(|role| {
                format!(
                    "[{}] {}",
                    source_number(story, &role.article).unwrap_or(0),
                    escape_html(&role.text)
                )
            })
            .collect();
        let aliases: Vec<String> = entity
            .aliases
            .iter()
            .map(|alias| escape_html(alias))
            .collect();
        let mut outlets: Vec<usize> = entity
            .mentions
            .iter()
            .filter_map(|mention| source_number(story, &mention.doc))
            .collect();
        outlets.sort_unstable();
        outlets.dedup();
        let outlets: Vec<String> = outlets.iter().map(|n| format!("[{n}]")).collect();
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} in {}</td></tr>",
            escape_html(&entity.name),
            entity.kind.as_str(),
            aliases.join(", "),
            roles.join("<br>"),
            entity.mentions.len(),
            outlets.join("")
        );
    }
    out.push_str("</tbody></table>");
}

pub(crate) fn timeline_table(
    out: &mut String,
    analysis: &Analysis,
    opts: &RenderOptions,
    story: &Story,
) {
    if story.timeline.is_empty() {
        return;
    }
    out.push_str("<h3>Timeline</h3>");
    if let Some(chart) = crate::render::svg_timeline::timeline_chart(analysis, story) {
        let _ = write!(
            out,
            r#"<div class="chart"><p class="legend meta"><span style="background:#1565c0"></span>event (hover for what happened)<span style="background:#ef6c00"></span>an outlet's report</p>{chart}</div>"#
        );
    }
    out.push_str(
        "<table><thead><tr><th>Date</th><th>Event</th><th>Sources</th></tr></thead><tbody>",
    );
    for entry in &story.timeline {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape_html(&entry.date),
            escape_html(&entry.text),
            cite_links(analysis, opts, story, &entry.citations)
        );
    }
    out.push_str("</tbody></table>");
}

#[cfg(test)]
mod tests {
    use super::amount_text;

    #[test]
    fn groups_thousands() {
        assert_eq!(amount_text(21e9), "21,000,000,000");
        assert_eq!(amount_text(950.0), "950");
        assert_eq!(amount_text(2.5), "2.50");
        assert_eq!(amount_text(-1200.0), "-1,200");
    }
}
