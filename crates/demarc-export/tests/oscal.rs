#![allow(clippy::unwrap_used)]
//! The OSCAL system security plan fragment of the demo engagement: its content against the
//! matrix and the register, and compliance-trestle's verdict on it (`scripts/check-oscal`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::{NaiveDate, NaiveDateTime};
use demarc_core::{
    AttestationKind, DataType, Framework, NewService, Ownership, Sensitivity, ServiceModel,
};
use demarc_export::{
    control_token, write_layout, write_oscal, ExportData, Layout, DEMARC_NS, FEDRAMP_NS,
    OSCAL_VERSION,
};
use demarc_store::{ControlSelector, EngagementFile};
use serde_json::Value;

fn at(y: i32, m: u32, d: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(9, 30, 0)
        .unwrap()
}

fn demo(dir: &Path, generated_at: NaiveDateTime) -> ExportData {
    let path = dir.join("demo.demarc");
    if !path.exists() {
        drop(demarc_store::write_demo(&path).unwrap());
    }
    let file = EngagementFile::open_for_reading(&path).unwrap();
    ExportData::load(&file, generated_at).unwrap()
}

fn plan(data: &ExportData) -> Value {
    let doc: Value = serde_json::from_slice(&write_oscal(data)).unwrap();
    doc["system-security-plan"].clone()
}

fn list<'a>(v: &'a Value, key: &str) -> &'a Vec<Value> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} is not a list"))
}

/// The values of the properties named `name` in namespace `ns`.
fn props<'a>(v: &'a Value, ns: &str, name: &str) -> Vec<&'a str> {
    v["props"]
        .as_array()
        .map(|p| p.as_slice())
        .unwrap_or_default()
        .iter()
        .filter(|p| p["name"] == name && p["ns"].as_str() == Some(ns))
        .map(|p| p["value"].as_str().unwrap())
        .collect()
}

fn requirement<'a>(ssp: &'a Value, control_id: &str) -> &'a Value {
    list(&ssp["control-implementation"], "implemented-requirements")
        .iter()
        .find(|r| r["control-id"] == control_id)
        .unwrap_or_else(|| panic!("no implemented requirement {control_id}"))
}

/// The statement of `service` in a requirement.
fn statement<'a>(ssp: &'a Value, req: &'a Value, service: &str) -> &'a Value {
    let component = list(&ssp["system-implementation"], "components")
        .iter()
        .find(|c| c["title"] == service)
        .unwrap_or_else(|| panic!("no component {service}"));
    list(req, "by-components")
        .iter()
        .find(|b| b["component-uuid"] == component["uuid"])
        .unwrap_or_else(|| panic!("{service} has no statement in {}", req["control-id"]))
}

fn resource<'a>(ssp: &'a Value, title: &str) -> &'a Value {
    list(&ssp["back-matter"], "resources")
        .iter()
        .find(|r| r["title"] == title)
        .unwrap_or_else(|| panic!("no back-matter resource {title}"))
}

/// The hrefs of an item's links.
fn links(v: &Value) -> Vec<String> {
    v["links"]
        .as_array()
        .map(|l| l.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|l| l["href"].as_str().unwrap().to_string())
        .collect()
}

/// The client's own statement of a requirement: what it inherits and how it answers the
/// responsibilities the services' statements leave it.
fn client_statement(req: &Value) -> &Value {
    list(req, "by-components")
        .iter()
        .find(|b| props(b, DEMARC_NS, "side") == ["client"])
        .unwrap_or_else(|| panic!("{} has no client statement", req["control-id"]))
}

/// The entries of `list` of a statement's export.
fn exported<'a>(b: &'a Value, key: &str) -> Vec<&'a Value> {
    b["export"][key]
        .as_array()
        .map(|l| l.iter().collect())
        .unwrap_or_default()
}

/// Checks that no client statement reads `implemented` while a responsibility of its control
/// is unanswered, and that its remarks say which; the number of such statements.
fn client_statements_count_what_is_unanswered(ssp: &Value) -> usize {
    let mut open = 0;
    for req in list(&ssp["control-implementation"], "implemented-requirements") {
        let statements = list(req, "by-components");
        let Some(client) = statements
            .iter()
            .find(|b| props(b, DEMARC_NS, "side") == ["client"])
        else {
            continue;
        };
        let answered: Vec<&Value> = client["satisfied"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|a| &a["responsibility-uuid"])
            .collect();
        let unanswered = statements
            .iter()
            .flat_map(|b| exported(b, "responsibilities"))
            .any(|r| !answered.contains(&&r["uuid"]));
        if unanswered {
            assert_ne!(
                client["implementation-status"]["state"], "implemented",
                "{client}"
            );
            assert!(client["implementation-status"]["remarks"]
                .as_str()
                .unwrap()
                .contains("Not answered yet"));
            open += 1;
        }
    }
    open
}

/// Every by-component statement of the plan.
fn statements(ssp: &Value) -> Vec<&Value> {
    list(&ssp["control-implementation"], "implemented-requirements")
        .iter()
        .flat_map(|r| list(r, "by-components"))
        .collect()
}

