//! Finding a matrix in a sheet: the header row(s), then each column by its title and the cells
//! beneath it, never by position.

use demarc_core::imported::Layout;
use demarc_core::{fold, Ownership};

use crate::sheet::Sheet;
use crate::vocabulary::lookup;

/// How the ownership of a row is read.
#[derive(Debug, Clone)]
pub(crate) enum Owners {
    /// Each column holds one label; `scope` names what it applies to (CCM's IaaS, PaaS, SaaS).
    Labels(Vec<(u32, Option<String>)>),
    /// Marked columns (X) together make one value; each column stands for an ownership, or
    /// `None` when its title is not in the crosswalk.
    Marks(Vec<(u32, Option<Ownership>)>),
    /// No ownership at all: the rows carry implementation answers only (CAIQ v3.0.1).
    Nothing,
}

/// A matrix found in a sheet. Rows and columns are 0-based absolute positions.
#[derive(Debug, Clone)]
pub(crate) struct Spec {
    pub layout: Layout,
    pub header_first: u32,
    pub header_last: u32,
    pub id_col: u32,
    pub owners: Owners,
    pub provider_text: Option<u32>,
    pub customer_text: Option<u32>,
    /// CAIQ's "CSP CAIQ Answer": an `NA` answer with no ownership means not applicable.
    pub answer_col: Option<u32>,
    /// Marked answer columns with the answer each stands for (CAIQ v3.0.1's Yes / No / Not
    /// Applicable).
    pub answer_marks: Vec<(u32, String)>,
    /// Azure v3's `Feature Supported` and `Feature Enabled by Default`.
    pub features: Option<(u32, u32)>,
    /// A column of section titles named by a mapping profile.
    pub section_col: Option<u32>,
    /// The first and last data rows to read (0-based), when a mapping profile bounds them.
    pub first_row: Option<u32>,
    pub last_row: Option<u32>,
    /// The baseline a second header row names under the control ID title.
    pub baseline: Option<String>,
    /// Header title per column, the leaf title for two-level headers.
    pub titles: Vec<(u32, String)>,
}

/// Header text per column (0-based).
type Titles = Vec<(u32, String)>;

/// How far down a header may sit.
pub(crate) const HEADER_SCAN_ROWS: u32 = 30;

/// Titles of a control ID column, most specific first.
const ID_TITLES: &[&str] = &[
    "control id",
    "question id",
    "asb control id",
    "azure id",
    "control identifier",
    "control number",
    "control no.",
    "control no",
    "control ref",
    "control reference",
    "requirement id",
    "requirement number",
    "requirement #",
    "pci dss requirement",
    "pci dss requirements",
    "pci dss v4.0 requirement",
    "pci dss v4.0.1 requirement",
    "pci requirement",
];

/// Titles that name an ID column only when the cells beneath look like control IDs: general
/// words (`ID`, `Requirement`) and numbers (`NIST Control #`, `Req. #`).
const LOOSE_ID_TITLES: &[&str] = &[
    "requirement",
    "req",
    "req.",
    "req #",
    "req. #",
    "req.#",
    "req no.",
    "id",
    "control",
    "control #",
];

/// Endings that make a title an ID title on the same condition: `NIST Control #`,
/// `800-53 Control ID`, `CIS Control Number`.
const LOOSE_ID_ENDINGS: &[&str] = &[
    " control #",
    " control id",
    " control number",
    " control no.",
    " control no",
    " control ref",
    " requirement #",
    " req. #",
];

/// Words that make the cell under a control ID title a baseline's name (`FedRAMP Controls
/// Moderate`) rather than data.
const BASELINE_WORDS: &[&str] = &[
    "fedramp", "baseline", "moderate", "high", "low", "li-saas", "impact",
];

const OWNERSHIP_TITLES: &[&str] = &[
    "responsibility",
    "responsibilities",
    "responsible party",
    "responsible",
    "responsibility assignment",
    "party responsible",
    "ownership",
    "owner",
    "control owner",
    "control ownership",
    "shared responsibility",
];

/// A title folded, without a trailing parenthetical: `Control ID (Rev 5)` is `control id`.
pub(crate) fn title_key(title: &str) -> String {
    let folded = fold(title);
    match folded.find('(') {
        Some(i) if i > 0 => folded[..i].trim_end().to_string(),
        _ => folded,
    }
}

/// Looks like a control identifier: short, few words, carries a digit. Titles, footers
/// (`End of Standard`, a copyright line) and domain rows do not.
pub(crate) fn id_like(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty()
        && text.chars().count() <= 40
        && text.split_whitespace().count() <= 4
        && text.chars().any(|c| c.is_ascii_digit())
        && !text.starts_with('©')
        && !fold(text).starts_with("copyright")
}

