import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import App from "./App.svelte";
import type { Gap } from "./lib/gen/Gap";
import { fakeShell, tallyOf } from "./test/fixtures";

afterEach(() => clearMocks());

describe("the app over IPC", () => {
  async function start() {
    const shell = fakeShell();
    mockIPC((cmd, args) => shell.handle(cmd, args));
    const { container } = render(App);
    await waitFor(() => expect(container.querySelector('[data-ready="true"]')).not.toBeNull());
    return shell;
  }

  it("lists the services and shows the stack of the one clicked", async () => {
    await start();
    const items = screen.getAllByTestId("service-item");
    expect(items.map((i) => i.dataset.service)).toEqual(["EC2", "EKS", "Lambda", "RDS", "S3", "Entra ID", "Salesforce", "Stripe"]);
    expect(screen.getAllByTestId("stack-layer").find((c) => c.dataset.layer === "os")?.dataset.owner).toBe("customer");

    await fireEvent.click(items.find((i) => i.dataset.service === "Lambda")!);
    expect(screen.getAllByTestId("stack-layer").find((c) => c.dataset.layer === "os")?.dataset.owner).toBe("provider");
  });

  it("changes a layer's owner with a reason and says it saved", async () => {
    const shell = await start();
    const os = () => screen.getAllByTestId("stack-layer").find((c) => c.dataset.layer === "os")!;
    await fireEvent.click(os());
    await fireEvent.click(screen.getAllByTestId("owner-option").find((o) => o.dataset.owner === "shared")!);
    await fireEvent.input(screen.getByTestId("reason-input"), { target: { value: "Golden AMI from the provider" } });
    await fireEvent.click(screen.getByTestId("reason-save"));

    await waitFor(() => expect(os().dataset.owner).toBe("shared"));
    expect(os().dataset.overridden).toBe("true");
    expect(screen.getByTestId("save-status").textContent).toMatch(/^Saved/);
    expect(screen.queryByTestId("layer-editor")).toBeNull();
    expect(shell.calls.filter((c) => c.cmd === "decision_log").length).toBeGreaterThan(1);
    await waitFor(() => expect(screen.getByTestId("layer-decisions").textContent).toContain("Golden AMI from the provider"));
  });

  it("opens the editor on a number key with that owner chosen", async () => {
    await start();
    await fireEvent.keyDown(window, { key: "ArrowDown" });
    await fireEvent.keyDown(window, { key: "4" });
    const editor = await screen.findByTestId("layer-editor");
    expect(editor.getAttribute("aria-label")).toContain("Identities and access");
    const chosen = screen.getAllByTestId("owner-option").find((o) => o.getAttribute("aria-checked") === "true");
    expect(chosen?.dataset.owner).toBe("provider");
  });

  it("switches to the board, one column per service", async () => {
    await start();
    await fireEvent.click(screen.getByTestId("view-board"));
    const cells = screen.getAllByTestId("board-cell");
    expect(cells).toHaveLength(8 * 14);
    const rdsNetwork = cells.find((c) => c.dataset.service === "RDS" && c.dataset.layer === "network_controls");
    expect(rdsNetwork?.dataset.owner).toBe("customer");
    expect(screen.queryAllByTestId("stack-layer")).toHaveLength(0);
  });

  it("shows the shell's error in a banner that can be dismissed", async () => {
    mockIPC(() => {
      throw { code: "not_an_engagement", message: "notes.txt is not a Demarc engagement" };
    });
    render(App);
    const banner = await screen.findByTestId("error-banner");
    expect(banner.textContent).toContain("notes.txt is not a Demarc engagement");
    await fireEvent.click(screen.getByRole("button", { name: "Dismiss the error" }));
    expect(screen.queryByTestId("error-banner")).toBeNull();
  });

  it("counts the open gaps in the top bar again after a change, and g opens the dashboard", async () => {
    const shell = await start();
    const counted = () => shell.calls.filter((c) => c.cmd === "gap_tally").length;
    await waitFor(() => expect(screen.getByTestId("gap-count").textContent).toBe("0"));
    const before = counted();
    const os = screen.getAllByTestId("stack-layer").find((c) => c.dataset.layer === "os")!;
    await fireEvent.click(os);
    await fireEvent.click(screen.getAllByTestId("owner-option").find((o) => o.dataset.owner === "shared")!);
    await fireEvent.input(screen.getByTestId("reason-input"), { target: { value: "Golden AMI" } });
    await fireEvent.click(screen.getByTestId("reason-save"));
    await waitFor(() => expect(counted()).toBeGreaterThan(before));

    // The gaps themselves are read only where they are shown: the flat list.
    expect(shell.calls.filter((c) => c.cmd === "gaps")).toEqual([]);
    await fireEvent.keyDown(window, { key: "g" });
    // The work plan leads; the flat list is one click away.
    await fireEvent.click(await screen.findByTestId("gaps-flat"));
    await waitFor(() => expect(screen.getByTestId("gaps").textContent).toContain("No open gaps"));
    expect(shell.calls.filter((c) => c.cmd === "gaps").length).toBe(1);
    await fireEvent.keyDown(window, { key: "p" });
    expect(await screen.findByTestId("providers")).toBeTruthy();
  });

  it("opens a gap where it is closed: a layer in the stack, a control in the matrix", async () => {
    const shell = fakeShell();
    const gap = (patch: Partial<Gap>): Gap => ({
      kind: "undetermined_layer",
      severity: "high",
      service: "Lambda",
      provider: "AWS",
      framework: null,
      control: null,
      message: "nobody decided the operating system layer",
      why: "why",
      fix: "fix",
      link: { to: "layer", service_id: 3, layer: "os" },
      ...patch,
    });
    const gaps = [
      gap({}),
      gap({ kind: "provider_unattested", severity: "medium", framework: "soc2", control: "CC6.4", link: { to: "row", service_id: 3, framework: "soc2", control: "CC6.4" } }),
    ];
    mockIPC((cmd, args) => {
      if (cmd === "gaps") return { today: "2025-03-04", gaps, by_service: [], by_framework: [], by_kind: [] };
      if (cmd === "gap_tally") return tallyOf(gaps);
      if (cmd === "matrix") return [];
      return shell.handle(cmd, args);
    });
    const { container } = render(App);
    await waitFor(() => expect(container.querySelector('[data-ready="true"]')).not.toBeNull());
    await waitFor(() => expect(screen.getByTestId("gap-count").textContent).toBe("2"));

    await fireEvent.click(screen.getByTestId("gap-count"));
    await fireEvent.click(await screen.findByTestId("gaps-flat"));
    await fireEvent.click((await screen.findAllByTestId("gap")).find((g) => g.dataset.kind === "undetermined_layer")!);
    expect(screen.getByRole("list", { name: "Stack of Lambda" })).toBeTruthy();
    expect(screen.getAllByTestId("stack-layer").find((l) => l.classList.contains("selected"))?.dataset.layer).toBe("os");

    await fireEvent.keyDown(window, { key: "g" });
    await fireEvent.click((await screen.findAllByTestId("gap")).find((g) => g.dataset.control === "CC6.4")!);
    expect(((await screen.findByTestId("matrix-filter-text")) as HTMLInputElement).value).toBe("CC6.4");
  });

  it("asks the scoping questions from a gap that wants them, and from the top bar", async () => {
    const shell = fakeShell();
    const unanswered: Gap = {
      kind: "scoping_not_answered",
      severity: "medium",
      service: null,
      provider: null,
      framework: "hipaa",
      control: null,
      message: "HIPAA scoping not answered: every requirement is treated as applicable",
      why: "why",
      fix: "fix",
      link: { to: "scoping", framework: "hipaa" },
    };
    mockIPC((cmd, args) => {
      if (cmd === "gaps") return { today: "2025-03-04", gaps: [unanswered], by_service: [], by_framework: [], by_kind: [] };
      if (cmd === "gap_tally") return tallyOf([unanswered]);
      return shell.handle(cmd, args);
    });
    const { container } = render(App);
    await waitFor(() => expect(container.querySelector('[data-ready="true"]')).not.toBeNull());
    await waitFor(() => expect(screen.getByTestId("scoping-open").getAttribute("aria-label")).toBe("Scoping, 1 to answer"));

    await fireEvent.click(screen.getByTestId("gap-count"));
    await fireEvent.click(await screen.findByTestId("gaps-flat"));
    await fireEvent.click((await screen.findAllByTestId("gap")).find((g) => g.dataset.kind === "scoping_not_answered")!);
    await screen.findByTestId("scoping-form");
    expect(screen.getByTestId("scoping-tab-hipaa").getAttribute("aria-selected")).toBe("true");
    await fireEvent.change(screen.getByTestId("scoping-hipaa-role"), { target: { value: "business_associate" } });
    await fireEvent.submit(screen.getByTestId("scoping-form"));
    await waitFor(() => expect(shell.profiles()).toEqual([{ framework: "hipaa", role: "business_associate", group_health_plan: false, clearinghouse: false }]));
    expect(screen.getByTestId("save-status").textContent).toBe("Scoping saved");

    await fireEvent.keyDown(window, { key: "Escape" });
    await waitFor(() => expect(screen.queryByTestId("scoping-dialog")).toBeNull());
    await fireEvent.click(screen.getByTestId("scoping-open"));
    expect(await screen.findByTestId("scoping-dialog")).toBeTruthy();
  });

  it("renames the selected service on F2 and removes it on Delete, from the keyboard", async () => {
    const shell = await start();
    await fireEvent.keyDown(document.body, { key: "F2" });
    const field = (await screen.findByTestId("rename-service-name")) as HTMLInputElement;
    await waitFor(() => expect(document.activeElement).toBe(field));
    await fireEvent.input(field, { target: { value: "EC2 prod" } });
    await fireEvent.submit(field.form!);
    await waitFor(() =>
      expect(screen.getAllByTestId("service-item").map((i) => i.dataset.service)).toContain("EC2 prod"),
    );
    expect(screen.getByTestId("save-status").textContent).toBe("Renamed EC2 to EC2 prod");

    await fireEvent.keyDown(document.body, { key: "Delete" });
    const confirm = await screen.findByTestId("remove-service-confirm");
    await waitFor(() => expect(document.activeElement).toBe(confirm));
    await fireEvent.click(confirm);
    await waitFor(() =>
      expect(screen.getAllByTestId("service-item").map((i) => i.dataset.service)).not.toContain("EC2 prod"),
    );
    expect(screen.getByTestId("save-status").textContent).toBe("Removed EC2 prod");
    expect(shell.calls.filter((c) => c.cmd === "remove_service")).toHaveLength(1);
    // The next service in the list is selected.
    expect(screen.getAllByTestId("service-item").find((i) => i.getAttribute("aria-current"))?.dataset.service).toBe("EKS");
  });

  it("says what to do first when there are no services", async () => {
    const shell = fakeShell();
    shell.opened.view.services = [];
    mockIPC((cmd, args) => shell.handle(cmd, args));
    render(App);
    expect((await screen.findByTestId("empty-state")).textContent).toContain("Add a service");
  });
});

