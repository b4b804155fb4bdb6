//! The PDF pack an assessor reads, in this order: cover (with the output manifest), contents,
//! executive summary (reliance, attestation timeline, owner heat map, exceptions), legend and
//! methodology, provider register, the services' stacks, the entity-level controls once, then
//! per framework the system-level rows in a compact form (PCI DSS by requirement, with the TPSP
//! and its AOC), the decision log summary and the sign-off block. Every section is a bookmark
//! of the PDF's outline. The full matrix stays in the workbook; the open gaps go to the
//! readiness report and come into the pack only when asked (`PackOptions::readiness`).
//!
//! printpdf only places text and shapes. A small layout engine does the rest: `font` breaks
//! lines, `page` fills pages, records the sections and adds the footers with "page X of Y"
//! once the page count is known, `table` draws tables over pages.

mod change_log;
mod cover;
mod font;
mod heat_map;
mod matrix;
mod outline;
mod page;
mod pages;
mod readiness_report;
mod stacks;
mod style;
mod summary;
mod table;
mod timeline;

use printpdf::{DateTime, PdfDocument, PdfSaveOptions};

use crate::{ExportData, ExportError, Result};
use font::Fonts;
pub use page::Paper;
use page::Writer;
pub use readiness_report::{write_readiness, READINESS_SUFFIX};

/// One file of the same export, named with its SHA-256 on the cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestEntry {
    pub name: String,
    pub sha256: String,
    pub bytes: usize,
}

/// How to write the pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackOptions {
    pub paper: Paper,
    /// Include the readiness report's content (the work plan of the open gaps) before the
    /// decision log summary.
    pub readiness: bool,
    /// The other files of the export, listed on the cover (a file cannot list its own hash).
    pub manifest: Vec<ManifestEntry>,
}

impl PackOptions {
    pub fn new(paper: Paper) -> PackOptions {
        PackOptions {
            paper,
            readiness: false,
            manifest: Vec::new(),
        }
    }
}

/// The PDF pack as bytes, on `paper`, without the readiness section or a manifest.
pub fn write_pdf(data: &ExportData, paper: Paper) -> Result<Vec<u8>> {
    write_pack(data, &PackOptions::new(paper))
}

/// The PDF pack as bytes.
pub fn write_pack(data: &ExportData, options: &PackOptions) -> Result<Vec<u8>> {
    let mut doc = PdfDocument::new(&format!(
        "{}: shared responsibility pack",
        data.view.engagement.client
    ));
    let fonts = Fonts::load(&mut doc)?;
    let mut w = Writer::new(&fonts, options.paper);
    cover::cover(&mut w, data, &options.manifest, options.readiness);
    let contents_page = cover::reserve_contents(&mut w);
    summary::summary(&mut w, data);
    pages::legend(&mut w);
    pages::providers(&mut w, data);
    stacks::stacks(&mut w, data);
    matrix::entity(&mut w, data);
    matrix::system(&mut w, data);
    if options.readiness {
        readiness_report::pack_section(&mut w, data);
    }
    change_log::change_log(&mut w, data);
    cover::sign_off(&mut w, data);
    cover::contents(&mut w, contents_page);

    let sections = w.sections.clone();
    let pages = w.finish(&data.provenance(), &data.pack_status_line());
    // The dates come from `generated_at`, so the same data gives the same bytes.
    let at = DateTime::from_unix_timestamp(data.generated_at.and_utc().timestamp())
        .map_err(|e| ExportError::Pdf(e.to_string()))?;
    let info = &mut doc.metadata.info;
    info.creation_date = at;
    info.modification_date = at;
    info.metadata_date = at;
    info.author = data
        .view
        .engagement
        .preparer
        .as_ref()
        .map(|p| p.name.clone())
        .unwrap_or_default();
    info.subject = data.view.engagement.name.clone();
    info.creator = "Demarc".into();
    info.producer = "Demarc".into();
    let mut warnings = Vec::new();
    let bytes = doc
        .with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut warnings);
    outline::with_outline(&bytes, &sections)
}
