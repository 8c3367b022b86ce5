-- Sketches, and stories pending a recompute.

-- What grouping needs of each article (`corroborate_story::Sketch::to_bytes`, deflated), so
-- that regrouping stored articles with new ones never reads and re-tokenises their text.
-- Articles stored before this migration have none and are sketched from their documents.
CREATE TABLE article_sketches (
    article_id  TEXT PRIMARY KEY,
    sketch      BYTEA NOT NULL
);

-- A story whose members changed but whose claims and brief are not yet recomputed: `add`
-- commits an article and its story membership first, then the story's report; a run stopped
-- in between leaves the story pending, and the next `add` recomputes it.
ALTER TABLE stories ADD COLUMN pending BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX stories_pending ON stories(pending) WHERE pending;
