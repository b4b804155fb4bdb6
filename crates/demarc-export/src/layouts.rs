//! Companion layouts: the shapes auditors and providers already know, each a file of its own,
//! built from the same matrix rows as the workbook.

use std::collections::BTreeMap;

use demarc_core::{
    reports_in_force, Attestation, AttestationKind, Cuec, DataType, Framework, MatrixRow, Ownership,
};

/// The first line of the kickoff layout: the client's own controls, once.
const ENTITY_CONTROLS: &str = "Entity-level controls (the client's own, once for the engagement)";
use rust_xlsxwriter::Worksheet;

use crate::legend::native_terms;
use crate::rows::{
    attestation, by_control, customer_part, evidence_text, owner_text, provider_document,
    rationale, CLAIMED_INHERITED,
};
use crate::xlsx::{last_row, new_workbook, ownership_column, table, Formats, FIRST_ROW};
use crate::{neutralize, ExportData, Result};

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

/// The layout as the bytes of its file.
pub fn write_layout(data: &ExportData, layout: Layout) -> Result<Vec<u8>> {
    type Sheet = fn(&mut Worksheet, &ExportData, &Formats) -> Result<()>;
    let (title, sheet): (&str, Sheet) = match layout {
        Layout::Csv => return Ok(csv(&data.rows).into_bytes()),
        Layout::Oscal => return Ok(crate::oscal::write_oscal(data)),
        Layout::FedrampCrm => ("FedRAMP customer responsibility matrix", fedramp_crm),
        Layout::PciTpsp => ("PCI DSS 12.8.5 responsibility matrix", pci_tpsp),
        Layout::Kickoff => ("Kickoff responsibility matrix", kickoff),
        Layout::Soc2Cuec => ("SOC 2 complementary user entity controls", soc2_cuec),
        Layout::HipaaBa => ("HIPAA business associate register", hipaa_ba),
    };
    let mut book = new_workbook(data, title)?;
    sheet(book.add_worksheet(), data, &Formats::new())?;
    Ok(book.save_to_buffer()?)
}

