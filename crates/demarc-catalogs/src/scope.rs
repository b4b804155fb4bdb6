//! Which catalog entries of a framework get a row in the control matrix.

use std::collections::HashSet;

use demarc_core::{FedrampLevel, Framework};

use crate::{catalog, fedramp_baseline, Control, ControlKind};

/// The FedRAMP baseline used while the engagement has none set.
pub const DEFAULT_FEDRAMP_LEVEL: FedrampLevel = FedrampLevel::Moderate;

/// The catalog entries of `framework` that get a row in the matrix.
///
/// SOC 2, HIPAA (standards and implementation specifications) and ISO 27001: every entry.
/// PCI DSS: the requirements no other entry refines (8.4.2, 12.8.5, 3.3.1.1), the level a
/// 12.8.5 responsibility matrix assigns. FedRAMP: the controls of the baseline `fedramp`.
/// NIST SP 800-53: the base controls still in force; the enhancements an assessment selects
/// come with a FedRAMP baseline. NIST CSF: the subcategories.
pub fn controls_in_scope(framework: Framework, fedramp: FedrampLevel) -> Vec<&'static Control> {
    let all = &catalog(framework).controls;
    match framework {
        Framework::Soc2 | Framework::Hipaa | Framework::Iso27001 => all.iter().collect(),
        Framework::PciDss => {
            let parents: HashSet<&str> = all.iter().filter_map(|c| c.parent.as_deref()).collect();
            all.iter()
                .filter(|c| !parents.contains(c.id.as_str()))
                .collect()
        }
        Framework::Fedramp => fedramp_baseline(fedramp),
        Framework::Nist80053 => all
            .iter()
            .filter(|c| c.kind == ControlKind::Control && !c.withdrawn)
            .collect(),
        Framework::NistCsf => all
            .iter()
            .filter(|c| c.kind == ControlKind::Subcategory)
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_sizes_follow_the_documented_decisions() {
        let count = |f| controls_in_scope(f, FedrampLevel::Moderate).len();
        assert_eq!(count(Framework::Soc2), 61);
        assert_eq!(count(Framework::Hipaa), 63);
        assert_eq!(count(Framework::PciDss), 251);
        assert_eq!(count(Framework::Fedramp), 323);
        assert_eq!(count(Framework::Nist80053), 298);
        assert_eq!(count(Framework::NistCsf), 106);
        assert_eq!(count(Framework::Iso27001), 93);
        assert_eq!(
            controls_in_scope(Framework::Fedramp, FedrampLevel::High).len(),
            410
        );
        let pci = controls_in_scope(Framework::PciDss, FedrampLevel::Moderate);
        assert!(pci.iter().any(|c| c.id == "12.8.5"));
        assert!(!pci.iter().any(|c| c.id == "12.8" || c.id == "12"));
    }
}
