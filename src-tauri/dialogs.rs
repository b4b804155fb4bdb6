//! The native file dialogs, shown from Rust. A path reaches a command only after the user chose
//! it here or dropped it on the window: the webview cannot name a file of its own.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder};
use ts_rs::TS;

use crate::paths::{dialog_extensions, engagement_path, with_extension};
use crate::{AppState, ErrorCode, IpcError};

/// What the user is asked to choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Pick {
    /// An engagement file to open.
    Engagement,
    /// Where to write a new engagement file.
    NewEngagement,
    /// Where to write a copy of the open engagement.
    SaveAs,
    /// A provider matrix to import.
    ProviderMatrix,
    /// The folder the exports go to.
    ExportFolder,
    /// Where to write a column-mapping profile (JSON).
    MappingProfile,
}

const ENGAGEMENT: (&str, &[&str]) = ("Demarc engagement", &["demarc"]);
const PROFILE: (&str, &[&str]) = ("Mapping profile", &["json"]);
const MATRIX: (&str, &[&str]) = (
    "Provider matrix",
    &["xlsx", "xlsm", "xls", "ods", "csv", "json"],
);

/// Shows the dialog for `pick` and returns the chosen path, now usable by the commands, or
/// `None` when the user cancelled. `name` suggests a file name for a new file.
pub(crate) fn choose(
    app: &AppHandle,
    state: &AppState,
    pick: Pick,
    name: Option<String>,
) -> Result<Option<String>, IpcError> {
    let current = state.current()?.path;
    let Some(path) = ask(app, pick, Path::new(&current), name.as_deref())? else {
        return Ok(None);
    };
    let path = match pick {
        // GTK's save dialog does not add the extension.
        Pick::NewEngagement | Pick::SaveAs => engagement_path(path),
        Pick::MappingProfile => with_extension(path, "json"),
        _ => path,
    };
    state.grant(&path)?;
    Ok(Some(path.display().to_string()))
}

fn ask(
    app: &AppHandle,
    pick: Pick,
    current: &Path,
    name: Option<&str>,
) -> Result<Option<PathBuf>, IpcError> {
    #[cfg(feature = "scripted-dialogs")]
    if let Some(answer) = std::env::var_os("DEMARC_DIALOG_ANSWER") {
        return scripted(Path::new(&answer));
    }
    let title = match pick {
        Pick::Engagement => "Open an engagement",
        Pick::NewEngagement => "Create the new engagement file",
        Pick::SaveAs => "Save a copy of the engagement",
        Pick::ProviderMatrix => "Import a provider matrix",
        Pick::ExportFolder => "Choose the folder for the exports",
        Pick::MappingProfile => "Export the mapping profile",
    };
    let dialog = app.dialog().file().set_title(title);
    // Modal to the window, so that a projected screen shows the dialog over it.
    let dialog = match app.get_webview_window("main") {
        Some(window) => dialog.set_parent(&window),
        None => dialog,
    };
    let filter = |dialog: FileDialogBuilder<_>, (name, extensions): (&str, &[&str])| {
        let patterns = dialog_extensions(extensions);
        let patterns: Vec<&str> = patterns.iter().map(String::as_str).collect();
        dialog.add_filter(name, &patterns)
    };
    let dialog = match current.parent() {
        Some(dir) if dir.is_dir() => dialog.set_directory(dir),
        _ => dialog,
    };
    let file_name = |dialog: FileDialogBuilder<_>, fallback: &str| {
        // Only a name: a suggestion never moves the dialog to another folder.
        let suggested = name.and_then(|n| Path::new(n).file_name()).map_or_else(
            || fallback.to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        dialog.set_file_name(suggested)
    };
    let chosen = match pick {
        Pick::Engagement => filter(dialog, ENGAGEMENT).blocking_pick_file(),
        Pick::NewEngagement => {
            filter(file_name(dialog, "engagement.demarc"), ENGAGEMENT).blocking_save_file()
        }
        Pick::SaveAs => {
            let fallback = current
                .file_name()
                .map_or("engagement.demarc".into(), |n| n.to_string_lossy());
            filter(file_name(dialog, &fallback), ENGAGEMENT).blocking_save_file()
        }
        Pick::ProviderMatrix => filter(dialog, MATRIX).blocking_pick_file(),
        Pick::ExportFolder => dialog.blocking_pick_folder(),
        Pick::MappingProfile => {
            filter(file_name(dialog, "mapping-profile.json"), PROFILE).blocking_save_file()
        }
    };
    chosen
        .map(|p| {
            p.into_path()
                .map_err(|e| IpcError::new(ErrorCode::InvalidInput, e.to_string()))
        })
        .transpose()
}

/// End-to-end tests cannot reach GTK's dialogs: built with this feature and run with
/// `DEMARC_DIALOG_ANSWER` set, a dialog answers with the path written in that file and deletes
/// it (no file: the user cancelled). Release builds never have it.
#[cfg(feature = "scripted-dialogs")]
fn scripted(answer: &Path) -> Result<Option<PathBuf>, IpcError> {
    let Ok(text) = std::fs::read_to_string(answer) else {
        return Ok(None);
    };
    std::fs::remove_file(answer)
        .map_err(|e| IpcError::new(ErrorCode::Io, format!("{}: {e}", answer.display())))?;
    Ok(Some(PathBuf::from(text.trim_end_matches('\n'))))
}
