//! `demarc matrix` and `demarc set`: the control matrix from the command line.

use std::path::PathBuf;

use clap::Args;
use demarc_core::{Framework, Layer, MatrixFilter, MatrixRow, OwnerSource};
use demarc_store::{ControlSelector, EngagementFile, StoreError};

use crate::{parse_framework, parse_layer, print_json, OwnerDecision};

#[derive(Args)]
pub struct MatrixArgs {
    file: PathBuf,
    /// Only this service.
    #[arg(long)]
    service: Option<String>,
    /// Only this framework.
    #[arg(long, value_parser = parse_framework)]
    framework: Option<Framework>,
    /// Print JSON rows instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct SetArgs {
    file: PathBuf,
    #[arg(long)]
    service: String,
    /// Only controls of this framework (default: every framework in scope for the service).
    #[arg(long, value_parser = parse_framework)]
    framework: Option<Framework>,
    #[command(flatten)]
    target: Target,
    #[command(flatten)]
    decision: OwnerDecision,
}

/// Exactly one way of choosing the controls.
#[derive(Args)]
#[group(required = true, multiple = false)]
struct Target {
    /// One control (AC-2, CC6.1, 164.312(b), 8.4.2).
    #[arg(long)]
    control: Option<String>,
    /// Every control of a family or id prefix (AC, CC6, 164.312, 8.4, A.8).
    #[arg(long)]
    family: Option<String>,
    /// Every control that touches a layer.
    #[arg(long, value_parser = parse_layer)]
    layer: Option<Layer>,
}

impl Target {
    fn selector(self) -> Option<ControlSelector> {
        match (self.control, self.family, self.layer) {
            (Some(id), _, _) => Some(ControlSelector::Control(id)),
            (_, Some(prefix), _) => Some(ControlSelector::Family(prefix)),
            (_, _, Some(layer)) => Some(ControlSelector::Layer(layer)),
            _ => None,
        }
    }
}

pub fn matrix(a: MatrixArgs) -> Result<(), StoreError> {
    let file = EngagementFile::open_for_reading(&a.file)?;
    let rows = file.matrix(&MatrixFilter {
        service: a.service,
        framework: a.framework,
    })?;
    if a.json {
        print_json(&rows);
    } else {
        print!("{}", table(&rows));
    }
    Ok(())
}

pub fn set(a: SetArgs) -> Result<(), StoreError> {
    // clap's group guarantees one target; this only keeps the types honest.
    let selector = a.target.selector().ok_or_else(|| {
        StoreError::invalid("control", "give one of --control, --family or --layer")
    })?;
    let mut file = EngagementFile::open(&a.file)?;
    let id = file.service_id(&a.service)?;
    let changed = file.set_control_owner(
        id,
        a.framework,
        &selector,
        a.decision.owner,
        &a.decision.reason,
        &a.decision.who.name(),
    )?;
    let noun = if changed == 1 { "row" } else { "rows" };
    println!("{changed} {noun} changed to {}", a.decision.owner);
    Ok(())
}

/// One line per row: where the owner comes from, and the reason or the explanation.
fn table(rows: &[MatrixRow]) -> String {
    let width = |f: fn(&MatrixRow) -> usize, header: &str| {
        rows.iter().map(f).max().unwrap_or(0).max(header.len())
    };
    let service_w = width(|r| r.service.chars().count(), "service");
    let control_w = width(|r| r.control_id.chars().count(), "control");
    let mut out = format!(
        "{:<service_w$}  {:<9}  {:<control_w$}  {:<14}  {:<15}  why\n",
        "service", "framework", "control", "owner", "source"
    );
    for r in rows {
        let why = match (&r.source, &r.reason, &r.na_justification) {
            (OwnerSource::Override, Some(reason), _) => reason.as_str(),
            (OwnerSource::Scoping, _, Some(why)) => why.as_str(),
            _ => r.explanation.as_str(),
        };
        out += &format!(
            "{:<service_w$}  {:<9}  {:<control_w$}  {:<14}  {:<15}  {why}\n",
            r.service,
            r.framework.id(),
            r.control_id,
            r.owner.id(),
            r.source.id()
        );
    }
    let count = |s: OwnerSource| rows.iter().filter(|r| r.source == s).count();
    out += &format!(
        "{} rows: {} override, {} provider matrix, {} layer default, {} not applicable by scoping\n",
        rows.len(),
        count(OwnerSource::Override),
        count(OwnerSource::ProviderMatrix),
        count(OwnerSource::LayerDefault),
        count(OwnerSource::Scoping)
    );
    out
}
