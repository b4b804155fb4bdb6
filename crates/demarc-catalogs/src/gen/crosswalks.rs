//! Generates the bundled crosswalks (`data/crosswalks/*.json`) from the public sources in
//! `../shared/crosswalks` and the CSF 2.0 core in `../shared/catalogs`. Every figure the
//! sources' README states is checked, and every target ID is checked against the bundled
//! catalogs, so that a changed source fails here rather than shipping quietly.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use calamine::{Data, Range};
use demarc_core::crosswalk::{
    split_ids, Crosswalk, CrosswalkKind, IdSpace, Origin, Pair, PairSource, Relation, SourceFile,
    Unmapped,
};
use demarc_core::{normalize_control_id, Framework};

use super::{check, column_starting, excel_column, excel_row, file_name, sha256_hex, sheet, text};
use crate::{catalog, ControlKind};

pub const CSF_TO_R5_FILE: &str = "nist_csf-2.0-to-sp800-53r5.2.0_concept-crosswalk.xlsx";
pub const R4_TO_R5_FILE: &str = "nist_sp800-53r4-to-r5-comparison-workbook.xlsx";
pub const FEDRAMP_SUMMARY_FILE: &str = "fedramp-gov_rev5-rev4-comparison-summary.xlsx";
pub const ASB3_FILE: &str = "msft_azure-security-benchmark-v3.0.xlsx";
pub const ASB2_FILE: &str = "msft_azure-security-benchmark-v2.0.xlsx";
pub const CSF_CORE_FILE: &str = "nist_csf-2.0-core.xlsx";

const NIST_LICENCE: &str = "Public domain (US government work, NIST).";
const MICROSOFT_LICENCE: &str = "CC BY 4.0, \u{a9} Microsoft Corporation (Azure Security \
    Benchmark, MicrosoftDocs/SecurityBenchmarks). Identifiers only: Microsoft's guidance text and \
    CIS's control titles are left out.";
const REFERENCE_LICENCE: &str = "Identifiers only, from NIST's CSF 2.0 Reference Tool export \
    (public domain); the referenced framework's own text is not included.";

/// One generated file: its name under `data/crosswalks/` and the crosswalk it holds.
pub struct Generated {
    pub file: String,
    pub crosswalk: Crosswalk,
}

/// Every bundled crosswalk, read from `crosswalks` (the `../shared/crosswalks` folder) and
/// `catalogs` (`../shared/catalogs`), in file-name order.
pub fn generate(crosswalks: &Path, catalogs: &Path) -> Result<Vec<Generated>, String> {
    let csf = csf_to_800_53(&crosswalks.join(CSF_TO_R5_FILE))?;
    let revision = rev4_to_rev5(
        &crosswalks.join(R4_TO_R5_FILE),
        &crosswalks.join(FEDRAMP_SUMMARY_FILE),
    )?;
    let rev4_ids: BTreeSet<String> = revision
        .pairs
        .iter()
        .map(|p| normalize_control_id(&p.source))
        .chain(
            revision
                .unmapped
                .iter()
                .map(|u| normalize_control_id(&u.source)),
        )
        .collect();
    let mut out = vec![
        Generated {
            file: "nist-csf2-to-sp800-53r5.json".into(),
            crosswalk: csf.clone(),
        },
        Generated {
            file: "nist-sp800-53r4-to-r5.json".into(),
            crosswalk: revision,
        },
    ];
    out.extend(azure(crosswalks, &rev4_ids)?);
    out.extend(csf_references(&catalogs.join(CSF_CORE_FILE), &csf)?);
    out.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(out)
}

/// A crosswalk as the data file holds it: its fields one per line, its pairs one per line.
pub fn to_json(crosswalk: &Crosswalk) -> Result<String, String> {
    let err = |e: serde_json::Error| e.to_string();
    let mut head = serde_json::to_value(crosswalk).map_err(err)?;
    let fields = head.as_object_mut().ok_or("a crosswalk is a JSON object")?;
    let pairs = fields.remove("pairs").unwrap_or_default();
    let unmapped = fields.remove("unmapped");
    let mut out = String::from("{\n");
    for (key, value) in fields.iter() {
        out += &format!(
            "  {}: {},\n",
            serde_json::to_string(key).map_err(err)?,
            serde_json::to_string(value).map_err(err)?
        );
    }
    if let Some(unmapped) = unmapped {
        out += &format!(
            "  \"unmapped\": {},\n",
            serde_json::to_string(&unmapped).map_err(err)?
        );
    }
    out += "  \"pairs\": [\n";
    let pairs = pairs.as_array().cloned().unwrap_or_default();
    for (i, pair) in pairs.iter().enumerate() {
        let comma = if i + 1 < pairs.len() { "," } else { "" };
        out += &format!("    {}{comma}\n", serde_json::to_string(pair).map_err(err)?);
    }
    out += "  ]\n}\n";
    Ok(out)
}

