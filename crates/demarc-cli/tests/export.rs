//! `demarc export` as a user runs it.
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails

use std::path::Path;

use assert_cmd::Command;

fn demarc() -> Command {
    let mut cmd = Command::cargo_bin("demarc").unwrap();
    cmd.env("DEMARC_USER", "cli-test");
    cmd
}

/// Runs a full export of `file` into `out` in a process of its own.
fn export(file: &Path, out: &Path) {
    std::fs::create_dir_all(out).unwrap();
    demarc()
        .arg("export")
        .arg(file)
        .arg("--xlsx")
        .arg(out.join("pack.xlsx"))
        .arg("--pdf")
        .arg(out.join("pack.pdf"))
        .args(["--layout", "all", "--paper", "letter"])
        .args(["--generated-at", "2027-01-15T09:30:00Z"])
        .assert()
        .success();
}

#[test]
fn two_runs_with_a_fixed_time_write_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    demarc().arg("demo").arg(dir.path()).assert().success();
    let file = dir.path().join("demo.demarc");
    let (first, second) = (dir.path().join("first"), dir.path().join("second"));
    export(&file, &first);
    export(&file, &second);

    let mut names: Vec<String> = std::fs::read_dir(&first)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "pack-csv.csv",
            "pack-hipaa-ba.xlsx",
            "pack-kickoff.xlsx",
            "pack-oscal-catalog.json",
            "pack-oscal-profile.json",
            "pack-oscal.json",
            "pack-pci-tpsp.xlsx",
            "pack-readiness.pdf",
            "pack-soc2-cuec.xlsx",
            "pack.pdf",
            "pack.xlsx",
        ]
    );
    // With every layout comes the readiness report the pack points to, in its manifest.
    if let Some(cover) = tool(
        "pdftotext",
        &["-l", "1", first.join("pack.pdf").to_str().unwrap(), "-"],
    ) {
        let sum = tool(
            "sha256sum",
            &[first.join("pack-readiness.pdf").to_str().unwrap()],
        )
        .unwrap();
        let hash = sum.split_whitespace().next().unwrap();
        assert!(cover.contains("pack-readiness.pdf"), "{cover}");
        assert!(cover.contains(hash), "{cover}");
        let report = tool(
            "pdftotext",
            &[first.join("pack-readiness.pdf").to_str().unwrap(), "-"],
        )
        .unwrap();
        assert!(report.contains("Task groups"), "{report}");
    } else {
        println!("SKIPPED: pdftotext is not on PATH (install poppler-utils)");
    }
    for name in &names {
        let a = std::fs::read(first.join(name)).unwrap();
        let b = std::fs::read(second.join(name)).unwrap();
        assert!(a == b, "{name} differs between two runs");
    }
}

#[test]
fn the_fedramp_crm_is_written_only_when_fedramp_is_in_scope() {
    let dir = tempfile::tempdir().unwrap();
    demarc().arg("demo").arg(dir.path()).assert().success();
    let file = dir.path().join("demo.demarc");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let refused = demarc()
        .arg("export")
        .arg(&file)
        .arg("--xlsx")
        .arg(out.join("pack.xlsx"))
        .args(["--layout", "fedramp-crm"])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
    assert!(
        stderr.contains("fedramp-crm") && stderr.contains("only when FedRAMP is in scope"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        0,
        "nothing written"
    );

    let all = demarc()
        .arg("export")
        .arg(&file)
        .arg("--xlsx")
        .arg(out.join("pack.xlsx"))
        .args(["--layout", "all"])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&all.get_output().stdout).into_owned();
    assert!(stdout.contains("fedramp-crm left out"), "{stdout}");
    assert!(!out.join("pack-fedramp-crm.xlsx").exists());
}

#[test]
fn without_targets_the_workbook_and_pdf_land_beside_the_engagement() {
    let dir = tempfile::tempdir().unwrap();
    demarc().arg("demo").arg(dir.path()).assert().success();
    let file = dir.path().join("demo.demarc");
    demarc().arg("export").arg(&file).assert().success();
    assert!(dir.path().join("demo.xlsx").exists());
    assert!(dir.path().join("demo.pdf").exists());
}

#[test]
fn a_second_export_replaces_nothing_without_force() {
    let dir = tempfile::tempdir().unwrap();
    demarc().arg("demo").arg(dir.path()).assert().success();
    let file = dir.path().join("demo.demarc");
    let pdf = dir.path().join("demo.pdf");
    std::fs::write(&pdf, "signed").unwrap();
    let refused = demarc().arg("export").arg(&file).assert().code(1);
    let stderr = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
    assert!(
        stderr.contains("demo.pdf already exists") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&pdf).unwrap(), b"signed");
    assert!(!dir.path().join("demo.xlsx").exists(), "nothing written");

    demarc()
        .arg("export")
        .arg(&file)
        .arg("--force")
        .assert()
        .success();
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
}

#[test]
fn bad_layout_paper_or_date_is_a_usage_error() {
    for args in [
        ["--layout", "xml"],
        ["--paper", "a3"],
        ["--generated-at", "yesterday"],
    ] {
        demarc()
            .args(["export", "x.demarc"])
            .args(args)
            .assert()
            .code(2);
    }
    demarc()
        .args(["export", "/nonexistent/x.demarc"])
        .assert()
        .code(1);
}

