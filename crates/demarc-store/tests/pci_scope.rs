//! What a PCI QSA sent back on the demo (issue 13): the PCI DSS profile records how the client
//! validates and why each service is in scope, names services rather than ids, a TPSP row no
//! current AOC covers is the TPSP's and not validated, and the demo's layer overrides say the
//! same thing in their owner and their reason.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use chrono::NaiveDate;
use demarc_core::{
    pci_term, tpsp_validation, Framework, MatrixFilter, Ownership, PciValidation, ScopingProfile,
    ServiceScope, ServiceScopeNote, Subject, TpspValidation,
};
use demarc_store::{write_demo, EngagementFile, StoreError};

const WHO: &str = "test";

fn demo() -> (tempfile::TempDir, EngagementFile) {
    let dir = tempfile::tempdir().unwrap();
    let file = write_demo(&dir.path().join("demo.demarc")).unwrap();
    (dir, file)
}

fn pci(file: &EngagementFile) -> demarc_core::PciProfile {
    match file.scoping_profile(Framework::PciDss).unwrap() {
        Some(ScopingProfile::PciDss(p)) => p,
        other => panic!("no PCI DSS profile: {other:?}"),
    }
}

#[test]
fn the_demo_says_how_it_validates_and_why_each_service_is_in_scope() {
    let (_dir, file) = demo();
    let p = pci(&file);
    assert_eq!(p.validation, Some(PciValidation::SaqA));
    assert!(
        p.validation_reason.contains("iframe"),
        "{}",
        p.validation_reason
    );
    let services = file.services().unwrap();
    for s in &services {
        let note = p
            .scope_of(s.id)
            .unwrap_or_else(|| panic!("{} has no PCI DSS scope", s.name));
        assert_eq!(
            note.scope.in_scope(),
            s.frameworks.contains(&Framework::PciDss),
            "{}",
            s.name
        );
        assert!(!note.rationale.is_empty());
    }
    let scope = |name: &str| p.scope_of(file.service_id(name).unwrap()).unwrap().scope;
    assert_eq!(scope("Amazon EKS"), ServiceScope::PaymentPage);
    assert_eq!(scope("Microsoft Entra ID"), ServiceScope::SecurityImpacting);
    assert_eq!(scope("Stripe Payments"), ServiceScope::Tpsp);
    // SAQ A holds: nothing of Northwind's is in the CDE.
    assert!(!p.service_scope.iter().any(|n| n.scope == ServiceScope::Cde));
}

#[test]
fn the_profile_names_services_in_the_log_not_ids() {
    let (_dir, file) = demo();
    let eks = file.service_id("Amazon EKS").unwrap();
    let entry = file
        .decisions()
        .unwrap()
        .into_iter()
        .find(|d| {
            d.about
                == Subject::ScopingProfile {
                    framework: Framework::PciDss,
                }
        })
        .unwrap();
    let value = entry.new_value.unwrap();
    assert!(
        value.contains("payment page served by Amazon EKS"),
        "{value}"
    );
    assert!(!value.contains(&format!("#{eks}")), "{value}");
    assert!(value.contains("validates with SAQ A"), "{value}");
}

