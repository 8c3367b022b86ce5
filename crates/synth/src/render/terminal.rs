//! Plain-text report for a terminal: wrapped to a width, ANSI colour when asked.

use std::fmt::Write;

use corroborate_core::{Analysis, BriefSection, Cite, Story};

use crate::render::{coverage_note, source_name, source_number, RenderOptions};

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const RED: &str = "\x1b[31m";
const CYAN: &str = "\x1b[36m";
const RESET: &str = "\x1b[0m";

struct Painter {
    color: bool,
    width: usize,
}

impl Painter {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    }

    fn heading(&self, out: &mut String, text: &str) {
        let _ = writeln!(out, "{}", self.paint(BOLD, text));
    }

    /// Writes `text` wrapped with `first` as the first line's prefix and spaces after; citation
    /// markers are dimmed after wrapping so colour codes never count toward the width.
    fn item(&self, out: &mut String, first: &str, text: &str) {
        let rest = " ".repeat(first.chars().count());
        for (index, line) in wrap(text, self.width.saturating_sub(rest.len()).max(20))
            .iter()
            .enumerate()
        {
            let prefix = if index == 0 { first } else { rest.as_str() };
            let _ = writeln!(out, "{prefix}{}", self.dim_citations(line));
        }
    }

    fn dim_citations(&self, line: &str) -> String {
        if !self.color {
            return line.to_string();
        }
        let mut out = String::new();
        let mut rest = line;
        while let Some(open) = rest.find('[') {
            let Some(close) = rest[open..].find(']') else {
                break;
            };
            let inner = &rest[open + 1..open + close];
            out.push_str(&rest[..open]);
            if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit()) {
                out.push_str(&self.paint(DIM, &rest[open..=open + close]));
            } else {
                out.push_str(&rest[open..=open + close]);
            }
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        out
    }
}

