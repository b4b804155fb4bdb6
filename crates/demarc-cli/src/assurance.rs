//! `demarc attest` and `demarc gaps`: the vendor register and what is still open.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use demarc_core::{
    Aoc, Attestation, AttestationDetails, Baa, BaaMechanism, BaaStatus, BaaTerms, BridgeLetter,
    Cuec, CuecMapping, ExceptionAssessment, FedrampAuthorization, FedrampLevel, GapReport,
    IsoCertificate, NewAttestation, NewCsoc, Opinion, ReportException, ScopeOverride, Soc2Report,
    Soc2Type, SubserviceMethod, TrustCategory, VendorReview,
};
use demarc_store::{EngagementFile, StoreError};
use serde::de::DeserializeOwned;

use crate::{print_json, Who};

#[derive(Args)]
pub struct AttestArgs {
    file: PathBuf,
    #[command(subcommand)]
    kind: AttestKind,
}

/// What every attestation names: whose it is and which services it covers.
#[derive(Args)]
struct Covers {
    #[arg(long)]
    provider: String,
    /// A service of the engagement the attestation covers (repeatable).
    #[arg(long = "service", required = true)]
    services: Vec<String>,
    /// SERVICE=REASON: cover a service outside the document's boundary, regions or eligible
    /// services, for this reason (repeatable).
    #[arg(long = "outside", value_parser = parse_outside)]
    outside: Vec<ScopeOverride>,
    #[command(flatten)]
    who: Who,
}

