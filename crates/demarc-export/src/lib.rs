//! Auditor exports: the XLSX workbook, the PDF pack and the companion layouts (among them an
//! OSCAL system security plan fragment).
//!
//! An adapter: `ExportData::load` reads what an export needs from the engagement file once, and
//! the writers turn that into bytes. Nothing here writes to the engagement. Given the same file
//! and the same `generated_at`, every writer returns the same bytes.

mod change_log;
mod compact;
mod cover;
mod label;
mod layouts;
mod legend;
mod oscal;
mod pdf;
mod plan;
mod print;
mod register;
mod rows;
mod scope;
mod xlsx;

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDateTime;
use demarc_catalogs::DEFAULT_FEDRAMP_LEVEL;
use demarc_core::plan::{plan as work_plan, Assignment, Plan as WorkPlan, PlanContext, Progress};
use demarc_core::{
    Attestation, Csoc, Decision, EngagementView, FedrampLevel, Framework, GapReport, MatrixFilter,
    MatrixRow, ProviderSource, ScopingProfile, SignOff, VendorReview, EVIDENCE_DUE_DAYS,
};
use demarc_store::{EngagementFile, StoreError};
use sha2::{Digest, Sha256};

pub use layouts::{write_layout, Layout};
pub use legend::{letter, native_terms, NativeTerms};
pub use oscal::{
    control_token, write_oscal, write_oscal_catalog, write_oscal_linked, write_oscal_profile,
    OscalFiles, DEMARC_NS, FEDRAMP_NS, OSCAL_VERSION,
};
pub use pdf::{
    write_pack, write_pdf, write_readiness, ManifestEntry, PackOptions, Paper, READINESS_SUFFIX,
};
pub use plan::{Existing, ExportPlan, Outcome, Part, PlannedFile, Step};
pub use scope::ScopeError;
pub use xlsx::write_workbook;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write the workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("cannot write the PDF: {0}")]
    Pdf(String),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} already exist{}; nothing was written", names(.0), if .0.len() == 1 { "s" } else { "" })]
    Exists(Vec<PathBuf>),
    /// A layout that does not apply to the engagement, and why.
    #[error("{0}")]
    Unavailable(String),
}

/// The file names of `paths`, joined for a sentence.
fn names(paths: &[PathBuf]) -> String {
    let names: Vec<String> = paths
        .iter()
        .map(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| p.display().to_string())
        })
        .collect();
    names.join(", ")
}

pub type Result<T> = std::result::Result<T, ExportError>;

/// Everything an export shows, read from the engagement file in one go.
#[derive(Debug, Clone)]
pub struct ExportData {
    pub view: EngagementView,
    /// The matrix as of the day of `generated_at`: the attestations current that day decide
    /// which rows are inherited.
    pub rows: Vec<MatrixRow>,
    pub attestations: Vec<Attestation>,
    pub vendor_reviews: Vec<VendorReview>,
    /// The client's complementary subservice organization controls, by provider.
    pub csocs: Vec<Csoc>,
    /// The gaps still open on the day of `generated_at`.
    pub gaps: GapReport,
    /// How far past a SOC 2 period a bridge letter counts (the engagement's setting).
    pub bridge_letter_months: u32,
    pub decisions: Vec<Decision>,
    /// The scoping profiles recorded, which decided the requirements that apply.
    pub scoping: Vec<ScopingProfile>,
    /// Every service's name by id, also those an export leaves out: a scoping profile names
    /// services by id.
    pub service_names: BTreeMap<i64, String>,
    /// Where the documents stand: the version, draft or approved, the change log. Of the
    /// whole engagement, even when an export is restricted to part of it.
    pub sign_off: SignOff,
    /// The engagement file's name, for the provenance footer.
    pub file_name: String,
    /// The first 12 hex digits of the SHA-256 of the engagement file's bytes.
    pub file_hash: String,
    /// The whole SHA-256 of the engagement file's bytes, in hex.
    pub file_sha256: String,
    /// When the export was made (UTC); fixed by the caller for reproducible output.
    pub generated_at: NaiveDateTime,
    /// The time of the latest decision (RFC 3339), the moment the data last changed.
    pub data_as_of: Option<String>,
    /// Who has each item and task of the work plan, and by when.
    pub assignments: Vec<Assignment>,
    /// The engagement's people, each with a name and a role.
    pub team: Vec<demarc_core::plan::TeamMember>,
    /// The provider's own words on each imported matrix row the matrix cites, by the row's
    /// place (see `ExportData::provider_statement`).
    pub provider_statements: BTreeMap<StatementKey, String>,
    /// The FedRAMP baseline the engagement is assessed against.
    pub fedramp_level: FedrampLevel,
    /// Every crosswalk the engagement can use, bundled and imported, with its provenance.
    pub crosswalks: Vec<demarc_store::CrosswalkSummary>,
    /// The credit owed to each cited provider matrix imported from a file shipped with Demarc
    /// (a public matrix whose licence asks for attribution), by provider and version.
    pub matrix_credits: BTreeMap<(String, u32), String>,
    /// The burn-down of the open work, for the readiness report; read only when asked
    /// (`load_progress`), since it walks the whole decision log.
    pub progress: Option<Progress>,
}

