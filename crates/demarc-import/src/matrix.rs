//! The rows of a matrix with their provenance, read from a sheet by a detected or given `Spec`.

use std::collections::{HashMap, HashSet};

use demarc_core::imported::{ColumnRef, Layout, OwnershipValue, Row, Table};
use demarc_core::{normalize_control_id, Ownership};

use crate::grid::describe_column;
use crate::layout::{id_like, is_mark, Owners, Spec};
use crate::sheet::Sheet;
use crate::vocabulary::{classify, combine, lookup};
use crate::{cell_name, column_letter};

/// Collects per-cell warnings, listing the first few and counting the rest.
#[derive(Default)]
struct Notes {
    listed: Vec<String>,
    more: usize,
}

impl Notes {
    const SHOWN: usize = 20;

    fn push(&mut self, note: String) {
        if self.listed.len() < Self::SHOWN {
            self.listed.push(note);
        } else {
            self.more += 1;
        }
    }

    fn finish(mut self, what: &str) -> Vec<String> {
        if self.more > 0 {
            self.listed
                .push(format!("... and {} more {what}", self.more));
        }
        self.listed
    }
}

pub(crate) fn read_table(
    sheet: &Sheet,
    spec: &Spec,
    value_map: &HashMap<String, Ownership>,
) -> Table {
    let title_of = |c: u32| {
        spec.titles
            .iter()
            .find(|(tc, _)| *tc == c)
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    };
    let column = |c: u32| ColumnRef {
        letter: column_letter(c),
        title: title_of(c),
    };
    let owner_cols: Vec<u32> = match &spec.owners {
        Owners::Labels(cols) => cols.iter().map(|(c, _)| *c).collect(),
        Owners::Marks(cols) => cols.iter().map(|(c, _)| *c).collect(),
        Owners::Nothing => Vec::new(),
    };
    let answer_cols: Vec<u32> = spec
        .answer_col
        .iter()
        .copied()
        .chain(spec.answer_marks.iter().map(|(c, _)| *c))
        .collect();
    let mut used: Vec<u32> = vec![spec.id_col];
    used.extend(&owner_cols);
    used.extend(spec.provider_text.iter().chain(&spec.customer_text));
    used.extend(&answer_cols);
    used.extend(spec.section_col);
    if let Some((supported, by_default)) = spec.features {
        used.extend([supported, by_default]);
    }

    let mut warnings = Vec::new();
    if sheet.hidden {
        warnings.push(format!("sheet '{}' is hidden", sheet.name));
    }
    for &c in &sheet.hidden_columns {
        let last_titled = spec.titles.last().map_or(spec.id_col, |(tc, _)| *tc);
        if c <= last_titled.max(spec.id_col) || used.contains(&c) {
            let read = if used.contains(&c) {
                "; read anyway"
            } else {
                ""
            };
            warnings.push(format!(
                "{} is hidden{read}",
                describe_column(c, &title_of(c))
            ));
        }
    }
    if let Owners::Marks(marks) = &spec.owners {
        for (c, owner) in marks {
            if owner.is_none() {
                warnings.push(format!(
                    "{}: title not recognised; its marks count as undetermined",
                    describe_column(*c, &title_of(*c))
                ));
            }
        }
    }

    let fill = merged_fill(sheet, spec.header_last, &used, &mut warnings);
    let text = |r: u32, c: u32| -> String {
        match fill.get(&(r, c)) {
            Some(&(r0, c0)) if sheet.text(r, c).is_empty() => sheet.text(r0, c0),
            _ => sheet.text(r, c),
        }
    };
    let blank_none = |t: String| -> String {
        // Some Microsoft baselines write an empty cell as the text None.
        if spec.layout == Layout::MicrosoftBaseline && t.trim() == "None" {
            String::new()
        } else {
            t
        }
    };
    let narrative = |r: u32, c: Option<u32>| {
        c.map(|c| blank_none(text(r, c)))
            .filter(|t| !t.trim().is_empty())
    };

    let mut rows = Vec::new();
    let mut cell_notes = Notes::default();
    let mut shifted = Notes::default();
    let mut sections: Vec<(u32, String)> = Vec::new();
    let mut non_ids: Vec<(u32, String)> = Vec::new();
    let mut section: Option<String> = None;
    let mut owner_errors: Vec<(u32, usize, String)> = Vec::new();
    let mut mark_cols: Vec<u32> = match &spec.owners {
        Owners::Marks(cols) => cols.iter().map(|(c, _)| *c).collect(),
        _ => Vec::new(),
    };
    mark_cols.extend(spec.answer_marks.iter().map(|(c, _)| *c));
    let last = sheet.last_row().unwrap_or(spec.header_last);
    let last = spec.last_row.map_or(last, |l| l.min(last));
    let start = spec
        .first_row
        .map_or(spec.header_last + 1, |f| f.max(spec.header_last + 1));
    for r in start..=last {
        for &c in &used {
            if let Some(w) = sheet.cell_warning(r, c, c == spec.id_col) {
                cell_notes.push(w);
            }
        }
        for &c in &owner_cols {
            if let Some(error) = sheet.error_text(r, c) {
                match owner_errors.iter_mut().find(|(oc, _, _)| *oc == c) {
                    Some(e) => e.1 += 1,
                    None => owner_errors.push((c, 1, error)),
                }
            }
        }
        for &(fr, fc) in &sheet.formulas_without_value {
            if fr == r && used.contains(&fc) {
                cell_notes.push(format!(
                    "cell {}: formula without a saved result reads empty (open and save the file \
                     in Excel to store results)",
                    cell_name(fr, fc)
                ));
            }
        }
        for &c in &mark_cols {
            let t = text(r, c);
            if is_mark(&t).is_none() {
                cell_notes.push(format!(
                    "cell {}: '{}' in a column of marks counts as a mark",
                    cell_name(r, c),
                    t.trim()
                ));
            }
        }
        let id = text(r, spec.id_col).trim().to_string();
        let mut ownership = read_ownership(spec, r, &text, &blank_none, value_map);
        if let Some(s) = spec.section_col {
            let t = text(r, s);
            if !t.trim().is_empty() {
                section = Some(t.trim().to_string());
            }
        }
        if id.is_empty() {
            let written = ownership.iter().find(|o| !o.original.trim().is_empty());
            if let Some(o) = written {
                shifted.push(format!(
                    "row {}: ownership '{}' but no control ID in column {}; row skipped",
                    r + 1,
                    o.original.trim(),
                    column_letter(spec.id_col)
                ));
            } else if let Some(t) = sheet.first_text(r) {
                section = Some(t.trim().to_string());
                sections.push((r, t));
            }
            continue;
        }
        if !id_like(&id) {
            section = Some(id.clone());
            non_ids.push((r, id));
            continue;
        }
        if let (Owners::Labels(cols), false) = (&spec.owners, spec.layout == Layout::Profile) {
            for ((c, _), value) in cols.iter().zip(&ownership) {
                if !value.original.trim().is_empty() {
                    continue;
                }
                for n in [c.checked_sub(1), c.checked_add(1)].into_iter().flatten() {
                    let beside = text(r, n);
                    if !used.contains(&n) && beside.trim().len() < 40 && lookup(&beside).is_some() {
                        shifted.push(format!(
                            "row {}: ownership cell {} is empty but {} holds '{}'; looks shifted \
                             into the wrong column, left undetermined",
                            r + 1,
                            cell_name(r, *c),
                            cell_name(r, n),
                            beside.trim()
                        ));
                    }
                }
            }
        }
        let note = spec.features.and_then(|(supported, by_default)| {
            feature_note(&text(r, supported), &text(r, by_default))
        });
        if let (Some(note), [value]) = (&note, ownership.as_mut_slice()) {
            // Nothing in the responsibility column: the feature settings say whose it is.
            if note.starts_with(CUSTOMER_CONFIGURED) && value.original.trim().is_empty() {
                value.normalized = Ownership::Customer;
            }
        }
        rows.push(Row {
            row: r + 1,
            control_id_normalized: normalize_control_id(&id),
            control_id: id,
            ownership,
            provider_narrative: narrative(r, spec.provider_text),
            customer_narrative: narrative(r, spec.customer_text),
            section: section.clone(),
            implementation: read_implementation(spec, r, &text),
            note,
            location: None,
        });
    }
    let last_data = rows.last().map_or(0, |row| row.row - 1);
    let (footer, inner): (Vec<_>, Vec<_>) = non_ids
        .into_iter()
        .chain(sections.into_iter().filter(|(r, _)| *r > last_data))
        .partition(|(r, _)| *r > last_data);
    if !footer.is_empty() {
        warnings.push(format!(
            "{} footer row(s) after the last control skipped: {}",
            footer.len(),
            quote_rows(&footer)
        ));
    }
    if !inner.is_empty() {
        warnings.push(format!(
            "{} row(s) without a control ID in column {} read as section titles: {}",
            inner.len(),
            column_letter(spec.id_col),
            quote_rows(&inner)
        ));
    }
    for (c, n, error) in owner_errors {
        warnings.push(format!(
            "{}: {n} error cell{} ({error}) read as not given",
            describe_column(c, &title_of(c)),
            if n == 1 { "" } else { "s" }
        ));
    }
    warnings.extend(shifted.finish("shifted rows"));
    warnings.extend(cell_notes.finish("cell warnings"));

    let title = sheet
        .first_row()
        .and_then(|first| (first..spec.header_first).find_map(|r| sheet.first_text(r)))
        .map(|t| t.trim().to_string())
        .or_else(|| spec.baseline.clone());
    let ownership_columns = owner_cols.iter().map(|&c| column(c)).collect();
    Table {
        sheet: sheet.name.clone(),
        layout: spec.layout,
        title,
        header_rows: (spec.header_first + 1, spec.header_last + 1),
        id_column: column(spec.id_col),
        ownership_columns,
        provider_narrative_column: spec.provider_text.map(column),
        customer_narrative_column: spec.customer_text.map(column),
        implementation_columns: answer_cols.iter().map(|&c| column(c)).collect(),
        section_column: spec.section_col.map(column),
        rows,
        warnings,
    }
}

