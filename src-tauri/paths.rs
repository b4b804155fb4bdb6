//! Path rules that must hold on every system the app ships to: Windows and macOS file systems
//! ignore case, and Windows' canonical paths carry a `\\?\` prefix its dialogs do not take.

use std::path::{Path, PathBuf};

/// The path of an engagement file chosen in a save dialog: `.demarc` is added unless the name
/// already ends with it, in any case (`Acme.DEMARC` stays as typed).
pub fn engagement_path(chosen: PathBuf) -> PathBuf {
    with_extension(chosen, "demarc")
}

/// `chosen` with `.extension` added unless its name already ends with it, in any case.
pub fn with_extension(chosen: PathBuf, extension: &str) -> PathBuf {
    let has_extension = chosen
        .extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case(extension));
    if has_extension {
        return chosen;
    }
    let mut with = chosen.into_os_string();
    with.push(".");
    with.push(extension);
    PathBuf::from(with)
}

/// The extensions of a file dialog's filter as the dialog matches them. GTK's patterns are
/// case-sensitive, so on Linux each letter is given in both cases (`*.[dD][eE]...`), and a file
/// named on a case-insensitive disk (`ACME.DEMARC`) still shows; Windows and macOS already
/// match without case.
pub fn dialog_extensions(extensions: &[&str]) -> Vec<String> {
    extensions
        .iter()
        .map(|e| {
            if cfg!(target_os = "linux") {
                e.chars()
                    .map(|c| {
                        let (lower, upper) = (c.to_ascii_lowercase(), c.to_ascii_uppercase());
                        if lower == upper {
                            c.to_string()
                        } else {
                            format!("[{lower}{upper}]")
                        }
                    })
                    .collect()
            } else {
                e.to_string()
            }
        })
        .collect()
}

/// `path` without Windows' verbatim prefix: `\\?\C:\x` is `C:\x` and `\\?\UNC\server\share` is
/// `\\server\share`, as a person and a file dialog know them. Other paths are returned as they
/// are, on every system.
pub fn plain_path(path: &Path) -> PathBuf {
    let text = path.to_string_lossy();
    if let Some(rest) = text.strip_prefix(r"\\?\UNC\") {
        return PathBuf::from(format!(r"\\{rest}"));
    }
    match text.strip_prefix(r"\\?\") {
        // Only a drive path: other verbatim paths have no plain form.
        Some(rest) if rest.as_bytes().get(1) == Some(&b':') => PathBuf::from(rest),
        _ => path.to_path_buf(),
    }
}
