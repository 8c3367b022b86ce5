-- The living corpus, version 1. Applied once; `PRAGMA user_version` records the last migration.

-- One row per article revision. `raw` is the bytes as given, deflated; `annotations` is the
-- deflated JSON of everything the pipeline derived (alignments, dropped spans, layers).
CREATE TABLE articles (
    seq             INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    url_key         TEXT,
    content_hash    TEXT NOT NULL,
    revision_of     TEXT,
    superseded_by   TEXT,
    added_at        TEXT NOT NULL,
    published       TEXT,
    published_ts    INTEGER,
    outlet          TEXT,
    title           TEXT,
    url             TEXT,
    path            TEXT,
    words           INTEGER NOT NULL,
    meta            TEXT NOT NULL,
    raw             BLOB NOT NULL,
    source          BLOB NOT NULL,
    text            TEXT NOT NULL,
    annotations     BLOB NOT NULL
);
CREATE INDEX articles_url ON articles(url_key);
CREATE INDEX articles_hash ON articles(content_hash);
CREATE INDEX articles_published ON articles(published_ts);

-- One L2-normalised vector per sentence (little-endian f32), with the sentence text.
CREATE TABLE sentence_vectors (
    article_id  TEXT NOT NULL,
    sentence    INTEGER NOT NULL,
    text        TEXT NOT NULL,
    vector      BLOB NOT NULL,
    PRIMARY KEY (article_id, sentence)
) WITHOUT ROWID;

-- Mean sentence vector of each article.
CREATE TABLE doc_vectors (
    article_id  TEXT PRIMARY KEY,
    vector      BLOB NOT NULL
) WITHOUT ROWID;

-- Inverted index for finding candidate stories: term -> articles, with document frequency.
CREATE TABLE terms (
    term    TEXT PRIMARY KEY,
    df      INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE postings (
    term        TEXT NOT NULL,
    article_seq INTEGER NOT NULL,
    weight      REAL NOT NULL,
    PRIMARY KEY (term, article_seq)
) WITHOUT ROWID;

-- Stories. `report` is the deflated JSON of the whole story (claims, brief, ...).
CREATE TABLE stories (
    num             INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    title           TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    activity        TEXT NOT NULL,
    article_count   INTEGER NOT NULL,
    outlet_count    INTEGER NOT NULL,
    claim_count     INTEGER NOT NULL,
    corroborated    INTEGER NOT NULL,
    report          BLOB NOT NULL
);
CREATE INDEX stories_activity ON stories(activity);
CREATE TABLE story_members (
    article_id  TEXT PRIMARY KEY,
    story_id    TEXT NOT NULL,
    position    INTEGER NOT NULL
);
CREATE INDEX story_members_story ON story_members(story_id, position);
-- A story merged into another keeps answering under its old id.
CREATE TABLE story_redirects (
    from_id TEXT PRIMARY KEY,
    to_id   TEXT NOT NULL
);
CREATE TABLE claims (
    story_id    TEXT NOT NULL,
    claim_id    TEXT NOT NULL,
    status      TEXT NOT NULL,
    sources     INTEGER NOT NULL,
    text        TEXT NOT NULL,
    PRIMARY KEY (story_id, claim_id)
);
-- Article id -> the article it is likely a rewrite of (JSON of `DerivedFrom`).
CREATE TABLE derived_from (
    article_id  TEXT PRIMARY KEY,
    story_id    TEXT NOT NULL,
    json        TEXT NOT NULL
);

CREATE VIRTUAL TABLE article_fts USING fts5(
    article_id UNINDEXED,
    title,
    text,
    tokenize = 'porter unicode61'
);

-- Facts about the whole corpus, such as the sentence encoder its vectors come from.
CREATE TABLE corpus_meta (
    key     TEXT PRIMARY KEY,
    value   TEXT NOT NULL
);
