//! The auditor's workbook: cover, legend, providers, services, the control matrix, the
//! decision log and the change log. Every sheet says at the top, and in its printed header,
//! whether it is a draft or which version was approved by whom.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Timelike};
use demarc_core::plan::{item_of_each, PlanLevel};
use demarc_core::{Gap, GapLink, Layer, Ownership, ENTITY_LABEL};
use rust_xlsxwriter::{
    ConditionalFormatCell, ConditionalFormatCellRule, DataValidation, DocProperties, ExcelDateTime,
    Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};

use crate::change_log::{version_of_entries, versions};
use crate::cover::{facts, sign_off, workbook_manifest};
use crate::legend::{colour, ink, native_terms};
use crate::register::register;
use crate::rows::{
    customer_part, decided_by_crosswalk, evidence_text, layers_text, owner_text, provider_document,
    rationale, source_label, trail,
};
use crate::{neutralize, print, ExportData, Result, CUT_NOTE};

/// The workbook as bytes, written alone.
pub fn write_workbook(data: &ExportData) -> Result<Vec<u8>> {
    workbook(data, &workbook_manifest(&[], &[]))
}

/// The workbook whose cover lists `manifest` (`cover::workbook_manifest`), the other files of
/// its export.
pub(crate) fn workbook(data: &ExportData, manifest: &[String]) -> Result<Vec<u8>> {
    let mut book = new_workbook(data, "Shared responsibility matrix")?;
    let f = Formats::new();
    cover(book.add_worksheet(), data, &f, manifest)?;
    legend(book.add_worksheet(), data, &f)?;
    providers(book.add_worksheet(), data, &f)?;
    services(book.add_worksheet(), data, &f)?;
    matrix(book.add_worksheet(), data, &f)?;
    crosswalks(book.add_worksheet(), data, &f)?;
    gaps(book.add_worksheet(), data, &f)?;
    decision_log(book.add_worksheet(), data, &f)?;
    change_log(book.add_worksheet(), data, &f)?;
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
    // Excel's own level: about a third less time compressing than the default 6, for a file
    // about a tenth larger.
    book.set_zip_compression_level(3);
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
    pub banner: Format,
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
            banner: Format::new().set_bold().set_font_size(12),
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

/// Every table sheet says at the top whether it is a draft or which version was approved
/// (row 0, see `banner`), then its header row; the data follow.
pub(crate) const HEADER_ROW: u32 = 1;
pub(crate) const FIRST_ROW: u32 = 2;

/// The last data row of a table of `rows` rows (`HEADER_ROW` when there are none).
pub(crate) fn last_row(rows: usize) -> u32 {
    HEADER_ROW + rows as u32
}

/// Excel's limit on the characters of one cell.
const CELL_LIMIT: usize = 32_767;

/// Writes client text as a string, never a formula, neutralized (see `neutralize`) and cut to
/// what a cell holds.
pub(crate) fn text(ws: &mut Worksheet, row: u32, col: u16, s: &str, f: &Format) -> Result<()> {
    put_text(ws, row, col, s, Some(f))
}

/// `text` with the format left to the caller when `f` is `None` (see `Table::format_rows`).
fn put_text(ws: &mut Worksheet, row: u32, col: u16, s: &str, f: Option<&Format>) -> Result<()> {
    let safe = neutralize(s);
    // A UTF-8 byte never stands for more than one UTF-16 unit, so short text needs no count.
    let cut = if safe.len() <= CELL_LIMIT || safe.encode_utf16().count() <= CELL_LIMIT {
        safe
    } else {
        let mut cut: String = safe.chars().take(CELL_LIMIT / 2 - 40).collect();
        cut.push(' ');
        cut.push_str(CUT_NOTE);
        cut.into()
    };
    match f {
        Some(f) => ws.write_string_with_format(row, col, cut.as_ref(), f)?,
        None => ws.write_string(row, col, cut.as_ref())?,
    };
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
    table_at(ws, name, columns, HEADER_ROW, data_rows, data, f)
}

/// `table` with its header on `header_row`, the rows above it free for a title block.
pub(crate) fn table_at<'a>(
    ws: &'a mut Worksheet,
    name: &str,
    columns: &[(&str, f64)],
    header_row: u32,
    data_rows: usize,
    data: &ExportData,
    f: &Formats,
) -> Result<Table<'a>> {
    ws.set_name(name)?;
    banner(ws, 0, data, f)?;
    // Each column wide enough for the longest word of its header: a label never wraps inside
    // a word.
    let columns: Vec<(&str, f64)> = columns
        .iter()
        .map(|&(header, width)| (header, width.max(crate::label::least_width(header))))
        .collect();
    let columns = columns.as_slice();
    for (col, (header, width)) in (0u16..).zip(columns) {
        ws.write_string_with_format(header_row, col, *header, &f.header)?;
        ws.set_column_width(col, *width)?;
    }
    ws.set_freeze_panes(header_row + 1, 0)?;
    let last_col = columns.len().saturating_sub(1) as u16;
    ws.autofilter(header_row, 0, header_row + data_rows as u32, last_col)?;
    // The header row as tall as its longest title.
    let lines = columns
        .iter()
        .map(|(header, width)| wrapped_lines(header, *width))
        .max()
        .unwrap_or(1);
    if lines > 1 {
        ws.set_row_height(header_row, 15.0 * lines as f64)?;
    }
    let widths: Vec<f64> = columns.iter().map(|c| c.1).collect();
    print::set_up(ws, &widths, header_row, 1)?;
    header_and_footer(ws, data);
    Ok(Table {
        ws,
        widths,
        lines: Vec::new(),
        header_row,
    })
}

