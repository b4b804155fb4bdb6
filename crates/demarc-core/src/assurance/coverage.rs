//! What an attestation covers and until when: the rules that decide whether a provider-side row
//! is inherited on a given day, and which days of an audit window no report reaches.

use chrono::{Datelike, Months, NaiveDate};

use super::{
    carved_out_criterion_words, carved_out_words, third_party_cover, Attestation,
    AttestationDetails, AttestationKind, Baa, BaaStatus, Soc2Report, ThirdPartyCover,
};
use crate::{Evidence, Framework, MatrixRow, OwnerSource, Ownership, Service};

/// Months after a SOC 2 period ends, or after an AOC's date, before it is stale.
pub const STALE_AFTER_MONTHS: u32 = 12;
/// Months past a SOC 2 period end a bridge letter usually covers; longer draws a warning.
pub const BRIDGE_LETTER_MONTHS: u32 = 3;
/// Customer evidence is collected between 90 and 60 days before the audit window opens.
pub const EVIDENCE_OPENS_DAYS: u64 = 90;
pub const EVIDENCE_DUE_DAYS: u64 = 60;

/// `date` plus `months` calendar months; the 29th of February lands on the 28th.
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// The last day a bridge letter may cover: `months` calendar months after the period end, to
/// the end of that month when the period ends on the last day of its month (30 September and
/// 3 months give 31 December).
pub fn bridge_letter_limit(period_end: NaiveDate, months: u32) -> NaiveDate {
    let month_end = period_end.succ_opt().is_none_or(|next| next.day() == 1);
    let limit = add_months(period_end, months);
    if !month_end {
        return limit;
    }
    let first_of_next = add_months(limit.with_day(1).unwrap_or(limit), 1);
    first_of_next.pred_opt().unwrap_or(limit)
}

/// The last day a SOC 2 report is current: 12 months after its period ends.
pub fn soc2_current_until(report: &Soc2Report) -> NaiveDate {
    add_months(report.period_end, STALE_AFTER_MONTHS)
}

/// The days a SOC 2 report speaks for: its period, extended by a bridge letter no further
/// than `bridge_letter_months` past the period end (a longer letter in an older file counts
/// only that far), and never past the day the letter was signed: management can assert that
/// nothing changed up to that day, not after it.
pub fn soc2_coverage(report: &Soc2Report, bridge_letter_months: u32) -> (NaiveDate, NaiveDate) {
    let limit = bridge_letter_limit(report.period_end, bridge_letter_months);
    let end = report
        .bridge_letter
        .as_ref()
        .map_or(report.period_end, |b| {
            b.ends().min(limit).max(report.period_end)
        });
    (report.period_start, end)
}

/// True when a bridge letter reaches further past the period end than the usual 3 months.
pub fn bridge_letter_too_long(report: &Soc2Report) -> bool {
    report
        .bridge_letter
        .as_ref()
        .is_some_and(|b| b.ends() > bridge_letter_limit(report.period_end, BRIDGE_LETTER_MONTHS))
}

/// True when the attestation can be relied on `today`, whatever it covers.
pub fn is_current(details: &AttestationDetails, today: NaiveDate) -> bool {
    let (from, to) = validity(details);
    from.is_none_or(|f| f <= today) && to.is_none_or(|t| today <= t)
}

/// The days an attestation can be relied on, first and last (`None`: open-ended): a SOC 2
/// report from its period's start until it is stale, an AOC for 12 months from its date, a
/// certificate until it expires, an authorization and a signed BAA from their date on. A BAA
/// that is not signed is never in force.
pub fn validity(details: &AttestationDetails) -> (Option<NaiveDate>, Option<NaiveDate>) {
    match details {
        AttestationDetails::Soc2(r) => (Some(r.period_start), Some(soc2_current_until(r))),
        AttestationDetails::Aoc(a) => (Some(a.date), Some(add_months(a.date, STALE_AFTER_MONTHS))),
        AttestationDetails::Iso27001(c) => (None, Some(c.expiry)),
        AttestationDetails::Fedramp(f) => (Some(f.date), None),
        AttestationDetails::Baa(b) if b.status == BaaStatus::Signed => (b.effective, None),
        AttestationDetails::Baa(_) => (Some(NaiveDate::MAX), Some(NaiveDate::MIN)),
    }
}