describe("the import wizard in the app", () => {
  it("opens from the top bar and on Ctrl+I, while plain i still sets a layer inherited", async () => {
    const shell = fakeShell();
    mockIPC((cmd, args) => {
      if (cmd === "label_mappings") return [];
      if (cmd === "last_import") return null;
      return shell.handle(cmd, args);
    });
    const { container } = render(App);
    await waitFor(() => expect(container.querySelector('[data-ready="true"]')).not.toBeNull());

    await fireEvent.click(screen.getByTestId("import-open"));
    expect(await screen.findByTestId("import-wizard")).toBeTruthy();
    await fireEvent.keyDown(window, { key: "Escape" });
    expect(screen.queryByTestId("import-wizard")).toBeNull();

    await fireEvent.keyDown(window, { key: "i", ctrlKey: true });
    expect(await screen.findByTestId("import-wizard")).toBeTruthy();
    await fireEvent.keyDown(window, { key: "Escape" });

    await fireEvent.keyDown(window, { key: "i" });
    expect(screen.queryByTestId("import-wizard")).toBeNull();
    const chosen = screen.getAllByTestId("owner-option").find((o) => o.getAttribute("aria-checked") === "true");
    expect(chosen?.dataset.owner).toBe("inherited");
  });
});

describe("sign-off in the app", () => {
  async function start() {
    const shell = fakeShell();
    mockIPC((cmd, args) => shell.handle(cmd, args));
    const { container } = render(App);
    await waitFor(() => expect(container.querySelector('[data-ready="true"]')).not.toBeNull());
    return shell;
  }
  it("reviews a decision in the log (l) and links the sign-off (o) to the open decisions", async () => {
    const shell = await start();
    const os = screen.getAllByTestId("stack-layer").find((c) => c.dataset.layer === "os")!;
    await fireEvent.click(os);
    await fireEvent.click(screen.getAllByTestId("owner-option").find((o) => o.dataset.owner === "shared")!);
    await fireEvent.input(screen.getByTestId("reason-input"), { target: { value: "Golden AMI" } });
    await fireEvent.click(screen.getByTestId("reason-save"));
    await waitFor(() => expect(shell.log.length).toBe(1));

    await fireEvent.keyDown(window, { key: "o" });
    expect((await screen.findByTestId("signoff-statement")).dataset.state).toBe("draft");
    await waitFor(() => expect(screen.getByTestId("signoff-unreviewed").textContent).toContain("1"));
    await fireEvent.click(screen.getByTestId("signoff-unreviewed"));
    expect(await screen.findByTestId("log-view")).toBeTruthy();
    expect((screen.getByTestId("review-filter") as HTMLSelectElement).value).toBe("unreviewed");
    await waitFor(() => expect(screen.getAllByTestId("log-entry").map((e) => e.dataset.state)).toEqual(["unreviewed"]));

    await fireEvent.input(screen.getByTestId("reviewer"), { target: { value: "Priya Raman" } });
    (screen.getByTestId("reviewer") as HTMLInputElement).blur();
    await fireEvent.keyDown(window, { key: "ArrowDown" });
    await fireEvent.keyDown(window, { key: "a" });
    await waitFor(() => expect(shell.log[0].review.state).toBe("accepted"));
    await waitFor(() => expect(screen.getByTestId("save-status").textContent).toBe("Accepted decision #1"));
    await fireEvent.change(screen.getByTestId("review-filter"), { target: { value: "" } });
    await waitFor(() => expect(screen.getAllByTestId("log-entry").map((e) => e.dataset.state)).toEqual(["accepted"]));
  });
});
