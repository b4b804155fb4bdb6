//! The table layouts the importer recognises, as each imported table records its own.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The layouts Demarc recognises without help, plus a mapping profile for anything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Layout {
    /// FedRAMP Control Implementation Summary: X marks under "Control Origination".
    FedrampCis,
    /// FedRAMP Customer Responsibility Matrix: "Can Be Inherited from CSP".
    FedrampCrm,
    /// CSA Consensus Assessments Initiative Questionnaire v4: "SSRM Control Ownership".
    CsaCaiq,
    /// CSA CAIQ v3.0.1: Yes / No / Not Applicable marks, implementation answers without
    /// ownership.
    CsaCaiqV3,
    /// CSA Cloud Controls Matrix v4: ownership per IaaS, PaaS, SaaS.
    CsaCcm,
    /// Microsoft security baselines: "Responsibility".
    MicrosoftBaseline,
    /// PCI DSS responsibility matrix: one responsibility column or one marked column per party.
    PciDss,
    /// A plain table with a control ID and a responsibility column (CSV and the like).
    Generic,
    /// Columns named by a mapping profile.
    Profile,
    /// An OSCAL system security plan: each component's `export` (`provided`, `responsibility`)
    /// and control origination, per statement.
    OscalSsp,
    /// An OSCAL component definition's control implementations.
    OscalComponent,
}

impl Layout {
    pub const ALL: [Layout; 11] = [
        Layout::FedrampCis,
        Layout::FedrampCrm,
        Layout::CsaCaiq,
        Layout::CsaCaiqV3,
        Layout::CsaCcm,
        Layout::MicrosoftBaseline,
        Layout::PciDss,
        Layout::Generic,
        Layout::Profile,
        Layout::OscalSsp,
        Layout::OscalComponent,
    ];

    /// How the layout is named to a person.
    pub fn label(self) -> &'static str {
        match self {
            Layout::FedrampCis => "FedRAMP CIS worksheet",
            Layout::FedrampCrm => "FedRAMP customer responsibility matrix",
            Layout::CsaCaiq => "CSA CAIQ v4",
            Layout::CsaCaiqV3 => "CSA CAIQ v3.0.1",
            Layout::CsaCcm => "CSA Cloud Controls Matrix v4",
            Layout::MicrosoftBaseline => "Microsoft security baseline",
            Layout::PciDss => "PCI DSS responsibility matrix",
            Layout::Generic => "Plain table",
            Layout::Profile => "Mapping profile",
            Layout::OscalSsp => "OSCAL system security plan",
            Layout::OscalComponent => "OSCAL component definition",
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Layout::FedrampCis => "fedramp_cis",
            Layout::FedrampCrm => "fedramp_crm",
            Layout::CsaCaiq => "csa_caiq",
            Layout::CsaCaiqV3 => "csa_caiq_v3",
            Layout::CsaCcm => "csa_ccm",
            Layout::MicrosoftBaseline => "microsoft_baseline",
            Layout::PciDss => "pci_dss",
            Layout::Generic => "generic",
            Layout::Profile => "profile",
            Layout::OscalSsp => "oscal_ssp",
            Layout::OscalComponent => "oscal_component",
        }
    }
}
