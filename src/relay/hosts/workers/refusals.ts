import type { Refusal } from "../../http/answers.ts";

/** Refusals of one kind, counted in an isolate since it last handed its counts over. */
export interface RefusalCount extends Refusal {
  readonly count: number;
}

/** Kinds an isolate holds between two hand-overs; a new one past this is counted as "other". */
const MAX_KINDS = 200;
/** A hand-over not settled after this long is taken as lost with its request, and not waited on. */
const SEND_LOST_MS = 30_000;

/**
 * The refusals an isolate makes itself (a bad signature, a stale body, too big, a path that names
 * no provider, …), which never reach the Durable Object, counted here and handed to it so its
 * `/metrics` counts them as the Node relay's does. One hand-over at a time per isolate, carrying
 * everything counted since the last: a flood of bad requests costs the object a call per round
 * trip, never one per request.
 */
export class RefusalTally {
  #counts = new Map<string, RefusalCount>();
  #sendingSince: number | undefined;

  add(refusal: Refusal, count = 1): void {
    let kind: Refusal = refusal;
    const key = (of: Refusal) => `${of.provider ?? ""}\n${of.status}\n${of.reason}`;
    if (!this.#counts.has(key(kind)) && this.#counts.size >= MAX_KINDS)
      kind = { ...refusal, reason: "other" };
    const held = this.#counts.get(key(kind));
    this.#counts.set(key(kind), { ...kind, count: (held?.count ?? 0) + count });
  }

  /**
   * Hands the counts over with `send`, and what arrives meanwhile after them; undefined when
   * there is nothing to send or a hand-over under way will take it. A failed one keeps its counts
   * for the next.
   */
  flush(send: (counts: RefusalCount[]) => Promise<void>, now: number): Promise<void> | undefined {
    const busy = this.#sendingSince !== undefined && now - this.#sendingSince < SEND_LOST_MS;
    if (busy || this.#counts.size === 0) return undefined;
    this.#sendingSince = now;
    return (async () => {
      try {
        while (this.#counts.size > 0) {
          const counts = [...this.#counts.values()];
          this.#counts = new Map();
          try {
            await send(counts);
          } catch {
            for (const held of counts) this.add(held, held.count);
            return;
          }
        }
      } finally {
        this.#sendingSince = undefined;
      }
    })();
  }
}
