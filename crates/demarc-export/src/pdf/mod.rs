//! The PDF pack: cover and sign-off, legend, provider register, the entity-level controls once,
//! one page per service with its stack drawn as vector graphics, the control matrix of the
//! services as tables, the open gaps and the change log; every page says whether it is a draft
//! or which version was approved by whom.
//!
//! printpdf only places text and shapes. A small layout engine does the rest: `font` breaks
//! lines, `page` fills pages and adds the footers with "page X of Y" once the page count is
//! known, `table` draws tables over pages. `pages` and `service` are the pack's own pages.

mod change_log;
mod font;
mod page;
mod pages;
mod service;
mod style;
mod table;

use demarc_core::MatrixRow;
use printpdf::{DateTime, PdfDocument, PdfSaveOptions};

use crate::{ExportData, ExportError, Result};
use font::Fonts;
pub use page::Paper;
use page::Writer;

/// The PDF pack as bytes.
pub fn write_pdf(data: &ExportData, paper: Paper) -> Result<Vec<u8>> {
    let mut doc = PdfDocument::new(&format!(
        "{}: shared responsibility pack",
        data.view.engagement.client
    ));
    let fonts = Fonts::load(&mut doc)?;
    let mut w = Writer::new(&fonts, paper);
    pages::cover(&mut w, data);
    pages::legend(&mut w);
    pages::providers(&mut w, data);
    let (entity, system): (Vec<&MatrixRow>, Vec<&MatrixRow>) =
        data.rows.iter().partition(|r| r.service.is_none());
    if !entity.is_empty() {
        pages::matrix(&mut w, pages::ENTITY_SECTION, &entity);
    }
    for s in &data.view.services {
        service::service_page(&mut w, data, s);
    }
    pages::matrix(&mut w, pages::MATRIX_SECTION, &system);
    pages::gaps(&mut w, data);
    change_log::change_log(&mut w, data);

    let pages = w.finish(&data.provenance(), &data.status_line());
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
    Ok(doc
        .with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut warnings))
}
