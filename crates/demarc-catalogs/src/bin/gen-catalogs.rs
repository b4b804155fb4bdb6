//! Regenerates `data/*.json` from the public-domain sources in `../shared/catalogs` and from the
//! lists of our own labels in `lists/`. Run through `scripts/gen-catalogs`.
//!
//! Usage: gen-catalogs CATALOG_DIR OUT_DIR

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use demarc_catalogs::gen::{check, column, file_name, sha256_hex, sheet, text};
use demarc_catalogs::{Catalog, Control, ControlKind, Family};
use demarc_core::{FedrampLevel, Framework};

const GENERATED_BY: &str = "scripts/gen-catalogs (crates/demarc-catalogs/src/bin/gen-catalogs.rs)";
const NIST_FILE: &str = "nist_sp800-53r5-control-catalog.xlsx";
const FEDRAMP_FILE: &str = "fedramp-gov_FedRAMP_Security_Controls_Baseline_rev5.xlsx";
const CSF_FILE: &str = "nist_csf-2.0-core.xlsx";
const HIPAA_FILE: &str = "hhs_hipaa-security-rule_45cfr164-subpartC.md";
/// Our title for 164.308(b)(2), a paragraph the regulation leaves without a heading.
const SUBCONTRACTOR_ASSURANCES: &str = "Business associate assurances from subcontractors";

const NIST_FAMILIES: [(&str, &str); 20] = [
    ("AC", "Access Control"),
    ("AT", "Awareness and Training"),
    ("AU", "Audit and Accountability"),
    ("CA", "Assessment, Authorization, and Monitoring"),
    ("CM", "Configuration Management"),
    ("CP", "Contingency Planning"),
    ("IA", "Identification and Authentication"),
    ("IR", "Incident Response"),
    ("MA", "Maintenance"),
    ("MP", "Media Protection"),
    ("PE", "Physical and Environmental Protection"),
    ("PL", "Planning"),
    ("PM", "Program Management"),
    ("PS", "Personnel Security"),
    ("PT", "PII Processing and Transparency"),
    ("RA", "Risk Assessment"),
    ("SA", "System and Services Acquisition"),
    ("SC", "System and Communications Protection"),
    ("SI", "System and Information Integrity"),
    ("SR", "Supply Chain Risk Management"),
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [sources, out] = args.as_slice() else {
        eprintln!("usage: gen-catalogs CATALOG_DIR OUT_DIR");
        std::process::exit(2);
    };
    if let Err(e) = run(Path::new(sources), Path::new(out)) {
        eprintln!("gen-catalogs: {e}");
        std::process::exit(1);
    }
}

fn run(sources: &Path, out: &Path) -> Result<(), String> {
    let nist = nist(&sources.join(NIST_FILE))?;
    let fedramp = fedramp(&sources.join(FEDRAMP_FILE), &nist)?;
    let csf = csf(&sources.join(CSF_FILE))?;
    let hipaa = hipaa(&sources.join(HIPAA_FILE))?;
    let lists = Path::new(env!("CARGO_MANIFEST_DIR")).join("lists");
    let mut catalogs = vec![nist, fedramp, csf, hipaa];
    for framework in [Framework::Soc2, Framework::PciDss, Framework::Iso27001] {
        catalogs.push(list(&lists, framework)?);
    }
    for catalog in &catalogs {
        let path = out.join(format!("{}.json", catalog.framework.id()));
        let json = serde_json::to_string_pretty(catalog).map_err(|e| e.to_string())?;
        std::fs::write(&path, json + "\n").map_err(|e| format!("{}: {e}", path.display()))?;
        println!("{}: {} entries", path.display(), catalog.controls.len());
    }
    Ok(())
}

fn entry(
    id: String,
    title: String,
    text: Option<String>,
    family: &str,
    parent: Option<String>,
    kind: ControlKind,
) -> Control {
    Control {
        id,
        title,
        text,
        family: family.to_string(),
        parent,
        kind,
        withdrawn: false,
        baselines: Vec::new(),
    }
}

