//! Pages and the cursor that fills them: text, rules, rectangles and swatches placed by
//! printpdf, paragraphs broken into lines and carried onto the next page, and the footer with
//! "page X of Y" added to every page once the page count is known.

use demarc_core::Ownership;
use printpdf::{
    Line, LineDashPattern, LinePoint, Op, PaintMode, PdfFontHandle, PdfPage, Point, Pt, Rect,
    TextItem, TextMatrix,
};

use super::font::Fonts;
use super::style::{rgb, Style, BLACK, FOOT, GREY, HEADING, RULE, STATUS};
use crate::legend::colour;

pub(super) const MARGIN: f32 = 40.0;
/// The footer sits below the bottom margin, the sign-off line above the top one.
const FOOTER_Y: f32 = 22.0;
const HEADER_Y: f32 = 24.0;
/// Space above a section that follows another on the same page.
const SECTION_GAP: f32 = 28.0;

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

    /// The paper of a locale (`en-US`, `fr_CA.UTF-8`): Letter in the regions that print on it
    /// (the United States, Canada, Mexico, the Philippines, Chile, Colombia), A4 elsewhere and
    /// when no region is given.
    pub fn for_locale(locale: &str) -> Paper {
        let tag = locale.split(['.', '@']).next().unwrap_or_default();
        let region = tag.split(['-', '_']).skip(1).find(|part| part.len() == 2);
        match region.map(|r| r.to_ascii_uppercase()).as_deref() {
            Some("US" | "CA" | "MX" | "PH" | "CL" | "CO") => Paper::Letter,
            _ => Paper::A4,
        }
    }
}

/// A section of the pack: its title (the outline's and the contents page's), its level (0 for
/// a section, 1 for a part of one) and the page it starts on (from 0).
#[derive(Debug, Clone)]
pub(super) struct SectionMark {
    pub title: String,
    pub level: u8,
    pub page: usize,
}

struct PageSpec {
    width: f32,
    height: f32,
    ops: Vec<Op>,
}

/// Lays out pages top to bottom; `y` is the baseline cursor on the current page.
pub(super) struct Writer<'a> {
    fonts: &'a Fonts,
    paper: Paper,
    pages: Vec<PageSpec>,
    /// The page the drawing helpers draw on.
    current: usize,
    pub y: f32,
    /// The sections in the order they start.
    pub sections: Vec<SectionMark>,
}

