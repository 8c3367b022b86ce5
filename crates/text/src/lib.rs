//! corroborate-text (in progress)
