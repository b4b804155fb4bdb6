//! `demarc`: the engagement file from the command line.
//!
//! Exit codes: 0 success, 1 a user error (the message says what is wrong), 2 bad usage.

mod assurance;
mod crosswalk;
mod export;
mod import;
mod inspect;
mod matrix;
mod plan;
mod profile;
mod setup;
mod sign_off;
mod work;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use demarc_core::{
    DataType, Engagement, Framework, Layer, NewService, Ownership, Sensitivity, ServiceModel,
};
use demarc_store::{EngagementFile, StoreError};

#[derive(Parser)]
#[command(
    name = "demarc",
    version,
    about = "Cloud shared responsibility mapping for audits"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new engagement file.
    New(NewArgs),
    /// Manage the services in scope.
    #[command(subcommand)]
    Service(ServiceCommand),
    /// Change the owner of a layer.
    #[command(subcommand)]
    Layer(LayerCommand),
    /// Print the engagement and the owner of every layer of every service.
    Show {
        file: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Print the decision log, oldest first, with where each entry stands with its reviewers.
    Log(sign_off::LogArgs),
    /// Review decisions of the log.
    #[command(subcommand)]
    Decision(sign_off::DecisionCommand),
    /// Print the document version, whether it is a draft or approved, and its change log;
    /// --bump starts the next version.
    Version(sign_off::VersionArgs),
    /// Approve the document version; refused while rows are undetermined or decisions
    /// unreviewed.
    Approve(sign_off::ApproveArgs),
    /// Write a realistic demo engagement to DIR/demo.demarc.
    Demo { dir: PathBuf },
    /// Check the file's integrity (every page and every reference between rows); exits 1 on a
    /// problem.
    Check {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Copy the engagement into NAME.backups/ beside it, keeping the newest copies.
    Backup {
        file: PathBuf,
        /// How many backups to keep.
        #[arg(long, default_value_t = demarc_store::KEEP_BACKUPS)]
        keep: usize,
    },
    /// Recognise a provider matrix's layout and count its ownership labels.
    Inspect(inspect::InspectArgs),
    /// Print the control matrix: every control in scope for every service, with its owner.
    Matrix(matrix::MatrixArgs),
    /// Set the owner of one control, a family or every control touching a layer, with a reason:
    /// of one service's rows, or of the entity-level rows.
    Set(matrix::SetArgs),
    /// Move a control between the entity level (once for the engagement) and the system level
    /// (one row per service).
    #[command(subcommand)]
    Scope(ScopeCommand),
    /// Import a provider matrix into an engagement as the provider's next version.
    Import(import::ImportArgs),
    /// List what changed between the two latest versions of a provider's matrix.
    Diff(import::DiffArgs),
    /// Write the auditor's workbook, PDF pack and companion layouts.
    Export(export::ExportArgs),
    /// Record a provider's attestation: soc2, baa, aoc, iso or fedramp.
    Attest(assurance::AttestArgs),
    /// List what is still open: gaps with severity, what, why and how to close them.
    Gaps(assurance::GapsArgs),
    /// Print the vendor register: attestations and vendor reviews.
    Register(assurance::RegisterArgs),
    /// Record a provider's last vendor review and the next one due (SOC 2 CC9.2).
    Review(assurance::ReviewArgs),
    /// Change the engagement's client, scope statement, audit window or locale (each logged).
    Engagement(setup::EngagementArgs),
    /// Bring a framework into the engagement's scope or take it out.
    #[command(subcommand)]
    Framework(setup::FrameworkCommand),
    /// Add, edit or remove the people who prepare and review the documents.
    #[command(subcommand)]
    Person(setup::PersonCommand),
    /// Show the scoping profiles, or answer one framework's scoping questions (what the client
    /// is under PCI DSS, HIPAA, SOC 2 or FedRAMP), which decide the requirements that apply.
    Profile(profile::ProfileArgs),
    /// Crosswalks between control frameworks: import one from your own file, list them, accept
    /// a suggestion they make on a row, or see how far they reach.
    #[command(subcommand)]
    Crosswalk(crosswalk::CrosswalkCommand),
    /// The people the work plan's items and tasks are given to.
    #[command(subcommand)]
    Team(work::TeamCommand),
    /// The work plan: give items to people, accept risks, close many tasks at once.
    #[command(subcommand)]
    Plan(work::PlanCommand),
}

#[derive(Args)]
struct NewArgs {
    file: PathBuf,
    #[arg(long)]
    client: String,
    #[arg(long, default_value = "")]
    scope: String,
    /// A framework in scope (repeatable).
    #[arg(long = "framework", value_parser = parse_framework)]
    frameworks: Vec<Framework>,
    /// First day of the audit window (YYYY-MM-DD).
    #[arg(long)]
    audit_start: Option<NaiveDate>,
    /// Last day of the audit window (YYYY-MM-DD).
    #[arg(long)]
    audit_end: Option<NaiveDate>,
    /// The scoping answers of the frameworks named, as `demarc profile` takes them.
    #[command(flatten)]
    answers: profile::Answers,
    #[command(flatten)]
    who: Who,
}

#[derive(Subcommand)]
enum ServiceCommand {
    /// Add a service; its layers take the default owners of its model.
    Add(ServiceAddArgs),
    /// Give a service a new name.
    Rename(ServiceRenameArgs),
    /// Remove a service with everything recorded on it; prints what it took.
    Remove(ServiceRemoveArgs),
    /// Change a service's provider, sensitivity, data types or frameworks (each logged).
    Set(setup::ServiceSetArgs),
    /// Record the region a service runs in (checked against FedRAMP packages' regions).
    Region(ServiceRegionArgs),
}

#[derive(Args)]
struct ServiceRegionArgs {
    file: PathBuf,
    #[arg(long)]
    service: String,
    /// us-east-1, us-gov-west-1...
    #[arg(long, required_unless_present = "clear")]
    region: Option<String>,
    /// Forget the region.
    #[arg(long, conflicts_with = "region")]
    clear: bool,
    #[command(flatten)]
    who: Who,
}

#[derive(Args)]
struct ServiceRenameArgs {
    file: PathBuf,
    /// The service's name now.
    #[arg(long)]
    service: String,
    /// Its new name.
    #[arg(long)]
    name: String,
    #[command(flatten)]
    who: Who,
}

#[derive(Args)]
struct ServiceRemoveArgs {
    file: PathBuf,
    #[arg(long)]
    service: String,
    #[command(flatten)]
    who: Who,
}

#[derive(Args)]
struct ServiceAddArgs {
    file: PathBuf,
    #[arg(long)]
    name: String,
    #[arg(long)]
    provider: String,
    #[arg(long, value_parser = parse_model)]
    model: ServiceModel,
    #[arg(long, value_parser = parse_sensitivity, default_value = "medium")]
    sensitivity: Sensitivity,
    /// A data type the service handles (repeatable).
    #[arg(long = "data", value_parser = parse_data_type)]
    data_types: Vec<DataType>,
    /// A framework the service is in scope for (repeatable).
    #[arg(long = "framework", value_parser = parse_framework)]
    frameworks: Vec<Framework>,
    /// The region it runs in (us-east-1).
    #[arg(long)]
    region: Option<String>,
    #[command(flatten)]
    who: Who,
}

#[derive(Subcommand)]
enum ScopeCommand {
    /// Move one control, with a reason.
    Set(matrix::ScopeSetArgs),
}

#[derive(Subcommand)]
enum LayerCommand {
    /// Override the owner of one layer of a service, with a reason.
    Set(LayerSetArgs),
}

#[derive(Args)]
struct LayerSetArgs {
    file: PathBuf,
    #[arg(long)]
    service: String,
    #[arg(long, value_parser = parse_layer)]
    layer: Layer,
    #[command(flatten)]
    decision: OwnerDecision,
}

/// A new owner, why, and who decides: what every change of ownership records.
#[derive(Args)]
pub(crate) struct OwnerDecision {
    #[arg(long, value_parser = parse_owner)]
    owner: Ownership,
    /// Why (required; recorded in the decision log for everything it changes).
    #[arg(long)]
    reason: String,
    #[command(flatten)]
    who: Who,
}

#[derive(Args)]
pub(crate) struct Who {
    /// Who makes the change (default: $DEMARC_USER, then $USER).
    #[arg(long = "by")]
    by: Option<String>,
}

impl Who {
    pub(crate) fn name(&self) -> String {
        self.by
            .clone()
            .or_else(|| std::env::var("DEMARC_USER").ok())
            .or_else(|| std::env::var("USER").ok())
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| "unknown".to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("demarc: {e}");
            ExitCode::from(1)
        }
    }
}

