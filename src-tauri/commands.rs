//! The commands the UI invokes, each declared once: its name, its arguments, what it returns
//! and the call it makes. From that one declaration come the `#[tauri::command]` function, the
//! handler list given to Tauri and, when the tests run, the typed TypeScript function in
//! `ui/src/lib/gen/commands.ts`: a command cannot be registered, called or typed apart from the
//! others.

use chrono::NaiveDate;
use demarc_core::crosswalk::FrameworkCoverage;
use demarc_core::imported::MappingProfile;
use demarc_core::plan::{
    Assignment, NewRiskAcceptance, Plan, Progress, RiskAcceptance, TeamMember,
};
use demarc_core::{
    Approval, Attestation, AttestationDetails, ChangeLog, Csoc, CuecMapping, DataType, Decision,
    DecisionReview, DocumentVersion, Engagement, ExceptionAssessment, Framework, FrameworkRemoval,
    GapReport, GapTally, Layer, MatrixFilter, MatrixRow, NewAttestation, NewCsoc, NewEvidence,
    NewReview, NewService, Ownership, Person, ProviderRow, ProviderSource, RowKey, Scope,
    ScopingProfile, Sensitivity, Service, ServiceModel, ServiceRemoval, SignOff, VendorReview,
};
use demarc_store::{CrosswalkList, ImportReport, LabelMapping, MatrixImport, Stepped};
use tauri::{Emitter, Manager, Window};

use crate::dialogs::{self, Pick};
use crate::{
    About, AppState, ErrorCode, ExportDone, ExportLayout, ExportRequest, Inspection, IpcError,
    Opened, ProviderEntry, RecordedAttestation,
};

type Result<T> = std::result::Result<T, IpcError>;

