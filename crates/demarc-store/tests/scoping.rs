//! The scoping profile per framework on the engagement file: the requirements it rules out
//! (not applicable with the profile as the reason, or out of the matrix for SOC 2 categories),
//! a person's override still winning, the decision log and undo, and an engagement with no
//! profile yet.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use demarc_core::{
    DataType, Engagement, Framework, GapKind, HipaaProfile, HipaaRole, MatrixFilter, MatrixRow,
    NewService, OwnerSource, Ownership, PaymentChannel, PciEntity, PciProfile, ScopingProfile,
    Sensitivity, ServiceModel, Soc2Profile, Subject, TrustCategory,
};
use demarc_store::{ControlSelector, EngagementFile, StoreError};

const WHO: &str = "test";

fn temp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.demarc");
    (dir, path)
}

/// SOC 2, HIPAA and PCI DSS in scope, with one service in scope for all three.
fn shop(path: &Path) -> (EngagementFile, i64) {
    let mut e = Engagement::new("Shop");
    e.frameworks = vec![Framework::Soc2, Framework::Hipaa, Framework::PciDss];
    let mut file = EngagementFile::create(path, &e).unwrap();
    let s = file
        .add_service(
            &NewService {
                name: "Checkout".into(),
                provider: "AWS".into(),
                model: ServiceModel::Iaas,
                sensitivity: Sensitivity::High,
                data_types: vec![DataType::CardholderData, DataType::Phi],
                frameworks: vec![Framework::Soc2, Framework::Hipaa, Framework::PciDss],
            },
            WHO,
        )
        .unwrap();
    (file, s.id)
}

fn rows(file: &EngagementFile, framework: Framework) -> Vec<MatrixRow> {
    file.matrix(&MatrixFilter {
        framework: Some(framework),
        ..MatrixFilter::default()
    })
    .unwrap()
}

fn row(file: &EngagementFile, framework: Framework, control: &str) -> MatrixRow {
    rows(file, framework)
        .into_iter()
        .find(|r| r.control_id == control)
        .unwrap_or_else(|| panic!("no row {control}"))
}

fn pci(entity: PciEntity, channels: &[PaymentChannel]) -> PciProfile {
    PciProfile {
        entity,
        channels: channels.to_vec(),
        multi_tenant: false,
        designated_entity: false,
        early_tls_poi: false,
        issuer: false,
        payment_page_services: Vec::new(),
        validation: None,
        validation_reason: String::new(),
        service_scope: Vec::new(),
    }
}

fn merchant(channels: &[PaymentChannel]) -> ScopingProfile {
    ScopingProfile::PciDss(pci(PciEntity::Merchant, channels))
}

fn hipaa(role: HipaaRole, group_health_plan: bool) -> ScopingProfile {
    ScopingProfile::Hipaa(HipaaProfile {
        role,
        group_health_plan,
        clearinghouse: false,
    })
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 1, 10).unwrap()
}

/// Asserts the row is not applicable by the profile, for the reason given in part.
fn ruled_out(r: &MatrixRow, because: &[&str]) {
    assert_eq!(
        (r.owner, r.source),
        (Ownership::NotApplicable, OwnerSource::Scoping),
        "{}",
        r.control_id
    );
    let why = r.na_justification.as_deref().unwrap_or_default();
    for part in because {
        assert!(
            why.contains(part),
            "{}: {why:?} lacks {part:?}",
            r.control_id
        );
    }
}

fn applies(r: &MatrixRow) {
    assert_ne!(r.source, OwnerSource::Scoping, "{}", r.control_id);
    assert_ne!(r.owner, Ownership::NotApplicable, "{}", r.control_id);
}

/// The row gaps of one control.
fn row_gaps(file: &EngagementFile, control: &str) -> Vec<GapKind> {
    file.gaps(today())
        .unwrap()
        .gaps
        .into_iter()
        .filter(|g| g.control.as_deref() == Some(control))
        .map(|g| g.kind)
        .collect()
}

