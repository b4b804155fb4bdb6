//! `demarc attest` and `demarc gaps`: the vendor register and what is still open.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use demarc_core::{
    Aoc, AttestationDetails, Baa, BaaMechanism, BaaStatus, BridgeLetter, FedrampAuthorization,
    FedrampLevel, GapReport, IsoCertificate, NewAttestation, Opinion, Soc2Report, Soc2Type,
    SubserviceMethod, TrustCategory, VendorReview,
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
        /// Subservice organizations are included (default: carved out).
        #[arg(long)]
        inclusive: bool,
        /// A subservice organization (repeatable).
        #[arg(long = "subservice")]
        subservice_organizations: Vec<String>,
        /// A complementary user entity control (repeatable); each becomes a customer row.
        #[arg(long = "cuec")]
        cuecs: Vec<String>,
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
    },
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
    if a.json {
        print_json(&serde_json::json!({ "attestations": attestations, "reviews": reviews }));
        return Ok(());
    }
    for x in &attestations {
        println!(
            "#{:<3} {}; covers {}",
            x.id,
            x.label(),
            x.services.join(", ")
        );
    }
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
            inclusive,
            subservice_organizations,
            cuecs,
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
                exceptions_noted: exceptions,
                subservice_method: if inclusive {
                    SubserviceMethod::Inclusive
                } else {
                    SubserviceMethod::CarveOut
                },
                subservice_organizations,
                cuecs,
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
        } => (
            covers,
            AttestationDetails::Baa(Baa {
                status,
                mechanism,
                effective,
                accounts,
                next_review,
            }),
        ),
        AttestKind::Aoc {
            covers,
            date,
            dss_version,
            next_review,
        } => (
            covers,
            AttestationDetails::Aoc(Aoc {
                date,
                dss_version,
                next_review,
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
        } => (
            covers,
            AttestationDetails::Fedramp(FedrampAuthorization {
                level,
                date,
                package_id,
            }),
        ),
    };
    let mut file = EngagementFile::open(&a.file)?;
    let added = file.add_attestation(
        &NewAttestation {
            provider: covers.provider,
            services: covers.services,
            details,
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

pub fn gaps(a: GapsArgs) -> Result<(), StoreError> {
    let file = EngagementFile::open_for_reading(&a.file)?;
    let today = a.today.unwrap_or_else(|| chrono::Local::now().date_naive());
    if a.grouped {
        let plan = file.gap_plan(today, a.lead_days)?;
        if a.json {
            print_json(&plan);
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
