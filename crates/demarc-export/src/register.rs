//! The provider register as rows of text and dates, shared by the workbook and the PDF.

use chrono::NaiveDate;
use demarc_core::{
    aoc_status, soc2_coverage, soc2_current_until, validity, vendor_review_due, AocStatus,
    Attestation, AttestationDetails, BaaMechanism, BaaStatus, Opinion, Soc2Type, SubserviceMethod,
    UNDER_12_8,
};

use crate::{cited_matrices, ExportData};

/// One attestation of a provider, or the provider alone when it has none on file.
pub struct RegisterRow {
    pub provider: String,
    /// The attestation's short name, or "None on file".
    pub attestation: String,
    /// Where the attestation stands as the matrix relies on it (`status`); empty without an
    /// attestation.
    pub status: String,
    pub services: String,
    pub details: String,
    pub baa: String,
    pub last_review: Option<NaiveDate>,
    pub next_review: Option<NaiveDate>,
    /// When the next vendor review is due: its date, else a quarter after the last.
    pub review_due: Option<NaiveDate>,
    /// The vendor review is past due, or none is recorded: the vendor review gap's rule.
    pub review_overdue: bool,
    /// The provider matrices the control matrix cites, directly or through crosswalks, with the
    /// credit a matrix shipped with Demarc carries.
    pub matrices: String,
    /// What the client's own report expects of the provider (its CSOCs), one a line.
    pub csocs: String,
}

pub fn register(data: &ExportData) -> Vec<RegisterRow> {
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
        let review_due = vendor_review_due(review);
        let review_overdue = review_due.is_none_or(|d| data.generated_at.date() > d);
        let mut cited: Vec<(&str, u32, &str)> = data
            .rows
            .iter()
            .flat_map(cited_matrices)
            .filter(|src| src.provider.eq_ignore_ascii_case(provider))
            .map(|src| (src.file.as_str(), src.version, src.provider.as_str()))
            .collect();
        cited.sort_unstable();
        cited.dedup_by(|a, b| (a.0, a.1) == (b.0, b.1));
        // A matrix shipped with Demarc carries the credit its licence asks for.
        let matrices: Vec<String> = cited
            .into_iter()
            .map(|(file, version, provider)| {
                let line = format!("{file} (version {version})");
                match data.matrix_credits.get(&(provider.to_string(), version)) {
                    Some(credit) => format!("{line}; {credit}"),
                    None => line,
                }
            })
            .collect();
        let csocs: Vec<String> = data
            .csocs
            .iter()
            .filter(|c| c.provider.eq_ignore_ascii_case(provider))
            .map(|c| {
                if c.criteria.is_empty() {
                    c.text.clone()
                } else {
                    format!("{} ({})", c.text, c.criteria.join(", "))
                }
            })
            .collect();
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
                review_due,
                review_overdue,
                matrices: matrices.join("\n"),
                csocs: csocs.join("\n"),
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
            // The services it covers in scope: those it names and, for a BAA, those among
            // its eligible services, as the rows read it.
            let covered: Vec<&str> = data
                .view
                .services
                .iter()
                .filter(|s| a.covers(&s.name))
                .map(|s| s.name.as_str())
                .collect();
            let services = if covered.is_empty() {
                a.services.join("\n")
            } else {
                covered.join("\n")
            };
            out.push(row(a.label(), &status(a, data), services, details(a)));
        }
    }
    out
}

impl RegisterRow {
    /// When the next vendor review is due, marked when overdue: `2026-09-20 (OVERDUE)`,
    /// `2027-01-05 (a quarter after the last)`, `none recorded (OVERDUE)`.
    pub fn review_due_text(&self) -> String {
        let mut text = match self.review_due {
            None => "none recorded".to_string(),
            Some(d) if self.next_review.is_none() => format!("{d}, a quarter after the last"),
            Some(d) => d.to_string(),
        };
        if self.review_overdue {
            text += " (OVERDUE)";
        }
        text
    }
}

/// True for a BAA recorded as not required: the vendor's determination, no agreement, so no
/// days in force and no rows relying on it.
pub(crate) fn is_determination(a: &Attestation) -> bool {
    matches!(&a.details, AttestationDetails::Baa(b) if b.status == BaaStatus::NotRequired)
}

