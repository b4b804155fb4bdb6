//! One writer per engagement file: an advisory lock on `NAME.demarc.lock`, which names its
//! holder. The operating system releases it when the holder exits, however it exits.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::StoreError;

pub(crate) struct WriterLock {
    file: File,
    path: PathBuf,
}

/// Why the lock could not be taken.
pub(crate) enum LockRefused {
    /// Another process holds it; the text names who.
    Held(String),
    /// The lock file cannot be written (a read-only medium, say).
    Unwritable(std::io::Error),
}

pub(crate) fn lock_path(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".lock");
    path.with_file_name(name)
}

impl WriterLock {
    pub(crate) fn acquire(db: &Path) -> std::result::Result<WriterLock, LockRefused> {
        let path = lock_path(db);
        loop {
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(LockRefused::Unwritable)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    let mut holder = String::new();
                    let _ = file.read_to_string(&mut holder);
                    let holder = holder.trim();
                    return Err(LockRefused::Held(if holder.is_empty() {
                        "another Demarc window or process".to_string()
                    } else {
                        holder.to_string()
                    }));
                }
                Err(TryLockError::Error(e)) => return Err(LockRefused::Unwritable(e)),
            }
            // The previous holder may have removed the lock file between our open and our
            // lock: then we hold a lock on a file nobody else will see. Start again.
            if !same_file(&file, &path) {
                continue;
            }
            let _ = file.set_len(0);
            let _ = file.seek(SeekFrom::Start(0));
            let _ = write!(file, "{}", holder_text());
            let _ = file.flush();
            return Ok(WriterLock { file, path });
        }
    }
}

impl Drop for WriterLock {
    fn drop(&mut self) {
        // Removed while still held, so no other process can lock the old file after us.
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.ino() == b.ino() && a.dev() == b.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

fn holder_text() -> String {
    let user = std::env::var("DEMARC_USER")
        .or_else(|_| std::env::var("USER"))
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "someone".into());
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .or_else(|_| std::env::var("COMPUTERNAME"))
        .unwrap_or_else(|_| "this computer".into());
    let program = std::env::current_exe()
        .ok()
        .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "demarc".into());
    let since = chrono::Utc::now().format("%Y-%m-%d %H:%M UTC");
    format!(
        "{user} on {host} ({program}, process {}) since {since}",
        std::process::id()
    )
}

/// The error for a file someone else is writing.
pub(crate) fn busy(path: &Path, holder: String) -> StoreError {
    StoreError::Busy {
        path: path.to_path_buf(),
        holder,
    }
}