#[test]
fn the_plan_follows_the_matrix_and_the_register() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path(), at(2027, 1, 15));
    let ssp = plan(&data);

    let meta = &ssp["metadata"];
    assert_eq!(
        meta["title"],
        "Northwind Health system security plan: shared responsibility"
    );
    assert_eq!(meta["last-modified"], "2027-01-15T09:30:00Z");
    assert_eq!(meta["published"], "2027-01-15T09:30:00Z");
    // The demo is a draft of version 0.2: the metadata says so.
    assert_eq!(meta["version"], "0.2");
    assert_eq!(props(meta, DEMARC_NS, "document-status"), ["draft"]);
    assert!(props(meta, DEMARC_NS, "approved-by").is_empty());
    assert!(meta["remarks"]
        .as_str()
        .unwrap()
        .contains("Draft version 0.2: "));
    assert_eq!(meta["oscal-version"], OSCAL_VERSION);

    // The profile names the baselines in scope, through a back-matter resource.
    let href = ssp["import-profile"]["href"].as_str().unwrap();
    let baselines = list(&ssp["back-matter"], "resources")
        .iter()
        .find(|r| format!("#{}", r["uuid"].as_str().unwrap()) == href)
        .unwrap();
    let named: Vec<&str> = props(baselines, DEMARC_NS, "framework");
    assert_eq!(named.len(), 4);
    for f in [
        Framework::Soc2,
        Framework::Hipaa,
        Framework::PciDss,
        Framework::NistCsf,
    ] {
        assert!(named.iter().any(|n| n.starts_with(f.id())), "{named:?}");
        assert!(ssp["import-profile"]["remarks"]
            .as_str()
            .unwrap()
            .contains(f.label()));
    }

    // One component per service, beside the system itself.
    let components = list(&ssp["system-implementation"], "components");
    assert_eq!(components.len(), data.view.services.len() + 1);
    assert_eq!(components[0]["type"], "this-system");
    for (c, s) in components[1..].iter().zip(&data.view.services) {
        assert_eq!(c["type"], "service");
        assert_eq!(c["title"].as_str().unwrap(), s.name);
    }

    // AWS's FedRAMP authorization stands for the demo's NIST CSF rows of AWS services: the one
    // leveraged authorization; every other attestation is a back-matter resource only.
    let leveraged = list(&ssp["system-implementation"], "leveraged-authorizations");
    assert_eq!(leveraged.len(), 1, "{leveraged:?}");
    assert!(
        leveraged[0]["title"].as_str().unwrap().contains("AWS"),
        "{leveraged:?}"
    );
    assert_eq!(leveraged[0]["date-authorized"], "2016-06-21");
    let resources = list(&ssp["back-matter"], "resources");
    let expected: BTreeSet<String> = data
        .attestations
        .iter()
        .map(|a| a.label())
        .filter(|l| l != "AWS FedRAMP F1603087869")
        .collect();
    let written: BTreeSet<String> = resources
        .iter()
        .skip(1)
        .map(|r| r["title"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(written, expected);
    let report = resource(&ssp, "AWS SOC 2 Type II 2025-10-01..2026-09-30");
    assert_eq!(props(report, DEMARC_NS, "issued"), ["2026-11-15"]);
    assert_eq!(props(report, DEMARC_NS, "period-end"), ["2026-09-30"]);
    assert_eq!(
        props(report, DEMARC_NS, "status"),
        ["ends-before-audit-window"]
    );
    // Stripe's AOC is current today and stale on 2027-06-15, inside the window.
    let aoc = resource(&ssp, "Stripe PCI DSS 4.0.1 AOC 2026-06-15");
    assert_eq!(props(aoc, DEMARC_NS, "status"), ["expires-in-audit-window"]);
    assert_eq!(props(aoc, DEMARC_NS, "valid-until"), ["2027-06-15"]);

    // One implemented requirement per control of the matrix, one statement per row.
    let requirements = list(&ssp["control-implementation"], "implemented-requirements");
    let controls: BTreeSet<(Framework, &str)> = data
        .rows
        .iter()
        .map(|r| (r.framework, r.control_id.as_str()))
        .collect();
    assert_eq!(requirements.len(), controls.len());
    let ids: BTreeSet<&str> = requirements
        .iter()
        .map(|r| r["control-id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), requirements.len(), "a control id is repeated");
    // One statement per row; besides them, only the client's own statements.
    let rows_statements = requirements
        .iter()
        .flat_map(|r| list(r, "by-components"))
        .filter(|b| props(b, DEMARC_NS, "side").is_empty())
        .count();
    assert_eq!(rows_statements, data.rows.len());
    for owner in Ownership::ALL {
        let rows = data.rows.iter().filter(|r| r.owner == owner).count();
        let written = requirements
            .iter()
            .flat_map(|r| list(r, "by-components"))
            .filter(|b| props(b, DEMARC_NS, "ownership") == [owner.id()])
            .count();
        assert_eq!(written, rows, "{owner}");
    }

    // Stripe's media security (9.4) is inherited under Stripe's AOC, which lists it: no
    // FedRAMP authorization, so no origination at all (neither inherited nor the client's own
    // system's: an external service); the statement names Stripe and the AOC it relies on,
    // links to the AOC and says no FedRAMP authorization backs it.
    let req = requirement(&ssp, &control_token(Framework::PciDss, "9.4.1.1"));
    let stripe = statement(&ssp, req, "Stripe Payments");
    assert_eq!(props(stripe, DEMARC_NS, "ownership"), ["inherited"]);
    assert!(props(stripe, FEDRAMP_NS, "control-origination").is_empty());
    assert_eq!(props(stripe, DEMARC_NS, "external-provider"), ["Stripe"]);
    assert_eq!(
        props(stripe, DEMARC_NS, "relies-on"),
        ["Stripe PCI DSS 4.0.1 AOC 2026-06-15"]
    );
    let said = stripe["implementation-status"]["remarks"].as_str().unwrap();
    assert!(
        said.contains("covered by Stripe PCI DSS 4.0.1 AOC"),
        "{said}"
    );
    assert!(said.contains("no FedRAMP authorization backs it"), "{said}");
    // What Stripe's component provides is its export; nothing is left to the client.
    let provided = exported(stripe, "provided");
    assert_eq!(provided.len(), 1);
    assert!(provided[0]["description"]
        .as_str()
        .unwrap()
        .starts_with("Stripe implements this control for Stripe Payments"));
    assert!(exported(stripe, "responsibilities").is_empty());
    assert!(props(stripe, FEDRAMP_NS, "leveraged-authorization-uuid").is_empty());
    let aoc = resource(&ssp, "Stripe PCI DSS 4.0.1 AOC 2026-06-15");
    assert_eq!(
        links(stripe),
        [format!("#{}", aoc["uuid"].as_str().unwrap())]
    );
    assert_eq!(stripe["implementation-status"]["state"], "implemented");
    assert!(stripe["description"]
        .as_str()
        .unwrap()
        .contains("Stripe PCI DSS 4.0.1 AOC"));
    assert!(stripe.get("inherited").is_none());
    assert!(stripe.get("satisfied").is_none());

    // The RDS backup control was set shared with a reason: both sides, the provider's under
    // AWS's SOC 2 report (HIPAA inheritance rests on it with the BAA).
    let req = requirement(&ssp, "hipaa-164.308.a.7.ii.A");
    assert_eq!(
        props(req, DEMARC_NS, "control-id"),
        ["164.308(a)(7)(ii)(A)"]
    );
    let rds = statement(&ssp, req, "Amazon RDS for PostgreSQL");
    assert_eq!(props(rds, DEMARC_NS, "ownership"), ["shared"]);
    assert_eq!(props(rds, DEMARC_NS, "owner-source"), ["override"]);
    // The service's statement is AWS's side, which no FedRAMP authorization backs: no
    // origination there; the client's part makes the control `sp-system`.
    assert!(props(rds, FEDRAMP_NS, "control-origination").is_empty());
    assert_eq!(props(req, FEDRAMP_NS, "control-origination"), ["sp-system"]);
    let report = resource(&ssp, "AWS SOC 2 Type II 2025-10-01..2026-09-30");
    assert_eq!(
        links(rds),
        [format!("#{}", report["uuid"].as_str().unwrap())]
    );
    assert!(rds["description"]
        .as_str()
        .unwrap()
        .contains("Automated backups and point-in-time recovery are run by AWS"));
    // It provides AWS's part and leaves Northwind one that follows from it.
    let provided = exported(rds, "provided");
    let asked = exported(rds, "responsibilities");
    assert_eq!((provided.len(), asked.len()), (1, 1));
    assert_eq!(asked[0]["provided-uuid"], provided[0]["uuid"]);
    // Northwind has not written its part of RDS's backups: nothing answers the responsibility
    // (no placeholder answer), and the statement's status says what is missing.
    let open = &asked[0]["uuid"];
    for b in statements(&ssp) {
        for a in b["satisfied"].as_array().into_iter().flatten() {
            assert_ne!(&a["responsibility-uuid"], open, "{a}");
        }
    }
    assert!(rds["implementation-status"]["remarks"]
        .as_str()
        .unwrap()
        .contains("customer's part of this shared control is not written yet"));
    assert!(!String::from_utf8(write_oscal(&data))
        .unwrap()
        .contains("not described yet"));
    // A statement never satisfies its own export.
    for b in statements(&ssp) {
        assert!(
            b.get("satisfied").is_none() || b.get("export").is_none(),
            "{b}"
        );
    }

    // S3's CC7.2 is shared: the customer's part as written is what the client's own
    // statement satisfies, tied to the responsibility S3's statement leaves it.
    let req = requirement(&ssp, "soc2-CC7.2");
    let s3 = statement(&ssp, req, "Amazon S3");
    let part = "We turn on CloudTrail data events";
    let client = client_statement(req);
    assert_eq!(
        client["component-uuid"],
        list(&ssp["system-implementation"], "components")[0]["uuid"]
    );
    let answer = list(client, "satisfied")
        .iter()
        .find(|a| a["responsibility-uuid"] == exported(s3, "responsibilities")[0]["uuid"])
        .expect("the client answers S3's responsibility");
    assert!(answer["description"]
        .as_str()
        .unwrap()
        .starts_with(&format!("For Amazon S3: {part}")));
    assert_eq!(
        props(client, FEDRAMP_NS, "control-origination"),
        ["sp-system"]
    );
    assert!(props(s3, FEDRAMP_NS, "control-origination").is_empty());
    // A customer row is the customer's alone.
    let ec2 = statement(&ssp, requirement(&ssp, "soc2-CC7.2"), "Amazon EC2");
    assert_eq!(props(ec2, DEMARC_NS, "ownership"), ["customer"]);
    assert_eq!(props(ec2, FEDRAMP_NS, "control-origination"), ["sp-system"]);
    assert!(ec2.get("inherited").is_none() && ec2.get("satisfied").is_none());

    // Entra ID's CC6.2 names its evidence and its owner.
    let entra = statement(&ssp, requirement(&ssp, "soc2-CC6.2"), "Microsoft Entra ID");
    let remarks = entra["remarks"].as_str().unwrap();
    assert!(remarks.contains("Quarterly Entra ID access review export"));
    assert!(remarks.contains("Owner: Priya Raman"));

    // Entra ID's CC6.4 was set inherited with no attestation: the provider's, a claim.
    let claim = statement(&ssp, requirement(&ssp, "soc2-CC6.4"), "Microsoft Entra ID");
    assert_eq!(props(claim, DEMARC_NS, "ownership"), ["provider"]);
    assert_eq!(
        props(claim, DEMARC_NS, "claim"),
        ["inherited-without-attestation"]
    );
    // Nothing shows it done: planned, the remarks saying no attestation backs it.
    assert_eq!(claim["implementation-status"]["state"], "planned");
    assert!(claim["implementation-status"]["remarks"]
        .as_str()
        .unwrap()
        .contains("no current attestation"));
    assert!(claim["description"]
        .as_str()
        .unwrap()
        .starts_with("claimed inherited, no attestation"));

    // EC2's client devices do not apply; AWS's CUECs are satisfied by the customer.
    let na = data
        .rows
        .iter()
        .find(|r| r.owner == Ownership::NotApplicable && r.service.is_some())
        .unwrap();
    let req = requirement(&ssp, &control_token(na.framework, &na.control_id));
    let b = statement(&ssp, req, na.service.as_deref().unwrap());
    assert_eq!(b["implementation-status"]["state"], "not-applicable");
    assert_eq!(props(b, FEDRAMP_NS, "control-origination"), ["sp-system"]);
    let req = requirement(&ssp, "soc2-CC6.6");
    let b = statement(&ssp, req, "AWS Lambda");
    assert_eq!(props(b, DEMARC_NS, "ownership"), ["shared"]);
    let satisfied = list(client_statement(req), "satisfied")
        .iter()
        .find(|a| a["responsibility-uuid"] == exported(b, "responsibilities")[0]["uuid"])
        .unwrap();
    assert!(satisfied["description"]
        .as_str()
        .unwrap()
        .contains("configuring security groups and network ACLs"));
    assert!(satisfied["remarks"]
        .as_str()
        .unwrap()
        .starts_with("Complementary user entity controls of AWS SOC 2"));

    // An entity-level control has one statement, of the "this system" component: the
    // client's own, once.
    let req = requirement(&ssp, "soc2-CC1.1");
    let statements = list(req, "by-components");
    assert_eq!(statements.len(), 1);
    let this_system = statement(&ssp, req, &data.view.engagement.name);
    assert_eq!(props(this_system, DEMARC_NS, "scope"), ["entity"]);
    assert_eq!(props(this_system, DEMARC_NS, "ownership"), ["customer"]);
}

#[test]
fn the_same_engagement_gives_the_same_bytes_and_identifiers() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path(), at(2027, 1, 15));
    let bytes = write_oscal(&data);
    assert_eq!(bytes, write_oscal(&data));
    assert_eq!(bytes, write_layout(&data, Layout::Oscal).unwrap());
    assert_eq!(Layout::from_id("oscal"), Some(Layout::Oscal));
    assert_eq!(Layout::Oscal.extension(), "json");

    // Another day: new timestamps, the same identifiers.
    let later = plan(&demo(dir.path(), at(2027, 3, 1)));
    let ssp = plan(&data);
    assert_eq!(later["metadata"]["last-modified"], "2027-03-01T09:30:00Z");
    assert_eq!(later["uuid"], ssp["uuid"]);
    let uuids = |v: &Value| {
        list(&v["control-implementation"], "implemented-requirements")
            .iter()
            .flat_map(|r| list(r, "by-components"))
            .map(|b| b["uuid"].as_str().unwrap().to_string())
            .collect::<BTreeSet<String>>()
    };
    assert_eq!(uuids(&later), uuids(&ssp));
}

/// Where `scripts/check-oscal` finds compliance-trestle.
fn venv(root: &Path) -> PathBuf {
    std::env::var_os("TRESTLE_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/trestle-venv"))
}

