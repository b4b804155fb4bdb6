//! The readiness report: a short PDF of where the audit preparation stands (cover, burn-down
//! chart, management items, task groups, owners, accepted risks), apart from the evidence
//! pack. `readiness_section` writes the same into any document, so the pack can carry it.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use demarc_core::plan::{Plan, PlanItem, PlanLevel, Progress, Tally};
use printpdf::{DateTime, PdfDocument, PdfSaveOptions};

use super::font::Fonts;
use super::page::{Paper, Writer, MARGIN};
use super::style::{Style, BODY, GREY, HEADING, LABEL, RULE, SMALL, TITLE};
use super::table::{table, Cell};
use crate::{ExportData, ExportError, Result};

const BAR: u32 = 0x4472C4;
const MANAGEMENT_BAR: u32 = 0xC0504D;

/// How the readiness report written with an export is named after it: `NAME-readiness.pdf`.
pub const READINESS_SUFFIX: &str = "-readiness.pdf";

/// The readiness report's content in the pack, when asked: the same burn-down, items, groups,
/// owners and accepted risks, as a section of its own. The burn-down needs the engagement's
/// log (`ExportData::load_progress`); without it the section says where to find it.
pub(super) fn pack_section(w: &mut Writer, data: &ExportData) {
    w.section("Readiness", false);
    let plan = data.work_plan();
    let (management, tasks) = plan.open_counts();
    let width = w.body_width();
    w.paragraph(
        MARGIN,
        width,
        BODY,
        &format!(
            "The open gaps as of {}, grouped into the work plan: {management} management items \
             and {tasks} tasks open. The same content as the readiness report.",
            plan.as_of
        ),
    );
    w.y -= 6.0;
    body(w, data, &plan, data.progress.as_ref(), true);
}

/// The readiness report as bytes: the work plan of `data` and the burn-down `progress`.
pub fn write_readiness(data: &ExportData, progress: &Progress, paper: Paper) -> Result<Vec<u8>> {
    let mut doc = PdfDocument::new(&format!("{}: audit readiness", data.view.engagement.client));
    let fonts = Fonts::load(&mut doc)?;
    let mut w = Writer::new(&fonts, paper);
    let plan = data.work_plan();
    cover(&mut w, data, &plan, progress);
    readiness_section(&mut w, data, &plan, progress);
    let pages = w.finish(&data.provenance(), &data.status_line());
    let at = DateTime::from_unix_timestamp(data.generated_at.and_utc().timestamp())
        .map_err(|e| ExportError::Pdf(e.to_string()))?;
    let info = &mut doc.metadata.info;
    info.creation_date = at;
    info.modification_date = at;
    info.metadata_date = at;
    info.subject = data.view.engagement.name.clone();
    info.creator = "Demarc".into();
    info.producer = "Demarc".into();
    let mut warnings = Vec::new();
    Ok(doc
        .with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut warnings))
}

fn cover(w: &mut Writer, data: &ExportData, plan: &Plan, progress: &Progress) {
    let e = &data.view.engagement;
    w.new_page(false);
    let body = w.body_width();
    w.y -= 30.0;
    w.paragraph(MARGIN, body, TITLE, &e.client);
    w.y -= 4.0;
    w.paragraph(MARGIN, body, HEADING, "Audit readiness");
    w.paragraph(
        MARGIN,
        body,
        BODY.with_colour(GREY),
        "The decisions still to take and the control tasks still open, who has them and by \
         when, and how the open work has come down.",
    );
    w.y -= 16.0;
    let (management, tasks) = plan.open_counts();
    let gaps: u32 = plan.items.iter().map(|i| i.count).sum();
    let mut tally = Tally::default();
    for i in &plan.items {
        tally.add(i);
    }
    let date = |d: Option<NaiveDate>| d.map_or("not set".to_string(), |d| d.to_string());
    let facts = [
        ("Engagement", e.name.clone()),
        ("As of", plan.as_of.to_string()),
        ("Audit window opens", date(e.audit_start)),
        ("Evidence due", date(progress.evidence_due)),
        ("Management items", management.to_string()),
        (
            "Tasks",
            format!("{tasks}, in {} groups", groups(plan).len()),
        ),
        ("Open gaps", format!("{gaps}: {}", tally.words())),
        (
            "Entries",
            format!(
                "{} ({management} management items, {} task groups)",
                plan.items.len(),
                groups(plan).len()
            ),
        ),
        ("Accepted risks", plan_accepted_words(data)),
    ];
    for (label, value) in facts {
        let top = w.y;
        w.y -= LABEL.size;
        w.text(MARGIN, w.y, LABEL, label);
        w.y = top;
        w.paragraph(MARGIN + 130.0, body - 130.0, BODY, &value);
        w.y -= 6.0;
    }
}

