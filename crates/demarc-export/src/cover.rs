//! What the covers of the workbook and of the PDF pack say: the engagement's facts and the
//! sign-off rows.

use crate::ExportData;

/// A fact of the cover: its label and its text.
pub(crate) type Fact = (&'static str, String);

/// The cover's facts, in two groups so that each writer can put the time of the export between
/// them or after them.
pub(crate) struct Facts {
    /// Scope, frameworks with their catalog versions, the scoping profiles, audit window,
    /// document version.
    pub about: Vec<Fact>,
    /// When the data last changed, the review cadence, the engagement file and its hash.
    pub provenance: Vec<Fact>,
}

pub(crate) fn facts(data: &ExportData) -> Facts {
    let e = &data.view.engagement;
    Facts {
        about: vec![
            ("Scope", e.scope.clone()),
            ("Frameworks", data.framework_names().join("\n")),
            ("Scoping", data.scoping_lines().join("\n")),
            ("Audit window", data.audit_window().unwrap_or_default()),
            ("Document version", e.document_version.clone()),
        ],
        provenance: vec![
            ("Data as of", data.data_as_of.clone().unwrap_or_default()),
            ("Review cadence", "Not recorded in the engagement".into()),
            (
                "Engagement file",
                format!("{} (sha256 {})", data.file_name, data.file_hash),
            ),
        ],
    }
}

/// One row of the sign-off table: the step, then the person's name and role (empty where no
/// one is recorded, for a person to fill in by hand).
pub(crate) struct Signer<'a> {
    pub step: &'static str,
    pub name: &'a str,
    pub role: &'a str,
}

/// Prepared by, reviewed by (one row per reviewer, or an empty one), approved by.
pub(crate) fn sign_off(data: &ExportData) -> Vec<Signer<'_>> {
    let e = &data.view.engagement;
    let signer = |step, name, role| Signer { step, name, role };
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
    out.push(signer("Approved by", "", ""));
    out
}
