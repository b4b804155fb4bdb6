//! The attestation timeline: one lane per attestation (and per attestation missing), drawn
//! against the audit window and today. A SOC 2 report's period is a solid bar, its bridge
//! letter a hatched span of its own, and a thin line runs on to the day it goes stale; an AOC
//! is valid 12 months, a certificate to its expiry, a BAA and an authorization from their
//! date. Status is written out beside each lane and drawn as a pattern as well as a colour, so
//! the page reads in greyscale.

use chrono::{Datelike, Months, NaiveDate};
use demarc_core::{
    add_months, is_current, soc2_coverage, soc2_current_until, Attestation, AttestationDetails,
    AttestationKind, DataType, Framework,
};

use super::page::{Writer, MARGIN};
use super::style::{BLACK, BODY, GREY, SMALL, SMALL_BOLD};
use crate::{register, ExportData};

const LABEL_WIDTH: f32 = 150.0;
const STATUS_WIDTH: f32 = 190.0;
const LANE: f32 = 24.0;
const BAR: f32 = 11.0;

const CURRENT: u32 = 0x009E73;
const EXPIRING: u32 = 0xE69F00;
const STALE: u32 = 0x7F7F7F;
const WINDOW: u32 = 0xE4E4E4;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Status {
    Current,
    /// Current today, but it stops being so inside the audit window.
    Expiring,
    Stale,
    Missing,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The period a report examined, or the days a document is valid.
    Solid,
    /// The days a bridge letter speaks for.
    Bridge,
    /// After a report's period, until it goes stale: relied on, not examined.
    Reliance,
}

struct Span {
    from: NaiveDate,
    /// `None`: open-ended (a BAA, an authorization).
    to: Option<NaiveDate>,
    kind: Kind,
}

struct Lane {
    provider: String,
    what: String,
    spans: Vec<Span>,
    status: Status,
    words: String,
}

/// The day a document stops being current, if it does.
fn valid_until(a: &Attestation) -> Option<NaiveDate> {
    match &a.details {
        AttestationDetails::Soc2(r) => Some(soc2_current_until(r)),
        AttestationDetails::Aoc(aoc) => Some(add_months(aoc.date, 12)),
        AttestationDetails::Iso27001(c) => Some(c.expiry),
        AttestationDetails::Baa(_) | AttestationDetails::Fedramp(_) => None,
    }
}

fn lane(a: &Attestation, data: &ExportData, today: NaiveDate) -> Lane {
    let window = (
        data.view.engagement.audit_start,
        data.view.engagement.audit_end,
    );
    let until = valid_until(a);
    let current = is_current(&a.details, today);
    let expiring =
        current && matches!((window, until), ((Some(s), Some(e)), Some(u)) if u >= s && u < e);
    let status = if expiring {
        Status::Expiring
    } else if current {
        Status::Current
    } else {
        Status::Stale
    };
    let mut spans = Vec::new();
    let mut words = match status {
        Status::Expiring => format!(
            "current; stale after {}, inside the window",
            until.unwrap_or(today)
        ),
        Status::Current => match until {
            Some(u) => format!("current until {u}"),
            None => "current".to_string(),
        },
        _ => match until {
            Some(u) if u < today => format!("stale since {u}"),
            _ => "not in force today".to_string(),
        },
    };
    let what = match &a.details {
        AttestationDetails::Soc2(r) => {
            spans.push(Span {
                from: r.period_start,
                to: Some(r.period_end),
                kind: Kind::Solid,
            });
            let (_, covered_to) = soc2_coverage(r, data.bridge_letter_months);
            if covered_to > r.period_end {
                spans.push(Span {
                    from: r.period_end,
                    to: Some(covered_to),
                    kind: Kind::Bridge,
                });
            }
            spans.push(Span {
                from: covered_to,
                to: Some(soc2_current_until(r)),
                kind: Kind::Reliance,
            });
            // In force is not covering: how far its period and bridge letter speak, when that
            // is short of the window (the register says the same at length).
            match window {
                (Some(start), _) if status != Status::Stale && covered_to < start => {
                    words = format!("in force; speaks only to {covered_to}, before the window");
                }
                (_, Some(end)) if status != Status::Stale && covered_to < end => {
                    words = format!("in force; speaks only to {covered_to}, not the window's end");
                }
                _ => {}
            }
            format!(
                "SOC 2 {}",
                match r.report_type {
                    demarc_core::Soc2Type::Type1 => "Type I",
                    demarc_core::Soc2Type::Type2 => "Type II",
                }
            )
        }
        AttestationDetails::Aoc(aoc) => {
            spans.push(Span {
                from: aoc.date,
                to: Some(add_months(aoc.date, 12)),
                kind: Kind::Solid,
            });
            format!("PCI DSS {} AOC", aoc.dss_version)
        }
        AttestationDetails::Iso27001(c) => {
            // The issue date is not recorded: the bar starts at the left edge.
            spans.push(Span {
                from: NaiveDate::MIN,
                to: Some(c.expiry),
                kind: Kind::Solid,
            });
            "ISO 27001 certificate".to_string()
        }
        AttestationDetails::Baa(b) => {
            if let Some(from) = b.effective {
                spans.push(Span {
                    from,
                    to: None,
                    kind: Kind::Solid,
                });
            } else if current {
                spans.push(Span {
                    from: NaiveDate::MIN,
                    to: None,
                    kind: Kind::Solid,
                });
            }
            if !current {
                words = format!("BAA {}: not in force", b.status.label());
            }
            format!("BAA ({})", b.status.label())
        }
        AttestationDetails::Fedramp(f) => {
            spans.push(Span {
                from: f.date,
                to: None,
                kind: Kind::Solid,
            });
            format!("FedRAMP {}", f.level.label())
        }
    };
    Lane {
        provider: a.provider.clone(),
        what,
        spans,
        status,
        words,
    }
}

