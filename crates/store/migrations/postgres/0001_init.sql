-- The living corpus on PostgreSQL, version 1: the same tables as the SQLite schema
-- (migrations/0001..0003), in PostgreSQL's types. `schema_migrations` records what is applied.
--
-- Ready for partitioning by month: every article row carries `added_month`, and nothing
-- refers to `articles` by a foreign key, so a large deployment can recreate `articles` (and
-- `sentence_vectors`, keyed by article) as `PARTITION BY RANGE (added_month)` with one
-- partition per month and the primary key extended to (seq, added_month).

CREATE TABLE articles (
    seq             BIGSERIAL PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    url_key         TEXT,
    content_hash    TEXT NOT NULL,
    revision_of     TEXT,
    superseded_by   TEXT,
    added_at        TEXT NOT NULL,
    added_month     DATE NOT NULL,
    published       TEXT,
    published_ts    BIGINT,
    outlet          TEXT,
    title           TEXT,
    url             TEXT,
    path            TEXT,
    words           BIGINT NOT NULL,
    meta            TEXT NOT NULL,
    raw             BYTEA NOT NULL,
    source          BYTEA NOT NULL,
    text            TEXT NOT NULL,
    annotations     BYTEA NOT NULL,
    -- Full text (English stemming), as SQLite's FTS5 table with the porter tokenizer.
    fts             TSVECTOR GENERATED ALWAYS AS
                        (to_tsvector('english', coalesce(title, '') || ' ' || text)) STORED
);
CREATE INDEX articles_url ON articles (url_key);
CREATE INDEX articles_hash ON articles (content_hash);
CREATE INDEX articles_published ON articles (published_ts);
CREATE INDEX articles_fts ON articles USING GIN (fts);

CREATE TABLE sentence_vectors (
    article_id  TEXT NOT NULL,
    sentence    BIGINT NOT NULL,
    text        TEXT NOT NULL,
    vector      BYTEA NOT NULL,
    PRIMARY KEY (article_id, sentence)
);

CREATE TABLE doc_vectors (
    article_id  TEXT PRIMARY KEY,
    vector      BYTEA NOT NULL
);

CREATE TABLE terms (
    term    TEXT PRIMARY KEY,
    df      BIGINT NOT NULL
);
CREATE TABLE postings (
    term        TEXT NOT NULL,
    article_seq BIGINT NOT NULL,
    weight      DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (term, article_seq)
);
CREATE INDEX postings_article ON postings (article_seq);

CREATE TABLE stories (
    num             BIGINT PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    title           TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    activity        TEXT NOT NULL,
    article_count   BIGINT NOT NULL,
    outlet_count    BIGINT NOT NULL,
    claim_count     BIGINT NOT NULL,
    corroborated    BIGINT NOT NULL,
    report          BYTEA NOT NULL
);
CREATE INDEX stories_activity ON stories (activity);
CREATE TABLE story_members (
    article_id  TEXT PRIMARY KEY,
    story_id    TEXT NOT NULL,
    position    BIGINT NOT NULL
);
CREATE INDEX story_members_story ON story_members (story_id, position);
CREATE TABLE story_redirects (
    from_id TEXT PRIMARY KEY,
    to_id   TEXT NOT NULL
);
CREATE TABLE claims (
    story_id    TEXT NOT NULL,
    claim_id    TEXT NOT NULL,
    status      TEXT NOT NULL,
    sources     BIGINT NOT NULL,
    text        TEXT NOT NULL,
    PRIMARY KEY (story_id, claim_id)
);
CREATE TABLE derived_from (
    article_id  TEXT PRIMARY KEY,
    story_id    TEXT NOT NULL,
    json        TEXT NOT NULL
);

-- Facts about the whole corpus: the encoder, the vector sum, the count of current articles.
CREATE TABLE corpus_meta (
    key     TEXT PRIMARY KEY,
    value   TEXT NOT NULL
);
INSERT INTO corpus_meta (key, value) VALUES ('current_articles', '0');

CREATE TABLE watch_feeds (
    url             TEXT PRIMARY KEY,
    etag            TEXT,
    last_modified   TEXT,
    checked_at      TEXT NOT NULL
);
CREATE TABLE watch_items (
    feed            TEXT NOT NULL,
    item            TEXT NOT NULL,
    seen_at         TEXT NOT NULL,
    PRIMARY KEY (feed, item)
);
CREATE TABLE watch_files (
    path            TEXT PRIMARY KEY,
    modified_ns     BIGINT NOT NULL,
    size            BIGINT NOT NULL,
    seen_at         TEXT NOT NULL
);
