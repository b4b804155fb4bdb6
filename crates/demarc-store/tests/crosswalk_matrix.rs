//! Ownership travels across crosswalks in the control matrix: provider rows in another
//! framework's IDs decide a control of the audit's framework (`source: crosswalk`) through
//! strong relationships, below an override and a same-framework row, above the layer default;
//! weak relationships only suggest until a person accepts; entity-level controls and rows with
//! an override are never changed; chains through one pivot say so.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::path::{Path, PathBuf};

use demarc_core::crosswalk::IdSpace;
use demarc_core::{
    ControlSelector, Engagement, Framework, MatrixFilter, MatrixRow, NewService, OwnerSource,
    Ownership, Scope, Sensitivity, ServiceModel, Subject,
};
use demarc_import::{read_crosswalks, read_matrix, CrosswalkOptions, ReadOptions};
use demarc_store::{EngagementFile, MatrixImport};
use rust_xlsxwriter::{Format, Workbook};
use tempfile::TempDir;

const WHO: &str = "test";

/// A CCM-like mapping sheet to SOC 2: `(CCM control, SOC 2 cell, gap level)`.
fn ccm_mapping(dir: &TempDir, rows: &[(&str, &str, &str)]) -> PathBuf {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Scope Applicability (Mappings)").unwrap();
    ws.write_string(0, 0, "CCM v4.0.12").unwrap();
    ws.merge_range(1, 3, 1, 5, "AICPA TSC 2017", &Format::new())
        .unwrap();
    let header = [
        "Control Domain",
        "Control Title",
        "Control ID",
        "Control Mapping",
        "Gap Level",
        "Addendum",
    ];
    for (c, title) in header.iter().enumerate() {
        ws.write_string(2, c as u16, *title).unwrap();
    }
    for (r, (id, cell, gap)) in rows.iter().enumerate() {
        let r = r as u32 + 3;
        ws.write_string(r, 1, "A control").unwrap();
        ws.write_string(r, 2, *id).unwrap();
        ws.write_string(r, 3, *cell).unwrap();
        ws.write_string(r, 4, *gap).unwrap();
    }
    let path = dir.path().join("CCMv4.0.12.xlsx");
    book.save(&path).unwrap();
    path
}

/// A CAIQ v4-like answer sheet: `(question, SSRM Control Ownership)`.
fn caiq(dir: &TempDir, rows: &[(&str, &str)]) -> PathBuf {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("CAIQv4.0.3").unwrap();
    ws.write_string(
        0,
        0,
        "Consensus Assessments Initiative Questionnaire v4.0.3",
    )
    .unwrap();
    let header = [
        "Question ID",
        "Question",
        "CSP CAIQ Answer",
        "SSRM Control Ownership",
        "CSP Implementation Description (Optional/Recommended)",
        "CSC Responsibilities (Optional/Recommended)",
        "",
        "",
        "CCM Control ID",
    ];
    for (c, title) in header.iter().enumerate() {
        if !title.is_empty() {
            ws.write_string(1, c as u16, *title).unwrap();
        }
    }
    for (r, (id, label)) in rows.iter().enumerate() {
        let r = r as u32 + 2;
        ws.write_string(r, 0, *id).unwrap();
        ws.write_string(r, 1, "Is it done?").unwrap();
        ws.write_string(r, 2, "Yes").unwrap();
        ws.write_string(r, 3, *label).unwrap();
        ws.write_string(r, 8, id.rsplit_once('.').unwrap().0)
            .unwrap();
    }
    let path = dir.path().join("whitepact-caiq.xlsx");
    book.save(&path).unwrap();
    path
}

/// A FedRAMP Rev 5 CRM: `(control, Can Be Inherited from CSP)`.
fn crm(dir: &TempDir, rows: &[(&str, &str)]) -> PathBuf {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("CRM").unwrap();
    ws.write_string(0, 0, "Acme Customer Responsibility Matrix")
        .unwrap();
    let header = [
        "Control ID",
        "Can Be Inherited from CSP",
        "Specific Inheritance and Customer Agency/CSP Responsibilities",
    ];
    for (c, title) in header.iter().enumerate() {
        ws.write_string(1, c as u16, *title).unwrap();
    }
    for (r, (id, label)) in rows.iter().enumerate() {
        ws.write_string(r as u32 + 2, 0, *id).unwrap();
        ws.write_string(r as u32 + 2, 1, *label).unwrap();
    }
    let path = dir.path().join("acme-crm.xlsx");
    book.save(&path).unwrap();
    path
}

