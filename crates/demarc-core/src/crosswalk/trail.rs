//! The way a provider row reached a control: every step, with each crosswalk's provenance and
//! relationship, readable as one line.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{CrosswalkKind, IdSpace, Origin, PairSource, Relation, SourceRow, Strength};

/// One step of a trail. A trail holds two or three steps, so the larger crosswalk step is not
/// boxed.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "step", rename_all = "snake_case")]
#[ts(export)]
pub enum Step {
    /// A question or statement part read as the control it belongs to (CAIQ `IAM-09.1` to
    /// CCM `IAM-09`).
    Parent {
        #[ts(type = "string")]
        space: IdSpace,
        from: String,
        to: String,
    },
    /// One pair of one crosswalk.
    Crosswalk {
        /// The crosswalk's name.
        crosswalk: String,
        kind: CrosswalkKind,
        origin: Origin,
        #[ts(type = "string")]
        from_space: IdSpace,
        /// The control stepped from, as the crosswalk writes it.
        from: String,
        #[ts(type = "string")]
        to_space: IdSpace,
        /// The control stepped to, as the crosswalk writes it.
        to: String,
        /// The pair's relationship as stated, from the crosswalk's source to its target.
        relation: Relation,
        /// True when the pair was followed from its target to its source.
        reversed: bool,
        at: PairSource,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        note: Option<String>,
    },
}

/// A provider row's way to one control of the target framework.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Trail {
    pub row: SourceRow,
    pub steps: Vec<Step>,
    /// The target control reached, normalized.
    pub target: String,
    /// Mapping crosswalks followed (1, or 2 through one pivot framework); revision crosswalks
    /// (Rev 4 to Rev 5) are not counted.
    pub depth: u8,
    pub strength: Strength,
}

impl Trail {
    /// The crosswalk steps only.
    pub fn crosswalk_steps(&self) -> impl Iterator<Item = &Step> {
        self.steps
            .iter()
            .filter(|s| matches!(s, Step::Crosswalk { .. }))
    }

    /// The trail on one line: `WhitePact IAM-09.1 'CSP-owned' (CAIQv4.0.3, row 12) → CCM
    /// IAM-09 → SOC 2 CC6.1 (CCM v4 to SOC 2, Scope Applicability (Mappings) row 40, No Gap)`,
    /// with `, through one pivot` when two crosswalks were followed.
    pub fn text(&self) -> String {
        let s = &self.row.source;
        let mut out = format!(
            "{} {} '{}' ({}, row {})",
            s.provider,
            s.control_id,
            self.row.label.trim(),
            s.sheet,
            s.row
        );
        for step in &self.steps {
            match step {
                Step::Parent { space, to, .. } => {
                    out.push_str(&format!(" → {} {to}", space.short()));
                }
                Step::Crosswalk {
                    crosswalk,
                    to_space,
                    to,
                    relation,
                    reversed,
                    at,
                    ..
                } => {
                    let relation = if *reversed {
                        relation.words_reversed()
                    } else {
                        relation.words()
                    };
                    out.push_str(&format!(
                        " → {} {} ({crosswalk}, {} row {}, {relation})",
                        to_space.short(),
                        to.trim(),
                        at.sheet,
                        at.row
                    ));
                }
            }
        }
        if self.depth > 1 {
            out.push_str(", through one pivot");
        }
        if self.strength == Strength::Suggests {
            out.push_str(" [suggestion]");
        }
        out
    }
}
