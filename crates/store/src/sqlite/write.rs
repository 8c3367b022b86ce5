//! Writing a batch: articles, their index entries and vectors, stories, merges.

use rusqlite::{params, OptionalExtension, Transaction};

use super::{now, SqliteStore};
use crate::codec::{blob_vector, deflate, moved_vector_sum, to_blob, vector_blob, Annotations};
use crate::keys::published_seconds;
use crate::{Batch, NewArticle, StoreError, StoryUpdate};

impl SqliteStore {
    pub(crate) fn write_batch(&mut self, batch: &Batch<'_>) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let at = now();
        for article in &batch.articles {
            insert_article(&tx, article, &at)?;
        }
        for (from, to) in &batch.redirects {
            redirect(&tx, from, to)?;
        }
        for update in &batch.stories {
            write_story(&tx, update, &at)?;
        }
        if let Some(encoder) = &batch.encoder {
            tx.execute(
                "INSERT OR REPLACE INTO corpus_meta (key, value) VALUES ('encoder', ?1)",
                [encoder],
            )?;
        }
        tx.commit()?;
        // what this commit did to the term index, in the cache too
        let mut cache = self.cache.borrow_mut();
        if batch.articles.iter().any(|a| a.revision_of.is_some()) {
            cache.forget_df();
        }
        cache.added_terms(
            batch
                .articles
                .iter()
                .flat_map(|a| a.terms.iter().map(|(term, _)| term)),
        );
        drop(cache);
        self.committed()
    }
}

/// Pages of full-text segment merging done with each article written.
const FTS_MERGE_PAGES: i64 = 64;

fn insert_article(
    tx: &Transaction<'_>,
    article: &NewArticle<'_>,
    at: &str,
) -> Result<(), StoreError> {
    let doc = article.doc;
    let taken: Option<i64> = tx
        .query_row("SELECT seq FROM articles WHERE id = ?1", [&doc.id], |row| {
            row.get(0)
        })
        .optional()?;
    if taken.is_some() {
        return Err(StoreError::DuplicateId(doc.id.clone()));
    }
    if let Some(previous) = &article.revision_of {
        supersede(tx, previous, &doc.id)?;
    }
    let meta = serde_json::to_string(&doc.meta).map_err(crate::CodecError::from)?;
    let words = doc.text.split_whitespace().count();
    let published_ts = doc.meta.published.as_deref().and_then(published_seconds);
    tx.execute(
        "INSERT INTO articles (id, url_key, content_hash, revision_of, added_at, published,
             published_ts, outlet, title, url, path, words, meta, raw, source, text, annotations)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        params![
            doc.id,
            article.url_key,
            article.content_hash,
            article.revision_of,
            at,
            doc.meta.published,
            published_ts,
            doc.meta.outlet,
            doc.meta.title,
            doc.meta.url,
            doc.meta.path,
            words as i64,
            meta,
            deflate(&doc.raw)?,
            deflate(doc.source.as_bytes())?,
            doc.text,
            to_blob(&Annotations::of(doc))?,
        ],
    )?;
    let seq = tx.last_insert_rowid();
    if let Some(vectors) = &doc.layers.vectors {
        let mut insert = tx.prepare_cached(
            "INSERT INTO sentence_vectors (article_id, sentence, text, vector) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (index, (vector, sentence)) in vectors.iter().zip(doc.sentences()).enumerate() {
            let text = doc.text.get(sentence.span.range()).unwrap_or("");
            insert.execute(params![doc.id, index as i64, text, vector_blob(vector)])?;
        }
    }
    if let Some(vector) = &article.vector {
        tx.execute(
            "INSERT INTO doc_vectors (article_id, vector) VALUES (?1, ?2)",
            params![doc.id, vector_blob(vector)],
        )?;
        add_to_vector_sum(tx, vector, 1.0)?;
    }
    {
        let mut df = tx.prepare_cached(
            "INSERT INTO terms (term, df) VALUES (?1, 1) ON CONFLICT(term) DO UPDATE SET df = df + 1",
        )?;
        let mut posting = tx.prepare_cached(
            "INSERT OR REPLACE INTO postings (term, article_seq, weight, published_ts)
             VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (term, weight) in &article.terms {
            df.execute([term])?;
            posting.execute(params![term, seq, f64::from(*weight), published_ts])?;
        }
    }
    if !article.sketch.is_empty() {
        tx.execute(
            "INSERT OR REPLACE INTO article_sketches (article_id, sketch) VALUES (?1, ?2)",
            params![doc.id, deflate(&article.sketch)?],
        )?;
    }
    // the full-text row comes after the step's stories (`flush_fts`, migration 0005)
    tx.execute("INSERT INTO fts_pending (seq) VALUES (?1)", [seq])?;
    Ok(())
}

