//! OSCAL in: a provider's system security plan and a component definition made with
//! compliance-trestle (`tests/oscal/make_oscal.py`, run with `target/trestle-venv`), read at
//! statement level with narratives and provenance, as OSCAL 1.0, 1.1 and 1.2; broken and
//! foreign JSON refused with the JSON path.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::path::{Path, PathBuf};
use std::process::Command;

use demarc_core::Ownership;
use demarc_import::{inspect, preview, read_matrix, ImportError, Layout, Matrix, ReadOptions, Row};
use serde_json::Value;
use tempfile::TempDir;

/// The files trestle writes into `dir`, or `None` (with a loud SKIPPED) without its venv.
fn trestle_files(dir: &TempDir) -> Option<(PathBuf, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let python = root.join("target/trestle-venv/bin/python");
    if !python.exists() {
        eprintln!(
            "\n*** SKIPPED: {} is absent (scripts/setup installs it); the trestle-made OSCAL \
             files were not read ***\n",
            python.display()
        );
        return None;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oscal/make_oscal.py");
    let out = Command::new(&python)
        .arg(&script)
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some((
        dir.path().join("provider-ssp.json"),
        dir.path().join("component-definition.json"),
    ))
}

fn read(path: &Path) -> Matrix {
    read_matrix(path, &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn row<'a>(m: &'a Matrix, id: &str) -> &'a Row {
    m.tables
        .iter()
        .flat_map(|t| &t.rows)
        .find(|r| r.control_id == id)
        .unwrap_or_else(|| panic!("no row {id}"))
}

fn owner(r: &Row) -> (&str, Ownership) {
    (r.ownership[0].original.as_str(), r.ownership[0].normalized)
}

fn check_plan(m: &Matrix) {
    assert_eq!(m.layout, "oscal_ssp");
    assert_eq!(m.tables.len(), 1);
    let t = &m.tables[0];
    assert_eq!(
        (t.sheet.as_str(), t.layout),
        ("control-implementation", Layout::OscalSsp)
    );
    let ids: Vec<&str> = t.rows.iter().map(|r| r.control_id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "ac-1",
            "ac-2_smt.a",
            "ac-2_smt.b",
            "ac-2_smt.c",
            "ac-2.1",
            "sc-7",
            "sc-28",
            "au-2"
        ]
    );
    let numbers: Vec<u32> = t.rows.iter().map(|r| r.row).collect();
    assert_eq!(
        numbers,
        (1..=8).collect::<Vec<_>>(),
        "rows numbered in order"
    );

    // Statement parts: the provided and responsibility pair is shared, each alone its side.
    let a = row(m, "ac-2_smt.a");
    assert_eq!(a.control_id_normalized, "AC-2(a)");
    assert_eq!(owner(a), ("provided; responsibility", Ownership::Shared));
    assert_eq!(
        a.provider_narrative.as_deref(),
        Some("Account types of the storage service.\n\nAcme defines the service's account types.")
    );
    assert_eq!(
        a.customer_narrative.as_deref(),
        Some("The customer defines the account types of its buckets.")
    );
    assert_eq!(a.implementation.as_deref(), Some("implemented"));
    assert_eq!(a.section.as_deref(), Some("Acme Object Storage"));
    assert_eq!(
        a.location.as_deref(),
        Some(
            "$.system-security-plan.control-implementation.implemented-requirements[1]\
             .statements[0].by-components[0]"
        )
    );
    assert_eq!(
        owner(row(m, "ac-2_smt.b")),
        ("provided", Ownership::Provider)
    );
    let c = row(m, "ac-2_smt.c");
    assert_eq!(owner(c), ("responsibility", Ownership::Customer));
    assert_eq!(c.implementation.as_deref(), Some("partial"));
    let enhancement = row(m, "ac-2.1");
    assert_eq!(enhancement.control_id_normalized, "AC-2(1)");
    assert_eq!(enhancement.implementation.as_deref(), Some("planned"));

    // Without an export: the control origination, else a status of not applicable.
    let ac1 = row(m, "ac-1");
    assert_eq!(owner(ac1), ("sp-corporate", Ownership::Provider));
    assert_eq!(ac1.section.as_deref(), Some("Acme Cloud PaaS"));
    assert_eq!(
        owner(row(m, "sc-28")),
        ("customer-configured", Ownership::Customer)
    );
    assert_eq!(
        owner(row(m, "au-2")),
        ("sp-system; customer-configured", Ownership::Shared)
    );
    assert_eq!(
        owner(row(m, "sc-7")),
        ("not-applicable", Ownership::NotApplicable)
    );
    assert!(t.rows.iter().all(|r| r.ownership[0].known));
}

