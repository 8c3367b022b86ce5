//! Bounds on hostile markup, applied before a tree-building parser (rs-trafilatura,
//! dom_smoothie, both on html5ever) sees a page: elements nested deeper than [`MAX_DEPTH`] lose
//! their tags (their text stays), and a tag longer than [`MAX_TAG_BYTES`] keeps only its name.
//! Deep nesting otherwise overflows the stack of recursive tree walks and makes the parser's
//! scope checks quadratic; one pass over the bytes keeps both bounded. The page's own text is
//! unchanged, so extracted paragraphs are still found in the original markup.

use crate::locate::tag_end;
use std::borrow::Cow;

/// Elements nested deeper than this lose their tags.
pub(crate) const MAX_DEPTH: usize = 256;
/// A longer tag (a huge attribute) keeps only its name.
pub(crate) const MAX_TAG_BYTES: usize = 8192;

/// Elements without content: they never nest.
pub(crate) const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "frame",
];

/// Elements whose end tag is optional: a parser closes them itself, so they are not counted
/// (counting them would let a page of unclosed `<p>` look deep).
const OPTIONAL_END: &[&str] = &[
    "html", "head", "body", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot",
    "option", "optgroup", "colgroup", "caption", "rb", "rt", "rp", "rtc",
];

/// Elements whose content is text, not markup, up to their end tag.
pub(crate) const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

/// Where the comment starting at `start` ends (just past its `-->`, or the end of `html` when
/// it is never closed); `None` when no comment starts there.
pub(crate) fn comment_end(html: &str, start: usize) -> Option<usize> {
    html.as_bytes()[start..].starts_with(b"<!--").then(|| {
        memchr::memmem::find(&html.as_bytes()[start + 4..], b"-->")
            .map_or(html.len(), |e| start + 4 + e + 3)
    })
}