/// One value for several rows: the common owner, `shared` when sides differ, `undetermined`
/// while any row is.
fn combined(owners: impl Iterator<Item = Ownership>) -> Ownership {
    let owners: Vec<Ownership> = owners.collect();
    let Some(&first) = owners.first() else {
        return Ownership::Undetermined;
    };
    if owners.contains(&Ownership::Undetermined) {
        Ownership::Undetermined
    } else if owners.iter().all(|&o| o == first) {
        first
    } else if owners
        .iter()
        .all(|&o| o == Ownership::NotApplicable || o.is_provider_side())
    {
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

/// FedRAMP CRM columns over the FedRAMP rows (NIST SP 800-53 rows when FedRAMP is not in
/// scope), one row per control across the services.
fn fedramp_crm(ws: &mut Worksheet, data: &ExportData, f: &Formats) -> Result<()> {
    let mut controls = by_control(&data.rows, Framework::Fedramp);
    if controls.is_empty() {
        controls = by_control(&data.rows, Framework::Nist80053);
    }
    let columns = [
        ("Control ID", 14.0),
        ("Can Be Inherited from CSP", 16.0),
        (
            "Specific Inheritance and Customer Agency/CSP Responsibilities",
            100.0,
        ),
    ];
    let mut t = table(ws, "CRM", &columns, controls.len(), data, f)?;
    for (row, (id, rows)) in (FIRST_ROW..).zip(&controls) {
        let owner = combined(rows.iter().map(|r| r.owner));
        t.text(row, 0, id, &f.wrap)?;
        t.ws.write_string_with_format(row, 1, native_terms(owner).fedramp, &f.wrap)?;
        let notes: Vec<String> = rows.iter().map(|r| customer_note(r)).collect();
        t.text(row, 2, &notes.join("\n"), &f.wrap)?;
    }
    t.finish()
}

/// PCI DSS 12.8.5: each requirement against each provider (TPSP): provider, customer, shared
/// or not applicable, with the details.
fn pci_tpsp(ws: &mut Worksheet, data: &ExportData, f: &Formats) -> Result<()> {
    let controls = by_control(&data.rows, Framework::PciDss);
    let mut providers: Vec<&str> = data
        .view
        .services
        .iter()
        .filter(|s| s.frameworks.contains(&Framework::PciDss))
        .map(|s| s.provider.as_str())
        .collect();
    providers.sort_unstable();
    providers.dedup();
    let provider_of = providers_by_service(data);
    let mut columns: Vec<(&str, f64)> = vec![("Requirement", 12.0), ("Title", 40.0)];
    columns.extend(providers.iter().map(|p| (*p, 16.0)));
    columns.push(("Details", 90.0));
    let mut t = table(ws, "PCI DSS 12.8.5", &columns, controls.len(), data, f)?;
    for (row, (id, rows)) in (FIRST_ROW..).zip(&controls) {
        t.text(row, 0, id, &f.wrap)?;
        t.text(row, 1, &rows[0].title, &f.wrap)?;
        for (col, p) in (2u16..).zip(&providers) {
            // An entity-level requirement is the client's whatever the provider: its one row
            // speaks in every provider's column.
            let of_provider = rows
                .iter()
                .filter(|r| {
                    r.service_id
                        .is_none_or(|id| provider_of.get(&id) == Some(p))
                })
                .map(|r| r.owner);
            let owner = combined(of_provider);
            t.ws.write_string_with_format(row, col, owner.label(), &f.wrap)?;
        }
        let notes: Vec<String> = rows.iter().map(|r| customer_note(r)).collect();
        t.text(row, 2 + providers.len() as u16, &notes.join("\n"), &f.wrap)?;
    }
    if !providers.is_empty() {
        ownership_column(
            t.ws,
            FIRST_ROW,
            last_row(controls.len()),
            2,
            1 + providers.len() as u16,
        )?;
    }
    t.finish()
}

/// The provider of each service, by service id.
fn providers_by_service(data: &ExportData) -> BTreeMap<i64, &str> {
    data.view
        .services
        .iter()
        .map(|s| (s.id, s.provider.as_str()))
        .collect()
}

/// How a row names its control: framework and ID.
fn control_name(r: &MatrixRow) -> String {
    format!("{} {}", r.framework.label(), r.control_id)
}

/// Three columns per service: provider-covered controls citing the provider's document,
/// customer-covered controls mapped to the criterion. The entity-level controls, the client's
/// own, come once on a first line of their own.
fn kickoff(ws: &mut Worksheet, data: &ExportData, f: &Formats) -> Result<()> {
    let columns = [
        ("Service", 26.0),
        ("Provider-covered controls (provider's report)", 70.0),
        ("Customer-covered controls (criterion)", 70.0),
    ];
    let services = &data.view.services;
    let entity: Vec<&MatrixRow> = data.rows.iter().filter(|r| r.service.is_none()).collect();
    let count = services.len() + usize::from(!entity.is_empty());
    let mut t = table(ws, "Kickoff", &columns, count, data, f)?;
    let mut lines: Vec<(String, Vec<&MatrixRow>, &str)> = Vec::new();
    if !entity.is_empty() {
        lines.push((ENTITY_CONTROLS.to_string(), entity, "no provider"));
    }
    for s in services {
        let rows: Vec<&MatrixRow> = data
            .rows
            .iter()
            .filter(|r| r.service_id == Some(s.id))
            .collect();
        lines.push((format!("{} ({})", s.name, s.provider), rows, &s.provider));
    }
    for (row, (name, rows, provider)) in (FIRST_ROW..).zip(&lines) {
        let provider_side: Vec<String> = rows
            .iter()
            .filter(|r| r.owner.is_provider_side() || r.owner == Ownership::Shared)
            .map(|r| {
                let cite = [attestation(r), provider_document(r)]
                    .into_iter()
                    .find(|c| !c.is_empty())
                    .unwrap_or_else(|| format!("{provider}: no report on file"));
                format!("{} ({}): {cite}", control_name(r), owner_text(r))
            })
            .collect();
        let customer: Vec<String> = rows
            .iter()
            .filter(|r| matches!(r.owner, Ownership::Customer | Ownership::Shared))
            .map(|r| format!("{}: {}", control_name(r), r.title))
            .collect();
        t.text(row, 0, name, &f.wrap)?;
        t.text(row, 1, &provider_side.join("\n"), &f.wrap)?;
        t.text(row, 2, &customer.join("\n"), &f.wrap)?;
    }
    t.finish()
}

/// SOC 2 complementary user entity controls: one line per CUEC of each vendor report in force,
/// with the client's criteria it is mapped to, the person accountable and the evidence.
fn soc2_cuec(ws: &mut Worksheet, data: &ExportData, f: &Formats) -> Result<()> {
    let reports = reports_in_force(&data.attestations);
    let rows: Vec<(&Attestation, usize, &Cuec)> = reports
        .iter()
        .flat_map(|(a, r)| r.cuecs.iter().enumerate().map(move |(i, c)| (*a, i + 1, c)))
        .collect();
    let columns = [
        ("Subservice organization", 16.0),
        ("Report", 36.0),
        ("CUEC", 6.0),
        ("Complementary user entity control", 60.0),
        ("Client's criteria", 16.0),
        ("Owner", 18.0),
        ("Evidence", 36.0),
        ("Services the report covers", 30.0),
    ];
    let mut t = table(ws, "CUEC", &columns, rows.len(), data, f)?;
    for (row, (a, n, c)) in (FIRST_ROW..).zip(&rows) {
        t.text(row, 0, &a.provider, &f.wrap)?;
        t.text(row, 1, &a.label(), &f.wrap)?;
        t.text(row, 2, &n.to_string(), &f.wrap)?;
        t.text(row, 3, &c.text, &f.wrap)?;
        let criteria = if c.criteria.is_empty() {
            "not mapped".to_string()
        } else {
            c.criteria.join(", ")
        };
        t.text(row, 4, &criteria, &f.wrap)?;
        t.text(row, 5, c.owner.as_deref().unwrap_or(""), &f.wrap)?;
        t.text(row, 6, c.evidence.as_deref().unwrap_or(""), &f.wrap)?;
        t.text(row, 7, &a.services.join("\n"), &f.wrap)?;
    }
    t.finish()
}

/// Providers whose services handle PHI or are in HIPAA scope, with what they handle and their
/// business associate agreement.
fn hipaa_ba(ws: &mut Worksheet, data: &ExportData, f: &Formats) -> Result<()> {
    let mut providers: BTreeMap<&str, Vec<&demarc_core::Service>> = BTreeMap::new();
    for s in &data.view.services {
        if s.data_types.contains(&DataType::Phi) || s.frameworks.contains(&Framework::Hipaa) {
            providers.entry(&s.provider).or_default().push(s);
        }
    }
    let columns = [
        ("Business associate", 18.0),
        ("Services", 36.0),
        ("Handles PHI", 10.0),
        ("Data types", 28.0),
        ("BAA", 30.0),
        ("Services the BAA covers", 30.0),
        ("HIPAA safeguards on the provider's side", 16.0),
        ("HIPAA safeguards on the customer's side", 16.0),
    ];
    let mut t = table(
        ws,
        "Business associates",
        &columns,
        providers.len(),
        data,
        f,
    )?;
    for (row, (provider, services)) in (FIRST_ROW..).zip(&providers) {
        let ids: Vec<i64> = services.iter().map(|s| s.id).collect();
        let hipaa = data.rows.iter().filter(|r| {
            r.framework == Framework::Hipaa && r.service_id.is_some_and(|id| ids.contains(&id))
        });
        let provider_side = hipaa.clone().filter(|r| r.owner.is_provider_side()).count();
        let customer_side = hipaa
            .filter(|r| matches!(r.owner, Ownership::Customer | Ownership::Shared))
            .count();
        let mut data_types: Vec<&str> = services
            .iter()
            .flat_map(|s| s.data_types.iter().map(|d| d.label()))
            .collect();
        data_types.sort_unstable();
        data_types.dedup();
        let phi = services
            .iter()
            .any(|s| s.data_types.contains(&DataType::Phi));
        let names: Vec<&str> = services.iter().map(|s| s.name.as_str()).collect();
        t.text(row, 0, provider, &f.wrap)?;
        t.text(row, 1, &names.join("\n"), &f.wrap)?;
        t.ws.write_string_with_format(row, 2, if phi { "Yes" } else { "No" }, &f.wrap)?;
        t.ws.write_string_with_format(row, 3, data_types.join(", "), &f.wrap)?;
        let baas: Vec<&Attestation> = data
            .attestations_of(provider)
            .filter(|a| a.kind() == AttestationKind::Baa)
            .collect();
        let labels: Vec<String> = baas.iter().map(|a| a.label()).collect();
        let covered: Vec<&str> = baas
            .iter()
            .flat_map(|a| a.services.iter().map(String::as_str))
            .collect();
        let baa = if labels.is_empty() {
            "None on file".to_string()
        } else {
            labels.join("\n")
        };
        t.text(row, 4, &baa, &f.wrap)?;
        t.text(row, 5, &covered.join("\n"), &f.wrap)?;
        t.ws.write_number_with_format(row, 6, provider_side as f64, &f.wrap)?;
        t.ws.write_number_with_format(row, 7, customer_side as f64, &f.wrap)?;
    }
    t.finish()
}

/// The matrix as CSV (RFC 4180, UTF-8), every field neutralized like a workbook cell.
fn csv(rows: &[MatrixRow]) -> String {
    let mut out = String::new();
    let header = [
        "service",
        "scope",
        "layers",
        "framework",
        "control",
        "title",
        "ownership",
        "provider_label",
        "source",
        "provider_document",
        "rationale",
        "customer_part",
        "evidence",
        "owner",
        "last_reviewed",
        "reviewed_by",
        "claim",
    ];
    line(&mut out, header.iter().map(|h| h.to_string()));
    for r in rows {
        let layers: Vec<&str> = r.layers.iter().map(|l| l.id()).collect();
        line(
            &mut out,
            [
                r.service_label().to_string(),
                r.scope.id().to_string(),
                layers.join(";"),
                r.framework.id().to_string(),
                r.control_id.clone(),
                r.title.clone(),
                r.owner.id().to_string(),
                r.provider_label.clone().unwrap_or_default(),
                r.source.id().to_string(),
                provider_document(r),
                rationale(r).to_string(),
                // several CUECs, one a line elsewhere, stay on the row's one line here
                customer_part(r).unwrap_or_default().replace('\n', "; "),
                evidence_text(r),
                r.row_owner.clone().unwrap_or_default(),
                r.last_reviewed
                    .as_ref()
                    .map(|v| v.on.to_string())
                    .unwrap_or_default(),
                r.last_reviewed
                    .as_ref()
                    .map(|v| v.by.clone())
                    .unwrap_or_default(),
                if r.claimed_inherited {
                    CLAIMED_INHERITED.to_string()
                } else {
                    String::new()
                },
            ]
            .into_iter(),
        );
    }
    out
}

fn line(out: &mut String, fields: impl Iterator<Item = String>) {
    let quoted: Vec<String> = fields
        .map(|field| {
            let field = neutralize(&field).into_owned();
            if field.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", field.replace('"', "\"\""))
            } else {
                field
            }
        })
        .collect();
    out.push_str(&quoted.join(","));
    out.push_str("\r\n");
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
        assert_eq!(combined([Customer, Undetermined].into_iter()), Undetermined);
        assert_eq!(combined(std::iter::empty()), Undetermined);
    }

    #[test]
    fn csv_fields_are_quoted_and_neutralized() {
        let mut out = String::new();
        line(
            &mut out,
            ["a,b".into(), "say \"hi\"".into(), "=1+1".into(), "x".into()].into_iter(),
        );
        assert_eq!(out, "\"a,b\",\"say \"\"hi\"\"\",'=1+1,x\r\n");
    }
}
