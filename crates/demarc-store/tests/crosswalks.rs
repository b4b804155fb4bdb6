//! Crosswalks in the engagement file: an import stores every pair with its cell and logs it,
//! IDs outside the bundled catalogs are listed and left out, a second import of the same file
//! adds nothing, a file with nothing known is refused with nothing written, the list shows
//! bundled and imported crosswalks with their sources and the cycles between them, and the
//! Rev 4 to Rev 5 lookup carries a real FedRAMP Rev 4 workbook's withdrawn rows.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::path::{Path, PathBuf};

use demarc_core::crosswalk::{CrosswalkIndex, GradeMeaning, IdSpace, Relation, Side, SourceRow};
use demarc_core::imported::Matrix;
use demarc_core::{Engagement, Framework, Ownership, ProviderEntry, Subject};
use demarc_import::{read_crosswalks, read_matrix, CrosswalkOptions, ReadOptions};
use demarc_store::{EngagementFile, StoreError};
use rust_xlsxwriter::{Format, Workbook, Worksheet};
use tempfile::TempDir;

const WHO: &str = "test";

fn rows(sheet: &mut Worksheet, from: u32, rows: &[&[&str]]) {
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if !text.is_empty() {
                sheet
                    .write_string(from + r as u32, c as u16, *text)
                    .unwrap();
            }
        }
    }
}

/// A CCM-like mapping sheet to SOC 2 and ISO 27001: IAM-09 covers CC6.1 (No Gap, in Greek
/// letters), IAM-10 covers CC6.1 too, LOG-01 only partly covers CC7.2; `CC9.9` has the shape
/// of a criterion but is none, `6.1.2` is a clause, not an Annex A control.
fn ccm_mapping(dir: &TempDir) -> PathBuf {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Scope Applicability (Mappings)").unwrap();
    let f = Format::new();
    ws.merge_range(1, 3, 1, 5, "AICPA TSC 2017", &f).unwrap();
    ws.merge_range(1, 6, 1, 8, "ISO 27001:2022", &f).unwrap();
    rows(
        ws,
        0,
        &[
            &["CCM v4.0.12"],
            &[],
            &[
                "Control Domain",
                "Control Title",
                "Control ID",
                "Control Mapping",
                "Gap Level",
                "Addendum",
                "Control Mapping",
                "Gap Level",
                "Addendum",
            ],
            &[
                "",
                "Strong Password Policy",
                "IAM-09",
                "CC6.1\nCC9.9",
                "\u{039D}\u{03BF} Gap",
                "",
                "27001: A.5.17, 27001: 6.1.2",
                "No Gap",
            ],
            &["", "Privileged Access", "IAM-10", "CC6.1", "No Gap"],
            &["", "Logging", "LOG-01", "CC7.2", "Partial Gap"],
        ],
    );
    let path = dir.path().join("CCMv4.0.12.xlsx");
    book.save(&path).unwrap();
    path
}

/// A CAIQ v4-like answer sheet of WhitePact: IAM-09.1 CSP-owned, IAM-10.1 CSC-owned,
/// LOG-01.1 CSP-owned.
fn caiq(dir: &TempDir) -> PathBuf {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("CAIQv4.0.3").unwrap();
    rows(
        ws,
        0,
        &[
            &["Consensus Assessments Initiative Questionnaire v4.0.3"],
            &[
                "Question ID",
                "Question",
                "CSP CAIQ Answer",
                "SSRM Control Ownership",
                "CSP Implementation Description (Optional/Recommended)",
                "CSC Responsibilities (Optional/Recommended)",
                "",
                "",
                "CCM Control ID",
            ],
            &[
                "IAM-09.1",
                "Are passwords strong?",
                "Yes",
                "CSP-owned",
                "",
                "",
                "",
                "",
                "IAM-09",
            ],
            &[
                "IAM-10.1",
                "Is privileged access?",
                "Yes",
                "CSC-owned",
                "",
                "",
                "",
                "",
                "IAM-10",
            ],
            &[
                "LOG-01.1",
                "Is logging?",
                "Yes",
                "CSP-owned",
                "",
                "",
                "",
                "",
                "LOG-01",
            ],
        ],
    );
    let path = dir.path().join("whitepact-caiq.xlsx");
    book.save(&path).unwrap();
    path
}

