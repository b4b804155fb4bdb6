//! The shipped provider matrices: what they record of their source, that the recorded hash is
//! the public file's, and that the committed files are what the generator makes of it.

use std::path::{Path, PathBuf};

use demarc_catalogs::{shipped_matrices, shipped_matrix, SHIPPED_MATRIX_FILES};
use sha2::{Digest, Sha256};

/// `../shared/fixtures` beside the project (looked for above it, so a worktree finds it too).
fn fixtures() -> Option<PathBuf> {
    let found = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .skip(2)
        .map(|dir| dir.join("shared").join("fixtures"))
        .find(|path| path.is_dir());
    if found.is_none() {
        eprintln!("SKIPPED: ../shared/fixtures not found; the shipped matrices are not checked");
    }
    found
}

#[test]
fn every_shipped_matrix_says_where_it_came_from_and_keeps_each_rows_origin() {
    let matrices = shipped_matrices();
    assert_eq!(matrices.len(), SHIPPED_MATRIX_FILES.len());
    for m in matrices {
        let o = &m.origin;
        assert_eq!(o.sha256.len(), 64, "{}", m.name);
        assert_eq!(m.matrix.sha256, o.sha256);
        assert_eq!(
            m.matrix.file, o.file,
            "the file's name, never a machine's path"
        );
        assert!(o.url.starts_with("https://github.com/"), "{}", o.url);
        assert_eq!(o.commit.len(), 40);
        assert!(o.licence.contains("CC BY 4.0"));
        assert!(o.attribution.contains("© Microsoft Corporation"));
        assert!(shipped_matrix(&o.sha256.to_uppercase()).is_some());
        let rows: Vec<_> = m.matrix.tables.iter().flat_map(|t| &t.rows).collect();
        assert_eq!(rows.len(), 35);
        for t in &m.matrix.tables {
            assert!(!t.sheet.is_empty());
            for r in &t.rows {
                assert!(r.row > t.header_rows.1, "{} row {}", t.sheet, r.row);
                assert!(!r.control_id.is_empty());
                let [value] = r.ownership.as_slice() else {
                    panic!("one Responsibility per row: {r:?}");
                };
                assert!(!value.original.is_empty() && value.known, "{value:?}");
                assert_eq!(value.columns, ["E"], "the Responsibility column");
            }
        }
        // The provider's own words travel with the rows.
        let worded = rows
            .iter()
            .filter(|r| r.customer_narrative.is_some())
            .count();
        assert!(worded >= 30, "{worded} rows with Microsoft's guidance");
    }
}

#[test]
fn recorded_hashes_match_the_public_files() {
    let Some(dir) = fixtures() else { return };
    for m in shipped_matrices() {
        let path = dir.join(&m.origin.file);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let sha: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            sha, m.origin.sha256,
            "{}: regenerate with scripts/gen-catalogs",
            m.origin.file
        );
    }
}

/// The committed files are exactly what the generator makes of the public files now.
#[cfg(feature = "gen")]
#[test]
fn generated_files_are_current() {
    use demarc_catalogs::gen::provider_matrices::{generate, to_json};
    let Some(dir) = fixtures() else { return };
    let generated = generate(&dir).expect("the generator runs");
    let names: Vec<&str> = generated.iter().map(|g| g.file.as_str()).collect();
    assert_eq!(names, SHIPPED_MATRIX_FILES);
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/provider-matrices");
    for g in generated {
        let committed = std::fs::read_to_string(data.join(&g.file)).expect("committed file");
        assert!(
            committed == to_json(&g.matrix).expect("serialises"),
            "{} is stale: run scripts/gen-catalogs",
            g.file
        );
    }
}

#[cfg(not(feature = "gen"))]
#[test]
fn generated_files_are_current() {
    eprintln!(
        "SKIPPED: the generator is built only with --features gen (scripts/test runs it); \
         cargo test -p demarc-catalogs --features gen"
    );
}
