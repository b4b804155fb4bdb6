use std::path::PathBuf;

/// Why a file could not be read. Every message names the file, and the sheet and cell where one
/// applies, so the user can open the file and look.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {file}: {source}")]
    Io {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{file} is empty (0 bytes)")]
    Empty { file: PathBuf },
    #[error(
        "not a spreadsheet: {file} looks like an Excel lock file (Excel writes `~$` files while \
         the workbook is open); import the workbook itself"
    )]
    LockFile { file: PathBuf },
    #[error("{file} is password-protected (encrypted); save an unprotected copy and import that")]
    Encrypted { file: PathBuf },
    #[error("not a spreadsheet: {file} is damaged or truncated ({detail})")]
    Damaged { file: PathBuf, detail: String },
    #[error("unsupported file type: {file} (expected .xlsx, .xlsm, .xls, .ods or .csv)")]
    Unsupported { file: PathBuf },
    #[error("{file}: sheet '{sheet}' cannot be read: {detail}")]
    Sheet {
        file: PathBuf,
        sheet: String,
        detail: String,
    },
    #[error("{file}: no sheet named '{sheet}' (sheets: {available})")]
    NoSuchSheet {
        file: PathBuf,
        sheet: String,
        available: String,
    },
    #[error("{file}: line {line}: {detail}")]
    Csv {
        file: PathBuf,
        line: u64,
        detail: String,
    },
    #[error(
        "{file}: no recognisable header (looked for a control ID column and an ownership column \
         in the first {scanned} rows of: {sheets}); use a mapping profile"
    )]
    NoHeader {
        file: PathBuf,
        sheets: String,
        scanned: u32,
    },
    #[error("{file} is too large: {what} exceeds the limit of {limit}")]
    TooLarge {
        file: PathBuf,
        what: String,
        limit: String,
    },
    /// A JSON file that is not valid JSON or not an OSCAL model Demarc reads; `path` is the
    /// JSON path (`$.system-security-plan.control-implementation`).
    #[error("{file}: {path}: {detail}")]
    Json {
        file: PathBuf,
        path: String,
        detail: String,
    },
    /// A crosswalk file whose layout or content cannot be read; `place` names the sheet and
    /// cell where there is one.
    #[error("{file}{}: {detail}", place.as_ref().map(|p| format!(": {p}")).unwrap_or_default())]
    Crosswalk {
        file: PathBuf,
        place: Option<String>,
        detail: String,
    },
    #[error("mapping profile {profile}: {detail}")]
    Profile { profile: String, detail: String },
    #[error("{file}: sheet '{sheet}': {detail}")]
    ProfileMismatch {
        file: PathBuf,
        sheet: String,
        detail: String,
    },
}
