use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Who implements a layer or a control. The identifiers are stable: files, JSON and exports use
/// them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Ownership {
    /// The customer implements it and must produce evidence.
    Customer,
    /// Both sides; the customer's part must be described.
    Shared,
    /// The provider implements it and a current attestation covering the service is on file.
    Inherited,
    /// The provider implements it but no current covering attestation is on file.
    Provider,
    /// Does not apply; needs a justification.
    NotApplicable,
    /// Not decided yet.
    Undetermined,
}

impl Ownership {
    pub const ALL: [Ownership; 6] = [
        Ownership::Customer,
        Ownership::Shared,
        Ownership::Inherited,
        Ownership::Provider,
        Ownership::NotApplicable,
        Ownership::Undetermined,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Ownership::Customer => "customer",
            Ownership::Shared => "shared",
            Ownership::Inherited => "inherited",
            Ownership::Provider => "provider",
            Ownership::NotApplicable => "not_applicable",
            Ownership::Undetermined => "undetermined",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Ownership::Customer => "Customer",
            Ownership::Shared => "Shared",
            Ownership::Inherited => "Inherited",
            Ownership::Provider => "Provider",
            Ownership::NotApplicable => "Not applicable",
            Ownership::Undetermined => "Undetermined",
        }
    }

    pub fn from_id(id: &str) -> Option<Ownership> {
        Ownership::ALL.into_iter().find(|o| o.id() == id)
    }

    /// True for the values where the provider does the work.
    pub fn is_provider_side(self) -> bool {
        matches!(self, Ownership::Provider | Ownership::Inherited)
    }
}

impl std::fmt::Display for Ownership {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_match_serde() {
        for o in Ownership::ALL {
            assert_eq!(Ownership::from_id(o.id()), Some(o));
            assert_eq!(
                serde_json::to_string(&o).unwrap(),
                format!("\"{}\"", o.id())
            );
        }
        assert_eq!(Ownership::from_id("Customer"), None);
    }
}
