//! The PDF pack: cover and sign-off, legend, provider register, one page per service with its
//! stack drawn as vector graphics, and the control matrix as tables.
//!
//! printpdf only places text and shapes; line breaking, tables, repeated header rows and
//! "page X of Y" are done here. Pages are laid out first and the footers added once the page
//! count is known.

use demarc_core::{MatrixRow, Ownership, Service};
use printpdf::{
    Color, DateTime, FontId, Line, LineDashPattern, LinePoint, Op, PaintMode, ParsedFont,
    PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem,
    TextMatrix,
};

use crate::legend::{colour, ink, letter, native_terms};
use crate::register::register;
use crate::rows::{
    attestation, evidence_text, layers_text, provider_document, rationale, source_label,
};
use crate::{ExportData, ExportError, Result};

const REGULAR: &[u8] = include_bytes!("../assets/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../assets/DejaVuSans-Bold.ttf");

const MARGIN: f32 = 40.0;
/// The footer sits below the bottom margin.
const FOOTER_Y: f32 = 22.0;
const BLACK: u32 = 0x000000;
const GREY: u32 = 0x595959;
const RULE: u32 = 0xBFBFBF;
const HEADER_FILL: u32 = 0xE6E6E6;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A4,
    Letter,
}

impl Paper {
    /// Portrait width and height in points.
    fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }

    pub fn from_id(id: &str) -> Option<Paper> {
        match id {
            "a4" => Some(Paper::A4),
            "letter" => Some(Paper::Letter),
            _ => None,
        }
    }
}

/// The PDF pack as bytes.
pub fn write_pdf(data: &ExportData, paper: Paper) -> Result<Vec<u8>> {
    let mut doc = PdfDocument::new(&format!(
        "{}: shared responsibility pack",
        data.view.engagement.client
    ));
    let fonts = Fonts::load(&mut doc)?;
    let mut w = Writer {
        fonts: &fonts,
        paper,
        pages: Vec::new(),
        current: 0,
        y: 0.0,
    };
    cover(&mut w, data);
    legend(&mut w);
    providers(&mut w, data);
    for s in &data.view.services {
        service_page(&mut w, data, s);
    }
    matrix(&mut w, &data.rows);
    gaps(&mut w, data);

    let pages = w.finish(data);
    // The dates come from `generated_at`, so the same data gives the same bytes.
    let at = DateTime::from_unix_timestamp(data.generated_at.and_utc().timestamp())
        .map_err(|e| ExportError::Pdf(e.to_string()))?;
    let info = &mut doc.metadata.info;
    info.creation_date = at;
    info.modification_date = at;
    info.metadata_date = at;
    info.author = data
        .view
        .engagement
        .preparer
        .as_ref()
        .map(|p| p.name.clone())
        .unwrap_or_default();
    info.subject = data.view.engagement.name.clone();
    info.creator = "Demarc".into();
    info.producer = "Demarc".into();
    let mut warnings = Vec::new();
    Ok(doc
        .with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut warnings))
}

/// An embedded font and the widths needed to break lines.
struct Face {
    id: FontId,
    parsed: ParsedFont,
    /// Advance of the first code points, in ems; others are looked up when met.
    widths: Vec<f32>,
    units_per_em: f32,
}

impl Face {
    fn load(doc: &mut PdfDocument, bytes: &[u8]) -> Result<Face> {
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut warnings)
            .ok_or_else(|| ExportError::Pdf("the embedded font cannot be read".into()))?;
        let id = doc.add_font(&parsed);
        let units_per_em = f32::from(parsed.pdf_font_metrics.units_per_em.max(1));
        let mut face = Face {
            id,
            parsed,
            widths: Vec::new(),
            units_per_em,
        };
        face.widths = (0u32..0x0530)
            .map(|c| char::from_u32(c).map_or(0.0, |c| face.lookup(c)))
            .collect();
        Ok(face)
    }

    fn lookup(&self, c: char) -> f32 {
        let gid = self.parsed.lookup_glyph_index(c as u32).unwrap_or(0);
        f32::from(self.parsed.get_horizontal_advance(gid)) / self.units_per_em
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        let ems: f32 = text
            .chars()
            .map(|c| match self.widths.get(c as usize) {
                Some(w) => *w,
                None => self.lookup(c),
            })
            .sum();
        ems * size
    }
}

