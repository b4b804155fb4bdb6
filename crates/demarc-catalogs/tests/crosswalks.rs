//! The bundled crosswalks: where each came from, the figures their sources state, the Rev 4 to
//! Rev 5 lookup, and that the committed files are what the generator makes of the sources.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use demarc_catalogs::{bundled_crosswalks, rev5_successors, BUNDLED_FILES};
use demarc_core::crosswalk::{Crosswalk, CrosswalkKind, IdSpace, Relation};
use sha2::{Digest, Sha256};

fn named(file: &str) -> &'static Crosswalk {
    let at = BUNDLED_FILES
        .iter()
        .position(|f| *f == file)
        .unwrap_or_else(|| panic!("no bundled {file}"));
    &bundled_crosswalks()[at]
}

/// `../shared/FOLDER` beside the project (looked for above it, so that a worktree finds it too).
fn shared(folder: &str) -> Option<PathBuf> {
    let found = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .skip(2)
        .map(|dir| dir.join("shared").join(folder))
        .find(|path| path.is_dir());
    if found.is_none() {
        eprintln!("SKIPPED: ../shared/{folder} not found; the sources are not checked");
    }
    found
}

fn sha256_hex(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn every_bundled_crosswalk_says_where_it_came_from() {
    assert_eq!(bundled_crosswalks().len(), BUNDLED_FILES.len());
    for c in bundled_crosswalks() {
        let o = &c.origin;
        assert!(!c.name.is_empty() && !o.file.is_empty() && !o.publisher.is_empty());
        assert!(!o.licence.is_empty() && o.version.is_some(), "{}", c.name);
        assert_eq!(o.sha256.len(), 64, "{}", c.name);
        assert!(!c.pairs.is_empty(), "{}", c.name);
        assert_ne!(c.source, c.target);
        for p in &c.pairs {
            assert!(
                c.source.normalize(&p.source).is_some(),
                "{}: source {:?}",
                c.name,
                p.source
            );
            assert!(
                c.target.normalize(&p.target).is_some(),
                "{}: target {:?}",
                c.name,
                p.target
            );
            assert!(p.at.row >= 1 && !p.at.sheet.is_empty());
        }
    }
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/crosswalks");
    let mut on_disk: Vec<String> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    on_disk.sort();
    assert_eq!(on_disk, BUNDLED_FILES, "every generated file is bundled");
}

#[test]
fn identifiers_only_no_title_or_text_of_a_mapped_framework() {
    for file in [
        "msft-asb3-to-cis8.json",
        "msft-asb3-to-sp800-53r4.json",
        "msft-asb3-to-pci-dss-3.2.1.json",
        "msft-asb2-to-sp800-53r4.json",
        "nist-csf2-refs-to-ccm4.json",
        "nist-csf2-refs-to-cis8.json",
        "nist-csf2-refs-to-scf.json",
    ] {
        for p in &named(file).pairs {
            assert!(
                p.target
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "&.-() ".contains(c))
                    && p.target.len() <= 12,
                "{file}: {:?} is more than an identifier",
                p.target
            );
        }
    }
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/crosswalks/msft-asb3-to-cis8.json"),
    )
    .unwrap();
    assert!(
        !text.contains("Segment Data Processing"),
        "a CIS title slipped in"
    );
    assert!(named("msft-asb3-to-cis8.json")
        .origin
        .licence
        .contains("CC BY 4.0"));
}

#[test]
fn csf_to_800_53_has_the_figures_of_its_source() {
    let c = named("nist-csf2-to-sp800-53r5.json");
    assert_eq!(
        (c.source.clone(), c.target.clone()),
        (IdSpace::NistCsf2, IdSpace::Nist80053R5)
    );
    let rows: BTreeSet<u32> = c.pairs.iter().map(|p| p.at.row).collect();
    assert_eq!(rows.len(), 746, "rows with a reference element");
    let written: BTreeSet<String> = c
        .pairs
        .iter()
        .map(|p| match &p.note {
            Some(n) if n.ends_with("read as each of its base controls") => {
                n.split_whitespace().nth(1).unwrap().to_string()
            }
            _ => p.target.clone(),
        })
        .collect();
    assert_eq!(written.len(), 214, "controls, a family counted once");
    assert!(c.pairs.iter().all(|p| p.relation == Relation::Unstated));
    // GV.OC-02 to PM-09 (written with a closing line break) is there.
    assert!(c
        .pairs
        .iter()
        .any(|p| p.source == "GV.OC-02" && p.target == "PM-09"));
}

