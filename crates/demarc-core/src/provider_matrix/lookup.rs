//! Which imported provider row decides a control's owner for a service.

use std::collections::HashMap;

use super::ProviderEntry;
use crate::imported::Layout;
use crate::{fold, Ownership, ProviderSource, ServiceModel};

/// A matrix row that may decide a control's owner.
struct Candidate {
    scope: Option<String>,
    /// From a table of who implements a control (a FedRAMP CIS) rather than of what the
    /// customer must do (a CRM): the provider may implement its own AC-1 while the customer
    /// still needs one, so a CRM row of the same version speaks first.
    origination: bool,
    label: String,
    source: ProviderSource,
}

/// A provider's answer for one control: its label and where it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderMatch {
    pub label: String,
    pub source: ProviderSource,
}

/// One imported matrix version indexed by normalized control ID, built once per read of the
/// control matrix. Both sides go through `normalize_control_id`, so `AC-02 (03)` finds
/// `AC-2(3)`; a matrix of another framework simply finds nothing.
pub struct ProviderIndex {
    exact: HashMap<String, Vec<Candidate>>,
    /// Statement parts (`AC-2(3)(a)`) under the control they belong to (`AC-2(3)`).
    parts: HashMap<String, Vec<Candidate>>,
}

impl ProviderIndex {
    /// Indexes the entries of version `version` of `provider`'s matrix, imported from `file`.
    pub fn new(entries: Vec<ProviderEntry>, provider: &str, version: u32, file: &str) -> Self {
        let mut indexed = ProviderIndex {
            exact: HashMap::new(),
            parts: HashMap::new(),
        };
        for r in entries {
            let candidate = Candidate {
                origination: r.layout == Layout::FedrampCis.id(),
                scope: r.scope,
                label: r.label,
                source: ProviderSource {
                    provider: provider.to_string(),
                    version,
                    file: file.to_string(),
                    sheet: r.sheet,
                    row: r.row,
                    control_id: r.control_id,
                    columns: r.columns,
                    owner: r.owner,
                    third_party: r.third_party,
                },
            };
            match control_of_part(&r.normalized) {
                Some(control) => indexed
                    .parts
                    .entry(control.to_string())
                    .or_default()
                    .push(candidate),
                None => indexed
                    .exact
                    .entry(r.normalized)
                    .or_default()
                    .push(candidate),
            }
        }
        indexed
    }

    /// The row that speaks for a control of a service of `model`, by the control's normalized
    /// ID: an exact row when there is one; failing that, the statement parts of the control.
    pub fn find(&self, model: ServiceModel, key: &str) -> Option<ProviderMatch> {
        if let Some(found) = self.exact.get(key).and_then(|c| best(c, model)) {
            return Some(ProviderMatch {
                label: found.label.clone(),
                source: found.source.clone(),
            });
        }
        self.parts.get(key).and_then(|c| from_parts(c, model))
    }
}

/// The control a normalized statement part belongs to: `AC-2(3)(a)` and `AC-1(a)(1)` to
/// `AC-2(3)` and `AC-1`. `None` for a control or enhancement itself. Only NIST-style IDs have
/// lower-case parts: `normalize_control_id` upper-cases every other ID (`164.312(B)`).
pub(crate) fn control_of_part(normalized: &str) -> Option<&str> {
    let mut end = normalized.find('(')?;
    let mut rest = &normalized[end..];
    while let Some(inner) = rest.strip_prefix('(') {
        let (part, after) = inner.split_once(')')?;
        if !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase()) {
            return Some(&normalized[..end]);
        }
        end += part.len() + 2;
        rest = after;
    }
    None
}

/// The row that speaks for the service among rows of one control: one whose scope is the
/// service's model (or has no scope), then one with a decided owner, then one that is not
/// from an origination table, then the first.
fn best(candidates: &[Candidate], model: ServiceModel) -> Option<&Candidate> {
    candidates
        .iter()
        .enumerate()
        .min_by_key(|(i, c)| {
            (
                !scope_fits(c.scope.as_deref(), model),
                c.source.owner == Ownership::Undetermined,
                c.origination,
                *i,
            )
        })
        .map(|(_, c)| c)
}

pub(super) fn scope_fits(scope: Option<&str>, model: ServiceModel) -> bool {
    scope.is_none_or(|s| fold(s) == fold(model.label()))
}

/// A control given only by its statement parts: their owner when they agree, `shared` when
/// they differ; the label lists each part's label when they differ; provenance is the first
/// part's row.
fn from_parts(parts: &[Candidate], model: ServiceModel) -> Option<ProviderMatch> {
    let only_origination = parts.iter().all(|c| c.origination);
    let fitting: Vec<&Candidate> = parts
        .iter()
        .filter(|c| scope_fits(c.scope.as_deref(), model) && c.origination == only_origination)
        .collect();
    let first = fitting.first()?;
    let decided: Vec<&&Candidate> = fitting
        .iter()
        .filter(|c| c.source.owner != Ownership::Undetermined)
        .collect();
    let owner = match decided.first() {
        None => Ownership::Undetermined,
        Some(d) if decided.iter().all(|c| c.source.owner == d.source.owner) => d.source.owner,
        Some(_) => Ownership::Shared,
    };
    let label = if fitting.iter().all(|c| fold(&c.label) == fold(&first.label)) {
        first.label.clone()
    } else {
        fitting
            .iter()
            .map(|c| format!("{}: {}", c.source.control_id, c.label))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let mut source = first.source.clone();
    source.owner = owner;
    Some(ProviderMatch { label, source })
}

#[cfg(test)]
mod tests {
    use super::control_of_part;

    #[test]
    fn statement_parts_belong_to_their_control() {
        assert_eq!(control_of_part("AC-2(3)(a)"), Some("AC-2(3)"));
        assert_eq!(control_of_part("AC-1(a)"), Some("AC-1"));
        assert_eq!(control_of_part("AC-1(a)(1)"), Some("AC-1"));
        assert_eq!(control_of_part("IA-5(1)(g)"), Some("IA-5(1)"));
        assert_eq!(control_of_part("AC-2(3)"), None);
        assert_eq!(control_of_part("AC-2"), None);
        assert_eq!(control_of_part("164.312(B)"), None);
        assert_eq!(control_of_part("1.10"), None);
    }
}
