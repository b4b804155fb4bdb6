//! Regenerates `data/provider-matrices/*.json` from the public provider matrices in
//! `../shared/fixtures`, read through Demarc's importer. Run through `scripts/gen-catalogs`.
//!
//! Usage: gen-provider-matrices FIXTURE_DIR OUT_DIR

use std::path::Path;

use demarc_catalogs::gen::provider_matrices::{generate, to_json};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [fixtures, out] = args.as_slice() else {
        eprintln!("usage: gen-provider-matrices FIXTURE_DIR OUT_DIR");
        std::process::exit(2);
    };
    if let Err(e) = run(Path::new(fixtures), Path::new(out)) {
        eprintln!("gen-provider-matrices: {e}");
        std::process::exit(1);
    }
}

fn run(fixtures: &Path, out: &Path) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    for generated in generate(fixtures)? {
        let path = out.join(&generated.file);
        std::fs::write(&path, to_json(&generated.matrix)?)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let rows: usize = generated
            .matrix
            .matrix
            .tables
            .iter()
            .map(|t| t.rows.len())
            .sum();
        println!("{}: {rows} rows", path.display());
    }
    Ok(())
}
