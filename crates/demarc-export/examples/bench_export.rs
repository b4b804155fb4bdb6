//! Times the exports of a large engagement (50 services with FedRAMP High, SOC 2, PCI DSS and
//! HIPAA in scope: about 60,000 matrix rows) and, in the same run, Python XlsxWriter and
//! reportlab writing the same matrix. Run with `scripts/bench-export` (a release build).
//!
//! Usage: bench_export [SERVICES]

use std::process::Command;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use demarc_export::{write_pdf, write_workbook, ExportData, Paper};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn main() -> Result<()> {
    let services: usize = match std::env::args().nth(1) {
        Some(n) => n.parse()?,
        None => 50,
    };
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("bench.demarc");
    let file = demarc_store::write_scale_engagement(&path, services)?;
    let at = NaiveDate::from_ymd_opt(2027, 1, 15)
        .and_then(|d| d.and_hms_opt(9, 30, 0))
        .ok_or("bad date")?;
    let data = ExportData::load(&file, at)?;
    println!(
        "{services} services, {} matrix rows, {} gaps\n",
        data.rows.len(),
        data.gaps.gaps.len()
    );

    let (xlsx_time, xlsx) = median(3, || Ok(write_workbook(&data)?))?;
    let (pdf_time, pdf) = median(3, || Ok(write_pdf(&data, Paper::A4)?))?;
    let kb = |b: &[u8]| b.len() / 1024;
    println!(
        "demarc workbook (every sheet)     {:>8.2} s  {:>7} KB",
        xlsx_time.as_secs_f64(),
        kb(&xlsx)
    );
    println!(
        "demarc PDF pack (every section)   {:>8.2} s  {:>7} KB",
        pdf_time.as_secs_f64(),
        kb(&pdf)
    );

    // The peers get the matrix rows only, so every ratio below is in their favour.
    let rows = dir.path().join("rows.json");
    std::fs::write(&rows, serde_json::to_vec(&data.rows)?)?;
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scripts/bench/export_peers.py"
    );
    let out = Command::new("python3")
        .arg(script)
        .arg(&rows)
        .arg(dir.path())
        .output()?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned().into());
    }
    let text = String::from_utf8(out.stdout)?;
    let mut peers = text.split_whitespace().map(str::parse::<f64>);
    let (Some(Ok(xlsxwriter)), Some(Ok(reportlab))) = (peers.next(), peers.next()) else {
        return Err(format!("unexpected peer output: {text}").into());
    };
    println!("Python XlsxWriter (matrix only)   {xlsxwriter:>8.2} s");
    println!("reportlab (matrix only)           {reportlab:>8.2} s\n");
    println!(
        "XlsxWriter / demarc workbook: {:.1}x (aim 5x)",
        xlsxwriter / xlsx_time.as_secs_f64()
    );
    println!(
        "reportlab / demarc PDF:       {:.1}x (aim 10x)",
        reportlab / pdf_time.as_secs_f64()
    );
    Ok(())
}

/// The median time of `runs` calls of `work`, and the result of the last one.
fn median<T>(runs: usize, mut work: impl FnMut() -> Result<T>) -> Result<(Duration, T)> {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let started = Instant::now();
        let value = work()?;
        times.push(started.elapsed());
        last = Some(value);
    }
    times.sort();
    let value = last.ok_or("no run")?;
    Ok((times[runs / 2], value))
}
