//! A feed that feed-rs rejects (cut off mid-item, one broken item) is read item by item: every
//! complete `<item>` / `<entry>` element is parsed with the feed's header around it, and one
//! error says what was lost ("truncated after item 3; 3 items kept").

use corroborate_core::Document;
use memchr::memmem;

use crate::read::Context;
use crate::IngestError;

/// A header bigger than this is not repeated around every item (a minimal one is used).
const MAX_HEADER_BYTES: usize = 64 * 1024;

/// The complete items of a damaged feed, and the feed's header and closing tags.
#[derive(Debug, PartialEq)]
struct Pieces<'a> {
    header: &'a str,
    closing: &'static str,
    items: Vec<&'a str>,
    /// The text ends inside an item or before the feed's end tag.
    truncated: bool,
}

/// Reads what can be read of a feed feed-rs rejected with `detail`.
pub(crate) fn read_damaged(
    ctx: &Context,
    bytes: &[u8],
    detail: String,
) -> Vec<Result<Document, IngestError>> {
    let text = String::from_utf8_lossy(bytes);
    let malformed = || IngestError::Malformed {
        path: ctx.name.clone(),
        format: "feed",
        detail: detail.clone(),
    };
    let Some(pieces) = split(&text) else {
        return vec![Err(malformed())];
    };
    if pieces.items.is_empty() {
        return vec![Err(malformed())];
    }
    let whole = format!(
        "{}{}{}",
        pieces.header,
        pieces.items.concat(),
        pieces.closing
    );
    let mut results = match feed_rs::parser::parse(whole.as_bytes()) {
        Ok(feed) if feed.entries.len() == pieces.items.len() => {
            crate::feed::read_entries(ctx, &feed, 1)
        }
        _ => one_by_one(ctx, &pieces),
    };
    let kept = results.iter().filter(|result| result.is_ok()).count();
    let lost = if pieces.truncated {
        format!("truncated after item {}", pieces.items.len())
    } else {
        format!("malformed feed ({detail})")
    };
    results.push(Err(IngestError::Damaged {
        path: ctx.name.clone(),
        detail: format!("{lost}; {kept} {} kept", plural(kept, "item", "items")),
    }));
    results
}

fn one_by_one(ctx: &Context, pieces: &Pieces) -> Vec<Result<Document, IngestError>> {
    let header = if pieces.header.len() <= MAX_HEADER_BYTES {
        pieces.header
    } else if pieces.closing == "</feed>" {
        "<feed xmlns=\"http://www.w3.org/2005/Atom\">"
    } else {
        "<rss version=\"2.0\"><channel>"
    };
    let closing = if pieces.header.len() <= MAX_HEADER_BYTES || pieces.closing == "</feed>" {
        pieces.closing
    } else {
        "</channel></rss>"
    };
    let mut results = Vec::new();
    for (index, item) in pieces.items.iter().enumerate() {
        let n = index + 1;
        let alone = format!("{header}{item}{closing}");
        match feed_rs::parser::parse(alone.as_bytes()) {
            Ok(feed) if feed.entries.len() == 1 => {
                results.extend(crate::feed::read_entries(ctx, &feed, n));
            }
            Ok(_) => results.push(Err(record_error(ctx, n, "not one item".into()))),
            Err(error) => results.push(Err(record_error(ctx, n, one_line(&error.to_string())))),
        }
    }
    results
}

fn record_error(ctx: &Context, record: usize, detail: String) -> IngestError {
    IngestError::Record {
        path: ctx.name.clone(),
        record,
        message: format!("malformed item ({detail})"),
    }
}

/// Finds the header (everything before the first item) and every complete item.
fn split(text: &str) -> Option<Pieces<'_>> {
    let lower = text.to_ascii_lowercase();
    let (tag, end_tag, closing, root_end) = if lower.contains("<feed") {
        ("<entry", "</entry>", "</feed>", "</feed>")
    } else if lower.contains("<rdf:rdf") {
        ("<item", "</item>", "</rdf:RDF>", "</rdf:rdf>")
    } else if lower.contains("<rss") {
        ("<item", "</item>", "</channel></rss>", "</rss>")
    } else {
        return None;
    };
    let first = find_start_tag(&lower, tag, 0)?;
    let mut items = Vec::new();
    let mut at = first;
    let mut truncated = false;
    while let Some(start) = find_start_tag(&lower, tag, at) {
        match find_end_tag(&lower, end_tag, start) {
            Some(end) => {
                items.push(&text[start..end]);
                at = end;
            }
            None => {
                truncated = true;
                break;
            }
        }
    }
    truncated |= !lower[at..].contains(root_end);
    Some(Pieces {
        header: &text[..first],
        closing,
        items,
        truncated,
    })
}

/// The offset of `<tag` followed by `>`, `/` or whitespace, at or after `from`.
fn find_start_tag(lower: &str, tag: &str, from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(offset) = memmem::find(&lower.as_bytes()[at..], tag.as_bytes()) {
        let start = at + offset;
        let next = lower.as_bytes().get(start + tag.len()).copied();
        if matches!(next, Some(b'>' | b'/') | Some(b' ' | b'\t' | b'\r' | b'\n')) {
            return Some(start);
        }
        at = start + tag.len();
    }
    None
}

/// The offset just past `end_tag` after `from`, skipping CDATA sections (whose text may hold
/// anything); `None` when the element never ends.
fn find_end_tag(lower: &str, end_tag: &str, from: usize) -> Option<usize> {
    let bytes = lower.as_bytes();
    let mut at = from;
    loop {
        let end = memmem::find(&bytes[at..], end_tag.as_bytes()).map(|k| at + k)?;
        match memmem::find(&bytes[at..end], b"<![cdata[").map(|k| at + k) {
            Some(cdata) => at = memmem::find(&bytes[cdata..], b"]]>").map(|k| cdata + k + 3)?,
            None => return Some(end + end_tag.len()),
        }
    }
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_complete_items_and_sees_the_cut() {
        let feed = "<rss><channel><title>T</title><item><title>a</title><description><![CDATA[</item> is text]]></description></item>\n<ITEM><title>b</title></ITEM><item><title>c</tit";
        let pieces = split(feed).unwrap();
        assert_eq!(pieces.header, "<rss><channel><title>T</title>");
        assert_eq!(
            pieces.items,
            vec![
                "<item><title>a</title><description><![CDATA[</item> is text]]></description></item>",
                "<ITEM><title>b</title></ITEM>"
            ]
        );
        assert!(pieces.truncated);
        let whole = "<feed xmlns='x'><entry><id>1</id></entry><entryx/></feed>";
        let pieces = split(whole).unwrap();
        assert_eq!(pieces.items, vec!["<entry><id>1</id></entry>"]);
        assert_eq!(pieces.closing, "</feed>");
        assert!(!pieces.truncated);
    }
}
