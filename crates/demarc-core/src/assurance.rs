//! Vendor assurance: the attestations a provider holds (SOC 2 reports, HIPAA BAAs, PCI DSS
//! AOCs, ISO 27001 certificates, FedRAMP authorizations), the rules that decide whether one
//! covers a service for a framework on a given day, and the gaps the tool surfaces.
//!
//! Every rule takes "today" as a parameter: nothing here reads the clock.
//!
//! Inheritance, as of `today`:
//! - SOC 2 report → SOC 2 rows, while not stale (12 months after its period ends);
//! - PCI DSS AOC → PCI DSS rows, for 12 months from its date;
//! - FedRAMP authorization → FedRAMP and NIST SP 800-53 rows, from its date;
//! - ISO 27001 certificate → ISO 27001 rows, until it expires;
//! - HIPAA rows: a BAA is a legal obligation, not evidence that controls work, so a HIPAA row
//!   inherits only through a current SOC 2 report *and* a signed BAA, both covering the service;
//!   the SOC 2 report is the attestation the row refers to;
//! - NIST CSF rows: no attestation speaks for them, they stay `provider`.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Evidence, Framework, Invalid, Layer, MatrixRow, Ownership, Service};

/// Months after a SOC 2 period ends, or after an AOC's date, before it is stale.
pub const STALE_AFTER_MONTHS: u32 = 12;
/// Months past a SOC 2 period end a bridge letter usually covers; longer draws a warning.
pub const BRIDGE_LETTER_MONTHS: u32 = 3;
/// Customer evidence is collected between 90 and 60 days before the audit window opens.
pub const EVIDENCE_OPENS_DAYS: u64 = 90;
pub const EVIDENCE_DUE_DAYS: u64 = 60;
/// Months between vendor reviews when no next review is set (SOC 2 CC9.2, quarterly).
pub const VENDOR_REVIEW_MONTHS: u32 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AttestationKind {
    Soc2,
    Baa,
    Aoc,
    Iso27001,
    Fedramp,
}

impl AttestationKind {
    pub const ALL: [AttestationKind; 5] = [
        AttestationKind::Soc2,
        AttestationKind::Baa,
        AttestationKind::Aoc,
        AttestationKind::Iso27001,
        AttestationKind::Fedramp,
    ];

    pub fn id(self) -> &'static str {
        match self {
            AttestationKind::Soc2 => "soc2",
            AttestationKind::Baa => "baa",
            AttestationKind::Aoc => "aoc",
            AttestationKind::Iso27001 => "iso27001",
            AttestationKind::Fedramp => "fedramp",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AttestationKind::Soc2 => "SOC 2 report",
            AttestationKind::Baa => "HIPAA BAA",
            AttestationKind::Aoc => "PCI DSS AOC",
            AttestationKind::Iso27001 => "ISO 27001 certificate",
            AttestationKind::Fedramp => "FedRAMP authorization",
        }
    }

    pub fn from_id(id: &str) -> Option<AttestationKind> {
        AttestationKind::ALL.into_iter().find(|k| k.id() == id)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Soc2Type {
    Type1,
    Type2,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TrustCategory {
    Security,
    Availability,
    ProcessingIntegrity,
    Confidentiality,
    Privacy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Opinion {
    Unqualified,
    Qualified,
}

/// How a SOC 2 report treats the vendor's own subservice organizations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SubserviceMethod {
    CarveOut,
    Inclusive,
}

/// A letter from the vendor's management saying nothing material changed since the period end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BridgeLetter {
    /// When the letter was signed.
    pub date: NaiveDate,
    /// The last day it speaks for.
    pub covers_to: NaiveDate,
}

/// A SOC 2 report, by reference: the report itself is under NDA and never stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Soc2Report {
    pub report_type: Soc2Type,
    /// First day of the period examined (the "as of" day of a Type I: start equals end).
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub issued: Option<NaiveDate>,
    pub auditor: String,
    pub categories: Vec<TrustCategory>,
    pub opinion: Opinion,
    pub exceptions_noted: bool,
    pub subservice_method: SubserviceMethod,
    pub subservice_organizations: Vec<String>,
    /// Complementary user entity controls: what the report expects of its customers.
    pub cuecs: Vec<String>,
    pub bridge_letter: Option<BridgeLetter>,
    /// Where the report is kept (a portal, a binder): never the report.
    pub reference: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BaaStatus {
    NotRequired,
    RequiredMissing,
    Requested,
    Signed,
    Terminated,
    Declined,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BaaMechanism {
    ClickThrough,
    Negotiated,
}

/// A HIPAA business associate agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Baa {
    pub status: BaaStatus,
    pub mechanism: Option<BaaMechanism>,
    pub effective: Option<NaiveDate>,
    /// The provider accounts (AWS account IDs, tenants) the agreement covers.
    pub accounts: Vec<String>,
    pub next_review: Option<NaiveDate>,
}

/// A PCI DSS Attestation of Compliance of a service provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Aoc {
    pub date: NaiveDate,
    /// `4.0.1`.
    pub dss_version: String,
    pub next_review: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct IsoCertificate {
    pub number: String,
    pub scope: String,
    pub expiry: NaiveDate,
}

/// The FedRAMP impact level of an authorization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FedrampImpact {
    High,
    Moderate,
    Low,
    LiSaas,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FedrampAuthorization {
    pub level: FedrampImpact,
    pub date: NaiveDate,
    pub package_id: String,
}

/// What an attestation says, by kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum AttestationDetails {
    Soc2(Soc2Report),
    Baa(Baa),
    Aoc(Aoc),
    Iso27001(IsoCertificate),
    Fedramp(FedrampAuthorization),
}

impl AttestationDetails {
    pub fn kind(&self) -> AttestationKind {
        match self {
            AttestationDetails::Soc2(_) => AttestationKind::Soc2,
            AttestationDetails::Baa(_) => AttestationKind::Baa,
            AttestationDetails::Aoc(_) => AttestationKind::Aoc,
            AttestationDetails::Iso27001(_) => AttestationKind::Iso27001,
            AttestationDetails::Fedramp(_) => AttestationKind::Fedramp,
        }
    }

    /// Checks what a person could get wrong, naming the field.
    pub fn validate(&self) -> Result<(), Invalid> {
        match self {
            AttestationDetails::Soc2(r) => {
                if r.period_end < r.period_start {
                    return Err(Invalid::new(
                        "period_end",
                        format!(
                            "the period ends ({}) before it starts ({})",
                            r.period_end, r.period_start
                        ),
                    ));
                }
                if r.report_type == Soc2Type::Type1 && r.period_end != r.period_start {
                    return Err(Invalid::new(
                        "period_end",
                        "a Type I report is as of one day; give the same start and end",
                    ));
                }
                if let Some(issued) = r.issued.filter(|d| *d < r.period_end) {
                    return Err(Invalid::new(
                        "issued",
                        format!(
                            "the report is dated {issued}, before its period ends ({})",
                            r.period_end
                        ),
                    ));
                }
                if let Some(b) = &r.bridge_letter {
                    if b.covers_to <= r.period_end {
                        return Err(Invalid::new(
                            "bridge_letter",
                            format!(
                                "it covers to {}, which is not after the period end ({})",
                                b.covers_to, r.period_end
                            ),
                        ));
                    }
                    if b.date < r.period_end {
                        return Err(Invalid::new(
                            "bridge_letter",
                            format!(
                                "it is dated {}, before the period ends ({})",
                                b.date, r.period_end
                            ),
                        ));
                    }
                }
                if r.cuecs.iter().any(|c| c.trim().is_empty()) {
                    return Err(Invalid::new(
                        "cuecs",
                        "a complementary user entity control is empty",
                    ));
                }
                Ok(())
            }
            AttestationDetails::Baa(b) => {
                if b.status == BaaStatus::Signed && b.effective.is_none() {
                    return Err(Invalid::new(
                        "effective",
                        "a signed BAA needs its effective date",
                    ));
                }
                if let (Some(from), Some(review)) = (b.effective, b.next_review) {
                    if review < from {
                        return Err(Invalid::new(
                            "next_review",
                            format!("the review ({review}) is before the effective date ({from})"),
                        ));
                    }
                }
                Ok(())
            }
            AttestationDetails::Aoc(a) => {
                if a.dss_version.trim().is_empty() {
                    return Err(Invalid::new("dss_version", "the PCI DSS version is empty"));
                }
                if let Some(review) = a.next_review.filter(|r| *r < a.date) {
                    return Err(Invalid::new(
                        "next_review",
                        format!(
                            "the review ({review}) is before the AOC's date ({})",
                            a.date
                        ),
                    ));
                }
                Ok(())
            }
            AttestationDetails::Iso27001(c) => {
                if c.number.trim().is_empty() {
                    return Err(Invalid::new("number", "the certificate number is empty"));
                }
                Ok(())
            }
            AttestationDetails::Fedramp(f) => {
                if f.package_id.trim().is_empty() {
                    return Err(Invalid::new(
                        "package_id",
                        "the FedRAMP package ID is empty",
                    ));
                }
                Ok(())
            }
        }
    }
}

