//! The matrix in a compact form for the PDF pack: the rows of one framework and service
//! grouped by what they say (owner, source, attestation, words), each group's controls written
//! as ranges in matrix order (`CC6.1–CC6.3, CC7.1`). A row that says something of its own (a
//! reason, the provider's words, a customer's part, evidence) ends up in a group of its own.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use demarc_core::{Framework, MatrixRow, OwnerSource, Ownership};

use crate::rows::{attestation, customer_part, evidence_text, owner_text, trail};

/// Rows that say the same thing.
pub(crate) struct Group<'a> {
    pub owner: Ownership,
    pub source: OwnerSource,
    /// The owner in words (`claimed inherited, no attestation` for a claim).
    pub owner_text: &'static str,
    /// The attestation the rows lean on, by its short name; empty when none.
    pub attestation: String,
    /// What the rows say beyond their owner and source; empty for plain layer defaults.
    pub words: String,
    pub rows: Vec<&'a MatrixRow>,
    /// The positions of the rows in the list they were grouped from, ascending.
    positions: Vec<usize>,
    ids: Vec<&'a str>,
}

impl Group<'_> {
    /// The group's controls as ranges of the catalog: `1.2.1–1.2.8, 1.3.2`.
    pub fn ranges(&self) -> String {
        ranges(&self.ids, &self.positions)
    }
}

/// The place of each control ID in one catalog's order.
type Places = Arc<HashMap<String, usize>>;

/// Where each control of `framework` stands in its catalog, from 0; a control the catalog
/// lacks gets a place of its own far from any other, so that no range takes it in.
pub(crate) fn catalog_positions(framework: Framework, ids: &[&str]) -> Vec<usize> {
    static INDEX: OnceLock<Mutex<HashMap<Framework, Places>>> = OnceLock::new();
    let index = {
        let mut all = INDEX
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        all.entry(framework)
            .or_insert_with(|| {
                Arc::new(
                    demarc_catalogs::catalog(framework)
                        .controls
                        .iter()
                        .enumerate()
                        .map(|(i, c)| (c.id.clone(), i))
                        .collect(),
                )
            })
            .clone()
    };
    let far = usize::MAX / 2;
    ids.iter()
        .enumerate()
        .map(|(i, id)| index.get(*id).copied().unwrap_or(far + 2 * i))
        .collect()
}

/// `ids` as ranges of IDs consecutive in their catalog (`positions`, one per ID): a range
/// joins only controls with no other control of the catalog between them.
pub(crate) fn ranges(ids: &[&str], positions: &[usize]) -> String {
    let mut pairs: Vec<(usize, &str)> =
        positions.iter().copied().zip(ids.iter().copied()).collect();
    pairs.sort_by_key(|p| p.0);
    let (positions, ids): (Vec<usize>, Vec<&str>) = pairs.into_iter().unzip();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < positions.len().min(ids.len()) {
        let mut j = i;
        while j + 1 < positions.len().min(ids.len()) && positions[j + 1] == positions[j] + 1 {
            j += 1;
        }
        match j - i {
            0 => out.push(ids[i].to_string()),
            1 => {
                out.push(ids[i].to_string());
                out.push(ids[j].to_string());
            }
            _ => out.push(format!("{}–{}", ids[i], ids[j])),
        }
        i = j + 1;
    }
    out.join(", ")
}

/// What a row says beyond its owner, source and attestation, as the pack prints it.
pub(crate) fn words(r: &MatrixRow) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(label) = &r.provider_label {
        let from = r
            .provider_source
            .as_ref()
            .map(|p| format!(" ({} v{})", p.file, p.version))
            .unwrap_or_default();
        parts.push(format!("Provider's words: \"{label}\"{from}"));
    }
    if let Some(t) = trail(r) {
        parts.push(format!("Trail: {t}"));
    }
    match r.source {
        OwnerSource::Override => {
            if let Some(reason) = &r.reason {
                parts.push(format!("Why: {reason}"));
            }
        }
        OwnerSource::Scoping | OwnerSource::VendorReport => {
            let why = r.na_justification.as_deref().unwrap_or(&r.explanation);
            parts.push(why.to_string());
        }
        // The layer default, the provider's matrix and any source added later.
        _ => {
            if let Some(why) = &r.na_justification {
                parts.push(format!("Why: {why}"));
            }
        }
    }
    if let Some(part) = customer_part(r) {
        parts.push(format!("Customer's part: {part}"));
    }
    if let Some(d) = &r.disagreement {
        parts.push(format!("Disagreement: {d}"));
    }
    if let Some(t) = r.third_party {
        parts.push(format!("Provider: {}", t.words()));
    }
    if let Some(c) = &r.carved_out {
        parts.push(c.clone());
    }
    let evidence = evidence_text(r);
    if !evidence.is_empty() {
        parts.push(format!("Evidence: {evidence}"));
    }
    if let Some(owner) = &r.row_owner {
        parts.push(format!("Accountable: {owner}"));
    }
    parts.join("\n")
}