fn origin(path: &Path, publisher: &str, version: &str, licence: &str) -> Result<Origin, String> {
    Ok(Origin {
        file: file_name(path),
        sha256: sha256_hex(path)?,
        publisher: publisher.into(),
        version: Some(version.into()),
        licence: licence.into(),
        also: Vec::new(),
    })
}

fn at(range: &Range<Data>, sheet: &str, i: usize, col: usize) -> PairSource {
    PairSource {
        sheet: sheet.into(),
        row: excel_row(range, i),
        column: Some(excel_column(range, col)),
    }
}

/// The normalized IDs of a bundled catalog, with the statement parts of its controls allowed.
struct Known {
    space: IdSpace,
    ids: BTreeSet<String>,
}

impl Known {
    fn of(framework: Framework) -> Known {
        Known {
            space: IdSpace::of(framework),
            ids: catalog(framework)
                .controls
                .iter()
                .filter(|c| !c.withdrawn)
                .map(|c| normalize_control_id(&c.id))
                .collect(),
        }
    }

    /// The normalized ID when `raw` names a control of the catalog, or a part of one.
    fn check(&self, raw: &str, where_: &str) -> Result<String, String> {
        if self.contains(raw, where_)? {
            Ok(self.space.normalize(raw).unwrap_or_default())
        } else {
            Err(format!(
                "{where_}: {raw:?} is not a control of the bundled {} catalog",
                self.space
            ))
        }
    }

    /// Whether `raw`, an ID of the space, names a control of the catalog or a part of one.
    fn contains(&self, raw: &str, where_: &str) -> Result<bool, String> {
        let id = self
            .space
            .normalize(raw)
            .ok_or_else(|| format!("{where_}: {raw:?} is not a {} ID", self.space))?;
        let control = self.space.parent(&id).unwrap_or(id);
        Ok(self.ids.contains(&control))
    }
}

/// NIST's OLIR concept crosswalk: CSF 2.0 elements to SP 800-53 Rev 5 controls. No relationship
/// type is stated, so every pair is `unstated` (a suggestion).
fn csf_to_800_53(path: &Path) -> Result<Crosswalk, String> {
    const SHEET: &str = "Relationships";
    let range = sheet(path, SHEET)?;
    let mut rows = range.rows().enumerate();
    let (_, header) = rows.next().ok_or("Relationships: empty sheet")?;
    let focal = column_starting(header, "focal document element")?;
    let reference = column_starting(header, "reference document element")?;
    let strength = column_starting(header, "strength of relationship").ok();
    let (csf, r5) = (
        Known::of(Framework::NistCsf),
        Known::of(Framework::Nist80053),
    );
    let (mut read, mut with_reference) = (0, 0);
    let (mut elements, mut controls) = (BTreeSet::new(), BTreeSet::new());
    let (mut pairs, mut newer) = (Vec::new(), BTreeSet::new());
    for (i, row) in rows {
        let (f, r) = (text(row, focal), text(row, reference));
        if f.is_empty() && r.is_empty() {
            continue;
        }
        read += 1;
        let where_ = format!("{SHEET} row {}", excel_row(&range, i));
        elements.insert(csf.check(&f, &where_)?);
        if r.is_empty() {
            continue;
        }
        with_reference += 1;
        controls.insert(r.clone());
        let strength = strength
            .map(|c| text(row, c))
            .filter(|s| !s.is_empty())
            .map(|s| format!("strength of relationship {s}"));
        // A whole family (`PT`) is read as each of its base controls.
        let (targets, note) = match family_controls(&r) {
            Some(members) => (
                members,
                Some(format!(
                    "the {r} family as a whole, read as each of its base controls"
                )),
            ),
            None => {
                if r5.contains(&r, &where_)? {
                    (vec![r], strength)
                } else {
                    // SP 800-53 Rev 5.2.0 added controls (SA-24) the bundled Rev 5 catalog
                    // does not hold yet: kept, and said.
                    newer.insert(r.clone());
                    let withdrawn = catalog(Framework::Nist80053).controls.iter().any(|c| {
                        c.withdrawn && normalize_control_id(&c.id) == normalize_control_id(&r)
                    });
                    let why = if withdrawn {
                        "withdrawn in the bundled SP 800-53 Rev 5 catalog"
                    } else {
                        "not in the bundled SP 800-53 Rev 5 catalog (added in Rev 5.2.0)"
                    };
                    let note = Some(format!(
                        "{why}{}",
                        strength.map(|s| format!("; {s}")).unwrap_or_default()
                    ));
                    (vec![r], note)
                }
            }
        };
        for target in targets {
            pairs.push(Pair {
                source: f.clone(),
                target,
                relation: Relation::Unstated,
                at: at(&range, SHEET, i, reference),
                note: note.clone(),
            });
        }
    }
    check("CSF 2.0 to SP 800-53: rows", read, 772)?;
    check(
        "CSF 2.0 to SP 800-53: rows with a reference",
        with_reference,
        746,
    )?;
    check("CSF 2.0 to SP 800-53: CSF elements", elements.len(), 134)?;
    check("CSF 2.0 to SP 800-53: controls", controls.len(), 214)?;
    if !newer.is_empty() {
        println!(
            "CSF 2.0 to SP 800-53: {} controls not in force in the bundled catalog: {}",
            newer.len(),
            newer.into_iter().collect::<Vec<_>>().join(", ")
        );
    }
    Ok(Crosswalk {
        name: "CSF 2.0 to SP 800-53 Rev 5 (NIST concept crosswalk)".into(),
        source: IdSpace::NistCsf2,
        target: IdSpace::Nist80053R5,
        kind: CrosswalkKind::Mapping,
        origin: origin(
            path,
            "NIST (OLIR concept crosswalk; no relationship type stated)",
            "Cybersecurity Framework v2.0 to SP 800-53 Rev 5.2.0",
            NIST_LICENCE,
        )?,
        pairs,
        unmapped: Vec::new(),
    })
}