#[derive(Subcommand)]
enum AttestKind {
    /// A SOC 2 report, by reference (the report itself is never stored).
    Soc2 {
        #[command(flatten)]
        covers: Covers,
        /// 1 or 2.
        #[arg(long = "type", value_parser = parse_soc2_type)]
        report_type: Soc2Type,
        #[arg(long)]
        period_start: NaiveDate,
        #[arg(long)]
        period_end: NaiveDate,
        #[arg(long)]
        issued: Option<NaiveDate>,
        #[arg(long, default_value = "")]
        auditor: String,
        /// A trust services category (repeatable; default security).
        #[arg(long = "category", value_parser = parse_id::<TrustCategory>)]
        categories: Vec<TrustCategory>,
        /// The auditor's opinion was qualified.
        #[arg(long)]
        qualified: bool,
        /// The report notes exceptions.
        #[arg(long)]
        exceptions: bool,
        /// An exception the report notes, in a line (repeatable; implies --exceptions).
        #[arg(long = "exception")]
        exception_texts: Vec<String>,
        /// Subservice organizations are included (default: carved out).
        #[arg(long)]
        inclusive: bool,
        /// A subservice organization (repeatable).
        #[arg(long = "subservice")]
        subservice_organizations: Vec<String>,
        /// Under the carve-out method, a criterion the report leaves to its subservice
        /// organisations (repeatable or comma-separated: CC6.4,A1.2)
        #[arg(long = "carved-out", value_delimiter = ',')]
        carved_out_criteria: Vec<String>,
        /// A complementary user entity control (repeatable); map each with `attest cuec`.
        #[arg(long = "cuec")]
        cuecs: Vec<String>,
        /// The report lists no complementary user entity controls.
        #[arg(long, conflicts_with = "cuecs")]
        no_cuecs: bool,
        /// The date of a bridge letter (with --bridge-to).
        #[arg(long, requires = "bridge_to")]
        bridge_date: Option<NaiveDate>,
        /// The last day the bridge letter covers.
        #[arg(long, requires = "bridge_date")]
        bridge_to: Option<NaiveDate>,
        /// Where the report is kept.
        #[arg(long, default_value = "")]
        reference: String,
    },
    /// A HIPAA business associate agreement.
    Baa {
        #[command(flatten)]
        covers: Covers,
        /// not_required, required_missing, requested, signed, terminated or declined.
        #[arg(long, value_parser = parse_id::<BaaStatus>)]
        status: BaaStatus,
        /// click_through or negotiated.
        #[arg(long, value_parser = parse_id::<BaaMechanism>)]
        mechanism: Option<BaaMechanism>,
        #[arg(long)]
        effective: Option<NaiveDate>,
        /// A provider account the agreement covers (repeatable).
        #[arg(long = "account")]
        accounts: Vec<String>,
        #[arg(long)]
        next_review: Option<NaiveDate>,
        /// A service the agreement lists as eligible (repeatable); a covered service outside
        /// the list needs --outside.
        #[arg(long = "eligible")]
        eligible_services: Vec<String>,
        /// Why the vendor is or is not a business associate (with --status not_required: the
        /// payment-processing exemption, a conduit).
        #[arg(long)]
        determination: Option<String>,
        /// Where the provider's list of eligible services is, and as of when.
        #[arg(long)]
        eligible_reference: Option<String>,
        /// What the agreement asks of the provider's subcontractors (flow-down).
        #[arg(long)]
        subcontractors: Option<String>,
        /// When and how the provider must report a breach.
        #[arg(long)]
        breach_notice: Option<String>,
        /// Where the signed agreement is kept.
        #[arg(long)]
        document: Option<String>,
    },
    /// A PCI DSS Attestation of Compliance.
    Aoc {
        #[command(flatten)]
        covers: Covers,
        #[arg(long)]
        date: NaiveDate,
        #[arg(long, default_value = "4.0.1")]
        dss_version: String,
        #[arg(long)]
        next_review: Option<NaiveDate>,
        /// A requirement the AOC covers (3, 6.4.1, A1; repeatable), or `all` (the default).
        #[arg(long = "requirement")]
        requirements: Vec<String>,
        /// The assessor who signed the AOC (the QSA company).
        #[arg(long)]
        assessor: Option<String>,
    },
    /// An ISO 27001 certificate.
    Iso {
        #[command(flatten)]
        covers: Covers,
        #[arg(long)]
        number: String,
        #[arg(long, default_value = "")]
        scope: String,
        #[arg(long)]
        expiry: NaiveDate,
    },
    /// A FedRAMP authorization.
    Fedramp {
        #[command(flatten)]
        covers: Covers,
        /// high, moderate, low or li_saas.
        #[arg(long, value_parser = parse_id::<FedrampLevel>)]
        level: FedrampLevel,
        #[arg(long)]
        date: NaiveDate,
        #[arg(long)]
        package_id: String,
        /// A service inside the authorization boundary (repeatable).
        #[arg(long = "boundary")]
        boundary: Vec<String>,
        /// A region the authorization covers (us-gov-west-1; repeatable).
        #[arg(long = "region")]
        regions: Vec<String>,
    },
    /// Map a CUEC of a SOC 2 report to your criteria, with its owner and evidence; or confirm
    /// the report lists none.
    Cuec(CuecArgs),
    /// Record an exception a SOC 2 report notes, or assess one (impact, response).
    Exception(ExceptionArgs),
    /// List a control your own report expects of a provider (CSOC), or take one off.
    Csoc(CsocArgs),
    /// How many months past a SOC 2 period a bridge letter may cover (default 3).
    BridgeWindow(BridgeWindowArgs),
}

#[derive(Args)]
struct CuecArgs {
    /// The SOC 2 report's number in the register.
    #[arg(long)]
    attestation: i64,
    /// The CUEC's number in the report (1 for the first).
    #[arg(long, required_unless_present = "none_in_report")]
    number: Option<usize>,
    /// A criterion of yours it belongs to (CC6.1; repeatable).
    #[arg(long = "criterion")]
    criteria: Vec<String>,
    /// Who is accountable for it.
    #[arg(long)]
    owner: Option<String>,
    /// Where its evidence is.
    #[arg(long)]
    evidence: Option<String>,
    /// The report lists no CUECs.
    #[arg(long, conflicts_with_all = ["number", "criteria", "owner", "evidence"])]
    none_in_report: bool,
    #[command(flatten)]
    who: Who,
}

#[derive(Args)]
struct ExceptionArgs {
    /// The SOC 2 report's number in the register.
    #[arg(long)]
    attestation: i64,
    /// Record this exception the report notes.
    #[arg(long, conflicts_with = "number", required_unless_present = "number")]
    add: Option<String>,
    /// The exception's number in the report (1 for the first) to assess.
    #[arg(long)]
    number: Option<usize>,
    /// What it means for you.
    #[arg(long, requires = "number")]
    impact: Option<String>,
    /// What you do about it.
    #[arg(long, requires = "number")]
    response: Option<String>,
    #[command(flatten)]
    who: Who,
}

