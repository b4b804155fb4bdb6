//! The attestations a provider holds, by kind, and the vendor reviews of the engagement.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::carve_out_criterion;
use crate::{FedrampLevel, Framework, Invalid};

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
    /// The last day it says it speaks for. A letter never speaks past its own date: a new one
    /// ending later is refused, and one stored so (older files) is read as ending on its date
    /// (`ends`).
    pub covers_to: NaiveDate,
}

impl BridgeLetter {
    /// The last day the letter speaks for: the day it states, but never after its own date.
    pub fn ends(&self) -> NaiveDate {
        self.covers_to.min(self.date)
    }

    /// True when the letter states an end after its own date (an older file may hold one).
    pub fn overstated(&self) -> bool {
        self.covers_to > self.date
    }
}

/// A complementary user entity control a SOC 2 report lists: what the report expects of its
/// customers, once per report, mapped by the client to its own criteria (`CC6.1`) with the
/// person accountable and where the evidence is. Older files wrote it as its text alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(from = "CuecText")]
#[ts(export)]
pub struct Cuec {
    pub text: String,
    /// The client's criteria it belongs to; empty until someone maps it.
    pub criteria: Vec<String>,
    pub owner: Option<String>,
    /// A reference to the evidence: a path, a URL or a binder reference.
    pub evidence: Option<String>,
}

impl Cuec {
    /// A CUEC as the report words it, not yet mapped.
    pub fn new(text: impl Into<String>) -> Cuec {
        Cuec {
            text: text.into(),
            criteria: Vec::new(),
            owner: None,
            evidence: None,
        }
    }
}

/// A CUEC as stored: its text alone (older files) or in full.
#[derive(Deserialize)]
#[serde(untagged)]
enum CuecText {
    Text(String),
    Full {
        text: String,
        #[serde(default)]
        criteria: Vec<String>,
        #[serde(default)]
        owner: Option<String>,
        #[serde(default)]
        evidence: Option<String>,
    },
}

impl From<CuecText> for Cuec {
    fn from(c: CuecText) -> Cuec {
        match c {
            CuecText::Text(text) => Cuec::new(text),
            CuecText::Full {
                text,
                criteria,
                owner,
                evidence,
            } => Cuec {
                text,
                criteria,
                owner,
                evidence,
            },
        }
    }
}

/// An exception a SOC 2 report notes (a control that did not operate as described), and the
/// client's assessment of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReportException {
    /// What the report says, in a line (`CC6.2: 3 of 25 leavers kept access for 5 days`).
    pub description: String,
    /// What it means for the client.
    #[serde(default)]
    pub impact: Option<String>,
    /// What the client does about it.
    #[serde(default)]
    pub response: Option<String>,
}

impl ReportException {
    /// Assessed: both its impact on the client and the response are written down.
    pub fn assessed(&self) -> bool {
        self.impact.is_some() && self.response.is_some()
    }
}

/// The fewest words an impact statement has: "none", "n/a" or "low" say nothing an auditor can
/// weigh.
pub const IMPACT_MIN_WORDS: usize = 4;

impl ExceptionAssessment {
    /// Checks an assessment before it is recorded: an exception counted as assessed (a response
    /// given) carries an impact statement, and an impact is a statement, not a placeholder:
    /// what the exception means for the client's own controls and why.
    pub fn validate(&self) -> Result<(), Invalid> {
        fn given(t: &Option<String>) -> Option<&str> {
            t.as_deref().map(str::trim).filter(|t| !t.is_empty())
        }
        match (given(&self.impact), given(&self.response)) {
            (None, Some(_)) => Err(Invalid::new(
                "impact",
                "an assessed exception needs its impact: what it means for your own controls,                  and why",
            )),
            (Some(impact), _) if impact.split_whitespace().count() < IMPACT_MIN_WORDS => {
                Err(Invalid::new(
                    "impact",
                    format!(
                        "{impact:?} is no impact statement: say what the exception means for                          your own controls (which rely on it, what you checked), in at least                          {IMPACT_MIN_WORDS} words"
                    ),
                ))
            }
            _ => Ok(()),
        }
    }
}

/// The client's assessment of one exception a report notes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExceptionAssessment {
    pub impact: Option<String>,
    pub response: Option<String>,
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
    /// Under the carve-out method, the criteria the report leaves to its subservice
    /// organisations (the report's CSOCs: CC6.4 for a colocation provider's physical access):
    /// the report does not speak for them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<String>>")]
    pub carved_out_criteria: Vec<String>,
    /// Complementary user entity controls: what the report expects of its customers.
    pub cuecs: Vec<Cuec>,
    /// Someone checked the report and it lists no CUECs.
    #[serde(default)]
    pub no_cuecs: bool,
    /// The exceptions the report notes, each with the client's assessment.
    #[serde(default)]
    pub exceptions: Vec<ReportException>,
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
    /// The provider's eligible services as the agreement lists them; empty when it names none.
    /// A service outside the list is covered only with a recorded reason.
    #[serde(default)]
    pub eligible_services: Vec<String>,
    /// What the agreement says beyond its status and dates, and why the vendor is or is not a
    /// business associate.
    #[serde(default, flatten)]
    #[ts(flatten)]
    pub terms: BaaTerms,
}