fn run(command: Command) -> Result<(), Box<dyn std::error::Error>> {
    match command {
        Command::New(a) => {
            let mut e = Engagement::new(&a.client);
            e.scope = a.scope;
            e.frameworks = a.frameworks;
            e.audit_start = a.audit_start;
            e.audit_end = a.audit_end;
            e.validate().map_err(StoreError::from)?;
            let profiles = a.answers.profiles(&e.frameworks)?;
            let mut file = EngagementFile::create(&a.file, &e)?;
            for p in &profiles {
                file.set_scoping_profile(p, &a.who.name())?;
            }
            println!("created {}", a.file.display());
            for p in &profiles {
                println!(
                    "{} scoping: {}",
                    p.framework().label(),
                    p.summary(&|_| None)
                );
            }
        }
        Command::Service(ServiceCommand::Add(a)) => {
            let mut file = EngagementFile::open(&a.file)?;
            if a.region.as_deref().is_some_and(|r| r.trim().is_empty()) {
                return Err(StoreError::invalid("region", "the region is empty").into());
            }
            let who = a.who.name();
            let mut s = file.add_service(
                &NewService {
                    name: a.name,
                    provider: a.provider,
                    model: a.model,
                    sensitivity: a.sensitivity,
                    data_types: a.data_types,
                    frameworks: a.frameworks,
                },
                &who,
            )?;
            if a.region.is_some() {
                s = file.set_service_region(s.id, a.region.as_deref(), &who)?;
            }
            let region = s
                .region
                .as_deref()
                .map(|r| format!(", {r}"))
                .unwrap_or_default();
            println!(
                "added {} ({}, {}{region})",
                s.name,
                s.provider,
                s.model.label()
            );
        }
        Command::Service(ServiceCommand::Region(a)) => {
            let mut file = EngagementFile::open(&a.file)?;
            let id = file.service_id(&a.service)?;
            let region = a.region.filter(|_| !a.clear);
            let s = file.set_service_region(id, region.as_deref(), &a.who.name())?;
            match &s.region {
                Some(r) => println!("{} runs in {r}", s.name),
                None => println!("{}: no region recorded", s.name),
            }
        }
        Command::Service(ServiceCommand::Rename(a)) => {
            let mut file = EngagementFile::open(&a.file)?;
            let id = file.service_id(&a.service)?;
            let s = file.rename_service(id, &a.name, &a.who.name())?;
            println!("renamed {} to {}", a.service.trim(), s.name);
        }
        Command::Service(ServiceCommand::Remove(a)) => {
            let mut file = EngagementFile::open(&a.file)?;
            let id = file.service_id(&a.service)?;
            let taken = file.remove_service(id, &a.who.name())?;
            println!("removed {} with {}", taken.service, taken.summary());
        }
        Command::Service(ServiceCommand::Set(a)) => setup::service_set(a)?,
        Command::Engagement(a) => setup::engagement(a)?,
        Command::Framework(c) => setup::framework(c)?,
        Command::Person(c) => setup::person(c)?,
        Command::Layer(LayerCommand::Set(a)) => {
            let mut file = EngagementFile::open(&a.file)?;
            let id = file.service_id(&a.service)?;
            let d = a.decision;
            let s = file.set_layer_owner(id, a.layer, d.owner, &d.reason, &d.who.name())?;
            let l = &s.layers[a.layer.index()];
            println!(
                "{} {}: {} (default {})",
                s.name, a.layer, l.owner, l.default_owner
            );
        }
        Command::Show { file, json } => {
            let view = EngagementFile::open_for_reading(&file)?.view()?;
            if json {
                print_json(&view);
            } else {
                print!("{}", show_text(&view));
            }
        }
        Command::Log(a) => sign_off::log(a)?,
        Command::Decision(sign_off::DecisionCommand::Review(a)) => sign_off::review(a)?,
        Command::Version(a) => sign_off::version(a)?,
        Command::Approve(a) => sign_off::approve(a)?,
        Command::Inspect(a) => inspect::inspect(a)?,
        Command::Matrix(a) => matrix::matrix(a)?,
        Command::Set(a) => matrix::set(a)?,
        Command::Scope(ScopeCommand::Set(a)) => matrix::scope_set(a)?,
        Command::Import(a) => import::import(a)?,
        Command::Diff(a) => import::diff(a)?,
        Command::Export(a) => export::export(a)?,
        Command::Attest(a) => assurance::attest(a)?,
        Command::Gaps(a) => assurance::gaps(a)?,
        Command::Register(a) => assurance::register(a)?,
        Command::Review(a) => assurance::review(a)?,
        Command::Profile(a) => profile::profile(a)?,
        Command::Crosswalk(c) => crosswalk::run(c)?,
        Command::Team(c) => work::team(c)?,
        Command::Plan(c) => work::plan(c)?,
        Command::Check { file, json } => {
            let found = EngagementFile::open_for_reading(&file)?.check()?;
            if json {
                print_json(&found);
            }
            if !found.ok() {
                let mut problems = found.integrity.clone();
                problems.extend(found.foreign_keys.iter().map(|m| {
                    let row = m.rowid.map(|r| format!(" row {r}")).unwrap_or_default();
                    format!("{}{row} refers to a missing row of {}", m.table, m.parent)
                }));
                return Err(
                    format!("{} is damaged: {}", file.display(), problems.join("; ")).into(),
                );
            }
            if !json {
                println!("{}: ok", file.display());
            }
        }
        Command::Backup { file, keep } => {
            let copy = EngagementFile::open_for_reading(&file)?.backup(keep)?;
            println!("backed up to {}", copy.display());
        }
        Command::Demo { dir } => {
            std::fs::create_dir_all(&dir).map_err(|source| StoreError::Io {
                path: dir.clone(),
                source,
            })?;
            let path = dir.join("demo.demarc");
            replace_demo(&path)?;
            println!("wrote {}", path.display());
        }
    }
    Ok(())
}