struct Fonts {
    regular: Face,
    bold: Face,
}

impl Fonts {
    fn load(doc: &mut PdfDocument) -> Result<Fonts> {
        Ok(Fonts {
            regular: Face::load(doc, REGULAR)?,
            bold: Face::load(doc, BOLD)?,
        })
    }

    fn face(&self, bold: bool) -> &Face {
        if bold {
            &self.bold
        } else {
            &self.regular
        }
    }
}

/// A style of text: size, weight, colour.
#[derive(Clone, Copy)]
struct Style {
    size: f32,
    bold: bool,
    colour: u32,
}

const TITLE: Style = Style {
    size: 20.0,
    bold: true,
    colour: BLACK,
};
const HEADING: Style = Style {
    size: 13.0,
    bold: true,
    colour: BLACK,
};
const BODY: Style = Style {
    size: 10.0,
    bold: false,
    colour: BLACK,
};
const LABEL: Style = Style {
    size: 10.0,
    bold: true,
    colour: BLACK,
};
const LAYER: Style = Style {
    size: 9.0,
    bold: false,
    colour: BLACK,
};
const SMALL: Style = Style {
    size: 7.5,
    bold: false,
    colour: BLACK,
};
const SMALL_BOLD: Style = Style {
    size: 7.5,
    bold: true,
    colour: BLACK,
};
const FOOT: Style = Style {
    size: 7.0,
    bold: false,
    colour: GREY,
};

impl Style {
    fn line_height(self) -> f32 {
        self.size * 1.25
    }

    fn with_colour(self, colour: u32) -> Style {
        Style { colour, ..self }
    }
}

fn rgb(c: u32) -> Color {
    let part = |shift: u32| ((c >> shift) & 0xFF) as f32 / 255.0;
    Color::Rgb(Rgb {
        r: part(16),
        g: part(8),
        b: part(0),
        icc_profile: None,
    })
}

struct PageSpec {
    width: f32,
    height: f32,
    ops: Vec<Op>,
}

/// Lays out pages top to bottom; `y` is the baseline cursor on the current page.
struct Writer<'a> {
    fonts: &'a Fonts,
    paper: Paper,
    pages: Vec<PageSpec>,
    /// The page the drawing helpers draw on.
    current: usize,
    y: f32,
}

