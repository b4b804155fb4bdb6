//! Opens a file of any supported kind into plain sheets of cells, within the limits, with the
//! facts calamine alone does not give (hidden columns) read from the sheet XML.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use calamine::{
    open_workbook_from_rs, Cell, Data, DataRef, Dimensions, Ods, OdsError, Range, Reader,
    Sheet as SheetMeta, SheetType, SheetVisible, Xls, XlsError, Xlsx, XlsxError,
};

use crate::error::ImportError;
use crate::sheet::{Bounds, Properties, Sheet, Workbook};
use crate::xlsx_xml::{self, SheetXml};
use crate::Limits;

const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

enum Kind {
    Xlsx,
    Xls,
    Ods,
    Csv,
}

/// Reads the whole file, checking the size limit first.
pub(crate) fn read_bytes(path: &Path, limits: &Limits) -> Result<Vec<u8>, ImportError> {
    let io = |source| ImportError::Io {
        file: path.to_path_buf(),
        source,
    };
    check_size(path, std::fs::metadata(path).map_err(io)?.len(), limits)?;
    std::fs::read(path).map_err(io)
}

pub(crate) fn check_size(path: &Path, size: u64, limits: &Limits) -> Result<(), ImportError> {
    if size > limits.max_file_bytes {
        return Err(ImportError::TooLarge {
            file: path.to_path_buf(),
            what: format!("the file size ({size} bytes)"),
            limit: format!("{} bytes", limits.max_file_bytes),
        });
    }
    Ok(())
}

/// Reads the whole workbook. The spreadsheet readers trust the offsets and lengths a file
/// declares and can panic on a damaged one: such a file is reported as damaged, and the panic
/// never reaches the app.
pub(crate) fn open(path: &Path, bytes: &[u8], limits: &Limits) -> Result<Workbook, ImportError> {
    std::panic::catch_unwind(|| read(path, bytes, limits)).unwrap_or_else(|payload| {
        let reason = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "an internal error".into());
        Err(damaged(
            path,
            format!("the spreadsheet reader stopped on its structure ({reason})"),
        ))
    })
}

fn read(path: &Path, bytes: &[u8], limits: &Limits) -> Result<Workbook, ImportError> {
    let file = path.to_path_buf();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name.starts_with("~$") && !bytes.starts_with(ZIP_MAGIC) {
        return Err(ImportError::LockFile { file });
    }
    if bytes.is_empty() {
        return Err(ImportError::Empty { file });
    }
    if bytes.starts_with(OLE_MAGIC) && is_encrypted_package(bytes) {
        return Err(ImportError::Encrypted { file });
    }
    match kind(path, bytes).ok_or_else(|| ImportError::Unsupported { file: file.clone() })? {
        Kind::Xlsx => read_xlsx(file, bytes, limits),
        Kind::Xls => {
            let mut book: Xls<_> = open_workbook_from_rs(Cursor::new(bytes))
                .map_err(|e: XlsError| xls_error(&file, e))?;
            let merges = |book: &Xls<_>, sheet: &str| {
                book.merge_cells_by_sheet_name(sheet).unwrap_or_default()
            };
            read_generic(&file, &mut book, limits, merges)
        }
        Kind::Ods => {
            crate::archive::check_ods(&file, bytes, limits)?;
            let mut book: Ods<_> = open_workbook_from_rs(Cursor::new(bytes))
                .map_err(|e: OdsError| damaged(&file, e))?;
            read_generic(&file, &mut book, limits, |_, _| Vec::new())
        }
        Kind::Csv => crate::csv_file::read(file, bytes, limits),
    }
}

/// A password-protected .xlsx is an OLE container holding an `EncryptedPackage` stream; its
/// directory entry names are UTF-16.
fn is_encrypted_package(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.windows(name.len()).any(|w| w == name.as_slice())
}

/// The kind by content first (a renamed file still opens), then by extension.
fn kind(path: &Path, bytes: &[u8]) -> Option<Kind> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if bytes.starts_with(OLE_MAGIC) {
        return Some(Kind::Xls);
    }
    match ext.as_str() {
        "xlsx" | "xlsm" => Some(Kind::Xlsx),
        "xls" => Some(Kind::Xls),
        "ods" => Some(Kind::Ods),
        "csv" | "tsv" | "txt" => Some(Kind::Csv),
        _ if bytes.starts_with(ZIP_MAGIC) => Some(Kind::Xlsx),
        _ => None,
    }
}

fn damaged(file: &Path, detail: impl std::fmt::Display) -> ImportError {
    ImportError::Damaged {
        file: file.to_path_buf(),
        detail: detail.to_string(),
    }
}

fn xls_error(file: &Path, e: XlsError) -> ImportError {
    match e {
        XlsError::Password => ImportError::Encrypted {
            file: file.to_path_buf(),
        },
        other => damaged(file, other),
    }
}

fn xlsx_error(file: &Path, e: XlsxError) -> ImportError {
    match e {
        XlsxError::Password => ImportError::Encrypted {
            file: file.to_path_buf(),
        },
        other => damaged(file, other),
    }
}

