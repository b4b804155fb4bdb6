//! Setting up an engagement after it was created: its details, people, locale and frameworks,
//! and each service's provider, data, sensitivity and frameworks. Every change is logged and
//! is one undo step.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use chrono::NaiveDate;
use demarc_core::{
    DataType, Engagement, EngagementField, Framework, GapKind, Layer, MatrixFilter, NewService,
    Ownership, Person, Sensitivity, ServiceDetail, ServiceModel, Subject,
};
use demarc_store::{write_demo, ControlSelector, EngagementFile, StoreError};

fn new_file() -> (tempfile::TempDir, EngagementFile) {
    let dir = tempfile::tempdir().unwrap();
    let file =
        EngagementFile::create(&dir.path().join("acme.demarc"), &Engagement::new("Acme")).unwrap();
    (dir, file)
}

fn add(file: &mut EngagementFile, name: &str, provider: &str, model: ServiceModel) -> i64 {
    let frameworks = file.engagement().unwrap().frameworks;
    file.add_service(
        &NewService {
            name: name.into(),
            provider: provider.into(),
            model,
            sensitivity: Sensitivity::Medium,
            data_types: vec![],
            frameworks,
        },
        "ana",
    )
    .unwrap()
    .id
}

fn refused(e: StoreError) -> String {
    match e {
        StoreError::Invalid { field, .. } => field.to_string(),
        other => panic!("expected a refusal, got {other}"),
    }
}

fn day(text: &str) -> Option<NaiveDate> {
    Some(text.parse().unwrap())
}

fn last_about(file: &EngagementFile) -> Subject {
    file.decisions().unwrap().pop().unwrap().about
}

#[test]
fn the_engagements_details_are_set_logged_and_undone() {
    let (_dir, mut file) = new_file();

    let e = file.set_client("  Acme Health ", "ana").unwrap();
    assert_eq!(e.client, "Acme Health");
    assert_eq!(
        e.name, "Acme Health shared responsibility matrix",
        "the default name follows the client"
    );
    assert_eq!(
        last_about(&file),
        Subject::Engagement {
            field: EngagementField::Client
        }
    );
    let e = file
        .set_scope("The patient portal on AWS us-east-1", "ana")
        .unwrap();
    assert_eq!(e.scope, "The patient portal on AWS us-east-1");
    let e = file
        .set_audit_window(day("2026-04-01"), day("2027-03-31"), "ana")
        .unwrap();
    assert_eq!(
        (e.audit_start, e.audit_end),
        (day("2026-04-01"), day("2027-03-31"))
    );
    let e = file.set_locale("en-GB", "ana").unwrap();
    assert_eq!(e.locale, "en-GB");

    let logged = file.decisions().unwrap().len();
    file.set_locale("en-GB", "ana").unwrap();
    assert_eq!(
        file.decisions().unwrap().len(),
        logged,
        "setting what is already there logs nothing"
    );

    let undone = file.undo_after(0, "ana").unwrap().unwrap();
    assert_eq!(undone.words, "Undid: Locale back to the system's");
    let undone = file.undo_after(0, "ana").unwrap().unwrap();
    assert_eq!(undone.words, "Undid: Audit window back to not set");
    let e = file.engagement().unwrap();
    assert_eq!(
        (e.audit_start, e.audit_end, e.locale.as_str()),
        (None, None, "")
    );
    let redone = file.redo_after(0, "ana").unwrap().unwrap();
    assert_eq!(
        redone.words,
        "Redid: Audit window to 2026-04-01 to 2027-03-31"
    );
    assert_eq!(file.engagement().unwrap().audit_end, day("2027-03-31"));

    file.undo_after(0, "ana").unwrap().unwrap();
    file.undo_after(0, "ana").unwrap().unwrap();
    let undone = file.undo_after(0, "ana").unwrap().unwrap();
    assert_eq!(undone.words, "Undid: Client back to Acme");
    let e = file.engagement().unwrap();
    assert_eq!(
        (e.client.as_str(), e.name.as_str()),
        ("Acme", "Acme shared responsibility matrix")
    );
}