#[derive(Args)]
struct CsocArgs {
    #[arg(long, required_unless_present = "remove")]
    provider: Option<String>,
    /// What your report expects the provider to do.
    #[arg(long, required_unless_present = "remove")]
    text: Option<String>,
    /// A criterion of yours it supports (CC6.4; repeatable).
    #[arg(long = "criterion")]
    criteria: Vec<String>,
    /// Take CSOC number ID off the list (with --reason).
    #[arg(long, conflicts_with_all = ["provider", "text", "criteria"], requires = "reason")]
    remove: Option<i64>,
    #[arg(long)]
    reason: Option<String>,
    #[command(flatten)]
    who: Who,
}

#[derive(Args)]
struct BridgeWindowArgs {
    /// 1 to 12 months.
    #[arg(long, required_unless_present = "default")]
    months: Option<u32>,
    /// Back to 3 months.
    #[arg(long, conflicts_with = "months")]
    default: bool,
    #[command(flatten)]
    who: Who,
}

#[derive(Args)]
pub struct GapsArgs {
    file: PathBuf,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    /// The day to judge on (YYYY-MM-DD; default: today).
    #[arg(long)]
    today: Option<NaiveDate>,
    /// Print the work plan: management items and task groups, each with its gaps.
    #[arg(long)]
    grouped: bool,
    /// With --grouped: customer evidence is due this many days before the window (default 60).
    #[arg(long, requires = "grouped")]
    lead_days: Option<u32>,
    /// With --grouped: only the items and tasks given to this team member ("mine").
    #[arg(long, requires = "grouped")]
    owner: Option<String>,
    /// The open management items and tasks at the end of each day the decision log changed
    /// something, up to the day judged on.
    #[arg(long, conflicts_with = "grouped")]
    burndown: bool,
}

