//! Turning command-line paths into inputs.

use std::collections::HashSet;
use std::fs::{FileType, Metadata};
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
/// "-" = stdin. A folder walk follows a linked folder only when it has not been walked yet (so
/// a link loop ends), and skips named pipes, sockets and devices (a pipe would block the read);
/// each skipped entry is an error naming it. A path given by name is read whatever it is (e.g.
/// a pipe from `<(command)`).
pub fn discover(paths: &[PathBuf]) -> Vec<Result<Input, IngestError>> {
    let mut inputs = Vec::new();
    let mut walked = HashSet::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Ok(Input::Stdin));
            continue;
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                if let Ok(real) = path.canonicalize() {
                    walked.insert(real);
                }
                walk(path, &mut walked, &mut inputs);
            }
            Ok(_) => inputs.push(Ok(Input::File(path.clone()))),
            Err(source) => inputs.push(Err(io_error(path, source))),
        }
    }
    inputs
}

fn walk(dir: &Path, walked: &mut HashSet<PathBuf>, inputs: &mut Vec<Result<Input, IngestError>>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(source) => {
            inputs.push(Err(io_error(dir, source)));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    paths.sort();
    for path in paths {
        // follows links: a dangling or looping link is an error here
        let meta = match std::fs::metadata(&path) {
            Ok(meta) => meta,
            Err(source) => {
                inputs.push(Err(io_error(&path, source)));
                continue;
            }
        };
        if meta.is_file() {
            inputs.push(Ok(Input::File(path)));
        } else if meta.is_dir() {
            match path.canonicalize() {
                Ok(real) if walked.contains(&real) => inputs.push(Err(IngestError::Skipped {
                    path: path.display().to_string(),
                    reason: format!("links to a folder already read: {}", real.display()),
                })),
                Ok(real) => {
                    walked.insert(real);
                    walk(&path, walked, inputs);
                }
                Err(source) => inputs.push(Err(io_error(&path, source))),
            }
        } else {
            inputs.push(Err(IngestError::Skipped {
                path: path.display().to_string(),
                reason: format!("{}, not a file", special_kind(&meta)),
            }));
        }
    }
}

fn io_error(path: &Path, source: std::io::Error) -> IngestError {
    IngestError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// What a path that is neither file nor folder is, in words.
fn special_kind(meta: &Metadata) -> &'static str {
    kind_of(meta.file_type())
}

#[cfg(unix)]
fn kind_of(file_type: FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_fifo() {
        "a named pipe"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_block_device() || file_type.is_char_device() {
        "a device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn kind_of(_file_type: FileType) -> &'static str {
    "a special file"
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn names(found: &[Result<Input, IngestError>], root: &Path) -> Vec<String> {
        found
            .iter()
            .map(|item| match item {
                Ok(input) => input.name(),
                Err(err) => err.to_string(),
            })
            .map(|line| line.replace(&root.display().to_string(), "ROOT"))
            .collect()
    }

    #[test]
    fn links_are_followed_once_and_pipes_are_skipped() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        std::fs::create_dir(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/a.txt"), "a").unwrap();
        std::os::unix::fs::symlink(&root, root.join("sub/loop")).unwrap();
        std::os::unix::fs::symlink(root.join("sub"), root.join("twin")).unwrap();
        std::os::unix::fs::symlink(root.join("absent"), root.join("dangling")).unwrap();
        let fifo = root.join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        let found = discover(std::slice::from_ref(&root));
        let mut expected = vec![
            "ROOT/dangling: No such file or directory (os error 2)".to_string(),
            "ROOT/pipe: skipped (a named pipe, not a file)".to_string(),
            "ROOT/sub/a.txt".to_string(),
            "ROOT/sub/loop: skipped (links to a folder already read: ROOT)".to_string(),
            "ROOT/twin: skipped (links to a folder already read: ROOT/sub)".to_string(),
        ];
        if !made.is_ok_and(|status| status.success()) {
            expected.remove(1);
        }
        assert_eq!(names(&found, &root), expected);
    }
}
