//! The shared responsibility as an OSCAL system security plan (SSP) fragment, in JSON.
//!
//! The plan is the customer's: the services in scope are its components, the provider's
//! FedRAMP authorizations that some statement inherits from are its leveraged authorizations,
//! every other attestation (SOC 2 reports, AOCs, ISO certificates, BAAs, and a FedRAMP
//! authorization no row uses) a back-matter resource that the components and statements link
//! to, and every control of the matrix is an implemented requirement with one by-component
//! statement per service, on the service's component, plus one on the client's own "this
//! system" component where the services provide something it inherits or leave it a part.
//! The two sides are kept apart as OSCAL's leveraging model has them (`controls.rs`): a
//! service's statement is what the provider's component does (`export.provided`) and leaves
//! to the client (`export.responsibilities`, each naming the provided entry it follows from);
//! the client's statement inherits (`inherited`, naming the provided entry and its leveraged
//! authorization) and answers each responsibility whose customer part is written (`satisfied`,
//! naming the responsibility), never on the statement that exports it. A responsibility with
//! no customer part written is left unanswered and the service's statement says so in its
//! status. FedRAMP's control origination says whose work it is, from the plan owner's side:
//! `sp-corporate` for the client's entity-level controls, `sp-system` only where the client
//! implements it (a customer row, its part of a shared row), `inherited` only where a
//! leveraged FedRAMP authorization backs the provider's part. The part of a provider without
//! a FedRAMP authorization has no origination (no FedRAMP value is true of an external service
//! that is neither the client's nor authorized): its statement names the provider
//! (`external-provider`) and what it relies on (`relies-on`), links to that attestation
//! (`reliance.rs`: the covering attestation, or the provider's attestations that could cover
//! it and why each does not), and its status remarks say no FedRAMP authorization backs it.
//! The implementation status is `implemented` only when every side of the row is evidenced
//! (the customer's by evidence with a file and a date, the provider's by a current covering
//! attestation), `partial` when some of it is, `planned` when none is or nobody is decided,
//! `not-applicable` for a row that does not apply. The row owner is the statement's
//! responsible role, each person it names in the role the engagement's people give them
//! (`people.rs`). The system's sensitivity level is the FedRAMP baseline when FedRAMP is in
//! scope, else Demarc's stated default with why. Demarc's own value is kept beside them as a
//! property.
//!
//! Every UUID is a version 5 UUID of stable keys, so the same engagement gives the same
//! identifiers in every export, and the same `generated_at` gives the same bytes.

mod controls;
mod ids;
mod model;
mod people;
mod profile;
mod reliance;
mod system;

use crate::ExportData;
pub use ids::control_token;
use ids::Ids;
use model::{
    BackMatter, ControlImplementation, Document, ImportProfile, Plan, SystemImplementation,
};
pub use model::{DEMARC_NS, FEDRAMP_NS, OSCAL_VERSION};

/// The names of the files written beside the plan that its import-profile resolves through:
/// the profile, and the catalog of the frameworks without an OSCAL catalog of their own. Each
/// is relative to the plan's folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OscalFiles {
    pub profile: String,
    pub catalog: String,
}

/// The document as the bytes of a JSON file (pretty-printed, UTF-8, a final newline), its
/// import-profile the profile it carries in its back matter.
pub fn write_oscal(data: &ExportData) -> Vec<u8> {
    json_bytes(&Document {
        system_security_plan: plan(data, None),
    })
}

/// The document whose import-profile names the profile file `files.profile` written beside
/// it (`write_oscal_profile`), so that tools that fetch the profile (compliance-trestle's
/// `validate`) resolve it; the back matter still carries the profile.
pub fn write_oscal_linked(data: &ExportData, files: &OscalFiles) -> Vec<u8> {
    json_bytes(&Document {
        system_security_plan: plan(data, Some(files)),
    })
}

/// The profile file a linked plan imports, naming the catalog file `files.catalog`.
pub fn write_oscal_profile(data: &ExportData, files: &OscalFiles) -> Vec<u8> {
    json_bytes(&profile::profile_document(
        data,
        &Ids::new(data),
        &files.catalog,
    ))
}

/// The catalog file the profile file imports from.
pub fn write_oscal_catalog(data: &ExportData) -> Vec<u8> {
    json_bytes(&profile::catalog_document(data, &Ids::new(data)))
}

fn json_bytes(value: &impl serde::Serialize) -> Vec<u8> {
    // Plain structs of strings and vectors: serialization cannot fail.
    let mut out = serde_json::to_vec_pretty(value).unwrap_or_default();
    out.push(b'\n');
    out
}

fn plan(data: &ExportData, files: Option<&OscalFiles>) -> Plan {
    let ids = Ids::new(data);
    let mut baselines = profile::baselines(data, &ids);
    if let Some(files) = files {
        baselines.rlinks.push(model::Rlink {
            href: files.profile.clone(),
            media_type: "application/oscal.profile+json",
        });
    }
    let people = people::people(data, &ids, system::client_party(data, &ids));
    let implemented_requirements = controls::requirements(data, &ids, &people);
    Plan {
        uuid: ids.root.to_string(),
        metadata: system::metadata(data, &ids, people),
        import_profile: ImportProfile {
            href: files.map_or_else(|| format!("#{}", ids.baselines()), |f| f.profile.clone()),
            remarks: format!(
                "The control baselines in scope: {}. The profile is in the back matter (and, \
                 when named here, in a file beside this one); it selects NIST and FedRAMP \
                 controls from NIST's SP 800-53 Rev 5 catalog and the others from catalogs of \
                 IDs it carries.",
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
            implemented_requirements,
        },
        back_matter: BackMatter {
            resources: std::iter::once(baselines)
                .chain(system::attestation_resources(data, &ids))
                .collect(),
        },
    }
}
