//! Exports from the app: what the export dialog sends, what it is told while the files are
//! written, and the plan of files a request asks for.

use std::path::Path;

use demarc_core::Framework;
use demarc_export::{Existing, ExportError, ExportPlan, Layout, Paper, ScopeError};
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

/// What to do with files of the export already in the folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExistingFiles {
    /// Write nothing; refused on the field `existing`.
    Refuse,
    Replace,
    /// Write every file under a versioned name, `NAME (2).pdf`.
    KeepBoth,
}

impl From<ExistingFiles> for Existing {
    fn from(e: ExistingFiles) -> Existing {
        match e {
            ExistingFiles::Refuse => Existing::Refuse,
            ExistingFiles::Replace => Existing::Replace,
            ExistingFiles::KeepBoth => Existing::KeepBoth,
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
    /// The readiness report (`NAME-readiness.pdf`): the open gaps as a work plan, on the
    /// pack's paper.
    #[serde(default)]
    pub readiness: bool,
    /// Companion layouts by id (`kickoff`, `csv`...), as [`export_layouts`] lists them.
    pub layouts: Vec<String>,
    /// The frameworks to export, of those in scope.
    pub frameworks: Vec<Framework>,
    /// The services to export, by id.
    #[ts(type = "number[]")]
    pub services: Vec<i64>,
    pub paper: PaperSize,
    pub existing: ExistingFiles,
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

/// The files `request` asks for, named after the engagement file `base` as the command line
/// names them (`NAME.xlsx`, `NAME.pdf`, `NAME-LAYOUT.EXT`).
pub(crate) fn plan(request: &ExportRequest, base: &Path) -> Result<ExportPlan, IpcError> {
    let layouts = request
        .layouts
        .iter()
        .map(|id| {
            Layout::from_id(id).ok_or_else(|| {
                IpcError::invalid("layouts", format!("{id:?} is not a companion layout"))
            })
        })
        .collect::<Result<Vec<Layout>, IpcError>>()?;
    let pdf = request.pdf.then_some(request.paper.into());
    let mut plan = ExportPlan::named_after(base, request.workbook, pdf, &layouts);
    if request.readiness {
        plan.add_readiness(base, request.paper.into());
    }
    if plan.is_empty() {
        return Err(IpcError::new(
            ErrorCode::InvalidInput,
            "choose at least one file to export: the workbook, the PDF, the readiness report or a layout",
        ));
    }
    Ok(plan)
}

impl From<ExportError> for IpcError {
    fn from(e: ExportError) -> IpcError {
        match e {
            ExportError::Store(e) => e.into(),
            ExportError::Io { .. } => IpcError::new(ErrorCode::Io, e.to_string()),
            ExportError::Exists(_) => IpcError::invalid("existing", e.to_string()),
            ExportError::Unavailable(_) => IpcError::invalid("layouts", e.to_string()),
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
