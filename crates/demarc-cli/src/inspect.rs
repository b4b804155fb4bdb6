//! `demarc inspect`: what a provider matrix holds, before anything is imported.

use std::path::PathBuf;

use clap::Args;
use demarc_import::{ImportError, InspectReport, ReadOptions, TableReport};

#[derive(Args)]
pub struct InspectArgs {
    /// An .xlsx, .xlsm, .xls, .ods or .csv file, or an OSCAL SSP or component definition
    /// (.json).
    file: PathBuf,
    /// Read only this sheet.
    #[arg(long)]
    sheet: Option<String>,
    /// A column-mapping profile (JSON) for layouts Demarc does not recognise.
    #[arg(long)]
    mapping: Option<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

pub fn inspect(a: InspectArgs) -> Result<(), ImportError> {
    let profile = a
        .mapping
        .as_deref()
        .map(demarc_import::load_profile)
        .transpose()?;
    let options = ReadOptions {
        profile,
        sheet: a.sheet,
        ..ReadOptions::default()
    };
    let report = demarc_import::inspect_with(&a.file, &options)?;
    if a.json {
        crate::print_json(&report);
    } else {
        print!("{}", text(&report));
    }
    Ok(())
}

fn text(r: &InspectReport) -> String {
    let mut out = format!("{}\nlayout: {}\nsha256: {}\n", r.file, r.layout, r.sha256);
    for w in &r.warnings {
        out += &format!("warning: {w}\n");
    }
    for t in &r.tables {
        out += &format!(
            "\nsheet {:?} ({}), {}{} rows\n",
            t.sheet,
            t.layout.id(),
            header_text(t),
            t.rows,
        );
        if t.header_row > 0 {
            out += &format!(
                "  control ID column {}; ownership {}\n",
                t.id_column,
                t.ownership_columns.join(", ")
            );
        }
        out += &label_counts(t, "");
    }
    out
}

/// `header row 3, `, or nothing for a table read from JSON, which has no header row.
pub(crate) fn header_text(t: &TableReport) -> String {
    if t.header_row == 0 {
        String::new()
    } else {
        format!("header row {}, ", t.header_rows)
    }
}

/// A table's labels as read and as normalized, its unmapped labels (with `hint`, how to map
/// them) and its warnings, indented under the table's line.
pub(crate) fn label_counts(t: &TableReport, hint: &str) -> String {
    let mut out = String::new();
    for (label, n) in &t.original_counts {
        out += &format!("  {n:>6}  {label:?}\n");
    }
    let normalized: Vec<String> = t
        .normalized_counts
        .iter()
        .map(|(o, n)| format!("{o} {n}"))
        .collect();
    out += &format!("  normalized: {}\n", normalized.join(", "));
    if !t.implementation_counts.is_empty() {
        let answers: Vec<String> = t
            .implementation_counts
            .iter()
            .map(|(a, n)| format!("{a} {n}"))
            .collect();
        out += &format!("  implementation: {}\n", answers.join(", "));
    }
    if !t.unknown_labels.is_empty() {
        out += &format!(
            "  unmapped labels{hint}: {}\n",
            t.unknown_labels.join(" | ")
        );
    }
    for w in &t.warnings {
        out += &format!("  warning: {w}\n");
    }
    out
}