/// The attestations a provider should have and has none of: a SOC 2 report where its
/// services are in SOC 2 or HIPAA, an AOC where they are in PCI DSS, a BAA where they handle
/// PHI, an authorization under FedRAMP, a certificate under ISO 27001.
fn missing(data: &ExportData) -> Vec<Lane> {
    let mut out = Vec::new();
    for provider in data.providers() {
        let services: Vec<_> = data
            .view
            .services
            .iter()
            .filter(|s| s.provider.eq_ignore_ascii_case(provider))
            .collect();
        let in_scope = |f: Framework| services.iter().any(|s| s.frameworks.contains(&f));
        let needed = [
            (
                AttestationKind::Soc2,
                in_scope(Framework::Soc2) || in_scope(Framework::Hipaa),
            ),
            (AttestationKind::Aoc, in_scope(Framework::PciDss)),
            (
                AttestationKind::Baa,
                services
                    .iter()
                    .any(|s| s.data_types.contains(&DataType::Phi)),
            ),
            (AttestationKind::Fedramp, in_scope(Framework::Fedramp)),
            (AttestationKind::Iso27001, in_scope(Framework::Iso27001)),
        ];
        for (kind, needed) in needed {
            if needed && !data.attestations_of(provider).any(|a| a.kind() == kind) {
                out.push(Lane {
                    provider: provider.to_string(),
                    what: kind.label().to_string(),
                    spans: Vec::new(),
                    status: Status::Missing,
                    words: format!("missing: no {} on file", kind.label()),
                });
            }
        }
    }
    out
}

/// The first day of `d`'s month.
fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

pub(super) fn timeline(w: &mut Writer, data: &ExportData) {
    w.new_page(true);
    w.mark("Attestation timeline", 1);
    w.heading("Attestation timeline");
    let today = data.generated_at.date();
    let e = &data.view.engagement;
    let window = match (e.audit_start, e.audit_end) {
        (Some(s), Some(end)) => Some((s, end)),
        _ => None,
    };
    w.paragraph(
        MARGIN,
        w.body_width(),
        BODY,
        &match window {
            Some((s, end)) => format!(
                "Each attestation against the audit window ({s} to {end}, shaded) and today \
                 ({today}, dashed). Solid: a report's period or a document's validity; hatched: \
                 a bridge letter; thin line: relied on after its period until it goes stale; \
                 dashed outline: missing."
            ),
            None => format!(
                "Each attestation against today ({today}, dashed); no audit window is set. \
                 Solid: a report's period or a document's validity; hatched: a bridge letter; \
                 thin line: relied on after its period until it goes stale; dashed outline: \
                 missing."
            ),
        },
    );
    w.y -= 6.0;

    // A BAA recorded as not required is a determination, with no days to draw.
    let mut lanes: Vec<Lane> = data
        .providers()
        .into_iter()
        .flat_map(|p| {
            data.attestations_of(p)
                .filter(|a| !register::is_determination(a))
                .map(|a| lane(a, data, today))
        })
        .collect();
    lanes.extend(missing(data));
    lanes.sort_by(|a, b| a.provider.cmp(&b.provider));

    let (first, last) = match window {
        Some((s, end)) => (s.min(today), end.max(today)),
        None => (today, today),
    };
    let from = month_start(first.checked_sub_months(Months::new(12)).unwrap_or(first));
    let to = month_start(last.checked_add_months(Months::new(7)).unwrap_or(last));
    let days = (to - from).num_days().max(1) as f32;
    let (page_width, _) = w.page();
    let x0 = MARGIN + LABEL_WIDTH;
    let x1 = page_width - MARGIN - STATUS_WIDTH;
    let x_of =
        |d: NaiveDate| x0 + ((d - from).num_days() as f32 / days).clamp(0.0, 1.0) * (x1 - x0);

    let mut start = 0;
    while start < lanes.len() || start == 0 {
        let room = ((w.room() - 60.0) / LANE).floor().max(1.0) as usize;
        let end = (start + room).min(lanes.len());
        draw(w, &lanes[start..end], window, today, (from, to), &x_of);
        if end >= lanes.len() {
            break;
        }
        start = end;
        w.new_page(true);
    }
    key(w);
}