/// Where an attestation stands as the matrix relies on it (`ExportData::reliance`): a SOC 2
/// report is in force when it is on a day of the audit window, and then says how far its
/// period and bridge letter speak when that is short of the window; a BAA not signed gives its
/// status; anything else is current or not on the export's day.
pub(crate) enum Standing {
    Current,
    /// In force, but what it speaks for (the words) ends before the window opens.
    EndsBeforeWindow(String),
    /// In force, speaking for part of the window only.
    PartOfWindow(String),
    StaleForWindow(NaiveDate),
    /// Current today, stale on this day inside the audit window (an AOC, a certificate).
    ExpiresInWindow(NaiveDate),
    NotInWindow,
    StaleSince(NaiveDate),
    NotCurrent,
    /// A BAA recorded as not required.
    Determination,
    /// A BAA not signed, with its status.
    Unsigned(&'static str),
}

impl Standing {
    /// A short identifier, as OSCAL's `status` property gives it.
    pub(crate) fn id(&self) -> &'static str {
        match self {
            Standing::Current => "current",
            Standing::EndsBeforeWindow(_) => "ends-before-audit-window",
            Standing::PartOfWindow(_) => "covers-part-of-audit-window",
            Standing::StaleForWindow(_) | Standing::StaleSince(_) => "stale",
            Standing::ExpiresInWindow(_) => "expires-in-audit-window",
            Standing::NotInWindow | Standing::NotCurrent | Standing::Unsigned(_) => "not-current",
            Standing::Determination => "not-required",
        }
    }

    pub(crate) fn words(&self) -> String {
        match self {
            Standing::Current => "current".to_string(),
            Standing::EndsBeforeWindow(speaks) => {
                format!("in force, but ends before the audit window: {speaks}")
            }
            Standing::PartOfWindow(speaks) => {
                format!("in force; covers only part of the audit window: {speaks}")
            }
            Standing::StaleForWindow(until) => {
                format!("stale for the audit window: stale after {until}")
            }
            Standing::ExpiresInWindow(until) => {
                format!("current; stale after {until}, inside the audit window")
            }
            Standing::NotInWindow => "not in force in the audit window".to_string(),
            Standing::StaleSince(until) => format!("stale since {until}"),
            Standing::NotCurrent => "not current".to_string(),
            Standing::Determination => "a determination, no agreement".to_string(),
            Standing::Unsigned(status) => format!("{status}, not in force"),
        }
    }
}

pub(crate) fn standing(a: &Attestation, data: &ExportData) -> Standing {
    let on = data.reliance();
    let current = on.current(&a.details);
    match &a.details {
        AttestationDetails::Soc2(r) => {
            let (_, to) = soc2_coverage(r, data.bridge_letter_months);
            let speaks = if to > r.period_end {
                format!("period to {}, bridge letter to {to}", r.period_end)
            } else {
                format!("period to {to}")
            };
            let until = soc2_current_until(r);
            match (on.window, current) {
                (Some((start, _)), true) if to < start => Standing::EndsBeforeWindow(speaks),
                (Some((_, end)), true) if to < end => Standing::PartOfWindow(speaks),
                (_, true) => Standing::Current,
                (Some((start, _)), false) if until < start => Standing::StaleForWindow(until),
                (Some(_), false) => Standing::NotInWindow,
                (None, false) if until < on.today => Standing::StaleSince(until),
                (None, false) => Standing::NotCurrent,
            }
        }
        AttestationDetails::Baa(b) if b.status == BaaStatus::NotRequired => Standing::Determination,
        AttestationDetails::Baa(b) if b.status != BaaStatus::Signed => {
            Standing::Unsigned(b.status.label())
        }
        _ if current => match (on.window, validity(&a.details).1) {
            (Some((start, _)), Some(until)) if until < start => Standing::StaleForWindow(until),
            (Some((_, end)), Some(until)) if until < end => Standing::ExpiresInWindow(until),
            _ => Standing::Current,
        },
        _ => Standing::NotCurrent,
    }
}

/// What PCI DSS 12.8 asks next of a TPSP providing `services`: monitoring when a current AOC
/// validates each (and its successor first when one lapses inside the audit window), or what
/// 12.8.4 and 12.8.5 ask when one does not.
pub(crate) fn tpsp_follows(data: &ExportData, services: &[&str]) -> String {
    let on = data.reliance();
    let mut lapses = Vec::new();
    for s in services {
        match aoc_status(&data.attestations, s, on) {
            AocStatus::Current(a) => {
                if let Standing::ExpiresInWindow(until) = standing(a, data) {
                    lapses.push(until);
                }
            }
            _ => {
                let mut words = UNDER_12_8.to_string();
                words[..1].make_ascii_uppercase();
                return words;
            }
        }
    }
    let monitor = "monitor its compliance status at least once every 12 months (12.8.4)";
    match lapses.into_iter().min() {
        Some(until) => format!(
            "Its AOC covers its services until {until}, inside the audit window: obtain the \
             next one before then; {monitor}"
        ),
        None => format!("Its AOC covers its services: {monitor}"),
    }
}