#[test]
fn a_bad_detail_is_refused_on_its_field_and_nothing_changes() {
    let (_dir, mut file) = new_file();
    let logged = file.decisions().unwrap().len();
    assert_eq!(
        refused(file.set_client("   ", "ana").unwrap_err()),
        "client"
    );
    assert_eq!(
        refused(
            file.set_audit_window(day("2026-07-01"), day("2026-06-30"), "ana")
                .unwrap_err()
        ),
        "audit_end"
    );
    assert_eq!(
        refused(file.set_locale("english", "ana").unwrap_err()),
        "locale"
    );
    let nameless = Person {
        name: " ".into(),
        role: "QSA".into(),
    };
    assert_eq!(
        refused(file.set_people(None, &[nameless], "ana").unwrap_err()),
        "name"
    );
    assert_eq!(file.decisions().unwrap().len(), logged);
    assert_eq!(file.engagement().unwrap().client, "Acme");
}

#[test]
fn people_are_added_edited_and_removed_each_as_one_step() {
    let (_dir, mut file) = new_file();
    let dana = Person {
        name: "Dana Whitfield".into(),
        role: "Consultant".into(),
    };
    let priya = Person {
        name: " Priya Raman ".into(),
        role: "Compliance lead".into(),
    };
    file.set_people(Some(&dana), &[], "ana").unwrap();
    let e = file.set_people(Some(&dana), &[priya], "ana").unwrap();
    assert_eq!(e.reviewers[0].name, "Priya Raman", "names are trimmed");
    let edited = Person {
        name: "Priya Raman".into(),
        role: "CISO".into(),
    };
    let e = file.set_people(Some(&dana), &[edited], "ana").unwrap();
    assert_eq!(e.reviewers[0].role, "CISO");
    let e = file.set_people(Some(&dana), &[], "ana").unwrap();
    assert!(e.reviewers.is_empty());
    let entry = file.decisions().unwrap().pop().unwrap();
    assert_eq!(
        entry.about,
        Subject::Engagement {
            field: EngagementField::People
        }
    );
    assert_eq!(
        entry.old_value.as_deref(),
        Some("Dana Whitfield (Consultant), Priya Raman (CISO)")
    );

    let undone = file.undo_after(0, "ana").unwrap().unwrap();
    assert_eq!(
        undone.words,
        "Undid: People back to Dana Whitfield (Consultant), Priya Raman (CISO)"
    );
    assert_eq!(file.engagement().unwrap().reviewers[0].role, "CISO");
}

#[test]
fn a_new_engagement_is_real_and_the_demo_is_sample_data() {
    let (dir, file) = new_file();
    assert!(!file.engagement().unwrap().sample);
    let demo = write_demo(&dir.path().join("demo.demarc")).unwrap();
    assert!(demo.engagement().unwrap().sample);
    let copy = demo.save_as(&dir.path().join("copy.demarc")).unwrap();
    assert!(
        copy.engagement().unwrap().sample,
        "a copy of the demo is still sample data"
    );
}

#[test]
fn frameworks_come_into_scope_for_every_service_and_fill_the_matrix() {
    let (_dir, mut file) = new_file();
    let ec2 = add(&mut file, "Amazon EC2", "AWS", ServiceModel::Iaas);
    let s3 = add(&mut file, "Amazon S3", "AWS", ServiceModel::Paas);
    assert!(file.matrix(&MatrixFilter::default()).unwrap().is_empty());

    file.add_engagement_framework(Framework::Soc2, "ana")
        .unwrap();
    file.add_engagement_framework(Framework::Hipaa, "ana")
        .unwrap();
    assert_eq!(
        last_about(&file),
        Subject::InScope {
            framework: Framework::Hipaa
        }
    );
    let e = file.engagement().unwrap();
    assert_eq!(e.frameworks, vec![Framework::Soc2, Framework::Hipaa]);
    for id in [ec2, s3] {
        assert_eq!(
            file.service(id).unwrap().frameworks,
            vec![Framework::Soc2, Framework::Hipaa]
        );
    }
    let rows = file.matrix(&MatrixFilter::default()).unwrap();
    for f in [Framework::Soc2, Framework::Hipaa] {
        assert!(rows
            .iter()
            .any(|r| r.framework == f && r.service_id == Some(ec2)));
        assert!(rows
            .iter()
            .any(|r| r.framework == f && r.service_id == Some(s3)));
    }
    let logged = file.decisions().unwrap().len();
    file.add_engagement_framework(Framework::Soc2, "ana")
        .unwrap();
    assert_eq!(file.decisions().unwrap().len(), logged, "already in scope");

    let undone = file.undo_after(0, "ana").unwrap().unwrap();
    assert_eq!(undone.words, "Undid: adding HIPAA");
    assert_eq!(file.engagement().unwrap().frameworks, vec![Framework::Soc2]);
    assert_eq!(file.service(s3).unwrap().frameworks, vec![Framework::Soc2]);
    let redone = file.redo_after(0, "ana").unwrap().unwrap();
    assert_eq!(redone.words, "Redid: adding HIPAA");
    assert_eq!(file.service(s3).unwrap().frameworks.len(), 2);
}

