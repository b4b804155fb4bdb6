//! `demarc export`: the auditor's workbook, the PDF pack and the companion layouts.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use chrono::{NaiveDate, NaiveDateTime, Utc};
use clap::Args;
use demarc_core::Framework;
use demarc_export::{Existing, ExportData, ExportError, ExportPlan, Layout, Paper, Part, Step};
use demarc_store::EngagementFile;

#[derive(Args)]
pub struct ExportArgs {
    file: PathBuf,
    /// Write the workbook here.
    #[arg(long)]
    xlsx: Option<PathBuf>,
    /// Write the PDF pack here.
    #[arg(long)]
    pdf: Option<PathBuf>,
    /// A companion layout (repeatable): fedramp-crm, pci-tpsp, kickoff, soc2-cuec, hipaa-ba,
    /// csv, oscal (an OSCAL system security plan fragment), or all. Written beside the workbook
    /// (or the PDF, or the engagement) as NAME-LAYOUT.xlsx (.csv, .json).
    #[arg(long = "layout", value_parser = parse_layout)]
    layouts: Vec<LayoutArg>,
    /// Write the readiness report here: a short PDF of the work plan (burn-down, management
    /// items, task groups, owners), apart from the pack.
    #[arg(long)]
    readiness: Option<PathBuf>,
    /// Export only this framework (repeatable): soc2, hipaa, pci_dss, fedramp, nist80053,
    /// nist_csf, iso27001. Default: every framework in scope.
    #[arg(long = "framework", value_parser = parse_framework)]
    frameworks: Vec<Framework>,
    /// Export only this service, by name (repeatable). Default: every service. The provider
    /// register then keeps only the providers of these services.
    #[arg(long = "service")]
    services: Vec<String>,
    /// Paper size of the PDF: a4 or letter. Default: from the engagement's locale (Letter for
    /// en-US, en-CA and the other regions that print on it, A4 otherwise).
    #[arg(long, value_parser = parse_paper)]
    paper: Option<Paper>,
    /// Include the readiness section (the open gaps) in the PDF pack.
    #[arg(long)]
    with_readiness: bool,
    /// The export's date and time (YYYY-MM-DD or RFC 3339, UTC); fix it to get the same bytes
    /// from the same engagement. Default: now.
    #[arg(long, value_parser = parse_generated_at)]
    generated_at: Option<NaiveDateTime>,
    /// Replace files that already exist. Without it an export that would replace one (a pack
    /// that may have been signed) writes nothing.
    #[arg(long)]
    force: bool,
}

#[derive(Clone)]
enum LayoutArg {
    All,
    One(Layout),
}

fn parse_layout(s: &str) -> Result<LayoutArg, String> {
    if s == "all" {
        return Ok(LayoutArg::All);
    }
    Layout::from_id(s).map(LayoutArg::One).ok_or_else(|| {
        let ids: Vec<&str> = Layout::ALL.iter().map(|l| l.id()).collect();
        format!(
            "unknown layout {s:?}; expected one of: {}, all",
            ids.join(", ")
        )
    })
}

fn parse_framework(s: &str) -> Result<Framework, String> {
    Framework::from_id(s).ok_or_else(|| {
        let ids: Vec<&str> = Framework::ALL.iter().map(|f| f.id()).collect();
        format!(
            "unknown framework {s:?}; expected one of: {}",
            ids.join(", ")
        )
    })
}

fn parse_paper(s: &str) -> Result<Paper, String> {
    Paper::from_id(s).ok_or_else(|| format!("unknown paper {s:?}; expected a4 or letter"))
}

fn parse_generated_at(s: &str) -> Result<NaiveDateTime, String> {
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d.and_time(chrono::NaiveTime::MIN));
    }
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|t| t.naive_utc())
        .map_err(|_| format!("{s:?} is not a date (YYYY-MM-DD) or an RFC 3339 time"))
}