/// What reliance on an attestation is judged against: a SOC 2 report against the
/// engagement's audit window when it has one (it counts when it is in force on a day of the
/// window, whatever day the matrix is read; the days its period and bridge letter leave open
/// are `soc2_window_gap`), everything else on the day it is read; and whether the service
/// handles PHI (a HIPAA row then needs a signed BAA as well). A bare day judges everything on
/// that day, PHI assumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reliance {
    pub today: NaiveDate,
    pub window: Option<(NaiveDate, NaiveDate)>,
    pub phi: bool,
}

impl From<NaiveDate> for Reliance {
    fn from(today: NaiveDate) -> Reliance {
        Reliance {
            today,
            window: None,
            phi: true,
        }
    }
}

impl Reliance {
    /// Judged against the audit window `window` (if any) rather than `today`.
    pub fn for_window(today: NaiveDate, window: Option<(NaiveDate, NaiveDate)>) -> Reliance {
        Reliance {
            today,
            window: window.filter(|(s, e)| s <= e),
            phi: true,
        }
    }

    /// The same judgment for a service that does (or does not) handle PHI.
    pub fn with_phi(self, phi: bool) -> Reliance {
        Reliance { phi, ..self }
    }

    /// True when the attestation can be relied on: a SOC 2 report, which speaks for a
    /// period, when it is in force (from its period's start until stale) on a day of the audit
    /// window; any other kind, and a report when there is no window, on `today` (an AOC, a
    /// certificate, an agreement must be in force when they are relied on).
    pub fn current(&self, details: &AttestationDetails) -> bool {
        let (Some((start, end)), AttestationDetails::Soc2(_)) = (self.window, details) else {
            return is_current(details, self.today);
        };
        let (from, to) = validity(details);
        from.is_none_or(|f| f <= end) && to.is_none_or(|t| start <= t)
    }

    /// What "current" was judged against, in words: `in the audit window 2027-01-01 to
    /// 2027-06-30`, or `on 2026-12-02`.
    pub fn words(&self) -> String {
        match self.window {
            Some((s, e)) => format!("in the audit window {s} to {e}"),
            None => format!("on {}", self.today),
        }
    }
}

/// True when a BAA is signed and in effect on `today`.
pub fn baa_in_force(baa: &Baa, today: NaiveDate) -> bool {
    baa.status == BaaStatus::Signed && baa.effective.is_none_or(|d| d <= today)
}

/// The signed BAA in force (see `Reliance`) that covers `service`, by its listed or eligible
/// services: what a HIPAA row inherited from a business associate names beside its report.
pub fn covering_baa<'a>(
    attestations: &'a [Attestation],
    service: &str,
    on: impl Into<Reliance>,
) -> Option<&'a Attestation> {
    let on = on.into();
    attestations
        .iter()
        .find(|a| a.kind() == AttestationKind::Baa && a.covers(service) && on.current(&a.details))
}

/// The frameworks an attestation of this kind can stand for by itself. A BAA stands for none:
/// it is a HIPAA requirement, not an attestation (see the module's notes on HIPAA). A FedRAMP
/// authorization assesses SP 800-53 controls, which NIST's own CSF 2.0 crosswalk maps the CSF
/// outcomes to: it stands for CSF rows too.
pub fn frameworks_of(kind: AttestationKind) -> &'static [Framework] {
    match kind {
        AttestationKind::Soc2 => &[Framework::Soc2],
        AttestationKind::Aoc => &[Framework::PciDss],
        AttestationKind::Fedramp => &[Framework::Fedramp, Framework::Nist80053, Framework::NistCsf],
        AttestationKind::Iso27001 => &[Framework::Iso27001],
        AttestationKind::Baa => &[],
    }
}

