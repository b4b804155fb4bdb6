//! The auditor's workbook: cover, legend, providers, services, the control matrix and the
//! decision log.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Timelike};
use demarc_core::{Layer, MatrixRow, OwnerSource, Ownership};
use rust_xlsxwriter::{
    ConditionalFormatCell, ConditionalFormatCellRule, DataValidation, DocProperties, ExcelDateTime,
    Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};

use crate::legend::{colour, ink, native_terms};
use crate::register::register;
use crate::{neutralize, ExportData, Result};

/// The workbook as bytes.
pub fn write_workbook(data: &ExportData) -> Result<Vec<u8>> {
    let mut book = new_workbook(data, "Shared responsibility matrix")?;
    let f = Formats::new();
    cover(book.add_worksheet(), data, &f)?;
    legend(book.add_worksheet(), data, &f)?;
    providers(book.add_worksheet(), data, &f)?;
    services(book.add_worksheet(), data, &f)?;
    matrix(book.add_worksheet(), data, &f)?;
    gaps(book.add_worksheet(), data, &f)?;
    decision_log(book.add_worksheet(), data, &f)?;
    Ok(book.save_to_buffer()?)
}

/// A workbook whose document properties carry `generated_at`, not the clock, so that the same
/// data gives the same bytes.
pub(crate) fn new_workbook(data: &ExportData, title: &str) -> Result<Workbook> {
    let mut book = Workbook::new();
    let e = &data.view.engagement;
    let props = DocProperties::new()
        .set_title(format!("{}: {title}", e.client))
        .set_subject(e.name.as_str())
        .set_comment(data.provenance())
        .set_creation_datetime(&excel_datetime(data.generated_at)?);
    book.set_properties(&props);
    Ok(book)
}

/// The cell formats every sheet shares.
pub(crate) struct Formats {
    pub header: Format,
    pub wrap: Format,
    pub bold: Format,
    pub title: Format,
    pub date: Format,
    pub datetime: Format,
}

impl Formats {
    pub fn new() -> Formats {
        let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        Formats {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(0xD9D9D9)
                .set_border(FormatBorder::Thin),
            bold: wrap.clone().set_bold(),
            title: Format::new().set_bold().set_font_size(16),
            date: Format::new()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Top)
                .set_align(FormatAlign::Left),
            datetime: Format::new()
                .set_num_format("yyyy-mm-dd hh:mm")
                .set_align(FormatAlign::Top)
                .set_align(FormatAlign::Left),
            wrap,
        }
    }
}

/// Excel's limit on the characters of one cell.
const CELL_LIMIT: usize = 32_767;

/// Writes client text as a string, never a formula, neutralized (see `neutralize`) and cut to
/// what a cell holds.
pub(crate) fn text(ws: &mut Worksheet, row: u32, col: u16, s: &str, f: &Format) -> Result<()> {
    let safe = neutralize(s);
    if safe.encode_utf16().count() <= CELL_LIMIT {
        ws.write_string_with_format(row, col, safe.as_ref(), f)?;
    } else {
        let mut cut: String = safe.chars().take(CELL_LIMIT / 2 - 40).collect();
        cut.push_str(" … (cut: the full text is in the engagement)");
        ws.write_string_with_format(row, col, cut, f)?;
    }
    Ok(())
}

pub(crate) fn date(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    d: NaiveDate,
    f: &Formats,
) -> Result<()> {
    let d = ExcelDateTime::from_ymd(year(d.year())?, d.month() as u8, d.day() as u8)?;
    ws.write_datetime_with_format(row, col, &d, &f.date)?;
    Ok(())
}

fn year(y: i32) -> Result<u16> {
    u16::try_from(y).map_err(|_| {
        rust_xlsxwriter::XlsxError::DateTimeRangeError(format!("year {y} is out of range")).into()
    })
}

