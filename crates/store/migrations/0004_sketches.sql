-- Sketches, stories pending a recompute, full-text merging spread over commits, postings
-- with their publication time.

-- What grouping needs of each article (`corroborate_story::Sketch::to_bytes`, deflated), so
-- that regrouping stored articles with new ones never reads and re-tokenises their text.
-- Articles stored before this migration have none and are sketched from their documents.
CREATE TABLE article_sketches (
    article_id  TEXT PRIMARY KEY,
    sketch      BLOB NOT NULL
) WITHOUT ROWID;

-- A story whose members changed but whose claims and brief are not yet recomputed: `add`
-- commits an article and its story membership first, then the story's report; a run stopped
-- in between leaves the story pending, and the next `add` recomputes it.
ALTER TABLE stories ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
CREATE INDEX stories_pending ON stories(pending) WHERE pending = 1;

-- The full-text index merges its segments a bounded share at a time with every article written
-- (`'merge'` in `insert_article`), not all at once inside an occasional unlucky commit.
INSERT INTO article_fts (article_fts, rank) VALUES ('automerge', 0);

-- Each posting carries its article's publication time, so the candidate lookup reads the
-- postings index alone (the join with the articles table read a page of a large table for
-- every posting). Postings exist only for current articles (a revision deletes its
-- predecessor's).
ALTER TABLE postings ADD COLUMN published_ts INTEGER;
UPDATE postings SET published_ts = (SELECT published_ts FROM articles WHERE seq = article_seq);