#[derive(Args)]
pub struct RegisterArgs {
    file: PathBuf,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct ReviewArgs {
    file: PathBuf,
    #[arg(long)]
    provider: String,
    /// The day of the last vendor review (YYYY-MM-DD).
    #[arg(long)]
    last: Option<NaiveDate>,
    /// The day the next one is due (default: none, then 3 months after the last).
    #[arg(long)]
    next: Option<NaiveDate>,
    #[command(flatten)]
    who: Who,
}

/// Prints the vendor register: every attestation and the vendor reviews.
pub fn register(a: RegisterArgs) -> Result<(), StoreError> {
    let file = EngagementFile::open_for_reading(&a.file)?;
    let attestations = file.attestations()?;
    let reviews = file.vendor_reviews()?;
    let csocs = file.csocs()?;
    let months = file.bridge_letter_months()?;
    if a.json {
        print_json(&serde_json::json!({
            "attestations": attestations,
            "reviews": reviews,
            "csocs": csocs,
            "bridge_letter_months": months,
        }));
        return Ok(());
    }
    for x in &attestations {
        println!(
            "#{:<3} {}; covers {}",
            x.id,
            x.label(),
            x.services.join(", ")
        );
        print!("{}", covers_text(x));
    }
    for c in &csocs {
        let criteria = if c.criteria.is_empty() {
            String::new()
        } else {
            format!(" ({})", c.criteria.join(", "))
        };
        println!("CSOC #{} {}: {}{criteria}", c.id, c.provider, c.text);
    }
    println!("bridge letters may cover up to {months} months past a SOC 2 period");
    let date = |d: Option<NaiveDate>| d.map_or("none".to_string(), |d| d.to_string());
    for r in &reviews {
        println!(
            "vendor review {}: last {}, next {}",
            r.provider,
            date(r.last_reviewed),
            date(r.next_review)
        );
    }
    Ok(())
}

/// What an attestation says it covers beyond its services, and what the client made of a
/// report's CUECs and exceptions, indented under it.
fn covers_text(a: &Attestation) -> String {
    let mut out = String::new();
    for o in &a.outside_scope {
        out += &format!(
            "     covers {} outside its scope: {}\n",
            o.service, o.reason
        );
    }
    match &a.details {
        AttestationDetails::Aoc(aoc) => {
            let listed = aoc
                .requirements
                .as_ref()
                .map_or("all".to_string(), |r| r.join(", "));
            out += &format!("     requirements: {listed}\n");
        }
        AttestationDetails::Soc2(r) => {
            let categories: Vec<&str> = r.categories.iter().map(|c| c.label()).collect();
            out += &format!("     categories: {}\n", categories.join(", "));
            if !r.carved_out_criteria.is_empty() {
                out += &format!(
                    "     carved out to {}: {}\n",
                    if r.subservice_organizations.is_empty() {
                        "its subservice organisations".to_string()
                    } else {
                        r.subservice_organizations.join(", ")
                    },
                    r.carved_out_criteria.join(", ")
                );
            }
            if r.cuecs.is_empty() {
                out += if r.no_cuecs {
                    "     CUECs: none in the report\n"
                } else {
                    "     CUECs: none recorded\n"
                };
            }
            for (i, c) in r.cuecs.iter().enumerate() {
                let mapped = if c.criteria.is_empty() {
                    "not mapped".to_string()
                } else {
                    format!(
                        "{}; owner {}; evidence {}",
                        c.criteria.join(", "),
                        c.owner.as_deref().unwrap_or("none"),
                        c.evidence.as_deref().unwrap_or("none")
                    )
                };
                out += &format!("     CUEC {}: {} [{mapped}]\n", i + 1, c.text);
            }
            for (i, x) in r.exceptions.iter().enumerate() {
                let assessed = match (&x.impact, &x.response) {
                    (Some(impact), Some(response)) => {
                        format!("impact: {impact}; response: {response}")
                    }
                    _ => "not assessed".to_string(),
                };
                out += &format!("     exception {}: {} [{assessed}]\n", i + 1, x.description);
            }
        }
        AttestationDetails::Baa(b) if !b.eligible_services.is_empty() => {
            out += &format!(
                "     eligible services: {}\n",
                b.eligible_services.join(", ")
            );
        }
        AttestationDetails::Fedramp(f) => {
            if !f.boundary.is_empty() {
                out += &format!("     boundary: {}\n", f.boundary.join(", "));
            }
            if !f.regions.is_empty() {
                out += &format!("     regions: {}\n", f.regions.join(", "));
            }
        }
        _ => {}
    }
    out
}

pub fn review(a: ReviewArgs) -> Result<(), StoreError> {
    let mut file = EngagementFile::open(&a.file)?;
    let r = file.set_vendor_review(
        &VendorReview {
            provider: a.provider,
            last_reviewed: a.last,
            next_review: a.next,
        },
        &a.who.name(),
    )?;
    println!("vendor review of {} recorded", r.provider);
    Ok(())
}

pub fn attest(a: AttestArgs) -> Result<(), StoreError> {
    let (covers, details) = match a.kind {
        AttestKind::Cuec(c) => return cuec(&a.file, c),
        AttestKind::Exception(x) => return exception(&a.file, x),
        AttestKind::Csoc(c) => return csoc(&a.file, c),
        AttestKind::BridgeWindow(w) => return bridge_window(&a.file, w),
        AttestKind::Soc2 {
            covers,
            report_type,
            period_start,
            period_end,
            issued,
            auditor,
            categories,
            qualified,
            exceptions,
            exception_texts,
            inclusive,
            subservice_organizations,
            carved_out_criteria,
            cuecs,
            no_cuecs,
            bridge_date,
            bridge_to,
            reference,
        } => (
            covers,
            AttestationDetails::Soc2(Soc2Report {
                report_type,
                period_start,
                period_end,
                issued,
                auditor,
                categories: if categories.is_empty() {
                    vec![TrustCategory::Security]
                } else {
                    categories
                },
                opinion: if qualified {
                    Opinion::Qualified
                } else {
                    Opinion::Unqualified
                },
                exceptions_noted: exceptions || !exception_texts.is_empty(),
                exceptions: exception_texts
                    .into_iter()
                    .map(|description| ReportException {
                        description,
                        impact: None,
                        response: None,
                    })
                    .collect(),
                subservice_method: if inclusive {
                    SubserviceMethod::Inclusive
                } else {
                    SubserviceMethod::CarveOut
                },
                subservice_organizations,
                carved_out_criteria: carved_out_criteria
                    .iter()
                    .map(|c| c.trim().to_string())
                    .filter(|c| !c.is_empty())
                    .collect(),
                cuecs: cuecs.into_iter().map(Cuec::new).collect(),
                no_cuecs,
                bridge_letter: bridge_date
                    .zip(bridge_to)
                    .map(|(date, covers_to)| BridgeLetter { date, covers_to }),
                reference,
            }),
        ),
        AttestKind::Baa {
            covers,
            status,
            mechanism,
            effective,
            accounts,
            next_review,
            eligible_services,
            determination,
            eligible_reference,
            subcontractors,
            breach_notice,
            document,
        } => (
            covers,
            AttestationDetails::Baa(Baa {
                status,
                mechanism,
                effective,
                accounts,
                next_review,
                eligible_services,
                terms: BaaTerms {
                    determination,
                    eligible_reference,
                    subcontractors,
                    breach_notice,
                    document,
                },
            }),
        ),
        AttestKind::Aoc {
            covers,
            date,
            dss_version,
            next_review,
            requirements,
            assessor,
        } => (
            covers,
            AttestationDetails::Aoc(Aoc {
                date,
                dss_version,
                next_review,
                requirements: if requirements
                    .iter()
                    .any(|r| r.trim().eq_ignore_ascii_case("all"))
                    || requirements.is_empty()
                {
                    None
                } else {
                    Some(requirements)
                },
                assessor,
            }),
        ),
        AttestKind::Iso {
            covers,
            number,
            scope,
            expiry,
        } => (
            covers,
            AttestationDetails::Iso27001(IsoCertificate {
                number,
                scope,
                expiry,
            }),
        ),
        AttestKind::Fedramp {
            covers,
            level,
            date,
            package_id,
            boundary,
            regions,
        } => (
            covers,
            AttestationDetails::Fedramp(FedrampAuthorization {
                level,
                date,
                package_id,
                boundary,
                regions,
            }),
        ),
    };
    let mut file = EngagementFile::open(&a.file)?;
    let added = file.add_attestation(
        &NewAttestation {
            provider: covers.provider,
            services: covers.services,
            details,
            outside_scope: covers.outside,
        },
        &covers.who.name(),
    )?;
    println!(
        "added #{} {}; covers {}",
        added.id,
        added.label(),
        added.services.join(", ")
    );
    Ok(())
}

fn cuec(path: &std::path::Path, c: CuecArgs) -> Result<(), StoreError> {
    let mut file = EngagementFile::open(path)?;
    let who = c.who.name();
    let Some(number) = c.number.filter(|_| !c.none_in_report) else {
        let a = file.confirm_no_cuecs(c.attestation, &who)?;
        println!("{}: no CUECs in the report", a.label());
        return Ok(());
    };
    let a = file.map_cuec(
        c.attestation,
        number,
        &CuecMapping {
            criteria: c.criteria,
            owner: c.owner,
            evidence: c.evidence,
        },
        &who,
    )?;
    if let AttestationDetails::Soc2(r) = &a.details {
        if let Some(m) = r.cuecs.get(number - 1) {
            let to = if m.criteria.is_empty() {
                "not mapped".to_string()
            } else {
                format!("mapped to {}", m.criteria.join(", "))
            };
            println!("{} CUEC {number}: {to}", a.label());
        }
    }
    Ok(())
}

fn exception(path: &std::path::Path, x: ExceptionArgs) -> Result<(), StoreError> {
    let mut file = EngagementFile::open(path)?;
    let who = x.who.name();
    let a = match (x.add, x.number) {
        (Some(text), _) => file.add_exception(x.attestation, &text, &who)?,
        (None, Some(number)) => file.assess_exception(
            x.attestation,
            number,
            &ExceptionAssessment {
                impact: x.impact,
                response: x.response,
            },
            &who,
        )?,
        (None, None) => {
            return Err(StoreError::invalid("number", "give --add or --number"));
        }
    };
    if let AttestationDetails::Soc2(r) = &a.details {
        let assessed = r.exceptions.iter().filter(|e| e.assessed()).count();
        println!(
            "{}: {} exceptions recorded, {assessed} assessed",
            a.label(),
            r.exceptions.len()
        );
    }
    Ok(())
}

fn csoc(path: &std::path::Path, c: CsocArgs) -> Result<(), StoreError> {
    let mut file = EngagementFile::open(path)?;
    let who = c.who.name();
    if let Some(id) = c.remove {
        file.remove_csoc(id, c.reason.as_deref().unwrap_or_default(), &who)?;
        println!("CSOC #{id} taken off");
        return Ok(());
    }
    let added = file.add_csoc(
        &NewCsoc {
            provider: c.provider.unwrap_or_default(),
            text: c.text.unwrap_or_default(),
            criteria: c.criteria,
        },
        &who,
    )?;
    println!("added CSOC #{} for {}", added.id, added.provider);
    Ok(())
}

fn bridge_window(path: &std::path::Path, w: BridgeWindowArgs) -> Result<(), StoreError> {
    let mut file = EngagementFile::open(path)?;
    let months = file.set_bridge_letter_months(w.months.filter(|_| !w.default), &w.who.name())?;
    println!("a bridge letter may cover up to {months} months past a SOC 2 period");
    Ok(())
}

/// `SERVICE=REASON`.
fn parse_outside(s: &str) -> Result<ScopeOverride, String> {
    let (service, reason) = s
        .split_once('=')
        .ok_or_else(|| format!("{s:?}: expected SERVICE=REASON"))?;
    if service.trim().is_empty() || reason.trim().is_empty() {
        return Err(format!("{s:?}: expected SERVICE=REASON, both given"));
    }
    Ok(ScopeOverride {
        service: service.trim().to_string(),
        reason: reason.trim().to_string(),
    })
}

pub fn gaps(a: GapsArgs) -> Result<(), StoreError> {
    let file = EngagementFile::open_for_reading(&a.file)?;
    let today = a.today.unwrap_or_else(|| chrono::Local::now().date_naive());
    if a.burndown {
        let progress = file.burndown(today)?;
        if a.json {
            print_json(&progress);
        } else {
            print!("{}", crate::plan::burndown_text(&progress));
        }
        return Ok(());
    }
    if a.grouped {
        let mut plan = file.gap_plan(today, a.lead_days)?;
        if let Some(owner) = &a.owner {
            file.team_member(owner)?;
            plan = plan.for_owner(owner);
        }
        if a.json {
            print_json(&crate::plan::json(&plan));
        } else {
            print!("{}", crate::plan::text(&plan));
        }
        return Ok(());
    }
    let report = file.gaps(today)?;
    if a.json {
        print_json(&report);
    } else {
        print!("{}", text(&report));
    }
    Ok(())
}

/// One line per gap, most severe first, then the counts.
fn text(report: &GapReport) -> String {
    let mut out = format!("Gaps on {}\n", report.today);
    for g in &report.gaps {
        let place = [
            g.service.as_deref().or(g.provider.as_deref()),
            g.framework.map(|f| f.id()),
            g.control.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
        out += &format!(
            "{:<6}  {:<23}  {place}: {}\n",
            g.severity.id(),
            g.kind.id(),
            g.message
        );
    }
    let counts = |title: &str, counts: &[demarc_core::GapCount]| {
        let mut s = format!("\n{title}\n");
        for c in counts {
            s += &format!(
                "  {:<30} {:>5} ({} high, {} medium, {} low)\n",
                c.key, c.total, c.high, c.medium, c.low
            );
        }
        s
    };
    out += &counts("By service", &report.by_service);
    out += &counts("By framework", &report.by_framework);
    out += &counts("By kind", &report.by_kind);
    out += &format!("{} gaps\n", report.gaps.len());
    out
}

fn parse_soc2_type(s: &str) -> Result<Soc2Type, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "1" | "i" | "type1" => Ok(Soc2Type::Type1),
        "2" | "ii" | "type2" => Ok(Soc2Type::Type2),
        other => Err(format!("unknown SOC 2 type {other:?}; expected 1 or 2")),
    }
}

/// Reads a value by its snake_case id, as the JSON of the engagement writes it.
fn parse_id<T: DeserializeOwned>(s: &str) -> Result<T, String> {
    serde_json::from_value(serde_json::Value::String(s.trim().to_string()))
        .map_err(|e| e.to_string().replace("unknown variant", "unknown value"))
}
