//! The readiness section, in the pack only when asked (`PackOptions::readiness`): the gaps
//! still open. The separate readiness report (`--readiness`) is its own document; when it
//! offers a function that writes its section into a document, this is where the pack calls it.

use super::page::{Writer, MARGIN};
use super::style::BODY;
use super::table::{table, Cell};
use crate::ExportData;

pub(super) fn readiness(w: &mut Writer, data: &ExportData) {
    w.section("Readiness: open gaps", true);
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