#[test]
fn every_pci_dss_requirement_has_a_row_parents_included() {
    let (_dir, path) = temp();
    let (file, _) = shop(&path);
    let pci = rows(&file, Framework::PciDss);
    assert_eq!(pci.len(), 279);
    for parent in [
        "3.5.1", "4.2.1", "10.2.1", "10.4.1", "11.3.1", "11.3.2", "11.5.1", "12.5.2", "A3.2.2",
        "9.5.1.2",
    ] {
        assert!(pci.iter().any(|r| r.control_id == parent), "{parent}");
    }
    // Principal requirements and section headings carry no testing procedure.
    for heading in ["12", "12.8", "A1", "A3.2"] {
        assert!(!pci.iter().any(|r| r.control_id == heading), "{heading}");
    }
}

#[test]
fn service_provider_requirements_are_not_applicable_to_a_merchant() {
    let (_dir, path) = temp();
    let (mut file, _) = shop(&path);
    file.set_scoping_profile(&merchant(&[PaymentChannel::Iframe]), WHO)
        .unwrap();
    let provider_only = [
        "3.6.1.1", "3.7.9", "8.2.3", "8.3.10", "8.3.10.1", "10.7.1", "11.4.6", "11.5.1.1",
        "12.4.1", "12.4.2", "12.4.2.1", "12.5.2.1", "12.5.3", "12.9.1", "12.9.2",
    ];
    for id in provider_only {
        ruled_out(
            &row(&file, Framework::PciDss, id),
            &[
                "PCI DSS scoping profile",
                "entity type merchant",
                "service providers only",
            ],
        );
        assert!(row_gaps(&file, id).is_empty(), "{id}: not a gap");
    }
    // The parent and the requirements for every entity still apply.
    applies(&row(&file, Framework::PciDss, "12.5.2"));
    applies(&row(&file, Framework::PciDss, "10.7.2"));

    file.set_scoping_profile(
        &ScopingProfile::PciDss(pci(PciEntity::Both, &[PaymentChannel::Iframe])),
        WHO,
    )
    .unwrap();
    for id in provider_only {
        applies(&row(&file, Framework::PciDss, id));
    }
}

#[test]
fn the_appendices_follow_the_profile() {
    let (_dir, path) = temp();
    let (mut file, _) = shop(&path);
    file.set_scoping_profile(&merchant(&[PaymentChannel::Iframe]), WHO)
        .unwrap();
    ruled_out(
        &row(&file, Framework::PciDss, "A1.1.1"),
        &["not a multi-tenant service provider"],
    );
    ruled_out(&row(&file, Framework::PciDss, "11.4.7"), &["multi-tenant"]);
    ruled_out(
        &row(&file, Framework::PciDss, "A2.1.1"),
        &["no POI terminal on SSL or early TLS"],
    );
    ruled_out(
        &row(&file, Framework::PciDss, "A3.2.2"),
        &["not a designated entity"],
    );
    ruled_out(&row(&file, Framework::PciDss, "3.3.3"), &["not an issuer"]);

    let mut provider = pci(PciEntity::ServiceProvider, &[PaymentChannel::CardPresent]);
    provider.multi_tenant = true;
    provider.designated_entity = true;
    provider.early_tls_poi = true;
    file.set_scoping_profile(&ScopingProfile::PciDss(provider), WHO)
        .unwrap();
    for id in ["A1.1.1", "A1.2.3", "11.4.7", "A2.1.1", "A2.1.3", "A3.2.2"] {
        applies(&row(&file, Framework::PciDss, id));
    }

    // A merchant's terminals on early TLS: A2.1.1 applies, A2.1.3 (service providers) does not.
    let mut terminals = pci(PciEntity::Merchant, &[PaymentChannel::CardPresent]);
    terminals.early_tls_poi = true;
    file.set_scoping_profile(&ScopingProfile::PciDss(terminals), WHO)
        .unwrap();
    applies(&row(&file, Framework::PciDss, "A2.1.1"));
    ruled_out(
        &row(&file, Framework::PciDss, "A2.1.3"),
        &["entity type merchant"],
    );
}

#[test]
fn poi_device_requirements_need_a_card_present_channel() {
    let (_dir, path) = temp();
    let (mut file, _) = shop(&path);
    file.set_scoping_profile(&merchant(&[PaymentChannel::Iframe]), WHO)
        .unwrap();
    for id in ["9.5.1", "9.5.1.1", "9.5.1.2", "9.5.1.2.1", "9.5.1.3"] {
        ruled_out(
            &row(&file, Framework::PciDss, id),
            &["payment channels iframe", "POI"],
        );
    }
    applies(&row(&file, Framework::PciDss, "9.4.1"));
    file.set_scoping_profile(
        &merchant(&[PaymentChannel::Iframe, PaymentChannel::CardPresent]),
        WHO,
    )
    .unwrap();
    applies(&row(&file, Framework::PciDss, "9.5.1.2.1"));
}

