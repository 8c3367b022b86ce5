//! Markdown report: the terminal report's content, with each citation a link to the cited
//! sentence in the story's sources list.

use std::fmt::Write;

use corroborate_core::{Analysis, BriefSection, Cite, Story};

use crate::render::{cited_text, coverage_note, source_name, source_number, RenderOptions};

/// Escapes text so Markdown renders it literally and never as HTML.
pub(crate) fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // Brackets are escaped, so parentheses and '!' can never form a link or image.
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '#' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            _ => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The citations of one story, numbered in order of first use.
struct Notes<'a> {
    story_number: usize,
    story: &'a Story,
    cites: Vec<Cite>,
}

impl Notes<'_> {
    fn link(&mut self, cite: &Cite) -> String {
        let index = match self.cites.iter().position(|known| known == cite) {
            Some(index) => index,
            None => {
                self.cites.push(cite.clone());
                self.cites.len() - 1
            }
        };
        let number = source_number(self.story, &cite.doc).unwrap_or(0);
        format!("[\\[{number}\\]](#s{}-c{})", self.story_number, index + 1)
    }

    fn links(&mut self, cites: &[Cite]) -> String {
        let links: Vec<String> = cites.iter().map(|cite| self.link(cite)).collect();
        links.join("")
    }
}

pub(crate) fn render_markdown(analysis: &Analysis, opts: &RenderOptions) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# corroborate report\n");
    let _ = writeln!(
        out,
        "_{} · {} articles · {} stories · encoder {}_",
        escape_markdown(&opts.generator),
        analysis.documents.len(),
        analysis.stories.len(),
        escape_markdown(&analysis.encoder)
    );
    for (index, story) in analysis.stories.iter().enumerate() {
        story_section(&mut out, analysis, index + 1, story);
    }
    if !analysis.failures.is_empty() {
        let _ = writeln!(out, "\n## Failures\n");
        for failure in &analysis.failures {
            let _ = writeln!(
                out,
                "- `{}`: {}",
                failure.path.replace('`', "'"),
                escape_markdown(&failure.reason)
            );
        }
    }
    out
}

fn story_section(out: &mut String, analysis: &Analysis, number: usize, story: &Story) {
    let mut notes = Notes {
        story_number: number,
        story,
        cites: Vec::new(),
    };
    let _ = writeln!(out, "\n## {number}. {}\n", escape_markdown(&story.title));
    let sources: Vec<String> = story
        .articles
        .iter()
        .enumerate()
        .map(|(n, article)| {
            format!(
                "[\\[{}\\]](#s{number}-a{}) {}",
                n + 1,
                n + 1,
                escape_markdown(&source_name(analysis.document(article), article))
            )
        })
        .collect();
    let _ = writeln!(out, "**Sources:** {}", sources.join(" · "));

    let sections = [
        (BriefSection::Consensus, "What the sources agree on"),
        (BriefSection::Differences, "Where reports differ"),
        (BriefSection::SingleSource, "Reported by one outlet only"),
    ];
    for (section, heading) in sections {
        let sentences: Vec<_> = story
            .summary
            .iter()
            .filter(|sentence| sentence.section == section)
            .collect();
        if sentences.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n### {heading}\n");
        for sentence in sentences {
            let links = notes.links(&sentence.citations);
            let _ = writeln!(out, "- {} {links}", escape_markdown(&sentence.text));
        }
    }

    if !story.quotes.is_empty() {
        let _ = writeln!(out, "\n### Quotes\n");
        let _ = writeln!(out, "| Speaker | Quote | Sources |\n|---|---|---|");
        for quote in &story.quotes {
            let mut sources = Vec::new();
            for source in &quote.sources {
                let mut link = notes.link(&Cite::new(source.article.clone(), source.span));
                if !source.verbatim {
                    let difference = source.difference.as_deref().unwrap_or("altered");
                    link.push_str(&format!(" (differs: {})", escape_markdown(difference)));
                }
                sources.push(link);
            }
            let _ = writeln!(
                out,
                "| {} | “{}” | {} |",
                escape_markdown(quote.speaker_name.as_deref().unwrap_or("unattributed")),
                escape_markdown(&quote.text),
                sources.join(" ")
            );
        }
    }

    if !story.figures.is_empty() {
        let _ = writeln!(out, "\n### Figures\n");
        let _ = writeln!(
            out,
            "| Figure | Equivalents | Sources | Consistent |\n|---|---|---|---|"
        );
        for figure in &story.figures {
            let equivalents: Vec<String> = figure
                .equivalents
                .iter()
                .map(|equivalent| escape_markdown(&equivalent.text))
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                escape_markdown(&figure.text),
                equivalents.join(", "),
                notes.links(&figure.sources),
                if figure.consistent { "yes" } else { "**no**" }
            );
        }
    }

    if !story.timeline.is_empty() {
        let _ = writeln!(out, "\n### Timeline\n");
        for entry in &story.timeline {
            let links = notes.links(&entry.citations);
            let _ = writeln!(
                out,
                "- **{}** {} {links}",
                escape_markdown(&entry.date),
                escape_markdown(&entry.text)
            );
        }
    }

    let _ = writeln!(out, "\n### Sources\n");
    for (n, article) in story.articles.iter().enumerate() {
        let doc = analysis.document(article);
        let mut line = format!(
            "{}. <a id=\"s{number}-a{}\"></a>**{}** (`{}`)",
            n + 1,
            n + 1,
            escape_markdown(&source_name(doc, article)),
            article.replace('`', "'")
        );
        if let Some(title) = doc.and_then(|doc| doc.meta.title.as_deref()) {
            line.push_str(&format!(" — {}", escape_markdown(title)));
        }
        if let Some(note) = coverage_note(story, article) {
            line.push_str(&format!(" · {note}"));
        }
        let _ = writeln!(out, "{line}");
        for (index, cite) in notes.cites.iter().enumerate() {
            if &cite.doc != article {
                continue;
            }
            let text = cited_text(analysis, cite).unwrap_or("(span not found)");
            let _ = writeln!(
                out,
                "   - <a id=\"s{number}-c{}\"></a>“{}” (bytes {})",
                index + 1,
                escape_markdown(text),
                cite.span
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escape_disarms_html_and_links() {
        let escaped = escape_markdown("<script>x</script> [a](javascript:1) *b*\nc");
        assert_eq!(
            escaped,
            "&lt;script&gt;x&lt;/script&gt; \\[a\\](javascript:1) \\*b\\* c"
        );
    }
}
