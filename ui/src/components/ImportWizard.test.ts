import type { InvokeArgs } from "@tauri-apps/api/core";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ImportReport } from "../lib/gen/ImportReport";
import type { Inspection } from "../lib/gen/Inspection";
import { makeService } from "../test/fixtures";
import ImportWizard from "./ImportWizard.svelte";

afterEach(() => clearMocks());

const PATH = "/tmp/vendor.xlsx";

function preview(): Inspection {
  return {
    // Rust lists each label once with the meaning the engagement remembers (folded as it imports).
    labels: [{ label: "Vendor decides", owner: "shared" }],
    report: {
      file: PATH,
      sha256: "ab",
      layout: "fedramp_crm",
      document: { title: "Vendor CRM", version: "2.1", date: null },
      warnings: ["no matrix found in sheet(s): 'Instructions'"],
      tables: [
        {
          sheet: "CRM",
          layout: "fedramp_crm",
          title: null,
          header_row: 3,
          header_rows: "3",
          rows: 2,
          id_column: "A",
          ownership_columns: ["B"],
          provider_narrative_column: null,
          customer_narrative_column: "C",
          original_counts: { Yes: 1, "Vendor decides": 1 },
          normalized_counts: { provider: 1, undetermined: 1 },
          unknown_labels: ["Vendor decides"],
          implementation_counts: {},
          warnings: ["column D ('Internal') is hidden"],
        },
      ],
    },
    tables: [
      {
        sheet: "CRM",
        columns: [
          { letter: "A", title: "Control ID", role: "control_id", hidden: false },
          { letter: "B", title: "Can Be Inherited from CSP", role: "ownership", hidden: false },
          { letter: "C", title: "Customer Responsibility", role: "customer_narrative", hidden: false },
          { letter: "D", title: "Internal", role: null, hidden: true },
        ],
        rows: [
          { row: 4, cells: ["AC-1", "Yes", "", "x"] },
          { row: 5, cells: ["AC-2", "Vendor decides", "Manage accounts", ""] },
        ],
      },
    ],
    unrecognised: null,
    sheets: [{ name: "CRM", hidden: false, columns: ["A", "B", "C", "D"], rows: [] }],
    offered: [],
    profile: null,
  };
}

/** A file no layout rule knows: nothing read, its sheet to map by hand. */
function unrecognised(): Inspection {
  const p = preview();
  return {
    ...p,
    labels: [],
    report: { ...p.report, layout: "", tables: [] },
    tables: [],
    unrecognised: "/tmp/vendor.xlsx: no recognisable header (looked for a control ID column and an ownership column in the first 30 rows of: 'Matrix'); use a mapping profile",
    sheets: [
      {
        name: "Matrix",
        hidden: false,
        columns: ["A", "B", "C"],
        rows: [
          { row: 1, cells: ["Ref", "Vendor", "Client"] },
          { row: 2, cells: ["V-1", "x", ""] },
        ],
      },
    ],
  };
}

function report(changes: Partial<ImportReport> = {}): ImportReport {
  const r = preview().report;
  return {
    provider: "Vendor",
    version: 1,
    file: "vendor.xlsx",
    sha256: r.sha256,
    layout: r.layout,
    document: r.document,
    services: ["Vendor PaaS"],
    rows: 2,
    matrix_rows: 2,
    crosswalk_rows: 0,
    suggested_rows: 0,
    rev4_carried: 0,
    rev4_without_successor: [],
    mapped_labels: { "Vendor decides": "shared" },
    provider_labels: [],
    tables: [{ ...r.tables[0], unknown_labels: [], normalized_counts: { provider: 1, shared: 1 } }],
    warnings: [],
    ...changes,
  };
}

function setup(inspect: () => Inspection = preview, chosen: string | null = PATH, imported: ImportReport = report()) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd: string, args: InvokeArgs | undefined) => {
    calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
    if (cmd === "last_import") return null;
    if (cmd === "choose") return chosen;
    if (cmd === "inspect_file") return inspect();
    if (cmd === "add_framework") return null;
    if (cmd === "import_file") return imported;
    if (cmd === "inspect_with_profile") return { ...preview(), profile: (args as { profile: unknown }).profile };
    throw { code: "internal", message: `unknown command ${cmd}` };
  });
  const vendor = makeService(1, "Vendor PaaS", "Vendor", "paas");
  const other = makeService(2, "EC2", "AWS", "iaas");
  const onimported = vi.fn();
  const onclose = vi.fn();
  render(ImportWizard, { services: [vendor, other], initialPath: null, onimported, onclose });
  return { calls, onimported, onclose };
}

async function readChosenFile() {
  await fireEvent.click(await screen.findByTestId("import-choose"));
  return screen.findByTestId("import-layout");
}

