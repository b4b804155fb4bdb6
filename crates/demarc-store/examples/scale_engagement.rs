//! Writes the large engagement the benchmarks measure (50 services with FedRAMP High, SOC 2,
//! PCI DSS and HIPAA in scope) to a file, for scripts/bench-app to open in the desktop app.
//!
//! Usage: scale_engagement FILE [SERVICES]

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: scale_engagement FILE [SERVICES]")?;
    let services: usize = match args.next() {
        Some(n) => n.parse()?,
        None => 50,
    };
    let file = demarc_store::write_scale_engagement(std::path::Path::new(&path), services)?;
    let rows = file.matrix(&demarc_core::MatrixFilter::default())?.len();
    println!("{path}: {services} services, {rows} matrix rows");
    Ok(())
}
