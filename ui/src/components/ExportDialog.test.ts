import type { InvokeArgs } from "@tauri-apps/api/core";
import { emit } from "@tauri-apps/api/event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ExportDone } from "../lib/gen/ExportDone";
import { makeService } from "../test/fixtures";
import ExportDialog from "./ExportDialog.svelte";

afterEach(() => clearMocks());

const FOLDER = "/tmp/out";
const DONE: ExportDone = {
  folder: FOLDER,
  files: [`${FOLDER}/demo.xlsx`, `${FOLDER}/demo.pdf`, `${FOLDER}/demo-csv.csv`],
  cancelled: false,
};

type Call = { cmd: string; args: Record<string, unknown> };

/** The shell: `exported` settles the export once the test has seen its progress. */
function setup(
  options: { chosen?: string | null; fail?: { code: string; message: string }; existing?: string[] } = {},
) {
  const calls: Call[] = [];
  let finish: () => void = () => undefined;
  const exported = new Promise<void>((resolve) => (finish = resolve));
  let cancelled = false;
  mockIPC(
    async (cmd: string, args: InvokeArgs | undefined) => {
      calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
      if (cmd === "export_layouts")
        return [
          { id: "kickoff", label: "Kickoff matrix, three columns per service", extension: "xlsx" },
          { id: "csv", label: "Control matrix as CSV", extension: "csv" },
        ];
      if (cmd === "choose") return options.chosen === undefined ? FOLDER : options.chosen;
      if (cmd === "export_existing") return options.existing ?? [];
      if (cmd === "export_files") {
        if (options.fail) throw options.fail;
        await emit("export-progress", { done: 1, total: 3, file: "demo.pdf" });
        await exported;
        if (cancelled) return { ...DONE, files: DONE.files.slice(0, 1), cancelled: true };
        await emit("export-progress", { done: 3, total: 3, file: "demo-csv.csv" });
        return DONE;
      }
      if (cmd === "cancel_export") {
        cancelled = true;
        return null;
      }
      if (cmd === "show_in_folder") {
        if (args && (args as { path: string }).path.endsWith(".csv"))
          throw {
            code: "io",
            message:
              "/tmp/out/demo-csv.csv: cannot show it in a file manager: org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.FileManager1 was not provided by any .service files",
          };
        return null;
      }
      throw { code: "internal", message: `unknown command ${cmd}` };
    },
    { shouldMockEvents: true },
  );
  const services = [
    makeService(1, "Amazon EC2", "AWS", "iaas"),
    makeService(2, "Stripe Payments", "Stripe", "saas"),
    makeService(3, "Amazon S3", "AWS", "paas"),
  ];
  const onclose = vi.fn();
  render(ExportDialog, { frameworks: ["soc2", "hipaa", "pci_dss"], services, onclose });
  return { calls, onclose, finish };
}

const checked = (testId: string, key: string) =>
  (screen.getAllByTestId(testId) as HTMLInputElement[]).filter((b) => b.checked).map((b) => b.dataset[key]);

