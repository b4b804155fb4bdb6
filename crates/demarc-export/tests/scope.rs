#![allow(clippy::unwrap_used)]
//! Exports of chosen frameworks and services.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::{NaiveDate, NaiveDateTime};
use demarc_core::Framework;
use demarc_export::{write_layout, write_workbook, ExportData, Layout, ScopeError};

fn generated_at() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2027, 1, 15)
        .unwrap()
        .and_hms_opt(9, 30, 0)
        .unwrap()
}

fn demo(dir: &std::path::Path) -> ExportData {
    let file = demarc_store::write_demo(&dir.join("demo.demarc")).unwrap();
    ExportData::load(&file, generated_at()).unwrap()
}

fn id(data: &ExportData, name: &str) -> i64 {
    data.view
        .services
        .iter()
        .find(|s| s.name == name)
        .unwrap()
        .id
}

const KEPT: [&str; 2] = ["Microsoft Entra ID", "Stripe Payments"];
const FRAMEWORKS: [Framework; 2] = [Framework::Soc2, Framework::PciDss];

fn mentions_aws(text: &str) -> bool {
    text.contains("AWS") || text.contains("Amazon")
}

#[test]
fn only_the_chosen_services_and_frameworks_remain() {
    let dir = tempfile::tempdir().unwrap();
    let full = demo(dir.path());
    let mut part = full.clone();
    let ids: Vec<i64> = KEPT.iter().map(|n| id(&full, n)).collect();
    part.restrict(&FRAMEWORKS, &ids).unwrap();

    // The matrix: exactly the rows of the chosen pairs and the entity-level rows of the chosen
    // frameworks, and some of each.
    let expected: Vec<_> = full
        .rows
        .iter()
        .filter(|r| {
            r.service_id.is_none_or(|id| ids.contains(&id)) && FRAMEWORKS.contains(&r.framework)
        })
        .cloned()
        .collect();
    assert!(expected.len() < full.rows.len());
    assert!(part.rows == expected, "the rows of the chosen pairs only");
    for f in FRAMEWORKS {
        assert!(
            part.rows
                .iter()
                .any(|r| r.service.is_none() && r.framework == f),
            "the entity rows of {f:?}"
        );
    }
    for name in KEPT {
        for f in FRAMEWORKS {
            assert!(
                part.rows
                    .iter()
                    .any(|r| r.service.as_deref() == Some(name) && r.framework == f),
                "{name} {f:?}"
            );
        }
    }

    // Services, their frameworks and the engagement's frameworks.
    let names: Vec<&str> = part.view.services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, KEPT);
    assert_eq!(part.view.engagement.frameworks, FRAMEWORKS);
    assert!(part
        .view
        .services
        .iter()
        .all(|s| s.frameworks.iter().all(|f| FRAMEWORKS.contains(f))));
    assert_eq!(part.framework_versions().len(), 2);

    // The register: only the providers of the chosen services.
    assert!(full.providers().contains(&"AWS"));
    assert_eq!(part.providers(), ["Microsoft", "Stripe"]);
    assert!(full.attestations.iter().any(|a| a.provider == "AWS"));
    assert!(part.attestations.iter().all(|a| a.provider != "AWS"));

    // Gaps: the kept services' and providers' stay, the others go, and the counts follow.
    let about_kept = |g: &demarc_core::Gap| {
        g.service.as_deref().is_some_and(|s| KEPT.contains(&s))
            || g.provider.as_deref().is_some_and(|p| p == "Stripe")
    };
    let about_aws = |g: &demarc_core::Gap| {
        g.service.as_deref().is_some_and(mentions_aws)
            || g.provider.as_deref().is_some_and(mentions_aws)
    };
    assert!(
        full.gaps.gaps.iter().any(about_aws),
        "the demo has AWS gaps"
    );
    assert!(!part.gaps.gaps.iter().any(about_aws));
    let kept_before = full.gaps.gaps.iter().filter(|g| about_kept(g)).count();
    assert!(kept_before > 0, "the demo has gaps of the kept services");
    assert!(!part
        .gaps
        .gaps
        .iter()
        .any(|g| g.framework == Some(Framework::Hipaa)));
    // A gap of a framework out of scope (an expired ISO certificate of a kept provider) stays.
    let iso = |g: &demarc_core::Gap| g.framework == Some(Framework::Iso27001);
    let iso_kept = full
        .gaps
        .gaps
        .iter()
        .filter(|g| iso(g) && matches!(g.provider.as_deref(), Some("Microsoft" | "Stripe")))
        .count();
    assert_eq!(part.gaps.gaps.iter().filter(|g| iso(g)).count(), iso_kept);
    let total: u32 = part.gaps.by_service.iter().map(|c| c.total).sum();
    assert_eq!(
        total as usize,
        part.gaps
            .gaps
            .iter()
            .filter(|g| g.service.is_some())
            .count()
    );
    assert!(part
        .gaps
        .by_service
        .iter()
        .all(|c| KEPT.contains(&c.key.as_str())));

    // The decision log: nothing about another service or provider.
    assert!(full.decisions.iter().any(|d| mentions_aws(&d.subject)));
    assert!(!part.decisions.iter().any(|d| mentions_aws(&d.subject)));
    assert!(part
        .decisions
        .iter()
        .any(|d| d.subject.contains("Stripe Payments")));
}