impl Writer<'_> {
    fn new_page(&mut self, landscape: bool) {
        let (w, h) = self.paper.size();
        let (width, height) = if landscape { (h, w) } else { (w, h) };
        self.pages.push(PageSpec {
            width,
            height,
            ops: Vec::new(),
        });
        self.current = self.pages.len() - 1;
        self.y = height - MARGIN;
    }

    fn page(&self) -> (f32, f32) {
        self.pages
            .get(self.current)
            .map_or(self.paper.size(), |p| (p.width, p.height))
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.new_page(false);
        }
        &mut self.pages[self.current].ops
    }

    /// The width available between the margins.
    fn body_width(&self) -> f32 {
        self.page().0 - 2.0 * MARGIN
    }

    fn room(&self) -> f32 {
        self.y - MARGIN
    }

    fn text(&mut self, x: f32, y: f32, style: Style, s: &str) {
        if s.is_empty() {
            return;
        }
        let font = self.fonts.face(style.bold).id.clone();
        self.ops().extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(font),
                size: Pt(style.size),
            },
            Op::SetFillColor {
                col: rgb(style.colour),
            },
            Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(x), Pt(y)),
            },
            Op::ShowText {
                items: vec![TextItem::Text(s.to_string())],
            },
            Op::EndTextSection,
        ]);
    }

    fn text_width(&self, style: Style, s: &str) -> f32 {
        self.fonts.face(style.bold).width(s, style.size)
    }

    /// A rectangle from its lower-left corner, filled and/or outlined.
    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Option<u32>, stroke: Option<u32>) {
        let mode = match (fill, stroke) {
            (Some(_), Some(_)) => PaintMode::FillStroke,
            (Some(_), None) => PaintMode::Fill,
            (None, Some(_)) => PaintMode::Stroke,
            (None, None) => return,
        };
        let ops = self.ops();
        if let Some(f) = fill {
            ops.push(Op::SetFillColor { col: rgb(f) });
        }
        if let Some(s) = stroke {
            ops.push(Op::SetOutlineColor { col: rgb(s) });
            ops.push(Op::SetOutlineThickness { pt: Pt(0.6) });
        }
        ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(y),
                width: Pt(w),
                height: Pt(h),
                mode: Some(mode),
                winding_order: None,
            },
        });
    }

    /// The swatch of an ownership value: its colour, or white with a dashed outline for
    /// undetermined, always with a thin outline so it shows on white paper.
    fn swatch(&mut self, x: f32, y: f32, w: f32, h: f32, o: Ownership) {
        if o == Ownership::Undetermined {
            self.ops().extend([
                Op::SaveGraphicsState,
                Op::SetLineDashPattern {
                    dash: LineDashPattern::new(0.0, &[2.0, 1.5]),
                },
            ]);
            self.rect(x, y, w, h, Some(colour(o)), Some(BLACK));
            self.ops().push(Op::RestoreGraphicsState);
        } else {
            self.rect(x, y, w, h, Some(colour(o)), Some(GREY));
        }
    }

    fn hline(&mut self, x1: f32, x2: f32, y: f32, colour: u32) {
        let point = |x: f32| LinePoint {
            p: Point { x: Pt(x), y: Pt(y) },
            bezier: false,
        };
        self.ops().extend([
            Op::SetOutlineColor { col: rgb(colour) },
            Op::SetOutlineThickness { pt: Pt(0.5) },
            Op::DrawLine {
                line: Line {
                    points: vec![point(x1), point(x2)],
                    is_closed: false,
                },
            },
        ]);
    }

    /// Breaks `s` into lines no wider than `width`; words wider than a line are cut.
    fn wrap(&self, s: &str, style: Style, width: f32) -> Vec<String> {
        let face = self.fonts.face(style.bold);
        let space = face.width(" ", style.size);
        let mut lines = Vec::new();
        for paragraph in s.split('\n') {
            let mut line = String::new();
            let mut line_width = 0.0;
            for word in paragraph.split_whitespace() {
                let mut word_width = face.width(word, style.size);
                let gap = if line.is_empty() { 0.0 } else { space };
                if line_width + gap + word_width <= width {
                    if !line.is_empty() {
                        line.push(' ');
                    }
                    line.push_str(word);
                    line_width += gap + word_width;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                let mut rest = word;
                while word_width > width {
                    let cut = fit(face, rest, style.size, width);
                    lines.push(rest[..cut].to_string());
                    rest = &rest[cut..];
                    word_width = face.width(rest, style.size);
                }
                line = rest.to_string();
                line_width = word_width;
            }
            lines.push(line);
        }
        while lines.len() > 1 && lines.last().is_some_and(|l| l.is_empty()) {
            lines.pop();
        }
        lines
    }

    /// Writes a wrapped paragraph at the cursor, starting a page when it runs out of room.
    fn paragraph(&mut self, x: f32, width: f32, style: Style, s: &str) {
        for line in self.wrap(s, style, width) {
            if self.room() < style.line_height() {
                let landscape = self.page().0 > self.page().1;
                self.new_page(landscape);
            }
            self.y -= style.size;
            self.text(x, self.y, style, &line);
            self.y -= style.line_height() - style.size;
        }
    }

    fn heading(&mut self, s: &str) {
        self.y -= HEADING.size;
        self.text(MARGIN, self.y, HEADING, s);
        self.y -= 10.0;
    }

    /// Adds the provenance footer and "page X of Y" to every page.
    fn finish(mut self, data: &ExportData) -> Vec<PdfPage> {
        let total = self.pages.len();
        let line = data.provenance();
        let mut out = Vec::with_capacity(total);
        for i in 0..total {
            let (width, height) = (self.pages[i].width, self.pages[i].height);
            self.current = i;
            let number = format!("Page {} of {total}", i + 1);
            let number_x = width - MARGIN - self.text_width(FOOT, &number);
            self.hline(MARGIN, width - MARGIN, FOOTER_Y + 10.0, RULE);
            self.text(MARGIN, FOOTER_Y, FOOT, &line);
            self.text(number_x, FOOTER_Y, FOOT, &number);
            let ops = std::mem::take(&mut self.pages[i].ops);
            out.push(PdfPage {
                media_box: Rect::from_wh(Pt(width), Pt(height)),
                trim_box: Rect::from_wh(Pt(width), Pt(height)),
                crop_box: Rect::from_wh(Pt(width), Pt(height)),
                ops,
            });
        }
        out
    }
}

