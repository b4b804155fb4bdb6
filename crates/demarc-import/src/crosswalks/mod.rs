//! Reads crosswalks from the user's own files, where their owners' terms forbid bundling them:
//! the CSA CCM v4 mapping sheet, NIST OLIR relationship files, the Secure Controls Framework's
//! framework columns, OSCAL mapping collections (JSON), and any sheet or CSV of source ID,
//! target ID and optionally a relationship. Every pair keeps its sheet, row and column; IDs
//! that are not IDs of their framework are counted and listed (the first few with their cell)
//! and the rest imported.

mod ccm;
mod collect;
mod olir;
mod oscal;
mod pairs;
mod scf;

use std::cell::Cell;
use std::path::Path;

use demarc_core::crosswalk::{CrosswalkFile, CrosswalkLayout, IdSpace, Origin, PairSource};
use sha2::{Digest, Sha256};

use crate::error::ImportError;
use crate::sheet::Sheet;
use crate::{column_letter, workbook, Limits};
use collect::Collect;

/// What to read a crosswalk file as.
#[derive(Debug, Clone, Default)]
pub struct CrosswalkOptions {
    /// The framework of the source IDs (OLIR's focal element, a two-column file's first
    /// column), when the file does not name it; it overrides what the file says.
    pub source: Option<IdSpace>,
    /// The framework of the target IDs; for a CCM or SCF sheet with one column group per
    /// framework, only that framework's.
    pub target: Option<IdSpace>,
    /// Read only this sheet.
    pub sheet: Option<String>,
    /// Whose mapping it is, when the layout does not tell.
    pub publisher: Option<String>,
    pub limits: Limits,
}

/// Every crosswalk in a file.
pub fn read_crosswalks(
    path: &Path,
    options: &CrosswalkOptions,
) -> Result<CrosswalkFile, ImportError> {
    let bytes = workbook::read_bytes(path, &options.limits)?;
    read_from(path, &bytes, options)
}

/// Every crosswalk in a file already in memory; `name` stands for its path in messages and
/// gives the kind when the content does not.
pub fn read_crosswalks_bytes(
    name: &str,
    bytes: &[u8],
    options: &CrosswalkOptions,
) -> Result<CrosswalkFile, ImportError> {
    let path = Path::new(name);
    workbook::check_size(path, bytes.len() as u64, &options.limits)?;
    read_from(path, bytes, options)
}

/// Pairs one file may give (each ID of a multi-ID cell counts); past it the read stops with
/// `ImportError::TooLarge`, so a hostile file cannot fill memory.
pub const MAX_PAIRS: u64 = 2_000_000;

/// The file being read and how.
struct Context<'a> {
    path: &'a Path,
    file_name: String,
    sha256: String,
    options: &'a CrosswalkOptions,
    /// Pairs read so far.
    pairs: Cell<u64>,
}

impl Context<'_> {
    /// Counts one more pair read, refusing the file past `MAX_PAIRS`.
    fn spend(&self) -> Result<(), ImportError> {
        let n = self.pairs.get() + 1;
        self.pairs.set(n);
        if n > MAX_PAIRS {
            return Err(ImportError::TooLarge {
                file: self.path.to_path_buf(),
                what: format!("the crosswalk (more than {MAX_PAIRS} pairs)"),
                limit: format!("{MAX_PAIRS} pairs"),
            });
        }
        Ok(())
    }

    fn error(&self, place: Option<String>, detail: impl Into<String>) -> ImportError {
        ImportError::Crosswalk {
            file: self.path.to_path_buf(),
            place,
            detail: detail.into(),
        }
    }

    /// The crosswalk being read for one pair of frameworks.
    fn collect(&self, source: IdSpace, target: IdSpace, publisher: &str) -> Collect {
        let name = format!(
            "{} to {} ({})",
            source.label(),
            target.label(),
            self.file_name
        );
        Collect::new(
            name,
            source,
            target,
            Origin {
                file: self.file_name.clone(),
                sha256: self.sha256.clone(),
                publisher: self
                    .options
                    .publisher
                    .clone()
                    .unwrap_or_else(|| publisher.to_string()),
                version: None,
                licence: "The user's own copy, imported into this engagement; not bundled with \
                          Demarc."
                    .into(),
                also: Vec::new(),
            },
        )
    }
}

