//! corroborate-story (in progress)