/// Writes a fresh demo, replacing an earlier demo file (and only a demo file) at `path`.
fn replace_demo(path: &Path) -> Result<(), StoreError> {
    if path.exists() {
        EngagementFile::open(path)?;
        for suffix in ["", "-wal", "-shm"] {
            let mut p = path.as_os_str().to_os_string();
            p.push(suffix);
            match std::fs::remove_file(&p) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(StoreError::Io {
                        path: p.into(),
                        source: e,
                    });
                }
                _ => {}
            }
        }
    }
    demarc_store::write_demo(path)?;
    Ok(())
}

fn print_json<T: serde::Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
        Err(e) => eprintln!("demarc: cannot print JSON: {e}"),
    }
}

fn show_text(view: &demarc_core::EngagementView) -> String {
    let e = &view.engagement;
    let mut out = format!("{}\n{}\n", e.client, e.name);
    let frameworks: Vec<&str> = e.frameworks.iter().map(|f| f.label()).collect();
    out += &format!(
        "Frameworks: {}\n",
        if frameworks.is_empty() {
            "none".into()
        } else {
            frameworks.join(", ")
        }
    );
    if let (Some(start), Some(end)) = (e.audit_start, e.audit_end) {
        out += &format!("Audit window: {start} to {end}\n");
    }
    if !e.scope.is_empty() {
        out += &format!("Scope: {}\n", e.scope);
    }
    let people: Vec<String> = e
        .preparer
        .iter()
        .map(|p| (p, "prepares"))
        .chain(e.reviewers.iter().map(|p| (p, "reviews")))
        .map(|(p, does)| match p.role.is_empty() {
            true => format!("{} ({does})", p.name),
            false => format!("{}, {} ({does})", p.name, p.role),
        })
        .collect();
    if !people.is_empty() {
        out += &format!("People: {}\n", people.join("; "));
    }
    if !e.locale.is_empty() {
        out += &format!("Locale: {}\n", e.locale);
    }
    if e.sample {
        out += "Sample data: this is the demo, not a client's engagement\n";
    }
    for s in &view.services {
        out += &format!("\n{} ({}, {})\n", s.name, s.provider, s.model.label());
        for l in &s.layers {
            let mark = if l.reason.is_some() { "*" } else { " " };
            let mut line = format!("  {:<38} {mark}{:<15}", l.layer.label(), l.owner.id());
            if let Some(reason) = &l.reason {
                line += &format!(" default {}; {reason}", l.default_owner.id());
            }
            out += line.trim_end();
            out += "\n";
        }
    }
    out
}

