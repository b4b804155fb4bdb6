//! OSCAL in (JSON, versions 1.0 to 1.2): a provider's system security plan, each component's
//! part in each statement (`export`: what it provides and what the customer must do; its
//! control origination and implementation status), and a component definition's control
//! implementations, read into the rows a spreadsheet gives, with the JSON path of each.

use std::collections::HashMap;
use std::path::Path;

use demarc_core::imported::{ColumnRef, DocumentInfo, Layout, Matrix, OwnershipValue, Row, Table};
use demarc_core::{normalize_control_id, Ownership};
use serde_json::Value;

use crate::error::ImportError;
use crate::vocabulary::{combine, lookup};

/// The OSCAL models a file's top level may name, for the error on one Demarc does not read.
const MODELS: &[(&str, &str)] = &[
    ("catalog", "an OSCAL catalog"),
    ("profile", "an OSCAL profile"),
    ("assessment-plan", "an OSCAL assessment plan"),
    ("assessment-results", "OSCAL assessment results"),
    (
        "plan-of-action-and-milestones",
        "an OSCAL plan of action and milestones",
    ),
    ("mapping-collection", "an OSCAL mapping collection"),
];

/// The origination marks FedRAMP's OSCAL uses, as the ownership they stand for.
const ORIGINATIONS: &[(&str, Ownership)] = &[
    ("sp-corporate", Ownership::Provider),
    ("sp-system", Ownership::Provider),
    ("provider", Ownership::Provider),
    ("inherited", Ownership::Provider),
    ("customer-configured", Ownership::Customer),
    ("customer-provided", Ownership::Customer),
    ("customer", Ownership::Customer),
    ("shared", Ownership::Shared),
    ("hybrid", Ownership::Shared),
];

/// Extensions that say a file is a spreadsheet, whatever it opens with.
const SPREADSHEETS: &[&str] = &["xlsx", "xlsm", "xls", "ods", "csv", "tsv", "txt"];

/// A file to read as OSCAL: named `.json`, or not named as a spreadsheet and opening with `{`.
pub(crate) fn is_json(path: &Path, bytes: &[u8]) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    ext == "json"
        || (!SPREADSHEETS.contains(&ext.as_str())
            && bytes
                .iter()
                .find(|b| !b.is_ascii_whitespace())
                .is_some_and(|&b| b == b'{'))
}

/// Reads an OSCAL system security plan or component definition.
pub(crate) fn read(path: &Path, bytes: &[u8], sha256: String) -> Result<Matrix, ImportError> {
    let file = path.to_path_buf();
    let fail = |problem: Problem| ImportError::Json {
        file: file.clone(),
        path: problem.path,
        detail: problem.detail,
    };
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        let offset = offset_of(bytes, e.line(), e.column());
        fail(Problem {
            path: path_at(bytes, offset),
            detail: format!(
                "not valid JSON at line {}, column {}: {}",
                e.line(),
                e.column(),
                e.to_string().split(" at line").next().unwrap_or_default()
            ),
        })
    })?;
    let root = Node {
        value: &value,
        path: "$".to_string(),
    };
    let Some(top) = value.as_object() else {
        return Err(fail(
            root.problem("not an OSCAL document: the top level is not an object"),
        ));
    };
    let (layout, tables, metadata) = if let Some(plan) = root.field("system-security-plan") {
        let (tables, metadata) = system_security_plan(&plan).map_err(fail)?;
        (Layout::OscalSsp, tables, metadata)
    } else if let Some(definition) = root.field("component-definition") {
        let (tables, metadata) = component_definition(&definition).map_err(fail)?;
        (Layout::OscalComponent, tables, metadata)
    } else {
        let keys: Vec<&str> = top.keys().map(String::as_str).take(8).collect();
        let what = MODELS
            .iter()
            .find(|(key, _)| top.contains_key(*key))
            .map_or_else(
                || format!("its top level holds {}", quoted(&keys)),
                |(_, name)| format!("it is {name}"),
            );
        return Err(fail(root.problem(&format!(
            "not an OSCAL system security plan or component definition ({what}); Demarc reads \
             a provider's SSP (`system-security-plan`) or a `component-definition`"
        ))));
    };
    let mut warnings = Vec::new();
    if let Some(version) = &metadata.oscal_version {
        if !["1.0", "1.1", "1.2"]
            .iter()
            .any(|v| version == v || version.starts_with(&format!("{v}.")))
        {
            warnings.push(format!(
                "oscal-version {version}: read as OSCAL 1.2 (Demarc knows 1.0 to 1.2)"
            ));
        }
    }
    if tables.iter().all(|t| t.rows.is_empty()) {
        warnings.push("no control implementation in the file".to_string());
    }
    Ok(Matrix {
        file: path.display().to_string(),
        sha256,
        layout: layout.id().to_string(),
        document: DocumentInfo {
            title: metadata.title,
            version: metadata.version,
            date: metadata.date,
        },
        warnings,
        tables,
    })
}

