//! Following provider rows through crosswalks to the controls of a target framework.
//!
//! The rules, in order:
//! - A pair is followed from its source to its target, or backwards from its target to its
//!   source (subset and superset then swap, and a grade only suggests).
//! - Equal, the source a subset of the target, and the source's "covers" grade (CSA's No Gap)
//!   propagate an owner on their own; a superset, an overlap, a partial or unknown grade and an
//!   unstated relationship are suggestions only; "not related" and "does not cover" (Full Gap)
//!   are never followed.
//! - A chain is as strong as its weakest pair. It follows at most two mapping crosswalks (one
//!   pivot framework between the row's and the target's); a revision crosswalk (SP 800-53 Rev 4
//!   to Rev 5) may add one step without counting as a pivot. A chain never enters a framework
//!   it has already passed through, so crosswalks that lead back to where they started (a
//!   cycle) are reported and never looped.
//! - Two crosswalks that disagree on one pair, one relating the controls and one stating them
//!   unrelated (or the source not covering the target), are a contradiction: reported, and the
//!   pair only suggests.
//! - The rows that reach a control strongly decide its owner together (`combine`); rows that
//!   reach it only weakly give a suggestion, combined the same way.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{combine, Combined, Crosswalk, CrosswalkKind, IdSpace, Step, Strength, Trail};
use crate::{Ownership, ProviderEntry, ProviderSource};

/// Pivot frameworks a chain may pass through between the row's framework and the target's.
pub const MAX_PIVOTS: u8 = 1;

/// Trails kept per row and control, shortest first.
const TRAILS_PER_ROW: usize = 4;

/// Suggestion trails kept per control (the rows beyond still count in `suggested`).
const SUGGESTION_TRAILS: usize = 8;

/// A provider matrix row as a crosswalk sees it: its control in some ID space, the label as the
/// provider wrote it, and where it was read (whose `owner` is the label's meaning). Rows of a
/// matrix with one value per service model are given for the service's model only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SourceRow {
    #[ts(type = "string")]
    pub space: IdSpace,
    pub label: String,
    pub source: ProviderSource,
}

impl SourceRow {
    /// A stored provider row (one ownership value of it) as a crosswalk sees it, in `space`.
    pub fn of(
        space: IdSpace,
        entry: ProviderEntry,
        provider: &str,
        version: u32,
        file: &str,
    ) -> SourceRow {
        SourceRow {
            space,
            label: entry.label,
            source: ProviderSource {
                provider: provider.to_string(),
                version,
                file: file.to_string(),
                sheet: entry.sheet,
                row: entry.row,
                control_id: entry.control_id,
                columns: entry.columns,
                owner: entry.owner,
                third_party: entry.third_party,
            },
        }
    }
}

/// What crosswalks give one control of the target framework.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Reach {
    /// The target control, normalized.
    pub control: String,
    /// The owner the rows reaching it strongly give it together, if any do.
    pub decided: Option<Combined>,
    /// The strong trails, per row shortest first.
    pub trails: Vec<Trail>,
    /// The owner the rows reaching it only weakly would give it, offered to the user.
    pub suggested: Option<Combined>,
    /// The first suggestion trails, shortest first per row.
    pub suggestions: Vec<Trail>,
    /// Suggestion trails not written out beyond those.
    pub more_suggestions: usize,
}

impl Reach {
    /// The suggestion trail an accepted suggestion cites: the first whose row says the
    /// suggested owner, else the first of a row that counted (one not set aside as not
    /// applicable), else the first.
    pub fn cited_suggestion(&self) -> Option<&Trail> {
        let owner = self.suggested.as_ref().map(|c| c.owner);
        let says = |t: &&Trail| Some(t.row.source.owner) == owner;
        let counted = |t: &&Trail| t.row.source.owner != Ownership::NotApplicable;
        self.suggestions
            .iter()
            .find(says)
            .or_else(|| self.suggestions.iter().find(counted))
            .or_else(|| self.suggestions.first())
    }
}

/// What a set of provider rows reaches in one target framework.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Reached {
    /// By normalized control ID.
    pub controls: BTreeMap<String, Reach>,
    /// Cycles and contradictions among the crosswalks used.
    pub problems: Vec<Problem>,
}

