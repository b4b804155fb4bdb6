//! `demarc import` and `demarc diff`: a provider matrix into an engagement, and what changed
//! between its two latest versions.

use std::path::{Path, PathBuf};

use clap::Args;
use demarc_core::Ownership;
use demarc_import::{MappingProfile, ReadOptions};
use demarc_store::{Change, ChangeKind, EngagementFile, ImportReport, MatrixImport, StoreError};

use crate::{parse_owner, print_json, Who};

#[derive(Args)]
pub struct ImportArgs {
    /// The engagement file.
    engagement: PathBuf,
    /// The provider's matrix: an .xlsx, .xlsm, .xls, .ods or .csv file, or an OSCAL system
    /// security plan or component definition (.json).
    file: PathBuf,
    /// Whose matrix it is; a later import of the same provider is its next version.
    #[arg(long)]
    provider: String,
    /// A service the matrix applies to (repeatable; default: every service of the provider).
    #[arg(long = "service")]
    services: Vec<String>,
    /// Read only this sheet.
    #[arg(long)]
    sheet: Option<String>,
    /// A column-mapping profile for layouts Demarc does not recognise: a JSON file (kept in the
    /// engagement under its name, or the file's), or the name of one the engagement keeps.
    #[arg(long)]
    mapping: Option<PathBuf>,
    /// What an unknown label means, as LABEL=OWNER (repeatable); remembered for the engagement.
    #[arg(long = "map", value_parser = parse_label_mapping)]
    label_mappings: Vec<(String, Ownership)>,
    /// Print the import report as JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    who: Who,
}

#[derive(Args)]
pub struct DiffArgs {
    /// The engagement file.
    engagement: PathBuf,
    #[arg(long)]
    provider: String,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

fn parse_label_mapping(text: &str) -> Result<(String, Ownership), String> {
    let (label, owner) = text
        .rsplit_once('=')
        .ok_or_else(|| format!("expected LABEL=OWNER, got {text:?}"))?;
    Ok((label.to_string(), parse_owner(owner)?))
}

pub fn import(a: ImportArgs) -> Result<(), Box<dyn std::error::Error>> {
    let mut file = EngagementFile::open(&a.engagement)?;
    let profile = a
        .mapping
        .as_deref()
        .map(|m| mapping_profile(&file, m))
        .transpose()?;
    let options = ReadOptions {
        profile,
        sheet: a.sheet,
        ..ReadOptions::default()
    };
    let matrix = demarc_import::read_matrix(&a.file, &options)?;
    let request = MatrixImport {
        provider: a.provider,
        services: a.services,
        label_mappings: a.label_mappings,
        profile: options.profile.clone(),
    };
    let report = file.import_matrix(matrix, &request, &a.who.name())?;
    if a.json {
        print_json(&report);
    } else {
        print!("{}", report_text(&report));
    }
    Ok(())
}

/// The profile in the file `mapping` names, named after the file when it has no name; or, when
/// no such file exists, the one the engagement keeps under that name.
fn mapping_profile(
    file: &EngagementFile,
    mapping: &Path,
) -> Result<MappingProfile, Box<dyn std::error::Error>> {
    if mapping.exists() {
        let mut profile = demarc_import::load_profile(mapping)?;
        if profile.name.is_none() {
            profile.name = mapping
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned());
        }
        return Ok(profile);
    }
    let wanted = mapping.to_string_lossy();
    let saved = file.mapping_profiles()?;
    saved
        .iter()
        .find(|p| {
            p.name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(wanted.trim()))
        })
        .cloned()
        .ok_or_else(|| {
            let names: Vec<&str> = saved.iter().filter_map(|p| p.name.as_deref()).collect();
            StoreError::invalid(
                "mapping",
                format!(
                    "no file {wanted:?} and no mapping profile of that name in the engagement                      (saved: {})",
                    if names.is_empty() {
                        "none".to_string()
                    } else {
                        names.join(", ")
                    }
                ),
            )
            .into()
        })
}

