//! The FedRAMP Customer Responsibility Matrix: the leveraged CSP's view, so one only for a CSP
//! with a FedRAMP authorization on file (a first sheet says, for every CSP of the services in
//! FedRAMP scope, whether its CRM is written and why not). Each CRM has the template's title
//! block (CSP, system, impact level, date, version, whose CRM it is), then one line per
//! FedRAMP control with `Can Be Inherited from CSP` strictly Yes, Partial or No, decided with
//! its text from the same facts (`answer`).

use demarc_core::{
    Attestation, AttestationKind, FedrampRole, Framework, MatrixRow, Ownership, ScopingProfile,
};
use rust_xlsxwriter::{Format, Workbook};

use super::{customer_note, providers_by_service};
use crate::rows::by_control;
use crate::xlsx::{table_at, Formats};
use crate::{ExportData, Result};

/// The row of the table's header, under the title block.
const HEADER: u32 = 9;

/// A `-1` control: the family's policy and procedures (`AC-1`), which each organization
/// writes for itself.
pub(crate) fn is_policy_control(id: &str) -> bool {
    let id = id.trim();
    match id.split_once('-') {
        Some((family, number)) => {
            family.len() == 2
                && family.bytes().all(|b| b.is_ascii_alphabetic())
                && number.trim_start_matches('0') == "1"
        }
        None => false,
    }
}

/// How much of one row the client can inherit from the CSP: all of it when the row is
/// inherited under a FedRAMP authorization, the CSP's part of a shared row a FedRAMP
/// authorization covers, else nothing (the client's own, undecided, or the CSP's without a
/// FedRAMP authorization covering it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Inheritable {
    All,
    Part,
    Nothing,
}

fn inheritable(r: &MatrixRow) -> Inheritable {
    let authorized = r
        .attestation
        .as_ref()
        .is_some_and(|a| a.kind == AttestationKind::Fedramp);
    match r.owner {
        Ownership::Inherited if authorized => Inheritable::All,
        Ownership::Shared if authorized => Inheritable::Part,
        _ => Inheritable::Nothing,
    }
}

/// `Can Be Inherited from CSP` and the responsibility text of one control, both from what
/// each applicable row lets the client inherit (`inheritable`); `None` when the control does
/// not apply (every row not applicable). `Yes` only when every row is inherited whole (never
/// a `-1` policy control, which each organization writes for itself), `Partial` when some of
/// it is, `No` when none is; the text opens with why, then each row's own line.
fn answer(
    id: &str,
    rows: &[&MatrixRow],
    csp: &str,
    client: &str,
) -> Option<(&'static str, String)> {
    let rows: Vec<&MatrixRow> = rows
        .iter()
        .copied()
        .filter(|r| r.owner != Ownership::NotApplicable)
        .collect();
    if rows.is_empty() {
        return None;
    }
    let parts: Vec<Inheritable> = rows.iter().map(|r| inheritable(r)).collect();
    let mut by: Vec<&str> = rows
        .iter()
        .filter(|r| inheritable(r) != Inheritable::Nothing)
        .filter_map(|r| r.attestation.as_ref().map(|a| a.label.as_str()))
        .collect();
    by.sort_unstable();
    by.dedup();
    let by = by.join(", ");
    let notes = rows
        .iter()
        .map(|r| customer_note(r))
        .collect::<Vec<_>>()
        .join("\n");
    let all = parts.iter().all(|p| *p == Inheritable::All);
    let some = parts.iter().any(|p| *p != Inheritable::Nothing);
    // The CSP does a part no FedRAMP authorization covers; nobody is decided for some rows.
    let unbacked = rows.iter().any(|r| {
        inheritable(r) == Inheritable::Nothing
            && matches!(
                r.owner,
                Ownership::Inherited | Ownership::Provider | Ownership::Shared
            )
    });
    let undecided: Vec<&str> = rows
        .iter()
        .filter(|r| r.owner == Ownership::Undetermined)
        .map(|r| r.service_label())
        .collect();
    let (value, mut why) = if all && is_policy_control(id) {
        (
            "Partial",
            format!(
                "Policy and procedures are each organization's own: {csp}'s, under {by}, \
                 cover its side; {client} keeps its own."
            ),
        )
    } else if all {
        ("Yes", format!("Inherited from {by}."))
    } else if some {
        (
            "Partial",
            format!("{csp} covers part of it under {by}; {client} implements the rest."),
        )
    } else if unbacked || !undecided.is_empty() {
        ("No", format!("{client} inherits none of it from {csp}."))
    } else {
        ("No", format!("{client} implements it."))
    };
    if unbacked {
        why += &format!(
            " {csp} does part of it with no FedRAMP authorization on file covering that part: \
             {client} answers for it and cannot inherit it until one does."
        );
    }
    if !undecided.is_empty() {
        why += &format!(
            " Not yet determined for {}: {client}'s until decided.",
            undecided.join(", ")
        );
    }
    Some((value, format!("{why}\n{notes}")))
}

