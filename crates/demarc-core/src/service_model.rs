use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Layer, Ownership};

/// How a cloud service is delivered; it decides the default owner of each layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ServiceModel {
    OnPrem,
    Iaas,
    /// Managed Kubernetes whose worker nodes the customer runs.
    CaasCustomerNodes,
    /// Managed Kubernetes whose worker nodes the provider runs.
    CaasProviderNodes,
    Paas,
    Faas,
    Saas,
}

impl ServiceModel {
    pub const ALL: [ServiceModel; 7] = [
        ServiceModel::OnPrem,
        ServiceModel::Iaas,
        ServiceModel::CaasCustomerNodes,
        ServiceModel::CaasProviderNodes,
        ServiceModel::Paas,
        ServiceModel::Faas,
        ServiceModel::Saas,
    ];

    pub fn id(self) -> &'static str {
        match self {
            ServiceModel::OnPrem => "on_prem",
            ServiceModel::Iaas => "iaas",
            ServiceModel::CaasCustomerNodes => "caas_customer_nodes",
            ServiceModel::CaasProviderNodes => "caas_provider_nodes",
            ServiceModel::Paas => "paas",
            ServiceModel::Faas => "faas",
            ServiceModel::Saas => "saas",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ServiceModel::OnPrem => "On-premises",
            ServiceModel::Iaas => "IaaS",
            ServiceModel::CaasCustomerNodes => "CaaS (customer nodes)",
            ServiceModel::CaasProviderNodes => "CaaS (provider nodes)",
            ServiceModel::Paas => "PaaS",
            ServiceModel::Faas => "FaaS",
            ServiceModel::Saas => "SaaS",
        }
    }

    pub fn from_id(id: &str) -> Option<ServiceModel> {
        ServiceModel::ALL.into_iter().find(|m| m.id() == id)
    }

    fn column(self) -> usize {
        self as usize
    }
}

impl std::fmt::Display for ServiceModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// The default owner of each layer (rows, top to bottom) per model (columns in the order of
/// `ServiceModel::ALL`): C customer, S shared, P provider. The one place this table lives.
const DEFAULTS: [&str; 14] = [
    "CCCCCCC", // data
    "CCCCCCC", // identity_access
    "CCCCCCC", // endpoints
    "CCCCCCC", // service_config
    "CCCCCCP", // application
    "CCSSSSS", // identity_infra
    "CCCCPSP", // runtime
    "CCPPPPP", // orchestration
    "CCCSSSP", // network_controls
    "CCSPPPP", // os
    "CPPPPPP", // virtualization
    "CPPPPPP", // physical_hosts
    "CPPPPPP", // physical_network
    "CPPPPPP", // physical_datacenter
];

/// The owner a layer has by default under a service model, before anyone overrides it.
pub fn default_owner(model: ServiceModel, layer: Layer) -> Ownership {
    match DEFAULTS[layer.index()].as_bytes()[model.column()] {
        b'C' => Ownership::Customer,
        b'S' => Ownership::Shared,
        _ => Ownership::Provider,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Ownership::{Customer as C, Provider as P, Shared as S};

    #[test]
    fn table_is_well_formed() {
        for row in DEFAULTS {
            assert_eq!(row.len(), ServiceModel::ALL.len());
            assert!(row.bytes().all(|b| matches!(b, b'C' | b'S' | b'P')));
        }
    }

    #[test]
    fn spot_checks_against_the_domain_brief() {
        let cases = [
            (ServiceModel::OnPrem, Layer::PhysicalDatacenter, C),
            (ServiceModel::Iaas, Layer::Os, C),
            (ServiceModel::Iaas, Layer::Virtualization, P),
            (ServiceModel::CaasCustomerNodes, Layer::Os, S),
            (ServiceModel::CaasProviderNodes, Layer::Os, P),
            (ServiceModel::CaasProviderNodes, Layer::NetworkControls, S),
            (ServiceModel::Paas, Layer::Runtime, P),
            (ServiceModel::Paas, Layer::IdentityInfra, S),
            (ServiceModel::Faas, Layer::Runtime, S),
            (ServiceModel::Faas, Layer::Orchestration, P),
            (ServiceModel::Saas, Layer::Application, P),
            (ServiceModel::Saas, Layer::Data, C),
            (ServiceModel::Saas, Layer::NetworkControls, P),
        ];
        for (model, layer, owner) in cases {
            assert_eq!(default_owner(model, layer), owner, "{model} {layer}");
        }
    }

    #[test]
    fn the_customer_always_owns_data_and_identities() {
        for model in ServiceModel::ALL {
            assert_eq!(default_owner(model, Layer::Data), C);
            assert_eq!(default_owner(model, Layer::IdentityAccess), C);
        }
    }

    #[test]
    fn ownership_moves_monotonically_towards_the_provider_down_the_stack_of_iaas() {
        let owners: Vec<Ownership> = Layer::ALL
            .iter()
            .map(|l| default_owner(ServiceModel::Iaas, *l))
            .collect();
        let first_provider = owners.iter().position(|o| *o == P).unwrap();
        assert!(owners[first_provider..].iter().all(|o| *o == P));
        assert_eq!(Layer::ALL[first_provider], Layer::Virtualization);
    }
}
