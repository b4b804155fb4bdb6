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
            soc2: "The user entity's own control (a CUEC only where a vendor's report lists it)",
            hipaa: "Covered entity / business associate safeguard",
        },
        Ownership::Shared => NativeTerms {
            meaning:
                "Both sides implement a part; the row says the customer's part once it is written",
            fedramp: "Partial",
            caiq: "Shared CSP and CSC",
            pci: "Shared",
            soc2: "A subservice organization's control with a part of the user entity's own",
            hipaa: "Shared between covered entity and business associate",
        },
        Ownership::Inherited => NativeTerms {
            meaning:
                "The provider implements it; a current attestation covering the service is on file",
            fedramp: "Yes when a FedRAMP authorization covers it, else Partial",
            caiq: "CSP-owned",
            pci: "TPSP",
            soc2: "A subservice organization's control, covered by its report",
            hipaa: "Business associate safeguard under the BAA",
        },
        Ownership::Provider => NativeTerms {
            meaning: "The provider implements it; no current covering attestation is on file",
            fedramp: "No (until a FedRAMP authorization covers it)",
            caiq: "CSP-owned",
            pci: "TPSP, not validated (no current AOC covers the service)",
            soc2: "A subservice organization's control without a covering report",
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The legend says what the layouts write: the FedRAMP CRM's template values, and no
    /// customer row called a CUEC (a CUEC is what a vendor's report expects of its users).
    #[test]
    fn the_legend_speaks_as_the_layouts_write() {
        assert!(native_terms(Ownership::Provider).fedramp.starts_with("No "));
        assert!(native_terms(Ownership::Customer).fedramp == "No");
        for o in Ownership::ALL {
            let value = native_terms(o).fedramp;
            assert!(
                ["Yes", "Partial", "No", "N/A", "(to be"]
                    .iter()
                    .any(|v| value.starts_with(v)),
                "{o:?}: {value}"
            );
        }
        let customer = native_terms(Ownership::Customer).soc2;
        assert!(
            !customer.starts_with("Complementary user entity"),
            "{customer}"
        );
    }
}
