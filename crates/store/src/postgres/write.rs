//! Writing a batch in one transaction: articles, their index entries and vectors, stories,
//! merges.

use postgres::Transaction;
use std::collections::HashMap;

use super::{now, PostgresStore};
use crate::codec::{blob_vector, deflate, moved_vector_sum, to_blob, vector_blob, Annotations};
use crate::keys::published_seconds;
use crate::{Batch, NewArticle, Store, StoreError, StoryUpdate};

impl PostgresStore {
    pub(crate) fn write_batch(&mut self, batch: &Batch<'_>) -> Result<(), StoreError> {
        let before = if batch.articles.is_empty() {
            0
        } else {
            self.article_count()?
        };
        self.write_batch_tx(batch)?;
        if !batch.articles.is_empty() {
            self.analyze_when_doubled(before, self.article_count()?)?;
        }
        Ok(())
    }

    /// Refreshes the planner's statistics each time the corpus has doubled. Until autovacuum
    /// gets to it, a young corpus's statistics say its tables are nearly empty, and the
    /// candidate lookup is then planned as a scan of every article for every term (46 ms
    /// instead of 14 on 651 articles).
    fn analyze_when_doubled(&mut self, before: usize, after: usize) -> Result<(), StoreError> {
        let crossed = (before.max(1).ilog2() != after.max(1).ilog2()) && after >= 64;
        if crossed {
            self.db()
                .batch_execute("ANALYZE articles, postings, terms, story_members")?;
        }
        Ok(())
    }

    fn write_batch_tx(&mut self, batch: &Batch<'_>) -> Result<(), StoreError> {
        let mut db = self.db();
        let mut tx = db.transaction()?;
        let at = now();
        for article in &batch.articles {
            insert_article(&mut tx, article, &at)?;
        }
        for (from, to) in &batch.redirects {
            redirect(&mut tx, from, to)?;
        }
        for update in &batch.stories {
            write_story(&mut tx, update, &at)?;
        }
        if let Some(encoder) = &batch.encoder {
            set_meta(&mut tx, "encoder", encoder)?;
        }
        tx.execute(
            "INSERT INTO corpus_meta (key, value) VALUES ('commits', '1')
             ON CONFLICT (key) DO UPDATE SET value = (corpus_meta.value::BIGINT + 1)::TEXT",
            &[],
        )?;
        tx.commit()?;
        Ok(())
    }
}

fn set_meta(tx: &mut Transaction<'_>, key: &str, value: &str) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO corpus_meta (key, value) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        &[&key, &value],
    )?;
    Ok(())
}

fn add_to_article_count(tx: &mut Transaction<'_>, delta: i64) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE corpus_meta SET value = (value::BIGINT + $1)::TEXT WHERE key = 'current_articles'",
        &[&delta],
    )?;
    Ok(())
}