/// The rank of an ID title (lower is more specific) and whether the cells beneath must look
/// like IDs for it to count.
fn id_title(key: &str) -> Option<(usize, bool)> {
    if let Some(rank) = ID_TITLES.iter().position(|t| *t == key) {
        return Some((rank, false));
    }
    if let Some(rank) = LOOSE_ID_TITLES.iter().position(|t| *t == key) {
        return Some((ID_TITLES.len() + LOOSE_ID_ENDINGS.len() + rank, true));
    }
    LOOSE_ID_ENDINGS
        .iter()
        .position(|e| key.ends_with(e))
        .map(|rank| (ID_TITLES.len() + rank, true))
}

/// True when at least half the cells beneath, and one at least, look like control IDs.
fn ids_beneath(sheet: &Sheet, header_last: u32, col: u32) -> bool {
    let (mut ids, mut filled) = (0, 0);
    for r in sample_rows(sheet, header_last) {
        let text = sheet.text(r, col);
        if text.trim().is_empty() {
            continue;
        }
        filled += 1;
        if id_like(&text) {
            ids += 1;
        }
    }
    ids > 0 && ids * 2 >= filled
}

/// The name of a baseline, as the second header row of an older FedRAMP CIS gives it.
fn baseline_name(text: &str) -> bool {
    let key = fold(text);
    key.split(|c: char| !c.is_alphanumeric() && c != '-')
        .any(|w| BASELINE_WORDS.contains(&w))
}

/// A cell that marks a column (an X, a tick, yes).
pub(crate) fn is_mark(text: &str) -> Option<bool> {
    match fold(text).as_str() {
        "" | "no" | "n" | "false" | "0" | "-" => Some(false),
        "x" | "✓" | "✔" | "yes" | "y" | "true" | "1" | "•" | "●" => Some(true),
        _ => None,
    }
}

/// Finds the first matrix in the sheet, scanning the top rows for a header.
pub(crate) fn detect(sheet: &Sheet) -> Option<Spec> {
    let first = sheet.first_row()?;
    let last = sheet.last_row()?;
    (first..=last.min(first.saturating_add(HEADER_SCAN_ROWS))).find_map(|row| detect_at(sheet, row))
}