fn engagement(dir: &TempDir) -> EngagementFile {
    let mut e = Engagement::new("Client");
    e.frameworks = vec![Framework::Soc2];
    EngagementFile::create(&dir.path().join("e.demarc"), &e).unwrap()
}

fn crosswalk_entries(file: &EngagementFile) -> Vec<(i64, String)> {
    file.decisions()
        .unwrap()
        .into_iter()
        .filter_map(|d| match d.about {
            Subject::Crosswalk { crosswalk_id, name } => Some((crosswalk_id, name)),
            _ => None,
        })
        .collect()
}

#[test]
fn an_import_stores_every_pair_with_its_cell_and_logs_each_crosswalk() {
    let dir = TempDir::new().unwrap();
    let mut file = engagement(&dir);
    let read = read_crosswalks(&ccm_mapping(&dir), &CrosswalkOptions::default()).unwrap();
    let report = file.import_crosswalks(read, WHO).unwrap();
    assert_eq!(report.imported.len(), 2);
    let soc2 = &report.imported[0];
    assert_eq!(soc2.pairs, 3, "IAM-09, IAM-10 and LOG-01 to their criteria");
    assert_eq!(soc2.source, "csa_ccm_4");
    assert_eq!(soc2.target, "soc2_tsc_2017");
    assert_eq!(soc2.imported_by.as_deref(), Some(WHO));

    // Left out: a criterion SOC 2 does not have and a clause outside Annex A, with their cells.
    let left_out: Vec<(Side, &str, u32, Option<&str>)> = report
        .unknown
        .iter()
        .flat_map(|u| {
            u.first
                .iter()
                .map(move |x| (u.side, x.id.as_str(), x.at.row, x.at.column.as_deref()))
        })
        .collect();
    assert_eq!(
        left_out,
        [
            (Side::Target, "CC9.9", 4, Some("D")),
            (Side::Target, "27001: 6.1.2", 4, Some("G")),
        ]
    );
    assert!(report.unknown[0].text().contains("bundled SOC 2"));

    // Logged, one entry per crosswalk, in the same file.
    let logged = crosswalk_entries(&file);
    assert_eq!(logged.len(), 2);
    assert_eq!(Some(logged[0].0), soc2.id);

    // Read back after reopening: pairs, grades verbatim, cells.
    let path = file.path().to_path_buf();
    drop(file);
    let file = EngagementFile::open(&path).unwrap();
    let stored = file.crosswalks().unwrap();
    assert_eq!(stored.len(), 2);
    let first = &stored[0].pairs[0];
    assert_eq!(
        (first.source.as_str(), first.target.as_str()),
        ("IAM-09", "CC6.1")
    );
    assert_eq!(
        first.relation,
        Relation::Graded {
            grade: "\u{039D}\u{03BF} Gap".into(),
            meaning: GradeMeaning::Covers
        }
    );
    assert_eq!(first.at.sheet, "Scope Applicability (Mappings)");
    assert_eq!((first.at.row, first.at.column.as_deref()), (4, Some("D")));
    assert_eq!(stored[0].origin.file, "CCMv4.0.12.xlsx");
    assert_eq!(stored[1].target, IdSpace::Iso27001_2022);
    assert_eq!(stored[1].pairs.len(), 1);
}

#[test]
fn the_same_file_twice_adds_nothing() {
    let dir = TempDir::new().unwrap();
    let mut file = engagement(&dir);
    let path = ccm_mapping(&dir);
    let read = || read_crosswalks(&path, &CrosswalkOptions::default()).unwrap();
    file.import_crosswalks(read(), WHO).unwrap();
    let again = file.import_crosswalks(read(), WHO).unwrap();
    assert!(again.imported.is_empty());
    assert_eq!(again.already.len(), 2);
    assert!(again.already[0].contains("already in the engagement"));
    assert_eq!(file.crosswalks().unwrap().len(), 2);
    assert_eq!(crosswalk_entries(&file).len(), 2);
}