#[test]
fn rev4_to_rev5_has_the_figures_of_its_source() {
    let c = named("nist-sp800-53r4-to-r5.json");
    assert_eq!(c.kind, CrosswalkKind::Revision);
    assert_eq!(c.origin.also.len(), 1, "FedRAMP's summary is recorded");
    let same = c.pairs.iter().filter(|p| p.note.is_none()).count();
    assert_eq!(same, 739);
    let withdrawn = |already: bool| -> BTreeSet<&str> {
        c.pairs
            .iter()
            .filter_map(|p| p.note.as_deref().map(|n| (p.source.as_str(), n)))
            .chain(
                c.unmapped
                    .iter()
                    .map(|u| (u.source.as_str(), u.reason.as_str())),
            )
            .filter(|(_, n)| n.contains("withdrawn already in Rev 4") == already)
            .map(|(s, _)| s)
            .collect()
    };
    assert_eq!(withdrawn(false).len(), 90, "withdrawn in Rev 5");
    assert_eq!(withdrawn(true).len(), 92, "withdrawn already in Rev 4");
    let fedramp: BTreeSet<&str> = c
        .pairs
        .iter()
        .filter(|p| {
            p.note
                .as_deref()
                .is_some_and(|n| n.contains("FedRAMP summary"))
        })
        .map(|p| p.source.as_str())
        .chain(
            c.unmapped
                .iter()
                .filter(|u| u.reason.contains("FedRAMP summary"))
                .map(|u| u.source.as_str()),
        )
        .collect();
    assert_eq!(
        fedramp.len(),
        16,
        "withdrawn controls of FedRAMP's Rev 4 baselines"
    );
}

#[test]
fn azure_benchmarks_and_core_references_have_their_figures() {
    let rows = |file: &str| {
        named(file)
            .pairs
            .iter()
            .map(|p| p.at.row)
            .collect::<BTreeSet<_>>()
            .len()
    };
    assert_eq!(rows("msft-asb3-to-sp800-53r4.json"), 85);
    assert!(rows("msft-asb2-to-sp800-53r4.json") <= 70);
    assert_eq!(named("nist-csf2-refs-to-ccm4.json").pairs.len(), 657);
    assert_eq!(named("nist-csf2-refs-to-sp800-171r3.json").pairs.len(), 313);
    assert_eq!(named("nist-csf2-refs-to-csf1.1.json").pairs.len(), 185);
    assert_eq!(named("nist-csf2-refs-to-cis8.json").pairs.len(), 60);
    assert_eq!(named("nist-csf2-refs-to-scf.json").pairs.len(), 473);
    let iso = named("nist-csf2-refs-to-iso27001-2022.json");
    assert!(iso
        .pairs
        .iter()
        .any(|p| IdSpace::Iso27001_2022.normalize(&p.target).as_deref() == Some("A.5.20")));
}

#[test]
fn rev5_successors_follow_nist_and_fedramp() {
    let ac = rev5_successors("AC-02 (10)").unwrap();
    assert!(ac.withdrawn);
    assert_eq!(
        ac.successors,
        vec![("AC-2".to_string(), Relation::SubsetOf)]
    );
    assert!(ac.reason.contains("Incorporated into AC-2k"));
    assert!(ac.carries_owner());

    let at = rev5_successors("AT-3(4)").unwrap();
    assert_eq!(
        at.successors,
        vec![("AT-2(4)".to_string(), Relation::Equal)]
    );

    let sa = rev5_successors("SA-12").unwrap();
    assert_eq!(sa.successors.len(), 12, "each SR base control");
    assert!(sa
        .successors
        .iter()
        .all(|(_, r)| *r == Relation::IntersectsWith));
    assert!(!sa.carries_owner(), "a whole family is only suggested");
    assert!(sa.reason.contains("FedRAMP Rev 4 High"));

    let sc = rev5_successors("SC-19 (a)").unwrap();
    assert!(sc.withdrawn && sc.successors.is_empty());
    assert!(
        sc.reason.starts_with("SC-19: Technology-specific"),
        "{}",
        sc.reason
    );

    let same = rev5_successors("AC-02 (a)").unwrap();
    assert!(!same.withdrawn);
    assert_eq!(same.successors[0].0, "AC-2(a)");

    assert_eq!(rev5_successors("SR-3"), None, "new in Rev 5");
    assert_eq!(rev5_successors("not a control"), None);
}

#[test]
fn recorded_hashes_match_the_source_files() {
    let (Some(crosswalks), Some(catalogs)) = (shared("crosswalks"), shared("catalogs")) else {
        return;
    };
    for c in bundled_crosswalks() {
        let dir = if c.origin.file == "nist_csf-2.0-core.xlsx" {
            &catalogs
        } else {
            &crosswalks
        };
        assert_eq!(
            sha256_hex(&dir.join(&c.origin.file)),
            c.origin.sha256,
            "{}: regenerate with scripts/gen-catalogs",
            c.origin.file
        );
        for also in &c.origin.also {
            assert_eq!(sha256_hex(&crosswalks.join(&also.file)), also.sha256);
        }
    }
}

/// The committed files are exactly what the generator makes of the sources now.
#[cfg(feature = "gen")]
#[test]
fn generated_files_are_current() {
    use demarc_catalogs::gen::crosswalks::{generate, to_json};
    let (Some(crosswalks), Some(catalogs)) = (shared("crosswalks"), shared("catalogs")) else {
        return;
    };
    let generated = generate(&crosswalks, &catalogs).expect("the generator runs");
    let names: Vec<&str> = generated.iter().map(|g| g.file.as_str()).collect();
    assert_eq!(names, BUNDLED_FILES);
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/crosswalks");
    for g in generated {
        let committed = std::fs::read_to_string(data.join(&g.file)).unwrap();
        assert!(
            committed == to_json(&g.crosswalk).unwrap(),
            "{} is stale: run scripts/gen-catalogs",
            g.file
        );
    }
}

