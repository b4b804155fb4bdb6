//! Times the exports of a large engagement (50 services with FedRAMP High, SOC 2, PCI DSS and
//! HIPAA in scope: about 39,000 matrix rows; 77 services give about 60,000) and, in the same
//! run, Python XlsxWriter and reportlab writing the same matrix. Run with `scripts/bench-export` (a release build).
//!
//! Usage: bench_export [SERVICES] [--xlsx-only]
//!
//! `--xlsx-only` leaves out the PDF pack and reportlab, which takes many minutes on 60,000 rows.

use std::process::Command;

use chrono::NaiveDate;
use demarc_export::{write_pdf, write_workbook, ExportData, Paper};

#[path = "../../demarc-store/examples/timing/mod.rs"]
mod timing;

use timing::{median, Result};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let xlsx_only = args.iter().any(|a| a == "--xlsx-only");
    let services: usize = match args.iter().find(|a| !a.starts_with("--")) {
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
    let kb = |b: &[u8]| b.len() / 1024;
    println!(
        "demarc workbook (every sheet)     {:>8.2} s  {:>7} KB",
        xlsx_time.as_secs_f64(),
        kb(&xlsx)
    );
    let pdf_time = if xlsx_only {
        None
    } else {
        let (pdf_time, pdf) = median(3, || Ok(write_pdf(&data, Paper::A4)?))?;
        println!(
            "demarc PDF pack (every section)   {:>8.2} s  {:>7} KB",
            pdf_time.as_secs_f64(),
            kb(&pdf)
        );
        Some(pdf_time)
    };

    // The peers get the matrix rows only, so every ratio below is in their favour.
    let rows = dir.path().join("rows.json");
    std::fs::write(&rows, serde_json::to_vec(&data.rows)?)?;
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scripts/bench/export_peers.py"
    );
    let mut peers = Command::new("python3");
    peers.arg(script).arg(&rows).arg(dir.path());
    if xlsx_only {
        peers.arg("--xlsx-only");
    }
    let out = peers.output()?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned().into());
    }
    let text = String::from_utf8(out.stdout)?;
    let mut peers = text.split_whitespace().map(str::parse::<f64>);
    let Some(Ok(xlsxwriter)) = peers.next() else {
        return Err(format!("unexpected peer output: {text}").into());
    };
    println!("Python XlsxWriter (matrix only)   {xlsxwriter:>8.2} s");
    let reportlab = match pdf_time {
        Some(pdf_time) => {
            let Some(Ok(reportlab)) = peers.next() else {
                return Err(format!("unexpected peer output: {text}").into());
            };
            println!("reportlab (matrix only)           {reportlab:>8.2} s");
            Some((reportlab, pdf_time))
        }
        None => None,
    };
    println!(
        "\nXlsxWriter / demarc workbook: {:.1}x (aim 5x)",
        xlsxwriter / xlsx_time.as_secs_f64()
    );
    if let Some((reportlab, pdf_time)) = reportlab {
        println!(
            "reportlab / demarc PDF:       {:.1}x (aim 10x)",
            reportlab / pdf_time.as_secs_f64()
        );
    }
    Ok(())
}