fn plan_accepted_words(data: &ExportData) -> String {
    let accepted = &data.gaps.accepted;
    let mut items: Vec<&str> = accepted
        .iter()
        .map(|a| a.acceptance.item_id.as_str())
        .collect();
    items.sort_unstable();
    items.dedup();
    match items.len() {
        0 => "none".to_string(),
        n => format!("{n} items, {} gaps", accepted.len()),
    }
}

fn groups(plan: &Plan) -> Vec<&PlanItem> {
    plan.items
        .iter()
        .filter(|i| i.level == PlanLevel::Task)
        .collect()
}

/// The readiness section: burn-down, management items, task groups, owners, accepted risks.
pub(super) fn readiness_section(
    w: &mut Writer,
    data: &ExportData,
    plan: &Plan,
    progress: &Progress,
) {
    w.new_page(false);
    body(w, data, plan, Some(progress), false);
}

/// The report's parts from the cursor on, each a part of the outline when `marked`.
fn body(w: &mut Writer, data: &ExportData, plan: &Plan, progress: Option<&Progress>, marked: bool) {
    // A heading never ends a page alone.
    let part = |w: &mut Writer, title: &str| {
        w.need(60.0);
        if marked {
            w.mark(title, 1);
        }
        w.heading(title);
    };
    part(w, "Burn-down");
    match progress {
        Some(progress) => burndown(w, progress),
        None => {
            let width = w.body_width();
            w.paragraph(
                MARGIN,
                width,
                BODY,
                "Not drawn here: the burn-down is in the readiness report.",
            );
        }
    }

    w.y -= 16.0;
    part(w, "Management items");
    let management: Vec<Vec<Cell>> = plan
        .items
        .iter()
        .filter(|i| i.level == PlanLevel::Management)
        .map(item_row)
        .collect();
    items_table(w, &management, "No decision is open.");

    w.y -= 16.0;
    part(w, "Task groups");
    let tasks: Vec<Vec<Cell>> = groups(plan).into_iter().map(item_row).collect();
    items_table(w, &tasks, "No task is open.");

    w.y -= 16.0;
    part(w, "Owners");
    owners(w, plan);

    if !data.gaps.accepted.is_empty() {
        w.y -= 16.0;
        part(w, "Accepted risks");
        let mut by_item: BTreeMap<&str, (u32, &demarc_core::plan::RiskAcceptance)> =
            BTreeMap::new();
        for a in &data.gaps.accepted {
            by_item
                .entry(a.acceptance.item_id.as_str())
                .or_insert((0, &a.acceptance))
                .0 += 1;
        }
        let rows: Vec<Vec<Cell>> = by_item
            .into_iter()
            .map(|(id, (n, a))| {
                vec![
                    Cell::text(id),
                    Cell::text(n.to_string()),
                    Cell::text(a.reason.clone()),
                    Cell::text(a.approver.clone()),
                    Cell::text(a.expires.to_string()),
                ]
            })
            .collect();
        table(
            w,
            &[
                ("Item", 2.0),
                ("Gaps", 0.5),
                ("Reason", 3.0),
                ("Approved by", 1.2),
                ("Until", 1.0),
            ],
            &rows,
            false,
        );
    }
}

/// What an item counts, labelled: its gaps, and the rows and controls or other findings they
/// are (`Tally`), as the plan's JSON and the workbook count them.
fn counted(i: &PlanItem) -> String {
    let tally = Tally::of(i);
    let words = tally.words();
    if tally.findings.is_empty() && tally.row_gaps == tally.rows.len() as u32 {
        words
    } else {
        let gaps = if i.count == 1 { "gap" } else { "gaps" };
        format!("{} {gaps}: {words}", i.count)
    }
}

fn item_row(i: &PlanItem) -> Vec<Cell> {
    vec![
        Cell::text(i.severity.id()),
        Cell::text(format!("{}\n{}", i.title, i.scope)),
        Cell::text(counted(i)),
        Cell::text(i.owner.clone().unwrap_or_else(|| "nobody".to_string())),
        Cell::text(i.due.map(|d| d.to_string()).unwrap_or_default()),
    ]
}

fn items_table(w: &mut Writer, rows: &[Vec<Cell>], none: &str) {
    if rows.is_empty() {
        let width = w.body_width();
        w.paragraph(MARGIN, width, BODY, none);
        return;
    }
    table(
        w,
        &[
            ("Severity", 0.8),
            ("Item", 3.4),
            ("Counted", 1.5),
            ("Owner", 1.1),
            ("Due", 1.0),
        ],
        rows,
        false,
    );
}