fn cells(bytes: Vec<u8>) -> Vec<String> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        for cell in range.used_cells() {
            if let Data::String(s) = cell.2 {
                out.push(s.clone());
            }
        }
    }
    out
}

#[test]
fn a_restricted_workbook_names_no_other_service() {
    let dir = tempfile::tempdir().unwrap();
    let full = demo(dir.path());
    let mut part = full.clone();
    let ids: Vec<i64> = KEPT.iter().map(|n| id(&full, n)).collect();
    part.restrict(&FRAMEWORKS, &ids).unwrap();

    let before = cells(write_workbook(&full).unwrap());
    assert!(before.iter().any(|c| c.contains("Amazon EC2")));
    for bytes in [
        write_workbook(&part).unwrap(),
        write_layout(&part, Layout::Kickoff).unwrap(),
    ] {
        let after = cells(bytes);
        assert!(after.iter().any(|c| c.contains("Stripe Payments")));
        assert!(
            !after.iter().any(|c| c.contains("Amazon EC2")),
            "{:?}",
            after.iter().find(|c| c.contains("Amazon EC2"))
        );
    }
    let csv = String::from_utf8(write_layout(&part, Layout::Csv).unwrap()).unwrap();
    assert!(!csv.contains("HIPAA") && !csv.contains("hipaa"), "{csv}");
}

#[test]
fn choosing_all_keeps_everything_and_unknown_choices_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let full = demo(dir.path());
    let mut all = full.clone();
    let frameworks = full.view.engagement.frameworks.clone();
    let ids: Vec<i64> = full.view.services.iter().map(|s| s.id).collect();
    all.restrict(&frameworks, &ids).unwrap();
    // Compared whole, reported short: the values are large.
    assert!(all.rows == full.rows, "the rows changed");
    assert!(all.gaps == full.gaps, "the gaps changed");
    assert!(all.decisions == full.decisions, "the decision log changed");
    assert!(
        all.attestations == full.attestations,
        "the attestations changed"
    );
    assert_eq!(
        write_workbook(&all).unwrap(),
        write_workbook(&full).unwrap()
    );

    let mut data = full.clone();
    assert_eq!(
        data.restrict(&[Framework::Fedramp], &ids),
        Err(ScopeError::Framework(Framework::Fedramp))
    );
    assert_eq!(
        data.restrict(&frameworks, &[9999]),
        Err(ScopeError::Service(9999))
    );
    assert!(data.rows == full.rows, "a refused choice changes nothing");
}

#[test]
fn a_framework_brought_in_for_a_service_left_out_stays_out_of_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let mut file = demarc_store::write_demo(&dir.path().join("demo.demarc")).unwrap();
    // What the import wizard does before importing a matrix: PCI DSS for Amazon S3.
    let s3 = file.service_id("Amazon S3").unwrap();
    file.add_framework(s3, Framework::PciDss, "t").unwrap();
    let full = ExportData::load(&file, generated_at()).unwrap();
    let mut part = full.clone();
    let ids: Vec<i64> = KEPT.iter().map(|n| id(&full, n)).collect();
    part.restrict(&FRAMEWORKS, &ids).unwrap();

    let about_s3 = |d: &demarc_core::Decision| d.subject.contains("Amazon S3");
    assert!(full
        .decisions
        .iter()
        .any(|d| about_s3(d) && d.new_value.as_deref() == Some(Framework::PciDss.id())));
    assert!(
        !part.decisions.iter().any(about_s3),
        "{:?}",
        part.decisions.iter().find(|d| about_s3(d))
    );
}

#[test]
fn services_whose_names_need_escaping_are_told_apart() {
    let dir = tempfile::tempdir().unwrap();
    let mut engagement = demarc_core::Engagement::new("Client");
    engagement.frameworks = vec![Framework::Soc2];
    let mut file =
        demarc_store::EngagementFile::create(&dir.path().join("c.demarc"), &engagement).unwrap();
    let names = [
        "EC2",
        "EC2 \"Spot\"",
        "say \"hi\"",
        "back\\slash",
        "tab\there",
        "Ελληνική",
        "bell\u{7}",
    ];
    for name in names {
        let s = file
            .add_service(
                &demarc_core::NewService {
                    name: name.into(),
                    provider: "Cloud".into(),
                    model: demarc_core::ServiceModel::Iaas,
                    sensitivity: demarc_core::Sensitivity::Medium,
                    data_types: vec![],
                    frameworks: vec![Framework::Soc2],
                },
                "t",
            )
            .unwrap();
        file.set_layer_owner(
            s.id,
            demarc_core::Layer::Os,
            demarc_core::Ownership::Shared,
            "why",
            "t",
        )
        .unwrap();
    }
    let full = ExportData::load(&file, generated_at()).unwrap();
    for name in names {
        let mut part = full.clone();
        part.restrict(&[Framework::Soc2], &[id(&full, name)])
            .unwrap();
        let quoted = format!("service {name:?}");
        assert_eq!(part.decisions.len(), 2, "{name}: added, and its layer");
        assert!(
            part.decisions
                .iter()
                .all(|d| d.subject == quoted || d.subject.starts_with(&format!("{quoted} "))),
            "{name}: {:?}",
            part.decisions
        );
    }
}
