import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Decision } from "../lib/gen/Decision";
import type { ReviewState } from "../lib/gen/ReviewState";
import LogView from "./LogView.svelte";

afterEach(() => clearMocks());
beforeEach(() => localStorage.clear());

const entry = (id: number, review: ReviewState): Decision => ({
  id,
  at: "2027-01-04T10:00:00Z",
  who: "Dana",
  subject: `service "EC2" layer os`,
  about: { kind: "layer", service_id: 1, service: "EC2", layer: "os" },
  old_value: "customer",
  new_value: "shared",
  reason: "golden images",
  review,
});

const LOG: Decision[] = [
  entry(1, { state: "accepted", reviewer: "Priya", on: "2027-01-05", comment: null }),
  entry(2, { state: "unreviewed" }),
  entry(3, { state: "returned", reviewer: "Priya", on: "2027-01-05", comment: "which cadence?" }),
  entry(4, { state: "record" }),
];

const ids = () => screen.queryAllByTestId("log-entry").map((e) => Number(e.dataset.id));

describe("LogView", () => {
  it("filters on the review state and accepts a decision as the named reviewer", async () => {
    const calls: { cmd: string; args: unknown }[] = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      return [];
    });
    const onreviewed = vi.fn();
    render(LogView, { log: LOG, filter: "", onreviewed, onerror: vi.fn() });
    expect(ids()).toEqual([4, 3, 2, 1]);
    expect(screen.getByTestId("review-counts").textContent).toContain("1 unreviewed · 1 returned");
    await fireEvent.change(screen.getByTestId("review-filter"), { target: { value: "unreviewed" } });
    expect(ids()).toEqual([2]);
    await fireEvent.change(screen.getByTestId("review-filter"), { target: { value: "" } });

    // No reviewer named: nothing is sent, the field says why.
    const two = screen.getAllByTestId("log-entry").find((e) => e.dataset.id === "2")!;
    await fireEvent.click(two.querySelector('[data-testid="accept"]')!);
    expect(calls).toEqual([]);
    expect(screen.getByTestId("review-refused").textContent).toContain("Name the reviewer");

    await fireEvent.input(screen.getByTestId("reviewer"), { target: { value: "Priya Raman" } });
    await fireEvent.click(two.querySelector('[data-testid="accept"]')!);
    await waitFor(() => expect(onreviewed).toHaveBeenCalledWith("Accepted decision #2"));
    expect(calls).toEqual([
      { cmd: "review_decisions", args: { ids: [2], review: { verdict: "accept", reviewer: "Priya Raman", on: null, comment: null } } },
    ]);
    expect(localStorage.getItem("demarc.reviewer")).toBe("Priya Raman");
    // A sign-off record has nothing to accept or return.
    const record = screen.getAllByTestId("log-entry").find((e) => e.dataset.id === "4")!;
    expect(record.querySelector('[data-testid="accept"]')).toBeNull();
  });

  it("returns a decision with a comment from the keyboard, and shows a refusal on the form", async () => {
    const calls: { cmd: string; args: unknown }[] = [];
    let refuse = true;
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      if (refuse) throw { code: "invalid_input", message: "say why the decision is returned", field: "comment" };
      return [];
    });
    localStorage.setItem("demarc.reviewer", "Priya Raman");
    const onreviewed = vi.fn();
    const view = render(LogView, { log: LOG, filter: "", onreviewed, onerror: vi.fn() });
    const key = (k: string) => view.component.handleKey(new KeyboardEvent("keydown", { key: k }));
    expect(key("ArrowDown")).toBe(true);
    expect(key("ArrowDown")).toBe(true);
    expect(key("ArrowDown")).toBe(true);
    await waitFor(() => expect(document.activeElement?.id).toBe("entry-2"));
    expect(key("R")).toBe(true);
    const comment = (await screen.findByTestId("return-comment")) as HTMLTextAreaElement;
    await waitFor(() => expect(document.activeElement).toBe(comment));
    await fireEvent.input(comment, { target: { value: "  x " } });
    await fireEvent.submit(comment.form!);
    expect((await screen.findByTestId("return-refused")).textContent).toContain("say why");
    refuse = false;
    await fireEvent.input(comment, { target: { value: "Which patch cadence?" } });
    await fireEvent.submit(comment.form!);
    await waitFor(() => expect(onreviewed).toHaveBeenCalledWith("Returned decision #2"));
    expect(calls.at(-1)).toEqual({
      cmd: "review_decisions",
      args: { ids: [2], review: { verdict: "return", reviewer: "Priya Raman", on: null, comment: "Which patch cadence?" } },
    });
    expect(key("x")).toBe(false);
  });

  it("accepts every open decision shown after a confirmation", async () => {
    const calls: { cmd: string; args: unknown }[] = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      return [];
    });
    localStorage.setItem("demarc.reviewer", "Priya Raman");
    const onreviewed = vi.fn();
    render(LogView, { log: LOG, filter: "open", onreviewed, onerror: vi.fn() });
    await fireEvent.click(screen.getByTestId("accept-all"));
    expect(calls).toEqual([]);
    await fireEvent.click(screen.getByTestId("accept-all-confirm"));
    await waitFor(() => expect(onreviewed).toHaveBeenCalledWith("Accepted 2 decisions"));
    expect((calls[0].args as { ids: number[] }).ids).toEqual([3, 2]);
  });
});
