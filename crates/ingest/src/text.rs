//! Plain text and Markdown: paragraphs (one a line, blank-line separated, or hard-wrapped),
//! a leading title line, a byline, a date on a line of its own (the publication date), and a
//! leading dateline, all kept out of `source`.

use once_cell::sync::Lazy;
use regex::Regex;

use crate::align::{Decoded, SourceBuilder};
use crate::markdown;

/// What the text reader found besides the body.
#[derive(Debug, Default)]
pub(crate) struct TextArticle {
    pub source: SourceBuilder,
    pub title: Option<String>,
    pub byline: Option<String>,
    pub dateline: Option<String>,
    /// A date alone on a line after the title and byline ("October 23 , 2010"), as
    /// `YYYY-MM-DD`.
    pub published: Option<String>,
}

/// A line reduced to kept byte ranges of the decoded text.
#[derive(Debug)]
struct Line {
    pieces: Vec<(usize, usize)>,
    heading: bool,
    chars: usize,
}

impl Line {
    fn text(&self, text: &str) -> String {
        self.pieces.iter().map(|&(s, e)| &text[s..e]).collect()
    }
    fn start(&self) -> usize {
        self.pieces.first().map_or(0, |p| p.0)
    }
    fn end(&self) -> usize {
        self.pieces.last().map_or(0, |p| p.1)
    }
}

/// A paragraph: lines joined by a space.
type Paragraph = Vec<Line>;

pub(crate) fn read_text(decoded: &Decoded, markdown: bool, detect_title: bool) -> TextArticle {
    let text = decoded.text.as_str();
    let blocks = blocks(text, markdown);
    let wrapped = is_hard_wrapped(&blocks, text);
    let mut paragraphs: Vec<Paragraph> = Vec::new();
    for block in blocks {
        if !wrapped {
            paragraphs.extend(block.into_iter().map(|line| vec![line]));
            continue;
        }
        let width = wrap_width(text);
        let mut current: Paragraph = Vec::new();
        for line in block {
            let heading = line.heading;
            let ends_paragraph = heading || {
                let content = line.text(text);
                line.chars * 10 < width * 6
                    && (ends_sentence(&content) || (paragraphs.is_empty() && current.is_empty()))
            };
            if heading && !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
            current.push(line);
            if ends_paragraph {
                paragraphs.push(std::mem::take(&mut current));
            }
        }
        if !current.is_empty() {
            paragraphs.push(current);
        }
    }
    assemble(text, paragraphs, markdown, detect_title)
}

fn assemble(
    text: &str,
    paragraphs: Vec<Paragraph>,
    markdown: bool,
    detect_title: bool,
) -> TextArticle {
    let mut article = TextArticle::default();
    let mut first = 0;
    if detect_title && paragraphs.len() > 1 {
        let head = &paragraphs[0];
        let content = join_text(head, text);
        let is_heading = markdown && head.len() == 1 && head[0].heading;
        // a date on the line under it makes any short first line a title ("iTunes di Apple
        // soffia …", "Eerste vlucht van A380 naar V. S.")
        let dated = paragraphs.len() > 2
            && head.len() == 1
            && content.split_whitespace().count() <= 40
            && date_alone(&paragraphs[1], text).is_some();
        if is_heading || looks_like_title(&content) || dated {
            article.title = Some(content);
            first = 1;
        }
    }
    // A byline right after the title.
    if let Some(paragraph) = paragraphs.get(first) {
        if first + 1 < paragraphs.len() {
            let content = join_text(paragraph, text);
            if let Some(byline) = BYLINE.captures(&content).and_then(|c| c.get(1)) {
                if content.split_whitespace().count() <= 10 && !ends_sentence(&content) {
                    article.byline = Some(byline.as_str().trim().to_string());
                    first += 1;
                }
            }
        }
    }
    // A date on a line of its own: the publication date.
    if let Some(paragraph) = paragraphs.get(first) {
        if first + 1 < paragraphs.len() {
            if let Some(date) = date_alone(paragraph, text) {
                article.published = Some(date);
                first += 1;
            }
        }
    }
    let mut skip_bytes = 0;
    if let Some(paragraph) = paragraphs.get(first) {
        let line = &paragraph[0];
        let line_text = &text[line.start()..line.end()];
        if let Some(dateline) = find_dateline(line_text) {
            // Markdown emphasis around the place ("**CITY** —") is not part of it.
            let place: String = line_text[..dateline.0]
                .chars()
                .filter(|c| !matches!(c, '*' | '_'))
                .collect();
            article.dateline = Some(place.trim().to_string());
            skip_bytes = dateline.1;
            if paragraph.len() == 1 && dateline.1 >= line_text.len() {
                first += 1;
                skip_bytes = 0;
            }
        }
    }
    let builder = &mut article.source;
    let mut previous_end: Option<usize> = None;
    for (index, paragraph) in paragraphs.iter().enumerate().skip(first) {
        let cut = if index == first {
            paragraph[0].start() + skip_bytes
        } else {
            0
        };
        if let Some(end) = previous_end.filter(|_| !builder.is_empty()) {
            if !builder.text().ends_with('\n') {
                builder.push_inexact("\n", end, paragraph[0].start().max(end));
            }
        }
        let mut line_end: Option<usize> = None;
        for line in paragraph {
            if let Some(end) = line_end {
                if !builder.is_empty() && !builder.text().ends_with(['\n', ' ']) {
                    builder.push_inexact(" ", end, line.start().max(end));
                }
            }
            for &(start, end) in &line.pieces {
                if end <= cut {
                    continue;
                }
                let start = start.max(cut);
                let piece = &text[start..end];
                if builder.is_empty() || builder.text().ends_with(['\n', ' ']) {
                    let trimmed = piece.trim_start();
                    builder.push_exact(trimmed, start + (piece.len() - trimmed.len()));
                } else {
                    builder.push_exact(piece, start);
                }
            }
            builder.trim_end();
            line_end = Some(line.end());
        }
        previous_end = Some(paragraph.last().map_or(0, Line::end));
    }
    builder.trim_end();
    article
}

