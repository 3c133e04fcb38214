// The package ships no types; this is the shape its README documents.
declare module "parse-prometheus-text-format" {
  export interface MetricFamily {
    readonly name: string;
    readonly help: string;
    readonly type: "COUNTER" | "GAUGE" | "HISTOGRAM" | "SUMMARY" | "UNTYPED";
    readonly metrics: readonly Record<string, unknown>[];
  }
  export default function parsePrometheusTextFormat(text: string): MetricFamily[];
}
