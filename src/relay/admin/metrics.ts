import { type OutcomeReport, REPORT_CONCLUSIONS } from "../../core/outcome-report.ts";
import type { Refusal } from "../http/answers.ts";
import type { DispatchObservation } from "../queue/dispatcher.ts";
import type { InsertResult, NewDelivery, QueueStats } from "../queue/store.ts";

/**
 * The relay's Prometheus metrics, written in the text exposition format (version 0.0.4) by hand:
 * importing prom-client costs the relay's start-up many times what these seven metric families
 * take to write out, about a hundred lines (docs/performance.md, "Choices in the code").
 */
export const METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** Upper bounds, in seconds, of the dispatch latency histogram's buckets. */
export const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;

/**
 * Distinct label sets kept for the delivery counter. Event names come from verified payloads, but
 * a provider may still send many; past this, new ones are counted as event="other".
 */
const MAX_SERIES = 1000;

/**
 * Distinct label sets kept for refused requests. Provider and status come from a short list and
 * reasons are the relay's own codes, so this is never reached in practice; it bounds a reason
 * code added later all the same.
 */
const MAX_REFUSED_SERIES = 200;

/** A sum of float seconds, to the microsecond: 0.051, not 0.051000000000000004. */
function microseconds(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e6;
}

/**
 * Upper bounds, in seconds, of the receipt → report histogram: a workflow run takes seconds to
 * start and minutes to finish, and a queue or a batch window adds to that.
 */
export const REPORT_BUCKETS = [5, 15, 30, 60, 120, 300, 600, 1800, 3600] as const;

/** A histogram's buckets, count and sum. */
class Histogram {
  readonly #bounds: readonly number[];
  readonly #buckets: number[];
  #count = 0;
  #sum = 0;

  constructor(bounds: readonly number[]) {
    this.#bounds = bounds;
    this.#buckets = bounds.map(() => 0);
  }

  observe(seconds: number): void {
    for (const [index, bound] of this.#bounds.entries()) {
      if (seconds <= bound) this.#buckets[index] = (this.#buckets[index] ?? 0) + 1;
    }
    this.#count += 1;
    this.#sum += seconds;
  }

  lines(name: string): string[] {
    return [
      ...this.#bounds.map(
        (bound, index) =>
          `${name}_bucket${labels({ le: number(bound) })} ${this.#buckets[index] ?? 0}`,
      ),
      `${name}_bucket{le="+Inf"} ${this.#count}`,
      `${name}_sum ${number(microseconds(this.#sum))}`,
      `${name}_count ${this.#count}`,
    ];
  }
}

export type DeliveryOutcome =
  | "queued"
  | "duplicate"
  | "filtered"
  | "dispatched"
  | "failed"
  | "superseded";

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function labels(pairs: Readonly<Record<string, string>>): string {
  const entries = Object.entries(pairs);
  if (entries.length === 0) return "";
  return `{${entries.map(([name, value]) => `${name}="${escapeLabel(value)}"`).join(",")}}`;
}

function number(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}

/**
 * One counter family's series, at most `max` label sets: past that, a new set is counted with
 * `overflow`'s label ("other") in place of the one that varies, so no sender grows the metrics.
 */
class BoundedCounter {
  readonly #series = new Map<string, { labels: string; count: number }>();
  readonly #max: number;
  readonly #overflow: string;

  constructor(max: number, overflow: string) {
    this.#max = max;
    this.#overflow = overflow;
  }