#[test]
fn payment_page_script_requirements_follow_the_channel() {
    let (_dir, path) = temp();
    let (mut file, _) = shop(&path);
    // The merchant's page embeds the provider's iframe: its scripts are in scope.
    file.set_scoping_profile(&merchant(&[PaymentChannel::Iframe]), WHO)
        .unwrap();
    applies(&row(&file, Framework::PciDss, "6.4.3"));
    applies(&row(&file, Framework::PciDss, "11.6.1"));
    // A redirect alone: the payment page is the provider's.
    file.set_scoping_profile(
        &merchant(&[PaymentChannel::Redirect, PaymentChannel::Moto]),
        WHO,
    )
    .unwrap();
    for id in ["6.4.3", "11.6.1"] {
        ruled_out(
            &row(&file, Framework::PciDss, id),
            &[
                "payment channels redirect, mail/telephone order",
                "redirect",
            ],
        );
    }
    file.set_scoping_profile(&merchant(&[PaymentChannel::ProviderScript]), WHO)
        .unwrap();
    applies(&row(&file, Framework::PciDss, "6.4.3"));
}

#[test]
fn a_persons_override_still_wins_over_the_profile() {
    let (_dir, path) = temp();
    let (mut file, _) = shop(&path);
    file.set_scoping_profile(&merchant(&[PaymentChannel::Iframe]), WHO)
        .unwrap();
    // 12.9.1 and 12.9.2 are the client's own, once: set on their entity rows.
    file.set_control_owner(
        None,
        Some(Framework::PciDss),
        &ControlSelector::Control("12.9.1".into()),
        Ownership::Customer,
        "We also host a payment page for a partner brand",
        WHO,
    )
    .unwrap();
    let r = row(&file, Framework::PciDss, "12.9.1");
    assert_eq!(
        (r.owner, r.source),
        (Ownership::Customer, OwnerSource::Override)
    );
    // A justification a person writes stays the row's.
    file.set_na_justification(None, Framework::PciDss, "12.9.2", "Our own words", WHO)
        .unwrap();
    assert_eq!(
        row(&file, Framework::PciDss, "12.9.2")
            .na_justification
            .as_deref(),
        Some("Our own words")
    );
}

#[test]
fn hipaa_requirements_follow_the_role() {
    let (_dir, path) = temp();
    let (mut file, _) = shop(&path);
    file.set_scoping_profile(&hipaa(HipaaRole::BusinessAssociate, false), WHO)
        .unwrap();
    for id in ["164.314(b)(1)", "164.314(b)(2)"] {
        ruled_out(
            &row(&file, Framework::Hipaa, id),
            &["HIPAA scoping profile", "not a group health plan"],
        );
        assert!(row_gaps(&file, id).is_empty(), "{id}");
    }
    ruled_out(
        &row(&file, Framework::Hipaa, "164.308(b)(1)"),
        &["role business associate"],
    );
    ruled_out(
        &row(&file, Framework::Hipaa, "164.308(a)(4)(ii)(A)"),
        &["not a health care clearinghouse"],
    );
    applies(&row(&file, Framework::Hipaa, "164.308(b)(2)"));
    applies(&row(&file, Framework::Hipaa, "164.314(a)(1)"));
    applies(&row(&file, Framework::Hipaa, "164.314(a)(2)"));

    file.set_scoping_profile(&hipaa(HipaaRole::CoveredEntity, true), WHO)
        .unwrap();
    applies(&row(&file, Framework::Hipaa, "164.314(b)(1)"));
    applies(&row(&file, Framework::Hipaa, "164.308(b)(1)"));
    ruled_out(
        &row(&file, Framework::Hipaa, "164.308(b)(2)"),
        &["role covered entity"],
    );
}

