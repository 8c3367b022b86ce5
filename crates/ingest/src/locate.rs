//! Finds extracted paragraphs in the page they came from, so each source paragraph keeps an
//! alignment to the raw HTML: the page's visible text is rebuilt with a map to the markup
//! (tags skipped, entities decoded, whitespace collapsed), and each paragraph is searched
//! for in it, ignoring whitespace.

use crate::align::SourceBuilder;
use crate::entities::decode_entity;

/// One piece of visible text and the markup range it comes from.
#[derive(Clone, Copy, Debug)]
struct Piece {
    vis_start: usize,
    vis_end: usize,
    raw_start: usize,
    raw_end: usize,
    exact: bool,
}

/// The visible text of a page with a map back into the markup.
#[derive(Debug, Default)]
pub(crate) struct Visible {
    text: String,
    pieces: Vec<Piece>,
    /// `text` without whitespace, and for each of its bytes the offset in `text`.
    compact: String,
    compact_to_vis: Vec<u32>,
    /// Offsets in `text` of spaces that stand for a block boundary (`<p>`, `<br>`, `<div>` ...).
    breaks: Vec<usize>,
    /// Ranges of `text` inside `<a>` elements.
    links: Vec<(usize, usize)>,
}

const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "head", "iframe", "select", "textarea",
];

/// Elements that do not start a block of their own: their text runs on with the text around.
pub(crate) const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr",
    "ins", "del", "label", "big", "tt", "strike", "nobr",
];

impl Visible {
    pub fn new(html: &str) -> Visible {
        let mut visible = Visible::default();
        let bytes = html.as_bytes();
        let mut i = 0;
        let mut space_pending: Option<(usize, usize)> = None;
        let mut block_pending = false;
        let mut link_depth = 0usize;
        while i < bytes.len() {
            match bytes[i] {
                b'<' => {
                    match link_tag(&bytes[i..]) {
                        Some(true) => link_depth += 1,
                        Some(false) => link_depth = link_depth.saturating_sub(1),
                        None => {}
                    }
                    let (next, breaks) = skip_markup(html, i);
                    if breaks {
                        space_pending.get_or_insert((i, next));
                        block_pending = true;
                    }
                    i = next;
                }
                b if b.is_ascii_whitespace() => {
                    let start = i;
                    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    match space_pending {
                        Some((s, _)) => space_pending = Some((s, i)),
                        None => space_pending = Some((start, i)),
                    }
                }
                b'&' => {
                    let (decoded, next) = decode_entity(html, i);
                    if let Some(c) = decoded {
                        if c.is_whitespace() {
                            space_pending.get_or_insert((i, next));
                        } else {
                            visible.flush_space(&mut space_pending, &mut block_pending, html);
                            let mut buf = [0u8; 4];
                            visible.push(c.encode_utf8(&mut buf), i, next, false);
                        }
                    } else {
                        visible.flush_space(&mut space_pending, &mut block_pending, html);
                        visible.push("&", i, i + 1, true);
                    }
                    i = next;
                }
                _ => {
                    visible.flush_space(&mut space_pending, &mut block_pending, html);
                    let start = i;
                    while i < bytes.len() && !matches!(bytes[i], b'<' | b'&') {
                        if bytes[i].is_ascii_whitespace() {
                            break;
                        }
                        let c = html[i..].chars().next().map_or(1, char::len_utf8);
                        if html[i..].starts_with('\u{a0}') {
                            break;
                        }
                        i += c;
                    }
                    if i == start {
                        // a no-break space
                        let len = '\u{a0}'.len_utf8();
                        space_pending.get_or_insert((i, i + len));
                        i += len;
                        continue;
                    }
                    let vis_start = visible.text.len();
                    visible.push(&html[start..i], start, i, true);
                    if link_depth > 0 {
                        visible.mark_link(vis_start);
                    }
                }
            }
        }
        visible.build_compact();
        visible
    }

