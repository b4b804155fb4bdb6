//! The Secure Controls Framework's workbook: one row per SCF control, its ID in the `SCF #`
//! column, one column per framework holding that framework's IDs separated by line breaks.
//! Every column whose header names a framework Demarc knows becomes a crosswalk from SCF.

use demarc_core::crosswalk::{split_ids, CrosswalkLayout, IdSpace, Relation};

use super::collect::nothing;
use super::{at, columns_where, header_row, place, Context, Found};
use crate::error::ImportError;
use crate::sheet::Sheet;

pub(super) fn read(ctx: &Context, sheet: &Sheet) -> Result<Option<Found>, ImportError> {
    let Some(h) = header_row(sheet, |r| {
        !columns_where(sheet, r, |t| t == "scf #").is_empty()
    }) else {
        return Ok(None);
    };
    let id_column = columns_where(sheet, h, |t| t == "scf #")[0];
    let source = ctx
        .options
        .source
        .clone()
        .unwrap_or(IdSpace::SecureControlsFramework);
    let mut columns = Vec::new();
    for c in sheet.columns().filter(|&c| c != id_column) {
        let Some(space) = IdSpace::recognise(&sheet.text(h, c)) else {
            continue;
        };
        if space == IdSpace::SecureControlsFramework
            || ctx.options.target.as_ref().is_some_and(|t| *t != space)
            || columns.iter().any(|(_, s, _)| *s == space)
        {
            continue;
        }
        let collect = ctx.collect(
            source.clone(),
            space.clone(),
            "Secure Controls Framework Council (SCF crosswalk columns)",
        );
        columns.push((c, space, collect));
    }
    if columns.is_empty() {
        return Err(ctx.error(
            Some(place(sheet, h, id_column)),
            "an SCF sheet with no column whose header names a framework Demarc knows",
        ));
    }
    for r in h + 1..=sheet.last_row().unwrap_or(h) {
        let id = sheet.text(r, id_column);
        let id = id.trim();
        if id.is_empty() {
            continue;
        }
        let known = source.normalize(id).is_some();
        for (c, _, collect) in &mut columns {
            let cell = sheet.text(r, *c);
            if nothing(&cell) {
                continue;
            }
            if !known {
                collect.unknown_source(id, at(sheet, r, id_column));
                continue;
            }
            for piece in split_ids(&cell) {
                ctx.spend()?;
                collect.add(id, &piece, Relation::Unstated, at(sheet, r, *c), None);
            }
        }
    }
    Ok(Some(Found {
        layout: CrosswalkLayout::ScfColumns,
        collects: columns.into_iter().map(|(_, _, c)| c).collect(),
        warnings: Vec::new(),
    }))
}
