//! The shared responsibility as an OSCAL system security plan (SSP) fragment, in JSON.
//!
//! The plan is the customer's: the services in scope are its components, the provider's
//! FedRAMP authorizations on file are its leveraged authorizations, its other attestations (SOC
//! 2 reports, AOCs, ISO certificates, BAAs) back-matter resources that the components and
//! statements they back link to, and every control of the matrix is an implemented requirement
//! with one by-component statement per service. Each statement says who does the work in the
//! terms of OSCAL and of the FedRAMP extensions: the provider's part is an `inherited` entry
//! (control origination `inherited`, with its leveraged authorization) only when a FedRAMP
//! authorization backs it, and is otherwise described in the statement with a link to the
//! attestation; every decided statement has its own control origination: `sp-corporate` for
//! the client's entity-level controls, `sp-system` for its work on the system and for a
//! provider without a FedRAMP authorization (an external service the plan owner answers for);
//! a shared control exports the customer's responsibility (a SOC 2 complementary user entity
//! control, or the part the provider leaves) and a `satisfied` entry answers it by its
//! `responsibility-uuid`. Every statement has an implementation status: not applicable,
//! planned only while nobody is decided to implement the control, implemented otherwise, the
//! remarks saying what an assessor will still miss (a current attestation, evidence). Demarc's
//! own value is kept beside them as a property.
//!
//! Every UUID is a version 5 UUID of stable keys, so the same engagement gives the same
//! identifiers in every export, and the same `generated_at` gives the same bytes.

mod controls;
mod ids;
mod model;
mod profile;
mod system;

use crate::ExportData;
pub use ids::control_token;
use ids::Ids;
use model::{
    BackMatter, ControlImplementation, Document, ImportProfile, Plan, SystemImplementation,
};
pub use model::{DEMARC_NS, FEDRAMP_NS, OSCAL_VERSION};

/// The document as the bytes of a JSON file (pretty-printed, UTF-8, a final newline).
pub fn write_oscal(data: &ExportData) -> Vec<u8> {
    let doc = Document {
        system_security_plan: plan(data),
    };
    // Plain structs of strings and vectors: serialization cannot fail.
    let mut out = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    out.push(b'\n');
    out
}

fn plan(data: &ExportData) -> Plan {
    let ids = Ids::new(data);
    Plan {
        uuid: ids.root.to_string(),
        metadata: system::metadata(data, &ids),
        import_profile: ImportProfile {
            href: format!("#{}", ids.baselines()),
            remarks: format!(
                "The control baselines in scope: {}. The profile is in the back matter; it \
                 selects NIST and FedRAMP controls from NIST's SP 800-53 Rev 5 catalog and the \
                 others from catalogs of IDs it carries.",
                data.framework_names().join("; ")
            ),
        },
        system_characteristics: system::characteristics(data, &ids),
        system_implementation: SystemImplementation {
            leveraged_authorizations: system::leveraged_authorizations(data, &ids),
            components: system::components(data, &ids),
        },
        control_implementation: ControlImplementation {
            description: "The shared responsibility for each control in scope, per service: what \
                          the provider implements and the customer inherits, under which \
                          attestation, and what the customer implements itself."
                .into(),
            implemented_requirements: controls::requirements(data, &ids),
        },
        back_matter: BackMatter {
            resources: std::iter::once(profile::baselines(data, &ids))
                .chain(system::attestation_resources(data, &ids))
                .collect(),
        },
    }
}
