//! The demo engagement: a healthcare SaaS company on AWS, with Microsoft Entra ID, Salesforce
//! and Stripe, preparing SOC 2, HIPAA and PCI DSS.

use std::path::Path;

use chrono::NaiveDate;
use demarc_core::{
    DataType, Engagement, Framework, Layer, NewEvidence, NewService, Ownership, Person,
    Sensitivity, ServiceModel,
};

use crate::{ControlSelector, EngagementFile, Result};

const WHO: &str = "Dana Whitfield (consultant)";

struct DemoService {
    name: &'static str,
    provider: &'static str,
    model: ServiceModel,
    sensitivity: Sensitivity,
    data: &'static [DataType],
    frameworks: &'static [Framework],
    overrides: &'static [(Layer, Ownership, &'static str)],
}

const SOC2_HIPAA: &[Framework] = &[Framework::Soc2, Framework::Hipaa];
const ALL_THREE: &[Framework] = &[Framework::Soc2, Framework::Hipaa, Framework::PciDss];

const SERVICES: &[DemoService] = &[
    DemoService {
        name: "Amazon EC2",
        provider: "AWS",
        model: ServiceModel::Iaas,
        sensitivity: Sensitivity::High,
        data: &[DataType::Phi, DataType::Pii],
        frameworks: SOC2_HIPAA,
        overrides: &[(
            Layer::Endpoints,
            Ownership::NotApplicable,
            "Servers only: no client devices connect to these instances directly",
        )],
    },
    DemoService {
        name: "Amazon RDS for PostgreSQL",
        provider: "AWS",
        model: ServiceModel::Paas,
        sensitivity: Sensitivity::High,
        data: &[DataType::Phi, DataType::Pii],
        frameworks: SOC2_HIPAA,
        overrides: &[(
            Layer::NetworkControls,
            Ownership::Customer,
            "Security groups and the private subnet group are ours; AWS runs nothing in front",
        )],
    },
    DemoService {
        name: "AWS Lambda",
        provider: "AWS",
        model: ServiceModel::Faas,
        sensitivity: Sensitivity::High,
        data: &[DataType::Phi],
        frameworks: SOC2_HIPAA,
        overrides: &[(
            Layer::Runtime,
            Ownership::Customer,
            "Functions ship as container images we build, so runtime patching is ours",
        )],
    },
    DemoService {
        name: "Amazon EKS",
        provider: "AWS",
        model: ServiceModel::CaasCustomerNodes,
        sensitivity: Sensitivity::High,
        data: &[DataType::Phi, DataType::CardholderData],
        frameworks: ALL_THREE,
        overrides: &[],
    },
    DemoService {
        name: "Amazon S3",
        provider: "AWS",
        model: ServiceModel::Paas,
        sensitivity: Sensitivity::High,
        data: &[DataType::Phi, DataType::Pii],
        frameworks: SOC2_HIPAA,
        overrides: &[(
            Layer::NetworkControls,
            Ownership::Customer,
            "Bucket policies, Block Public Access and VPC endpoints are configured by us",
        )],
    },
    DemoService {
        name: "Microsoft Entra ID",
        provider: "Microsoft",
        model: ServiceModel::Saas,
        sensitivity: Sensitivity::High,
        data: &[DataType::Pii, DataType::Credentials],
        frameworks: ALL_THREE,
        overrides: &[(
            Layer::Endpoints,
            Ownership::Shared,
            "Intune enforces device compliance before sign-in; we own the policies",
        )],
    },
    DemoService {
        name: "Salesforce Sales Cloud",
        provider: "Salesforce",
        model: ServiceModel::Saas,
        sensitivity: Sensitivity::Medium,
        data: &[DataType::Pii],
        frameworks: &[Framework::Soc2],
        overrides: &[],
    },
    DemoService {
        name: "Stripe Payments",
        provider: "Stripe",
        model: ServiceModel::Saas,
        sensitivity: Sensitivity::High,
        data: &[DataType::CardholderData, DataType::Pii],
        frameworks: &[Framework::Soc2, Framework::PciDss],
        overrides: &[(
            Layer::Data,
            Ownership::Shared,
            "Card data is tokenized by Stripe Elements and never touches our systems",
        )],
    },
];