fn nist(path: &Path) -> Result<Catalog, String> {
    let range = sheet(path, "SP 800-53 Revision 5")?;
    let mut rows = range.rows();
    let header = rows.next().ok_or("empty sheet")?;
    let (id_col, name_col, text_col) = (
        column(header, "Control Identifier")?,
        column(header, "Control (or Control Enhancement) Name")?,
        column(header, "Control Text")?,
    );
    let mut controls = Vec::new();
    for row in rows {
        let id = text(row, id_col);
        if id.is_empty() {
            continue;
        }
        let family = id.split('-').next().unwrap_or_default().to_string();
        if !NIST_FAMILIES.iter().any(|(f, _)| *f == family) {
            return Err(format!("{id}: unknown family"));
        }
        let (parent, kind) = match id.split_once('(') {
            Some((base, _)) => (Some(base.to_string()), ControlKind::Enhancement),
            None => (None, ControlKind::Control),
        };
        let body = text(row, text_col);
        let mut control = entry(
            id,
            text(row, name_col),
            Some(body.clone()),
            &family,
            parent,
            kind,
        );
        control.withdrawn = body.starts_with("[Withdrawn");
        controls.push(control);
    }
    let base = controls
        .iter()
        .filter(|c| c.kind == ControlKind::Control)
        .count();
    check("NIST SP 800-53 entries", controls.len(), 1189)?;
    check("NIST SP 800-53 base controls", base, 322)?;
    Ok(Catalog {
        framework: Framework::Nist80053,
        version: "SP 800-53 Revision 5".into(),
        source: file_name(path),
        sha256: sha256_hex(path)?,
        licence: "Public domain (US government work, NIST); text reproduced verbatim.".into(),
        generated_by: GENERATED_BY.into(),
        families: NIST_FAMILIES
            .iter()
            .map(|(id, title)| Family {
                id: id.to_string(),
                title: title.to_string(),
            })
            .collect(),
        controls,
    })
}

/// "AC-2 (1)" as FedRAMP writes it becomes "AC-2(1)" as NIST does.
fn nist_id(raw: &str) -> String {
    raw.chars().filter(|c| !c.is_whitespace()).collect()
}

fn fedramp(path: &Path, nist: &Catalog) -> Result<Catalog, String> {
    let sheets = [
        (FedrampLevel::High, "High Baseline", "ID", 410),
        (FedrampLevel::Moderate, "Moderate Baseline", "ID", 323),
        (FedrampLevel::Low, "Low Baseline", "ID", 156),
        (FedrampLevel::LiSaas, "LI-SaaS Baseline", "Control ID", 156),
    ];
    let mut selected: BTreeMap<String, Vec<FedrampLevel>> = BTreeMap::new();
    for (level, name, id_header, expected) in sheets {
        let range = sheet(path, name)?;
        // Row 1 holds group titles; the header is row 2.
        let mut rows = range.rows().skip(1);
        let header = rows
            .next()
            .ok_or_else(|| format!("{name}: no header row"))?;
        let id_col = column(header, id_header).map_err(|e| format!("{name}: {e}"))?;
        let mut count = 0;
        for row in rows {
            let id = nist_id(&text(row, id_col));
            if id.is_empty() {
                continue;
            }
            if nist.control(&id).is_none() {
                return Err(format!("{name}: {id} is not in the NIST catalog"));
            }
            selected.entry(id).or_default().push(level);
            count += 1;
        }
        check(name, count, expected)?;
    }
    // NIST order, NIST titles; the text is filled in from the NIST catalog when loaded.
    let controls = nist
        .controls
        .iter()
        .filter_map(|c| {
            let baselines = selected.remove(&c.id)?;
            Some(Control {
                text: None,
                baselines,
                ..c.clone()
            })
        })
        .collect();
    Ok(Catalog {
        framework: Framework::Fedramp,
        version: "FedRAMP Rev 5 baselines (High, Moderate, Low, LI-SaaS)".into(),
        source: file_name(path),
        sha256: sha256_hex(path)?,
        licence:
            "Public domain (US government work, GSA FedRAMP); control text is NIST's, verbatim."
                .into(),
        generated_by: GENERATED_BY.into(),
        families: nist.families.clone(),
        controls,
    })
}

