import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Engagement } from "../lib/gen/Engagement";
import { fakeShell } from "../test/fixtures";
import PeopleForm from "./PeopleForm.svelte";

afterEach(() => clearMocks());

function setup() {
  const shell = fakeShell();
  mockIPC((cmd, args) => shell.handle(cmd, args));
  const onsaved = vi.fn();
  const view = render(PeopleForm, { engagement: structuredClone(shell.opened.view.engagement), onsaved });
  // The window gives the form the engagement as saved.
  onsaved.mockImplementation((e: Engagement) => view.rerender({ engagement: e, onsaved }));
  return { shell, onsaved };
}

const input = (id: string) => screen.getByTestId(id) as HTMLInputElement;

async function add(name: string, role: string, prepares = false) {
  await fireEvent.input(input("person-name"), { target: { value: name } });
  await fireEvent.input(input("person-role"), { target: { value: role } });
  if (prepares) await fireEvent.click(input("person-prepares"));
  await fireEvent.submit(input("person-name").form!);
}

describe("PeopleForm", () => {
  it("adds the preparer and a reviewer, each saved as the whole list", async () => {
    const { shell } = setup();
    await add("Dana Whitfield", "Consultant", true);
    await waitFor(() => expect(screen.getAllByTestId("person")).toHaveLength(1));
    await add("Priya Raman", "Compliance lead");
    await waitFor(() => expect(screen.getAllByTestId("person")).toHaveLength(2));
    const last = shell.calls.filter((c) => c.cmd === "set_people").at(-1)?.args;
    expect(last).toEqual({
      preparer: { name: "Dana Whitfield", role: "Consultant" },
      reviewers: [{ name: "Priya Raman", role: "Compliance lead" }],
    });
    expect(document.activeElement).toBe(input("person-name"));
  });

  it("edits a role and removes a person", async () => {
    const { shell } = setup();
    await add("Priya Raman", "Compliance lead");
    await waitFor(() => expect(screen.getAllByTestId("person")).toHaveLength(1));
    await fireEvent.click(screen.getByTestId("person-edit"));
    await waitFor(() => expect(document.activeElement).toBe(input("person-edit-name")));
    await fireEvent.input(input("person-edit-role"), { target: { value: "CISO" } });
    await fireEvent.submit(input("person-edit-role").form!);
    await waitFor(() => expect(screen.getByTestId("person").textContent).toContain("CISO"));
    await fireEvent.click(screen.getByTestId("person-remove"));
    await waitFor(() => expect(screen.queryAllByTestId("person")).toHaveLength(0));
    expect(shell.calls.filter((c) => c.cmd === "set_people")).toHaveLength(3);
  });

  it("refuses a person without a name on the field and saves nothing", async () => {
    const { shell } = setup();
    await add("   ", "QSA");
    const error = await screen.findByRole("alert");
    expect(error.dataset.field).toBe("name");
    expect(shell.calls.some((c) => c.cmd === "set_people")).toBe(false);
  });
});
