//! Which catalog entries of a framework get a row in the control matrix.

use demarc_core::{FedrampLevel, Framework};

use crate::{catalog, fedramp_baseline, Control, ControlKind};

/// The FedRAMP baseline used while the engagement has none set.
pub const DEFAULT_FEDRAMP_LEVEL: FedrampLevel = FedrampLevel::Moderate;

/// The catalog entries of `framework` that get a row in the matrix.
///
/// SOC 2, HIPAA (standards and implementation specifications) and ISO 27001: every entry.
/// PCI DSS: every defined requirement, the numbers of three levels or more (1.2.1, 8.4.2,
/// 3.5.1 and its sub-requirements 3.5.1.1 to 3.5.1.3, A3.2.2). In the standard each of them has
/// its own defined approach requirements and testing procedures, a parent with
/// sub-requirements included: 3.5.1 is tested on its own, beside 3.5.1.1. The principal
/// requirements (12, A1) and the section headings under them (12.8, A3.2) state a goal and carry
/// no testing procedure: they are not assessed and get no row. FedRAMP: the controls of the
/// baseline `fedramp`.
/// NIST SP 800-53: the base controls still in force; the enhancements an assessment selects
/// come with a FedRAMP baseline. NIST CSF: the subcategories.
pub fn controls_in_scope(framework: Framework, fedramp: FedrampLevel) -> Vec<&'static Control> {
    let all = &catalog(framework).controls;
    match framework {
        Framework::Soc2 | Framework::Hipaa | Framework::Iso27001 => all.iter().collect(),
        Framework::PciDss => all.iter().filter(|c| is_defined_requirement(c)).collect(),
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

/// A PCI DSS number of three levels or more (`1.2.1`, `A1.1.1`): a requirement with testing
/// procedures, rather than a principal requirement (`1`) or a section heading (`1.2`).
fn is_defined_requirement(c: &Control) -> bool {
    c.id.split('.').count() >= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_sizes_follow_the_documented_decisions() {
        let count = |f| controls_in_scope(f, FedrampLevel::Moderate).len();
        assert_eq!(count(Framework::Soc2), 61);
        assert_eq!(count(Framework::Hipaa), 64);
        // 251 requirements with no sub-requirement and the 28 that have some.
        assert_eq!(count(Framework::PciDss), 279);
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
        assert!(!pci
            .iter()
            .any(|c| c.id == "12.8" || c.id == "12" || c.id == "A3.2"));
        for parent in [
            "3.5.1", "4.2.1", "10.2.1", "10.4.1", "11.3.1", "11.3.2", "11.5.1", "12.5.2", "A3.2.2",
            "9.5.1.2",
        ] {
            assert!(pci.iter().any(|c| c.id == parent), "{parent}");
        }
    }
}
