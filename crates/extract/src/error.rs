//! Errors of the extractors and the evaluation.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("reading {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Annotation {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("no annotated articles under {0}")]
    NoData(PathBuf),
    #[error(transparent)]
    Core(#[from] corroborate_core::Error),
}
