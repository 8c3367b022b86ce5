//! Web pages and feeds fetched over HTTP: one page is one article whose URL is the address it
//! was fetched from; a feed gives its items' guids, links and dates beside each item's own
//! article (the fallback when the page cannot be fetched).

use corroborate_core::Document;

use crate::decode::encoding_for_label;
use crate::read::{read_html_article, read_text_article, sniff, Context, Format};
use crate::IngestError;

/// One item of a feed, as a watcher needs it.
#[derive(Debug)]
pub struct FeedItem {
    /// What identifies the item across fetches: its guid (Atom `id`), else its link.
    pub key: String,
    /// The article page the item points to.
    pub link: Option<String>,
    /// The item's own article (its content or summary), or why it has none.
    pub article: Result<Document, IngestError>,
}

/// Reads a fetched feed: each item with its key, link and own article. A body that is no
/// RSS or Atom feed, or that the parser rejects, is one error naming `url`.
pub fn read_feed_items(url: &str, bytes: &[u8]) -> Result<Vec<FeedItem>, IngestError> {
    let ctx = Context::for_url(url);
    let feed = feed_rs::parser::parse(bytes).map_err(|error| IngestError::Malformed {
        path: url.to_string(),
        format: "feed",
        detail: error
            .to_string()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    })?;
    let articles = crate::feed::read_entries(&ctx, &feed, 1);
    Ok(feed
        .entries
        .iter()
        .zip(articles)
        .map(|(entry, article)| {
            let link = crate::feed::entry_link(entry);
            let key = Some(entry.id.trim())
                .filter(|id| !id.is_empty())
                .map(str::to_string)
                .or_else(|| link.clone())
                .unwrap_or_else(|| {
                    format!(
                        "{url}#{}",
                        entry.title.as_ref().map_or("", |t| t.content.as_str())
                    )
                });
            FeedItem { key, link, article }
        })
        .collect())
}

/// Reads a fetched page (HTML, or plain text) as one article: `url` (the address after
/// redirects) becomes its `meta.url` and `meta.path`, its id is the last path segment's stem
/// (`/2026/03/harbor-strike.html` gives `harbor-strike`), and `content_type`'s charset, when
/// given, decodes it.
pub fn read_page(
    url: &str,
    content_type: Option<&str>,
    bytes: Vec<u8>,
) -> Result<Document, IngestError> {
    if bytes.is_empty() {
        return Err(IngestError::Empty { path: url.into() });
    }
    let ctx = Context::for_url(url);
    let declared = content_type
        .and_then(|t| t.split(';').find_map(|p| p.trim().strip_prefix("charset=")))
        .and_then(encoding_for_label);
    let html_type = content_type.is_some_and(|t| t.to_ascii_lowercase().contains("html"));
    let mut doc = match sniff(&bytes, &ctx.extension) {
        Format::Html => read_html_article(&ctx, ctx.stem.clone(), ctx.meta(), bytes, declared)?,
        _ if html_type => read_html_article(&ctx, ctx.stem.clone(), ctx.meta(), bytes, declared)?,
        Format::Text { markdown } => read_text_article(&ctx, bytes, markdown)?,
        _ => {
            return Err(IngestError::no_article(
                url,
                "the page is a feed, JSON or an archive, not an article",
            ))
        }
    };
    doc.meta.url = Some(url.to_string());
    Ok(doc)
}

/// The id a page gets from its URL: the last non-empty path segment without its extension,
/// kept to letters, digits, `-` and `_`; the host when the path has none.
pub(crate) fn url_stem(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let mut parts = rest.split('/');
    let host = parts.next().unwrap_or_default();
    let segment = parts.rfind(|part| !part.is_empty()).unwrap_or(host);
    let segment = match segment.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.len() <= 5 && segment != host => stem,
        _ => segment,
    };
    let id: String = segment
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let id = id.trim_matches('-');
    if id.is_empty() {
        "page".to_string()
    } else {
        id.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_ids_come_from_the_last_path_segment() {
        assert_eq!(
            url_stem("https://news.example/2026/03/harbor-strike.html"),
            "harbor-strike"
        );
        assert_eq!(url_stem("https://news.example/world/talks/"), "talks");
        assert_eq!(url_stem("https://news.example/"), "news-example");
        assert_eq!(url_stem("http://127.0.0.1:8080/a?id=5#top"), "a");
        assert_eq!(url_stem("https://news.example/story?id=5"), "story");
    }

    #[test]
    fn a_page_keeps_its_url_and_charset() {
        let page = b"<html><head><title>Dock strike ends</title></head><body><article>\
            <p>Dock workers in Harbor City returned to work on Monday after a nine-day strike.</p>\
            <p>The union said members voted to accept a pay rise of 6 percent over two years.</p>\
            </article></body></html>";
        let url = "https://news.example/2026/03/strike-ends.html";
        let doc = read_page(url, Some("text/html; charset=utf-8"), page.to_vec()).unwrap();
        assert_eq!(doc.id, "strike-ends");
        assert_eq!(doc.meta.url.as_deref(), Some(url));
        assert_eq!(doc.meta.path.as_deref(), Some(url));
        assert!(doc.source.contains("nine-day strike"), "{}", doc.source);
    }

    #[test]
    fn feed_items_have_keys_links_and_their_own_articles() {
        let feed = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Harbor News</title>
            <item><title>One</title><link>https://news.example/one.html</link><guid>g-1</guid>
            <description>Dock workers walked out on Friday. The port is closed.</description></item>
            <item><title>Two</title><link>https://news.example/two.html</link></item>
            </channel></rss>"#;
        let items = read_feed_items("https://news.example/feed.xml", feed).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].key, "g-1");
        assert_eq!(
            items[0].link.as_deref(),
            Some("https://news.example/one.html")
        );
        assert!(items[0].article.is_ok());
        assert!(items[1].article.is_err());
        assert_eq!(
            items[1].link.as_deref(),
            Some("https://news.example/two.html")
        );
        let err = read_feed_items("https://news.example/bad.xml", b"<html>no feed</html>")
            .err()
            .unwrap();
        assert!(
            err.to_string()
                .starts_with("https://news.example/bad.xml: "),
            "{err}"
        );
    }
}
