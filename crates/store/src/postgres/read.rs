//! Reading: lookups, documents, candidates, stories, listings, search.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use corroborate_core::{DerivedFrom, Document, Meta, Story};

use super::PostgresStore;
use crate::codec::{blob_vector, document, from_blob, inflate, Annotations, StoredParts};
use crate::{
    ArticleSummary, Batch, Candidate, CandidateQuery, ClaimRow, CodecError, FeedState, Lookup,
    SeenFile, SentenceHit, Store, StoreError, StoredStory, StoryFilter, StorySummary, TextHit,
    WatchUpdate,
};

/// The session-level advisory lock (`pg_advisory_lock`) held while one process assigns
/// articles to stories.
pub const ASSIGNMENT_LOCK: i64 = 0x636f_7272_6f63;

/// Merges are followed at most this deep (redirects are kept flat; this only guards a loop).
const MAX_REDIRECTS: usize = 16;

/// The number after an id's one-letter prefix (`s12` → 12), else 0, in SQL.
const NUMBER_OF: &str =
    "CASE WHEN substr({col}, 2) ~ '^[0-9]{1,18}$' THEN substr({col}, 2)::BIGINT ELSE 0 END";

fn number_of(column: &str) -> String {
    NUMBER_OF.replace("{col}", column)
}

impl Store for PostgresStore {
    fn lookup(&self, url_key: Option<&str>, content_hash: &str) -> Result<Lookup, StoreError> {
        let mut db = self.db();
        if let Some(row) = db.query_opt(
            "SELECT id FROM articles WHERE content_hash = $1 ORDER BY seq DESC LIMIT 1",
            &[&content_hash],
        )? {
            return Ok(Lookup::Duplicate {
                article: row.get(0),
            });
        }
        let Some(url_key) = url_key else {
            return Ok(Lookup::New);
        };
        let previous = db.query_opt(
            "SELECT id FROM articles WHERE url_key = $1 AND superseded_by IS NULL
             ORDER BY seq DESC LIMIT 1",
            &[&url_key],
        )?;
        Ok(match previous {
            Some(row) => Lookup::Revision {
                previous: row.get(0),
            },
            None => Lookup::New,
        })
    }

