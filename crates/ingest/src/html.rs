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
    let mut meta = page_meta(html);
    let mut paragraphs = extract_paragraphs(html);
    strip_leading_header(&mut paragraphs, &mut meta);
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
    let mut located: Vec<(&String, Option<(usize, usize)>)> = Vec::new();
    let mut cursor = 0;
    for paragraph in &paragraphs {
        let found = visible.find(paragraph, cursor);
        if let Some((_, end)) = found {
            cursor = end;
        }
        located.push((paragraph, found));
    }
    strip_teaser_run(&mut located, &visible);
    let mut source = SourceBuilder::new();
    for (paragraph, found) in located {
        if !source.is_empty() {
            source.push_unaligned("\n");
        }
        match found {
            Some((start, end)) => visible.push_range(&mut source, start, end),
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
    // The extractors build a tree; hostile nesting and huge tags are bounded first.
    let tamed = crate::bounds::tame(html);
    let html = tamed.as_ref();
    let lean = crate::bounds::strip_unread(html);
    let region = crate::region::article_page(lean.as_ref());
    // every page we read is taken for a news article: rs-trafilatura's page-type classifier
    // (a third of its time) is skipped
    let options = rs_trafilatura::Options {
        page_type: Some(rs_trafilatura::page_type::PageType::Article),
        ..Default::default()
    };
    let text = raw_trafilatura(region.as_deref().unwrap_or(lean.as_ref()), &options);
    let mut paragraphs: Vec<String> = text
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty() && !is_widget_line(line))
        .collect();
    // rs-trafilatura now and then returns the page's text several times over in one run-on
    // line; a readability pass (dom_smoothie) then serves better.
    let longest = paragraphs.iter().map(String::len).max().unwrap_or(0);
    if longest > SUSPICIOUS_PARAGRAPH_BYTES {
        let readable = readability_paragraphs(html);
        let ours: usize = paragraphs.iter().map(String::len).sum();
        let theirs: usize = readable.iter().map(String::len).sum();
        if theirs >= 500 && ours > 2 * theirs {
            paragraphs = readable;
        }
    }
    strip_trailing_comments(&mut paragraphs);
    strip_trailing_lists(&mut paragraphs);
    paragraphs
}

/// rs-trafilatura's main text of a page already tamed.
fn raw_trafilatura(html: &str, options: &rs_trafilatura::Options) -> String {
    match rs_trafilatura::extract_with_options(html, options) {
        Ok(result) => result.content_text,
        Err(_) => String::new(),
    }
}

/// rs-trafilatura's main text of a page, with no filter of ours (the benchmark baseline).
pub(crate) fn trafilatura_text(html: &str) -> String {
    raw_trafilatura(
        crate::bounds::tame(html).as_ref(),
        &rs_trafilatura::Options::default(),
    )
}

static LEAD_BYLINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^(?:by|von|par|por|door|di)\s+(\S.{0,80}?)(?:\s+[-|–—]\s+.{0,40})?$")
        .unwrap_or_else(|_| unreachable!())
});

/// Drops the headline and a byline line the extractor repeats at the top, keeping the byline
/// as metadata.
fn strip_leading_header(paragraphs: &mut Vec<String>, meta: &mut PageMeta) {
    let normal = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let title = meta.title.as_deref().map(normal).unwrap_or_default();
    let description = meta.description.as_deref().map(normal).unwrap_or_default();
    let mut index = 0;
    while index < paragraphs.len().min(3) && paragraphs.len() > 1 {
        let line = &paragraphs[index];
        let short = line.split_whitespace().count() <= 14 && !crate::text::ends_sentence(line);
        let key = normal(line);
        let standfirst = !key.is_empty() && key.len() >= 40 && description == key;
        if standfirst || (short && !key.is_empty() && title.starts_with(&key)) {
            paragraphs.remove(index);
            continue;
        }
        if let Some(byline) = LEAD_BYLINE.captures(line).filter(|_| short) {
            if meta.byline.is_none() {
                meta.byline = byline.get(1).map(|m| m.as_str().trim().to_string());
            }
            paragraphs.remove(index);
            continue;
        }
        index += 1;
    }
}

static TAIL_HEADER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?ix)^(?:
            you\ (?:may|might)\ also\ (?:like|be\ interested\ in|enjoy)
          | related(?:\ (?:articles?|stories|posts|content|news|coverage|reading|links))?
          | more\ (?:from|in|on|about)\ .{1,40} | more\ (?:stories|news|articles)
          | read\ (?:more|next|also) | also\ read | see\ also | further\ reading
          | recommended(?:\ (?:for\ you|stories|articles|reading))? | (?:most\ )?popular(?:\ (?:stories|articles|now))?
          | trending(?:\ now)? | most\ (?:read|viewed|shared) | latest\ (?:news|stories|articles)
          | top\ stories | breaking\ news | tell\ us\ what\ you\ think | what\ to\ read\ next
          | 関連記事 | 関連する記事 | おすすめ記事 | 相关文章 | 相关阅读 | artículos\ relacionados
          | noticias\ relacionadas | articles?\ (?:liés|similaires) | weitere\ artikel | das\ könnte\ sie\ auch\ interessieren
          | leia\ (?:também|mais) | baca\ juga | artikel\ terkait
        )\s*(?:\.\.\.|…|:)?\s*$",
    )
    .unwrap_or_else(|_| unreachable!())
});

