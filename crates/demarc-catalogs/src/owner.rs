use demarc_core::{default_owner, Layer, Ownership, ServiceModel};

/// The default owner of a control from the owners of the layers it touches, and why.
///
/// All provider-side layers give `provider`, all customer layers give `customer`, any other mix
/// gives `shared`. Layers marked not applicable are left out; an undecided layer leaves the
/// control undecided. A control with no layer is organisational: the customer's governance.
pub fn derived_owner(
    owner_of: impl Fn(Layer) -> Ownership,
    layers: &[Layer],
) -> (Ownership, String) {
    if layers.is_empty() {
        return (
            Ownership::Customer,
            "customer: an organisational control with no stack layer is the customer's own governance"
                .to_string(),
        );
    }
    let owned: Vec<(Layer, Ownership)> = layers.iter().map(|&l| (l, owner_of(l))).collect();
    let with = |pred: fn(Ownership) -> bool| -> Vec<Layer> {
        owned
            .iter()
            .filter(|(_, o)| pred(*o))
            .map(|(l, _)| *l)
            .collect()
    };
    let undecided = with(|o| o == Ownership::Undetermined);
    if !undecided.is_empty() {
        let text = format!(
            "undetermined: the owner of {} is not decided",
            phrase(&undecided)
        );
        return (Ownership::Undetermined, text);
    }
    let customer = with(|o| o == Ownership::Customer);
    let shared = with(|o| o == Ownership::Shared);
    let provider = with(Ownership::is_provider_side);
    if customer.is_empty() && shared.is_empty() && provider.is_empty() {
        let text = format!(
            "not_applicable: {} {} not apply",
            phrase(layers),
            verb(layers, "does", "do")
        );
        return (Ownership::NotApplicable, text);
    }
    let owner = match (customer.is_empty(), shared.is_empty(), provider.is_empty()) {
        (false, true, true) => Ownership::Customer,
        (true, true, false) => Ownership::Provider,
        _ => Ownership::Shared,
    };
    let parts: Vec<String> = [
        (&shared, "shared"),
        (&customer, "the customer's"),
        (&provider, "the provider's"),
    ]
    .into_iter()
    .filter(|(group, _)| !group.is_empty())
    .map(|(group, whose)| format!("{} {} {whose}", phrase(group), verb(group, "is", "are")))
    .collect();
    (owner, format!("{owner}: {}", parts.join("; ")))
}

/// `derived_owner` under the default layer owners of a service model, for example
/// "shared: network controls are shared for PaaS".
pub fn model_default_owner(model: ServiceModel, layers: &[Layer]) -> (Ownership, String) {
    let (owner, why) = derived_owner(|l| default_owner(model, l), layers);
    if layers.is_empty() {
        (owner, why)
    } else {
        (owner, format!("{why} for {}", model.label()))
    }
}

/// "network controls", "operating system and physical hosts", "a, b and c".
fn phrase(layers: &[Layer]) -> String {
    let names: Vec<String> = layers.iter().map(|l| l.label().to_lowercase()).collect();
    match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

fn verb(layers: &[Layer], singular: &'static str, plural: &'static str) -> &'static str {
    let plural_name = |l: &Layer| {
        matches!(
            l,
            Layer::IdentityAccess
                | Layer::Endpoints
                | Layer::Runtime
                | Layer::NetworkControls
                | Layer::PhysicalHosts
        )
    };
    match layers {
        [one] if !plural_name(one) => singular,
        _ => plural,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_read_naturally() {
        assert_eq!(phrase(&[Layer::Data]), "data");
        assert_eq!(
            phrase(&[Layer::Os, Layer::Runtime]),
            "operating system and runtime, middleware and images"
        );
        assert_eq!(
            phrase(&[
                Layer::PhysicalHosts,
                Layer::PhysicalNetwork,
                Layer::PhysicalDatacenter
            ]),
            "physical hosts, physical network and physical datacenter"
        );
        assert_eq!(verb(&[Layer::Data], "is", "are"), "is");
        assert_eq!(verb(&[Layer::NetworkControls], "is", "are"), "are");
        assert_eq!(verb(&[Layer::Data, Layer::Os], "is", "are"), "are");
    }
}