/// How many bytes of `s` fit in `width`, at least one character.
fn fit(face: &Face, s: &str, size: f32, width: f32) -> usize {
    let mut used = 0.0;
    for (i, c) in s.char_indices() {
        let w = face.width(c.encode_utf8(&mut [0; 4]), size);
        if used + w > width && i > 0 {
            return i;
        }
        used += w;
    }
    s.len()
}

/// A table cell: text, optionally shown as an ownership value (swatch and letter).
struct Cell {
    text: String,
    owner: Option<Ownership>,
}

impl Cell {
    fn text(s: impl Into<String>) -> Cell {
        Cell {
            text: s.into(),
            owner: None,
        }
    }

    fn owner(o: Ownership) -> Cell {
        Cell {
            text: o.label().into(),
            owner: Some(o),
        }
    }
}

const CELL_PAD: f32 = 3.0;
const SWATCH: f32 = 19.0;

/// Draws a table from the cursor down, over as many pages as it needs, the header row
/// repeated at the top of each. `columns` are (header, share of the body width).
fn table(w: &mut Writer, columns: &[(&str, f32)], rows: &[Vec<Cell>], landscape: bool) {
    let total: f32 = columns.iter().map(|c| c.1).sum();
    let body = w.body_width();
    let widths: Vec<f32> = columns.iter().map(|c| c.1 / total * body).collect();
    let header: Vec<Cell> = columns.iter().map(|c| Cell::text(c.0)).collect();
    let max_height = w.page().1 - 2.0 * MARGIN - 40.0;
    table_row(w, &widths, &header, SMALL_BOLD, true, max_height);
    for row in rows {
        let height = row_height(w, &widths, row, SMALL).min(max_height);
        if w.room() < height {
            w.new_page(landscape);
            table_row(w, &widths, &header, SMALL_BOLD, true, max_height);
        }
        table_row(w, &widths, row, SMALL, false, max_height);
    }
}

fn cell_lines(w: &Writer, cell: &Cell, width: f32, style: Style) -> Vec<String> {
    let inner = width
        - 2.0 * CELL_PAD
        - if cell.owner.is_some() {
            SWATCH + 3.0
        } else {
            0.0
        };
    w.wrap(&cell.text, style, inner.max(10.0))
}

fn row_height(w: &Writer, widths: &[f32], row: &[Cell], style: Style) -> f32 {
    let lines = row
        .iter()
        .zip(widths)
        .map(|(cell, width)| cell_lines(w, cell, *width, style).len())
        .max()
        .unwrap_or(1);
    lines as f32 * style.line_height() + 2.0 * CELL_PAD
}

