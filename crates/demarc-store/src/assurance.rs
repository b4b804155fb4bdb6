//! Vendor assurance on the engagement file: attestations and the services they cover, vendor
//! reviews, the matrix rows they change and the list of gaps.
//!
//! The matrix applies attestations as of a day: `matrix` and the setters use today's local
//! date, `matrix_on` and `gaps` take the day as a parameter. A provider-side row is `inherited`
//! while an attestation covering it is current on that day (see `demarc_core::assurance`);
//! whether the reports also cover the whole audit window is a gap of its own
//! (`soc2_window_gap`), not a condition of inheritance, so that a row reads the same all through
//! a window that a bridge letter or the next report will close.

use std::collections::HashSet;

use chrono::NaiveDate;
use demarc_core::{
    apply_attestations, apply_cuecs, csoc_gaps, engagement_gaps, outside_scope, reports_in_force,
    scoping_gaps, subservice_of, Attestation, AttestationDetails, DataType, Framework, GapReport,
    MatrixFilter, MatrixRow, NewAttestation, Plausibility, Reliance, Scope, Subject, VendorReview,
    BRIDGE_LETTER_MONTHS, MAX_BRIDGE_LETTER_MONTHS,
};
use rusqlite::{Connection, OptionalExtension};

use crate::attestations::{read_attestations, read_one, record, subject, summary};
use crate::log::{required_reason, LogEntry};
use crate::matrix::Reach;
use crate::sql::{parse_date, provider_id};
use crate::undoable::{put_attestation, remove_attestation, write_vendor_review, Snapshot, Target};
use crate::{EngagementFile, Result, StoreError};

impl EngagementFile {
    /// Every attestation, by provider then in the order they were added.
    pub fn attestations(&self) -> Result<Vec<Attestation>> {
        read_attestations(&self.conn, None).map_err(|e| self.read_error(e))
    }

    pub fn attestation(&self, id: i64) -> Result<Attestation> {
        read_attestations(&self.conn, Some(id))
            .map_err(|e| self.read_error(e))?
            .pop()
            .ok_or_else(|| StoreError::invalid("attestation", format!("no attestation #{id}")))
    }

    /// Records an attestation of a provider and the services it covers.
    pub fn add_attestation(&mut self, a: &NewAttestation, who: &str) -> Result<Attestation> {
        let services = self.checked(a)?;
        let id = self.write(|tx| {
            let provider = provider_id(tx, a.provider.trim())?;
            let id = put_attestation(tx, None, &record(&a.details, provider, &services)?)?;
            let added = read_one(tx, id)?;
            let absent = Snapshot::absent_attestation(id);
            LogEntry::new(who, subject(&added))
                .values(None, Some(&summary(&added)))
                .undoable(&absent, None)
                .append(tx)?;
            Ok(id)
        })?;
        self.attestation(id)
    }

    /// Replaces what an attestation says and the services it covers.
    pub fn update_attestation(
        &mut self,
        id: i64,
        a: &NewAttestation,
        who: &str,
    ) -> Result<Attestation> {
        let before = self.attestation(id)?;
        let services = self.checked(a)?;
        self.write(|tx| {
            let replaced = Target::Attestation { id }.snapshot(tx)?;
            let provider = provider_id(tx, a.provider.trim())?;
            put_attestation(tx, Some(id), &record(&a.details, provider, &services)?)?;
            let after = read_one(tx, id)?;
            LogEntry::new(who, subject(&after))
                .values(Some(&summary(&before)), Some(&summary(&after)))
                .undoable(&replaced, None)
                .append(tx)?;
            Ok(())
        })?;
        self.attestation(id)
    }

    /// Removes an attestation; the reason is recorded. Its CUEC rows leave the matrix.
    pub fn delete_attestation(&mut self, id: i64, reason: &str, who: &str) -> Result<()> {
        let reason = required_reason(reason)?;
        let before = self.attestation(id)?;
        self.write(|tx| {
            let replaced = Target::Attestation { id }.snapshot(tx)?;
            remove_attestation(tx, id)?;
            LogEntry::new(who, subject(&before))
                .values(Some(&summary(&before)), None)
                .reason(reason)
                .undoable(&replaced, None)
                .append(tx)?;
            Ok(())
        })
    }

    /// The recorded vendor reviews, by provider.
    pub fn vendor_reviews(&self) -> Result<Vec<VendorReview>> {
        read_reviews(&self.conn).map_err(|e| self.read_error(e))
    }