impl SqliteStore {
    /// Writes the full-text rows of the articles noted in `fts_pending`, with a bounded share
    /// of the index's segment merging for each (its automatic merging is off, migration
    /// 0004: without it, one commit in a few dozen merged many segments at once). Returns how
    /// many were written.
    pub(crate) fn flush_fts(&self) -> Result<usize, StoreError> {
        let pending: i64 = self
            .conn
            .query_row("SELECT count(*) FROM fts_pending", [], |row| row.get(0))?;
        if pending == 0 {
            return Ok(0);
        }
        let tx = self.conn.unchecked_transaction()?;
        // CROSS JOIN keeps the few notes as the outer loop: the planner, knowing nothing of
        // `fts_pending`, scanned the whole articles table instead (35 ms at 100,000)
        let written = tx.execute(
            "INSERT INTO article_fts (article_id, title, text)
             SELECT a.id, COALESCE(a.title, ''), a.text
             FROM fts_pending p CROSS JOIN articles a ON a.seq = p.seq
             WHERE a.superseded_by IS NULL",
            [],
        )?;
        tx.execute(
            "INSERT INTO article_fts (article_fts, rank) VALUES ('merge', ?1)",
            [FTS_MERGE_PAGES * written.max(1) as i64],
        )?;
        tx.execute("DELETE FROM fts_pending", [])?;
        tx.commit()?;
        Ok(written)
    }
}

/// Marks `previous` as replaced by `next`: out of its story, the index and full text.
fn supersede(tx: &Transaction<'_>, previous: &str, next: &str) -> Result<(), StoreError> {
    let seq: Option<i64> = tx
        .query_row(
            "SELECT seq FROM articles WHERE id = ?1",
            [previous],
            |row| row.get(0),
        )
        .optional()?;
    let Some(seq) = seq else {
        return Ok(());
    };
    tx.execute(
        "UPDATE articles SET superseded_by = ?2 WHERE seq = ?1",
        params![seq, next],
    )?;
    let vector: Option<Vec<u8>> = tx
        .query_row(
            "SELECT vector FROM doc_vectors WHERE article_id = ?1",
            [previous],
            |row| row.get(0),
        )
        .optional()?;
    if let Some(blob) = vector {
        add_to_vector_sum(tx, &blob_vector(&blob)?, -1.0)?;
    }
    tx.execute(
        "UPDATE terms SET df = df - 1 WHERE term IN (SELECT term FROM postings WHERE article_seq = ?1)",
        [seq],
    )?;
    tx.execute("DELETE FROM postings WHERE article_seq = ?1", [seq])?;
    tx.execute("DELETE FROM article_fts WHERE article_id = ?1", [previous])?;
    tx.execute("DELETE FROM fts_pending WHERE seq = ?1", [seq])?;
    tx.execute(
        "DELETE FROM story_members WHERE article_id = ?1",
        [previous],
    )?;
    tx.execute("DELETE FROM derived_from WHERE article_id = ?1", [previous])?;
    Ok(())
}

fn redirect(tx: &Transaction<'_>, from: &str, to: &str) -> Result<(), StoreError> {
    tx.execute("DELETE FROM stories WHERE id = ?1", [from])?;
    tx.execute("DELETE FROM claims WHERE story_id = ?1", [from])?;
    tx.execute(
        "UPDATE story_members SET story_id = ?2 WHERE story_id = ?1",
        [from, to],
    )?;
    tx.execute(
        "UPDATE derived_from SET story_id = ?2 WHERE story_id = ?1",
        [from, to],
    )?;
    tx.execute(
        "UPDATE story_redirects SET to_id = ?2 WHERE to_id = ?1",
        [from, to],
    )?;
    tx.execute(
        "INSERT OR REPLACE INTO story_redirects (from_id, to_id) VALUES (?1, ?2)",
        [from, to],
    )?;
    Ok(())
}

