//! Watched folders: a file is read when its modification time or size differs from the
//! record (polling is simple and works on every file system, network mounts included).

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use corroborate_core::Failure;
use corroborate_ingest::Input;
use corroborate_store::{SeenFile, Store, StoreError};

use crate::Pass;

pub(crate) fn scan(
    store: &dyn Store,
    root: &Path,
    settle: Duration,
    pass: &mut Pass,
) -> Result<(), StoreError> {
    let now = SystemTime::now();
    for found in corroborate_ingest::discover(&[root.to_path_buf()]) {
        let path = match found {
            Ok(Input::File(path)) => path,
            Ok(Input::Stdin) => continue,
            Err(error) => {
                pass.failures.push(Failure {
                    path: error.path().to_string(),
                    reason: error.to_string(),
                });
                continue;
            }
        };
        let name = path.display().to_string();
        let metadata = match std::fs::metadata(&path) {
            Ok(metadata) => metadata,
            Err(error) => {
                pass.failures.push(Failure {
                    reason: format!("{name}: {error}"),
                    path: name,
                });
                continue;
            }
        };
        let modified = metadata.modified().unwrap_or(UNIX_EPOCH);
        if now.duration_since(modified).unwrap_or_default() < settle {
            continue;
        }
        let modified_ns = modified
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
        // The absolute path is the key, so a run from another folder (cron) knows the file.
        let key = std::fs::canonicalize(&path).map_or(name, |p| p.display().to_string());
        let seen = SeenFile {
            path: key,
            modified_ns,
            size: metadata.len(),
        };
        if store.seen_file(&seen.path)?.as_ref() == Some(&seen) {
            continue;
        }
        pass.files.push(path);
        pass.update.files.push(seen);
    }
    Ok(())
}
