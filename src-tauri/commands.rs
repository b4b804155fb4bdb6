//! The commands the UI invokes, each declared once: its name, its arguments, what it returns
//! and the call it makes. From that one declaration come the `#[tauri::command]` function, the
//! handler list given to Tauri and, when the tests run, the typed TypeScript function in
//! `ui/src/lib/gen/commands.ts`: a command cannot be registered, called or typed apart from the
//! others.

use demarc_core::{
    Attestation, AttestationDetails, Decision, Framework, GapReport, Layer, MatrixFilter,
    MatrixRow, NewAttestation, NewEvidence, NewService, Ownership, ProviderRow, ProviderSource,
    RowKey, ScopingProfile, Service, ServiceModel, ServiceRemoval, VendorReview,
};
use demarc_store::{ImportReport, LabelMapping, MatrixImport, Stepped};
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
                $body
            }
        )*
        $(
            $(#[doc = $adoc])*
            #[tauri::command]
            pub async fn $aname(window: Window, $($aarg: $aty),*) -> Result<$aret> {
                let $window = window;
                $abody
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
    /// Sets the owner of several rows as one change (one undo step); returns how many changed.
    fn set_rows_owner(rows: Vec<RowKey>, owner: Ownership, reason: String) -> usize =
        |state| state.set_rows_owner(&rows, owner, &reason);
    fn set_customer_part(service_id: i64, framework: Framework, control: String, text: String) -> MatrixRow =
        |state| state.set_customer_part(service_id, framework, &control, &text);
    fn set_na_justification(service_id: i64, framework: Framework, control: String, text: String) -> MatrixRow =
        |state| state.set_na_justification(service_id, framework, &control, &text);
    /// The person accountable for a row; empty clears it.
    fn set_row_owner(service_id: i64, framework: Framework, control: String, person: String) -> MatrixRow =
        |state| state.set_row_owner(service_id, framework, &control, &person);
    /// Records that the user reviewed a row today.
    fn mark_reviewed(service_id: i64, framework: Framework, control: String) -> MatrixRow =
        |state| state.mark_reviewed(service_id, framework, &control);
    /// What the provider wrote in the imported row a matrix row came from.
    fn provider_row(source: ProviderSource) -> ProviderRow = |state| state.provider_row(&source);
    fn add_evidence(service_id: i64, framework: Framework, control: String, evidence: NewEvidence) -> MatrixRow =
        |state| state.add_evidence(service_id, framework, &control, &evidence);
    /// Every provider with its services, attestations and vendor review.
    fn register() -> Vec<ProviderEntry> = |state| state.register();
    /// Refuses what saving the details would refuse, naming the field; saves nothing.
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
    /// What a provider matrix file holds: layout, tables, labels, warnings and each table's first
    /// rows, and each label left to map with the meaning the engagement remembers for it.
    fn inspect_file(path: String) -> Inspection = |state| state.inspect_file(path.as_ref());
    /// Imports a provider matrix in one transaction; `sheet` null reads every table of the file.
    fn import_file(
        path: String,
        provider: String,
        services: Vec<String>,
        sheet: Option<String>,
        label_mappings: Vec<(String, Ownership)>,
    ) -> ImportReport = |state| {
        let request = MatrixImport {
            provider,
            services,
            label_mappings,
        };
        state.import_file(path.as_ref(), &request, sheet)
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
