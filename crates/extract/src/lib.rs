//! corroborate-extract (in progress)
