//! Crosswalk files in every layout the reader knows, generated small with the traps real files
//! have (repeated leaf names, several IDs per cell, look-alike letters, standards named before
//! the ID), and the real public files in `../shared/crosswalks` where present.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::path::{Path, PathBuf};

use demarc_core::crosswalk::{
    Crosswalk, CrosswalkFile, CrosswalkLayout, GradeMeaning, IdSpace, Relation, Side,
};
use demarc_import::{read_crosswalks, read_crosswalks_bytes, CrosswalkOptions, ImportError};
use rust_xlsxwriter::{Format, Workbook, Worksheet};
use tempfile::TempDir;

/// Writes rows of text from A1; "" leaves a cell empty.
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

fn options(source: Option<IdSpace>, target: Option<IdSpace>) -> CrosswalkOptions {
    CrosswalkOptions {
        source,
        target,
        ..CrosswalkOptions::default()
    }
}

fn to(file: &CrosswalkFile, target: &IdSpace) -> Crosswalk {
    file.crosswalks
        .iter()
        .find(|c| c.target == *target)
        .unwrap_or_else(|| panic!("no crosswalk to {target}: {file:#?}"))
        .clone()
}

/// (source, target normalized) of every pair.
fn normalized(c: &Crosswalk) -> Vec<(String, String)> {
    c.pairs
        .iter()
        .map(|p| {
            (
                c.source.normalize(&p.source).unwrap(),
                c.target.normalize(&p.target).unwrap(),
            )
        })
        .collect()
}

/// A CCM v4-like `Scope Applicability (Mappings)` sheet: group headers merged over three
/// columns, the same three leaf names under each, several IDs per cell with stray line breaks,
/// Greek and Cyrillic look-alike letters, `27001:` / `27002:` prefixes, a framework Demarc does
/// not know, a domain row, IDs that are no IDs, and a footer.
fn ccm_workbook(dir: &TempDir) -> PathBuf {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Scope Applicability (Mappings)").unwrap();
    let f = Format::new();
    ws.merge_range(0, 0, 0, 14, "Cloud Controls Matrix v4.0.12 - Mappings", &f)
        .unwrap();
    for (i, group) in [
        "AICPA TSC 2017",
        "ISO 27001:2022 (ISO/IEC 27001:2022 and 27002:2022)",
        "NIST 800-53 r5",
        "ISF SOGP 2022",
    ]
    .iter()
    .enumerate()
    {
        let c = 3 + 3 * i as u16;
        ws.merge_range(1, c, 1, c + 2, group, &f).unwrap();
    }
    let mut leaves = vec!["Control Domain", "Control Title", "Control ID"];
    for _ in 0..4 {
        leaves.extend(["Control Mapping", "Gap Level", "Addendum"]);
    }
    rows(ws, 2, &[&leaves]);
    rows(
        ws,
        3,
        &[
            &["Identity & Access Management - IAM"],
            &[
                "",
                "Strong Password Policy",
                "IAM-09",
                "\nCC6.1, CC6.2\nCC6.3",
                "\u{039D}\u{03BF} Gap",
                "CSA's own words",
                "27001: A.5.14\n27002: 8.1, 27001: 6.1.2",
                "Partial Gap",
                "",
                "AC-2\n AC-02(01) ",
                "No Gap",
                "",
                "CF7.1",
                "No Gap",
                "",
            ],
            &[
                "",
                "Segregation of Privileged Access",
                "IAM-10",
                "\u{0421}\u{0421}6.1",
                "Full Gap",
                "",
                "\u{039D}/\u{0391}",
                "",
                "",
                "ACX-1, AC-6",
                "Maybe Gap",
                "",
            ],
            &["", "A control with a bad ID", "IAM-9X", "CC7.1", "No Gap"],
            &["End of Standard"],
        ],
    );
    let path = dir.path().join("CCMv4.0.12.xlsx");
    book.save(&path).unwrap();
    path
}

