import type { RelayConfig } from "./config.ts";

interface Described {
  readonly provider: string;
  readonly event: string;
  readonly json: unknown;
  /** Why routing sends the delivery nowhere (HOOKBRIDGE_REPOSITORIES), if it does. */
  readonly ignored?: string | undefined;
}

export interface Policy {
  /**
   * Deliveries with the same key describe the same object; while one waits, a newer one
   * replaces it, since the receive action only acts on the newest state anyway.
   */
  readonly coalesceKey: string | undefined;
  /** Why the delivery is recorded but not dispatched, or `undefined` to dispatch it. */
  readonly filtered: string | undefined;
}

// DeepSource's run statuses after which a run changes no more.
const TERMINAL_RUN_STATUSES = new Set(["SUCCESS", "FAILURE", "TIMEOUT", "CANCEL", "STALE"]);

function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

function coalesceKey(delivery: Described): string | undefined {
  if (
    delivery.provider === "deepsource" &&
    (delivery.event === "analysis_run.updated" || delivery.event === "autofix_run.updated")
  ) {
    const run = text(field(delivery.json, "data", "object", "runUid"));
    return run && `deepsource\n${delivery.event}\n${run}`;
  }
  if (delivery.provider === "devrev" && delivery.event === "work_updated") {
    const work = text(field(delivery.json, "work_updated", "work", "id"));
    return work && `devrev\nwork_updated\n${work}`;
  }
  return undefined;
}

/** How one delivery is treated by the queue: coalesced with others, filtered, or neither. */
export function deliveryPolicy(
  config: Pick<RelayConfig, "deepsourceAnalysis">,
  delivery: Described,
): Policy {
  // Routing's verdict comes first: such a delivery is recorded, never dispatched.
  let filtered: string | undefined = delivery.ignored;
  if (
    filtered === undefined &&
    config.deepsourceAnalysis === "final" &&
    delivery.provider === "deepsource" &&
    delivery.event.startsWith("analysis_run.")
  ) {
    const status = text(field(delivery.json, "data", "object", "status"));
    if (!status || !TERMINAL_RUN_STATUSES.has(status)) {
      filtered = `HOOKBRIDGE_DEEPSOURCE_ANALYSIS=final dispatches analysis runs only once finished, and this one is ${status ?? "without a status"}.`;
    }
  }
  return { coalesceKey: coalesceKey(delivery), filtered };
}