    fn has_article_id(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self
            .db()
            .query_opt("SELECT 1 FROM articles WHERE id = $1", &[&id])?
            .is_some())
    }

    fn article_count(&self) -> Result<usize, StoreError> {
        let row = self.db().query_one(
            "SELECT value::BIGINT FROM corpus_meta WHERE key = 'current_articles'",
            &[],
        )?;
        Ok(row.get::<_, i64>(0).max(0) as usize)
    }

    fn documents(&self, ids: &[String]) -> Result<Vec<Document>, StoreError> {
        let mut db = self.db();
        let row_of =
            db.prepare("SELECT meta, raw, source, text, annotations FROM articles WHERE id = $1")?;
        let vectors_of = db.prepare(
            "SELECT vector FROM sentence_vectors WHERE article_id = $1 ORDER BY sentence",
        )?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let Some(row) = db.query_opt(&row_of, &[id])? else {
                continue;
            };
            let meta: Meta =
                serde_json::from_str(row.get::<_, &str>(0)).map_err(CodecError::from)?;
            let annotations: Annotations = from_blob(row.get::<_, &[u8]>(4))?;
            let vectors = if annotations.has_vectors() {
                let rows = db.query(&vectors_of, &[id])?;
                Some(
                    rows.iter()
                        .map(|row| blob_vector(row.get::<_, &[u8]>(0)))
                        .collect::<Result<Vec<_>, _>>()?,
                )
            } else {
                None
            };
            out.push(document(StoredParts {
                id: id.clone(),
                meta,
                raw: inflate(row.get::<_, &[u8]>(1))?,
                source: inflate(row.get::<_, &[u8]>(2))?,
                text: row.get(3),
                annotations,
                vectors,
            })?);
        }
        Ok(out)
    }

    fn candidates(&self, query: &CandidateQuery<'_>) -> Result<Vec<Candidate>, StoreError> {
        let n = self.article_count()? as f32;
        let terms: Vec<String> = query.terms.iter().map(|(t, _)| t.clone()).collect();
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
        // Every term's newest postings in one round trip.
        let mut scores: HashMap<String, f32> = HashMap::new();
        let factor: HashMap<&str, (f32, f32)> = weighted
            .iter()
            .map(|(term, weight, idf)| (*term, (*weight, *idf)))
            .collect();
        let terms: Vec<&str> = weighted.iter().map(|(term, _, _)| *term).collect();
        let rows = self.db().query(
            "SELECT t.term, hit.id, hit.weight FROM unnest($1::text[]) AS t(term)
             CROSS JOIN LATERAL (
               SELECT a.id, p.weight FROM postings p JOIN articles a ON a.seq = p.article_seq
               WHERE p.term = t.term AND a.superseded_by IS NULL
                 AND (a.published_ts IS NULL OR a.published_ts BETWEEN $2 AND $3)
               ORDER BY p.article_seq DESC LIMIT $4) AS hit",
            &[&terms, &from, &to, &(query.max_postings as i64)],
        )?;
        for row in rows {
            let term: &str = row.get(0);
            let theirs: f64 = row.get(2);
            let (weight, idf) = factor.get(term).copied().unwrap_or((0.0, 0.0));
            // The order of SQLite's sum, so both rank alike.
            *scores.entry(row.get(1)).or_default() += weight * theirs as f32 * idf * idf;
        }
        let mut ranked: Vec<(String, f32)> = scores.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(query.limit);
        let ids: Vec<&str> = ranked.iter().map(|(article, _)| article.as_str()).collect();
        let story_of: HashMap<String, String> = self
            .db()
            .query(
                "SELECT article_id, story_id FROM story_members WHERE article_id = ANY($1)",
                &[&ids],
            )?
            .iter()
            .map(|row| (row.get(0), row.get(1)))
            .collect();
        Ok(ranked
            .into_iter()
            .map(|(article, score)| Candidate {
                story: story_of.get(&article).cloned(),
                article,
                score,
            })
            .collect())
    }

    fn story_of(&self, article: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .db()
            .query_opt(
                "SELECT story_id FROM story_members WHERE article_id = $1",
                &[&article],
            )?
            .map(|row| row.get(0)))
    }

    fn members(&self, story: &str) -> Result<Vec<String>, StoreError> {
        let rows = self.db().query(
            "SELECT m.article_id FROM story_members m JOIN articles a ON a.id = m.article_id
             WHERE m.story_id = $1 ORDER BY a.seq",
            &[&story],
        )?;
        Ok(rows.iter().map(|row| row.get(0)).collect())
    }

    fn story(&self, id: &str) -> Result<Option<StoredStory>, StoreError> {
        let Some(id) = self.resolve_story(id)? else {
            return Ok(None);
        };
        let mut db = self.db();
        let Some(row) = db.query_opt("SELECT report FROM stories WHERE id = $1", &[&id])? else {
            return Ok(None);
        };
        let story: Story = from_blob(row.get::<_, &[u8]>(0))?;
        let mut derived_from = BTreeMap::new();
        for row in db.query(
            "SELECT article_id, json FROM derived_from WHERE story_id = $1",
            &[&id],
        )? {
            let from: DerivedFrom =
                serde_json::from_str(row.get::<_, &str>(1)).map_err(CodecError::from)?;
            derived_from.insert(row.get::<_, String>(0), from);
        }
        Ok(Some(StoredStory {
            story,
            derived_from,
        }))
    }

    fn pending_stories(&self) -> Result<Vec<String>, StoreError> {
        let rows = self
            .db()
            .query("SELECT id FROM stories WHERE pending ORDER BY num", &[])?;
        Ok(rows.iter().map(|row| row.get(0)).collect())
    }

    fn resolve_story(&self, id: &str) -> Result<Option<String>, StoreError> {
        let mut db = self.db();
        let mut id = id.to_string();
        for _ in 0..MAX_REDIRECTS {
            if db
                .query_opt("SELECT 1 FROM stories WHERE id = $1", &[&id])?
                .is_some()
            {
                return Ok(Some(id));
            }
            match db.query_opt(
                "SELECT to_id FROM story_redirects WHERE from_id = $1",
                &[&id],
            )? {
                Some(row) => id = row.get(0),
                None => return Ok(None),
            }
        }
        Ok(None)
    }

    fn last_story_number(&self) -> Result<u64, StoreError> {
        let mut db = self.db();
        let stories: Option<i64> = db.query_one("SELECT MAX(num) FROM stories", &[])?.get(0);
        // Merged-away ids stay taken.
        let merged: Option<i64> = db
            .query_one(
                &format!("SELECT MAX({}) FROM story_redirects", number_of("from_id")),
                &[],
            )?
            .get(0);
        Ok(stories.unwrap_or(0).max(merged.unwrap_or(0)).max(0) as u64)
    }

    fn stories(&self, filter: &StoryFilter) -> Result<Vec<StorySummary>, StoreError> {
        let since = filter.since.clone().unwrap_or_default();
        let rows = self.db().query(
            "SELECT id, title, article_count, outlet_count, claim_count, corroborated, activity,
                    created_at, updated_at
             FROM stories
             WHERE activity >= $1 AND outlet_count >= $2
             ORDER BY activity DESC, updated_at DESC, num DESC",
            &[&since, &(filter.min_sources as i64)],
        )?;
        Ok(rows
            .iter()
            .map(|row| StorySummary {
                id: row.get(0),
                title: row.get(1),
                articles: row.get::<_, i64>(2) as usize,
                outlets: row.get::<_, i64>(3) as usize,
                claims: row.get::<_, i64>(4) as usize,
                corroborated: row.get::<_, i64>(5) as usize,
                activity: row.get(6),
                created_at: row.get(7),
                updated_at: row.get(8),
            })
            .collect())
    }

    fn articles(&self) -> Result<Vec<ArticleSummary>, StoreError> {
        let rows = self.db().query(
            "SELECT a.id, m.story_id, a.outlet, a.title, a.url, a.published, a.added_at,
                    a.revision_of, a.superseded_by, a.words, a.content_hash
             FROM articles a LEFT JOIN story_members m ON m.article_id = a.id
             ORDER BY a.seq",
            &[],
        )?;
        Ok(rows
            .iter()
            .map(|row| ArticleSummary {
                id: row.get(0),
                story: row.get(1),
                outlet: row.get(2),
                title: row.get(3),
                url: row.get(4),
                published: row.get(5),
                added_at: row.get(6),
                revision_of: row.get(7),
                superseded_by: row.get(8),
                words: row.get::<_, i64>(9) as usize,
                content_hash: row.get(10),
            })
            .collect())
    }

    fn claims(&self) -> Result<Vec<ClaimRow>, StoreError> {
        let rows = self.db().query(
            &format!(
                "SELECT c.story_id, c.claim_id, c.status, c.sources, c.text
                 FROM claims c JOIN stories s ON s.id = c.story_id
                 ORDER BY s.num, {}, c.claim_id",
                number_of("c.claim_id")
            ),
            &[],
        )?;
        Ok(rows
            .iter()
            .map(|row| ClaimRow {
                story: row.get(0),
                claim: row.get(1),
                status: row.get(2),
                sources: row.get::<_, i64>(3) as usize,
                text: row.get(4),
            })
            .collect())
    }

    fn search_text(&self, query: &str, limit: usize) -> Result<Vec<TextHit>, StoreError> {
        // `plainto_tsquery` takes the words literally (every one must occur, stemmed); no
        // input is a syntax error.
        let rows = self.db().query(
            "SELECT id, coalesce(title, ''),
                    ts_headline('english', text, q,
                        'StartSel=[, StopSel=], MaxWords=30, MinWords=10, MaxFragments=1'),
                    (-ts_rank(fts, q))::FLOAT8
             FROM articles, plainto_tsquery('english', $1) q
             WHERE fts @@ q AND superseded_by IS NULL
             ORDER BY 4, seq LIMIT $2",
            &[&query, &(limit as i64)],
        )?;
        rows.iter()
            .map(|row| {
                let article: String = row.get(0);
                let title: String = row.get(1);
                Ok(TextHit {
                    story: self.story_of(&article)?,
                    article,
                    title: Some(title).filter(|t| !t.is_empty()),
                    snippet: row.get(2),
                    rank: row.get(3),
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
        let mut best: Vec<(f32, String, usize, String)> = Vec::new();
        {
            let mut db = self.db();
            let mut tx = db.transaction()?;
            // A cursor: vectors stream in pages instead of all at once.
            let portal = tx.bind(
                "SELECT s.article_id, s.sentence, s.text, s.vector
                 FROM sentence_vectors s JOIN articles a ON a.id = s.article_id
                 WHERE a.superseded_by IS NULL",
                &[],
            )?;
            loop {
                let rows = tx.query_portal(&portal, 4096)?;
                if rows.is_empty() {
                    break;
                }
                for row in rows {
                    let stored = blob_vector(row.get::<_, &[u8]>(3))?;
                    if stored.len() != vector.len() {
                        continue;
                    }
                    let similarity =
                        stored.iter().zip(vector).map(|(a, b)| a * b).sum::<f32>() / norm;
                    if best.len() >= limit && best.last().is_some_and(|last| last.0 >= similarity) {
                        continue;
                    }
                    best.push((
                        similarity,
                        row.get(0),
                        row.get::<_, i64>(1) as usize,
                        row.get(2),
                    ));
                    best.sort_by(|a, b| {
                        b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2))
                    });
                    best.truncate(limit);
                }
            }
            tx.commit()?;
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
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let rows = self.db().query(
            "SELECT article_id, sketch FROM article_sketches WHERE article_id = ANY($1)",
            &[&ids],
        )?;
        rows.iter()
            .map(|row| Ok((row.get::<_, String>(0), inflate(row.get::<_, &[u8]>(1))?)))
            .collect()
    }

    fn term_df(&self, terms: &[String]) -> Result<HashMap<String, u64>, StoreError> {
        if terms.is_empty() {
            return Ok(HashMap::new());
        }
        let rows = self.db().query(
            "SELECT term, df FROM terms WHERE term = ANY($1) AND df > 0",
            &[&terms],
        )?;
        Ok(rows
            .iter()
            .map(|row| (row.get::<_, String>(0), row.get::<_, i64>(1) as u64))
            .collect())
    }

    fn vector_sum(&self) -> Result<(usize, Vec<f32>), StoreError> {
        let (count, sum) = super::write::stored_vector_sum(&mut *self.db())?;
        Ok((count, sum.into_iter().map(|x| x as f32).collect()))
    }

    fn encoder(&self) -> Result<Option<String>, StoreError> {
        Ok(self
            .db()
            .query_opt("SELECT value FROM corpus_meta WHERE key = 'encoder'", &[])?
            .map(|row| row.get(0)))
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
        self.db()
            .execute("SELECT pg_advisory_lock($1)", &[&ASSIGNMENT_LOCK])?;
        Ok(())
    }

    fn unlock_assignment(&mut self) -> Result<(), StoreError> {
        self.db()
            .execute("SELECT pg_advisory_unlock($1)", &[&ASSIGNMENT_LOCK])?;
        Ok(())
    }
}