#[test]
fn a_file_with_nothing_known_is_refused_and_nothing_is_written() {
    let dir = TempDir::new().unwrap();
    let mut file = engagement(&dir);
    let csv = dir.path().join("nothing.csv");
    std::fs::write(&csv, "CCM v4 ID,SOC 2\nIAM-09,CC9.9\nIAM-10,CC10.1\n").unwrap();
    let read = read_crosswalks(&csv, &CrosswalkOptions::default()).unwrap();
    let before = file.decisions().unwrap().len();
    let e = file.import_crosswalks(read, WHO).unwrap_err();
    match &e {
        StoreError::Invalid { field, message } => {
            assert_eq!(field, "file");
            assert!(
                message.contains("nothing.csv") && message.contains("CC9.9"),
                "{message}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(file.decisions().unwrap().len(), before);
    assert!(file.crosswalks().unwrap().is_empty());
}

#[test]
fn the_list_shows_bundled_and_imported_crosswalks_and_the_cycles_between_them() {
    let dir = TempDir::new().unwrap();
    let mut file = engagement(&dir);
    let before = file.crosswalk_list().unwrap();
    assert_eq!(before.crosswalks.len(), 12);
    assert!(before.crosswalks.iter().all(|c| c.bundled && c.pairs > 0));
    assert!(before.problems.is_empty(), "{:?}", before.problems);
    let asb = before
        .crosswalks
        .iter()
        .find(|c| c.source == "asb_3" && c.target == "nist_800_53_r4")
        .unwrap();
    assert!(asb.origin.licence.contains("CC BY 4.0"));
    assert_eq!(asb.relations.get("unstated"), Some(&asb.pairs));

    // SP 800-53 Rev 5 back to Rev 4, against the bundled Rev 4 to Rev 5: a cycle.
    let json = r#"{"mapping-collection": {"metadata": {"title": "r5 to r4"}, "mappings": [{
        "source-resource": {"href": "catalogs/NIST_SP-800-53_rev5/catalog.json"},
        "target-resource": {"href": "catalogs/NIST_SP-800-53_rev4/catalog.json"},
        "maps": [{"relationship": "equal-to", "sources": [{"id-ref": "ac-2"}],
                  "targets": [{"id-ref": "ac-2"}]}]}]}}"#;
    let path = dir.path().join("r5-to-r4.json");
    std::fs::write(&path, json).unwrap();
    let read = read_crosswalks(&path, &CrosswalkOptions::default()).unwrap();
    file.import_crosswalks(read, WHO).unwrap();
    let after = file.crosswalk_list().unwrap();
    assert_eq!(after.crosswalks.len(), 13);
    let imported = after.crosswalks.last().unwrap();
    assert!(!imported.bundled && imported.id.is_some());
    assert_eq!(imported.relations.get("equal"), Some(&1));
    assert_eq!(after.problems.len(), 1, "{:?}", after.problems);
    assert!(
        after.problems[0].starts_with("cycle:"),
        "{}",
        after.problems[0]
    );
}

/// The provider rows of an imported matrix, as a crosswalk sees them.
fn source_rows(matrix: &Matrix, provider: &str) -> Vec<SourceRow> {
    let mut out = Vec::new();
    for table in &matrix.tables {
        let ids: Vec<&str> = table.rows.iter().map(|r| r.control_id.as_str()).collect();
        let space = IdSpace::of_table(table.layout, &ids).unwrap();
        for row in &table.rows {
            for value in &row.ownership {
                let entry = ProviderEntry {
                    layout: table.layout.id().into(),
                    sheet: table.sheet.clone(),
                    row: row.row,
                    control_id: row.control_id.clone(),
                    normalized: row.control_id_normalized.clone(),
                    scope: value.scope.clone(),
                    label: value.original.clone(),
                    owner: value.normalized,
                    columns: value.columns.clone(),
                    provider_narrative: None,
                    customer_narrative: None,
                    third_party: value.third_party,
                };
                out.push(SourceRow::of(
                    space.clone(),
                    entry,
                    provider,
                    1,
                    &matrix.file,
                ));
            }
        }
    }
    out
}

