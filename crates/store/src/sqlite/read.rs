//! Reading: lookups, documents, candidates, stories, listings, search.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rusqlite::{params, OptionalExtension};

use corroborate_core::{DerivedFrom, Document, Meta, Story};

use super::SqliteStore;
use crate::codec::{blob_vector, document, from_blob, inflate, Annotations, StoredParts};
use crate::{
    ArticleSummary, Batch, Candidate, CandidateQuery, ClaimRow, CodecError, FeedState, Lookup,
    SeenFile, SentenceHit, Store, StoreError, StoredStory, StoryFilter, StorySummary, TextHit,
    WatchUpdate,
};

/// Merges are followed at most this deep (redirects are kept flat; this only guards a loop).
const MAX_REDIRECTS: usize = 16;

impl Store for SqliteStore {
    fn lookup(&self, url_key: Option<&str>, content_hash: &str) -> Result<Lookup, StoreError> {
        let same: Option<String> = self
            .conn
            .query_row(
                "SELECT id FROM articles WHERE content_hash = ?1 ORDER BY seq DESC LIMIT 1",
                [content_hash],
                |row| row.get(0),
            )
            .optional()?;
        if let Some(article) = same {
            return Ok(Lookup::Duplicate { article });
        }
        let Some(url_key) = url_key else {
            return Ok(Lookup::New);
        };
        let previous: Option<String> = self
            .conn
            .query_row(
                "SELECT id FROM articles WHERE url_key = ?1 AND superseded_by IS NULL
                 ORDER BY seq DESC LIMIT 1",
                [url_key],
                |row| row.get(0),
            )
            .optional()?;
        Ok(match previous {
            Some(previous) => Lookup::Revision { previous },
            None => Lookup::New,
        })
    }

    fn has_article_id(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM articles WHERE id = ?1", [id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    fn article_count(&self) -> Result<usize, StoreError> {
        // Kept by triggers (migration 0002), so this does not scan the articles.
        let n: i64 = self.conn.query_row(
            "SELECT value FROM corpus_counts WHERE name = 'current_articles'",
            [],
            |row| row.get(0),
        )?;
        Ok(n as usize)
    }

