//! The provider register as rows of text and dates, shared by the workbook and the PDF.

use chrono::NaiveDate;
use demarc_core::{
    is_current, soc2_current_until, Attestation, AttestationDetails, BaaMechanism, Opinion,
    Soc2Type, SubserviceMethod,
};

use crate::ExportData;

/// One attestation of a provider, or the provider alone when it has none on file.
pub struct RegisterRow {
    pub provider: String,
    /// The attestation's short name, or "None on file".
    pub attestation: String,
    /// "current" or "not current" on the export's day; empty without an attestation.
    pub status: String,
    pub services: String,
    pub details: String,
    pub baa: String,
    pub last_review: Option<NaiveDate>,
    pub next_review: Option<NaiveDate>,
    /// The provider matrices the control matrix cites.
    pub matrices: String,
}

pub fn register(data: &ExportData) -> Vec<RegisterRow> {
    let today = data.generated_at.date();
    let mut out = Vec::new();
    for provider in data.providers() {
        let review = data
            .vendor_reviews
            .iter()
            .find(|r| r.provider.eq_ignore_ascii_case(provider));
        let baa = data
            .attestations_of(provider)
            .find_map(|a| match &a.details {
                AttestationDetails::Baa(b) => Some(b.status.label()),
                _ => None,
            })
            .unwrap_or("not recorded");
        let mut matrices: Vec<String> = data
            .rows
            .iter()
            .filter_map(|r| r.provider_source.as_ref())
            .filter(|src| src.provider.eq_ignore_ascii_case(provider))
            .map(|src| format!("{} (version {})", src.file, src.version))
            .collect();
        matrices.sort();
        matrices.dedup();
        let row =
            |attestation: String, status: &str, services: String, details: String| RegisterRow {
                provider: provider.to_string(),
                attestation,
                status: status.to_string(),
                services,
                details,
                baa: baa.to_string(),
                last_review: review.and_then(|r| r.last_reviewed),
                next_review: review.and_then(|r| r.next_review),
                matrices: matrices.join("\n"),
            };
        let attestations: Vec<&Attestation> = data.attestations_of(provider).collect();
        if attestations.is_empty() {
            let services: Vec<&str> = data
                .view
                .services
                .iter()
                .filter(|s| s.provider == provider)
                .map(|s| s.name.as_str())
                .collect();
            out.push(row(
                "None on file".into(),
                "",
                services.join("\n"),
                String::new(),
            ));
        }
        for a in attestations {
            let status = if is_current(&a.details, today) {
                "current"
            } else {
                "not current"
            };
            out.push(row(a.label(), status, a.services.join("\n"), details(a)));
        }
    }
    out
}

/// What an auditor checks of an attestation, in a few lines. Reports are named and located,
/// never included.
pub(crate) fn details(a: &Attestation) -> String {
    let or_none = |d: Option<NaiveDate>| d.map_or("not recorded".to_string(), |d| d.to_string());
    match &a.details {
        AttestationDetails::Soc2(r) => {
            let kind = match r.report_type {
                Soc2Type::Type1 => "Type I",
                Soc2Type::Type2 => "Type II",
            };
            let opinion = match r.opinion {
                Opinion::Unqualified => "unqualified",
                Opinion::Qualified => "qualified",
            };
            let method = match r.subservice_method {
                SubserviceMethod::CarveOut => "carve-out",
                SubserviceMethod::Inclusive => "inclusive",
            };
            let mut lines = vec![
                format!(
                    "{kind}, period {} to {}, issued {}, auditor {}",
                    r.period_start,
                    r.period_end,
                    or_none(r.issued),
                    r.auditor
                ),
                format!(
                    "Opinion {opinion}{}; subservice organizations {method}{}",
                    if r.exceptions_noted {
                        ", exceptions noted"
                    } else {
                        ""
                    },
                    if r.subservice_organizations.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", r.subservice_organizations.join(", "))
                    }
                ),
                format!("Current until {}", soc2_current_until(r)),
            ];
            if let Some(b) = &r.bridge_letter {
                lines.push(format!(
                    "Bridge letter of {} covering to {}",
                    b.date, b.covers_to
                ));
            }
            if !r.cuecs.is_empty() {
                lines.push(format!("{} CUECs listed", r.cuecs.len()));
            }
            lines.push(format!("Kept at: {}", r.reference));
            lines.join("\n")
        }
        AttestationDetails::Baa(b) => {
            let mechanism = match b.mechanism {
                Some(BaaMechanism::ClickThrough) => "click-through",
                Some(BaaMechanism::Negotiated) => "negotiated",
                None => "mechanism not recorded",
            };
            let mut text = format!(
                "Status {}, {mechanism}, effective {}",
                b.status.label(),
                or_none(b.effective)
            );
            if !b.accounts.is_empty() {
                text += &format!("\nAccounts: {}", b.accounts.join(", "));
            }
            text
        }
        AttestationDetails::Aoc(aoc) => {
            format!("PCI DSS v{}, dated {}", aoc.dss_version, aoc.date)
        }
        AttestationDetails::Iso27001(c) => format!(
            "Certificate {}, expires {}\nScope: {}",
            c.number, c.expiry, c.scope
        ),
        AttestationDetails::Fedramp(f) => {
            format!(
                "{}, authorized {}, package {}",
                f.level.label(),
                f.date,
                f.package_id
            )
        }
    }
}
