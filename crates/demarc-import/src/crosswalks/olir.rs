//! NIST OLIR relationship files (NIST IR 8278A): `Focal Document Element`, `Relationship`,
//! `Reference Document Element`, one row per pair, a focal element repeated per pair (or left
//! blank under the first, as merged cells read). The relationship is read as "focal element
//! RELATIONSHIP reference element", so the focal document is the crosswalk's source.

use demarc_core::crosswalk::{split_ids, CrosswalkLayout, IdSpace, Relation};
use demarc_core::fold;

use super::collect::nothing;
use super::{at, columns_where, header_row, place, Context, Found};
use crate::error::ImportError;
use crate::sheet::Sheet;

pub(super) fn read(
    ctx: &Context,
    sheet: &Sheet,
    all: &[Sheet],
) -> Result<Option<Found>, ImportError> {
    let is = |name: &'static str| move |t: &str| t == name;
    let Some(h) = header_row(sheet, |r| {
        !columns_where(sheet, r, is("focal document element")).is_empty()
            && !columns_where(sheet, r, is("reference document element")).is_empty()
    }) else {
        return Ok(None);
    };
    let focal = columns_where(sheet, h, is("focal document element"))[0];
    let reference = columns_where(sheet, h, is("reference document element"))[0];
    let relationship = columns_where(sheet, h, is("relationship")).first().copied();
    let strength = columns_where(sheet, h, |t| t.starts_with("strength of relationship"))
        .first()
        .copied();
    let source = ctx
        .options
        .source
        .clone()
        .or_else(|| named(all, "focal document"));
    let target = ctx
        .options
        .target
        .clone()
        .or_else(|| named(all, "reference document"));
    let (Some(source), Some(target)) = (source, target) else {
        return Err(ctx.error(
            Some(place(sheet, h, focal)),
            "an OLIR file that does not name its documents' frameworks: give the focal \
             document's with --source-framework and the reference document's with \
             --target-framework",
        ));
    };
    let mut collect = ctx.collect(source, target, "NIST OLIR submission (the user's copy)");
    let mut warnings = Vec::new();
    let mut current = String::new();
    for r in h + 1..=sheet.last_row().unwrap_or(h) {
        let f = sheet.text(r, focal);
        if !f.trim().is_empty() {
            current = f.trim().to_string();
        }
        let cell = sheet.text(r, reference);
        if current.is_empty() || nothing(&cell) {
            continue;
        }
        let stated = relationship.map(|c| sheet.text(r, c)).unwrap_or_default();
        let relation = if stated.trim().is_empty() {
            Relation::Unstated
        } else {
            Relation::parse(&stated).unwrap_or_else(|| {
                warnings.push(format!(
                    "sheet '{}' row {}: relationship {:?} is not one of OLIR's; read as unstated \
                     (a suggestion only)",
                    sheet.name,
                    r.saturating_add(1),
                    stated.trim()
                ));
                Relation::Unstated
            })
        };
        let note = strength
            .map(|c| sheet.text(r, c))
            .filter(|s| !nothing(s))
            .map(|s| format!("strength of relationship {}", s.trim()));
        for piece in split_ids(&cell) {
            ctx.spend()?;
            collect.add(
                &current,
                &piece,
                relation.clone(),
                at(sheet, r, reference),
                note.clone(),
            );
        }
    }
    Ok(Some(Found {
        layout: CrosswalkLayout::Olir,
        collects: vec![collect],
        warnings,
    }))
}

/// The framework a general-information sheet names for `label` (`Focal Document:` beside
/// `NIST SP 800-53 Rev 5`), in any sheet's first rows.
fn named(sheets: &[Sheet], label: &str) -> Option<IdSpace> {
    sheets.iter().find_map(|sheet| {
        let first = sheet.first_row()?;
        let last = sheet.last_row()?.min(first + 40);
        (first..=last).find_map(|r| {
            let columns: Vec<u32> = sheet.columns().collect();
            columns.iter().enumerate().find_map(|(i, &c)| {
                let text = sheet.text(r, c);
                let folded = fold(&text);
                if !folded.starts_with(label) || folded.contains("element") {
                    return None;
                }
                let after = text.split_once(':').map(|(_, a)| a.trim().to_string());
                let beside = columns[i + 1..]
                    .iter()
                    .map(|&n| sheet.text(r, n))
                    .find(|t| !t.trim().is_empty());
                after
                    .filter(|a| !a.is_empty())
                    .or(beside)
                    .and_then(|name| IdSpace::recognise(&name))
            })
        })
    })
}
