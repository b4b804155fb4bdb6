//! Any sheet or CSV of pairs: a source ID column, a target ID column and, optionally, a
//! relationship column, with or without a header row naming the frameworks.

use demarc_core::crosswalk::{split_ids, CrosswalkLayout, IdSpace, Relation};
use demarc_core::fold;

use super::collect::nothing;
use super::{at, place, Context, Found};
use crate::error::ImportError;
use crate::sheet::Sheet;

pub(super) fn read(ctx: &Context, sheet: &Sheet) -> Result<Found, ImportError> {
    let first = sheet
        .first_row()
        .ok_or_else(|| ctx.error(None, format!("sheet '{}' is empty", sheet.name)))?;
    let titled: Vec<u32> = sheet
        .columns()
        .filter(|&c| !sheet.text(first, c).trim().is_empty())
        .collect();
    let relationship = titled.iter().copied().find(|&c| {
        matches!(
            fold(&sheet.text(first, c)).as_str(),
            "relationship" | "relation" | "relationship type" | "type of relationship"
        )
    });
    let ids: Vec<u32> = titled
        .iter()
        .copied()
        .filter(|c| Some(*c) != relationship)
        .take(2)
        .collect();
    let [source_col, target_col] = ids[..] else {
        return Err(ctx.error(
            Some(place(sheet, first, titled.first().copied().unwrap_or(0))),
            "a crosswalk needs a column of source IDs and a column of target IDs",
        ));
    };
    let (source_title, target_title) =
        (sheet.text(first, source_col), sheet.text(first, target_col));
    let source = ctx
        .options
        .source
        .clone()
        .or_else(|| IdSpace::recognise(&source_title));
    let target = ctx
        .options
        .target
        .clone()
        .or_else(|| IdSpace::recognise(&target_title));
    let (Some(source), Some(target)) = (source, target) else {
        return Err(ctx.error(
            Some(place(sheet, first, source_col)),
            format!(
                "the columns {:?} and {:?} name no framework Demarc knows: give them with \
                 --source-framework and --target-framework",
                source_title.trim(),
                target_title.trim()
            ),
        ));
    };
    // A first row of two IDs is a pair, not a header.
    let header =
        source.normalize(&source_title).is_none() || target.normalize(&target_title).is_none();
    let mut collect = ctx.collect(source, target, "as given by the user");
    let mut warnings = Vec::new();
    let start = if header { first + 1 } else { first };
    for r in start..=sheet.last_row().unwrap_or(first) {
        let s = sheet.text(r, source_col);
        let t = sheet.text(r, target_col);
        if s.trim().is_empty() || nothing(&t) {
            continue;
        }
        let stated = relationship.map(|c| sheet.text(r, c)).unwrap_or_default();
        let relation = if stated.trim().is_empty() {
            Relation::Unstated
        } else {
            Relation::parse(&stated)
                .or_else(|| {
                    Some(Relation::graded(&stated)).filter(|g| {
                        !matches!(
                            g,
                            Relation::Graded {
                                meaning: demarc_core::crosswalk::GradeMeaning::Unrecognised,
                                ..
                            }
                        )
                    })
                })
                .unwrap_or_else(|| {
                    warnings.push(format!(
                        "sheet '{}' row {}: relationship {:?} is not one Demarc knows; read as \
                         unstated (a suggestion only)",
                        sheet.name,
                        r.saturating_add(1),
                        stated.trim()
                    ));
                    Relation::Unstated
                })
        };
        for piece in split_ids(&t) {
            ctx.spend()?;
            collect.add(
                s.trim(),
                &piece,
                relation.clone(),
                at(sheet, r, target_col),
                None,
            );
        }
    }
    Ok(Found {
        layout: CrosswalkLayout::TwoColumns,
        collects: vec![collect],
        warnings,
    })
}