#[test]
fn ccm_mapping_sheet_gives_one_crosswalk_per_framework_with_grades() {
    let dir = TempDir::new().unwrap();
    let file = read_crosswalks(&ccm_workbook(&dir), &CrosswalkOptions::default()).unwrap();
    assert_eq!(file.layout, CrosswalkLayout::CcmMappings);
    assert_eq!(file.crosswalks.len(), 4, "{:#?}", file.crosswalks);

    let soc2 = to(&file, &IdSpace::Soc2Tsc2017);
    assert_eq!(soc2.source, IdSpace::CsaCcm4);
    assert_eq!(
        normalized(&soc2),
        [
            ("IAM-09", "CC6.1"),
            ("IAM-09", "CC6.2"),
            ("IAM-09", "CC6.3"),
            ("IAM-10", "CC6.1"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    // The grade is kept as written (Greek Nu and omicron) and read as "covers".
    assert_eq!(
        soc2.pairs[0].relation,
        Relation::Graded {
            grade: "\u{039D}\u{03BF} Gap".into(),
            meaning: GradeMeaning::Covers
        }
    );
    assert_eq!(
        soc2.pairs[3].relation,
        Relation::graded("Full Gap"),
        "a Full Gap pair is kept as stated; it never propagates"
    );
    let at = &soc2.pairs[0].at;
    assert_eq!(
        (at.sheet.as_str(), at.row, at.column.as_deref()),
        ("Scope Applicability (Mappings)", 5, Some("D"))
    );
    assert_eq!(soc2.origin.file, "CCMv4.0.12.xlsx");
    assert_eq!(soc2.origin.sha256.len(), 64);

    let iso = to(&file, &IdSpace::Iso27001_2022);
    let iso_ids: Vec<String> = normalized(&iso).into_iter().map(|(_, t)| t).collect();
    assert_eq!(iso_ids, ["A.5.14", "A.8.1", "6.1.2"]);
    assert_eq!(iso.pairs[0].target, "27001: A.5.14", "kept as written");

    let nist = to(&file, &IdSpace::Nist80053R5);
    assert_eq!(
        normalized(&nist)
            .into_iter()
            .map(|(_, t)| t)
            .collect::<Vec<_>>(),
        ["AC-2", "AC-2(1)", "AC-6"]
    );
    assert_eq!(
        nist.pairs[2].relation,
        Relation::Graded {
            grade: "Maybe Gap".into(),
            meaning: GradeMeaning::Unrecognised
        }
    );

    let isf = to(&file, &IdSpace::Other("ISF SOGP 2022".into()));
    assert_eq!(isf.pairs.len(), 1);
    assert!(file.warnings.iter().any(|w| w.contains("ISF SOGP 2022")));

    // IDs that are no IDs: listed with their cell, the rest imported.
    let unknown_target = file
        .unknown
        .iter()
        .find(|u| u.side == Side::Target && u.framework == IdSpace::Nist80053R5.label())
        .unwrap();
    assert_eq!(unknown_target.count, 1);
    assert_eq!(unknown_target.first[0].id, "ACX-1");
    assert_eq!(unknown_target.first[0].at.row, 6);
    assert_eq!(unknown_target.first[0].at.column.as_deref(), Some("J"));
    assert!(
        unknown_target.text().contains("\"ACX-1\""),
        "{}",
        unknown_target.text()
    );
    let unknown_source = file
        .unknown
        .iter()
        .find(|u| u.side == Side::Source)
        .unwrap();
    assert_eq!(unknown_source.first[0].id, "IAM-9X");
    // `Ν/Α` in Greek letters says nothing is mapped: neither a pair nor an unknown ID.
    assert!(file
        .unknown
        .iter()
        .all(|u| u.first.iter().all(|x| !x.id.contains('/'))));
}

#[test]
fn ccm_mapping_sheet_read_for_one_framework_only() {
    let dir = TempDir::new().unwrap();
    let file = read_crosswalks(
        &ccm_workbook(&dir),
        &options(None, Some(IdSpace::Soc2Tsc2017)),
    )
    .unwrap();
    assert_eq!(file.crosswalks.len(), 1);
    assert_eq!(file.crosswalks[0].target, IdSpace::Soc2Tsc2017);
}

#[test]
fn ccm_sheet_without_a_control_id_column_names_file_sheet_and_cell() {
    let dir = TempDir::new().unwrap();
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Mappings").unwrap();
    rows(
        ws,
        0,
        &[
            &["", "AICPA TSC 2017"],
            &["Title", "Control Mapping", "Gap Level"],
            &["x", "CC6.1", "No Gap"],
        ],
    );
    let path = dir.path().join("no-id.xlsx");
    book.save(&path).unwrap();
    let e = read_crosswalks(&path, &CrosswalkOptions::default()).unwrap_err();
    let text = e.to_string();
    assert!(matches!(e, ImportError::Crosswalk { .. }));
    assert!(text.contains("no-id.xlsx"), "{text}");
    assert!(text.contains("sheet 'Mappings', cell A2"), "{text}");
    assert!(text.contains("'Control ID'"), "{text}");
}

fn olir_workbook(dir: &TempDir, with_general_sheet: bool) -> PathBuf {
    let mut book = Workbook::new();
    if with_general_sheet {
        let g = book.add_worksheet();
        g.set_name("General Information").unwrap();
        rows(
            g,
            0,
            &[
                &["Focal Document:", "NIST SP 800-53 Rev. 5"],
                &["Reference Document:", "HIPAA Security Rule"],
            ],
        );
    }
    let ws = book.add_worksheet();
    ws.set_name("Relationships").unwrap();
    rows(
        ws,
        0,
        &[
            &[
                "Focal Document\nElement",
                "Focal Document Element Description",
                "Security Control Baseline",
                "Rationale",
                "Relationship",
                "Reference Document\nElement",
                "Reference Document Element Description",
                "Comments",
                "Strength of\nRelationship",
            ],
            &[
                "AC-02",
                "Account Management",
                "L, M, H",
                "semantic",
                "subset of",
                "164.308(a)(3)(ii)(B)",
                "",
                "",
                "8",
            ],
            &["", "", "", "semantic", "intersects with", "164.310(C)"],
            &["AC-03", "Access Enforcement"],
            &["AC-04", "", "", "", "kind of", "164.312(a)(1)"],
            &["AC-05", "", "", "", "equal", "165.999"],
        ],
    );
    let path = dir.path().join("olir.xlsx");
    book.save(&path).unwrap();
    path
}

#[test]
fn olir_relationships_are_typed_and_a_blank_focal_repeats_the_one_above() {
    let dir = TempDir::new().unwrap();
    let file = read_crosswalks(
        &olir_workbook(&dir, false),
        &options(Some(IdSpace::Nist80053R5), Some(IdSpace::HipaaSecurityRule)),
    )
    .unwrap();
    assert_eq!(file.layout, CrosswalkLayout::Olir);
    let c = &file.crosswalks[0];
    let got: Vec<(String, String, Relation)> = c
        .pairs
        .iter()
        .map(|p| (p.source.clone(), p.target.clone(), p.relation.clone()))
        .collect();
    assert_eq!(
        got,
        [
            ("AC-02", "164.308(a)(3)(ii)(B)", Relation::SubsetOf),
            ("AC-02", "164.310(C)", Relation::IntersectsWith),
            ("AC-04", "164.312(a)(1)", Relation::Unstated),
        ]
        .map(|(a, b, r)| (a.to_string(), b.to_string(), r))
    );
    assert_eq!(
        c.pairs[0].note.as_deref(),
        Some("strength of relationship 8")
    );
    assert!(file.warnings.iter().any(|w| w.contains("\"kind of\"")));
    assert_eq!(file.unknown.len(), 1);
    assert_eq!(file.unknown[0].first[0].id, "165.999");
}

#[test]
fn olir_without_named_frameworks_asks_for_them_and_reads_a_general_sheet() {
    let dir = TempDir::new().unwrap();
    let e = read_crosswalks(&olir_workbook(&dir, false), &CrosswalkOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("--source-framework") && e.contains("sheet 'Relationships'"),
        "{e}"
    );
    let dir = TempDir::new().unwrap();
    let file = read_crosswalks(&olir_workbook(&dir, true), &CrosswalkOptions::default()).unwrap();
    assert_eq!(file.crosswalks[0].source, IdSpace::Nist80053R5);
    assert_eq!(file.crosswalks[0].target, IdSpace::HipaaSecurityRule);
}

#[test]
fn scf_columns_give_one_crosswalk_per_known_framework() {
    let dir = TempDir::new().unwrap();
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("SCF 2025.1").unwrap();
    rows(
        ws,
        0,
        &[
            &[
                "SCF Domain",
                "SCF Control",
                "SCF #",
                "Secure Controls Framework (SCF)\nControl Description",
                "AICPA\nTSC 2017\n(SOC 2)",
                "CSA\nCCM\nv4",
                "NIST\n800-53\nrev5",
                "US\nHIPAA",
                "Possible Solutions",
            ],
            &[
                "Identification & Authentication",
                "Identity & Access Management",
                "IAC-01",
                "Mechanisms exist to ...",
                "CC6.1\nCC6.2",
                "IAM-01\nIAM-02",
                "IA-1\nIA-2",
                "164.312(d)",
                "Okta, Entra ID",
            ],
            &["", "", "IAC-01.1", "", "CC6.1", "", "", ""],
            &["", "", "not an id", "", "CC6.3"],
        ],
    );
    let path = dir.path().join("scf.xlsx");
    book.save(&path).unwrap();
    let file = read_crosswalks(&path, &CrosswalkOptions::default()).unwrap();
    assert_eq!(file.layout, CrosswalkLayout::ScfColumns);
    let spaces: Vec<IdSpace> = file.crosswalks.iter().map(|c| c.target.clone()).collect();
    assert_eq!(
        spaces,
        [
            IdSpace::Soc2Tsc2017,
            IdSpace::CsaCcm4,
            IdSpace::Nist80053R5,
            IdSpace::HipaaSecurityRule
        ]
    );
    assert!(file
        .crosswalks
        .iter()
        .all(|c| c.source == IdSpace::SecureControlsFramework));
    assert_eq!(to(&file, &IdSpace::Soc2Tsc2017).pairs.len(), 3);
    assert_eq!(file.unknown[0].first[0].id, "not an id");
}

#[test]
fn two_column_csv_with_a_header_naming_its_frameworks() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("ccm-to-soc2.csv");
    std::fs::write(
        &path,
        "CCM v4 ID,SOC 2 criterion,Relationship\n\
         IAM-09,\"CC6.1\nCC6.2\",subset of\n\
         IAM-10,CC6.3,No Gap\n\
         IAM-11,CC6.9,equal\n\
         LOG-01,N/A,\n",
    )
    .unwrap();
    let file = read_crosswalks(&path, &CrosswalkOptions::default()).unwrap();
    assert_eq!(file.layout, CrosswalkLayout::TwoColumns);
    let c = &file.crosswalks[0];
    assert_eq!(
        (c.source.clone(), c.target.clone()),
        (IdSpace::CsaCcm4, IdSpace::Soc2Tsc2017)
    );
    assert_eq!(c.pairs.len(), 4);
    assert_eq!(c.pairs[0].relation, Relation::SubsetOf);
    assert_eq!(c.pairs[2].relation, Relation::graded("No Gap"));
    assert_eq!(c.pairs[3].at.row, 4);
    // CC6.9 has the shape of a criterion; only the catalog can tell it is none (the store does).
    assert!(file.unknown.is_empty());
}

#[test]
fn two_column_file_without_header_needs_its_frameworks_named() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("pairs.csv");
    std::fs::write(&path, "IAM-09,CC6.1\nIAM-10,CC6.2\n").unwrap();
    let e = read_crosswalks(&path, &CrosswalkOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("pairs.csv") && e.contains("--source-framework"),
        "{e}"
    );
    let file = read_crosswalks(
        &path,
        &options(Some(IdSpace::CsaCcm4), Some(IdSpace::Soc2Tsc2017)),
    )
    .unwrap();
    assert_eq!(file.crosswalks[0].pairs.len(), 2, "the first row is a pair");
}

#[test]
fn oscal_mapping_collection_in_json() {
    let json = r#"{"mapping-collection": {"uuid": "x", "metadata": {"title": "r5 to r4"},
      "mappings": [{"source-resource": {"href": "catalogs/NIST_SP-800-53_rev5/catalog.json"},
                    "target-resource": {"href": "catalogs/NIST_SP-800-53_rev4/catalog.json"},
                    "maps": [
        {"relationship": "equivalent-to", "sources": [{"id-ref": "ac-2.1"}], "targets": [{"id-ref": "ac-2.1"}]},
        {"relationship": "superset-of", "sources": [{"id-ref": "au-2"}], "targets": [{"id-ref": "au-2"}, {"id-ref": "au-2.3"}]},
        {"relationship": "sideways", "sources": [{"id-ref": "ac-1"}], "targets": [{"id-ref": "zz"}]}
      ]}]}}"#;
    let file =
        read_crosswalks_bytes("map.json", json.as_bytes(), &CrosswalkOptions::default()).unwrap();
    assert_eq!(file.layout, CrosswalkLayout::OscalMappingCollection);
    let c = &file.crosswalks[0];
    assert_eq!(
        (c.source.clone(), c.target.clone()),
        (IdSpace::Nist80053R5, IdSpace::Nist80053R4)
    );
    assert_eq!(
        normalized(c),
        [
            ("AC-2(1)", "AC-2(1)"),
            ("AU-2", "AU-2"),
            ("AU-2", "AU-2(3)")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert_eq!(c.pairs[0].relation, Relation::Equal);
    assert_eq!(c.pairs[0].note.as_deref(), Some("stated as equivalent-to"));
    assert_eq!(c.pairs[2].at.row, 2);
    assert!(file.warnings.iter().any(|w| w.contains("sideways")));
    assert_eq!(file.unknown[0].first[0].id, "zz");
}

#[test]
fn broken_input_is_an_error_never_a_panic() {
    let o = CrosswalkOptions::default();
    for (name, bytes) in [
        (
            "a.json",
            &b"{\"mapping-collection\": {\"mappings\": [1, 2"[..],
        ),
        ("b.json", b"{}"),
        ("c.json", &[b'['; 100_000][..]),
        ("d.xlsx", b"PK\x03\x04 not really a zip"),
        ("e.csv", b""),
        ("f.csv", b"\xff\xfe\x00garbage"),
        ("g.bin", b"\x00\x01\x02"),
    ] {
        let got = std::panic::catch_unwind(|| read_crosswalks_bytes(name, bytes, &o));
        assert!(got.is_ok(), "{name} panicked");
        assert!(got.unwrap().is_err(), "{name} should be refused");
    }
    let deep = format!("{}{}", "{\"a\":".repeat(5000), "}".repeat(5000));
    assert!(read_crosswalks_bytes("deep.json", deep.as_bytes(), &o).is_err());
}

/// `../shared/crosswalks` beside the project (looked for above it, so that a worktree finds it).
fn shared(file: &str) -> Option<PathBuf> {
    let found = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .skip(2)
        .map(|dir| dir.join("shared/crosswalks").join(file))
        .find(|p| p.is_file());
    if found.is_none() {
        eprintln!("SKIPPED: ../shared/crosswalks/{file} not found");
    }
    found
}

#[test]
fn real_oscal_example_reads_with_its_relationships() {
    let Some(path) = shared("example_oscal-mapping-collection_sp800-53r5-to-r4.json") else {
        return;
    };
    let file = read_crosswalks(&path, &CrosswalkOptions::default()).unwrap();
    let c = &file.crosswalks[0];
    assert_eq!(
        (c.source.clone(), c.target.clone()),
        (IdSpace::Nist80053R5, IdSpace::Nist80053R4)
    );
    let maps: std::collections::BTreeSet<u32> = c.pairs.iter().map(|p| p.at.row).collect();
    assert_eq!(
        maps.len(),
        740,
        "every map gives a pair: {:?}",
        file.unknown
    );
    let count = |r: Relation, note: Option<&str>| {
        c.pairs
            .iter()
            .filter(|p| p.relation == r && (note.is_none() || p.note.as_deref() == note))
            .map(|p| p.at.row)
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    };
    assert_eq!(count(Relation::IntersectsWith, None), 369);
    assert_eq!(count(Relation::Equal, Some("stated as equivalent-to")), 172);
    assert_eq!(count(Relation::Equal, None), 172 + 130);
    assert_eq!(count(Relation::SupersetOf, None), 65);
    assert_eq!(count(Relation::SubsetOf, None), 4);
}

#[test]
fn real_nist_concept_crosswalk_reads_as_olir() {
    let Some(path) = shared("nist_csf-2.0-to-sp800-53r5.2.0_concept-crosswalk.xlsx") else {
        return;
    };
    let file = read_crosswalks(
        &path,
        &options(Some(IdSpace::NistCsf2), Some(IdSpace::Nist80053R5)),
    )
    .unwrap();
    assert_eq!(file.layout, CrosswalkLayout::Olir);
    let c = &file.crosswalks[0];
    assert!(c.pairs.iter().all(|p| p.relation == Relation::Unstated));
    // 746 rows with a reference; the three whole families (PT, CP, IR) are no control IDs.
    assert_eq!(c.pairs.len(), 743);
    assert_eq!(file.unknown.len(), 1);
    assert_eq!(file.unknown[0].count, 3);
    assert_eq!(file.unknown[0].side, Side::Target);
}