/// What one reader found in a sheet (or the JSON file).
struct Found {
    layout: CrosswalkLayout,
    collects: Vec<Collect>,
    warnings: Vec<String>,
}

fn read_from(
    path: &Path,
    bytes: &[u8],
    options: &CrosswalkOptions,
) -> Result<CrosswalkFile, ImportError> {
    let ctx = Context {
        path,
        file_name: path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ),
        sha256: Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
        options,
        pairs: Cell::new(0),
    };
    let found = if is_json(path, bytes) {
        vec![oscal::read(&ctx, bytes)?]
    } else {
        read_book(&ctx, bytes)?
    };
    let layout = found
        .first()
        .map(|f| f.layout)
        .ok_or_else(|| ctx.error(None, "no crosswalk found"))?;
    let mut file = CrosswalkFile {
        file: ctx.file_name.clone(),
        sha256: ctx.sha256.clone(),
        layout,
        crosswalks: Vec::new(),
        unknown: Vec::new(),
        warnings: Vec::new(),
    };
    for f in found {
        file.warnings.extend(f.warnings);
        for collect in f.collects {
            let (crosswalk, unknown) = collect.finish();
            file.crosswalks.extend(crosswalk);
            file.unknown.extend(unknown);
        }
    }
    if file.crosswalks.is_empty() {
        file.warnings
            .push("no pair of known IDs was found: nothing to import".into());
    }
    Ok(file)
}

fn is_json(path: &Path, bytes: &[u8]) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    ext == "json"
        || bytes
            .iter()
            .find(|b| !b.is_ascii_whitespace() && **b != 0xEF && **b != 0xBB && **b != 0xBF)
            == Some(&b'{')
}

/// The crosswalks of a workbook (or CSV): the CCM, OLIR and SCF layouts wherever they are; a
/// two-column sheet only when none of them is anywhere.
fn read_book(ctx: &Context, bytes: &[u8]) -> Result<Vec<Found>, ImportError> {
    let book = workbook::open(ctx.path, bytes, &ctx.options.limits)?;
    let sheets: Vec<&Sheet> = match &ctx.options.sheet {
        Some(name) => vec![book
            .sheets
            .iter()
            .find(|s| &s.name == name)
            .ok_or_else(|| ImportError::NoSuchSheet {
                file: ctx.path.to_path_buf(),
                sheet: name.clone(),
                available: book
                    .sheets
                    .iter()
                    .map(|s| format!("'{}'", s.name))
                    .collect::<Vec<_>>()
                    .join(", "),
            })?],
        None => book.sheets.iter().collect(),
    };
    let mut found = Vec::new();
    for sheet in &sheets {
        if let Some(f) = ccm::read(ctx, sheet)? {
            found.push(f);
        } else if let Some(f) = olir::read(ctx, sheet, &book.sheets)? {
            found.push(f);
        } else if let Some(f) = scf::read(ctx, sheet)? {
            found.push(f);
        }
    }
    if found.is_empty() {
        let sheet = sheets
            .iter()
            .find(|s| s.first_row().is_some())
            .ok_or_else(|| ctx.error(None, "every sheet is empty"))?;
        found.push(pairs::read(ctx, sheet)?);
    }
    Ok(found)
}

/// The cell a pair was read from.
fn at(sheet: &Sheet, row: u32, col: u32) -> PairSource {
    PairSource {
        sheet: sheet.name.clone(),
        row: row.saturating_add(1),
        column: Some(column_letter(col)),
    }
}

/// `sheet 'X', cell B3`, for messages.
fn place(sheet: &Sheet, row: u32, col: u32) -> String {
    format!(
        "sheet '{}', cell {}",
        sheet.name,
        crate::cell_name(row, col)
    )
}

/// The rows a header is looked for in.
const HEADER_ROWS: u32 = 15;

/// The first row among the first few whose cells satisfy `test`.
fn header_row(sheet: &Sheet, test: impl Fn(u32) -> bool) -> Option<u32> {
    let first = sheet.first_row()?;
    (first..=sheet.last_row()?.min(first + HEADER_ROWS)).find(|&r| test(r))
}

/// The columns of `row` whose folded text satisfies `test`.
fn columns_where(sheet: &Sheet, row: u32, test: impl Fn(&str) -> bool) -> Vec<u32> {
    sheet
        .columns()
        .filter(|&c| test(&demarc_core::fold(&sheet.text(row, c))))
        .collect()
}
