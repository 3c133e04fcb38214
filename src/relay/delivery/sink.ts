import type { NamedRepository, ProviderName } from "../../core/providers.ts";

/** A verified, allowed, not-yet-seen delivery: everything needed to dispatch it, now or later. */
export interface Delivery {
  readonly provider: ProviderName;
  readonly event: string;
  /** The provider's delivery id (or a digest of the body). */
  readonly id: string;
  /** `owner/repo` that receives the dispatch. */
  readonly repository: string | undefined;
  /** The repository the event names, if any: routing is decided again from it at dispatch. */
  readonly named: NamedRepository | undefined;
  /** The raw body, exactly as received. */
  readonly body: Uint8Array<ArrayBuffer>;
  /** The body's exact text when the parser already decoded it; never stored. */
  readonly bodyText?: string | undefined;
  /** Headers the receive action needs to verify the body again (no envelope signature yet). */
  readonly headers: Readonly<Record<string, string>>;
  /** The verified body, parsed; read only for coalescing and filtering, never stored. */
  readonly json: unknown;
  /** Wall-clock milliseconds the relay received it. */
  readonly receivedAt: number;
  /** Same key for copies of one delivery; `undefined` when the provider never retries. */
  readonly dedupeKey: string | undefined;
  /**
   * Why routing sends it nowhere (a repository outside HOOKBRIDGE_REPOSITORIES): every sink
   * answers `filtered` without dispatching; one with a delivery log records it as such.
   */
  readonly ignored?: string | undefined;
}

/** What became of a delivery handed to a sink. */
export type SinkOutcome =
  /** GitHub accepted it (sync mode). */
  | { readonly kind: "dispatched" }
  /** Committed to the queue; the dispatcher sends it. */
  | { readonly kind: "queued"; readonly id: string }
  /** An older state of an object whose newer state the queue already holds: recorded only. */
  | { readonly kind: "superseded"; readonly id: string; readonly by: string }
  /** A copy of a delivery the queue already holds. */
  | { readonly kind: "duplicate"; readonly id?: string }
  /** Recorded but never dispatched (HOOKBRIDGE_DEEPSOURCE_ANALYSIS=final and not final yet). */
  | { readonly kind: "filtered"; readonly id?: string; readonly why: string };

/**
 * Where the handler hands a delivery once it has been verified, validated, allowed and
 * deduplicated: straight to GitHub (sync), or into a durable queue.
 */
export interface DeliverySink {
  /**
   * Whether the sink itself recognises copies (a durable store that records each as a
   * `duplicate`), so the handler's in-memory memory of recent ids stays out of the way.
   */
  readonly decidesCopies: boolean;
  /** `answerBy` is the `performance.now()` time by which the provider must have its answer. */
  deliver(delivery: Delivery, answerBy: number): Promise<SinkOutcome>;
}
