//! OSCAL mapping collections (JSON): `mapping-collection.mappings[].maps[]`, each map with its
//! `relationship` (`equivalent-to`, `equal-to`, `subset-of`, `superset-of`, `intersects-with`,
//! `no-relationship`), `sources[]` and `targets[]` by `id-ref` (`ac-2.1`). The frameworks come
//! from each mapping's `source-resource` and `target-resource` links, unless given.

use demarc_core::crosswalk::{CrosswalkLayout, IdSpace, PairSource, Relation};
use serde_json::Value;

use super::{Context, Found};
use crate::error::ImportError;

pub(super) fn read(ctx: &Context, bytes: &[u8]) -> Result<Found, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        ctx.error(
            Some(format!("line {}, column {}", e.line(), e.column())),
            format!("not valid JSON ({e})"),
        )
    })?;
    let collection = value.get("mapping-collection").ok_or_else(|| {
        ctx.error(
            None,
            "a JSON crosswalk must be an OSCAL mapping collection; it has no \
             \"mapping-collection\"",
        )
    })?;
    let title = collection
        .pointer("/metadata/title")
        .and_then(Value::as_str)
        .unwrap_or("untitled");
    let publisher = format!("OSCAL mapping collection {title:?}");
    let mappings = collection
        .get("mappings")
        .and_then(Value::as_array)
        .ok_or_else(|| ctx.error(None, "the mapping collection has no \"mappings\" list"))?;
    let mut collects = Vec::new();
    let mut warnings = Vec::new();
    for (m, mapping) in mappings.iter().enumerate() {
        let place = format!("mappings[{m}]");
        let space = |given: &Option<IdSpace>, resource: &str| {
            given.clone().or_else(|| {
                mapping
                    .pointer(&format!("/{resource}/href"))
                    .and_then(Value::as_str)
                    .and_then(IdSpace::recognise)
            })
        };
        let (Some(source), Some(target)) = (
            space(&ctx.options.source, "source-resource"),
            space(&ctx.options.target, "target-resource"),
        ) else {
            return Err(ctx.error(
                Some(place),
                "the mapping's source-resource and target-resource name no framework Demarc \
                 knows: give them with --source-framework and --target-framework",
            ));
        };
        let mut collect = ctx.collect(source, target, &publisher);
        let maps = mapping.get("maps").and_then(Value::as_array);
        for (i, map) in maps.into_iter().flatten().enumerate() {
            let stated = map
                .get("relationship")
                .and_then(Value::as_str)
                .unwrap_or("");
            let at = PairSource {
                sheet: format!("{place}.maps"),
                row: u32::try_from(i + 1).unwrap_or(u32::MAX),
                column: None,
            };
            let relation = if stated.is_empty() {
                Relation::Unstated
            } else {
                Relation::parse(stated).unwrap_or_else(|| {
                    warnings.push(format!(
                        "{place}.maps[{i}]: relationship {stated:?} is not one Demarc knows; \
                         read as unstated (a suggestion only)"
                    ));
                    Relation::Unstated
                })
            };
            // OSCAL tells equivalent (same intent) from equal (same words); both are equal here.
            let note = (stated == "equivalent-to").then(|| "stated as equivalent-to".to_string());
            let ids = |key: &str| -> Vec<&str> {
                map.get(key)
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|x| x.get("id-ref").and_then(Value::as_str))
                    .collect()
            };
            let (sources, targets) = (ids("sources"), ids("targets"));
            for s in &sources {
                for t in &targets {
                    ctx.spend()?;
                    collect.add(s, t, relation.clone(), at.clone(), note.clone());
                }
            }
        }
        collects.push(collect);
    }
    Ok(Found {
        layout: CrosswalkLayout::OscalMappingCollection,
        collects,
        warnings,
    })
}
