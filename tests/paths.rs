//! The seams between the app and the systems it ships to: names chosen in the save dialogs, the
//! dialogs' filters on a disk that ignores case, Windows' verbatim paths, and a data folder and
//! files whose names are not plain ASCII.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::path::{Path, PathBuf};

use demarc_app::{dialog_extensions, engagement_path, plain_path, AppState};

#[test]
fn a_saved_name_gets_the_extension_once_in_any_case() {
    for (typed, saved) in [
        ("Acme", "Acme.demarc"),
        ("Acme.demarc", "Acme.demarc"),
        ("Acme.DEMARC", "Acme.DEMARC"),
        ("Acme.Demarc", "Acme.Demarc"),
        ("Acme v2.0", "Acme v2.0.demarc"),
        ("acme.demarc.bak", "acme.demarc.bak.demarc"),
    ] {
        assert_eq!(engagement_path(PathBuf::from(typed)), PathBuf::from(saved));
    }
}

/// Whether a dialog pattern `*.{ext}` made of letters and `[xX]` classes matches `name`.
fn matches(pattern: &str, name: &str) -> bool {
    let Some(ext) = name.rsplit_once('.').map(|(_, e)| e) else {
        return false;
    };
    let mut classes: Vec<String> = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c == '[' {
            classes.push(chars.by_ref().take_while(|&c| c != ']').collect());
        } else {
            classes.push(c.to_string());
        }
    }
    ext.chars().count() == classes.len()
        && ext
            .chars()
            .zip(&classes)
            .all(|(c, class)| class.contains(c))
}

#[test]
fn the_dialog_filters_show_files_whatever_the_case_of_their_extension() {
    for pattern in dialog_extensions(&["demarc"]) {
        for name in ["acme.demarc", "ACME.DEMARC", "Acme.Demarc"] {
            assert!(
                matches(&pattern, name) || !cfg!(target_os = "linux"),
                "{pattern} misses {name}"
            );
        }
        assert!(!matches(&pattern, "acme.demarcs"));
    }
    let matrix = dialog_extensions(&["xlsx", "csv"]);
    assert_eq!(matrix.len(), 2);
    if cfg!(target_os = "linux") {
        assert!(matches(&matrix[0], "AWS.XLSX") && matches(&matrix[1], "aws.Csv"));
    } else {
        assert_eq!(matrix, ["xlsx", "csv"]);
    }
}

#[test]
fn verbatim_windows_paths_become_the_paths_people_know() {
    for (canonical, plain) in [
        (
            r"\\?\C:\Users\Ana\Client work\Acme.demarc",
            r"C:\Users\Ana\Client work\Acme.demarc",
        ),
        (
            r"\\?\UNC\fileserver\audits\Acme.demarc",
            r"\\fileserver\audits\Acme.demarc",
        ),
        (
            r"\\?\Volume{1234}\Acme.demarc",
            r"\\?\Volume{1234}\Acme.demarc",
        ),
        (
            "/home/ana/Client work/Acme.demarc",
            "/home/ana/Client work/Acme.demarc",
        ),
        (
            "/Users/Ana/Library/Application Support/com.demarc.desktop/demo.demarc",
            "/Users/Ana/Library/Application Support/com.demarc.desktop/demo.demarc",
        ),
    ] {
        assert_eq!(plain_path(Path::new(canonical)), PathBuf::from(plain));
    }
}

#[test]
fn a_data_folder_and_a_file_with_spaces_accents_and_capitals_reopen() {
    let dir = tempfile::tempdir().unwrap();
    // As on macOS and Windows: spaces and capitals in the data folder's path.
    let data_dir = dir
        .path()
        .join("Application Support")
        .join("com.demarc.desktop");
    let file = dir
        .path()
        .join("Clients – Société Générale")
        .join("SG Audit 2027.demarc");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    demarc_store::write_demo(&file).unwrap();

    let state = AppState::start(&data_dir, Some(&file)).unwrap();
    assert_eq!(Path::new(&state.current().unwrap().path), file);
    drop(state);
    let again = AppState::start(&data_dir, None).unwrap();
    assert_eq!(
        PathBuf::from(again.current().unwrap().path)
            .canonicalize()
            .unwrap(),
        file.canonicalize().unwrap(),
        "the next start reopens the file it had open"
    );
}

#[test]
fn a_remembered_path_saved_with_a_windows_line_ending_still_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    let file = dir.path().join("Acme.demarc");
    demarc_store::write_demo(&file).unwrap();
    std::fs::create_dir_all(&data_dir).unwrap();
    std::fs::write(
        data_dir.join("last-opened"),
        format!("{}\r\n", file.display()),
    )
    .unwrap();
    let state = AppState::start(&data_dir, None).unwrap();
    assert_eq!(Path::new(&state.current().unwrap().path), file);
}
