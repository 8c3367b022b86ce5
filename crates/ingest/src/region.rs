//! A page cut down before the extractor builds a tree: the extractor's selectors walk every
//! node of the page, and on news pages the article is a small part of them. One pass over the
//! markup keeps a light element stack (void elements, optional end tags and stray end tags
//! handled as a parser would, near enough) and gives each block its prose: text bytes outside
//! links. Blocks with enough of it are paragraphs. Then
//! - the region: the deepest element holding [`SHARE`] of all paragraph prose, widened by
//!   [`WIDEN`] ancestors (and to any ancestor with paragraph prose of its own), is all of the
//!   body the extractor sees, with the paragraphs outside it in page order (the head is kept),
//!   unless it is most of the page anyway or the page has too little prose to judge;
//! - furniture: inside what is kept, subtrees with no paragraph that are big and either mostly
//!   links (menus, link lists) or nearly without text (ad slots, galleries, widgets) are cut.
//!
//! Nothing with a paragraph is ever cut, so the article's text reaches the extractor whole.

/// Prose bytes (outside links) that make a block a paragraph.
const PARAGRAPH_BYTES: usize = 80;
/// Most of a paragraph's text may not be link text.
const MAX_LINK_SHARE: f64 = 0.5;
/// The region holds at least this share of the page's paragraph prose.
const SHARE: f64 = 0.9;
/// Ancestors added around the deepest element holding [`SHARE`].
const WIDEN: usize = 1;
/// Below this much paragraph prose a page is left whole.
const MIN_PROSE: usize = 400;
/// A region longer than this share of the page is not worth cutting out.
const MAX_REGION_SHARE: f64 = 0.7;
/// The region holds at least this share of the page's text outside links.
const MIN_TEXT_SHARE: f64 = 0.4;
/// Smaller subtrees are never cut as furniture.
const PRUNE_BYTES: usize = 512;
/// A subtree whose text is this share links (or more) is a menu or a link list.
const PRUNE_LINK_SHARE: f64 = 0.7;
/// A subtree of [`PRUNE_BYTES`] or more with less text than this is markup (an ad slot, a
/// gallery, a widget).
const MARKUP_TEXT: usize = 100;

/// Open elements deeper than this are passed over (the tags only; their text stays).
const MAX_STACK: usize = 2 * crate::bounds::MAX_DEPTH;
/// A page with more elements than this is read whole (the walk's memory stays bounded).
const MAX_ELEMENTS: usize = 500_000;

/// Starting one of these closes an open `<p>`.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
];

/// Blocks that hold text themselves (a line of an article may be short): never cut.
const TEXT_BLOCKS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "td",
    "th",
    "dd",
    "dt",
    "caption",
    "figcaption",
    "address",
];

/// An element's name, lower-cased, without a heap allocation (longer names, custom
/// elements all, are cut to [`TagName::MAX`] bytes: only known names are compared).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct TagName {
    bytes: [u8; TagName::MAX],
    len: u8,
}

impl TagName {
    const MAX: usize = 15;

    /// `written` is ASCII (letters, digits, '-').
    fn new(written: &str) -> TagName {
        let mut bytes = [0u8; TagName::MAX];
        let len = written.len().min(TagName::MAX);
        for (to, from) in bytes.iter_mut().zip(written.bytes()) {
            *to = from.to_ascii_lowercase();
        }
        TagName {
            bytes,
            len: len as u8,
        }
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or("")
    }
}

#[derive(Debug)]
struct Element {
    name: TagName,
    start: usize,
    end: usize,
    parent: Option<usize>,
    depth: usize,
    /// Prose and link bytes directly in this block (not in a child block).
    prose: usize,
    links: usize,
    /// Text and link bytes directly in this element (not in a child element).
    own_text: usize,
    own_links: usize,
    block: bool,
    /// Paragraph prose of this block itself (0 unless it is a paragraph; subtrees are summed
    /// in [`Sums`]).
    mass: usize,
}

