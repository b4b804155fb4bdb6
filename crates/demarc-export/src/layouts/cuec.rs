//! SOC 2 complementary user entity controls: only the CUECs the vendors' reports list, per
//! report with its type, period and auditor, each mapped to the client's criteria with its
//! owner, evidence and status; the reports themselves; the exceptions they note with the
//! client's assessment; and the client's own CSOCs per provider.

use demarc_core::{
    csoc_gaps, reports_in_force, validity, Attestation, AttestationKind, Csoc, Cuec, Framework,
    Opinion, Soc2Report, Soc2Type, SubserviceMethod,
};
use rust_xlsxwriter::Workbook;

use crate::register::status;
use crate::xlsx::{table, Formats, FIRST_ROW};
use crate::{ExportData, Result};

fn report_type(r: &Soc2Report) -> &'static str {
    match r.report_type {
        Soc2Type::Type1 => "Type I",
        Soc2Type::Type2 => "Type II",
    }
}

fn period(r: &Soc2Report) -> String {
    if r.period_start == r.period_end {
        format!("as of {}", r.period_end)
    } else {
        format!("{} to {}", r.period_start, r.period_end)
    }
}

/// Where a CUEC stands: what is still missing first.
pub(crate) fn cuec_status(c: &Cuec) -> &'static str {
    if c.criteria.is_empty() {
        "Not mapped to a criterion"
    } else if c.owner.as_deref().is_none_or(|o| o.trim().is_empty()) {
        "No owner"
    } else if c.evidence.as_deref().is_none_or(|e| e.trim().is_empty()) {
        "No evidence yet"
    } else {
        "Mapped, owner and evidence on file"
    }
}

/// Prints the sheet one page across whatever the font: a spreadsheet without Calibri lays it
/// out in a wider one, which would spill its last columns onto pages of their own.
fn one_page_across(t: &mut crate::xlsx::Table) {
    t.ws.set_print_fit_to_pages(1, 0);
}

pub(super) fn sheets(book: &mut Workbook, data: &ExportData, f: &Formats) -> Result<()> {
    let reports = reports_in_force(&data.attestations);
    cuecs(book, data, f, &reports)?;
    report_list(book, data, f, &reports)?;
    exceptions(book, data, f, &reports)?;
    csocs(book, data, f)
}

fn cuecs(
    book: &mut Workbook,
    data: &ExportData,
    f: &Formats,
    reports: &[(&Attestation, &Soc2Report)],
) -> Result<()> {
    let rows: Vec<(&Attestation, &Soc2Report, usize, &Cuec)> = reports
        .iter()
        .flat_map(|(a, r)| {
            r.cuecs
                .iter()
                .enumerate()
                .map(move |(i, c)| (*a, *r, i + 1, c))
        })
        .collect();
    let columns = [
        ("Vendor", 11.0),
        ("Report", 12.0),
        ("Period", 12.0),
        ("Auditor", 14.0),
        ("CUEC", 6.0),
        ("Complementary user entity control", 34.0),
        ("Client's criteria", 12.0),
        ("Owner", 13.0),
        ("Evidence", 20.0),
        ("Status", 14.0),
    ];
    let ws = book.add_worksheet();
    let mut t = table(ws, "CUECs", &columns, rows.len(), data, f)?;
    one_page_across(&mut t);
    for (row, (a, r, n, c)) in (FIRST_ROW..).zip(&rows) {
        t.text(row, 0, &a.provider, &f.wrap)?;
        t.label(row, 1, &format!("SOC 2 {}", report_type(r)))?;
        t.label(row, 2, &period(r))?;
        t.text(row, 3, &r.auditor, &f.wrap)?;
        t.label(row, 4, &n.to_string())?;
        t.text(row, 5, &c.text, &f.wrap)?;
        t.text(row, 6, &c.criteria.join(", "), &f.wrap)?;
        t.text(row, 7, c.owner.as_deref().unwrap_or(""), &f.wrap)?;
        t.text(row, 8, c.evidence.as_deref().unwrap_or(""), &f.wrap)?;
        t.label(row, 9, cuec_status(c))?;
    }
    t.format_rows(rows.len(), 1, 9, &f.wrap)?;
    t.finish()
}

