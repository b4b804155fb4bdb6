use std::collections::BTreeMap;
use std::sync::OnceLock;

use demarc_core::{Framework, Layer, Scope};
use serde::Deserialize;

#[derive(Deserialize)]
struct LayerMapFile {
    about: String,
    frameworks: BTreeMap<Framework, BTreeMap<String, Rule>>,
}

/// One rule of the map: the layers a control is about (its technology), or, written
/// `{"entity": [...]}`, an entity-level safeguard and the layers it only mentions.
#[derive(Deserialize)]
#[serde(untagged)]
enum Rule {
    About(Vec<Layer>),
    Entity { entity: Vec<Layer> },
}

impl Rule {
    fn layers(&self) -> &[Layer] {
        match self {
            Rule::About(layers) | Rule::Entity { entity: layers } => layers,
        }
    }

    /// An empty list or an `entity` rule: the client's own, once for the engagement.
    fn scope(&self) -> Scope {
        match self {
            Rule::About(layers) if !layers.is_empty() => Scope::System,
            _ => Scope::Entity,
        }
    }
}

fn layer_map() -> &'static LayerMapFile {
    static MAP: OnceLock<LayerMapFile> = OnceLock::new();
    MAP.get_or_init(|| {
        // Checked by the tests; a parse failure is a build defect.
        serde_json::from_str(include_str!("../data/layer_map.json"))
            .unwrap_or_else(|e| panic!("bundled layer map is malformed: {e}"))
    })
}

/// True when `id` is `prefix` or continues it after a separator (`-`, `(` or `.`).
pub(crate) fn matches(prefix: &str, id: &str) -> bool {
    match id.strip_prefix(prefix) {
        Some("") => true,
        Some(rest) => rest.starts_with(['-', '(', '.']),
        None => false,
    }
}

/// How the layer map is read and what an empty list means, as `data/layer_map.json` states it.
pub fn layer_map_policy() -> &'static str {
    &layer_map().about
}

fn rule(framework: Framework, control_id: &str) -> Option<(&'static str, &'static Rule)> {
    let framework = match framework {
        Framework::Fedramp => Framework::Nist80053,
        other => other,
    };
    layer_map()
        .frameworks
        .get(&framework)?
        .iter()
        .filter(|(prefix, _)| matches(prefix, control_id))
        .max_by_key(|(prefix, _)| prefix.len())
        .map(|(prefix, rule)| (prefix.as_str(), rule))
}

/// The mapping rule that decides a control's layers: the matching prefix and its layers, or
/// `None` when nothing maps the control.
pub fn layer_rule(
    framework: Framework,
    control_id: &str,
) -> Option<(&'static str, &'static [Layer])> {
    rule(framework, control_id).map(|(prefix, rule)| (prefix, rule.layers()))
}

/// The layers a control touches, or for an entity-level safeguard the layers it mentions;
/// empty for organisational controls (see `layer_map_policy`).
pub fn layers_for(framework: Framework, control_id: &str) -> &'static [Layer] {
    layer_rule(framework, control_id)
        .map(|(_, layers)| layers)
        .unwrap_or(&[])
}

/// Whether the layer map makes a control entity-level (the client's once for the engagement:
/// no layer, or an `entity` rule) or system-level (decided per service from the layers it is
/// about). A control nothing maps is entity-level.
pub fn control_scope(framework: Framework, control_id: &str) -> Scope {
    rule(framework, control_id).map_or(Scope::Entity, |(_, rule)| rule.scope())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_stop_at_separators() {
        assert!(matches("AC-2", "AC-2"));
        assert!(matches("AC-2", "AC-2(1)"));
        assert!(!matches("AC-2", "AC-20"));
        assert!(matches("AC", "AC-20"));
        assert!(matches("1", "1.2.1"));
        assert!(!matches("1", "12.8.5"));
        assert!(matches("A.5", "A.5.1"));
        assert!(!matches("A.5.1", "A.5.10"));
        assert!(matches("164.312(a)", "164.312(a)(2)(iv)"));
        assert!(!matches("C1", "CC1.1"));
        assert!(matches("PR", "PR.AA-01"));
    }

    #[test]
    fn every_framework_but_fedramp_has_rules_and_every_rule_is_used() {
        let map = &layer_map().frameworks;
        for framework in Framework::ALL {
            let rules = map.get(&framework);
            if framework == Framework::Fedramp {
                assert!(rules.is_none(), "FedRAMP borrows the NIST SP 800-53 rules");
                continue;
            }
            let rules = rules.unwrap_or_else(|| panic!("no rules for {}", framework.id()));
            let controls = &crate::catalog(framework).controls;
            for prefix in rules.keys() {
                // A rule that matches nothing is a typo or a stale id.
                assert!(
                    controls.iter().any(|c| matches(prefix, &c.id)),
                    "{}: rule {prefix} matches no control",
                    framework.id()
                );
            }
        }
    }

    #[test]
    fn entity_rules_keep_the_layers_they_mention() {
        assert_eq!(control_scope(Framework::Soc2, "CC1.1"), Scope::Entity);
        assert_eq!(control_scope(Framework::Soc2, "CC6.1"), Scope::System);
        assert_eq!(control_scope(Framework::Hipaa, "164.310(b)"), Scope::Entity);
        assert_eq!(
            layers_for(Framework::Hipaa, "164.310(b)"),
            &[Layer::Endpoints]
        );
        assert_eq!(
            control_scope(Framework::Hipaa, "164.312(a)(2)(iii)"),
            Scope::System
        );
        assert_eq!(control_scope(Framework::Nist80053, "XX-99"), Scope::Entity);
    }

    #[test]
    fn the_longest_prefix_wins() {
        assert_eq!(layers_for(Framework::Nist80053, "AC-1"), &[] as &[Layer]);
        assert_eq!(
            layers_for(Framework::Nist80053, "AC-2(3)"),
            &[Layer::IdentityAccess]
        );
        assert_eq!(
            layers_for(Framework::Fedramp, "SC-7(5)"),
            &[Layer::NetworkControls]
        );
    }
}