#[cfg(not(feature = "gen"))]
#[test]
fn generated_files_are_current() {
    eprintln!(
        "SKIPPED: the generator is built only with --features gen (scripts/test runs it); \
         only the recorded hashes are checked"
    );
}

/// A CAIQ's worth of answers (one question per CCM control the CSF 2.0 core references), half
/// CSP-owned, half CSC-owned.
fn caiq_rows() -> Vec<demarc_core::crosswalk::SourceRow> {
    use demarc_core::{Ownership, ProviderSource};
    let controls: BTreeSet<String> = named("nist-csf2-refs-to-ccm4.json")
        .pairs
        .iter()
        .map(|p| p.target.clone())
        .collect();
    controls
        .iter()
        .flat_map(|c| (1..=3).map(move |q| format!("{c}.{q}")))
        .enumerate()
        .map(|(i, id)| {
            let (label, owner) = if i % 2 == 0 {
                ("CSP-owned", Ownership::Provider)
            } else {
                ("CSC-owned", Ownership::Customer)
            };
            demarc_core::crosswalk::SourceRow {
                space: IdSpace::CsaCcm4,
                label: label.into(),
                source: ProviderSource {
                    provider: "WhitePact".into(),
                    version: 1,
                    file: "caiq.xlsx".into(),
                    sheet: "CAIQv4.0.3".into(),
                    row: i as u32 + 3,
                    control_id: id,
                    columns: vec!["D".into()],
                    owner,
                    third_party: None,
                },
            }
        })
        .collect()
}

#[test]
fn bundled_crosswalks_carry_ccm_answers_to_csf_and_800_53_only_as_suggestions() {
    use demarc_core::crosswalk::{CrosswalkIndex, Strength};
    use std::time::Instant;
    let rows = caiq_rows();
    let started = Instant::now();
    let index = CrosswalkIndex::new(bundled_crosswalks());
    let indexed = started.elapsed();
    let csf = index.reach(&rows, &IdSpace::NistCsf2);
    let to_csf = started.elapsed() - indexed;
    let nist = index.reach(&rows, &IdSpace::Nist80053R5);
    let to_nist = started.elapsed() - indexed - to_csf;
    eprintln!(
        "{} CAIQ rows: index {indexed:?}; to CSF 2.0 {to_csf:?} ({} controls); to SP 800-53 \
         {to_nist:?} ({} controls, through CSF)",
        rows.len(),
        csf.controls.len(),
        nist.controls.len()
    );
    assert!(index.problems().is_empty(), "{:?}", index.problems());
    assert!(csf.controls.len() > 50);
    assert!(nist.controls.len() > 100);
    for reach in csf.controls.values().chain(nist.controls.values()) {
        assert!(
            reach.decided.is_none(),
            "{}: informative references only suggest",
            reach.control
        );
        assert!(reach
            .suggestions
            .iter()
            .all(|t| t.strength == Strength::Suggests));
    }
    let chained = &nist.controls.values().next().unwrap().suggestions[0];
    assert_eq!(chained.depth, 2, "CCM to CSF to SP 800-53: one pivot");
    assert!(
        chained.text().contains("through one pivot"),
        "{}",
        chained.text()
    );
}

#[test]
fn a_rev4_row_reaches_its_rev5_successor_strongly_and_csf_only_as_a_suggestion() {
    use demarc_core::crosswalk::{CrosswalkIndex, SourceRow};
    use demarc_core::{Ownership, ProviderSource};
    let row = |id: &str, at| SourceRow {
        space: IdSpace::Nist80053R4,
        label: "Yes".into(),
        source: ProviderSource {
            provider: "cloud.gov".into(),
            version: 1,
            file: "crm.xlsx".into(),
            sheet: "PaaS CRM".into(),
            row: at,
            control_id: id.into(),
            columns: vec!["B".into()],
            owner: Ownership::Provider,
            third_party: None,
        },
    };
    let rows = [row("CA-03 (05)", 40), row("SA-12", 41)];
    let index = CrosswalkIndex::new(bundled_crosswalks());
    let r5 = index.reach(&rows, &IdSpace::Nist80053R5);
    let sc7 = &r5.controls["SC-7(5)"];
    assert_eq!(sc7.decided.as_ref().unwrap().owner, Ownership::Provider);
    assert!(
        sc7.trails[0].text().contains("Moved to SC-7(5)")
            || sc7.trails[0].text().contains("SC-7(5)")
    );
    // SA-12 went into the whole SR family: each SR control is offered, none decided.
    let sr3 = &r5.controls["SR-3"];
    assert!(sr3.decided.is_none() && sr3.suggested.is_some());
    let csf = index.reach(&rows, &IdSpace::NistCsf2);
    assert!(!csf.controls.is_empty());
    assert!(csf.controls.values().all(|r| r.decided.is_none()));
}
