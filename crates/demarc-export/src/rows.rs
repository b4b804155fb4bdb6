//! Matrix rows as the exports read them: the text of their fields and their grouping by
//! control.

use std::collections::BTreeMap;

use demarc_core::crosswalk::Step;
use demarc_core::{Framework, MatrixRow, OwnerSource};

/// The rows of `framework`, grouped by control in matrix order.
pub(crate) fn by_control(rows: &[MatrixRow], framework: Framework) -> Vec<(&str, Vec<&MatrixRow>)> {
    let mut order: Vec<&str> = Vec::new();
    let mut groups: BTreeMap<&str, Vec<&MatrixRow>> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.framework == framework) {
        let group = groups.entry(&r.control_id).or_default();
        if group.is_empty() {
            order.push(&r.control_id);
        }
        group.push(r);
    }
    order
        .into_iter()
        .map(|id| (id, groups.remove(id).unwrap_or_default()))
        .collect()
}

pub(crate) fn source_label(source: OwnerSource) -> &'static str {
    match source {
        OwnerSource::Override => "Decision (override)",
        OwnerSource::ProviderMatrix => "Provider matrix",
        OwnerSource::Crosswalk => "Provider matrix through a crosswalk",
        OwnerSource::LayerDefault => "Layer default",
        OwnerSource::VendorReport => "Vendor's attestation (requirement not covered)",
        OwnerSource::Scoping => "Scoping profile",
    }
}

/// Where the provider's label was read: file, sheet and row.
pub(crate) fn provider_document(r: &MatrixRow) -> String {
    r.provider_source
        .as_ref()
        .map(|p| {
            format!(
                "{} v{}, sheet {}, row {}, {}",
                p.file, p.version, p.sheet, p.row, p.control_id
            )
        })
        .unwrap_or_default()
}

/// The trail that decided a row's owner through crosswalks, on one line (`WhitePact IAM-09.1
/// 'CSP-owned' (CAIQv4.0.3, row 12) → CCM IAM-09 → SOC 2 CC6.1 (..., No Gap)`); `None` unless
/// a crosswalk decided the row.
pub fn trail(r: &MatrixRow) -> Option<String> {
    r.trail_line()
}

/// How many rows of `rows` each crosswalk decided (a row counts once per crosswalk on any of
/// its deciding trails), by crosswalk name.
pub(crate) fn decided_by_crosswalk(rows: &[MatrixRow]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for r in rows.iter().filter(|r| r.source == OwnerSource::Crosswalk) {
        let Some(reach) = &r.crosswalk else { continue };
        let mut names: Vec<&str> = reach
            .trails
            .iter()
            .flat_map(|t| t.steps.iter())
            .filter_map(|s| match s {
                Step::Crosswalk { crosswalk, .. } => Some(crosswalk.as_str()),
                Step::Parent { .. } => None,
            })
            .collect();
        names.sort_unstable();
        names.dedup();
        for name in names {
            *counts.entry(name.to_string()).or_insert(0) += 1;
        }
    }
    counts
}

/// The attestation a row leans on, by its short name.
pub(crate) fn attestation(r: &MatrixRow) -> String {
    r.attestation
        .as_ref()
        .map(|a| a.label.clone())
        .unwrap_or_default()
}

/// Each evidence reference on a line: its title, where it is and its date, saying what is
/// missing when it names no file (no location, or only a folder) or no date.
pub(crate) fn evidence_text(r: &MatrixRow) -> String {
    r.evidence
        .iter()
        .map(|e| {
            let location = e.location.trim();
            let has_file = !location.is_empty() && !location.ends_with(['/', '\\']);
            let mut line = if location.is_empty() {
                e.title.clone()
            } else {
                format!("{}: {location}", e.title)
            };
            line += &match (has_file, e.date) {
                (true, Some(d)) => format!(" ({d})"),
                (true, None) => " (recorded, no date)".to_string(),
                (false, Some(d)) => format!(" ({d}; recorded, no file)"),
                (false, None) => " (recorded, no file or date)".to_string(),
            };
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub(crate) fn layers_text(r: &MatrixRow) -> String {
    r.layers
        .iter()
        .map(|l| l.label())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why the row has its owner: the override's reason, the N/A justification, what the
/// crosswalked rows say together, or the explanation of the default.
pub(crate) fn rationale(r: &MatrixRow) -> &str {
    let crosswalked = r
        .crosswalk
        .as_ref()
        .filter(|_| r.source == OwnerSource::Crosswalk)
        .and_then(|c| c.decided.as_ref())
        .map(|d| d.reason.as_str());
    r.reason
        .as_deref()
        .or(r.na_justification.as_deref())
        .or(crosswalked)
        .unwrap_or(&r.explanation)
}

/// How a row claimed inherited without a current covering attestation reads everywhere.
pub const CLAIMED_INHERITED: &str = "claimed inherited, no attestation";

/// The row's owner in words: the owner's label, or `CLAIMED_INHERITED`.
pub fn owner_text(r: &MatrixRow) -> &'static str {
    if r.claimed_inherited {
        CLAIMED_INHERITED
    } else {
        r.owner.label()
    }
}

/// What the customer does: the part written on the row, else the mapped CUECs of the vendors'
/// reports that make up the customer's part.
pub(crate) fn customer_part(r: &MatrixRow) -> Option<String> {
    if let Some(part) = &r.customer_part {
        return Some(part.clone());
    }
    if r.cuecs.is_empty() {
        return None;
    }
    Some(
        r.cuecs
            .iter()
            .map(|c| format!("CUEC {} of {}: {}", c.number, c.report, c.text))
            .collect::<Vec<_>>()
            .join("\n"),
    )
}