/// `scripts/check-oscal FILE`, or `None` when compliance-trestle's venv is absent.
fn check(file: &Path) -> Option<Output> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    if !venv(&root).join("bin/python").exists() {
        return None;
    }
    Some(
        Command::new(root.join("scripts/check-oscal"))
            .arg(file)
            .output()
            .unwrap(),
    )
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn compliance_trestle_accepts_the_plan_and_rejects_broken_ones() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path(), at(2027, 1, 15));
    let file = dir.path().join("demo-oscal.json");
    std::fs::write(&file, write_oscal(&data)).unwrap();
    let Some(out) = check(&file) else {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        eprintln!(
            "SKIPPED: no compliance-trestle venv at {}; run scripts/setup. The OSCAL export \
             was not validated.",
            venv(&root).display()
        );
        return;
    };
    assert!(
        out.status.success(),
        "trestle rejected the export:\n{}",
        stderr(&out)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("valid OSCAL"), "{said}");
    println!("{said}");

    // Text no identifier or one-line field may carry as it is: line breaks, a leading `=`,
    // letters outside ASCII, an undecided control.
    let awkward = tempfile::tempdir().unwrap();
    drop(demo(awkward.path(), at(2027, 1, 15)));
    let mut file = EngagementFile::open(&awkward.path().join("demo.demarc")).unwrap();
    let s = file
        .add_service(
            &NewService {
                name: "Ελληνική υπηρεσία".into(),
                provider: "Ørsted\nCloud".into(),
                model: ServiceModel::Saas,
                sensitivity: Sensitivity::Low,
                data_types: vec![DataType::Phi],
                frameworks: vec![Framework::Soc2, Framework::Hipaa],
            },
            "Test",
        )
        .unwrap();
    file.set_customer_part(
        Some(s.id),
        Framework::Soc2,
        "CC6.1",
        "=1+1\n\nsecond line",
        "Test",
    )
    .unwrap();
    file.set_control_owner(
        Some(s.id),
        Some(Framework::Hipaa),
        &ControlSelector::Control("164.312(b)".into()),
        Ownership::Undetermined,
        "to be decided\nat the workshop",
        "Test",
    )
    .unwrap();
    drop(file);
    let odd = demo(awkward.path(), at(2027, 1, 15));
    let odd_file = awkward.path().join("odd-oscal.json");
    std::fs::write(&odd_file, write_oscal(&odd)).unwrap();
    let out = check(&odd_file).unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let odd = plan(&odd);
    let b = statement(
        &odd,
        requirement(&odd, "hipaa-164.312.b"),
        "Ελληνική υπηρεσία",
    );
    assert_eq!(b["implementation-status"]["state"], "planned");

    let ssp = plan(&data);
    let broken = |name: &str, change: &dyn Fn(&mut Value)| {
        let mut doc = serde_json::json!({ "system-security-plan": ssp.clone() });
        change(&mut doc["system-security-plan"]);
        let path = dir.path().join(format!("{name}.json"));
        std::fs::write(&path, serde_json::to_vec(&doc).unwrap()).unwrap();
        let out = check(&path).unwrap();
        assert_eq!(out.status.code(), Some(1), "{name} was accepted");
        stderr(&out)
    };
    let first = "/control-implementation/implemented-requirements/0/by-components/0";
    let why = broken("no-uuid", &|p| {
        p.pointer_mut(first)
            .unwrap()
            .as_object_mut()
            .unwrap()
            .remove("uuid");
    });
    assert!(why.contains("uuid"), "{why}");
    let why = broken("bad-control-id", &|p| {
        p["control-implementation"]["implemented-requirements"][0]["control-id"] =
            "164.312(b)".into();
    });
    assert!(why.contains("control-id"), "{why}");
    let why = broken("old-version", &|p| {
        p["metadata"]["oscal-version"] = "1.0.0".into();
    });
    assert!(why.contains("oscal-version"), "{why}");
    let why = broken("stray-component", &|p| {
        p.pointer_mut(first).unwrap()["component-uuid"] =
            "00000000-0000-4000-8000-000000000000".into();
    });
    assert!(why.contains("no component"), "{why}");
    let why = broken("twice", &|p| {
        let reqs = p["control-implementation"]["implemented-requirements"]
            .as_array_mut()
            .unwrap();
        let copy = reqs[0].clone();
        reqs.push(copy);
    });
    assert!(why.contains("UUID is used twice"), "{why}");

    // The defects of earlier exports, each refused.
    let why = broken("no-profile", &|p| {
        let resources = p["back-matter"]["resources"].as_array_mut().unwrap();
        resources[0].as_object_mut().unwrap().remove("base64");
    });
    assert!(why.contains("carries no profile"), "{why}");
    let why = broken("unselected", &|p| {
        p["control-implementation"]["implemented-requirements"][0]["control-id"] =
            "soc2-ZZ9.9".into();
    });
    assert!(why.contains("does not select it"), "{why}");
    let why = broken("no-status", &|p| {
        p.pointer_mut(first)
            .unwrap()
            .as_object_mut()
            .unwrap()
            .remove("implementation-status");
    });
    assert!(why.contains("no implementation status"), "{why}");
    // A requirement whose client statement answers a responsibility.
    let (requirement_of, client) = ssp["control-implementation"]["implemented-requirements"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .find_map(|(i, r)| {
            r["by-components"]
                .as_array()
                .unwrap()
                .iter()
                .position(|b| b.get("satisfied").is_some())
                .map(|j| {
                    (
                        format!("/control-implementation/implemented-requirements/{i}"),
                        j,
                    )
                })
        })
        .unwrap();
    let why = broken("unanswered", &|p| {
        let req = p.pointer_mut(&requirement_of).unwrap();
        for b in req["by-components"].as_array_mut().unwrap() {
            b.as_object_mut().unwrap().remove("export");
        }
    });
    assert!(why.contains("answers no responsibility"), "{why}");
    // A statement answering its own export, as an earlier export had it.
    let why = broken("self-satisfied", &|p| {
        let req = p.pointer_mut(&requirement_of).unwrap();
        let statements = req["by-components"].as_array_mut().unwrap();
        let answer = statements[client]["satisfied"][0].clone();
        let asker = statements
            .iter_mut()
            .find(|b| {
                b["export"]["responsibilities"]
                    .as_array()
                    .is_some_and(|r| r.iter().any(|r| r["uuid"] == answer["responsibility-uuid"]))
            })
            .unwrap();
        asker["satisfied"] = serde_json::json!([answer]);
        statements[client]
            .as_object_mut()
            .unwrap()
            .remove("satisfied");
    });
    assert!(
        why.contains("answers its own statement's responsibility"),
        "{why}"
    );
    let why = broken("unprovided", &|p| {
        let req = p.pointer_mut(&requirement_of).unwrap();
        for b in req["by-components"].as_array_mut().unwrap() {
            if let Some(export) = b.get_mut("export") {
                export.as_object_mut().unwrap().remove("provided");
            }
        }
    });
    assert!(
        why.contains("follows from nothing its statement provides"),
        "{why}"
    );
}

