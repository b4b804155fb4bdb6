//! `demarc crosswalk import`, `list`, `accept` and `coverage`: crosswalks between control
//! frameworks, imported from the user's own files beside those bundled with Demarc, the
//! suggestions they make on the matrix and how far they reach.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use demarc_core::crosswalk::{FrameworkCoverage, IdSpace, KNOWN_SPACES};
use demarc_core::Framework;
use demarc_import::{read_crosswalks, CrosswalkOptions};
use demarc_store::{CrosswalkImportReport, CrosswalkList, CrosswalkSummary, EngagementFile};

use crate::{parse_framework, print_json, Who};

#[derive(Subcommand)]
pub enum CrosswalkCommand {
    /// Import a crosswalk from your own copy of a mapping file: the CSA CCM v4 workbook
    /// (`Scope Applicability (Mappings)`), a NIST OLIR file, the SCF workbook, an OSCAL mapping
    /// collection (.json), or any sheet or CSV of source ID, target ID [, relationship].
    Import(ImportArgs),
    /// List the crosswalks the engagement can use, bundled and imported, with their source,
    /// licence and pair counts, and any cycle or contradiction between them.
    List(ListArgs),
    /// Accept the owner crosswalks suggest for one row of a service: it becomes the row's
    /// override, its reason citing the trail (logged; `demarc undo` takes it back).
    Accept(AcceptArgs),
    /// Per framework in scope: how many controls provider rows reach directly, through a
    /// crosswalk, by suggestion only, or not at all.
    Coverage(ListArgs),
}

#[derive(Args)]
pub struct AcceptArgs {
    /// The engagement file.
    engagement: PathBuf,
    /// The service whose row it is.
    #[arg(long)]
    service: String,
    #[arg(long, value_parser = parse_framework)]
    framework: Framework,
    /// The control (CC7.2, PR.AA-05, 164.312(b)).
    #[arg(long)]
    control: String,
    /// Print the row as JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    who: Who,
}

#[derive(Args)]
pub struct ImportArgs {
    /// The engagement file.
    engagement: PathBuf,
    /// The mapping file: .xlsx, .xlsm, .xls, .ods, .csv or .json.
    file: PathBuf,
    /// The framework of the source IDs (an OLIR file's focal document, a two-column file's
    /// first column) when the file does not name it: an id such as `nist_800_53_r5`, a framework
    /// such as `soc2`, or a name such as "NIST 800-53 r5".
    #[arg(long = "source-framework", value_parser = parse_space)]
    source: Option<IdSpace>,
    /// The framework of the target IDs; for a CCM or SCF workbook, import only this one.
    #[arg(long = "target-framework", value_parser = parse_space)]
    target: Option<IdSpace>,
    /// Read only this sheet.
    #[arg(long)]
    sheet: Option<String>,
    /// Whose mapping it is, when the file does not tell.
    #[arg(long)]
    publisher: Option<String>,
    /// Print the import report as JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    who: Who,
}