fn detect_at(sheet: &Sheet, row: u32) -> Option<Spec> {
    let titled: Vec<(u32, usize, bool)> = sheet
        .columns()
        .filter_map(|c| {
            let (rank, loose) = id_title(&title_key(&sheet.text(row, c)))?;
            Some((c, rank, loose))
        })
        .collect();
    let first = titled.first()?.0;
    let two_level = is_two_level(sheet, row, first);
    let header_last = if two_level { row + 1 } else { row };
    let id_candidates: Vec<(u32, usize)> = titled
        .iter()
        .filter(|(c, _, loose)| !loose || ids_beneath(sheet, header_last, *c))
        .map(|(c, rank, _)| (*c, *rank))
        .collect();
    if id_candidates.is_empty() {
        return None;
    }
    let mut id_col = best_id_column(sheet, header_last, &id_candidates);
    let (mut titles, groups) = header_titles(sheet, row, two_level);
    // A baseline named under the ID title: the column keeps its title, the table the name.
    let under_id = sheet.text(row + 1, id_col);
    let baseline = (two_level && !under_id.trim().is_empty()).then(|| {
        if let Some(t) = titles.iter_mut().find(|(c, _)| *c == id_col) {
            t.1 = sheet.text(row, id_col);
        }
        under_id.trim().to_string()
    });
    let keys: Vec<(u32, String)> = titles.iter().map(|(c, t)| (*c, title_key(t))).collect();
    let find = |pred: &dyn Fn(&str) -> bool| {
        keys.iter()
            .find(|(c, k)| *c != id_col && pred(k))
            .map(|(c, _)| *c)
    };
    let mut spec = Spec {
        layout: Layout::Generic,
        header_first: row,
        header_last,
        id_col,
        owners: Owners::Labels(Vec::new()),
        provider_text: None,
        customer_text: None,
        answer_col: None,
        answer_marks: Vec::new(),
        features: None,
        section_col: None,
        first_row: None,
        last_row: None,
        baseline,
        titles: titles.clone(),
    };

    if let Some(col) = find(&|k| k.starts_with("can be inherited")) {
        spec.layout = Layout::FedrampCrm;
        spec.owners = Owners::Labels(vec![(col, None)]);
        spec.customer_text = find(&|k| k.contains("responsibilit") || k.contains("inheritance"));
        return Some(spec);
    }
    let origination: Vec<(u32, Option<Ownership>)> = groups
        .iter()
        .filter(|(_, g)| fold(g).starts_with("control origination"))
        .filter_map(|(c, _)| titles.iter().find(|(tc, _)| tc == c))
        .map(|(c, t)| (*c, origination_owner(t)))
        .collect();
    if !origination.is_empty() {
        let mut marks = origination;
        let not_applicable = groups.iter().find(|(c, g)| {
            fold(g).starts_with("implementation status")
                && matches!(
                    keys.iter().find(|(kc, _)| kc == c).map(|(_, k)| k.as_str()),
                    Some("n/a" | "na" | "not applicable")
                )
        });
        if let Some((c, _)) = not_applicable {
            marks.push((*c, Some(Ownership::NotApplicable)));
        }
        spec.layout = Layout::FedrampCis;
        spec.owners = Owners::Marks(marks);
        return Some(spec);
    }
    if let Some(col) = find(&|k| k.starts_with("ssrm control ownership")) {
        spec.layout = Layout::CsaCaiq;
        spec.owners = Owners::Labels(vec![(col, None)]);
        spec.provider_text = find(&|k| k.starts_with("csp implementation"));
        spec.customer_text = find(&|k| k.starts_with("csc responsibilit"));
        spec.answer_col = find(&|k| k.starts_with("csp caiq answer"));
        return Some(spec);
    }
    let answers = answer_columns(&keys, &groups);
    if !answers.is_empty() {
        if let Some(&(question, _)) = id_candidates
            .iter()
            .find(|(c, _)| title_key(&sheet.text(row, *c)) == "question id")
        {
            id_col = question;
            spec.id_col = question;
        }
        spec.layout = Layout::CsaCaiqV3;
        spec.owners = Owners::Nothing;
        spec.answer_marks = answers;
        spec.provider_text = keys
            .iter()
            .find(|(c, k)| *c != id_col && k.starts_with("notes"))
            .map(|(c, _)| *c);
        return Some(spec);
    }
    let models: Vec<(u32, Option<String>)> = titles
        .iter()
        .filter(|(c, t)| *c != id_col && matches!(title_key(t).as_str(), "iaas" | "paas" | "saas"))
        .map(|(c, t)| (*c, Some(t.trim().to_string())))
        .collect();
    if !models.is_empty() {
        spec.layout = Layout::CsaCcm;
        spec.owners = Owners::Labels(models);
        return Some(spec);
    }

    let id_key = title_key(&sheet.text(row, id_col));
    let any_key = |pred: &dyn Fn(&str) -> bool| keys.iter().any(|(_, k)| pred(k));
    let microsoft = matches!(id_key.as_str(), "azure id" | "asb control id")
        || any_key(&|k| matches!(k, "customer guidance" | "azure control" | "feature name"));
    let pci = id_key.contains("requirement")
        || id_key.starts_with("req")
        || any_key(&|k| k.contains("pci"))
        || sheet.name.to_lowercase().contains("pci");
    spec.customer_text = find(&|k| {
        (k.contains("customer") || k.contains("entity") || k == "guidance")
            && (k.contains("responsib") || k.contains("guidance") || k.contains("implementation"))
    });
    spec.provider_text = find(&|k| {
        (k.contains("provider") || k.contains("csp") || k.contains("microsoft"))
            && (k.contains("implementation") || k.contains("responsib"))
    });
    if microsoft {
        let supported = find(&|k| k == "feature supported");
        let by_default = find(&|k| k == "feature enabled by default");
        spec.features = supported.zip(by_default);
    }
    spec.layout = if microsoft {
        Layout::MicrosoftBaseline
    } else if pci {
        Layout::PciDss
    } else {
        Layout::Generic
    };
    if let Some(col) = best_label_column(sheet, header_last, &keys, id_col) {
        spec.owners = Owners::Labels(vec![(col, None)]);
        return Some(spec);
    }
    let parties = party_columns(sheet, header_last, &keys, id_col);
    if parties.len() >= 2 {
        spec.owners = Owners::Marks(parties);
        return Some(spec);
    }
    None
}

/// A second header row sits under the first when the ID cell below the title is blank (merged
/// down) and the row below holds titles, not data.
fn is_two_level(sheet: &Sheet, row: u32, id_col: u32) -> bool {
    let below = row + 1;
    let under_id = sheet.text(below, id_col);
    // Or it names a baseline, with control IDs beneath it.
    let names_baseline = baseline_name(&under_id) && id_like(&sheet.text(below + 1, id_col));
    if !under_id.trim().is_empty() && !names_baseline {
        return false;
    }
    let texts: Vec<String> = sheet
        .columns()
        .map(|c| sheet.text(below, c))
        .filter(|t| !t.trim().is_empty())
        .collect();
    texts.len() >= 2 && !texts.iter().any(|t| id_like(t) && t.len() <= 12)
}

