//! The FedRAMP Customer Responsibility Matrix: the template's title block (CSP, system,
//! impact level, date, version, whose CRM it is), then one line per FedRAMP control with `Can
//! Be Inherited from CSP` strictly Yes, Partial or No.

use demarc_core::{AttestationKind, FedrampRole, Framework, MatrixRow, Ownership, ScopingProfile};
use rust_xlsxwriter::{Format, Workbook};

use super::{combined, customer_note, providers_by_service};
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

/// `Can Be Inherited from CSP` and the responsibility text of one control, or `None` when
/// the control does not apply (every row not applicable).
fn answer(id: &str, rows: &[&MatrixRow], client: &str) -> Option<(&'static str, String)> {
    let owner = combined(rows.iter().map(|r| r.owner));
    let authorized = rows.iter().all(|r| {
        r.attestation
            .as_ref()
            .is_some_and(|a| a.kind == AttestationKind::Fedramp)
    });
    let notes = || {
        rows.iter()
            .filter(|r| r.owner != Ownership::NotApplicable)
            .map(|r| customer_note(r))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let answer = match owner {
        Ownership::NotApplicable => return None,
        Ownership::Inherited if authorized && is_policy_control(id) => (
            "Partial",
            format!(
                "Policy and procedures are each organization's own: the CSP's cover its side, \
                 {client} keeps its own. {}",
                notes()
            ),
        ),
        Ownership::Inherited if authorized => {
            let mut by: Vec<&str> = rows
                .iter()
                .filter_map(|r| r.attestation.as_ref().map(|a| a.label.as_str()))
                .collect();
            by.sort_unstable();
            by.dedup();
            ("Yes", format!("Inherited from {}.", by.join(", ")))
        }
        Ownership::Inherited | Ownership::Shared => ("Partial", notes()),
        Ownership::Provider => (
            "No",
            format!(
                "The CSP implements it, but no FedRAMP authorization on file covers it: \
                 {client} cannot inherit it until one does. {}",
                notes()
            ),
        ),
        Ownership::Undetermined => (
            "No",
            format!("Not yet determined: {client}'s until decided. {}", notes()),
        ),
        Ownership::Customer => ("No", notes()),
    };
    Some(answer)
}

/// One CRM per leveraged CSP: the FedRAMP controls of its services, with the entity-level
/// controls (the client's own) on each.
pub(super) fn sheets(book: &mut Workbook, data: &ExportData, f: &Formats) -> Result<()> {
    let mut csps: Vec<&str> = data
        .view
        .services
        .iter()
        .filter(|s| s.frameworks.contains(&Framework::Fedramp))
        .map(|s| s.provider.as_str())
        .collect();
    csps.sort_unstable();
    csps.dedup();
    let provider_of = providers_by_service(data);
    for csp in csps {
        let rows: Vec<MatrixRow> = data
            .rows
            .iter()
            .filter(|r| {
                r.framework == Framework::Fedramp
                    && r.service_id
                        .is_none_or(|id| provider_of.get(&id) == Some(&csp))
            })
            .cloned()
            .collect();
        crm(book, data, f, csp, &rows)?;
    }
    Ok(())
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
        .filter_map(|(id, rows)| answer(id, rows, &e.client).map(|a| (*id, a)))
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