fn read_xlsx(file: PathBuf, bytes: &[u8], limits: &Limits) -> Result<Workbook, ImportError> {
    if !bytes.starts_with(ZIP_MAGIC) {
        return Err(damaged(&file, "not a ZIP archive, as .xlsx files are"));
    }
    crate::archive::check_xlsx(&file, bytes, limits)?;
    // What calamine does not give (hidden columns, merges, impossible references) is read from
    // a second pass over each sheet's XML, on a thread of its own, a sheet ahead of calamine.
    std::thread::scope(|scope| {
        let (send, receive) = mpsc::channel::<(String, SheetXml)>();
        scope.spawn(move || {
            xlsx_xml::each_sheet(bytes, |name, xml| send.send((name, xml)).is_ok());
        });
        let mut ahead: HashMap<String, SheetXml> = HashMap::new();
        let mut sheet_xml = |name: &str| loop {
            if let Some(xml) = ahead.remove(name) {
                return Some(xml);
            }
            match receive.recv() {
                Ok((n, xml)) => {
                    ahead.insert(n, xml);
                }
                Err(_) => return None,
            }
        };
        read_xlsx_sheets(&file, bytes, limits, &mut sheet_xml)
    })
}

fn read_xlsx_sheets(
    file: &Path,
    bytes: &[u8],
    limits: &Limits,
    sheet_xml: &mut dyn FnMut(&str) -> Option<SheetXml>,
) -> Result<Workbook, ImportError> {
    let mut book: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| xlsx_error(file, e))?;
    let properties = book
        .workbook_properties()
        .map(|p| Properties {
            title: p.title,
            version: p.version,
            modified: p.modified,
        })
        .unwrap_or_default();
    let mut sheets = Vec::new();
    for meta in worksheets(&book) {
        let sheet_error = |detail: String| ImportError::Sheet {
            file: file.to_path_buf(),
            sheet: meta.name.clone(),
            detail,
        };
        let xml = sheet_xml(&meta.name);
        if let Some(reference) = xml.as_ref().and_then(|x| x.bad_reference.as_ref()) {
            return Err(sheet_error(format!(
                "impossible cell reference '{reference}' (a sheet has columns A to XFD and rows 1 \
                 to 1048576, and a range runs from its top-left cell)"
            )));
        }
        let (merged, hidden_columns, has_formulas) = match xml {
            Some(xml) => (xml.merged, xml.hidden_columns, xml.has_formulas),
            None => (
                book.merge_cells_by_sheet_name(&meta.name)
                    .map_err(|e| sheet_error(e.to_string()))?,
                Vec::new(),
                true,
            ),
        };
        let mut reader = book
            .worksheet_cells_reader(&meta.name)
            .map_err(|e| sheet_error(e.to_string()))?;
        let mut bounds = Bounds::new(file, &meta.name, limits);
        let mut cells = Vec::new();
        // As calamine does for its own ranges: room for the cells the sheet declares, when
        // that is a modest number.
        let declared = reader.dimensions().len();
        if declared < 100_000 && declared <= limits.max_cells {
            cells.reserve(declared as usize);
        }
        let mut formulas_without_value = Vec::new();
        // Streamed so that a huge sheet stops at the limit instead of filling memory; formulas
        // are read only from a sheet that has some (reading them costs every cell).
        if has_formulas {
            while let Some(cell) = reader
                .next_cell_with_formula_metadata()
                .map_err(|e| sheet_error(e.to_string()))?
            {
                let value = Data::from(cell.value);
                if value == Data::Empty {
                    if cell.formula.is_some() {
                        formulas_without_value.push(cell.pos);
                    }
                    continue;
                }
                bounds.add(cell.pos)?;
                cells.push(Cell::new(cell.pos, value));
            }
        } else {
            while let Some(cell) = reader.next_cell().map_err(|e| sheet_error(e.to_string()))? {
                let value = match cell.get_value() {
                    DataRef::Empty => continue,
                    DataRef::SharedString(s) => Data::String((*s).to_string()),
                    other => Data::from(other.clone()),
                };
                bounds.add(cell.get_position())?;
                cells.push(Cell::new(cell.get_position(), value));
            }
        }
        sheets.push(Sheet {
            hidden: meta.visible != SheetVisible::Visible,
            cells: Range::from_sparse(cells),
            merged,
            hidden_columns,
            formulas_without_value,
            name: meta.name,
        });
    }
    Ok(Workbook { sheets, properties })
}

/// The worksheets of a book as calamine lists them; chart sheets and macro sheets hold no matrix.
fn worksheets<RS, R>(book: &R) -> Vec<SheetMeta>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
{
    book.sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .cloned()
        .collect()
}

fn read_generic<RS, R>(
    file: &Path,
    book: &mut R,
    limits: &Limits,
    merges: impl Fn(&R, &str) -> Vec<Dimensions>,
) -> Result<Workbook, ImportError>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    let mut sheets = Vec::new();
    for meta in worksheets(book) {
        let cells = book
            .worksheet_range(&meta.name)
            .map_err(|e| ImportError::Sheet {
                file: file.to_path_buf(),
                sheet: meta.name.clone(),
                detail: e.to_string(),
            })?;
        let mut bounds = Bounds::new(file, &meta.name, limits);
        if let (Some(start), Some(end)) = (cells.start(), cells.end()) {
            bounds.add(start)?;
            bounds.add(end)?;
        }
        sheets.push(Sheet {
            hidden: meta.visible != SheetVisible::Visible,
            merged: merges(book, &meta.name),
            cells,
            hidden_columns: Vec::new(),
            formulas_without_value: Vec::new(),
            name: meta.name,
        });
    }
    Ok(Workbook {
        sheets,
        properties: Properties::default(),
    })
}
