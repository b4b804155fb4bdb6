// Files dropped on the window, through Tauri's drag-and-drop event (paths, not file contents).
import { getCurrentWebview } from "@tauri-apps/api/webview";

/** Calls `handle` with the first file dropped; resolves to the function that stops listening. */
export async function listenForDrops(handle: (path: string) => void): Promise<() => void> {
  return getCurrentWebview().onDragDropEvent((event) => {
    if (event.payload.type === "drop" && event.payload.paths.length > 0) handle(event.payload.paths[0]);
  });
}