pub(crate) fn excel_datetime(t: NaiveDateTime) -> Result<ExcelDateTime> {
    Ok(
        ExcelDateTime::from_ymd(year(t.year())?, t.month() as u8, t.day() as u8)?.and_hms(
            t.hour() as u16,
            t.minute() as u8,
            t.second(),
        )?,
    )
}

/// A sheet that is one table: named, header row written, frozen and filtered, widths set,
/// with the provenance in the printed footer.
pub(crate) fn table<'a>(
    ws: &'a mut Worksheet,
    name: &str,
    columns: &[(&str, f64)],
    data_rows: usize,
    data: &ExportData,
    f: &Formats,
) -> Result<Table<'a>> {
    ws.set_name(name)?;
    for (col, (header, width)) in (0u16..).zip(columns) {
        ws.write_string_with_format(0, col, *header, &f.header)?;
        ws.set_column_width(col, *width)?;
    }
    ws.set_freeze_panes(1, 0)?;
    let last_col = columns.len().saturating_sub(1) as u16;
    ws.autofilter(0, 0, data_rows as u32, last_col)?;
    ws.set_landscape();
    ws.set_repeat_rows(0, 0)?;
    ws.set_print_fit_to_pages(1, 0);
    footer(ws, data);
    Ok(Table {
        ws,
        widths: columns.iter().map(|c| c.1).collect(),
        lines: Vec::new(),
    })
}

/// A table sheet being written. It counts the lines each row's wrapped text takes and sets the
/// row's height to match, since spreadsheets do not grow rows when they open a file.
pub(crate) struct Table<'a> {
    pub ws: &'a mut Worksheet,
    widths: Vec<f64>,
    lines: Vec<usize>,
}

impl Table<'_> {
    /// Writes client text (see `text`) and remembers its height.
    pub fn text(&mut self, row: u32, col: u16, s: &str, f: &Format) -> Result<()> {
        text(self.ws, row, col, s, f)?;
        let width = self.widths.get(usize::from(col)).copied().unwrap_or(10.0);
        let row = row as usize;
        if self.lines.len() <= row {
            self.lines.resize(row + 1, 1);
        }
        self.lines[row] = self.lines[row].max(wrapped_lines(s, width));
        Ok(())
    }

    pub fn finish(self) -> Result<()> {
        for (row, &lines) in self.lines.iter().enumerate().skip(1) {
            if lines > 1 {
                let height = (15.0 * lines as f64).min(409.0);
                self.ws.set_row_height(row as u32, height)?;
            }
        }
        Ok(())
    }
}

/// About how many lines `s` takes in a column `width` characters wide. The width counts digits
/// of the default font; text averages a little narrower.
fn wrapped_lines(s: &str, width: f64) -> usize {
    let per_line = ((width * 1.1) as usize).max(1);
    s.split('\n')
        .map(|p| p.chars().count().div_ceil(per_line).max(1))
        .sum()
}

fn footer(ws: &mut Worksheet, data: &ExportData) {
    // `&` starts a control code in Excel's header and footer language.
    let line = data.provenance().replace('&', "&&");
    ws.set_footer(format!("&L{line}&RPage &P of &N"));
}

/// One colour per ownership value on `rows` of `col`, and a drop-down of the six labels so that
/// a client can change the owner and send the file back.
pub(crate) fn ownership_column(
    ws: &mut Worksheet,
    first_row: u32,
    last_row: u32,
    first_col: u16,
    last_col: u16,
) -> Result<()> {
    if last_row < first_row {
        return Ok(());
    }
    for o in Ownership::ALL {
        let mut format = Format::new()
            .set_background_color(colour(o))
            .set_font_color(ink(o));
        if o == Ownership::Undetermined {
            format = format.set_border(FormatBorder::Dashed);
        }
        let rule = ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::EqualTo(format!(
                "\"{}\"",
                o.label()
            )))
            .set_format(format);
        ws.add_conditional_format(first_row, first_col, last_row, last_col, &rule)?;
    }
    let labels: Vec<&str> = Ownership::ALL.iter().map(|o| o.label()).collect();
    let list = DataValidation::new()
        .allow_list_strings(&labels)?
        .set_error_message("Choose one of the six ownership values.")?;
    ws.add_data_validation(first_row, first_col, last_row, last_col, &list)?;
    Ok(())
}

