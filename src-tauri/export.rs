//! Exports from the app: what the export dialog sends, what it is told while the files are
//! written, and how a file is written so that a crash never leaves half of one under its name.

use std::io::Write;
use std::path::Path;

use demarc_core::Framework;
use demarc_export::{ExportError, Layout, Paper, ScopeError};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ErrorCode, IpcError};

/// The paper size of the PDF pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PaperSize {
    A4,
    Letter,
}

impl From<PaperSize> for Paper {
    fn from(p: PaperSize) -> Paper {
        match p {
            PaperSize::A4 => Paper::A4,
            PaperSize::Letter => Paper::Letter,
        }
    }
}

/// What the export dialog asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExportRequest {
    /// The auditor's workbook.
    pub workbook: bool,
    /// The PDF pack.
    pub pdf: bool,
    /// Companion layouts by id (`kickoff`, `csv`...), as [`export_layouts`] lists them.
    pub layouts: Vec<String>,
    /// The frameworks to export, of those in scope.
    pub frameworks: Vec<Framework>,
    /// The services to export, by id.
    #[ts(type = "number[]")]
    pub services: Vec<i64>,
    pub paper: PaperSize,
}

/// Sent as each file is started, and once more when the last one is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ExportProgress {
    /// Files written so far.
    pub done: u32,
    pub total: u32,
    /// The name of the file being written (the last one, when `done == total`).
    pub file: String,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ExportDone {
    pub folder: String,
    /// The full paths of the files written, in the order written.
    pub files: Vec<String>,
    /// The export was cancelled: `files` holds those written before, each whole.
    pub cancelled: bool,
}

/// A companion layout the dialog offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ExportLayout {
    pub id: String,
    pub label: String,
    /// The file's extension: `xlsx` or `csv`.
    pub extension: String,
}

/// Every companion layout, with a plain label.
pub fn export_layouts() -> Vec<ExportLayout> {
    Layout::ALL
        .iter()
        .map(|&layout| ExportLayout {
            id: layout.id().to_string(),
            label: label(layout).to_string(),
            extension: layout.extension().to_string(),
        })
        .collect()
}

fn label(layout: Layout) -> &'static str {
    match layout {
        Layout::FedrampCrm => "FedRAMP customer responsibility matrix",
        Layout::PciTpsp => "PCI DSS 12.8.5 matrix, by provider",
        Layout::Kickoff => "Kickoff matrix, three columns per service",
        Layout::Soc2Cuec => "SOC 2 complementary user entity controls",
        Layout::HipaaBa => "HIPAA business associate register",
        Layout::Csv => "Control matrix as CSV",
        Layout::Oscal => "OSCAL system security plan fragment",
    }
}

/// One file an export will write: its name and what makes its bytes.
pub(crate) enum Part {
    Workbook,
    Pdf(Paper),
    Layout(Layout),
}

/// The files `request` asks for, each with its name after the engagement's `stem` (as the CLI
/// names them: `NAME.xlsx`, `NAME.pdf`, `NAME-LAYOUT.EXT`).
pub(crate) fn plan(request: &ExportRequest, stem: &str) -> Result<Vec<(String, Part)>, IpcError> {
    let mut parts = Vec::new();
    if request.workbook {
        parts.push((format!("{stem}.xlsx"), Part::Workbook));
    }
    if request.pdf {
        parts.push((format!("{stem}.pdf"), Part::Pdf(request.paper.into())));
    }
    let mut seen = Vec::new();
    for id in &request.layouts {
        let layout = Layout::from_id(id).ok_or_else(|| {
            IpcError::invalid("layouts", format!("{id:?} is not a companion layout"))
        })?;
        if !seen.contains(&layout) {
            seen.push(layout);
            parts.push((
                format!("{stem}-{}.{}", layout.id(), layout.extension()),
                Part::Layout(layout),
            ));
        }
    }
    if parts.is_empty() {
        return Err(IpcError::new(
            ErrorCode::InvalidInput,
            "choose at least one file to export: the workbook, the PDF or a layout",
        ));
    }
    Ok(parts)
}

/// Writes `bytes` to `path` through a temporary file in the same folder, renamed into place
/// once complete and on disk: `path` holds either its earlier content or all of the new.
pub(crate) fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), IpcError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.{}.part", std::process::id()));
    let written = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    written.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        IpcError::new(ErrorCode::Io, format!("{}: {e}", path.display()))
    })
}

impl From<ExportError> for IpcError {
    fn from(e: ExportError) -> IpcError {
        match e {
            ExportError::Store(e) => e.into(),
            ExportError::Io { .. } => IpcError::new(ErrorCode::Io, e.to_string()),
            e => IpcError::new(ErrorCode::Internal, e.to_string()),
        }
    }
}

impl From<ScopeError> for IpcError {
    fn from(e: ScopeError) -> IpcError {
        let code = match e {
            ScopeError::Framework(_) => ErrorCode::InvalidInput,
            ScopeError::Service(_) => ErrorCode::NotFound,
        };
        IpcError::new(code, e.to_string())
    }
}
