//! A service's page: its facts and its stack drawn as bands, one per layer, coloured by owner
//! with the owner's letter and the reason of any override.

use demarc_core::{Ownership, Service};

use super::page::{Writer, MARGIN};
use super::style::{BODY, GREY, LABEL, LAYER, SMALL, SMALL_BOLD};
use crate::legend::{ink, letter};
use crate::ExportData;

pub(super) fn service_page(w: &mut Writer, data: &ExportData, s: &Service) {
    w.new_page(false);
    let body = w.body_width();
    w.heading(&s.name);
    let data_types: Vec<&str> = s.data_types.iter().map(|d| d.label()).collect();
    let frameworks: Vec<&str> = s.frameworks.iter().map(|f| f.label()).collect();
    let rows = data.rows.iter().filter(|r| r.service_id == Some(s.id));
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