/// The demo engagement as a value.
pub fn demo_engagement() -> Engagement {
    Engagement {
        client: "Northwind Health".into(),
        name: "Northwind Health 2027 audit readiness".into(),
        scope: "The Northwind CarePortal patient scheduling and billing platform, hosted on AWS \
                (us-east-1), with workforce identities in Microsoft Entra ID, customer relationship \
                data in Salesforce and card payments through Stripe."
            .into(),
        frameworks: vec![Framework::Soc2, Framework::Hipaa, Framework::PciDss],
        audit_start: NaiveDate::from_ymd_opt(2027, 1, 1),
        audit_end: NaiveDate::from_ymd_opt(2027, 6, 30),
        document_version: "1.0".into(),
        preparer: Some(Person { name: "Dana Whitfield".into(), role: "Consultant".into() }),
        reviewers: vec![
            Person { name: "Priya Raman".into(), role: "Compliance lead".into() },
            Person { name: "Marcus Oyelaran".into(), role: "Cloud architect".into() },
        ],
    }
}

/// Writes the demo engagement to `path` (which must not exist yet).
pub fn write_demo(path: &Path) -> Result<EngagementFile> {
    let mut file = EngagementFile::create(path, &demo_engagement())?;
    for s in SERVICES {
        let service = file.add_service(
            &NewService {
                name: s.name.into(),
                provider: s.provider.into(),
                model: s.model,
                sensitivity: s.sensitivity,
                data_types: s.data.to_vec(),
                frameworks: s.frameworks.to_vec(),
            },
            WHO,
        )?;
        for (layer, owner, reason) in s.overrides {
            file.set_layer_owner(service.id, *layer, *owner, reason, WHO)?;
        }
    }
    write_matrix_decisions(&mut file)?;
    Ok(file)
}

/// A few control matrix decisions of the kind a first workshop makes. The FedRAMP baseline stays
/// unset: FedRAMP is not in scope.
fn write_matrix_decisions(file: &mut EngagementFile) -> Result<()> {
    let rds = file.service_id("Amazon RDS for PostgreSQL")?;
    file.set_control_owner(
        rds,
        Some(Framework::Hipaa),
        &ControlSelector::Control("164.308(a)(7)(ii)(A)".into()),
        Ownership::Shared,
        "Automated backups and point-in-time recovery are run by AWS; we set retention and test \
         restores every quarter",
        WHO,
    )?;
    let stripe = file.service_id("Stripe Payments")?;
    file.set_control_owner(
        stripe,
        Some(Framework::PciDss),
        &ControlSelector::Family("9".into()),
        Ownership::Inherited,
        "Card data never reaches our premises; Stripe's current PCI DSS AOC covers requirement 9 \
         for its card environment",
        WHO,
    )?;
    let s3 = file.service_id("Amazon S3")?;
    file.set_customer_part(
        s3,
        Framework::Soc2,
        "CC7.2",
        "We turn on CloudTrail data events and server access logging for every bucket and route \
         GuardDuty S3 Protection findings to the on-call channel",
        WHO,
    )?;
    let entra = file.service_id("Microsoft Entra ID")?;
    file.add_evidence(
        entra,
        Framework::Soc2,
        "CC6.2",
        &NewEvidence {
            title: "Quarterly Entra ID access review export".into(),
            location: "Evidence binder / SOC 2 / CC6.2 / access-review-2027-Q1.xlsx".into(),
            date: NaiveDate::from_ymd_opt(2027, 1, 15),
            owner: Some("Priya Raman".into()),
            due_date: NaiveDate::from_ymd_opt(2027, 1, 31),
        },
        WHO,
    )?;
    file.set_row_owner(entra, Framework::Soc2, "CC6.2", "Priya Raman", WHO)?;
    Ok(())
}