#[test]
fn removing_a_framework_says_what_it_takes_keeps_what_people_recorded_and_undoes() {
    let (_dir, mut file) = new_file();
    let ec2 = add(&mut file, "Amazon EC2", "AWS", ServiceModel::Iaas);
    file.add_engagement_framework(Framework::Soc2, "ana")
        .unwrap();
    file.add_engagement_framework(Framework::Hipaa, "ana")
        .unwrap();
    file.set_control_owner(
        Some(ec2),
        Some(Framework::Soc2),
        &ControlSelector::Control("CC6.1".into()),
        Ownership::Customer,
        "we run IAM",
        "ana",
    )
    .unwrap();
    let soc2_rows = file
        .matrix(&MatrixFilter {
            framework: Some(Framework::Soc2),
            ..MatrixFilter::default()
        })
        .unwrap()
        .len();

    let removal = file.framework_removal(Framework::Soc2).unwrap();
    assert_eq!(removal.services, vec!["Amazon EC2".to_string()]);
    assert_eq!(removal.rows as usize, soc2_rows);
    assert_eq!(removal.kept_decisions, 1);
    assert!(!removal.scoping_answered);
    assert_eq!(
        file.engagement().unwrap().frameworks.len(),
        2,
        "asking changes nothing"
    );

    let taken = file
        .remove_engagement_framework(Framework::Soc2, "ana")
        .unwrap();
    assert_eq!(taken, removal);
    assert_eq!(
        file.engagement().unwrap().frameworks,
        vec![Framework::Hipaa]
    );
    assert_eq!(
        file.service(ec2).unwrap().frameworks,
        vec![Framework::Hipaa]
    );
    let rows = file.matrix(&MatrixFilter::default()).unwrap();
    assert!(rows.iter().all(|r| r.framework == Framework::Hipaa));
    assert!(!rows.is_empty());
    assert_eq!(
        refused(file.framework_removal(Framework::Soc2).unwrap_err()),
        "framework"
    );

    let undone = file.undo_after(0, "ana").unwrap().unwrap();
    assert_eq!(undone.words, "Undid: removing SOC 2");
    assert_eq!(
        file.service(ec2).unwrap().frameworks,
        vec![Framework::Soc2, Framework::Hipaa]
    );
    let cc61 = file
        .matrix(&MatrixFilter {
            framework: Some(Framework::Soc2),
            ..MatrixFilter::default()
        })
        .unwrap()
        .into_iter()
        .find(|r| r.control_id == "CC6.1")
        .unwrap();
    assert_eq!(
        cc61.owner,
        Ownership::Customer,
        "the decision came back with SOC 2"
    );
}

#[test]
fn a_services_provider_data_sensitivity_and_frameworks_are_set_and_undone() {
    let (_dir, mut file) = new_file();
    file.add_engagement_framework(Framework::Soc2, "ana")
        .unwrap();
    file.add_engagement_framework(Framework::Hipaa, "ana")
        .unwrap();
    let rds = add(&mut file, "Amazon RDS", "Azure", ServiceModel::Paas);

    let s = file.set_service_provider(rds, " AWS ", "ana").unwrap();
    assert_eq!(s.provider, "AWS");
    assert_eq!(
        last_about(&file),
        Subject::ServiceDetail {
            service_id: rds,
            service: "Amazon RDS".into(),
            detail: ServiceDetail::Provider
        }
    );
    assert_eq!(
        refused(file.set_service_provider(rds, "  ", "ana").unwrap_err()),
        "provider"
    );

    let gaps = |file: &EngagementFile| {
        file.gaps(NaiveDate::from_ymd_opt(2026, 6, 1).unwrap())
            .unwrap()
            .gaps
            .iter()
            .filter(|g| g.kind == GapKind::PhiWithoutBaa)
            .count()
    };
    assert_eq!(gaps(&file), 0);
    let s = file
        .set_data_types(rds, &[DataType::Pii, DataType::Phi, DataType::Phi], "ana")
        .unwrap();
    assert_eq!(s.data_types, vec![DataType::Phi, DataType::Pii]);
    assert_eq!(gaps(&file), 1, "PHI with no BAA on file is a gap");
    let s = file.set_sensitivity(rds, Sensitivity::High, "ana").unwrap();
    assert_eq!(s.sensitivity, Sensitivity::High);

    let s = file
        .set_service_framework(rds, Framework::Soc2, false, "ana")
        .unwrap();
    assert_eq!(s.frameworks, vec![Framework::Hipaa]);
    assert_eq!(
        refused(
            file.set_service_framework(rds, Framework::PciDss, true, "ana")
                .unwrap_err()
        ),
        "framework"
    );

    let words: Vec<String> = (0..4)
        .map(|_| file.undo_after(0, "ana").unwrap().unwrap().words)
        .collect();
    assert_eq!(
        words,
        [
            "Undid: removing Amazon RDS · SOC 2",
            "Undid: Amazon RDS · sensitivity back to Medium",
            "Undid: Amazon RDS · data types back to none",
            "Undid: Amazon RDS · provider back to Azure",
        ]
    );
    let s = file.service(rds).unwrap();
    assert_eq!(s.provider, "Azure");
    assert!(s.data_types.is_empty());
    assert_eq!(s.sensitivity, Sensitivity::Medium);
    assert_eq!(s.frameworks, vec![Framework::Soc2, Framework::Hipaa]);
    assert_eq!(gaps(&file), 0);
    let redone = file.redo_after(0, "ana").unwrap().unwrap();
    assert_eq!(redone.words, "Redid: Amazon RDS · provider to AWS");
}