/// Something wrong among the crosswalks, reported instead of followed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(tag = "problem", rename_all = "snake_case")]
#[ts(export)]
pub enum Problem {
    /// Crosswalks that, each read from its source to its target, lead back to where they start.
    Cycle {
        crosswalks: Vec<String>,
        frameworks: Vec<String>,
    },
    /// Crosswalks that disagree on one pair: one relates the controls, another says they are
    /// not related or that the source does not cover the target.
    Contradiction {
        from: String,
        to: String,
        /// Each crosswalk and what it states (`'CCM v4 to SOC 2' (row 40): Full Gap`).
        stated: Vec<String>,
    },
}

impl Problem {
    pub fn text(&self) -> String {
        match self {
            Problem::Cycle {
                crosswalks,
                frameworks,
            } => format!(
                "cycle: {} lead from {} back to itself ({}); a chain never follows them round",
                crosswalks
                    .iter()
                    .map(|c| format!("'{c}'"))
                    .collect::<Vec<_>>()
                    .join(" then "),
                frameworks.first().map(String::as_str).unwrap_or_default(),
                frameworks.join(" → ")
            ),
            Problem::Contradiction { from, to, stated } => format!(
                "contradiction: {from} and {to} are related by one crosswalk and not by another \
                 ({}); the pair is only suggested",
                stated.join("; ")
            ),
        }
    }
}

/// One way out of a control: a pair of a crosswalk, forwards or backwards.
struct Edge {
    to_space: usize,
    to: String,
    crosswalk: usize,
    pair: usize,
    reversed: bool,
    strength: Strength,
}

/// The crosswalks, indexed both ways by (space, normalized control), built once and used for
/// every set of rows.
pub struct CrosswalkIndex<'a> {
    crosswalks: &'a [Crosswalk],
    spaces: Vec<IdSpace>,
    /// Per space (index into `spaces`): the edges out of each control.
    edges: Vec<HashMap<String, Vec<Edge>>>,
    problems: Vec<Problem>,
}