/// What went wrong, and where.
struct Problem {
    path: String,
    detail: String,
}

/// A JSON value and its path from the top (`$.system-security-plan.metadata`).
struct Node<'a> {
    value: &'a Value,
    path: String,
}

impl<'a> Node<'a> {
    fn problem(&self, detail: &str) -> Problem {
        Problem {
            path: self.path.clone(),
            detail: detail.to_string(),
        }
    }

    fn field(&self, key: &str) -> Option<Node<'a>> {
        self.value.get(key).map(|value| Node {
            value,
            path: format!("{}.{key}", self.path),
        })
    }

    /// The items of an array field; none when the field is absent.
    fn list(&self, key: &str) -> Result<Vec<Node<'a>>, Problem> {
        let Some(node) = self.field(key) else {
            return Ok(Vec::new());
        };
        let items = node
            .value
            .as_array()
            .ok_or_else(|| node.problem("expected an array"))?;
        Ok(items
            .iter()
            .enumerate()
            .map(|(i, value)| Node {
                value,
                path: format!("{}[{i}]", node.path),
            })
            .collect())
    }

    /// A text field; `None` when absent or blank.
    fn text(&self, key: &str) -> Result<Option<String>, Problem> {
        let Some(node) = self.field(key) else {
            return Ok(None);
        };
        let text = node
            .value
            .as_str()
            .ok_or_else(|| node.problem("expected a string"))?;
        Ok(Some(text.trim().to_string()).filter(|t| !t.is_empty()))
    }

    fn required(&self, key: &str) -> Result<String, Problem> {
        self.text(key)?.ok_or_else(|| Problem {
            path: format!("{}.{key}", self.path),
            detail: "missing: every implemented requirement and statement names its control"
                .to_string(),
        })
    }

    /// The values of the props named `name`.
    fn props(&self, name: &str) -> Result<Vec<String>, Problem> {
        let mut values = Vec::new();
        for p in self.list("props")? {
            if p.text("name")?.as_deref() == Some(name) {
                values.extend(p.text("value")?);
            }
        }
        Ok(values)
    }

    /// The descriptions of the items of an array field.
    fn descriptions(&self, key: &str) -> Result<Vec<String>, Problem> {
        let mut out = Vec::new();
        for item in self.list(key)? {
            out.extend(item.text("description")?);
        }
        Ok(out)
    }
}

struct Metadata {
    title: Option<String>,
    version: Option<String>,
    date: Option<String>,
    oscal_version: Option<String>,
}

fn metadata(model: &Node) -> Result<Metadata, Problem> {
    let Some(m) = model.field("metadata") else {
        return Ok(Metadata {
            title: None,
            version: None,
            date: None,
            oscal_version: None,
        });
    };
    let date = match m.text("last-modified")? {
        Some(d) => Some(d),
        None => m.text("published")?,
    };
    Ok(Metadata {
        title: m.text("title")?,
        version: m.text("version")?,
        date: date.map(|d| d.chars().take(10).collect()),
        oscal_version: m.text("oscal-version")?,
    })
}

