-- Articles whose full-text row is not yet written. The assignment commit (an article and its
-- story membership) only notes the article here; the full-text row and its share of segment
-- merging are written at the end of the step (`Store::settle`), or before a search, so they
-- no longer lengthen the time until an article is in its story. A run stopped in between
-- leaves the notes, and the next writer's step or search writes the rows.
CREATE TABLE fts_pending (
    seq INTEGER PRIMARY KEY
);