impl<'a> CrosswalkIndex<'a> {
    pub fn new(crosswalks: &'a [Crosswalk]) -> CrosswalkIndex<'a> {
        let mut index = CrosswalkIndex {
            crosswalks,
            spaces: Vec::new(),
            edges: Vec::new(),
            problems: Vec::new(),
        };
        // Per unordered pair of controls: (crosswalk, pair, whether it relates them).
        type Key = ((usize, String), (usize, String));
        let mut stated: HashMap<Key, Vec<(usize, usize, bool)>> = HashMap::new();
        for (ci, cw) in crosswalks.iter().enumerate() {
            let s = index.space_index(&cw.source);
            let t = index.space_index(&cw.target);
            if s == t {
                continue;
            }
            for (pi, pair) in cw.pairs.iter().enumerate() {
                let (Some(from), Some(to)) = (
                    cw.source.normalize(&pair.source),
                    cw.target.normalize(&pair.target),
                ) else {
                    continue;
                };
                index.edges[s].entry(from.clone()).or_default().push(Edge {
                    to_space: t,
                    to: to.clone(),
                    crosswalk: ci,
                    pair: pi,
                    reversed: false,
                    strength: pair.relation.strength(),
                });
                index.edges[t].entry(to.clone()).or_default().push(Edge {
                    to_space: s,
                    to: from.clone(),
                    crosswalk: ci,
                    pair: pi,
                    reversed: true,
                    strength: pair.relation.strength_reversed(),
                });
                let (a, b) = ((s, from), (t, to));
                let key = if a <= b { (a, b) } else { (b, a) };
                let relates = pair.relation.strength() != Strength::Excludes;
                stated.entry(key).or_default().push((ci, pi, relates));
            }
        }
        let mut problems: BTreeSet<Problem> = BTreeSet::new();
        for ((a, b), said) in stated {
            if said.iter().any(|x| x.2) && said.iter().any(|x| !x.2) {
                index.weaken(&a, &b);
                index.weaken(&b, &a);
                problems.insert(Problem::Contradiction {
                    from: format!("{} {}", index.spaces[a.0].short(), a.1),
                    to: format!("{} {}", index.spaces[b.0].short(), b.1),
                    stated: said
                        .iter()
                        .map(|&(ci, pi, _)| {
                            let cw = &crosswalks[ci];
                            let pair = &cw.pairs[pi];
                            format!(
                                "'{}' ({} row {}): {}",
                                cw.name,
                                pair.at.sheet,
                                pair.at.row,
                                pair.relation.words()
                            )
                        })
                        .collect(),
                });
            }
        }
        problems.extend(index.cycles());
        index.problems = problems.into_iter().collect();
        index
    }

    /// Cycles and contradictions among the crosswalks.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// What `rows` reach in `target`, control by control. Rows already in `target`'s IDs are
    /// left out: they reach their controls directly, not through a crosswalk.
    pub fn reach(&self, rows: &[SourceRow], target: &IdSpace) -> Reached {
        let mut reached = Reached {
            controls: BTreeMap::new(),
            problems: self.problems.clone(),
        };
        let Some(target_index) = self.spaces.iter().position(|s| s == target) else {
            return reached;
        };
        // Per target control, per row (index into `rows`): the ways it was reached; the trails
        // are written out only for the ways kept.
        let mut found: BTreeMap<String, BTreeMap<usize, Vec<Way>>> = BTreeMap::new();
        let mut first_steps: Vec<Vec<Step>> = vec![Vec::new(); rows.len()];
        for (ri, row) in rows.iter().enumerate() {
            if row.space == *target {
                continue;
            }
            let Some(start) = self.spaces.iter().position(|s| *s == row.space) else {
                continue;
            };
            let Some(id) = row.space.normalize(&row.source.control_id) else {
                continue;
            };
            let id = if self.edges[start].contains_key(&id) {
                id
            } else if let Some(parent) = row.space.parent(&id) {
                first_steps[ri].push(Step::Parent {
                    space: row.space.clone(),
                    from: row.source.control_id.trim().to_string(),
                    to: parent.clone(),
                });
                parent
            } else {
                continue;
            };
            let mut walk = Walk {
                index: self,
                target: target_index,
                ways: Vec::new(),
                edges: Vec::new(),
                visited: vec![start],
            };
            walk.from(start, &id, 0, 0, Strength::Propagates);
            for (control, way) in walk.ways {
                found
                    .entry(control)
                    .or_default()
                    .entry(ri)
                    .or_default()
                    .push(way);
            }
        }
        for (control, by_row) in found {
            let mut reach = Reach {
                control: control.clone(),
                decided: None,
                trails: Vec::new(),
                suggested: None,
                suggestions: Vec::new(),
                more_suggestions: 0,
            };
            let (mut strong, mut weak) = (Vec::new(), Vec::new());
            for (ri, mut ways) in by_row {
                ways.sort_by_key(|w| (std::cmp::Reverse(w.strength), w.depth, w.edges.len()));
                let best = ways[0].strength;
                let mut kept: Vec<&Way> = ways
                    .iter()
                    .filter(|w| w.strength == best)
                    .take(TRAILS_PER_ROW)
                    .collect();
                let write = |w: &&Way| self.trail(&rows[ri], &first_steps[ri], &control, w);
                if best == Strength::Propagates {
                    strong.push(&rows[ri]);
                    reach.trails.extend(kept.iter().map(write));
                } else {
                    weak.push(&rows[ri]);
                    let room = SUGGESTION_TRAILS.saturating_sub(reach.suggestions.len());
                    reach.more_suggestions += kept.len().saturating_sub(room);
                    kept.truncate(room);
                    reach.suggestions.extend(kept.iter().map(write));
                }
            }
            reach.decided = combine(&strong);
            reach.suggested = combine(&weak);
            reached.controls.insert(control, reach);
        }
        reached
    }

    fn space_index(&mut self, space: &IdSpace) -> usize {
        match self.spaces.iter().position(|s| s == space) {
            Some(i) => i,
            None => {
                self.spaces.push(space.clone());
                self.edges.push(HashMap::new());
                self.spaces.len() - 1
            }
        }
    }

    /// Lowers every edge from `a` to `b` to a suggestion at most.
    fn weaken(&mut self, a: &(usize, String), b: &(usize, String)) {
        if let Some(edges) = self.edges[a.0].get_mut(&a.1) {
            for e in edges
                .iter_mut()
                .filter(|e| e.to_space == b.0 && e.to == b.1)
            {
                e.strength = e.strength.min(Strength::Suggests);
            }
        }
    }

    /// Chains of crosswalks, each read from its source to its target, that come back to the
    /// framework they start from, up to the longest chain followed; each reported once.
    fn cycles(&self) -> Vec<Problem> {
        let longest = usize::from(MAX_PIVOTS) + 2;
        let mut seen: BTreeSet<Vec<usize>> = BTreeSet::new();
        let mut out = Vec::new();
        let forward = |from: usize| {
            self.crosswalks.iter().enumerate().filter(move |(_, cw)| {
                self.spaces.iter().position(|s| *s == cw.source) == Some(from)
                    && cw.source != cw.target
            })
        };
        let mut stack: Vec<(Vec<usize>, Vec<usize>)> = (0..self.spaces.len())
            .map(|s| (vec![s], Vec::new()))
            .collect();
        while let Some((spaces, via)) = stack.pop() {
            let here = spaces[spaces.len() - 1];
            for (ci, cw) in forward(here) {
                let Some(next) = self.spaces.iter().position(|s| *s == cw.target) else {
                    continue;
                };
                let mut via = via.clone();
                via.push(ci);
                if next == spaces[0] {
                    let mut key = via.clone();
                    key.sort_unstable();
                    if seen.insert(key) {
                        let mut names: Vec<String> =
                            spaces.iter().map(|&s| self.spaces[s].label()).collect();
                        names.push(self.spaces[next].label());
                        out.push(Problem::Cycle {
                            crosswalks: via
                                .iter()
                                .map(|&c| self.crosswalks[c].name.clone())
                                .collect(),
                            frameworks: names,
                        });
                    }
                } else if !spaces.contains(&next) && via.len() < longest {
                    let mut spaces = spaces.clone();
                    spaces.push(next);
                    stack.push((spaces, via));
                }
            }
        }
        out
    }
}

/// One way a row reached a target control: the edges followed, in order.
struct Way<'i> {
    edges: Vec<&'i Edge>,
    depth: u8,
    strength: Strength,
}