fn join_text(paragraph: &Paragraph, text: &str) -> String {
    let parts: Vec<String> = paragraph.iter().map(|l| l.text(text)).collect();
    parts.join(" ").trim().to_string()
}

/// Splits into blank-line separated blocks of non-blank lines.
fn blocks(text: &str, markdown: bool) -> Vec<Vec<Line>> {
    let mut blocks = Vec::new();
    let mut block: Vec<Line> = Vec::new();
    let mut in_fence = false;
    let mut offset = 0;
    for raw_line in text.split_inclusive('\n') {
        let start = offset;
        offset += raw_line.len();
        let body = raw_line.trim_end_matches(['\n', '\r']);
        let lead = body.len() - body.trim_start().len();
        let trimmed = body.trim();
        let (s, e) = (start + lead, start + lead + trimmed.len());
        let mut line = Line {
            pieces: Vec::new(),
            heading: false,
            chars: 0,
        };
        if markdown {
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                in_fence = !in_fence;
            }
            if !trimmed.is_empty() && !in_fence {
                let stripped = markdown::strip_line(text, s, e);
                if !stripped.blank {
                    line.pieces = stripped.pieces;
                    line.heading = stripped.heading;
                }
            }
        } else if !trimmed.is_empty() {
            line.pieces.push((s, e));
        }
        line.pieces.retain(|&(a, b)| b > a);
        let content = line.text(text);
        if content.trim().is_empty() {
            if !block.is_empty() {
                blocks.push(std::mem::take(&mut block));
            }
            continue;
        }
        line.chars = content.chars().count();
        block.push(line);
    }
    if !block.is_empty() {
        blocks.push(block);
    }
    blocks
}

/// The width text was wrapped at: the 90th percentile of line lengths.
fn wrap_width(text: &str) -> usize {
    let mut lengths: Vec<usize> = text
        .lines()
        .map(|l| l.trim().chars().count())
        .filter(|&n| n > 0)
        .collect();
    lengths.sort_unstable();
    lengths
        .get(lengths.len().saturating_sub(1) * 9 / 10)
        .copied()
        .unwrap_or(80)
        .max(1)
}

/// Hard-wrapped text: most lines that are followed by another line of the same block end
/// mid-sentence, and lines are short.
fn is_hard_wrapped(blocks: &[Vec<Line>], text: &str) -> bool {
    let mut inner = 0;
    let mut open = 0;
    for block in blocks {
        for line in &block[..block.len().saturating_sub(1)] {
            inner += 1;
            if !ends_sentence(&line.text(text)) {
                open += 1;
            }
        }
    }
    inner >= 2 && open * 2 > inner && wrap_width(text) <= 120
}

