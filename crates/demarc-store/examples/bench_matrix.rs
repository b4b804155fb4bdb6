//! Times the control matrix on a large engagement: 50 services with FedRAMP High, SOC 2,
//! PCI DSS and HIPAA in scope, then the same with a CAIQ-style matrix in CCM IDs applied to
//! every service and a CCM to SOC 2 crosswalk, so that SOC 2 rows are decided and suggested
//! through it (the crosswalk step, against the build without). Run with `scripts/bench-matrix`
//! (a release build).
//!
//! Usage: bench_matrix [SERVICES]

use std::time::{Duration, Instant};

use demarc_core::plan::{plan, PlanContext};
use demarc_core::{Framework, Layer, MatrixFilter, MatrixRow, Ownership};

#[path = "timing/mod.rs"]
mod timing;

use timing::{median, Result};

const WHO: &str = "bench";
const RUNS: usize = 9;

fn main() -> Result<()> {
    let services: usize = match std::env::args().nth(1) {
        Some(n) => n.parse()?,
        None => 50,
    };
    let dir = tempfile::tempdir()?;
    run(&dir.path().join("bench.demarc"), services)
}

fn run(path: &std::path::Path, services: usize) -> Result<()> {
    let mut file = demarc_store::write_scale_engagement(path, services)?;
    let all = MatrixFilter::default();

    let (build, rows) = median(RUNS, || Ok(file.matrix(&all)?))?;
    println!(
        "{} services, {} rows (FedRAMP High, SOC 2, PCI DSS, HIPAA)\n",
        services,
        rows.len()
    );
    report("build the whole matrix", build, None);
    let (json, _) = median(RUNS, || Ok(serde_json::to_string(&rows)?))?;
    report("  serialise it for the UI (JSON)", json, None);

    // The work plan: the gaps grouped into management items and task groups, against the
    // matrix build it starts from.
    let today = demarc_store::today();
    let (find, gaps) = median(RUNS, || Ok(file.gaps(today)?))?;
    report(&format!("find the gaps ({})", gaps.gaps.len()), find, None);
    let ctx = PlanContext::new(
        &file.engagement()?,
        &file.services()?,
        &rows,
        &file.attestations()?,
        file.bridge_letter_months()?,
        60,
    );
    let (group, grouped) = median(RUNS, || Ok(plan(&gaps.gaps, &ctx, today)))?;
    report(
        &format!(
            "group them into the work plan ({} entries)",
            grouped.items.len()
        ),
        group,
        Some(("matrix build", build)),
    );
    let (burndown, _) = median(3, || Ok(file.burndown(today)?))?;
    report("burn-down from the decision log", burndown, None);
    crosswalked(&mut file, path, build)?;

    // After a layer change only the changed service's rows need reading again: the rest of the
    // matrix is unchanged. The naive peer rebuilds everything.
    let first = file.services()?[0].clone();
    let one = MatrixFilter {
        service: Some(first.name.clone()),
        ..MatrixFilter::default()
    };
    let mut toggle = false;
    let mut writes = Vec::new();
    let (recompute, _) = median(RUNS, || {
        toggle = !toggle;
        let owner = if toggle {
            Ownership::Customer
        } else {
            Ownership::Shared
        };
        let started = Instant::now();
        file.set_layer_owner(
            first.id,
            Layer::Os,
            owner,
            "bench toggles the OS owner",
            WHO,
        )?;
        writes.push(started.elapsed());
        Ok(file.matrix(&one)?)
    })?;
    writes.sort();
    report("write a layer change", writes[writes.len() / 2], None);
    report(
        "recompute after a layer change (one service)",
        recompute,
        Some(("full rebuild", build)),
    );

    // Filters run on the rows already read, as the UI does; the peer asks the store again.
    let (by_framework, _) = median(RUNS, || {
        Ok(filter(&rows, |r| r.framework == Framework::Soc2))
    })?;
    let (store_framework, _) = median(RUNS, || {
        Ok(file.matrix(&MatrixFilter {
            framework: Some(Framework::Soc2),
            ..MatrixFilter::default()
        })?)
    })?;
    report(
        "filter by framework",
        by_framework,
        Some(("store query by framework", store_framework)),
    );
    let (by_owner, _) = median(RUNS, || Ok(filter(&rows, |r| r.owner == Ownership::Shared)))?;
    report(
        "filter by owner",
        by_owner,
        Some(("full rebuild then filter", build)),
    );
    let (by_text, found) = median(RUNS, || Ok(filter(&rows, |r| matches_text(r, "encrypt"))))?;
    report(
        &format!("filter by text ({} rows match \"encrypt\")", found.len()),
        by_text,
        Some(("full rebuild then filter", build)),
    );
    Ok(())
}

/// CCM-style control IDs: 17 domains of 12 controls.
fn ccm_controls() -> Vec<String> {
    let domains = [
        "A&A", "AIS", "BCR", "CCC", "CEK", "DCS", "DSP", "GRC", "HRS", "IAM", "IPY", "IVS", "LOG",
        "SEF", "STA", "TVM", "UEM",
    ];
    domains
        .iter()
        .flat_map(|d| (1..=12).map(move |n| format!("{d}-{n:02}")))
        .collect()
}