fn table_row(
    w: &mut Writer,
    widths: &[f32],
    row: &[Cell],
    style: Style,
    header: bool,
    max_height: f32,
) {
    let height = row_height(w, widths, row, style).min(max_height);
    let top = w.y;
    let width: f32 = widths.iter().sum();
    if header {
        w.rect(MARGIN, top - height, width, height, Some(HEADER_FILL), None);
    }
    let mut x = MARGIN;
    for (cell, cw) in row.iter().zip(widths) {
        let mut text_x = x + CELL_PAD;
        if let Some(o) = cell.owner {
            let sy = top - CELL_PAD - style.line_height();
            w.swatch(text_x, sy, SWATCH, style.line_height(), o);
            let mark = letter(o);
            let mark_style = SMALL_BOLD.with_colour(ink(o));
            let mx = text_x + (SWATCH - w.text_width(mark_style, mark)) / 2.0;
            w.text(mx, sy + 2.2, mark_style, mark);
            text_x += SWATCH + 3.0;
        }
        let mut y = top - CELL_PAD;
        for line in cell_lines(w, cell, *cw, style) {
            if y - style.line_height() < top - height {
                break;
            }
            y -= style.size;
            w.text(text_x, y, style, &line);
            y -= style.line_height() - style.size;
        }
        x += cw;
    }
    w.hline(MARGIN, MARGIN + width, top - height, RULE);
    w.y = top - height;
}

fn cover(w: &mut Writer, data: &ExportData) {
    let e = &data.view.engagement;
    w.new_page(false);
    let body = w.body_width();
    w.y -= 30.0;
    w.paragraph(MARGIN, body, TITLE, &e.client);
    w.y -= 4.0;
    w.paragraph(MARGIN, body, HEADING, &e.name);
    w.paragraph(
        MARGIN,
        body,
        BODY.with_colour(GREY),
        "Shared responsibility matrix: who implements each control, for every cloud service in scope",
    );
    w.y -= 16.0;

    let frameworks: Vec<String> = data
        .framework_versions()
        .iter()
        .map(|(f, v)| format!("{} ({v})", f.label()))
        .collect();
    let fields: [(&str, String); 9] = [
        ("Scope", e.scope.clone()),
        ("Frameworks", frameworks.join("\n")),
        ("Audit window", data.audit_window().unwrap_or_default()),
        ("Document version", e.document_version.clone()),
        (
            "Generated at",
            format!("{} UTC", data.generated_at.format("%Y-%m-%d %H:%M")),
        ),
        ("Data as of", data.data_as_of.clone().unwrap_or_default()),
        ("Review cadence", "Not recorded in the engagement".into()),
        (
            "Engagement file",
            format!("{} (sha256 {})", data.file_name, data.file_hash),
        ),
        (
            "Provider reports",
            "SOC 2 reports and other provider attestations are referenced by name and date, never \
             included in this pack."
                .into(),
        ),
    ];
    let label_width = 110.0;
    for (label, value) in fields {
        let top = w.y;
        w.y -= LABEL.size;
        w.text(MARGIN, w.y, LABEL, label);
        w.y = top;
        w.paragraph(MARGIN + label_width, body - label_width, BODY, &value);
        w.y -= 6.0;
    }

    w.y -= 18.0;
    w.heading("Sign-off");
    let mut rows = Vec::new();
    let sign = |step: &str, name: &str, role: &str| {
        vec![
            Cell::text(step),
            Cell::text(name),
            Cell::text(role),
            Cell::text("\n\n"),
            Cell::text(""),
        ]
    };
    match &e.preparer {
        Some(p) => rows.push(sign("Prepared by", &p.name, &p.role)),
        None => rows.push(sign("Prepared by", "", "")),
    }
    if e.reviewers.is_empty() {
        rows.push(sign("Reviewed by", "", ""));
    }
    for r in &e.reviewers {
        rows.push(sign("Reviewed by", &r.name, &r.role));
    }
    rows.push(sign("Approved by", "", ""));
    table(
        w,
        &[
            ("Step", 1.0),
            ("Name", 1.6),
            ("Role", 1.4),
            ("Date", 1.0),
            ("Signature", 1.6),
        ],
        &rows,
        false,
    );
}

