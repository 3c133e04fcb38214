import { describe, expect, it } from "vitest";
import { type RefusalCount, RefusalTally } from "../../src/relay/hosts/workers/refusals.ts";

const forged = { provider: "deepsource", status: 401, reason: "signature-mismatch" };

describe("an isolate's tally of the refusals it hands to the Durable Object", () => {
  it("hands over one count per kind, once, and what arrives meanwhile after it", async () => {
    const tally = new RefusalTally();
    const sent: RefusalCount[][] = [];
    let release: () => void = () => {};
    const send = async (counts: RefusalCount[]) => {
      sent.push(counts);
      if (sent.length === 1) await new Promise<void>((resolve) => (release = resolve));
    };
    tally.add(forged);
    tally.add(forged);
    const first = tally.flush(send, 0);
    tally.add({ provider: undefined, status: 404, reason: "unknown-provider" });
    // One hand-over at a time: the one under way takes this too.
    expect(tally.flush(send, 1)).toBeUndefined();
    release();
    await first;
    expect(sent).toEqual([
      [{ ...forged, count: 2 }],
      [{ provider: undefined, status: 404, reason: "unknown-provider", count: 1 }],
    ]);
    expect(tally.flush(send, 2)).toBeUndefined();
  });

  it("keeps the counts of a hand-over that failed for the next one", async () => {
    const tally = new RefusalTally();
    tally.add(forged);
    await tally.flush(() => Promise.reject(new Error("the object was being reset")), 0);
    tally.add(forged);
    const sent: RefusalCount[][] = [];
    await tally.flush(async (counts) => void sent.push(counts), 1);
    expect(sent).toEqual([[{ ...forged, count: 2 }]]);
  });

  it("holds a bounded number of kinds, counting the rest as other", async () => {
    const tally = new RefusalTally();
    for (let i = 0; i < 300; i++) tally.add({ provider: "github", status: 400, reason: `r${i}` });
    const sent: RefusalCount[][] = [];
    await tally.flush(async (counts) => void sent.push(counts), 0);
    const counts = sent.flat();
    expect(counts).toHaveLength(201);
    expect(counts.find((count) => count.reason === "other")?.count).toBe(100);
    expect(counts.reduce((sum, count) => sum + count.count, 0)).toBe(300);
  });
});
