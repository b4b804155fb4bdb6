//! The desktop shell: opens an engagement file and serves the UI's commands. The work is done
//! by `demarc-store` and `demarc-core`; this crate only translates.

mod about;
#[cfg(test)]
mod bindings;
mod commands;
mod dialogs;
mod error;
mod export;
mod labels;
mod paths;
mod profiles;
mod state;
mod trace;

pub use about::{about, third_party_notices, About};
pub use dialogs::Pick;
pub use error::{ErrorCode, IpcError};
pub use export::{
    export_layouts, ExistingFiles, ExportDone, ExportLayout, ExportProgress, ExportRequest,
    PaperSize,
};
pub use labels::{Inspection, LabelToMap};
pub use paths::{dialog_extensions, engagement_path, plain_path};
pub use profiles::{OfferedProfile, ProfileSource};
pub use state::{AppState, Opened, ProviderEntry, RecordedAttestation};

use std::path::PathBuf;

use tauri::{AppHandle, DragDropEvent, Emitter, Manager, RunEvent, WindowEvent};

/// Starts the desktop app. The first argument, when given, is the engagement file to open;
/// otherwise the last one opened, or the demo engagement in the user's data folder.
pub fn run() {
    trace::launched();
    software_rendering();
    let requested = std::env::args_os().nth(1).map(PathBuf::from);
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .setup(move |app| {
            let data_dir = app.path().app_data_dir()?;
            let state =
                trace::command("start", || AppState::start(&data_dir, requested.as_deref()))?;
            app.manage(state);
            // The window is made once the engagement is open: WebKit started while the main
            // thread was busy writing the demo painted half a second later (scripts/bench-app).
            for window in app.config().app.windows.clone() {
                tauri::WebviewWindowBuilder::from_config(app.handle(), &window)?.build()?;
            }
            exit_on_signals(app.handle().clone())?;
            Ok(())
        })
        // A file dropped on the window is one the user chose, as in a dialog.
        .on_window_event(|window, event| {
            if let WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) = event {
                if let Some(state) = window.try_state::<AppState>() {
                    for path in paths {
                        if let Err(e) = state.grant(path) {
                            eprintln!("demarc: {e}");
                        }
                    }
                }
            }
        })
        .invoke_handler(commands::handler())
        .build(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("demarc: the desktop app could not start: {e}");
            std::process::exit(1);
        })
        .run(|app, event| match event {
            RunEvent::Exit => {
                if let Some(state) = app.try_state::<AppState>() {
                    drop(state.hold_for_exit());
                }
            }
            // macOS hands a file opened from the Finder to the running app, not as an argument.
            #[cfg(any(target_os = "macos", target_os = "ios"))]
            RunEvent::Opened { urls } => {
                if let Some(path) = urls.iter().find_map(|u| u.to_file_path().ok()) {
                    open_requested(app, &path);
                }
            }
            _ => {}
        });
}

/// Keeps a file the system asked to open for the window, and tells the window, which opens it
/// as one chosen in the Open dialog.
#[cfg_attr(not(any(target_os = "macos", target_os = "ios")), allow(dead_code))]
fn open_requested(app: &AppHandle, path: &std::path::Path) {
    let Some(state) = app.try_state::<AppState>() else {
        return;
    };
    match state.request_open(path) {
        Ok(()) => {
            if let Err(e) = app.emit("open-requested", ()) {
                eprintln!("demarc: {e}");
            }
        }
        Err(e) => eprintln!("demarc: {e}"),
    }
}

/// WebKitGTK composites the page through OpenGL; without a GPU (a virtual machine, a remote
/// desktop) that is Mesa's software renderer, whose buffers held 90 MB more at rest and 400 MB
/// more after scrolling the large matrix (scripts/bench-app). Demarc's page is boxes and text,
/// painted as fast without it. A value the user set is kept. The end-to-end build (scripted
/// dialogs) keeps compositing: under Xvfb, WebDriver's screenshots of a redrawn window never
/// return without it; the shipped build is the one `scripts/test-installed` starts and checks.
fn software_rendering() {
    #[cfg(all(target_os = "linux", not(feature = "scripted-dialogs")))]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        // Before any thread starts: nothing reads the environment concurrently.
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}

/// SIGTERM, SIGINT and SIGHUP (a logout, a shutdown, `kill`) fold the write-ahead log into the
/// engagement file before the app ends, as closing the window does. The end is `_exit`: the file
/// is whole by then, and the webview libraries' exit handlers may wait on the UI thread.
fn exit_on_signals(app: AppHandle) -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP])?;
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            let _held = app
                .try_state::<AppState>()
                .map(|s| s.inner().hold_for_exit());
            signal_hook::low_level::exit(0);
        }
    });
    Ok(())
}
