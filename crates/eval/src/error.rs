//! The one error type of the evaluations: reading the data sets and running the stages on them.

use std::path::PathBuf;

/// What can go wrong reading an evaluation data set or running the pipeline over it.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("reading {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A JSON gold file (the extraction benchmark's ground truth) that does not parse.
    #[error("{path}: malformed {format} ({detail})")]
    Malformed {
        path: String,
        format: &'static str,
        detail: String,
    },
    /// A bad line of a BRAT standoff annotation file (PolNeAR).
    #[error("{path}:{line}: {message}")]
    Annotation {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("no annotated articles under {0}")]
    NoData(PathBuf),
    /// The Multi-News CSV as the `csv` crate reads it (story clustering).
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
    /// The Multi-News CSV as the brief evaluation's own reader reads it.
    #[error("{path}: malformed csv: {message}")]
    MalformedCsv { path: PathBuf, message: String },
    #[error("{path}: row {row}: {message}")]
    Row {
        path: PathBuf,
        row: usize,
        message: String,
    },
    /// The product's reader refused an evaluation file.
    #[error(transparent)]
    Ingest(#[from] corroborate_ingest::IngestError),
    /// A stage failed on an evaluation document.
    #[error(transparent)]
    Core(#[from] corroborate_core::Error),
    /// The system under evaluation failed.
    #[error("running the system: {0}")]
    Run(String),
}