/// One row being built from a statement's or a control's part.
struct Part {
    id: String,
    /// Props (control origination, implementation status) of the statement and the control,
    /// nearest first.
    origination: Vec<String>,
    status: Option<String>,
}

/// Rows in the order the plan gives them; each numbered from 1 in its table.
#[derive(Default)]
struct Rows {
    rows: Vec<Row>,
}

impl Rows {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        id: &str,
        value: OwnershipValue,
        provider: Vec<String>,
        customer: Vec<String>,
        section: Option<String>,
        implementation: Option<String>,
        note: Option<String>,
        location: String,
    ) {
        let join = |texts: Vec<String>| Some(texts.join("\n\n")).filter(|t| !t.is_empty());
        self.rows.push(Row {
            row: u32::try_from(self.rows.len() + 1).unwrap_or(u32::MAX),
            control_id: id.to_string(),
            control_id_normalized: normalize_control_id(id),
            ownership: vec![value],
            provider_narrative: join(provider),
            customer_narrative: join(customer),
            section,
            implementation,
            note,
            location: Some(location),
        });
    }
}

/// The ownership control origination marks make, the marks kept as the label.
fn by_origination(marks: &[String]) -> OwnershipValue {
    let owners: Vec<Option<Ownership>> = marks
        .iter()
        .map(|m| {
            ORIGINATIONS
                .iter()
                .find(|(o, _)| o.eq_ignore_ascii_case(m))
                .map(|(_, owner)| *owner)
                .or_else(|| lookup(m))
        })
        .collect();
    let known: Vec<Ownership> = owners.iter().flatten().copied().collect();
    OwnershipValue {
        scope: None,
        original: marks.join("; "),
        normalized: combine(&known),
        known: owners.iter().all(Option::is_some),
        columns: vec!["control-origination".to_string()],
        third_party: None,
    }
}

fn decided(label: &str, owner: Ownership, column: &str) -> OwnershipValue {
    OwnershipValue {
        scope: None,
        original: label.to_string(),
        normalized: owner,
        known: true,
        columns: if label.is_empty() {
            Vec::new()
        } else {
            vec![column.to_string()]
        },
        third_party: None,
    }
}

/// The implementation status: OSCAL 1.1's field, or 1.0's prop.
fn status_of(node: &Node) -> Result<Option<String>, Problem> {
    if let Some(s) = node.field("implementation-status") {
        return s.text("state");
    }
    Ok(node.props("implementation-status")?.into_iter().next())
}

fn system_security_plan(plan: &Node) -> Result<(Vec<Table>, Metadata), Problem> {
    let meta = metadata(plan)?;
    let mut components: HashMap<String, String> = HashMap::new();
    if let Some(implementation) = plan.field("system-implementation") {
        for c in implementation.list("components")? {
            if let (Some(uuid), Some(title)) = (c.text("uuid")?, c.text("title")?) {
                components.insert(uuid, title);
            }
        }
    }
    let control_implementation = plan
        .field("control-implementation")
        .ok_or_else(|| Problem {
            path: format!("{}.control-implementation", plan.path),
            detail: "missing: a system security plan says how its controls are implemented there"
                .to_string(),
        })?;
    let mut rows = Rows::default();
    for requirement in control_implementation.list("implemented-requirements")? {
        let control = requirement.required("control-id")?;
        let control_part = Part {
            id: control.clone(),
            origination: requirement.props("control-origination")?,
            status: status_of(&requirement)?,
        };
        let mut produced = false;
        for statement in requirement.list("statements")? {
            let id = statement.required("statement-id")?;
            let mut origination = statement.props("control-origination")?;
            if origination.is_empty() {
                origination = control_part.origination.clone();
            }
            let part = Part {
                id,
                origination,
                status: status_of(&statement)?.or(control_part.status.clone()),
            };
            for component in statement.list("by-components")? {
                by_component(&mut rows, &part, &component, &components)?;
                produced = true;
            }
        }
        for component in requirement.list("by-components")? {
            by_component(&mut rows, &control_part, &component, &components)?;
            produced = true;
        }
        if !produced {
            let value = if control_part.origination.is_empty() {
                decided("", Ownership::Undetermined, "")
            } else {
                by_origination(&control_part.origination)
            };
            let description = requirement.text("remarks")?.into_iter().collect();
            rows.push(
                &control,
                value,
                description,
                Vec::new(),
                None,
                control_part.status.clone(),
                None,
                requirement.path.clone(),
            );
        }
    }
    let table = table(
        "control-implementation",
        Layout::OscalSsp,
        rows,
        meta.title.clone(),
    );
    Ok((vec![table], meta))
}