#[test]
fn framework_and_service_flags_narrow_the_export() {
    let dir = tempfile::tempdir().unwrap();
    demarc().arg("demo").arg(dir.path()).assert().success();
    let file = dir.path().join("demo.demarc");
    let out = dir.path().join("pack.xlsx");
    demarc()
        .arg("export")
        .arg(&file)
        .arg("--xlsx")
        .arg(&out)
        .args([
            "--layout",
            "csv",
            "--framework",
            "pci_dss",
            "--framework",
            "soc2",
        ])
        .args([
            "--service",
            "stripe payments",
            "--service",
            "Microsoft Entra ID",
        ])
        .assert()
        .success();
    let csv = std::fs::read_to_string(dir.path().join("pack-csv.csv")).unwrap();
    let mut pairs: Vec<(&str, &str)> = csv
        .lines()
        .skip(1)
        .map(|l| {
            let mut cells = l.split(',');
            let service = cells.next().unwrap();
            // service, scope, layers, framework
            (service, cells.nth(2).unwrap())
        })
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    assert_eq!(
        pairs,
        [
            // The entity-level rows come with their frameworks, whatever the services.
            ("Entity", "pci_dss"),
            ("Entity", "soc2"),
            ("Microsoft Entra ID", "pci_dss"),
            ("Microsoft Entra ID", "soc2"),
            ("Stripe Payments", "pci_dss"),
            ("Stripe Payments", "soc2"),
        ]
    );
    assert!(out.exists());

    // A name the engagement lacks, or a framework out of its scope: the user's error.
    for args in [["--service", "Oracle Cloud"], ["--framework", "fedramp"]] {
        demarc()
            .arg("export")
            .arg(&file)
            .arg("--xlsx")
            .arg(dir.path().join("other.xlsx"))
            .args(args)
            .assert()
            .code(1);
    }
    // A framework Demarc does not know: a usage error.
    demarc()
        .args(["export", "x.demarc", "--framework", "soc3"])
        .assert()
        .code(2);
}

/// What a program prints, or `None` when it is not installed.
fn tool(program: &str, args: &[&str]) -> Option<String> {
    match std::process::Command::new(program).args(args).output() {
        Ok(out) => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => panic!("{program}: {e}"),
    }
}

#[test]
fn the_pack_takes_its_paper_from_the_locale_and_the_readiness_section_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    demarc().arg("demo").arg(dir.path()).assert().success();
    let file = dir.path().join("demo.demarc");
    demarc()
        .args(["engagement"])
        .arg(&file)
        .args(["--locale", "en-US"])
        .assert()
        .success();
    let pack = |name: &str, extra: &[&str]| {
        let path = dir.path().join(name);
        demarc()
            .arg("export")
            .arg(&file)
            .arg("--pdf")
            .arg(&path)
            .args(["--generated-at", "2027-01-15"])
            .args(extra)
            .assert()
            .success();
        path
    };
    let letter = pack("letter.pdf", &[]);
    let a4 = pack("a4.pdf", &["--paper", "a4"]);
    let ready = pack("ready.pdf", &["--with-readiness"]);
    let Some(info) = tool("pdfinfo", &[letter.to_str().unwrap()]) else {
        println!("SKIPPED: pdfinfo is not on PATH (install poppler-utils)");
        return;
    };
    assert!(info.contains("612 x 792"), "{info}");
    let info = tool("pdfinfo", &[a4.to_str().unwrap()]).unwrap();
    assert!(info.contains("595.28 x 841.89"), "{info}");
    let text = |p: &Path| tool("pdftotext", &[p.to_str().unwrap(), "-"]).unwrap();
    assert!(!text(&letter).contains("Management items"));
    // The readiness report's content, burn-down drawn, in place of a list of gaps.
    let ready = text(&ready);
    assert!(ready.contains("Management items"), "{ready}");
    assert!(ready.contains("Task groups"), "{ready}");
    assert!(!ready.contains("Not drawn here"), "{ready}");
    assert!(!ready.contains("What is missing"), "{ready}");
}

#[test]
fn a_readiness_report_named_beside_the_pack_is_on_the_packs_manifest() {
    let dir = tempfile::tempdir().unwrap();
    demarc().args(["demo"]).arg(dir.path()).assert().success();
    let file = dir.path().join("demo.demarc");
    let pdf = dir.path().join("pack.pdf");
    let report = dir.path().join("where we stand.pdf");
    demarc()
        .arg("export")
        .arg(&file)
        .arg("--pdf")
        .arg(&pdf)
        .arg("--readiness")
        .arg(&report)
        .args(["--generated-at", "2026-11-20T09:00:00Z"])
        .assert()
        .success();
    assert!(std::fs::read(&report).unwrap().starts_with(b"%PDF"));
    let Some(cover) = tool("pdftotext", &["-l", "1", pdf.to_str().unwrap(), "-"]) else {
        println!("SKIPPED: pdftotext is not on PATH (install poppler-utils)");
        return;
    };
    let sum = tool("sha256sum", &[report.to_str().unwrap()]).unwrap();
    let hash = sum.split_whitespace().next().unwrap();
    assert!(cover.contains("where we stand.pdf"), "{cover}");
    assert!(cover.contains(hash), "{cover}");
}