fn insert_article(
    tx: &mut Transaction<'_>,
    article: &NewArticle<'_>,
    at: &str,
) -> Result<(), StoreError> {
    let doc = article.doc;
    if tx
        .query_opt("SELECT seq FROM articles WHERE id = $1", &[&doc.id])?
        .is_some()
    {
        return Err(StoreError::DuplicateId(doc.id.clone()));
    }
    if let Some(previous) = &article.revision_of {
        supersede(tx, previous, &doc.id)?;
    }
    let meta = serde_json::to_string(&doc.meta).map_err(crate::CodecError::from)?;
    let words = doc.text.split_whitespace().count() as i64;
    let published_ts = doc.meta.published.as_deref().and_then(published_seconds);
    let month = at.get(..7).map(|m| format!("{m}-01")).unwrap_or_default();
    let seq: i64 = tx
        .query_one(
            "INSERT INTO articles (id, url_key, content_hash, revision_of, added_at, added_month,
                 published, published_ts, outlet, title, url, path, words, meta, raw, source,
                 text, annotations)
             VALUES ($1, $2, $3, $4, $5, $6::TEXT::DATE, $7, $8, $9, $10, $11, $12, $13, $14,
                 $15, $16, $17, $18)
             RETURNING seq",
            &[
                &doc.id,
                &article.url_key,
                &article.content_hash,
                &article.revision_of,
                &at,
                &month,
                &doc.meta.published,
                &published_ts,
                &doc.meta.outlet,
                &doc.meta.title,
                &doc.meta.url,
                &doc.meta.path,
                &words,
                &meta,
                &deflate(&doc.raw)?,
                &deflate(doc.source.as_bytes())?,
                &doc.text,
                &to_blob(&Annotations::of(doc))?,
            ],
        )?
        .get(0);
    add_to_article_count(tx, 1)?;
    // One statement a table, not one a row: round trips are what a commit costs here.
    if let Some(vectors) = &doc.layers.vectors {
        let mut indexes: Vec<i64> = Vec::new();
        let mut texts: Vec<&str> = Vec::new();
        let mut blobs: Vec<Vec<u8>> = Vec::new();
        for (index, (vector, sentence)) in vectors.iter().zip(doc.sentences()).enumerate() {
            indexes.push(index as i64);
            texts.push(doc.text.get(sentence.span.range()).unwrap_or(""));
            blobs.push(vector_blob(vector));
        }
        tx.execute(
            "INSERT INTO sentence_vectors (article_id, sentence, text, vector)
             SELECT $1, s, t, v FROM unnest($2::int8[], $3::text[], $4::bytea[]) AS x(s, t, v)",
            &[&doc.id, &indexes, &texts, &blobs],
        )?;
    }
    if !article.sketch.is_empty() {
        tx.execute(
            "INSERT INTO article_sketches (article_id, sketch) VALUES ($1, $2)
             ON CONFLICT (article_id) DO UPDATE SET sketch = excluded.sketch",
            &[&doc.id, &deflate(&article.sketch)?],
        )?;
    }
    if let Some(vector) = &article.vector {
        tx.execute(
            "INSERT INTO doc_vectors (article_id, vector) VALUES ($1, $2)",
            &[&doc.id, &vector_blob(vector)],
        )?;
        add_to_vector_sum(tx, vector, 1.0)?;
    }
    // A term once (the last weight wins), as one row may be touched once per statement.
    let mut weights: HashMap<&str, f64> = HashMap::new();
    for (term, weight) in &article.terms {
        weights.insert(term.as_str(), f64::from(*weight));
    }
    let mut terms: Vec<&str> = weights.keys().copied().collect();
    terms.sort_unstable();
    let values: Vec<f64> = terms.iter().map(|term| weights[term]).collect();
    // Sorted, so concurrent writers lock the terms' rows in one order.
    tx.execute(
        "INSERT INTO terms (term, df) SELECT t, 1 FROM unnest($1::text[]) AS t
         ON CONFLICT (term) DO UPDATE SET df = terms.df + 1",
        &[&terms],
    )?;
    tx.execute(
        "INSERT INTO postings (term, article_seq, weight)
         SELECT t, $2, w FROM unnest($1::text[], $3::float8[]) AS x(t, w)
         ON CONFLICT (term, article_seq) DO UPDATE SET weight = excluded.weight",
        &[&terms, &seq, &values],
    )?;
    Ok(())
}

/// Marks `previous` as replaced by `next`: out of its story, the index and full text.
fn supersede(tx: &mut Transaction<'_>, previous: &str, next: &str) -> Result<(), StoreError> {
    let Some(row) = tx.query_opt(
        "SELECT seq, superseded_by IS NULL FROM articles WHERE id = $1",
        &[&previous],
    )?
    else {
        return Ok(());
    };
    let seq: i64 = row.get(0);
    let was_current: bool = row.get(1);
    tx.execute(
        "UPDATE articles SET superseded_by = $2 WHERE seq = $1",
        &[&seq, &next],
    )?;
    if was_current {
        add_to_article_count(tx, -1)?;
    }
    if let Some(row) = tx.query_opt(
        "SELECT vector FROM doc_vectors WHERE article_id = $1",
        &[&previous],
    )? {
        let blob: Vec<u8> = row.get(0);
        add_to_vector_sum(tx, &blob_vector(&blob)?, -1.0)?;
    }
    tx.execute(
        "UPDATE terms SET df = df - 1 WHERE term IN (SELECT term FROM postings WHERE article_seq = $1)",
        &[&seq],
    )?;
    tx.execute("DELETE FROM postings WHERE article_seq = $1", &[&seq])?;
    tx.execute(
        "DELETE FROM story_members WHERE article_id = $1",
        &[&previous],
    )?;
    tx.execute(
        "DELETE FROM derived_from WHERE article_id = $1",
        &[&previous],
    )?;
    Ok(())
}

fn redirect(tx: &mut Transaction<'_>, from: &str, to: &str) -> Result<(), StoreError> {
    tx.execute("DELETE FROM stories WHERE id = $1", &[&from])?;
    tx.execute("DELETE FROM claims WHERE story_id = $1", &[&from])?;
    tx.execute(
        "UPDATE story_members SET story_id = $2 WHERE story_id = $1",
        &[&from, &to],
    )?;
    tx.execute(
        "UPDATE derived_from SET story_id = $2 WHERE story_id = $1",
        &[&from, &to],
    )?;
    tx.execute(
        "UPDATE story_redirects SET to_id = $2 WHERE to_id = $1",
        &[&from, &to],
    )?;
    tx.execute(
        "INSERT INTO story_redirects (from_id, to_id) VALUES ($1, $2)
         ON CONFLICT (from_id) DO UPDATE SET to_id = excluded.to_id",
        &[&from, &to],
    )?;
    Ok(())
}

