//! What the import wizard asks a person about: the ownership labels no table of a file could
//! map, each once however it is spelt, with the meaning the engagement already remembers.
//! Labels are compared as the importer folds them, so the wizard never folds text itself.

use demarc_core::imported::MappingProfile;
use demarc_core::Ownership;
use demarc_import::{fold, InspectReport, Preview, SheetGrid};
use demarc_store::LabelMapping;
use serde::Serialize;
use ts_rs::TS;

/// A label to map and the owner it starts with: the remembered one, else undetermined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LabelToMap {
    pub label: String,
    pub owner: Ownership,
}

/// What a provider matrix file holds, its first rows, and the labels left to map; each sheet's
/// first rows and the saved mapping profiles that fit, for mapping columns by hand.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Inspection {
    #[serde(flatten)]
    #[ts(flatten)]
    pub preview: Preview,
    pub labels: Vec<LabelToMap>,
    /// Why no layout rule recognised a table (the sheets and rows looked at), when none did.
    pub unrecognised: Option<String>,
    /// Each sheet's first rows as they are; none for OSCAL, whose fields are known.
    pub sheets: Vec<SheetGrid>,
    /// Saved mapping profiles that fit the file: the engagement's, then the library's.
    pub offered: Vec<crate::profiles::OfferedProfile>,
    /// The profile the preview was read with, if any, as it applies to this file: its columns
    /// by letter, its sheet and header rows named.
    pub profile: Option<MappingProfile>,
}

/// Every label some table could not map, in the order the tables give them, once by its
/// folded form, with the owner remembered for it.
pub fn labels_to_map(report: &InspectReport, remembered: &[LabelMapping]) -> Vec<LabelToMap> {
    let known: Vec<(String, Ownership)> = remembered
        .iter()
        .map(|m| (fold(&m.label), m.owner))
        .collect();
    let mut seen: Vec<String> = Vec::new();
    let mut labels = Vec::new();
    for label in report.tables.iter().flat_map(|t| &t.unknown_labels) {
        let key = fold(label);
        if seen.contains(&key) {
            continue;
        }
        let owner = known
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(Ownership::Undetermined, |(_, owner)| *owner);
        seen.push(key);
        labels.push(LabelToMap {
            label: label.clone(),
            owner,
        });
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(tables: &[&[&str]]) -> InspectReport {
        let tables: Vec<serde_json::Value> = tables
            .iter()
            .enumerate()
            .map(|(i, labels)| {
                serde_json::json!({
                    "sheet": format!("Sheet{i}"), "layout": "generic", "title": null,
                    "header_row": 1, "header_rows": "1", "id_column": "A", "ownership_columns": ["B"],
                    "provider_narrative_column": null, "customer_narrative_column": null,
                    "rows": 1, "normalized_counts": {}, "original_counts": {},
                    "unknown_labels": labels, "warnings": [],
                })
            })
            .collect();
        serde_json::from_value(serde_json::json!({
            "file": "vendor.csv", "sha256": "", "layout": "generic",
            "document": { "title": null, "version": null, "date": null },
            "warnings": [], "tables": tables,
        }))
        .unwrap()
    }

    fn mapping(label: &str, owner: Ownership) -> LabelMapping {
        LabelMapping {
            label: label.into(),
            owner,
            set_at: String::new(),
            set_by: String::new(),
        }
    }

    #[test]
    fn lists_each_unknown_label_once_with_the_remembered_meaning() {
        let report = report(&[&["Vendor decides", "Ask us"], &["vendor decides"]]);
        let remembered = [mapping(" VENDOR\ndecides ", Ownership::Shared)];
        assert_eq!(
            labels_to_map(&report, &remembered),
            [
                LabelToMap {
                    label: "Vendor decides".into(),
                    owner: Ownership::Shared
                },
                LabelToMap {
                    label: "Ask us".into(),
                    owner: Ownership::Undetermined
                },
            ]
        );
    }

    #[test]
    fn folds_as_the_importer_does_look_alike_letters_and_dashes_included() {
        // A Cyrillic "о" and a Unicode hyphen: the same label to the importer.
        let report = report(&[&["CSP\u{2010}Оwned"]]);
        let remembered = [mapping("csp-owned", Ownership::Provider)];
        assert_eq!(
            labels_to_map(&report, &remembered)[0].owner,
            Ownership::Provider
        );
    }
}