/// The CSPs of the services in FedRAMP scope, each with the FedRAMP authorizations on file
/// for it (none: no CRM is written for it).
fn csps(data: &ExportData) -> Vec<(&str, Vec<&Attestation>)> {
    let mut csps: Vec<&str> = data
        .view
        .services
        .iter()
        .filter(|s| s.frameworks.contains(&Framework::Fedramp))
        .map(|s| s.provider.as_str())
        .collect();
    csps.sort_unstable();
    csps.dedup();
    csps.into_iter()
        .map(|csp| {
            let held = data
                .attestations
                .iter()
                .filter(|a| {
                    a.kind() == AttestationKind::Fedramp
                        && a.provider.trim().eq_ignore_ascii_case(csp.trim())
                })
                .collect();
            (csp, held)
        })
        .collect()
}

/// Why no CRM can be written: no CSP of the services in FedRAMP scope has a FedRAMP
/// authorization on file, so there is no leveraged CSP to write one for.
pub(super) fn unavailable(data: &ExportData) -> Option<String> {
    let csps = csps(data);
    if csps.iter().any(|(_, held)| !held.is_empty()) {
        return None;
    }
    let names: Vec<&str> = csps.iter().map(|(csp, _)| *csp).collect();
    Some(if names.is_empty() {
        "no service is in FedRAMP scope".into()
    } else {
        format!(
            "a CRM is the leveraged CSP's view, and no CSP of the services in FedRAMP scope ({}) \
             has a FedRAMP authorization on file",
            names.join(", ")
        )
    })
}

/// The CSPs sheet, saying for each CSP of the services in FedRAMP scope whether a CRM is
/// written and why not; then one CRM per CSP with a FedRAMP authorization on file: the
/// FedRAMP controls of its services, with the entity-level controls (the client's own).
pub(super) fn sheets(book: &mut Workbook, data: &ExportData, f: &Formats) -> Result<()> {
    let csps = csps(data);
    csps_sheet(book, data, f, &csps)?;
    let provider_of = providers_by_service(data);
    for (csp, _) in csps.iter().filter(|(_, held)| !held.is_empty()) {
        let rows: Vec<MatrixRow> = data
            .rows
            .iter()
            .filter(|r| {
                r.framework == Framework::Fedramp
                    && r.service_id
                        .is_none_or(|id| provider_of.get(&id) == Some(csp))
            })
            .cloned()
            .collect();
        crm(book, data, f, csp, &rows)?;
    }
    Ok(())
}

fn csps_sheet(
    book: &mut Workbook,
    data: &ExportData,
    f: &Formats,
    csps: &[(&str, Vec<&Attestation>)],
) -> Result<()> {
    const TOP: u32 = 3;
    let client = &data.view.engagement.client;
    let columns = [
        ("CSP", 14.0),
        ("Services in FedRAMP scope", 30.0),
        ("FedRAMP authorization on file", 26.0),
        ("CRM", 50.0),
    ];
    let ws = book.add_worksheet();
    let mut t = table_at(ws, "CSPs", &columns, TOP, csps.len(), data, f)?;
    // One page across whatever the font.
    t.ws.set_print_fit_to_pages(1, 0);
    t.ws.write_string_with_format(1, 0, "Customer Responsibility Matrices", &f.title)?;
    t.ws.set_row_height(1, 22.0)?;
    for (row, (csp, held)) in (TOP + 1..).zip(csps) {
        let services: Vec<&str> = data
            .view
            .services
            .iter()
            .filter(|s| s.provider == *csp && s.frameworks.contains(&Framework::Fedramp))
            .map(|s| s.name.as_str())
            .collect();
        let authorizations: Vec<String> = held.iter().map(|a| a.label()).collect();
        let crm = if held.is_empty() {
            format!(
                "None written: a CRM is the leveraged CSP's view, and {csp} has no FedRAMP \
                 authorization on file, so {client} inherits nothing from it in FedRAMP's \
                 terms and answers for its services' FedRAMP controls itself (see the matrix)."
            )
        } else {
            format!("Sheet {}.", sheet_name(csp))
        };
        t.text(row, 0, csp, &f.wrap)?;
        t.text(row, 1, &services.join(", "), &f.wrap)?;
        t.text(
            row,
            2,
            &if authorizations.is_empty() {
                "None".to_string()
            } else {
                authorizations.join(", ")
            },
            &f.wrap,
        )?;
        t.text(row, 3, &crm, &f.wrap)?;
    }
    t.finish()
}