/// One component's part in a statement or a control: its `export` decides (what it provides
/// is the provider's, what it leaves to the customer theirs, both shared); failing that, the
/// control origination; failing that, a status of not applicable.
fn by_component(
    rows: &mut Rows,
    part: &Part,
    component: &Node,
    components: &HashMap<String, String>,
) -> Result<(), Problem> {
    let title = component
        .text("component-uuid")?
        .map(|uuid| components.get(&uuid).cloned().unwrap_or(uuid));
    let status = status_of(component)?.or(part.status.clone());
    let mut origination = component.props("control-origination")?;
    if origination.is_empty() {
        origination = part.origination.clone();
    }
    let mut provider: Vec<String> = component.text("description")?.into_iter().collect();
    let mut customer = Vec::new();
    let (mut provided, mut responsible) = (Vec::new(), Vec::new());
    if let Some(export) = component.field("export") {
        provider.extend(export.text("description")?);
        provided = export.descriptions("provided")?;
        responsible = export.descriptions("responsibilities")?;
    }
    let inherited = component.descriptions("inherited")?;
    let satisfied = component.descriptions("satisfied")?;
    let mut note = None;
    let value = match (provided.is_empty(), responsible.is_empty()) {
        (false, false) => decided("provided; responsibility", Ownership::Shared, "export"),
        (false, true) => decided("provided", Ownership::Provider, "export"),
        (true, false) => decided("responsibility", Ownership::Customer, "export"),
        (true, true) if !inherited.is_empty() => {
            decided("inherited", Ownership::Provider, "inherited")
        }
        (true, true) if !origination.is_empty() => by_origination(&origination),
        (true, true) if status.as_deref() == Some("not-applicable") => decided(
            "not-applicable",
            Ownership::NotApplicable,
            "implementation-status",
        ),
        (true, true) => decided("", Ownership::Undetermined, ""),
    };
    if !origination.is_empty()
        && value
            .columns
            .first()
            .is_some_and(|c| c != "control-origination")
    {
        note = Some(format!("control origination: {}", origination.join(", ")));
    }
    provider.extend(provided);
    provider.extend(inherited);
    customer.extend(responsible);
    customer.extend(satisfied);
    rows.push(
        &part.id,
        value,
        provider,
        customer,
        title,
        status,
        note,
        component.path.clone(),
    );
    Ok(())
}

fn component_definition(definition: &Node) -> Result<(Vec<Table>, Metadata), Problem> {
    let meta = metadata(definition)?;
    let mut tables = Vec::new();
    for component in definition.list("components")? {
        let title = component
            .text("title")?
            .unwrap_or_else(|| format!("component {}", tables.len() + 1));
        let mut rows = Rows::default();
        for implementation in component.list("control-implementations")? {
            let source = implementation.text("source")?;
            for requirement in implementation.list("implemented-requirements")? {
                let control = requirement.required("control-id")?;
                let origination = requirement.props("control-origination")?;
                let status = status_of(&requirement)?;
                let statements = requirement.list("statements")?;
                let mut parts: Vec<(String, Option<String>, Vec<String>, String)> = Vec::new();
                for statement in &statements {
                    let mut own = statement.props("control-origination")?;
                    if own.is_empty() {
                        own = origination.clone();
                    }
                    parts.push((
                        statement.required("statement-id")?,
                        statement.text("description")?,
                        own,
                        statement.path.clone(),
                    ));
                }
                if parts.is_empty() {
                    parts.push((
                        control.clone(),
                        requirement.text("description")?,
                        origination.clone(),
                        requirement.path.clone(),
                    ));
                }
                for (id, description, own, location) in parts {
                    // A component the provider describes as implementing a control: its side,
                    // unless an origination says whose it is.
                    let value = if own.is_empty() {
                        decided(
                            "implemented by the component",
                            Ownership::Provider,
                            "component",
                        )
                    } else {
                        by_origination(&own)
                    };
                    rows.push(
                        &id,
                        value,
                        description.into_iter().collect(),
                        Vec::new(),
                        source.clone(),
                        status.clone(),
                        None,
                        location,
                    );
                }
            }
        }
        tables.push(table(
            &format!("component: {title}"),
            Layout::OscalComponent,
            rows,
            Some(title),
        ));
    }
    Ok((tables, meta))
}

