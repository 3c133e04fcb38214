import parsePrometheusTextFormat, { type MetricFamily } from "parse-prometheus-text-format";
import { describe, expect, it } from "vitest";
import { RelayMetrics } from "../../src/relay/admin/metrics.ts";

const STATS = { pending: 0, oldestPendingAgeSeconds: 0, failed: 0 };

function family(metrics: RelayMetrics, name: string) {
  const families = parsePrometheusTextFormat(metrics.render(STATS));
  return families.find((found: MetricFamily) => found.name === name);
}

function labelsOf(found: ReturnType<typeof family>): Record<string, string>[] {
  return (found?.metrics ?? []).map(
    (metric: Record<string, unknown>) => (metric as { labels: Record<string, string> }).labels,
  );
}

describe("RelayMetrics", () => {
  it("keeps at most 1000 delivery series: later event names count as event=other", () => {
    const metrics = new RelayMetrics();
    for (let i = 0; i < 1005; i++) {
      metrics.observe({
        provider: "deepsource",
        event: `event-${i}`,
        outcome: "dispatched",
        durationMs: 1,
        rateLimitRemaining: undefined,
      });
    }
    const series = labelsOf(family(metrics, "hookbridge_deliveries_total"));
    expect(series).toHaveLength(1001);
    const other = family(metrics, "hookbridge_deliveries_total")?.metrics.find(
      (metric: Record<string, unknown>) =>
        (metric as { labels: Record<string, string> }).labels.event === "other",
    ) as { value: string } | undefined;
    expect(other?.value).toBe("5");
  });

  it("counts refusals with bounded labels: no path, no foreign reason, at most 200 series", () => {
    const metrics = new RelayMetrics();
    metrics.refused({ provider: undefined, status: 404, reason: "unknown-provider" });
    metrics.refused({ provider: "deepsource", status: 401, reason: "signature-mismatch" });
    metrics.refused({ provider: "deepsource", status: 401, reason: "signature-mismatch" });
    metrics.refused({ provider: "deepsource", status: 400, reason: 'Not "ours"\n' });
    for (let i = 0; i < 300; i++)
      metrics.refused({ provider: "github", status: 400, reason: `r-${i}` });
    const found = family(metrics, "hookbridge_requests_refused_total");
    expect(found?.type).toBe("COUNTER");
    const series = labelsOf(found);
    expect(series).toHaveLength(201);
    expect(series).toContainEqual({ provider: "none", status: "404", reason: "unknown-provider" });
    expect(series).toContainEqual({ provider: "deepsource", status: "400", reason: "other" });
    expect(series).toContainEqual({ provider: "github", status: "400", reason: "other" });
  });

  it("writes the duration histogram's sum to the microsecond", () => {
    const metrics = new RelayMetrics();
    for (const durationMs of [17, 17, 17]) {
      metrics.observe({
        provider: "deepsource",
        event: "test.event",
        outcome: "dispatched",
        durationMs,
        rateLimitRemaining: undefined,
      });
    }
    // 0.017 + 0.017 + 0.017 is 0.051000000000000004 in floating point.
    expect(metrics.render(STATS)).toContain("\nhookbridge_dispatch_duration_seconds_sum 0.051\n");
  });
});
