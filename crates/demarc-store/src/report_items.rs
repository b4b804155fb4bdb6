//! What a vendor's SOC 2 report lists, as the client works on it: each CUEC mapped to the
//! client's criteria with an owner and evidence, a report confirmed to list none, each
//! exception recorded and assessed. Each change rewrites the report's stored details in one
//! transaction, logged and undoable like any other change of an attestation.

use demarc_catalogs::catalog;
use demarc_core::{
    Attestation, AttestationDetails, CuecMapping, ExceptionAssessment, Framework, ReportException,
    Soc2Report,
};

use crate::attestations::{read_one, record, subject};
use crate::log::LogEntry;
use crate::sql::non_empty;
use crate::undoable::{put_attestation, Target};
use crate::{EngagementFile, Result, StoreError};

impl EngagementFile {
    /// Maps CUEC `number` (1-based) of SOC 2 report `id` to the client's SOC 2 criteria, with
    /// the person accountable and where the evidence is. Empty criteria unmap it.
    pub fn map_cuec(
        &mut self,
        id: i64,
        number: usize,
        mapping: &CuecMapping,
        who: &str,
    ) -> Result<Attestation> {
        let criteria = soc2_criteria(&mapping.criteria)?;
        self.change_report(id, who, |r| {
            let cuec = item(&mut r.cuecs, number, "CUEC")?;
            let before = format!(
                "CUEC {number}: {}",
                describe_cuec(&cuec.criteria, &cuec.owner, &cuec.evidence)
            );
            cuec.criteria = criteria;
            cuec.owner = mapping
                .owner
                .as_deref()
                .and_then(non_empty)
                .map(String::from);
            cuec.evidence = mapping
                .evidence
                .as_deref()
                .and_then(non_empty)
                .map(String::from);
            let after = format!(
                "CUEC {number}: {}",
                describe_cuec(&cuec.criteria, &cuec.owner, &cuec.evidence)
            );
            Ok((before, after))
        })
    }

    /// Records that SOC 2 report `id` lists no CUECs (someone read it and found none).
    pub fn confirm_no_cuecs(&mut self, id: i64, who: &str) -> Result<Attestation> {
        self.change_report(id, who, |r| {
            if !r.cuecs.is_empty() {
                return Err(StoreError::invalid(
                    "cuecs",
                    format!("the report has {} CUECs recorded", r.cuecs.len()),
                ));
            }
            r.no_cuecs = true;
            Ok((
                "CUECs: none recorded".to_string(),
                "CUECs: none in the report".to_string(),
            ))
        })
    }

    /// Records an exception SOC 2 report `id` notes; the report is then marked as noting
    /// exceptions.
    pub fn add_exception(&mut self, id: i64, description: &str, who: &str) -> Result<Attestation> {
        let description = non_empty(description)
            .ok_or_else(|| StoreError::invalid("exceptions", "the exception is empty"))?;
        self.change_report(id, who, |r| {
            r.exceptions_noted = true;
            r.exceptions.push(ReportException {
                description: description.to_string(),
                impact: None,
                response: None,
            });
            Ok((
                String::new(),
                format!("exception {}: {description}", r.exceptions.len()),
            ))
        })
    }

    /// Assesses exception `number` (1-based) of SOC 2 report `id`: its impact on the client and
    /// the response. Empty text clears a part; a response needs an impact statement, and an
    /// impact is a statement, not a placeholder (`ExceptionAssessment::validate`).
    pub fn assess_exception(
        &mut self,
        id: i64,
        number: usize,
        assessment: &ExceptionAssessment,
        who: &str,
    ) -> Result<Attestation> {
        self.change_report(id, who, |r| {
            let x = item(&mut r.exceptions, number, "exception")?;
            assessment.validate()?;
            let show = |x: &ReportException| {
                format!(
                    "exception {number}: impact {}; response {}",
                    x.impact.as_deref().unwrap_or("not assessed"),
                    x.response.as_deref().unwrap_or("none")
                )
            };
            let before = show(x);
            x.impact = assessment
                .impact
                .as_deref()
                .and_then(non_empty)
                .map(String::from);
            x.response = assessment
                .response
                .as_deref()
                .and_then(non_empty)
                .map(String::from);
            Ok((before, show(x)))
        })
    }

    /// Changes what SOC 2 report `id` lists through `change`, which returns the old and new
    /// values for the log; the whole attestation is the undo target.
    fn change_report(
        &mut self,
        id: i64,
        who: &str,
        change: impl FnOnce(&mut Soc2Report) -> Result<(String, String)>,
    ) -> Result<Attestation> {
        let mut a = self.attestation(id)?;
        let AttestationDetails::Soc2(report) = &mut a.details else {
            return Err(StoreError::invalid(
                "attestation",
                format!("#{id} is {}, not a SOC 2 report", a.kind().label()),
            ));
        };
        let (before, after) = change(report)?;
        a.details.validate()?;
        let mut covered = Vec::new();
        for name in &a.services {
            let sid = self.service_id(name)?;
            let why = a
                .outside_scope
                .iter()
                .find(|o| o.service.eq_ignore_ascii_case(name))
                .map(|o| o.reason.clone());
            covered.push((sid, why));
        }
        self.write(|tx| {
            let replaced = Target::Attestation { id }.snapshot(tx)?;
            let provider: i64 = tx.query_row(
                "SELECT provider_id FROM attestation WHERE id = ?1",
                [id],
                |r| r.get(0),
            )?;
            put_attestation(tx, Some(id), &record(&a.details, provider, &covered)?)?;
            let changed = read_one(tx, id)?;
            LogEntry::new(who, subject(&changed))
                .values(
                    Some(&before).filter(|b| !b.is_empty()).map(|b| b.as_str()),
                    Some(&after),
                )
                .undoable(&replaced, None)
                .append(tx)?;
            Ok(())
        })?;
        self.attestation(id)
    }
}

/// Item `number` (1-based) of a report's list, or a refusal naming it.
fn item<'a, T>(items: &'a mut [T], number: usize, what: &str) -> Result<&'a mut T> {
    let count = items.len();
    number
        .checked_sub(1)
        .and_then(|i| items.get_mut(i))
        .ok_or_else(|| {
            StoreError::invalid(
                "number",
                format!("no {what} {number}: the report lists {count}"),
            )
        })
}

/// The criteria as the SOC 2 catalog writes them, each checked to be one of its criteria.
fn soc2_criteria(given: &[String]) -> Result<Vec<String>> {
    let criteria = &catalog(Framework::Soc2).controls;
    let mut out: Vec<String> = Vec::new();
    for g in given.iter().map(|g| g.trim()).filter(|g| !g.is_empty()) {
        let found = criteria
            .iter()
            .find(|c| c.id.eq_ignore_ascii_case(g))
            .ok_or_else(|| {
                StoreError::invalid(
                    "criteria",
                    format!("{g:?} is not a SOC 2 criterion (CC1.1 to CC9.2, A1.1, C1.1, PI1.1, P1.1...)"),
                )
            })?;
        if !out.contains(&found.id) {
            out.push(found.id.clone());
        }
    }
    Ok(out)
}

fn describe_cuec(criteria: &[String], owner: &Option<String>, evidence: &Option<String>) -> String {
    if criteria.is_empty() {
        return "not mapped".to_string();
    }
    format!(
        "{}; owner {}; evidence {}",
        criteria.join(", "),
        owner.as_deref().unwrap_or("none"),
        evidence.as_deref().unwrap_or("none")
    )
}
