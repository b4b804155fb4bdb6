//! Rows a provider outsources to a third party, a subservice organisation (CSA CAIQ's
//! `3rd-party outsourced` and `Shared CSP and 3rd-party`): the provider's side, but a SOC 2
//! report that carves its subservice organisations out does not speak for what they do. Such a
//! row is inherited only under a report that includes them (the inclusive method) or the third
//! party's own attestation; otherwise it stays the provider's, and the gap says why.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{
    covering_baa, frameworks_of, Attestation, AttestationDetails, AttestationKind, Reliance,
    SubserviceMethod,
};
use crate::Framework;

/// How a provider-side row involves a third party.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ThirdParty {
    /// The provider outsourced it to a third party.
    Outsourced,
    /// The provider and a third party share it.
    SharedWithProvider,
}

impl ThirdParty {
    pub fn id(self) -> &'static str {
        match self {
            ThirdParty::Outsourced => "outsourced",
            ThirdParty::SharedWithProvider => "shared_with_provider",
        }
    }

    pub fn from_id(id: &str) -> Option<ThirdParty> {
        [ThirdParty::Outsourced, ThirdParty::SharedWithProvider]
            .into_iter()
            .find(|t| t.id() == id)
    }

    /// In a person's words.
    pub fn words(self) -> &'static str {
        match self {
            ThirdParty::Outsourced => "outsourced to a third party (a subservice organisation)",
            ThirdParty::SharedWithProvider => {
                "shared between the provider and a third party (a subservice organisation)"
            }
        }
    }
}

/// Where a third-party row stands against the attestations on file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThirdPartyCover<'a> {
    /// A current attestation speaks for the third party's part: an inclusive SOC 2 report, the
    /// third party's own attestation, or a kind without subservice carve-outs.
    Covered(&'a Attestation),
    /// The only current covering reports are the provider's own SOC 2 reports, which carve
    /// the subservice organisations out.
    CarvedOut(&'a Attestation),
    /// No current attestation covers the service and requirement.
    Uncovered,
}

/// How the attestations cover a row of `service` that `provider` (the matrix's) outsources to
/// a third party, for `control` of `framework`, on `today`. A HIPAA row needs a signed BAA in
/// force too; its SOC 2 reports are judged as for SOC 2.
pub fn third_party_cover<'a>(
    attestations: &'a [Attestation],
    provider: &str,
    service: &str,
    framework: Framework,
    control: &str,
    on: impl Into<Reliance>,
) -> ThirdPartyCover<'a> {
    let on = on.into();
    let kinds: &[AttestationKind] = if framework == Framework::Hipaa {
        if on.phi && covering_baa(attestations, service, on).is_none() {
            return ThirdPartyCover::Uncovered;
        }
        &[AttestationKind::Soc2]
    } else {
        &AttestationKind::ALL
    };
    let covering: Vec<&Attestation> = attestations
        .iter()
        .filter(|a| {
            kinds.contains(&a.kind())
                && (framework == Framework::Hipaa || frameworks_of(a.kind()).contains(&framework))
                && a.covers(service)
                && a.covers_requirement(framework, control)
                && on.current(&a.details)
        })
        .collect();
    let carves_out = |a: &Attestation| {
        a.provider.eq_ignore_ascii_case(provider)
            && matches!(&a.details, AttestationDetails::Soc2(r) if r.subservice_method == SubserviceMethod::CarveOut)
    };
    if let Some(a) = covering.iter().find(|a| !carves_out(a)) {
        return ThirdPartyCover::Covered(a);
    }
    covering.first().map_or(ThirdPartyCover::Uncovered, |a| {
        ThirdPartyCover::CarvedOut(a)
    })
}

/// True when `provider` is a third party of `service_provider`: a SOC 2 report of the service's
/// provider names it among its subservice organisations. Its own attestation may then cover
/// the service's provider's services.
pub fn subservice_of(provider: &str, service_provider: &str, attestations: &[Attestation]) -> bool {
    attestations.iter().any(|a| {
        a.provider.eq_ignore_ascii_case(service_provider)
            && matches!(&a.details, AttestationDetails::Soc2(r)
                if r.subservice_organizations.iter().any(|o| o.trim().eq_ignore_ascii_case(provider.trim())))
    })
}

/// What a report that carves `criterion` out to its subservice organisations leaves open on
/// the row of `control` (the criterion itself, or a control of another framework resting on
/// it), in words.
pub fn carved_out_criterion_words(report: &Attestation, criterion: &str, control: &str) -> String {
    let orgs = match &report.details {
        AttestationDetails::Soc2(r) if !r.subservice_organizations.is_empty() => {
            format!(" ({})", r.subservice_organizations.join(", "))
        }
        _ => String::new(),
    };
    let resting = if criterion.eq_ignore_ascii_case(control.trim()) {
        String::new()
    } else {
        format!(", on which {control} rests")
    };
    format!(
        "{} carves {criterion} out to its subservice organisations{orgs}{resting}: the \
         provider's part is inherited only with their own assurance on file",
        report.label()
    )
}

/// What a report that carves the subservice organisations out leaves open, in words.
pub fn carved_out_words(report: &Attestation) -> String {
    match &report.details {
        AttestationDetails::Soc2(r) if !r.subservice_organizations.is_empty() => format!(
            "{} carves out its subservice organisations ({}): the third party's part needs its \
             own attestation",
            report.label(),
            r.subservice_organizations.join(", ")
        ),
        _ => format!(
            "{} carves out its subservice organisations and names none: name the third party \
             among them, then record its own attestation",
            report.label()
        ),
    }
}
