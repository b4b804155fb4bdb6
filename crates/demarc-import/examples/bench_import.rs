//! Import speed against two peers, on every spreadsheet in `../shared/fixtures` and
//! `../shared/catalogs`: Demarc's full `inspect` (detection, vocabulary, report), a bare calamine
//! read of every cell of every sheet (the floor: Demarc reads through calamine), and openpyxl
//! loading each workbook and reading every cell (`scripts/bench/openpyxl_read.py`). Each time is
//! the median of several runs; Demarc and calamine run by turns. Build in release:
//! `scripts/bench-import` does it all.
//!
//! `bench_import [--runs N] [--no-python] [--python PATH]` (the Python that has openpyxl;
//! `python3` by default)

use std::error::Error;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use calamine::{open_workbook_auto, Data, Reader};

const SPREADSHEETS: [&str; 5] = ["xlsx", "xlsm", "xls", "ods", "csv"];

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs = match args.iter().position(|a| a == "--runs") {
        Some(i) => args.get(i + 1).ok_or("--runs needs a number")?.parse()?,
        None => 7,
    };
    let with_python = !args.iter().any(|a| a == "--no-python");
    let python = match args.iter().position(|a| a == "--python") {
        Some(i) => args.get(i + 1).ok_or("--python needs a path")?.clone(),
        None => "python3".to_string(),
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let files = spreadsheets(&root.join("../shared"))?;
    if files.is_empty() {
        println!("SKIPPED: no spreadsheets in ../shared/fixtures or ../shared/catalogs");
        return Ok(());
    }

    let openpyxl = if with_python {
        openpyxl_times(
            &python,
            &root.join("scripts/bench/openpyxl_read.py"),
            runs,
            &files,
        )?
    } else {
        vec![None; files.len()]
    };

    println!("median of {runs} runs, milliseconds");
    println!(
        "{:<58} {:>8} {:>9} {:>9} {:>10} {:>9}",
        "file", "demarc", "calamine", "openpyxl", "openpyxl/d", "d/calam."
    );
    let (mut demarc_total, mut calamine_total, mut openpyxl_total) = (0.0, 0.0, 0.0);
    for (file, python) in files.iter().zip(&openpyxl) {
        // Run by turns, so that a change in the machine's load falls on both alike.
        let (demarc, calamine) = medians(
            runs,
            || {
                // Files without a recognisable matrix (the catalogs) still cost a full read.
                let _ = demarc_import::inspect(file);
            },
            || read_every_cell(file),
        );
        demarc_total += demarc;
        calamine_total += calamine;
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        match python {
            Some(python) => {
                openpyxl_total += python;
                println!(
                    "{name:<58} {demarc:>8.1} {calamine:>9.1} {python:>9.1} {:>10.1} {:>9.2}",
                    python / demarc,
                    demarc / calamine
                );
            }
            None => println!(
                "{name:<58} {demarc:>8.1} {calamine:>9.1} {:>9} {:>10} {:>9.2}",
                "-",
                "-",
                demarc / calamine
            ),
        }
    }
    let python_total = if with_python {
        format!(
            "{openpyxl_total:>9.1} {:>10.1}",
            openpyxl_total / demarc_total
        )
    } else {
        format!("{:>9} {:>10}", "-", "-")
    };
    println!(
        "{:<58} {demarc_total:>8.1} {calamine_total:>9.1} {python_total} {:>9.2}",
        "total",
        demarc_total / calamine_total
    );
    println!(
        "aims: openpyxl/demarc >= 30 (total {}), demarc/calamine <= 1.3 (total {:.2})",
        if with_python {
            format!("{:.1}", openpyxl_total / demarc_total)
        } else {
            "not run".to_string()
        },
        demarc_total / calamine_total
    );
    Ok(())
}

/// The spreadsheets of the fixtures and catalogs folders, sorted.
fn spreadsheets(shared: &Path) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    let mut files = Vec::new();
    for folder in ["fixtures", "catalogs"] {
        let Ok(entries) = std::fs::read_dir(shared.join(folder)) else {
            continue;
        };
        for entry in entries {
            let path = entry?.path();
            let ext = path
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            if SPREADSHEETS.contains(&ext.as_str()) {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Median wall-clock times of `runs` calls of `f` and of `g`, taken by turns, in milliseconds,
/// after one warm-up call of each.
fn medians(runs: usize, mut f: impl FnMut(), mut g: impl FnMut()) -> (f64, f64) {
    f();
    g();
    let time = |h: &mut dyn FnMut()| {
        let start = Instant::now();
        h();
        start.elapsed().as_secs_f64() * 1000.0
    };
    let (mut fs, mut gs) = (Vec::new(), Vec::new());
    for _ in 0..runs.max(1) {
        fs.push(time(&mut f));
        gs.push(time(&mut g));
    }
    let median = |mut times: Vec<f64>| {
        times.sort_by(f64::total_cmp);
        times[times.len() / 2]
    };
    (median(fs), median(gs))
}

/// The floor: calamine opens the workbook and every cell of every sheet is looked at.
fn read_every_cell(file: &Path) {
    let Ok(mut book) = open_workbook_auto(file) else {
        return;
    };
    let mut filled = 0usize;
    for name in book.sheet_names() {
        if let Ok(range) = book.worksheet_range(&name) {
            filled += range
                .used_cells()
                .filter(|(_, _, v)| **v != Data::Empty)
                .count();
        }
    }
    std::hint::black_box(filled);
}

/// Runs the openpyxl peer once over all files; its medians in file order.
fn openpyxl_times(
    python: &str,
    script: &Path,
    runs: usize,
    files: &[PathBuf],
) -> Result<Vec<Option<f64>>, Box<dyn Error>> {
    let output = Command::new(python)
        .arg(script)
        .arg(runs.to_string())
        .args(files)
        .output()?;
    if !output.status.success() {
        return Err(format!(
            "the openpyxl peer failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    let stdout = String::from_utf8(output.stdout)?;
    Ok(files
        .iter()
        .map(|file| {
            stdout
                .lines()
                .filter_map(|l| l.split_once('\t'))
                .find(|(path, _)| Path::new(path) == file)
                .and_then(|(_, ms)| ms.parse().ok())
        })
        .collect())
}