/// Paragraph prose, text and link text of each element's subtree.
struct Sums {
    mass: Vec<usize>,
    text: Vec<usize>,
    links: Vec<usize>,
}

impl Sums {
    fn of(elements: &[Element]) -> Sums {
        let mut sums = Sums {
            mass: elements.iter().map(|e| e.mass).collect(),
            text: elements.iter().map(|e| e.own_text).collect(),
            links: elements.iter().map(|e| e.own_links).collect(),
        };
        // a parent comes before its children: summing from the end adds each subtree once
        for (k, element) in elements.iter().enumerate().rev() {
            if let Some(parent) = element.parent {
                sums.mass[parent] += sums.mass[k];
                sums.text[parent] += sums.text[k];
                sums.links[parent] += sums.links[k];
            }
        }
        sums
    }
}

/// The elements without a parent.
fn roots(elements: &[Element]) -> impl Iterator<Item = usize> + '_ {
    elements
        .iter()
        .enumerate()
        .filter(|(_, e)| e.parent.is_none())
        .map(|(k, _)| k)
}

/// The element holding the article, when cutting it out is worthwhile.
fn region(elements: &[Element], sums: &Sums, page_bytes: usize) -> Option<usize> {
    let total: usize = roots(elements).map(|k| sums.mass[k]).sum();
    if total < MIN_PROSE {
        return None;
    }
    let needed = (total as f64 * SHARE).ceil() as usize;
    let deepest = elements
        .iter()
        .enumerate()
        .filter(|(k, _)| sums.mass[*k] >= needed)
        .max_by_key(|(_, e)| e.depth)
        .map(|(k, _)| k)?;
    let mut chosen = deepest;
    for _ in 0..WIDEN {
        match elements[chosen].parent {
            Some(parent) if !matches!(elements[parent].name.as_str(), "body" | "html") => {
                chosen = parent
            }
            _ => break,
        }
    }
    // a paragraph written straight into an ancestor (text beside the region's element)
    // cannot be kept apart from it: the region grows to that ancestor
    let mut up = elements[chosen].parent;
    while let Some(k) = up {
        if elements[k].mass > 0 {
            if matches!(elements[k].name.as_str(), "body" | "html") {
                return None;
            }
            chosen = k;
        }
        up = elements[k].parent;
    }
    let element = &elements[chosen];
    // an article of short lines has no paragraphs: a bio or a notice with long ones must not
    // stand for it, so the region holds most of the page's text outside links too
    let prose = |k: usize| sums.text[k] - sums.links[k];
    let page_prose: usize = roots(elements).map(prose).sum();
    if matches!(element.name.as_str(), "body" | "html")
        || (element.end - element.start) as f64 > page_bytes as f64 * MAX_REGION_SHARE
        || (prose(chosen) as f64) < MIN_TEXT_SHARE * page_prose as f64
    {
        return None;
    }
    Some(chosen)
}

/// Whether a subtree is furniture: no paragraph, and big, and either mostly links (menus,
/// link lists, teasers) or mostly markup (ad slots, galleries, widgets).
fn prunable(element: &Element, k: usize, sums: &Sums) -> bool {
    let bytes = element.end - element.start;
    sums.mass[k] == 0
        && bytes >= PRUNE_BYTES
        && (sums.links[k] as f64 >= PRUNE_LINK_SHARE * sums.text[k] as f64
            || sums.text[k] < MARKUP_TEXT)
        && element.block
        && !matches!(element.name.as_str(), "html" | "head" | "body")
        // short article lines live in these, with whatever markup: only containers go
        && !TEXT_BLOCKS.contains(&element.name.as_str())
}