describe("the export dialog", () => {
  it("offers the workbook, the PDF, each layout, and every framework and service in scope, all chosen", async () => {
    setup();
    await waitFor(() => expect(screen.getAllByTestId("export-layout")).toHaveLength(2));
    expect(screen.getByTestId("export-workbook")).toHaveProperty("checked", true);
    expect(screen.getByTestId("export-pdf")).toHaveProperty("checked", true);
    expect(screen.getByTestId("export-paper-a4")).toHaveProperty("checked", true);
    expect(checked("export-layout", "layout")).toEqual([]);
    expect(screen.getByTestId("export-dialog").textContent).toContain("Kickoff matrix, three columns per service");
    expect(checked("export-framework", "framework")).toEqual(["soc2", "hipaa", "pci_dss"]);
    expect(checked("export-service", "service")).toEqual(["Amazon EC2", "Amazon S3", "Stripe Payments"]);
  });

  it("exports the choices into the chosen folder with a progress bar, then lists the files", async () => {
    const { calls, finish } = setup();
    await waitFor(() => expect(screen.getAllByTestId("export-layout")).toHaveLength(2));
    await fireEvent.click(screen.getByTestId("export-workbook"));
    await fireEvent.click(screen.getByTestId("export-workbook"));
    await fireEvent.click(screen.getByTestId("export-paper-letter"));
    await fireEvent.click(screen.getAllByTestId("export-layout")[1]);
    await fireEvent.click(screen.getAllByTestId("export-framework")[1]);
    await fireEvent.click(screen.getAllByTestId("export-service")[0]);
    await fireEvent.click(screen.getByTestId("export-run"));

    const bar = await screen.findByTestId("export-progress");
    await waitFor(() => expect(bar.getAttribute("aria-valuenow")).toBe("1"));
    expect(bar.getAttribute("aria-valuemax")).toBe("3");
    expect(screen.getByTestId("export-progress-text").textContent).toBe("Writing demo.pdf (2 of 3)");
    expect((bar.querySelector("span") as HTMLElement).style.width).toBe("33%");
    expect(calls.find((c) => c.cmd === "choose")?.args).toEqual({ pick: "export_folder", name: null });
    expect(calls.find((c) => c.cmd === "export_files")?.args).toEqual({
      folder: FOLDER,
      request: {
        workbook: true,
        pdf: true,
        readiness: false,
        layouts: ["csv"],
        frameworks: ["soc2", "pci_dss"],
        services: [2, 3],
        paper: "letter",
        existing: "refuse",
      },
    });

    finish();
    const done = await screen.findByTestId("export-done");
    expect(done.textContent).toContain(`Wrote 3 files into ${FOLDER}`);
    const files = screen.getAllByTestId("export-file");
    expect(files.map((f) => f.dataset.path)).toEqual(DONE.files);
    expect(files.map((f) => f.querySelector(".name")?.textContent)).toEqual(["demo.xlsx", "demo.pdf", "demo-csv.csv"]);

    await fireEvent.click(screen.getAllByTestId("export-show")[1]);
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "show_in_folder")?.args).toEqual({ path: `${FOLDER}/demo.pdf` }),
    );
    expect(screen.queryByTestId("export-error")).toBeNull();
    await fireEvent.click(screen.getAllByTestId("export-show")[2]);
    expect((await screen.findByTestId("export-error")).textContent).toContain("cannot show it in a file manager");
    const said = screen.getByTestId("export-error").textContent ?? "";
    expect(said).toBe(
      `The file is saved at ${FOLDER}/demo-csv.csv; the app cannot show it in a file manager on this computer.`,
    );
    expect(said).not.toContain("DBus");
  });

  it("cancels a running export and lists the files written before it stopped", async () => {
    const { calls, finish } = setup();
    await waitFor(() => expect(screen.getAllByTestId("export-layout")).toHaveLength(2));
    await fireEvent.click(screen.getByTestId("export-run"));
    await screen.findByTestId("export-progress");
    const cancel = screen.getByTestId("export-cancel");
    await fireEvent.click(cancel);
    await waitFor(() => expect(calls.some((c) => c.cmd === "cancel_export")).toBe(true));
    expect(screen.getByTestId("export-progress-text").textContent).toContain("Cancelling");
    expect((cancel as HTMLButtonElement).disabled).toBe(true);

    finish();
    expect((await screen.findByTestId("export-summary")).textContent).toContain(`Cancelled: Wrote 1 file into ${FOLDER}`);
    expect(screen.getAllByTestId("export-file").map((f) => f.dataset.path)).toEqual([DONE.files[0]]);
  });

  it("shows the shell's message when the export fails and keeps the choices", async () => {
    setup({ fail: { code: "not_permitted", message: "/tmp/out was not chosen in a file dialog" } });
    await waitFor(() => expect(screen.getAllByTestId("export-layout")).toHaveLength(2));
    await fireEvent.click(screen.getByTestId("export-pdf"));
    await fireEvent.click(screen.getByTestId("export-run"));
    expect((await screen.findByTestId("export-error")).textContent).toBe(
      "Could not export: /tmp/out was not chosen in a file dialog",
    );
    expect(screen.getByTestId("export-pdf")).toHaveProperty("checked", false);
    expect(screen.getByTestId("export-workbook")).toHaveProperty("checked", true);
  });

  it("asks before writing over files already in the folder, keeping both unless told to replace", async () => {
    const { calls, finish } = setup({ existing: ["demo.xlsx", "demo.pdf"] });
    await waitFor(() => expect(screen.getAllByTestId("export-layout")).toHaveLength(2));
    await fireEvent.click(screen.getByTestId("export-run"));
    const asked = await screen.findByTestId("export-exists");
    expect(asked.textContent).toContain(`2 files are already in ${FOLDER}: demo.xlsx, demo.pdf.`);
    expect(asked.textContent).toContain("demo (2).xlsx");
    expect(calls.some((c) => c.cmd === "export_files")).toBe(false);
    expect(document.activeElement).toBe(screen.getByTestId("export-keep-both"));

    await fireEvent.click(screen.getByTestId("export-exists-back"));
    expect(screen.getByTestId("export-run")).toBeTruthy();
    await fireEvent.click(screen.getByTestId("export-run"));
    await fireEvent.click(await screen.findByTestId("export-keep-both"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "export_files")).toBe(true));
    expect((calls.find((c) => c.cmd === "export_files")?.args.request as { existing: string }).existing).toBe("keep_both");
    finish();
    await screen.findByTestId("export-done");
  });

  it("replaces the files already in the folder when told to", async () => {
    const { calls, finish } = setup({ existing: ["demo.pdf"] });
    await waitFor(() => expect(screen.getAllByTestId("export-layout")).toHaveLength(2));
    await fireEvent.click(screen.getByTestId("export-run"));
    expect((await screen.findByTestId("export-exists")).textContent).toContain(`demo.pdf is already in ${FOLDER}.`);
    await fireEvent.click(screen.getByTestId("export-replace"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "export_files")).toBe(true));
    expect((calls.find((c) => c.cmd === "export_files")?.args.request as { existing: string }).existing).toBe("replace");
    finish();
    await screen.findByTestId("export-done");
  });

  it("does nothing when the folder dialog is cancelled", async () => {
    const { calls } = setup({ chosen: null });
    await waitFor(() => expect(screen.getAllByTestId("export-layout")).toHaveLength(2));
    await fireEvent.click(screen.getByTestId("export-run"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "choose")).toBe(true));
    expect(calls.some((c) => c.cmd === "export_files")).toBe(false);
    expect(screen.getByTestId("export-run")).toBeTruthy();
  });

  it("asks for something to write, a framework and a service before it exports", async () => {
    setup();
    await waitFor(() => expect(screen.getAllByTestId("export-layout")).toHaveLength(2));
    await fireEvent.click(screen.getByTestId("export-workbook"));
    await fireEvent.click(screen.getByTestId("export-pdf"));
    expect(screen.getByTestId("export-run")).toHaveProperty("disabled", true);
    expect(screen.getByTestId("export-missing").textContent).toBe("Choose at least one file to write.");
    await fireEvent.click(screen.getAllByTestId("export-layout")[0]);
    expect(screen.getByTestId("export-run")).toHaveProperty("disabled", false);
    await fireEvent.click(screen.getByText("None"));
    expect(screen.getByTestId("export-missing").textContent).toBe("Choose at least one service.");
    expect(screen.getByTestId("export-run")).toHaveProperty("disabled", true);
  });

  it("closes on Escape", async () => {
    const { onclose } = setup();
    await waitFor(() => expect(screen.getAllByTestId("export-layout")).toHaveLength(2));
    await fireEvent.keyDown(window, { key: "Escape" });
    expect(onclose).toHaveBeenCalledOnce();
  });

  it("stays open on Escape while the export runs, as its Close button does", async () => {
    const { onclose, finish } = setup();
    await waitFor(() => expect(screen.getAllByTestId("export-layout")).toHaveLength(2));
    await fireEvent.click(screen.getByTestId("export-run"));
    await screen.findByTestId("export-progress");
    await fireEvent.keyDown(window, { key: "Escape" });
    expect(onclose).not.toHaveBeenCalled();
    finish();
    await screen.findByTestId("export-done");
    await fireEvent.keyDown(window, { key: "Escape" });
    expect(onclose).toHaveBeenCalledOnce();
  });
});
