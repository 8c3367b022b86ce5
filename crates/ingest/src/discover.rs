//! Turning command-line paths into inputs.

use std::path::{Path, PathBuf};

use crate::IngestError;

/// One thing to read: a file or standard input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    Stdin,
}

impl Input {
    /// The path shown in errors and `meta.path` (`-` for stdin).
    pub fn name(&self) -> String {
        match self {
            Input::File(path) => path.display().to_string(),
            Input::Stdin => "-".into(),
        }
    }
}

/// Expands paths: files as given, folders recursively (sorted, skipping hidden files and dirs),
/// "-" = stdin.
pub fn discover(paths: &[PathBuf]) -> Vec<Result<Input, IngestError>> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Ok(Input::Stdin));
            continue;
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut inputs),
            Ok(_) => inputs.push(Ok(Input::File(path.clone()))),
            Err(source) => inputs.push(Err(IngestError::Io {
                path: path.display().to_string(),
                source,
            })),
        }
    }
    inputs
}

fn walk(dir: &Path, inputs: &mut Vec<Result<Input, IngestError>>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(source) => {
            inputs.push(Err(IngestError::Io {
                path: dir.display().to_string(),
                source,
            }));
            return;
        }
    };
    let mut paths: Vec<(PathBuf, bool)> = entries
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        // A linked folder is not followed (links can make cycles); a linked file is read.
        .map(|e| (e.path(), e.file_type().is_ok_and(|t| t.is_dir())))
        .collect();
    paths.sort();
    for (path, is_dir) in paths {
        if is_dir {
            walk(&path, inputs);
        } else if path.is_file() {
            inputs.push(Ok(Input::File(path)));
        }
    }
}
