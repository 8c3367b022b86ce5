//! The crate's error type.

use std::path::PathBuf;

/// What can go wrong while installing, loading or running an encoder.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error("no sentence model in {dir}: run `corroborate models install` (or scripts/install-model.sh)")]
    ModelMissing { dir: PathBuf },
    #[error("no multilingual sentence model in {dir}: run `corroborate models install --multilingual` (or scripts/install-model.sh --multilingual)")]
    E5Missing { dir: PathBuf },
    #[error("this binary was built without the neural encoder (cargo feature `neural`, a default of the corroborate binary: rebuild without --no-default-features)")]
    NotBuilt,
    #[error("checksum mismatch for {path}: expected sha256 {expected}, got {got}; reinstall with `corroborate models install`")]
    ChecksumMismatch {
        path: PathBuf,
        expected: String,
        got: String,
    },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("model install failed: {0}")]
    Install(String),
    #[error("model: {0}")]
    Model(String),
    #[error("document {doc} has no sentences layer: segment it before embedding")]
    NoSentences { doc: String },
    #[error("encoder returned {got} vectors for {expected} sentences")]
    CountMismatch { expected: usize, got: usize },
    #[error(transparent)]
    Core(#[from] corroborate_core::Error),
}

impl EmbedError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> EmbedError {
        EmbedError::Io {
            path: path.into(),
            source,
        }
    }
}

impl From<EmbedError> for corroborate_core::Error {
    fn from(err: EmbedError) -> Self {
        match err {
            EmbedError::Core(inner) => inner,
            other => corroborate_core::Error::Encoder(other.to_string()),
        }
    }
}
