//! One feed: a conditional GET, then each item not seen before, its page preferred over its
//! own content.

use std::collections::BTreeSet;

use corroborate_core::{Document, Failure};
use corroborate_ingest::{read_feed_items, read_page};
use corroborate_store::{FeedState, Store, StoreError};

use crate::http::{FetchError, Fetched, Fetcher, Validators};
use crate::Pass;

pub(crate) fn poll(
    fetcher: &mut Fetcher,
    store: &dyn Store,
    url: &str,
    pass: &mut Pass,
    stop: &dyn Fn() -> bool,
) -> Result<(), StoreError> {
    let validators = store
        .feed_state(url)?
        .map(|state| Validators {
            etag: state.etag,
            last_modified: state.last_modified,
        })
        .unwrap_or_default();
    let page = match fetcher.get(url, &validators) {
        Ok(Fetched::NotModified) => return Ok(()),
        Ok(Fetched::Body(page)) => page,
        Err(error) => {
            pass.failures.push(failure(url, &error.to_string()));
            return Ok(());
        }
    };
    let items = match read_feed_items(url, &page.bytes) {
        Ok(items) => items,
        Err(error) => {
            pass.failures.push(failure(url, &error.to_string()));
            return Ok(());
        }
    };
    let seen = store.seen_items(url)?;
    let mut handled: BTreeSet<String> = BTreeSet::new();
    let mut complete = true;
    for item in items {
        if seen.contains(&item.key) || handled.contains(&item.key) {
            continue;
        }
        if stop() {
            complete = false;
            break;
        }
        let link = item.link.as_deref().map(|link| resolve(url, link));
        match article(fetcher, link.as_deref(), item.article) {
            Ok((doc, warning)) => {
                pass.documents.push(doc);
                pass.warnings.extend(warning);
            }
            Err((path, reason, transient)) => {
                pass.failures.push(Failure { path, reason });
                if transient {
                    // Not marked seen, and the feed's validators not kept: the next pass
                    // fetches the feed in full and tries this item again.
                    complete = false;
                    continue;
                }
            }
        }
        handled.insert(item.key.clone());
        pass.update.items.push((url.to_string(), item.key));
    }
    if complete {
        pass.update.feeds.push(FeedState {
            url: url.to_string(),
            etag: page.validators.etag,
            last_modified: page.validators.last_modified,
        });
    }
    Ok(())
}

/// The item's article: its page when that can be fetched and read, else the item's own
/// content (with a warning); else why not (the URL, the reason, whether to try again later).
fn article(
    fetcher: &mut Fetcher,
    link: Option<&str>,
    own: Result<Document, corroborate_ingest::IngestError>,
) -> Result<(Document, Option<String>), (String, String, bool)> {
    let Some(link) = link else {
        return own
            .map(|doc| (doc, None))
            .map_err(|error| (error.path().to_string(), error.to_string(), false));
    };
    let (reason, transient) = match fetcher.get(link, &Validators::default()) {
        Ok(Fetched::Body(page)) => {
            match read_page(&page.url, page.content_type.as_deref(), page.bytes) {
                Ok(mut doc) => {
                    if let Ok(own) = &own {
                        fill_meta(&mut doc, own);
                    }
                    return Ok((doc, None));
                }
                Err(error) => (error.to_string(), false),
            }
        }
        Ok(Fetched::NotModified) => (
            format!("{link}: HTTP 304 without a conditional request"),
            false,
        ),
        Err(error) => {
            let transient = error.is_transient();
            (with_url(link, &error), transient)
        }
    };
    match own {
        Ok(doc) => Ok((
            doc,
            Some(format!("{reason}; the feed item's own content is used")),
        )),
        Err(_) => Err((link.to_string(), reason, transient)),
    }
}

/// A link as the feed wrote it, made absolute against the feed's own address.
fn resolve(feed: &str, link: &str) -> String {
    reqwest::Url::parse(feed)
        .and_then(|base| base.join(link))
        .map_or_else(|_| link.to_string(), String::from)
}

fn with_url(link: &str, error: &FetchError) -> String {
    let message = error.to_string();
    if message.starts_with(link) {
        message
    } else {
        format!("{link}: {message}")
    }
}

/// What the page lacks and the feed item says (title, date, outlet, byline, language).
fn fill_meta(doc: &mut Document, item: &Document) {
    let meta = &mut doc.meta;
    let from = &item.meta;
    meta.title = meta.title.take().or_else(|| from.title.clone());
    meta.published = meta.published.take().or_else(|| from.published.clone());
    meta.outlet = meta.outlet.take().or_else(|| from.outlet.clone());
    meta.byline = meta.byline.take().or_else(|| from.byline.clone());
    meta.language = meta.language.take().or_else(|| from.language.clone());
}

fn failure(path: &str, reason: &str) -> Failure {
    Failure {
        path: path.to_string(),
        reason: reason.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn relative_links_resolve_against_the_feed() {
        let feed = "https://news.example/feeds/port.xml";
        assert_eq!(
            resolve(feed, "/news/a.html"),
            "https://news.example/news/a.html"
        );
        assert_eq!(resolve(feed, "b.html"), "https://news.example/feeds/b.html");
        assert_eq!(
            resolve(feed, "https://other.example/c"),
            "https://other.example/c"
        );
    }
}
