//! The demo engagement: a healthcare SaaS company on AWS, with Microsoft Entra ID, offsite backups
//! in Azure Blob Storage, Salesforce and Stripe, preparing SOC 2 (Security and Availability),
//! HIPAA (as a business associate of the clinics it serves) and PCI DSS (as a merchant taking
//! cards through Stripe's form embedded in its own page), and reporting its PHI platform against
//! NIST CSF 2.0 to the hospitals it serves. Microsoft's real, public Azure Storage security
//! baseline (CC BY 4.0, shipped with its attribution) is imported for the backup store; its rows
//! reach the CSF 2.0 rows through the bundled crosswalks as suggestions, two of which the
//! consultant accepts.

use std::path::Path;

use chrono::NaiveDate;
use demarc_core::{
    Aoc, AttestationDetails, Baa, BaaMechanism, BaaStatus, BaaTerms, BridgeLetter, Cuec,
    CuecMapping, DataType, Engagement, ExceptionAssessment, FedrampAuthorization, FedrampLevel,
    Framework, HipaaProfile, HipaaRole, IsoCertificate, Layer, NewAttestation, NewCsoc,
    NewEvidence, NewReview, NewService, Opinion, Ownership, PaymentChannel, PciEntity, PciProfile,
    PciValidation, Person, ReportException, ScopingProfile, Sensitivity, ServiceModel,
    ServiceScope, ServiceScopeNote, Soc2Profile, Soc2Report, Soc2Type, Subject, SubserviceMethod,
    TrustCategory, VendorReview, Verdict,
};

use demarc_catalogs::shipped_matrices;
use demarc_core::plan::PlanLevel;

use crate::{ControlSelector, EngagementFile, MatrixImport, Result, StoreError};

const WHO: &str = "Dana Whitfield (consultant)";
const REVIEWER: &str = "Priya Raman";

struct DemoService {
    name: &'static str,
    provider: &'static str,
    model: ServiceModel,
    sensitivity: Sensitivity,
    data: &'static [DataType],
    frameworks: &'static [Framework],
    overrides: &'static [(Layer, Ownership, &'static str)],
    region: Option<&'static str>,
}

/// The services that hold PHI are also reported against NIST CSF 2.0.
const PHI_PLATFORM: &[Framework] = &[Framework::Soc2, Framework::Hipaa, Framework::NistCsf];
const PHI_AND_CARDS: &[Framework] = &[
    Framework::Soc2,
    Framework::Hipaa,
    Framework::PciDss,
    Framework::NistCsf,
];
const ALL_THREE: &[Framework] = &[Framework::Soc2, Framework::Hipaa, Framework::PciDss];

/// The offsite backup store, whose provider matrix ships with the app.
const BACKUP_STORE: &str = "Azure Blob Storage";

const SERVICES: &[DemoService] = &[
    DemoService {
        name: "Amazon EC2",
        provider: "AWS",
        model: ServiceModel::Iaas,
        sensitivity: Sensitivity::High,
        data: &[DataType::Phi, DataType::Pii],
        frameworks: PHI_PLATFORM,
        overrides: &[(
            Layer::Endpoints,
            Ownership::NotApplicable,
            "Servers only: no client devices connect to these instances directly",
        )],
        region: Some("us-east-1"),
    },
    DemoService {
        name: "Amazon RDS for PostgreSQL",
        provider: "AWS",
        model: ServiceModel::Paas,
        sensitivity: Sensitivity::High,
        data: &[DataType::Phi, DataType::Pii],
        frameworks: PHI_PLATFORM,
        overrides: &[(
            Layer::NetworkControls,
            Ownership::Customer,
            "Security groups and the private subnet group are ours; AWS runs nothing in front",
        )],
        region: Some("us-east-1"),
    },
    DemoService {
        name: "AWS Lambda",
        provider: "AWS",
        model: ServiceModel::Faas,
        sensitivity: Sensitivity::High,
        data: &[DataType::Phi],
        frameworks: PHI_PLATFORM,
        overrides: &[(
            Layer::Runtime,
            Ownership::Customer,
            "Functions ship as container images we build, so runtime patching is ours",
        )],
        region: Some("us-east-1"),
    },
    DemoService {
        name: "Amazon EKS",
        provider: "AWS",
        model: ServiceModel::CaasCustomerNodes,
        sensitivity: Sensitivity::High,
        // EKS serves the checkout page that embeds Stripe's payment form (an iframe): in scope
        // for the payment page requirements, but no card data reaches it.
        data: &[DataType::Phi, DataType::Pii],
        frameworks: PHI_AND_CARDS,
        overrides: &[],
        region: Some("us-east-1"),
    },
    DemoService {
        name: "Amazon S3",
        provider: "AWS",
        model: ServiceModel::Paas,
        sensitivity: Sensitivity::High,
        data: &[DataType::Phi, DataType::Pii],
        frameworks: PHI_PLATFORM,
        overrides: &[(
            Layer::NetworkControls,
            Ownership::Customer,
            "Bucket policies, Block Public Access and VPC endpoints are configured by us",
        )],
        region: Some("us-east-1"),
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
        region: None,
    },
    DemoService {
        name: BACKUP_STORE,
        provider: "Microsoft",
        model: ServiceModel::Paas,
        sensitivity: Sensitivity::High,
        data: &[DataType::Phi],
        frameworks: PHI_PLATFORM,
        overrides: &[],
        region: Some("eastus2"),
    },
    DemoService {
        name: "Salesforce Sales Cloud",
        provider: "Salesforce",
        model: ServiceModel::Saas,
        sensitivity: Sensitivity::Medium,
        data: &[DataType::Pii],
        frameworks: &[Framework::Soc2],
        overrides: &[],
        region: None,
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
            "Stripe holds, encrypts and tokenizes the card data its iframe takes; we own the rest \
             of what we keep in Stripe (customers, metadata, API keys) and who may see or export \
             it",
        )],
        region: None,
    },
];