/// A table sheet being written. It counts the lines each row's wrapped text takes and sets the
/// row's height to match, since spreadsheets do not grow rows when they open a file.
pub(crate) struct Table<'a> {
    pub ws: &'a mut Worksheet,
    widths: Vec<f64>,
    lines: Vec<usize>,
    header_row: u32,
}

impl Table<'_> {
    /// Prints the first `repeat` columns on every page across (the first one by default).
    pub fn repeat_columns(&mut self, repeat: usize) -> Result<()> {
        print::set_up(self.ws, &self.widths, self.header_row, repeat)
    }

    /// Writes client text (see `text`) and remembers its height.
    pub fn text(&mut self, row: u32, col: u16, s: &str, f: &Format) -> Result<()> {
        self.put(row, col, s, Some(f))
    }

    /// Writes client text (see `text`) in a column that `format_rows` formats afterwards.
    pub fn plain(&mut self, row: u32, col: u16, s: &str) -> Result<()> {
        self.put(row, col, s, None)
    }

    /// Writes one of Demarc's own labels (no client text) in a column that `format_rows`
    /// formats afterwards.
    pub fn label(&mut self, row: u32, col: u16, s: &str) -> Result<()> {
        self.ws.write_string(row, col, s)?;
        self.count_lines(row, col, s);
        Ok(())
    }

    /// Gives the cells of `rows` data rows in columns `first..=last` the format `f`, the empty
    /// ones included. One format lookup for the range instead of one for each cell, which
    /// counts on sheets of tens of thousands of rows.
    pub fn format_rows(&mut self, rows: usize, first: u16, last: u16, f: &Format) -> Result<()> {
        if rows > 0 {
            let top = self.header_row + 1;
            self.ws
                .set_range_format(top, first, top + rows as u32 - 1, last, f)?;
        }
        Ok(())
    }

    fn put(&mut self, row: u32, col: u16, s: &str, f: Option<&Format>) -> Result<()> {
        put_text(self.ws, row, col, s, f)?;
        self.count_lines(row, col, s);
        Ok(())
    }

    /// Remembers the lines `s` takes, so that its row grows to show them.
    fn count_lines(&mut self, row: u32, col: u16, s: &str) {
        let width = self.widths.get(usize::from(col)).copied().unwrap_or(10.0);
        let row = row as usize;
        if self.lines.len() <= row {
            self.lines.resize(row + 1, 1);
        }
        self.lines[row] = self.lines[row].max(wrapped_lines(s, width));
    }

    pub fn finish(self) -> Result<()> {
        let first = self.header_row as usize + 1;
        for (row, &lines) in self.lines.iter().enumerate().skip(first) {
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
    // Characters never outnumber UTF-8 bytes: short text without a break is one line.
    if s.len() <= per_line && !s.contains('\n') {
        return 1;
    }
    s.split('\n')
        .map(|p| p.chars().count().div_ceil(per_line).max(1))
        .sum()
}

/// The printed header (draft or approved, in bold) and footer (provenance, page X of Y).
fn header_and_footer(ws: &mut Worksheet, data: &ExportData) {
    // `&` starts a control code in Excel's header and footer language, which allows 255
    // characters: a long status is cut rather than left out.
    let status: String = data
        .status_line()
        .replace('&', "&&")
        .chars()
        .take(200)
        .collect();
    ws.set_header(format!("&L&B{status}"));
    // The engagement's paper (Excel's codes: 1 Letter, 9 A4), as the PDF pack takes it.
    ws.set_paper_size(
        match crate::Paper::for_locale(&data.view.engagement.locale) {
            crate::Paper::Letter => 1,
            crate::Paper::A4 => 9,
        },
    );
    let line = data.provenance().replace('&', "&&");
    ws.set_footer(format!("&L{line}&RPage &P of &N"));
}

/// The sign-off line in a cell at the top of a sheet, in bold: `Draft version 0.2: ...` or
/// `Version 0.3 approved by NAME (ROLE) on DATE`. Not wrapped, so that it runs on over the
/// empty cells beside it.
pub(crate) fn banner(ws: &mut Worksheet, row: u32, data: &ExportData, f: &Formats) -> Result<()> {
    text(ws, row, 0, &data.status_line(), &f.banner)
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

fn cover(ws: &mut Worksheet, data: &ExportData, f: &Formats, manifest: &[String]) -> Result<()> {
    let e = &data.view.engagement;
    ws.set_name("Cover")?;
    ws.set_column_width(0, 24)?;
    ws.set_column_width(1, 36)?;
    ws.set_column_width(2, 28)?;
    ws.set_column_width(3, 14)?;
    ws.set_column_width(4, 28)?;
    // Portrait, one page wide: about 79 % on Letter, the text at 8.7 pt.
    ws.set_margins(0.4, 0.4, 0.75, 0.75, 0.3, 0.3);
    ws.set_print_fit_to_pages(1, 0);
    header_and_footer(ws, data);
    text(ws, 0, 0, &e.client, &f.title)?;
    // Not wrapped, so that the name runs on over the empty cells beside it.
    text(ws, 1, 0, &e.name, &Format::new().set_bold())?;
    banner(ws, 2, data, f)?;

    let facts = facts(data);
    let mut row = 3;
    for (label, value) in facts.about.iter().chain(&facts.provenance) {
        ws.write_string_with_format(row, 0, *label, &f.bold)?;
        ws.merge_range(row, 1, row, 4, "", &f.wrap)?;
        text(ws, row, 1, value, &f.wrap)?;
        row += 1;
    }
    ws.write_string_with_format(row, 0, "Generated at (UTC)", &f.bold)?;
    ws.write_datetime_with_format(row, 1, &excel_datetime(data.generated_at)?, &f.datetime)?;
    row += 1;
    ws.write_string_with_format(row, 0, "Output manifest", &f.bold)?;
    // One line a file, not wrapped, so each reads as sha256sum prints it.
    for line in manifest {
        text(ws, row, 1, line, &Format::new())?;
        row += 1;
    }
    // The scope and the frameworks' rows, as tall as their text.
    ws.set_row_height(3, 15.0 * (1 + e.scope.len() / 120) as f64)?;
    ws.set_row_height(4, 15.0 * e.frameworks.len().max(1) as f64)?;

    row += 1;
    ws.write_string_with_format(row, 0, "Sign-off", &f.title)?;
    row += 1;
    for (col, h) in (0u16..).zip(["Step", "Name", "Role", "Date", "Signature"]) {
        ws.write_string_with_format(row, col, h, &f.header)?;
    }
    for signer in sign_off(data) {
        row += 1;
        ws.write_string_with_format(row, 0, signer.step, &f.bold)?;
        text(ws, row, 1, signer.name, &f.wrap)?;
        text(ws, row, 2, signer.role, &f.wrap)?;
        ws.write_string_with_format(row, 3, signer.date.as_str(), &f.date)?;
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
    for (row, o) in (FIRST_ROW..).zip(Ownership::ALL) {
        let n = native_terms(o);
        t.ws.write_string_with_format(row, 0, o.label(), &f.bold)?;
        for (col, value) in (1u16..).zip([n.meaning, n.fedramp, n.caiq, n.pci, n.soc2, n.hipaa]) {
            t.text(row, col, value, &f.wrap)?;
        }
    }
    let last = last_row(Ownership::ALL.len());
    ownership_column(t.ws, FIRST_ROW, last, 0, 0)?;
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
        ("Vendor next review", 12.0),
        ("Vendor review due", 18.0),
        ("Imported responsibility matrix", 30.0),
        (
            "Expected of the provider by the client's report (CSOCs)",
            50.0,
        ),
    ];
    let mut t = table(ws, "Providers", &columns, rows.len(), data, f)?;
    for (row, r) in (FIRST_ROW..).zip(&rows) {
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
        let state = if r.review_overdue {
            f.bold.clone().set_font_color(0xC00000)
        } else {
            f.wrap.clone()
        };
        t.ws.write_string_with_format(row, 8, r.review_due_text().as_str(), &state)?;
        t.text(row, 9, &r.matrices, &f.wrap)?;
        t.text(row, 10, &r.csocs, &f.wrap)?;
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
    t.ws.set_row_height(HEADER_ROW, 45.0)?;
    for (row, s) in (FIRST_ROW..).zip(services) {
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
            // `bold` is `wrap` in bold.
            let owner = if l.overridden() { &f.bold } else { &f.wrap };
            t.ws.write_string_with_format(row, col, l.owner.label(), owner)?;
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
        FIRST_ROW,
        last_row(services.len()),
        6,
        5 + Layer::ALL.len() as u16,
    )?;
    t.finish()
}

fn matrix(ws: &mut Worksheet, data: &ExportData, f: &Formats) -> Result<()> {
    // The first page across: which control, who owns it and on what ground, what the customer
    // does; the second: where it came from and how it is evidenced. The first three columns
    // print on both.
    let columns = [
        ("Service", 17.5),
        ("Framework", 10.5),
        ("Control ID", 11.0),
        ("Title", 30.0),
        ("Ownership", 13.0),
        ("Owner source", 13.0),
        ("Provider's original label", 14.0),
        ("Covering attestation", 26.0),
        ("Customer's part", 34.0),
        ("Layers", 12.0),
        ("Provider document (file, sheet, row)", 18.0),
        ("Crosswalk trail", 22.0),
        ("Rationale", 26.0),
        ("Evidence", 20.0),
        ("Owner", 12.0),
        ("Last reviewed", 10.0),
        ("Reviewed by", 10.0),
    ];
    let rows = &data.rows;
    let mut t = table(ws, "Matrix", &columns, rows.len(), data, f)?;
    t.repeat_columns(3)?;
    // Columns 0 to 14 are written on every row and wrapped as one range after.
    for (row, r) in (FIRST_ROW..).zip(rows) {
        match &r.service {
            Some(service) => t.plain(row, 0, service)?,
            None => t.label(row, 0, ENTITY_LABEL)?,
        }
        t.label(row, 1, r.framework.label())?;
        t.plain(row, 2, &r.control_id)?;
        t.plain(row, 3, &r.title)?;
        t.label(row, 4, owner_text(r))?;
        t.label(row, 5, source_label(r.source))?;
        t.plain(row, 6, r.provider_label.as_deref().unwrap_or(""))?;
        t.plain(row, 7, &crate::rows::attestation(r))?;
        t.plain(row, 8, customer_part(r).as_deref().unwrap_or(""))?;
        t.label(row, 9, &layers_text(r))?;
        t.plain(row, 10, &provider_document(r))?;
        t.plain(row, 11, trail(r).as_deref().unwrap_or(""))?;
        t.plain(row, 12, rationale(r))?;
        t.plain(row, 13, &evidence_text(r))?;
        t.plain(row, 14, r.row_owner.as_deref().unwrap_or(""))?;
        if let Some(review) = &r.last_reviewed {
            date(t.ws, row, 15, review.on, f)?;
            t.text(row, 16, &review.by, &f.wrap)?;
        }
    }
    t.format_rows(rows.len(), 0, 14, &f.wrap)?;
    ownership_column(t.ws, FIRST_ROW, last_row(rows.len()), 4, 4)?;
    t.finish()
}

/// Every crosswalk the engagement can use: its frameworks, whose mapping, licence, version,
/// file and sha256, pairs, and how many rows of the matrix it decided.
fn crosswalks(ws: &mut Worksheet, data: &ExportData, f: &Formats) -> Result<()> {
    let columns = [
        ("Crosswalk", 36.0),
        ("From", 22.0),
        ("To", 22.0),
        ("Kind", 10.0),
        ("Whose mapping", 24.0),
        ("Licence", 36.0),
        ("Version", 14.0),
        ("File", 30.0),
        ("SHA-256", 30.0),
        ("Pairs", 8.0),
        ("Rows it decided", 15.0),
        ("Bundled or imported", 20.0),
    ];
    let decided = decided_by_crosswalk(&data.rows);
    let list = &data.crosswalks;
    let mut t = table(ws, "Crosswalks", &columns, list.len(), data, f)?;
    for (row, c) in (FIRST_ROW..).zip(list) {
        let o = &c.origin;
        t.plain(row, 0, &c.name)?;
        t.plain(row, 1, &c.source_label)?;
        t.plain(row, 2, &c.target_label)?;
        t.label(row, 3, c.kind.id())?;
        t.plain(row, 4, &o.publisher)?;
        t.plain(row, 5, &o.licence)?;
        t.plain(row, 6, o.version.as_deref().unwrap_or(""))?;
        t.plain(row, 7, &o.file)?;
        t.plain(row, 8, &o.sha256)?;
        t.ws.write_number(row, 9, c.pairs as f64)?;
        t.ws.write_number(row, 10, decided.get(&c.name).copied().unwrap_or(0) as f64)?;
        t.label(row, 11, if c.bundled { "bundled" } else { "imported" })?;
    }
    t.format_rows(list.len(), 0, 11, &f.wrap)?;
    t.finish()
}

/// What the service column of a gap with no service shows: `Entity` for an entity-level row.
fn gap_place(g: &Gap) -> &'static str {
    match g.link {
        GapLink::Row {
            service_id: None, ..
        } => ENTITY_LABEL,
        _ => "",
    }
}

fn gaps(ws: &mut Worksheet, data: &ExportData, f: &Formats) -> Result<()> {
    let columns = [
        ("Gap severity", 9.0),
        ("Kind", 22.0),
        ("Service", 22.0),
        ("Provider", 14.0),
        ("Framework", 10.0),
        ("Control", 14.0),
        ("What is missing", 50.0),
        ("Why it matters", 40.0),
        ("What to do", 40.0),
        ("Level", 11.0),
        ("Item", 40.0),
        // The item's severity weighs its gaps and its due date against today, as the
        // readiness report and the Gaps screen show it.
        ("Item severity", 9.0),
        ("Item due", 11.0),
    ];
    let gaps = &data.gaps.gaps;
    let accepted = &data.gaps.accepted;
    let plan = data.work_plan();
    let items = item_of_each(&plan, gaps);
    let all = gaps.len() + accepted.len();
    let mut t = table(ws, "Gaps", &columns, all, data, f)?;
    // Every column is written on every row and wrapped as one range after.
    for (row, g) in (FIRST_ROW..).zip(gaps) {
        t.label(row, 0, g.severity.id())?;
        t.label(row, 1, g.kind.id())?;
        match &g.service {
            Some(service) => t.plain(row, 2, service)?,
            None => t.label(row, 2, gap_place(g))?,
        }
        t.plain(row, 3, g.provider.as_deref().unwrap_or(""))?;
        t.label(row, 4, g.framework.map(|fw| fw.label()).unwrap_or(""))?;
        t.plain(row, 5, g.control.as_deref().unwrap_or(""))?;
        t.plain(row, 6, &g.message)?;
        t.plain(row, 7, &g.why)?;
        t.plain(row, 8, &g.fix)?;
        let found = items.get((row - FIRST_ROW) as usize).copied().flatten();
        let (level, item) = match found {
            Some(i) if i.level == PlanLevel::Management => ("management", i.title.as_str()),
            Some(i) => ("task", i.title.as_str()),
            None => ("", ""),
        };
        t.label(row, 9, level)?;
        t.plain(row, 10, item)?;
        t.label(row, 11, found.map_or("", |i| i.severity.id()))?;
        let due = found.and_then(|i| i.due).map(|d| d.to_string());
        t.label(row, 12, due.as_deref().unwrap_or(""))?;
    }
    // Accepted risks follow the open gaps: not open, listed with who accepted them until when.
    for (row, a) in (FIRST_ROW + gaps.len() as u32..).zip(accepted) {
        let g = &a.gap;
        t.label(row, 0, "accepted")?;
        t.label(row, 1, g.kind.id())?;
        match &g.service {
            Some(service) => t.plain(row, 2, service)?,
            None => t.label(row, 2, gap_place(g))?,
        }
        t.plain(row, 3, g.provider.as_deref().unwrap_or(""))?;
        t.label(row, 4, g.framework.map(|fw| fw.label()).unwrap_or(""))?;
        t.plain(row, 5, g.control.as_deref().unwrap_or(""))?;
        t.plain(row, 6, &g.message)?;
        t.plain(row, 7, &g.why)?;
        t.plain(row, 8, &a.acceptance.reason)?;
        t.label(row, 9, "accepted risk")?;
        t.plain(
            row,
            10,
            &format!(
                "Accepted by {} until {} ({})",
                a.acceptance.approver, a.acceptance.expires, a.acceptance.item_id
            ),
        )?;
    }
    t.format_rows(all, 0, 12, &f.wrap)?;
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
        ("Version", 9.0),
        ("Review", 40.0),
    ];
    let log = &data.decisions;
    let versions = version_of_entries(data);
    let mut t = table(ws, "Decision log", &columns, log.len(), data, f)?;
    for (row, d) in (FIRST_ROW..).zip(log) {
        t.ws.write_number_with_format(row, 0, d.id as f64, &f.wrap)?;
        match DateTime::parse_from_rfc3339(&d.at) {
            Ok(at) => {
                let at = excel_datetime(at.naive_utc())?;
                t.ws.write_datetime_with_format(row, 1, &at, &f.datetime)?;
            }
            Err(_) => t.text(row, 1, &d.at, &f.wrap)?,
        }
        t.plain(row, 2, &d.who)?;
        t.plain(row, 3, &d.subject)?;
        t.plain(row, 4, d.old_value.as_deref().unwrap_or(""))?;
        t.plain(row, 5, d.new_value.as_deref().unwrap_or(""))?;
        t.plain(row, 6, d.reason.as_deref().unwrap_or(""))?;
        t.plain(row, 7, versions.get(&d.id).map_or("", String::as_str))?;
        t.plain(row, 8, &d.review.words())?;
    }
    t.format_rows(log.len(), 2, 8, &f.wrap)?;
    t.finish()
}

/// One row per version: when it was started and by whom, its note, what was decided in it
/// and who approved it.
fn change_log(ws: &mut Worksheet, data: &ExportData, f: &Formats) -> Result<()> {
    let columns = [
        ("Version", 9.0),
        ("Started", 28.0),
        ("Note", 40.0),
        ("Changes", 60.0),
        ("Approved by", 36.0),
    ];
    let versions = versions(data);
    let mut t = table(ws, "Change log", &columns, versions.len(), data, f)?;
    for (row, v) in (FIRST_ROW..).zip(&versions) {
        t.plain(row, 0, &v.version)?;
        t.plain(row, 1, &v.started)?;
        t.plain(row, 2, &v.note)?;
        t.plain(row, 3, &v.changes)?;
        t.plain(row, 4, &v.approvals)?;
    }
    t.format_rows(versions.len(), 0, 4, &f.wrap)?;
    t.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_grow_for_labels_as_for_client_text() {
        let mut ws = Worksheet::new();
        let mut t = Table {
            ws: &mut ws,
            widths: vec![12.0, 12.0],
            lines: Vec::new(),
            header_row: HEADER_ROW,
        };
        t.label(1, 0, "Service configuration, Application, Operating system")
            .unwrap();
        t.plain(2, 1, "short").unwrap();
        t.plain(3, 1, "a customer's part that runs well past the column")
            .unwrap();
        assert!(t.lines[1] >= 3, "{:?}", t.lines);
        assert_eq!(t.lines[2], 1);
        assert!(t.lines[3] >= 3, "{:?}", t.lines);
    }
}