pub(crate) fn one_of<T: Copy>(
    kind: &str,
    text: &str,
    all: &[T],
    id: fn(T) -> &'static str,
) -> Result<T, String> {
    all.iter()
        .copied()
        .find(|v| id(*v) == text.trim())
        .ok_or_else(|| {
            let ids: Vec<&str> = all.iter().map(|v| id(*v)).collect();
            format!(
                "unknown {kind} {text:?}; expected one of: {}",
                ids.join(", ")
            )
        })
}

fn parse_layer(s: &str) -> Result<Layer, String> {
    one_of("layer", s, &Layer::ALL, Layer::id)
}

fn parse_owner(s: &str) -> Result<Ownership, String> {
    one_of("owner", s, &Ownership::ALL, Ownership::id)
}

fn parse_model(s: &str) -> Result<ServiceModel, String> {
    one_of("service model", s, &ServiceModel::ALL, ServiceModel::id)
}

pub(crate) fn parse_framework(s: &str) -> Result<Framework, String> {
    one_of("framework", s, &Framework::ALL, Framework::id)
}

pub(crate) fn parse_data_type(s: &str) -> Result<DataType, String> {
    one_of("data type", s, &DataType::ALL, DataType::id)
}

pub(crate) fn parse_sensitivity(s: &str) -> Result<Sensitivity, String> {
    one_of("sensitivity", s, &Sensitivity::ALL, Sensitivity::id)
}