/// Where `written` (a tag name as written) is in `list`, ASCII case ignored. Every tag of every
/// page passes the walks over the markup: names are compared in place, not lower-cased.
pub(crate) fn name_in(list: &[&'static str], written: &str) -> Option<usize> {
    list.iter()
        .position(|name| name.eq_ignore_ascii_case(written))
}

/// Whether a `<script>` start tag (its text up to `>`) holds JSON-LD (the type in any case).
pub(crate) fn is_json_ld(tag: &str) -> bool {
    tag.as_bytes()
        .windows(b"ld+json".len())
        .any(|w| w.eq_ignore_ascii_case(b"ld+json"))
}

/// The name written after the `<` of a start tag at `rest[0]`: its run of ASCII letters and
/// digits, as written (not lower-cased).
pub(crate) fn start_tag_name(rest: &str) -> &str {
    let len = rest.as_bytes()[1..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    &rest[1..1 + len]
}

/// `html` with nesting and tag length bounded; borrowed when nothing needed changing.
pub(crate) fn tame(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out = String::new();
    // Bytes of `html` before `copied` are already in `out` (or deliberately left out).
    let mut copied = 0;
    let mut changed = false;
    let mut depth = 0usize;
    // Inside `<svg>` / `<math>`, where `/>` closes an element.
    let mut foreign = 0usize;
    let mut at = 0;
    while let Some(offset) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + offset;
        let rest = &html[start..];
        if let Some(end) = comment_end(html, start) {
            at = end;
            continue;
        }
        let closing = rest.as_bytes().get(1) == Some(&b'/');
        let name_start = 1 + usize::from(closing);
        let name_len = rest.as_bytes()[name_start.min(rest.len())..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        if name_len == 0 || !rest.as_bytes()[name_start].is_ascii_alphabetic() {
            // `<!doctype>`, `<?xml?>`, or a lone `<` in text
            at = start + 1;
            continue;
        }
        let written = &rest[name_start..name_start + name_len];
        let is = |list: &[&'static str]| name_in(list, written).is_some();
        let end = tag_end(rest).map_or(html.len(), |e| start + e);
        let self_closing = html[..end].ends_with("/>");
        let is_foreign_root = is(&["svg", "math"]);
        if is_foreign_root && !self_closing {
            if closing {
                foreign = foreign.saturating_sub(1);
            } else {
                foreign += 1;
            }
        }
        let counted = !is(VOID) && !is(OPTIONAL_END);
        let keep = if !counted {
            true
        } else if closing {
            depth = depth.saturating_sub(1);
            depth < MAX_DEPTH
        } else if self_closing && (foreign > 0 || is_foreign_root) {
            // `/>` closes an element only in SVG and MathML; in HTML `<div/>` opens one
            depth < MAX_DEPTH
        } else {
            depth += 1;
            depth <= MAX_DEPTH
        };
        if !keep || end - start > MAX_TAG_BYTES {
            out.push_str(&html[copied..start]);
            if keep {
                out.push('<');
                if closing {
                    out.push('/');
                }
                out.push_str(&written.to_ascii_lowercase());
                out.push('>');
            }
            copied = end;
            changed = true;
        }
        at = end;
        if let Some(k) = name_in(RAW_TEXT, written).filter(|_| !closing && !self_closing) {
            // its content is not markup; a raw-text element without an end tag runs to the end
            at = find_end_tag(html, end, RAW_TEXT[k]).unwrap_or(html.len());
        }
    }
    if !changed {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// Elements whose content the extractors never keep as text: dropped, with comments, before a
/// page is parsed (on news pages they are often most of the bytes and, for inline SVG, most of
/// the nodes every selector walks). Their first end tag closes them, as for raw text.
const UNREAD: &[&str] = &["script", "style", "svg", "noscript", "template"];

/// Page furniture the extractors drop whole in their own cleaning (trafilatura's manually
/// cleaned elements): navigation, footers, asides, controls, media and embeds. They nest, so
/// their end is the matching end tag; one left open is kept (it may hold the article).
const FURNITURE: &[&str] = &[
    "nav", "footer", "aside", "iframe", "button", "select", "menu", "dialog", "video", "audio",
    "canvas", "object", "embed", "math", "figure",
];

/// `html` without the elements of [`UNREAD`] (JSON-LD scripts kept) and [`FURNITURE`], and
/// without comments; borrowed when there were none. Linear: a furniture element left open
/// stops the cutting of its kind.
pub(crate) fn strip_unread(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut at = 0;
    let mut open_ended = [false; FURNITURE.len()];
    while let Some(offset) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + offset;
        let rest = &html[start..];
        if let Some(end) = comment_end(html, start) {
            out.push_str(&html[copied..start]);
            copied = end;
            at = end;
            continue;
        }
        let written = start_tag_name(rest);
        // a custom element such as <nav-menu> is not a <nav>
        let custom = rest.as_bytes().get(1 + written.len()) == Some(&b'-');
        let known = |list: &[&'static str]| name_in(list, written).filter(|_| !custom);
        let open_end = || tag_end(rest).map_or(html.len(), |e| start + e);
        let end = if let Some(k) = known(UNREAD) {
            let open_end = open_end();
            if is_json_ld(&html[start..open_end]) || html[..open_end].ends_with("/>") {
                at = open_end;
                continue;
            }
            let close = find_end_tag(html, open_end, UNREAD[k]).unwrap_or(html.len());
            tag_end(&html[close..]).map_or(html.len(), |e| close + e)
        } else if let Some(k) = known(FURNITURE).filter(|&k| !open_ended[k]) {
            let open_end = open_end();
            let close = if html[..open_end].ends_with("/>") {
                Some(open_end)
            } else {
                matching_end_tag(html, open_end, FURNITURE[k])
            };
            let Some(close) = close else {
                open_ended[k] = true;
                at = start + 1;
                continue;
            };
            if close == open_end {
                open_end
            } else {
                tag_end(&html[close..]).map_or(html.len(), |e| close + e)
            }
        } else {
            at = start + 1;
            if let Some(k) = known(RAW_TEXT) {
                // "<script>" inside a title or a textarea is text, not an element
                at = find_end_tag(html, open_end(), RAW_TEXT[k]).unwrap_or(html.len());
            }
            continue;
        };
        out.push_str(&html[copied..start]);
        copied = end;
        at = end;
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// Where the end tag matching an open `name` element whose start tag ends at `from` starts
/// (same-name elements nest; comments are skipped); `None` when it is never closed.
fn matching_end_tag(html: &str, from: usize, name: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let named_at = |k: usize| {
        bytes.len() >= k + name.len()
            && bytes[k..k + name.len()].eq_ignore_ascii_case(name.as_bytes())
            && bytes
                .get(k + name.len())
                .is_none_or(|b| !b.is_ascii_alphanumeric() && *b != b'-')
    };
    let mut depth = 1usize;
    let mut at = from;
    while let Some(offset) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + offset;
        if let Some(end) = comment_end(html, start) {
            at = end;
            continue;
        }
        if bytes.get(start + 1) == Some(&b'/') && named_at(start + 2) {
            depth -= 1;
            if depth == 0 {
                return Some(start);
            }
        } else if named_at(start + 1) {
            let self_closed =
                tag_end(&html[start..]).is_some_and(|e| html[..start + e].ends_with("/>"));
            if !self_closed {
                depth += 1;
            }
        }
        at = start + 1;
    }
    None
}

/// Where `</name` starts at or after `from` (ASCII case-insensitive).
pub(crate) fn find_end_tag(html: &str, from: usize, name: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut at = from;
    while let Some(offset) = memchr::memmem::find(&bytes[at..], b"</") {
        let start = at + offset;
        let candidate = &bytes[start + 2..];
        if candidate.len() >= name.len()
            && candidate[..name.len()].eq_ignore_ascii_case(name.as_bytes())
        {
            return Some(start);
        }
        at = start + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unread_elements_and_comments_are_dropped_before_parsing() {
        let html = "<html><head><STYLE>p{}</STYLE><script src=a.js></script>\
            <script type=\"application/ld+json\">{\"headline\":\"Kept\"}</script></head>\
            <body><!-- a <p>comment</p> --><p>One <svg><title>icon</title><path d=x/></svg>two</p>\
            <noscript><p>Enable scripts</p></noscript><p>Three</p><script>if (a<b) x('</p>')</script></body></html>";
        let lean = strip_unread(html);
        assert_eq!(
            lean,
            "<html><head>\
            <script type=\"application/ld+json\">{\"headline\":\"Kept\"}</script></head>\
            <body><p>One two</p>\
            <p>Three</p></body></html>"
        );
        let plain = "<p>Nothing to drop <b>here</b>.</p>";
        assert!(matches!(strip_unread(plain), Cow::Borrowed(_)));
        // an element left open runs to the end
        assert_eq!(
            strip_unread("<p>a</p><script>never closed <p>b</p>"),
            "<p>a</p>"
        );
        // in a title or a textarea "<script>" is text
        let html = "<title>Why <script> tags block</title><p>Text</p><script>x()</script>";
        assert_eq!(
            strip_unread(html),
            "<title>Why <script> tags block</title><p>Text</p>"
        );
    }

    #[test]
    fn json_ld_is_kept_whatever_the_case_of_its_type() {
        let html = "<script type='Application/LD+JSON'>{}</script><script>x()</script><p>a</p>";
        assert_eq!(
            strip_unread(html),
            "<script type='Application/LD+JSON'>{}</script><p>a</p>"
        );
        assert_eq!(name_in(UNREAD, "SVG"), Some(2));
        assert_eq!(name_in(UNREAD, "svgx"), None);
    }

    #[test]
    fn comments_end_past_their_close_or_at_the_end() {
        let html = "<p>a<!-- b <p> -->c<!-- never closed";
        assert_eq!(comment_end(html, 4), Some(18));
        assert_eq!(comment_end(html, 19), Some(html.len()));
        assert_eq!(comment_end(html, 0), None);
        assert_eq!(comment_end("<!-", 0), None);
    }

    #[test]
    fn page_furniture_is_dropped_whole_and_an_open_one_kept() {
        // nested navigation ends at its matching end tag, not the first one
        let html = "<nav><ul><li><nav>a</nav></li></ul>Menu</nav><p>Story</p>\
            <FOOTER><p>(c) 2026</p></FOOTER><aside class=x>Related</aside><p>More</p>";
        assert_eq!(strip_unread(html), "<p>Story</p><p>More</p>");
        // a custom element is not the element its name begins with
        let custom = "<nav-menu><p>Kept</p></nav-menu><navigation>Kept</navigation>";
        assert_eq!(strip_unread(custom), custom);
        // one left open may hold the article: kept, and the kind is no longer cut after it
        let open = "<aside><p>The whole story</p><aside>inner</aside>";
        assert_eq!(strip_unread(open), open);
        // a self-closed one is only its tag; a comment inside does not count
        assert_eq!(
            strip_unread("<p>a</p><button/><p>b</p><nav><!-- </nav> -->x</nav><p>c</p>"),
            "<p>a</p><p>b</p><p>c</p>"
        );
    }

    proptest::proptest! {
        #[test]
        fn stripping_any_text_keeps_a_part_of_it(s in "(<(script|style|svg|p|nav|/nav|/script|/svg|!--)?|-->|/?>|[a-z \u{e9}]){0,40}") {
            let lean = strip_unread(&s);
            proptest::prop_assert!(lean.len() <= s.len());
            if matches!(lean, Cow::Borrowed(_)) {
                proptest::prop_assert_eq!(lean.as_ref(), s.as_str());
            }
        }
    }

    #[test]
    fn ordinary_pages_are_untouched() {
        let html = "<!doctype html><html><head><title>a<b</title><script>if (a<b) x('<div>')</script></head><body><div><p>One<p>Two<br><img src=x /></div></body></html>";
        assert!(matches!(tame(html), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_keeps_the_text_and_bounded_tags() {
        let depth = 10_000;
        let html = format!(
            "<body>{}deep text{}</body>",
            "<div class=x>".repeat(depth),
            "</div>".repeat(depth)
        );
        let tamed = tame(&html);
        assert_eq!(tamed.matches("<div class=x>").count(), MAX_DEPTH);
        assert_eq!(tamed.matches("</div>").count(), MAX_DEPTH);
        assert!(tamed.contains(&format!("{}deep text</div>", "<div class=x>")));
        // after the deep part, nesting counts from the top again
        let html = format!("{html}<div><div>after</div></div>");
        assert!(tame(&html).ends_with("</body><div><div>after</div></div>"));
    }

    #[test]
    fn self_closed_html_elements_nest_but_svg_ones_do_not() {
        let html = "<div/>".repeat(1000);
        assert_eq!(tame(&html).matches("<div/>").count(), MAX_DEPTH);
        let icons = format!("<svg>{}</svg><p>text</p>", "<path d='M0'/>".repeat(1000));
        assert!(matches!(tame(&icons), Cow::Borrowed(_)));
    }

    #[test]
    fn huge_tags_keep_only_their_name() {
        let html = format!(
            "<p>Before <a href=\"{}\" title='x'>link</a> after</p>",
            "a".repeat(MAX_TAG_BYTES)
        );
        assert_eq!(tame(&html), "<p>Before <a>link</a> after</p>");
        // a quote that never closes: the tag runs to the end, as a parser would read it
        let html = format!("<p>Text <span title=\"{}", "b".repeat(MAX_TAG_BYTES));
        assert_eq!(tame(&html), "<p>Text <span>");
    }
}
