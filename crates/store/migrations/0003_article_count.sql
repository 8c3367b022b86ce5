-- The number of current (not superseded) articles, kept by triggers, so that the candidate
-- lookup's IDF does not count the articles table (a full scan) for every incoming article.
CREATE TABLE corpus_counts (
    name    TEXT PRIMARY KEY,
    value   INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO corpus_counts (name, value)
    SELECT 'current_articles', COUNT(*) FROM articles WHERE superseded_by IS NULL;

CREATE TRIGGER articles_count_insert AFTER INSERT ON articles WHEN NEW.superseded_by IS NULL
BEGIN
    UPDATE corpus_counts SET value = value + 1 WHERE name = 'current_articles';
END;
CREATE TRIGGER articles_count_delete AFTER DELETE ON articles WHEN OLD.superseded_by IS NULL
BEGIN
    UPDATE corpus_counts SET value = value - 1 WHERE name = 'current_articles';
END;
CREATE TRIGGER articles_count_update AFTER UPDATE OF superseded_by ON articles
    WHEN (OLD.superseded_by IS NULL) != (NEW.superseded_by IS NULL)
BEGIN
    UPDATE corpus_counts
        SET value = value + (CASE WHEN NEW.superseded_by IS NULL THEN 1 ELSE -1 END)
        WHERE name = 'current_articles';
END;