fn quote_rows(rows: &[(u32, String)]) -> String {
    let shown: Vec<String> = rows
        .iter()
        .take(5)
        .map(|(r, t)| {
            let t: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
            let t: String = t.chars().take(60).collect();
            format!("row {} '{}'", r + 1, t)
        })
        .collect();
    let more = rows.len().saturating_sub(5);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// How an Azure v3 baseline's note on a customer-configured feature begins.
const CUSTOMER_CONFIGURED: &str = "customer-configured";

/// What Azure v3's feature columns say about a row: a supported feature that is not enabled by
/// default is the customer's to configure; an unsupported one is nobody's to turn on.
fn feature_note(supported: &str, by_default: &str) -> Option<String> {
    match (is_mark(supported), is_mark(by_default)) {
        (Some(true), Some(false)) => Some(format!(
            "{CUSTOMER_CONFIGURED}: the feature is supported but not enabled by default"
        )),
        (Some(false), _) if !supported.trim().is_empty() => {
            Some("the feature is not supported by the service".to_string())
        }
        _ => None,
    }
}

/// The provider's implementation answer: CAIQ v4's answer cell, or the titles of CAIQ v3's
/// marked answer columns.
fn read_implementation(spec: &Spec, r: u32, text: &dyn Fn(u32, u32) -> String) -> Option<String> {
    if let Some(c) = spec.answer_col {
        let t = text(r, c);
        return Some(t.trim().to_string()).filter(|t| !t.is_empty());
    }
    let marked: Vec<&str> = spec
        .answer_marks
        .iter()
        .filter(|(c, _)| {
            let t = text(r, *c);
            is_mark(&t).unwrap_or(!t.trim().is_empty())
        })
        .map(|(_, answer)| answer.as_str())
        .collect();
    (!marked.is_empty()).then(|| marked.join("; "))
}

fn read_ownership(
    spec: &Spec,
    r: u32,
    text: &dyn Fn(u32, u32) -> String,
    blank_none: &dyn Fn(String) -> String,
    value_map: &HashMap<String, Ownership>,
) -> Vec<OwnershipValue> {
    match &spec.owners {
        Owners::Labels(cols) => cols
            .iter()
            .map(|(c, scope)| {
                let mut original = blank_none(text(r, *c));
                let mut columns = vec![column_letter(*c)];
                // CAIQ: no ownership given, but the answer says NA.
                if let (true, Some(answer)) = (original.trim().is_empty(), spec.answer_col) {
                    let a = text(r, answer);
                    if classify(&a, value_map).ownership == Ownership::NotApplicable {
                        original = a;
                        columns = vec![column_letter(answer)];
                    }
                }
                let classified = classify(&original, value_map);
                OwnershipValue {
                    scope: scope.clone(),
                    original,
                    normalized: classified.ownership,
                    known: classified.known,
                    columns,
                    third_party: classified.third_party,
                }
            })
            .collect(),
        Owners::Nothing => vec![OwnershipValue {
            scope: None,
            original: String::new(),
            normalized: Ownership::Undetermined,
            known: true,
            columns: Vec::new(),
            third_party: None,
        }],
        Owners::Marks(cols) => {
            let marked: Vec<&(u32, Option<Ownership>)> = cols
                .iter()
                .filter(|(c, _)| {
                    let t = text(r, *c);
                    is_mark(&t).unwrap_or(!t.trim().is_empty())
                })
                .collect();
            let title = |c: u32| {
                spec.titles
                    .iter()
                    .find(|(tc, _)| *tc == c)
                    .map(|(_, t)| t.split_whitespace().collect::<Vec<_>>().join(" "))
                    .unwrap_or_else(|| column_letter(c))
            };
            let owners: Vec<Ownership> = marked.iter().filter_map(|(_, o)| *o).collect();
            vec![OwnershipValue {
                scope: None,
                original: marked
                    .iter()
                    .map(|(c, _)| title(*c))
                    .collect::<Vec<_>>()
                    .join("; "),
                normalized: combine(&owners),
                known: marked.iter().all(|(_, o)| o.is_some()),
                columns: marked.iter().map(|(c, _)| column_letter(*c)).collect(),
                third_party: None,
            }]
        }
    }
}

/// Cells covered by a merge that spans rows in the data area take the merge's value (CAIQ's CCM
/// columns span a control's questions). Returns covered cell to its origin.
fn merged_fill(
    sheet: &Sheet,
    header_last: u32,
    used: &[u32],
    warnings: &mut Vec<String>,
) -> HashMap<(u32, u32), (u32, u32)> {
    let mut fill = HashMap::new();
    let mut ranges = Vec::new();
    let mut seen = HashSet::new();
    for d in &sheet.merged {
        if d.start.0 <= header_last || d.end.0 == d.start.0 {
            continue;
        }
        let columns: Vec<u32> = (d.start.1..=d.end.1).filter(|c| used.contains(c)).collect();
        if columns.is_empty() {
            continue;
        }
        for r in d.start.0..=d.end.0 {
            for &c in &columns {
                if (r, c) != d.start {
                    fill.insert((r, c), d.start);
                }
            }
        }
        if seen.insert(d.start) {
            ranges.push(format!(
                "{}:{}",
                cell_name(d.start.0, d.start.1),
                cell_name(d.end.0, d.end.1)
            ));
        }
    }
    if !ranges.is_empty() {
        let shown: Vec<_> = ranges.iter().take(5).cloned().collect();
        warnings.push(format!(
            "{} merged cell range(s) span data rows ({}{}); their value applies to every row \
             they span",
            ranges.len(),
            shown.join(", "),
            if ranges.len() > 5 { ", ..." } else { "" }
        ));
    }
    fill
}