/// `html` cut down for the extractor: the article region when one stands out (the head
/// kept), without the furniture subtrees in it. `None` when nothing is worth cutting.
pub(crate) fn article_page(html: &str) -> Option<String> {
    let elements = element_tree(html)?;
    let sums = Sums::of(&elements);
    // where the body starts (found by the element walk: "<body" may well be in a script)
    let named = |name: &str| elements.iter().find(|e| e.name.as_str() == name);
    let body = named("body")
        .map(|e| e.start)
        .or_else(|| named("head").map(|e| e.end))
        .unwrap_or(0);
    let chosen = region(&elements, &sums, html.len());
    let (from, to) = chosen.map_or((body, html.len()), |k| (elements[k].start, elements[k].end));
    // paragraphs outside the region (a lead above it, a last line below) go with it, in page
    // order, so none is ever lost: only what holds no paragraph is left out
    let (mut before, mut after) = (String::new(), String::new());
    if chosen.is_some() {
        let mut taken = 0;
        for element in &elements {
            if element.mass == 0 || element.start < taken.max(body) {
                continue;
            }
            if element.end <= from {
                before.push_str(&html[element.start..element.end]);
            } else if element.start >= to {
                after.push_str(&html[element.start..element.end]);
            } else {
                continue;
            }
            taken = element.end;
        }
    }
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for (k, element) in elements.iter().enumerate() {
        if element.start < from.max(body) || element.end > to || Some(k) == chosen {
            continue;
        }
        if cuts.last().is_some_and(|&(_, end)| element.start < end) {
            continue;
        }
        if prunable(element, k, &sums) {
            cuts.push((element.start, element.end));
        }
    }
    if chosen.is_none() && cuts.is_empty() {
        return None;
    }
    let mut page = String::with_capacity(to - from + body + before.len() + after.len() + 32);
    if chosen.is_some() {
        page.push_str(&html[..body.min(from)]);
        page.push_str("<body>");
        page.push_str(&before);
    } else {
        page.push_str(&html[..from]);
    }
    let mut at = from;
    for (start, end) in cuts {
        page.push_str(&html[at..start]);
        at = end;
    }
    page.push_str(&html[at..to]);
    if chosen.is_some() {
        page.push_str(&after);
        page.push_str("</body></html>");
    }
    Some(page)
}

/// The page's elements in document order (a parent before its children), each with its
/// block's own paragraph prose in `mass`; `None` past [`MAX_ELEMENTS`]. Raw-text elements
/// (scripts, styles, titles …) are skipped whole, and tags deeper than [`MAX_STACK`] passed
/// over, so the walk stays linear on hostile nesting.
fn element_tree(html: &str) -> Option<Vec<Element>> {
    let bytes = html.as_bytes();
    let mut elements: Vec<Element> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    // How many `<a>` elements are open: their text is link text.
    let mut link_depth = 0usize;
    let mut at = 0;
    while at < bytes.len() {
        let Some(offset) = memchr::memchr(b'<', &bytes[at..]) else {
            add_text(&bytes[at..], &stack, link_depth, &mut elements);
            break;
        };
        let start = at + offset;
        if start > at {
            add_text(&bytes[at..start], &stack, link_depth, &mut elements);
        }
        let rest = &bytes[start..];
        if let Some(end) = crate::bounds::comment_end(html, start) {
            at = end;
            continue;
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            if matches!(rest.get(1), Some(b'!' | b'?' | b'/')) {
                // a declaration, a processing instruction or a bogus end tag
                at = memchr::memchr(b'>', rest).map_or(bytes.len(), |e| start + e + 1);
            } else {
                // a lone "<" is text
                add_text(b"<", &stack, link_depth, &mut elements);
                at = start + 1;
            }
            continue;
        }
        let name = TagName::new(&html[name_start..name_start + name_len]);
        let end = crate::locate::tag_end(&html[start..]).map_or(bytes.len(), |e| start + e);
        at = end;
        if closing {
            if let Some(depth) = stack.iter().rposition(|&k| elements[k].name == name) {
                for k in stack.drain(depth..) {
                    elements[k].end = end;
                    close_block(&mut elements[k]);
                    if elements[k].name.as_str() == "a" {
                        link_depth = link_depth.saturating_sub(1);
                    }
                }
            }
            continue;
        }
        // optional end tags, closed by what starts here
        let implied: &[&str] = match name.as_str() {
            "li" => &["li"],
            "dt" | "dd" => &["dt", "dd"],
            "tr" => &["tr", "td", "th"],
            "td" | "th" => &["td", "th"],
            "option" => &["option"],
            _ => &[],
        };
        let closes_p = CLOSES_P.contains(&name.as_str());
        while let Some(&top) = stack.last() {
            let top_name = elements[top].name.as_str();
            if implied.contains(&top_name) || (closes_p && top_name == "p") {
                elements[top].end = start;
                close_block(&mut elements[top]);
                stack.pop();
            } else {
                break;
            }
        }
        let void = crate::bounds::VOID.contains(&name.as_str()) || html[..end].ends_with("/>");
        if void {
            continue;
        }
        let raw = crate::bounds::RAW_TEXT.contains(&name.as_str());
        if raw {
            // its content is not markup; the element is not kept (it holds no prose)
            let close =
                crate::bounds::find_end_tag(html, end, name.as_str()).unwrap_or(bytes.len());
            at = crate::locate::tag_end(&html[close..]).map_or(bytes.len(), |e| close + e);
            continue;
        }
        if stack.len() >= MAX_STACK {
            // deeper than a page has reason to be: the tag is passed over, its text kept
            continue;
        }
        if elements.len() >= MAX_ELEMENTS {
            return None;
        }
        if name.as_str() == "a" {
            link_depth += 1;
        }
        let parent = stack.last().copied();
        let depth = stack.len();
        let block = !crate::locate::INLINE.contains(&name.as_str());
        elements.push(Element {
            name,
            start,
            end: bytes.len(),
            parent,
            depth,
            prose: 0,
            links: 0,
            own_text: 0,
            own_links: 0,
            block,
            mass: 0,
        });
        stack.push(elements.len() - 1);
    }
    for k in stack {
        close_block(&mut elements[k]);
    }
    Some(elements)
}

