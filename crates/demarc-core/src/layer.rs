use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A horizontal slice of a cloud stack, top (closest to the customer) to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Layer {
    Data,
    IdentityAccess,
    Endpoints,
    ServiceConfig,
    Application,
    IdentityInfra,
    Runtime,
    Orchestration,
    NetworkControls,
    Os,
    Virtualization,
    PhysicalHosts,
    PhysicalNetwork,
    PhysicalDatacenter,
}

impl Layer {
    /// Every layer, top to bottom.
    pub const ALL: [Layer; 14] = [
        Layer::Data,
        Layer::IdentityAccess,
        Layer::Endpoints,
        Layer::ServiceConfig,
        Layer::Application,
        Layer::IdentityInfra,
        Layer::Runtime,
        Layer::Orchestration,
        Layer::NetworkControls,
        Layer::Os,
        Layer::Virtualization,
        Layer::PhysicalHosts,
        Layer::PhysicalNetwork,
        Layer::PhysicalDatacenter,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Layer::Data => "data",
            Layer::IdentityAccess => "identity_access",
            Layer::Endpoints => "endpoints",
            Layer::ServiceConfig => "service_config",
            Layer::Application => "application",
            Layer::IdentityInfra => "identity_infra",
            Layer::Runtime => "runtime",
            Layer::Orchestration => "orchestration",
            Layer::NetworkControls => "network_controls",
            Layer::Os => "os",
            Layer::Virtualization => "virtualization",
            Layer::PhysicalHosts => "physical_hosts",
            Layer::PhysicalNetwork => "physical_network",
            Layer::PhysicalDatacenter => "physical_datacenter",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Layer::Data => "Data",
            Layer::IdentityAccess => "Identities and access",
            Layer::Endpoints => "Client devices",
            Layer::ServiceConfig => "Service configuration",
            Layer::Application => "Application",
            Layer::IdentityInfra => "Identity and directory infrastructure",
            Layer::Runtime => "Runtime, middleware and images",
            Layer::Orchestration => "Orchestration / control plane",
            Layer::NetworkControls => "Network controls",
            Layer::Os => "Operating system",
            Layer::Virtualization => "Virtualization",
            Layer::PhysicalHosts => "Physical hosts",
            Layer::PhysicalNetwork => "Physical network",
            Layer::PhysicalDatacenter => "Physical datacenter",
        }
    }

    pub fn from_id(id: &str) -> Option<Layer> {
        Layer::ALL.into_iter().find(|l| l.id() == id)
    }

    /// Position from the top, 0 for `data`.
    pub fn index(self) -> usize {
        self as usize
    }
}

impl std::fmt::Display for Layer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fourteen_layers_in_order_with_stable_ids() {
        let ids: Vec<&str> = Layer::ALL.iter().map(|l| l.id()).collect();
        assert_eq!(
            ids,
            [
                "data",
                "identity_access",
                "endpoints",
                "service_config",
                "application",
                "identity_infra",
                "runtime",
                "orchestration",
                "network_controls",
                "os",
                "virtualization",
                "physical_hosts",
                "physical_network",
                "physical_datacenter"
            ]
        );
        for (i, l) in Layer::ALL.iter().enumerate() {
            assert_eq!(l.index(), i);
            assert_eq!(Layer::from_id(l.id()), Some(*l));
            assert_eq!(serde_json::to_string(l).unwrap(), format!("\"{}\"", l.id()));
        }
    }
}
