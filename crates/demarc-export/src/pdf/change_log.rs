//! The decision log summary: every version with its approvals, then what was decided in the
//! version the pack states, with where each decision stands with its reviewers. The whole log
//! is the workbook's Decision log sheet.

use super::page::{Writer, MARGIN};
use super::style::BODY;
use super::table::{table, Cell};
use crate::change_log::{change_text, current_changes, versions};
use crate::ExportData;

pub(super) fn change_log(w: &mut Writer, data: &ExportData) {
    w.section("Decision log summary", true);
    let changes = current_changes(data);
    w.paragraph(
        MARGIN,
        w.body_width(),
        BODY,
        &format!(
            "{}. Version {}: {}. The decision log holds {} entries in all; every entry, with \
             its version and review, is in the workbook's Decision log sheet.",
            data.status_line(),
            changes.version,
            changes.summary(),
            data.decisions.len()
        ),
    );
    w.y -= 8.0;
    let rows: Vec<Vec<Cell>> = versions(data)
        .into_iter()
        .map(|v| {
            vec![
                Cell::text(v.version),
                Cell::text(v.started),
                Cell::text(v.note),
                Cell::text(v.changes),
                Cell::text(v.approvals),
            ]
        })
        .collect();
    table(
        w,
        &[
            ("Version", 0.6),
            ("Started", 1.4),
            ("Note", 1.6),
            ("Changes", 3.2),
            ("Approved by", 1.4),
        ],
        &rows,
        true,
    );
    if changes.entries.is_empty() {
        return;
    }
    w.y -= 14.0;
    w.heading(&format!("Decisions in version {}", changes.version));
    let rows: Vec<Vec<Cell>> = changes
        .entries
        .iter()
        .map(|d| {
            vec![
                Cell::text(format!("#{}", d.id)),
                Cell::text(format!("{}\n{}", d.at, d.who)),
                Cell::text(d.about.words()),
                Cell::text(change_text(d)),
                Cell::text(d.reason.clone().unwrap_or_default()),
                Cell::text(d.review.words()),
            ]
        })
        .collect();
    table(
        w,
        &[
            ("#", 0.4),
            ("When and who", 1.6),
            ("About", 1.5),
            ("Change", 2.2),
            ("Reason", 1.9),
            ("Review", 1.3),
        ],
        &rows,
        true,
    );
}
