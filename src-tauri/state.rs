//! The open engagement and the operations on it, free of Tauri so that tests can drive them.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

use chrono::NaiveDate;
use demarc_core::crosswalk::FrameworkCoverage;
use demarc_core::imported::MappingProfile;
use demarc_core::plan::{
    Assignment, NewRiskAcceptance, Plan, Progress, RiskAcceptance, TeamMember,
};
use demarc_core::{
    closed_gaps, subservice_of, Approval, Attestation, AttestationDetails, ChangeLog, ClosedGaps,
    Csoc, CuecMapping, DataType, Decision, DecisionReview, DocumentVersion, Engagement,
    EngagementView, ExceptionAssessment, Framework, FrameworkRemoval, GapReport, GapTally, Layer,
    MatrixFilter, MatrixRow, NewAttestation, NewCsoc, NewEvidence, NewReview, NewService,
    Ownership, Person, ProviderRow, ProviderSource, RowKey, Scope, ScopingProfile, Sensitivity,
    Service, ServiceModel, ServiceRemoval, SignOff, VendorReview,
};
use demarc_export::Step;
use demarc_import::{ImportError, Limits, Preview, ReadOptions};
use demarc_store::{
    CrosswalkList, EngagementFile, ImportReport, LabelMapping, MatrixImport, Stepped,
};
use serde::Serialize;
use ts_rs::TS;

use crate::export::{plan, ExportDone, ExportProgress, ExportRequest};
use crate::labels::{labels_to_map, Inspection};
use crate::profiles::{Library, OfferedProfile, ProfileSource};
use crate::{ErrorCode, IpcError};

type Result<T> = std::result::Result<T, IpcError>;

/// The engagement open in the window, with the path of its file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Opened {
    pub path: String,
    pub view: EngagementView,
}

/// An attestation just recorded, with the gaps it closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RecordedAttestation {
    pub attestation: Attestation,
    pub closed: ClosedGaps,
}

/// One provider of the vendor register: its services in the engagement, its attestations and
/// its last and next vendor review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ProviderEntry {
    pub name: String,
    pub services: Vec<String>,
    pub attestations: Vec<Attestation>,
    /// The ids of those attestations that can be relied on today.
    #[ts(type = "number[]")]
    pub current: Vec<i64>,
    pub review: Option<VendorReview>,
    /// What the client's own report expects of the provider (its CSOCs).
    pub csocs: Vec<Csoc>,
    /// Services of other providers whose SOC 2 reports name this one among their subservice
    /// organisations: its own attestation may cover them.
    pub third_party_services: Vec<String>,
}

pub struct AppState {
    file: Mutex<EngagementFile>,
    data_dir: PathBuf,
    who: String,
    /// The report of the last import in this window, shown again on request.
    last_import: Mutex<Option<ImportReport>>,
    /// The paths the user chose in a file dialog or dropped on the window: the only ones a
    /// command given a path may open or write.
    granted: Mutex<HashSet<PathBuf>>,
    /// The files the last export wrote: the only ones "show in folder" reveals.
    exported: Mutex<Vec<PathBuf>>,
    /// Set to stop the running export before its next file.
    cancel_export: AtomicBool,
    /// A file the system asked the running app to open (macOS hands a double-clicked file to
    /// the app this way, not as an argument), until the window takes it.
    open_request: Mutex<Option<PathBuf>>,
    /// The last decision-log entry there was when the open file was opened: undo and redo
    /// reach only the entries after it, the changes made in this window.
    opened_after: Mutex<i64>,
}

