//! The gaps a change closed: those open before it and not after, counted by kind.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Gap, GapKind};
use crate::Framework;

/// How many gaps of one kind a change closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ClosedKind {
    pub kind: GapKind,
    pub count: u32,
}

/// The gaps a change closed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ClosedGaps {
    pub total: u32,
    /// By kind, the most closed first.
    pub by_kind: Vec<ClosedKind>,
}

/// What a gap is about, apart from its wording (a window gap's day count may change while it
/// stays the same gap).
type Key<'a> = (
    GapKind,
    Option<&'a str>,
    Option<&'a str>,
    Option<Framework>,
    Option<&'a str>,
);

fn key(g: &Gap) -> Key<'_> {
    (
        g.kind,
        g.service.as_deref(),
        g.provider.as_deref(),
        g.framework,
        g.control.as_deref(),
    )
}

/// The gaps of `before` that `after` no longer has.
pub fn closed_gaps(before: &[Gap], after: &[Gap]) -> ClosedGaps {
    let open: HashSet<Key<'_>> = after.iter().map(key).collect();
    let mut by_kind: Vec<ClosedKind> = Vec::new();
    for gap in before.iter().filter(|g| !open.contains(&key(g))) {
        match by_kind.iter_mut().find(|c| c.kind == gap.kind) {
            Some(c) => c.count += 1,
            None => by_kind.push(ClosedKind {
                kind: gap.kind,
                count: 1,
            }),
        }
    }
    by_kind.sort_by(|a, b| b.count.cmp(&a.count).then(a.kind.cmp(&b.kind)));
    ClosedGaps {
        total: by_kind.iter().map(|c| c.count).sum(),
        by_kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assurance::GapLink;

    fn gap(kind: GapKind, service: &str, control: Option<&str>, message: &str) -> Gap {
        Gap {
            service: Some(service.into()),
            control: control.map(String::from),
            framework: control.map(|_| Framework::Soc2),
            ..Gap::new(kind, message.into(), GapLink::Service { service_id: 1 })
        }
    }

    #[test]
    fn counts_what_is_gone_by_kind_whatever_its_wording() {
        let row = |c| gap(GapKind::ProviderUnattested, "EC2", Some(c), "no report");
        let window = |days| gap(GapKind::Soc2WindowGap, "EC2", None, days);
        let before = [
            row("CC6.1"),
            row("CC6.2"),
            row("CC7.1"),
            gap(GapKind::PhiWithoutBaa, "EC2", None, "PHI"),
            window("30 days"),
        ];
        let after = [row("CC7.1"), window("12 days")];
        assert_eq!(
            closed_gaps(&before, &after),
            ClosedGaps {
                total: 3,
                by_kind: vec![
                    ClosedKind {
                        kind: GapKind::ProviderUnattested,
                        count: 2
                    },
                    ClosedKind {
                        kind: GapKind::PhiWithoutBaa,
                        count: 1
                    },
                ],
            }
        );
        assert_eq!(closed_gaps(&after, &after), ClosedGaps::default());
    }
}