/// Replaces the story's members with `story.articles`, in order (one statement).
fn write_members(
    tx: &mut Transaction<'_>,
    story: &corroborate_core::Story,
) -> Result<(), StoreError> {
    tx.execute(
        "DELETE FROM story_members WHERE story_id = $1",
        &[&story.id],
    )?;
    let positions: Vec<i64> = (0..story.articles.len() as i64).collect();
    tx.execute(
        "INSERT INTO story_members (article_id, story_id, position)
         SELECT a, $2, p FROM unnest($1::text[], $3::int8[]) AS x(a, p)
         ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id,
             position = excluded.position",
        &[&story.articles, &story.id, &positions],
    )?;
    Ok(())
}

fn write_story(tx: &mut Transaction<'_>, update: &StoryUpdate, at: &str) -> Result<(), StoreError> {
    let story = &update.story;
    let num = update.number();
    let corroborated = update.corroborated();
    let activity = update.activity(at);
    if update.pending {
        // A stored story keeps its report, claims and rewrites until it is recomputed; only
        // its members and counts change now.
        let changed = tx.execute(
            "UPDATE stories SET updated_at = $2, activity = GREATEST(activity, $3),
                 article_count = $4, outlet_count = GREATEST(outlet_count, $5), pending = TRUE
             WHERE id = $1",
            &[
                &story.id,
                &at,
                &activity,
                &(story.articles.len() as i64),
                &(update.outlets as i64),
            ],
        )?;
        if changed > 0 {
            return write_members(tx, story);
        }
    }
    tx.execute(
        "INSERT INTO stories (num, id, title, created_at, updated_at, activity, article_count,
             outlet_count, claim_count, corroborated, report, pending)
         VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (id) DO UPDATE SET title = excluded.title, updated_at = excluded.updated_at,
             activity = excluded.activity, article_count = excluded.article_count,
             outlet_count = excluded.outlet_count, claim_count = excluded.claim_count,
             corroborated = excluded.corroborated, report = excluded.report,
             pending = excluded.pending",
        &[
            &num,
            &story.id,
            &story.title,
            &at,
            &activity,
            &(story.articles.len() as i64),
            &(update.outlets as i64),
            &(story.claims.len() as i64),
            &corroborated,
            &to_blob(story)?,
            &update.pending,
        ],
    )?;
    tx.execute("DELETE FROM claims WHERE story_id = $1", &[&story.id])?;
    tx.execute("DELETE FROM derived_from WHERE story_id = $1", &[&story.id])?;
    write_members(tx, story)?;
    let mut ids: Vec<&str> = Vec::new();
    let mut statuses: Vec<String> = Vec::new();
    let mut sources: Vec<i64> = Vec::new();
    let mut texts: Vec<&str> = Vec::new();
    for c in &story.claims {
        ids.push(&c.id);
        statuses.push(
            serde_json::to_value(c.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
        );
        sources.push(c.independent_sources as i64);
        texts.push(&c.text);
    }
    tx.execute(
        "INSERT INTO claims (story_id, claim_id, status, sources, text)
         SELECT $1, c, s, n, t FROM unnest($2::text[], $3::text[], $4::int8[], $5::text[])
             AS x(c, s, n, t)",
        &[&story.id, &ids, &statuses, &sources, &texts],
    )?;
    let mut articles: Vec<&str> = Vec::new();
    let mut jsons: Vec<String> = Vec::new();
    for (article, from) in &update.derived_from {
        articles.push(article);
        jsons.push(serde_json::to_string(from).map_err(crate::CodecError::from)?);
    }
    tx.execute(
        "INSERT INTO derived_from (article_id, story_id, json)
         SELECT a, $2, j FROM unnest($1::text[], $3::text[]) AS x(a, j)
         ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id, json = excluded.json",
        &[&articles, &story.id, &jsons],
    )?;
    Ok(())
}

/// The count and sum of current articles' document vectors, kept in `corpus_meta` (as JSON,
/// in f64 so that adding and removing many vectors does not drift).
pub(crate) fn stored_vector_sum(
    client: &mut impl postgres::GenericClient,
) -> Result<(usize, Vec<f64>), StoreError> {
    let row = client.query_opt(
        "SELECT value FROM corpus_meta WHERE key = 'vector_sum'",
        &[],
    )?;
    let Some(row) = row else {
        return Ok((0, Vec::new()));
    };
    let value: String = row.get(0);
    let (count, sum): (usize, Vec<f64>) =
        serde_json::from_str(&value).map_err(crate::CodecError::from)?;
    Ok((count, sum))
}

/// Adds `sign` × `vector` to the stored sum (and `sign` to its count).
fn add_to_vector_sum(
    tx: &mut Transaction<'_>,
    vector: &[f32],
    sign: f64,
) -> Result<(), StoreError> {
    // Concurrent writers update the sum one after another.
    tx.execute("SELECT pg_advisory_xact_lock(7353)", &[])?;
    match moved_vector_sum(stored_vector_sum(tx)?, vector, sign)? {
        Some(value) => set_meta(tx, "vector_sum", &value),
        None => Ok(()),
    }
}