/// Declares the commands. Those at the top run on the main thread with the state as `|state|`;
/// those in `async { }` run off it with the window as `|window|`. Each returns `Result<T, IpcError>`
/// for the `T` written after the arrow.
macro_rules! commands {
    (
        $(
            $(#[doc = $doc:literal])*
            fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty = |$state:ident| $body:expr;
        )*
        async {
            $(
                $(#[doc = $adoc:literal])*
                fn $aname:ident($($aarg:ident: $aty:ty),* $(,)?) -> $aret:ty = |$window:ident| $abody:expr;
            )*
        }
    ) => {
        $(
            $(#[doc = $doc])*
            #[tauri::command]
            pub fn $name(state: tauri::State<'_, AppState>, $($arg: $ty),*) -> Result<$ret> {
                let $state: &AppState = &state;
                crate::trace::command(stringify!($name), || $body)
            }
        )*
        $(
            $(#[doc = $adoc])*
            #[tauri::command]
            pub async fn $aname(window: Window, $($aarg: $aty),*) -> Result<$aret> {
                let $window = window;
                crate::trace::awaited(stringify!($aname), async { $abody }).await
            }
        )*

        /// Routes the UI's calls to the commands above.
        pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name,)* $($aname,)*]
        }

        /// Every command as the TypeScript side sees it.
        #[cfg(test)]
        pub(crate) fn declared() -> Vec<crate::bindings::Command> {
            use crate::bindings::{Command, TsType};
            vec![
                $(Command {
                    name: stringify!($name),
                    doc: vec![$($doc),*],
                    args: vec![$((stringify!($arg), TsType::of::<$ty>())),*],
                    returns: TsType::of::<$ret>(),
                },)*
                $(Command {
                    name: stringify!($aname),
                    doc: vec![$($adoc),*],
                    args: vec![$((stringify!($aarg), TsType::of::<$aty>())),*],
                    returns: TsType::of::<$aret>(),
                },)*
            ]
        }
    };
}

commands! {
    /// The engagement open in the window.
    fn current() -> Opened = |state| state.current();
    /// Opens an engagement file chosen with `choose("engagement")`.
    fn open_engagement(path: String) -> Opened = |state| state.open(path.as_ref());
    fn new_engagement(path: String, client: String) -> Opened =
        |state| state.create(path.as_ref(), &client);
    fn save_engagement_as(path: String) -> Opened = |state| state.save_as(path.as_ref());
    fn add_service(service: NewService) -> Service = |state| state.add_service(&service);
    fn set_layer_owner(service_id: i64, layer: Layer, owner: Ownership, reason: String) -> Service =
        |state| state.set_layer_owner(service_id, layer, owner, &reason);
    fn reset_layer(service_id: i64, layer: Layer, reason: String) -> Service =
        |state| state.reset_layer(service_id, layer, &reason);
    fn set_service_model(service_id: i64, model: ServiceModel, reason: String) -> Service =
        |state| state.set_service_model(service_id, model, &reason);
    fn rename_service(service_id: i64, name: String) -> Service =
        |state| state.rename_service(service_id, &name);
    /// What removing a service would take with it: overrides, control decisions, evidence,
    /// attestation coverage and provider-matrix links.
    fn service_removal(service_id: i64) -> ServiceRemoval = |state| state.service_removal(service_id);
    /// Removes a service in one transaction; returns what it took.
    fn remove_service(service_id: i64) -> ServiceRemoval = |state| state.remove_service(service_id);
    /// Renames a provider; its services, attestations and imported matrices follow.
    fn rename_provider(provider: String, name: String) -> () =
        |state| state.rename_provider(&provider, &name);
    fn decision_log() -> Vec<Decision> = |state| state.decision_log();
    /// Copies the engagement into its backups folder; returns the copy's path.
    fn backup_now() -> String = |state| state.backup_now();
    /// Undoes this window's last change; says what it undid, or null when there was nothing
    /// to undo.
    fn undo() -> Option<Stepped> = |state| state.undo();
    /// Redoes this window's last undone change; null when there is nothing to redo.
    fn redo() -> Option<Stepped> = |state| state.redo();
    /// Puts back what decision `id` replaced, as a new change with its reason; says what.
    fn revert_decision(id: i64, reason: String) -> Stepped =
        |state| state.revert_decision(id, &reason);
    /// Accepts the decisions `ids`, or returns them with a comment: one review each.
    fn review_decisions(ids: Vec<i64>, review: NewReview) -> Vec<DecisionReview> =
        |state| state.review_decisions(&ids, &review);
    /// Where the documents stand: the version an export states, draft or approved and why,
    /// the counts that hold an approval back, the change log, versions and approvals.
    fn sign_off() -> SignOff = |state| state.sign_off();
    /// What was decided in `version` (null: the version an export states now).
    fn change_log(version: Option<String>) -> ChangeLog =
        |state| state.change_log(version.as_deref());
    /// Starts the next document version: `to`, or the current one counted on.
    fn bump_version(to: Option<String>, note: Option<String>) -> DocumentVersion =
        |state| state.bump_version(to.as_deref(), note.as_deref());
    /// Approves the version an export states now, on `on` (ISO date, null for today). Refused
    /// (field `approval`) while rows are undetermined or decisions unreviewed or returned.
    fn approve(approver: String, role: String, on: Option<String>) -> Approval =
        |state| state.approve(&approver, &role, on.as_deref());
    /// Sets the owner of several rows as one change (one undo step); returns how many changed.
    fn set_rows_owner(rows: Vec<RowKey>, owner: Ownership, reason: String) -> usize =
        |state| state.set_rows_owner(&rows, owner, &reason);
    fn set_customer_part(service_id: Option<i64>, framework: Framework, control: String, text: String) -> MatrixRow =
        |state| state.set_customer_part(service_id, framework, &control, &text);
    fn set_na_justification(service_id: Option<i64>, framework: Framework, control: String, text: String) -> MatrixRow =
        |state| state.set_na_justification(service_id, framework, &control, &text);
    /// The person accountable for a row; empty clears it.
    fn set_row_owner(service_id: Option<i64>, framework: Framework, control: String, person: String) -> MatrixRow =
        |state| state.set_row_owner(service_id, framework, &control, &person);
    /// Records that the user reviewed a row today.
    fn mark_reviewed(service_id: Option<i64>, framework: Framework, control: String) -> MatrixRow =
        |state| state.mark_reviewed(service_id, framework, &control);
    /// Moves a control between the entity level (one row for the engagement, the client's own)
    /// and the system level (one row per service), with a reason.
    fn set_control_scope(framework: Framework, control: String, scope: Scope, reason: String) -> () =
        |state| state.set_control_scope(framework, &control, scope, &reason);
    /// Accepts the owner crosswalks suggest for one row of a service (its `crosswalk.suggested`):
    /// it becomes the row's override, the reason citing the first suggestion's trail; undoable.
    /// Refused (field `control`) when nothing is suggested or a person set the owner.
    fn accept_crosswalk_suggestion(service_id: i64, framework: Framework, control: String) -> MatrixRow =
        |state| state.accept_crosswalk_suggestion(service_id, framework, &control);
    /// Per framework in scope: how many controls provider rows reach directly, through a
    /// crosswalk, by suggestion only, or not at all (entity-level controls apart).
    fn crosswalk_coverage() -> Vec<FrameworkCoverage> = |state| state.crosswalk_coverage();
    /// Every crosswalk the engagement can use, with its source and licence, and the problems
    /// between them.
    fn crosswalk_list() -> CrosswalkList = |state| state.crosswalk_list();
    /// What the provider wrote in the imported row a matrix row came from.
    fn provider_row(source: ProviderSource) -> ProviderRow = |state| state.provider_row(&source);
    fn add_evidence(service_id: Option<i64>, framework: Framework, control: String, evidence: NewEvidence) -> MatrixRow =
        |state| state.add_evidence(service_id, framework, &control, &evidence);
    /// Every provider with its services, attestations and vendor review.
    fn register() -> Vec<ProviderEntry> = |state| state.register();
    /// Refuses what saving the details would refuse (their dates against today and the
    /// bridge-letter window too), naming the field; saves nothing.
    fn check_attestation(details: AttestationDetails) -> () =
        |state| state.check_attestation(&details);
    /// Records an attestation; says which gaps it closed.
    fn add_attestation(attestation: NewAttestation) -> RecordedAttestation =
        |state| state.add_attestation(&attestation);
    fn update_attestation(id: i64, attestation: NewAttestation) -> Attestation =
        |state| state.update_attestation(id, &attestation);
    fn delete_attestation(id: i64, reason: String) -> () =
        |state| state.delete_attestation(id, &reason);
    fn set_vendor_review(review: VendorReview) -> VendorReview =
        |state| state.set_vendor_review(&review);
    /// Maps CUEC `number` (1 for the first) of SOC 2 report `id` to the client's criteria,
    /// with its owner and evidence.
    fn map_cuec(id: i64, number: usize, mapping: CuecMapping) -> Attestation =
        |state| state.map_cuec(id, number, &mapping);
    /// Records that SOC 2 report `id` lists no CUECs.
    fn confirm_no_cuecs(id: i64) -> Attestation = |state| state.confirm_no_cuecs(id);
    /// Records an exception SOC 2 report `id` notes.
    fn add_exception(id: i64, description: String) -> Attestation =
        |state| state.add_exception(id, &description);
    /// Assesses exception `number` (1 for the first) of SOC 2 report `id`.
    fn assess_exception(id: i64, number: usize, assessment: ExceptionAssessment) -> Attestation =
        |state| state.assess_exception(id, number, &assessment);
    /// Lists a control the client's own report expects of a provider.
    fn add_csoc(csoc: NewCsoc) -> Csoc = |state| state.add_csoc(&csoc);
    fn remove_csoc(id: i64, reason: String) -> () = |state| state.remove_csoc(id, &reason);
    /// The region a service runs in; null clears it.
    fn set_service_region(service_id: i64, region: Option<String>) -> Service =
        |state| state.set_service_region(service_id, region.as_deref());
    /// How many months past a SOC 2 period a bridge letter may cover.
    fn bridge_letter_months() -> u32 = |state| state.bridge_letter_months();
    /// Sets it (1 to 12); null returns to 3 months.
    fn set_bridge_letter_months(months: Option<u32>) -> u32 =
        |state| state.set_bridge_letter_months(months);
    /// The people items and tasks may be given to.
    fn team() -> Vec<TeamMember> = |state| state.team();
    fn add_team_member(name: String, role: String) -> TeamMember =
        |state| state.add_team_member(&name, &role);
    fn edit_team_member(person_id: i64, name: String, role: String) -> TeamMember =
        |state| state.edit_team_member(person_id, &name, &role);
    fn remove_team_member(person_id: i64) -> () = |state| state.remove_team_member(person_id);
    /// Gives an item, task group or task to a team member (null: nobody) with a due date
    /// (null: the computed one).
    fn assign(item_id: String, owner: Option<String>, due: Option<NaiveDate>) -> Assignment =
        |state| state.assign(&item_id, owner.as_deref(), due);
    /// Accepts the risk of an item until a date: its gaps are not open until then.
    fn accept_risk(item_id: String, acceptance: NewRiskAcceptance) -> RiskAcceptance =
        |state| state.accept_risk(&item_id, &acceptance);
    fn withdraw_risk(item_id: String, reason: String) -> () =
        |state| state.withdraw_risk(&item_id, &reason);
    /// Attaches one evidence reference to every row of the tasks and task groups named, as one
    /// undo step; returns how many rows it reached.
    fn attach_evidence_to_tasks(ids: Vec<String>, evidence: NewEvidence) -> usize =
        |state| state.attach_evidence_to_tasks(&ids, &evidence);
    /// Writes one customer's part on every row of the tasks and task groups named, as one undo
    /// step; returns how many rows changed.
    fn set_tasks_customer_part(ids: Vec<String>, text: String) -> usize =
        |state| state.set_tasks_customer_part(&ids, &text);
    /// What a provider matrix file holds: layout, tables, labels, warnings and each table's first
    /// rows, and each label left to map with the meaning the engagement remembers for it.
    fn inspect_file(path: String) -> Inspection = |state| state.inspect_file(path.as_ref());
    /// The file read with the columns a person named in the wizard (refused, naming the field,
    /// when the profile contradicts itself or names what the file does not have).
    fn inspect_with_profile(path: String, profile: MappingProfile) -> Inspection =
        |state| state.inspect_with_profile(path.as_ref(), &profile);
    /// Imports a provider matrix in one transaction; `sheet` null reads every table of the file;
    /// `profile` names its columns, and when it has a name it is kept in the engagement and the
    /// user's library.
    fn import_file(
        path: String,
        provider: String,
        services: Vec<String>,
        sheet: Option<String>,
        label_mappings: Vec<(String, Ownership)>,
        profile: Option<MappingProfile>,
    ) -> ImportReport = |state| {
        let request = MatrixImport {
            provider,
            services,
            label_mappings,
            profile,
        };
        state.import_file(path.as_ref(), &request, sheet)
    };
    /// Writes the mapping profile made for the file at `path` to `to` (chosen with
    /// `choose("mapping_profile")`) as the JSON `demarc import --mapping` reads.
    fn export_mapping_profile(
        path: String,
        profile: MappingProfile,
        label_mappings: Vec<(String, Ownership)>,
        to: String,
    ) -> () = |state| {
        state.export_mapping_profile(path.as_ref(), &profile, &label_mappings, to.as_ref())
    };
    /// The report of the last import since the app started, if any.
    fn last_import() -> Option<ImportReport> = |state| state.last_import();
    fn label_mappings() -> Vec<LabelMapping> = |state| state.label_mappings();
    /// Brings a framework into scope for the engagement and the service.
    fn add_framework(service_id: i64, framework: Framework) -> Opened =
        |state| state.add_framework(service_id, framework);
    /// The recorded scoping profiles, one per framework answered.
    fn scoping_profiles() -> Vec<ScopingProfile> = |state| state.scoping_profiles();
    /// The scoping profile of a framework; null while it is not answered.
    fn scoping_profile(framework: Framework) -> Option<ScopingProfile> =
        |state| state.scoping_profile(framework);
    /// Records a framework's scoping profile (logged, undoable); returns it as stored, or
    /// refuses contradicting answers naming the field.
    fn set_scoping_profile(profile: ScopingProfile) -> ScopingProfile =
        |state| state.set_scoping_profile(&profile);
    /// Names the client; the engagement's name follows while it is the default one.
    fn set_client(client: String) -> Engagement = |state| state.set_client(&client);
    /// Sets the scope statement the exports print.
    fn set_scope(scope: String) -> Engagement = |state| state.set_scope(&scope);
    /// Sets the audit window (ISO dates; either end may stay open); refused, on `audit_end`,
    /// when it ends before it starts.
    fn set_audit_window(start: Option<NaiveDate>, end: Option<NaiveDate>) -> Engagement =
        |state| state.set_audit_window(start, end);
    /// Sets the locale whose date style the app shows (`en-GB`); empty for the system's.
    fn set_locale(locale: String) -> Engagement = |state| state.set_locale(&locale);
    /// Replaces the people: the preparer, if any, and the reviewers in order.
    fn set_people(preparer: Option<Person>, reviewers: Vec<Person>) -> Engagement =
        |state| state.set_people(preparer.as_ref(), &reviewers);
    /// Brings a framework into the engagement's scope, for every service.
    fn add_engagement_framework(framework: Framework) -> Opened =
        |state| state.add_engagement_framework(framework);
    /// What taking a framework out of the engagement's scope would take with it.
    fn framework_removal(framework: Framework) -> FrameworkRemoval =
        |state| state.framework_removal(framework);
    /// Takes a framework out of the engagement's scope; says what it took.
    fn remove_engagement_framework(framework: Framework) -> FrameworkRemoval =
        |state| state.remove_engagement_framework(framework);
    /// Moves a service to another provider (added when new).
    fn set_service_provider(service_id: i64, provider: String) -> Service =
        |state| state.set_service_provider(service_id, &provider);
    /// Sets the kinds of data a service handles.
    fn set_data_types(service_id: i64, data_types: Vec<DataType>) -> Service =
        |state| state.set_data_types(service_id, &data_types);
    fn set_sensitivity(service_id: i64, sensitivity: Sensitivity) -> Service =
        |state| state.set_sensitivity(service_id, sensitivity);
    /// Puts a service in or out of scope for a framework the engagement has in scope.
    fn set_service_framework(service_id: i64, framework: Framework, in_scope: bool) -> Service =
        |state| state.set_service_framework(service_id, framework, in_scope);
    /// The companion layouts an export can write, with plain labels.
    fn export_layouts() -> Vec<ExportLayout> = |_state| Ok(crate::export_layouts());
    /// The names of the files an export would write into `folder` that are there already.
    fn export_existing(request: ExportRequest, folder: String) -> Vec<String> =
        |state| state.export_existing(&request, folder.as_ref());
    /// Stops the running export before its next file; the files already written stay.
    fn cancel_export() -> () = |state| {
        state.cancel_export();
        Ok(())
    };
    /// Shows a file the last export wrote in the system's file manager.
    fn show_in_folder(path: String) -> () = |state| reveal(state, path.as_ref());
    /// The file the system asked the running app to open (a double-click in macOS's Finder),
    /// once, granted; null when there is none.
    fn take_open_request() -> Option<String> = |state| state.take_open_request();
    /// The version, build date, licence and bundled sources of this build.
    fn about() -> About = |_state| Ok(crate::about::about());
    /// The licences of the third-party crates and npm packages built into the app; empty when
    /// the build was not packaged.
    fn third_party_notices() -> String = |_state| Ok(crate::about::third_party_notices());

    async {
        /// Shows a native file dialog; the path it returns is one the commands will act on.
        /// `name` suggests a file name for a new file.
        fn choose(pick: Pick, name: Option<String>) -> Option<String> =
            |window| dialogs::choose(window.app_handle(), &window.state::<AppState>(), pick, name);
        /// Writes the chosen files into `folder`, a folder chosen with `choose("export_folder")`.
        fn export_files(request: ExportRequest, folder: String) -> ExportDone =
            |window| export_files_off_main(window, request, folder).await;
        /// The control matrix's rows. Off the main thread, as the gaps: on a large engagement
        /// they take a while to compute, and the window keeps answering meanwhile.
        fn matrix(filter: MatrixFilter) -> Vec<MatrixRow> =
            |window| window.state::<AppState>().matrix(&filter);
        /// The open gaps on `today` (an ISO date), by default the user's local date.
        fn gaps(today: Option<String>) -> GapReport =
            |window| window.state::<AppState>().gaps(today.as_deref());
        /// How many gaps are open on `today`: the top bar's count, read after every change
        /// without sending the gaps themselves.
        fn gap_tally(today: Option<String>) -> GapTally =
            |window| window.state::<AppState>().gap_tally(today.as_deref());
        /// The work plan on `today`: management items and task groups with their members, who
        /// has them and by when, and the risks accepted. Off the main thread, as the gaps.
        fn gap_plan(today: Option<String>) -> Plan =
            |window| window.state::<AppState>().gap_plan(today.as_deref());
        /// The open management items and tasks at the end of each day the log changed
        /// something; replayed from the log, off the main thread.
        fn burndown(today: Option<String>) -> Progress =
            |window| window.state::<AppState>().burndown(today.as_deref());
    }
}

/// Writes the export off the main thread, so the window stays responsive, and sends an
/// `export-progress` event to the window as each file starts.
async fn export_files_off_main(
    window: Window,
    request: ExportRequest,
    folder: String,
) -> Result<ExportDone> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = window.state::<AppState>();
        state.export(&request, folder.as_ref(), &mut |progress| {
            if let Err(e) = window.emit_to(window.label(), "export-progress", progress) {
                eprintln!("demarc: {e}");
            }
        })
    })
    .await
    .map_err(|e| IpcError::new(ErrorCode::Internal, format!("the export stopped: {e}")))?
}

fn reveal(state: &AppState, path: &std::path::Path) -> Result<()> {
    state.check_exported(path)?;
    tauri_plugin_opener::reveal_item_in_dir(path).map_err(|e| {
        // The system's reason (often a D-Bus message) goes to the log, the place to the user.
        eprintln!("demarc: show in folder: {e}");
        IpcError::new(
            ErrorCode::Io,
            format!(
                "The file is saved at {}; no file manager could be opened to show it.",
                path.display()
            ),
        )
    })
}