/// The base controls of an SP 800-53 Rev 5 family named alone (`PT`), in catalog order.
fn family_controls(family: &str) -> Option<Vec<String>> {
    let nist = catalog(Framework::Nist80053);
    nist.families.iter().find(|f| f.id == family)?;
    Some(
        nist.controls
            .iter()
            .filter(|c| c.family == family && c.kind == ControlKind::Control && !c.withdrawn)
            .map(|c| c.id.clone())
            .collect(),
    )
}

/// Where a withdrawn Rev 4 control went in Rev 5, read from the change details.
#[derive(Debug, PartialEq, Eq)]
enum Successor {
    /// `Moved to AT-2(4)`: one control, renumbered.
    Moved(String),
    /// `Incorporated into AC-2k`, or several controls, or a family.
    Incorporated(Vec<String>),
    Family(String),
    /// `Technology-specific; addressed as any other technology or protocol`.
    None,
}

impl Successor {
    /// The same successor with its IDs in the matching spelling, to compare two sources.
    fn normalized(&self) -> Successor {
        match self {
            Successor::Moved(id) => Successor::Moved(normalize_control_id(id)),
            Successor::Incorporated(ids) => {
                Successor::Incorporated(ids.iter().map(|id| normalize_control_id(id)).collect())
            }
            Successor::Family(f) => Successor::Family(f.clone()),
            Successor::None => Successor::None,
        }
    }
}

/// The successor named by the last `Incorporated into` / `Moved to` of a change detail:
/// `Previously withdrawn in Rev4; Incorporated into AC-2, AC-3, AC-5, and AC-6`, `Moved to
/// SR-4(1), SR-4(2)`, `Incorporated into SR family`, `... into SR-9 during Rev5`.
fn successor(details: &str) -> Successor {
    let flat = details.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = flat.to_lowercase();
    let found = [("incorporated into ", false), ("moved to ", true)]
        .iter()
        .filter_map(|(marker, moved)| lower.rfind(marker).map(|at| (at + marker.len(), *moved)))
        .max();
    let Some((start, moved)) = found else {
        return Successor::None;
    };
    let mut rest = &flat[start..];
    for end in [" during", ";"] {
        if let Some(cut) = rest.find(end) {
            rest = &rest[..cut];
        }
    }
    let rest = rest.trim().trim_end_matches('.');
    if let Some(family) = rest.strip_suffix(" family") {
        return Successor::Family(family.trim().to_string());
    }
    let ids: Vec<String> = rest
        .split([',', '&'])
        .flat_map(|piece| piece.split(" and "))
        .map(|piece| piece.trim().trim_start_matches("and ").trim().to_string())
        .filter(|piece| !piece.is_empty())
        .collect();
    match (moved, ids.as_slice()) {
        (true, [one]) => Successor::Moved(one.clone()),
        _ => Successor::Incorporated(ids),
    }
}