fn engagement(dir: &TempDir, frameworks: &[Framework]) -> EngagementFile {
    let mut e = Engagement::new("Client");
    e.frameworks = frameworks.to_vec();
    EngagementFile::create(&dir.path().join("client.demarc"), &e).unwrap()
}

fn service(file: &mut EngagementFile, name: &str, provider: &str, frameworks: &[Framework]) {
    file.add_service(
        &NewService {
            name: name.into(),
            provider: provider.into(),
            model: ServiceModel::Saas,
            sensitivity: Sensitivity::Medium,
            data_types: vec![],
            frameworks: frameworks.to_vec(),
        },
        WHO,
    )
    .unwrap();
}

fn import(file: &mut EngagementFile, path: &Path, provider: &str) {
    let matrix = read_matrix(path, &ReadOptions::default()).unwrap();
    let request = MatrixImport {
        provider: provider.into(),
        ..MatrixImport::default()
    };
    file.import_matrix(matrix, &request, WHO).unwrap();
}

fn import_crosswalk(file: &mut EngagementFile, path: &Path, options: CrosswalkOptions) {
    let read = read_crosswalks(path, &options).unwrap();
    file.import_crosswalks(read, WHO).unwrap();
}

fn row(file: &EngagementFile, service: Option<&str>, framework: Framework, id: &str) -> MatrixRow {
    file.matrix(&MatrixFilter {
        framework: Some(framework),
        ..MatrixFilter::default()
    })
    .unwrap()
    .into_iter()
    .find(|r| r.control_id == id && r.service.as_deref() == service)
    .unwrap_or_else(|| panic!("no row {id} for {service:?}"))
}

const SOC2_CAIQ: &[(&str, &str)] = &[
    ("IAM-09.1", "CSP-owned"),
    ("IAM-10.1", "CSC-owned"),
    ("IAM-02.1", "CSP-owned"),
    ("IAM-03.1", "Shared CSP and 3rd-party"),
    ("IAM-04.1", "Vendor decides"),
    ("LOG-01.1", "CSP-owned"),
    ("GRC-01.1", "CSP-owned"),
    ("DSP-01.1", "CSC-owned"),
];

const SOC2_MAPPING: &[(&str, &str, &str)] = &[
    ("IAM-09", "CC6.1", "No Gap"),
    ("IAM-10", "CC6.1", "\u{039D}o Gap"),
    ("IAM-02", "CC6.2", "No Gap"),
    ("IAM-03", "CC6.2", "No Gap"),
    ("IAM-04", "\nCC6.3", "No Gap"),
    ("LOG-01", "CC7.2", "Partial Gap"),
    ("GRC-01", "CC1.1", "No Gap"),
    ("DSP-01", "CC6.6", "No Gap"),
];

/// A SOC 2 engagement with WhitePact's CAIQ and CSA's CCM mapping, CC6.6 overridden first.
fn soc2(dir: &TempDir) -> EngagementFile {
    let mut file = engagement(dir, &[Framework::Soc2]);
    service(&mut file, "WhitePact CRM", "WhitePact", &[Framework::Soc2]);
    let sid = file.services().unwrap()[0].id;
    file.set_control_owner(
        Some(sid),
        Some(Framework::Soc2),
        &ControlSelector::Control("CC6.6".into()),
        Ownership::Shared,
        "firewall rules agreed in the workshop",
        WHO,
    )
    .unwrap();
    import(&mut file, &caiq(dir, SOC2_CAIQ), "WhitePact");
    import_crosswalk(
        &mut file,
        &ccm_mapping(dir, SOC2_MAPPING),
        CrosswalkOptions::default(),
    );
    file
}