/// The attestation that lets a provider-side row of `service` for `control` of `framework` be
/// `inherited`, if any: the first current one (see `Reliance`) covering the service and that
/// requirement (an AOC's listed requirements, a SOC 2 report's categories), never a report
/// that carves the criterion out to its subservice organisations. HIPAA needs a current SOC 2
/// report and, when the service handles PHI, a signed BAA in force, both covering the
/// service: a vendor that receives no PHI is no business associate.
pub fn covering_attestation<'a>(
    attestations: &'a [Attestation],
    service: &str,
    framework: Framework,
    control: &str,
    on: impl Into<Reliance>,
) -> Option<&'a Attestation> {
    let on = on.into();
    let current = |kind: AttestationKind| {
        attestations.iter().find(move |a| {
            a.kind() == kind
                && a.covers(service)
                && a.covers_requirement(framework, control)
                && !a.carves_out(framework, control)
                && on.current(&a.details)
        })
    };
    if framework == Framework::Hipaa {
        if on.phi && current(AttestationKind::Baa).is_none() {
            return None;
        }
        return current(AttestationKind::Soc2);
    }
    AttestationKind::ALL
        .into_iter()
        .filter(|k| frameworks_of(*k).contains(&framework))
        .find_map(current)
}

/// What a provider-side row becomes: `inherited` with its attestation when one covers it,
/// otherwise `provider`. A row someone (a person, a provider's matrix) said was inherited with
/// no covering attestation is the provider's, marked as a claim. Other owners are left as
/// they are.
pub fn inherit(row: &mut MatrixRow, covering: Option<&Attestation>) {
    match (row.owner, covering) {
        (Ownership::Provider, Some(a)) => {
            row.owner = Ownership::Inherited;
            row.attestation = Some(a.reference());
        }
        (Ownership::Inherited, Some(a)) => row.attestation = Some(a.reference()),
        (Ownership::Inherited, None) => {
            row.owner = Ownership::Provider;
            row.claimed_inherited = true;
            row.attestation = None;
        }
        _ => row.attestation = None,
    }
}

/// The AOC that leaves a PCI DSS requirement out, when the row is the provider's only by the
/// layer defaults: the newest AOC listing the service names the requirements it covers, and
/// not this one. The provider does not claim it, so it stays the customer's.
pub fn unclaimed_by<'a>(
    row: &MatrixRow,
    attestations: &'a [Attestation],
) -> Option<&'a Attestation> {
    if row.framework != Framework::PciDss
        || row.source != OwnerSource::LayerDefault
        || !row.owner.is_provider_side()
    {
        return None;
    }
    let service = row.service.as_deref()?;
    let newest = attestations
        .iter()
        .filter(|a| a.kind() == AttestationKind::Aoc && a.covers(service))
        .max_by_key(|a| match &a.details {
            AttestationDetails::Aoc(aoc) => Some(aoc.date),
            _ => None,
        })?;
    match &newest.details {
        AttestationDetails::Aoc(aoc) if aoc.requirements.is_some() => {
            (!newest.covers_requirement(row.framework, &row.control_id)).then_some(newest)
        }
        _ => None,
    }
}

