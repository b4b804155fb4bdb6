// The shell's commands, typed: one function per command, generated from their declaration in
// Rust (`gen/commands.ts`), plus the export's progress events.
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { ExportProgress } from "./gen/ExportProgress";
import type { IpcError } from "./gen/IpcError";
import type { Opened } from "./gen/Opened";
import { asIpcError } from "./ipc";

export * from "./gen/commands";
export { asIpcError, isIpcError } from "./ipc";
export type { IpcError, Opened };

/** The text to show for a failed command. */
export function errorMessage(error: unknown): string {
  return asIpcError(error).message;
}

/** Calls `handle` as each file of an export starts; resolves to the function that stops it. */
export const onExportProgress = (handle: (progress: ExportProgress) => void): Promise<UnlistenFn> =>
  listen<ExportProgress>("export-progress", (event) => handle(event.payload));

/** Calls `handle` when the system asks the running app to open a file (macOS's Finder). */
export const onOpenRequested = (handle: () => void): Promise<UnlistenFn> => listen("open-requested", () => handle());