/// The demo engagement as a value.
pub fn demo_engagement() -> Engagement {
    Engagement {
        client: "Northwind Health".into(),
        name: "Northwind Health 2027 audit readiness".into(),
        scope: "The Northwind CarePortal patient scheduling and billing platform, hosted on AWS \
                (us-east-1), with workforce identities in Microsoft Entra ID, offsite backups in Azure \
                Blob Storage, CRM data in Salesforce and card payments through Stripe."
            .into(),
        frameworks: vec![
            Framework::Soc2,
            Framework::Hipaa,
            Framework::PciDss,
            Framework::NistCsf,
        ],
        audit_start: NaiveDate::from_ymd_opt(2027, 1, 1),
        audit_end: NaiveDate::from_ymd_opt(2027, 6, 30),
        document_version: "0.1".into(),
        preparer: Some(Person { name: "Dana Whitfield".into(), role: "Consultant".into() }),
        reviewers: vec![
            Person { name: "Priya Raman".into(), role: "Compliance lead".into() },
            Person { name: "Marcus Oyelaran".into(), role: "Cloud architect".into() },
        ],
        locale: String::new(),
        sample: true,
    }
}

/// Why Stripe is not a business associate: the payment-processing exemption.
const STRIPE_DETERMINATION: &str = "Payment processing only: under section 1179 of the \
     Social Security Act (42 U.S.C. 1320d-8), a financial institution processing payment \
     transactions is not a business associate for that activity; Stripe receives no PHI beyond \
     what a card payment carries";

/// Why Salesforce is not a business associate: no PHI reaches it.
const SALESFORCE_DETERMINATION: &str = "No PHI: Sales Cloud holds the clinics' business \
     contacts, contracts and support cases, and the support process forbids patient details in \
     a case (checked each quarter with the access review); Salesforce creates, receives, \
     maintains or transmits no PHI for CarePortal, so it is not a business associate";

/// The service that serves the page embedding Stripe's payment form.
const PAYMENT_PAGE: &str = "Amazon EKS";

/// Why each service is in PCI DSS scope or not, as the consultant wrote it down.
const PCI_SCOPE: &[(&str, ServiceScope, &str)] = &[
    (
        "Amazon EC2",
        ServiceScope::OutOfScope,
        "Runs the scheduling workers in the platform's own AWS account, segmented from the \
         checkout cluster; no card data",
    ),
    (
        "Amazon RDS for PostgreSQL",
        ServiceScope::OutOfScope,
        "Holds patients and appointments; invoices keep Stripe's payment ids only, never card \
         data",
    ),
    (
        "AWS Lambda",
        ServiceScope::OutOfScope,
        "Reminder and report functions; no card data, no path to the checkout page",
    ),
    (
        PAYMENT_PAGE,
        ServiceScope::PaymentPage,
        "Serves the CarePortal checkout page that embeds Stripe's payment iframe (6.4.3, \
         11.6.1); card data never reaches it",
    ),
    (
        "Amazon S3",
        ServiceScope::OutOfScope,
        "Documents and exports of the platform; no card data, the checkout page loads no \
         script from it",
    ),
    (
        "Microsoft Entra ID",
        ServiceScope::SecurityImpacting,
        "The engineers who can change the checkout page and its cluster sign in through it",
    ),
    (
        BACKUP_STORE,
        ServiceScope::OutOfScope,
        "Offsite copies of the PHI databases; no card data",
    ),
    (
        "Salesforce Sales Cloud",
        ServiceScope::OutOfScope,
        "Clinic contacts and contracts; no card data",
    ),
    (
        "Stripe Payments",
        ServiceScope::Tpsp,
        "Stripe's iframe takes the card and Stripe stores and processes it, under its own AOC",
    ),
];

