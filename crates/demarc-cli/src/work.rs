//! `demarc team` and `demarc plan`: the people of the work plan, who has what by when, accepted
//! risks, and closing many tasks at once.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use demarc_core::plan::NewRiskAcceptance;
use demarc_core::NewEvidence;
use demarc_store::{EngagementFile, StoreError};

use crate::Who;

#[derive(Subcommand)]
pub(crate) enum TeamCommand {
    /// List the people items and tasks may be given to.
    List {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Add a person to the team.
    Add(TeamAddArgs),
    /// Rename a person or change their role; what they have follows them.
    Edit(TeamEditArgs),
    /// Take a person off the team; what they had is left unassigned.
    Remove(TeamRemoveArgs),
}

#[derive(Args)]
pub(crate) struct TeamAddArgs {
    file: PathBuf,
    #[arg(long)]
    name: String,
    #[arg(long, default_value = "")]
    role: String,
    #[command(flatten)]
    who: Who,
}

#[derive(Args)]
pub(crate) struct TeamEditArgs {
    file: PathBuf,
    /// The person's name now.
    #[arg(long)]
    name: String,
    #[arg(long)]
    new_name: Option<String>,
    #[arg(long)]
    role: Option<String>,
    #[command(flatten)]
    who: Who,
}

#[derive(Args)]
pub(crate) struct TeamRemoveArgs {
    file: PathBuf,
    #[arg(long)]
    name: String,
    #[command(flatten)]
    who: Who,
}

#[derive(Subcommand)]
pub(crate) enum PlanCommand {
    /// Give an item, task group or task (its id in `demarc gaps --grouped --json`) to a team
    /// member, with a due date; neither clears it.
    Assign(AssignArgs),
    /// Accept the risk of an item, task group or task until a date, with a reason and the
    /// approver: its gaps are not open until then.
    Accept(AcceptArgs),
    /// Withdraw an accepted risk: its gaps are open again.
    Withdraw(WithdrawArgs),
    /// Attach one evidence reference to every row of the tasks and task groups named.
    Evidence(EvidenceArgs),
    /// Write one customer's part on every row of the tasks and task groups named.
    CustomerPart(CustomerPartArgs),
}

#[derive(Args)]
pub(crate) struct AssignArgs {
    file: PathBuf,
    #[arg(long)]
    item: String,
    /// A team member's name.
    #[arg(long)]
    owner: Option<String>,
    /// YYYY-MM-DD.
    #[arg(long)]
    due: Option<NaiveDate>,
    #[command(flatten)]
    who: Who,
}

#[derive(Args)]
pub(crate) struct AcceptArgs {
    file: PathBuf,
    #[arg(long)]
    item: String,
    #[arg(long)]
    reason: String,
    #[arg(long)]
    approver: String,
    /// The last day the acceptance holds (YYYY-MM-DD).
    #[arg(long)]
    expires: NaiveDate,
    #[command(flatten)]
    who: Who,
}

#[derive(Args)]
pub(crate) struct WithdrawArgs {
    file: PathBuf,
    #[arg(long)]
    item: String,
    #[arg(long)]
    reason: String,
    #[command(flatten)]
    who: Who,
}

#[derive(Args)]
pub(crate) struct EvidenceArgs {
    file: PathBuf,
    /// A task or task group id (repeatable).
    #[arg(long = "item", required = true)]
    items: Vec<String>,
    #[arg(long)]
    title: String,
    /// A path, a URL or a binder reference.
    #[arg(long, default_value = "")]
    location: String,
    /// The day it was collected (YYYY-MM-DD).
    #[arg(long)]
    date: Option<NaiveDate>,
    #[arg(long)]
    collected_by: Option<String>,
    #[command(flatten)]
    who: Who,
}

#[derive(Args)]
pub(crate) struct CustomerPartArgs {
    file: PathBuf,
    /// A task or task group id (repeatable).
    #[arg(long = "item", required = true)]
    items: Vec<String>,
    #[arg(long)]
    text: String,
    #[command(flatten)]
    who: Who,
}

pub(crate) fn team(command: TeamCommand) -> Result<(), StoreError> {
    match command {
        TeamCommand::List { file, json } => {
            let team = EngagementFile::open_for_reading(&file)?.team()?;
            if json {
                crate::print_json(&team);
            } else {
                for p in team {
                    println!("{} ({})", p.name, p.role);
                }
            }
        }
        TeamCommand::Add(a) => {
            let mut file = EngagementFile::open(&a.file)?;
            let p = file.add_team_member(&a.name, &a.role, &a.who.name())?;
            println!("added {} ({})", p.name, p.role);
        }
        TeamCommand::Edit(a) => {
            let mut file = EngagementFile::open(&a.file)?;
            let p = file.team_member(&a.name)?;
            let name = a.new_name.unwrap_or(p.name);
            let role = a.role.unwrap_or(p.role);
            let p = file.edit_team_member(p.id, &name, &role, &a.who.name())?;
            println!("{} ({})", p.name, p.role);
        }
        TeamCommand::Remove(a) => {
            let mut file = EngagementFile::open(&a.file)?;
            let p = file.team_member(&a.name)?;
            file.remove_team_member(p.id, &a.who.name())?;
            println!("removed {}", p.name);
        }
    }
    Ok(())
}

pub(crate) fn plan(command: PlanCommand) -> Result<(), StoreError> {
    match command {
        PlanCommand::Assign(a) => {
            let mut file = EngagementFile::open(&a.file)?;
            let done = file.assign(&a.item, a.owner.as_deref(), a.due, &a.who.name())?;
            println!(
                "{}: {}, due {}",
                done.item_id,
                done.owner.as_deref().unwrap_or("nobody"),
                done.due
                    .map_or("as computed".to_string(), |d| d.to_string())
            );
        }
        PlanCommand::Accept(a) => {
            let mut file = EngagementFile::open(&a.file)?;
            let accepted = file.accept_risk(
                &a.item,
                &NewRiskAcceptance {
                    reason: a.reason,
                    approver: a.approver,
                    expires: a.expires,
                },
                &a.who.name(),
            )?;
            println!(
                "{}: risk accepted by {} until {}",
                accepted.item_id, accepted.approver, accepted.expires
            );
        }
        PlanCommand::Withdraw(a) => {
            let mut file = EngagementFile::open(&a.file)?;
            file.withdraw_risk(&a.item, &a.reason, &a.who.name())?;
            println!("{}: risk no longer accepted", a.item);
        }
        PlanCommand::Evidence(a) => {
            let mut file = EngagementFile::open(&a.file)?;
            let keys = file.task_rows(&a.items)?;
            let n = file.attach_evidence(
                &keys,
                &NewEvidence {
                    title: a.title,
                    location: a.location,
                    date: a.date,
                    owner: a.collected_by,
                    due_date: None,
                },
                &a.who.name(),
            )?;
            println!("evidence attached to {n} rows");
        }
        PlanCommand::CustomerPart(a) => {
            let mut file = EngagementFile::open(&a.file)?;
            let keys = file.task_rows(&a.items)?;
            let n = file.set_customer_parts(&keys, &a.text, &a.who.name())?;
            println!("customer's part written on {n} rows");
        }
    }
    Ok(())
}
