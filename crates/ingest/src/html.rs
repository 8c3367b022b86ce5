//! HTML pages: main text with rs-trafilatura, minus leaked widget lines, plus page metadata;
//! each paragraph is located in the markup to keep the alignment.

use once_cell::sync::Lazy;
use regex::Regex;

use crate::align::{Decoded, SourceBuilder};
use crate::html_meta::{page_meta, PageMeta};
use crate::locate::Visible;

/// Fewer words than this is a menu, a login form or an error page, not an article.
const MIN_ARTICLE_WORDS: usize = 15;

/// An extracted page.
#[derive(Debug)]
pub(crate) struct HtmlArticle {
    pub source: SourceBuilder,
    pub meta: PageMeta,
}

/// Extracts the article of a page; `Err` carries the reason when there is none.
pub(crate) fn read_html(decoded: &Decoded) -> Result<HtmlArticle, String> {
    let html = decoded.text.as_str();
    let meta = page_meta(html);
    let paragraphs = extract_paragraphs(html);
    let words: usize = paragraphs
        .iter()
        .map(|p| p.split_whitespace().count())
        .sum();
    if words < MIN_ARTICLE_WORDS {
        let visible = Visible::new(html);
        let prose = visible_prose_count(visible.text());
        return Err(format!("page has {prose} paragraphs of prose"));
    }
    let visible = Visible::new(html);
    let mut source = SourceBuilder::new();
    let mut cursor = 0;
    for paragraph in &paragraphs {
        if !source.is_empty() {
            source.push_unaligned("\n");
        }
        match visible.find(paragraph, cursor) {
            Some((start, end)) => {
                visible.push_range(&mut source, start, end);
                cursor = end;
            }
            None => source.push_unaligned(paragraph),
        }
    }
    source.trim_end();
    if source.is_empty() {
        return Err("page has 0 paragraphs of prose".into());
    }
    Ok(HtmlArticle { source, meta })
}

/// The main text, one trimmed paragraph a line, with widget lines removed.
pub(crate) fn extract_paragraphs(html: &str) -> Vec<String> {
    let options = rs_trafilatura::Options::default();
    let text = match rs_trafilatura::extract_with_options(html, &options) {
        Ok(result) => result.content_text,
        Err(_) => String::new(),
    };
    let mut paragraphs: Vec<String> = text
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty() && !is_widget_line(line))
        .collect();
    strip_trailing_comments(&mut paragraphs);
    paragraphs
}

static WIDGET: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?ix)^(?:
            advertisement | advertisements | ad | sponsored | sponsored\ content
          | (?:story|article)\ continues\ (?:below|after)\ (?:this\ )?(?:advertisement|ad)
          | continue\ reading(?:\ the\ main\ story)?(?:\ below)?
          | skip\ advertisement | supported\ by | scroll\ to\ continue(?:\ with\ content)?
          | share\ (?:this|the)\ (?:article|story|page)(?:\ via)?.{0,40}
          | (?:read|see)\ (?:more|also)(?::)? | related(?:\ (?:articles?|stories|coverage|content))?:?
          | most\ (?:read|popular|viewed) | (?:sign\ up|subscribe)\ (?:for|to)\ .{0,60}newsletter.{0,40}
          | click\ (?:here\ )?to\ (?:share|print|email).{0,30}
          | (?:facebook|twitter|linkedin|whatsapp|email|print|copy\ link)(?:\ (?:facebook|twitter|linkedin|whatsapp|email|print|copy\ link))*
          | image\ (?:source|caption),?.{0,60} | getty\ images | ap\ photo.{0,60}
          | leave\ a\ (?:comment|reply) | \d+\ comments? | comments?
          | we\ use\ cookies.{0,200} | accept(?:\ all)?\ cookies
        )\s*$",
    )
    .unwrap_or_else(|_| unreachable!())
});

fn is_widget_line(line: &str) -> bool {
    line.chars().count() <= 260 && WIDGET.is_match(line)
}

static COMMENTS_HEADER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)^(?:\d+\s+)?(?:comments?|responses?|replies|reader comments|leave a (?:comment|reply)|join the (?:conversation|discussion)|what do you think\??|(?:\d+\s+)?thoughts? on .{0,120})\s*:?$",
    )
    .unwrap_or_else(|_| unreachable!())
});

/// Drops a comment section pulled into the body: everything from a comments header on, when
/// it sits in the last half of the text.
fn strip_trailing_comments(paragraphs: &mut Vec<String>) {
    let total: usize = paragraphs.iter().map(String::len).sum();
    let mut seen = 0;
    for (index, paragraph) in paragraphs.iter().enumerate() {
        if index > 0 && seen * 2 >= total && COMMENTS_HEADER.is_match(paragraph) {
            paragraphs.truncate(index);
            return;
        }
        seen += paragraph.len();
    }
}

/// Counts runs of visible text that read like prose (at least 12 words with a full stop).
fn visible_prose_count(text: &str) -> usize {
    text.split(['\n'])
        .flat_map(|block| block.split("  "))
        .filter(|chunk| chunk.split_whitespace().count() >= 12 && chunk.contains(". "))
        .count()
}

/// An HTML fragment (a feed item's content): one paragraph per block element.
pub(crate) fn read_fragment(decoded: &Decoded) -> SourceBuilder {
    let visible = Visible::new(&decoded.text);
    let mut source = SourceBuilder::new();
    for (start, end) in visible.blocks() {
        if WIDGET.is_match(&visible.text()[start..end]) {
            continue;
        }
        if !source.is_empty() {
            source.push_unaligned("\n");
        }
        visible.push_range(&mut source, start, end);
    }
    source
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widget_lines_are_recognised() {
        for line in [
            "Advertisement",
            "ADVERTISEMENT",
            "Story continues below advertisement",
            "Supported by",
        ] {
            assert!(is_widget_line(line), "{line}");
        }
        assert!(!is_widget_line(
            "Advertisement revenue fell by a third last year, the company said."
        ));
    }

    #[test]
    fn trailing_comments_are_dropped() {
        let mut paragraphs: Vec<String> = vec![
            "A long first paragraph of the article with many words in it.".into(),
            "A second paragraph that continues the story with more words.".into(),
            "12 Comments".into(),
            "Great article!".into(),
        ];
        strip_trailing_comments(&mut paragraphs);
        assert_eq!(paragraphs.len(), 2);
    }
}