/// One attestation of a provider and the services of the engagement it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Attestation {
    #[ts(type = "number")]
    pub id: i64,
    pub provider: String,
    /// The names of the services it covers.
    pub services: Vec<String>,
    pub details: AttestationDetails,
}

impl Attestation {
    pub fn kind(&self) -> AttestationKind {
        self.details.kind()
    }

    pub fn covers(&self, service: &str) -> bool {
        self.services
            .iter()
            .any(|s| s.eq_ignore_ascii_case(service))
    }

    /// A short name for messages and the matrix: `AWS SOC 2 Type II 2025-04-01..2026-03-31`.
    pub fn label(&self) -> String {
        let what = match &self.details {
            AttestationDetails::Soc2(r) => format!(
                "SOC 2 {} {}..{}",
                match r.report_type {
                    Soc2Type::Type1 => "Type I",
                    Soc2Type::Type2 => "Type II",
                },
                r.period_start,
                r.period_end
            ),
            AttestationDetails::Baa(b) => format!("BAA ({})", baa_status_id(b.status)),
            AttestationDetails::Aoc(a) => format!("PCI DSS {} AOC {}", a.dss_version, a.date),
            AttestationDetails::Iso27001(c) => format!("ISO 27001 certificate {}", c.number),
            AttestationDetails::Fedramp(f) => format!("FedRAMP {}", f.package_id),
        };
        format!("{} {what}", self.provider)
    }

    pub fn reference(&self) -> AttestationRef {
        AttestationRef {
            id: self.id,
            kind: self.kind(),
            label: self.label(),
        }
    }
}

fn baa_status_id(s: BaaStatus) -> &'static str {
    match s {
        BaaStatus::NotRequired => "not required",
        BaaStatus::RequiredMissing => "required, missing",
        BaaStatus::Requested => "requested",
        BaaStatus::Signed => "signed",
        BaaStatus::Terminated => "terminated",
        BaaStatus::Declined => "declined",
    }
}

/// What a person gives to add or replace an attestation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewAttestation {
    pub provider: String,
    pub services: Vec<String>,
    pub details: AttestationDetails,
}

/// Which attestation a matrix row leans on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AttestationRef {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: AttestationKind,
    pub label: String,
}

/// The periodic review of a vendor (SOC 2 CC9.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VendorReview {
    pub provider: String,
    pub last_reviewed: Option<NaiveDate>,
    pub next_review: Option<NaiveDate>,
}

// ---------------------------------------------------------------------------------------------
// Rules

/// `date` plus `months` calendar months; the 29th of February lands on the 28th.
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// The last day a SOC 2 report is current: 12 months after its period ends.
pub fn soc2_current_until(report: &Soc2Report) -> NaiveDate {
    add_months(report.period_end, STALE_AFTER_MONTHS)
}

/// The days a SOC 2 report speaks for: its period, extended by a bridge letter.
pub fn soc2_coverage(report: &Soc2Report) -> (NaiveDate, NaiveDate) {
    let end = report
        .bridge_letter
        .as_ref()
        .map_or(report.period_end, |b| b.covers_to.max(report.period_end));
    (report.period_start, end)
}

/// True when a bridge letter reaches further past the period end than the usual 3 months.
pub fn bridge_letter_too_long(report: &Soc2Report) -> bool {
    report
        .bridge_letter
        .as_ref()
        .is_some_and(|b| b.covers_to > add_months(report.period_end, BRIDGE_LETTER_MONTHS))
}

/// True when the attestation can be relied on `today`, whatever it covers.
pub fn is_current(details: &AttestationDetails, today: NaiveDate) -> bool {
    match details {
        AttestationDetails::Soc2(r) => r.period_start <= today && today <= soc2_current_until(r),
        AttestationDetails::Aoc(a) => {
            a.date <= today && today <= add_months(a.date, STALE_AFTER_MONTHS)
        }
        AttestationDetails::Iso27001(c) => today <= c.expiry,
        AttestationDetails::Fedramp(f) => f.date <= today,
        AttestationDetails::Baa(b) => baa_in_force(b, today),
    }
}

/// True when a BAA is signed and in effect on `today`.
pub fn baa_in_force(baa: &Baa, today: NaiveDate) -> bool {
    baa.status == BaaStatus::Signed && baa.effective.is_none_or(|d| d <= today)
}

/// The frameworks an attestation of this kind can stand for by itself. A BAA stands for none:
/// it is a HIPAA requirement, not an attestation (see the module's notes on HIPAA).
pub fn frameworks_of(kind: AttestationKind) -> &'static [Framework] {
    match kind {
        AttestationKind::Soc2 => &[Framework::Soc2],
        AttestationKind::Aoc => &[Framework::PciDss],
        AttestationKind::Fedramp => &[Framework::Fedramp, Framework::Nist80053],
        AttestationKind::Iso27001 => &[Framework::Iso27001],
        AttestationKind::Baa => &[],
    }
}

/// The attestation that lets a provider-side row of `service` in `framework` be `inherited`
/// on `today`, if any: the first current one covering the service for that framework. HIPAA
/// needs a current SOC 2 report and a signed BAA in force, both covering the service.
pub fn covering_attestation<'a>(
    attestations: &'a [Attestation],
    service: &str,
    framework: Framework,
    today: NaiveDate,
) -> Option<&'a Attestation> {
    let current = |kind: AttestationKind| {
        attestations
            .iter()
            .find(move |a| a.kind() == kind && a.covers(service) && is_current(&a.details, today))
    };
    if framework == Framework::Hipaa {
        return current(AttestationKind::Baa).and(current(AttestationKind::Soc2));
    }
    AttestationKind::ALL
        .into_iter()
        .filter(|k| frameworks_of(*k).contains(&framework))
        .find_map(current)
}