fn legend(w: &mut Writer) {
    w.new_page(false);
    w.heading("Legend: the six ownership values");
    w.paragraph(
        MARGIN,
        w.body_width(),
        BODY,
        "Every cell carries a colour and a letter, so the meaning survives a black-and-white \
         printout. The columns give the term each framework's own responsibility documents use.",
    );
    w.y -= 8.0;
    let rows: Vec<Vec<Cell>> = Ownership::ALL
        .iter()
        .map(|&o| {
            let t = native_terms(o);
            vec![
                Cell::owner(o),
                Cell::text(t.meaning),
                Cell::text(t.fedramp),
                Cell::text(t.caiq),
                Cell::text(t.pci),
                Cell::text(t.soc2),
                Cell::text(t.hipaa),
            ]
        })
        .collect();
    table(
        w,
        &[
            ("Ownership", 1.7),
            ("Meaning", 1.9),
            ("FedRAMP CRM (Can Be Inherited from CSP)", 1.3),
            ("CSA CAIQ SSRM", 1.1),
            ("PCI DSS 12.8.5", 1.1),
            ("SOC 2", 1.5),
            ("HIPAA", 1.5),
        ],
        &rows,
        false,
    );
}

fn providers(w: &mut Writer, data: &ExportData) {
    w.new_page(true);
    w.heading("Provider register");
    w.paragraph(
        MARGIN,
        w.body_width(),
        BODY,
        &format!(
            "The providers of the services in scope, their attestations with the services each \
             covers, and the responsibility matrices imported from them. Status as of {}. \
             Reports are referenced by name, period and location, never included.",
            data.generated_at.date()
        ),
    );
    w.y -= 8.0;
    let or_not_recorded = |d: Option<chrono::NaiveDate>| {
        d.map_or_else(|| "not recorded".to_string(), |d| d.to_string())
    };
    let rows: Vec<Vec<Cell>> = register(data)
        .into_iter()
        .map(|r| {
            let attestation = if r.status.is_empty() {
                r.attestation
            } else {
                format!("{}\n({})", r.attestation, r.status)
            };
            let reviews = format!(
                "BAA: {}\nLast review: {}\nNext review: {}",
                r.baa,
                or_not_recorded(r.last_review),
                or_not_recorded(r.next_review)
            );
            vec![
                Cell::text(r.provider),
                Cell::text(attestation),
                Cell::text(r.services),
                Cell::text(r.details),
                Cell::text(reviews),
                Cell::text(r.matrices),
            ]
        })
        .collect();
    table(
        w,
        &[
            ("Provider", 0.9),
            ("Attestation", 1.6),
            ("Services covered", 1.4),
            ("Details", 2.6),
            ("BAA and vendor review", 1.3),
            ("Imported responsibility matrix", 1.4),
        ],
        &rows,
        true,
    );
}