    fn flush_space(&mut self, pending: &mut Option<(usize, usize)>, block: &mut bool, html: &str) {
        let is_block = std::mem::take(block);
        if let Some((start, end)) = pending.take() {
            if self.text.is_empty() {
                return;
            }
            if is_block {
                self.breaks.push(self.text.len());
            }
            let exact = &html[start..end] == " ";
            self.push(" ", start, end, exact);
        }
    }

    fn mark_link(&mut self, start: usize) {
        let end = self.text.len();
        match self.links.last_mut() {
            // joined across the space between two words of one link
            Some(last) if last.1 + 1 >= start => last.1 = end,
            _ => self.links.push((start, end)),
        }
    }

    /// The share of `text[start..end]` that is link text.
    pub fn link_density(&self, start: usize, end: usize) -> f64 {
        if end <= start {
            return 0.0;
        }
        let first = self.links.partition_point(|&(_, e)| e <= start);
        let linked: usize = self.links[first..]
            .iter()
            .take_while(|&&(s, _)| s < end)
            .map(|&(s, e)| e.min(end) - s.max(start))
            .sum();
        linked as f64 / (end - start) as f64
    }

    fn push(&mut self, piece: &str, raw_start: usize, raw_end: usize, exact: bool) {
        let vis_start = self.text.len();
        self.text.push_str(piece);
        if let Some(last) = self.pieces.last_mut() {
            if exact && last.exact && last.raw_end == raw_start && last.vis_end == vis_start {
                last.vis_end = self.text.len();
                last.raw_end = raw_end;
                return;
            }
        }
        self.pieces.push(Piece {
            vis_start,
            vis_end: self.text.len(),
            raw_start,
            raw_end,
            exact,
        });
    }

    fn build_compact(&mut self) {
        self.compact.reserve(self.text.len());
        for (offset, c) in self.text.char_indices() {
            if c.is_whitespace() {
                continue;
            }
            self.compact.push(c);
            for _ in 0..c.len_utf8() {
                self.compact_to_vis.push(offset as u32);
            }
        }
    }

