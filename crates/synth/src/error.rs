//! Errors of synthesis and rendering.

#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    #[error("unknown format {0:?} (terminal, markdown, json, html)")]
    UnknownFormat(String),
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
}
