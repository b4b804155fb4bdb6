//! What a gap is: its kind and severity, where it is closed, and how it reads.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Framework, Layer, MatrixRow};

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
    /// An entity-level row whose per-service decisions, recorded before it was the client's
    /// once, disagree.
    EntityDisagreement,
    /// The provider does it but no current attestation covering the service is on file.
    ProviderUnattested,
    /// Marked inherited by a person, with no current covering attestation.
    InheritedUnattested,
    /// Outsourced to a third party that the provider's SOC 2 report carves out, with no
    /// attestation of the third party on file.
    ThirdPartyCarvedOut,
    CustomerNoEvidence,
    SharedNoCustomerPart,
    NaNoJustification,
    /// Evidence not collected by its due date (60 days before the window opens by default).
    EvidenceOverdue,
    /// A mapped CUEC with nobody accountable for it.
    CuecNoOwner,
    /// A CUEC of a report not yet mapped to the client's criteria.
    CuecUnmapped,
    /// A mapped CUEC with no evidence recorded.
    CuecNoEvidence,
    /// A SOC 2 report with no CUECs recorded and nobody confirming it lists none.
    CuecsUnconfirmed,
    /// A report notes exceptions, none is recorded.
    ExceptionsUnrecorded,
    /// An exception a report notes, not assessed (impact on the client, response).
    ExceptionUnassessed,
    Soc2Stale,
    /// Days of the audit window no SOC 2 report or bridge letter covers.
    Soc2WindowGap,
    /// A bridge letter reaching more than about 3 months past the period end.
    BridgeLetterLong,
    PhiWithoutBaa,
    AocStale,
    AocServiceMissing,
    IsoExpired,
    /// An AOC or certificate in force today that lapses before the audit window ends, with no
    /// successor on file.
    LapsesInWindow,
    VendorReviewOverdue,
    /// A framework in scope whose scoping profile is not recorded: everything applies.
    ScopingNotAnswered,
    /// A CSOC of the client's whose provider has no SOC 2 report on file to support it.
    CsocUnsupported,
}

impl GapKind {
    pub const ALL: [GapKind; 27] = [
        GapKind::UndeterminedLayer,
        GapKind::UndeterminedControl,
        GapKind::EntityDisagreement,
        GapKind::ProviderUnattested,
        GapKind::InheritedUnattested,
        GapKind::ThirdPartyCarvedOut,
        GapKind::CustomerNoEvidence,
        GapKind::SharedNoCustomerPart,
        GapKind::NaNoJustification,
        GapKind::EvidenceOverdue,
        GapKind::CuecNoOwner,
        GapKind::CuecUnmapped,
        GapKind::CuecNoEvidence,
        GapKind::CuecsUnconfirmed,
        GapKind::ExceptionsUnrecorded,
        GapKind::ExceptionUnassessed,
        GapKind::Soc2Stale,
        GapKind::Soc2WindowGap,
        GapKind::BridgeLetterLong,
        GapKind::PhiWithoutBaa,
        GapKind::AocStale,
        GapKind::AocServiceMissing,
        GapKind::IsoExpired,
        GapKind::LapsesInWindow,
        GapKind::VendorReviewOverdue,
        GapKind::ScopingNotAnswered,
        GapKind::CsocUnsupported,
    ];

