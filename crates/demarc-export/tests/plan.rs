#![allow(clippy::unwrap_used)]
//! The export plan both front ends run: order, progress, cancel and whole files.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::NaiveDate;
use demarc_export::{ExportData, ExportPlan, Layout, Paper, Step};

/// The demo engagement's data, and an empty folder `out` to export into.
fn demo(dir: &Path) -> (ExportData, PathBuf) {
    let file = demarc_store::write_demo(&dir.join("demo.demarc")).unwrap();
    let at = NaiveDate::from_ymd_opt(2027, 1, 15)
        .unwrap()
        .and_hms_opt(9, 30, 0)
        .unwrap();
    let out = dir.join("out");
    std::fs::create_dir(&out).unwrap();
    (ExportData::load(&file, at).unwrap(), out)
}

fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_run_reports_each_file_as_it_starts_and_once_it_is_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (data, out) = demo(dir.path());
    let plan = ExportPlan::named_after(
        &out.join("demo.demarc"),
        false,
        None,
        &[Layout::Csv, Layout::Kickoff],
    );
    let mut steps = Vec::new();
    let outcome = plan
        .run(&data, &AtomicBool::new(false), &mut |step| {
            steps.push(match step {
                Step::Starting { done, total, file } => {
                    // Nothing of a file shows under its name before it is whole.
                    assert!(!file.path.exists());
                    format!("start {done}/{total} {}", file.path.display())
                }
                Step::Written { file, bytes, .. } => {
                    assert_eq!(std::fs::metadata(&file.path).unwrap().len() as usize, bytes);
                    format!("wrote {}", file.path.display())
                }
            })
        })
        .unwrap();
    let csv = out.join("demo-csv.csv");
    let kickoff = out.join("demo-kickoff.xlsx");
    assert_eq!(
        steps,
        [
            format!("start 0/2 {}", csv.display()),
            format!("wrote {}", csv.display()),
            format!("start 1/2 {}", kickoff.display()),
            format!("wrote {}", kickoff.display()),
        ]
    );
    assert_eq!(outcome.written, [csv, kickoff]);
    assert!(!outcome.cancelled);
    assert_eq!(names_in(&out), ["demo-csv.csv", "demo-kickoff.xlsx"]);
}

#[test]
fn a_cancelled_run_finishes_its_file_and_starts_no_other() {
    let dir = tempfile::tempdir().unwrap();
    let (data, out) = demo(dir.path());
    let plan = ExportPlan::named_after(
        &out.join("demo.demarc"),
        true,
        Some(Paper::A4),
        &[Layout::Csv],
    );
    let cancel = AtomicBool::new(false);
    let outcome = plan
        .run(&data, &cancel, &mut |step| {
            if let Step::Starting { done: 0, .. } = step {
                cancel.store(true, Ordering::SeqCst);
            }
        })
        .unwrap();
    assert!(outcome.cancelled);
    assert_eq!(outcome.written, [out.join("demo.xlsx")]);
    assert_eq!(names_in(&out), ["demo.xlsx"]);
}

#[test]
fn a_file_that_cannot_be_written_stops_the_run_and_leaves_the_earlier_ones() {
    let dir = tempfile::tempdir().unwrap();
    let (data, out) = demo(dir.path());
    std::fs::create_dir(out.join("demo-kickoff.xlsx")).unwrap();
    let plan = ExportPlan::named_after(
        &out.join("demo.demarc"),
        false,
        None,
        &[Layout::Csv, Layout::Kickoff, Layout::Oscal],
    );
    let mut written = Vec::new();
    let err = plan
        .run(&data, &AtomicBool::new(false), &mut |step| {
            if let Step::Written { file, .. } = step {
                written.push(file.path.clone());
            }
        })
        .unwrap_err();
    assert!(err.to_string().contains("demo-kickoff.xlsx"), "{err}");
    assert_eq!(written, [out.join("demo-csv.csv")]);
    assert_eq!(names_in(&out), ["demo-csv.csv", "demo-kickoff.xlsx"]);
}