/// Applies the attestations on file to one computed row, judged as `on` says (the audit
/// window, and whether the row's service handles PHI): a PCI DSS requirement the provider's
/// AOC leaves out stays the customer's; otherwise a provider-side row is inherited when a
/// current attestation covers its service and requirement (see `inherit`), a criterion a
/// report carves out to its subservice organisations only through their own assurance. A
/// HIPAA row inherited from a business associate names its BAA beside the report.
pub fn apply_attestations(
    row: &mut MatrixRow,
    attestations: &[Attestation],
    on: impl Into<Reliance>,
) {
    let on = on.into();
    row.baa = None;
    if let Some(aoc) = unclaimed_by(row, attestations) {
        row.owner = Ownership::Customer;
        row.source = OwnerSource::VendorReport;
        row.attestation = None;
        row.explanation = format!(
            "customer: {} does not list {} among the requirements it covers",
            aoc.label(),
            row.control_id
        );
        return;
    }
    // A row the provider's matrix says a third party does: only what speaks for the third party.
    if let (Some(source), Some(service), OwnerSource::ProviderMatrix) = (
        row.provider_source
            .as_ref()
            .filter(|s| s.third_party.is_some()),
        row.service.clone(),
        row.source,
    ) {
        let cover = third_party_cover(
            attestations,
            &source.provider,
            &service,
            row.framework,
            &row.control_id,
            on,
        );
        match cover {
            ThirdPartyCover::Covered(a) => inherit(row, Some(a)),
            ThirdPartyCover::CarvedOut(report) => {
                inherit(row, None);
                if row.owner == Ownership::Provider {
                    row.carved_out = Some(carved_out_words(report));
                }
            }
            ThirdPartyCover::Uncovered => inherit(row, None),
        }
        name_baa(row, attestations, on);
        return;
    }
    // An entity row is the client's own: no provider's attestation covers it.
    let Some(service) = row.service.clone() else {
        inherit(row, None);
        return;
    };
    let covering = covering_attestation(attestations, &service, row.framework, &row.control_id, on);
    inherit(row, covering);
    // A report that would cover the row but leaves its criterion (or the criterion it rests
    // on) to its subservice organisations (carve-out): a provider's row names it, and so does
    // a shared row, whose provider part the report does not speak for.
    let provider_part = match row.owner {
        Ownership::Provider => covering.is_none(),
        Ownership::Shared => true,
        _ => false,
    };
    if provider_part {
        let carving = attestations.iter().find_map(|a| {
            let criterion = a.carved_out_criterion(row.framework, &row.control_id)?;
            (a.covers(&service) && on.current(&a.details)).then_some((a, criterion))
        });
        if let Some((report, criterion)) = carving {
            row.carved_out = Some(carved_out_criterion_words(
                report,
                criterion,
                &row.control_id,
            ));
        }
    }
    name_baa(row, attestations, on);
}

/// Names the BAA beside the report on a HIPAA row inherited from a business associate.
fn name_baa(row: &mut MatrixRow, attestations: &[Attestation], on: Reliance) {
    if row.framework != Framework::Hipaa || row.owner != Ownership::Inherited {
        return;
    }
    if let Some(service) = row.service.as_deref() {
        row.baa = covering_baa(attestations, service, on).map(|a| a.reference());
    }
}

/// The days of `window` (first and last day included) that none of the `coverage` intervals
/// (also inclusive) reaches, as inclusive ranges in order.
pub fn uncovered(
    window: (NaiveDate, NaiveDate),
    coverage: &[(NaiveDate, NaiveDate)],
) -> Vec<(NaiveDate, NaiveDate)> {
    let (start, end) = window;
    if end < start {
        return Vec::new();
    }
    let mut spans: Vec<(NaiveDate, NaiveDate)> = coverage
        .iter()
        .copied()
        .filter(|(s, e)| s <= e && *s <= end && *e >= start)
        .collect();
    spans.sort();
    let mut gaps = Vec::new();
    let mut next = Some(start); // the first day not yet known to be covered
    for (s, e) in spans {
        let Some(day) = next else { break };
        if s > day {
            gaps.push((day, s.pred_opt().unwrap_or(s)));
        }
        if e >= day {
            next = if e >= end { None } else { e.succ_opt() };
        }
    }
    if let Some(day) = next {
        gaps.push((day, end));
    }
    gaps
}

/// How many days the inclusive ranges hold.
pub fn days_in(ranges: &[(NaiveDate, NaiveDate)]) -> i64 {
    ranges.iter().map(|(s, e)| (*e - *s).num_days() + 1).sum()
}

/// True when a service handling PHI has no signed BAA in force (see `Reliance`) covering it,
/// by the services it lists or its eligible services.
pub fn phi_without_baa(
    service: &Service,
    attestations: &[Attestation],
    on: impl Into<Reliance>,
) -> bool {
    service.data_types.contains(&crate::DataType::Phi)
        && covering_baa(attestations, &service.name, on).is_none()
}