fn report_list(
    book: &mut Workbook,
    data: &ExportData,
    f: &Formats,
    reports: &[(&Attestation, &Soc2Report)],
) -> Result<()> {
    let columns = [
        ("Vendor", 11.0),
        ("Report", 12.0),
        ("Period", 12.0),
        ("Auditor", 14.0),
        ("Opinion", 12.0),
        ("Services it covers", 20.0),
        ("Subservice organisations", 26.0),
        ("CUECs", 14.0),
        ("Exceptions noted", 16.0),
        ("Kept at (never included)", 26.0),
    ];
    let ws = book.add_worksheet();
    let mut t = table(ws, "Reports", &columns, reports.len(), data, f)?;
    one_page_across(&mut t);
    for (row, (a, r)) in (FIRST_ROW..).zip(reports) {
        t.text(row, 0, &a.provider, &f.wrap)?;
        t.label(row, 1, &format!("SOC 2 {}", report_type(r)))?;
        t.label(row, 2, &period(r))?;
        t.text(row, 3, &r.auditor, &f.wrap)?;
        t.label(
            row,
            4,
            match r.opinion {
                Opinion::Unqualified => "Unqualified",
                Opinion::Qualified => "Qualified",
            },
        )?;
        t.text(row, 5, &a.services.join(", "), &f.wrap)?;
        t.text(row, 6, &subservice(r), &f.wrap)?;
        let cuecs = if !r.cuecs.is_empty() {
            format!("{} listed", r.cuecs.len())
        } else if r.no_cuecs {
            "None: the report lists none".into()
        } else {
            "Not recorded yet".into()
        };
        t.label(row, 7, &cuecs)?;
        let exceptions = if !r.exceptions_noted {
            "None noted".to_string()
        } else {
            let open = r.exceptions.iter().filter(|x| !x.assessed()).count();
            format!("{} noted, {open} not assessed", r.exceptions.len())
        };
        t.label(row, 8, &exceptions)?;
        t.text(row, 9, &r.reference, &f.wrap)?;
    }
    t.format_rows(reports.len(), 1, 8, &f.wrap)?;
    t.finish()
}

/// A report's subservice organisations, the method, and the criteria it leaves to them.
fn subservice(r: &Soc2Report) -> String {
    if r.subservice_organizations.is_empty() {
        return "None named".into();
    }
    let method = match r.subservice_method {
        SubserviceMethod::CarveOut => "Carve-out",
        SubserviceMethod::Inclusive => "Inclusive",
    };
    let mut text = format!("{method}: {}", r.subservice_organizations.join("; "));
    if !r.carved_out_criteria.is_empty() {
        text += &format!("\nCarved out: {}", r.carved_out_criteria.join(", "));
    } else if r.subservice_method == SubserviceMethod::CarveOut {
        text += "\nNo criterion of these services carved out";
    }
    text
}

fn exceptions(
    book: &mut Workbook,
    data: &ExportData,
    f: &Formats,
    reports: &[(&Attestation, &Soc2Report)],
) -> Result<()> {
    let rows: Vec<_> = reports
        .iter()
        .flat_map(|(a, r)| {
            r.exceptions
                .iter()
                .enumerate()
                .map(move |(i, x)| (*a, *r, i + 1, x))
        })
        .collect();
    let columns = [
        ("Vendor", 11.0),
        ("Report", 16.0),
        ("#", 4.0),
        ("Exception noted", 36.0),
        ("Impact on the client", 30.0),
        ("Response", 30.0),
        ("Assessment", 13.0),
    ];
    let ws = book.add_worksheet();
    let mut t = table(ws, "Exceptions", &columns, rows.len(), data, f)?;
    one_page_across(&mut t);
    for (row, (a, r, n, x)) in (FIRST_ROW..).zip(&rows) {
        t.text(row, 0, &a.provider, &f.wrap)?;
        t.label(row, 1, &format!("SOC 2 {} {}", report_type(r), period(r)))?;
        t.label(row, 2, &n.to_string())?;
        t.text(row, 3, &x.description, &f.wrap)?;
        t.text(row, 4, x.impact.as_deref().unwrap_or(""), &f.wrap)?;
        t.text(row, 5, x.response.as_deref().unwrap_or(""), &f.wrap)?;
        t.label(
            row,
            6,
            if x.assessed() {
                "Assessed"
            } else {
                "Not assessed"
            },
        )?;
    }
    t.format_rows(rows.len(), 1, 6, &f.wrap)?;
    t.finish()
}