/// Where an imported provider row is: provider, matrix version, sheet, row.
pub type StatementKey = (String, u32, String, u32);

fn statement_key(p: &ProviderSource) -> StatementKey {
    (p.provider.clone(), p.version, p.sheet.clone(), p.row)
}

/// The provider rows a matrix row cites: the row that decided it, and those that reach it
/// through crosswalks, deciding or suggesting.
pub(crate) fn cited_matrices(r: &MatrixRow) -> impl Iterator<Item = &ProviderSource> {
    let reach = r
        .crosswalk
        .iter()
        .flat_map(|c| c.trails.iter().chain(&c.suggestions));
    r.provider_source.iter().chain(reach.map(|t| &t.row.source))
}

impl ExportData {
    /// What the attestations are judged against, as the matrix judges them: the audit window
    /// when the engagement has one, else the export's day.
    pub fn reliance(&self) -> demarc_core::Reliance {
        let e = &self.view.engagement;
        demarc_core::Reliance::for_window(self.generated_at.date(), e.audit_start.zip(e.audit_end))
    }

    pub fn load(file: &EngagementFile, generated_at: NaiveDateTime) -> Result<ExportData> {
        let path = file.path();
        let bytes = std::fs::read(path).map_err(|source| ExportError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let digest = Sha256::digest(&bytes);
        let file_sha256 = hex(&digest);
        let file_hash = file_sha256[..12].to_string();
        let decisions = file.decisions()?;
        let today = generated_at.date();
        let rows = file.matrix_on(&MatrixFilter::default(), today)?;
        let mut provider_statements = BTreeMap::new();
        for source in rows.iter().filter_map(|r| r.provider_source.as_ref()) {
            let key = statement_key(source);
            if provider_statements.contains_key(&key) {
                continue;
            }
            // A row the file no longer holds has no words to quote.
            if let Ok(row) = file.provider_row(source) {
                let words = [row.provider_narrative, row.customer_narrative]
                    .into_iter()
                    .flatten()
                    .filter(|w| !w.trim().is_empty())
                    .collect::<Vec<_>>()
                    .join("\n");
                let statement = if words.is_empty() {
                    row.label
                } else {
                    format!("{}: {words}", row.label)
                };
                provider_statements.insert(key, statement);
            }
        }
        let mut matrix_credits = BTreeMap::new();
        for source in rows.iter().flat_map(cited_matrices) {
            let key = (source.provider.clone(), source.version);
            if matrix_credits.contains_key(&key) {
                continue;
            }
            let sha256 = file.matrix_sha256(&source.provider, source.version)?;
            if let Some(shipped) = sha256.as_deref().and_then(demarc_catalogs::shipped_matrix) {
                matrix_credits.insert(key, shipped.origin.attribution.clone());
            }
        }
        let mut data = ExportData {
            matrix_credits,
            provider_statements,
            fedramp_level: file.fedramp_level()?.unwrap_or(DEFAULT_FEDRAMP_LEVEL),
            view: file.view()?,
            sign_off: file.sign_off_of(&rows)?,
            rows,
            attestations: file.attestations()?,
            vendor_reviews: file.vendor_reviews()?,
            csocs: file.csocs()?,
            gaps: file.gaps(today)?,
            bridge_letter_months: file.bridge_letter_months()?,
            scoping: file.scoping_profiles()?,
            service_names: file.service_names()?,
            data_as_of: decisions.iter().map(|d| d.at.clone()).max(),
            assignments: file.assignments()?,
            team: file.team()?,
            decisions,
            file_name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            file_hash,
            file_sha256,
            generated_at,
            crosswalks: file.crosswalk_list()?.crosswalks,
            progress: None,
        };
        data.cite_shared_coverage();
        Ok(data)
    }

    /// A shared row's provider part leans on the current report covering its service and
    /// requirement, as an inherited row's whole does: every export cites it on the row.
    fn cite_shared_coverage(&mut self) {
        let reliance = self.reliance();
        let attestations = &self.attestations;
        for r in self.rows.iter_mut() {
            if r.owner != demarc_core::Ownership::Shared || r.attestation.is_some() {
                continue;
            }
            let Some(service) = r.service.as_deref() else {
                continue;
            };
            let covering = demarc_core::covering_attestation(
                attestations,
                service,
                r.framework,
                &r.control_id,
                reliance,
            )
            .filter(|a| a.kind() != demarc_core::AttestationKind::Baa);
            r.attestation = covering.map(|a| a.reference());
        }
    }

    /// Reads the burn-down the readiness report draws, as of the day of `generated_at`.
    pub fn load_progress(&mut self, file: &EngagementFile) -> Result<()> {
        self.progress = Some(file.burndown(self.generated_at.date())?);
        Ok(())
    }

    /// The open gaps grouped into the work plan, with who has what, evidence due 60 days
    /// before the window.
    pub fn work_plan(&self) -> WorkPlan {
        let mut ctx = PlanContext::new(
            &self.view.engagement,
            &self.view.services,
            &self.rows,
            &self.attestations,
            self.bridge_letter_months,
            EVIDENCE_DUE_DAYS as u32,
        )
        .with_reviews(&self.vendor_reviews);
        ctx.assignments = self
            .assignments
            .iter()
            .map(|a| (a.item_id.clone(), a.clone()))
            .collect();
        work_plan(&self.gaps.gaps, &ctx, self.gaps.today)
    }

    /// The frameworks in scope with the version of the catalog the matrix was built from.
    pub fn framework_versions(&self) -> Vec<(Framework, String)> {
        self.view
            .engagement
            .frameworks
            .iter()
            .map(|&f| (f, demarc_catalogs::catalog(f).version.clone()))
            .collect()
    }

    /// Each framework in scope as text with the version of its catalog: `SOC 2 (2017)`.
    pub fn framework_names(&self) -> Vec<String> {
        self.framework_versions()
            .iter()
            .map(|(f, version)| format!("{} ({version})", f.label()))
            .collect()
    }

    /// A service's name by its id, for the words a person reads.
    pub fn service_name(&self, id: i64) -> Option<String> {
        self.service_names.get(&id).cloned()
    }

    /// The PCI DSS profile, when it is answered.
    pub fn pci_profile(&self) -> Option<&demarc_core::PciProfile> {
        self.scoping.iter().find_map(|p| match p {
            ScopingProfile::PciDss(p) => Some(p),
            _ => None,
        })
    }

    /// The PCI DSS validation and each service's scope with its rationale, one line each (see
    /// `PciProfile::scope_lines`); empty when PCI DSS is not in scope or not answered.
    pub fn pci_scope_lines(&self) -> Vec<String> {
        if !self.view.engagement.frameworks.contains(&Framework::PciDss) {
            return Vec::new();
        }
        self.pci_profile()
            .map(|p| p.scope_lines(&|id| self.service_name(id)))
            .unwrap_or_default()
    }

    /// What the client is under each framework in scope that asks, one line each:
    /// `PCI DSS: merchant; channels: iframe; ...`, or `HIPAA: not answered ...`.
    pub fn scoping_lines(&self) -> Vec<String> {
        ScopingProfile::FRAMEWORKS
            .into_iter()
            .filter(|f| self.view.engagement.frameworks.contains(f))
            .map(|f| match self.scoping.iter().find(|p| p.framework() == f) {
                Some(p) => format!("{}: {}", f.label(), p.summary(&|id| self.service_name(id))),
                None => format!(
                    "{}: not answered (every requirement treated as applicable)",
                    f.label()
                ),
            })
            .collect()
    }

    /// What the provider's imported matrix says on the row `r` cites, if it cites one.
    pub fn provider_statement(&self, r: &MatrixRow) -> Option<&str> {
        let source = r.provider_source.as_ref()?;
        self.provider_statements
            .get(&statement_key(source))
            .map(String::as_str)
    }

    /// The audit window as text, or `None` when it is not set.
    pub fn audit_window(&self) -> Option<String> {
        let e = &self.view.engagement;
        match (e.audit_start, e.audit_end) {
            (Some(start), Some(end)) => Some(format!("{start} to {end}")),
            (Some(start), None) => Some(format!("from {start}")),
            (None, Some(end)) => Some(format!("until {end}")),
            (None, None) => None,
        }
    }

    /// The attestations of `provider`.
    pub fn attestations_of<'a>(
        &'a self,
        provider: &'a str,
    ) -> impl Iterator<Item = &'a Attestation> {
        self.attestations
            .iter()
            .filter(move |a| a.provider.eq_ignore_ascii_case(provider))
    }

    /// The providers of the services in scope and of the attestations on file, sorted.
    pub fn providers(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self
            .view
            .services
            .iter()
            .map(|s| s.provider.as_str())
            .chain(self.attestations.iter().map(|a| a.provider.as_str()))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The sign-off line every page and sheet carries: `Draft version 0.2: ...` or `Version
    /// 0.3 approved by NAME (ROLE) on DATE`.
    pub fn status_line(&self) -> String {
        self.sign_off.statement()
    }

    /// Whether the pack reads as a readiness / gap analysis: unsigned, with most customer-side
    /// rows lacking evidence (`demarc_core::reads_as_readiness`).
    pub fn reads_as_readiness(&self) -> bool {
        demarc_core::reads_as_readiness(&self.sign_off, &self.rows)
    }

    /// The running header of the PDF pack: the status line, led by `Draft: readiness / gap
    /// analysis` when the pack reads as one.
    pub fn pack_status_line(&self) -> String {
        if self.reads_as_readiness() {
            let open = self.sign_off.open_items();
            let open = if open.is_empty() {
                ", not approved".to_string()
            } else {
                format!(": {}", open.join(", "))
            };
            format!(
                "{} · version {}{open}",
                demarc_core::READINESS_DRAFT,
                self.sign_off.version,
            )
        } else {
            self.status_line()
        }
    }

    /// The provenance line every page and sheet carries.
    pub fn provenance(&self) -> String {
        format!(
            "{} · sha256 {} · generated {} UTC",
            self.file_name,
            self.file_hash,
            self.generated_at.format("%Y-%m-%d %H:%M")
        )
    }
}

/// Bytes as lower-case hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What ends text cut to fit a cell, in the workbook and in the PDF pack.
pub(crate) const CUT_NOTE: &str = "… (cut: the full text is in the engagement)";

/// Makes client text safe for a spreadsheet cell: text that a spreadsheet would read as a
/// formula or a command (`=`, `+`, `-`, `@`, tab, carriage return first) gets a leading
/// apostrophe. The apostrophe is kept in the value itself, not only as a cell attribute, so the
/// text stays inert when the sheet is saved again as CSV and reopened.
pub fn neutralize(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

#[cfg(test)]
mod tests {
    use super::neutralize;

    #[test]
    fn formula_starts_are_neutralized_and_other_text_is_left_alone() {
        for risky in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralize(risky), format!("'{risky}"));
        }
        for plain in ["Customer", "a=b", "", "'quoted", "1-2"] {
            assert_eq!(neutralize(plain), plain);
        }
    }
}