    /// Records a provider's last vendor review and the next one due.
    pub fn set_vendor_review(&mut self, review: &VendorReview, who: &str) -> Result<VendorReview> {
        let provider = review.provider.trim();
        if provider.is_empty() {
            return Err(StoreError::invalid(
                "provider",
                "the provider's name is empty",
            ));
        }
        if review.last_reviewed.is_none() && review.next_review.is_none() {
            return Err(StoreError::invalid(
                "last_reviewed",
                "give the date of the last review, of the next one, or both",
            ));
        }
        if let (Some(last), Some(next)) = (review.last_reviewed, review.next_review) {
            if next < last {
                return Err(StoreError::invalid(
                    "next_review",
                    format!("the next review ({next}) is before the last one ({last})"),
                ));
            }
        }
        let before = self
            .vendor_reviews()?
            .into_iter()
            .find(|r| r.provider.eq_ignore_ascii_case(provider));
        let show = |r: &VendorReview| {
            let date = |d: Option<NaiveDate>| d.map_or("none".to_string(), |d| d.to_string());
            format!(
                "last {}, next {}",
                date(r.last_reviewed),
                date(r.next_review)
            )
        };
        self.write(|tx| {
            let id = provider_id(tx, provider)?;
            let replaced = Target::VendorReview { provider_id: id }.snapshot(tx)?;
            let dates = (
                review.last_reviewed.map(|d| d.to_string()),
                review.next_review.map(|d| d.to_string()),
            );
            write_vendor_review(tx, id, Some(&dates))?;
            let about = Subject::VendorReview {
                provider: provider.to_string(),
            };
            LogEntry::new(who, about)
                .values(before.as_ref().map(show).as_deref(), Some(&show(review)))
                .undoable(&replaced, None)
                .append(tx)?;
            Ok(())
        })?;
        self.vendor_reviews()?
            .into_iter()
            .find(|r| r.provider.eq_ignore_ascii_case(provider))
            .ok_or_else(|| StoreError::invalid("provider", "the review was not recorded"))
    }

    /// The control matrix as of `today`: the attestations current that day decide which
    /// provider-side rows are inherited.
    pub fn matrix_on(&self, filter: &MatrixFilter, today: NaiveDate) -> Result<Vec<MatrixRow>> {
        let services = match (&filter.service, filter.scope) {
            (Some(name), _) => vec![self.service(self.service_id(name)?)?],
            (None, Some(Scope::Entity)) => Vec::new(),
            (None, _) => self.services()?,
        };
        let reach = match (&filter.service, filter.scope) {
            (None, None | Some(Scope::Entity)) => Reach::All,
            _ => Reach::Services,
        };
        self.rows_on(&services, filter.framework, today, reach)
    }

    /// Everything still open on `today`, most severe first, with counts.
    pub fn gaps(&self, today: NaiveDate) -> Result<GapReport> {
        Ok(self.gaps_and_rows(today)?.0)
    }

    /// The gaps open on `today` (those under an accepted risk listed apart) and the matrix
    /// rows they were found in.
    pub(crate) fn gaps_and_rows(&self, today: NaiveDate) -> Result<(GapReport, Vec<MatrixRow>)> {
        let (report, rows) = self.every_gap_and_rows(today)?;
        Ok((self.without_accepted(report, &rows, today)?, rows))
    }

    /// Every gap on `today`, accepted risks or not, and the matrix rows they were found in.
    pub(crate) fn every_gap_and_rows(
        &self,
        today: NaiveDate,
    ) -> Result<(GapReport, Vec<MatrixRow>)> {
        let services = self.services()?;
        let rows = self.rows_on(&services, None, today, Reach::All)?;
        let engagement = self.engagement()?;
        let report = engagement_gaps(
            &engagement,
            services,
            &rows,
            &self.attestations()?,
            &self.vendor_reviews()?,
            self.bridge_letter_months()?,
            today,
        );
        let unanswered = scoping_gaps(&engagement.frameworks, &self.scoping_profiles()?);
        let csocs = if engagement.frameworks.contains(&Framework::Soc2) {
            csoc_gaps(&self.csocs()?, &self.attestations()?, self.reliance(today)?)
        } else {
            Vec::new()
        };
        Ok((
            GapReport::new(today, [report.gaps, unanswered, csocs].concat()),
            rows,
        ))
    }

    /// How many months past a SOC 2 period end a bridge letter may cover: the engagement's
    /// setting, 3 by default.
    pub fn bridge_letter_months(&self) -> Result<u32> {
        let months: Option<u32> = self
            .conn
            .query_row(
                "SELECT bridge_letter_months FROM engagement WHERE id = 1",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.read_error(e))?
            .flatten();
        Ok(months.unwrap_or(BRIDGE_LETTER_MONTHS))
    }

    /// Sets how many months past a SOC 2 period end a bridge letter may cover (1 to 12), or
    /// with `None` returns to 3. Letters already recorded count only as far as the window.
    pub fn set_bridge_letter_months(&mut self, months: Option<u32>, who: &str) -> Result<u32> {
        if let Some(m) = months.filter(|m| !(1..=MAX_BRIDGE_LETTER_MONTHS).contains(m)) {
            return Err(StoreError::invalid(
                "bridge_letter_months",
                format!(
                    "{m} months: a bridge letter window is 1 to {MAX_BRIDGE_LETTER_MONTHS} months"
                ),
            ));
        }
        let before = self.bridge_letter_months()?;
        self.write(|tx| {
            tx.execute(
                "UPDATE engagement SET bridge_letter_months = ?1 WHERE id = 1",
                [months],
            )?;
            let after = months.unwrap_or(BRIDGE_LETTER_MONTHS);
            LogEntry::new(who, Subject::BridgeLetterWindow)
                .values(
                    Some(&format!("{before} months")),
                    Some(&format!("{after} months")),
                )
                .append(tx)?;
            Ok(())
        })?;
        self.bridge_letter_months()
    }