fn gaps(w: &mut Writer, data: &ExportData) {
    w.new_page(true);
    w.heading("Open gaps");
    let gaps = &data.gaps.gaps;
    w.paragraph(
        MARGIN,
        w.body_width(),
        BODY,
        &format!(
            "{} open on {}, most severe first.",
            match gaps.len() {
                0 => "No gap is".to_string(),
                1 => "1 gap is".to_string(),
                n => format!("{n} gaps are"),
            },
            data.gaps.today
        ),
    );
    w.y -= 8.0;
    if gaps.is_empty() {
        return;
    }
    let rows: Vec<Vec<Cell>> = gaps
        .iter()
        .map(|g| {
            let mut control = g
                .framework
                .map(|f| f.label().to_string())
                .unwrap_or_default();
            if let Some(c) = &g.control {
                control = format!("{control} {c}");
            }
            vec![
                Cell::text(g.severity.id()),
                Cell::text(format!(
                    "{}\n{}",
                    g.service.clone().unwrap_or_default(),
                    g.provider.clone().unwrap_or_default()
                )),
                Cell::text(control),
                Cell::text(g.message.clone()),
                Cell::text(g.fix.clone()),
            ]
        })
        .collect();
    table(
        w,
        &[
            ("Severity", 0.6),
            ("Service and provider", 1.4),
            ("Control", 1.0),
            ("What is missing", 3.0),
            ("What to do", 2.6),
        ],
        &rows,
        true,
    );
}

fn service_page(w: &mut Writer, data: &ExportData, s: &Service) {
    w.new_page(false);
    let body = w.body_width();
    w.heading(&s.name);
    let data_types: Vec<&str> = s.data_types.iter().map(|d| d.label()).collect();
    let frameworks: Vec<&str> = s.frameworks.iter().map(|f| f.label()).collect();
    let rows = data.rows.iter().filter(|r| r.service_id == s.id);
    let controls = rows.clone().count();
    let covered = rows.filter(|r| r.owner.is_provider_side()).count();
    let attestations: Vec<String> = data
        .attestations
        .iter()
        .filter(|a| a.covers(&s.name))
        .map(|a| a.label())
        .collect();
    let attestations = if attestations.is_empty() {
        "none on file".to_string()
    } else {
        attestations.join("; ")
    };
    let facts = format!(
        "Provider: {} · Model: {} · Sensitivity: {}\nData: {}\nFrameworks: {}\nAttestations covering it: {attestations}\nControl rows: {controls}, of which {covered} on the provider's side",
        s.provider,
        s.model.label(),
        s.sensitivity.id(),
        if data_types.is_empty() { "none recorded".to_string() } else { data_types.join(", ") },
        frameworks.join(", "),
    );
    w.paragraph(MARGIN, body, BODY, &facts);
    w.y -= 12.0;

    // The stack: one band per layer, top to bottom, coloured by owner with its letter.
    let band: f32 = 30.0;
    let label_w = 170.0;
    let box_w = 60.0;
    let note_x = MARGIN + label_w + box_w + 12.0;
    let note_w = body - label_w - box_w - 12.0;
    for l in &s.layers {
        let note = match &l.reason {
            Some(reason) => format!(
                "* Override: {} (default {}). {reason}",
                l.owner.label(),
                l.default_owner.label()
            ),
            None => format!("{} (default)", l.owner.label()),
        };
        let style = if l.overridden() { SMALL_BOLD } else { SMALL };
        let lines = w.wrap(&note, style, note_w);
        // A long reason makes its band taller rather than being cut.
        let band = band.max(lines.len() as f32 * style.line_height() + 6.0);
        let top = w.y;
        let bottom = top - band + 2.0;
        let middle = bottom + (band - 2.0) / 2.0;
        let label = w.wrap(l.layer.label(), LAYER, label_w - 8.0);
        let mut y = middle + label.len() as f32 * LAYER.line_height() / 2.0 - 1.0;
        for line in &label {
            y -= LAYER.size;
            w.text(MARGIN, y, LAYER, line);
            y -= LAYER.line_height() - LAYER.size;
        }
        let bx = MARGIN + label_w;
        w.swatch(bx, bottom, box_w, band - 2.0, l.owner);
        let mark_style = LABEL.with_colour(ink(l.owner));
        let mark = if l.overridden() {
            format!("{}*", letter(l.owner))
        } else {
            letter(l.owner).to_string()
        };
        w.text(
            bx + (box_w - w.text_width(mark_style, &mark)) / 2.0,
            middle - 3.5,
            mark_style,
            &mark,
        );
        let mut y = middle + lines.len() as f32 * style.line_height() / 2.0 - 1.0;
        for line in &lines {
            y -= style.size;
            w.text(note_x, y, style, line);
            y -= style.line_height() - style.size;
        }
        w.y = top - band;
    }
    w.y -= 14.0;
    legend_strip(w);
}

