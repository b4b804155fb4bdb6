//! `demarc engagement`, `demarc framework`, `demarc person` and `demarc service set`: setting up
//! an engagement and its services after `demarc new`, one logged change per value given.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use demarc_core::{DataType, Framework, Person, Sensitivity};
use demarc_store::{EngagementFile, StoreError};

use crate::{parse_data_type, parse_framework, parse_sensitivity, Who};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

#[derive(Args)]
pub(crate) struct EngagementArgs {
    file: PathBuf,
    #[arg(long)]
    client: Option<String>,
    /// The scope statement the exports print.
    #[arg(long)]
    scope: Option<String>,
    /// First day of the audit window (YYYY-MM-DD).
    #[arg(long)]
    audit_start: Option<NaiveDate>,
    /// Last day of the audit window (YYYY-MM-DD).
    #[arg(long)]
    audit_end: Option<NaiveDate>,
    /// Leave the audit window unset.
    #[arg(long, conflicts_with_all = ["audit_start", "audit_end"])]
    no_audit_window: bool,
    /// The language tag whose date style the app shows (en-GB, de-CH); "" for the system's.
    #[arg(long)]
    locale: Option<String>,
    #[command(flatten)]
    who: Who,
}

#[derive(Subcommand)]
pub(crate) enum FrameworkCommand {
    /// Bring a framework into the engagement's scope, for every service.
    Add(FrameworkArgs),
    /// Take a framework out of the engagement's scope; prints what it took. What was recorded
    /// on its rows stays in the file and comes back if it is added again.
    Remove(FrameworkArgs),
}

#[derive(Args)]
pub(crate) struct FrameworkArgs {
    file: PathBuf,
    #[arg(long, value_parser = parse_framework)]
    framework: Framework,
    #[command(flatten)]
    who: Who,
}

#[derive(Subcommand)]
pub(crate) enum PersonCommand {
    /// Add a reviewer, or with --preparer the preparer (replacing the one before).
    Add(PersonAddArgs),
    /// Change a person's name or role.
    Edit(PersonEditArgs),
    /// Remove a person.
    Remove(PersonRemoveArgs),
}

#[derive(Args)]
pub(crate) struct PersonAddArgs {
    file: PathBuf,
    #[arg(long)]
    name: String,
    #[arg(long, default_value = "")]
    role: String,
    /// The person prepares the documents (one preparer per engagement).
    #[arg(long)]
    preparer: bool,
    #[command(flatten)]
    who: Who,
}