#[test]
fn a_caiq_matrix_decides_soc2_rows_through_a_ccm_mapping() {
    let dir = TempDir::new().unwrap();
    let file = soc2(&dir);
    let at = |id| row(&file, Some("WhitePact CRM"), Framework::Soc2, id);

    // Two rows both sides of the line: shared, each trail kept.
    let cc61 = at("CC6.1");
    assert_eq!(
        (cc61.owner, cc61.source),
        (Ownership::Shared, OwnerSource::Crosswalk)
    );
    let reach = cc61.crosswalk.as_ref().unwrap();
    assert_eq!(reach.trails.len(), 2);
    let line = cc61.trail_line().unwrap();
    assert!(
        line.starts_with(
            "WhitePact IAM-09.1 'CSP-owned' (CAIQv4.0.3, row 3) → CCM IAM-09 → SOC 2 CC6.1"
        ),
        "{line}"
    );
    assert!(
        line.contains("No Gap") && line.ends_with("(and 1 more)"),
        "{line}"
    );

    // All on the provider's side (a third party too): the provider's, no attestation on file.
    let cc62 = at("CC6.2");
    assert_eq!(
        (cc62.owner, cc62.source),
        (Ownership::Provider, OwnerSource::Crosswalk)
    );
    assert!(cc62.provider_source.is_none());

    // A label nobody mapped: undetermined, naming the row.
    let cc63 = at("CC6.3");
    assert_eq!(
        (cc63.owner, cc63.source),
        (Ownership::Undetermined, OwnerSource::Crosswalk)
    );
    let why = &cc63
        .crosswalk
        .as_ref()
        .unwrap()
        .decided
        .as_ref()
        .unwrap()
        .reason;
    assert!(
        why.contains("WhitePact IAM-04.1 (CAIQv4.0.3, row 7)"),
        "{why}"
    );
    assert!(why.contains("Vendor decides"), "{why}");

    // A partial gap only suggests: the layer default stays in force.
    let cc72 = at("CC7.2");
    assert_eq!(cc72.source, OwnerSource::LayerDefault);
    let suggestion = cc72.crosswalk.as_ref().unwrap();
    assert!(suggestion.decided.is_none());
    assert_eq!(
        suggestion.suggested.as_ref().unwrap().owner,
        Ownership::Provider
    );
    assert!(suggestion.suggestions[0].text().ends_with("[suggestion]"));
    assert!(cc72.trail_line().is_none());

    // An override is untouched.
    let cc66 = at("CC6.6");
    assert_eq!(
        (cc66.owner, cc66.source),
        (Ownership::Shared, OwnerSource::Override)
    );

    // An entity-level control is the client's own: a vendor's answer never decides it.
    let cc11 = row(&file, None, Framework::Soc2, "CC1.1");
    assert_eq!(cc11.scope, Scope::Entity);
    assert_eq!(cc11.source, OwnerSource::LayerDefault);
    assert!(cc11.crosswalk.is_none());
    assert!(file
        .matrix(&MatrixFilter::default())
        .unwrap()
        .iter()
        .all(|r| r.scope == Scope::System || r.source != OwnerSource::Crosswalk));
}

#[test]
fn a_crosswalked_provider_row_is_inherited_only_under_a_covering_attestation() {
    let dir = TempDir::new().unwrap();
    let file = soc2(&dir);
    let cc62 = row(&file, Some("WhitePact CRM"), Framework::Soc2, "CC6.2");
    // No attestation on file: the provider's, a gap to close.
    assert_eq!(cc62.owner, Ownership::Provider);
    assert!(cc62.attestation.is_none());
}

/// 800-53 Rev 5 to HIPAA, a user's own two-column mapping: IA-2 equals 164.312(d); AU-2 is a
/// superset of 164.312(b) (weak).
fn hipaa_mapping(dir: &TempDir) -> PathBuf {
    let path = dir.path().join("800-53-to-hipaa.csv");
    std::fs::write(
        &path,
        "NIST SP 800-53 Rev 5,HIPAA Security Rule,Relationship\n\
         IA-2,164.312(d),equal\n\
         AU-2,164.312(b),superset of\n",
    )
    .unwrap();
    path
}

/// CCM v4 to 800-53 Rev 5, a user's own mapping: IAM-14 equals IA-2.
fn ccm_to_800_53(dir: &TempDir) -> PathBuf {
    let path = dir.path().join("ccm-to-800-53.csv");
    std::fs::write(
        &path,
        "CSA CCM v4,NIST SP 800-53 Rev 5,Relationship\nIAM-14,IA-2,equal\n",
    )
    .unwrap();
    path
}