/// The Rev 4 controls FedRAMP's Rev 4 baselines held and withdrew in Rev 5: by normalized ID,
/// the baselines, FedRAMP's wording and its row.
type FedrampWithdrawn = BTreeMap<String, (Vec<&'static str>, String, u32)>;

fn fedramp_withdrawn(path: &Path) -> Result<FedrampWithdrawn, String> {
    const SHEET: &str = "V2 FR 800-53 r4 to r5 Changes";
    let range = sheet(path, SHEET)?;
    let mut rows = range.rows().enumerate().skip(1);
    let (_, header) = rows.next().ok_or("FedRAMP summary: no header row")?;
    let id = column_starting(header, "control id")?;
    let levels = [
        (column_starting(header, "fedramp rev4 high")?, "High"),
        (column_starting(header, "fedramp rev4 mod")?, "Moderate"),
        (column_starting(header, "fedramp rev4 low")?, "Low"),
    ];
    let changed = column_starting(header, "changed elements")?;
    let details = column_starting(header, "details")?;
    let (mut read, mut out) = (0, BTreeMap::new());
    for (i, row) in rows {
        if text(row, id).is_empty() {
            continue;
        }
        read += 1;
        if !text(row, changed).contains("Withdrawn") {
            continue;
        }
        let baselines = levels
            .iter()
            .filter(|(c, _)| !text(row, *c).is_empty())
            .map(|(_, l)| *l)
            .collect();
        let wording = text(row, details)
            .trim_start_matches('●')
            .trim()
            .to_string();
        out.insert(
            normalize_control_id(&text(row, id)),
            (baselines, wording, excel_row(&range, i)),
        );
    }
    check("FedRAMP summary: controls", read, 471)?;
    check("FedRAMP summary: withdrawn controls", out.len(), 16)?;
    Ok(out)
}

/// NIST's Rev 4 to Rev 5 comparison: every Rev 4 control to its Rev 5 self or successors.
/// Same identifier: `equal`. Withdrawn and moved to one control: `equal`; incorporated into one
/// control: `subset of`. Split over several controls, or into a whole family (`Incorporated into
/// SR family`, read as each base control of the family): `intersects with`, so suggested only.
/// No successor (SC-19): listed as unmapped with NIST's reason. FedRAMP's summary is checked
/// against it and adds which FedRAMP Rev 4 baselines held each withdrawn control.
fn rev4_to_rev5(path: &Path, fedramp_path: &Path) -> Result<Crosswalk, String> {
    const SHEET: &str = "Rev4 Rev5 Compared";
    let range = sheet(path, SHEET)?;
    let mut rows = range.rows().enumerate();
    let (_, groups) = rows.next().ok_or("comparison workbook: empty sheet")?;
    let (_, header) = rows.next().ok_or("comparison workbook: no header row")?;
    let id = super::column(header, "ID")?;
    let changed = column_starting(groups, "changed elements")?;
    let details = column_starting(groups, "change details")?;
    let r5 = Known::of(Framework::Nist80053);
    let mut fedramp = fedramp_withdrawn(fedramp_path)?;
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut pairs, mut unmapped) = (Vec::new(), Vec::new());
    for (i, row) in rows {
        let rev4 = text(row, id);
        if rev4.is_empty() {
            continue;
        }
        let (what, detail) = (text(row, changed), text(row, details));
        let where_ = format!("{SHEET} row {}", excel_row(&range, i));
        let withdrawn = what.to_lowercase().starts_with("withdrawn");
        let before = detail.contains("Previously withdrawn");
        if !withdrawn && !before {
            if what.contains("New base control") || what.contains("New control enhancement") {
                *counts.entry("new").or_default() += 1;
            } else {
                *counts.entry("same").or_default() += 1;
                pairs.push(Pair {
                    source: rev4.clone(),
                    target: rev4,
                    relation: Relation::Equal,
                    at: at(&range, SHEET, i, id),
                    note: None,
                });
            }
            continue;
        }
        *counts
            .entry(if withdrawn { "withdrawn" } else { "before" })
            .or_default() += 1;
        let flat = detail.split_whitespace().collect::<Vec<_>>().join(" ");
        let found = successor(&detail);
        let mut note = flat.clone();
        if before {
            note += " (withdrawn already in Rev 4)";
        }
        if let Some((baselines, wording, fr_row)) = fedramp.remove(&normalize_control_id(&rev4)) {
            if successor(&wording).normalized() != found.normalized() {
                return Err(format!(
                    "{where_}: FedRAMP's summary (row {fr_row}) says {wording:?}, NIST {flat:?}"
                ));
            }
            if !baselines.is_empty() {
                note += &format!(
                    "; in FedRAMP Rev 4 {} (FedRAMP summary row {fr_row})",
                    baselines.join(", ")
                );
            }
        }
        let outside_rev5 = match &found {
            Successor::Moved(id) => IdSpace::Nist80053R5.normalize(id).is_none(),
            Successor::Incorporated(ids) => ids
                .iter()
                .any(|id| IdSpace::Nist80053R5.normalize(id).is_none()),
            _ => false,
        };
        let targets: Vec<(String, Relation)> = match &found {
            // `Incorporated into App J control AR-2`: a Rev 4 privacy appendix control, no
            // Rev 5 one.
            _ if outside_rev5 => {
                unmapped.push(Unmapped {
                    source: rev4.clone(),
                    reason: note,
                    at: at(&range, SHEET, i, details),
                });
                continue;
            }
            Successor::None => {
                unmapped.push(Unmapped {
                    source: rev4.clone(),
                    reason: note,
                    at: at(&range, SHEET, i, details),
                });
                continue;
            }
            Successor::Moved(one) => vec![(one.clone(), Relation::Equal)],
            Successor::Incorporated(ids) if ids.len() == 1 => {
                vec![(ids[0].clone(), Relation::SubsetOf)]
            }
            Successor::Incorporated(ids) => ids
                .iter()
                .map(|t| (t.clone(), Relation::IntersectsWith))
                .collect(),
            Successor::Family(family) => {
                note += &format!(
                    "; read as related to each base control of the {family} family, so only \
                     suggested"
                );
                family_controls(family)
                    .filter(|m| !m.is_empty())
                    .ok_or_else(|| format!("{where_}: no {family} family in SP 800-53 Rev 5"))?
                    .into_iter()
                    .map(|c| (c, Relation::IntersectsWith))
                    .collect()
            }
        };
        for (target, relation) in targets {
            r5.check(&target, &where_)?;
            pairs.push(Pair {
                source: rev4.clone(),
                target,
                relation,
                at: at(&range, SHEET, i, details),
                note: Some(note.clone()),
            });
        }
    }
    if let Some(left) = fedramp.keys().next() {
        return Err(format!(
            "FedRAMP's summary withdraws {left}, which NIST's workbook does not"
        ));
    }
    let count = |k: &str| counts.get(k).copied().unwrap_or_default();
    check("Rev 4 to Rev 5: rows", counts.values().sum(), 1189)?;
    check("Rev 4 to Rev 5: withdrawn in Rev 5", count("withdrawn"), 90)?;
    check(
        "Rev 4 to Rev 5: withdrawn already in Rev 4",
        count("before"),
        92,
    )?;
    check("Rev 4 to Rev 5: new in Rev 5", count("new"), 268)?;
    check("Rev 4 to Rev 5: same identifier", count("same"), 739)?;
    let mut origin = origin(
        path,
        "NIST (SP 800-53 Rev 4 to Rev 5 comparison workbook), checked against GSA FedRAMP's \
         Rev 4 to Rev 5 summary",
        "SP 800-53 Rev 5 (comparison with Rev 4)",
        "Public domain (US government works: NIST; GSA FedRAMP, CC0).",
    )?;
    origin.also.push(SourceFile {
        file: file_name(fedramp_path),
        sha256: sha256_hex(fedramp_path)?,
    });
    Ok(Crosswalk {
        name: "SP 800-53 Rev 4 to Rev 5 (NIST comparison workbook)".into(),
        source: IdSpace::Nist80053R4,
        target: IdSpace::Nist80053R5,
        kind: CrosswalkKind::Revision,
        origin,
        pairs,
        unmapped,
    })
}

