//! `demarc matrix`, `demarc set` and `demarc scope set`: the control matrix from the command
//! line.

use std::path::PathBuf;

use clap::Args;
use demarc_core::{Framework, Layer, MatrixFilter, MatrixRow, OwnerSource, Ownership, Scope};
use demarc_store::{ControlSelector, EngagementFile, StoreError};

use crate::{one_of, parse_framework, parse_layer, print_json, OwnerDecision, Who};

#[derive(Args)]
pub struct MatrixArgs {
    file: PathBuf,
    /// Only this service.
    #[arg(long)]
    service: Option<String>,
    /// Only this framework.
    #[arg(long, value_parser = parse_framework)]
    framework: Option<Framework>,
    /// Only the entity-level rows (`entity`) or only the rows per service (`system`).
    #[arg(long, value_parser = parse_scope)]
    scope: Option<Scope>,
    /// Print JSON rows instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct SetArgs {
    file: PathBuf,
    #[command(flatten)]
    place: Place,
    /// Only controls of this framework (default: every framework in scope for the service).
    #[arg(long, value_parser = parse_framework)]
    framework: Option<Framework>,
    #[command(flatten)]
    target: Target,
    #[command(flatten)]
    decision: OwnerDecision,
}

/// The rows of one service, or the entity-level rows.
#[derive(Args)]
#[group(required = true, multiple = false)]
struct Place {
    /// The service whose rows change.
    #[arg(long)]
    service: Option<String>,
    /// The entity-level rows: the client's own controls, once for the engagement.
    #[arg(long)]
    entity: bool,
}

#[derive(Args)]
pub struct ScopeSetArgs {
    file: PathBuf,
    #[arg(long, value_parser = parse_framework)]
    framework: Framework,
    /// The control to move (CC6.1, 12.8.5, 164.310(b)).
    #[arg(long)]
    control: String,
    #[command(flatten)]
    level: Level,
    /// Why (required; recorded in the decision log).
    #[arg(long)]
    reason: String,
    #[command(flatten)]
    who: Who,
}

/// Exactly one level.
#[derive(Args)]
#[group(required = true, multiple = false)]
struct Level {
    /// Once for the engagement: the client's own.
    #[arg(long)]
    entity: bool,
    /// One row per service.
    #[arg(long)]
    system: bool,
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
        scope: a.scope,
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
    let id = match &a.place.service {
        Some(name) => Some(file.service_id(name)?),
        None => None,
    };
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
    if a.decision.owner == Ownership::Inherited {
        // The rows of the service, or the entity rows when none is named.
        let service = match id {
            Some(id) => file.service(id)?.name,
            None => "the organisation".to_string(),
        };
        let claimed: Vec<String> = file
            .matrix(&MatrixFilter {
                service: a.place.service.clone(),
                framework: a.framework,
                scope: id.is_none().then_some(Scope::Entity),
            })?
            .into_iter()
            .filter(|r| r.claimed_inherited && selector.matches(r))
            .map(|r| format!("{} {}", r.framework.id(), r.control_id))
            .collect();
        if !claimed.is_empty() {
            eprintln!(
                "warning: no current attestation covers {service} for {} of them ({}): recorded \
                 as the provider's, claimed inherited, a high gap until an attestation covers it",
                claimed.len(),
                claimed.join(", ")
            );
        }
    }
    Ok(())
}

pub fn scope_set(a: ScopeSetArgs) -> Result<(), StoreError> {
    let scope = if a.level.entity {
        Scope::Entity
    } else {
        Scope::System
    };
    let mut file = EngagementFile::open(&a.file)?;
    file.set_control_scope(a.framework, &a.control, scope, &a.reason, &a.who.name())?;
    let place = match scope {
        Scope::Entity => "the entity level: one row for the engagement",
        Scope::System => "the system level: one row per service",
    };
    println!("{} {} moved to {place}", a.framework.id(), a.control.trim());
    Ok(())
}

fn parse_scope(s: &str) -> Result<Scope, String> {
    one_of("scope", s, &Scope::ALL, Scope::id)
}

/// One line per row: where the owner comes from, and the reason or the explanation.
fn table(rows: &[MatrixRow]) -> String {
    let width = |f: fn(&MatrixRow) -> usize, header: &str| {
        rows.iter().map(f).max().unwrap_or(0).max(header.len())
    };
    let service_w = width(|r| r.service_label().chars().count(), "service");
    let control_w = width(|r| r.control_id.chars().count(), "control");
    let mut out = format!(
        "{:<service_w$}  {:<9}  {:<control_w$}  {:<14}  {:<15}  why\n",
        "service", "framework", "control", "owner", "source"
    );
    for r in rows {
        let why = match (&r.source, &r.reason, &r.na_justification) {
            (OwnerSource::Override, Some(reason), _) => reason.as_str(),
            (OwnerSource::Scoping, _, Some(why)) => why.as_str(),
            (OwnerSource::Crosswalk, _, _) => r
                .crosswalk
                .as_ref()
                .and_then(|c| c.decided.as_ref())
                .map_or(r.explanation.as_str(), |d| d.reason.as_str()),
            _ => r.explanation.as_str(),
        };
        let why = if r.claimed_inherited {
            format!("claimed inherited, no attestation: {why}")
        } else {
            why.to_string()
        };
        out += &format!(
            "{:<service_w$}  {:<9}  {:<control_w$}  {:<14}  {:<15}  {why}\n",
            r.service_label(),
            r.framework.id(),
            r.control_id,
            r.owner.id(),
            r.source.id()
        );
    }
    let count = |s: OwnerSource| rows.iter().filter(|r| r.source == s).count();
    out += &format!(
        "{} rows: {} override, {} provider matrix, {} crosswalk, {} layer default, {} not \
         applicable by scoping\n",
        rows.len(),
        count(OwnerSource::Override),
        count(OwnerSource::ProviderMatrix),
        count(OwnerSource::Crosswalk),
        count(OwnerSource::LayerDefault),
        count(OwnerSource::Scoping)
    );
    out
}
