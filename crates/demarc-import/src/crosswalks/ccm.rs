//! CSA CCM v4's `Scope Applicability (Mappings)` sheet: a title row; a row of group headers,
//! one per framework, each over three columns; below it `Control Mapping` / `Gap Level` /
//! `Addendum` repeated under every group; the CCM control ID in an early column. A mapping
//! cell may hold several IDs separated by commas or line breaks; the gap level (`No Gap`,
//! `Partial Gap`, `Full Gap`, look-alike letters and all) is kept verbatim as each pair's
//! grade. The addendum, CSA's own text, is not read.

use demarc_core::crosswalk::{split_ids, CrosswalkLayout, IdSpace, Relation};
use demarc_core::fold;

use super::collect::nothing;
use super::{at, columns_where, header_row, place, Collect, Context, Found};
use crate::error::ImportError;
use crate::sheet::Sheet;

/// One framework's column group.
struct Group {
    mapping: u32,
    gap: Option<u32>,
    collect: Collect,
}

pub(super) fn read(ctx: &Context, sheet: &Sheet) -> Result<Option<Found>, ImportError> {
    let Some(leaves) = header_row(sheet, |r| {
        !columns_where(sheet, r, |t| t == "control mapping").is_empty()
            && !columns_where(sheet, r, |t| t == "gap level").is_empty()
    }) else {
        return Ok(None);
    };
    let first = sheet.first_row().unwrap_or(leaves);
    let mapping_columns = columns_where(sheet, leaves, |t| t == "control mapping");
    let id_column = (first..=leaves)
        .rev()
        .find_map(|r| {
            sheet.columns().find(|&c| {
                let title = fold(&header_text(sheet, r, c));
                title == "control id" || title == "ccm control id"
            })
        })
        .ok_or_else(|| {
            ctx.error(
                Some(place(sheet, leaves, sheet.columns().next().unwrap_or(0))),
                "a CCM mapping sheet needs a 'Control ID' column; none was found in the header rows",
            )
        })?;
    let source = ctx.options.source.clone().unwrap_or(IdSpace::CsaCcm4);
    let mut warnings = Vec::new();
    let mut groups = Vec::new();
    for (n, &mapping) in mapping_columns.iter().enumerate() {
        let next = mapping_columns.get(n + 1).copied().unwrap_or(u32::MAX);
        let name = group_name(sheet, first, leaves, mapping, next).ok_or_else(|| {
            ctx.error(
                Some(place(sheet, leaves.saturating_sub(1), mapping)),
                "no group header names the framework of this 'Control Mapping' column",
            )
        })?;
        let target = IdSpace::recognise(&name).unwrap_or_else(|| {
            warnings.push(format!(
                "sheet '{}': framework {:?} is not one Demarc knows; its mappings are kept \
                 under that name",
                sheet.name,
                name.trim()
            ));
            IdSpace::Other(name.split_whitespace().collect::<Vec<_>>().join(" "))
        });
        if ctx.options.target.as_ref().is_some_and(|t| *t != target) {
            continue;
        }
        let gap = (mapping + 1..next.min(mapping + 3))
            .find(|&c| fold(&sheet.text(leaves, c)) == "gap level");
        groups.push(Group {
            mapping,
            gap,
            collect: ctx.collect(
                source.clone(),
                target,
                "Cloud Security Alliance (CCM v4 mapping sheet)",
            ),
        });
    }
    let last = sheet.last_row().unwrap_or(leaves);
    for r in leaves + 1..=last {
        let id = sheet.text(r, id_column);
        let id = id.trim();
        if id.is_empty() {
            continue;
        }
        let known = source.normalize(id).is_some();
        for group in &mut groups {
            let cell = sheet.text(r, group.mapping);
            if nothing(&cell) {
                continue;
            }
            if !known {
                group.collect.unknown_source(id, at(sheet, r, id_column));
                continue;
            }
            let grade = group.gap.map(|g| sheet.text(r, g)).unwrap_or_default();
            let relation = if grade.trim().is_empty() {
                Relation::Unstated
            } else {
                Relation::graded(&grade)
            };
            for piece in split_ids(&cell) {
                ctx.spend()?;
                group.collect.add(
                    id,
                    &piece,
                    relation.clone(),
                    at(sheet, r, group.mapping),
                    None,
                );
            }
        }
    }
    Ok(Some(Found {
        layout: CrosswalkLayout::CcmMappings,
        collects: groups.into_iter().map(|g| g.collect).collect(),
        warnings,
    }))
}

/// A header cell's text, or the text of the merged range covering it.
fn header_text(sheet: &Sheet, row: u32, col: u32) -> String {
    let own = sheet.text(row, col);
    if !own.trim().is_empty() {
        return own;
    }
    sheet
        .merge_origin(row, col)
        .map(|(r, c)| sheet.text(r, c))
        .unwrap_or_default()
}

/// The group header above a `Control Mapping` column: the nearest row above the leaves that
/// has text over the group's columns (its own, or a merged range's).
fn group_name(sheet: &Sheet, first: u32, leaves: u32, mapping: u32, next: u32) -> Option<String> {
    (first..leaves).rev().find_map(|r| {
        (mapping..next.min(mapping + 3))
            .map(|c| header_text(sheet, r, c))
            .find(|t| !t.trim().is_empty())
    })
}