/// CAIQ v3.0.1's answer columns: `Yes` and `No` (and `Not Applicable`) under a group title
/// about answers, each with the answer it marks.
fn answer_columns(keys: &[(u32, String)], groups: &[(u32, String)]) -> Vec<(u32, String)> {
    let answers: Vec<(u32, String)> = keys
        .iter()
        .filter(|(c, k)| {
            matches!(k.as_str(), "yes" | "no" | "not applicable" | "n/a" | "na")
                && groups
                    .iter()
                    .any(|(gc, g)| gc == c && fold(g).contains("answer"))
        })
        .map(|(c, k)| {
            let answer = match k.as_str() {
                "yes" => "Yes",
                "no" => "No",
                _ => "Not Applicable",
            };
            (*c, answer.to_string())
        })
        .collect();
    let has = |a: &str| answers.iter().any(|(_, x)| x == a);
    if has("Yes") && has("No") {
        answers
    } else {
        Vec::new()
    }
}

/// Leaf titles per column, and the group title above each (carried across a merged group).
fn header_titles(sheet: &Sheet, row: u32, two_level: bool) -> (Titles, Titles) {
    let mut titles = Vec::new();
    let mut groups = Vec::new();
    let mut carried = String::new();
    let row_has_merges = sheet.merged.iter().any(|d| d.start.0 == row);
    for c in sheet.columns() {
        let top = sheet.text(row, c);
        if !two_level {
            if !top.trim().is_empty() {
                titles.push((c, top));
            }
            continue;
        }
        let group = if !top.trim().is_empty() {
            top.clone()
        } else if let Some((r0, c0)) = sheet.merge_origin(row, c) {
            sheet.text(r0, c0)
        } else if row_has_merges {
            String::new()
        } else {
            carried.clone()
        };
        carried = group.clone();
        let leaf = sheet.text(row + 1, c);
        let title = if leaf.trim().is_empty() { top } else { leaf };
        if !title.trim().is_empty() {
            titles.push((c, title));
            groups.push((c, group));
        }
    }
    (titles, groups)
}

/// Of several ID-titled columns, the one whose cells look most like IDs; ties go to the
/// more specific title.
fn best_id_column(sheet: &Sheet, header_last: u32, candidates: &[(u32, usize)]) -> u32 {
    candidates
        .iter()
        .max_by_key(|(c, rank)| {
            let score = sample_rows(sheet, header_last)
                .filter(|&r| id_like(&sheet.text(r, *c)))
                .count();
            (score, std::cmp::Reverse(*rank))
        })
        .map_or(candidates[0].0, |(c, _)| *c)
}

fn sample_rows(sheet: &Sheet, header_last: u32) -> impl Iterator<Item = u32> {
    let end = sheet.last_row().unwrap_or(header_last);
    (header_last + 1)..=end.min(header_last + 200)
}

/// The responsibility column: by title, and among several, the one whose cells the crosswalk
/// knows best.
fn best_label_column(
    sheet: &Sheet,
    header_last: u32,
    keys: &[(u32, String)],
    id_col: u32,
) -> Option<u32> {
    keys.iter()
        .filter(|(c, k)| *c != id_col && OWNERSHIP_TITLES.contains(&k.as_str()))
        .max_by_key(|(c, _)| {
            let known = sample_rows(sheet, header_last)
                .filter(|&r| lookup(&sheet.text(r, *c)).is_some())
                .count();
            (known, std::cmp::Reverse(*c))
        })
        .map(|(c, _)| *c)
}

/// Columns titled with an ownership label (`Customer`, `Service Provider`, `Shared`) whose cells
/// hold marks.
fn party_columns(
    sheet: &Sheet,
    header_last: u32,
    keys: &[(u32, String)],
    id_col: u32,
) -> Vec<(u32, Option<Ownership>)> {
    keys.iter()
        .filter(|(c, k)| *c != id_col && !matches!(k.as_str(), "yes" | "no" | "partial"))
        .filter_map(|(c, k)| Some((*c, lookup(k)?)))
        .filter(|(c, _)| {
            sample_rows(sheet, header_last)
                .map(|r| sheet.text(r, *c))
                .all(|t| is_mark(&t).is_some())
        })
        .map(|(c, o)| (c, Some(o)))
        .collect()
}

/// What a CIS origination column stands for, from its (possibly customized) title:
/// `Service Provider Corporate (GSA/18F)` is a provider column.
pub(crate) fn origination_owner(title: &str) -> Option<Ownership> {
    if let Some(o) = lookup(&title_key(title)).or_else(|| lookup(title)) {
        return Some(o);
    }
    let key = title_key(title);
    crate::vocabulary::crosswalk()
        .iter()
        .filter(|e| e.label.len() >= 6 && key.starts_with(&fold(e.label)))
        .max_by_key(|e| e.label.len())
        .map(|e| e.ownership)
}
