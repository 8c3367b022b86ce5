//! RSS 2.0 and Atom feeds (feed-rs): each item an article. `content:encoded` (HTML) wins over
//! the description or summary; the item's HTML becomes the record's `raw`. A feed feed-rs
//! rejects is read item by item ([`crate::feed_salvage`]).

use chrono::SecondsFormat;
use corroborate_core::Document;
use feed_rs::model::{Entry, Feed, FeedType};

use crate::align::Decoded;
use crate::read::{check_text, finish, Context, MAX_ARTICLE_BYTES};
use crate::{html, html_meta, text, IngestError};

pub(crate) fn read_feed(ctx: &Context, bytes: &[u8]) -> Vec<Result<Document, IngestError>> {
    match feed_rs::parser::parse(bytes) {
        Ok(feed) if feed.entries.is_empty() => {
            vec![Err(IngestError::no_article(&ctx.name, "feed has no items"))]
        }
        Ok(feed) => read_entries(ctx, &feed, 1),
        Err(error) => crate::feed_salvage::read_damaged(ctx, bytes, one_line(&error.to_string())),
    }
}

/// The articles of a parsed feed, its first entry numbered `first`.
pub(crate) fn read_entries(
    ctx: &Context,
    feed: &Feed,
    first: usize,
) -> Vec<Result<Document, IngestError>> {
    let format = match feed.feed_type {
        FeedType::Atom => "atom",
        _ => "rss",
    };
    let outlet = feed
        .title
        .as_ref()
        .map(|t| html_meta::clean(&t.content))
        .filter(|t| !t.is_empty());
    let language = feed.language.clone();
    feed.entries
        .iter()
        .enumerate()
        .map(|(index, entry)| {
            let n = first + index;
            let mut meta = ctx.record_meta(n);
            meta.format = Some(format.into());
            meta.outlet = outlet.clone();
            meta.language = entry
                .language
                .clone()
                .or_else(|| language.clone())
                .and_then(|l| l.get(..2).map(str::to_ascii_lowercase));
            read_entry(ctx, entry, n, meta)
        })
        .collect()
}

fn read_entry(
    ctx: &Context,
    entry: &Entry,
    n: usize,
    mut meta: corroborate_core::Meta,
) -> Result<Document, IngestError> {
    let path = format!("{}#{n}", ctx.name);
    meta.title = entry
        .title
        .as_ref()
        .map(|t| html_meta::clean(&t.content))
        .filter(|t| !t.is_empty());
    meta.url = entry_link(entry);
    meta.published = entry
        .published
        .or(entry.updated)
        .map(|d| d.to_rfc3339_opts(SecondsFormat::AutoSi, true));
    let names: Vec<String> = entry
        .authors
        .iter()
        .filter_map(|a| a.name.clone())
        .collect();
    meta.byline = (!names.is_empty()).then(|| names.join(", "));
    let (body, content_type) = match (&entry.content, &entry.summary) {
        (Some(content), _)
            if content
                .body
                .as_deref()
                .is_some_and(|b| !b.trim().is_empty()) =>
        {
            (
                content.body.clone().unwrap_or_default(),
                content.content_type.to_string(),
            )
        }
        (_, Some(summary)) if !summary.content.trim().is_empty() => {
            (summary.content.clone(), summary.content_type.to_string())
        }
        _ => {
            return Err(IngestError::no_article(
                &path,
                "item has no content or summary",
            ))
        }
    };
    if body.len() > MAX_ARTICLE_BYTES {
        return Err(IngestError::too_large(&path, body.len(), MAX_ARTICLE_BYTES));
    }
    let decoded = Decoded::identity(body);
    check_text(&path, &decoded)?;
    let plain = content_type.starts_with("text/plain") && !decoded.text.contains('<');
    let source = if plain {
        text::read_text(&decoded, false, false).source
    } else {
        html::read_fragment(&decoded)
    };
    if source.is_empty() {
        return Err(IngestError::no_article(&path, "item content has no text"));
    }
    let raw = decoded.text.as_bytes().to_vec();
    Ok(finish(
        format!("{}-{n}", ctx.stem),
        meta,
        raw,
        source,
        &decoded,
    ))
}

/// The item's article link: the first `alternate` (or unlabelled) link, else the first.
pub(crate) fn entry_link(entry: &Entry) -> Option<String> {
    entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(entry.links.first())
        .map(|l| l.href.trim().to_string())
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
