import { describe, expect, it } from "vitest";
import { DeliveryMemory } from "../../src/relay/delivery/dedupe.ts";

function memory(options: { capacity?: number; ttlMs?: number } = {}) {
  const clock = { now: 1_000_000 };
  return { clock, memory: new DeliveryMemory({ now: () => clock.now, ...options }) };
}

function dispatch(target: DeliveryMemory, key: string, dispatched = true): void {
  const claim = target.claim(key);
  if (claim.state !== "new") throw new Error(`${key} was ${claim.state}`);
  claim.settle(dispatched);
}

describe("DeliveryMemory", () => {
  it("answers seen for a dispatched id, and new for an id whose dispatch failed", () => {
    const { memory: m } = memory();
    dispatch(m, "a");
    expect(m.claim("a").state).toBe("seen");
    dispatch(m, "b", false);
    expect(m.claim("b").state).toBe("new");
  });

  it("answers in-flight while a claim is unsettled, and settles once", () => {
    const { memory: m } = memory();
    const first = m.claim("a");
    expect(m.claim("a").state).toBe("in-flight");
    if (first.state !== "new") throw new Error("expected new");
    first.settle(false);
    first.settle(true);
    expect(m.claim("a").state).toBe("new");
  });

  it("a delivery claimed under several keys is a copy when any of them was seen or is in flight", () => {
    const { memory: m } = memory();
    const first = m.claim("id-1", "body-x");
    expect(m.claim("id-2", "body-x").state).toBe("in-flight");
    if (first.state !== "new") throw new Error("expected new");
    first.settle(true);
    expect(m.claim("id-2", "body-x").state).toBe("seen");
    expect(m.claim("id-1", "body-y").state).toBe("seen");
    const other = m.claim("id-3", "body-z");
    expect(other.state).toBe("new");
    if (other.state !== "new") throw new Error("expected new");
    other.settle(false);
    expect(m.claim("id-3").state).toBe("new");
  });

  it("forgets an id after its time to live", () => {
    const { memory: m, clock } = memory({ ttlMs: 1000 });
    dispatch(m, "a");
    clock.now += 999;
    expect(m.claim("a").state).toBe("seen");
    clock.now += 2;
    expect(m.claim("a").state).toBe("new");
  });

  it("keeps at most `capacity` ids, dropping the least recently seen", () => {
    const { memory: m } = memory({ capacity: 3 });
    for (const key of ["a", "b", "c"]) dispatch(m, key);
    expect(m.claim("a").state).toBe("seen"); // a is now the most recent
    dispatch(m, "d");
    expect(m.size).toBe(3);
    expect(m.claim("b").state).toBe("new");
    expect(m.claim("a").state).toBe("seen");
  });
});