fn csf(path: &Path) -> Result<Catalog, String> {
    let range = sheet(path, "CSF 2.0")?;
    let mut rows = range.rows().skip(1);
    let header = rows.next().ok_or("CSF 2.0: no header row")?;
    let (f_col, c_col, s_col) = (
        column(header, "Function")?,
        column(header, "Category")?,
        column(header, "Subcategory")?,
    );
    let mut families = Vec::new();
    let mut controls = Vec::new();
    let (mut function, mut category) = (String::new(), None::<String>);
    for row in rows {
        let (f, c, s) = (text(row, f_col), text(row, c_col), text(row, s_col));
        if let Some((head, body)) = f.split_once(": ") {
            // "GOVERN (GV): ..."; the function's closing row repeats "GOVERN (GV)" alone.
            let (name, id) = split_paren_id(head).ok_or_else(|| format!("function {head:?}"))?;
            function = id.clone();
            families.push(Family {
                id: id.clone(),
                title: title_case(&name),
            });
            controls.push(entry(
                id,
                title_case(&name),
                Some(body.to_string()),
                &function,
                None,
                ControlKind::Function,
            ));
        } else if let Some((head, body)) = c.split_once(": ") {
            let (name, id) = split_paren_id(head).ok_or_else(|| format!("category {head:?}"))?;
            category = if body.starts_with("[Withdrawn") {
                None
            } else {
                controls.push(entry(
                    id.clone(),
                    name,
                    Some(body.to_string()),
                    &function,
                    Some(function.clone()),
                    ControlKind::Category,
                ));
                Some(id)
            };
        } else if let Some((id, body)) = s.split_once(": ") {
            if body.starts_with("[Withdrawn") {
                continue;
            }
            let parent = category
                .clone()
                .ok_or_else(|| format!("{id} is in force under a withdrawn category"))?;
            controls.push(entry(
                id.to_string(),
                body.to_string(),
                Some(body.to_string()),
                &function,
                Some(parent),
                ControlKind::Subcategory,
            ));
        }
    }
    let count = |kind| controls.iter().filter(|c| c.kind == kind).count();
    check("CSF functions", count(ControlKind::Function), 6)?;
    check("CSF categories", count(ControlKind::Category), 22)?;
    check("CSF subcategories", count(ControlKind::Subcategory), 106)?;
    Ok(Catalog {
        framework: Framework::NistCsf,
        version: "CSF 2.0 (February 2024), Reference Tool export".into(),
        source: file_name(path),
        sha256: sha256_hex(path)?,
        licence: "Public domain (US government work, NIST); text reproduced verbatim; withdrawn entries left out.".into(),
        generated_by: GENERATED_BY.into(),
        families,
        controls,
    })
}

/// "Organizational Context (GV.OC)" into ("Organizational Context", "GV.OC").
fn split_paren_id(head: &str) -> Option<(String, String)> {
    let (name, rest) = head.rsplit_once(" (")?;
    Some((name.trim().to_string(), rest.strip_suffix(')')?.to_string()))
}