#[test]
fn a_rename_is_an_undo_step_and_a_removal_after_it_undoes_first() {
    let (_dir, mut file) = new_file();
    let lambda = add(&mut file, "AWS Lambda prod", "AWS", ServiceModel::Faas);
    let s3 = add(&mut file, "Amazon S3", "AWS", ServiceModel::Paas);
    file.set_layer_owner(
        lambda,
        Layer::Runtime,
        Ownership::Shared,
        "managed runtime",
        "ana",
    )
    .unwrap();
    file.rename_service(lambda, "Lambda prod (eu-west-1)", "ana")
        .unwrap();
    file.remove_service(s3, "ana").unwrap();

    let undone = file.undo_after(0, "ana").unwrap().unwrap();
    assert_eq!(undone.words, "Undid: removing Amazon S3");
    assert_eq!(file.service(s3).unwrap().name, "Amazon S3");
    let undone = file.undo_after(0, "ana").unwrap().unwrap();
    assert_eq!(
        undone.words,
        "Undid: Lambda prod (eu-west-1) back to AWS Lambda prod"
    );
    assert_eq!(file.service(lambda).unwrap().name, "AWS Lambda prod");
    let redone = file.redo_after(0, "ana").unwrap().unwrap();
    assert!(redone.words.starts_with("Redid:"), "{}", redone.words);
    assert_eq!(
        file.service(lambda).unwrap().name,
        "Lambda prod (eu-west-1)"
    );
    assert_eq!(
        file.service(lambda).unwrap().layers[Layer::Runtime.index()].owner,
        Ownership::Shared
    );
}

#[test]
fn the_locale_and_the_sample_mark_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acme.demarc");
    {
        let mut file = EngagementFile::create(&path, &Engagement::new("Acme")).unwrap();
        file.set_locale("de-CH", "ana").unwrap();
    }
    let file = EngagementFile::open(&path).unwrap();
    let e = file.engagement().unwrap();
    assert_eq!((e.locale.as_str(), e.sample), ("de-CH", false));
}

#[test]
fn a_services_region_is_an_undo_step() {
    let (_dir, mut file) = new_file();
    let s3 = add(&mut file, "Amazon S3", "AWS", ServiceModel::Paas);
    file.set_service_region(s3, Some("us-east-1"), "ana")
        .unwrap();
    file.set_service_region(s3, Some("eu-west-1"), "ana")
        .unwrap();
    let undone = file.undo_after(0, "ana").unwrap().unwrap();
    assert_eq!(undone.words, "Undid: Amazon S3 · region back to us-east-1");
    assert_eq!(
        file.service(s3).unwrap().region.as_deref(),
        Some("us-east-1")
    );
    let undone = file.undo_after(0, "ana").unwrap().unwrap();
    assert_eq!(undone.words, "Undid: Amazon S3 · region back to none");
    assert_eq!(file.service(s3).unwrap().region, None);
    file.redo_after(0, "ana").unwrap().unwrap();
    assert_eq!(
        file.service(s3).unwrap().region.as_deref(),
        Some("us-east-1")
    );
}
