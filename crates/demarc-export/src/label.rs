//! How wide a workbook column must be for a bold label to wrap only between words: measured
//! in DejaVu Sans Bold, which is wider than Calibri's bold and is the font LibreOffice falls
//! back to without Calibri, so the label holds in either.

use std::sync::OnceLock;

use printpdf::ParsedFont;

const BOLD: &[u8] = include_bytes!("../assets/DejaVuSans-Bold.ttf");

/// Advance widths of the first code points in ems; others count as the widest letter.
fn advances() -> &'static [f64] {
    static WIDTHS: OnceLock<Vec<f64>> = OnceLock::new();
    WIDTHS.get_or_init(|| {
        let Some(font) = ParsedFont::from_bytes(BOLD, 0, &mut Vec::new()) else {
            return Vec::new();
        };
        let em = f64::from(font.pdf_font_metrics.units_per_em.max(1));
        (0u32..0x0250)
            .map(|c| {
                let gid = font.lookup_glyph_index(c).unwrap_or(0);
                f64::from(font.get_horizontal_advance(gid)) / em
            })
            .collect()
    })
}

/// The width of `word` in bold at 11 pt, in points.
fn width(word: &str) -> f64 {
    let table = advances();
    word.chars()
        .map(|c| table.get(c as usize).copied().unwrap_or(1.0) * 11.0)
        .sum()
}

/// The least column width (in Excel's characters) that holds every word of the bold label
/// `label` on a line: a character of the width a spreadsheet adds is padding, and a character
/// is a digit of 7 pt.
pub(crate) fn least_width(label: &str) -> f64 {
    let widest = label.split_whitespace().map(width).fold(0.0, f64::max);
    if widest == 0.0 {
        return 0.0;
    }
    // Half characters, rounded up.
    ((widest / 7.0 + 0.3) * 2.0).ceil() / 2.0
}

#[cfg(test)]
mod tests {
    use super::least_width;

    #[test]
    fn the_longest_word_decides() {
        assert!(least_width("Responsibility") > 12.0);
        assert!(least_width("Responsibility") < 14.0);
        assert_eq!(least_width("a b"), least_width("b"));
        assert_eq!(least_width(""), 0.0);
    }
}