#[test]
fn a_fedramp_crm_reaches_csf_and_hipaa_rows() {
    let dir = TempDir::new().unwrap();
    let frameworks = [Framework::NistCsf, Framework::Hipaa];
    let mut file = engagement(&dir, &frameworks);
    service(&mut file, "Acme Cloud", "Acme", &frameworks);
    import(
        &mut file,
        &crm(
            &dir,
            &[("AC-2", "Yes"), ("IA-2", "No"), ("AU-2", "Partial")],
        ),
        "Acme",
    );
    let pairs = |source, target| CrosswalkOptions {
        source: Some(source),
        target: Some(target),
        ..CrosswalkOptions::default()
    };
    import_crosswalk(
        &mut file,
        &hipaa_mapping(&dir),
        pairs(IdSpace::Nist80053R5, IdSpace::HipaaSecurityRule),
    );

    // CSF 2.0: NIST's concept crosswalk states no relationship, so AC-2 only suggests.
    let csf = row(&file, Some("Acme Cloud"), Framework::NistCsf, "PR.AA-05");
    assert_eq!(csf.source, OwnerSource::LayerDefault);
    let reach = csf.crosswalk.as_ref().unwrap();
    assert!(reach.decided.is_none());
    let text = reach.suggestions[0].text();
    assert!(
        text.starts_with("Acme AC-2 'Yes' (CRM, row 3) → CSF PR.AA-05"),
        "{text}"
    );

    // HIPAA, where the user's mapping says equal: decided, the customer's (CRM "No").
    let auth = row(&file, Some("Acme Cloud"), Framework::Hipaa, "164.312(d)");
    assert_eq!(auth.scope, Scope::System);
    assert_eq!(
        (auth.owner, auth.source),
        (Ownership::Customer, OwnerSource::Crosswalk)
    );
    let line = auth.trail_line().unwrap();
    assert!(line.contains("→ HIPAA 164.312(d)"), "{line}");
    // A superset only suggests.
    let audit = row(&file, Some("Acme Cloud"), Framework::Hipaa, "164.312(b)");
    assert_ne!(audit.source, OwnerSource::Crosswalk);
    assert_eq!(
        audit
            .crosswalk
            .as_ref()
            .unwrap()
            .suggested
            .as_ref()
            .unwrap()
            .owner,
        Ownership::Shared
    );
}

#[test]
fn a_chain_through_one_pivot_says_so() {
    let dir = TempDir::new().unwrap();
    let frameworks = [Framework::Hipaa];
    let mut file = engagement(&dir, &frameworks);
    service(&mut file, "WhitePact CRM", "WhitePact", &frameworks);
    import(
        &mut file,
        &caiq(&dir, &[("IAM-14.1", "CSP-owned")]),
        "WhitePact",
    );
    let pairs = |source, target| CrosswalkOptions {
        source: Some(source),
        target: Some(target),
        ..CrosswalkOptions::default()
    };
    import_crosswalk(
        &mut file,
        &ccm_to_800_53(&dir),
        pairs(IdSpace::CsaCcm4, IdSpace::Nist80053R5),
    );
    import_crosswalk(
        &mut file,
        &hipaa_mapping(&dir),
        pairs(IdSpace::Nist80053R5, IdSpace::HipaaSecurityRule),
    );
    let auth = row(&file, Some("WhitePact CRM"), Framework::Hipaa, "164.312(d)");
    assert_eq!(
        (auth.owner, auth.source),
        (Ownership::Provider, OwnerSource::Crosswalk)
    );
    let trail = &auth.crosswalk.as_ref().unwrap().trails[0];
    assert_eq!(trail.depth, 2);
    let line = auth.trail_line().unwrap();
    assert!(
        line.starts_with(
            "WhitePact IAM-14.1 'CSP-owned' (CAIQv4.0.3, row 3) → CCM IAM-14 → 800-53 IA-2"
        ),
        "{line}"
    );
    assert!(line.ends_with(", through one pivot"), "{line}");
}

#[test]
fn a_crosswalk_never_changes_a_row_a_person_decided() {
    let dir = TempDir::new().unwrap();
    let mut file = soc2(&dir);
    let sid = file.services().unwrap()[0].id;
    let before = file.decisions().unwrap().len();
    // The CC6.6 override made before the import stands, and reading the matrix logs nothing.
    let cc66 = row(&file, Some("WhitePact CRM"), Framework::Soc2, "CC6.6");
    assert_eq!(cc66.source, OwnerSource::Override);
    assert_eq!(
        cc66.reason.as_deref(),
        Some("firewall rules agreed in the workshop")
    );
    assert_eq!(file.decisions().unwrap().len(), before);
    // An override made after it wins over the crosswalk too.
    file.set_control_owner(
        Some(sid),
        Some(Framework::Soc2),
        &ControlSelector::Control("CC6.1".into()),
        Ownership::Customer,
        "we run the directory",
        WHO,
    )
    .unwrap();
    let cc61 = row(&file, Some("WhitePact CRM"), Framework::Soc2, "CC6.1");
    assert_eq!(
        (cc61.owner, cc61.source),
        (Ownership::Customer, OwnerSource::Override)
    );
    assert!(cc61.crosswalk.as_ref().unwrap().decided.is_some());
    let last = file.decisions().unwrap().pop().unwrap();
    assert!(
        matches!(last.about, Subject::Control { .. }),
        "{:?}",
        last.about
    );
}

