//! The column-mapping profile: for a table whose layout Demarc does not recognise, a person
//! names its sheet, header rows, data range and the role of each column once; the command line
//! reads it as JSON, the desktop wizard writes it, the engagement and the user's library keep it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Invalid, Ownership};

/// The column-mapping profile, as JSON:
///
/// ```json
/// {
///   "name": "Vendor X matrix",
///   "sheet": "Responsibilities",
///   "header_row": 4,
///   "control_id": { "title": "Ref" },
///   "ownership": [{ "title": "Who" }],
///   "provider_narrative": { "letter": "E" },
///   "customer_narrative": { "title": "Customer action" },
///   "values": { "Vendor": "provider", "Client": "customer", "Both": "shared" }
/// }
/// ```
///
/// Columns are named by header title (matched like every title: case, spacing and look-alike
/// letters ignored; with two header rows, either row's title) or by letter. `sheet` and
/// `header_row` (1-based) are optional: without them every sheet is searched and the header is
/// the first row holding the control ID title (row 1 when columns are given by letter).
/// `header_rows` (1 or 2) is how many rows the header spans; `first_row` and `last_row` bound
/// the data. Ownership is one label column (`ownership`, or one per service model) or columns
/// of marks each standing for an owner (`marks`: `[{ "column": { "title": "AWS" }, "owner":
/// "provider" }]`, X or a tick or TRUE marking). `section` names a column of section titles.
/// `values` maps labels to the six ownership ids and is consulted before the built-in
/// crosswalk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct MappingProfile {
    /// What the person called the profile, in the engagement and the library.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub sheet: Option<String>,
    /// The first header row, 1-based.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub header_row: Option<u32>,
    /// How many rows the header spans: 1 (the default) or 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub header_rows: Option<u32>,
    /// The first data row, 1-based; by default the row after the header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub first_row: Option<u32>,
    /// The last data row, 1-based; by default the sheet's last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub last_row: Option<u32>,
    pub control_id: Column,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<Column>>", optional)]
    pub ownership: Vec<Column>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<MarkColumn>>", optional)]
    pub marks: Vec<MarkColumn>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub provider_narrative: Option<Column>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub customer_narrative: Option<Column>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub section: Option<Column>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[ts(as = "Option<BTreeMap<String, Ownership>>", optional)]
    pub values: BTreeMap<String, Ownership>,
}

/// A column named by its header title or by its letter.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
#[ts(export)]
pub enum Column {
    Title(String),
    Letter(String),
}

/// A column whose marks (X, a tick, TRUE, yes) say that `owner` implements the row; several
/// marked in one row combine (provider and customer make shared).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct MarkColumn {
    pub column: Column,
    pub owner: Ownership,
}

impl MappingProfile {
    /// A profile from its JSON, checked.
    pub fn from_json(text: &str) -> Result<MappingProfile, Invalid> {
        let profile: MappingProfile =
            serde_json::from_str(text).map_err(|e| Invalid::new("profile", e.to_string()))?;
        profile.check()?;
        Ok(profile)
    }

    /// Refuses a profile that names no ownership or whose rows contradict each other, naming
    /// the field.
    pub fn check(&self) -> Result<(), Invalid> {
        if self.ownership.is_empty() && self.marks.is_empty() {
            return Err(Invalid::new(
                "ownership",
                "`ownership` names no column and `marks` none either",
            ));
        }
        if !self.ownership.is_empty() && !self.marks.is_empty() {
            return Err(Invalid::new(
                "marks",
                "ownership is read from one label column or from marks, not both",
            ));
        }
        if let Some(name) = &self.name {
            if name.trim().is_empty() {
                return Err(Invalid::new("name", "the profile's name is empty"));
            }
        }
        let positive = |field: &'static str, row: Option<u32>| match row {
            Some(0) => Err(Invalid::new(field, "rows are numbered from 1")),
            _ => Ok(()),
        };
        positive("header_row", self.header_row)?;
        positive("first_row", self.first_row)?;
        positive("last_row", self.last_row)?;
        if !matches!(self.header_rows, None | Some(1) | Some(2)) {
            return Err(Invalid::new("header_rows", "a header spans one row or two"));
        }
        let header_end = self.header_row.unwrap_or(1) + self.header_rows.unwrap_or(1) - 1;
        if let (Some(first), Some(_)) = (self.first_row, self.header_row) {
            if first <= header_end {
                return Err(Invalid::new(
                    "first_row",
                    format!("the data starts after the header, which ends at row {header_end}"),
                ));
            }
        }
        if let (Some(first), Some(last)) = (self.first_row, self.last_row) {
            if last < first {
                return Err(Invalid::new(
                    "last_row",
                    format!("the last data row is before the first ({first})"),
                ));
            }
        }
        Ok(())
    }

    /// Every column the profile names, with what it is for.
    pub fn columns(&self) -> Vec<(&'static str, &Column)> {
        let mut out = vec![("control_id", &self.control_id)];
        out.extend(self.ownership.iter().map(|c| ("ownership", c)));
        out.extend(self.marks.iter().map(|m| ("marks", &m.column)));
        for (field, column) in [
            ("provider_narrative", &self.provider_narrative),
            ("customer_narrative", &self.customer_narrative),
            ("section", &self.section),
        ] {
            out.extend(column.iter().map(|c| (field, c)));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_the_command_line_reads() {
        let p = MappingProfile::from_json(
            r#"{ "name": "Vendor", "control_id": { "title": "Ref" },
                 "marks": [{ "column": { "letter": "C" }, "owner": "provider" },
                           { "column": { "title": "Client" }, "owner": "customer" }],
                 "header_row": 2, "header_rows": 2, "first_row": 5, "last_row": 9 }"#,
        )
        .unwrap();
        assert_eq!(p.marks[1].owner, Ownership::Customer);
        assert_eq!(p.columns().len(), 3);
        let again = MappingProfile::from_json(&serde_json::to_string(&p).unwrap()).unwrap();
        assert_eq!(again, p);
        // Written without the fields nobody set, as a person would write it.
        let text = serde_json::to_string(&p).unwrap();
        assert!(!text.contains("null") && !text.contains("values"), "{text}");
    }

    #[test]
    fn refusals_name_their_field() {
        let field = |text: &str| MappingProfile::from_json(text).unwrap_err().field;
        assert_eq!(
            field(r#"{ "control_id": { "title": "Ref" } }"#),
            "ownership"
        );
        assert_eq!(field(r#"{ "control_id": "Ref" }"#), "profile");
        let with = |extra: &str| {
            format!(
                r#"{{ "control_id": {{ "letter": "A" }}, "ownership": [{{ "letter": "B" }}], {extra} }}"#
            )
        };
        assert_eq!(field(&with(r#""header_rows": 3"#)), "header_rows");
        assert_eq!(field(&with(r#""header_row": 0"#)), "header_row");
        assert_eq!(
            field(&with(r#""header_row": 3, "first_row": 3"#)),
            "first_row"
        );
        assert_eq!(field(&with(r#""first_row": 5, "last_row": 4"#)), "last_row");
        assert_eq!(field(&with(r#""name": " ""#)), "name");
        assert_eq!(
            field(&with(
                r#""marks": [{ "column": { "letter": "C" }, "owner": "shared" }]"#
            )),
            "marks"
        );
    }
}