/// Removes control characters (an article could carry terminal escape sequences).
fn clean(text: &str) -> String {
    let squashed: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    squashed.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Greedy word wrap by characters.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let needed = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
        if !line.is_empty() && needed > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// " [1][3]": distinct source numbers of the citations, in order of first use.
pub(crate) fn markers(story: &Story, citations: &[Cite]) -> String {
    let mut numbers: Vec<usize> = Vec::new();
    for cite in citations {
        if let Some(number) = source_number(story, &cite.doc) {
            if !numbers.contains(&number) {
                numbers.push(number);
            }
        }
    }
    numbers.iter().map(|n| format!("[{n}]")).collect()
}

pub(crate) fn render_terminal(analysis: &Analysis, opts: &RenderOptions) -> String {
    let painter = Painter {
        color: opts.color,
        width: opts.width.max(40),
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        painter.paint(
            DIM,
            &format!(
                "{} · {} articles · {} stories · encoder {}",
                clean(&opts.generator),
                analysis.documents.len(),
                analysis.stories.len(),
                clean(&analysis.encoder)
            )
        )
    );
    for (index, story) in analysis.stories.iter().enumerate() {
        out.push('\n');
        story_section(&mut out, &painter, analysis, index, story);
    }
    if !analysis.failures.is_empty() {
        out.push('\n');
        painter.heading(&mut out, &painter.paint(RED, "Failures"));
        for failure in &analysis.failures {
            painter.item(
                &mut out,
                "  ✗ ",
                &format!("{}: {}", clean(&failure.path), clean(&failure.reason)),
            );
        }
    }
    out
}

fn story_section(
    out: &mut String,
    painter: &Painter,
    analysis: &Analysis,
    index: usize,
    story: &Story,
) {
    let title = format!("Story {} · {}", index + 1, clean(&story.title));
    for line in wrap(&title, painter.width) {
        painter.heading(out, &painter.paint(CYAN, &line));
    }
    let rule = "─".repeat(painter.width.min(title.chars().count().max(20)));
    let _ = writeln!(out, "{}", painter.paint(DIM, &rule));

    painter.heading(out, "Sources");
    for (n, article) in story.articles.iter().enumerate() {
        let doc = analysis.document(article);
        // The id in brackets only when the name is something else (an outlet or a title).
        let name = source_name(doc, article);
        let mut line = if name == *article {
            name
        } else {
            format!("{name} ({article})")
        };
        if let Some(title) = doc.and_then(|doc| doc.meta.title.as_deref()) {
            if doc.and_then(|doc| doc.meta.outlet.as_deref()).is_some() {
                line.push_str(&format!(" — {title}"));
            }
        }
        if let Some(derived) = analysis.derived_from.get(article) {
            line.push_str(&format!(" · likely a rewrite of {}", derived.article));
        }
        if let Some(note) = coverage_note(story, article) {
            line.push_str(&format!(" · {note}"));
        }
        painter.item(out, &format!("  [{}] ", n + 1), &clean(&line));
    }

    let sections = [
        (BriefSection::Consensus, "What the sources agree on", GREEN),
        (BriefSection::Differences, "Where reports differ", YELLOW),
        (
            BriefSection::SingleSource,
            "Reported by one outlet only",
            DIM,
        ),
    ];
    for (section, heading, code) in sections {
        let sentences: Vec<_> = story
            .summary
            .iter()
            .filter(|sentence| sentence.section == section)
            .collect();
        if sentences.is_empty() {
            continue;
        }
        out.push('\n');
        painter.heading(out, &painter.paint(code, heading));
        for sentence in sentences {
            let text = format!(
                "{} {}",
                clean(&sentence.text),
                markers(story, &sentence.citations)
            );
            painter.item(out, "  • ", &text);
        }
    }

    if !story.quotes.is_empty() {
        out.push('\n');
        painter.heading(out, "Quotes");
        for quote in &story.quotes {
            let speaker = quote.speaker_name.as_deref().unwrap_or("unattributed");
            let cites: Vec<Cite> = quote
                .sources
                .iter()
                .map(|source| Cite::new(source.article.clone(), source.span))
                .collect();
            let mut text = format!(
                "“{}” — {} {}",
                clean(&quote.text),
                clean(speaker),
                markers(story, &cites)
            );
            for source in quote.sources.iter().filter(|source| !source.verbatim) {
                let number = source_number(story, &source.article).unwrap_or(0);
                let difference = source.difference.as_deref().unwrap_or("altered");
                text.push_str(&format!("; [{number}] differs: {}", clean(difference)));
            }
            painter.item(out, "  • ", &text);
        }
    }

    if !story.figures.is_empty() {
        out.push('\n');
        painter.heading(out, "Figures");
        for figure in &story.figures {
            let mut text = clean(&figure.text);
            let equivalents: Vec<String> = figure
                .equivalents
                .iter()
                .map(|equivalent| clean(&equivalent.text))
                .collect();
            if !equivalents.is_empty() {
                text.push_str(&format!(" (= {})", equivalents.join(", ")));
            }
            text.push(' ');
            text.push_str(&markers(story, &figure.sources));
            if !figure.consistent {
                text.push_str(" — sources disagree");
            }
            painter.item(out, "  • ", &text);
        }
    }

    if !story.timeline.is_empty() {
        out.push('\n');
        painter.heading(out, "Timeline");
        for entry in &story.timeline {
            let text = format!(
                "{} {}",
                clean(&entry.text),
                markers(story, &entry.citations)
            );
            painter.item(out, &format!("  {:<10}  ", clean(&entry.date)), &text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_width() {
        let lines = wrap("aaa bbb ccc ddd", 7);
        assert_eq!(lines, ["aaa bbb", "ccc ddd"]);
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(
            wrap("averyveryverylongword x", 5),
            ["averyveryverylongword", "x"]
        );
    }

    #[test]
    fn strips_terminal_escapes_from_article_text() {
        assert_eq!(clean("a\x1b[31mred\x07 b\n c"), "a [31mred b c");
    }
}
