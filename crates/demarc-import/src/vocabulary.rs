//! The crosswalk from provider vocabularies to the six ownership values, and the folding that
//! makes `CSP-Owned\n`, `csp-owned` and `CSP‐owned` (with a Unicode hyphen) the same label.

use std::collections::HashMap;
use std::sync::OnceLock;

use demarc_core::{fold, Ownership, ThirdParty};

const CROSSWALK: &str = include_str!("crosswalk.tsv");

/// One line of the crosswalk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrosswalkEntry {
    pub label: &'static str,
    pub ownership: Ownership,
    pub source: &'static str,
    /// How a provider-side label involves a third party, if it names one.
    pub third_party: Option<ThirdParty>,
}

/// Every entry of the crosswalk, in file order.
pub fn crosswalk() -> &'static [CrosswalkEntry] {
    static ENTRIES: OnceLock<Vec<CrosswalkEntry>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        CROSSWALK
            .lines()
            .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
            .filter_map(|line| {
                let mut parts = line.split('\t');
                let label = parts.next()?;
                // The table is tested to hold only known ids; a bad line is skipped, not fatal.
                let ownership = Ownership::from_id(parts.next()?)?;
                let source = parts.next().unwrap_or_default();
                let third_party = parts.next().and_then(ThirdParty::from_id);
                Some(CrosswalkEntry {
                    label,
                    ownership,
                    source,
                    third_party,
                })
            })
            .collect()
    })
}

fn folded_crosswalk() -> &'static HashMap<String, (Ownership, Option<ThirdParty>)> {
    static MAP: OnceLock<HashMap<String, (Ownership, Option<ThirdParty>)>> = OnceLock::new();
    MAP.get_or_init(|| {
        crosswalk()
            .iter()
            .map(|e| (fold(e.label), (e.ownership, e.third_party)))
            .collect()
    })
}

/// The ownership a provider label stands for, if the crosswalk knows it.
pub fn lookup(label: &str) -> Option<Ownership> {
    folded_crosswalk().get(&fold(label)).map(|(o, _)| *o)
}

/// A provider label and what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classified {
    pub ownership: Ownership,
    /// False when the label is not blank and nobody mapped it: the user must map it.
    pub known: bool,
    /// The crosswalk's word on a third party the label names.
    pub third_party: Option<ThirdParty>,
}

/// Classifies a label: the profile's value map first, then the crosswalk. Blank means not
/// decided; an unmapped label is `undetermined` and flagged, never dropped.
pub fn classify(label: &str, value_map: &HashMap<String, Ownership>) -> Classified {
    let key = fold(label);
    if key.is_empty() {
        return Classified {
            ownership: Ownership::Undetermined,
            known: true,
            third_party: None,
        };
    }
    if let Some(&ownership) = value_map.get(&key) {
        return Classified {
            ownership,
            known: true,
            third_party: None,
        };
    }
    match folded_crosswalk().get(&key) {
        Some(&(ownership, third_party)) => Classified {
            ownership,
            known: true,
            third_party,
        },
        None => Classified {
            ownership: Ownership::Undetermined,
            known: false,
            third_party: None,
        },
    }
}

/// The ownership of a row marked in several columns: provider and customer marks together
/// are shared; a lone `N/A` mark counts only when nothing else is marked.
pub fn combine(values: &[Ownership]) -> Ownership {
    let has = |o: Ownership| values.contains(&o);
    let provider = has(Ownership::Provider) || has(Ownership::Inherited);
    if has(Ownership::Shared) || (provider && has(Ownership::Customer)) {
        Ownership::Shared
    } else if provider {
        Ownership::Provider
    } else if has(Ownership::Customer) {
        Ownership::Customer
    } else if has(Ownership::NotApplicable) {
        Ownership::NotApplicable
    } else {
        Ownership::Undetermined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_the_table_parses_and_agrees_with_itself() {
        let lines = CROSSWALK
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .count();
        assert_eq!(crosswalk().len(), lines);
        for e in crosswalk() {
            assert_eq!(lookup(e.label), Some(e.ownership), "{}", e.label);
        }
    }

    #[test]
    fn folding_ignores_case_space_and_look_alikes() {
        assert_eq!(fold("  CSP-Owned\n"), "csp-owned");
        assert_eq!(fold("Not\r\n  applicable"), "not applicable");
        assert_eq!(lookup("\u{039D}o"), Some(Ownership::Customer));
        assert_eq!(lookup("CSP\u{2011}owned"), Some(Ownership::Provider));
        assert_eq!(lookup("Ｓｈａｒｅｄ"), Some(Ownership::Shared));
        assert_eq!(lookup("Yes"), Some(Ownership::Provider));
        assert_eq!(lookup("maybe"), None);
    }

    #[test]
    fn caiq_third_party_classes_stay_provider_side_and_name_the_third_party() {
        let none = HashMap::new();
        let outsourced = classify("3rd-party outsourced", &none);
        assert_eq!(
            (outsourced.ownership, outsourced.third_party),
            (Ownership::Provider, Some(ThirdParty::Outsourced))
        );
        let shared = classify("Shared CSP and 3rd-party\n", &none);
        assert_eq!(
            (shared.ownership, shared.third_party),
            (Ownership::Provider, Some(ThirdParty::SharedWithProvider))
        );
        assert_eq!(classify("CSP-owned", &none).third_party, None);
    }

    #[test]
    fn marks_combine() {
        use Ownership::*;
        assert_eq!(combine(&[Provider, Customer]), Shared);
        assert_eq!(combine(&[Provider, Provider]), Provider);
        assert_eq!(combine(&[Customer, NotApplicable]), Customer);
        assert_eq!(combine(&[NotApplicable]), NotApplicable);
        assert_eq!(combine(&[]), Undetermined);
    }
}