pub fn export(a: ExportArgs) -> Result<(), Box<dyn std::error::Error>> {
    let file = EngagementFile::open_for_reading(&a.file)?;
    let generated_at = a.generated_at.unwrap_or_else(|| Utc::now().naive_utc());
    let mut data = ExportData::load(&file, generated_at)?;
    if !a.frameworks.is_empty() || !a.services.is_empty() {
        let frameworks = if a.frameworks.is_empty() {
            data.view.engagement.frameworks.clone()
        } else {
            a.frameworks.clone()
        };
        let services = if a.services.is_empty() {
            data.view.services.iter().map(|s| s.id).collect()
        } else {
            service_ids(&data, &a.services)?
        };
        data.restrict(&frameworks, &services)?;
    }

    let mut layouts: Vec<Layout> = Vec::new();
    for choice in &a.layouts {
        match choice {
            // Every layout that applies; one that does not is named and left out.
            LayoutArg::All => {
                for l in Layout::ALL {
                    match l.unavailable(&data) {
                        Some(why) => println!("{} left out: {why}", l.id()),
                        None => layouts.push(l),
                    }
                }
            }
            // A layout asked for by name that does not apply is refused before anything is
            // written.
            LayoutArg::One(l) => match l.unavailable(&data) {
                Some(why) => return Err(format!("cannot write {}: {why}", l.id()).into()),
                None => layouts.push(*l),
            },
        }
    }
    let paper = a
        .paper
        .unwrap_or_else(|| Paper::for_locale(&data.view.engagement.locale));
    let pack = Part::Pdf {
        paper,
        readiness: a.with_readiness,
    };
    let only_readiness = a.xlsx.is_none() && a.pdf.is_none() && layouts.is_empty();
    if let Some(path) = a.readiness.as_ref().filter(|_| only_readiness) {
        if path.exists() && !a.force {
            return Err(format!(
                "{} exists already; nothing was written (--force replaces it)",
                path.display()
            )
            .into());
        }
        let progress = file.burndown(generated_at.date())?;
        let bytes = demarc_export::write_readiness(&data, &progress, paper)?;
        let partial = path.with_extension("pdf.partial");
        std::fs::write(&partial, &bytes)?;
        std::fs::rename(&partial, path)?;
        println!("wrote {} ({} bytes)", path.display(), bytes.len());
        return Ok(());
    }
    let plan = if a.xlsx.is_none() && a.pdf.is_none() && layouts.is_empty() {
        // Nothing asked for: the workbook and the PDF beside the engagement.
        let mut plan = ExportPlan::named_after(&a.file, true, None, &[]);
        plan.add(a.file.with_extension("pdf"), pack);
        plan
    } else {
        let mut plan = ExportPlan::default();
        if let Some(path) = &a.xlsx {
            plan.add(path.clone(), Part::Workbook);
        }
        if let Some(path) = &a.pdf {
            plan.add(path.clone(), pack);
        }
        let base = a.xlsx.as_deref().or(a.pdf.as_deref()).unwrap_or(&a.file);
        plan.add_layouts(base, &layouts);
        // Every layout with the pack (the headless form): the readiness report the pack points
        // to comes too, listed in its manifest, unless it was written apart (`--readiness`).
        // A readiness report asked for by name is one of the export's files, on the manifest.
        let all = a.layouts.iter().any(|l| matches!(l, LayoutArg::All));
        if let Some(path) = &a.readiness {
            plan.add(path.clone(), Part::Readiness { paper });
        } else if all && a.pdf.is_some() && !a.with_readiness {
            plan.add_readiness(base, paper);
        }
        plan
    };
    if plan.needs_progress() {
        data.load_progress(&file)?;
    }
    let existing = if a.force {
        Existing::Replace
    } else {
        Existing::Refuse
    };
    let plan = plan.settle(existing).map_err(|e| match e {
        ExportError::Exists(_) => format!("{e} (--force replaces them)").into(),
        e => Box::<dyn std::error::Error>::from(e),
    })?;
    plan.run(&data, &AtomicBool::new(false), &mut |step| {
        if let Step::Written { file, bytes, took } = step {
            println!(
                "wrote {} ({bytes} bytes, {} ms)",
                file.path.display(),
                took.as_millis()
            );
        }
    })?;
    Ok(())
}

/// The ids of the services named (case aside), refusing a name the engagement lacks.
fn service_ids(data: &ExportData, names: &[String]) -> Result<Vec<i64>, String> {
    names
        .iter()
        .map(|name| {
            data.view
                .services
                .iter()
                .find(|s| s.name.eq_ignore_ascii_case(name.trim()))
                .map(|s| s.id)
                .ok_or_else(|| {
                    let known: Vec<&str> =
                        data.view.services.iter().map(|s| s.name.as_str()).collect();
                    format!(
                        "no service {name:?} in this engagement; its services: {}",
                        known.join(", ")
                    )
                })
        })
        .collect()
}