/// What a provider-side row becomes: `inherited` with its attestation when one covers it,
/// otherwise `provider`. Other owners are left as they are.
pub fn inherit(row: &mut MatrixRow, covering: Option<&Attestation>) {
    match (row.owner, covering) {
        (Ownership::Provider, Some(a)) => {
            row.owner = Ownership::Inherited;
            row.attestation = Some(a.reference());
        }
        (Ownership::Inherited, Some(a)) => row.attestation = Some(a.reference()),
        _ => row.attestation = None,
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

/// True when a service handling PHI has no BAA in force covering it on `today`.
pub fn phi_without_baa(service: &Service, attestations: &[Attestation], today: NaiveDate) -> bool {
    service.data_types.contains(&crate::DataType::Phi)
        && !attestations.iter().any(|a| {
            a.covers(&service.name)
                && matches!(&a.details, AttestationDetails::Baa(b) if baa_in_force(b, today))
        })
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

/// The AOC standing for `service` on `today`: the newest that lists it.
pub fn aoc_status<'a>(
    attestations: &'a [Attestation],
    service: &str,
    today: NaiveDate,
) -> AocStatus<'a> {
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
        Some((_, a)) if is_current(&a.details, today) => AocStatus::Current(a),
        Some((_, a)) => AocStatus::Stale(a),
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
/// else the end of the collection period, has passed and it carries no collection date.
pub fn evidence_overdue(
    evidence: &Evidence,
    audit_start: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    let due = evidence
        .due_date
        .or_else(|| audit_start.map(|s| evidence_collection(s).1));
    evidence.date.is_none() && due.is_some_and(|d| today > d)
}

// ---------------------------------------------------------------------------------------------
// Gaps

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Severity {
    High,
    Medium,
    Low,
}

impl Severity {
    pub fn id(self) -> &'static str {
        match self {
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }
}

/// What kind of gap; the ids are stable (JSON, filters, tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum GapKind {
    /// A layer of a service nobody has decided.
    UndeterminedLayer,
    /// A control row nobody has decided.
    UndeterminedControl,
    /// The provider does it but no current attestation covering the service is on file.
    ProviderUnattested,
    /// Marked inherited by a person, with no current covering attestation.
    InheritedUnattested,
    CustomerNoEvidence,
    SharedNoCustomerPart,
    NaNoJustification,
    /// Evidence not collected by its due date (60 days before the window opens by default).
    EvidenceOverdue,
    /// A CUEC row with nobody accountable for it.
    CuecNoOwner,
    Soc2Stale,
    /// Days of the audit window no SOC 2 report or bridge letter covers.
    Soc2WindowGap,
    /// A bridge letter reaching more than about 3 months past the period end.
    BridgeLetterLong,
    PhiWithoutBaa,
    AocStale,
    AocServiceMissing,
    IsoExpired,
    VendorReviewOverdue,
}

impl GapKind {
    pub const ALL: [GapKind; 17] = [
        GapKind::UndeterminedLayer,
        GapKind::UndeterminedControl,
        GapKind::ProviderUnattested,
        GapKind::InheritedUnattested,
        GapKind::CustomerNoEvidence,
        GapKind::SharedNoCustomerPart,
        GapKind::NaNoJustification,
        GapKind::EvidenceOverdue,
        GapKind::CuecNoOwner,
        GapKind::Soc2Stale,
        GapKind::Soc2WindowGap,
        GapKind::BridgeLetterLong,
        GapKind::PhiWithoutBaa,
        GapKind::AocStale,
        GapKind::AocServiceMissing,
        GapKind::IsoExpired,
        GapKind::VendorReviewOverdue,
    ];

    pub fn id(self) -> &'static str {
        match self {
            GapKind::UndeterminedLayer => "undetermined_layer",
            GapKind::UndeterminedControl => "undetermined_control",
            GapKind::ProviderUnattested => "provider_unattested",
            GapKind::InheritedUnattested => "inherited_unattested",
            GapKind::CustomerNoEvidence => "customer_no_evidence",
            GapKind::SharedNoCustomerPart => "shared_no_customer_part",
            GapKind::NaNoJustification => "na_no_justification",
            GapKind::EvidenceOverdue => "evidence_overdue",
            GapKind::CuecNoOwner => "cuec_no_owner",
            GapKind::Soc2Stale => "soc2_stale",
            GapKind::Soc2WindowGap => "soc2_window_gap",
            GapKind::BridgeLetterLong => "bridge_letter_long",
            GapKind::PhiWithoutBaa => "phi_without_baa",
            GapKind::AocStale => "aoc_stale",
            GapKind::AocServiceMissing => "aoc_service_missing",
            GapKind::IsoExpired => "iso_expired",
            GapKind::VendorReviewOverdue => "vendor_review_overdue",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            GapKind::UndeterminedLayer
            | GapKind::UndeterminedControl
            | GapKind::InheritedUnattested
            | GapKind::EvidenceOverdue
            | GapKind::Soc2Stale
            | GapKind::Soc2WindowGap
            | GapKind::PhiWithoutBaa
            | GapKind::AocStale
            | GapKind::AocServiceMissing => Severity::High,
            GapKind::ProviderUnattested
            | GapKind::CustomerNoEvidence
            | GapKind::SharedNoCustomerPart
            | GapKind::CuecNoOwner
            | GapKind::IsoExpired => Severity::Medium,
            GapKind::NaNoJustification
            | GapKind::BridgeLetterLong
            | GapKind::VendorReviewOverdue => Severity::Low,
        }
    }
}

/// Where a gap is closed: the row, layer, attestation or provider to open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "to", rename_all = "snake_case")]
#[ts(export)]
pub enum GapLink {
    Row {
        #[ts(type = "number")]
        service_id: i64,
        framework: Framework,
        control: String,
    },
    Layer {
        #[ts(type = "number")]
        service_id: i64,
        layer: Layer,
    },
    Service {
        #[ts(type = "number")]
        service_id: i64,
    },
    Attestation {
        #[ts(type = "number")]
        id: i64,
    },
    Provider {
        name: String,
    },
}

/// One thing still to close before the audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Gap {
    pub kind: GapKind,
    pub severity: Severity,
    pub service: Option<String>,
    pub provider: Option<String>,
    pub framework: Option<Framework>,
    pub control: Option<String>,
    /// What is missing, in one line.
    pub message: String,
    pub why: String,
    pub fix: String,
    pub link: GapLink,
}

impl Gap {
    pub fn new(kind: GapKind, message: String, link: GapLink) -> Gap {
        Gap {
            kind,
            severity: kind.severity(),
            service: None,
            provider: None,
            framework: None,
            control: None,
            message,
            why: why(kind).to_string(),
            fix: fix(kind).to_string(),
            link,
        }
    }

    /// A gap on one matrix row.
    pub fn row(kind: GapKind, row: &MatrixRow, message: String) -> Gap {
        Gap {
            service: Some(row.service.clone()),
            framework: Some(row.framework),
            control: Some(row.control_id.clone()),
            ..Gap::new(
                kind,
                message,
                GapLink::Row {
                    service_id: row.service_id,
                    framework: row.framework,
                    control: row.control_id.clone(),
                },
            )
        }
    }
}

fn why(kind: GapKind) -> &'static str {
    match kind {
        GapKind::UndeterminedLayer | GapKind::UndeterminedControl => {
            "Nobody has decided who implements it, so nobody will produce evidence for it."
        }
        GapKind::ProviderUnattested => {
            "The provider implements it, but without a current attestation covering this service \
             the auditor has nothing to rely on."
        }
        GapKind::InheritedUnattested => {
            "Inherited means a current attestation covering the service is on file; none is."
        }
        GapKind::CustomerNoEvidence => "The auditor will ask the customer for evidence of it.",
        GapKind::SharedNoCustomerPart => {
            "A shared control is only testable when the customer's part is written down."
        }
        GapKind::NaNoJustification => "Auditors accept not applicable only with a reason.",
        GapKind::EvidenceOverdue => {
            "Customer evidence is collected 60 to 90 days before the audit window opens."
        }
        GapKind::CuecNoOwner => {
            "The vendor's report relies on this complementary control; someone must own it."
        }
        GapKind::Soc2Stale => "A SOC 2 report is stale 12 months after its period ends.",
        GapKind::Soc2WindowGap => {
            "Days of the audit window no vendor report or bridge letter speaks for."
        }
        GapKind::BridgeLetterLong => {
            "A bridge letter is the vendor's own word and usually covers about 3 months."
        }
        GapKind::PhiWithoutBaa => {
            "HIPAA requires a signed BAA with every vendor handling PHI, covering that service."
        }
        GapKind::AocStale => "PCI DSS 12.8.4 wants provider status checked every 12 months.",
        GapKind::AocServiceMissing => {
            "PCI DSS 12.8: the AOC must cover the specific services used."
        }
        GapKind::IsoExpired => "An expired certificate no longer attests anything.",
        GapKind::VendorReviewOverdue => "SOC 2 CC9.2 expects vendors to be reviewed regularly.",
    }
}

