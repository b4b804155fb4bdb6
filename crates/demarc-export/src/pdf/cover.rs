//! The cover (the engagement's facts, the status, the engagement file's SHA-256 and the output
//! manifest), the contents page filled in once every section has its page, and the sign-off
//! block that closes the pack.

use super::page::{Writer, MARGIN};
use super::readiness_report::READINESS_SUFFIX;
use super::style::{BODY, GREY, HEADING, LABEL, SMALL, TITLE};
use super::table::{table, Cell};
use super::ManifestEntry;
use crate::cover::{facts, sign_off as signers};
use crate::ExportData;

/// The status as the cover states it: `Draft: ...` or `Approved by NAME (ROLE) on DATE`.
pub(super) fn status(data: &ExportData) -> String {
    signed_status(data)
}

fn signed_status(data: &ExportData) -> String {
    match &data.sign_off.approval {
        Some(a) if !data.sign_off.is_draft() => format!(
            "Approved by {} ({}) on {}, version {}",
            a.approver, a.role, a.on, a.version
        ),
        _ => {
            let open = data.sign_off.open_items();
            if open.is_empty() {
                format!("Draft version {}: not approved", data.sign_off.version)
            } else {
                format!(
                    "Draft version {}: not approved; open: {}",
                    data.sign_off.version,
                    open.join(", ")
                )
            }
        }
    }
}

/// A label in the left column and its text beside it.
fn fact(w: &mut Writer, label: &str, value: &str, label_width: f32) {
    let body = w.body_width();
    let top = w.y;
    w.y -= LABEL.size;
    w.text(MARGIN, w.y, LABEL, label);
    w.y = top;
    w.paragraph(MARGIN + label_width, body - label_width, BODY, value);
    w.y -= 5.0;
}

pub(super) fn cover(
    w: &mut Writer,
    data: &ExportData,
    manifest: &[ManifestEntry],
    with_readiness: bool,
) {
    let e = &data.view.engagement;
    w.new_page(false);
    w.mark("Cover", 0);
    let body = w.body_width();
    w.y -= 20.0;
    w.paragraph(MARGIN, body, TITLE, &e.client);
    w.y -= 4.0;
    w.paragraph(MARGIN, body, HEADING, &e.name);
    w.paragraph(
        MARGIN,
        body,
        BODY.with_colour(GREY),
        "Shared responsibility pack: who implements each control, for every cloud service in \
         scope, and what each relies on",
    );
    if data.reads_as_readiness() {
        let (customer, without) = demarc_core::customer_evidence(&data.rows);
        w.y -= 4.0;
        w.paragraph(MARGIN, body, HEADING, demarc_core::READINESS_DRAFT);
        w.paragraph(
            MARGIN,
            body,
            BODY,
            &format!(
                "Not an evidence pack: unsigned, and {without} of {customer} customer-side rows \
                 ({}%) lack evidence.",
                without * 100 / customer.max(1)
            ),
        );
    }
    w.y -= 12.0;

    let label_width = 110.0;
    let about = facts(data).about;
    for (label, value) in &about {
        let value = match *label {
            "Status" => status(data),
            _ => value.clone(),
        };
        fact(w, label, &value, label_width);
    }
    fact(
        w,
        "Generated at",
        &format!("{} UTC", data.generated_at.format("%Y-%m-%d %H:%M")),
        label_width,
    );
    fact(
        w,
        "Data as of",
        data.data_as_of.as_deref().unwrap_or("no decision recorded"),
        label_width,
    );
    fact(w, "Engagement file", &data.file_name, label_width);
    w.y += 3.0;
    w.paragraph(
        MARGIN + label_width,
        w.body_width() - label_width,
        SMALL,
        &format!("SHA-256 {}", data.file_sha256),
    );
    w.y -= 5.0;
    let gaps = if with_readiness {
        "The open gaps, grouped into the work plan, are in this pack's Readiness section."
            .to_string()
    } else {
        match manifest.iter().find(|m| m.name.ends_with(READINESS_SUFFIX)) {
            Some(m) => format!(
                "The open gaps, grouped into the work plan, are in the readiness report {} \
                 (in the manifest below).",
                m.name
            ),
            None => "The open gaps are in the readiness report (demarc export --readiness \
                     FILE.pdf)."
                .to_string(),
        }
    };
    fact(
        w,
        "Not in this pack",
        &format!(
            "The full control matrix (one row per service and control) is in the workbook. \
             {gaps} Provider reports are referenced by name, period and location, never \
             included."
        ),
        label_width,
    );

    w.y -= 8.0;
    w.paragraph(MARGIN, body, LABEL, "Output manifest");
    w.paragraph(
        MARGIN,
        body,
        SMALL.with_colour(GREY),
        "The other files of this export with their SHA-256 (the engagement's is above). This \
         PDF cannot state its own hash: compute it (sha256sum) and keep it with the copy sent.",
    );
    w.y -= 3.0;
    // One line a file, as sha256sum prints them, so the list stays on the cover.
    for m in manifest {
        w.paragraph(
            MARGIN,
            body,
            SMALL,
            &format!("{}  {} ({} bytes)", m.sha256, m.name, m.bytes),
        );
    }
    if manifest.is_empty() {
        w.paragraph(
            MARGIN,
            body,
            SMALL,
            "No other file was written with this PDF.",
        );
    }
}

