#![allow(clippy::unwrap_used)]
//! The readiness report and the accepted risks in the workbook, read back: the PDF through
//! pdftotext, the workbook through calamine.

use std::io::Cursor;
use std::process::Command;

use calamine::{Reader, Xlsx};
use chrono::Days;
use demarc_core::plan::{NewRiskAcceptance, PlanLevel};
use demarc_export::{write_readiness, write_workbook, ExportData, Paper};
use demarc_store::{today, write_demo};

const WHO: &str = "export-test";

fn pdftotext(bytes: &[u8], dir: &std::path::Path) -> Option<String> {
    let path = dir.join("readiness.pdf");
    std::fs::write(&path, bytes).unwrap();
    match Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
    {
        Ok(out) => {
            assert!(out.status.success());
            Some(String::from_utf8_lossy(&out.stdout).into_owned())
        }
        Err(_) => None,
    }
}

#[test]
fn the_readiness_report_and_the_workbook_show_owners_and_accepted_risks() {
    let dir = tempfile::tempdir().unwrap();
    let mut file = write_demo(&dir.path().join("demo.demarc")).unwrap();
    file.add_team_member("Dana Ruiz", "Cloud lead", WHO)
        .unwrap();
    let plan = file.gap_plan(today(), None).unwrap();
    let group = plan
        .items
        .iter()
        .find(|i| i.level == PlanLevel::Task)
        .unwrap();
    file.assign(&group.id, Some("Dana Ruiz"), None, WHO)
        .unwrap();
    let eks = plan
        .items
        .iter()
        .find(|i| i.kind == "aoc_service_missing")
        .unwrap();
    let expires = today().checked_add_days(Days::new(90)).unwrap();
    file.accept_risk(
        &eks.id,
        &NewRiskAcceptance {
            reason: "No cardholder data on EKS this year".into(),
            approver: "Chief Information Security Officer".into(),
            expires,
        },
        WHO,
    )
    .unwrap();
    let at = today().and_hms_opt(9, 0, 0).unwrap();
    let data = ExportData::load(&file, at).unwrap();
    assert_eq!(data.gaps.accepted.len() as u32, eks.count);

    // The workbook's Gaps sheet lists the accepted gaps after the open ones.
    let bytes = write_workbook(&data).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let gaps = book.worksheet_range("Gaps").unwrap();
    let accepted: Vec<_> = gaps.rows().filter(|r| r[0] == "accepted").collect();
    assert_eq!(accepted.len() as u32, eks.count);
    assert!(accepted[0][10].to_string().contains(&format!(
        "Chief Information Security Officer until {expires}"
    )));
    assert_eq!(
        accepted[0][8].to_string(),
        "No cardholder data on EKS this year"
    );
    assert_eq!(
        gaps.height(),
        data.gaps.gaps.len() + data.gaps.accepted.len() + 2
    );

    // The readiness report: its sections, the owner, the accepted risk.
    let progress = file.burndown(today()).unwrap();
    let pdf = write_readiness(&data, &progress, Paper::A4).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let Some(text) = pdftotext(&pdf, dir.path()) else {
        println!("SKIPPED: pdftotext is not on PATH (install poppler-utils)");
        return;
    };
    for heading in [
        "Audit readiness",
        "Burn-down",
        "Management items",
        "Task groups",
        "Owners",
        "Accepted risks",
    ] {
        assert!(text.contains(heading), "{heading} missing:\n{text}");
    }
    assert!(text.contains("Dana Ruiz"), "{text}");
    assert!(text.contains("No cardholder data on EKS"), "{text}");
    assert!(text.contains("Page 1 of"), "{text}");
    let (management, tasks) = file.gap_plan(today(), None).unwrap().open_counts();
    assert!(
        text.contains(&format!(
            "{management} management items and {tasks} tasks open"
        )),
        "{text}"
    );
}