describe("the import wizard", () => {
  it("reads the file chosen in the dialog and shows the layout, the first rows with the recognised columns, the warnings", async () => {
    const { calls } = setup();
    const layout = await readChosenFile();
    expect(calls.find((c) => c.cmd === "choose")?.args).toEqual({ pick: "provider_matrix", name: null });
    expect(calls.find((c) => c.cmd === "inspect_file")?.args).toEqual({ path: PATH });
    expect(layout.dataset.layout).toBe("fedramp_crm");
    expect(layout.textContent).toContain("FedRAMP customer responsibility matrix · 2 rows");
    const table = screen.getByTestId("import-preview-table");
    const roles = [...table.querySelectorAll("th[data-role]")].map((th) => (th as HTMLElement).dataset.role);
    expect(roles).toEqual(["control_id", "ownership", "customer_narrative", ""]);
    expect(table.querySelector("thead")?.textContent).toContain("D (hidden)");
    expect(table.querySelectorAll("tbody tr")).toHaveLength(2);
    const warnings = screen.getByTestId("import-warnings").textContent;
    expect(warnings).toContain("'Instructions'");
    expect(warnings).toContain("column D ('Internal') is hidden");
  });

  it("shows notes on how the file was read as information, apart from errors", async () => {
    setup();
    await readChosenFile();
    const notes = screen.getByTestId("import-warnings");
    expect(notes.getAttribute("role")).toBe("status");
    expect(screen.getByRole("status", { name: "Notes on the file" })).toBe(notes);
    expect(screen.queryAllByRole("alert")).toEqual([]);
  });

  it("keeps the focus in the wizard from step to step, on each step's first field", async () => {
    setup();
    const wizard = await screen.findByTestId("import-wizard");
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("import-choose")));
    await readChosenFile();
    await waitFor(() => expect(wizard.contains(document.activeElement)).toBe(true));
    expect(document.activeElement?.getAttribute("data-close")).toBeNull();

    const next = () => screen.getByTestId("import-next");
    next().focus();
    await fireEvent.click(next());
    await screen.findByTestId("import-labels");
    await waitFor(() => expect(document.activeElement?.getAttribute("aria-label")).toBe("Meaning of Vendor decides"));

    next().focus();
    await fireEvent.click(next());
    await waitFor(() => expect(document.activeElement?.tagName).toBe("INPUT"));
    expect(wizard.contains(document.activeElement)).toBe(true);
  });

  it("says why a file cannot be read and stays on the first step", async () => {
    setup(() => {
      throw { code: "invalid_input", message: "/tmp/vendor.xlsx: no header row in sheet 'Sheet1'" };
    });
    await fireEvent.click(await screen.findByTestId("import-choose"));
    expect((await screen.findByTestId("import-error")).textContent).toContain("no header row in sheet 'Sheet1'");
    expect(screen.getByTestId("import-choose")).toBeTruthy();
  });

  it("stays on the first step when the dialog is cancelled", async () => {
    const { calls } = setup(preview, null);
    await fireEvent.click(await screen.findByTestId("import-choose"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "choose")).toBe(true));
    expect(calls.some((c) => c.cmd === "inspect_file")).toBe(false);
    expect(screen.queryByTestId("import-error")).toBeNull();
    expect(screen.getByTestId("import-choose")).toBeTruthy();
  });

  it("offers unknown labels with the engagement's remembered meaning", async () => {
    setup();
    await readChosenFile();
    await fireEvent.click(screen.getByTestId("import-next"));
    const label = screen.getByTestId("import-label");
    expect(label.dataset.label).toBe("Vendor decides");
    expect(label.querySelector("select")?.value).toBe("shared");
  });

  it("imports for the provider's services, bringing FedRAMP into scope, and shows the report", async () => {
    const { calls, onimported } = setup();
    await readChosenFile();
    await fireEvent.click(screen.getByTestId("import-next"));
    await fireEvent.click(screen.getByTestId("import-next"));

    expect(screen.getByTestId("import-run")).toHaveProperty("disabled", true);
    await fireEvent.input(screen.getByTestId("import-provider"), { target: { value: "vendor" } });
    const boxes = screen.getAllByTestId("import-service") as HTMLInputElement[];
    expect(boxes.filter((b) => b.checked).map((b) => b.dataset.service)).toEqual(["Vendor PaaS"]);
    expect(screen.getByTestId("import-scope")).toHaveProperty("checked", true);

    await fireEvent.click(screen.getByTestId("import-run"));
    const shown = await screen.findByTestId("import-report");
    expect(calls.find((c) => c.cmd === "add_framework")?.args).toEqual({ serviceId: 1, framework: "fedramp" });
    expect(calls.find((c) => c.cmd === "import_file")?.args).toEqual({
      path: PATH,
      provider: "vendor",
      services: ["Vendor PaaS"],
      sheet: null,
      labelMappings: [["Vendor decides", "shared"]],
      profile: null,
    });
    expect(onimported).toHaveBeenCalledOnce();
    // The framework brought into scope, so that its scoping questions are asked next.
    expect(onimported.mock.calls[0][1]).toBe("fedramp");
    const table = screen.getByTestId("import-report-table");
    expect(table.dataset.rows).toBe("2");
    expect(table.querySelector('[data-label="Yes"]')?.getAttribute("data-count")).toBe("1");
    expect(table.querySelector('[data-owner="shared"]')?.getAttribute("data-count")).toBe("1");
    expect(shown.textContent).toContain("“Vendor decides” as shared");
    expect(screen.getByTestId("import-reach").textContent).toContain("They decide 2 rows of the control matrix.");
  });

  it("says plainly when the imported rows reach no control in scope, and what would make them", async () => {
    const imported = report({ file: "key-vault.xlsx", rows: 36, matrix_rows: 0, services: ["Vendor PaaS"] });
    setup(preview, PATH, imported);
    await readChosenFile();
    await fireEvent.click(screen.getByTestId("import-next"));
    await fireEvent.click(screen.getByTestId("import-next"));
    await fireEvent.input(screen.getByTestId("import-provider"), { target: { value: "vendor" } });
    await fireEvent.click(screen.getByTestId("import-scope"));
    await fireEvent.click(screen.getByTestId("import-run"));
    const reach = await screen.findByTestId("import-reach");
    expect(reach.dataset.matrixRows).toBe("0");
    expect(reach.getAttribute("role")).toBe("status");
    expect(reach.textContent).toContain("The 36 rows imported reach no row of the control matrix");
    expect(reach.textContent).toContain("bring FedRAMP into scope for Vendor PaaS");
    expect(reach.textContent).toContain("or import a crosswalk");
  });

  it("maps the columns of a file no rule recognises, reading it again as the person chooses, and imports with the profile", async () => {
    const { calls } = setup(unrecognised);
    const layout = await readChosenFile();
    expect(layout.dataset.mapping).toBe("true");
    expect(screen.getByTestId("import-unrecognised").textContent).toContain("no recognisable header");
    expect(screen.getByTestId("import-next")).toHaveProperty("disabled", true);
    expect(screen.getByTestId("mapping-missing").textContent).toContain("control IDs");
    const role = (letter: string) => screen.getAllByTestId("mapping-role").find((s) => s.dataset.column === letter)!;
    await fireEvent.change(role("A"), { target: { value: "control_id" } });
    expect(calls.some((c) => c.cmd === "inspect_with_profile")).toBe(false);
    await fireEvent.change(role("B"), { target: { value: "mark:provider" } });
    await fireEvent.change(role("C"), { target: { value: "mark:customer" } });
    const profile = {
      name: "vendor",
      sheet: "Matrix",
      header_row: 1,
      header_rows: 1,
      control_id: { letter: "A" },
      marks: [
        { column: { letter: "B" }, owner: "provider" },
        { column: { letter: "C" }, owner: "customer" },
      ],
    };
    await waitFor(() => expect(calls.filter((c) => c.cmd === "inspect_with_profile").at(-1)?.args).toEqual({ path: PATH, profile }));
    await screen.findByTestId("import-preview-table");
    await waitFor(() => expect(screen.getByTestId("import-next")).toHaveProperty("disabled", false));

    await fireEvent.click(screen.getByTestId("import-next"));
    await fireEvent.click(screen.getByTestId("import-next"));
    await fireEvent.input(screen.getByTestId("import-provider"), { target: { value: "vendor" } });
    await fireEvent.click(screen.getByTestId("import-run"));
    await screen.findByTestId("import-report");
    expect(calls.find((c) => c.cmd === "import_file")?.args.profile).toEqual(profile);
  });

  it("offers a saved mapping that fits a recognised file too", async () => {
    const { calls } = setup(() => ({
      ...preview(),
      offered: [{ source: "library", profile: { name: "Vendor X", control_id: { title: "Ref" }, ownership: [{ title: "Who" }] } }],
    }));
    await readChosenFile();
    const use = screen.getByTestId("import-use-saved");
    expect(use.textContent).toContain("“Vendor X” (your library)");
    await fireEvent.click(use);
    await waitFor(() => expect(calls.find((c) => c.cmd === "inspect_with_profile")?.args.profile).toMatchObject({ name: "Vendor X" }));
    expect((await screen.findByTestId("import-layout")).dataset.mapping).toBe("true");
  });

  it("closes on Escape", async () => {
    const { onclose } = setup();
    await waitFor(() => expect(screen.getByTestId("import-choose")).toBeTruthy());
    await fireEvent.keyDown(window, { key: "Escape" });
    expect(onclose).toHaveBeenCalledOnce();
  });
});
