//! The six ownership values, their colours and letters, and how each reads in the native
//! vocabulary of the frameworks' own responsibility documents.

use demarc_core::Ownership;

/// How one ownership value is written in the frameworks' own documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NativeTerms {
    pub meaning: &'static str,
    /// FedRAMP CRM, column "Can Be Inherited from CSP".
    pub fedramp: &'static str,
    /// CSA CAIQ v4 / CCM v4 SSRM control ownership.
    pub caiq: &'static str,
    /// PCI DSS 12.8.5 responsibility matrix.
    pub pci: &'static str,
    /// SOC 2 report vocabulary.
    pub soc2: &'static str,
    /// HIPAA.
    pub hipaa: &'static str,
}

pub fn native_terms(o: Ownership) -> NativeTerms {
    match o {
        Ownership::Customer => NativeTerms {
            meaning: "The customer implements it and produces the evidence",
            fedramp: "No",
            caiq: "CSC-owned",
            pci: "Customer",
            soc2: "Complementary user entity control (CUEC)",
            hipaa: "Covered entity / business associate safeguard",
        },
        Ownership::Shared => NativeTerms {
            meaning: "Both sides; the customer's part is described",
            fedramp: "Partial",
            caiq: "Shared CSP and CSC",
            pci: "Shared",
            soc2: "Subservice control with a CUEC",
            hipaa: "Shared between covered entity and business associate",
        },
        Ownership::Inherited => NativeTerms {
            meaning: "The provider implements it; a current attestation covering the service is on file",
            fedramp: "Yes",
            caiq: "CSP-owned",
            pci: "TPSP",
            soc2: "Complementary subservice organization control (CSOC), covered by the provider's report",
            hipaa: "Business associate safeguard under the BAA",
        },
        Ownership::Provider => NativeTerms {
            meaning: "The provider implements it; no current covering attestation is on file",
            fedramp: "Yes (no covering authorization on file)",
            caiq: "CSP-owned",
            pci: "TPSP (no current AOC on file)",
            soc2: "Subservice control without a covering report",
            hipaa: "Business associate safeguard (BAA or assurance missing)",
        },
        Ownership::NotApplicable => NativeTerms {
            meaning: "Does not apply; the justification is recorded",
            fedramp: "N/A",
            caiq: "NA",
            pci: "Not applicable",
            soc2: "Not applicable",
            hipaa: "Not applicable",
        },
        Ownership::Undetermined => NativeTerms {
            meaning: "Not decided yet",
            fedramp: "(to be determined)",
            caiq: "(to be determined)",
            pci: "(to be determined)",
            soc2: "(to be determined)",
            hipaa: "(to be determined)",
        },
    }
}

/// The colour of a value as 0xRRGGBB, the same in the app, the workbook and the PDF.
pub fn colour(o: Ownership) -> u32 {
    match o {
        Ownership::Customer => 0x0072B2,
        Ownership::Shared => 0xE69F00,
        Ownership::Inherited => 0x009E73,
        Ownership::Provider => 0xD55E00,
        Ownership::NotApplicable => 0x999999,
        Ownership::Undetermined => 0xFFFFFF,
    }
}

/// The text colour that reads on `colour(o)`.
pub fn ink(o: Ownership) -> u32 {
    match o {
        Ownership::Customer | Ownership::Inherited | Ownership::Provider => 0xFFFFFF,
        Ownership::Shared | Ownership::NotApplicable | Ownership::Undetermined => 0x000000,
    }
}

/// The letter in a cell, so the meaning survives a black-and-white printout.
pub fn letter(o: Ownership) -> &'static str {
    match o {
        Ownership::Customer => "C",
        Ownership::Shared => "S",
        Ownership::Inherited => "I",
        Ownership::Provider => "P",
        Ownership::NotApplicable => "N/A",
        Ownership::Undetermined => "?",
    }
}
