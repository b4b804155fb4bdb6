//! What an item of the work plan counts, labelled: matrix rows (and the distinct controls they
//! are rows of), and apart from them the findings that are no row (an attestation, the days of
//! a service's window, a layer, a vendor review). Every report of the plan says its counts in
//! these words, so the readiness report, the plan's JSON, the workbook and the matrix count the
//! same things.

use std::collections::{BTreeMap, BTreeSet};

use super::PlanItem;
use crate::Framework;

/// The counts of one item, or of several added up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// The gaps on matrix rows (a row may have two: no customer part and no evidence).
    pub row_gaps: u32,
    /// The distinct matrix rows they are on, by framework, control and service (`None`: the
    /// entity-level row, once).
    pub rows: BTreeSet<(Framework, String, Option<String>)>,
    /// The distinct controls those rows are of, by framework and control id.
    pub controls: BTreeSet<(Framework, String)>,
    /// Findings that are no row, by what they are (singular and plural words).
    pub findings: BTreeMap<(&'static str, &'static str), u32>,
}

/// Whether a gap of this kind (by id) is on a matrix row, whose control is a control of the
/// matrix; the others are about an attestation, a report's CUECs, exceptions or CSOCs, a
/// layer, a vendor or a framework.
pub(super) fn on_row(kind: &str) -> bool {
    matches!(
        kind,
        "undetermined_control"
            | "entity_disagreement"
            | "provider_unattested"
            | "inherited_unattested"
            | "third_party_carved_out"
            | "customer_no_evidence"
            | "shared_no_customer_part"
            | "na_no_justification"
            | "evidence_overdue"
    )
}

/// What a finding that is no row counts, singular and plural, by gap kind id.
fn noun(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "cuec_no_owner" | "cuec_unmapped" | "cuec_no_evidence" | "cuecs_unconfirmed" => {
            ("CUEC finding", "CUEC findings")
        }
        "exceptions_unrecorded" | "exception_unassessed" => {
            ("report exception", "report exceptions")
        }
        "soc2_window_gap" => (
            "service without SOC 2 coverage",
            "services without SOC 2 coverage",
        ),
        "phi_without_baa" => ("service without a BAA", "services without a BAA"),
        "undetermined_layer" => ("undetermined layer", "undetermined layers"),
        "vendor_review_overdue" => ("vendor review", "vendor reviews"),
        "scoping_not_answered" => ("scoping profile", "scoping profiles"),
        "csoc_unsupported" => ("unsupported CSOC", "unsupported CSOCs"),
        _ => ("attestation finding", "attestation findings"),
    }
}

/// `n` and the noun for that many: "1 gap", "2 gaps".
pub fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Tally {
    /// The counts of `item`'s members.
    pub fn of(item: &PlanItem) -> Tally {
        let mut t = Tally::default();
        t.add(item);
        t
    }

    /// Adds `item`'s members to the counts.
    pub fn add(&mut self, item: &PlanItem) {
        for m in &item.members {
            match (m.framework, &m.control) {
                (Some(f), Some(c)) if on_row(&m.kind) => {
                    self.row_gaps += m.count;
                    self.controls.insert((f, c.clone()));
                    if m.services.is_empty() {
                        self.rows.insert((f, c.clone(), None));
                    }
                    for service in &m.services {
                        self.rows.insert((f, c.clone(), Some(service.clone())));
                    }
                }
                _ => *self.findings.entry(noun(&m.kind)).or_default() += m.count,
            }
        }
    }

    /// Every gap counted: the rows and the other findings.
    pub fn gaps(&self) -> u32 {
        self.row_gaps + self.findings.values().sum::<u32>()
    }

    /// The counts in words: `70 rows of 70 controls, 1 attestation finding`; the gaps are
    /// named too when a row has more than one (`215 gaps on 200 rows of 58 controls`).
    pub fn words(&self) -> String {
        let mut parts = Vec::new();
        let rows = self.rows.len() as u32;
        if self.row_gaps > 0 {
            let on_rows = format!(
                "{} of {}",
                plural(rows, "row", "rows"),
                plural(self.controls.len() as u32, "control", "controls")
            );
            parts.push(if self.row_gaps == rows {
                on_rows
            } else {
                format!("{} on {on_rows}", plural(self.row_gaps, "gap", "gaps"))
            });
        }
        for ((one, many), n) in &self.findings {
            parts.push(plural(*n, one, many));
        }
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{PlanLevel, PlanMember};
    use crate::Severity;

    fn member(kind: &str, control: Option<&str>, count: u32) -> PlanMember {
        let services = ["EC2", "S3", "RDS"][..count as usize]
            .iter()
            .map(|s| s.to_string())
            .collect();
        PlanMember {
            id: format!("{kind}-{control:?}"),
            kind: kind.into(),
            title: String::new(),
            framework: control.map(|_| Framework::PciDss),
            control: control.map(String::from),
            services,
            severity: Severity::High,
            count,
            owner: None,
            due: None,
        }
    }

    #[test]
    fn rows_controls_and_findings_are_counted_apart() {
        let item = PlanItem {
            id: "m".into(),
            level: PlanLevel::Management,
            kind: "aoc_stale".into(),
            title: String::new(),
            scope: String::new(),
            severity: Severity::High,
            count: 4,
            members: vec![
                member("aoc_stale", None, 1),
                member("provider_unattested", Some("1.2.1"), 1),
                member("provider_unattested", Some("1.2.2"), 1),
                member("soc2_window_gap", None, 1),
            ],
            owner: None,
            due: None,
            action: String::new(),
        };
        let t = Tally::of(&item);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.controls.len(), 2);
        assert_eq!(t.gaps(), item.count);
        assert_eq!(
            t.words(),
            "2 rows of 2 controls, 1 attestation finding, 1 service without SOC 2 coverage"
        );
        let mut group = item.clone();
        group.level = PlanLevel::Task;
        group.members = vec![
            member("customer_no_evidence", Some("1.2.1"), 3),
            member("shared_no_customer_part", Some("1.2.1"), 2),
        ];
        // Two tasks of one control, on the same services: 5 gaps on 3 rows.
        assert_eq!(Tally::of(&group).words(), "5 gaps on 3 rows of 1 control");
    }
}
