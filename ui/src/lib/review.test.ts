import { describe, expect, it } from "vitest";
import type { Decision } from "./gen/Decision";
import type { ReviewState } from "./gen/ReviewState";
import { filterLog, isOpen, isReviewable, loadReviewer, openCounts, stateDetail, stateLabel, storeReviewer } from "./review";

const entry = (id: number, review: ReviewState, subject = `service "EC2" layer os`): Decision => ({
  id,
  at: "2027-01-04T10:00:00Z",
  who: "Dana",
  subject,
  about: { kind: "layer", service_id: 1, service: "EC2", layer: "os" },
  old_value: "customer",
  new_value: "shared",
  reason: "golden images",
  review,
});

const LOG: Decision[] = [
  entry(1, { state: "superseded", by_decision: 4 }),
  entry(2, { state: "accepted", reviewer: "Priya", on: "2027-01-05", comment: null }, 'service "S3" layer data'),
  entry(3, { state: "returned", reviewer: "Priya", on: "2027-01-05", comment: "which patch cadence?" }),
  entry(4, { state: "unreviewed" }),
  entry(5, { state: "record" }, "review of decision #3"),
];

describe("the review of the decision log", () => {
  it("filters by review state and text, newest first", () => {
    expect(filterLog(LOG, "").map((d) => d.id)).toEqual([5, 4, 3, 2, 1]);
    expect(filterLog(LOG, "open").map((d) => d.id)).toEqual([4, 3]);
    expect(filterLog(LOG, "unreviewed").map((d) => d.id)).toEqual([4]);
    expect(filterLog(LOG, "returned").map((d) => d.id)).toEqual([3]);
    expect(filterLog(LOG, "accepted").map((d) => d.id)).toEqual([2]);
    expect(filterLog(LOG, "", "s3").map((d) => d.id)).toEqual([2]);
    expect(filterLog(LOG, "open", "GOLDEN").map((d) => d.id)).toEqual([4, 3]);
  });

  it("says which entries a reviewer can act on and how each stands", () => {
    expect(LOG.map((d) => isReviewable(d.review))).toEqual([false, true, true, true, false]);
    expect(LOG.map((d) => isOpen(d.review))).toEqual([false, false, true, true, false]);
    expect(LOG.map((d) => stateLabel(d.review))).toEqual(["Replaced by #4", "Accepted", "Returned", "Unreviewed", "Record"]);
    expect(stateDetail(LOG[2].review)).toBe("Priya, 2027-01-05: which patch cadence?");
    expect(stateDetail(LOG[1].review)).toBe("Priya, 2027-01-05");
    expect(openCounts(LOG)).toEqual({ unreviewed: 1, returned: 1 });
  });

  it("remembers the reviewer's name", () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    expect(loadReviewer(storage)).toBe("");
    storeReviewer("  Priya Raman ", storage);
    expect(loadReviewer(storage)).toBe("Priya Raman");
  });
});