    /// Refuses what recording `details` would refuse, naming the field: its own checks, and
    /// its dates against today and the bridge-letter window. Writes nothing.
    pub fn check_attestation(&self, details: &AttestationDetails) -> Result<()> {
        details.check(self.plausibility()?)?;
        Ok(())
    }

    fn plausibility(&self) -> Result<Plausibility> {
        Ok(Plausibility {
            today: crate::clock::today(),
            bridge_letter_months: self.bridge_letter_months()?,
        })
    }

    /// Applies vendor assurance to freshly computed rows: a PCI DSS requirement the provider's
    /// AOC leaves out stays the customer's, provider-side rows become `inherited` where a
    /// current attestation covers their service and requirement (a claimed `inherited` without
    /// one is the provider's), and the mapped CUECs of the SOC 2 reports in force are put on
    /// the rows of their criteria.
    pub(crate) fn apply_assurance(&self, rows: &mut [MatrixRow], today: NaiveDate) -> Result<()> {
        let attestations = self.attestations()?;
        let reports = reports_in_force(&attestations);
        let on = self.reliance(today)?;
        let phi: HashSet<i64> = self
            .services()?
            .iter()
            .filter(|s| s.data_types.contains(&DataType::Phi))
            .map(|s| s.id)
            .collect();
        for row in rows.iter_mut() {
            let handles_phi = row.service_id.is_some_and(|id| phi.contains(&id));
            apply_attestations(row, &attestations, on.with_phi(handles_phi));
            apply_cuecs(row, &reports);
        }
        Ok(())
    }

    /// What the attestations are judged against on `today`: the engagement's audit window
    /// when it has one (see `Reliance`).
    pub fn reliance(&self, today: NaiveDate) -> Result<Reliance> {
        let e = self.engagement()?;
        Ok(Reliance::for_window(today, e.audit_start.zip(e.audit_end)))
    }

    /// The services an attestation lists, each checked to be a service of its provider and
    /// inside what the document covers (or covered with a reason), with that reason; refuses
    /// invalid or implausible details naming the field.
    fn checked(&self, a: &NewAttestation) -> Result<Vec<(i64, Option<String>)>> {
        let provider = a.provider.trim();
        if provider.is_empty() {
            return Err(StoreError::invalid(
                "provider",
                "the provider's name is empty",
            ));
        }
        a.details.check(self.plausibility()?)?;
        if a.services.is_empty() {
            return Err(StoreError::invalid(
                "services",
                "name at least one service the attestation covers",
            ));
        }
        if let Some(o) = a.outside_scope.iter().find(|o| {
            !a.services
                .iter()
                .any(|s| s.trim().eq_ignore_ascii_case(o.service.trim()))
        }) {
            return Err(StoreError::invalid(
                "outside_scope",
                format!("{:?} is not among the services covered", o.service.trim()),
            ));
        }
        let mut covered: Vec<(i64, Option<String>)> = Vec::new();
        for name in &a.services {
            let id = self.service_id(name).map_err(|_| {
                StoreError::invalid("services", format!("no service named {:?}", name.trim()))
            })?;
            let service = self.service(id)?;
            if !service.provider.eq_ignore_ascii_case(provider)
                && !subservice_of(provider, &service.provider, &self.attestations()?)
            {
                return Err(StoreError::invalid(
                    "services",
                    format!(
                        "{:?} is a service of {}, not of {provider} (a third party's attestation \
                         may cover it once a SOC 2 report of {} names {provider} among its \
                         subservice organisations)",
                        service.name, service.provider, service.provider
                    ),
                ));
            }
            let reason = match outside_scope(&a.details, &service) {
                None => None,
                Some(why) => {
                    let given = a
                        .outside_scope
                        .iter()
                        .find(|o| o.service.trim().eq_ignore_ascii_case(&service.name))
                        .map(|o| o.reason.trim())
                        .filter(|r| !r.is_empty());
                    match given {
                        Some(reason) => Some(reason.to_string()),
                        None => {
                            return Err(StoreError::invalid(
                                "services",
                                format!(
                                    "{why}; to cover it anyway, give the reason for the exception"
                                ),
                            ))
                        }
                    }
                }
            };
            if !covered.iter().any(|(c, _)| *c == id) {
                covered.push((id, reason));
            }
        }
        Ok(covered)
    }
}

fn read_reviews(conn: &Connection) -> rusqlite::Result<Vec<VendorReview>> {
    let mut stmt = conn.prepare(
        "SELECT p.name, v.last_reviewed, v.next_review FROM vendor_review v
         JOIN provider p ON p.id = v.provider_id ORDER BY p.name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(VendorReview {
            provider: r.get(0)?,
            last_reviewed: parse_date(1, r.get(1)?)?,
            next_review: parse_date(2, r.get(2)?)?,
        })
    })?;
    rows.collect()
}