/// The axis, the window, today and `lanes` from the cursor down.
fn draw(
    w: &mut Writer,
    lanes: &[Lane],
    window: Option<(NaiveDate, NaiveDate)>,
    today: NaiveDate,
    (from, to): (NaiveDate, NaiveDate),
    x_of: &dyn Fn(NaiveDate) -> f32,
) {
    let (page_width, _) = w.page();
    let x0 = x_of(from);
    let x1 = x_of(to);
    let top = w.y - 26.0;
    let bottom = top - lanes.len().max(1) as f32 * LANE;
    // The window, shaded behind everything, and its labels above the axis.
    if let Some((s, e)) = window {
        w.rect(
            x_of(s),
            bottom,
            x_of(e) - x_of(s),
            top - bottom,
            Some(WINDOW),
            None,
        );
        w.line((x_of(s), bottom), (x_of(s), top + 14.0), BLACK, 0.8);
        w.line((x_of(e), bottom), (x_of(e), top + 14.0), BLACK, 0.8);
        let label = format!("Audit window {s} to {e}");
        let lw = w.text_width(SMALL_BOLD, &label);
        let mid = (x_of(s) + x_of(e) - lw) / 2.0;
        w.text(mid.max(x0), top + 16.0, SMALL_BOLD, &label);
    }
    // Months along the axis: a tick each, a label each quarter.
    let mut m = from;
    while m <= to {
        let x = x_of(m);
        w.line((x, top), (x, top + 3.0), GREY, 0.5);
        let label = m.format("%Y-%m").to_string();
        if m.month0() % 3 == 0 && x + w.text_width(SMALL, &label) < x1 {
            w.text(x + 1.0, top + 4.5, SMALL.with_colour(GREY), &label);
        }
        m = m
            .checked_add_months(Months::new(1))
            .unwrap_or(to.succ_opt().unwrap_or(to));
        if m == from {
            break;
        }
    }
    w.line((x0, top), (x1, top), GREY, 0.5);
    w.text(MARGIN, top + 4.5, SMALL_BOLD, "Provider and document");
    w.text(
        page_width - MARGIN - STATUS_WIDTH + 8.0,
        top + 4.5,
        SMALL_BOLD,
        "Status",
    );
    for (i, lane) in lanes.iter().enumerate() {
        let lane_top = top - i as f32 * LANE;
        let y = lane_top - (LANE + BAR) / 2.0;
        w.hline(MARGIN, page_width - MARGIN, lane_top - LANE, 0xD9D9D9);
        w.text(MARGIN, y + BAR - 3.0, SMALL_BOLD, &lane.provider);
        w.text(MARGIN, y - 5.5, SMALL, &lane.what);
        let colour = match lane.status {
            Status::Current => CURRENT,
            Status::Expiring => EXPIRING,
            Status::Stale | Status::Missing => STALE,
        };
        if lane.status == Status::Missing {
            let (a, b) = window.map_or((x0, x1), |(s, e)| (x_of(s), x_of(e)));
            w.rect(a, y, b - a, BAR, Some(0xFFFFFF), None);
            w.dashed_rect(a, y, b - a, BAR, BLACK);
            let label = "missing";
            let lw = w.text_width(SMALL_BOLD, label);
            w.text((a + b - lw) / 2.0, y + 3.0, SMALL_BOLD, label);
        }
        for span in &lane.spans {
            let a = x_of(span.from.max(from));
            let b = span.to.map_or(x1, |t| x_of(t.min(to)));
            if span.to.is_some_and(|t| t < from) || span.from > to || b <= a {
                continue;
            }
            match span.kind {
                Kind::Solid if lane.status == Status::Stale => stale(w, a, y, b - a, BAR),
                Kind::Solid => w.rect(a, y, b - a, BAR, Some(colour), Some(BLACK)),
                Kind::Bridge => {
                    w.rect(a, y, b - a, BAR, Some(0xFFFFFF), Some(BLACK));
                    w.hatch(a, y, b - a, BAR, 2.5, BLACK);
                }
                Kind::Reliance => {
                    let mid = y + BAR / 2.0;
                    w.line((a, mid), (b, mid), BLACK, 0.8);
                    w.line((b, y + 1.0), (b, y + BAR - 1.0), BLACK, 1.2);
                }
            }
            // An open end or a span cut at the edge says so.
            if span.to.is_none() || span.to.is_some_and(|t| t > to) {
                w.text(x1 + 1.5, y + 2.5, SMALL, "▶");
            }
            if span.from < from && span.from != NaiveDate::MIN {
                w.text(x0 - 8.0, y + 2.5, SMALL, "◀");
            }
        }
        let words = w.wrap(&lane.words, SMALL, STATUS_WIDTH - 12.0);
        let mut ty = y + BAR - 3.0;
        let status_x = page_width - MARGIN - STATUS_WIDTH + 8.0;
        for line in words.iter().take(2) {
            w.text(status_x, ty, SMALL, line);
            ty -= SMALL.line_height();
        }
    }
    // Today, over everything.
    let tx = x_of(today);
    w.dashed((tx, bottom), (tx, top + 12.0), BLACK, 1.2);
    let label = format!("Today {today}");
    w.text(
        (tx - w.text_width(SMALL_BOLD, &label) / 2.0).max(x0),
        bottom - 10.0,
        SMALL_BOLD,
        &label,
    );
    w.y = bottom - 18.0;
}

