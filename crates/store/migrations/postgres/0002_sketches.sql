-- What grouping needs of each article (`corroborate_story::Sketch::to_bytes`, deflated), so that
-- regrouping stored articles with new ones never reads and re-tokenises their text. Articles
-- stored before this migration have none and are sketched from their documents when needed.
CREATE TABLE article_sketches (
    article_id  TEXT PRIMARY KEY,
    sketch      BYTEA NOT NULL
);
