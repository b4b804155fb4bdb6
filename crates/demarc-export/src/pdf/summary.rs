//! The executive summary: the figures in a paragraph, the reliance on each attestation per
//! framework, the attestation timeline, the owner heat map and the exceptions an assessor
//! asks about first.

use std::collections::BTreeMap;

use demarc_core::{
    AttestationDetails, Framework, GapKind, GapLink, MatrixRow, OwnerSource, Ownership,
};

use super::heat_map::heat_map;
use super::page::{Writer, MARGIN};
use super::style::{BODY, GREY, SMALL};
use super::table::{table, Cell};
use super::timeline::timeline;
use crate::register::{is_determination, status};
use crate::ExportData;

pub(super) fn summary(w: &mut Writer, data: &ExportData) {
    w.section("Executive summary", true);
    w.paragraph(MARGIN, w.body_width(), BODY, &overview(data));
    w.y -= 10.0;
    reliance(w, data);
    timeline(w, data);
    heat_map(w, data);
    exceptions(w, data);
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The figures in two sentences.
fn overview(data: &ExportData) -> String {
    let services = data.view.services.len();
    let providers = {
        let mut p: Vec<&str> = data
            .view
            .services
            .iter()
            .map(|s| s.provider.as_str())
            .collect();
        p.sort_unstable();
        p.dedup();
        p.len()
    };
    let rows = data.rows.len();
    let entity = data.rows.iter().filter(|r| r.service.is_none()).count();
    let count = |o: Ownership| data.rows.iter().filter(|r| r.owner == o).count();
    let share = |o: Ownership| (count(o) * 100 + rows / 2).checked_div(rows).unwrap_or(0);

    format!(
        "{} of {} under {}: {} ({} entity-level, once for the engagement). {}% are the \
         customer's, {}% shared, {}% inherited through an attestation in force, {}% on the \
         provider's side without one, {}% not applicable and {} undetermined.",
        plural(services, "service", "services"),
        plural(providers, "provider", "providers"),
        data.framework_names().join(", "),
        plural(rows, "control row", "control rows"),
        entity,
        share(Ownership::Customer),
        share(Ownership::Shared),
        share(Ownership::Inherited),
        share(Ownership::Provider),
        share(Ownership::NotApplicable),
        plural(count(Ownership::Undetermined), "row", "rows"),
    )
}

/// How many rows of each framework rely on each attestation, and how many on each provider's
/// side rely on none.
fn reliance(w: &mut Writer, data: &ExportData) {
    w.mark("Reliance on attestations", 1);
    w.paragraph(
        MARGIN,
        w.body_width(),
        BODY,
        "Rows relying on each attestation, per framework: the inherited rows it covers (HIPAA \
         rows rely on a SOC 2 report and a signed BAA together). The last row of each provider \
         counts its rows on the provider's side that no current attestation covers.",
    );
    w.y -= 4.0;
    let frameworks = &data.view.engagement.frameworks;
    let mut relying: BTreeMap<(i64, Framework), usize> = BTreeMap::new();
    let mut unattested: BTreeMap<(&str, Framework), usize> = BTreeMap::new();
    let provider_of = |r: &MatrixRow| {
        r.service_id.and_then(|id| {
            data.view
                .services
                .iter()
                .find(|s| s.id == id)
                .map(|s| s.provider.as_str())
        })
    };
    for r in &data.rows {
        if let Some(a) = &r.attestation {
            if r.owner == Ownership::Inherited {
                *relying.entry((a.id, r.framework)).or_default() += 1;
            }
        }
        if r.owner == Ownership::Provider {
            if let Some(p) = provider_of(r) {
                *unattested.entry((p, r.framework)).or_default() += 1;
            }
        }
    }
    // A BAA stands beside the SOC 2 report: the HIPAA rows naming it.
    let hipaa_inherited = |id: i64| {
        data.rows
            .iter()
            .filter(|r| {
                r.framework == Framework::Hipaa
                    && r.owner == Ownership::Inherited
                    && r.baa.as_ref().is_some_and(|b| b.id == id)
            })
            .count()
    };
    let mut rows = Vec::new();
    for provider in data.providers() {
        let mut first = true;
        for a in data
            .attestations_of(provider)
            .filter(|a| !is_determination(a))
        {
            // As the matrix relies on it, and as the provider register says it.
            let status = status(a, data);
            // The services in scope it covers: named, or a BAA's eligible services.
            let covered = data
                .view
                .services
                .iter()
                .filter(|s| a.covers(&s.name))
                .count()
                .max(a.services.len());
            let mut cells = vec![
                Cell::text(if first { provider } else { "" }),
                Cell::text(a.label().trim_start_matches(provider).trim().to_string()),
                Cell::text(format!(
                    "{status}\n{}",
                    plural(covered, "service", "services")
                )),
            ];
            for &f in frameworks {
                let n = match (&a.details, f) {
                    (AttestationDetails::Baa(_), Framework::Hipaa) => {
                        let n = hipaa_inherited(a.id);
                        if n == 0 {
                            String::new()
                        } else {
                            format!("{n} (with the SOC 2 report)")
                        }
                    }
                    _ => match relying.get(&(a.id, f)) {
                        Some(n) => n.to_string(),
                        None => String::new(),
                    },
                };
                cells.push(Cell::text(n));
            }
            rows.push(cells);
            first = false;
        }
        let counts: Vec<Option<&usize>> = frameworks
            .iter()
            .map(|&f| unattested.get(&(provider, f)))
            .collect();
        if counts.iter().any(Option::is_some) {
            let mut cells = vec![
                Cell::text(if first { provider } else { "" }),
                Cell::text("No current attestation covers these rows"),
                Cell::text("provider's side, unattested"),
            ];
            cells.extend(
                counts
                    .iter()
                    .map(|n| Cell::text(n.map_or(String::new(), |n| n.to_string()))),
            );
            rows.push(cells);
        }
    }
    let labels: Vec<String> = frameworks
        .iter()
        .map(|f| format!("{} rows", f.label()))
        .collect();
    let mut columns: Vec<(&str, f32)> =
        vec![("Provider", 0.9), ("Attestation", 1.8), ("Status", 1.5)];
    columns.extend(labels.iter().map(|l| (l.as_str(), 0.8)));
    table(w, &columns, &rows, true);
}

/// The rows of `kind`'s gaps as `service: control` (or the service, or the provider) items.
fn places(data: &ExportData, kinds: &[GapKind]) -> Vec<String> {
    let mut out: Vec<String> = data
        .gaps
        .gaps
        .iter()
        .filter(|g| kinds.contains(&g.kind))
        .map(|g| {
            let whose = g
                .service
                .clone()
                .or_else(|| g.provider.clone())
                .unwrap_or_else(|| "Entity".to_string());
            match (&g.framework, &g.control, &g.link) {
                (Some(f), Some(c), _) => format!("{whose}: {} {c}", f.label()),
                (_, _, GapLink::Layer { layer, .. }) => format!("{whose}: layer {}", layer.label()),
                _ => whose,
            }
        })
        .collect();
    out.dedup();
    out
}

/// The providers of `kinds`' gaps, each once with the services its gaps are on (`AWS (Amazon
/// EC2, Amazon S3)`): a gap of a provider's report and one of its service name one vendor.
fn providers_of(data: &ExportData, kinds: &[GapKind]) -> Vec<String> {
    let provider_of = |service: &str| {
        data.view
            .services
            .iter()
            .find(|s| s.name == service)
            .map(|s| s.provider.clone())
    };
    let mut by: Vec<(String, Vec<String>)> = Vec::new();
    for g in data.gaps.gaps.iter().filter(|g| kinds.contains(&g.kind)) {
        let Some(provider) = g
            .provider
            .clone()
            .or_else(|| g.service.as_deref().and_then(provider_of))
        else {
            continue;
        };
        let at = match by
            .iter()
            .position(|(p, _)| p.eq_ignore_ascii_case(&provider))
        {
            Some(at) => at,
            None => {
                by.push((provider, Vec::new()));
                by.len() - 1
            }
        };
        if let Some(service) = &g.service {
            if !by[at].1.contains(service) {
                by[at].1.push(service.clone());
            }
        }
    }
    by.sort_by_key(|(p, _)| p.to_lowercase());
    by.into_iter()
        .map(|(p, services)| match services.is_empty() {
            true => p,
            false => format!("{p} ({})", services.join(", ")),
        })
        .collect()
}

/// What an exception's count counts, singular and plural; `None` for places.
type Unit = Option<(&'static str, &'static str)>;

/// How many places an exception lists before "and N more".
const MOST: usize = 10;

/// At most `most` items, then how many more.
fn listed(items: &[String], most: usize) -> String {
    if items.len() <= most {
        return items.join("; ");
    }
    format!(
        "{}; and {} more",
        items[..most].join("; "),
        items.len() - most
    )
}

/// The exceptions an assessor asks about first, each with where it is and what it means.
fn exceptions(w: &mut Writer, data: &ExportData) {
    w.need(140.0);
    w.y -= 10.0;
    w.mark("Exceptions", 1);
    w.heading("Exceptions");
    w.paragraph(
        MARGIN,
        w.body_width(),
        BODY,
        &format!(
            "As of {}. Each is also a gap of the readiness report, with what to do about it.",
            data.gaps.today
        ),
    );
    w.y -= 4.0;
    let claimed: Vec<String> = data
        .rows
        .iter()
        .filter(|r| r.claimed_inherited)
        .map(|r| {
            format!(
                "{}: {} {}",
                r.service_label(),
                r.framework.label(),
                r.control_id
            )
        })
        .collect();
    let not_listed: Vec<String> = data
        .rows
        .iter()
        .filter(|r| r.source == OwnerSource::VendorReport)
        .map(|r| format!("{}: {}", r.service_label(), r.control_id))
        .collect();
    let undetermined: Vec<String> = data
        .rows
        .iter()
        .filter(|r| r.owner == Ownership::Undetermined)
        .map(|r| {
            format!(
                "{}: {} {}",
                r.service_label(),
                r.framework.label(),
                r.control_id
            )
        })
        .chain(places(data, &[GapKind::UndeterminedLayer]))
        .collect();
    // Each with what its count counts: places, or vendors by provider.
    let items: [(&str, Vec<String>, Unit, &str); 6] = [
        (
            "PHI without a BAA",
            places(data, &[GapKind::PhiWithoutBaa]),
            None,
            "A service handling PHI with no signed BAA in force covering it.",
        ),
        (
            "AOC stale or not listing the service",
            places(data, &[GapKind::AocStale, GapKind::AocServiceMissing]),
            None,
            "The TPSP's newest AOC is older than 12 months, or no AOC lists the service.",
        ),
        (
            "AOC not covering the requirement",
            not_listed,
            None,
            "The provider's AOC leaves the requirement out: it stays the customer's.",
        ),
        (
            "SOC 2 report stale or short of the window",
            providers_of(
                data,
                &[
                    GapKind::Soc2Stale,
                    GapKind::Soc2WindowGap,
                    GapKind::BridgeLetterLong,
                ],
            ),
            Some(("vendor", "vendors")),
            "Older than 12 months past its period, or days of the audit window no report or \
             bridge letter covers; each vendor with its services.",
        ),
        (
            "Undetermined",
            undetermined,
            None,
            "Rows or layers nobody has decided: no approval while any remains.",
        ),
        (
            "Claimed inheritance without attestation",
            claimed,
            None,
            "Said inherited, but no current attestation covers the row: the provider's, \
             unassured.",
        ),
    ];
    let cut = items.iter().any(|(_, places, _, _)| places.len() > MOST);
    let rows: Vec<Vec<Cell>> = items
        .iter()
        .map(|(what, places, unit, means)| {
            vec![
                Cell::text(*what),
                Cell::text(match (places.len(), unit) {
                    (0, _) => "none".to_string(),
                    (n, Some((one, many))) => plural(n, one, many),
                    (n, None) => n.to_string(),
                }),
                Cell::text(listed(places, MOST)),
                Cell::text(*means),
            ]
        })
        .collect();
    table(
        w,
        &[
            ("Exception", 1.3),
            ("Count", 0.5),
            ("Where", 3.4),
            ("What it means", 2.2),
        ],
        &rows,
        true,
    );
    if cut {
        w.y -= 4.0;
        w.paragraph(
            MARGIN,
            w.body_width(),
            SMALL.with_colour(GREY),
            "Where a list ends with \"and N more\", the readiness report and the workbook's \
             Gaps sheet list every one.",
        );
    }
}
