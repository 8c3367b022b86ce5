//! corroborate-ingest (in progress)