/// A span no longer (or not yet) in force: white with horizontal stripes.
fn stale(w: &mut Writer, x: f32, y: f32, width: f32, height: f32) {
    w.rect(x, y, width, height, Some(0xFFFFFF), Some(STALE));
    let mut sy = y + 2.0;
    while sy < y + height - 1.0 {
        w.line((x, sy), (x + width, sy), STALE, 0.6);
        sy += 2.5;
    }
}

/// What the patterns mean, drawn as they are drawn in the lanes.
fn key(w: &mut Writer) {
    let y = w.y - 12.0;
    let mut x = MARGIN;
    let mut item = |w: &mut Writer, label: &str, draw: &dyn Fn(&mut Writer, f32, f32)| {
        draw(w, x, y);
        w.text(x + 26.0, y + 2.5, SMALL, label);
        x += 26.0 + w.text_width(SMALL, label) + 16.0;
    };
    item(w, "current", &|w, x, y| {
        w.rect(x, y, 22.0, BAR - 2.0, Some(CURRENT), Some(BLACK))
    });
    item(w, "stale after inside the window", &|w, x, y| {
        w.rect(x, y, 22.0, BAR - 2.0, Some(EXPIRING), Some(BLACK))
    });
    item(w, "stale or not in force", &|w, x, y| {
        stale(w, x, y, 22.0, BAR - 2.0)
    });
    item(w, "bridge letter", &|w, x, y| {
        w.rect(x, y, 22.0, BAR - 2.0, Some(0xFFFFFF), Some(BLACK));
        w.hatch(x, y, 22.0, BAR - 2.0, 2.5, BLACK);
    });
    item(w, "relied on until stale", &|w, x, y| {
        w.line((x, y + 4.5), (x + 22.0, y + 4.5), BLACK, 0.8);
        w.line((x + 22.0, y + 1.0), (x + 22.0, y + 8.0), BLACK, 1.2);
    });
    item(w, "missing", &|w, x, y| {
        w.dashed_rect(x, y, 22.0, BAR - 2.0, BLACK)
    });
    item(w, "audit window", &|w, x, y| {
        w.rect(x, y, 22.0, BAR - 2.0, Some(WINDOW), None)
    });
    item(w, "today", &|w, x, y| {
        w.dashed((x + 11.0, y - 2.0), (x + 11.0, y + 10.0), BLACK, 1.2)
    });
    w.y = y - 10.0;
}