  add(pairs: Readonly<Record<string, string>>, by = 1): void {
    const key = (set: Readonly<Record<string, string>>) => Object.values(set).join("\n");
    let set = pairs;
    if (!this.#series.has(key(set)) && this.#series.size >= this.#max)
      set = { ...pairs, [this.#overflow]: "other" };
    const series = this.#series.get(key(set));
    if (series) series.count += by;
    else this.#series.set(key(set), { labels: labels(set), count: by });
  }

  lines(name: string): string[] {
    return [...this.#series.values()].map((series) => `${name}${series.labels} ${series.count}`);
  }
}

/** Counters and the last GitHub rate-limit figure, fed by the queue; gauges read at scrape time. */
export class RelayMetrics {
  readonly #deliveries = new BoundedCounter(MAX_SERIES, "event");
  readonly #refused = new BoundedCounter(MAX_REFUSED_SERIES, "reason");
  readonly #latency = new Histogram(LATENCY_BUCKETS);
  readonly #reportLatency = new Histogram(REPORT_BUCKETS);
  readonly #conclusions = new Map<string, number>(REPORT_CONCLUSIONS.map((name) => [name, 0]));
  #rateLimitRemaining: number | undefined;

  #count(provider: string, event: string, outcome: DeliveryOutcome, by = 1): void {
    this.#deliveries.add({ provider, event, outcome }, by);
  }

  /** What the queue did with a committed batch: queued, recognised as a copy, or filtered. */
  received(batch: readonly NewDelivery[], results: readonly InsertResult[]): void {
    for (const [index, result] of results.entries()) {
      const delivery = batch[index];
      if (!delivery) continue;
      this.#count(delivery.provider, delivery.event, result.kind);
      if (result.kind === "queued" && result.superseded > 0)
        this.#count(delivery.provider, delivery.event, "superseded", result.superseded);
    }
  }

  /**
   * A request answered with an error, so a run of bad signatures can be alerted on; `times` of
   * them when a Worker's isolate hands over what it counted.
   */
  refused(refusal: Refusal, times = 1): void {
    // The relay's codes are short kebab-case words; anything else is not one of them.
    const reason = /^[a-z0-9-]{1,48}$/.test(refusal.reason) ? refusal.reason : "other";
    this.#refused.add(
      {
        provider: refusal.provider ?? "none",
        status: String(refusal.status),
        reason,
      },
      times,
    );
  }

  /** One dispatch attempt's outcome and latency. */
  observe(observation: DispatchObservation): void {
    const { provider, event, outcome } = observation;
    if (outcome !== "retried") this.#count(provider, event, outcome);
    this.#latency.observe(observation.durationMs / 1000);
    if (observation.rateLimitRemaining !== undefined)
      this.#rateLimitRemaining = observation.rateLimitRemaining;
  }

  /** A workflow run's report on a delivery, `latencyMs` after the relay received it. */
  reported(report: OutcomeReport, latencyMs: number): void {
    this.#conclusions.set(report.conclusion, (this.#conclusions.get(report.conclusion) ?? 0) + 1);
    this.#reportLatency.observe(latencyMs / 1000);
  }

  /** The exposition text, with the queue's gauges as they are now. */
  render(stats: QueueStats): string {
    const lines: string[] = [];
    const family = (name: string, type: string, help: string) =>
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);

    family(
      "hookbridge_deliveries_total",
      "counter",
      "Deliveries by provider, event and outcome: queued, duplicate or filtered on receipt; dispatched, failed or superseded once finished.",
    );
    lines.push(...this.#deliveries.lines("hookbridge_deliveries_total"));

    family(
      "hookbridge_requests_refused_total",
      "counter",
      'Requests answered with an error, by provider ("none" when the path names none), status and the reason code the relay logs with them (docs/delivery-log.md lists them).',
    );
    lines.push(...this.#refused.lines("hookbridge_requests_refused_total"));

    family(
      "hookbridge_queue_depth",
      "gauge",
      "Deliveries waiting to be dispatched or being dispatched.",
    );
    lines.push(`hookbridge_queue_depth ${stats.pending}`);
    family(
      "hookbridge_queue_oldest_pending_age_seconds",
      "gauge",
      "Seconds since the oldest waiting delivery was received; 0 when none waits.",
    );
    lines.push(`hookbridge_queue_oldest_pending_age_seconds ${stats.oldestPendingAgeSeconds}`);
    family(
      "hookbridge_deliveries_failed",
      "gauge",
      "Failed deliveries held for redelivery (dead letters).",
    );
    lines.push(`hookbridge_deliveries_failed ${stats.failed}`);

    family(
      "hookbridge_dispatch_duration_seconds",
      "histogram",
      "Time from sending a repository_dispatch to GitHub's answer (or the failure to get one).",
    );
    lines.push(...this.#latency.lines("hookbridge_dispatch_duration_seconds"));

    family(
      "hookbridge_reports_total",
      "counter",
      "Workflow runs' reports recorded, by conclusion: success, failure or superseded.",
    );
    for (const [conclusion, count] of this.#conclusions)
      lines.push(`hookbridge_reports_total${labels({ conclusion })} ${count}`);
    family(
      "hookbridge_report_latency_seconds",
      "histogram",
      "Time from the relay receiving a delivery to the report of the workflow run that handled it.",
    );
    lines.push(...this.#reportLatency.lines("hookbridge_report_latency_seconds"));

    if (this.#rateLimitRemaining !== undefined) {
      family(
        "hookbridge_github_rate_limit_remaining",
        "gauge",
        "GitHub's x-ratelimit-remaining on its last answer to a dispatch.",
      );
      lines.push(`hookbridge_github_rate_limit_remaining ${this.#rateLimitRemaining}`);
    }
    return `${lines.join("\n")}\n`;
  }
}