/// What FedRAMP's reading of the plan asks, each a defect an earlier export had: inherited
/// only under a leveraged FedRAMP authorization, other attestations as back-matter resources,
/// no date the register does not hold, a status on every statement, every `satisfied` tied
/// to the responsibility it answers.
#[test]
fn the_plan_holds_to_fedramp_semantics() {
    let dir = tempfile::tempdir().unwrap();
    drop(demo(dir.path(), at(2027, 1, 15)));
    // EC2 comes into FedRAMP scope: AWS's FedRAMP authorization covers it.
    let mut file = EngagementFile::open(&dir.path().join("demo.demarc")).unwrap();
    let ec2 = file.service_id("Amazon EC2").unwrap();
    file.add_framework(ec2, Framework::Fedramp, "Test").unwrap();
    drop(file);
    let data = demo(dir.path(), at(2027, 1, 15));
    let ssp = plan(&data);

    let authorizations = list(&ssp["system-implementation"], "leveraged-authorizations");
    let fedramp_ids: BTreeSet<&str> = authorizations
        .iter()
        .filter(|a| !props(a, FEDRAMP_NS, "leveraged-system-identifier").is_empty())
        .map(|a| a["uuid"].as_str().unwrap())
        .collect();
    assert_eq!(
        fedramp_ids.len(),
        authorizations.len(),
        "a leveraged authorization that is no FedRAMP authorization"
    );
    for kind in ["soc2", "aoc", "iso27001"] {
        assert!(
            list(&ssp["back-matter"], "resources").iter().any(|r| props(
                r,
                DEMARC_NS,
                "attestation-kind"
            ) == [kind]),
            "no {kind} resource"
        );
    }
    // The ISO certificate states its expiry, not when it was issued: nothing else is dated.
    let iso = resource(&ssp, "Salesforce ISO 27001 certificate IS 0000 (demo)");
    let dated: Vec<&str> = iso["props"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["value"].as_str().unwrap().starts_with("20"))
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(dated, ["expiry"]);
    assert!(!String::from_utf8(write_oscal(&data))
        .unwrap()
        .contains("three years before the expiry"));

    // Every decided statement has its origination where one of FedRAMP's values is true: the
    // client's entity-level controls are corporate, its own work `sp-system`, a provider's
    // part `inherited` under a leveraged FedRAMP authorization, and a provider's part without
    // one none, its provider and what it relies on named instead. (What each status means is
    // `statuses_say_implemented_only_where_evidenced`.)
    for b in statements(&ssp) {
        let ownership = props(b, DEMARC_NS, "ownership");
        let state = b["implementation-status"]["state"].as_str().unwrap();
        let origination = props(b, FEDRAMP_NS, "control-origination");
        if ownership == ["undetermined"] {
            assert_eq!(state, "planned");
            assert!(origination.is_empty());
            continue;
        }
        let external = !props(b, DEMARC_NS, "external-provider").is_empty();
        if matches!(ownership.as_slice(), ["inherited" | "provider" | "shared"]) {
            let backed = !props(b, FEDRAMP_NS, "leveraged-authorization-uuid").is_empty();
            assert_eq!(external, !backed, "{b}");
            assert!(!origination.contains(&"sp-system"), "{b}");
            assert!(!origination.contains(&"sp-corporate"), "{b}");
            assert_eq!(origination.contains(&"inherited"), backed, "{b}");
            assert_eq!(
                props(b, DEMARC_NS, "relies-on").len(),
                usize::from(external),
                "{b}"
            );
            if external {
                assert!(b["implementation-status"]["remarks"]
                    .as_str()
                    .unwrap()
                    .contains("no FedRAMP authorization backs it"));
            }
        } else {
            assert!(!external, "{b}");
            assert!(!origination.is_empty(), "{b}");
        }
        if props(b, DEMARC_NS, "scope") == ["entity"] {
            assert_eq!(origination, ["sp-corporate"], "{b}");
        }
    }

    let mut inherited_under_fedramp = 0;
    for b in statements(&ssp) {
        let uuid = b["uuid"].as_str().unwrap();
        assert!(
            b["implementation-status"]["state"].is_string(),
            "{uuid} has no implementation status"
        );
        let origination = props(b, FEDRAMP_NS, "control-origination");
        let leveraged = props(b, FEDRAMP_NS, "leveraged-authorization-uuid");
        if origination.contains(&"inherited") || b.get("inherited").is_some() {
            assert!(
                leveraged.iter().any(|l| fedramp_ids.contains(l)),
                "{uuid} is inherited with no leveraged FedRAMP authorization"
            );
            inherited_under_fedramp += 1;
        }
    }
    // Every `satisfied` (`inherited`) entry answers a responsibility (provided entry) another
    // statement of its control exports, never its own statement's.
    for req in list(&ssp["control-implementation"], "implemented-requirements") {
        let statements = list(req, "by-components");
        for b in statements {
            for (entries, key, kind) in [
                ("satisfied", "responsibility-uuid", "responsibilities"),
                ("inherited", "provided-uuid", "provided"),
            ] {
                for a in b[entries].as_array().into_iter().flatten() {
                    let exporter = statements
                        .iter()
                        .find(|o| exported(o, kind).iter().any(|e| e["uuid"] == a[key]))
                        .unwrap_or_else(|| panic!("{a} answers nothing exported"));
                    assert_ne!(exporter["uuid"], b["uuid"], "{a} answers its own statement");
                }
            }
        }
    }
    // EC2's FedRAMP rows on AWS's side inherit from AWS's authorization.
    assert!(inherited_under_fedramp > 0);
    // What the client inherits does not make its side done while its part is unwritten.
    assert!(client_statements_count_what_is_unanswered(&ssp) > 0);
    let ec2 = data
        .rows
        .iter()
        .find(|r| {
            r.framework == Framework::Fedramp
                && r.service.as_deref() == Some("Amazon EC2")
                && r.owner == Ownership::Inherited
        })
        .expect("an inherited FedRAMP row of EC2");
    let req = requirement(&ssp, &control_token(Framework::Fedramp, &ec2.control_id));
    let b = statement(&ssp, req, "Amazon EC2");
    assert_eq!(props(b, FEDRAMP_NS, "control-origination"), ["inherited"]);
    assert_eq!(
        props(b, FEDRAMP_NS, "leveraged-authorization-uuid"),
        [authorizations[0]["uuid"].as_str().unwrap()]
    );
    // EC2's statement provides AWS's part; the client's statement inherits it, naming the
    // provided entry and the leveraged authorization it comes from.
    let provided = exported(b, "provided");
    assert_eq!(provided.len(), 1);
    assert!(b.get("inherited").is_none());
    let client = client_statement(req);
    let inherited: Vec<&Value> = list(client, "inherited")
        .iter()
        .filter(|i| i["provided-uuid"] == provided[0]["uuid"])
        .collect();
    assert_eq!(inherited.len(), 1);
    assert_eq!(
        props(inherited[0], FEDRAMP_NS, "leveraged-authorization-uuid"),
        [authorizations[0]["uuid"].as_str().unwrap()]
    );
    assert!(props(client, FEDRAMP_NS, "control-origination").contains(&"inherited"));
    // FedRAMP in scope at the engagement's baseline (Moderate unless set): the system's
    // sensitivity level is that baseline's, as is AWS's authorization's.
    let characteristics = &ssp["system-characteristics"];
    assert_eq!(characteristics["security-sensitivity-level"], "moderate");
    assert!(characteristics["remarks"]
        .as_str()
        .unwrap()
        .contains("FedRAMP Moderate baseline"));
}

