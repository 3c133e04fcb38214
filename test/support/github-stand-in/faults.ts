/**
 * Scripted misbehaviour: the next matching requests fail in a chosen way, once each, and then
 * normal service resumes. Persistent delays model a slow but healthy API for benchmarks.
 */

export type FaultStep =
  /** Answer with this status (and optional headers/body) instead of the real behaviour. */
  | {
      readonly status: number;
      readonly headers?: Readonly<Record<string, string>>;
      readonly body?: unknown;
      readonly delayMs?: number;
    }
  /** Never answer; the request stays open until the client gives up or the stand-in closes. */
  | { readonly hang: true }
  /** Drop the TCP connection with a reset, before any response byte. */
  | { readonly reset: true; readonly delayMs?: number }
  /** Wait, then behave normally (the request takes effect even if the client gave up). */
  | { readonly delayMs: number };

export interface RequestIdentity {
  readonly method: string;
  readonly pathname: string;
  readonly template: string;
  readonly operationId: string;
}

/**
 * Matches `"*"`, an operationId (`"repos/create-dispatch-event"`), or `"METHOD path"` where the
 * path is a template (`/repos/{owner}/{repo}/dispatches`) or a concrete path.
 */
export type Matcher = string;

export function matches(matcher: Matcher, request: RequestIdentity): boolean {
  if (matcher === "*" || matcher === request.operationId) return true;
  const spaced = /^([A-Za-z]+)\s+(\S+)$/.exec(matcher);
  const method = spaced ? spaced[1]?.toUpperCase() : undefined;
  const path = spaced ? spaced[2] : matcher;
  if (method !== undefined && method !== request.method) return false;
  return path === request.template || path === request.pathname;
}

/** A cap on how many matching requests are served per second of the stand-in's clock. */
interface RateCap {
  readonly perSecond: number;
  /** What the requests beyond the cap get. */
  readonly step: FaultStep;
  /** The second (`floor(ms / 1000)`) being counted, and how many it served. */
  window: number;
  served: number;
}

export class Faults {
  readonly #queues: { matcher: Matcher; steps: FaultStep[] }[] = [];
  readonly #caps = new Map<Matcher, RateCap>();
  readonly #delays = new Map<Matcher, number>();
  /** Outages: every matching request gets this answer until the outage is lifted. */
  readonly #outages = new Map<Matcher, FaultStep>();
  /** Told each time a `hang` step leaves a request unanswered; kept across `clear()`. */
  readonly #hangListeners = new Set<() => void>();

  onHang(listener: () => void): void {
    this.#hangListeners.add(listener);
  }

  /** A request is being left unanswered. */
  hung(): void {
    for (const listener of this.#hangListeners) listener();
  }

  add(matcher: Matcher, steps: readonly FaultStep[]): void {
    this.#queues.push({ matcher, steps: [...steps] });
  }

  setDelay(matcher: Matcher, delayMs: number): void {
    if (delayMs > 0) this.#delays.set(matcher, delayMs);
    else this.#delays.delete(matcher);
  }

  setOutage(matcher: Matcher, step: FaultStep | undefined): void {
    if (step) this.#outages.set(matcher, step);
    else this.#outages.delete(matcher);
  }

  /**
   * At most `perSecond` matching requests are served in each second of the clock; the others get
   * `step` (GitHub's secondary rate limit, say). `undefined` lifts the cap.
   */
  setRateCap(matcher: Matcher, perSecond: number | undefined, step: FaultStep): void {
    if (perSecond === undefined) this.#caps.delete(matcher);
    else this.#caps.set(matcher, { perSecond, step, window: -1, served: 0 });
  }

  /**
   * The next scripted step for this request, consuming it; an outage answers first, then a rate
   * cap. `now` is the stand-in's clock in milliseconds.
   */
  take(request: RequestIdentity, now = Date.now()): FaultStep | undefined {
    for (const [matcher, step] of this.#outages) {
      if (matches(matcher, request)) return step;
    }
    for (const [matcher, cap] of this.#caps) {
      if (!matches(matcher, request)) continue;
      const window = Math.floor(now / 1000);
      if (window !== cap.window) {
        cap.window = window;
        cap.served = 0;
      }
      if (cap.served >= cap.perSecond) return cap.step;
      cap.served += 1;
    }
    for (const queue of this.#queues) {
      if (queue.steps.length > 0 && matches(queue.matcher, request)) return queue.steps.shift();
    }
    return undefined;
  }

  /** The persistent delay for this request: the longest of the matching settings. */
  delayFor(request: RequestIdentity): number {
    let delay = 0;
    for (const [matcher, ms] of this.#delays) {
      if (matches(matcher, request)) delay = Math.max(delay, ms);
    }
    return delay;
  }

  /** Scripted steps not used yet, so a test can assert its faults were all hit. */
  pending(): number {
    return this.#queues.reduce((sum, queue) => sum + queue.steps.length, 0);
  }

  clear(): void {
    this.#queues.length = 0;
    this.#delays.clear();
    this.#outages.clear();
    this.#caps.clear();
  }
}
