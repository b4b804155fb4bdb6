//! Companion layouts: the shapes auditors and providers already know, each a file of its own,
//! built from the same matrix rows as the workbook.

mod csv;
mod cuec;
mod fedramp;
mod hipaa;
mod kickoff;
mod pci;

use std::collections::BTreeMap;

use demarc_core::{Framework, MatrixRow, Ownership};
use rust_xlsxwriter::Workbook;

use crate::rows::{customer_part, owner_text, rationale};
use crate::xlsx::{new_workbook, Formats};
use crate::{ExportData, ExportError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// FedRAMP Customer Responsibility Matrix columns.
    FedrampCrm,
    /// PCI DSS 12.8.5: requirement by provider.
    PciTpsp,
    /// Three columns per service, what auditors ask for at kickoff.
    Kickoff,
    /// SOC 2 complementary user entity controls.
    Soc2Cuec,
    /// HIPAA business associates.
    HipaaBa,
    /// The control matrix as CSV.
    Csv,
    /// An OSCAL system security plan fragment (JSON).
    Oscal,
}

impl Layout {
    pub const ALL: [Layout; 7] = [
        Layout::FedrampCrm,
        Layout::PciTpsp,
        Layout::Kickoff,
        Layout::Soc2Cuec,
        Layout::HipaaBa,
        Layout::Csv,
        Layout::Oscal,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Layout::FedrampCrm => "fedramp-crm",
            Layout::PciTpsp => "pci-tpsp",
            Layout::Kickoff => "kickoff",
            Layout::Soc2Cuec => "soc2-cuec",
            Layout::HipaaBa => "hipaa-ba",
            Layout::Csv => "csv",
            Layout::Oscal => "oscal",
        }
    }

    pub fn from_id(id: &str) -> Option<Layout> {
        Layout::ALL.into_iter().find(|l| l.id() == id)
    }

    pub fn extension(self) -> &'static str {
        match self {
            Layout::Csv => "csv",
            Layout::Oscal => "json",
            _ => "xlsx",
        }
    }
}

impl Layout {
    /// Why the layout cannot be written for this engagement, if it cannot: the FedRAMP CRM
    /// only when FedRAMP is in scope and some CSP of it has a FedRAMP authorization on file.
    pub fn unavailable(self, data: &ExportData) -> Option<String> {
        match self {
            Layout::FedrampCrm
                if !data
                    .view
                    .engagement
                    .frameworks
                    .contains(&Framework::Fedramp) =>
            {
                Some(
                    "the FedRAMP customer responsibility matrix is written only when FedRAMP is \
                     in scope, and it is not in this engagement"
                        .into(),
                )
            }
            Layout::FedrampCrm => fedramp::unavailable(data),
            _ => None,
        }
    }
}

/// The layout as the bytes of its file; refused when the layout does not apply (see
/// `Layout::unavailable`).
pub fn write_layout(data: &ExportData, layout: Layout) -> Result<Vec<u8>> {
    if let Some(why) = layout.unavailable(data) {
        return Err(ExportError::Unavailable(why));
    }
    type Sheets = fn(&mut Workbook, &ExportData, &Formats) -> Result<()>;
    let (title, sheets): (&str, Sheets) = match layout {
        Layout::Csv => return Ok(csv::csv(data).into_bytes()),
        Layout::Oscal => return Ok(crate::oscal::write_oscal(data)),
        Layout::FedrampCrm => ("FedRAMP customer responsibility matrix", fedramp::sheets),
        Layout::PciTpsp => ("PCI DSS 12.8.5 responsibility matrix", pci::sheets),
        Layout::Kickoff => ("Kickoff responsibility matrix", kickoff::sheets),
        Layout::Soc2Cuec => ("SOC 2 complementary user entity controls", cuec::sheets),
        Layout::HipaaBa => ("HIPAA business associate register", hipaa::sheets),
    };
    let mut book = new_workbook(data, title)?;
    sheets(&mut book, data, &Formats::new())?;
    Ok(book.save_to_buffer()?)
}

/// One value for several rows: the common owner of those that apply, `shared` when sides
/// differ, `undetermined` while any row is, not applicable only when none applies.
fn combined(owners: impl Iterator<Item = Ownership>) -> Ownership {
    let all: Vec<Ownership> = owners.collect();
    if all.is_empty() || all.contains(&Ownership::Undetermined) {
        return Ownership::Undetermined;
    }
    // A row not applicable on one service says nothing of who owns it on another.
    let owners: Vec<Ownership> = all
        .into_iter()
        .filter(|&o| o != Ownership::NotApplicable)
        .collect();
    let Some(&first) = owners.first() else {
        return Ownership::NotApplicable;
    };
    if owners.iter().all(|&o| o == first) {
        first
    } else if owners.iter().all(|o| o.is_provider_side()) {
        if owners.contains(&Ownership::Provider) {
            Ownership::Provider
        } else {
            Ownership::Inherited
        }
    } else {
        Ownership::Shared
    }
}

/// What a row asks of the customer, in one line.
fn customer_note(r: &MatrixRow) -> String {
    let mut note = format!(
        "{} ({}): {}",
        r.service_label(),
        owner_text(r),
        rationale(r)
    );
    if let Some(part) = customer_part(r) {
        note += &format!(" Customer: {part}");
    }
    note
}

/// The provider of each service, by service id.
fn providers_by_service(data: &ExportData) -> BTreeMap<i64, &str> {
    data.view
        .services
        .iter()
        .map(|s| (s.id, s.provider.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combined_owner_of_several_rows() {
        use Ownership::*;
        assert_eq!(combined([Customer, Customer].into_iter()), Customer);
        assert_eq!(combined([Customer, Inherited].into_iter()), Shared);
        assert_eq!(combined([Inherited, NotApplicable].into_iter()), Inherited);
        assert_eq!(combined([Inherited, Provider].into_iter()), Provider);
        assert_eq!(combined([Customer, NotApplicable].into_iter()), Customer);
        assert_eq!(
            combined([NotApplicable, NotApplicable].into_iter()),
            NotApplicable
        );
        assert_eq!(combined([Customer, Undetermined].into_iter()), Undetermined);
        assert_eq!(combined(std::iter::empty()), Undetermined);
    }
}