#[test]
fn stock_trestle_validate_resolves_the_exported_plan_s_profile() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path(), at(2027, 1, 15));
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let plan = demarc_export::ExportPlan::named_after(
        &out.join("demo.demarc"),
        false,
        None,
        &[Layout::Oscal],
    );
    plan.run(
        &data,
        &std::sync::atomic::AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap();
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "demo-oscal-catalog.json",
            "demo-oscal-profile.json",
            "demo-oscal.json"
        ]
    );
    let ssp: Value =
        serde_json::from_slice(&std::fs::read(out.join("demo-oscal.json")).unwrap()).unwrap();
    let ssp = &ssp["system-security-plan"];
    // The import-profile names the profile file beside the plan; the back matter still
    // carries it.
    assert_eq!(ssp["import-profile"]["href"], "demo-oscal-profile.json");
    let carried = list(&ssp["back-matter"], "resources")
        .iter()
        .any(|r| r["rlinks"][0]["href"] == "demo-oscal-profile.json" && r.get("base64").is_some());
    assert!(carried);

    // Demarc's check, which now resolves the profile file with trestle's own resolver.
    let Some(checked) = check(&out.join("demo-oscal.json")) else {
        println!("SKIPPED: compliance-trestle is not installed in target/trestle-venv");
        return;
    };
    assert!(checked.status.success(), "{}", stderr(&checked));

    // Stock `trestle validate` in a workspace made in the export's folder.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let trestle = venv(&root).join("bin/trestle");
    let run = |args: &[&str]| {
        Command::new(&trestle)
            .args(args)
            .current_dir(&out)
            .output()
            .unwrap()
    };
    assert!(run(&["init"]).status.success());
    let place = out.join("system-security-plans/demo");
    std::fs::create_dir_all(&place).unwrap();
    std::fs::copy(
        out.join("demo-oscal.json"),
        place.join("system-security-plan.json"),
    )
    .unwrap();
    let validated = run(&["validate", "-t", "system-security-plan", "-n", "demo"]);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&validated.stdout),
        String::from_utf8_lossy(&validated.stderr)
    );
    assert!(validated.status.success(), "{said}");
    assert!(said.contains("VALID: Model"), "{said}");
    assert!(
        !said.contains("resolution needed for profile import failed"),
        "{said}"
    );

    // The plan whose profile only the back matter carries is what stock trestle could not
    // resolve.
    std::fs::write(place.join("system-security-plan.json"), write_oscal(&data)).unwrap();
    let refused = run(&["validate", "-t", "system-security-plan", "-n", "demo"]);
    let said = String::from_utf8_lossy(&refused.stderr).into_owned()
        + &String::from_utf8_lossy(&refused.stdout);
    assert!(said.contains("profile import failed"), "{said}");
}

