//! What the covers of the workbook and of the PDF pack say: the engagement's facts and the
//! sign-off rows.

use crate::change_log::current_changes;
use crate::{ExportData, ManifestEntry};

/// A fact of the cover: its label and its text.
pub(crate) type Fact = (&'static str, String);

/// The cover's facts, in two groups so that each writer can put the time of the export between
/// them or after them.
pub(crate) struct Facts {
    /// Scope, frameworks with their catalog versions, the scoping profiles, audit window,
    /// document version.
    pub about: Vec<Fact>,
    /// When the data last changed, the review cadence, the engagement file and its full hash.
    pub provenance: Vec<Fact>,
}

/// The version with its state: `0.2 (draft)`, `0.3 (approved)`.
pub(crate) fn version_text(data: &ExportData) -> String {
    let state = if data.sign_off.is_draft() {
        "draft"
    } else {
        "approved"
    };
    format!("{} ({state})", data.sign_off.version)
}

pub(crate) fn facts(data: &ExportData) -> Facts {
    let e = &data.view.engagement;
    Facts {
        about: vec![
            ("Scope", e.scope.clone()),
            ("Frameworks", data.framework_names().join("\n")),
            ("Scoping", data.scoping_lines().join("\n")),
            ("Audit window", data.audit_window().unwrap_or_default()),
            ("Document version", version_text(data)),
            ("Status", data.status_line()),
            ("Changes", current_changes(data).summary()),
        ],
        provenance: vec![
            ("Data as of", data.data_as_of.clone().unwrap_or_default()),
            ("Review cadence", "Not recorded in the engagement".into()),
            (
                "Engagement file",
                format!("{} (sha256 {})", data.file_name, data.file_sha256),
            ),
        ],
    }
}

/// The workbook's output manifest, one line a file: each file of the export made before it with
/// its SHA-256 (as `sha256sum` prints it), then each pack made after it: a pack lists this
/// workbook's SHA-256 on its cover, so the workbook cannot list the pack's, nor its own.
pub(crate) fn workbook_manifest(hashed: &[ManifestEntry], packs: &[String]) -> Vec<String> {
    let mut lines: Vec<String> = hashed
        .iter()
        .map(|m| format!("{}  {} ({} bytes)", m.sha256, m.name, m.bytes))
        .collect();
    lines.extend(packs.iter().map(|p| {
        format!("{p}: made after this workbook; its cover lists every file's SHA-256, this one's included")
    }));
    if lines.is_empty() {
        lines.push("No other file was written with this workbook.".into());
    }
    if packs.is_empty() {
        lines.push(
            "This workbook cannot state its own hash: compute it (sha256sum) and keep it with \
             the copy sent."
                .into(),
        );
    }
    lines
}

/// One row of the sign-off table: the step, then the person's name, role and date (empty where
/// nothing is recorded, for a person to fill in by hand).
pub(crate) struct Signer<'a> {
    pub step: &'static str,
    pub name: &'a str,
    pub role: &'a str,
    pub date: String,
}

/// Prepared by, reviewed by (one row per reviewer, or an empty one), approved by: the approval
/// of the version stated when one stands, otherwise empty.
pub(crate) fn sign_off(data: &ExportData) -> Vec<Signer<'_>> {
    let e = &data.view.engagement;
    let signer = |step, name, role| Signer {
        step,
        name,
        role,
        date: String::new(),
    };
    let mut out = vec![match &e.preparer {
        Some(p) => signer("Prepared by", &p.name, &p.role),
        None => signer("Prepared by", "", ""),
    }];
    if e.reviewers.is_empty() {
        out.push(signer("Reviewed by", "", ""));
    }
    for r in &e.reviewers {
        out.push(signer("Reviewed by", &r.name, &r.role));
    }
    out.push(match &data.sign_off.approval {
        Some(a) => Signer {
            date: a.on.to_string(),
            ..signer("Approved by", &a.approver, &a.role)
        },
        None => signer("Approved by", "", ""),
    });
    out
}