    fn documents(&self, ids: &[String]) -> Result<Vec<Document>, StoreError> {
        let mut row_of = self.conn.prepare_cached(
            "SELECT meta, raw, source, text, annotations FROM articles WHERE id = ?1",
        )?;
        let mut vectors_of = self.conn.prepare_cached(
            "SELECT vector FROM sentence_vectors WHERE article_id = ?1 ORDER BY sentence",
        )?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let row = row_of
                .query_row([id], |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, Vec<u8>>(1)?,
                        row.get::<_, Vec<u8>>(2)?,
                        row.get::<_, String>(3)?,
                        row.get::<_, Vec<u8>>(4)?,
                    ))
                })
                .optional()?;
            let Some((meta, raw, source, text, annotations)) = row else {
                continue;
            };
            let meta: Meta = serde_json::from_str(&meta).map_err(CodecError::from)?;
            let annotations: Annotations = from_blob(&annotations)?;
            let vectors = if annotations.has_vectors() {
                let blobs = vectors_of
                    .query_map([id], |row| row.get::<_, Vec<u8>>(0))?
                    .collect::<Result<Vec<_>, _>>()?;
                Some(
                    blobs
                        .iter()
                        .map(|blob| blob_vector(blob))
                        .collect::<Result<Vec<_>, _>>()?,
                )
            } else {
                None
            };
            out.push(document(StoredParts {
                id: id.clone(),
                meta,
                raw: inflate(&raw)?,
                source: inflate(&source)?,
                text,
                annotations,
                vectors,
            })?);
        }
        Ok(out)
    }

    fn candidates(&self, query: &CandidateQuery<'_>) -> Result<Vec<Candidate>, StoreError> {
        let n = self.article_count()? as f32;
        let terms: Vec<String> = query.terms.iter().map(|(term, _)| term.clone()).collect();
        let df = self.term_df(&terms)?;
        let mut weighted: Vec<(&str, f32, f32)> = Vec::new();
        for (term, weight) in query.terms {
            let Some(&df) = df.get(term) else {
                continue;
            };
            let idf = ((n + 1.0) / (df as f32 + 0.5)).ln();
            if idf > 0.0 {
                weighted.push((term, *weight, idf));
            }
        }
        weighted.sort_by(|a, b| (b.1 * b.2).total_cmp(&(a.1 * a.2)).then(a.0.cmp(b.0)));
        weighted.truncate(query.max_terms);
        let (from, to) = match query.published {
            Some(at) if query.window_days > 0 => {
                let span = query.window_days * 86_400;
                (at - span, at + span)
            }
            _ => (i64::MIN, i64::MAX),
        };
        // The postings index alone (postings exist for current articles only and carry their
        // publication time): no page of the articles table is read per posting.
        let mut postings = self.conn.prepare_cached(
            "SELECT article_seq, weight FROM postings
             WHERE term = ?1 AND (published_ts IS NULL OR published_ts BETWEEN ?2 AND ?3)
             ORDER BY article_seq DESC LIMIT ?4",
        )?;
        let mut scores: HashMap<i64, f32> = HashMap::new();
        for (term, weight, idf) in weighted {
            let rows = postings
                .query_map(params![term, from, to, query.max_postings as i64], |row| {
                    Ok((row.get::<_, i64>(0)?, row.get::<_, f64>(1)?))
                })?;
            for row in rows {
                let (seq, theirs) = row?;
                *scores.entry(seq).or_default() += weight * theirs as f32 * idf * idf;
            }
        }
        let mut id_of = self
            .conn
            .prepare_cached("SELECT id FROM articles WHERE seq = ?1")?;
        let mut ranked: Vec<(i64, f32)> = scores.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        // the best `limit`, with everything tied with the last of them (ties go by id)
        if let Some(&(_, cutoff)) = ranked.get(query.limit.max(1) - 1) {
            ranked.retain(|&(_, score)| score >= cutoff);
        }
        let mut named: Vec<(String, f32)> = Vec::with_capacity(ranked.len());
        for (seq, score) in ranked {
            if let Some(article) = id_of
                .query_row([seq], |row| row.get::<_, String>(0))
                .optional()?
            {
                named.push((article, score));
            }
        }
        named.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        named.truncate(query.limit);
        named
            .into_iter()
            .map(|(article, score)| {
                Ok(Candidate {
                    story: self.story_of(&article)?,
                    article,
                    score,
                })
            })
            .collect()
    }

    fn story_of(&self, article: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT story_id FROM story_members WHERE article_id = ?1")?
            .query_row([article], |row| row.get(0))
            .optional()?)
    }

    fn members(&self, story: &str) -> Result<Vec<String>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT m.article_id FROM story_members m JOIN articles a ON a.id = m.article_id
             WHERE m.story_id = ?1 ORDER BY a.seq",
        )?;
        let ids = statement
            .query_map([story], |row| row.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        Ok(ids)
    }

    fn story(&self, id: &str) -> Result<Option<StoredStory>, StoreError> {
        let Some(id) = self.resolve_story(id)? else {
            return Ok(None);
        };
        let report: Vec<u8> =
            self.conn
                .query_row("SELECT report FROM stories WHERE id = ?1", [&id], |row| {
                    row.get(0)
                })?;
        let story: Story = from_blob(&report)?;
        let mut statement = self
            .conn
            .prepare_cached("SELECT article_id, json FROM derived_from WHERE story_id = ?1")?;
        let rows = statement
            .query_map([&id], |row| Ok((row.get(0)?, row.get::<_, String>(1)?)))?
            .collect::<Result<Vec<(String, String)>, _>>()?;
        let mut derived_from = BTreeMap::new();
        for (article, json) in rows {
            let from: DerivedFrom = serde_json::from_str(&json).map_err(CodecError::from)?;
            derived_from.insert(article, from);
        }
        Ok(Some(StoredStory {
            story,
            derived_from,
        }))
    }

    fn pending_stories(&self) -> Result<Vec<String>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT id FROM stories WHERE pending = 1 ORDER BY num")?;
        let ids = statement
            .query_map([], |row| row.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        Ok(ids)
    }

    fn resolve_story(&self, id: &str) -> Result<Option<String>, StoreError> {
        let mut id = id.to_string();
        for _ in 0..MAX_REDIRECTS {
            let exists = self
                .conn
                .query_row("SELECT 1 FROM stories WHERE id = ?1", [&id], |_| Ok(()))
                .optional()?
                .is_some();
            if exists {
                return Ok(Some(id));
            }
            let next: Option<String> = self
                .conn
                .query_row(
                    "SELECT to_id FROM story_redirects WHERE from_id = ?1",
                    [&id],
                    |row| row.get(0),
                )
                .optional()?;
            match next {
                Some(next) => id = next,
                None => return Ok(None),
            }
        }
        Ok(None)
    }

    fn last_story_number(&self) -> Result<u64, StoreError> {
        let stories: Option<i64> =
            self.conn
                .query_row("SELECT MAX(num) FROM stories", [], |row| row.get(0))?;
        // Merged-away ids stay taken.
        let merged: Option<i64> = self.conn.query_row(
            "SELECT MAX(CAST(SUBSTR(from_id, 2) AS INTEGER)) FROM story_redirects",
            [],
            |row| row.get(0),
        )?;
        Ok(stories.unwrap_or(0).max(merged.unwrap_or(0)).max(0) as u64)
    }

    fn stories(&self, filter: &StoryFilter) -> Result<Vec<StorySummary>, StoreError> {
        let mut statement = self.conn.prepare(
            "SELECT id, title, article_count, outlet_count, claim_count, corroborated, activity,
                    created_at, updated_at
             FROM stories
             WHERE activity >= ?1 AND outlet_count >= ?2
             ORDER BY activity DESC, updated_at DESC, num DESC",
        )?;
        let since = filter.since.clone().unwrap_or_default();
        let rows = statement.query_map(params![since, filter.min_sources as i64], |row| {
            Ok(StorySummary {
                id: row.get(0)?,
                title: row.get(1)?,
                articles: row.get::<_, i64>(2)? as usize,
                outlets: row.get::<_, i64>(3)? as usize,
                claims: row.get::<_, i64>(4)? as usize,
                corroborated: row.get::<_, i64>(5)? as usize,
                activity: row.get(6)?,
                created_at: row.get(7)?,
                updated_at: row.get(8)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    fn articles(&self) -> Result<Vec<ArticleSummary>, StoreError> {
        let mut statement = self.conn.prepare(
            "SELECT a.id, m.story_id, a.outlet, a.title, a.url, a.published, a.added_at,
                    a.revision_of, a.superseded_by, a.words, a.content_hash
             FROM articles a LEFT JOIN story_members m ON m.article_id = a.id
             ORDER BY a.seq",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(ArticleSummary {
                id: row.get(0)?,
                story: row.get(1)?,
                outlet: row.get(2)?,
                title: row.get(3)?,
                url: row.get(4)?,
                published: row.get(5)?,
                added_at: row.get(6)?,
                revision_of: row.get(7)?,
                superseded_by: row.get(8)?,
                words: row.get::<_, i64>(9)? as usize,
                content_hash: row.get(10)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    fn claims(&self) -> Result<Vec<ClaimRow>, StoreError> {
        let mut statement = self.conn.prepare(
            "SELECT c.story_id, c.claim_id, c.status, c.sources, c.text
             FROM claims c JOIN stories s ON s.id = c.story_id
             ORDER BY s.num, CAST(SUBSTR(c.claim_id, 2) AS INTEGER), c.claim_id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(ClaimRow {
                story: row.get(0)?,
                claim: row.get(1)?,
                status: row.get(2)?,
                sources: row.get::<_, i64>(3)? as usize,
                text: row.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    fn search_text(&self, query: &str, limit: usize) -> Result<Vec<TextHit>, StoreError> {
        let Some(fts) = fts_query(query) else {
            return Ok(Vec::new());
        };
        // articles whose full-text rows a writer has not written yet (between its two commits,
        // or stopped there): best effort, a busy corpus is searched as it is
        self.flush_fts().ok();
        let mut statement = self.conn.prepare(
            "SELECT article_id, title, snippet(article_fts, 2, '[', ']', '…', 16), rank
             FROM article_fts WHERE article_fts MATCH ?1 ORDER BY rank LIMIT ?2",
        )?;
        let rows = statement
            .query_map(params![fts, limit as i64], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, f64>(3)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(article, title, snippet, rank)| {
                Ok(TextHit {
                    story: self.story_of(&article)?,
                    article,
                    title: Some(title).filter(|t| !t.is_empty()),
                    snippet,
                    rank,
                })
            })
            .collect()
    }

    fn nearest_sentences(
        &self,
        vector: &[f32],
        limit: usize,
    ) -> Result<Vec<SentenceHit>, StoreError> {
        let norm = vector.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm == 0.0 || limit == 0 {
            return Ok(Vec::new());
        }
        let mut statement = self.conn.prepare(
            "SELECT s.article_id, s.sentence, s.text, s.vector
             FROM sentence_vectors s JOIN articles a ON a.id = s.article_id
             WHERE a.superseded_by IS NULL",
        )?;
        let mut rows = statement.query([])?;
        let mut best: Vec<(f32, String, usize, String)> = Vec::new();
        while let Some(row) = rows.next()? {
            let blob: Vec<u8> = row.get(3)?;
            let stored = blob_vector(&blob)?;
            if stored.len() != vector.len() {
                continue;
            }
            let similarity = stored.iter().zip(vector).map(|(a, b)| a * b).sum::<f32>() / norm;
            if best.len() >= limit && best.last().is_some_and(|last| last.0 >= similarity) {
                continue;
            }
            best.push((
                similarity,
                row.get(0)?,
                row.get::<_, i64>(1)? as usize,
                row.get(2)?,
            ));
            best.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
            best.truncate(limit);
        }
        best.into_iter()
            .map(|(similarity, article, sentence, text)| {
                Ok(SentenceHit {
                    story: self.story_of(&article)?,
                    article,
                    sentence,
                    text,
                    similarity,
                })
            })
            .collect()
    }

    fn sketches(&self, ids: &[String]) -> Result<HashMap<String, Vec<u8>>, StoreError> {
        let mut cache = self.cache()?;
        let mut out = HashMap::with_capacity(ids.len());
        let mut missing: Vec<&String> = Vec::new();
        for id in ids {
            match cache.sketch(id) {
                Some(bytes) => {
                    out.insert(id.clone(), bytes);
                }
                None => missing.push(id),
            }
        }
        if missing.is_empty() {
            return Ok(out);
        }
        // One statement for all (a JSON array of ids): one read lock, not one per row.
        let mut query = self.conn.prepare_cached(
            "SELECT article_id, sketch FROM article_sketches
             WHERE article_id IN (SELECT value FROM json_each(?1))",
        )?;
        let list = serde_json::to_string(&missing).map_err(CodecError::from)?;
        let mut rows = query.query([list])?;
        while let Some(row) = rows.next()? {
            let blob = row.get_ref(1)?.as_blob().map_err(rusqlite::Error::from)?;
            let id = row.get::<_, String>(0)?;
            let bytes = inflate(blob)?;
            cache.keep_sketch(id.clone(), bytes.clone());
            out.insert(id, bytes);
        }
        Ok(out)
    }

    fn term_df(&self, terms: &[String]) -> Result<HashMap<String, u64>, StoreError> {
        let mut cache = self.cache()?;
        let (mut out, missing) = cache.df(terms);
        if missing.is_empty() {
            return Ok(out);
        }
        // One statement for all (a JSON array of terms): one read lock, not one per term.
        let mut query = self.conn.prepare_cached(
            "SELECT term, df FROM terms WHERE term IN (SELECT value FROM json_each(?1))",
        )?;
        let list = serde_json::to_string(&missing).map_err(CodecError::from)?;
        let mut read: HashMap<String, u64> =
            missing.iter().map(|term| ((*term).clone(), 0)).collect();
        let mut rows = query.query([list])?;
        while let Some(row) = rows.next()? {
            let df = row.get::<_, i64>(1)?.max(0) as u64;
            let term = row.get::<_, String>(0)?;
            if df > 0 {
                out.insert(term.clone(), df);
            }
            read.insert(term, df);
        }
        cache.keep_df(read);
        Ok(out)
    }

    fn vector_sum(&self) -> Result<(usize, Vec<f32>), StoreError> {
        let (count, sum) = super::write::stored_vector_sum(&self.conn)?;
        Ok((count, sum.into_iter().map(|x| x as f32).collect()))
    }

    fn encoder(&self) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM corpus_meta WHERE key = 'encoder'",
                [],
                |row| row.get(0),
            )
            .optional()?)
    }

    fn commit(&mut self, batch: &Batch<'_>) -> Result<(), StoreError> {
        self.write_batch(batch)
    }

    fn feed_state(&self, url: &str) -> Result<Option<FeedState>, StoreError> {
        self.read_feed_state(url)
    }

    fn seen_items(&self, feed: &str) -> Result<BTreeSet<String>, StoreError> {
        self.read_seen_items(feed)
    }

    fn seen_file(&self, path: &str) -> Result<Option<SeenFile>, StoreError> {
        self.read_seen_file(path)
    }

    fn record_watch(&mut self, update: &WatchUpdate) -> Result<(), StoreError> {
        self.write_watch(update)
    }

    fn lock_assignment(&mut self) -> Result<(), StoreError> {
        self.lock_file()
    }

    fn unlock_assignment(&mut self) -> Result<(), StoreError> {
        self.unlock_file();
        Ok(())
    }

    fn settle(&mut self) -> Result<(), StoreError> {
        self.flush_fts()?;
        self.finish_checkpoint()
    }
}

/// A user's words as an FTS5 query: every word must occur (each quoted, so FTS5 syntax in
/// the query is taken literally). `None` when there is no word.
fn fts_query(query: &str) -> Option<String> {
    let words: Vec<String> = query
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .map(|word| format!("\"{}\"", word.replace('"', "")))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts_queries_quote_every_word() {
        assert_eq!(
            fts_query("harbor OR \"strike\" NEAR(x)").as_deref(),
            Some("\"harbor\" \"OR\" \"strike\" \"NEAR\" \"x\"")
        );
        assert_eq!(fts_query("  ?? "), None);
    }
}