fn cover(ws: &mut Worksheet, data: &ExportData, f: &Formats) -> Result<()> {
    let e = &data.view.engagement;
    ws.set_name("Cover")?;
    ws.set_column_width(0, 24)?;
    ws.set_column_width(1, 36)?;
    ws.set_column_width(2, 28)?;
    ws.set_column_width(3, 14)?;
    ws.set_column_width(4, 28)?;
    ws.set_print_fit_to_pages(1, 0);
    footer(ws, data);
    text(ws, 0, 0, &e.client, &f.title)?;
    // Not wrapped, so that the name runs on over the empty cells beside it.
    text(ws, 1, 0, &e.name, &Format::new().set_bold())?;

    let frameworks: Vec<String> = data
        .framework_versions()
        .iter()
        .map(|(fw, v)| format!("{} ({v})", fw.label()))
        .collect();
    let fields: [(&str, String); 7] = [
        ("Scope", e.scope.clone()),
        ("Frameworks", frameworks.join("\n")),
        ("Audit window", data.audit_window().unwrap_or_default()),
        ("Document version", e.document_version.clone()),
        (
            "Engagement file",
            format!("{} (sha256 {})", data.file_name, data.file_hash),
        ),
        ("Review cadence", "Not recorded in the engagement".into()),
        ("Data as of", data.data_as_of.clone().unwrap_or_default()),
    ];
    let mut row = 3;
    for (label, value) in fields {
        ws.write_string_with_format(row, 0, label, &f.bold)?;
        ws.merge_range(row, 1, row, 4, "", &f.wrap)?;
        text(ws, row, 1, &value, &f.wrap)?;
        row += 1;
    }
    ws.write_string_with_format(row, 0, "Generated at (UTC)", &f.bold)?;
    ws.write_datetime_with_format(row, 1, &excel_datetime(data.generated_at)?, &f.datetime)?;
    ws.set_row_height(3, 15.0 * (1 + e.scope.len() / 120) as f64)?;
    ws.set_row_height(4, 15.0 * frameworks.len().max(1) as f64)?;

    row += 2;
    ws.write_string_with_format(row, 0, "Sign-off", &f.title)?;
    row += 1;
    for (col, h) in (0u16..).zip(["Step", "Name", "Role", "Date", "Signature"]) {
        ws.write_string_with_format(row, col, h, &f.header)?;
    }
    let mut people: Vec<(&str, String, String)> = Vec::new();
    match &e.preparer {
        Some(p) => people.push(("Prepared by", p.name.clone(), p.role.clone())),
        None => people.push(("Prepared by", String::new(), String::new())),
    }
    if e.reviewers.is_empty() {
        people.push(("Reviewed by", String::new(), String::new()));
    }
    for r in &e.reviewers {
        people.push(("Reviewed by", r.name.clone(), r.role.clone()));
    }
    people.push(("Approved by", String::new(), String::new()));
    for (step, name, role) in people {
        row += 1;
        ws.write_string_with_format(row, 0, step, &f.bold)?;
        text(ws, row, 1, &name, &f.wrap)?;
        text(ws, row, 2, &role, &f.wrap)?;
        ws.write_string_with_format(row, 3, "", &f.date)?;
        ws.write_string_with_format(row, 4, "", &f.wrap)?;
        ws.set_row_height(row, 30.0)?;
    }
    Ok(())
}

