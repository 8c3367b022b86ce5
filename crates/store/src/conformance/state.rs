//! Checks of what the corpus keeps beside articles and stories: the statistics grouping reads
//! (term document frequencies, the document-vector sum) and what `watch` has seen.

use super::{err, fixture, new_article, FLOOD, HARBOR};
use crate::{Batch, FeedState, SeenFile, Store, WatchUpdate};

/// Term document frequencies and the document-vector sum follow adds and revisions.
pub(super) fn corpus_statistics(store: &mut dyn Store) -> Result<(), String> {
    let (count, sum) = store.vector_sum().map_err(err)?;
    ensure!(count == 0 && sum.is_empty(), "empty store: {count} {sum:?}");
    let a = fixture("a1", HARBOR, Some("https://news.test/strike"), None);
    let b = fixture("b1", FLOOD, None, None);
    let mut first = new_article(&a, &[("strike", 1.0), ("port", 1.0)]);
    first.vector = Some(vec![1.0, 0.0, 0.5]);
    let mut second = new_article(&b, &[("strike", 1.0), ("rain", 1.0)]);
    second.vector = Some(vec![0.0, 2.0, 0.5]);
    store
        .commit(&Batch {
            articles: vec![first, second],
            ..Batch::default()
        })
        .map_err(err)?;
    let terms: Vec<String> = ["strike", "port", "rain", "unseen"]
        .iter()
        .map(|t| t.to_string())
        .collect();
    let df = store.term_df(&terms).map_err(err)?;
    ensure!(
        df.get("strike") == Some(&2) && df.get("port") == Some(&1) && df.get("rain") == Some(&1),
        "df after two articles: {df:?}"
    );
    ensure!(!df.contains_key("unseen"), "a term in no article: {df:?}");
    let (count, sum) = store.vector_sum().map_err(err)?;
    ensure!(
        count == 2 && sum == vec![1.0, 2.0, 1.0],
        "vector sum after two articles: {count} {sum:?}"
    );
    // A revision replaces its article's terms and vector.
    let revised = fixture(
        "a1-r2",
        &format!("{HARBOR}. Talks resume Friday"),
        Some("https://news.test/strike"),
        None,
    );
    let mut article = new_article(&revised, &[("talks", 1.0)]);
    article.revision_of = Some("a1".into());
    article.vector = Some(vec![0.0, 0.0, 3.0]);
    store
        .commit(&Batch {
            articles: vec![article],
            ..Batch::default()
        })
        .map_err(err)?;
    let df = store.term_df(&terms).map_err(err)?;
    ensure!(
        df.get("strike") == Some(&1) && !df.contains_key("port"),
        "df after a revision: {df:?}"
    );
    let (count, sum) = store.vector_sum().map_err(err)?;
    ensure!(
        count == 2 && sum == vec![0.0, 2.0, 3.5],
        "vector sum after a revision: {count} {sum:?}"
    );
    Ok(())
}

/// Feed validators are replaced, items accumulate per feed (a repeat is no error), files are
/// replaced by path; nothing is known before it is recorded.
pub(super) fn watch_state_round_trip(store: &mut dyn Store) -> Result<(), String> {
    let feed = "https://news.example/feed.xml";
    ensure!(
        store.feed_state(feed).map_err(err)?.is_none(),
        "a fresh store knows a feed"
    );
    ensure!(
        store.seen_items(feed).map_err(err)?.is_empty(),
        "a fresh store has seen items"
    );
    ensure!(
        store.seen_file("/news/a.txt").map_err(err)?.is_none(),
        "a fresh store has seen a file"
    );
    let first = FeedState {
        url: feed.into(),
        etag: Some("\"v1\"".into()),
        last_modified: Some("Tue, 03 Mar 2026 10:00:00 GMT".into()),
    };
    let file = SeenFile {
        path: "/news/a.txt".into(),
        modified_ns: 1_772_532_000_123_456_789,
        size: 512,
    };
    store
        .record_watch(&WatchUpdate {
            feeds: vec![first.clone()],
            items: vec![
                (feed.into(), "guid-1".into()),
                (feed.into(), "guid-2".into()),
                ("https://other.example/rss".into(), "guid-9".into()),
            ],
            files: vec![file.clone()],
        })
        .map_err(err)?;
    ensure!(
        store.feed_state(feed).map_err(err)?.as_ref() == Some(&first),
        "feed state not read back: {:?}",
        store.feed_state(feed)
    );
    let seen: Vec<String> = store.seen_items(feed).map_err(err)?.into_iter().collect();
    ensure!(seen == ["guid-1", "guid-2"], "items of the feed: {seen:?}");
    ensure!(
        store.seen_file("/news/a.txt").map_err(err)?.as_ref() == Some(&file),
        "file not read back"
    );
    let second = FeedState {
        url: feed.into(),
        etag: None,
        last_modified: Some("Wed, 04 Mar 2026 10:00:00 GMT".into()),
    };
    let changed = SeenFile {
        size: 640,
        ..file.clone()
    };
    store
        .record_watch(&WatchUpdate {
            feeds: vec![second.clone()],
            items: vec![
                (feed.into(), "guid-2".into()),
                (feed.into(), "guid-3".into()),
            ],
            files: vec![changed.clone()],
        })
        .map_err(err)?;
    ensure!(
        store.feed_state(feed).map_err(err)?.as_ref() == Some(&second),
        "feed state not replaced"
    );
    ensure!(
        store.seen_items(feed).map_err(err)?.len() == 3,
        "items after a repeat: {:?}",
        store.seen_items(feed)
    );
    ensure!(
        store.seen_file("/news/a.txt").map_err(err)?.as_ref() == Some(&changed),
        "file not replaced"
    );
    ensure!(
        store.article_count().map_err(err)? == 0,
        "watch state counted as articles"
    );
    Ok(())
}