/// One row's walk through the crosswalks.
struct Walk<'i, 'a> {
    index: &'i CrosswalkIndex<'a>,
    target: usize,
    /// Each way found, with the target control it reached.
    ways: Vec<(String, Way<'i>)>,
    /// The edges of the current chain.
    edges: Vec<&'i Edge>,
    /// The spaces on the current chain, the row's first: a chain never enters one twice.
    visited: Vec<usize>,
}

impl<'i> Walk<'i, '_> {
    fn from(&mut self, space: usize, id: &str, depth: u8, revisions: u8, strength: Strength) {
        let index = self.index;
        let Some(edges) = index.edges[space].get(id) else {
            return;
        };
        for edge in edges {
            if edge.strength == Strength::Excludes || self.visited.contains(&edge.to_space) {
                continue;
            }
            let (depth, revisions) = match index.crosswalks[edge.crosswalk].kind {
                CrosswalkKind::Mapping => (depth + 1, revisions),
                CrosswalkKind::Revision => (depth, revisions + 1),
            };
            if depth > MAX_PIVOTS + 1 || revisions > 1 {
                continue;
            }
            let strength = strength.min(edge.strength);
            self.edges.push(edge);
            if edge.to_space == self.target {
                let control = index.spaces[self.target]
                    .parent(&edge.to)
                    .unwrap_or_else(|| edge.to.clone());
                let way = Way {
                    edges: self.edges.clone(),
                    depth,
                    strength,
                };
                self.ways.push((control, way));
            } else {
                self.visited.push(edge.to_space);
                self.from(edge.to_space, &edge.to, depth, revisions, strength);
                self.visited.pop();
            }
            self.edges.pop();
        }
    }
}

impl CrosswalkIndex<'_> {
    /// The trail of one way a row reached `control`, every step written out.
    fn trail(&self, row: &SourceRow, first: &[Step], control: &str, way: &Way) -> Trail {
        let mut steps = first.to_vec();
        for edge in &way.edges {
            let cw = &self.crosswalks[edge.crosswalk];
            let pair = &cw.pairs[edge.pair];
            let (from_space, from, to_space, to) = if edge.reversed {
                (&cw.target, &pair.target, &cw.source, &pair.source)
            } else {
                (&cw.source, &pair.source, &cw.target, &pair.target)
            };
            steps.push(Step::Crosswalk {
                crosswalk: cw.name.clone(),
                kind: cw.kind,
                origin: cw.origin.clone(),
                from_space: from_space.clone(),
                from: from.trim().to_string(),
                to_space: to_space.clone(),
                to: to.trim().to_string(),
                relation: pair.relation.clone(),
                reversed: edge.reversed,
                at: pair.at.clone(),
                note: pair.note.clone(),
            });
        }
        Trail {
            row: row.clone(),
            steps,
            target: control.to_string(),
            depth: way.depth,
            strength: way.strength,
        }
    }
}