#[test]
fn hipaa_carries_164_308_b_2_and_the_designations() {
    let (_dir, path) = temp();
    let (file, _) = shop(&path);
    let hipaa = rows(&file, Framework::Hipaa);
    assert_eq!(hipaa.len(), 64);
    let title = |id: &str| {
        hipaa
            .iter()
            .find(|r| r.control_id == id)
            .map(|r| r.title.clone())
            .unwrap_or_else(|| panic!("no row {id}"))
    };
    assert_eq!(
        title("164.308(b)(2)"),
        "Business associate assurances from subcontractors"
    );
    assert_eq!(title("164.308(a)(1)(ii)(A)"), "Risk analysis (Required)");
    assert_eq!(
        title("164.312(a)(2)(iv)"),
        "Encryption and decryption (Addressable)"
    );
    assert_eq!(title("164.312(b)"), "Audit controls");
    let required = hipaa
        .iter()
        .filter(|r| r.title.ends_with("(Required)"))
        .count();
    let addressable = hipaa
        .iter()
        .filter(|r| r.title.ends_with("(Addressable)"))
        .count();
    assert_eq!((required, addressable), (19, 22));
}

#[test]
fn soc2_categories_outside_the_report_leave_the_matrix() {
    let (_dir, path) = temp();
    let (mut file, _) = shop(&path);
    assert_eq!(rows(&file, Framework::Soc2).len(), 61);
    file.set_scoping_profile(
        &ScopingProfile::Soc2(Soc2Profile {
            categories: vec![TrustCategory::Availability],
        }),
        WHO,
    )
    .unwrap();
    let soc2 = rows(&file, Framework::Soc2);
    // 33 common criteria (Security) and A1.1 to A1.3.
    assert_eq!(soc2.len(), 36);
    assert!(soc2.iter().any(|r| r.control_id == "A1.2"));
    assert!(soc2.iter().any(|r| r.control_id == "CC9.2"));
    for left_out in ["C1.1", "PI1.1", "P1.1", "P8.1"] {
        assert!(!soc2.iter().any(|r| r.control_id == left_out), "{left_out}");
        assert!(row_gaps(&file, left_out).is_empty(), "{left_out}");
    }
    assert_eq!(
        file.scoping_profile(Framework::Soc2).unwrap(),
        Some(ScopingProfile::Soc2(Soc2Profile {
            categories: vec![TrustCategory::Security, TrustCategory::Availability],
        })),
        "Security is always in the report"
    );
}

#[test]
fn setting_a_profile_is_logged_and_undoable() {
    let (_dir, path) = temp();
    let (mut file, _) = shop(&path);
    let log = file.decisions().unwrap().len();
    file.set_scoping_profile(&merchant(&[PaymentChannel::Iframe]), WHO)
        .unwrap();
    file.set_scoping_profile(&merchant(&[PaymentChannel::Redirect]), "Priya")
        .unwrap();
    // The same answers again change nothing and log nothing.
    file.set_scoping_profile(&merchant(&[PaymentChannel::Redirect]), "Priya")
        .unwrap();
    let decisions = file.decisions().unwrap();
    assert_eq!(decisions.len(), log + 2);
    let last = decisions.last().unwrap();
    assert_eq!(
        last.about,
        Subject::ScopingProfile {
            framework: Framework::PciDss
        }
    );
    assert_eq!(last.who, "Priya");
    assert!(last
        .old_value
        .as_deref()
        .is_some_and(|v| v.contains("channels: iframe")));
    assert!(last
        .new_value
        .as_deref()
        .is_some_and(|v| v.starts_with("merchant; channels: redirect")));

    ruled_out(&row(&file, Framework::PciDss, "6.4.3"), &["redirect"]);
    let undone = file.undo(WHO).unwrap().unwrap();
    assert!(undone.contains("scoping profile pci_dss"), "{undone}");
    applies(&row(&file, Framework::PciDss, "6.4.3"));
    assert_eq!(
        file.scoping_profile(Framework::PciDss).unwrap(),
        Some(merchant(&[PaymentChannel::Iframe]))
    );
    file.undo(WHO).unwrap().unwrap();
    assert_eq!(file.scoping_profile(Framework::PciDss).unwrap(), None);
    applies(&row(&file, Framework::PciDss, "12.9.1"));
    file.redo(WHO).unwrap().unwrap();
    assert_eq!(
        file.scoping_profile(Framework::PciDss).unwrap(),
        Some(merchant(&[PaymentChannel::Iframe]))
    );

    // The profile is kept in the file.
    drop(file);
    let file = EngagementFile::open_for_reading(&path).unwrap();
    assert_eq!(file.scoping_profiles().unwrap().len(), 1);
}