#[test]
fn a_scope_that_contradicts_the_services_is_refused_by_field() {
    let (_dir, mut file) = demo();
    let field = |r: Result<ScopingProfile, StoreError>| match r.unwrap_err() {
        StoreError::Invalid { field, .. } => field,
        other => panic!("{other}"),
    };
    let base = pci(&file);
    let entra = file.service_id("Microsoft Entra ID").unwrap();
    let ec2 = file.service_id("Amazon EC2").unwrap();
    let with = |note: ServiceScopeNote| {
        let mut p = base.clone();
        p.service_scope.retain(|n| n.service_id != note.service_id);
        p.service_scope.push(note);
        ScopingProfile::PciDss(p)
    };
    // Entra ID is in PCI DSS scope by its frameworks: it cannot be out of scope.
    let out = with(ServiceScopeNote {
        service_id: entra,
        scope: ServiceScope::OutOfScope,
        rationale: "nothing to see".into(),
    });
    assert_eq!(field(file.set_scoping_profile(&out, WHO)), "service_scope");
    // EC2 is not: it cannot be connected-to until PCI DSS is added to it.
    let connected = with(ServiceScopeNote {
        service_id: ec2,
        scope: ServiceScope::ConnectedTo,
        rationale: "talks to the checkout cluster".into(),
    });
    assert_eq!(
        field(file.set_scoping_profile(&connected, WHO)),
        "service_scope"
    );
    let gone = with(ServiceScopeNote {
        service_id: 9999,
        scope: ServiceScope::OutOfScope,
        rationale: "x".into(),
    });
    assert_eq!(field(file.set_scoping_profile(&gone, WHO)), "service_scope");
    let mut sp = base.clone();
    sp.validation = Some(PciValidation::SaqDServiceProvider);
    assert_eq!(
        field(file.set_scoping_profile(&ScopingProfile::PciDss(sp), WHO)),
        "validation"
    );
    // Nothing was saved by the refusals.
    assert_eq!(pci(&file), base);
}

/// Entra ID's AOC is stale and AWS's AOC does not list EKS: their TPSP-side rows stay the
/// TPSP's in 12.8.5's terms and are not validated; Stripe's current AOC validates its rows.
#[test]
fn tpsp_rows_behind_a_stale_or_non_listing_aoc_are_not_validated() {
    let (_dir, file) = demo();
    let today = NaiveDate::from_ymd_opt(2026, 12, 15).unwrap();
    let on = file.reliance(today).unwrap();
    let attestations = file.attestations().unwrap();
    let rows = file
        .matrix_on(
            &MatrixFilter {
                framework: Some(Framework::PciDss),
                ..MatrixFilter::default()
            },
            today,
        )
        .unwrap();
    let mut seen = [0; 3];
    for r in rows.iter().filter(|r| r.service.is_some()) {
        let service = r.service.as_deref().unwrap();
        let provider = match service {
            "Microsoft Entra ID" => "Microsoft",
            "Amazon EKS" => "AWS",
            _ => "Stripe",
        };
        let Some(v) = tpsp_validation(r, provider, &attestations, on) else {
            continue;
        };
        assert!(matches!(pci_term(r.owner), "TPSP" | "Shared"));
        match (service, v) {
            ("Microsoft Entra ID", TpspValidation::NotValidated(why)) => {
                assert!(why.starts_with("stale AOC"), "{why}");
                seen[0] += 1;
            }
            ("Amazon EKS", TpspValidation::NotValidated(why)) => {
                assert!(why.starts_with("AOC does not list Amazon EKS"), "{why}");
                seen[1] += 1;
            }
            ("Stripe Payments", TpspValidation::Validated(a)) => {
                assert_eq!(a.provider, "Stripe");
                seen[2] += 1;
            }
            (s, v) => panic!("{s} {}: {v:?}", r.control_id),
        }
        if r.owner == Ownership::Provider {
            assert_ne!(service, "Stripe Payments");
        }
    }
    assert!(seen.iter().all(|n| *n > 0), "{seen:?}");
}

/// A layer override's owner and its reason agree: a shared layer says what is ours, and no
/// layer we own or share says the data never touches us.
#[test]
fn the_demos_layer_overrides_say_what_their_owner_says() {
    let (_dir, file) = demo();
    for s in file.services().unwrap() {
        for l in &s.layers {
            let Some(reason) = &l.reason else { continue };
            let r = reason.to_lowercase();
            if matches!(l.owner, Ownership::Customer | Ownership::Shared) {
                assert!(
                    !r.contains("never touches our") && !r.contains("not ours"),
                    "{} {:?} is {:?} but says {reason:?}",
                    s.name,
                    l.layer,
                    l.owner
                );
            }
            if l.owner == Ownership::Shared {
                assert!(
                    r.contains("we ") || r.contains("our "),
                    "{} {:?} is shared but its reason names no part of ours: {reason:?}",
                    s.name,
                    l.layer
                );
            }
        }
    }
}
