//! The applicability table (`data/applicability.json`): which requirements apply under which
//! answers of a framework's scoping profile. The core reads a rule against a profile
//! (`demarc_core::applicability`); this module finds the rule of a requirement.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use demarc_core::{Applicability, ApplicabilityRule, Framework, ScopingProfile};
use serde::Deserialize;

use crate::layer_map::matches;

#[derive(Deserialize)]
struct ApplicabilityFile {
    about: String,
    frameworks: BTreeMap<Framework, Vec<ApplicabilityRule>>,
}

fn table() -> &'static ApplicabilityFile {
    static TABLE: OnceLock<ApplicabilityFile> = OnceLock::new();
    TABLE.get_or_init(|| {
        // Checked by the tests; a parse failure is a build defect.
        serde_json::from_str(include_str!("../data/applicability.json"))
            .unwrap_or_else(|e| panic!("bundled applicability table is malformed: {e}"))
    })
}

/// How the table is read, as `data/applicability.json` states it.
pub fn applicability_policy() -> &'static str {
    &table().about
}

/// The rule that decides whether `control_id` applies: the one whose id or prefix matches it
/// longest, or `None` when no rule names it (it applies under every profile).
pub fn applicability_rule(
    framework: Framework,
    control_id: &str,
) -> Option<&'static ApplicabilityRule> {
    table()
        .frameworks
        .get(&framework)?
        .iter()
        .flat_map(|rule| rule.controls.iter().map(move |prefix| (prefix, rule)))
        .filter(|(prefix, _)| matches(prefix, control_id))
        .max_by_key(|(prefix, _)| prefix.len())
        .map(|(_, rule)| rule)
}

/// Whether `control_id` applies under the framework's profile (`None`: not answered yet): its
/// rule of the table, then the requirement set of the PCI DSS validation (SAQ A asks a subset).
pub fn applies(
    framework: Framework,
    control_id: &str,
    profile: Option<&ScopingProfile>,
) -> Applicability {
    let by_rule = demarc_core::applicability(applicability_rule(framework, control_id), profile);
    if by_rule != Applicability::Applies {
        return by_rule;
    }
    match profile {
        Some(ScopingProfile::PciDss(p)) => p
            .validation
            .and_then(|v| v.leaves_out(control_id))
            .map_or(Applicability::Applies, Applicability::NotApplicable),
        _ => Applicability::Applies,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{controls_in_scope, DEFAULT_FEDRAMP_LEVEL};

    #[test]
    fn every_rule_names_requirements_in_scope_with_conditions_of_its_framework() {
        for (framework, rules) in &table().frameworks {
            let scope = controls_in_scope(*framework, DEFAULT_FEDRAMP_LEVEL);
            let mut seen: Vec<&str> = Vec::new();
            for rule in rules {
                assert!(!rule.when.is_empty() && !rule.reason.is_empty());
                for c in &rule.when {
                    assert_eq!(c.framework(), *framework, "{c:?}");
                }
                for prefix in &rule.controls {
                    assert!(
                        scope.iter().any(|c| matches(prefix, &c.id)),
                        "{}: rule {prefix} matches no requirement in scope",
                        framework.id()
                    );
                    assert!(!seen.contains(&prefix.as_str()), "{prefix} twice");
                    seen.push(prefix);
                }
            }
        }
    }

    #[test]
    fn saq_a_names_requirements_of_the_catalog_and_leaves_the_rest_not_applicable() {
        use demarc_core::{PaymentChannel, PciEntity, PciProfile, PciValidation};
        let scope = controls_in_scope(Framework::PciDss, DEFAULT_FEDRAMP_LEVEL);
        for id in PciValidation::SaqA.requirements().unwrap() {
            assert!(
                scope.iter().any(|c| c.id == *id),
                "SAQ A names {id}, not in the catalog"
            );
        }
        let profile = |validation| {
            ScopingProfile::PciDss(PciProfile {
                entity: PciEntity::Merchant,
                channels: vec![PaymentChannel::Iframe],
                multi_tenant: false,
                designated_entity: false,
                early_tls_poi: false,
                issuer: false,
                payment_page_services: Vec::new(),
                validation,
                validation_reason: String::new(),
                service_scope: Vec::new(),
            })
        };
        let saq_a = profile(Some(PciValidation::SaqA));
        let not_applicable = |p: &ScopingProfile| {
            scope
                .iter()
                .filter(|c| {
                    matches!(
                        applies(Framework::PciDss, &c.id, Some(p)),
                        Applicability::NotApplicable(_)
                    )
                })
                .count()
        };
        assert_eq!(
            applies(Framework::PciDss, "12.8.5", Some(&saq_a)),
            Applicability::Applies
        );
        assert!(matches!(
            applies(Framework::PciDss, "3.5.1", Some(&saq_a)),
            Applicability::NotApplicable(why) if why.contains("SAQ A")
        ));
        assert!(not_applicable(&saq_a) > not_applicable(&profile(None)) + 150);
    }

    #[test]
    fn the_longest_prefix_decides() {
        let rule = |id| applicability_rule(Framework::PciDss, id).map(|r| r.when.len());
        assert_eq!(rule("A2.1.1"), Some(1));
        assert_eq!(rule("A2.1.3"), Some(2));
        assert_eq!(rule("12.9.2"), Some(1));
        assert_eq!(rule("12.8.5"), None);
        assert!(applicability_rule(Framework::Soc2, "PI1.1").is_some());
        assert!(applicability_rule(Framework::Soc2, "CC1.1").is_none());
        assert!(applicability_rule(Framework::Hipaa, "164.314(b)(2)").is_some());
        assert!(applicability_rule(Framework::Hipaa, "164.314(a)(1)").is_none());
    }
}
