//! `demarc decision review`, `demarc version` and `demarc approve`: sign-off from the command
//! line.

use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{ArgGroup, Args, Subcommand};
use demarc_core::{ChangeLog, Decision, NewReview, ReviewState, Verdict};
use demarc_store::{today, EngagementFile};

use crate::{print_json, Who};

#[derive(Subcommand)]
pub enum DecisionCommand {
    /// Accept a decision of the log, or return it with a comment.
    Review(ReviewArgs),
}

#[derive(Args)]
#[command(group(ArgGroup::new("verdict").required(true).args(["accept", "return_it"])))]
pub struct ReviewArgs {
    file: PathBuf,
    /// The number of the log entry (repeatable: each gets a review of its own).
    #[arg(long = "id", required = true)]
    ids: Vec<i64>,
    #[arg(long)]
    accept: bool,
    /// Send the decision back to its author; needs --comment.
    #[arg(long = "return")]
    return_it: bool,
    /// The reviewer.
    #[arg(long)]
    by: String,
    /// The day of the review (YYYY-MM-DD; default today).
    #[arg(long)]
    on: Option<NaiveDate>,
    #[arg(long)]
    comment: Option<String>,
}

pub fn review(a: ReviewArgs) -> Result<(), Box<dyn std::error::Error>> {
    let mut file = EngagementFile::open(&a.file)?;
    let verdict = if a.return_it {
        Verdict::Return
    } else {
        Verdict::Accept
    };
    let review = NewReview {
        verdict,
        reviewer: a.by.clone(),
        on: a.on,
        comment: a.comment,
    };
    for r in file.review_decisions(&a.ids, &review, &a.by)? {
        println!(
            "decision #{} {} by {} on {}",
            r.decision_id,
            r.verdict.done(),
            r.reviewer,
            r.on
        );
    }
    Ok(())
}

#[derive(Args)]
pub struct LogArgs {
    file: PathBuf,
    #[arg(long)]
    json: bool,
    /// Only the decisions in force that no one has reviewed, or that were returned.
    #[arg(long)]
    unreviewed: bool,
}

pub fn log(a: LogArgs) -> Result<(), Box<dyn std::error::Error>> {
    let mut log = EngagementFile::open_for_reading(&a.file)?.decisions()?;
    if a.unreviewed {
        log.retain(|d| d.review.is_open());
    }
    if a.json {
        print_json(&log);
    } else {
        // A reader that stops early (`| head`) ends the listing, not the program.
        let mut out = std::io::stdout().lock();
        for d in &log {
            if writeln!(out, "{}", log_line(d)).is_err() {
                break;
            }
        }
    }
    Ok(())
}

/// One entry: `#12 2027-01-10T09:00:00Z  Dana  service "EC2" layer os: a -> b (why)
/// [accepted by Priya on 2027-01-11]`.
fn log_line(d: &Decision) -> String {
    let change = match (&d.old_value, &d.new_value) {
        (Some(old), Some(new)) => format!("{old} -> {new}"),
        (None, Some(new)) => new.clone(),
        (Some(old), None) => format!("{old} removed"),
        (None, None) => String::new(),
    };
    let why = d
        .reason
        .as_ref()
        .map(|r| format!(" ({r})"))
        .unwrap_or_default();
    let state = match &d.review {
        ReviewState::Record => String::new(),
        state => format!(" [{}]", state.words()),
    };
    format!(
        "#{} {}  {}  {}: {change}{why}{state}",
        d.id, d.at, d.who, d.subject
    )
}

#[derive(Args)]
pub struct VersionArgs {
    file: PathBuf,
    /// Start the next version (0.1 to 0.2, or the one given with --to).
    #[arg(long)]
    bump: bool,
    /// The version to start instead of the next number.
    #[arg(long, requires = "bump")]
    to: Option<String>,
    /// What the new version is about.
    #[arg(long, requires = "bump")]
    note: Option<String>,
    /// List what was decided in a version (the current one when none is given).
    #[arg(long, value_name = "VERSION", num_args = 0..=1, default_missing_value = "",
          conflicts_with = "bump")]
    changes: Option<String>,
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    who: Who,
}

pub fn version(a: VersionArgs) -> Result<(), Box<dyn std::error::Error>> {
    if a.bump {
        let mut file = EngagementFile::open(&a.file)?;
        let v = file.bump_version(a.to.as_deref(), a.note.as_deref(), &a.who.name())?;
        if a.json {
            print_json(&v);
        } else {
            println!("started version {}", v.version);
        }
        return Ok(());
    }
    let file = EngagementFile::open_for_reading(&a.file)?;
    if let Some(version) = a.changes {
        let version = Some(version.trim()).filter(|v| !v.is_empty());
        let changes = file.change_log(version)?;
        if a.json {
            print_json(&changes);
        } else {
            print!("{}", changes_text(&changes, true));
        }
        return Ok(());
    }
    let status = file.sign_off(today())?;
    if a.json {
        print_json(&status);
        return Ok(());
    }
    println!("{}", status.statement());
    for v in &status.versions {
        let note = v
            .note
            .as_ref()
            .map(|n| format!(": {n}"))
            .unwrap_or_default();
        let approvals: Vec<String> = status
            .approvals
            .iter()
            .filter(|a| a.version == v.version)
            .map(|a| format!("approved by {} ({}) on {}", a.approver, a.role, a.on))
            .collect();
        let approved = if approvals.is_empty() {
            String::new()
        } else {
            format!(" [{}]", approvals.join("; "))
        };
        println!(
            "  version {} started {} by {}{note}{approved}",
            v.version, v.at, v.by
        );
    }
    print!("{}", changes_text(&status.changes, false));
    Ok(())
}

/// The change log: its summary, then (with `entries`) one line per decision.
fn changes_text(changes: &ChangeLog, entries: bool) -> String {
    let mut out = format!("Version {}: {}\n", changes.version, changes.summary());
    if entries {
        for d in &changes.entries {
            out += &format!("  {}\n", log_line(d));
        }
    }
    out
}

#[derive(Args)]
pub struct ApproveArgs {
    file: PathBuf,
    #[arg(long)]
    approver: String,
    #[arg(long)]
    role: String,
    /// The day of the approval (YYYY-MM-DD; default today).
    #[arg(long)]
    on: Option<NaiveDate>,
    #[command(flatten)]
    who: Who,
}

pub fn approve(a: ApproveArgs) -> Result<(), Box<dyn std::error::Error>> {
    let mut file = EngagementFile::open(&a.file)?;
    let approval = file.approve(&a.approver, &a.role, a.on, &a.who.name())?;
    println!("{}", approval.statement());
    Ok(())
}