fn write_story(tx: &Transaction<'_>, update: &StoryUpdate, at: &str) -> Result<(), StoreError> {
    let story = &update.story;
    let num = update.number();
    let corroborated = update.corroborated();
    let activity = update.activity(at);
    if update.pending {
        // A stored story keeps its report, claims and rewrites until it is recomputed; only
        // its members and counts change now.
        let changed = tx.execute(
            "UPDATE stories SET updated_at = ?2, activity = MAX(activity, ?3), article_count = ?4,
                 outlet_count = MAX(outlet_count, ?5), pending = 1
             WHERE id = ?1",
            params![
                story.id,
                at,
                activity,
                story.articles.len() as i64,
                update.outlets as i64
            ],
        )?;
        if changed > 0 {
            return write_members(tx, story);
        }
    }
    tx.execute(
        "INSERT INTO stories (num, id, title, created_at, updated_at, activity, article_count,
             outlet_count, claim_count, corroborated, report, pending)
         VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT(id) DO UPDATE SET title = excluded.title, updated_at = excluded.updated_at,
             activity = excluded.activity, article_count = excluded.article_count,
             outlet_count = excluded.outlet_count, claim_count = excluded.claim_count,
             corroborated = excluded.corroborated, report = excluded.report,
             pending = excluded.pending",
        params![
            num,
            story.id,
            story.title,
            at,
            activity,
            story.articles.len() as i64,
            update.outlets as i64,
            story.claims.len() as i64,
            corroborated,
            to_blob(story)?,
            update.pending,
        ],
    )?;
    tx.execute("DELETE FROM claims WHERE story_id = ?1", [&story.id])?;
    tx.execute("DELETE FROM derived_from WHERE story_id = ?1", [&story.id])?;
    write_members(tx, story)?;
    let mut claim = tx.prepare_cached(
        "INSERT INTO claims (story_id, claim_id, status, sources, text) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for c in &story.claims {
        let status = serde_json::to_value(c.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        claim.execute(params![
            story.id,
            c.id,
            status,
            c.independent_sources as i64,
            c.text
        ])?;
    }
    let mut derived = tx.prepare_cached(
        "INSERT OR REPLACE INTO derived_from (article_id, story_id, json) VALUES (?1, ?2, ?3)",
    )?;
    for (article, from) in &update.derived_from {
        let json = serde_json::to_string(from).map_err(crate::CodecError::from)?;
        derived.execute(params![article, story.id, json])?;
    }
    Ok(())
}

/// Replaces the story's members with `story.articles`, in order.
fn write_members(tx: &Transaction<'_>, story: &corroborate_core::Story) -> Result<(), StoreError> {
    tx.execute("DELETE FROM story_members WHERE story_id = ?1", [&story.id])?;
    let mut member = tx.prepare_cached(
        "INSERT OR REPLACE INTO story_members (article_id, story_id, position) VALUES (?1, ?2, ?3)",
    )?;
    for (position, article) in story.articles.iter().enumerate() {
        member.execute(params![article, story.id, position as i64])?;
    }
    Ok(())
}

/// The count and sum of current articles' document vectors, kept in `corpus_meta` (as JSON,
/// in f64 so that adding and removing many vectors does not drift).
pub(crate) fn stored_vector_sum(
    conn: &rusqlite::Connection,
) -> Result<(usize, Vec<f64>), StoreError> {
    let value: Option<String> = conn
        .query_row(
            "SELECT value FROM corpus_meta WHERE key = 'vector_sum'",
            [],
            |row| row.get(0),
        )
        .optional()?;
    let Some(value) = value else {
        return Ok((0, Vec::new()));
    };
    let (count, sum): (usize, Vec<f64>) =
        serde_json::from_str(&value).map_err(crate::CodecError::from)?;
    Ok((count, sum))
}

/// Adds `sign` × `vector` to the stored sum (and `sign` to its count).
fn add_to_vector_sum(tx: &Transaction<'_>, vector: &[f32], sign: f64) -> Result<(), StoreError> {
    if let Some(value) = moved_vector_sum(stored_vector_sum(tx)?, vector, sign)? {
        tx.execute(
            "INSERT OR REPLACE INTO corpus_meta (key, value) VALUES ('vector_sum', ?1)",
            [value],
        )?;
    }
    Ok(())
}