/// Groups `rows` (one framework and service, in matrix order) by owner, source, attestation
/// and words, in the order each group first appears.
pub(crate) fn groups<'a>(rows: &[&'a MatrixRow]) -> Vec<Group<'a>> {
    let framework = rows.first().map(|r| r.framework);
    let ids: Vec<&str> = rows.iter().map(|r| r.control_id.as_str()).collect();
    let places = match framework {
        Some(f) => catalog_positions(f, &ids),
        None => Vec::new(),
    };
    let mut out: Vec<Group<'a>> = Vec::new();
    let mut index: std::collections::HashMap<
        (Ownership, OwnerSource, bool, String, String),
        usize,
    > = std::collections::HashMap::new();
    for (r, &position) in rows.iter().zip(&places) {
        let attestation = attestation(r);
        let words = words(r);
        let key = (
            r.owner,
            r.source,
            r.claimed_inherited,
            attestation.clone(),
            words.clone(),
        );
        let i = *index.entry(key).or_insert_with(|| {
            out.push(Group {
                owner: r.owner,
                source: r.source,
                owner_text: owner_text(r),
                attestation,
                words,
                rows: Vec::new(),
                positions: Vec::new(),
                ids: Vec::new(),
            });
            out.len() - 1
        });
        let g = &mut out[i];
        g.rows.push(r);
        g.positions.push(position);
        g.ids.push(&r.control_id);
    }
    out
}

/// The PCI DSS requirement a control belongs to (`8` for `8.4.2`, `A1` for `A1.1.1`).
pub(crate) fn pci_requirement(control: &str) -> &str {
    control.split('.').next().unwrap_or(control)
}

/// Our own short name of a PCI DSS principal requirement or appendix.
pub(crate) fn pci_requirement_name(requirement: &str) -> &'static str {
    match requirement {
        "1" => "Network security controls",
        "2" => "Secure configurations",
        "3" => "Stored account data",
        "4" => "Cardholder data over open networks",
        "5" => "Malicious software",
        "6" => "Secure systems and software",
        "7" => "Access by business need to know",
        "8" => "User identification and authentication",
        "9" => "Physical access",
        "10" => "Logging and monitoring",
        "11" => "Regular security testing",
        "12" => "Policies and programs",
        "A1" => "Appendix A1: multi-tenant service providers",
        "A2" => "Appendix A2: SSL and early TLS on POI terminals",
        "A3" => "Appendix A3: designated entities",
        _ => "Other",
    }
}

/// The order of PCI DSS requirements: 1 to 12, then the appendices.
pub(crate) fn pci_order(requirement: &str) -> (u8, u32) {
    match requirement.strip_prefix('A') {
        Some(n) => (1, n.parse().unwrap_or(u32::MAX)),
        None => (0, requirement.parse().unwrap_or(u32::MAX)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use demarc_core::Scope;

    fn row(id: &str, owner: Ownership, source: OwnerSource) -> MatrixRow {
        MatrixRow {
            service_id: Some(1),
            service: Some("S".into()),
            scope: Scope::System,
            framework: Framework::PciDss,
            control_id: id.into(),
            title: String::new(),
            family: String::new(),
            layers: Vec::new(),
            owner,
            source,
            default_owner: owner,
            provider_label: None,
            provider_source: None,
            attestation: None,
            explanation: "because".into(),
            reason: None,
            customer_part: None,
            evidence: Vec::new(),
            row_owner: None,
            last_reviewed: None,
            na_justification: None,
            claimed_inherited: false,
            cuecs: Vec::new(),
            disagreement: None,
            third_party: None,
            carved_out: None,
            crosswalk: None,
        }
    }

    #[test]
    fn rows_saying_the_same_thing_become_ranges_and_a_reason_stands_apart() {
        use Ownership::*;
        let mut rows = [
            row("1.2.1", Customer, OwnerSource::LayerDefault),
            row("1.2.2", Customer, OwnerSource::LayerDefault),
            row("1.2.3", Customer, OwnerSource::LayerDefault),
            row("1.3.1", Shared, OwnerSource::LayerDefault),
            row("1.3.2", Customer, OwnerSource::LayerDefault),
            row("1.3.3", Customer, OwnerSource::LayerDefault),
            row("1.4.1", Customer, OwnerSource::Override),
            row("1.4.2", Customer, OwnerSource::LayerDefault),
        ];
        rows[6].reason = Some("our firewall".into());
        let refs: Vec<&MatrixRow> = rows.iter().collect();
        let g = groups(&refs);
        assert_eq!(g.len(), 3);
        assert_eq!(g[0].ranges(), "1.2.1–1.2.3, 1.3.2, 1.3.3, 1.4.2");
        assert_eq!(g[0].rows.len(), 6);
        assert_eq!(g[1].ranges(), "1.3.1");
        assert_eq!(g[2].words, "Why: our firewall");
        assert_eq!(pci_requirement("A1.1.2"), "A1");
        let mut reqs = vec!["A1", "12", "2", "10", "1"];
        reqs.sort_by_key(|r| pci_order(r));
        assert_eq!(reqs, ["1", "2", "10", "12", "A1"]);
    }
}