fn fix(kind: GapKind) -> &'static str {
    match kind {
        GapKind::UndeterminedLayer => "Set the layer's owner, with a reason.",
        GapKind::UndeterminedControl => "Set the control's owner, with a reason.",
        GapKind::ProviderUnattested | GapKind::InheritedUnattested => {
            "Record a current attestation that covers the service, or change the owner."
        }
        GapKind::CustomerNoEvidence => "Add a reference to the evidence.",
        GapKind::SharedNoCustomerPart => "Describe what the customer does.",
        GapKind::NaNoJustification => "Write why the control does not apply.",
        GapKind::EvidenceOverdue => "Collect the evidence and record its date.",
        GapKind::CuecNoOwner => "Name the person accountable for the row and add evidence.",
        GapKind::Soc2Stale => "Obtain the vendor's latest SOC 2 report and record it.",
        GapKind::Soc2WindowGap => "Obtain the next report or a bridge letter for those days.",
        GapKind::BridgeLetterLong => "Ask the vendor when the next report is issued.",
        GapKind::PhiWithoutBaa => "Sign a BAA covering the service, or stop sending PHI to it.",
        GapKind::AocStale => "Obtain the provider's current AOC.",
        GapKind::AocServiceMissing => {
            "Obtain an AOC listing the service, or take the service out of PCI scope."
        }
        GapKind::IsoExpired => "Obtain the renewed certificate.",
        GapKind::VendorReviewOverdue => "Review the vendor and record the date.",
    }
}

/// The gaps of one matrix row on `today`. `audit_start` sets the evidence deadline.
pub fn row_gaps(row: &MatrixRow, audit_start: Option<NaiveDate>, today: NaiveDate) -> Vec<Gap> {
    let mut gaps = Vec::new();
    let is_cuec = row.family == CUEC_FAMILY;
    match row.owner {
        Ownership::Undetermined => gaps.push(Gap::row(
            GapKind::UndeterminedControl,
            row,
            "undetermined: nobody is assigned".to_string(),
        )),
        Ownership::Provider => gaps.push(Gap::row(
            GapKind::ProviderUnattested,
            row,
            "the provider's, with no current covering attestation".to_string(),
        )),
        Ownership::Inherited if row.attestation.is_none() => gaps.push(Gap::row(
            GapKind::InheritedUnattested,
            row,
            "marked inherited, with no current covering attestation".to_string(),
        )),
        Ownership::Customer if row.evidence.is_empty() => gaps.push(Gap::row(
            GapKind::CustomerNoEvidence,
            row,
            "customer-owned, with no evidence".to_string(),
        )),
        Ownership::Shared if row.customer_part.is_none() => gaps.push(Gap::row(
            GapKind::SharedNoCustomerPart,
            row,
            "shared, without the customer's part described".to_string(),
        )),
        Ownership::NotApplicable if row.na_justification.is_none() => gaps.push(Gap::row(
            GapKind::NaNoJustification,
            row,
            "not applicable, without a justification".to_string(),
        )),
        _ => {}
    }
    if is_cuec && row.row_owner.is_none() {
        gaps.push(Gap::row(
            GapKind::CuecNoOwner,
            row,
            "nobody is accountable for this complementary user entity control".to_string(),
        ));
    }
    for e in &row.evidence {
        if evidence_overdue(e, audit_start, today) {
            let due = e
                .due_date
                .or_else(|| audit_start.map(|s| evidence_collection(s).1));
            gaps.push(Gap::row(
                GapKind::EvidenceOverdue,
                row,
                format!(
                    "{:?} was due {} and is not collected",
                    e.title,
                    due.map(|d| d.to_string()).unwrap_or_default()
                ),
            ));
        }
    }
    gaps
}

/// The family of the rows made from complementary user entity controls.
pub const CUEC_FAMILY: &str = "CUEC";

/// The control id of the `n`th (1-based) CUEC of report `attestation_id`: `CUEC-12.3`.
pub fn cuec_control_id(attestation_id: i64, n: usize) -> String {
    format!("{CUEC_FAMILY}-{attestation_id}.{n}")
}

/// Counts of gaps under one key (a service or a framework).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct GapCount {
    pub key: String,
    pub high: u32,
    pub medium: u32,
    pub low: u32,
    pub total: u32,
}

/// Every gap of the engagement on `today`, with counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct GapReport {
    pub today: NaiveDate,
    pub gaps: Vec<Gap>,
    pub by_service: Vec<GapCount>,
    pub by_framework: Vec<GapCount>,
    pub by_kind: Vec<GapCount>,
}

impl GapReport {
    /// Orders the gaps (severity, then service, framework, control) and counts them.
    pub fn new(today: NaiveDate, mut gaps: Vec<Gap>) -> GapReport {
        gaps.sort_by(|a, b| {
            (a.severity, &a.service, a.framework, &a.control, a.kind).cmp(&(
                b.severity,
                &b.service,
                b.framework,
                &b.control,
                b.kind,
            ))
        });
        let by_service = count(&gaps, |g| g.service.clone());
        let by_framework = count(&gaps, |g| g.framework.map(|f| f.id().to_string()));
        let by_kind = count(&gaps, |g| Some(g.kind.id().to_string()));
        GapReport {
            today,
            gaps,
            by_service,
            by_framework,
            by_kind,
        }
    }
}

fn count(gaps: &[Gap], key: impl Fn(&Gap) -> Option<String>) -> Vec<GapCount> {
    let mut counts: Vec<GapCount> = Vec::new();
    for g in gaps {
        let Some(k) = key(g) else { continue };
        let i = match counts.iter().position(|c| c.key == k) {
            Some(i) => i,
            None => {
                counts.push(GapCount {
                    key: k,
                    high: 0,
                    medium: 0,
                    low: 0,
                    total: 0,
                });
                counts.len() - 1
            }
        };
        let c = &mut counts[i];
        c.total += 1;
        match g.severity {
            Severity::High => c.high += 1,
            Severity::Medium => c.medium += 1,
            Severity::Low => c.low += 1,
        }
    }
    counts.sort_by(|a, b| a.key.cmp(&b.key));
    counts
}