#[derive(Args)]
pub(crate) struct PersonEditArgs {
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
pub(crate) struct PersonRemoveArgs {
    file: PathBuf,
    #[arg(long)]
    name: String,
    #[command(flatten)]
    who: Who,
}

#[derive(Args)]
pub(crate) struct ServiceSetArgs {
    file: PathBuf,
    #[arg(long)]
    service: String,
    #[arg(long)]
    provider: Option<String>,
    #[arg(long, value_parser = parse_sensitivity)]
    sensitivity: Option<Sensitivity>,
    /// A data type the service handles (repeatable): the list replaces the one before.
    #[arg(long = "data", value_parser = parse_data_type)]
    data_types: Vec<DataType>,
    /// The service handles none of the listed data types.
    #[arg(long, conflicts_with = "data_types")]
    no_data: bool,
    /// A framework of the engagement the service is in scope for (repeatable): the list
    /// replaces the one before.
    #[arg(long = "framework", value_parser = parse_framework)]
    frameworks: Vec<Framework>,
    #[command(flatten)]
    who: Who,
}

pub(crate) fn engagement(a: EngagementArgs) -> Result<()> {
    let mut file = EngagementFile::open(&a.file)?;
    let who = a.who.name();
    let mut changed = false;
    if let Some(client) = &a.client {
        let e = file.set_client(client, &who)?;
        println!("client: {}", e.client);
        changed = true;
    }
    if let Some(scope) = &a.scope {
        file.set_scope(scope, &who)?;
        println!("scope statement set");
        changed = true;
    }
    if a.no_audit_window || a.audit_start.is_some() || a.audit_end.is_some() {
        let now = file.engagement()?;
        let (start, end) = match a.no_audit_window {
            true => (None, None),
            false => (
                a.audit_start.or(now.audit_start),
                a.audit_end.or(now.audit_end),
            ),
        };
        file.set_audit_window(start, end, &who)?;
        println!("audit window: {}", window(start, end));
        changed = true;
    }
    if let Some(locale) = &a.locale {
        let e = file.set_locale(locale, &who)?;
        let shown = if e.locale.is_empty() {
            "the system's"
        } else {
            &e.locale
        };
        println!("locale: {shown}");
        changed = true;
    }
    if !changed {
        return Err(
            "nothing to change: give --client, --scope, --audit-start, --audit-end, \
                    --no-audit-window or --locale"
                .into(),
        );
    }
    Ok(())
}

fn window(start: Option<NaiveDate>, end: Option<NaiveDate>) -> String {
    let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_else(|| "?".into());
    match (start, end) {
        (None, None) => "not set".into(),
        _ => format!("{} to {}", day(start), day(end)),
    }
}

pub(crate) fn framework(command: FrameworkCommand) -> Result<()> {
    match command {
        FrameworkCommand::Add(a) => {
            let mut file = EngagementFile::open(&a.file)?;
            file.add_engagement_framework(a.framework, &a.who.name())?;
            let services = file
                .services()?
                .into_iter()
                .filter(|s| s.frameworks.contains(&a.framework))
                .count();
            println!("{} in scope for {services} services", a.framework.label());
            if file.scoping_profile(a.framework)?.is_none()
                && demarc_core::ScopingProfile::FRAMEWORKS.contains(&a.framework)
            {
                println!(
                    "answer its scoping questions: demarc profile {} --framework {}",
                    a.file.display(),
                    a.framework.id()
                );
            }
        }
        FrameworkCommand::Remove(a) => {
            let mut file = EngagementFile::open(&a.file)?;
            let taken = file.remove_engagement_framework(a.framework, &a.who.name())?;
            println!(
                "removed {} from {} services ({}): {} matrix rows",
                a.framework.label(),
                taken.services.len(),
                taken.services.join(", "),
                taken.rows
            );
            println!(
                "kept in the file: {} control decisions, {} evidence records{}",
                taken.kept_decisions,
                taken.kept_evidence,
                if taken.scoping_answered {
                    ", the scoping answers"
                } else {
                    ""
                }
            );
        }
    }
    Ok(())
}

pub(crate) fn person(command: PersonCommand) -> Result<()> {
    let (path, who) = match &command {
        PersonCommand::Add(a) => (&a.file, &a.who),
        PersonCommand::Edit(a) => (&a.file, &a.who),
        PersonCommand::Remove(a) => (&a.file, &a.who),
    };
    let mut file = EngagementFile::open(path)?;
    let e = file.engagement()?;
    let mut preparer = e.preparer;
    let mut reviewers = e.reviewers;
    let found = |name: &str, preparer: &Option<Person>, reviewers: &[Person]| {
        let same = |p: &Person| p.name.trim().eq_ignore_ascii_case(name.trim());
        match (
            preparer.as_ref().is_some_and(same),
            reviewers.iter().position(same),
        ) {
            (true, _) => Ok(None),
            (false, Some(i)) => Ok(Some(i)),
            (false, None) => Err(StoreError::invalid(
                "name",
                format!("no person is named {:?}", name.trim()),
            )),
        }
    };
    let said = match &command {
        PersonCommand::Add(a) => {
            let person = Person {
                name: a.name.clone(),
                role: a.role.clone(),
            };
            if a.preparer {
                preparer = Some(person);
            } else {
                reviewers.push(person);
            }
            format!("added {}", a.name.trim())
        }
        PersonCommand::Edit(a) => {
            let slot = match found(&a.name, &preparer, &reviewers)? {
                None => preparer.as_mut(),
                Some(i) => reviewers.get_mut(i),
            };
            let Some(p) = slot else {
                return Err("no such person".into());
            };
            if let Some(name) = &a.new_name {
                p.name = name.clone();
            }
            if let Some(role) = &a.role {
                p.role = role.clone();
            }
            format!("{} ({})", p.name.trim(), p.role.trim())
        }
        PersonCommand::Remove(a) => {
            match found(&a.name, &preparer, &reviewers)? {
                None => preparer = None,
                Some(i) => {
                    reviewers.remove(i);
                }
            }
            format!("removed {}", a.name.trim())
        }
    };
    file.set_people(preparer.as_ref(), &reviewers, &who.name())?;
    println!("{said}");
    Ok(())
}

pub(crate) fn service_set(a: ServiceSetArgs) -> Result<()> {
    let mut file = EngagementFile::open(&a.file)?;
    let who = a.who.name();
    let id = file.service_id(&a.service)?;
    let mut s = file.service(id)?;
    let mut changed = false;
    if let Some(provider) = &a.provider {
        s = file.set_service_provider(id, provider, &who)?;
        changed = true;
    }
    if let Some(sensitivity) = a.sensitivity {
        s = file.set_sensitivity(id, sensitivity, &who)?;
        changed = true;
    }
    if a.no_data || !a.data_types.is_empty() {
        s = file.set_data_types(id, &a.data_types, &who)?;
        changed = true;
    }
    if !a.frameworks.is_empty() {
        // Those asked for in first, so that a framework the engagement lacks is refused before
        // anything is taken out.
        for f in &a.frameworks {
            s = file.set_service_framework(id, *f, true, &who)?;
        }
        for f in s.frameworks.clone() {
            if !a.frameworks.contains(&f) {
                s = file.set_service_framework(id, f, false, &who)?;
            }
        }
        changed = true;
    }
    if !changed {
        return Err(
            "nothing to change: give --provider, --sensitivity, --data, --no-data or --framework"
                .into(),
        );
    }
    let data: Vec<&str> = s.data_types.iter().map(|d| d.label()).collect();
    let frameworks: Vec<&str> = s.frameworks.iter().map(|f| f.label()).collect();
    println!(
        "{} ({}, {}): {} sensitivity; data: {}; frameworks: {}",
        s.name,
        s.provider,
        s.model.label(),
        s.sensitivity.label(),
        if data.is_empty() {
            "none".into()
        } else {
            data.join(", ")
        },
        if frameworks.is_empty() {
            "none".into()
        } else {
            frameworks.join(", ")
        },
    );
    Ok(())
}