#[derive(Args)]
pub struct ListArgs {
    /// The engagement file.
    engagement: PathBuf,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

fn parse_space(text: &str) -> Result<IdSpace, String> {
    IdSpace::recognise(text).ok_or_else(|| {
        let ids: Vec<String> = KNOWN_SPACES.iter().map(IdSpace::id).collect();
        format!(
            "unknown framework {text:?}; expected one of: {}, or other:NAME",
            ids.join(", ")
        )
    })
}

pub fn run(command: CrosswalkCommand) -> Result<(), Box<dyn std::error::Error>> {
    match command {
        CrosswalkCommand::Import(a) => {
            let mut file = EngagementFile::open(&a.engagement)?;
            let options = CrosswalkOptions {
                source: a.source,
                target: a.target,
                sheet: a.sheet,
                publisher: a.publisher,
                ..CrosswalkOptions::default()
            };
            let read = read_crosswalks(&a.file, &options)?;
            let report = file.import_crosswalks(read, &a.who.name())?;
            if a.json {
                print_json(&report);
            } else {
                print!("{}", report_text(&report));
            }
        }
        CrosswalkCommand::List(a) => {
            let list = EngagementFile::open_for_reading(&a.engagement)?.crosswalk_list()?;
            if a.json {
                print_json(&list);
            } else {
                print!("{}", list_text(&list));
            }
        }
        CrosswalkCommand::Accept(a) => {
            let mut file = EngagementFile::open(&a.engagement)?;
            let service = file.service_id(&a.service)?;
            let row =
                file.accept_crosswalk_suggestion(service, a.framework, &a.control, &a.who.name())?;
            if a.json {
                print_json(&row);
            } else {
                println!(
                    "{} {} of {} set to {} (override): {}",
                    row.service_label(),
                    row.control_id,
                    row.framework.id(),
                    row.owner,
                    row.reason.as_deref().unwrap_or_default()
                );
            }
        }
        CrosswalkCommand::Coverage(a) => {
            let coverage = EngagementFile::open_for_reading(&a.engagement)?.crosswalk_coverage()?;
            if a.json {
                print_json(&coverage);
            } else {
                print!("{}", coverage_text(&coverage));
            }
        }
    }
    Ok(())
}

fn report_text(r: &CrosswalkImportReport) -> String {
    let mut out = format!("read {} ({}), sha256 {}\n", r.file, r.layout.id(), r.sha256);
    for c in &r.imported {
        out += &format!(
            "imported #{}: {}\n",
            c.id.unwrap_or_default(),
            summary_line(c)
        );
    }
    for a in &r.already {
        out += &format!("not imported again: {a}\n");
    }
    for u in &r.unknown {
        out += &format!("left out: {}\n", u.text());
    }
    for w in &r.warnings {
        out += &format!("warning: {w}\n");
    }
    out
}

/// `CSA CCM v4 → SOC 2 (AICPA TSC 2017), 3 pairs (No Gap 2, Partial Gap 1)`.
fn summary_line(c: &CrosswalkSummary) -> String {
    let relations: Vec<String> = c
        .relations
        .iter()
        .map(|(kind, n)| format!("{kind} {n}"))
        .collect();
    format!(
        "{}: {} → {}, {} pairs ({}){}",
        c.name,
        c.source_label,
        c.target_label,
        c.pairs,
        relations.join(", "),
        match c.unmapped {
            0 => String::new(),
            n => format!(", {n} without a successor"),
        }
    )
}

fn list_text(list: &CrosswalkList) -> String {
    let mut out = String::new();
    for c in &list.crosswalks {
        let whence = match (&c.id, &c.imported_at, &c.imported_by) {
            (Some(id), Some(at), Some(by)) => format!("imported #{id}, {at} by {by}"),
            _ => "bundled".to_string(),
        };
        let o = &c.origin;
        out += &format!("{}\n", summary_line(c));
        out += &format!("  {whence}; {} (sha256 {})\n", o.file, o.sha256);
        out += &format!(
            "  whose mapping: {}{}\n  licence: {}\n",
            o.publisher,
            o.version
                .as_ref()
                .map(|v| format!("; version {v}"))
                .unwrap_or_default(),
            o.licence
        );
    }
    let bundled = list.crosswalks.iter().filter(|c| c.bundled).count();
    out += &format!(
        "{} crosswalks: {bundled} bundled, {} imported\n",
        list.crosswalks.len(),
        list.crosswalks.len() - bundled
    );
    for p in &list.problems {
        out += &format!("problem: {p}\n");
    }
    out
}

fn coverage_text(coverage: &[FrameworkCoverage]) -> String {
    let mut out = format!(
        "{:<10} {:>8} {:>8} {:>10} {:>11} {:>8} {:>12}\n",
        "framework", "controls", "direct", "crosswalk", "suggestion", "none", "entity-level"
    );
    for c in coverage {
        out += &format!(
            "{:<10} {:>8} {:>8} {:>10} {:>11} {:>8} {:>12}\n",
            c.framework.id(),
            c.controls,
            c.direct,
            c.crosswalk,
            c.suggestion,
            c.none,
            c.entity
        );
    }
    out
}