#[test]
fn a_caiq_matrix_reaches_soc2_through_the_stored_ccm_mapping() {
    let dir = TempDir::new().unwrap();
    let mut file = engagement(&dir);
    let read = read_crosswalks(&ccm_mapping(&dir), &CrosswalkOptions::default()).unwrap();
    file.import_crosswalks(read, WHO).unwrap();
    let matrix = read_matrix(&caiq(&dir), &ReadOptions::default()).unwrap();
    let rows = source_rows(&matrix, "WhitePact");

    let mut crosswalks = demarc_catalogs::bundled_crosswalks().to_vec();
    crosswalks.extend(file.crosswalks().unwrap());
    let reached = CrosswalkIndex::new(&crosswalks).reach(&rows, &IdSpace::Soc2Tsc2017);

    // CC6.1: IAM-09.1 CSP-owned and IAM-10.1 CSC-owned both reach it with No Gap: shared.
    let cc61 = &reached.controls["CC6.1"];
    let decided = cc61.decided.as_ref().unwrap();
    assert_eq!(decided.owner, Ownership::Shared, "{}", decided.reason);
    assert_eq!(cc61.trails.len(), 2);
    let trail = cc61.trails[0].text();
    assert!(
        trail.starts_with(
            "WhitePact IAM-09.1 'CSP-owned' (CAIQv4.0.3, row 3) → CCM IAM-09 → SOC 2 CC6.1"
        ),
        "{trail}"
    );
    assert!(
        trail.contains("Scope Applicability (Mappings) row 4"),
        "{trail}"
    );
    // CC7.2: only a Partial Gap: offered, never decided.
    let cc72 = &reached.controls["CC7.2"];
    assert!(cc72.decided.is_none());
    assert_eq!(cc72.suggested.as_ref().unwrap().owner, Ownership::Provider);
    // CCM rows also reach SOC 2 nowhere else through the bundled crosswalks: CSF 2.0's
    // references to CCM lead to CSF, not to SOC 2.
    assert_eq!(reached.controls.len(), 2);
}

/// `../shared/fixtures/FILE` beside the project (looked for above it, so that a worktree finds
/// it too).
fn fixture(file: &str) -> Option<PathBuf> {
    let found = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .skip(2)
        .map(|dir| dir.join("shared/fixtures").join(file))
        .find(|p| p.is_file());
    if found.is_none() {
        eprintln!("SKIPPED: ../shared/fixtures/{file} not found");
    }
    found
}

#[test]
fn a_real_fedramp_rev4_workbook_loses_no_withdrawn_row() {
    let Some(path) = fixture("cloudgov_CIS-Worksheet_2025.xlsx") else {
        return;
    };
    let matrix = read_matrix(&path, &ReadOptions::default()).unwrap();
    let (mut same, mut withdrawn, mut carried, mut unknown) = (0, Vec::new(), 0, Vec::new());
    for table in &matrix.tables {
        let ids: Vec<&str> = table.rows.iter().map(|r| r.control_id.as_str()).collect();
        assert_eq!(
            IdSpace::of_table(table.layout, &ids),
            Some(IdSpace::Nist80053R4),
            "{}: padded Rev 4 IDs",
            table.sheet
        );
        for row in &table.rows {
            match demarc_catalogs::rev5_successors(&row.control_id) {
                Some(s) if !s.withdrawn => same += 1,
                Some(s) => {
                    carried += usize::from(!s.successors.is_empty());
                    withdrawn.push(format!("{} {}: {}", table.sheet, row.control_id, s.reason));
                }
                None => unknown.push(row.control_id.clone()),
            }
        }
    }
    eprintln!(
        "cloud.gov Rev 4 workbook: {same} rows keep their ID in Rev 5, {} withdrawn ({carried} \
         with a successor): {withdrawn:#?}",
        withdrawn.len()
    );
    assert!(unknown.is_empty(), "rows no Rev 4 control: {unknown:?}");
    // 30 rows per sheet (CIS and CRM) are of controls Rev 5 withdrew; 28 of them reach a
    // successor; SC-19 (a) and (b) have none, and say NIST's reason.
    assert_eq!(withdrawn.len(), 60, "{withdrawn:#?}");
    assert_eq!(carried, 56);
    let no_successor: Vec<&String> = withdrawn
        .iter()
        .filter(|w| w.contains("Technology-specific"))
        .collect();
    assert_eq!(no_successor.len(), 4);
    assert!(withdrawn
        .iter()
        .any(|w| w == "PaaS CRM AC-02 (10): Incorporated into AC-2k"));
    assert_eq!(
        same + withdrawn.len(),
        616 * 2,
        "every row is accounted for"
    );
}