/// Counts text bytes (whitespace aside) into the innermost element (for its subtree's text)
/// and into the block it belongs to (for the block's prose).
fn add_text(text: &[u8], stack: &[usize], link_depth: usize, elements: &mut [Element]) {
    let Some(&innermost) = stack.last() else {
        return;
    };
    let count = text.iter().filter(|b| !b.is_ascii_whitespace()).count();
    let linked = link_depth > 0;
    if linked {
        elements[innermost].own_links += count;
    }
    elements[innermost].own_text += count;
    if let Some(block) = stack.iter().rev().copied().find(|&k| elements[k].block) {
        if linked {
            elements[block].links += count;
        } else {
            elements[block].prose += count;
        }
    }
}

/// A closed block with enough prose, not mostly links, is a paragraph.
fn close_block(element: &mut Element) {
    let text = element.prose + element.links;
    if element.block
        && element.prose >= PARAGRAPH_BYTES
        && (element.links as f64) <= MAX_LINK_SHARE * text as f64
    {
        element.mass = element.prose;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article_region(html: &str) -> Option<(usize, usize)> {
        let elements = element_tree(html)?;
        let k = region(&elements, &Sums::of(&elements), html.len())?;
        Some((elements[k].start, elements[k].end))
    }

    fn paragraph(words: &str) -> String {
        format!("<p>{}</p>", [words; 12].join(" "))
    }

    /// `count` paragraphs, "{label} paragraph {k} goes on." repeated in each.
    fn story(label: &str, count: usize) -> String {
        (0..count)
            .map(|k| paragraph(&format!("{label} paragraph {k} goes on.")))
            .collect()
    }

    /// A list of `count` section links.
    fn menu(count: usize) -> String {
        (0..count)
            .map(|k| format!("<li><a href=/{k}>Section {k}</a></li>"))
            .collect()
    }

    #[test]
    fn paragraphs_outside_the_region_go_with_it() {
        let story = story("Body", 12);
        let menu = menu(200);
        let lead = "The lead sits above the article's block, cut off from the rest of it by a long menu of links to other sections.";
        let close = "A last line written below the second menu still belongs to the story it closes, and says so at length.";
        let beside = "This text is written straight into the block that holds the article's blocks, beside them, not in one.";
        let html = format!(
            "<html><head><title>T</title></head><body><header><p>{lead}</p></header>\
             <ul>{menu}</ul><div class=outer>{beside}<div class=middle><div class=inner>\
             {story}</div></div></div><ul>{menu}</ul><footer><p>{close}</p></footer></body></html>"
        );
        let page = article_page(&html).unwrap();
        for text in [lead, close, beside, "Body paragraph 11 goes on."] {
            assert!(page.contains(text), "{text} lost from {page}");
        }
        assert!(!page.contains("Section 7"), "{page}");
        // in page order
        let at = |text: &str| page.find(text).unwrap_or(usize::MAX);
        assert!(
            at(lead) < at(beside)
                && at(beside) < at("Body paragraph 0")
                && at("Body paragraph 11") < at(close)
        );
    }

    #[test]
    fn the_region_is_the_element_holding_the_prose() {
        let story = format!(
            "<div class=story><h1>Title</h1>{}{}<p>Short last line.</p></div>",
            paragraph("The council voted on the bridge."),
            paragraph("Work starts in May")
        );
        let menu = menu(200);
        let html = format!(
            "<html><head><title>T</title></head><body><div id=page><ul>{menu}</ul>\
             <main>{story}</main><ul>{menu}</ul></div></body></html>"
        );
        let (start, end) = article_region(&html).unwrap();
        // the deepest element holding the prose, widened by one ancestor
        assert_eq!(&html[start..end], format!("<main>{story}</main>"));
        let page = article_page(&html).unwrap();
        assert!(page.starts_with("<html><head><title>T</title></head><body><main>"));
        assert!(page.contains("Short last line."));
        assert!(!page.contains("Section 7"));
    }

    #[test]
    fn an_article_of_short_lines_is_not_taken_for_a_long_bio() {
        let lines: String = (0..40)
            .map(|k| format!("<p>Result {k}: a swimmer won the heat.</p>"))
            .collect();
        let bio = paragraph("The writer has covered sport for the paper since 1990.");
        let menu = menu(200);
        let html = format!(
            "<body><ul>{menu}</ul><main>{lines}</main><aside><div>{bio}</div></aside></body>"
        );
        // the bio holds all the paragraph prose, but little of the page's text
        assert_eq!(article_region(&html), None);
        let page = article_page(&html).unwrap();
        assert!(page.contains("Result 39: a swimmer won the heat."));
    }

    #[test]
    fn pages_without_enough_prose_or_mostly_article_are_left_whole() {
        assert_eq!(article_region("<p>Too short to judge.</p>"), None);
        let whole = format!("<body><div>{}</div></body>", paragraph("All prose here."));
        assert_eq!(article_region(&whole), None);
    }

    #[test]
    fn unclosed_paragraphs_and_stray_end_tags_do_not_lose_prose() {
        let text = ["Words of the story go on."; 12].join(" ");
        let links: String = (0..300)
            .map(|k| format!("<a href=/{k}>link {k}</a> "))
            .collect();
        let html = format!(
            "<body><div id=nav>{links}</div></span><section><p>{text}<p>{text}</b><p>{text}\
             </section><div>{links}</div></body>"
        );
        let (start, end) = article_region(&html).unwrap();
        let region = &html[start..end];
        assert!(region.starts_with("<section>") && region.ends_with("</section>"));
        assert_eq!(region.matches("<p>").count(), 3);
    }

    #[test]
    fn furniture_is_cut_and_short_article_lines_are_kept() {
        let menu = menu(40);
        let slot = format!("<div class=ad>{}</div>", "<img src=x.png> ".repeat(40));
        let facts: String = (0..30)
            .map(|k| format!("<li>Fact {k}: short line</li>"))
            .collect();
        let html = format!(
            "<html><body><ul class=menu>{menu}</ul>{slot}\
             <p>Lead <span class=x data-a='{pad}'>inline words</span> end.</p>\
             <ul class=facts>{facts}</ul></body></html>",
            pad = "p".repeat(600)
        );
        let page = article_page(&html).unwrap();
        assert!(
            !page.contains("Section 7") && !page.contains("x.png"),
            "{page}"
        );
        // a list of short lines (no paragraph, but no links) and inline markup stay
        assert!(page.contains("Fact 29: short line"), "{page}");
        assert!(page.contains("inline words"), "{page}");
    }

    #[test]
    fn the_body_is_found_by_the_walk_not_in_a_script() {
        // a JSON-LD articleBody holding "<body><p>…": the head ends where the real body starts
        let story = story("Story", 4);
        let menu = menu(200);
        let html = format!(
            "<html><head><script type=application/ld+json>{{\"articleBody\":\"<body><p>x\"}}\
             </script><title>T</title></head><body><ul>{menu}</ul><div><article>{story}\
             </article></div><ul>{menu}</ul></body></html>"
        );
        let page = article_page(&html).unwrap();
        assert!(
            page.contains("<title>T</title></head><body><div><article>"),
            "{page}"
        );
        assert!(page.contains("Story paragraph 3 goes on.") && !page.contains("Section 7"));
    }

    #[test]
    fn hostile_nesting_and_stray_end_tags_stay_linear() {
        // unbounded opening of elements a parser closes itself, then as many stray end tags:
        // quadratic if each end tag searched the whole stack
        let story = paragraph("The story survives the markup around it.");
        let html = format!(
            "<body>{}{story}{}</body>",
            "<tbody>".repeat(100_000),
            "</x>".repeat(100_000)
        );
        let start = std::time::Instant::now();
        let elements = element_tree(&html).unwrap();
        assert!(elements.len() <= MAX_STACK + 2, "{}", elements.len());
        assert!(elements.iter().any(|e| e.mass > 0));
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
        // past the element bound the page is read whole
        let flat = "<b>x</b>".repeat(MAX_ELEMENTS + 1);
        assert!(element_tree(&flat).is_none() && article_page(&flat).is_none());
    }

    proptest::proptest! {
        /// Whatever the page around it, a paragraph reaches the extractor.
        #[test]
        fn no_paragraph_is_ever_cut(parts in proptest::collection::vec(0u8..9, 1..40)) {
            let mut html = String::from("<html><head><title>T</title></head><body>");
            let mut paragraphs = Vec::new();
            for (k, part) in parts.iter().enumerate() {
                match part {
                    0 => {
                        let text = format!("Paragraph {k} says what happened there and then, \
                            and why it matters to the people of the town, at quite some length.");
                        html.push_str(&format!("<p>{text}</p>"));
                        paragraphs.push(text);
                    }
                    1 => html.push_str(&(0..30).map(|j| format!("<a href=/{j}>menu {j}</a>")).collect::<String>()),
                    2 => html.push_str("<div class=box>"),
                    3 => html.push_str("</div>"),
                    4 => html.push_str(&"<img src=a.png>".repeat(60)),
                    5 => html.push_str("<ul><li>Short item"),
                    6 => html.push_str("<p>An open paragraph with <b>bold"),
                    7 => {
                        // prose straight in a block, beside a paragraph of its own
                        let text = format!("Line {k} is written straight into a block, not in a \
                            paragraph of its own, and it still says a good deal.");
                        let inner = format!("Paragraph {k} inside that block says what \
                            happened there and then, at quite some length too.");
                        html.push_str(&format!("<div>{text}<p>{inner}</p></div>"));
                        paragraphs.push(text);
                        paragraphs.push(inner);
                    }
                    _ => html.push_str("</span></p><section>"),
                }
            }
            html.push_str("</body></html>");
            if let Some(page) = article_page(&html) {
                for text in &paragraphs {
                    proptest::prop_assert!(page.contains(text.as_str()), "{text} lost from {page}");
                }
            }
        }
    }
}