/// Operations that hand their arguments to the open file's method of the same name; a change
/// also names the person making it.
macro_rules! forward {
    (
        reads {
            $($(#[doc = $rdoc:literal])* fn $read:ident($($rarg:ident: $rty:ty),*) -> $rret:ty;)*
        }
        changes {
            $($(#[doc = $cdoc:literal])* fn $change:ident($($carg:ident: $cty:ty),*) -> $cret:ty;)*
        }
    ) => {
        impl AppState {
            $(
                $(#[doc = $rdoc])*
                pub fn $read(&self, $($rarg: $rty),*) -> Result<$rret> {
                    Ok(self.lock()?.$read($($rarg),*)?)
                }
            )*
            $(
                $(#[doc = $cdoc])*
                pub fn $change(&self, $($carg: $cty),*) -> Result<$cret> {
                    Ok(self.lock()?.$change($($carg,)* &self.who)?)
                }
            )*
        }
    };
}

forward! {
    reads {
        fn matrix(filter: &MatrixFilter) -> Vec<MatrixRow>;
        /// What the provider wrote in the imported row a matrix row points at.
        fn provider_row(source: &ProviderSource) -> ProviderRow;
        fn label_mappings() -> Vec<LabelMapping>;
        /// What removing a service would take with it.
        fn service_removal(service_id: i64) -> ServiceRemoval;
        /// Refuses what saving the attestation would refuse, naming the field, and writes
        /// nothing: its own checks and its dates against today and the bridge-letter window.
        fn check_attestation(details: &AttestationDetails) -> ();
        /// How many months past a SOC 2 period a bridge letter may cover.
        fn bridge_letter_months() -> u32;
        /// The recorded scoping profiles, one per framework answered.
        fn scoping_profiles() -> Vec<ScopingProfile>;
        /// The scoping profile of a framework, or `None` while it is not answered.
        fn scoping_profile(framework: Framework) -> Option<ScopingProfile>;
        /// What was decided in a version (by default the one an export states now).
        fn change_log(version: Option<&str>) -> ChangeLog;
        /// What taking a framework out of the engagement's scope would take with it.
        fn framework_removal(framework: Framework) -> FrameworkRemoval;
        /// The people items and tasks of the work plan may be given to.
        fn team() -> Vec<TeamMember>;
        /// Per framework in scope: controls reached by a provider row directly, through a
        /// crosswalk, by suggestion only, or not at all.
        fn crosswalk_coverage() -> Vec<FrameworkCoverage>;
        /// Every crosswalk the engagement can use, bundled and imported, and the cycles and
        /// contradictions between them.
        fn crosswalk_list() -> CrosswalkList;
    }
    changes {
        fn add_service(service: &NewService) -> Service;
        fn set_layer_owner(service_id: i64, layer: Layer, owner: Ownership, reason: &str) -> Service;
        fn reset_layer(service_id: i64, layer: Layer, reason: &str) -> Service;
        fn set_service_model(service_id: i64, model: ServiceModel, reason: &str) -> Service;
        fn rename_service(service_id: i64, name: &str) -> Service;
        /// Removes a service and everything recorded on it; returns what it took.
        fn remove_service(service_id: i64) -> ServiceRemoval;
        /// Renames a provider; its services, attestations and imported matrices follow.
        fn rename_provider(provider: &str, name: &str) -> ();
        /// Sets the owner of several matrix rows as one change: one transaction, one undo step.
        /// Returns how many rows changed owner.
        fn set_rows_owner(rows: &[RowKey], owner: Ownership, reason: &str) -> usize;
        fn set_customer_part(service_id: Option<i64>, framework: Framework, control: &str, text: &str) -> MatrixRow;
        fn set_na_justification(service_id: Option<i64>, framework: Framework, control: &str, text: &str) -> MatrixRow;
        /// The person accountable for a row.
        fn set_row_owner(service_id: Option<i64>, framework: Framework, control: &str, person: &str) -> MatrixRow;
        fn add_evidence(service_id: Option<i64>, framework: Framework, control: &str, evidence: &NewEvidence) -> MatrixRow;
        fn update_attestation(id: i64, attestation: &NewAttestation) -> Attestation;
        fn delete_attestation(id: i64, reason: &str) -> ();
        fn set_vendor_review(review: &VendorReview) -> VendorReview;
        /// Maps CUEC `number` (1-based) of a SOC 2 report to the client's criteria.
        fn map_cuec(id: i64, number: usize, mapping: &CuecMapping) -> Attestation;
        /// Records that a SOC 2 report lists no CUECs.
        fn confirm_no_cuecs(id: i64) -> Attestation;
        fn add_exception(id: i64, description: &str) -> Attestation;
        /// Assesses exception `number` (1-based) of a SOC 2 report.
        fn assess_exception(id: i64, number: usize, assessment: &ExceptionAssessment) -> Attestation;
        fn add_csoc(csoc: &NewCsoc) -> Csoc;
        fn remove_csoc(id: i64, reason: &str) -> ();
        /// The region a service runs in; `None` clears it.
        fn set_service_region(service_id: i64, region: Option<&str>) -> Service;
        /// How far past a SOC 2 period a bridge letter may reach; `None` returns to 3 months.
        fn set_bridge_letter_months(months: Option<u32>) -> u32;
        /// Puts back what an older decision replaced, as a new change with its reason.
        fn revert_decision(id: i64, reason: &str) -> Stepped;
        /// Accepts the owner crosswalks suggest for a row: an override citing the trail.
        fn accept_crosswalk_suggestion(service_id: i64, framework: Framework, control: &str) -> MatrixRow;
        /// Moves a control between the entity and the system level, with a reason.
        fn set_control_scope(framework: Framework, control: &str, scope: Scope, reason: &str) -> ();
        /// Records a framework's scoping profile, logged and undoable; returns it as stored.
        fn set_scoping_profile(profile: &ScopingProfile) -> ScopingProfile;
        /// Accepts decisions, or returns them with a comment: one review each, logged.
        fn review_decisions(ids: &[i64], review: &NewReview) -> Vec<DecisionReview>;
        /// Starts the next document version (`to`, or the current one counted on).
        fn bump_version(to: Option<&str>, note: Option<&str>) -> DocumentVersion;
        fn set_client(client: &str) -> Engagement;
        fn set_scope(scope: &str) -> Engagement;
        fn set_audit_window(start: Option<NaiveDate>, end: Option<NaiveDate>) -> Engagement;
        fn set_locale(locale: &str) -> Engagement;
        fn set_people(preparer: Option<&Person>, reviewers: &[Person]) -> Engagement;
        fn set_service_provider(service_id: i64, provider: &str) -> Service;
        fn set_data_types(service_id: i64, data_types: &[DataType]) -> Service;
        fn set_sensitivity(service_id: i64, sensitivity: Sensitivity) -> Service;
        fn set_service_framework(service_id: i64, framework: Framework, in_scope: bool) -> Service;
        fn add_team_member(name: &str, role: &str) -> TeamMember;
        /// Renames a team member or changes their role; what they have follows them.
        fn edit_team_member(person_id: i64, name: &str, role: &str) -> TeamMember;
        /// Takes a person off the team; what they had is left unassigned.
        fn remove_team_member(person_id: i64) -> ();
        /// Gives an item, task group or task to a team member with a due date.
        fn assign(item_id: &str, owner: Option<&str>, due: Option<NaiveDate>) -> Assignment;
        /// Accepts the risk of an item until a date, with a reason and its approver.
        fn accept_risk(item_id: &str, acceptance: &NewRiskAcceptance) -> RiskAcceptance;
        fn withdraw_risk(item_id: &str, reason: &str) -> ();
    }
}

/// Data rows of each table the import wizard previews.
const PREVIEW_ROWS: usize = 10;

/// Rows of each sheet the wizard shows for mapping columns by hand.
const GRID_ROWS: u32 = 30;

const LAST_OPENED: &str = "last-opened";

impl AppState {
    /// Opens `requested`, else the file opened last, else the demo engagement in `data_dir`
    /// (written there on first start).
    pub fn start(data_dir: &Path, requested: Option<&Path>) -> Result<AppState> {
        std::fs::create_dir_all(data_dir).map_err(|e| io(data_dir, e))?;
        let last = std::fs::read_to_string(data_dir.join(LAST_OPENED))
            .ok()
            .map(|p| PathBuf::from(p.trim_end_matches(['\r', '\n'])))
            .filter(|p| p.exists());
        let demo = data_dir.join("demo.demarc");
        // A file asked for by name must open; the one remembered from last time may have
        // moved on (a newer Demarc wrote it, say), and then the demo opens instead.
        let remembered = match last {
            Some(path) if requested.is_none() => match EngagementFile::open_for_reading(&path) {
                Ok(file) => Some(file),
                Err(e) => {
                    eprintln!("demarc: {e}; opening the demo engagement instead");
                    None
                }
            },
            _ => None,
        };
        let file = match (requested, remembered) {
            (Some(path), _) => EngagementFile::open(path)?,
            (None, Some(file)) => file,
            (None, None) if demo.exists() => EngagementFile::open_for_reading(&demo)?,
            (None, None) => demarc_store::write_demo(&demo)?,
        };
        let opened_after = Mutex::new(file.last_decision_id()?);
        let who = std::env::var("DEMARC_USER")
            .or_else(|_| std::env::var("USER"))
            .unwrap_or_else(|_| "unknown".into());
        let state = AppState {
            file: Mutex::new(file),
            data_dir: data_dir.to_path_buf(),
            who,
            last_import: Mutex::new(None),
            granted: Mutex::new(HashSet::new()),
            exported: Mutex::new(Vec::new()),
            cancel_export: AtomicBool::new(false),
            open_request: Mutex::new(None),
            opened_after,
        };
        state.remember()?;
        Ok(state)
    }

    pub fn current(&self) -> Result<Opened> {
        let file = self.lock()?;
        Ok(Opened {
            path: file.path().display().to_string(),
            view: file.view()?,
        })
    }

    /// Lets commands act on `path`: the user chose it in a file dialog or dropped it.
    pub fn grant(&self, path: &Path) -> Result<()> {
        held(&self.granted)?.insert(path.to_path_buf());
        Ok(())
    }

    /// The system asks to open `path` (the user opened it from the file manager): it is
    /// granted as if chosen in a dialog, and kept until the window takes it.
    pub fn request_open(&self, path: &Path) -> Result<()> {
        self.grant(path)?;
        *held(&self.open_request)? = Some(path.to_path_buf());
        Ok(())
    }

    /// The file the system last asked to open, once; `None` when there is none.
    pub fn take_open_request(&self) -> Result<Option<String>> {
        Ok(held(&self.open_request)?
            .take()
            .map(|p| p.display().to_string()))
    }

    /// Refuses a path the user did not choose: the window never reaches files on its own.
    fn check_granted(&self, path: &Path) -> Result<()> {
        if held(&self.granted)?.contains(path) {
            Ok(())
        } else {
            Err(IpcError::new(
                ErrorCode::NotPermitted,
                format!(
                    "{} was not chosen in a file dialog; choose it there or drop it on the window",
                    path.display()
                ),
            ))
        }
    }

    pub fn open(&self, path: &Path) -> Result<Opened> {
        self.check_granted(path)?;
        self.replace(EngagementFile::open(path)?)
    }

    pub fn create(&self, path: &Path, client: &str) -> Result<Opened> {
        self.check_granted(path)?;
        self.replace(EngagementFile::create(path, &Engagement::new(client))?)
    }

    pub fn save_as(&self, path: &Path) -> Result<Opened> {
        self.check_granted(path)?;
        let copy = self.lock()?.save_as(path)?;
        // The copy holds the same log: what this window did stays its to undo.
        let opened_after = *held(&self.opened_after)?;
        let opened = self.replace(copy)?;
        *held(&self.opened_after)? = opened_after;
        Ok(opened)
    }

    /// Undoes this window's last change; says what it undid, or `None` when there is nothing
    /// to undo. Changes made before the window opened the file are never undone here.
    pub fn undo(&self) -> Result<Option<Stepped>> {
        let after = *held(&self.opened_after)?;
        Ok(self.lock()?.undo_after(after, &self.who)?)
    }

    /// Redoes this window's last undone change; `None` when there is nothing to redo.
    pub fn redo(&self) -> Result<Option<Stepped>> {
        let after = *held(&self.opened_after)?;
        Ok(self.lock()?.redo_after(after, &self.who)?)
    }

    /// Records that the user reviewed a row today.
    pub fn mark_reviewed(
        &self,
        service_id: Option<i64>,
        framework: Framework,
        control: &str,
    ) -> Result<MatrixRow> {
        let today = demarc_store::today();
        Ok(self
            .lock()?
            .set_reviewed(service_id, framework, control, &self.who, today)?)
    }

    pub fn decision_log(&self) -> Result<Vec<Decision>> {
        Ok(self.lock()?.decisions()?)
    }

    /// Copies the open engagement into its backups folder; returns the copy's path.
    pub fn backup_now(&self) -> Result<String> {
        let copy = self.lock()?.backup(demarc_store::KEEP_BACKUPS)?;
        Ok(copy.display().to_string())
    }

    /// What a provider matrix file holds and its first rows, before importing it, with the
    /// labels left to map and the meaning the engagement remembers for each; each sheet's
    /// first rows, for mapping columns by hand; and the saved mapping profiles that fit the
    /// file. A file no layout rule recognises is read with the first profile that fits, if any.
    pub fn inspect_file(&self, path: &Path) -> Result<Inspection> {
        self.check_granted(path)?;
        let limits = Limits::default();
        let json = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        let (sheets, offered) = if json {
            (Vec::new(), Vec::new())
        } else {
            (
                demarc_import::sheet_grids(path, &limits, GRID_ROWS)?,
                self.offered_profiles(path, &limits)?,
            )
        };
        let read = demarc_import::preview(path, &ReadOptions::default(), PREVIEW_ROWS);
        let (preview, unrecognised, profile) = match read {
            Ok(preview) => (preview, None, None),
            Err(e @ ImportError::NoHeader { .. }) => match offered.first() {
                Some(fit) => {
                    let options = ReadOptions {
                        profile: Some(fit.profile.clone()),
                        ..ReadOptions::default()
                    };
                    let preview = demarc_import::preview(path, &options, PREVIEW_ROWS)?;
                    let shown = demarc_import::name_columns_by_letter(path, &fit.profile, &limits)?;
                    (preview, Some(e.to_string()), Some(shown))
                }
                None => (Preview::nothing(path), Some(e.to_string()), None),
            },
            Err(e) => return Err(e.into()),
        };
        let labels = labels_to_map(&preview.report, &self.label_mappings()?);
        Ok(Inspection {
            preview,
            labels,
            unrecognised,
            sheets,
            offered,
            profile,
        })
    }

    /// The file read with the columns a person named: what the wizard shows as they choose.
    pub fn inspect_with_profile(
        &self,
        path: &Path,
        profile: &MappingProfile,
    ) -> Result<Inspection> {
        self.check_granted(path)?;
        profile.check()?;
        let mut inspection = self.inspect_file(path)?;
        let options = ReadOptions {
            profile: Some(profile.clone()),
            ..ReadOptions::default()
        };
        inspection.preview = demarc_import::preview(path, &options, PREVIEW_ROWS)?;
        inspection.labels = labels_to_map(&inspection.preview.report, &self.label_mappings()?);
        inspection.profile = Some(demarc_import::name_columns_by_letter(
            path,
            profile,
            &Limits::default(),
        )?);
        Ok(inspection)
    }

    /// The saved profiles (the engagement's, then the library's of other names) that fit the
    /// file, each as it applies to it.
    fn offered_profiles(&self, path: &Path, limits: &Limits) -> Result<Vec<OfferedProfile>> {
        let mut saved: Vec<(MappingProfile, ProfileSource)> = self
            .lock()?
            .mapping_profiles()?
            .into_iter()
            .map(|p| (p, ProfileSource::Engagement))
            .collect();
        for p in self.library().profiles() {
            let named = |q: &(MappingProfile, ProfileSource)| {
                q.0.name.as_deref().map(str::to_lowercase)
                    == p.name.as_deref().map(str::to_lowercase)
            };
            if !saved.iter().any(named) {
                saved.push((p, ProfileSource::Library));
            }
        }
        let profiles: Vec<MappingProfile> = saved.iter().map(|(p, _)| p.clone()).collect();
        Ok(demarc_import::fitting_profiles(path, &profiles, limits)?
            .into_iter()
            .map(|(at, profile)| OfferedProfile {
                profile,
                source: saved[at].1,
            })
            .collect())
    }

    /// The profile as it is kept: its columns named by title where the file's header allows,
    /// and the labels mapped with it among its values.
    fn kept_profile(
        &self,
        path: &Path,
        profile: &MappingProfile,
        label_mappings: &[(String, Ownership)],
    ) -> Result<MappingProfile> {
        let mut kept = demarc_import::name_columns_by_title(path, profile, &Limits::default())?;
        for (label, owner) in label_mappings {
            if *owner != Ownership::Undetermined {
                kept.values.insert(label.trim().to_string(), *owner);
            }
        }
        Ok(kept)
    }

    /// Writes the profile, as it would be kept, to `to` (chosen in the save dialog) as the JSON
    /// `demarc import --mapping` reads.
    pub fn export_mapping_profile(
        &self,
        path: &Path,
        profile: &MappingProfile,
        label_mappings: &[(String, Ownership)],
        to: &Path,
    ) -> Result<()> {
        self.check_granted(path)?;
        self.check_granted(to)?;
        profile.check()?;
        let kept = self.kept_profile(path, profile, label_mappings)?;
        crate::profiles::write_json(to, &kept).map_err(|e| io(to, e))
    }

    /// The user's profile library.
    pub fn library(&self) -> Library {
        Library::new(&self.data_dir)
    }

    /// Imports a provider matrix in one transaction; `sheet` limits it to one sheet. A named
    /// mapping profile it was read with is kept in the engagement and the user's library.
    pub fn import_file(
        &self,
        path: &Path,
        request: &MatrixImport,
        sheet: Option<String>,
    ) -> Result<ImportReport> {
        self.check_granted(path)?;
        let options = ReadOptions {
            sheet,
            profile: request.profile.clone(),
            ..ReadOptions::default()
        };
        let matrix = demarc_import::read_matrix(path, &options)?;
        let kept = match &request.profile {
            Some(p) if p.name.is_some() => {
                Some(self.kept_profile(path, p, &request.label_mappings)?)
            }
            _ => None,
        };
        let request = MatrixImport {
            profile: kept.clone().or(request.profile.clone()),
            ..request.clone()
        };
        let report = self.lock()?.import_matrix(matrix, &request, &self.who)?;
        if let Some(kept) = &kept {
            // The engagement has it already; the library is the user's convenience.
            if let Err(e) = self.library().save(kept) {
                eprintln!("demarc: {}", e.message);
            }
        }
        *held(&self.last_import)? = Some(report.clone());
        Ok(report)
    }

    pub fn last_import(&self) -> Result<Option<ImportReport>> {
        Ok(held(&self.last_import)?.clone())
    }

    /// Brings a framework into the engagement's scope, for every service.
    pub fn add_engagement_framework(&self, framework: Framework) -> Result<Opened> {
        self.lock()?
            .add_engagement_framework(framework, &self.who)?;
        self.current()
    }

    /// Takes a framework out of the engagement's scope; says what it took.
    pub fn remove_engagement_framework(&self, framework: Framework) -> Result<FrameworkRemoval> {
        Ok(self
            .lock()?
            .remove_engagement_framework(framework, &self.who)?)
    }

    /// Brings a framework into scope for the engagement and the service.
    pub fn add_framework(&self, service_id: i64, framework: Framework) -> Result<Opened> {
        self.lock()?
            .add_framework(service_id, framework, &self.who)?;
        self.current()
    }

    /// The vendor register: every provider of a service, an attestation or a review, by name.
    pub fn register(&self) -> Result<Vec<ProviderEntry>> {
        let file = self.lock()?;
        let services = file.services()?;
        let attestations = file.attestations()?;
        let reviews = file.vendor_reviews()?;
        let csocs = file.csocs()?;
        // Subservice organisations a report names are providers of the register too.
        let subservice: Vec<&str> = attestations
            .iter()
            .filter_map(|a| match &a.details {
                AttestationDetails::Soc2(r) => Some(r.subservice_organizations.iter()),
                _ => None,
            })
            .flatten()
            .map(|o| o.trim())
            .filter(|o| !o.is_empty())
            .collect();
        let mut names: Vec<&str> = services
            .iter()
            .map(|s| s.provider.as_str())
            .chain(attestations.iter().map(|a| a.provider.as_str()))
            .chain(reviews.iter().map(|r| r.provider.as_str()))
            .chain(subservice)
            .collect();
        names.sort_by_key(|n| n.to_lowercase());
        names.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
        // "Current" as the matrix relies on it: a SOC 2 report for the audit window.
        let on = file.reliance(demarc_store::today())?;
        Ok(names
            .into_iter()
            .map(|name| ProviderEntry {
                name: name.to_string(),
                services: services
                    .iter()
                    .filter(|s| s.provider.eq_ignore_ascii_case(name))
                    .map(|s| s.name.clone())
                    .collect(),
                attestations: attestations
                    .iter()
                    .filter(|a| a.provider.eq_ignore_ascii_case(name))
                    .cloned()
                    .collect(),
                current: attestations
                    .iter()
                    .filter(|a| a.provider.eq_ignore_ascii_case(name) && on.current(&a.details))
                    .map(|a| a.id)
                    .collect(),
                review: reviews
                    .iter()
                    .find(|r| r.provider.eq_ignore_ascii_case(name))
                    .cloned(),
                csocs: csocs
                    .iter()
                    .filter(|c| c.provider.eq_ignore_ascii_case(name))
                    .cloned()
                    .collect(),
                third_party_services: services
                    .iter()
                    .filter(|s| {
                        !s.provider.eq_ignore_ascii_case(name)
                            && subservice_of(name, &s.provider, &attestations)
                    })
                    .map(|s| s.name.clone())
                    .collect(),
            })
            .collect())
    }

    /// Records an attestation and says which gaps, open today before it, it closed.
    pub fn add_attestation(&self, attestation: &NewAttestation) -> Result<RecordedAttestation> {
        let mut file = self.lock()?;
        let today = demarc_store::today();
        let before = file.gaps(today)?;
        let attestation = file.add_attestation(attestation, &self.who)?;
        let after = file.gaps(today)?;
        Ok(RecordedAttestation {
            attestation,
            closed: closed_gaps(&before.gaps, &after.gaps),
        })
    }

    /// The open gaps on `today` (an ISO date), or on the user's local date when none is given.
    /// Where the documents stand today: version, draft or approved and why, change log.
    pub fn sign_off(&self) -> Result<SignOff> {
        Ok(self.lock()?.sign_off(demarc_store::today())?)
    }

    /// Approves the version an export states now, on `on` (an ISO date; today when `None`).
    pub fn approve(&self, approver: &str, role: &str, on: Option<&str>) -> Result<Approval> {
        let on = match on.map(str::trim).filter(|t| !t.is_empty()) {
            Some(text) => Some(text.parse().map_err(|e| {
                IpcError::invalid(
                    "on",
                    format!("{text:?} is not a date like 2027-01-31 ({e})"),
                )
            })?),
            None => None,
        };
        Ok(self.lock()?.approve(approver, role, on, &self.who)?)
    }

    pub fn gaps(&self, today: Option<&str>) -> Result<GapReport> {
        Ok(self.lock()?.gaps(day(today)?)?)
    }

    /// How many gaps are open on `today`, without the gaps themselves.
    pub fn gap_tally(&self, today: Option<&str>) -> Result<GapTally> {
        Ok(self.gaps(today)?.tally())
    }

    /// The work plan on `today` (by default the user's local date): management items and
    /// task groups, who has them and by when, the accepted risks.
    pub fn gap_plan(&self, today: Option<&str>) -> Result<Plan> {
        Ok(self.lock()?.gap_plan(day(today)?, None)?)
    }

    /// The open items and tasks at the end of each day the log records a change.
    pub fn burndown(&self, today: Option<&str>) -> Result<Progress> {
        Ok(self.lock()?.burndown(day(today)?)?)
    }

    /// Attaches one evidence reference to every row of the tasks and task groups `ids`, in
    /// one undo step; returns how many rows it reached.
    pub fn attach_evidence_to_tasks(
        &self,
        ids: &[String],
        evidence: &NewEvidence,
    ) -> Result<usize> {
        let mut file = self.lock()?;
        let rows = file.task_rows(ids)?;
        Ok(file.attach_evidence(&rows, evidence, &self.who)?)
    }

    /// Writes one customer's part on every row of the tasks and task groups `ids`, in one undo
    /// step; returns how many rows changed.
    pub fn set_tasks_customer_part(&self, ids: &[String], text: &str) -> Result<usize> {
        let mut file = self.lock()?;
        let rows = file.task_rows(ids)?;
        Ok(file.set_customer_parts(&rows, text, &self.who)?)
    }

    /// Writes the files `request` asks for into `folder`, a folder the user chose, named after
    /// the engagement file (`NAME.xlsx`, `NAME.pdf`, `NAME-LAYOUT.EXT`) and reported to
    /// `progress` as each one starts. The engagement is read once, never written; the open
    /// file stays usable while the files are written.
    pub fn export(
        &self,
        request: &ExportRequest,
        folder: &Path,
        progress: &mut dyn FnMut(ExportProgress),
    ) -> Result<ExportDone> {
        self.check_granted(folder)?;
        if !folder.is_dir() {
            return Err(IpcError::new(
                ErrorCode::NotFound,
                format!("{} is not a folder", folder.display()),
            ));
        }
        let (mut data, base) = {
            let file = self.lock()?;
            let name = file.path().file_name().unwrap_or("engagement".as_ref());
            let now = chrono::Utc::now().naive_utc();
            (
                demarc_export::ExportData::load(&file, now)?,
                folder.join(name),
            )
        };
        let plan = plan(request, &base)?.settle(request.existing.into())?;
        if request.frameworks.is_empty() && !data.view.engagement.frameworks.is_empty() {
            return Err(IpcError::invalid(
                "frameworks",
                "choose at least one framework to export",
            ));
        }
        if request.services.is_empty() && !data.view.services.is_empty() {
            return Err(IpcError::invalid(
                "services",
                "choose at least one service to export",
            ));
        }
        data.restrict(&request.frameworks, &request.services)?;

        let exported = || {
            self.exported
                .lock()
                .map_err(|_| IpcError::new(ErrorCode::Internal, "an earlier export failed midway"))
        };
        exported()?.clear();
        self.cancel_export.store(false, Ordering::SeqCst);
        let name = |path: &Path| {
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        let total = plan.files().len() as u32;
        let mut recorded = Ok(());
        let outcome = plan.run(&data, &self.cancel_export, &mut |step| match step {
            Step::Starting { done, file, .. } => progress(ExportProgress {
                done: done as u32,
                total,
                file: name(&file.path),
            }),
            Step::Written { file, .. } => match exported() {
                Ok(mut list) => list.push(file.path.clone()),
                Err(e) => recorded = Err(e),
            },
        })?;
        recorded?;
        if !outcome.cancelled {
            progress(ExportProgress {
                done: total,
                total,
                file: plan
                    .files()
                    .last()
                    .map(|f| name(&f.path))
                    .unwrap_or_default(),
            });
        }
        Ok(ExportDone {
            folder: folder.display().to_string(),
            files: outcome
                .written
                .iter()
                .map(|p| p.display().to_string())
                .collect(),
            cancelled: outcome.cancelled,
        })
    }

    /// The names of the files `request` would write into `folder` that are there already.
    pub fn export_existing(&self, request: &ExportRequest, folder: &Path) -> Result<Vec<String>> {
        self.check_granted(folder)?;
        let base = folder.join(
            self.lock()?
                .path()
                .file_name()
                .unwrap_or("engagement".as_ref()),
        );
        Ok(plan(request, &base)?
            .existing()
            .iter()
            .map(|p| {
                p.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            })
            .collect())
    }

    /// Stops the running export before its next file; the files already written stay.
    pub fn cancel_export(&self) {
        self.cancel_export.store(true, Ordering::SeqCst);
    }

    /// Refuses any path but a file the last export wrote.
    pub fn check_exported(&self, path: &Path) -> Result<()> {
        if held(&self.exported)?.iter().any(|p| p == path) {
            Ok(())
        } else {
            Err(IpcError::new(
                ErrorCode::NotPermitted,
                format!("{} was not written by the last export", path.display()),
            ))
        }
    }

    fn replace(&self, file: EngagementFile) -> Result<Opened> {
        let opened_after = file.last_decision_id()?;
        *self.lock()? = file;
        *held(&self.opened_after)? = opened_after;
        self.remember()?;
        self.current()
    }

    /// Records the open file so that the next start reopens it.
    fn remember(&self) -> Result<()> {
        let path = self.lock()?.path().to_path_buf();
        // Canonical, without the verbatim prefix Windows gives canonical paths.
        let path = std::fs::canonicalize(&path).map_or(path, |p| crate::plain_path(&p));
        let target = self.data_dir.join(LAST_OPENED);
        std::fs::write(&target, path.display().to_string()).map_err(|e| io(&target, e))
    }

    /// Folds the write-ahead log into the engagement file before the app exits, and holds the
    /// file until the process ends so that no change starts after it.
    pub fn hold_for_exit(&self) -> MutexGuard<'_, EngagementFile> {
        let file = self
            .file
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        file.fold_log();
        file
    }

    fn lock(&self) -> Result<MutexGuard<'_, EngagementFile>> {
        held(&self.file)
    }
}

/// The day `today` names (an ISO date), or the user's local date.
fn day(today: Option<&str>) -> Result<NaiveDate> {
    match today {
        Some(text) => text.trim().parse().map_err(|e| {
            IpcError::invalid(
                "today",
                format!("{text:?} is not a date like 2027-01-31 ({e})"),
            )
        }),
        None => Ok(demarc_store::today()),
    }
}

/// The value behind `mutex`; refused when a command panicked while holding it.
fn held<T>(mutex: &Mutex<T>) -> Result<MutexGuard<'_, T>> {
    mutex
        .lock()
        .map_err(|_| IpcError::new(ErrorCode::Internal, "an earlier command failed midway"))
}

fn io(path: &Path, e: std::io::Error) -> IpcError {
    IpcError::new(ErrorCode::Io, format!("{}: {e}", path.display()))
}