/// A sheet name from `name`: without the characters a sheet name may not hold, 31 at most.
fn sheet_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\'".contains(c) { ' ' } else { c })
        .collect();
    format!("CRM {}", clean.trim()).chars().take(31).collect()
}

fn crm(
    book: &mut Workbook,
    data: &ExportData,
    f: &Formats,
    csp: &str,
    rows: &[MatrixRow],
) -> Result<()> {
    let e = &data.view.engagement;
    let controls = by_control(rows, Framework::Fedramp);
    let lines: Vec<(&str, (&str, String))> = controls
        .iter()
        .filter_map(|(id, rows)| answer(id, rows, csp, &e.client).map(|a| (*id, a)))
        .collect();
    let left_out = controls.len() - lines.len();

    let columns = [
        ("Control ID", 14.0),
        ("Can Be Inherited from CSP", 16.0),
        (
            "Specific Inheritance and Customer Agency/CSP Responsibilities",
            110.0,
        ),
    ];
    let ws = book.add_worksheet();
    let mut t = table_at(ws, &sheet_name(csp), &columns, HEADER, lines.len(), data, f)?;

    let role = data.scoping.iter().find_map(|p| match p {
        ScopingProfile::Fedramp(f) => Some(f.role),
        _ => None,
    });
    let whose = match role {
        Some(FedrampRole::Csp) => format!(
            "The leveraged CSP's view ({csp}): what {} inherits from {csp} for its own system. \
             This is not {}'s own CRM for its agency customers, which its own SSP gives.",
            e.client, e.client
        ),
        _ => format!(
            "The leveraged CSP's view ({csp}): what {} inherits from {csp} and what it must \
             implement itself.",
            e.client
        ),
    };
    let services: Vec<&str> = data
        .view
        .services
        .iter()
        .filter(|s| s.provider == csp && s.frameworks.contains(&Framework::Fedramp))
        .map(|s| s.name.as_str())
        .collect();
    let mut block = vec![
        ("CSP", csp.to_string()),
        ("System", format!("{} ({})", e.name, services.join(", "))),
        ("Impact level", data.fedramp_level.label().to_string()),
        ("Date", data.generated_at.date().to_string()),
        ("Version", data.sign_off.version.clone()),
        ("Whose CRM", whose),
    ];
    if left_out > 0 {
        block.push((
            "Left out",
            format!("{left_out} controls not applicable under the scoping profile"),
        ));
    }
    t.ws.write_string_with_format(1, 0, "Customer Responsibility Matrix", &f.title)?;
    t.ws.set_row_height(1, 22.0)?;
    for (row, (label, value)) in (2u32..).zip(&block) {
        t.ws.write_string_with_format(row, 0, *label, &f.bold)?;
        crate::xlsx::text(t.ws, row, 1, value, &Format::new())?;
    }
    for (row, (id, (can, text))) in (HEADER + 1..).zip(&lines) {
        t.text(row, 0, id, &f.wrap)?;
        t.ws.write_string_with_format(row, 1, *can, &f.wrap)?;
        t.text(row, 2, text, &f.wrap)?;
    }
    t.finish()
}

#[cfg(test)]
mod tests {
    use super::is_policy_control;

    #[test]
    fn policy_controls_are_the_first_of_each_family() {
        for id in ["AC-1", "ac-01", " SR-1 "] {
            assert!(is_policy_control(id), "{id}");
        }
        for id in ["AC-11", "AC-1(1)", "AC-2", "CC1.1", "A.5.1"] {
            assert!(!is_policy_control(id), "{id}");
        }
    }
}