/// Drops a list of teasers at the end: from a "related" header on, or a trailing run of short
/// lines without sentence punctuation (headlines, bylines, dates).
fn strip_trailing_lists(paragraphs: &mut Vec<String>) {
    let total: usize = paragraphs.iter().map(String::len).sum();
    let mut seen = 0;
    for (index, paragraph) in paragraphs.iter().enumerate() {
        if index > 0 && seen * 3 >= total && TAIL_HEADER.is_match(paragraph) {
            paragraphs.truncate(index);
            break;
        }
        seen += paragraph.len();
    }
}

/// Drops a trailing run of short lines without sentence punctuation (headlines, bylines,
/// dates) when much of it is link text: a list of teasers for other stories.
fn strip_teaser_run(located: &mut Vec<(&String, Option<(usize, usize)>)>, visible: &Visible) {
    let is_short =
        |line: &String| line.split_whitespace().count() <= 16 && !crate::text::ends_sentence(line);
    let run = located
        .iter()
        .rev()
        .take_while(|(l, _)| is_short(l))
        .count();
    if run < 4 || run >= located.len() {
        return;
    }
    let tail = &located[located.len() - run..];
    let chars: usize = tail.iter().map(|(l, _)| l.len()).sum();
    let linked: f64 = tail
        .iter()
        .filter_map(|(l, found)| found.map(|(s, e)| visible.link_density(s, e) * l.len() as f64))
        .sum();
    if linked >= 0.4 * chars as f64 {
        located.truncate(located.len() - run);
    }
}

/// A paragraph this long is more likely several run together.
const SUSPICIOUS_PARAGRAPH_BYTES: usize = 1500;

/// The main text by dom_smoothie (readability.js), one paragraph a line.
fn readability_paragraphs(html: &str) -> Vec<String> {
    let config = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let text = dom_smoothie::Readability::new(html, None, Some(config))
        .ok()
        .and_then(|mut readability| readability.parse().ok())
        .map(|article| article.text_content.to_string())
        .unwrap_or_default();
    text.lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty() && !is_widget_line(line))
        .collect()
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
          | adverts? | sponsored\ links? | this\ slideshow\ requires\ javascript\.?
          | (?:photo|image|picture|credit)s?:?\ ?©.{0,80} | ©.{0,80} | copyright\ .{0,80}
          | updated(?:\ at)?\ [\d:apm.\ ]{1,20}(?:\ \w{2,4})? | (?:published|posted|updated)(?:\ on)?:?\ .{0,40}\d{4}.{0,20}
          | \d{4}-\d{2}-\d{2}(?:[ T][\d:]+)? | \d{1,2}/\d{1,2}/\d{2,4}(?:\ [\d:]+\ ?[ap]m)?
          | have\ a\ tip\?.{0,200} | get\ the\ latest\ .{0,60}inbox.{0,120}
          | (?:sign\ up|subscribe)\ (?:now|today|here)?.{0,40}(?:newsletter|inbox|email).{0,80}
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

#[cfg(test)]
mod timing {
    use std::io::Read;
    use std::time::Instant;

    #[test]
    #[ignore = "timing probe: cargo test --release -- --ignored timing"]
    fn timing() {
        let Some(shared) = corroborate_core::shared_dir() else {
            return;
        };
        let dir = shared.join("data/extraction/html");
        let mut pages = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let raw = std::fs::read(entry.unwrap().path()).unwrap();
            let mut html = String::new();
            flate2::read::GzDecoder::new(&raw[..])
                .read_to_string(&mut html)
                .unwrap();
            pages.push(html);
        }
        let t = Instant::now();
        for html in &pages {
            let _ = super::page_meta(html);
        }
        eprintln!("page_meta {:?}", t.elapsed());
        let t = Instant::now();
        for html in &pages {
            let _ = super::Visible::new(html);
        }
        eprintln!("visible {:?}", t.elapsed());
        let t = Instant::now();
        for html in &pages {
            let _ = crate::decode::sniff_markup_charset(html.as_bytes());
            let _ = crate::decode::decode(html.as_bytes(), None);
        }
        eprintln!("decode {:?}", t.elapsed());
        let t = Instant::now();
        let extracted: Vec<Vec<String>> =
            pages.iter().map(|h| super::extract_paragraphs(h)).collect();
        eprintln!("extract {:?}", t.elapsed());
        let t = Instant::now();
        for (html, paragraphs) in pages.iter().zip(&extracted) {
            let visible = super::Visible::new(html);
            let mut cursor = 0;
            for p in paragraphs {
                if let Some((_, e)) = visible.find(p, cursor) {
                    cursor = e;
                }
            }
        }
        eprintln!("locate {:?}", t.elapsed());
        let t = Instant::now();
        for html in &pages {
            let _ = super::read_html(&crate::align::Decoded::identity(html.clone()));
        }
        eprintln!("read_html {:?}", t.elapsed());
    }
}