/// The statement of the first row that `pick` chooses.
fn statement_of<'a>(
    ssp: &'a Value,
    data: &ExportData,
    pick: impl Fn(&demarc_core::MatrixRow) -> bool,
) -> &'a Value {
    let row = data.rows.iter().find(|r| pick(r)).expect("a row to pick");
    let req = requirement(ssp, &control_token(row.framework, &row.control_id));
    match row.service.as_deref() {
        Some(service) => statement(ssp, req, service),
        None => &list(req, "by-components")[0],
    }
}

#[test]
fn statuses_say_implemented_only_where_evidenced() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path(), at(2027, 1, 15));
    let ssp = plan(&data);
    let mut planned_without_evidence = 0;
    for b in statements(&ssp)
        .into_iter()
        .filter(|b| props(b, DEMARC_NS, "side").is_empty())
    {
        let ownership = props(b, DEMARC_NS, "ownership")[0];
        let state = b["implementation-status"]["state"].as_str().unwrap();
        let remarks = b["implementation-status"]["remarks"].as_str().unwrap_or("");
        let customer_side = matches!(ownership, "customer" | "shared");
        let provider_side = matches!(ownership, "provider" | "shared" | "inherited");
        let customer_evidenced = remarks.contains("Evidence of the customer's part is on file.");
        let provider_evidenced = remarks.contains("The provider's part is covered by");
        if state == "implemented" {
            assert!(!customer_side || customer_evidenced, "{b}");
            assert!(!provider_side || provider_evidenced, "{b}");
            assert!(
                matches!(ownership, "customer" | "shared" | "inherited"),
                "{b}"
            );
        }
        if customer_side && remarks.contains("No evidence") {
            assert_ne!(state, "implemented", "{b}");
            if !provider_side {
                assert_eq!(state, "planned", "{b}");
                planned_without_evidence += 1;
            }
        }
        if ownership == "provider" {
            assert_eq!(state, "planned", "{b}");
        }
    }
    assert!(planned_without_evidence > 0);

    // Entra ID's access review is on file (a file and a date): implemented.
    let entra = statement(&ssp, requirement(&ssp, "soc2-CC6.2"), "Microsoft Entra ID");
    assert_eq!(entra["implementation-status"]["state"], "implemented");
    // RDS's audit logging evidence names no date: partly shown.
    let rds = statement(
        &ssp,
        requirement(&ssp, "hipaa-164.312.b"),
        "Amazon RDS for PostgreSQL",
    );
    assert_eq!(rds["implementation-status"]["state"], "partial");
    // A shared row whose provider part is covered but whose customer part has no evidence.
    let shared = statement_of(&ssp, &data, |r| {
        r.owner == Ownership::Shared && r.evidence.is_empty() && r.cuecs.is_empty() && {
            let s = &data.view.services;
            let provider = s.iter().find(|s| Some(s.id) == r.service_id).unwrap();
            provider.provider == "AWS" && r.framework == Framework::Soc2
        }
    });
    assert_eq!(
        shared["implementation-status"]["state"], "partial",
        "{shared}"
    );
}