/// Ends with sentence punctuation (closing quotes and brackets aside).
pub(crate) fn ends_sentence(line: &str) -> bool {
    let trimmed = line
        .trim_end()
        .trim_end_matches(['"', '\'', '”', '’', ')', ']', '»', '*', '_']);
    trimmed.ends_with(['.', '!', '?', '…', ':', ';'])
}

/// The date of a paragraph that is one line holding only a date ("October 23 , 2010").
fn date_alone(paragraph: &Paragraph, text: &str) -> Option<String> {
    if paragraph.len() != 1 {
        return None;
    }
    crate::dates::line_date(&join_text(paragraph, text))
}

/// A first line short enough to be a headline, with no final punctuation.
fn looks_like_title(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let starts_upper = line
        .chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| !c.is_lowercase());
    (1..=20).contains(&words)
        && line.len() <= 200
        && !ends_sentence(line)
        && starts_upper
        && !line.ends_with(',')
        && find_dateline(line).is_none()
}

static BYLINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?i:by)\s+(\p{Lu}[\p{L}.'\- ]+(?:(?:,| and) \p{Lu}[\p{L}.'\- ]+)*)")
        .unwrap_or_else(|_| unreachable!())
});

/// Words that open a line with a colon but are labels, not places.
const NOT_PLACES: &[&str] = &[
    "update",
    "updated",
    "note",
    "editor",
    "editors",
    "correction",
    "breaking",
    "exclusive",
    "analysis",
    "opinion",
    "watch",
    "live",
    "photo",
    "photos",
    "video",
    "read",
    "related",
    "advertisement",
    "summary",
    "background",
    "warning",
    "source",
    "sources",
    "transcript",
    "subscribe",
    "share",
    "listen",
    "explainer",
    "q",
    "a",
    "disclaimer",
    "tags",
    "published",
];

static DATELINE_CAPS: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"^((?:\*{1,2}|_{1,2})?\p{Lu}[\p{Lu}'.\-]+(?:[ \t]+\p{Lu}[\p{Lu}'.\-]+){0,3}(?:\*{1,2}|_{1,2})?(?:,[ \t]*[^\n—–:()]{1,40}?)?(?:[ \t]*\([^()\n]{1,40}\))?[ \t]*(?:—|–|--|-|:))[ \t]+\S",
    )
    .unwrap_or_else(|_| unreachable!())
});

static DATELINE_AGENCY: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"^(\p{Lu}[\p{L}'.\-]+(?:[ \t]+\p{Lu}[\p{L}'.\-]+){0,3}(?:,[ \t]*[^\n—–:()]{1,40}?)?[ \t]*\((?:Reuters|AP|AFP|Bloomberg|UPI|dpa|Xinhua|TASS|CNN|ANI|PTI|IANS|\p{Lu}{2,6})\)[ \t]*(?:—|–|--|-|:)?)[ \t]+\S",
    )
    .unwrap_or_else(|_| unreachable!())
});

static DATELINE_COLON: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r#"^(\p{Lu}[\p{L}'.\-]+(?:[ \t]+\p{Lu}[\p{L}'.\-]+){0,2}:)[ \t]+[\p{Lu}\d"“‘']"#)
        .unwrap_or_else(|_| unreachable!())
});

static DATELINE_ALONE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^\p{Lu}[\p{L}'.\-]+(?:[ \t]+\p{Lu}[\p{L}'.\-]+){0,2}[ \t]*(?::|—|–)$")
        .unwrap_or_else(|_| unreachable!())
});

/// A leading dateline: (length of the dateline text, offset where the body starts).
pub(crate) fn find_dateline(line: &str) -> Option<(usize, usize)> {
    if DATELINE_ALONE.is_match(line) {
        return accept(line, line.len(), line.len());
    }
    for regex in [&*DATELINE_AGENCY, &*DATELINE_CAPS, &*DATELINE_COLON] {
        if let Some(found) = regex.captures(line).and_then(|c| c.get(1)) {
            let rest = &line[found.end()..];
            let body = found.end() + (rest.len() - rest.trim_start().len());
            return accept(line, found.end(), body);
        }
    }
    None
}

fn accept(line: &str, end: usize, body: usize) -> Option<(usize, usize)> {
    let first_word: String = line
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    if NOT_PLACES.contains(&first_word.as_str()) {
        return None;
    }
    Some((end, body))
}
