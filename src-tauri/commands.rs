//! The commands the UI invokes. Each one delegates to [`AppState`].

use demarc_core::{
    Attestation, Decision, Framework, GapReport, Layer, MatrixFilter, MatrixRow, NewAttestation,
    NewEvidence, NewService, Ownership, ProviderRow, ProviderSource, RowKey, Service, ServiceModel,
    VendorReview,
};
use demarc_import::Preview;
use demarc_store::{ImportReport, LabelMapping, MatrixImport};
use tauri::{AppHandle, Emitter, Manager, State, Window};

use crate::{
    AppState, ErrorCode, ExportDone, ExportLayout, ExportRequest, IpcError, Opened, ProviderEntry,
};

type Result<T> = std::result::Result<T, IpcError>;

#[tauri::command]
pub fn current(state: State<AppState>) -> Result<Opened> {
    state.current()
}

#[tauri::command]
pub fn open_engagement(state: State<AppState>, path: String) -> Result<Opened> {
    state.open(path.as_ref())
}

#[tauri::command]
pub fn new_engagement(state: State<AppState>, path: String, client: String) -> Result<Opened> {
    state.create(path.as_ref(), &client)
}

#[tauri::command]
pub fn save_engagement_as(state: State<AppState>, path: String) -> Result<Opened> {
    state.save_as(path.as_ref())
}

#[tauri::command]
pub fn add_service(state: State<AppState>, service: NewService) -> Result<Service> {
    state.add_service(&service)
}

#[tauri::command]
pub fn set_layer_owner(
    state: State<AppState>,
    service_id: i64,
    layer: Layer,
    owner: Ownership,
    reason: String,
) -> Result<Service> {
    state.set_layer_owner(service_id, layer, owner, &reason)
}

#[tauri::command]
pub fn reset_layer(
    state: State<AppState>,
    service_id: i64,
    layer: Layer,
    reason: String,
) -> Result<Service> {
    state.reset_layer(service_id, layer, &reason)
}

#[tauri::command]
pub fn set_service_model(
    state: State<AppState>,
    service_id: i64,
    model: ServiceModel,
    reason: String,
) -> Result<Service> {
    state.set_service_model(service_id, model, &reason)
}

#[tauri::command]
pub fn decision_log(state: State<AppState>) -> Result<Vec<Decision>> {
    state.decision_log()
}

#[tauri::command]
pub fn backup_now(state: State<AppState>) -> Result<String> {
    state.backup_now()
}

#[tauri::command]
pub fn undo(state: State<AppState>) -> Result<Option<String>> {
    state.undo()
}

#[tauri::command]
pub fn redo(state: State<AppState>) -> Result<Option<String>> {
    state.redo()
}

#[tauri::command]
pub fn matrix(state: State<AppState>, filter: MatrixFilter) -> Result<Vec<MatrixRow>> {
    state.matrix(&filter)
}

#[tauri::command]
pub fn set_rows_owner(
    state: State<AppState>,
    rows: Vec<RowKey>,
    owner: Ownership,
    reason: String,
) -> Result<usize> {
    state.set_rows_owner(&rows, owner, &reason)
}

#[tauri::command]
pub fn set_customer_part(
    state: State<AppState>,
    service_id: i64,
    framework: Framework,
    control: String,
    text: String,
) -> Result<MatrixRow> {
    state.set_customer_part(service_id, framework, &control, &text)
}

#[tauri::command]
pub fn set_na_justification(
    state: State<AppState>,
    service_id: i64,
    framework: Framework,
    control: String,
    text: String,
) -> Result<MatrixRow> {
    state.set_na_justification(service_id, framework, &control, &text)
}

#[tauri::command]
pub fn set_row_owner(
    state: State<AppState>,
    service_id: i64,
    framework: Framework,
    control: String,
    person: String,
) -> Result<MatrixRow> {
    state.set_row_owner(service_id, framework, &control, &person)
}