#[test]
fn rows_relying_on_a_provider_link_what_they_rely_on() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path(), at(2027, 1, 15));
    let ssp = plan(&data);
    let uuid_of = |title: &str| format!("#{}", resource(&ssp, title)["uuid"].as_str().unwrap());

    // Entra ID's PCI DSS rows on Microsoft's side rely on Microsoft's AOC, which is stale.
    let entra = statement_of(&ssp, &data, |r| {
        r.framework == Framework::PciDss
            && r.owner == Ownership::Provider
            && r.service.as_deref() == Some("Microsoft Entra ID")
    });
    assert_eq!(
        links(entra),
        [uuid_of("Microsoft PCI DSS 4.0.1 AOC 2025-09-30")]
    );
    // Microsoft's part, no FedRAMP authorization behind it, is not the client's system.
    assert!(props(entra, FEDRAMP_NS, "control-origination").is_empty());
    assert_eq!(props(entra, DEMARC_NS, "external-provider"), ["Microsoft"]);
    assert_eq!(
        props(entra, DEMARC_NS, "relies-on"),
        ["no covering attestation"]
    );
    assert!(entra["description"]
        .as_str()
        .unwrap()
        .contains("Microsoft PCI DSS 4.0.1 AOC 2025-09-30 is on file, but it is not current"));
    // EKS's rely on AWS's AOC, which does not list EKS.
    let eks = statement_of(&ssp, &data, |r| {
        r.framework == Framework::PciDss
            && matches!(r.owner, Ownership::Provider | Ownership::Shared)
            && r.service.as_deref() == Some("Amazon EKS")
    });
    assert_eq!(links(eks), [uuid_of("AWS PCI DSS 4.0.1 AOC 2026-08-14")]);
    assert!(eks["description"]
        .as_str()
        .unwrap()
        .contains("but it does not name Amazon EKS"));

    // Every statement relying on a provider that holds an attestation for its framework
    // links to one, and every link names a back-matter resource.
    let resources: BTreeSet<String> = list(&ssp["back-matter"], "resources")
        .iter()
        .map(|r| format!("#{}", r["uuid"].as_str().unwrap()))
        .collect();
    let mut linked = 0;
    for r in data.rows.iter().filter(|r| {
        matches!(
            r.owner,
            Ownership::Provider | Ownership::Shared | Ownership::Inherited
        )
    }) {
        let provider = &data
            .view
            .services
            .iter()
            .find(|s| Some(s.id) == r.service_id)
            .unwrap()
            .provider;
        let stands_for = |kind: AttestationKind| match r.framework {
            Framework::Soc2 | Framework::Hipaa => kind == AttestationKind::Soc2,
            Framework::PciDss => kind == AttestationKind::Aoc,
            Framework::Iso27001 => kind == AttestationKind::Iso27001,
            _ => false,
        };
        let held = data
            .attestations
            .iter()
            .any(|a| &a.provider == provider && stands_for(a.kind()));
        let req = requirement(&ssp, &control_token(r.framework, &r.control_id));
        let b = statement(&ssp, req, r.service.as_deref().unwrap());
        for l in links(b) {
            assert!(resources.contains(&l), "{l}");
        }
        if held {
            assert!(!links(b).is_empty(), "{b}");
            linked += 1;
        }
    }
    // Not vacuous: the demo has well over a hundred such rows (162 since SAQ A's own
    // requirements left most of Stripe's PCI DSS rows not applicable).
    assert!(linked > 100, "{linked}");
}

