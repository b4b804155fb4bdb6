//! How a table sheet prints: landscape at a fixed scale that keeps the text at 8 pt or more,
//! its title rows and first columns repeated, and the columns split into as many printed pages
//! across as they need, each break between two columns.

use rust_xlsxwriter::Worksheet;

use crate::Result;

/// The print scale in percent: 11 pt text prints at 8.25 pt.
pub(crate) const PRINT_SCALE: u16 = 75;

/// Left and right margins in inches.
const SIDE_MARGIN: f64 = 0.4;

/// The printable width of the narrower landscape page (Letter, 11 in; A4 is 11.69 in), in
/// points, at 100 %.
pub(crate) const PRINTABLE_WIDTH: f64 = (11.0 - 2.0 * SIDE_MARGIN) * 72.0;

/// The width of a column `width` characters wide, in points at 100 %: Excel's default font
/// has digits 7 pixels wide, plus 5 pixels of padding, at 96 pixels an inch.
pub(crate) fn column_points(width: f64) -> f64 {
    (width * 7.0 + 5.0) * 0.75
}

/// The columns before which a new printed page starts, when the first `repeat` columns are
/// printed again on every page: each page holds as many whole columns as fit at the scale.
pub(crate) fn page_breaks(widths: &[f64], repeat: usize) -> Vec<u32> {
    // A twentieth kept free: LibreOffice measures Calibri's metric twin a little wider.
    let budget = 0.95 * PRINTABLE_WIDTH * 100.0 / f64::from(PRINT_SCALE);
    let repeated: f64 = widths.iter().take(repeat).map(|w| column_points(*w)).sum();
    let mut breaks = Vec::new();
    let mut used = 0.0;
    for (col, w) in widths.iter().enumerate() {
        let w = column_points(*w);
        if used + w > budget && col > repeat {
            breaks.push(col as u32);
            used = repeated;
        }
        used += w;
    }
    breaks
}

/// Sets up the printing of a table sheet whose header is `header_row` and whose columns are
/// `widths` wide, the first `repeat` of them printed on every page across.
pub(crate) fn set_up(
    ws: &mut Worksheet,
    widths: &[f64],
    header_row: u32,
    repeat: usize,
) -> Result<()> {
    ws.set_landscape();
    ws.set_print_scale(PRINT_SCALE);
    ws.set_margins(SIDE_MARGIN, SIDE_MARGIN, 0.75, 0.75, 0.3, 0.3);
    // The header, and the row above it (the sign-off line over a plain table).
    ws.set_repeat_rows(header_row.saturating_sub(1), header_row)?;
    let breaks = page_breaks(widths, repeat);
    if !breaks.is_empty() && repeat > 0 {
        ws.set_repeat_columns(0, repeat as u16 - 1)?;
    }
    ws.set_vertical_page_breaks(&breaks)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_split_into_pages_that_fit() {
        let budget = 0.95 * PRINTABLE_WIDTH * 100.0 / f64::from(PRINT_SCALE);
        assert!(page_breaks(&[20.0, 30.0, 40.0], 1).is_empty());
        let widths = [20.0; 16];
        let breaks = page_breaks(&widths, 2);
        assert!(!breaks.is_empty());
        let mut start = 0usize;
        for end in breaks.iter().map(|b| *b as usize).chain([widths.len()]) {
            let repeated = if start == 0 {
                0.0
            } else {
                2.0 * column_points(20.0)
            };
            let page: f64 = widths[start..end].iter().map(|w| column_points(*w)).sum();
            assert!(repeated + page <= budget, "{start}..{end}");
            start = end;
        }
    }
}