/// What Northwind is under each framework, as the first workshop answers it: a merchant whose
/// checkout page embeds Stripe's form, validating with SAQ A: no Northwind system stores,
/// processes or transmits card data, and only the page's host and the identities that can
/// change it are in scope.
fn demo_profiles(file: &EngagementFile) -> Result<Vec<ScopingProfile>> {
    let mut service_scope = Vec::new();
    for (name, scope, rationale) in PCI_SCOPE {
        service_scope.push(ServiceScopeNote {
            service_id: file.service_id(name)?,
            scope: *scope,
            rationale: (*rationale).into(),
        });
    }
    Ok(vec![
        ScopingProfile::PciDss(PciProfile {
            entity: PciEntity::Merchant,
            channels: vec![PaymentChannel::Iframe],
            multi_tenant: false,
            designated_entity: false,
            early_tls_poi: false,
            issuer: false,
            payment_page_services: vec![file.service_id(PAYMENT_PAGE)?],
            validation: Some(PciValidation::SaqA),
            validation_reason: "cards are taken only in Stripe's iframe; no Northwind system \
                                stores, processes or transmits card data, and the checkout \
                                page is protected from script attacks (SAQ A eligibility)"
                .into(),
            service_scope,
        }),
        ScopingProfile::Hipaa(HipaaProfile {
            role: HipaaRole::BusinessAssociate,
            group_health_plan: false,
            clearinghouse: false,
        }),
        ScopingProfile::Soc2(Soc2Profile {
            categories: vec![TrustCategory::Security, TrustCategory::Availability],
        }),
    ])
}

/// Writes the demo engagement to `path` (which must not exist yet).
pub fn write_demo(path: &Path) -> Result<EngagementFile> {
    if path.exists() {
        return Err(StoreError::AlreadyExists {
            path: path.to_path_buf(),
        });
    }
    // Built in memory and written once: a first start does not wait on a disk flush per change.
    let mut file = EngagementFile::create_in_memory(path, &demo_engagement())?;
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
        if s.region.is_some() {
            file.set_service_region(service.id, s.region, WHO)?;
        }
    }
    for profile in demo_profiles(&file)? {
        file.set_scoping_profile(&profile, WHO)?;
    }
    write_matrix_decisions(&mut file)?;
    let workshop_1 = file.last_decision_id()?;
    file.bump_version(
        None,
        Some("After workshop 1: services, layer owners and the first control decisions"),
        WHO,
    )?;
    review_workshop_1(&mut file, workshop_1)?;
    write_provider_matrix(&mut file)?;
    write_assurance(&mut file)?;
    return_inherited_without_attestation(&mut file)?;
    assign_management_items(&mut file)?;
    file.persist_new(path)
}

/// Who takes each management item of the plan the workshops leave: the undecided layers go to
/// the cloud architect, scoping to the consultant, the vendors' paperwork to the compliance
/// lead; each stays due on the day the plan computes. Task groups stay for the next workshop.
fn assign_management_items(file: &mut EngagementFile) -> Result<()> {
    for (name, role) in [
        ("Dana Whitfield", "Consultant"),
        (REVIEWER, "Compliance lead"),
        ("Marcus Oyelaran", "Cloud architect"),
    ] {
        file.add_team_member(name, role, WHO)?;
    }
    let plan = file.gap_plan(crate::clock::today(), None)?;
    for item in plan
        .items
        .iter()
        .filter(|i| i.level == PlanLevel::Management)
    {
        let owner = match item.kind.as_str() {
            "undetermined_layer" | "entity_disagreement" => "Marcus Oyelaran",
            "scoping_not_answered" => "Dana Whitfield",
            _ => REVIEWER,
        };
        file.assign(&item.id, Some(owner), None, WHO)?;
    }
    Ok(())
}

fn review(verdict: Verdict, comment: Option<&str>) -> NewReview {
    NewReview {
        verdict,
        reviewer: REVIEWER.into(),
        on: None,
        comment: comment.map(str::to_string),
    }
}

/// The compliance lead accepts what the first workshop decided; what the second workshop
/// decides stays unreviewed, so the demo stays a draft with every review state in it.
fn review_workshop_1(file: &mut EngagementFile, last: i64) -> Result<()> {
    let ids: Vec<i64> = file
        .decisions()?
        .iter()
        .filter(|d| d.id <= last && d.review.is_open())
        .map(|d| d.id)
        .collect();
    file.review_decisions(&ids, &review(Verdict::Accept, None), REVIEWER)?;
    Ok(())
}

/// Workshop 2 imports Microsoft's Azure Storage security baseline for the backup store through
/// the path a user's import takes, then accepts two of the owners its rows suggest for CSF 2.0
/// through the crosswalks (each an override citing the trail, one undo step each): backups are
/// Northwind's to configure and test (PR.DS-11), data at rest is shared, Microsoft encrypting
/// by default and Northwind holding the keys and settings (PR.DS-01). The other suggestions
/// stay for the next workshop.
fn write_provider_matrix(file: &mut EngagementFile) -> Result<()> {
    let store = file.service_id(BACKUP_STORE)?;
    for shipped in shipped_matrices() {
        let request = MatrixImport {
            provider: shipped.provider.clone(),
            services: vec![BACKUP_STORE.into()],
            ..MatrixImport::default()
        };
        file.import_matrix(shipped.matrix.clone(), &request, WHO)?;
    }
    for control in ["PR.DS-11", "PR.DS-01"] {
        file.accept_crosswalk_suggestion(store, Framework::NistCsf, control, WHO)?;
    }
    Ok(())
}

/// The override of Entra ID CC6.4 to inherited has no attestation behind it: returned.
fn return_inherited_without_attestation(file: &mut EngagementFile) -> Result<()> {
    let entra = file.service_id("Microsoft Entra ID")?;
    let cc64 = file.decisions()?.into_iter().rev().find(|d| {
        matches!(&d.about, Subject::Control { service_id, control_id, .. }
            if *service_id == entra && control_id == "CC6.4")
    });
    if let Some(d) = cc64 {
        let comment = "No current Microsoft attestation on file covers Entra ID for SOC 2: \
                       record Microsoft's SOC 2 report, or make the row shared with our part";
        file.review_decisions(&[d.id], &review(Verdict::Return, Some(comment)), REVIEWER)?;
    }
    Ok(())
}

