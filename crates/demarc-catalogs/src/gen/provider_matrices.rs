//! Generates `data/provider-matrices/*.json` from the public provider matrices in
//! `../shared/fixtures`, read through Demarc's own importer (`demarc_import::read_matrix`), so
//! the shipped rows are exactly what a user's import of the same file stores.

use std::collections::BTreeMap;
use std::path::Path;

use demarc_import::{read_matrix, ReadOptions};

use super::{file_name, sha256_hex};
use crate::provider_matrices::{MatrixOrigin, ShippedMatrix};

/// One public matrix to ship: where it is published and what its file must hold.
struct Source {
    out: &'static str,
    name: &'static str,
    provider: &'static str,
    offering: &'static str,
    file: &'static str,
    repository: &'static str,
    path: &'static str,
    commit: &'static str,
    version: &'static str,
    sha256: &'static str,
    licence: &'static str,
    attribution: &'static str,
    /// The rows and each label's count, as read off the file by hand (fixtures' README).
    rows: usize,
    labels: &'static [(&'static str, usize)],
}

const SOURCES: [Source; 1] = [Source {
    out: "msft-azure-storage-baseline-v3.json",
    name: "Azure Storage security baseline v3",
    provider: "Microsoft",
    offering: "Azure Storage",
    file: "msft_storage-security-baseline-v3.xlsx",
    repository: "MicrosoftDocs/SecurityBenchmarks",
    path: "Azure Offer Security Baselines/3.0/\
           storage-azure-security-benchmark-v3-latest-security-baseline.xlsx",
    commit: "566c8535ff6fcd55ca93c53e8a7c15000290f603",
    version: "Azure Offer Security Baselines 3.0 (Azure Security Benchmark v3)",
    sha256: "8afd924396e36a1d58585471e520450bacdf78d6e277aa5b51bda0e9c29dbd82",
    licence: "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)",
    attribution: "© Microsoft Corporation, Azure Storage security baseline v3 \
                  (MicrosoftDocs/SecurityBenchmarks), CC BY 4.0",
    rows: 35,
    labels: &[("Customer", 18), ("Microsoft", 3), ("Not Applicable", 14)],
}];

/// One generated file: its name and content.
pub struct Generated {
    pub file: String,
    pub matrix: ShippedMatrix,
}

/// Reads every source from `fixtures` and checks it against the figures recorded above.
pub fn generate(fixtures: &Path) -> Result<Vec<Generated>, String> {
    SOURCES.iter().map(|s| one(fixtures, s)).collect()
}

fn one(fixtures: &Path, s: &Source) -> Result<Generated, String> {
    let path = fixtures.join(s.file);
    let sha256 = sha256_hex(&path)?;
    if sha256 != s.sha256 {
        return Err(format!(
            "{}: sha256 {sha256}, expected {} (another version of the file)",
            path.display(),
            s.sha256
        ));
    }
    let mut matrix =
        read_matrix(&path, &ReadOptions::default()).map_err(|e| format!("{}: {e}", s.file))?;
    // The path read from is this machine's; the file's name is what the matrix cites.
    matrix.file = file_name(&path);
    let rows: usize = matrix.tables.iter().map(|t| t.rows.len()).sum();
    let mut labels: BTreeMap<&str, usize> = BTreeMap::new();
    for value in matrix
        .tables
        .iter()
        .flat_map(|t| &t.rows)
        .flat_map(|r| &r.ownership)
    {
        *labels.entry(value.original.as_str()).or_default() += 1;
    }
    let expected: BTreeMap<&str, usize> = s.labels.iter().copied().collect();
    if rows != s.rows || labels != expected {
        return Err(format!(
            "{}: read {rows} rows {labels:?}, expected {} rows {expected:?}",
            s.file, s.rows
        ));
    }
    Ok(Generated {
        file: s.out.to_string(),
        matrix: ShippedMatrix {
            name: s.name.into(),
            provider: s.provider.into(),
            offering: s.offering.into(),
            origin: MatrixOrigin {
                repository: s.repository.into(),
                url: format!("https://github.com/{}", s.repository),
                path: s.path.into(),
                commit: s.commit.into(),
                version: s.version.into(),
                file: s.file.into(),
                sha256,
                licence: s.licence.into(),
                attribution: s.attribution.into(),
            },
            matrix,
        },
    })
}

/// The file's text: pretty JSON with a final newline.
pub fn to_json(matrix: &ShippedMatrix) -> Result<String, String> {
    serde_json::to_string_pretty(matrix)
        .map(|s| s + "\n")
        .map_err(|e| e.to_string())
}