/// The terms of a business associate agreement an assessor reads, each as the agreement or
/// the client's determination words it; `None` when not recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BaaTerms {
    /// Why the vendor is or is not a business associate (a card processor's
    /// payment-processing exemption, a conduit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub determination: Option<String>,
    /// Where the provider's list of eligible services is, and as of when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub eligible_reference: Option<String>,
    /// What the agreement asks of the provider's subcontractors (flow-down).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub subcontractors: Option<String>,
    /// When and how the provider must report a breach.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub breach_notice: Option<String>,
    /// Where the signed agreement is kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub document: Option<String>,
}

impl BaaTerms {
    /// Each term with the field that holds it.
    pub fn fields(&self) -> [(&'static str, &Option<String>); 5] {
        [
            ("determination", &self.determination),
            ("eligible_reference", &self.eligible_reference),
            ("subcontractors", &self.subcontractors),
            ("breach_notice", &self.breach_notice),
            ("document", &self.document),
        ]
    }
}

/// A PCI DSS Attestation of Compliance of a service provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Aoc {
    pub date: NaiveDate,
    /// `4.0.1`.
    pub dss_version: String,
    pub next_review: Option<NaiveDate>,
    /// The requirements the AOC covers for the services it lists (`3`, `6.4.1`, `A1`): a
    /// number covers its sub-requirements. `None`: all of them.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub requirements: Option<Vec<String>>,
    /// The assessor who signed it (the QSA company), when recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub assessor: Option<String>,
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
    /// The services inside the authorization boundary, as the package names them; empty when
    /// not recorded.
    #[serde(default)]
    pub boundary: Vec<String>,
    /// The regions the authorization covers (`us-gov-west-1`); empty when not recorded.
    #[serde(default)]
    pub regions: Vec<String>,
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
                if !r.carved_out_criteria.is_empty()
                    && r.subservice_method != SubserviceMethod::CarveOut
                {
                    return Err(Invalid::new(
                        "carved_out_criteria",
                        "only a report that carves its subservice organisations out leaves \
                         criteria to them; an inclusive report speaks for them",
                    ));
                }
                if let Some(c) = r
                    .carved_out_criteria
                    .iter()
                    .find(|c| criterion_category(c).is_none())
                {
                    return Err(Invalid::new(
                        "carved_out_criteria",
                        format!("{c:?} is not a SOC 2 criterion (CC6.4, A1.2...)"),
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
                    if b.date <= r.period_end {
                        return Err(Invalid::new(
                            "bridge_letter",
                            format!(
                                "it is dated {}, not after the period ends ({}): a bridge letter \
                                 follows the report",
                                b.date, r.period_end
                            ),
                        ));
                    }
                }
                if r.cuecs.iter().any(|c| c.text.trim().is_empty()) {
                    return Err(Invalid::new(
                        "cuecs",
                        "a complementary user entity control is empty",
                    ));
                }
                if r.no_cuecs && !r.cuecs.is_empty() {
                    return Err(Invalid::new(
                        "cuecs",
                        "the report is marked as listing no CUECs, yet some are recorded",
                    ));
                }
                if r.exceptions.iter().any(|x| x.description.trim().is_empty()) {
                    return Err(Invalid::new("exceptions", "an exception is empty"));
                }
                if !r.exceptions_noted && !r.exceptions.is_empty() {
                    return Err(Invalid::new(
                        "exceptions",
                        "exceptions are recorded for a report that notes none; mark exceptions noted",
                    ));
                }
                Ok(())
            }
            AttestationDetails::Baa(b) => {
                for (field, value) in b.terms.fields() {
                    if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
                        return Err(Invalid::new(field, "give the text, or leave it out"));
                    }
                }
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
                if a.assessor.as_deref().is_some_and(|v| v.trim().is_empty()) {
                    return Err(Invalid::new(
                        "assessor",
                        "give the assessor, or leave it out",
                    ));
                }
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
                if let Some(listed) = &a.requirements {
                    if listed.is_empty() {
                        return Err(Invalid::new(
                            "requirements",
                            "name the requirements the AOC covers, or all of them",
                        ));
                    }
                    if let Some(bad) = listed.iter().find(|r| !is_pci_requirement(r)) {
                        return Err(Invalid::new(
                            "requirements",
                            format!(
                                "{bad:?} is not a PCI DSS requirement number (like 3, 6.4.1 or A1)"
                            ),
                        ));
                    }
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
    /// The services it covers although they lie outside its boundary, region or eligible
    /// services, each with the reason a person gave.
    #[serde(default)]
    pub outside_scope: Vec<ScopeOverride>,
}

/// A service an attestation covers outside what the document says it covers, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ScopeOverride {
    pub service: String,
    pub reason: String,
}

impl Attestation {
    pub fn kind(&self) -> AttestationKind {
        self.details.kind()
    }