#[test]
fn an_accepted_suggestion_becomes_an_override_citing_its_trail_and_is_undone_in_one_step() {
    let dir = TempDir::new().unwrap();
    let mut file = soc2(&dir);
    let sid = file.services().unwrap()[0].id;
    let before = row(&file, Some("WhitePact CRM"), Framework::Soc2, "CC7.2");
    assert_eq!(before.source, OwnerSource::LayerDefault);

    let accepted = file
        .accept_crosswalk_suggestion(sid, Framework::Soc2, "cc7.2", WHO)
        .unwrap();
    assert_eq!(
        (accepted.owner, accepted.source),
        (Ownership::Provider, OwnerSource::Override)
    );
    let reason = accepted.reason.as_deref().unwrap();
    assert!(
        reason.starts_with("crosswalk suggestion accepted: "),
        "{reason}"
    );
    assert!(
        reason.contains(
            "WhitePact LOG-01.1 'CSP-owned' (CAIQv4.0.3, row 8) → CCM LOG-01 → SOC 2 CC7.2"
        ),
        "{reason}"
    );
    assert!(reason.contains("Partial Gap"), "{reason}");
    let logged = file.decisions().unwrap().pop().unwrap();
    assert_eq!(logged.reason.as_deref(), Some(reason));

    // Accepting again, or where nothing is suggested, is refused by field.
    for control in ["CC7.2", "CC6.2", "CC6.6"] {
        let err = file
            .accept_crosswalk_suggestion(sid, Framework::Soc2, control, WHO)
            .unwrap_err();
        assert!(
            matches!(&err, demarc_store::StoreError::Invalid { field, .. } if field == "control"),
            "{err:?}"
        );
    }

    file.undo(WHO).unwrap();
    let undone = row(&file, Some("WhitePact CRM"), Framework::Soc2, "CC7.2");
    assert_eq!((undone.owner, undone.source), (before.owner, before.source));
}