/// Starts the contents page, filled in by `contents` at the end; returns its index.
pub(super) fn reserve_contents(w: &mut Writer) -> usize {
    w.section("Contents", false);
    w.page_count() - 1
}

/// Writes the contents on the page `index`: every section with the page it starts on.
pub(super) fn contents(w: &mut Writer, index: usize) {
    let sections = w.sections.clone();
    w.go_to_page(index);
    // Below the heading `section` wrote.
    w.y -= BODY.size + 18.0;
    let right = w.page().0 - MARGIN;
    for s in sections
        .iter()
        .filter(|s| s.title != "Cover" && s.title != "Contents")
    {
        let (style, indent) = if s.level == 0 {
            (LABEL, 0.0)
        } else {
            (BODY, 16.0)
        };
        let number = (s.page + 1).to_string();
        w.y -= style.line_height() + if s.level == 0 { 4.0 } else { 0.0 };
        let x = MARGIN + indent;
        w.text(x, w.y, style, &s.title);
        let title_end = x + w.text_width(style, &s.title) + 6.0;
        let number_x = right - w.text_width(style, &number);
        // Dotted leaders between the title and its page.
        let dot = w.text_width(BODY, ".");
        let mut dx = title_end;
        let mut dots = String::new();
        while dx + dot < number_x - 6.0 {
            dots.push('.');
            dx += dot;
        }
        w.text(title_end, w.y, BODY.with_colour(GREY), &dots);
        w.text(number_x, w.y, style, &number);
    }
}

pub(super) fn sign_off(w: &mut Writer, data: &ExportData) {
    let signers = signers(data);
    // The status, the statement and a table row of three lines per signer.
    w.section_below("Sign-off", false, 140.0 + 48.0 * signers.len() as f32);
    let body = w.body_width();
    w.paragraph(MARGIN, body, BODY, &status(data));
    w.y -= 6.0;
    w.paragraph(
        MARGIN,
        body,
        BODY,
        "By signing, each person confirms the version stated at the top of every page: the \
         owners of the controls, the attestations relied on and the exceptions listed in the \
         executive summary.",
    );
    w.y -= 10.0;
    let rows: Vec<Vec<Cell>> = signers
        .into_iter()
        .map(|s| {
            vec![
                Cell::text(s.step),
                Cell::text(s.name),
                Cell::text(s.role),
                Cell::text(format!("{}\n\n", s.date)),
                Cell::text(""),
            ]
        })
        .collect();
    table(
        w,
        &[
            ("Step", 1.0),
            ("Name", 1.6),
            ("Role", 1.4),
            ("Date", 1.0),
            ("Signature", 1.6),
        ],
        &rows,
        false,
    );
}
