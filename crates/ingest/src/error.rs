//! The one error type of the readers: every message is one line that names the input.

/// Why an input (or one record of a container) gave no article.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: empty file")]
    Empty { path: String },
    #[error("{path}: binary content, not text")]
    Binary { path: String },
    #[error("{path}: truncated gzip stream")]
    TruncatedGzip { path: String },
    #[error("{path}: corrupt gzip stream ({detail})")]
    CorruptGzip { path: String, detail: String },
    #[error("{path}: gzip stream inflates to more than {limit}")]
    InflatesTooFar { path: String, limit: String },
    #[error("{path}: too large for one article ({size} > {limit})")]
    TooLarge {
        path: String,
        size: String,
        limit: String,
    },
    #[error("{path}: no article text found ({reason})")]
    NoArticle { path: String, reason: String },
    #[error("{path}:{line}: {message}")]
    Line {
        path: String,
        line: usize,
        message: String,
    },
    #[error("{path}: record {record}: {message}")]
    Record {
        path: String,
        record: usize,
        message: String,
    },
    /// A container damaged part-way: what was lost and what was kept.
    #[error("{path}: {detail}")]
    Damaged { path: String, detail: String },
    #[error("{path}: skipped ({reason})")]
    Skipped { path: String, reason: String },
    #[error("{path}: malformed {format} ({detail})")]
    Malformed {
        path: String,
        format: &'static str,
        detail: String,
    },
}

impl IngestError {
    /// The input the error is about (the file path, `-` for stdin).
    pub fn path(&self) -> &str {
        match self {
            IngestError::Io { path, .. }
            | IngestError::Empty { path }
            | IngestError::Binary { path }
            | IngestError::TruncatedGzip { path }
            | IngestError::CorruptGzip { path, .. }
            | IngestError::TooLarge { path, .. }
            | IngestError::NoArticle { path, .. }
            | IngestError::Line { path, .. }
            | IngestError::Record { path, .. }
            | IngestError::Skipped { path, .. }
            | IngestError::Damaged { path, .. }
            | IngestError::InflatesTooFar { path, .. }
            | IngestError::Malformed { path, .. } => path,
        }
    }

    pub(crate) fn no_article(path: &str, reason: impl Into<String>) -> IngestError {
        IngestError::NoArticle {
            path: path.to_string(),
            reason: reason.into(),
        }
    }

    pub(crate) fn too_large(path: &str, size: usize, limit: usize) -> IngestError {
        IngestError::TooLarge {
            path: path.to_string(),
            size: megabytes(size),
            limit: megabytes(limit),
        }
    }
}

/// `52.4 MB`, `10 MB`: sizes in decimal megabytes, one decimal unless whole.
pub(crate) fn megabytes(bytes: usize) -> String {
    let mb = bytes as f64 / 1_000_000.0;
    if bytes.is_multiple_of(1_000_000) {
        format!("{} MB", bytes / 1_000_000)
    } else {
        format!("{mb:.1} MB")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_one_line_and_name_the_file() {
        let err = IngestError::too_large("big.txt", 52_400_000, 10_000_000);
        assert_eq!(
            err.to_string(),
            "big.txt: too large for one article (52.4 MB > 10 MB)"
        );
        assert_eq!(err.path(), "big.txt");
        let err = IngestError::Line {
            path: "a.jsonl".into(),
            line: 3,
            message: "invalid JSON".into(),
        };
        assert_eq!(err.to_string(), "a.jsonl:3: invalid JSON");
    }
}
