//! The timeline chart of the HTML report: the story's dated events on one axis and, below them,
//! when each outlet published. Every label goes through `escape_html`.

use std::collections::BTreeMap;
use std::fmt::Write;

use chrono::NaiveDate;
use corroborate_core::{Analysis, Story};

use crate::render::{escape_html, source_name};

const WIDTH: f64 = 720.0;
const LEFT: f64 = 96.0;
const RIGHT: f64 = 20.0;

/// A timeline date (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`) as its first day.
fn day(date: &str) -> Option<NaiveDate> {
    let date = date.trim();
    let full = match date.len() {
        4 => format!("{date}-01-01"),
        7 => format!("{date}-01"),
        _ => date.get(..10)?.to_string(),
    };
    NaiveDate::parse_from_str(&full, "%Y-%m-%d").ok()
}

/// `None` when fewer than two distinct days are known.
pub(crate) fn timeline_chart(analysis: &Analysis, story: &Story) -> Option<String> {
    let events: Vec<(NaiveDate, &str, &str)> = story
        .timeline
        .iter()
        .filter_map(|entry| Some((day(&entry.date)?, entry.date.as_str(), entry.text.as_str())))
        .collect();
    let published: Vec<(NaiveDate, String)> = story
        .articles
        .iter()
        .filter_map(|id| {
            let doc = analysis.document(id)?;
            Some((doc.meta.published_date()?, source_name(Some(doc), id)))
        })
        .collect();
    // The axis covers the reporting and the events of the two months before it; older events
    // (background: "the longest strike since 1998") sit in an "earlier" column at its left.
    let floor = published
        .iter()
        .map(|p| p.0)
        .min()
        .and_then(|d| d.checked_sub_signed(chrono::Duration::days(60)));
    let in_window = |date: &NaiveDate| floor.is_none_or(|floor| *date >= floor);
    let first = events
        .iter()
        .map(|e| e.0)
        .filter(in_window)
        .chain(published.iter().map(|p| p.0))
        .min()?;
    let last = events
        .iter()
        .map(|e| e.0)
        .chain(published.iter().map(|p| p.0))
        .max()?;
    let span = (last - first).num_days();
    if span < 1 || events.is_empty() {
        return None;
    }
    let x = |date: NaiveDate| {
        LEFT + (WIDTH - LEFT - RIGHT) * (date - first).num_days() as f64 / span as f64
    };
    let height = 150.0;
    let mut out = format!(
        r#"<svg class="timeline" viewBox="0 0 {WIDTH} {height}" width="100%" style="max-width:{WIDTH}px" role="img" aria-label="{}">"#,
        escape_html(&format!(
            "timeline from {first} to {last}: {} events, {} articles",
            events.len(),
            published.len()
        ))
    );
    let axis = 118.0;
    let _ = write!(
        out,
        concat!(
            r##"<text x="4" y="48">events</text><text x="4" y="92">articles</text>"##,
            r##"<line x1="{l}" y1="{a}" x2="{r}" y2="{a}" stroke="#9aa5b1"/>"##
        ),
        l = LEFT,
        r = WIDTH - RIGHT,
        a = axis
    );
    // Ticks: the ends and up to four days between, labelled.
    let ticks = 5i64.min(span);
    for i in 0..=ticks {
        let date = first + chrono::Duration::days(span * i / ticks);
        let tx = x(date);
        let anchor = match i {
            0 => "start",
            i if i == ticks => "end",
            _ => "middle",
        };
        let _ = write!(
            out,
            r##"<line x1="{tx:.1}" y1="{a}" x2="{tx:.1}" y2="{b}" stroke="#9aa5b1"/><text x="{tx:.1}" y="{y}" text-anchor="{anchor}">{date}</text>"##,
            a = axis,
            b = axis + 5.0,
            y = axis + 18.0,
        );
    }
    // Events: a dot each, stacked upwards on the same day; older ones hollow, at the left.
    let mut stacked: BTreeMap<Option<NaiveDate>, usize> = BTreeMap::new();
    let mut earlier = false;
    for (date, shown, text) in &events {
        let (key, cx, fill) = if in_window(date) {
            (Some(*date), x(*date), "#1565c0")
        } else {
            earlier = true;
            (None, LEFT - 12.0, "#fff")
        };
        let level = stacked.entry(key).or_default();
        let cy = 48.0 - 11.0 * (*level as f64).min(3.0);
        *level += 1;
        let _ = write!(
            out,
            r##"<circle cx="{cx:.1}" cy="{cy}" r="5" fill="{fill}" stroke="#1565c0" stroke-width="1.5"><title>{}</title></circle>"##,
            escape_html(&format!("{shown}: {text}"))
        );
    }
    if earlier {
        let _ = write!(
            out,
            r##"<text x="{:.1}" y="64" text-anchor="middle">earlier</text>"##,
            LEFT - 12.0
        );
    }
    let mut stacked: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    for (date, outlet) in &published {
        let level = stacked.entry(*date).or_default();
        let y = 86.0 - 9.0 * (*level as f64).min(3.0);
        *level += 1;
        let _ = write!(
            out,
            r##"<rect x="{:.1}" y="{y}" width="8" height="8" fill="#ef6c00"><title>{}</title></rect>"##,
            x(*date) - 4.0,
            escape_html(&format!("{outlet}, {date}"))
        );
    }
    out.push_str("</svg>");
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(date: &str, text: &str) -> corroborate_core::TimelineEntry {
        corroborate_core::TimelineEntry {
            date: date.to_string(),
            text: text.to_string(),
            citations: Vec::new(),
        }
    }

    #[test]
    fn draws_events_on_a_dated_axis_with_escaped_labels() {
        let story = Story {
            timeline: vec![
                entry("2026-03-01", "Talks began <script>x</script>"),
                entry("2026-03-10", "Strike ended"),
            ],
            ..Story::default()
        };
        let svg = timeline_chart(&Analysis::default(), &story).expect("a chart");
        assert_eq!(svg.matches("<circle").count(), 2);
        assert!(svg.contains("2026-03-01") && svg.contains("2026-03-10"));
        assert!(svg.contains("&lt;script&gt;") && !svg.contains("<script>"));
        // Background events long before the reporting sit apart, not on the axis.
        let mut analysis = Analysis::default();
        let mut doc = corroborate_core::Document::from_text("a", "Text.");
        doc.meta.published = Some("2026-03-12".to_string());
        analysis.documents.push(doc);
        let story = Story {
            articles: vec!["a".to_string()],
            timeline: vec![
                entry("1998", "The last long strike"),
                entry("2026-03-10", "Strike ended"),
            ],
            ..Story::default()
        };
        let svg = timeline_chart(&analysis, &story).expect("a chart");
        assert!(svg.contains(">earlier<") && svg.contains("2026-03-12"));
        assert!(!svg.contains("1998-01-01<"), "{svg}");
        // One day only: nothing to draw.
        let one = Story {
            timeline: vec![entry("2026-03-01", "a"), entry("2026-03-01", "b")],
            ..Story::default()
        };
        assert!(timeline_chart(&Analysis::default(), &one).is_none());
    }

    #[test]
    fn reads_coarse_dates_as_their_first_day() {
        assert_eq!(day("1998"), NaiveDate::from_ymd_opt(1998, 1, 1));
        assert_eq!(day("2026-03"), NaiveDate::from_ymd_opt(2026, 3, 1));
        assert_eq!(
            day("2026-03-11T10:00:00Z"),
            NaiveDate::from_ymd_opt(2026, 3, 11)
        );
        assert_eq!(day("March"), None);
    }
}
