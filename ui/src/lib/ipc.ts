// The one door to the shell. Every command goes through `call`, so every failure reaches the
// UI as an `IpcError`: the shell's own refusals already are one, and whatever Tauri itself
// rejects (arguments that do not deserialize, an unknown command, a plugin's refusal) arrives
// as bare text and is wrapped here.
import { invoke, type InvokeArgs } from "@tauri-apps/api/core";
import type { ErrorCode } from "./gen/ErrorCode";
import type { IpcError } from "./gen/IpcError";

const CODES: readonly ErrorCode[] = [
  "invalid_input",
  "not_found",
  "newer_version",
  "not_an_engagement",
  "busy",
  "read_only",
  "not_permitted",
  "io",
  "internal",
] satisfies readonly ErrorCode[];

export function isIpcError(value: unknown): value is IpcError {
  if (typeof value !== "object" || value === null) return false;
  const e = value as Partial<IpcError>;
  return (
    CODES.includes(e.code as ErrorCode) &&
    typeof e.message === "string" &&
    (e.field === undefined || typeof e.field === "string")
  );
}

/** Any failure as the shell's error shape; what is not one is an `internal` error. */
export function asIpcError(error: unknown): IpcError {
  if (isIpcError(error)) return error;
  if (error instanceof Error) return { code: "internal", message: error.message };
  return { code: "internal", message: typeof error === "string" ? error : JSON.stringify(error) ?? String(error) };
}

/** Invokes `command`; a failure rejects with an `IpcError`, never with bare text. */
export async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw asIpcError(error);
  }
}