    /// Where `paragraph` lies in the visible text, searching from `from` first.
    pub fn find(&self, paragraph: &str, from: usize) -> Option<(usize, usize)> {
        let needle: String = paragraph.chars().filter(|c| !c.is_whitespace()).collect();
        if needle.is_empty() {
            return None;
        }
        let compact_from = self
            .compact_to_vis
            .partition_point(|&vis| (vis as usize) < from);
        let at = self.compact[compact_from..]
            .find(&needle)
            .map(|at| at + compact_from)
            .or_else(|| self.compact.find(&needle))?;
        let start = self.compact_to_vis[at] as usize;
        let last = self.compact_to_vis[at + needle.len() - 1] as usize;
        let end = last + self.text[last..].chars().next().map_or(1, char::len_utf8);
        Some((start, end))
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Ranges of `text` between block boundaries: the paragraphs of a fragment.
    pub fn blocks(&self) -> Vec<(usize, usize)> {
        let mut blocks = Vec::new();
        let mut start = 0;
        for &at in self.breaks.iter().chain(std::iter::once(&self.text.len())) {
            let piece = &self.text[start..at];
            let lead = piece.len() - piece.trim_start().len();
            let trimmed = piece.trim();
            if !trimmed.is_empty() {
                blocks.push((start + lead, start + lead + trimmed.len()));
            }
            start = at;
        }
        blocks
    }

    /// Appends `visible[start..end]` to the builder with its map into the markup.
    pub fn push_range(&self, builder: &mut SourceBuilder, start: usize, end: usize) {
        let first = self.pieces.partition_point(|p| p.vis_end <= start);
        for piece in &self.pieces[first..] {
            if piece.vis_start >= end {
                break;
            }
            let lo = start.max(piece.vis_start);
            let hi = end.min(piece.vis_end);
            let text = &self.text[lo..hi];
            if piece.exact {
                builder.push_exact(text, piece.raw_start + (lo - piece.vis_start));
            } else {
                builder.push_inexact(text, piece.raw_start, piece.raw_end);
            }
        }
    }
}

/// Skips a tag, comment or skipped element from `<` at `at`: (next offset, breaks words).
fn skip_markup(html: &str, at: usize) -> (usize, bool) {
    let rest = &html[at..];
    if let Some(end) = crate::bounds::comment_end(html, at) {
        return (end, false);
    }
    let bytes = rest.as_bytes();
    let name_start = usize::from(bytes.get(1) == Some(&b'/')) + 1;
    let name_len = bytes[name_start.min(bytes.len())..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if name_len == 0 && !matches!(bytes.get(1), Some(b'!' | b'?')) {
        // a lone "<" in text
        return (at + 1, false);
    }
    let written = &rest[name_start..name_start + name_len];
    let known = |list: &[&'static str]| crate::bounds::name_in(list, written).map(|k| list[k]);
    let tag_end = tag_end(rest).map_or(html.len(), |e| at + e);
    let closing = name_start == 2;
    if let Some(name) = known(SKIPPED).filter(|_| !closing) {
        if !rest[..tag_end - at].ends_with("/>") {
            // An unclosed element hides only its own tag.
            let end = crate::bounds::find_end_tag(html, tag_end, name)
                .map_or(tag_end, |close| tag_end_at(html, close));
            return (end, true);
        }
    }
    (tag_end, known(INLINE).is_none())
}

/// `Some(true)` for an `<a>` start tag, `Some(false)` for `</a>`.
fn link_tag(bytes: &[u8]) -> Option<bool> {
    let (closing, name_at) = if bytes.get(1) == Some(&b'/') {
        (true, 2)
    } else {
        (false, 1)
    };
    let is_a = matches!(bytes.get(name_at), Some(b'a' | b'A'))
        && !bytes
            .get(name_at + 1)
            .is_some_and(u8::is_ascii_alphanumeric);
    is_a.then_some(!closing)
}

/// The offset just past the `>` of a tag starting at `rest[0]`, quotes respected.
pub(crate) fn tag_end(rest: &str) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (k, &b) in rest.as_bytes().iter().enumerate().skip(1) {
        match (quote, b) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Some(k + 1),
            _ => {}
        }
    }
    None
}

fn tag_end_at(html: &str, from: usize) -> usize {
    html[from..].find('>').map_or(html.len(), |e| from + e + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Decoded;
    use corroborate_core::Span;

    #[test]
    fn finds_paragraph_and_maps_back() {
        let html = "<html><head><title>T</title><script>var a='<p>x</p>';</script></head><body><p>Fish &amp; chips,\n  <b>cheap</b>!</p><p>Next&nbsp;one</p></body></html>";
        let visible = Visible::new(html);
        assert_eq!(visible.text(), "Fish & chips, cheap! Next one");
        let (s, e) = visible.find("Fish & chips, cheap!", 0).unwrap();
        let mut builder = SourceBuilder::new();
        visible.push_range(&mut builder, s, e);
        let decoded = Decoded::identity(html.to_string());
        let (source, alignment) = builder.finish(&decoded);
        assert_eq!(source, "Fish & chips, cheap!");
        let span = alignment.map_span(Span::from_offsets(7, 12)).unwrap();
        assert_eq!(&html[span.range()], "chips");
        let amp = alignment.map_span(Span::from_offsets(5, 6)).unwrap();
        assert_eq!(&html[amp.range()], "&amp;");
        assert!(visible.find("Next one", 0).is_some());
        let blocks: Vec<&str> = visible
            .blocks()
            .iter()
            .map(|&(s, e)| &visible.text()[s..e])
            .collect();
        assert_eq!(blocks, vec!["Fish & chips, cheap!", "Next one"]);
        let linked = Visible::new("<p>Read <a href='x'>this story now</a></p>");
        assert!((linked.link_density(0, linked.text().len()) - 14.0 / 19.0).abs() < 1e-9);
    }
}
