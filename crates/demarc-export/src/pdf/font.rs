//! The embedded font (DejaVu Sans, regular and bold), its glyph widths and line breaking.

use printpdf::{FontId, ParsedFont, PdfDocument};

use super::style::Style;
use crate::{ExportError, Result};

const REGULAR: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/DejaVuSans-Bold.ttf");

/// An embedded font and the widths needed to break lines.
pub(super) struct Face {
    pub id: FontId,
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

/// The regular and the bold face of the embedded font.
pub(super) struct Fonts {
    regular: Face,
    bold: Face,
}

impl Fonts {
    pub fn load(doc: &mut PdfDocument) -> Result<Fonts> {
        Ok(Fonts {
            regular: Face::load(doc, REGULAR)?,
            bold: Face::load(doc, BOLD)?,
        })
    }

    pub fn face(&self, bold: bool) -> &Face {
        if bold {
            &self.bold
        } else {
            &self.regular
        }
    }
    /// The width of `s` in `style`, in points.
    pub fn width(&self, style: Style, s: &str) -> f32 {
        self.face(style.bold).width(s, style.size)
    }

    /// Breaks `s` into lines no wider than `width`; words wider than a line are cut.
    pub fn wrap(&self, s: &str, style: Style, width: f32) -> Vec<String> {
        let face = self.face(style.bold);
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
                    let cut = soft_break(rest, fit(face, rest, style.size, width));
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
}

/// Where to cut a word too wide for its line, at or before `cut`: after the last punctuation
/// that ends a part of an identifier, a file name or a date (`-_/).,;:`), or before an opening
/// parenthesis, so that "164.308(a)(1)" breaks between its parts, never inside one.
fn soft_break(s: &str, cut: usize) -> usize {
    let head = &s[..cut];
    let after = head
        .char_indices()
        .filter(|(_, c)| matches!(c, '-' | '_' | '/' | ')' | '.' | ',' | ';' | ':'))
        .map(|(i, c)| i + c.len_utf8());
    let before = head
        .char_indices()
        .filter(|(i, c)| *c == '(' && *i > 0)
        .map(|(i, _)| i);
    after.chain(before).filter(|i| *i > 0).max().unwrap_or(cut)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::style::SMALL;

    #[test]
    fn long_words_are_cut_and_lines_fit() {
        let mut doc = PdfDocument::new("t");
        let fonts = Fonts::load(&mut doc).unwrap();
        let lines = fonts.wrap(
            "Ελληνικά и кириллица and averyveryveryverylongwordwithoutanyspaces",
            SMALL,
            60.0,
        );
        assert!(lines.len() > 3, "{lines:?}");
        for line in &lines {
            assert!(fonts.width(SMALL, line) <= 60.0, "{line}");
        }
        assert_eq!(fonts.wrap("a\n\nb", SMALL, 100.0), ["a", "", "b"]);
    }

    #[test]
    fn a_date_or_an_identifier_breaks_between_its_parts() {
        let mut doc = PdfDocument::new("t");
        let fonts = Fonts::load(&mut doc).unwrap();
        let width = fonts.width(SMALL, "2026-09-3") + 0.1;
        assert_eq!(fonts.wrap("2026-09-30", SMALL, width), ["2026-09-", "30"]);
        let width = fonts.width(SMALL, "164.308(a)(1)(i") + 0.1;
        assert_eq!(
            fonts.wrap("164.308(a)(1)(ii)(A)", SMALL, width),
            ["164.308(a)(1)", "(ii)(A)"]
        );
    }
}
