//! The attestations a provider holds, by kind, and the vendor reviews of the engagement.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{FedrampLevel, Invalid};

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

impl TrustCategory {
    pub const ALL: [TrustCategory; 5] = [
        TrustCategory::Security,
        TrustCategory::Availability,
        TrustCategory::ProcessingIntegrity,
        TrustCategory::Confidentiality,
        TrustCategory::Privacy,
    ];

    pub fn label(self) -> &'static str {
        match self {
            TrustCategory::Security => "Security",
            TrustCategory::Availability => "Availability",
            TrustCategory::ProcessingIntegrity => "Processing integrity",
            TrustCategory::Confidentiality => "Confidentiality",
            TrustCategory::Privacy => "Privacy",
        }
    }
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

impl BaaStatus {
    /// In the order a person is offered them: the usual answers first.
    pub const ALL: [BaaStatus; 6] = [
        BaaStatus::Signed,
        BaaStatus::Requested,
        BaaStatus::RequiredMissing,
        BaaStatus::NotRequired,
        BaaStatus::Terminated,
        BaaStatus::Declined,
    ];

    /// How the status reads in labels, registers and exports.
    pub fn label(self) -> &'static str {
        match self {
            BaaStatus::NotRequired => "not required",
            BaaStatus::RequiredMissing => "required, missing",
            BaaStatus::Requested => "requested",
            BaaStatus::Signed => "signed",
            BaaStatus::Terminated => "terminated",
            BaaStatus::Declined => "declined",
        }
    }
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FedrampAuthorization {
    pub level: FedrampLevel,
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
            AttestationDetails::Baa(b) => format!("BAA ({})", b.status.label()),
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