/// `standing` in words.
pub(crate) fn status(a: &Attestation, data: &ExportData) -> String {
    standing(a, data).words()
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
            ];
            // What the report speaks for (its period, and a bridge letter up to the letter's
            // own date) apart from how long it may be relied on.
            match &r.bridge_letter {
                Some(b) => {
                    lines.push(format!(
                        "Bridge letter of {}: covers {} to {}, from the day after the period \
                         end to the letter's date",
                        b.date,
                        r.period_end.succ_opt().unwrap_or(r.period_end),
                        b.ends()
                    ));
                    if b.overstated() {
                        lines.push(format!(
                            "  The letter states {}, after its own date: read as ending on {}",
                            b.covers_to,
                            b.ends()
                        ));
                    }
                    lines.push(format!(
                        "Speaks for {} to {}; in force until {} (stale after)",
                        r.period_start,
                        b.ends().max(r.period_end),
                        soc2_current_until(r)
                    ));
                }
                None => lines.push(format!(
                    "Speaks for {} to {}; in force until {} (stale after)",
                    r.period_start,
                    r.period_end,
                    soc2_current_until(r)
                )),
            }
            if r.cuecs.is_empty() {
                lines.push(if r.no_cuecs {
                    "No CUECs in the report (confirmed)".to_string()
                } else {
                    "No CUECs recorded".to_string()
                });
            } else {
                let mapped = r.cuecs.iter().filter(|c| !c.criteria.is_empty()).count();
                lines.push(format!(
                    "{} CUECs listed, {mapped} mapped to the client's criteria",
                    r.cuecs.len()
                ));
            }
            if r.exceptions_noted {
                let assessed = r.exceptions.iter().filter(|x| x.assessed()).count();
                lines.push(format!(
                    "Exceptions: {} recorded, {assessed} assessed",
                    r.exceptions.len()
                ));
                for (i, x) in r.exceptions.iter().enumerate() {
                    lines.push(format!(
                        "  {}. {}; impact: {}; response: {}",
                        i + 1,
                        x.description,
                        x.impact.as_deref().unwrap_or("not assessed"),
                        x.response.as_deref().unwrap_or("none")
                    ));
                }
            }
            lines.push(format!("Kept at: {}", r.reference));
            lines.join("\n")
        }
        AttestationDetails::Baa(b) if b.status == BaaStatus::NotRequired => format!(
            "Not a business associate: {}",
            b.terms
                .determination
                .as_deref()
                .unwrap_or("no reason recorded")
        ),
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
            if !b.eligible_services.is_empty() {
                text += &format!("\nEligible services: {}", b.eligible_services.join(", "));
            }
            if let Some(r) = &b.terms.eligible_reference {
                text += &format!("\nEligible services reference: {r}");
            }
            text += &format!("\nBAA next review: {}", or_none(b.next_review));
            text + &outside(a)
        }
        AttestationDetails::Aoc(aoc) => format!(
            "PCI DSS v{}, dated {}\nRequirements covered: {}",
            aoc.dss_version,
            aoc.date,
            aoc.requirements
                .as_ref()
                .map_or("all".to_string(), |r| r.join(", "))
        ),
        AttestationDetails::Iso27001(c) => format!(
            "Certificate {}, expires {}\nScope: {}",
            c.number, c.expiry, c.scope
        ),
        AttestationDetails::Fedramp(f) => {
            let mut text = format!(
                "{}, authorized {}, package {}",
                f.level.label(),
                f.date,
                f.package_id
            );
            if !f.boundary.is_empty() {
                text += &format!("\nBoundary: {}", f.boundary.join(", "));
            }
            if !f.regions.is_empty() {
                text += &format!("\nRegions: {}", f.regions.join(", "));
            }
            text + &outside(a)
        }
    }
}

/// The services covered outside the document's scope, each with its reason, as lines.
fn outside(a: &Attestation) -> String {
    a.outside_scope
        .iter()
        .map(|o| format!("\nCovers {} outside its scope: {}", o.service, o.reason))
        .collect()
}
