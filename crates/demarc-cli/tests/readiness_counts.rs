//! The readiness report, the work plan's JSON, the workbook's Gaps sheet and the matrix count
//! the same things, and say what they count (rows, controls, other findings): the PDF read
//! back through pdftotext, the workbook through calamine.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx};
use serde_json::Value;

const DAY: &str = "2027-01-15";

fn demarc() -> Command {
    let mut cmd = Command::cargo_bin("demarc").unwrap();
    cmd.env("DEMARC_USER", "cli-test");
    cmd
}

fn json(args: &[&str]) -> Value {
    let out = demarc().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The PDF's text in drawing order, each run of white space one space.
fn pdf_text(path: &Path) -> Option<String> {
    let out = Process::new("pdftotext")
        .args(["-raw", path.to_str().unwrap(), "-"])
        .output()
        .ok()?;
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn cell(row: &[Data], i: usize) -> String {
    row.get(i).map(|c| c.to_string()).unwrap_or_default()
}

#[test]
fn the_readiness_report_the_plan_json_the_workbook_and_the_matrix_count_alike() {
    let dir = tempfile::tempdir().unwrap();
    demarc().arg("demo").arg(dir.path()).assert().success();
    let file = dir.path().join("demo.demarc");
    let file = file.to_str().unwrap();
    let report = dir.path().join("readiness.pdf");
    let book = dir.path().join("book.xlsx");
    demarc()
        .args(["export", file, "--readiness", report.to_str().unwrap()])
        .args(["--xlsx", book.to_str().unwrap()])
        .args(["--generated-at", &format!("{DAY}T09:00:00Z")])
        .assert()
        .success();
    let plan = json(&["gaps", "--grouped", "--json", "--today", DAY, file]);
    let items = plan["items"].as_array().unwrap();
    let matrix = json(&["matrix", "--json", file]);
    let mut in_matrix: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in matrix.as_array().unwrap() {
        in_matrix
            .entry(r["framework"].as_str().unwrap().to_string())
            .or_default()
            .insert(r["control"].as_str().unwrap().to_string());
    }

    // The JSON: every item says what it counts, and its counts add up to its gaps. The
    // controls it counts are the matrix's, and a task group's title counts the same.
    let mut all_gaps = 0;
    for i in items {
        let counted = &i["counted"];
        assert_eq!(counted["gaps"], i["count"], "{i}");
        all_gaps += i["count"].as_u64().unwrap();
        let findings: u64 = counted["findings"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_u64().unwrap())
            .sum();
        assert_eq!(
            counted["row_gaps"].as_u64().unwrap() + findings,
            i["count"].as_u64().unwrap()
        );
        let mut controls: BTreeSet<(String, String)> = BTreeSet::new();
        let mut frameworks: BTreeSet<String> = BTreeSet::new();
        for m in i["members"].as_array().unwrap() {
            let (Some(f), Some(c)) = (m["framework"].as_str(), m["control"].as_str()) else {
                continue;
            };
            if in_matrix.get(f).is_some_and(|set| set.contains(c)) {
                controls.insert((f.to_string(), c.to_string()));
                frameworks.insert(f.to_string());
            }
        }
        assert_eq!(
            counted["controls"].as_u64().unwrap() as usize,
            controls.len(),
            "{i}"
        );
        if i["level"] == "task" {
            let title = i["title"].as_str().unwrap();
            assert!(
                title.contains(&format!("({} control", controls.len())),
                "{title} counts other than the {} distinct controls",
                controls.len()
            );
            // A framework's group never counts more controls than the matrix has.
            if let [f] = frameworks.iter().collect::<Vec<_>>()[..] {
                assert!(controls.len() <= in_matrix[f].len(), "{title}");
            }
        }
        // The days of the window without SOC 2 coverage are counted as services, not rows.
        if i["kind"] == "soc2_window_gap" {
            let words = counted["words"].as_str().unwrap();
            assert!(words.contains("without SOC 2 coverage"), "{words}");
        }
    }

    // The readiness report: the same entries, each with its title and the same counts.
    match pdf_text(&report) {
        None => println!("SKIPPED: pdftotext is not installed, the readiness report is not read"),
        Some(text) => {
            let management = items.iter().filter(|i| i["level"] == "management").count();
            let entries = format!(
                "Entries {} ({management} management items, {} task groups)",
                items.len(),
                items.len() - management
            );
            assert!(text.contains(&entries), "{entries} not in {text}");
            assert!(text.contains(&format!("Open gaps {all_gaps}: ")), "{text}");
            for i in items {
                let title = squeeze(i["title"].as_str().unwrap());
                let words = i["counted"]["words"].as_str().unwrap();
                assert!(text.contains(&title), "{title} not in the report");
                assert!(
                    text.contains(&format!(
                        "{} {words}",
                        squeeze(i["scope"].as_str().unwrap())
                    )) || text.contains(&format!("gaps: {words}"))
                        || text.contains(&format!("gap: {words}")),
                    "{title}: '{words}' not in the report"
                );
            }
        }
    }

    // The workbook's Gaps sheet: one line per open gap, each naming its entry; an entry's
    // lines are its count, their controls its controls.
    let mut wb: Xlsx<_> = calamine::open_workbook(&book).unwrap();
    let sheet = wb.worksheet_range("Gaps").unwrap();
    let mut lines: BTreeMap<String, (u64, BTreeSet<(String, String)>)> = BTreeMap::new();
    let head: Vec<String> = sheet
        .rows()
        .nth(1)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let (kind, framework, control, item) =
        (col("Kind"), col("Framework"), col("Control"), col("Item"));
    for row in sheet.rows().skip(2).filter(|r| cell(r, 0) != "accepted") {
        let entry = lines.entry(cell(row, item)).or_default();
        entry.0 += 1;
        let on_row = !matches!(
            cell(row, kind).as_str(),
            "cuec_no_owner"
                | "cuec_unmapped"
                | "cuec_no_evidence"
                | "cuecs_unconfirmed"
                | "exceptions_unrecorded"
                | "exception_unassessed"
                | "csoc_unsupported"
        );
        if on_row && !cell(row, control).is_empty() {
            entry.1.insert((cell(row, framework), cell(row, control)));
        }
    }
    let total: u64 = lines.values().map(|(n, _)| n).sum();
    assert_eq!(total, all_gaps);
    assert_eq!(lines.len(), items.len(), "{:?}", lines.keys());
    for i in items {
        let (n, controls) = &lines[i["title"].as_str().unwrap()];
        assert_eq!(*n, i["count"].as_u64().unwrap(), "{}", i["title"]);
        assert_eq!(
            controls.len() as u64,
            i["counted"]["controls"].as_u64().unwrap(),
            "{}",
            i["title"]
        );
    }
}