#[test]
fn with_no_profile_everything_applies_and_a_gap_asks_for_it() {
    let (_dir, path) = temp();
    let (mut file, _) = shop(&path);
    applies(&row(&file, Framework::PciDss, "12.9.1"));
    applies(&row(&file, Framework::Hipaa, "164.314(b)(1)"));
    let asked = |file: &EngagementFile| -> Vec<String> {
        file.gaps(today())
            .unwrap()
            .gaps
            .into_iter()
            .filter(|g| g.kind == GapKind::ScopingNotAnswered)
            .map(|g| g.message)
            .collect()
    };
    let open = asked(&file);
    assert_eq!(open.len(), 3, "{open:?}");
    assert!(open
        .iter()
        .any(|m| m.starts_with("PCI DSS scoping not answered")));
    file.set_scoping_profile(&merchant(&[PaymentChannel::Iframe]), WHO)
        .unwrap();
    let open = asked(&file);
    assert_eq!(open.len(), 2);
    assert!(!open.iter().any(|m| m.starts_with("PCI DSS")));
}

#[test]
fn contradicting_answers_are_refused_and_nothing_is_saved() {
    let (_dir, path) = temp();
    let (mut file, _) = shop(&path);
    let log = file.decisions().unwrap().len();
    let refused = |e: StoreError| match e {
        StoreError::Invalid { field, .. } => field,
        other => panic!("{other}"),
    };
    let err = file.set_scoping_profile(&merchant(&[]), WHO).unwrap_err();
    assert_eq!(refused(err), "channels");
    let err = file
        .set_scoping_profile(&hipaa(HipaaRole::BusinessAssociate, true), WHO)
        .unwrap_err();
    assert_eq!(refused(err), "group_health_plan");
    assert_eq!(file.decisions().unwrap().len(), log);
    assert!(file.scoping_profiles().unwrap().is_empty());
}

#[test]
fn the_demo_is_a_merchant_with_an_iframe_a_business_associate_and_soc2_with_availability() {
    let dir = tempfile::tempdir().unwrap();
    let file = demarc_store::write_demo(&dir.path().join("demo.demarc")).unwrap();
    let profiles = file.scoping_profiles().unwrap();
    assert_eq!(profiles.len(), 3);
    assert!(matches!(&profiles[0], ScopingProfile::PciDss(p)
        if p.entity == PciEntity::Merchant && p.channels == [PaymentChannel::Iframe]));
    assert!(matches!(&profiles[1], ScopingProfile::Hipaa(h)
        if h.role == HipaaRole::BusinessAssociate));
    let matrix = file.matrix(&MatrixFilter::default()).unwrap();
    // POI devices are nobody's: not "shared with Microsoft Entra ID", not inherited from Stripe.
    let poi: Vec<&MatrixRow> = matrix
        .iter()
        .filter(|r| r.framework == Framework::PciDss && r.control_id.starts_with("9.5."))
        .collect();
    assert!(!poi.is_empty());
    for r in &poi {
        ruled_out(r, &["card-present"]);
    }
    for r in matrix.iter().filter(|r| r.control_id == "164.314(b)(1)") {
        ruled_out(r, &["not a group health plan"]);
    }
    for r in matrix.iter().filter(|r| r.control_id == "12.9.1") {
        ruled_out(r, &["entity type merchant"]);
    }
    // The page embedding Stripe's form is the merchant's, served by EKS: its scripts are
    // assessed there, and on no other service.
    for control in ["6.4.3", "11.6.1"] {
        let rows: Vec<&MatrixRow> = matrix.iter().filter(|r| r.control_id == control).collect();
        assert!(rows.len() >= 3, "{control}");
        for r in rows {
            let page = r.service.as_deref() == Some("Amazon EKS");
            assert_eq!(
                r.source == OwnerSource::Scoping,
                !page,
                "{control} {:?}",
                r.service
            );
        }
    }
    assert!(matrix.iter().any(|r| r.control_id == "A1.2"));
    assert!(!matrix
        .iter()
        .any(|r| r.framework == Framework::Soc2 && r.control_id.starts_with("C1")));
    let gaps = file.gaps(today()).unwrap();
    assert!(!gaps
        .gaps
        .iter()
        .any(|g| g.kind == GapKind::ScopingNotAnswered));
}
