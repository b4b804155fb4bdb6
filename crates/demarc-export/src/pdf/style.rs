//! The pack's text styles and colours.

use printpdf::{Color, Rgb};

pub(super) const BLACK: u32 = 0x000000;
pub(super) const GREY: u32 = 0x595959;
pub(super) const RULE: u32 = 0xBFBFBF;
pub(super) const HEADER_FILL: u32 = 0xE6E6E6;

/// A style of text: size, weight, colour.
#[derive(Clone, Copy)]
pub(super) struct Style {
    pub size: f32,
    pub bold: bool,
    pub colour: u32,
}

pub(super) const TITLE: Style = Style::black(20.0, true);
pub(super) const HEADING: Style = Style::black(13.0, true);
pub(super) const BODY: Style = Style::black(10.0, false);
pub(super) const LABEL: Style = Style::black(10.0, true);
pub(super) const SMALL: Style = Style::black(7.5, false);
pub(super) const SMALL_BOLD: Style = Style::black(7.5, true);
pub(super) const FOOT: Style = Style::black(7.0, false).with_colour(GREY);
/// The sign-off line at the top of every page.
pub(super) const STATUS: Style = Style::black(8.0, true);

impl Style {
    const fn black(size: f32, bold: bool) -> Style {
        Style {
            size,
            bold,
            colour: BLACK,
        }
    }

    pub fn line_height(self) -> f32 {
        self.size * 1.25
    }

    pub const fn with_colour(self, colour: u32) -> Style {
        Style { colour, ..self }
    }
}

/// A colour given as `0xRRGGBB`.
pub(super) fn rgb(c: u32) -> Color {
    let part = |shift: u32| ((c >> shift) & 0xFF) as f32 / 255.0;
    Color::Rgb(Rgb {
        r: part(16),
        g: part(8),
        b: part(0),
        icc_profile: None,
    })
}