pub fn diff(a: DiffArgs) -> Result<(), Box<dyn std::error::Error>> {
    let changes = EngagementFile::open(&a.engagement)?.matrix_diff(&a.provider)?;
    if a.json {
        print_json(&changes);
    } else {
        print!("{}", diff_text(&changes));
    }
    Ok(())
}

fn report_text(r: &ImportReport) -> String {
    let mut out = format!(
        "imported {} as {} matrix version {} ({}), {} rows\nsha256: {}\n",
        r.file, r.provider, r.version, r.layout, r.rows, r.sha256
    );
    let document: Vec<&str> = [&r.document.title, &r.document.version, &r.document.date]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    if !document.is_empty() {
        out += &format!("document: {}\n", document.join(", "));
    }
    out += &format!(
        "applies to: {}\n",
        if r.services.is_empty() {
            "no service".to_string()
        } else {
            r.services.join(", ")
        }
    );
    out += &format!(
        "control matrix rows reached: {}{}\n",
        r.matrix_rows,
        if r.matrix_rows == 0 && r.crosswalk_rows == 0 && r.suggested_rows == 0 && r.rows > 0 {
            " (no control ID of this file is a control in scope of its services: add the \
             framework its IDs belong to, or a crosswalk to one in scope)"
        } else {
            ""
        }
    );
    if r.crosswalk_rows > 0 {
        out += &format!("rows decided through crosswalks: {}\n", r.crosswalk_rows);
    }
    if r.suggested_rows > 0 {
        out += &format!(
            "rows offered an owner through crosswalks (accept them in the matrix): {}\n",
            r.suggested_rows
        );
    }
    if r.rev4_carried > 0 {
        out += &format!(
            "{} rows of withdrawn Rev 4 controls carried to their Rev 5 successors\n",
            r.rev4_carried
        );
    }
    for w in &r.warnings {
        out += &format!("warning: {w}\n");
    }
    for t in &r.tables {
        out += &format!(
            "\nsheet {:?} ({}), {}{} rows\n",
            t.sheet,
            t.layout.id(),
            crate::inspect::header_text(t),
            t.rows
        );
        out += &crate::inspect::label_counts(t, " (undetermined; map them with --map LABEL=OWNER)");
    }
    for (label, owner) in &r.mapped_labels {
        out += &format!("mapped by the engagement: {label:?} -> {owner}\n");
    }
    for label in &r.provider_labels {
        out += &format!("the provider's own name: {label:?} -> provider\n");
    }
    out
}

fn diff_text(changes: &[Change]) -> String {
    let mut out = String::new();
    for c in changes {
        let control = match &c.scope {
            Some(scope) => format!("{} [{scope}]", c.control),
            None => c.control.clone(),
        };
        let what = match &c.what {
            ChangeKind::Added { label, owner } => format!("added: {label:?} ({owner})"),
            ChangeKind::Removed { label, owner } => format!("removed: {label:?} ({owner})"),
            ChangeKind::Ownership {
                old_label,
                old_owner,
                new_label,
                new_owner,
            } => format!("ownership: {old_label:?} ({old_owner}) -> {new_label:?} ({new_owner})"),
            ChangeKind::ProviderNarrative { old, new } => {
                format!("provider narrative: {} -> {}", short(old), short(new))
            }
            ChangeKind::CustomerNarrative { old, new } => {
                format!("customer narrative: {} -> {}", short(old), short(new))
            }
        };
        out += &format!("{control}  ({} row {})  {what}\n", c.sheet, c.row);
    }
    let noun = if changes.len() == 1 {
        "change"
    } else {
        "changes"
    };
    out += &format!("{} {noun}\n", changes.len());
    out
}

/// A narrative on one line, cut to a readable length.
fn short(text: &Option<String>) -> String {
    const SHOWN: usize = 60;
    let Some(text) = text else {
        return "(none)".to_string();
    };
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > SHOWN {
        format!(
            "{:?}",
            format!("{}...", flat.chars().take(SHOWN).collect::<String>())
        )
    } else {
        format!("{flat:?}")
    }
}
