use crate::Layer;

/// Errors shared by every stage.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("span {start}..{end} out of bounds for text of {len} bytes")]
    InvalidSpan {
        start: usize,
        end: usize,
        len: usize,
    },
    #[error("span {start}..{end} is not on char boundaries")]
    NotCharBoundary { start: usize, end: usize },
    #[error("stage {stage} requires layer {layer:?}, which no earlier stage assigns")]
    MissingLayer { stage: &'static str, layer: Layer },
    #[error("{stage}: {message}")]
    Stage {
        stage: &'static str,
        message: String,
    },
    #[error("encoder: {0}")]
    Encoder(String),
}