/// The six swatches in a row with their names, under a stack diagram.
fn legend_strip(w: &mut Writer) {
    let mut x = MARGIN;
    let y = w.y - 14.0;
    for o in Ownership::ALL {
        w.swatch(x, y, 18.0, 12.0, o);
        let mark_style = SMALL_BOLD.with_colour(ink(o));
        let mark = letter(o);
        w.text(
            x + (18.0 - w.text_width(mark_style, mark)) / 2.0,
            y + 3.0,
            mark_style,
            mark,
        );
        w.text(x + 22.0, y + 3.0, SMALL, o.label());
        x += 22.0 + w.text_width(SMALL, o.label()) + 14.0;
    }
    w.y = y - 14.0;
    w.paragraph(
        MARGIN,
        w.body_width(),
        SMALL.with_colour(GREY),
        "* marks a layer whose owner was overridden; the reason is recorded in the decision log.",
    );
}

fn matrix(w: &mut Writer, rows: &[MatrixRow]) {
    w.new_page(true);
    w.heading("Control matrix");
    let cells: Vec<Vec<Cell>> = rows
        .iter()
        .map(|r| {
            let mut provider = r.provider_label.clone().unwrap_or_default();
            let document = provider_document(r);
            if !document.is_empty() {
                provider = format!("{provider}\n{document}");
            }
            let attestation = attestation(r);
            if !attestation.is_empty() {
                provider = format!("{provider}\nAttestation: {attestation}");
            }
            let mut customer = r.customer_part.clone().unwrap_or_default();
            let why = rationale(r).to_string();
            if !why.is_empty() {
                customer = if customer.is_empty() {
                    why
                } else {
                    format!("{customer}\nWhy: {why}")
                };
            }
            let reviewed = r
                .last_reviewed
                .as_ref()
                .map(|v| format!("{} {}", v.on, v.by))
                .unwrap_or_default();
            vec![
                Cell::text(format!("{}\n{}", r.service, layers_text(r))),
                Cell::text(format!("{} {}", r.framework.label(), r.control_id)),
                Cell::text(r.title.clone()),
                Cell::owner(r.owner),
                Cell::text(format!("{}\n{provider}", source_label(r.source))),
                Cell::text(customer),
                Cell::text(evidence_text(r)),
                Cell::text(format!(
                    "{}\n{reviewed}",
                    r.row_owner.clone().unwrap_or_default()
                )),
            ]
        })
        .collect();
    table(
        w,
        &[
            ("Service and layers", 1.5),
            ("Control", 0.9),
            ("Title", 1.6),
            ("Ownership", 1.1),
            ("Source, provider's label, attestation", 1.5),
            ("Customer's part and rationale", 2.6),
            ("Evidence", 1.4),
            ("Owner, last reviewed", 1.0),
        ],
        &cells,
        true,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_words_are_cut_and_lines_fit() {
        let mut doc = PdfDocument::new("t");
        let fonts = Fonts::load(&mut doc).unwrap();
        let w = Writer {
            fonts: &fonts,
            paper: Paper::A4,
            pages: Vec::new(),
            current: 0,
            y: 0.0,
        };
        let lines = w.wrap(
            "Ελληνικά и кириллица and averyveryveryverylongwordwithoutanyspaces",
            SMALL,
            60.0,
        );
        assert!(lines.len() > 3, "{lines:?}");
        for line in &lines {
            assert!(w.text_width(SMALL, line) <= 60.0, "{line}");
        }
        assert_eq!(w.wrap("a\n\nb", SMALL, 100.0), ["a", "", "b"]);
    }
}
