//! Vendor assurance on the engagement file: attestations and the services they cover, vendor
//! reviews, the matrix rows they change and the list of gaps.
//!
//! The matrix applies attestations as of a day: `matrix` and the setters use today's local
//! date, `matrix_on` and `gaps` take the day as a parameter. A provider-side row is `inherited`
//! while an attestation covering it is current on that day (see `demarc_core::assurance`);
//! whether the reports also cover the whole audit window is a gap of its own
//! (`soc2_window_gap`), not a condition of inheritance, so that a row reads the same all through
//! a window that a bridge letter or the next report will close.

use chrono::NaiveDate;
use demarc_core::{
    covering_attestation, cuec_control_id, cuec_row, engagement_gaps, inherit, scoping_gaps,
    Attestation, AttestationDetails, Evidence, Framework, GapReport, MatrixFilter, MatrixRow,
    NewAttestation, Scope, Service, Subject, VendorReview,
};
use rusqlite::{params, Connection, OptionalExtension};

use crate::attestations::{read_attestations, read_one, record, subject, summary};
use crate::log::{required_reason, LogEntry};
use crate::matrix::{read_record, Reach};
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
            let id = put_attestation(tx, None, &record(a, provider, &services)?)?;
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
            put_attestation(tx, Some(id), &record(a, provider, &services)?)?;
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
        let services = self.services()?;
        let rows = self.rows_on(&services, None, today, Reach::All)?;
        let engagement = self.engagement()?;
        let report = engagement_gaps(
            &engagement,
            services,
            &rows,
            &self.attestations()?,
            &self.vendor_reviews()?,
            today,
        );
        let unanswered = scoping_gaps(&engagement.frameworks, &self.scoping_profiles()?);
        Ok(GapReport::new(today, [report.gaps, unanswered].concat()))
    }

    /// Applies vendor assurance to freshly computed rows: provider-side rows become `inherited`
    /// where a current attestation covers them, and each CUEC of a SOC 2 report covering a
    /// service becomes a customer row of that service.
    pub(crate) fn apply_assurance(
        &self,
        rows: &mut Vec<MatrixRow>,
        services: &[Service],
        only: Option<Framework>,
        today: NaiveDate,
    ) -> Result<()> {
        let attestations = self.attestations()?;
        for row in rows.iter_mut() {
            // An entity row is the client's own: no provider's attestation covers it.
            let covering = row.service.as_deref().and_then(|service| {
                covering_attestation(&attestations, service, row.framework, today)
            });
            inherit(row, covering);
        }
        let soc2_in_scope = only.is_none_or(|f| f == Framework::Soc2)
            && self.engagement()?.frameworks.contains(&Framework::Soc2);
        if !soc2_in_scope {
            return Ok(());
        }
        for a in &attestations {
            let AttestationDetails::Soc2(report) = &a.details else {
                continue;
            };
            for s in services
                .iter()
                .filter(|s| a.covers(&s.name) && s.frameworks.contains(&Framework::Soc2))
            {
                for (i, text) in report.cuecs.iter().enumerate() {
                    let row = read_cuec_row(&self.conn, a, s, i + 1, text)
                        .map_err(|e| self.read_error(e))?;
                    rows.push(row);
                }
            }
        }
        Ok(())
    }

    /// The names of the services an attestation lists, each checked to be a service of its
    /// provider; refuses invalid details naming the field.
    fn checked(&self, a: &NewAttestation) -> Result<Vec<i64>> {
        let provider = a.provider.trim();
        if provider.is_empty() {
            return Err(StoreError::invalid(
                "provider",
                "the provider's name is empty",
            ));
        }
        a.details.validate()?;
        if a.services.is_empty() {
            return Err(StoreError::invalid(
                "services",
                "name at least one service the attestation covers",
            ));
        }
        let mut ids = Vec::new();
        for name in &a.services {
            let id = self.service_id(name).map_err(|_| {
                StoreError::invalid("services", format!("no service named {:?}", name.trim()))
            })?;
            let service = self.service(id)?;
            if !service.provider.eq_ignore_ascii_case(provider) {
                return Err(StoreError::invalid(
                    "services",
                    format!(
                        "{:?} is a service of {}, not of {provider}",
                        service.name, service.provider
                    ),
                ));
            }
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        Ok(ids)
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

/// The customer row made from the `n`th CUEC of a SOC 2 report, with what people recorded on
/// it (owner, evidence, review), as for any other row.
fn read_cuec_row(
    conn: &Connection,
    report: &Attestation,
    service: &Service,
    n: usize,
    text: &str,
) -> rusqlite::Result<MatrixRow> {
    let control_id = cuec_control_id(report.id, n);
    let key = params![service.id, Framework::Soc2.id(), control_id];
    let record = conn
        .query_row(
            "SELECT override_owner, reason, customer_part, row_owner, reviewed_by, reviewed_on,
             na_justification FROM control_row
             WHERE service_id = ?1 AND framework = ?2 AND control_id = ?3",
            key,
            |r| read_record(r, 0),
        )
        .optional()?
        .unwrap_or_default();
    let mut stmt = conn.prepare_cached(
        "SELECT id, title, location, date, owner, due_date FROM control_evidence
         WHERE service_id = ?1 AND framework = ?2 AND control_id = ?3 ORDER BY id",
    )?;
    let evidence = stmt
        .query_map(key, |r| {
            Ok(Evidence {
                id: r.get(0)?,
                title: r.get(1)?,
                location: r.get(2)?,
                date: parse_date(3, r.get(3)?)?,
                owner: r.get(4)?,
                due_date: parse_date(5, r.get(5)?)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(cuec_row(report, service, n, text, record, evidence))
}
