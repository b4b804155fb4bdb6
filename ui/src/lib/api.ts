// Typed wrapper around the shell's commands. Argument names are camelCase:
// Tauri maps them to the Rust parameter names.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { Attestation } from "./gen/Attestation";
import type { Decision } from "./gen/Decision";
import type { Framework } from "./gen/Framework";
import type { ImportReport } from "./gen/ImportReport";
import type { GapReport } from "./gen/GapReport";
import type { IpcError } from "./gen/IpcError";
import type { LabelMapping } from "./gen/LabelMapping";
import type { Layer } from "./gen/Layer";
import type { MatrixFilter } from "./gen/MatrixFilter";
import type { MatrixRow } from "./gen/MatrixRow";
import type { NewAttestation } from "./gen/NewAttestation";
import type { NewEvidence } from "./gen/NewEvidence";
import type { NewService } from "./gen/NewService";
import type { Opened } from "./gen/Opened";
import type { ProviderRow } from "./gen/ProviderRow";
import type { ProviderSource } from "./gen/ProviderSource";
import type { Ownership } from "./gen/Ownership";
import type { Preview } from "./gen/Preview";
import type { ProviderEntry } from "./gen/ProviderEntry";
import type { Service } from "./gen/Service";
import type { ServiceModel } from "./gen/ServiceModel";
import type { VendorReview } from "./gen/VendorReview";
import type { Pick } from "./gen/Pick";
import type { RowKey } from "./gen/RowKey";
import type { ExportDone } from "./gen/ExportDone";
import type { ExportLayout } from "./gen/ExportLayout";
import type { ExportProgress } from "./gen/ExportProgress";
import type { ExportRequest } from "./gen/ExportRequest";

export type { IpcError, Opened };

export function isIpcError(value: unknown): value is IpcError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as IpcError).code === "string" &&
    typeof (value as IpcError).message === "string"
  );
}

/** The text to show for a failed command: the shell's message when it sent one. */
export function errorMessage(error: unknown): string {
  if (isIpcError(error)) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

export const current = () => invoke<Opened>("current");

/** Shows a native file dialog; the path it returns is one the commands will act on. */
export const choose = (pick: Pick, name: string | null = null) => invoke<string | null>("choose", { pick, name });

export const openEngagement = (path: string) => invoke<Opened>("open_engagement", { path });

export const newEngagement = (path: string, client: string) =>
  invoke<Opened>("new_engagement", { path, client });

export const saveEngagementAs = (path: string) => invoke<Opened>("save_engagement_as", { path });

export const setLayerOwner = (serviceId: number, layer: Layer, owner: Ownership, reason: string) =>
  invoke<Service>("set_layer_owner", { serviceId, layer, owner, reason });

export const resetLayer = (serviceId: number, layer: Layer, reason: string) =>
  invoke<Service>("reset_layer", { serviceId, layer, reason });

export const setServiceModel = (serviceId: number, model: ServiceModel, reason: string) =>
  invoke<Service>("set_service_model", { serviceId, model, reason });

export const addService = (service: NewService) => invoke<Service>("add_service", { service });

export const decisionLog = () => invoke<Decision[]>("decision_log");

/** Copies the engagement into its backups folder; returns the copy's path. */
export const backupNow = () => invoke<string>("backup_now");

/** Undoes the last change; says what it undid, or null when there was nothing to undo. */
export const undo = () => invoke<string | null>("undo");

/** Redoes the last undone change; null when there is nothing to redo. */
export const redo = () => invoke<string | null>("redo");

export const matrix = (filter: MatrixFilter) => invoke<MatrixRow[]>("matrix", { filter });

/** Sets the owner of several rows as one change (one undo step); returns how many changed. */
export const setRowsOwner = (rows: RowKey[], owner: Ownership, reason: string) =>
  invoke<number>("set_rows_owner", { rows, owner, reason });

export const setCustomerPart = (serviceId: number, framework: Framework, control: string, text: string) =>
  invoke<MatrixRow>("set_customer_part", { serviceId, framework, control, text });

export const setNaJustification = (serviceId: number, framework: Framework, control: string, text: string) =>
  invoke<MatrixRow>("set_na_justification", { serviceId, framework, control, text });

/** The person accountable for a row; empty clears it. */
export const setRowOwner = (serviceId: number, framework: Framework, control: string, person: string) =>
  invoke<MatrixRow>("set_row_owner", { serviceId, framework, control, person });

/** What the provider wrote in the imported row a matrix row came from. */
export const providerRow = (source: ProviderSource) => invoke<ProviderRow>("provider_row", { source });

/** Records that the user reviewed a row today. */
export const markReviewed = (serviceId: number, framework: Framework, control: string) =>
  invoke<MatrixRow>("mark_reviewed", { serviceId, framework, control });

export const addEvidence = (serviceId: number, framework: Framework, control: string, evidence: NewEvidence) =>
  invoke<MatrixRow>("add_evidence", { serviceId, framework, control, evidence });

/** Every provider with its services, attestations and vendor review. */
export const register = () => invoke<ProviderEntry[]>("register");

export const addAttestation = (attestation: NewAttestation) => invoke<Attestation>("add_attestation", { attestation });

export const updateAttestation = (id: number, attestation: NewAttestation) =>
  invoke<Attestation>("update_attestation", { id, attestation });

export const deleteAttestation = (id: number, reason: string) => invoke<null>("delete_attestation", { id, reason });

export const setVendorReview = (review: VendorReview) => invoke<VendorReview>("set_vendor_review", { review });

/** The open gaps on `today` (an ISO date), by default the user's local date. */
export const gaps = (today: string | null = null) => invoke<GapReport>("gaps", { today });

/** What a provider matrix file holds: layout, tables, labels, warnings and each table's first rows. */
export const inspectFile = (path: string) => invoke<Preview>("inspect_file", { path });

/** Imports a provider matrix in one transaction; `sheet` null reads every table of the file. */
export const importFile = (request: {
  path: string;
  provider: string;
  services: string[];
  sheet: string | null;
  labelMappings: [string, Ownership][];
}) => invoke<ImportReport>("import_file", request);

/** The report of the last import since the app started, if any. */
export const lastImport = () => invoke<ImportReport | null>("last_import");

export const labelMappings = () => invoke<LabelMapping[]>("label_mappings");

/** Brings a framework into scope for the engagement and the service. */
export const addFramework = (serviceId: number, framework: Framework) =>
  invoke<Opened>("add_framework", { serviceId, framework });

/** The companion layouts an export can write, with plain labels. */
export const exportLayouts = () => invoke<ExportLayout[]>("export_layouts");

/** Writes the chosen files into `folder`, a folder chosen with `choose("export_folder")`. */
export const exportFiles = (request: ExportRequest, folder: string) =>
  invoke<ExportDone>("export", { request, folder });

/** Calls `handle` as each file of an export starts; resolves to the function that stops it. */
export const onExportProgress = (handle: (progress: ExportProgress) => void): Promise<UnlistenFn> =>
  listen<ExportProgress>("export-progress", (event) => handle(event.payload));

/** Stops the running export before its next file; the files already written stay. */
export const cancelExport = () => invoke<null>("cancel_export");

/** Shows a file the last export wrote in the system's file manager. */
export const showInFolder = (path: string) => invoke<null>("show_in_folder", { path });
