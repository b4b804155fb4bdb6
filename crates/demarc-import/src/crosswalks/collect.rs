//! Gathering one crosswalk's pairs as a reader finds them: IDs that are not IDs of their
//! framework are counted and left out, the rest kept in file order, repeats once.

use std::collections::HashSet;

use demarc_core::crosswalk::{
    Crosswalk, CrosswalkKind, IdSpace, Origin, Pair, PairSource, Relation, Side, UnknownId,
    UnknownIds,
};
use demarc_core::fold;

/// One crosswalk being read.
pub(crate) struct Collect {
    crosswalk: Crosswalk,
    seen: HashSet<(String, String, String)>,
    unknown_sources: UnknownIds,
    unknown_targets: UnknownIds,
}

impl Collect {
    pub fn new(name: String, source: IdSpace, target: IdSpace, origin: Origin) -> Collect {
        let unknown = |side, space: &IdSpace| UnknownIds {
            crosswalk: name.clone(),
            side,
            framework: space.label(),
            count: 0,
            first: Vec::new(),
        };
        Collect {
            unknown_sources: unknown(Side::Source, &source),
            unknown_targets: unknown(Side::Target, &target),
            crosswalk: Crosswalk {
                name,
                source,
                target,
                kind: CrosswalkKind::Mapping,
                origin,
                pairs: Vec::new(),
                unmapped: Vec::new(),
            },
            seen: HashSet::new(),
        }
    }

    /// Adds a pair as written; an ID that is no ID of its framework is listed instead. A target
    /// that says there is nothing to map (`N/A`, `None`, `-`) is skipped without a word.
    pub fn add(
        &mut self,
        source: &str,
        target: &str,
        relation: Relation,
        at: PairSource,
        note: Option<String>,
    ) {
        if nothing(target) {
            return;
        }
        let Some(from) = self.crosswalk.source.normalize(source) else {
            note_unknown(&mut self.unknown_sources, source, at);
            return;
        };
        let Some(to) = self.crosswalk.target.normalize(target) else {
            note_unknown(&mut self.unknown_targets, target, at);
            return;
        };
        if !self.seen.insert((from, to, relation.kind_id().to_string())) {
            return;
        }
        self.crosswalk.pairs.push(Pair {
            source: source.trim().to_string(),
            target: target.trim().to_string(),
            relation,
            at,
            note,
        });
    }

    /// A source ID of a row whose cells map something, when it is not an ID of its framework.
    pub fn unknown_source(&mut self, source: &str, at: PairSource) {
        note_unknown(&mut self.unknown_sources, source, at);
    }

    /// The crosswalk (unless nothing was read for it), and the IDs left out.
    pub fn finish(self) -> (Option<Crosswalk>, Vec<UnknownIds>) {
        let unknown = [self.unknown_sources, self.unknown_targets]
            .into_iter()
            .filter(|u| u.count > 0)
            .collect();
        let crosswalk = (!self.crosswalk.pairs.is_empty()).then_some(self.crosswalk);
        (crosswalk, unknown)
    }
}

fn note_unknown(list: &mut UnknownIds, id: &str, at: PairSource) {
    list.count += 1;
    if list.first.len() < UnknownIds::KEPT {
        list.first.push(UnknownId {
            id: id.trim().to_string(),
            at,
        });
    }
}

/// A cell that says nothing is mapped: `N/A` (in any look-alike letters), `None`, `-`, `TBD`.
pub(crate) fn nothing(text: &str) -> bool {
    let folded = fold(text);
    folded.is_empty()
        || !folded.chars().any(char::is_alphanumeric)
        || matches!(
            folded.as_str(),
            "n/a" | "na" | "none" | "tbd" | "not applicable" | "no mapping" | "not mapped"
        )
}