fn legend(ws: &mut Worksheet, data: &ExportData, f: &Formats) -> Result<()> {
    let columns = [
        ("Ownership", 16.0),
        ("Meaning", 40.0),
        ("FedRAMP CRM: Can Be Inherited from CSP", 22.0),
        ("CSA CAIQ SSRM", 20.0),
        ("PCI DSS 12.8.5", 20.0),
        ("SOC 2", 30.0),
        ("HIPAA", 30.0),
    ];
    let mut t = table(ws, "Legend", &columns, Ownership::ALL.len(), data, f)?;
    for (row, o) in (1u32..).zip(Ownership::ALL) {
        let n = native_terms(o);
        t.ws.write_string_with_format(row, 0, o.label(), &f.bold)?;
        for (col, value) in (1u16..).zip([n.meaning, n.fedramp, n.caiq, n.pci, n.soc2, n.hipaa]) {
            t.text(row, col, value, &f.wrap)?;
        }
    }
    let last = Ownership::ALL.len() as u32;
    ownership_column(t.ws, 1, last, 0, 0)?;
    t.ws.write_string_with_format(
        last + 2,
        0,
        "Letters used on paper: C customer, S shared, I inherited, P provider, N/A not applicable, \
         ? undetermined.",
        &Format::new(),
    )?;
    t.finish()
}

/// The provider register: each provider's attestations with their periods, the services they
/// cover, BAA status and vendor reviews, and the provider matrices the control matrix cites.
fn providers(ws: &mut Worksheet, data: &ExportData, f: &Formats) -> Result<()> {
    let rows = register(data);
    let columns = [
        ("Provider", 16.0),
        ("Attestation", 36.0),
        ("Status", 10.0),
        ("Services covered", 28.0),
        ("Details (reports are referenced, never included)", 60.0),
        ("BAA status", 14.0),
        ("Last vendor review", 12.0),
        ("Next review", 12.0),
        ("Imported responsibility matrix", 30.0),
    ];
    let mut t = table(ws, "Providers", &columns, rows.len(), data, f)?;
    for (row, r) in (1u32..).zip(&rows) {
        t.text(row, 0, &r.provider, &f.wrap)?;
        t.text(row, 1, &r.attestation, &f.wrap)?;
        t.ws.write_string_with_format(row, 2, r.status.as_str(), &f.wrap)?;
        t.text(row, 3, &r.services, &f.wrap)?;
        t.text(row, 4, &r.details, &f.wrap)?;
        t.ws.write_string_with_format(row, 5, r.baa.as_str(), &f.wrap)?;
        if let Some(d) = r.last_review {
            date(t.ws, row, 6, d, f)?;
        }
        if let Some(d) = r.next_review {
            date(t.ws, row, 7, d, f)?;
        }
        t.text(row, 8, &r.matrices, &f.wrap)?;
    }
    t.finish()
}

fn services(ws: &mut Worksheet, data: &ExportData, f: &Formats) -> Result<()> {
    let mut columns: Vec<(&str, f64)> = vec![
        ("Service", 24.0),
        ("Provider", 12.0),
        ("Model", 18.0),
        ("Sensitivity", 10.0),
        ("Data types", 18.0),
        ("Frameworks", 16.0),
    ];
    columns.extend(Layer::ALL.iter().map(|l| (l.label(), 13.0)));
    columns.push(("Overrides and reasons", 60.0));
    let services = &data.view.services;
    let mut t = table(ws, "Services", &columns, services.len(), data, f)?;
    t.ws.set_row_height(0, 45.0)?;
    for (row, s) in (1u32..).zip(services) {
        let data_types: Vec<&str> = s.data_types.iter().map(|d| d.label()).collect();
        let frameworks: Vec<&str> = s.frameworks.iter().map(|fw| fw.label()).collect();
        t.text(row, 0, &s.name, &f.wrap)?;
        t.text(row, 1, &s.provider, &f.wrap)?;
        t.ws.write_string_with_format(row, 2, s.model.label(), &f.wrap)?;
        t.ws.write_string_with_format(row, 3, s.sensitivity.id(), &f.wrap)?;
        t.ws.write_string_with_format(row, 4, data_types.join(", "), &f.wrap)?;
        t.ws.write_string_with_format(row, 5, frameworks.join(", "), &f.wrap)?;
        let mut overrides = Vec::new();
        for (col, l) in (6u16..).zip(&s.layers) {
            let mut owner = f.wrap.clone();
            if l.overridden() {
                owner = owner.set_bold();
            }
            t.ws.write_string_with_format(row, col, l.owner.label(), &owner)?;
            if let Some(reason) = &l.reason {
                overrides.push(format!(
                    "{}: {} (default {}). {reason}",
                    l.layer.label(),
                    l.owner.label(),
                    l.default_owner.label()
                ));
            }
        }
        t.text(
            row,
            6 + Layer::ALL.len() as u16,
            &overrides.join("\n"),
            &f.wrap,
        )?;
    }
    ownership_column(
        t.ws,
        1,
        services.len() as u32,
        6,
        5 + Layer::ALL.len() as u16,
    )?;
    t.finish()
}

