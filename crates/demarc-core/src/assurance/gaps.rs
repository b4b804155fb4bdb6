//! Finding the gaps: those of each matrix row, those of the services and their vendors, and
//! all of an engagement's on a day.

use chrono::NaiveDate;

use super::*;
use crate::{Engagement, Framework, MatrixRow, Ownership, Service};

/// Months between vendor reviews when no next review is set (SOC 2 CC9.2, quarterly).
pub const VENDOR_REVIEW_MONTHS: u32 = 3;

/// When a vendor's next review is due: its next review date, else a quarter after the last
/// one; `None` when no review is recorded.
pub fn vendor_review_due(review: Option<&VendorReview>) -> Option<NaiveDate> {
    review.and_then(|r| {
        r.next_review
            .or_else(|| r.last_reviewed.map(|d| add_months(d, VENDOR_REVIEW_MONTHS)))
    })
}

/// The gaps of one matrix row on `today`. `audit_start` sets the evidence deadline.
pub fn row_gaps(row: &MatrixRow, audit_start: Option<NaiveDate>, today: NaiveDate) -> Vec<Gap> {
    let mut gaps = Vec::new();
    match row.owner {
        Ownership::Undetermined if row.disagreement.is_some() => gaps.push(Gap::row(
            GapKind::EntityDisagreement,
            row,
            format!(
                "the client's once, but per-service decisions disagree: {}",
                row.disagreement.as_deref().unwrap_or_default()
            ),
        )),
        Ownership::Undetermined => gaps.push(Gap::row(
            GapKind::UndeterminedControl,
            row,
            "undetermined: nobody is assigned".to_string(),
        )),
        Ownership::Provider if row.claimed_inherited => gaps.push(Gap::row(
            GapKind::InheritedUnattested,
            row,
            match &row.reason {
                Some(reason) => {
                    format!("claimed inherited ({reason}), with no current attestation covering it")
                }
                None => "claimed inherited, with no current attestation covering it".to_string(),
            },
        )),
        Ownership::Provider => match (&row.carved_out, row.third_party) {
            (Some(carved_out), _) => gaps.push(Gap::row(
                GapKind::ThirdPartyCarvedOut,
                row,
                match row.third_party {
                    Some(t) => format!("{}; {carved_out}", t.words()),
                    None => carved_out.clone(),
                },
            )),
            (None, Some(third_party)) => gaps.push(Gap::row(
                GapKind::ProviderUnattested,
                row,
                format!(
                    "the provider's, {}, with no current attestation covering it",
                    third_party.words()
                ),
            )),
            (None, None) => gaps.push(Gap::row(
                GapKind::ProviderUnattested,
                row,
                "the provider's, with no current covering attestation".to_string(),
            )),
        },
        Ownership::Inherited if row.attestation.is_none() => gaps.push(Gap::row(
            GapKind::InheritedUnattested,
            row,
            "marked inherited, with no current covering attestation".to_string(),
        )),
        // A mapped CUEC's evidence is the row's evidence too.
        Ownership::Customer
            if row.evidence.is_empty() && row.cuecs.iter().all(|c| c.evidence.is_none()) =>
        {
            gaps.push(Gap::row(
                GapKind::CustomerNoEvidence,
                row,
                "customer-owned, with no evidence".to_string(),
            ))
        }
        Ownership::Shared if row.customer_part.is_none() && row.cuecs.is_empty() => {
            gaps.push(Gap::row(
                GapKind::SharedNoCustomerPart,
                row,
                "shared, without the customer's part described".to_string(),
            ))
        }
        Ownership::NotApplicable if row.na_justification.is_none() => gaps.push(Gap::row(
            GapKind::NaNoJustification,
            row,
            "not applicable, without a justification".to_string(),
        )),
        _ => {}
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

/// The gaps that come from the services and their vendors rather than from one matrix row:
/// undecided layers, stale or missing attestations, uncovered days of the audit window, PHI
/// without a BAA, vendor reviews due (on the next review date, or a quarter after the last).
/// `services` carry only the frameworks the engagement is in scope for.
pub fn vendor_gaps(
    services: &[Service],
    attestations: &[Attestation],
    reviews: &[VendorReview],
    window: Option<(NaiveDate, NaiveDate)>,
    bridge_letter_months: u32,
    today: NaiveDate,
) -> Vec<Gap> {
    let mut gaps = Vec::new();
    let on = Reliance::for_window(today, window);
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
                let reports: Vec<(&Attestation, &Soc2Report)> = attestations
                    .iter()
                    .filter(|a| a.covers(&s.name))
                    .filter_map(|a| match &a.details {
                        AttestationDetails::Soc2(r) => Some((a, r)),
                        _ => None,
                    })
                    .collect();
                let coverage: Vec<(NaiveDate, NaiveDate)> = reports
                    .iter()
                    .map(|(_, r)| soc2_coverage(r, bridge_letter_months))
                    .collect();
                let open = uncovered(window, &coverage);
                if !open.is_empty() {
                    let spans: Vec<String> =
                        open.iter().map(|(a, b)| format!("{a} to {b}")).collect();
                    // Plainly what the newest report speaks for: in force is not covering.
                    let newest = reports
                        .iter()
                        .max_by_key(|(_, r)| soc2_coverage(r, bridge_letter_months).1)
                        .map(|(a, r)| {
                            let to = soc2_coverage(r, bridge_letter_months).1;
                            let letter = r.bridge_letter.as_ref().map_or(String::new(), |b| {
                                format!(" with its bridge letter of {}", b.date)
                            });
                            format!("; {}{letter} speaks only up to {to}", a.label())
                        })
                        .unwrap_or_else(|| "; no SOC 2 report on file covers it".to_string());
                    gaps.push(on_service(
                        GapKind::Soc2WindowGap,
                        Some(Framework::Soc2),
                        format!(
                            "{} days of the audit window have no SOC 2 coverage ({}){newest}",
                            days_in(&open),
                            spans.join(", ")
                        ),
                    ));
                }
            }
        }
        if phi_without_baa(s, attestations, on) {
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
            match aoc_status(attestations, &s.name, on) {
                AocStatus::Current(_) => {}
                AocStatus::NotListed => gaps.push(on_service(
                    GapKind::AocServiceMissing,
                    Some(Framework::PciDss),
                    aoc_missing_words(attestations, &s.provider, &s.name, on),
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
                if !on.current(&a.details) {
                    let until = soc2_current_until(r);
                    gaps.push(on_attestation(
                        GapKind::Soc2Stale,
                        Framework::Soc2,
                        if until < today {
                            format!("{} has been stale since {until}", a.label())
                        } else {
                            format!(
                                "{} is not current {}: in force from {} to {until}",
                                a.label(),
                                on.words(),
                                r.period_start
                            )
                        },
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
        if let Some((framework, until, end)) = lapses_in_window(a, attestations, services, on) {
            gaps.push(on_attestation(
                GapKind::LapsesInWindow,
                framework,
                format!(
                    "{} holds until {until}; the audit window runs to {end}, and no successor \
                     is on file",
                    a.label()
                ),
            ));
        }
    }
    gaps.extend(report_gaps(services, attestations));
    let mut providers: Vec<&str> = services.iter().map(|s| s.provider.as_str()).collect();
    providers.sort_unstable_by_key(|p| p.to_lowercase());
    providers.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    for p in providers {
        let review = reviews.iter().find(|r| r.provider.eq_ignore_ascii_case(p));
        let due = vendor_review_due(review);
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

/// An AOC or ISO 27001 certificate covering an in-scope service of its framework, in force
/// today and lapsing before the audit window ends, with no later one of the provider's on
/// file: its framework, the day it lapses and the window's end.
fn lapses_in_window(
    a: &Attestation,
    attestations: &[Attestation],
    services: &[Service],
    on: Reliance,
) -> Option<(Framework, NaiveDate, NaiveDate)> {
    let (_, end) = on.window?;
    let framework = match a.kind() {
        AttestationKind::Aoc => Framework::PciDss,
        AttestationKind::Iso27001 => Framework::Iso27001,
        _ => return None,
    };
    let until = validity(&a.details).1?;
    let relied_on = services
        .iter()
        .any(|s| s.frameworks.contains(&framework) && a.covers(&s.name));
    let succeeded = attestations.iter().any(|b| {
        b.id != a.id
            && b.kind() == a.kind()
            && b.provider.eq_ignore_ascii_case(&a.provider)
            && validity(&b.details).1.is_some_and(|t| t > until)
    });
    (relied_on && !succeeded && on.current(&a.details) && until < end)
        .then_some((framework, until, end))
}

/// The gaps of what the SOC 2 reports in force list, once per report: CUECs unmapped, without
/// an owner or evidence; no CUECs recorded and none confirmed; exceptions noted but not
/// recorded, or not assessed. Only reports covering a service in SOC 2 scope count.
pub fn report_gaps(services: &[Service], attestations: &[Attestation]) -> Vec<Gap> {
    let mut gaps = Vec::new();
    for (a, r) in reports_in_force(attestations) {
        let in_scope = services
            .iter()
            .any(|s| a.covers(&s.name) && s.frameworks.contains(&Framework::Soc2));
        if !in_scope {
            continue;
        }
        let on_report = |kind: GapKind, control: Option<String>, message: String| Gap {
            provider: Some(a.provider.clone()),
            framework: Some(Framework::Soc2),
            control,
            ..Gap::new(kind, message, GapLink::Attestation { id: a.id })
        };
        if r.cuecs.is_empty() && !r.no_cuecs {
            gaps.push(on_report(
                GapKind::CuecsUnconfirmed,
                None,
                format!(
                    "{}: no CUECs recorded; does the report really list none?",
                    a.label()
                ),
            ));
        }
        for (i, c) in r.cuecs.iter().enumerate() {
            let name = cuec_control_id(a.id, i + 1);
            let quote =
                |what: &str| format!("CUEC {} of {} {what}: {:?}", i + 1, a.label(), c.text);
            if c.criteria.is_empty() {
                gaps.push(on_report(
                    GapKind::CuecUnmapped,
                    Some(name),
                    quote("is not mapped to your criteria"),
                ));
                continue;
            }
            if c.owner.is_none() {
                gaps.push(on_report(
                    GapKind::CuecNoOwner,
                    Some(name.clone()),
                    quote("has nobody accountable"),
                ));
            }
            if c.evidence.is_none() {
                gaps.push(on_report(
                    GapKind::CuecNoEvidence,
                    Some(name),
                    quote("has no evidence"),
                ));
            }
        }
        if r.exceptions_noted && r.exceptions.is_empty() {
            gaps.push(on_report(
                GapKind::ExceptionsUnrecorded,
                None,
                format!("{} notes exceptions; none is recorded", a.label()),
            ));
        }
        for (i, x) in r.exceptions.iter().enumerate() {
            if !x.assessed() {
                gaps.push(on_report(
                    GapKind::ExceptionUnassessed,
                    Some(format!("exception-{}.{}", a.id, i + 1)),
                    format!(
                        "exception {} of {} is not assessed: {:?}",
                        i + 1,
                        a.label(),
                        x.description
                    ),
                ));
            }
        }
    }
    gaps
}

/// Every gap of an engagement on `today`: those of its matrix `rows` (each with the provider of
/// its service), then those of its services and vendors. A service's frameworks count where the
/// engagement is in scope for them too, as in the matrix: no AOC is asked for when PCI DSS is
/// not part of the audit.
pub fn engagement_gaps(
    engagement: &Engagement,
    services: Vec<Service>,
    rows: &[MatrixRow],
    attestations: &[Attestation],
    reviews: &[VendorReview],
    bridge_letter_months: u32,
    today: NaiveDate,
) -> GapReport {
    let mut gaps: Vec<Gap> = rows
        .iter()
        .flat_map(|r| row_gaps(r, engagement.audit_start, today))
        .collect();
    for g in &mut gaps {
        g.provider = g.service.as_ref().and_then(|name| {
            services
                .iter()
                .find(|s| &s.name == name)
                .map(|s| s.provider.clone())
        });
    }
    let in_scope: Vec<Service> = services
        .into_iter()
        .map(|mut s| {
            s.frameworks.retain(|f| engagement.frameworks.contains(f));
            s
        })
        .collect();
    let window = engagement.audit_start.zip(engagement.audit_end);
    gaps.extend(vendor_gaps(
        &in_scope,
        attestations,
        reviews,
        window,
        bridge_letter_months,
        today,
    ));
    GapReport::new(today, gaps)
}

/// The client's CSOCs that nothing on file supports: what the client's report expects a
/// provider to operate stands on that provider's own SOC 2 report, current for the audit
/// window (see `Reliance`); a CSOC of a provider with none is a gap.
pub fn csoc_gaps(
    csocs: &[Csoc],
    attestations: &[Attestation],
    on: impl Into<Reliance>,
) -> Vec<Gap> {
    let on = on.into();
    csocs
        .iter()
        .filter(|c| {
            !attestations.iter().any(|a| {
                a.provider.eq_ignore_ascii_case(c.provider.trim())
                    && a.kind() == AttestationKind::Soc2
                    && on.current(&a.details)
            })
        })
        .map(|c| Gap {
            provider: Some(c.provider.clone()),
            framework: Some(Framework::Soc2),
            control: Some(format!("CSOC-{}", c.id)),
            ..Gap::new(
                GapKind::CsocUnsupported,
                format!(
                    "CSOC #{} ({}): no SOC 2 report of {} current {} supports it: {:?}",
                    c.id,
                    c.criteria.join(", "),
                    c.provider,
                    on.words(),
                    c.text
                ),
                GapLink::Provider {
                    name: c.provider.clone(),
                },
            )
        })
        .collect()
}