#[test]
fn roles_come_from_the_team_and_the_row_owners() {
    let dir = tempfile::tempdir().unwrap();
    drop(demo(dir.path(), at(2027, 1, 15)));
    let mut file = EngagementFile::open(&dir.path().join("demo.demarc")).unwrap();
    file.add_team_member("Lena Ortiz", "Security engineer", "Test")
        .unwrap();
    let ec2 = file.service_id("Amazon EC2").unwrap();
    file.set_row_owner(Some(ec2), Framework::Soc2, "CC7.2", "Lena Ortiz", "Test")
        .unwrap();
    drop(file);
    let data = demo(dir.path(), at(2027, 1, 15));
    let ssp = plan(&data);
    let meta = &ssp["metadata"];
    let roles: BTreeSet<&str> = list(meta, "roles")
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for role in [
        "system-owner",
        "prepared-by",
        "security-engineer",
        "compliance-lead",
    ] {
        assert!(roles.contains(role), "{roles:?}");
    }
    let parties = list(meta, "parties");
    let party = |name: &str| {
        parties
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("no party {name}"))["uuid"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let engineer = list(meta, "responsible-parties")
        .iter()
        .find(|r| r["role-id"] == "security-engineer")
        .unwrap();
    assert_eq!(engineer["party-uuids"][0], party("Lena Ortiz"));

    let ec2 = statement(&ssp, requirement(&ssp, "soc2-CC7.2"), "Amazon EC2");
    let responsible = list(ec2, "responsible-roles");
    assert_eq!(responsible.len(), 1);
    assert_eq!(responsible[0]["role-id"], "security-engineer");
    assert_eq!(responsible[0]["party-uuids"][0], party("Lena Ortiz"));
    // Priya Raman owns Entra ID's access review, as the compliance lead the engagement names.
    let entra = statement(&ssp, requirement(&ssp, "soc2-CC6.2"), "Microsoft Entra ID");
    assert_eq!(
        list(entra, "responsible-roles")[0]["role-id"],
        "compliance-lead"
    );
    assert_eq!(
        list(entra, "responsible-roles")[0]["party-uuids"][0],
        party("Priya Raman")
    );
    // A row whose CUECs two people own names each of them: two parties, each a person in
    // their own role, never one party of both names.
    assert!(
        parties
            .iter()
            .all(|p| !p["name"].as_str().unwrap().contains(", ")),
        "{parties:?}"
    );
    let joint = statement_of(&ssp, &data, |r| {
        r.row_owner.as_deref() == Some("Marcus Oyelaran, Priya Raman")
    });
    let roles_of: BTreeSet<(String, String)> = list(joint, "responsible-roles")
        .iter()
        .flat_map(|r| {
            r["party-uuids"].as_array().unwrap().iter().map(move |p| {
                (
                    r["role-id"].as_str().unwrap().to_string(),
                    p.as_str().unwrap().to_string(),
                )
            })
        })
        .collect();
    assert_eq!(
        roles_of,
        BTreeSet::from([
            ("cloud-architect".to_string(), party("Marcus Oyelaran")),
            ("compliance-lead".to_string(), party("Priya Raman")),
        ])
    );
    for name in ["Marcus Oyelaran", "Priya Raman"] {
        let p = parties.iter().find(|p| p["name"] == name).unwrap();
        assert_eq!(p["type"], "person");
    }
    // Every responsible role of a statement is a role of the metadata, its parties parties.
    let uuids: BTreeSet<&str> = parties
        .iter()
        .map(|p| p["uuid"].as_str().unwrap())
        .collect();
    for b in statements(&ssp) {
        for r in b["responsible-roles"].as_array().into_iter().flatten() {
            assert!(roles.contains(r["role-id"].as_str().unwrap()), "{r}");
            for p in r["party-uuids"].as_array().unwrap() {
                assert!(uuids.contains(p.as_str().unwrap()), "{r}");
            }
        }
    }
}

#[test]
fn the_sensitivity_level_comes_from_the_engagement() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path(), at(2027, 1, 15));
    let ssp = plan(&data);
    // Services of high sensitivity, but no FedRAMP in scope: the stated default, and why.
    let characteristics = &ssp["system-characteristics"];
    assert_eq!(characteristics["security-sensitivity-level"], "moderate");
    let why = characteristics["remarks"].as_str().unwrap();
    assert!(why.contains("FedRAMP is not in scope"), "{why}");
    assert!(why.contains("default"), "{why}");
    // The information types are the data the services handle.
    let types: Vec<&str> = list(&characteristics["system-information"], "information-types")
        .iter()
        .map(|t| t["title"].as_str().unwrap())
        .collect();
    assert!(
        types.contains(&"PHI") && types.contains(&"Cardholder data"),
        "{types:?}"
    );

    // FedRAMP High in scope: high.
    let mut file = EngagementFile::open(&dir.path().join("demo.demarc")).unwrap();
    let ec2 = file.service_id("Amazon EC2").unwrap();
    file.add_framework(ec2, Framework::Fedramp, "Test").unwrap();
    file.set_fedramp_level(Some(demarc_core::FedrampLevel::High), "Test")
        .unwrap();
    drop(file);
    let ssp = plan(&demo(dir.path(), at(2027, 1, 15)));
    let characteristics = &ssp["system-characteristics"];
    assert_eq!(characteristics["security-sensitivity-level"], "high");
    assert!(characteristics["remarks"]
        .as_str()
        .unwrap()
        .contains("FedRAMP High baseline"));
}
