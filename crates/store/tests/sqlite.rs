//! The SQLite backend against the conformance suite, and what only a file-backed corpus does.

use corroborate_store::{conformance, Batch, SqliteStore, Store};

#[test]
fn sqlite_in_memory_passes_conformance() {
    let results = conformance::run_all(&mut || {
        Box::new(SqliteStore::open_in_memory().expect("open in memory")) as Box<dyn Store>
    });
    let failed: Vec<String> = results
        .iter()
        .filter_map(|(name, result)| result.as_ref().err().map(|e| format!("{name}: {e}")))
        .collect();
    assert_eq!(results.len(), conformance::CHECKS.len());
    assert!(failed.is_empty(), "{failed:#?}");
}

#[test]
fn sqlite_file_passes_conformance() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut n = 0;
    let results = conformance::run_all(&mut || {
        n += 1;
        let path = dir.path().join(format!("corpus-{n}.db"));
        Box::new(SqliteStore::open(&path).expect("open file")) as Box<dyn Store>
    });
    for (name, result) in results {
        assert!(result.is_ok(), "{name}: {result:?}");
    }
}

#[test]
fn file_corpus_is_wal_migrated_and_reopens() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("nested").join("corpus.db");
    {
        let mut store = SqliteStore::open(&path).expect("open");
        assert_eq!(store.journal_mode().expect("mode"), "wal");
        assert_eq!(store.schema_version().expect("version"), 5);
        let doc = conformance::fixture("a", "Dock workers walked out. Ships wait", None, None);
        let article = conformance::new_article(&doc, &[]);
        store
            .commit(&Batch {
                articles: vec![article],
                ..Batch::default()
            })
            .expect("commit");
    }
    let pending = |path: &std::path::Path| -> i64 {
        rusqlite::Connection::open(path)
            .expect("open")
            .query_row("SELECT count(*) FROM fts_pending", [], |row| row.get(0))
            .expect("count")
    };
    // stopped after the assignment commit: the full-text row is not written yet
    assert_eq!(pending(&path), 1);
    let mut store = SqliteStore::open(&path).expect("reopen");
    assert_eq!(store.schema_version().expect("version"), 5);
    assert_eq!(store.article_count().expect("count"), 1);
    // a search writes it first, so the article is found
    let hits = store.search_text("dock workers", 5).expect("search");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(pending(&path), 0);
    // and a step's end writes the rows of the articles it added
    let doc = conformance::fixture("b", "Harbour cranes stood still. Ships wait", None, None);
    store
        .commit(&Batch {
            articles: vec![conformance::new_article(&doc, &[])],
            ..Batch::default()
        })
        .expect("commit");
    assert_eq!(pending(&path), 1);
    store.settle().expect("settle");
    assert_eq!(pending(&path), 0);
    assert_eq!(store.search_text("cranes", 5).expect("search").len(), 1);
}

#[test]
fn a_reader_sees_committed_batches_while_another_connection_writes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("corpus.db");
    let mut writer = SqliteStore::open(&path).expect("writer");
    let reader = SqliteStore::open(&path).expect("reader");
    let docs: Vec<_> = (0..3)
        .map(|k| {
            conformance::fixture(
                &format!("a{k}"),
                &format!("Report number {k} of the strike. More"),
                None,
                None,
            )
        })
        .collect();
    for (k, doc) in docs.iter().enumerate() {
        let article = corroborate_store::NewArticle {
            doc,
            url_key: None,
            content_hash: corroborate_store::content_hash(&doc.raw),
            revision_of: None,
            terms: Vec::new(),
            vector: None,
            sketch: Vec::new(),
        };
        writer
            .commit(&Batch {
                articles: vec![article],
                ..Batch::default()
            })
            .expect("commit");
        assert_eq!(reader.article_count().expect("read"), k + 1);
    }
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("corpus.db");
    drop(SqliteStore::open(&path).expect("create"));
    let conn = rusqlite::Connection::open(&path).expect("raw open");
    conn.pragma_update(None, "user_version", 99).expect("bump");
    drop(conn);
    let err = SqliteStore::open(&path).err().expect("refused");
    assert!(err.to_string().contains("schema version 99"), "{err}");
}

#[test]
fn a_version_1_corpus_gets_its_article_count() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("corpus.db");
    let conn = rusqlite::Connection::open(&path).expect("raw open");
    conn.execute_batch(include_str!("../migrations/0001_init.sql"))
        .expect("version 1");
    conn.pragma_update(None, "user_version", 1)
        .expect("version");
    for (id, superseded_by) in [("a", Some("b")), ("b", None), ("c", None)] {
        conn.execute(
            "INSERT INTO articles (id, content_hash, superseded_by, added_at, words, meta, raw,
                 source, text, annotations)
             VALUES (?1, ?1, ?2, '2026-01-01T00:00:00Z', 0, '{}', x'', x'', '', x'')",
            rusqlite::params![id, superseded_by],
        )
        .expect("insert");
    }
    drop(conn);
    let store = SqliteStore::open(&path).expect("migrate");
    assert_eq!(store.schema_version().expect("version"), 5);
    assert_eq!(store.article_count().expect("count"), 2);
}

#[test]
fn data_version_changes_when_another_connection_commits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("corpus.db");
    let watcher = SqliteStore::open(&path).expect("open");
    let mut writer = SqliteStore::open(&path).expect("open");
    let before = watcher.data_version().expect("version");
    assert_eq!(watcher.data_version().expect("version"), before);
    writer
        .record_watch(&corroborate_store::WatchUpdate {
            items: vec![("https://feed.example/rss".into(), "item-1".into())],
            ..Default::default()
        })
        .expect("commit");
    assert_ne!(watcher.data_version().expect("version"), before);
}
