//! Backups on demand: consistent copies in a folder beside the file, the newest few kept.

use std::path::{Path, PathBuf};

use crate::{EngagementFile, Result, StoreError};

/// How many on-demand backups are kept unless told otherwise.
pub const KEEP_BACKUPS: usize = 10;

impl EngagementFile {
    /// Writes a copy of the engagement to `NAME.backups/NAME-YYYYMMDD-HHMMSS.demarc` beside the
    /// file and removes the oldest copies beyond `keep`. Backups taken before a migration
    /// (`NAME.vN.bak`) are never removed.
    pub fn backup(&self, keep: usize) -> Result<PathBuf> {
        let path = self.path();
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let folder = path.with_file_name(format!("{stem}.backups"));
        std::fs::create_dir_all(&folder).map_err(|e| io(&folder, e))?;
        let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S");
        let mut target = folder.join(format!("{stem}-{stamp}.demarc"));
        let mut n = 2;
        while target.exists() {
            target = folder.join(format!("{stem}-{stamp}-{n}.demarc"));
            n += 1;
        }
        self.backup_to(&target)?;
        prune(&folder, &stem, keep.max(1))?;
        Ok(target)
    }
}

/// Removes the oldest backups of `stem` in `folder` beyond the newest `keep`. The stem is
/// matched without regard to case: on a disk that ignores case (Windows, macOS), `Acme.demarc`
/// opened as `acme.demarc` writes into the same folder, and both spellings are one file's.
fn prune(folder: &Path, stem: &str, keep: usize) -> Result<()> {
    let prefix = format!("{}-", stem.to_lowercase());
    let mut backups: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(folder)
        .map_err(|e| io(folder, e))?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.path())
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let name = name.to_lowercase();
            name.starts_with(&prefix) && name.ends_with(".demarc")
        })
        .map(|p| {
            (
                std::fs::metadata(&p)
                    .and_then(|m| m.modified())
                    .unwrap_or(std::time::UNIX_EPOCH),
                p,
            )
        })
        .collect();
    // Newest first: by time, then by the time and counter the name carries (the file system's
    // clock may give two quick backups the same time).
    backups.sort_by_cached_key(|(modified, p)| {
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
        let rest = name
            .unwrap_or_default()
            .to_lowercase()
            .split_off(prefix.len());
        std::cmp::Reverse((*modified, name_order(&rest)))
    });
    for (_, old) in backups.into_iter().skip(keep) {
        std::fs::remove_file(&old).map_err(|e| io(&old, e))?;
    }
    Ok(())
}

/// `NAME-STAMP.demarc` is the first backup of its second, `NAME-STAMP-N.demarc` the Nth;
/// `rest` is what follows `NAME-`.
fn name_order(rest: &str) -> (String, u32) {
    let rest = rest.trim_end_matches(".demarc");
    // The stamp is `YYYYMMDD-HHMMSS`; a counter is a second dash on.
    match rest.rsplit_once('-') {
        Some((stamp, n)) if stamp.contains('-') => (stamp.to_string(), n.parse().unwrap_or(1)),
        _ => (rest.to_string(), 1),
    }
}

fn io(path: &Path, source: std::io::Error) -> StoreError {
    StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}
