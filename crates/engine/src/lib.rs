//! corroborate-engine (in progress)
