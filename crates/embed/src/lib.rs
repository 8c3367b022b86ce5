//! corroborate-embed (in progress)