/// What the AOCs of a service's provider say about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AocStatus<'a> {
    /// The newest AOC listing the service is current.
    Current(&'a Attestation),
    /// The newest AOC listing the service is older than 12 months (or not yet in effect).
    Stale(&'a Attestation),
    /// No AOC of the provider lists the service.
    NotListed,
}

/// The AOC standing for `service` (judged as `on` says): the newest that lists it.
pub fn aoc_status<'a>(
    attestations: &'a [Attestation],
    service: &str,
    on: impl Into<Reliance>,
) -> AocStatus<'a> {
    let on = on.into();
    let newest = attestations
        .iter()
        .filter(|a| a.covers(service))
        .filter_map(|a| match &a.details {
            AttestationDetails::Aoc(aoc) => Some((aoc.date, a)),
            _ => None,
        })
        .max_by_key(|(date, _)| *date);
    match newest {
        None => AocStatus::NotListed,
        Some((_, a)) if on.current(&a.details) => AocStatus::Current(a),
        Some((_, a)) => AocStatus::Stale(a),
    }
}

/// The provider's AOC an assessor looks at first, with whether it is current: the newest
/// current one, else the newest.
pub fn provider_aoc<'a>(
    attestations: &'a [Attestation],
    provider: &str,
    on: impl Into<Reliance>,
) -> Option<(bool, &'a Attestation)> {
    let on = on.into();
    attestations
        .iter()
        .filter(|a| a.provider.eq_ignore_ascii_case(provider))
        .filter_map(|a| match &a.details {
            AttestationDetails::Aoc(aoc) => Some((on.current(&a.details), aoc.date, a)),
            _ => None,
        })
        .max_by_key(|(current, date, _)| (*current, *date))
        .map(|(current, _, a)| (current, a))
}

/// Why no AOC stands behind a provider-side PCI DSS row of `service` (a service of
/// `provider`), as a QSA says it: the provider's current AOC does not list the service, the
/// AOC that lists it is stale, it does not take in the requirement, or the provider has no AOC
/// on file.
pub fn aoc_missing_words(
    attestations: &[Attestation],
    provider: &str,
    service: &str,
    on: impl Into<Reliance>,
) -> String {
    let on = on.into();
    match aoc_status(attestations, service, on) {
        AocStatus::Current(a) => format!("{} does not cover the requirement", a.label()),
        AocStatus::Stale(a) => format!("stale AOC: {}", a.label()),
        AocStatus::NotListed => match provider_aoc(attestations, provider, on) {
            Some((true, a)) => format!("AOC does not list {service} ({})", a.label()),
            Some((false, a)) => {
                format!("AOC does not list {service}, and is stale ({})", a.label())
            }
            None => format!("no AOC of {provider} on file"),
        },
    }
}

/// The days customer evidence is collected in: from 90 to 60 days before the window opens.
pub fn evidence_collection(audit_start: NaiveDate) -> (NaiveDate, NaiveDate) {
    (
        audit_start - chrono::Days::new(EVIDENCE_OPENS_DAYS),
        audit_start - chrono::Days::new(EVIDENCE_DUE_DAYS),
    )
}

/// True when evidence should have been collected by `today` and was not: its own due date, or
/// else the end of the collection period, has passed and it carries no collection date (or one
/// after `today`).
pub fn evidence_overdue(
    evidence: &Evidence,
    audit_start: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    let due = evidence
        .due_date
        .or_else(|| audit_start.map(|s| evidence_collection(s).1));
    !evidence_collected(evidence, today) && due.is_some_and(|d| today > d)
}

/// True when the evidence carries a date that is not after `today`: a date still to come
/// (an older file may hold one) does not make it collected.
pub fn evidence_collected(evidence: &Evidence, today: NaiveDate) -> bool {
    evidence.date.is_some_and(|d| d <= today)
}
