-- What `corroborate watch` remembers between runs, so a pass from cron refetches nothing it
-- has seen.

-- One row per feed: the validators of its last good response, for a conditional GET.
CREATE TABLE watch_feeds (
    url             TEXT PRIMARY KEY,
    etag            TEXT,
    last_modified   TEXT,
    checked_at      TEXT NOT NULL
);

-- Feed items already handled (added, or failed for good), by the item's guid (else its link).
CREATE TABLE watch_items (
    feed            TEXT NOT NULL,
    item            TEXT NOT NULL,
    seen_at         TEXT NOT NULL,
    PRIMARY KEY (feed, item)
);

-- Files of watched folders as last read: a file whose modification time or size differs is
-- read again.
CREATE TABLE watch_files (
    path            TEXT PRIMARY KEY,
    modified_ns     INTEGER NOT NULL,
    size            INTEGER NOT NULL,
    seen_at         TEXT NOT NULL
);