/// A few control matrix decisions of the kind a first workshop makes. The FedRAMP baseline stays
/// unset: FedRAMP is not in scope.
fn write_matrix_decisions(file: &mut EngagementFile) -> Result<()> {
    let rds = file.service_id("Amazon RDS for PostgreSQL")?;
    file.set_control_owner(
        Some(rds),
        Some(Framework::Hipaa),
        &ControlSelector::Control("164.308(a)(7)(ii)(A)".into()),
        Ownership::Shared,
        "Automated backups and point-in-time recovery are run by AWS; we set retention and test \
         restores every quarter",
        WHO,
    )?;
    // No media with card data on the page's host or in the directory: SAQ A's media
    // requirements do not apply there, whoever runs the hosts.
    for service in [PAYMENT_PAGE, "Microsoft Entra ID"] {
        let id = file.service_id(service)?;
        for control in ["9.4.1", "9.4.1.1", "9.4.1.2", "9.4.2", "9.4.3", "9.4.4"] {
            file.set_control_owner(
                Some(id),
                Some(Framework::PciDss),
                &ControlSelector::Control(control.into()),
                Ownership::NotApplicable,
                "No media with cardholder data: card data never reaches this service (SAQ A \
                 eligibility)",
                WHO,
            )?;
        }
    }
    // The media requirements SAQ A asks of Stripe's service (9.4.6, paper, is the client's
    // own, once: entity-level).
    let stripe = file.service_id("Stripe Payments")?;
    for id in ["9.4.1", "9.4.1.1", "9.4.1.2", "9.4.2", "9.4.3", "9.4.4"] {
        file.set_control_owner(
            Some(stripe),
            Some(Framework::PciDss),
            &ControlSelector::Control(id.into()),
            Ownership::Inherited,
            "Card data never reaches our premises; Stripe's current PCI DSS AOC covers \
             requirement 9.4 for its card environment",
            WHO,
        )?;
    }
    let s3 = file.service_id("Amazon S3")?;
    file.set_customer_part(
        Some(s3),
        Framework::Soc2,
        "CC7.2",
        "We turn on CloudTrail data events and server access logging for every bucket and route \
         GuardDuty S3 Protection findings to the on-call channel",
        WHO,
    )?;
    let entra = file.service_id("Microsoft Entra ID")?;
    file.add_evidence(
        Some(entra),
        Framework::Soc2,
        "CC6.2",
        &NewEvidence {
            title: "Quarterly Entra ID access review export".into(),
            location: "Evidence binder / SOC 2 / CC6.2 / access-review-2026-Q3.xlsx".into(),
            date: NaiveDate::from_ymd_opt(2026, 10, 15),
            owner: Some("Priya Raman".into()),
            due_date: NaiveDate::from_ymd_opt(2026, 10, 31),
        },
        WHO,
    )?;
    file.set_row_owner(Some(entra), Framework::Soc2, "CC6.2", "Priya Raman", WHO)?;
    write_entity_evidence(file)?;
    let eks = file.service_id("Amazon EKS")?;
    file.set_layer_owner(
        eks,
        Layer::IdentityInfra,
        Ownership::Customer,
        "The IAM roles for service accounts webhook runs on our own nodes",
        WHO,
    )?;
    Ok(())
}

/// Evidence of the client's own entity-level controls as a first workshop collects it: each
/// document once, on every framework's control it answers, with its owner, who also holds a
/// control whose evidence is still to come, so the pack shows both states.
/// One document: its title, where it is, its date, its owner and the controls it answers.
type EntityDocument = (
    &'static str,
    &'static str,
    (i32, u32, u32),
    &'static str,
    &'static [(Framework, &'static str)],
);

const ENTITY_EVIDENCE: &[EntityDocument] = &[
    (
        "Information security policy v4.2, approved by the board",
        "Evidence binder / Policies / infosec-policy-v4.2.pdf",
        (2026, 9, 12),
        "Priya Raman",
        &[
            (Framework::Soc2, "CC5.3"),
            (Framework::Hipaa, "164.316(a)"),
            (Framework::PciDss, "12.1.1"),
            (Framework::PciDss, "12.1.2"),
            (Framework::NistCsf, "GV.PO-01"),
        ],
    ),
    (
        "Annual risk assessment 2026 and risk register",
        "Evidence binder / Risk / risk-assessment-2026.xlsx",
        (2026, 10, 2),
        "Priya Raman",
        &[
            (Framework::Soc2, "CC3.1"),
            (Framework::Soc2, "CC3.2"),
            (Framework::Hipaa, "164.308(a)(1)(ii)(A)"),
            (Framework::Hipaa, "164.308(a)(1)(ii)(B)"),
        ],
    ),
];

/// Entity-level controls given an owner whose evidence is not collected yet.
const ENTITY_OWNED_PENDING: &[(Framework, &str, &str)] =
    &[(Framework::PciDss, "12.3.1", "Priya Raman")];