/// "GOVERN" into "Govern".
fn title_case(word: &str) -> String {
    let lower = word.to_lowercase();
    let mut chars = lower.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// One paragraph of the regulation: its label ("a", "1", "ii", "A"), level and text.
struct Paragraph {
    label: String,
    level: usize,
    body: String,
}

/// The level of a paragraph label: (a) 1, (1) 2, (i) 3, (A) 4. The sections used have no
/// lettered paragraph past (e), so (i) and (v) are always roman numerals.
fn label_level(label: &str) -> Option<usize> {
    let first = label.chars().next()?;
    if first.is_ascii_digit() {
        Some(2)
    } else if label.chars().all(|c| "ivx".contains(c)) {
        Some(3)
    } else if first.is_ascii_lowercase() && label.len() == 1 {
        Some(1)
    } else if first.is_ascii_uppercase() && label.len() == 1 {
        Some(4)
    } else {
        None
    }
}

fn paragraph(line: &str) -> Option<Paragraph> {
    let rest = line.trim().strip_prefix('(')?;
    let (label, body) = rest.split_once(')')?;
    let level = label_level(label)?;
    Some(Paragraph {
        label: label.to_string(),
        level,
        body: body.trim().to_string(),
    })
}

/// The text of a paragraph with the amendment citation that closes a section removed.
fn without_citation(body: &str) -> String {
    match body.find(" [68 FR") {
        Some(at) => body[..at].trim_end().to_string(),
        None => body.to_string(),
    }
}

fn hipaa(path: &Path) -> Result<Catalog, String> {
    const SECTIONS: [&str; 5] = ["164.308", "164.310", "164.312", "164.314", "164.316"];
    let source = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut families = Vec::new();
    let mut controls: Vec<Control> = Vec::new();
    let mut section: Option<String> = None;
    // The labels of the open paragraphs by level (index 0 unused), and the last standard.
    let mut path_labels: Vec<String> = Vec::new();
    let mut standard: Option<String> = None;
    // Paragraphs below a standard or a specification belong to its text.
    let mut open: Option<(usize, usize)> = None; // (index into controls, level)
    for line in source.lines() {
        if let Some(heading) = line.strip_prefix("## § ") {
            let (number, title) = heading.split_once(' ').unwrap_or((heading, ""));
            section = SECTIONS.contains(&number).then(|| number.to_string());
            if let Some(number) = &section {
                families.push(Family {
                    id: number.clone(),
                    title: title.trim_end_matches('.').to_string(),
                });
            }
            path_labels.clear();
            standard = None;
            open = None;
            continue;
        }
        let Some(number) = &section else { continue };
        let Some(p) = paragraph(line) else { continue };
        path_labels.truncate(p.level.saturating_sub(1));
        while path_labels.len() < p.level - 1 {
            // A level the text skips (a section that starts at (1)) keeps its place empty.
            path_labels.push(String::new());
        }
        path_labels.push(p.label.clone());
        let id = format!(
            "{number}{}",
            path_labels
                .iter()
                .filter(|l| !l.is_empty())
                .map(|l| format!("({l})"))
                .collect::<String>()
        );
        if let Some((index, level)) = open {
            if p.level > level {
                if let Some(text) = controls[index].text.as_mut() {
                    text.push('\n');
                    text.push_str(&without_citation(line.trim()));
                }
                continue;
            }
            open = None;
        }
        let body = without_citation(&p.body);
        let heading = body
            .split_once(". ")
            .map(|(h, _)| h)
            .unwrap_or(body.trim_end_matches('.'));
        // 164.308(b)(1) is a standard that its paragraph does not label "Standard:"; (b)(2) is
        // the same standard's duty for a business associate towards its subcontractors, with
        // no heading at all: it gets a title of ours, and (b)(3) stays under (b)(1).
        let business_associates = id == "164.308(b)(1)";
        let subcontractors = id == "164.308(b)(2)";
        let kind = if let Some(title) = heading.strip_prefix("Standard: ") {
            Some((title.to_string(), ControlKind::Standard))
        } else if business_associates {
            Some((heading.to_string(), ControlKind::Standard))
        } else if subcontractors {
            Some((SUBCONTRACTOR_ASSURANCES.to_string(), ControlKind::Standard))
        } else {
            spec_title(heading)
        };
        let Some((title, kind)) = kind else { continue };
        let parent = if kind == ControlKind::Standard {
            if !subcontractors {
                standard = Some(id.clone());
            }
            None
        } else {
            standard.clone()
        };
        if kind != ControlKind::Standard && parent.is_none() {
            return Err(format!(
                "{id}: an implementation specification before any standard"
            ));
        }
        open = Some((controls.len(), p.level));
        controls.push(entry(
            id,
            title,
            Some(format!("({}) {body}", p.label)),
            number,
            parent,
            kind,
        ));
    }
    for number in SECTIONS {
        if !controls
            .iter()
            .any(|c| c.family == number && c.kind == ControlKind::Standard)
        {
            return Err(format!("HIPAA: no standard found in {number}"));
        }
    }
    Ok(Catalog {
        framework: Framework::Hipaa,
        version: "45 CFR Part 164 Subpart C, as amended through 78 FR 5693 (January 25, 2013)"
            .into(),
        source: file_name(path),
        sha256: sha256_hex(path)?,
        licence: "US federal regulation (public domain); text reproduced verbatim.".into(),
        generated_by: GENERATED_BY.into(),
        families,
        controls,
    })
}

/// "Risk analysis (Required)", "Implementation specification: Response and reporting
/// (Required)" or "Implementation specifications (Required)" into a title and a kind.
fn spec_title(heading: &str) -> Option<(String, ControlKind)> {
    let (title, kind) = if let Some(at) = heading.find(" (Required)") {
        (&heading[..at], ControlKind::ImplementationRequired)
    } else if let Some(at) = heading.find(" (Addressable)") {
        (&heading[..at], ControlKind::ImplementationAddressable)
    } else {
        return None;
    };
    let title = title
        .strip_prefix("Implementation specifications: ")
        .or_else(|| title.strip_prefix("Implementation specification: "))
        .unwrap_or(title);
    Some((title.to_string(), kind))
}

/// A list of our own labels: `@key value` header lines, `@family ID<TAB>title`, then
/// `ID<TAB>label` lines; `#` starts a comment.
fn list(dir: &Path, framework: Framework) -> Result<Catalog, String> {
    let path: PathBuf = dir.join(format!("{}.txt", framework.id()));
    let source = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut header: BTreeMap<String, String> = BTreeMap::new();
    let mut families = Vec::new();
    let mut controls: Vec<Control> = Vec::new();
    for (n, line) in source.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = || format!("{}:{}: {line:?}", path.display(), n + 1);
        if let Some(rest) = line.strip_prefix("@family ") {
            let (id, title) = rest.split_once('\t').ok_or_else(bad)?;
            families.push(Family {
                id: id.to_string(),
                title: title.to_string(),
            });
        } else if let Some(rest) = line.strip_prefix('@') {
            let (key, value) = rest.split_once(' ').ok_or_else(bad)?;
            header.insert(key.to_string(), value.to_string());
        } else {
            let (id, title) = line.split_once('\t').ok_or_else(bad)?;
            let (family, parent, kind) = list_structure(framework, id);
            if !families.iter().any(|f: &Family| f.id == family) {
                return Err(format!("{}: family {family} is not declared", bad()));
            }
            if let Some(p) = &parent {
                if !controls.iter().any(|c| &c.id == p) {
                    return Err(format!("{}: parent {p} is not listed before it", bad()));
                }
            }
            controls.push(entry(
                id.to_string(),
                title.to_string(),
                None,
                &family,
                parent,
                kind,
            ));
        }
    }
    let field = |key: &str| {
        header
            .get(key)
            .cloned()
            .ok_or_else(|| format!("{}: no @{key}", path.display()))
    };
    Ok(Catalog {
        framework,
        version: field("version")?,
        source: format!("lists/{}", file_name(&path)),
        sha256: sha256_hex(&path)?,
        licence: field("licence")?,
        generated_by: GENERATED_BY.into(),
        families,
        controls,
    })
}

/// Family, parent and kind follow from the id in the hand-written lists.
fn list_structure(framework: Framework, id: &str) -> (String, Option<String>, ControlKind) {
    match framework {
        // CC6.1 in family CC6.
        Framework::Soc2 => (
            id.split('.').next().unwrap_or(id).to_string(),
            None,
            ControlKind::Criterion,
        ),
        // A.8.24 in family A.8.
        Framework::Iso27001 => (
            id.rsplit_once('.')
                .map(|(f, _)| f)
                .unwrap_or(id)
                .to_string(),
            None,
            ControlKind::Control,
        ),
        // 8.4.2 under 8.4 under 8, in family 8; A1.1.2 under A1.1 under A1.
        _ => (
            id.split('.').next().unwrap_or(id).to_string(),
            id.rsplit_once('.').map(|(p, _)| p.to_string()),
            ControlKind::Requirement,
        ),
    }
}