/// The gaps that come from the services and their vendors rather than from one matrix row:
/// undecided layers, stale or missing attestations, uncovered days of the audit window, PHI
/// without a BAA, vendor reviews due (on the next review date, or a quarter after the last).
/// `services` carry only the frameworks the engagement is in scope for.
pub fn vendor_gaps(
    services: &[Service],
    attestations: &[Attestation],
    reviews: &[VendorReview],
    window: Option<(NaiveDate, NaiveDate)>,
    today: NaiveDate,
) -> Vec<Gap> {
    let mut gaps = Vec::new();
    for s in services {
        let on_service = |kind: GapKind, framework: Option<Framework>, message: String| Gap {
            service: Some(s.name.clone()),
            provider: Some(s.provider.clone()),
            framework,
            ..Gap::new(kind, message, GapLink::Service { service_id: s.id })
        };
        for l in s
            .layers
            .iter()
            .filter(|l| l.owner == Ownership::Undetermined)
        {
            gaps.push(Gap {
                link: GapLink::Layer {
                    service_id: s.id,
                    layer: l.layer,
                },
                ..on_service(
                    GapKind::UndeterminedLayer,
                    None,
                    format!("layer {}: nobody is assigned", l.layer.label()),
                )
            });
        }
        if s.frameworks.contains(&Framework::Soc2) {
            if let Some(window) = window {
                let coverage: Vec<(NaiveDate, NaiveDate)> = attestations
                    .iter()
                    .filter(|a| a.covers(&s.name))
                    .filter_map(|a| match &a.details {
                        AttestationDetails::Soc2(r) => Some(soc2_coverage(r)),
                        _ => None,
                    })
                    .collect();
                let open = uncovered(window, &coverage);
                if !open.is_empty() {
                    let spans: Vec<String> =
                        open.iter().map(|(a, b)| format!("{a} to {b}")).collect();
                    gaps.push(on_service(
                        GapKind::Soc2WindowGap,
                        Some(Framework::Soc2),
                        format!(
                            "{} days of the audit window have no SOC 2 coverage ({})",
                            days_in(&open),
                            spans.join(", ")
                        ),
                    ));
                }
            }
        }
        if phi_without_baa(s, attestations, today) {
            gaps.push(on_service(
                GapKind::PhiWithoutBaa,
                Some(Framework::Hipaa),
                format!(
                    "handles PHI with no signed BAA of {} covering it",
                    s.provider
                ),
            ));
        }
        if s.frameworks.contains(&Framework::PciDss) {
            match aoc_status(attestations, &s.name, today) {
                AocStatus::Current(_) => {}
                AocStatus::NotListed => gaps.push(on_service(
                    GapKind::AocServiceMissing,
                    Some(Framework::PciDss),
                    format!("no PCI DSS AOC of {} lists the service", s.provider),
                )),
                AocStatus::Stale(a) => gaps.push(Gap {
                    link: GapLink::Attestation { id: a.id },
                    ..on_service(
                        GapKind::AocStale,
                        Some(Framework::PciDss),
                        format!(
                            "{} is not current on {today}: an AOC holds for 12 months",
                            a.label()
                        ),
                    )
                }),
            }
        }
    }
    for a in attestations {
        let on_attestation = |kind: GapKind, framework: Framework, message: String| Gap {
            provider: Some(a.provider.clone()),
            framework: Some(framework),
            ..Gap::new(kind, message, GapLink::Attestation { id: a.id })
        };
        match &a.details {
            AttestationDetails::Soc2(r) => {
                let replaced = attestations.iter().any(|b| {
                    b.id != a.id
                        && b.provider.eq_ignore_ascii_case(&a.provider)
                        && matches!(&b.details, AttestationDetails::Soc2(n) if n.period_end > r.period_end)
                });
                if replaced {
                    continue;
                }
                if today > soc2_current_until(r) {
                    gaps.push(on_attestation(
                        GapKind::Soc2Stale,
                        Framework::Soc2,
                        format!(
                            "{} has been stale since {}",
                            a.label(),
                            soc2_current_until(r)
                        ),
                    ));
                } else if bridge_letter_too_long(r) {
                    let to = r.bridge_letter.as_ref().map(|b| b.covers_to);
                    gaps.push(on_attestation(
                        GapKind::BridgeLetterLong,
                        Framework::Soc2,
                        format!(
                            "{}: the bridge letter covers to {}, more than 3 months past the period",
                            a.label(),
                            to.map(|d| d.to_string()).unwrap_or_default()
                        ),
                    ));
                }
            }
            AttestationDetails::Iso27001(c) if today > c.expiry => {
                let renewed = attestations.iter().any(|b| {
                    b.provider.eq_ignore_ascii_case(&a.provider)
                        && matches!(&b.details, AttestationDetails::Iso27001(n) if n.expiry > c.expiry)
                });
                if !renewed {
                    gaps.push(on_attestation(
                        GapKind::IsoExpired,
                        Framework::Iso27001,
                        format!("{} expired on {}", a.label(), c.expiry),
                    ));
                }
            }
            _ => {}
        }
    }
    let mut providers: Vec<&str> = services.iter().map(|s| s.provider.as_str()).collect();
    providers.sort_unstable_by_key(|p| p.to_lowercase());
    providers.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    for p in providers {
        let review = reviews.iter().find(|r| r.provider.eq_ignore_ascii_case(p));
        let due = review.and_then(|r| {
            r.next_review
                .or_else(|| r.last_reviewed.map(|d| add_months(d, VENDOR_REVIEW_MONTHS)))
        });
        let message = match due {
            None => format!("{p}: no vendor review is recorded"),
            Some(d) if today > d => format!("{p}: the vendor review was due {d}"),
            Some(_) => continue,
        };
        gaps.push(Gap {
            provider: Some(p.to_string()),
            framework: Some(Framework::Soc2),
            ..Gap::new(
                GapKind::VendorReviewOverdue,
                message,
                GapLink::Provider {
                    name: p.to_string(),
                },
            )
        });
    }
    gaps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{layers_for_model, DataType, OwnerSource, Sensitivity, ServiceModel};

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn soc2(start: &str, end: &str, bridge_to: Option<&str>) -> Soc2Report {
        Soc2Report {
            report_type: Soc2Type::Type2,
            period_start: d(start),
            period_end: d(end),
            issued: None,
            auditor: "Ernst & Young LLP".into(),
            categories: vec![TrustCategory::Security],
            opinion: Opinion::Unqualified,
            exceptions_noted: false,
            subservice_method: SubserviceMethod::CarveOut,
            subservice_organizations: Vec::new(),
            cuecs: Vec::new(),
            bridge_letter: bridge_to.map(|to| BridgeLetter {
                date: d(to),
                covers_to: d(to),
            }),
            reference: "vendor portal".into(),
        }
    }

    fn attestation(id: i64, services: &[&str], details: AttestationDetails) -> Attestation {
        Attestation {
            id,
            provider: "AWS".into(),
            services: services.iter().map(|s| s.to_string()).collect(),
            details,
        }
    }

    fn baa(status: BaaStatus, effective: Option<&str>) -> AttestationDetails {
        AttestationDetails::Baa(Baa {
            status,
            mechanism: Some(BaaMechanism::ClickThrough),
            effective: effective.map(d),
            accounts: vec!["111122223333".into()],
            next_review: None,
        })
    }

    fn aoc(date: &str) -> AttestationDetails {
        AttestationDetails::Aoc(Aoc {
            date: d(date),
            dss_version: "4.0.1".into(),
            next_review: None,
        })
    }

    fn iso(expiry: &str) -> AttestationDetails {
        AttestationDetails::Iso27001(IsoCertificate {
            number: "IS 123".into(),
            scope: "AWS global infrastructure".into(),
            expiry: d(expiry),
        })
    }

    fn fedramp(date: &str) -> AttestationDetails {
        AttestationDetails::Fedramp(FedrampAuthorization {
            level: FedrampImpact::High,
            date: d(date),
            package_id: "F1603047866".into(),
        })
    }

    fn service(name: &str, data: &[DataType], frameworks: &[Framework]) -> Service {
        Service {
            id: 1,
            name: name.into(),
            provider: "AWS".into(),
            model: ServiceModel::Paas,
            sensitivity: Sensitivity::High,
            data_types: data.to_vec(),
            frameworks: frameworks.to_vec(),
            layers: layers_for_model(ServiceModel::Paas, &[]),
        }
    }

    fn row(owner: Ownership) -> MatrixRow {
        MatrixRow {
            service_id: 1,
            service: "RDS".into(),
            framework: Framework::Soc2,
            control_id: "CC6.1".into(),
            title: "Logical access".into(),
            family: "CC6".into(),
            layers: Vec::new(),
            owner,
            source: OwnerSource::LayerDefault,
            default_owner: owner,
            provider_label: None,
            provider_source: None,
            attestation: None,
            explanation: String::new(),
            reason: None,
            customer_part: None,
            evidence: Vec::new(),
            row_owner: None,
            last_reviewed: None,
            na_justification: None,
        }
    }

    fn evidence(date: Option<&str>, due: Option<&str>) -> Evidence {
        Evidence {
            id: 1,
            title: "Access review".into(),
            location: "binder".into(),
            date: date.map(d),
            owner: None,
            due_date: due.map(d),
        }
    }

    #[test]
    fn soc2_staleness() {
        // (period start, period end, today, current)
        let cases = [
            ("2025-01-01", "2025-12-31", "2026-12-31", true), // the last day of the 12 months
            ("2025-01-01", "2025-12-31", "2027-01-01", false), // the day after
            ("2023-03-01", "2024-02-29", "2025-02-28", true), // leap day: 12 months on is 28 February
            ("2023-03-01", "2024-02-29", "2025-03-01", false),
            ("2025-04-01", "2026-03-31", "2025-04-01", true), // within the period
            ("2025-04-01", "2026-03-31", "2025-03-31", false), // before the period starts
        ];
        for (start, end, today, current) in cases {
            let r = AttestationDetails::Soc2(soc2(start, end, None));
            assert_eq!(
                is_current(&r, d(today)),
                current,
                "{start}..{end}, today {today}"
            );
        }
    }

    #[test]
    fn uncovered_days_of_the_window() {
        // (window, coverage, uncovered ranges, days)
        let w = (d("2027-01-01"), d("2027-06-30"));
        type Case = (
            &'static [(&'static str, &'static str)],
            &'static [(&'static str, &'static str)],
            i64,
        );
        let cases: &[Case] = &[
            // fully covered, exactly at both edges
            (&[("2027-01-01", "2027-06-30")], &[], 0),
            // covering more than the window
            (&[("2026-04-01", "2027-12-31")], &[], 0),
            // not at all: 31+28+31+30+31+30 days, both ends counted
            (&[], &[("2027-01-01", "2027-06-30")], 181),
            // coverage entirely outside the window
            (
                &[("2025-01-01", "2026-12-31")],
                &[("2027-01-01", "2027-06-30")],
                181,
            ),
            // ends the day before the window's last day: one day open
            (
                &[("2026-07-01", "2027-06-29")],
                &[("2027-06-30", "2027-06-30")],
                1,
            ),
            // starts the day after the window opens: one day open
            (
                &[("2027-01-02", "2027-12-31")],
                &[("2027-01-01", "2027-01-01")],
                1,
            ),
            // partly: covered to the end of March
            (
                &[("2026-04-01", "2027-03-31")],
                &[("2027-04-01", "2027-06-30")],
                91,
            ),
            // two reports with a hole between them
            (
                &[("2026-01-01", "2027-01-31"), ("2027-03-01", "2027-12-31")],
                &[("2027-02-01", "2027-02-28")],
                28,
            ),
            // overlapping and adjacent spans leave nothing
            (
                &[
                    ("2027-03-01", "2027-06-30"),
                    ("2026-06-01", "2027-02-28"),
                    ("2027-02-01", "2027-04-01"),
                ],
                &[],
                0,
            ),
        ];
        for (coverage, open, days) in cases {
            let coverage: Vec<_> = coverage.iter().map(|(a, b)| (d(a), d(b))).collect();
            let got = uncovered(w, &coverage);
            let want: Vec<_> = open.iter().map(|(a, b)| (d(a), d(b))).collect();
            assert_eq!(got, want, "{coverage:?}");
            assert_eq!(days_in(&got), *days, "{coverage:?}");
        }
        // a leap year's February counts 29 days
        let leap = uncovered((d("2028-02-01"), d("2028-02-29")), &[]);
        assert_eq!(days_in(&leap), 29);
        let one_day = uncovered(
            (d("2028-02-29"), d("2028-02-29")),
            &[(d("2028-02-29"), d("2028-02-29"))],
        );
        assert!(one_day.is_empty());
    }

    #[test]
    fn bridge_letters_extend_coverage_and_warn_when_long() {
        // (period end, bridge covers to, coverage end, warning)
        let cases = [
            ("2026-12-31", None, "2026-12-31", false),
            ("2026-12-31", Some("2027-03-31"), "2027-03-31", false), // exactly 3 months
            ("2026-12-31", Some("2027-04-01"), "2027-04-01", true),  // a day more
            ("2026-11-30", Some("2027-02-28"), "2027-02-28", false), // 3 months to a short month
            ("2026-11-30", Some("2027-03-01"), "2027-03-01", true),
        ];
        for (end, bridge, coverage_end, warn) in cases {
            let r = soc2("2026-01-01", end, bridge);
            assert_eq!(
                soc2_coverage(&r),
                (d("2026-01-01"), d(coverage_end)),
                "{end} {bridge:?}"
            );
            assert_eq!(bridge_letter_too_long(&r), warn, "{end} {bridge:?}");
        }
        // a bridge letter closes the window's tail
        let r = soc2("2026-04-01", "2027-03-31", Some("2027-06-30"));
        assert!(uncovered((d("2027-01-01"), d("2027-06-30")), &[soc2_coverage(&r)]).is_empty());
        let r = soc2("2026-04-01", "2027-03-31", Some("2027-05-31"));
        assert_eq!(
            days_in(&uncovered(
                (d("2027-01-01"), d("2027-06-30")),
                &[soc2_coverage(&r)]
            )),
            30
        );
    }

    #[test]
    fn validation_names_the_field() {
        let mut r = soc2("2026-01-01", "2025-12-31", None);
        // (report, expected field prefix or None)
        let mut cases: Vec<(Soc2Report, Option<&str>)> = vec![(r.clone(), Some("period_end"))];
        r.period_end = d("2026-12-31");
        cases.push((r.clone(), None));
        r.bridge_letter = Some(BridgeLetter {
            date: d("2027-01-15"),
            covers_to: d("2026-12-31"),
        });
        cases.push((r.clone(), Some("bridge_letter")));
        r.bridge_letter = Some(BridgeLetter {
            date: d("2026-12-01"),
            covers_to: d("2027-03-31"),
        });
        cases.push((r.clone(), Some("bridge_letter")));
        r.bridge_letter = Some(BridgeLetter {
            date: d("2027-01-15"),
            covers_to: d("2027-03-31"),
        });
        cases.push((r.clone(), None));
        r.issued = Some(d("2026-12-30"));
        cases.push((r.clone(), Some("issued")));
        r.issued = None;
        r.report_type = Soc2Type::Type1;
        cases.push((r.clone(), Some("period_end")));
        r.report_type = Soc2Type::Type2;
        r.cuecs = vec!["  ".into()];
        cases.push((r, Some("cuecs")));
        for (report, field) in cases {
            let got = AttestationDetails::Soc2(report.clone()).validate();
            match field {
                None => assert!(got.is_ok(), "{report:?}: {got:?}"),
                Some(f) => assert!(
                    got.as_ref().is_err_and(|e| e.field == f),
                    "{report:?}: {got:?}"
                ),
            }
        }
        let others = [
            (baa(BaaStatus::Signed, None), Some("effective")),
            (baa(BaaStatus::Requested, None), None),
            (
                AttestationDetails::Aoc(Aoc {
                    date: d("2026-05-01"),
                    dss_version: " ".into(),
                    next_review: None,
                }),
                Some("dss_version"),
            ),
            (
                AttestationDetails::Aoc(Aoc {
                    date: d("2026-05-01"),
                    dss_version: "4.0.1".into(),
                    next_review: Some(d("2026-04-01")),
                }),
                Some("next_review"),
            ),
            (
                AttestationDetails::Iso27001(IsoCertificate {
                    number: "".into(),
                    scope: "".into(),
                    expiry: d("2027-01-01"),
                }),
                Some("number"),
            ),
            (
                AttestationDetails::Fedramp(FedrampAuthorization {
                    level: FedrampImpact::Moderate,
                    date: d("2020-01-01"),
                    package_id: "".into(),
                }),
                Some("package_id"),
            ),
        ];
        for (details, field) in others {
            let got = details.validate();
            match field {
                None => assert!(got.is_ok(), "{got:?}"),
                Some(f) => assert!(got.as_ref().is_err_and(|e| e.field == f), "{got:?}"),
            }
        }
    }

    #[test]
    fn inheritance_needs_a_current_attestation_covering_the_service_for_the_framework() {
        let today = d("2027-02-01");
        let all = vec![
            attestation(
                1,
                &["RDS", "S3"],
                AttestationDetails::Soc2(soc2("2026-01-01", "2026-12-31", None)),
            ),
            attestation(2, &["RDS"], aoc("2026-06-01")),
            attestation(3, &["S3"], aoc("2025-06-01")),
            attestation(4, &["RDS"], iso("2026-12-31")),
            attestation(5, &["S3"], iso("2027-12-31")),
            attestation(6, &["RDS"], fedramp("2019-01-01")),
            attestation(7, &["RDS"], baa(BaaStatus::Signed, Some("2025-01-01"))),
            attestation(8, &["S3"], baa(BaaStatus::Requested, None)),
            attestation(9, &["Lambda"], baa(BaaStatus::Signed, Some("2025-01-01"))),
        ];
        // (service, framework, covering attestation id)
        let cases = [
            ("RDS", Framework::Soc2, Some(1)),
            ("rds", Framework::Soc2, Some(1)), // names match case-insensitively
            ("EC2", Framework::Soc2, None),    // not listed in the report
            ("RDS", Framework::PciDss, Some(2)),
            ("S3", Framework::PciDss, None), // its AOC is older than 12 months
            ("RDS", Framework::Iso27001, None), // its certificate expired
            ("S3", Framework::Iso27001, Some(5)),
            ("RDS", Framework::Fedramp, Some(6)),
            ("RDS", Framework::Nist80053, Some(6)),
            ("RDS", Framework::Hipaa, Some(1)), // SOC 2 report and a signed BAA
            ("S3", Framework::Hipaa, None),     // BAA only requested
            ("Lambda", Framework::Hipaa, None), // BAA but no SOC 2 report
            ("RDS", Framework::NistCsf, None),  // nothing stands for NIST CSF
        ];
        for (service, framework, want) in cases {
            let got = covering_attestation(&all, service, framework, today).map(|a| a.id);
            assert_eq!(got, want, "{service} {framework:?}");
        }
        // the same report, a year later, no longer covers anything
        assert!(covering_attestation(&all, "RDS", Framework::Soc2, d("2028-01-01")).is_none());
    }

    #[test]
    fn inherit_turns_provider_rows_inherited_and_back() {
        let a = attestation(
            1,
            &["RDS"],
            AttestationDetails::Soc2(soc2("2026-01-01", "2026-12-31", None)),
        );
        // (owner before, covering?, owner after, attestation kept)
        let cases = [
            (Ownership::Provider, true, Ownership::Inherited, true),
            (Ownership::Provider, false, Ownership::Provider, false),
            (Ownership::Inherited, true, Ownership::Inherited, true),
            (Ownership::Inherited, false, Ownership::Inherited, false),
            (Ownership::Customer, true, Ownership::Customer, false),
            (Ownership::Shared, true, Ownership::Shared, false),
        ];
        for (before, covering, after, kept) in cases {
            let mut r = row(before);
            inherit(&mut r, covering.then_some(&a));
            assert_eq!(
                (r.owner, r.attestation.is_some()),
                (after, kept),
                "{before:?} {covering}"
            );
        }
    }

    #[test]
    fn phi_needs_a_signed_baa_in_force_covering_the_service() {
        let today = d("2027-02-01");
        // (data, BAAs on file, finding)
        let cases: Vec<(&[DataType], Vec<Attestation>, bool)> = vec![
            (&[DataType::Pii], vec![], false),
            (&[DataType::Phi], vec![], true),
            (
                &[DataType::Phi],
                vec![attestation(
                    1,
                    &["RDS"],
                    baa(BaaStatus::Signed, Some("2026-01-01")),
                )],
                false,
            ),
            (
                &[DataType::Phi],
                vec![attestation(
                    1,
                    &["S3"],
                    baa(BaaStatus::Signed, Some("2026-01-01")),
                )],
                true,
            ),
            (
                &[DataType::Phi],
                vec![attestation(
                    1,
                    &["RDS"],
                    baa(BaaStatus::Signed, Some("2027-03-01")),
                )],
                true,
            ),
            (
                &[DataType::Phi],
                vec![attestation(1, &["RDS"], baa(BaaStatus::Requested, None))],
                true,
            ),
            (
                &[DataType::Phi],
                vec![attestation(
                    1,
                    &["RDS"],
                    baa(BaaStatus::Terminated, Some("2026-01-01")),
                )],
                true,
            ),
            (
                &[DataType::Phi],
                vec![attestation(1, &["RDS"], baa(BaaStatus::Declined, None))],
                true,
            ),
            (
                &[DataType::Phi],
                vec![attestation(
                    1,
                    &["RDS"],
                    AttestationDetails::Soc2(soc2("2026-01-01", "2026-12-31", None)),
                )],
                true,
            ),
        ];
        for (data, atts, finding) in cases {
            let s = service("RDS", data, &[Framework::Hipaa]);
            assert_eq!(
                phi_without_baa(&s, &atts, today),
                finding,
                "{data:?} {atts:?}"
            );
        }
    }

    #[test]
    fn aoc_age_and_listing() {
        let today = d("2027-02-01");
        let all = vec![
            attestation(1, &["EC2"], aoc("2026-02-01")),
            attestation(2, &["S3"], aoc("2026-01-31")),
            attestation(3, &["Lambda"], aoc("2024-12-01")),
            attestation(4, &["Lambda"], aoc("2026-12-01")),
        ];
        // (service, status: 'c' current, 's' stale, 'n' not listed, attestation id)
        let cases = [
            ("EC2", 'c', Some(1)),    // exactly 12 months old
            ("S3", 's', Some(2)),     // 12 months and a day
            ("Lambda", 'c', Some(4)), // the newest AOC listing it decides
            ("EKS", 'n', None),
        ];
        for (service, status, id) in cases {
            let got = aoc_status(&all, service, today);
            let (s, got_id) = match got {
                AocStatus::Current(a) => ('c', Some(a.id)),
                AocStatus::Stale(a) => ('s', Some(a.id)),
                AocStatus::NotListed => ('n', None),
            };
            assert_eq!((s, got_id), (status, id), "{service}");
        }
    }

    #[test]
    fn evidence_due_dates() {
        let start = Some(d("2027-01-01"));
        assert_eq!(
            evidence_collection(d("2027-01-01")),
            (d("2026-10-03"), d("2026-11-02"))
        );
        // leap year: 60 days before 1 March 2028 is 1 January 2028
        assert_eq!(evidence_collection(d("2028-03-01")).1, d("2028-01-01"));
        // (evidence date, its due date, audit start, today, overdue)
        let cases = [
            (None, None, start, "2026-11-02", false), // the last day of collection
            (None, None, start, "2026-11-03", true),
            (Some("2026-10-15"), None, start, "2026-12-01", false), // collected
            (None, Some("2026-12-15"), start, "2026-12-01", false), // its own due date is later
            (None, Some("2026-10-15"), start, "2026-10-16", true),
            (None, None, None, "2030-01-01", false), // no window, no due date: nothing to miss
        ];
        for (date, due, start, today, overdue) in cases {
            assert_eq!(
                evidence_overdue(&evidence(date, due), start, d(today)),
                overdue,
                "{date:?} {due:?} {today}"
            );
        }
    }

    #[test]
    fn row_gaps_by_owner_and_content() {
        let today = d("2026-12-01");
        let start = Some(d("2027-01-01"));
        let a = attestation(
            1,
            &["RDS"],
            AttestationDetails::Soc2(soc2("2026-01-01", "2026-12-31", None)),
        );
        let mut inherited = row(Ownership::Inherited);
        inherited.attestation = Some(a.reference());
        let mut described = row(Ownership::Shared);
        described.customer_part = Some("we rotate the keys".into());
        let mut justified = row(Ownership::NotApplicable);
        justified.na_justification = Some("no card data".into());
        let mut evidenced = row(Ownership::Customer);
        evidenced.evidence = vec![evidence(Some("2026-10-20"), None)];
        let mut late = row(Ownership::Customer);
        late.evidence = vec![evidence(None, None)];
        let mut cuec = row(Ownership::Customer);
        cuec.family = CUEC_FAMILY.into();
        cuec.control_id = cuec_control_id(1, 1);
        // (row, the gap kinds it raises)
        let cases: Vec<(MatrixRow, Vec<GapKind>)> = vec![
            (
                row(Ownership::Undetermined),
                vec![GapKind::UndeterminedControl],
            ),
            (row(Ownership::Provider), vec![GapKind::ProviderUnattested]),
            (
                row(Ownership::Inherited),
                vec![GapKind::InheritedUnattested],
            ),
            (inherited, vec![]),
            (row(Ownership::Customer), vec![GapKind::CustomerNoEvidence]),
            (evidenced, vec![]),
            (late, vec![GapKind::EvidenceOverdue]),
            (row(Ownership::Shared), vec![GapKind::SharedNoCustomerPart]),
            (described, vec![]),
            (
                row(Ownership::NotApplicable),
                vec![GapKind::NaNoJustification],
            ),
            (justified, vec![]),
            (
                cuec,
                vec![GapKind::CustomerNoEvidence, GapKind::CuecNoOwner],
            ),
        ];
        for (r, kinds) in cases {
            let got: Vec<GapKind> = row_gaps(&r, start, today).iter().map(|g| g.kind).collect();
            assert_eq!(got, kinds, "{:?} {}", r.owner, r.control_id);
        }
        let g = &row_gaps(&row(Ownership::Provider), start, today)[0];
        assert_eq!(g.control.as_deref(), Some("CC6.1"));
        assert_eq!(g.severity, Severity::Medium);
        assert!(matches!(&g.link, GapLink::Row { control, .. } if control == "CC6.1"));
    }

    /// (attestations, reviews, today, the gap kinds expected)
    type VendorCase<'a> = (Vec<Attestation>, &'a [VendorReview], &'a str, Vec<GapKind>);

    #[test]
    fn vendor_gaps_by_case() {
        let window = Some((d("2027-01-01"), d("2027-06-30")));
        let rds = service(
            "RDS",
            &[DataType::Phi],
            &[Framework::Soc2, Framework::Hipaa, Framework::PciDss],
        );
        let reviewed = vec![VendorReview {
            provider: "AWS".into(),
            last_reviewed: Some(d("2026-11-01")),
            next_review: Some(d("2027-02-01")),
        }];
        let covered = vec![
            attestation(
                1,
                &["RDS"],
                AttestationDetails::Soc2(soc2("2026-07-01", "2027-06-30", None)),
            ),
            attestation(2, &["RDS"], baa(BaaStatus::Signed, Some("2026-01-01"))),
            attestation(3, &["RDS"], aoc("2026-06-01")),
        ];
        let kinds = |atts: &[Attestation], reviews: &[VendorReview], today: &str| -> Vec<GapKind> {
            let mut k: Vec<GapKind> =
                vendor_gaps(std::slice::from_ref(&rds), atts, reviews, window, d(today))
                    .iter()
                    .map(|g| g.kind)
                    .collect();
            k.sort();
            k
        };
        // (attestations, reviews, today, kinds)
        let mut stale = covered.clone();
        stale[0] = attestation(
            1,
            &["RDS"],
            AttestationDetails::Soc2(soc2("2025-01-01", "2025-12-31", None)),
        );
        let mut bridged = covered.clone();
        bridged[0] = attestation(
            1,
            &["RDS"],
            AttestationDetails::Soc2(soc2("2026-01-01", "2026-12-31", Some("2027-06-30"))),
        );
        let mut replaced = stale.clone();
        replaced.push(attestation(
            4,
            &["RDS"],
            AttestationDetails::Soc2(soc2("2026-01-01", "2026-12-31", Some("2027-03-31"))),
        ));
        let mut expired = covered.clone();
        expired.push(attestation(5, &["RDS"], iso("2026-12-31")));
        let mut renewed = expired.clone();
        renewed.push(attestation(6, &["RDS"], iso("2029-12-31")));
        let cases: Vec<VendorCase> = vec![
            (covered.clone(), &reviewed, "2027-01-15", vec![]),
            (
                covered.clone(),
                &[],
                "2027-01-15",
                vec![GapKind::VendorReviewOverdue],
            ),
            (
                covered.clone(),
                &reviewed,
                "2027-02-02",
                vec![GapKind::VendorReviewOverdue],
            ),
            (
                vec![],
                &reviewed,
                "2027-01-15",
                vec![
                    GapKind::Soc2WindowGap,
                    GapKind::PhiWithoutBaa,
                    GapKind::AocServiceMissing,
                ],
            ),
            (
                stale,
                &reviewed,
                "2027-01-15",
                vec![GapKind::Soc2Stale, GapKind::Soc2WindowGap],
            ),
            (
                bridged,
                &reviewed,
                "2027-01-15",
                vec![GapKind::BridgeLetterLong],
            ),
            // the older report is replaced; the newer one's letter leaves April to June open
            (
                replaced,
                &reviewed,
                "2027-01-15",
                vec![GapKind::Soc2WindowGap],
            ),
            (
                covered.clone(),
                &reviewed,
                "2027-06-02",
                vec![GapKind::AocStale, GapKind::VendorReviewOverdue],
            ),
            (expired, &reviewed, "2027-01-15", vec![GapKind::IsoExpired]),
            (renewed, &reviewed, "2027-01-15", vec![]),
        ];
        for (atts, reviews, today, want) in cases {
            let mut want = want;
            want.sort();
            assert_eq!(kinds(&atts, reviews, today), want, "{today} {atts:?}");
        }
        let mut undecided = rds.clone();
        undecided.layers[0].owner = Ownership::Undetermined;
        let gaps = vendor_gaps(&[undecided], &covered, &reviewed, window, d("2027-01-15"));
        assert_eq!(gaps.len(), 1);
        assert!(matches!(
            gaps[0].link,
            GapLink::Layer {
                layer: Layer::Data,
                ..
            }
        ));
    }

    #[test]
    fn reports_count_per_service_framework_and_kind() {
        let today = d("2026-12-01");
        let mut a = row(Ownership::Provider);
        a.service = "B".into();
        let mut b = row(Ownership::Customer);
        b.service = "A".into();
        let mut c = row(Ownership::NotApplicable);
        c.framework = Framework::Hipaa;
        let gaps: Vec<Gap> = [a, b, c]
            .iter()
            .flat_map(|r| row_gaps(r, None, today))
            .collect();
        let report = GapReport::new(today, gaps);
        assert_eq!(report.gaps[0].severity, Severity::Medium);
        assert_eq!(report.gaps.last().map(|g| g.severity), Some(Severity::Low));
        let keys: Vec<(&str, u32)> = report
            .by_framework
            .iter()
            .map(|c| (c.key.as_str(), c.total))
            .collect();
        assert_eq!(keys, [("hipaa", 1), ("soc2", 2)]);
        assert_eq!(report.by_service.len(), 3);
        let json = serde_json::to_value(&report.gaps[0]).unwrap();
        assert_eq!(json["kind"], "customer_no_evidence");
        assert_eq!(json["link"]["to"], "row");
        for k in GapKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.id());
        }
    }
}
