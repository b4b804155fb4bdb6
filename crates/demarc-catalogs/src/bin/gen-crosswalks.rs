//! Regenerates `data/crosswalks/*.json` from the public sources in `../shared/crosswalks` and
//! the CSF 2.0 core in `../shared/catalogs`. Run through `scripts/gen-catalogs`.
//!
//! Usage: gen-crosswalks CROSSWALK_DIR CATALOG_DIR OUT_DIR

use std::path::Path;

use demarc_catalogs::gen::crosswalks::{generate, to_json};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [crosswalks, catalogs, out] = args.as_slice() else {
        eprintln!("usage: gen-crosswalks CROSSWALK_DIR CATALOG_DIR OUT_DIR");
        std::process::exit(2);
    };
    if let Err(e) = run(Path::new(crosswalks), Path::new(catalogs), Path::new(out)) {
        eprintln!("gen-crosswalks: {e}");
        std::process::exit(1);
    }
}

fn run(crosswalks: &Path, catalogs: &Path, out: &Path) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    for generated in generate(crosswalks, catalogs)? {
        let path = out.join(&generated.file);
        std::fs::write(&path, to_json(&generated.crosswalk)?)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        println!(
            "{}: {} pairs",
            path.display(),
            generated.crosswalk.pairs.len()
        );
    }
    Ok(())
}
