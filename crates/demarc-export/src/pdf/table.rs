//! Tables: columns by share of the body width, cells wrapped to their column, rows as tall as
//! their tallest cell, carried over pages with the header row repeated at the top of each. A
//! row taller than a page is cut to the page and says so in the cells it cuts.

use demarc_core::Ownership;

use super::page::{Writer, MARGIN};
use super::style::{Style, HEADER_FILL, RULE, SMALL, SMALL_BOLD};
use crate::legend::{ink, letter};
use crate::CUT_NOTE;

/// A table cell: text, optionally shown as an ownership value (swatch and letter).
pub(super) struct Cell {
    text: String,
    owner: Option<Ownership>,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell {
            text: s.into(),
            owner: None,
        }
    }

    pub fn owner(o: Ownership) -> Cell {
        Cell::owned(o, o.label())
    }

    /// An ownership value shown with words of its own (`claimed inherited, no attestation`).
    pub fn owned(o: Ownership, text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            owner: Some(o),
        }
    }
}

const CELL_PAD: f32 = 3.0;
const SWATCH: f32 = 19.0;

/// Draws a table from the cursor down, over as many pages as it needs, the header row
/// repeated at the top of each. `columns` are (header, share of the body width).
pub(super) fn table(w: &mut Writer, columns: &[(&str, f32)], rows: &[Vec<Cell>], landscape: bool) {
    let header: Vec<Cell> = columns.iter().map(|c| Cell::text(c.0)).collect();
    let widths = widths(w, columns, &header, rows);
    let header_lines = wrap_row(w, &widths, &header, SMALL_BOLD);
    let max_height = w.page().1 - 2.0 * MARGIN - 40.0;
    let draw_header = |w: &mut Writer| {
        let lines = header_lines.clone();
        draw_row(w, &widths, &header, lines, SMALL_BOLD, true, max_height);
    };
    draw_header(w);
    for row in rows {
        let lines = wrap_row(w, &widths, row, SMALL);
        let height = row_height(&lines, SMALL).min(max_height);
        if w.room() < height {
            w.new_page(landscape);
            draw_header(w);
        }
        draw_row(w, &widths, row, lines, SMALL, false, max_height);
    }
}

/// The columns' widths: their shares of the body, each widened (at the others' expense) to
/// hold the longest word of its header and of its owner labels, so that a label never breaks
/// inside a word.
fn widths(w: &Writer, columns: &[(&str, f32)], header: &[Cell], rows: &[Vec<Cell>]) -> Vec<f32> {
    let total: f32 = columns.iter().map(|c| c.1).sum();
    let body = w.body_width();
    let mut widths: Vec<f32> = columns.iter().map(|c| c.1 / total * body).collect();
    let longest = |cell: &Cell, style: Style| {
        let words = cell.text.split_whitespace();
        let word = words.map(|x| w.text_width(style, x)).fold(0.0, f32::max);
        let swatch = if cell.owner.is_some() {
            SWATCH + 3.0
        } else {
            0.0
        };
        word + swatch + 2.0 * CELL_PAD + 0.5
    };
    let mut least: Vec<f32> = header.iter().map(|c| longest(c, SMALL_BOLD)).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().filter(|(_, c)| c.owner.is_some()) {
            if let Some(l) = least.get_mut(i) {
                *l = l.max(longest(cell, SMALL));
            }
        }
    }
    let deficit: f32 = widths
        .iter()
        .zip(&least)
        .map(|(w, l)| (l - w).max(0.0))
        .sum();
    let slack: f32 = widths
        .iter()
        .zip(&least)
        .map(|(w, l)| (w - l).max(0.0))
        .sum();
    if deficit <= 0.0 || slack < deficit {
        return widths;
    }
    for (width, l) in widths.iter_mut().zip(&least) {
        if *width < *l {
            *width = *l;
        } else {
            *width -= (*width - l) / slack * deficit;
        }
    }
    widths
}

/// The width a cell's text has: its column's less the padding and any swatch.
fn text_width(cell: &Cell, column: f32) -> f32 {
    let swatch = if cell.owner.is_some() {
        SWATCH + 3.0
    } else {
        0.0
    };
    (column - 2.0 * CELL_PAD - swatch).max(10.0)
}

/// Each cell's lines.
fn wrap_row(w: &Writer, widths: &[f32], row: &[Cell], style: Style) -> Vec<Vec<String>> {
    row.iter()
        .zip(widths)
        .map(|(cell, column)| w.wrap(&cell.text, style, text_width(cell, *column)))
        .collect()
}

fn row_height(lines: &[Vec<String>], style: Style) -> f32 {
    let most = lines.iter().map(Vec::len).max().unwrap_or(1);
    most as f32 * style.line_height() + 2.0 * CELL_PAD
}

/// `lines` cut to the `room` lines a cell has, the last of them saying that the text is cut.
fn cut(w: &Writer, mut lines: Vec<String>, room: usize, width: f32, style: Style) -> Vec<String> {
    if lines.len() <= room {
        return lines;
    }
    let note = w.wrap(CUT_NOTE, style, width);
    lines.truncate(room.saturating_sub(note.len()));
    lines.extend(note);
    lines
}

fn draw_row(
    w: &mut Writer,
    widths: &[f32],
    row: &[Cell],
    lines: Vec<Vec<String>>,
    style: Style,
    header: bool,
    max_height: f32,
) {
    let height = row_height(&lines, style).min(max_height);
    // The lines a cell of this row has room for.
    let room = ((height - CELL_PAD) / style.line_height()) as usize;
    let top = w.y;
    let width: f32 = widths.iter().sum();
    if header {
        w.rect(MARGIN, top - height, width, height, Some(HEADER_FILL), None);
    }
    let mut x = MARGIN;
    for ((cell, cw), lines) in row.iter().zip(widths).zip(lines) {
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
        for line in cut(w, lines, room, text_width(cell, *cw), style) {
            y -= style.size;
            w.text(text_x, y, style, &line);
            y -= style.line_height() - style.size;
        }
        x += cw;
    }
    w.hline(MARGIN, MARGIN + width, top - height, RULE);
    w.y = top - height;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::font::Fonts;
    use crate::pdf::Paper;
    use printpdf::PdfDocument;

    #[test]
    fn a_column_too_narrow_for_its_header_or_owner_label_is_widened() {
        let mut doc = PdfDocument::new("t");
        let fonts = Fonts::load(&mut doc).unwrap();
        let mut w = Writer::new(&fonts, Paper::A4);
        w.new_page(false);
        let columns = [("Responsibility", 0.2), ("Text", 6.0), ("Owner", 0.2)];
        let header: Vec<Cell> = columns.iter().map(|c| Cell::text(c.0)).collect();
        let rows = vec![vec![
            Cell::text(""),
            Cell::text("a long text that may wrap anywhere it likes"),
            Cell::owned(Ownership::NotApplicable, "Not applicable"),
        ]];
        let widths = widths(&w, &columns, &header, &rows);
        let room = |i: usize, cell: &Cell| text_width(cell, widths[i]);
        assert!(room(0, &header[0]) >= w.text_width(SMALL_BOLD, "Responsibility"));
        assert!(room(2, &rows[0][2]) >= w.text_width(SMALL, "applicable"));
        assert_eq!(
            w.wrap("Responsibility", SMALL_BOLD, room(0, &header[0]))
                .len(),
            1
        );
        let total: f32 = widths.iter().sum();
        assert!((total - w.body_width()).abs() < 0.01, "{total}");
    }
}