pub(crate) fn source_label(source: OwnerSource) -> &'static str {
    match source {
        OwnerSource::Override => "Decision (override)",
        OwnerSource::ProviderMatrix => "Provider matrix",
        OwnerSource::LayerDefault => "Layer default",
        OwnerSource::VendorReport => "Vendor's SOC 2 report (CUEC)",
    }
}

/// Where the provider's label was read: file, sheet and row.
pub(crate) fn provider_document(r: &MatrixRow) -> String {
    r.provider_source
        .as_ref()
        .map(|p| {
            format!(
                "{} v{}, sheet {}, row {}, {}",
                p.file, p.version, p.sheet, p.row, p.control_id
            )
        })
        .unwrap_or_default()
}

/// The attestation a row leans on, by its short name.
pub(crate) fn attestation(r: &MatrixRow) -> String {
    r.attestation
        .as_ref()
        .map(|a| a.label.clone())
        .unwrap_or_default()
}

pub(crate) fn evidence_text(r: &MatrixRow) -> String {
    r.evidence
        .iter()
        .map(|e| {
            let mut line = format!("{}: {}", e.title, e.location);
            if let Some(d) = e.date {
                line += &format!(" ({d})");
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub(crate) fn layers_text(r: &MatrixRow) -> String {
    r.layers
        .iter()
        .map(|l| l.label())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why the row has its owner: the override's reason, the N/A justification, or the
/// explanation of the default.
pub(crate) fn rationale(r: &MatrixRow) -> String {
    r.reason
        .clone()
        .or_else(|| r.na_justification.clone())
        .unwrap_or_else(|| r.explanation.clone())
}

fn matrix(ws: &mut Worksheet, data: &ExportData, f: &Formats) -> Result<()> {
    let columns = [
        ("Service", 22.0),
        ("Layers", 24.0),
        ("Framework", 10.0),
        ("Control ID", 14.0),
        ("Title", 32.0),
        ("Ownership", 14.0),
        ("Provider's original label", 16.0),
        ("Owner source", 14.0),
        ("Provider document (file, sheet, row)", 28.0),
        ("Covering attestation", 30.0),
        ("Rationale", 40.0),
        ("Customer's part", 36.0),
        ("Evidence", 32.0),
        ("Owner", 16.0),
        ("Last reviewed", 12.0),
        ("Reviewed by", 16.0),
    ];
    let rows = &data.rows;
    let mut t = table(ws, "Matrix", &columns, rows.len(), data, f)?;
    for (row, r) in (1u32..).zip(rows) {
        t.text(row, 0, &r.service, &f.wrap)?;
        t.ws.write_string_with_format(row, 1, layers_text(r), &f.wrap)?;
        t.ws.write_string_with_format(row, 2, r.framework.label(), &f.wrap)?;
        t.text(row, 3, &r.control_id, &f.wrap)?;
        t.text(row, 4, &r.title, &f.wrap)?;
        t.ws.write_string_with_format(row, 5, r.owner.label(), &f.wrap)?;
        t.text(row, 6, r.provider_label.as_deref().unwrap_or(""), &f.wrap)?;
        t.ws.write_string_with_format(row, 7, source_label(r.source), &f.wrap)?;
        t.text(row, 8, &provider_document(r), &f.wrap)?;
        t.text(row, 9, &attestation(r), &f.wrap)?;
        t.text(row, 10, &rationale(r), &f.wrap)?;
        let part = r.customer_part.as_deref().unwrap_or("");
        t.text(row, 11, part, &f.wrap)?;
        t.text(row, 12, &evidence_text(r), &f.wrap)?;
        t.text(row, 13, r.row_owner.as_deref().unwrap_or(""), &f.wrap)?;
        if let Some(review) = &r.last_reviewed {
            date(t.ws, row, 14, review.on, f)?;
            t.text(row, 15, &review.by, &f.wrap)?;
        }
    }
    ownership_column(t.ws, 1, rows.len() as u32, 5, 5)?;
    t.finish()
}

fn gaps(ws: &mut Worksheet, data: &ExportData, f: &Formats) -> Result<()> {
    let columns = [
        ("Severity", 9.0),
        ("Kind", 22.0),
        ("Service", 22.0),
        ("Provider", 14.0),
        ("Framework", 10.0),
        ("Control", 14.0),
        ("What is missing", 50.0),
        ("Why it matters", 40.0),
        ("What to do", 40.0),
    ];
    let gaps = &data.gaps.gaps;
    let mut t = table(ws, "Gaps", &columns, gaps.len(), data, f)?;
    for (row, g) in (1u32..).zip(gaps) {
        t.ws.write_string_with_format(row, 0, g.severity.id(), &f.wrap)?;
        t.ws.write_string_with_format(row, 1, g.kind.id(), &f.wrap)?;
        t.text(row, 2, g.service.as_deref().unwrap_or(""), &f.wrap)?;
        t.text(row, 3, g.provider.as_deref().unwrap_or(""), &f.wrap)?;
        let framework = g.framework.map(|fw| fw.label()).unwrap_or("");
        t.ws.write_string_with_format(row, 4, framework, &f.wrap)?;
        t.text(row, 5, g.control.as_deref().unwrap_or(""), &f.wrap)?;
        t.text(row, 6, &g.message, &f.wrap)?;
        t.text(row, 7, &g.why, &f.wrap)?;
        t.text(row, 8, &g.fix, &f.wrap)?;
    }
    t.finish()
}

fn decision_log(ws: &mut Worksheet, data: &ExportData, f: &Formats) -> Result<()> {
    let columns = [
        ("#", 6.0),
        ("At (UTC)", 17.0),
        ("Who", 24.0),
        ("Subject", 40.0),
        ("Old value", 16.0),
        ("New value", 16.0),
        ("Reason", 60.0),
    ];
    let log = &data.decisions;
    let mut t = table(ws, "Decision log", &columns, log.len(), data, f)?;
    for (row, d) in (1u32..).zip(log) {
        t.ws.write_number_with_format(row, 0, d.id as f64, &f.wrap)?;
        match DateTime::parse_from_rfc3339(&d.at) {
            Ok(at) => {
                let at = excel_datetime(at.naive_utc())?;
                t.ws.write_datetime_with_format(row, 1, &at, &f.datetime)?;
            }
            Err(_) => t.text(row, 1, &d.at, &f.wrap)?,
        }
        t.text(row, 2, &d.who, &f.wrap)?;
        t.text(row, 3, &d.subject, &f.wrap)?;
        t.text(row, 4, d.old_value.as_deref().unwrap_or(""), &f.wrap)?;
        t.text(row, 5, d.new_value.as_deref().unwrap_or(""), &f.wrap)?;
        t.text(row, 6, d.reason.as_deref().unwrap_or(""), &f.wrap)?;
    }
    t.finish()
}