#[test]
fn a_provider_ssp_made_with_trestle_reads_at_statement_level() {
    let dir = TempDir::new().unwrap();
    let Some((plan, _)) = trestle_files(&dir) else {
        return;
    };
    let m = read(&plan);
    check_plan(&m);
    let bytes = std::fs::read(&plan).unwrap();
    assert_eq!(m.sha256.len(), 64);
    assert_eq!(
        m.document.title.as_deref(),
        Some("Acme Cloud PaaS System Security Plan")
    );
    assert_eq!(m.document.version.as_deref(), Some("2.1"));
    assert_eq!(m.document.date.as_deref(), Some("2025-03-01"));
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);

    // The same plan as OSCAL 1.1 and 1.0 (1.0 wrote the implementation status as a prop);
    // named otherwise, it is still known by its content.
    let value: Value = serde_json::from_slice(&bytes).unwrap();
    for (version, name) in [("1.1.2", "plan-1.1.json"), ("1.0.4", "plan-1.0.oscal")] {
        let mut old = value.clone();
        old["system-security-plan"]["metadata"]["oscal-version"] = version.into();
        if version.starts_with("1.0") {
            status_as_prop(&mut old);
        }
        let path = dir.path().join(name);
        std::fs::write(&path, serde_json::to_vec_pretty(&old).unwrap()).unwrap();
        check_plan(&read(&path));
    }

    // The wizard's preview shows the rows by their fields.
    let shown = preview(&plan, &ReadOptions::default(), 3).unwrap();
    assert_eq!(shown.report.tables[0].rows, 8);
    assert_eq!(shown.tables[0].rows.len(), 3);
    assert_eq!(shown.tables[0].rows[1].cells[0], "ac-2_smt.a");
    assert_eq!(
        shown.report.tables[0].implementation_counts["implemented"], 5,
        "{:?}",
        shown.report.tables[0]
    );
}

/// OSCAL 1.0's `implementation-status` prop in place of 1.1's field, everywhere.
fn status_as_prop(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(status) = map.remove("implementation-status") {
                let prop = serde_json::json!({ "name": "implementation-status", "value": status["state"] });
                match map.get_mut("props").and_then(Value::as_array_mut) {
                    Some(props) => props.push(prop),
                    None => {
                        map.insert("props".into(), Value::Array(vec![prop]));
                    }
                }
            }
            map.values_mut().for_each(status_as_prop);
        }
        Value::Array(items) => items.iter_mut().for_each(status_as_prop),
        _ => {}
    }
}

#[test]
fn a_component_definition_made_with_trestle_reads_likewise() {
    let dir = TempDir::new().unwrap();
    let Some((_, definition)) = trestle_files(&dir) else {
        return;
    };
    let m = read(&definition);
    assert_eq!(m.layout, "oscal_component");
    let t = &m.tables[0];
    assert_eq!(t.sheet, "component: Acme Object Storage");
    assert_eq!(t.rows.len(), 3);
    let sc28 = row(&m, "sc-28_smt");
    assert_eq!(sc28.control_id_normalized, "SC-28");
    assert_eq!(
        owner(sc28),
        ("implemented by the component", Ownership::Provider)
    );
    assert_eq!(
        sc28.provider_narrative.as_deref(),
        Some("Every object is encrypted with AES-256.")
    );
    assert_eq!(
        sc28.location.as_deref(),
        Some(
            "$.component-definition.components[0].control-implementations[0]\
             .implemented-requirements[0].statements[0]"
        )
    );
    assert_eq!(
        owner(row(&m, "ac-3")),
        ("customer-configured", Ownership::Customer)
    );
    assert_eq!(
        row(&m, "au-9").provider_narrative.as_deref(),
        Some("Logs are kept out of customers' reach.")
    );
}

fn json_error(dir: &TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let err = inspect(&path).unwrap_err();
    assert!(matches!(err, ImportError::Json { .. }), "{err}");
    let message = err.to_string();
    assert!(message.contains(name), "{message}");
    message
}

#[test]
fn broken_or_foreign_json_is_refused_naming_the_json_path() {
    let dir = TempDir::new().unwrap();
    let message = json_error(
        &dir,
        "cut.json",
        r#"{"system-security-plan": {"control-implementation": {"implemented-requirements": [{"control-id": "ac-1"}, {"control-id": "#,
    );
    assert!(
        message.contains(
            "$.system-security-plan.control-implementation.implemented-requirements[1].control-id"
        ) && message.contains("not valid JSON"),
        "{message}"
    );

    let message = json_error(&dir, "other.json", r#"{"name": "demo", "items": []}"#);
    assert!(
        message.contains("$: not an OSCAL system security plan or component definition")
            && message.contains("`items`, `name`"),
        "{message}"
    );
    let message = json_error(&dir, "catalog.json", r#"{"catalog": {"uuid": "x"}}"#);
    assert!(message.contains("it is an OSCAL catalog"), "{message}");
    let message = json_error(&dir, "list.json", "[1, 2]");
    assert!(message.contains("$: not an OSCAL document"), "{message}");

    let message = json_error(
        &dir,
        "no-id.json",
        r#"{"system-security-plan": {"control-implementation": {"implemented-requirements": [{"uuid": "u"}]}}}"#,
    );
    assert!(
        message.contains(
            "$.system-security-plan.control-implementation.implemented-requirements[0].control-id: missing"
        ),
        "{message}"
    );
    let message = json_error(
        &dir,
        "wrong-type.json",
        r#"{"system-security-plan": {"control-implementation": {"implemented-requirements": {"control-id": "ac-1"}}}}"#,
    );
    assert!(
        message.contains(
            "$.system-security-plan.control-implementation.implemented-requirements: expected an array"
        ),
        "{message}"
    );
    let message = json_error(&dir, "empty-plan.json", r#"{"system-security-plan": {}}"#);
    assert!(
        message.contains("$.system-security-plan.control-implementation: missing"),
        "{message}"
    );
}
