//! Times the control matrix on a large engagement: 50 services with FedRAMP High, SOC 2,
//! PCI DSS and HIPAA in scope. Run with `scripts/bench-matrix` (a release build).
//!
//! Usage: bench_matrix [SERVICES]

use std::time::{Duration, Instant};

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