/// One column of an Azure Security Benchmark workbook read as a crosswalk.
struct AzureColumn {
    file: &'static str,
    sheet: &'static str,
    id_header: &'static str,
    rows: usize,
    space: IdSpace,
    version: &'static str,
    target_header: &'static str,
    target: IdSpace,
    out: &'static str,
}

/// Azure Security Benchmark v3 to SP 800-53 Rev 4, PCI DSS v3.2.1 and CIS Controls v8, and v2 to
/// SP 800-53 Rev 4: Microsoft's columns of related IDs, relationship unstated. IDs only.
fn azure(dir: &Path, rev4: &BTreeSet<String>) -> Result<Vec<Generated>, String> {
    let v3 = |target_header, target, out| AzureColumn {
        file: ASB3_FILE,
        sheet: "Azure Security Benchmark v3",
        id_header: "asb id",
        rows: 85,
        space: IdSpace::AzureSecurityBenchmark3,
        version: "Azure Security Benchmark v3.0",
        target_header,
        target,
        out,
    };
    let columns = [
        v3(
            "nist sp800-53 r4",
            IdSpace::Nist80053R4,
            "msft-asb3-to-sp800-53r4.json",
        ),
        v3(
            "pci-dss v3.2.1",
            IdSpace::PciDss321,
            "msft-asb3-to-pci-dss-3.2.1.json",
        ),
        v3(
            "cis controls v8",
            IdSpace::CisControls8,
            "msft-asb3-to-cis8.json",
        ),
        AzureColumn {
            file: ASB2_FILE,
            sheet: "Azure Security Benchmark V2.0",
            id_header: "azure id",
            rows: 70,
            space: IdSpace::AzureSecurityBenchmark2,
            version: "Azure Security Benchmark v2.0",
            target_header: "nist sp800-53 r4",
            target: IdSpace::Nist80053R4,
            out: "msft-asb2-to-sp800-53r4.json",
        },
    ];
    let mut out = Vec::new();
    for c in columns {
        let path = dir.join(c.file);
        let range = sheet(&path, c.sheet)?;
        let mut rows = range.rows().enumerate();
        let (_, header) = rows
            .next()
            .ok_or_else(|| format!("{}: empty sheet", c.sheet))?;
        let id = column_starting(header, c.id_header)?;
        let target = column_starting(header, c.target_header)?;
        let (mut read, mut pairs) = (0, Vec::new());
        for (i, row) in rows {
            let source = text(row, id);
            if source.is_empty() {
                continue;
            }
            read += 1;
            let where_ = format!("{} row {}", c.sheet, excel_row(&range, i));
            if c.space.normalize(&source).is_none() {
                return Err(format!("{where_}: {source:?} is not a {} ID", c.space));
            }
            for piece in text(row, target).lines() {
                // `AC-4: INFORMATION FLOW ENFORCEMENT`, `3.12 - Segment ...`, `13.10 Perform ...`:
                // the ID alone, without the title.
                let piece = piece.trim();
                if piece.is_empty() {
                    continue;
                }
                let written = if c.target == IdSpace::CisControls8 {
                    piece
                        .split(|ch: char| !(ch.is_ascii_digit() || ch == '.'))
                        .next()
                        .unwrap_or_default()
                        .trim_end_matches('.')
                        .to_string()
                } else if matches!(c.target, IdSpace::Nist80053R4) {
                    leading_nist_id(piece).unwrap_or(piece).to_string()
                } else {
                    piece
                        .split(':')
                        .next()
                        .unwrap_or_default()
                        .trim()
                        .to_string()
                };
                for written in split_ids(&written) {
                    let Some(normalized) = c.target.normalize(&written) else {
                        if written.chars().any(|ch| ch.is_ascii_digit()) {
                            return Err(format!("{where_}: {piece:?} is not a {} ID", c.target));
                        }
                        // `N/A`: Microsoft maps nothing there.
                        continue;
                    };
                    if c.target == IdSpace::Nist80053R4 && !rev4.contains(&normalized) {
                        return Err(format!("{where_}: {written} is not a Rev 4 control"));
                    }
                    pairs.push(Pair {
                        source: source.clone(),
                        target: written,
                        relation: Relation::Unstated,
                        at: at(&range, c.sheet, i, target),
                        note: None,
                    });
                }
            }
        }
        check(&format!("{}: rows", c.sheet), read, c.rows)?;
        out.push(Generated {
            file: c.out.into(),
            crosswalk: Crosswalk {
                name: format!("{} to {} (Microsoft)", c.space.label(), c.target.label()),
                source: c.space.clone(),
                target: c.target.clone(),
                kind: CrosswalkKind::Mapping,
                origin: origin(&path, "Microsoft", c.version, MICROSOFT_LICENCE)?,
                pairs,
                unmapped: Vec::new(),
            },
        });
    }
    Ok(out)
}