fn table(sheet: &str, layout: Layout, rows: Rows, title: Option<String>) -> Table {
    let column = |title: &str| ColumnRef {
        letter: String::new(),
        title: title.to_string(),
    };
    let (ownership, provider, customer) = match layout {
        Layout::OscalSsp => (
            "export",
            "by-component description, provided",
            "responsibilities",
        ),
        _ => ("control-origination", "description", "-"),
    };
    Table {
        sheet: sheet.to_string(),
        layout,
        title,
        header_rows: (0, 0),
        id_column: column("control-id"),
        ownership_columns: vec![column(ownership)],
        provider_narrative_column: Some(column(provider)),
        customer_narrative_column: (layout == Layout::OscalSsp).then(|| column(customer)),
        implementation_columns: vec![column("implementation-status")],
        section_column: None,
        rows: rows.rows,
        warnings: Vec::new(),
    }
}

fn quoted(keys: &[&str]) -> String {
    if keys.is_empty() {
        return "nothing".to_string();
    }
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The byte offset of a 1-based line and column.
fn offset_of(bytes: &[u8], line: usize, column: usize) -> usize {
    let start: usize = bytes
        .split(|&b| b == b'\n')
        .take(line.saturating_sub(1))
        .map(|l| l.len() + 1)
        .sum();
    (start + column.saturating_sub(1)).min(bytes.len())
}

/// The JSON path of the value being read at `offset` of text that stops being valid JSON
/// there: `$.system-security-plan.control-implementation.implemented-requirements[2]`.
fn path_at(bytes: &[u8], offset: usize) -> String {
    enum Level {
        Object(Option<String>),
        Array(usize),
    }
    let mut stack: Vec<Level> = Vec::new();
    let mut i = 0;
    let end = offset.min(bytes.len());
    // Whether the next string in an object is a key.
    let mut expect_key = false;
    while i < end {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < end && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                if expect_key {
                    if let Some(Level::Object(key)) = stack.last_mut() {
                        let text = bytes.get(start..i.min(end)).unwrap_or_default();
                        *key = Some(String::from_utf8_lossy(text).into_owned());
                    }
                    expect_key = false;
                }
            }
            b'{' => {
                stack.push(Level::Object(None));
                expect_key = true;
            }
            b'[' => stack.push(Level::Array(0)),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Level::Array(n)) => *n += 1,
                Some(Level::Object(key)) => {
                    *key = None;
                    expect_key = true;
                }
                None => {}
            },
            _ => {}
        }
        i += 1;
    }
    let mut path = "$".to_string();
    for level in &stack {
        match level {
            Level::Object(Some(key)) => path.push_str(&format!(".{key}")),
            Level::Object(None) => {}
            Level::Array(n) => path.push_str(&format!("[{n}]")),
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::path_at;

    #[test]
    fn the_path_where_json_stops_being_valid() {
        let text = br#"{"a": {"b": [1, {"c": "x"}, {"d": tru"#;
        assert_eq!(path_at(text, text.len()), "$.a.b[2].d");
        let text = br#"{"a": "x", "b": [1, 2"#;
        assert_eq!(path_at(text, text.len()), "$.b[1]");
        assert_eq!(path_at(b"", 0), "$");
        let text = br#"{"k\"ey": ["#;
        assert_eq!(path_at(text, text.len()), "$.k\\\"ey[0]");
    }
}