impl<'a> Writer<'a> {
    pub fn new(fonts: &'a Fonts, paper: Paper) -> Writer<'a> {
        Writer {
            fonts,
            paper,
            pages: Vec::new(),
            current: 0,
            y: 0.0,
            sections: Vec::new(),
        }
    }

    /// Starts a section on a new page and records it for the outline and the contents.
    pub fn section(&mut self, title: &str, landscape: bool) {
        self.new_page(landscape);
        self.mark(title, 0);
        self.heading(title);
    }

    /// Starts a short section below what the current page holds when `height` fits there,
    /// else on a new page.
    pub fn section_below(&mut self, title: &str, landscape: bool, height: f32) {
        let same = !self.pages.is_empty() && (self.page().0 > self.page().1) == landscape;
        if !same || self.room() < height + SECTION_GAP {
            self.new_page(landscape);
        } else {
            self.y -= SECTION_GAP;
        }
        self.mark(title, 0);
        self.heading(title);
    }

    /// Records a section (`level` 0) or a part of one (1) starting on the current page.
    pub fn mark(&mut self, title: &str, level: u8) {
        if self.pages.is_empty() {
            self.new_page(false);
        }
        self.sections.push(SectionMark {
            title: title.to_string(),
            level,
            page: self.current,
        });
    }

    /// How many pages there are so far.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Draws on an earlier page `index` (from 0), the cursor at its top.
    pub fn go_to_page(&mut self, index: usize) {
        if index < self.pages.len() {
            self.current = index;
            self.y = self.pages[index].height - MARGIN;
        }
    }

    /// Goes on to a new page when less than `height` is left on this one.
    pub fn need(&mut self, height: f32) {
        if self.room() < height {
            let landscape = self.page().0 > self.page().1;
            self.new_page(landscape);
        }
    }

    pub fn new_page(&mut self, landscape: bool) {
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

    pub fn page(&self) -> (f32, f32) {
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
    pub fn body_width(&self) -> f32 {
        self.page().0 - 2.0 * MARGIN
    }

    pub fn room(&self) -> f32 {
        self.y - MARGIN
    }

    pub fn text(&mut self, x: f32, y: f32, style: Style, s: &str) {
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

    pub fn text_width(&self, style: Style, s: &str) -> f32 {
        self.fonts.width(style, s)
    }

    /// A rectangle from its lower-left corner, filled and/or outlined.
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Option<u32>, stroke: Option<u32>) {
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
    pub fn swatch(&mut self, x: f32, y: f32, w: f32, h: f32, o: Ownership) {
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

    pub fn hline(&mut self, x1: f32, x2: f32, y: f32, colour: u32) {
        self.line((x1, y), (x2, y), colour, 0.5);
    }

    /// A straight line from `a` to `b`.
    pub fn line(&mut self, a: (f32, f32), b: (f32, f32), colour: u32, thickness: f32) {
        let point = |(x, y): (f32, f32)| LinePoint {
            p: Point { x: Pt(x), y: Pt(y) },
            bezier: false,
        };
        self.ops().extend([
            Op::SetOutlineColor { col: rgb(colour) },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawLine {
                line: Line {
                    points: vec![point(a), point(b)],
                    is_closed: false,
                },
            },
        ]);
    }

    /// A dashed line from `a` to `b`.
    pub fn dashed(&mut self, a: (f32, f32), b: (f32, f32), colour: u32, thickness: f32) {
        self.ops().extend([
            Op::SaveGraphicsState,
            Op::SetLineDashPattern {
                dash: LineDashPattern::new(0.0, &[3.0, 2.0]),
            },
        ]);
        self.line(a, b, colour, thickness);
        self.ops().push(Op::RestoreGraphicsState);
    }

    /// A rectangle outlined with a dashed line, unfilled.
    pub fn dashed_rect(&mut self, x: f32, y: f32, w: f32, h: f32, colour: u32) {
        self.ops().extend([
            Op::SaveGraphicsState,
            Op::SetLineDashPattern {
                dash: LineDashPattern::new(0.0, &[2.0, 1.5]),
            },
        ]);
        self.rect(x, y, w, h, None, Some(colour));
        self.ops().push(Op::RestoreGraphicsState);
    }

    /// Diagonal lines `step` apart across a rectangle from its lower-left corner: a pattern
    /// that tells a span apart in greyscale.
    pub fn hatch(&mut self, x: f32, y: f32, w: f32, h: f32, step: f32, colour: u32) {
        let mut t = -h;
        while t < w {
            let from = (-t).max(0.0);
            let to = h.min(w - t);
            if from < to {
                self.line((x + t + from, y + from), (x + t + to, y + to), colour, 0.5);
            }
            t += step;
        }
    }

    /// Breaks `s` into lines no wider than `width` (see `Fonts::wrap`).
    pub fn wrap(&self, s: &str, style: Style, width: f32) -> Vec<String> {
        self.fonts.wrap(s, style, width)
    }

    /// Writes a wrapped paragraph at the cursor, starting a page when it runs out of room.
    pub fn paragraph(&mut self, x: f32, width: f32, style: Style, s: &str) {
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

    pub fn heading(&mut self, s: &str) {
        self.y -= HEADING.size;
        self.text(MARGIN, self.y, HEADING, s);
        self.y -= 10.0;
    }

    /// Adds the header and the footer to every page: `status` (draft or approved) above the
    /// top margin; `line` on the left of the footer, "page X of Y" on the right.
    pub fn finish(mut self, line: &str, status: &str) -> Vec<PdfPage> {
        let total = self.pages.len();
        let mut out = Vec::with_capacity(total);
        for i in 0..total {
            let (width, height) = (self.pages[i].width, self.pages[i].height);
            self.current = i;
            let number = format!("Page {} of {total}", i + 1);
            let number_x = width - MARGIN - self.text_width(FOOT, &number);
            self.hline(MARGIN, width - MARGIN, FOOTER_Y + 10.0, RULE);
            self.text(MARGIN, FOOTER_Y, FOOT, line);
            self.text(number_x, FOOTER_Y, FOOT, &number);
            // One line: a status too long for it is cut, never run into the page.
            let status = self
                .wrap(status, STATUS, width - 2.0 * MARGIN)
                .into_iter()
                .next()
                .unwrap_or_default();
            self.text(MARGIN, height - HEADER_Y, STATUS, &status);
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