/// Per person: the items and tasks they have, how many are overdue.
fn owners(w: &mut Writer, plan: &Plan) {
    let mut by_owner: BTreeMap<String, (u32, u32, u32)> = BTreeMap::new();
    let overdue = |due: Option<NaiveDate>| due.is_some_and(|d| d < plan.as_of);
    for i in &plan.items {
        if let Some(o) = &i.owner {
            let e = by_owner.entry(o.clone()).or_default();
            e.0 += 1;
            e.2 += u32::from(overdue(i.due));
        }
        for m in &i.members {
            if let Some(o) = &m.owner {
                let e = by_owner.entry(o.clone()).or_default();
                e.1 += 1;
                e.2 += u32::from(overdue(m.due));
            }
        }
    }
    let unassigned = plan.items.iter().filter(|i| i.owner.is_none()).count();
    let width = w.body_width();
    if by_owner.is_empty() {
        w.paragraph(
            MARGIN,
            width,
            BODY,
            "No item or task is given to anyone yet.",
        );
        return;
    }
    let rows: Vec<Vec<Cell>> = by_owner
        .into_iter()
        .map(|(name, (items, tasks, late))| {
            vec![
                Cell::text(name),
                Cell::text(items.to_string()),
                Cell::text(tasks.to_string()),
                Cell::text(late.to_string()),
            ]
        })
        .collect();
    table(
        w,
        &[
            ("Person", 2.0),
            ("Items and groups", 1.0),
            ("Tasks", 1.0),
            ("Overdue", 1.0),
        ],
        &rows,
        false,
    );
    w.y -= 6.0;
    w.paragraph(
        MARGIN,
        width,
        SMALL,
        &format!("{unassigned} items and task groups have nobody yet."),
    );
}

/// Bars of the open tasks per day (management items in their own colour on top), with the
/// evidence due date marked when it falls within the chart.
fn burndown(w: &mut Writer, progress: &Progress) {
    let width = w.body_width();
    if progress.days.is_empty() {
        w.paragraph(MARGIN, width, BODY, "No change is logged yet.");
        return;
    }
    let height = 160.0;
    if w.room() < height + 40.0 {
        w.new_page(false);
    }
    let most = progress
        .days
        .iter()
        .map(|d| d.tasks + d.management)
        .max()
        .unwrap_or(0)
        .max(1) as f32;
    let top = w.y - 6.0;
    let bottom = top - height;
    let left = MARGIN + 30.0;
    let plot = width - 30.0;
    w.hline(left, left + plot, bottom, RULE);
    w.hline(left, left + plot, top, RULE);
    w.text(MARGIN, top - SMALL.size, SMALL, &format!("{most}"));
    w.text(MARGIN, bottom, SMALL, "0");
    let n = progress.days.len() as f32;
    let slot = plot / n;
    let bar = (slot * 0.7).clamp(1.0, 40.0);
    for (k, d) in progress.days.iter().enumerate() {
        let x = left + slot * k as f32 + (slot - bar) / 2.0;
        let tasks = d.tasks as f32 / most * height;
        let management = d.management as f32 / most * height;
        w.rect(x, bottom, bar, tasks, Some(BAR), None);
        w.rect(
            x,
            bottom + tasks,
            bar,
            management,
            Some(MANAGEMENT_BAR),
            None,
        );
    }
    let label = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let first = &progress.days[0];
    let last = &progress.days[progress.days.len() - 1];
    w.text(left, bottom - 10.0, SMALL, &label(first.day));
    if progress.days.len() > 1 {
        let last_label = label(last.day);
        let lw = w.text_width(SMALL, &last_label);
        w.text(left + plot - lw, bottom - 10.0, SMALL, &last_label);
    }
    w.y = bottom - 22.0;
    let legend: Style = SMALL;
    w.rect(MARGIN, w.y, 8.0, 8.0, Some(BAR), None);
    w.text(MARGIN + 12.0, w.y + 1.0, legend, "tasks open");
    w.rect(MARGIN + 80.0, w.y, 8.0, 8.0, Some(MANAGEMENT_BAR), None);
    w.text(MARGIN + 92.0, w.y + 1.0, legend, "management items open");
    w.y -= 14.0;
    let mut note = format!(
        "{} management items and {} tasks open on {} ({} gaps).",
        last.management, last.tasks, last.day, last.gaps
    );
    if let Some(due) = progress.evidence_due {
        let left_days = (due - last.day).num_days();
        note += &if left_days >= 0 {
            format!(" Evidence is due {due}: {left_days} days left.")
        } else {
            format!(" Evidence was due {due}, {} days ago.", -left_days)
        };
    }
    w.paragraph(MARGIN, width, BODY, &note);
}