/// The SP 800-53 ID a cell starts with, without the title after it: `AC-4` of `AC-4:
/// INFORMATION FLOW ENFORCEMENT` and of `SC-2 APPLICATION PARTITIONING`, `AC-2 (1)` of
/// `AC-2 (1) AUTOMATED SYSTEM ACCOUNT MANAGEMENT`.
fn leading_nist_id(cell: &str) -> Option<&str> {
    let bytes = cell.as_bytes();
    let letters = bytes.iter().take_while(|b| b.is_ascii_uppercase()).count();
    if letters != 2 || bytes.get(2) != Some(&b'-') {
        return None;
    }
    let mut end = 3 + bytes[3..].iter().take_while(|b| b.is_ascii_digit()).count();
    if end == 3 {
        return None;
    }
    loop {
        let spaces = bytes[end..].iter().take_while(|b| **b == b' ').count();
        let open = end + spaces;
        if bytes.get(open) != Some(&b'(') {
            break;
        }
        let digits = bytes[open + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == 0 || bytes.get(open + 1 + digits) != Some(&b')') {
            break;
        }
        end = open + digits + 2;
    }
    Some(&cell[..end])
}

/// One set of the CSF 2.0 core's informative references: the prefix the core writes, the space,
/// whose mapping it is, and the file it becomes.
struct ReferenceSet {
    prefix: &'static str,
    space: IdSpace,
    publisher: &'static str,
    out: &'static str,
}

/// The CSF 2.0 core's informative references to control frameworks, identifiers only, one
/// crosswalk per referenced framework, each labelled with whose mapping it is. Its SP 800-53
/// references repeat NIST's concept crosswalk pair for pair and are not shipped twice;
/// references to documents that are no control framework (NICE, the CRI Profile, SP 800-37,
/// SP 800-218, SP 800-221A) are left out.
fn csf_references(path: &Path, concept: &Crosswalk) -> Result<Vec<Generated>, String> {
    const SHEET: &str = "CSF 2.0";
    let sets = [
        ReferenceSet {
            prefix: "CCMv4.0",
            space: IdSpace::CsaCcm4,
            publisher: "Cloud Security Alliance, as submitted to NIST (CSF 2.0 informative \
                        references)",
            out: "nist-csf2-refs-to-ccm4.json",
        },
        ReferenceSet {
            prefix: "ISO/IEC 27001:2022",
            space: IdSpace::Iso27001_2022,
            publisher: "ISO/IEC, as submitted to NIST (CSF 2.0 informative references)",
            out: "nist-csf2-refs-to-iso27001-2022.json",
        },
        ReferenceSet {
            prefix: "SCF",
            space: IdSpace::SecureControlsFramework,
            publisher: "Secure Controls Framework Council, as submitted to NIST (CSF 2.0 \
                        informative references)",
            out: "nist-csf2-refs-to-scf.json",
        },
        ReferenceSet {
            prefix: "NIST SP 800-171 Rev. 3",
            space: IdSpace::Nist800171R3,
            publisher: "NIST (CSF 2.0 informative references)",
            out: "nist-csf2-refs-to-sp800-171r3.json",
        },
        ReferenceSet {
            prefix: "CSF v1.1",
            space: IdSpace::NistCsf11,
            publisher: "NIST (CSF 2.0 informative references)",
            out: "nist-csf2-refs-to-csf1.1.json",
        },
        ReferenceSet {
            prefix: "CIS Controls v8.0",
            space: IdSpace::CisControls8,
            publisher: "as listed in NIST's CSF 2.0 informative references (the export does \
                        not name who submitted it)",
            out: "nist-csf2-refs-to-cis8.json",
        },
    ];
    const SAME_AS_CONCEPT: &str = "SP 800-53 Rev 5.1.1";
    const LEFT_OUT: [&str; 5] = [
        "NICE Framework Components",
        "CRI Profile v2.0",
        "SP-800-37 Rev 2",
        "SP 800-221A",
        "SP 800-218",
    ];
    let range = sheet(path, SHEET)?;
    let mut rows = range.rows().enumerate().skip(1);
    let (_, header) = rows.next().ok_or("CSF 2.0: no header row")?;
    let (f, c, s, refs) = (
        super::column(header, "Function")?,
        super::column(header, "Category")?,
        super::column(header, "Subcategory")?,
        super::column(header, "Informative References")?,
    );
    let csf = Known::of(Framework::NistCsf);
    let mut pairs: Vec<Vec<Pair>> = sets.iter().map(|_| Vec::new()).collect();
    let mut nist_pairs: BTreeSet<(String, String)> = BTreeSet::new();
    let (mut empty, mut nist_lines) = (BTreeMap::new(), 0);
    for (i, row) in rows {
        let Some(element) = [f, c, s]
            .iter()
            .find_map(|&col| element_id(&text(row, col)))
        else {
            continue;
        };
        if csf.check(&element, "").is_err() {
            // A withdrawn category or subcategory: no control of CSF 2.0.
            continue;
        }
        let where_ = format!("{SHEET} row {}", excel_row(&range, i));
        for line in text(row, refs).lines() {
            let line = line.trim();
            if line.is_empty() || LEFT_OUT.iter().any(|p| line.starts_with(p)) {
                continue;
            }
            if let Some(rest) = line.strip_prefix(SAME_AS_CONCEPT) {
                nist_lines += 1;
                nist_pairs.insert((element.clone(), reference_key(rest)));
                continue;
            }
            let (set, rest) = sets
                .iter()
                .enumerate()
                .find_map(|(n, set)| {
                    line.strip_prefix(set.prefix)
                        .and_then(|r| r.strip_prefix(':'))
                        .map(|r| (n, r.trim()))
                })
                .ok_or_else(|| format!("{where_}: reference {line:?} of no known set"))?;
            // `Mandatory Clause: 7.1, 7.2`: each ID under the label.
            let (label, ids) = match rest.rsplit_once(':') {
                Some((label, ids)) => (format!("{}: ", label.trim()), ids),
                None => (String::new(), rest),
            };
            let ids = split_ids(ids);
            if ids.is_empty() {
                *empty.entry(rest.to_string()).or_insert(0usize) += 1;
            }
            for id in ids {
                let target = format!("{label}{id}");
                if sets[set].space.normalize(&target).is_none() {
                    // `ISO/IEC 27001:2022: Mandatory Clause: None`, `Annex A Controls: All
                    // applicable controls`: no control named.
                    *empty.entry(rest.to_string()).or_insert(0usize) += 1;
                    continue;
                }
                pairs[set].push(Pair {
                    source: element.clone(),
                    target,
                    relation: Relation::Unstated,
                    at: at(&range, SHEET, i, refs),
                    note: None,
                });
            }
        }
    }
    // The concept crosswalk as written (a family once, not its expansion), subcategories only.
    let concept_pairs: BTreeSet<(String, String)> = concept
        .pairs
        .iter()
        .filter(|p| p.source.contains('-'))
        .map(|p| {
            let target = match &p.note {
                Some(n) if n.ends_with("read as each of its base controls") => {
                    n.split_whitespace().nth(1).unwrap_or_default().to_string()
                }
                _ => p.target.clone(),
            };
            (normalize_control_id(&p.source), reference_key(&target))
        })
        .collect();
    check("CSF 2.0 core: SP 800-53 references", nist_lines, 740)?;
    // The core's references are to Rev 5.1.1, NIST's concept crosswalk to Rev 5.2.0: the
    // crosswalk is shipped, the core's older set is not shipped twice.
    let subcategory = |p: &&(String, String)| p.0.contains('-');
    let only_core = nist_pairs
        .iter()
        .filter(subcategory)
        .filter(|p| !concept_pairs.contains(p))
        .count();
    let only_concept = concept_pairs.difference(&nist_pairs).count();
    let shared = nist_pairs.iter().filter(subcategory).count() - only_core;
    println!(
        "CSF 2.0 core: SP 800-53 Rev 5.1.1 references left out for NIST's Rev 5.2.0 concept \
         crosswalk ({shared} subcategory pairs in both, {only_core} only in the core, \
         {only_concept} only in the crosswalk)"
    );
    let counts: Vec<usize> = pairs.iter().map(Vec::len).collect();
    check("CSF 2.0 core: CCM v4 references", counts[0], 657)?;
    println!("CSF 2.0 core: references naming no control: {empty:?}");
    check(
        "CSF 2.0 core: references naming no control",
        empty.values().sum(),
        79,
    )?;
    let mut out = Vec::new();
    for (set, pairs) in sets.iter().zip(pairs) {
        out.push(Generated {
            file: set.out.into(),
            crosswalk: Crosswalk {
                name: format!(
                    "CSF 2.0 to {} (CSF 2.0 informative references)",
                    set.space.label()
                ),
                source: IdSpace::NistCsf2,
                target: set.space.clone(),
                kind: CrosswalkKind::Mapping,
                origin: origin(
                    path,
                    set.publisher,
                    "CSF 2.0 (February 2024), Reference Tool export",
                    REFERENCE_LICENCE,
                )?,
                pairs,
                unmapped: Vec::new(),
            },
        });
    }
    Ok(out)
}

/// An SP 800-53 reference as a comparable key: the normalized ID, or a family as written.
fn reference_key(text: &str) -> String {
    let text = text.trim_start_matches(':').trim();
    IdSpace::Nist80053R5
        .normalize(text)
        .unwrap_or_else(|| text.to_string())
}

/// `GV`, `GV.OC` or `GV.OC-01` from a cell of the core (`GOVERN (GV): ...`,
/// `Organizational Context (GV.OC): ...`, `GV.OC-01: ...`); `None` for a withdrawn entry.
fn element_id(cell: &str) -> Option<String> {
    let (head, body) = cell.split_once(": ")?;
    if body.starts_with("[Withdrawn") {
        return None;
    }
    match head.rsplit_once(" (") {
        Some((_, id)) => id.strip_suffix(')').map(str::to_string),
        None => Some(head.trim().to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::{successor, Successor};

    #[test]
    fn nist_cells_give_their_id_without_the_title() {
        use super::leading_nist_id as id;
        assert_eq!(id("AC-4: INFORMATION FLOW ENFORCEMENT"), Some("AC-4"));
        assert_eq!(id("SC-2 APPLICATION PARTITIONING"), Some("SC-2"));
        assert_eq!(id("AC-2 (1) AUTOMATED"), Some("AC-2 (1)"));
        assert_eq!(id("AC-2(1)(2)"), Some("AC-2(1)(2)"));
        assert_eq!(id("Not applicable"), None);
    }

    #[test]
    fn change_details_name_their_successors() {
        let inc =
            |ids: &[&str]| Successor::Incorporated(ids.iter().map(|s| s.to_string()).collect());
        assert_eq!(successor("Incorporated into AC-2k"), inc(&["AC-2k"]));
        assert_eq!(
            successor("Moved to AT-2(4)"),
            Successor::Moved("AT-2(4)".into())
        );
        assert_eq!(
            successor("Moved to\u{a0}CM-7(6)"),
            Successor::Moved("CM-7(6)".into())
        );
        assert_eq!(
            successor("Incorporated into SR family"),
            Successor::Family("SR".into())
        );
        assert_eq!(successor("incorporated into PL-9"), inc(&["PL-9"]));
        assert_eq!(
            successor("Incorporated into MA-1 and  MA-4"),
            inc(&["MA-1", "MA-4"])
        );
        assert_eq!(
            successor("Moved to SR-4(1), SR-4(2)"),
            inc(&["SR-4(1)", "SR-4(2)"])
        );
        assert_eq!(
            successor(
                "Previously withdrawn in Rev4; Incorporated into AC-2, AC-3, AC-5, and AC-6 "
            ),
            inc(&["AC-2", "AC-3", "AC-5", "AC-6"])
        );
        assert_eq!(
            successor(
                "Previously withdrawn and incorporated into SA-12 during Rev4; Incorporated into \
                 SR-9 during Rev5"
            ),
            inc(&["SR-9"])
        );
        assert_eq!(successor("Incorporated into SC-28(1)."), inc(&["SC-28(1)"]));
        assert_eq!(
            successor("Technology-specific; addressed as any other technology or protocol"),
            Successor::None
        );
    }
}