/// The provider's SOC 2 report a CSOC rests on: the one in force for the audit window, else
/// the newest.
fn csoc_report<'a>(data: &'a ExportData, c: &'a Csoc) -> Option<&'a Attestation> {
    let on = data.reliance();
    data.attestations_of(c.provider.trim())
        .filter(|a| a.kind() == AttestationKind::Soc2)
        .max_by_key(|a| (on.current(&a.details), validity(&a.details).1))
}

/// The CSOC's criteria the report leaves to the provider's own subservice organizations.
fn carved_out<'a>(a: &'a Attestation, c: &'a Csoc) -> Vec<&'a str> {
    c.criteria
        .iter()
        .filter_map(|criterion| a.carved_out_criterion(Framework::Soc2, criterion))
        .collect()
}

/// The assurance behind a CSOC, as the register states it: the provider's report with its
/// standing and the CSOC's criteria it carves out, or what else of the provider's is on file.
fn assurance(data: &ExportData, c: &Csoc) -> String {
    let Some(a) = csoc_report(data, c) else {
        let others: Vec<String> = data
            .attestations_of(c.provider.trim())
            .map(|a| format!("{} ({})", a.label(), status(a, data)))
            .collect();
        return if others.is_empty() {
            format!("No report of {} on file", c.provider)
        } else {
            format!(
                "No SOC 2 report of {} on file; other assurance, which does not stand for a \
                 SOC 2 CSOC: {}",
                c.provider,
                others.join("; ")
            )
        };
    };
    let mut text = format!("{}: {}", a.label(), status(a, data));
    let carved = carved_out(a, c);
    if !carved.is_empty() {
        text += &format!(
            "\nCarves out {} to its subservice organizations",
            carved.join(", ")
        );
    }
    text
}

fn csocs(book: &mut Workbook, data: &ExportData, f: &Formats) -> Result<()> {
    let columns = [
        ("Provider", 14.0),
        (
            "Complementary subservice organization control (what the client's report expects of \
             the provider)",
            50.0,
        ),
        ("Client's criteria", 12.0),
        ("Assurance (the provider's SOC 2 report)", 40.0),
        ("Status", 16.0),
    ];
    let ws = book.add_worksheet();
    let mut t = table(ws, "CSOCs", &columns, data.csocs.len(), data, f)?;
    one_page_across(&mut t);
    t.ws.set_row_height(crate::xlsx::HEADER_ROW, 30.0)?;
    let flag = f.bold.clone().set_font_color(0xC00000);
    for (row, c) in (FIRST_ROW..).zip(&data.csocs) {
        t.text(row, 0, &c.provider, &f.wrap)?;
        t.text(row, 1, &c.text, &f.wrap)?;
        t.text(row, 2, &c.criteria.join(", "), &f.wrap)?;
        t.text(row, 3, &assurance(data, c), &f.wrap)?;
        // By the rule of the gaps: supported while a SOC 2 report of the provider is in force.
        if !csoc_gaps(std::slice::from_ref(c), &data.attestations, data.reliance()).is_empty() {
            t.text(row, 4, "Unsupported: no report in force (gap)", &flag)?;
        } else if csoc_report(data, c).is_some_and(|a| !carved_out(a, c).is_empty()) {
            t.text(row, 4, "Report in force, the criterion carved out", &flag)?;
        } else {
            t.label(row, 4, "Supported by the report")?;
        }
    }
    t.finish()
}
