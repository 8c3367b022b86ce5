//! Errors of synthesis and evaluation.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: malformed csv: {message}")]
    Csv { path: PathBuf, message: String },
    #[error("{path}: row {row}: {message}")]
    Row {
        path: PathBuf,
        row: usize,
        message: String,
    },
    #[error("unknown format {0:?} (terminal, markdown, json, html)")]
    UnknownFormat(String),
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
}