    /// True when the attestation covers `service`: it lists the service, or, for a BAA, the
    /// service is among the agreement's eligible services (a provider's BAA applies to every
    /// eligible service used in the accounts it covers).
    pub fn covers(&self, service: &str) -> bool {
        let named = |names: &[String]| {
            names
                .iter()
                .any(|s| s.trim().eq_ignore_ascii_case(service.trim()))
        };
        named(&self.services)
            || matches!(&self.details, AttestationDetails::Baa(b) if named(&b.eligible_services))
    }

    /// True when the attestation is a SOC 2 report that carves out `control` of `framework`:
    /// the carve-out method, with the criterion among those it leaves to its subservice
    /// organisations.
    pub fn carves_out(&self, framework: Framework, control: &str) -> bool {
        self.carved_out_criterion(framework, control).is_some()
    }

    /// The criterion this SOC 2 report carves out that `control` of `framework` rests on: the
    /// control itself under SOC 2, the mapped criterion of another framework's control
    /// (HIPAA's physical safeguards rest on CC6.4, CC6.5 and A1.2; see `carve_out`).
    pub fn carved_out_criterion(&self, framework: Framework, control: &str) -> Option<&str> {
        let criterion = carve_out_criterion(framework, control)?;
        match &self.details {
            AttestationDetails::Soc2(r) if r.subservice_method == SubserviceMethod::CarveOut => r
                .carved_out_criteria
                .iter()
                .find(|c| c.trim().eq_ignore_ascii_case(criterion))
                .map(|c| c.trim()),
            _ => None,
        }
    }

    /// True when what the document says it covers takes in `control` of `framework`: an AOC's
    /// listed requirements, a SOC 2 report's trust services categories. Other kinds, and the
    /// frameworks a kind does not speak for, are not narrowed here.
    pub fn covers_requirement(&self, framework: Framework, control: &str) -> bool {
        match (&self.details, framework) {
            (AttestationDetails::Aoc(a), Framework::PciDss) => match &a.requirements {
                None => true,
                Some(listed) => listed.iter().any(|r| requirement_within(control, r)),
            },
            (AttestationDetails::Soc2(r), Framework::Soc2) => {
                criterion_category(control).is_none_or(|c| r.categories.contains(&c))
            }
            _ => true,
        }
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
    /// Services covered outside the document's boundary, region or eligible services, each
    /// with its reason.
    #[serde(default)]
    pub outside_scope: Vec<ScopeOverride>,
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

/// True when `text` reads as a PCI DSS requirement number: `1` to `12` or `A1` to `A3`, then
/// any number of `.N` parts (`8.4.2`, `A3.2.2`).
pub fn is_pci_requirement(text: &str) -> bool {
    let mut parts = text.trim().split('.');
    let head = parts.next().unwrap_or_default();
    let head_ok = match head.strip_prefix(['A', 'a']) {
        Some(n) => matches!(n, "1" | "2" | "3"),
        None => head.parse::<u32>().is_ok_and(|n| (1..=12).contains(&n)) && !head.starts_with('0'),
    };
    head_ok && parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// True when requirement `control` is `listed` or one of its sub-requirements (`6.4.3` is
/// within `6.4` and `6`, not within `6.4.1`).
pub fn requirement_within(control: &str, listed: &str) -> bool {
    let (control, listed) = (control.trim(), listed.trim());
    control.eq_ignore_ascii_case(listed)
        || control
            .get(..listed.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(listed))
            && control[listed.len()..].starts_with('.')
}

/// The trust services category a SOC 2 criterion belongs to: CC to Security, A to
/// Availability, C to Confidentiality, PI to Processing integrity, P to Privacy. `None` for an
/// id that is none of these.
pub fn criterion_category(control: &str) -> Option<TrustCategory> {
    let head: String = control
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_uppercase();
    match head.as_str() {
        "CC" => Some(TrustCategory::Security),
        "A" => Some(TrustCategory::Availability),
        "C" => Some(TrustCategory::Confidentiality),
        "PI" => Some(TrustCategory::ProcessingIntegrity),
        "P" => Some(TrustCategory::Privacy),
        _ => None,
    }
}