/// Imports a CAIQ-style matrix (two questions per CCM control, the owner labels in turn) for
/// every service and a CCM to SOC 2 mapping (each control to three criteria: two equal, one
/// intersecting), then times the whole matrix again against `without`.
fn crosswalked(
    file: &mut demarc_store::EngagementFile,
    path: &std::path::Path,
    without: Duration,
) -> Result<()> {
    let dir = path.parent().ok_or("no folder")?;
    let controls = ccm_controls();
    let labels = ["CSP-owned", "CSC-owned", "Shared CSP and CSC"];
    let mut caiq = String::from("Control ID,Responsibility\n");
    for (i, c) in controls.iter().enumerate() {
        for q in 1..=2 {
            caiq += &format!("{c}.{q},{}\n", labels[(i + q) % labels.len()]);
        }
    }
    let criteria: Vec<String> =
        demarc_catalogs::controls_in_scope(Framework::Soc2, demarc_catalogs::DEFAULT_FEDRAMP_LEVEL)
            .into_iter()
            .map(|c| c.id.clone())
            .collect();
    let mut mapping = String::from("CSA CCM v4,SOC 2,Relationship\n");
    for (i, c) in controls.iter().enumerate() {
        for (k, relation) in ["equal", "subset of", "intersects with"].iter().enumerate() {
            let target = &criteria[(i * 3 + k) % criteria.len()];
            mapping += &format!("{c},{target},{relation}\n");
        }
    }
    let caiq_path = dir.join("caiq.csv");
    std::fs::write(&caiq_path, caiq)?;
    let mapping_path = dir.join("ccm-to-soc2.csv");
    std::fs::write(&mapping_path, mapping)?;

    let mut read = demarc_import::read_matrix(&caiq_path, &demarc_import::ReadOptions::default())?;
    // A plain table's IDs say nothing certain: these are CAIQ questions.
    for table in &mut read.tables {
        table.layout = demarc_core::imported::Layout::CsaCaiq;
    }
    let providers: std::collections::BTreeSet<String> =
        file.services()?.into_iter().map(|s| s.provider).collect();
    for provider in providers {
        let request = demarc_store::MatrixImport {
            provider,
            ..demarc_store::MatrixImport::default()
        };
        file.import_matrix(read.clone(), &request, WHO)?;
    }
    let options = demarc_import::CrosswalkOptions {
        source: Some(demarc_core::crosswalk::IdSpace::CsaCcm4),
        target: Some(demarc_core::crosswalk::IdSpace::Soc2Tsc2017),
        ..demarc_import::CrosswalkOptions::default()
    };
    file.import_crosswalks(
        demarc_import::read_crosswalks(&mapping_path, &options)?,
        WHO,
    )?;

    let all = MatrixFilter::default();
    // The first read after the import follows the rows through the crosswalks; later reads take
    // that from the memo until a matrix or a crosswalk is imported.
    let started = std::time::Instant::now();
    file.matrix(&all)?;
    let first = started.elapsed();
    let (with, rows) = median(RUNS, || Ok(file.matrix(&all)?))?;
    let decided = rows
        .iter()
        .filter(|r| r.source == demarc_core::OwnerSource::Crosswalk)
        .count();
    let suggested = rows
        .iter()
        .filter(|r| r.crosswalk.as_ref().is_some_and(|c| c.suggested.is_some()))
        .count();
    println!(
        "\nwith a CAIQ-style matrix on every service and a CCM to SOC 2 crosswalk: {decided} rows \
         decided through it, {suggested} with a suggestion"
    );
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{:<52} {:>9.2} ms   without: {:.2} ms, {:.2}x",
        "first build after the import (reach computed)",
        ms(first),
        ms(without),
        ms(first) / ms(without).max(0.001)
    );
    println!(
        "{:<52} {:>9.2} ms   without: {:.2} ms, {:.2}x ({:+.0}%)",
        "build the whole matrix with crosswalks",
        ms(with),
        ms(without),
        ms(with) / ms(without).max(0.001),
        (ms(with) / ms(without).max(0.001) - 1.0) * 100.0
    );
    Ok(())
}

fn filter(rows: &[MatrixRow], keep: impl Fn(&MatrixRow) -> bool) -> Vec<&MatrixRow> {
    rows.iter().filter(|r| keep(r)).collect()
}

/// The text filter of the matrix screen: control, title, service or explanation, any case.
fn matches_text(row: &MatrixRow, needle: &str) -> bool {
    [
        &row.control_id,
        &row.title,
        row.service_label(),
        &row.explanation,
    ]
    .iter()
    .any(|field| field.to_lowercase().contains(needle))
}

fn report(what: &str, time: Duration, peer: Option<(&str, Duration)>) {
    let ms = time.as_secs_f64() * 1000.0;
    match peer {
        Some((name, peer)) => {
            let peer_ms = peer.as_secs_f64() * 1000.0;
            println!(
                "{what:<52} {ms:>9.2} ms   {name}: {peer_ms:.2} ms, {:.0}x faster",
                peer_ms / ms.max(0.001)
            );
        }
        None => println!("{what:<52} {ms:>9.2} ms"),
    }
}