fn write_entity_evidence(file: &mut EngagementFile) -> Result<()> {
    for (title, location, (y, m, d), owner, controls) in ENTITY_EVIDENCE {
        for (framework, control) in *controls {
            file.add_evidence(
                None,
                *framework,
                control,
                &NewEvidence {
                    title: (*title).into(),
                    location: (*location).into(),
                    date: NaiveDate::from_ymd_opt(*y, *m, *d),
                    owner: Some((*owner).into()),
                    due_date: NaiveDate::from_ymd_opt(2026, 10, 31),
                },
                WHO,
            )?;
            file.set_row_owner(None, *framework, control, owner, WHO)?;
        }
    }
    for (framework, control, owner) in ENTITY_OWNED_PENDING {
        file.set_row_owner(None, *framework, control, owner, WHO)?;
    }
    Ok(())
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn attest(
    file: &mut EngagementFile,
    provider: &str,
    services: &[&str],
    details: AttestationDetails,
) -> Result<i64> {
    let a = NewAttestation {
        provider: provider.into(),
        services: services.iter().map(|s| s.to_string()).collect(),
        details,
        outside_scope: Vec::new(),
    };
    Ok(file.add_attestation(&a, WHO)?.id)
}

/// The vendor register as it stands in mid-December 2026, two weeks before the audit window
/// opens, with the loose ends such a register has: AWS's SOC 2 report ended in September and its
/// bridge letter speaks up to the day it was signed (1 December), so no report covers a day of
/// the 2027 window yet (a forward-looking item of the work plan); CarePortal runs in AWS's own
/// data centres in us-east-1, which the report includes: it carves out only the colocation
/// providers of AWS's edge and Direct Connect sites, which CarePortal does not use, so no
/// criterion of its services is left to them; Salesforce's current report carves out the providers
/// its Hyperforce instance and first-party data centres run on (physical access, CC6.4, and
/// environmental protections, A1.2), which stay unassured for Sales Cloud until their own
/// assurance is on file; one of AWS's exceptions is not assessed and one CUEC has no
/// evidence; the BAA names four services and covers Lambda through its eligible services; AWS's AOC does not list EKS, which serves the checkout page that
/// embeds Stripe's form; Microsoft's AOC is more than a year old, and Entra ID CC6.4 is claimed
/// inherited with no attestation behind it (Microsoft's BAA, part of its Product Terms, covers
/// the backup store); Salesforce's report records no CUECs and its ISO certificate expired;
/// Stripe's AOC lists the requirements Stripe covers, Stripe is no business associate (payment
/// processing, section 1179), and its SOC 2 report on file is last year's, stale, so nothing
/// backs the CSOC Northwind lists for it; Stripe's vendor review is overdue; a few matrix rows
/// still lack what an auditor will ask for.
fn write_assurance(file: &mut EngagementFile) -> Result<()> {
    let aws_report = attest(
        file,
        "AWS",
        &[
            "Amazon EC2",
            "Amazon RDS for PostgreSQL",
            "AWS Lambda",
            "Amazon EKS",
            "Amazon S3",
        ],
        AttestationDetails::Soc2(Soc2Report {
            report_type: Soc2Type::Type2,
            period_start: date(2025, 10, 1),
            period_end: date(2026, 9, 30),
            issued: Some(date(2026, 11, 15)),
            auditor: "Ernst & Young LLP".into(),
            categories: vec![
                TrustCategory::Security,
                TrustCategory::Availability,
                TrustCategory::Confidentiality,
            ],
            opinion: Opinion::Unqualified,
            exceptions_noted: true,
            subservice_method: SubserviceMethod::CarveOut,
            // AWS operates the us-east-1 data centres CarePortal runs in; only the colocation
            // sites of its network edge are carved out, and CarePortal uses none of them.
            subservice_organizations: vec![
                "Colocation providers of AWS edge locations and Direct Connect sites".into(),
            ],
            carved_out_criteria: Vec::new(),
            cuecs: vec![
                Cuec::new(
                    "Customers are responsible for managing access to their AWS accounts and \
                     resources, including IAM users, roles and MFA",
                ),
                Cuec::new(
                    "Customers are responsible for encrypting their content at rest and in \
                     transit",
                ),
                Cuec::new(
                    "Customers are responsible for configuring security groups and network ACLs",
                ),
            ],
            no_cuecs: false,
            exceptions: vec![
                ReportException {
                    description: "CC6.2: for 2 of 40 sampled leavers, access was removed after \
                                  the 24-hour target"
                        .into(),
                    impact: None,
                    response: None,
                },
                ReportException {
                    description: "CC7.2: one quarterly review of monitoring alarm thresholds \
                                  was completed three weeks late"
                        .into(),
                    impact: None,
                    response: None,
                },
            ],
            // Management's letter speaks from the period end up to the day it was signed.
            bridge_letter: Some(BridgeLetter {
                date: date(2026, 12, 1),
                covers_to: date(2026, 12, 1),
            }),
            reference: "AWS Artifact, SOC 2 Type II Fall 2026, downloaded 2026-11-20 by Priya \
                        Raman (NDA)"
                .into(),
        }),
    )?;
    attest(
        file,
        "AWS",
        &[
            "Amazon EC2",
            "Amazon RDS for PostgreSQL",
            "Amazon EKS",
            "Amazon S3",
        ],
        AttestationDetails::Baa(Baa {
            status: BaaStatus::Signed,
            mechanism: Some(BaaMechanism::ClickThrough),
            effective: Some(date(2025, 3, 1)),
            accounts: vec!["4821-7730-1956 (production)".into()],
            next_review: Some(date(2027, 3, 1)),
            eligible_services: vec![
                "Amazon EC2".into(),
                "Amazon RDS for PostgreSQL".into(),
                "AWS Lambda".into(),
                "Amazon EKS".into(),
                "Amazon S3".into(),
            ],
            terms: BaaTerms {
                determination: None,
                eligible_reference: Some(
                    "AWS HIPAA Eligible Services Reference, as read on 2026-11-20 (AWS \
                     Artifact); AWS Lambda is among them"
                        .into(),
                ),
                subcontractors: Some(
                    "AWS binds the subcontractors that handle PHI to the same restrictions \
                     and conditions"
                        .into(),
                ),
                breach_notice: Some(
                    "Without unreasonable delay, at most 60 days after discovery, to the \
                     account's security contact"
                        .into(),
                ),
                document: Some(
                    "AWS Artifact, Business Associate Addendum accepted 2025-03-01 for the \
                     production account; copy in Contracts / AWS / BAA-2025.pdf"
                        .into(),
                ),
            },
        }),
    )?;
    attest(
        file,
        "AWS",
        &[
            "Amazon EC2",
            "Amazon RDS for PostgreSQL",
            "AWS Lambda",
            "Amazon S3",
        ],
        AttestationDetails::Aoc(Aoc {
            date: date(2026, 8, 14),
            dss_version: "4.0.1".into(),
            next_review: Some(date(2027, 8, 14)),
            requirements: None,
            assessor: None,
        }),
    )?;
    attest(
        file,
        "AWS",
        &[
            "Amazon EC2",
            "Amazon RDS for PostgreSQL",
            "AWS Lambda",
            "Amazon EKS",
            "Amazon S3",
        ],
        AttestationDetails::Fedramp(FedrampAuthorization {
            level: FedrampLevel::Moderate,
            date: date(2016, 6, 21),
            package_id: "F1603087869".into(),
            boundary: Vec::new(),
            regions: vec![
                "us-east-1".into(),
                "us-east-2".into(),
                "us-west-1".into(),
                "us-west-2".into(),
            ],
        }),
    )?;
    attest(
        file,
        "Microsoft",
        &["Microsoft Entra ID"],
        AttestationDetails::Aoc(Aoc {
            date: date(2025, 9, 30),
            dss_version: "4.0.1".into(),
            next_review: None,
            requirements: None,
            assessor: None,
        }),
    )?;
    // Microsoft's BAA is part of its Product Terms (the Data Protection Addendum): in force
    // with the subscription, it covers the in-scope services by reference, the backup store
    // among them.
    attest(
        file,
        "Microsoft",
        &[BACKUP_STORE],
        AttestationDetails::Baa(Baa {
            status: BaaStatus::Signed,
            mechanism: Some(BaaMechanism::ClickThrough),
            effective: Some(date(2025, 11, 1)),
            accounts: vec!["Azure subscription northwind-backup-prod".into()],
            next_review: Some(date(2027, 11, 1)),
            eligible_services: vec![BACKUP_STORE.into()],
            terms: BaaTerms {
                determination: None,
                eligible_reference: Some(
                    "Microsoft Product Terms, HIPAA BAA in-scope services, as read on \
                     2026-11-20; Azure Blob Storage is among them"
                        .into(),
                ),
                subcontractors: Some(
                    "Microsoft binds the subcontractors that handle PHI to the same \
                     restrictions and conditions"
                        .into(),
                ),
                breach_notice: Some(
                    "Without unreasonable delay, at most 60 days after discovery, to the \
                     subscription's notification contacts"
                        .into(),
                ),
                document: Some(
                    "HIPAA Business Associate Agreement in the Microsoft Products and Services \
                     Data Protection Addendum, part of the Product Terms, in force with the \
                     subscription since 2025-11-01; copy in Contracts / Microsoft / DPA-2025.pdf"
                        .into(),
                ),
            },
        }),
    )?;
    attest(
        file,
        "Salesforce",
        &["Salesforce Sales Cloud"],
        AttestationDetails::Soc2(Soc2Report {
            report_type: Soc2Type::Type2,
            period_start: date(2025, 10, 1),
            period_end: date(2026, 9, 30),
            issued: Some(date(2026, 11, 10)),
            auditor: "Ernst & Young LLP".into(),
            categories: vec![TrustCategory::Security, TrustCategory::Availability],
            opinion: Opinion::Unqualified,
            exceptions_noted: false,
            subservice_method: SubserviceMethod::CarveOut,
            // Sales Cloud runs on Hyperforce (public cloud) and in Salesforce's first-party
            // data centres in colocation facilities: their physical and environmental
            // safeguards are left to them.
            subservice_organizations: vec![
                "Amazon Web Services (Hyperforce infrastructure)".into(),
                "Colocation providers of Salesforce's first-party data centers".into(),
            ],
            carved_out_criteria: vec!["CC6.4".into(), "A1.2".into()],
            cuecs: Vec::new(),
            no_cuecs: false,
            exceptions: Vec::new(),
            bridge_letter: None,
            reference: "Salesforce Trust portal, SOC 2 Type II 2026".into(),
        }),
    )?;
    attest(
        file,
        "Salesforce",
        &["Salesforce Sales Cloud"],
        AttestationDetails::Iso27001(IsoCertificate {
            number: "IS 0000 (demo)".into(),
            scope: "Salesforce Services, Heroku and MuleSoft".into(),
            expiry: date(2026, 11, 30),
        }),
    )?;
    attest(
        file,
        "Stripe",
        &["Stripe Payments"],
        AttestationDetails::Aoc(Aoc {
            date: date(2026, 6, 15),
            dss_version: "4.0.1".into(),
            next_review: Some(date(2027, 6, 15)),
            // What Stripe's AOC covers for Stripe Elements: not the merchant page's scripts
            // (6.4.3, 11.6.1), nor point-of-interaction devices (9.5).
            requirements: Some(
                [
                    "1", "2", "3", "4", "5", "6.1", "6.2", "6.3", "6.4.1", "6.4.2", "6.5", "7",
                    "8", "9.1", "9.2", "9.3", "9.4", "10", "11.1", "11.2", "11.3", "11.4", "11.5",
                    "12",
                ]
                .map(String::from)
                .to_vec(),
            ),
            assessor: None,
        }),
    )?;
    // Stripe only processes the payments: not a business associate for that activity.
    attest(
        file,
        "Stripe",
        &["Stripe Payments"],
        AttestationDetails::Baa(Baa {
            status: BaaStatus::NotRequired,
            mechanism: None,
            effective: None,
            accounts: Vec::new(),
            next_review: None,
            eligible_services: Vec::new(),
            terms: BaaTerms {
                determination: Some(STRIPE_DETERMINATION.into()),
                ..BaaTerms::default()
            },
        }),
    )?;
    // Sales Cloud holds the clinics' business contacts, never patient data.
    attest(
        file,
        "Salesforce",
        &["Salesforce Sales Cloud"],
        AttestationDetails::Baa(Baa {
            status: BaaStatus::NotRequired,
            mechanism: None,
            effective: None,
            accounts: Vec::new(),
            next_review: None,
            eligible_services: Vec::new(),
            terms: BaaTerms {
                determination: Some(SALESFORCE_DETERMINATION.into()),
                ..BaaTerms::default()
            },
        }),
    )?;
    // Last year's report: the current one has not been obtained yet.
    attest(
        file,
        "Stripe",
        &["Stripe Payments"],
        AttestationDetails::Soc2(Soc2Report {
            report_type: Soc2Type::Type2,
            period_start: date(2024, 10, 1),
            period_end: date(2025, 9, 30),
            issued: Some(date(2025, 11, 20)),
            auditor: "PricewaterhouseCoopers LLP".into(),
            categories: vec![
                TrustCategory::Security,
                TrustCategory::Availability,
                TrustCategory::Confidentiality,
            ],
            opinion: Opinion::Unqualified,
            exceptions_noted: false,
            subservice_method: SubserviceMethod::CarveOut,
            // Stripe runs on AWS, whose physical and environmental safeguards it leaves to AWS.
            subservice_organizations: vec!["Amazon Web Services".into()],
            carved_out_criteria: vec!["CC6.4".into(), "A1.2".into()],
            cuecs: Vec::new(),
            no_cuecs: true,
            exceptions: Vec::new(),
            bridge_letter: None,
            reference: "Stripe compliance portal, SOC 2 Type II 2025 (NDA)".into(),
        }),
    )?;
    for (provider, last, next) in [
        ("AWS", date(2026, 10, 5), date(2027, 1, 5)),
        ("Stripe", date(2026, 6, 20), date(2026, 9, 20)),
    ] {
        file.set_vendor_review(
            &VendorReview {
                provider: provider.into(),
                last_reviewed: Some(last),
                next_review: Some(next),
            },
            WHO,
        )?;
    }

    write_report_items(file, aws_report)?;
    let eks = file.service_id("Amazon EKS")?;
    file.set_layer_owner(
        eks,
        Layer::IdentityInfra,
        Ownership::Undetermined,
        "Open after workshop 2: the IAM roles for service accounts webhook runs on our nodes, \
         its configuration is AWS's",
        WHO,
    )?;
    for (service, control, owner, reason) in [
        (
            "Amazon EKS",
            "CC7.1",
            Ownership::Undetermined,
            "Open after workshop 2: node vulnerability scanning sits between the platform team \
             and the SOC",
        ),
        (
            "Microsoft Entra ID",
            "CC6.4",
            Ownership::Inherited,
            "Microsoft runs the datacenters behind Entra ID",
        ),
        (
            "Salesforce Sales Cloud",
            "A1.1",
            Ownership::NotApplicable,
            "Availability of the CRM is outside the platform's commitments",
        ),
    ] {
        let id = file.service_id(service)?;
        let control = ControlSelector::Control(control.into());
        file.set_control_owner(
            Some(id),
            Some(Framework::Soc2),
            &control,
            owner,
            reason,
            WHO,
        )?;
    }
    let rds = file.service_id("Amazon RDS for PostgreSQL")?;
    file.add_evidence(
        Some(rds),
        Framework::Hipaa,
        "164.312(b)",
        &NewEvidence {
            title: "pgAudit configuration and CloudWatch log retention".into(),
            location: "Evidence binder / HIPAA / 164.312(b) /".into(),
            date: None,
            owner: Some("Marcus Oyelaran".into()),
            due_date: Some(date(2026, 11, 1)),
        },
        WHO,
    )?;
    Ok(())
}

/// What Northwind made of AWS's report: each CUEC mapped to its own criteria (the third still
/// without evidence), the first exception assessed (the second is not yet), and the
/// complementary subservice organization controls Northwind's own report expects of each of
/// its subservice organisations, each of the party that performs the control: AWS (its own
/// data centres), Microsoft (sign-in and backups), Salesforce (the CRM's access controls) and
/// Stripe (card data).
fn write_report_items(file: &mut EngagementFile, aws_report: i64) -> Result<()> {
    let mapped = |criteria: &[&str], owner: &str, evidence: Option<&str>| CuecMapping {
        criteria: criteria.iter().map(|c| c.to_string()).collect(),
        owner: Some(owner.into()),
        evidence: evidence.map(String::from),
    };
    file.map_cuec(
        aws_report,
        1,
        &mapped(
            &["CC6.1", "CC6.2", "CC6.3"],
            "Marcus Oyelaran",
            Some("Evidence binder / SOC 2 / CUEC / aws-iam-review-2026-Q3.pdf"),
        ),
        WHO,
    )?;
    file.map_cuec(
        aws_report,
        2,
        &mapped(
            &["CC6.1", "CC6.7"],
            "Priya Raman",
            Some("Evidence binder / SOC 2 / CUEC / kms-and-tls-settings.pdf"),
        ),
        WHO,
    )?;
    file.map_cuec(
        aws_report,
        3,
        &mapped(&["CC6.6"], "Marcus Oyelaran", None),
        WHO,
    )?;
    file.assess_exception(
        aws_report,
        1,
        &ExceptionAssessment {
            impact: Some(
                "Low for Northwind: the late removals were of AWS staff access to AWS's own \
                 systems; no CUEC or CSOC of ours relies on them, and Northwind's own access \
                 to AWS goes through Entra ID single sign-on, disabled on a leaver's last day"
                    .into(),
            ),
            response: Some(
                "Checked Northwind's leaver log for the period: no AWS console user outlived \
                 the day"
                    .into(),
            ),
        },
        WHO,
    )?;
    for (provider, text, criteria) in [
        (
            "AWS",
            "AWS restricts physical access to the data centers hosting CarePortal to authorized \
             staff",
            &["CC6.4"][..],
        ),
        (
            "Stripe",
            "Stripe protects the card data it receives through Stripe Elements in storage and \
             in transit",
            &["CC6.7"][..],
        ),
        (
            "Microsoft",
            "Microsoft enforces the multi-factor authentication and Conditional Access policies \
             Northwind configures in Entra ID",
            &["CC6.1"][..],
        ),
        (
            "Microsoft",
            "Microsoft keeps Northwind's immutable backup copies in Azure Blob Storage for their \
             retention period, in a second region",
            &["A1.2"][..],
        ),
        (
            "Salesforce",
            "Salesforce enforces the login IP ranges and session settings Northwind configures \
             for Sales Cloud",
            &["CC6.1"][..],
        ),
    ] {
        file.add_csoc(
            &NewCsoc {
                provider: provider.into(),
                text: text.into(),
                criteria: criteria.iter().map(|c| c.to_string()).collect(),
            },
            WHO,
        )?;
    }
    Ok(())
}

/// An engagement of `services` services (models in turn) with FedRAMP High, SOC 2, PCI DSS and
/// HIPAA in scope: the size the benchmarks measure (50 services give about 39,000 matrix rows).
pub fn write_scale_engagement(path: &Path, services: usize) -> Result<EngagementFile> {
    const FRAMEWORKS: [Framework; 4] = [
        Framework::Fedramp,
        Framework::Soc2,
        Framework::PciDss,
        Framework::Hipaa,
    ];
    const MODELS: [ServiceModel; 5] = [
        ServiceModel::Iaas,
        ServiceModel::Paas,
        ServiceModel::Faas,
        ServiceModel::CaasProviderNodes,
        ServiceModel::Saas,
    ];
    let mut engagement = Engagement::new("Bench Corp");
    engagement.frameworks = FRAMEWORKS.to_vec();
    let mut file = EngagementFile::create(path, &engagement)?;
    file.set_fedramp_level(Some(FedrampLevel::High), WHO)?;
    for i in 0..services {
        file.add_service(
            &NewService {
                name: format!("Service {:02}", i + 1),
                provider: "Cloud".into(),
                model: MODELS[i % MODELS.len()],
                sensitivity: Sensitivity::High,
                data_types: vec![DataType::Phi, DataType::CardholderData],
                frameworks: FRAMEWORKS.to_vec(),
            },
            WHO,
        )?;
    }
    Ok(file)
}