#[test]
fn coverage_counts_each_control_by_its_strongest_reach() {
    let dir = TempDir::new().unwrap();
    let file = soc2(&dir);
    let coverage = file.crosswalk_coverage().unwrap();
    assert_eq!(coverage.len(), 1);
    let soc2 = &coverage[0];
    assert_eq!(soc2.framework, Framework::Soc2);
    // CC6.1, CC6.2, CC6.3 and CC6.6 (overridden, still reached) through the mapping; CC7.2
    // by suggestion; CC1.1 is entity-level.
    assert_eq!((soc2.direct, soc2.crosswalk, soc2.suggestion), (0, 4, 1));
    assert_eq!(
        soc2.controls,
        soc2.direct + soc2.crosswalk + soc2.suggestion + soc2.none + soc2.entity
    );
    assert!(soc2.entity > 0 && soc2.none > 0);
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
fn a_real_rev4_workbook_in_a_rev5_engagement_carries_its_withdrawn_rows_to_their_successors() {
    let Some(path) = fixture("cloudgov_CIS-Worksheet_2025.xlsx") else {
        return;
    };
    let dir = TempDir::new().unwrap();
    let mut file = engagement(&dir, &[Framework::Nist80053]);
    service(&mut file, "cloud.gov", "cloud.gov", &[Framework::Nist80053]);
    let matrix = read_matrix(&path, &ReadOptions::default()).unwrap();
    let report = file
        .import_matrix(
            matrix.clone(),
            &MatrixImport {
                provider: "cloud.gov".into(),
                ..MatrixImport::default()
            },
            WHO,
        )
        .unwrap();
    // 30 rows per sheet (CIS and CRM) are of controls Rev 5 withdrew: 28 reach a successor;
    // SC-19 (a) and (b) have none, and the report says NIST's reason.
    assert_eq!(report.rev4_carried, 56);
    assert_eq!(
        report.rev4_without_successor.len(),
        4,
        "{:#?}",
        report.rev4_without_successor
    );
    assert!(report
        .warnings
        .iter()
        .any(|w| w.starts_with("withdrawn in Rev 5 with no successor: ") && w.contains("SC-19")));

    // Each withdrawn CRM row whose successor takes its owner shows on the successor's row,
    // with its trail through the bundled crosswalk (the successor's own row, where the workbook
    // has one, still decides; a CIS row of the same control gives way to the CRM row, as it does
    // for the control's own framework).
    let rows = file
        .matrix(&MatrixFilter {
            framework: Some(Framework::Nist80053),
            ..MatrixFilter::default()
        })
        .unwrap();
    let (mut strong, mut shown) = (0, 0);
    let crm = demarc_core::imported::Layout::FedrampCrm;
    for table in matrix.tables.iter().filter(|t| t.layout == crm) {
        for r in &table.rows {
            let Some(s) = demarc_catalogs::rev5_successors(&r.control_id) else {
                continue;
            };
            // Entity-level successors (the client's own) are never reached.
            let in_scope = rows.iter().any(|m| {
                m.scope == Scope::System && s.successors.iter().any(|(id, _)| *id == m.control_id)
            });
            // A row with no ownership value says nothing to carry.
            if !s.withdrawn || !s.carries_owner() || !in_scope || r.ownership.is_empty() {
                continue;
            }
            strong += 1;
            let on_successor = rows.iter().any(|m| {
                s.successors.iter().any(|(id, _)| *id == m.control_id)
                    && m.crosswalk.as_ref().is_some_and(|c| {
                        c.trails.iter().any(|t| {
                            t.row.source.sheet == table.sheet
                                && t.row.source.row == r.row
                                && t.text().contains("SP 800-53 Rev 4 to Rev 5")
                        })
                    })
            });
            shown += usize::from(on_successor);
            let there: Vec<String> = rows
                .iter()
                .filter(|m| s.successors.iter().any(|(id, _)| *id == m.control_id))
                .map(|m| {
                    let trails: Vec<String> = m
                        .crosswalk
                        .iter()
                        .flat_map(|c| c.trails.iter().chain(&c.suggestions))
                        .map(|t| t.text())
                        .collect();
                    format!("{} {:?} {:?} {trails:#?}", m.control_id, m.scope, m.source)
                })
                .collect();
            assert!(
                on_successor,
                "{} row {} {}: {s:?}\n{there:#?}",
                table.sheet, r.row, r.control_id
            );
        }
    }
    assert!(strong > 10, "{strong}");
    assert_eq!(shown, strong);
}

#[test]
fn contradicting_crosswalks_only_suggest_and_a_cycle_is_never_followed_round() {
    let dir = TempDir::new().unwrap();
    let mut file = soc2(&dir);
    // A second mapping, another file, says IAM-09 does not cover CC6.1 at all.
    let other = TempDir::new().unwrap();
    import_crosswalk(
        &mut file,
        &ccm_mapping(&other, &[("IAM-09", "CC6.1", "Full Gap")]),
        CrosswalkOptions::default(),
    );
    // And SP 800-53 Rev 5 back to Rev 4, against the bundled Rev 4 to Rev 5: a cycle.
    let back = dir.path().join("r5-to-r4.csv");
    std::fs::write(
        &back,
        "NIST SP 800-53 Rev 5,NIST SP 800-53 Rev 4,Relationship\nAC-2,AC-2,equal\n",
    )
    .unwrap();
    import_crosswalk(
        &mut file,
        &back,
        CrosswalkOptions {
            source: Some(IdSpace::Nist80053R5),
            target: Some(IdSpace::Nist80053R4),
            ..CrosswalkOptions::default()
        },
    );
    let problems = file.crosswalk_list().unwrap().problems;
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("contradiction:") && p.contains("CC6.1")),
        "{problems:#?}"
    );
    assert!(
        problems.iter().any(|p| p.starts_with("cycle:")),
        "{problems:#?}"
    );

    // CC6.1: IAM-09's pair is contradicted, so only IAM-10 (CSC-owned) decides it.
    let cc61 = row(&file, Some("WhitePact CRM"), Framework::Soc2, "CC6.1");
    assert_eq!(
        (cc61.owner, cc61.source),
        (Ownership::Customer, OwnerSource::Crosswalk)
    );
    let reach = cc61.crosswalk.as_ref().unwrap();
    assert_eq!(reach.trails.len(), 1);
    assert_eq!(reach.suggested.as_ref().unwrap().owner, Ownership::Provider);
    // The rest of the matrix reads as before.
    let cc62 = row(&file, Some("WhitePact CRM"), Framework::Soc2, "CC6.2");
    assert_eq!(
        (cc62.owner, cc62.source),
        (Ownership::Provider, OwnerSource::Crosswalk)
    );
}