    pub fn id(self) -> &'static str {
        match self {
            GapKind::UndeterminedLayer => "undetermined_layer",
            GapKind::UndeterminedControl => "undetermined_control",
            GapKind::EntityDisagreement => "entity_disagreement",
            GapKind::ProviderUnattested => "provider_unattested",
            GapKind::InheritedUnattested => "inherited_unattested",
            GapKind::ThirdPartyCarvedOut => "third_party_carved_out",
            GapKind::CustomerNoEvidence => "customer_no_evidence",
            GapKind::SharedNoCustomerPart => "shared_no_customer_part",
            GapKind::NaNoJustification => "na_no_justification",
            GapKind::EvidenceOverdue => "evidence_overdue",
            GapKind::CuecNoOwner => "cuec_no_owner",
            GapKind::CuecUnmapped => "cuec_unmapped",
            GapKind::CuecNoEvidence => "cuec_no_evidence",
            GapKind::CuecsUnconfirmed => "cuecs_unconfirmed",
            GapKind::ExceptionsUnrecorded => "exceptions_unrecorded",
            GapKind::ExceptionUnassessed => "exception_unassessed",
            GapKind::Soc2Stale => "soc2_stale",
            GapKind::Soc2WindowGap => "soc2_window_gap",
            GapKind::BridgeLetterLong => "bridge_letter_long",
            GapKind::PhiWithoutBaa => "phi_without_baa",
            GapKind::AocStale => "aoc_stale",
            GapKind::AocServiceMissing => "aoc_service_missing",
            GapKind::IsoExpired => "iso_expired",
            GapKind::LapsesInWindow => "lapses_in_window",
            GapKind::VendorReviewOverdue => "vendor_review_overdue",
            GapKind::ScopingNotAnswered => "scoping_not_answered",
            GapKind::CsocUnsupported => "csoc_unsupported",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            GapKind::UndeterminedLayer
            | GapKind::UndeterminedControl
            | GapKind::EntityDisagreement
            | GapKind::InheritedUnattested
            | GapKind::EvidenceOverdue
            | GapKind::Soc2Stale
            | GapKind::Soc2WindowGap
            | GapKind::PhiWithoutBaa
            | GapKind::AocStale
            | GapKind::AocServiceMissing
            | GapKind::ExceptionUnassessed => Severity::High,
            GapKind::ProviderUnattested
            | GapKind::ThirdPartyCarvedOut
            | GapKind::CustomerNoEvidence
            | GapKind::SharedNoCustomerPart
            | GapKind::CuecNoOwner
            | GapKind::CuecUnmapped
            | GapKind::CuecNoEvidence
            | GapKind::CuecsUnconfirmed
            | GapKind::ExceptionsUnrecorded
            | GapKind::IsoExpired
            | GapKind::LapsesInWindow
            | GapKind::ScopingNotAnswered
            | GapKind::CsocUnsupported => Severity::Medium,
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
    /// A matrix row; `service_id` null for an entity-level row.
    Row {
        #[ts(type = "number | null")]
        service_id: Option<i64>,
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
    /// The scoping profile of a framework.
    Scoping {
        framework: Framework,
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
            service: row.service.clone(),
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
        GapKind::EntityDisagreement => {
            "The control is the client's once for the engagement, but the decisions recorded \
             per service before say different things."
        }
        GapKind::ProviderUnattested => {
            "The provider implements it, but without a current attestation covering this service \
             the auditor has nothing to rely on."
        }
        GapKind::InheritedUnattested => {
            "Inherited means a current attestation covering the service and the requirement is \
             on file; none is, so the row counts as the provider's until one is."
        }
        GapKind::ThirdPartyCarvedOut => {
            "The provider has a third party (a subservice organisation) do it, and its SOC 2 \
             report carves that party out: the report does not speak for what the third party \
             does."
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
        GapKind::CuecUnmapped => {
            "Until it is mapped to your criteria, nobody can say which of your controls carry it."
        }
        GapKind::CuecNoEvidence => {
            "Your auditor will ask for evidence that the complementary control operates."
        }
        GapKind::CuecsUnconfirmed => {
            "Almost every SOC 2 report lists complementary user entity controls; none is recorded."
        }
        GapKind::ExceptionsUnrecorded => {
            "The report notes exceptions; each must be read and its effect on you assessed."
        }
        GapKind::ExceptionUnassessed => {
            "A control of the vendor did not operate as described; auditors ask what it means \
             for you and what you did."
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
        GapKind::LapsesInWindow => {
            "For the days after it lapses the provider's part rests on nothing on file; the \
             assessor will ask for its successor."
        }
        GapKind::VendorReviewOverdue => "SOC 2 CC9.2 expects vendors to be reviewed regularly.",
        GapKind::CsocUnsupported => {
            "Your report relies on the provider operating this control; without the \
             provider's own SOC 2 report on file nothing shows that it does."
        }
        GapKind::ScopingNotAnswered => {
            "What applies depends on what the client is under the framework (merchant or \
             service provider, covered entity or business associate, the categories of the \
             report); until that is answered nothing is ruled out."
        }
    }
}

fn fix(kind: GapKind) -> &'static str {
    match kind {
        GapKind::UndeterminedLayer => "Set the layer's owner, with a reason.",
        GapKind::UndeterminedControl => "Set the control's owner, with a reason.",
        GapKind::EntityDisagreement => {
            "Set the entity-level row's owner, with a reason, or move the control to the system \
             level if it really differs per service."
        }
        GapKind::ProviderUnattested | GapKind::InheritedUnattested => {
            "Record a current attestation that covers the service, or change the owner."
        }
        GapKind::ThirdPartyCarvedOut => {
            "Record the third party's own attestation covering the service, or obtain a report \
             that includes it (the inclusive method)."
        }
        GapKind::CustomerNoEvidence => "Add a reference to the evidence.",
        GapKind::SharedNoCustomerPart => "Describe what the customer does.",
        GapKind::NaNoJustification => "Write why the control does not apply.",
        GapKind::EvidenceOverdue => "Collect the evidence and record its date.",
        GapKind::CuecNoOwner => "Name the person accountable for the CUEC.",
        GapKind::CuecUnmapped => "Map the CUEC to your criteria (CC6.1...).",
        GapKind::CuecNoEvidence => "Record where the evidence for the CUEC is.",
        GapKind::CuecsUnconfirmed => "Record the report's CUECs, or confirm the report lists none.",
        GapKind::ExceptionsUnrecorded => "Record each exception the report notes.",
        GapKind::ExceptionUnassessed => "Write the exception's impact on you and your response.",
        GapKind::Soc2Stale => "Obtain the vendor's latest SOC 2 report and record it.",
        GapKind::Soc2WindowGap => "Obtain the next report or a bridge letter for those days.",
        GapKind::BridgeLetterLong => "Ask the vendor when the next report is issued.",
        GapKind::PhiWithoutBaa => "Sign a BAA covering the service, or stop sending PHI to it.",
        GapKind::AocStale => "Obtain the provider's current AOC.",
        GapKind::AocServiceMissing => {
            "Obtain an AOC listing the service, or take the service out of PCI scope."
        }
        GapKind::IsoExpired => "Obtain the renewed certificate.",
        GapKind::LapsesInWindow => "Obtain its successor before it lapses and record it.",
        GapKind::VendorReviewOverdue => "Review the vendor and record the date.",
        GapKind::ScopingNotAnswered => "Answer the framework's scoping questions.",
        GapKind::CsocUnsupported => {
            "Record the provider's SOC 2 report the control comes from, or remove the CSOC."
        }
    }
}