#[tauri::command]
pub fn provider_row(state: State<AppState>, source: ProviderSource) -> Result<ProviderRow> {
    state.provider_row(&source)
}

#[tauri::command]
pub fn mark_reviewed(
    state: State<AppState>,
    service_id: i64,
    framework: Framework,
    control: String,
) -> Result<MatrixRow> {
    state.mark_reviewed(service_id, framework, &control)
}

#[tauri::command]
pub fn add_evidence(
    state: State<AppState>,
    service_id: i64,
    framework: Framework,
    control: String,
    evidence: NewEvidence,
) -> Result<MatrixRow> {
    state.add_evidence(service_id, framework, &control, &evidence)
}

#[tauri::command]
pub fn register(state: State<AppState>) -> Result<Vec<ProviderEntry>> {
    state.register()
}

#[tauri::command]
pub fn add_attestation(state: State<AppState>, attestation: NewAttestation) -> Result<Attestation> {
    state.add_attestation(&attestation)
}

#[tauri::command]
pub fn update_attestation(
    state: State<AppState>,
    id: i64,
    attestation: NewAttestation,
) -> Result<Attestation> {
    state.update_attestation(id, &attestation)
}

#[tauri::command]
pub fn delete_attestation(state: State<AppState>, id: i64, reason: String) -> Result<()> {
    state.delete_attestation(id, &reason)
}

#[tauri::command]
pub fn set_vendor_review(state: State<AppState>, review: VendorReview) -> Result<VendorReview> {
    state.set_vendor_review(&review)
}

#[tauri::command]
pub fn gaps(state: State<AppState>, today: Option<String>) -> Result<GapReport> {
    state.gaps(today.as_deref())
}

#[tauri::command]
pub fn inspect_file(state: State<AppState>, path: String) -> Result<Preview> {
    state.inspect_file(path.as_ref())
}

#[tauri::command]
pub fn import_file(
    state: State<AppState>,
    path: String,
    provider: String,
    services: Vec<String>,
    sheet: Option<String>,
    label_mappings: Vec<(String, Ownership)>,
) -> Result<ImportReport> {
    let request = MatrixImport {
        provider,
        services,
        label_mappings,
    };
    state.import_file(path.as_ref(), &request, sheet)
}

#[tauri::command]
pub fn last_import(state: State<AppState>) -> Result<Option<ImportReport>> {
    state.last_import()
}

#[tauri::command]
pub fn label_mappings(state: State<AppState>) -> Result<Vec<LabelMapping>> {
    state.label_mappings()
}

#[tauri::command]
pub fn add_framework(
    state: State<AppState>,
    service_id: i64,
    framework: Framework,
) -> Result<Opened> {
    state.add_framework(service_id, framework)
}

#[tauri::command]
pub fn export_layouts() -> Vec<ExportLayout> {
    crate::export_layouts()
}

/// Writes the export off the main thread, so the window stays responsive, and sends an
/// `export-progress` event to the window as each file starts.
#[tauri::command]
pub async fn export(
    app: AppHandle,
    window: Window,
    request: ExportRequest,
    folder: String,
) -> Result<ExportDone> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        state.export(&request, folder.as_ref(), &mut |progress| {
            if let Err(e) = window.emit_to(window.label(), "export-progress", progress) {
                eprintln!("demarc: {e}");
            }
        })
    })
    .await
    .map_err(|e| IpcError::new(ErrorCode::Internal, format!("the export stopped: {e}")))?
}

/// Stops the running export before its next file.
#[tauri::command]
pub fn cancel_export(state: State<AppState>) {
    state.cancel_export();
}

/// Shows a file the last export wrote in the system's file manager.
#[tauri::command]
pub fn show_in_folder(state: State<AppState>, path: String) -> Result<()> {
    let path = std::path::Path::new(&path);
    state.check_exported(path)?;
    tauri_plugin_opener::reveal_item_in_dir(path).map_err(|e| {
        IpcError::new(
            ErrorCode::Io,
            format!("{}: cannot show it in a file manager: {e}", path.display()),
        )
    })
}
