//! The services' stacks side by side: one column per service, one band per layer top to
//! bottom, each cell coloured by owner with its letter (and `*` where a person overrode the
//! layer), as many services a page as fit; the overrides and their reasons listed beneath.

use demarc_core::{Layer, Ownership, Service};

use super::page::{Writer, MARGIN};
use super::style::{BODY, GREY, SMALL, SMALL_BOLD};
use crate::legend::{ink, letter};
use crate::ExportData;

const LABEL_WIDTH: f32 = 150.0;
const MIN_COLUMN: f32 = 52.0;
const BAND: f32 = 21.0;

pub(super) fn stacks(w: &mut Writer, data: &ExportData) {
    w.section("Service stacks", true);
    let services = &data.view.services;
    let body = w.body_width();
    w.paragraph(
        MARGIN,
        body,
        BODY,
        "Who owns each layer of each service, top to bottom. A letter with * marks a layer a \
         person overrode; the reasons follow the diagram. The attestations covering each \
         service are in the provider register.",
    );
    if services.is_empty() {
        w.paragraph(MARGIN, body, BODY, "No service is in scope.");
        return;
    }
    let per_page = (((body - LABEL_WIDTH) / MIN_COLUMN) as usize).max(1);
    let chunks: Vec<&[Service]> = services.chunks(per_page).collect();
    for (i, chunk) in chunks.iter().enumerate() {
        if i > 0 {
            w.new_page(true);
        }
        w.y -= 8.0;
        grid(w, chunk);
        legend_strip(w);
        overrides(w, chunk);
    }
}

/// The column headers and the bands of `services`.
fn grid(w: &mut Writer, services: &[Service]) {
    let body = w.body_width();
    let column = ((body - LABEL_WIDTH) / services.len() as f32).min(110.0);
    // Headers: the name, then the provider and model, then the data it handles.
    let headers: Vec<(Vec<String>, Vec<String>)> = services
        .iter()
        .map(|s| {
            let name = w.wrap(&s.name, SMALL_BOLD, column - 4.0);
            let data_types: Vec<&str> = s.data_types.iter().map(|d| d.label()).collect();
            let mut facts = format!("{}\n{}", s.provider, s.model.label());
            if !data_types.is_empty() {
                facts += &format!("\n{}", data_types.join(", "));
            }
            (name, w.wrap(&facts, SMALL, column - 4.0))
        })
        .collect();
    let header_lines = headers
        .iter()
        .map(|(n, f)| n.len() + f.len())
        .max()
        .unwrap_or(1);
    let top = w.y;
    for (i, (name, facts)) in headers.iter().enumerate() {
        let x = MARGIN + LABEL_WIDTH + i as f32 * column + 2.0;
        let mut y = top;
        for line in name {
            y -= SMALL_BOLD.line_height();
            w.text(x, y, SMALL_BOLD, line);
        }
        for line in facts {
            y -= SMALL.line_height();
            w.text(x, y, SMALL.with_colour(GREY), line);
        }
    }
    w.y = top - header_lines as f32 * SMALL.line_height() - 4.0;
    for layer in Layer::ALL {
        let top = w.y;
        let bottom = top - BAND + 1.5;
        let label = w.wrap(layer.label(), SMALL, LABEL_WIDTH - 8.0);
        let mut y = bottom + (BAND - 1.5) / 2.0 + label.len() as f32 * SMALL.line_height() / 2.0;
        for line in &label {
            y -= SMALL.line_height();
            w.text(MARGIN, y + 1.5, SMALL, line);
        }
        for (i, s) in services.iter().enumerate() {
            let x = MARGIN + LABEL_WIDTH + i as f32 * column;
            let Some(l) = s.layers.iter().find(|l| l.layer == layer) else {
                continue;
            };
            w.swatch(x + 1.0, bottom, column - 2.0, BAND - 1.5, l.owner);
            let mark = if l.overridden() {
                format!("{}*", letter(l.owner))
            } else {
                letter(l.owner).to_string()
            };
            let style = SMALL_BOLD.with_colour(ink(l.owner));
            let mx = x + (column - w.text_width(style, &mark)) / 2.0;
            w.text(mx, bottom + (BAND - 1.5) / 2.0 - 2.6, style, &mark);
        }
        w.y = top - BAND;
    }
}

/// The six swatches in a row with their names.
fn legend_strip(w: &mut Writer) {
    let mut x = MARGIN;
    let y = w.y - 16.0;
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
    w.y = y - 8.0;
}

/// The layers people overrode on `services`, each with its default and reason.
fn overrides(w: &mut Writer, services: &[Service]) {
    let lines: Vec<String> = services
        .iter()
        .flat_map(|s| {
            s.layers.iter().filter(|l| l.overridden()).map(move |l| {
                format!(
                    "* {}, {}: {} (default {}). {}",
                    s.name,
                    l.layer.label(),
                    l.owner.label(),
                    l.default_owner.label(),
                    l.reason.as_deref().unwrap_or("")
                )
            })
        })
        .collect();
    let body = w.body_width();
    if lines.is_empty() {
        w.paragraph(
            MARGIN,
            body,
            SMALL.with_colour(GREY),
            "No layer of these services is overridden: each has its service model's default.",
        );
        return;
    }
    for line in lines {
        w.paragraph(MARGIN, body, SMALL, &line);
    }
}
