//! Errors of the story crate.

/// What can go wrong reading evaluation data or running the grouping eval.
#[derive(Debug, thiserror::Error)]
pub enum StoryError {
    #[error("reading {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("csv {path}: {source}")]
    Csv {
        path: String,
        #[source]
        source: csv::Error,
    },
    #[error("{path}: missing column {column}")]
    MissingColumn { path: String, column: &'static str },
    #[error("{path} row {row}: bad python list literal at byte {offset}: {message}")]
    Literal {
        path: String,
        row: usize,
        offset: usize,
        message: &'static str,
    },
}
