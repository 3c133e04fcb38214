/**
 * A Node load generator for machines without wrk: `connections` closed-loop clients on one
 * undici Pool, each sending the next pre-signed body as soon as its previous answer arrived.
 * With `requests`, it sends that many in all and stops (a burst). Runs as its own (pinned)
 * process; prints one JSON line.
 *
 *   node bench/load/node-load.ts '{"url":…,"path":…,"connections":…,"seconds":…,"poolFile":…}'
 */
import { Pool } from "undici";
import { readBodyPool } from "../lib/deliveries.ts";
import { percentile } from "../lib/stats.ts";
import type { LoadOptions, LoadResult } from "./result.ts";

const options = JSON.parse(process.argv[2] ?? "{}") as Omit<LoadOptions, "prefix">;
const bodies = readBodyPool(options.poolFile);
const pool = new Pool(options.url, { connections: options.connections, pipelining: 1 });
const latencies: number[] = [];
let next = 0;
let errors = 0;
let non2xx = 0;

const started = performance.now();
const end = started + options.seconds * 1000;

async function client(): Promise<void> {
  while (performance.now() < end) {
    if (options.requests !== undefined && next >= options.requests) return;
    const record = bodies[next++ % bodies.length];
    if (!record) return;
    const sent = performance.now();
    try {
      const response = await pool.request({
        path: options.path,
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-deepsource-signature": record.signature,
        },
        body: record.body,
      });
      await response.body.dump();
      if (response.statusCode >= 400) non2xx += 1;
      latencies.push(performance.now() - sent);
    } catch {
      errors += 1;
    }
  }
}

await Promise.all(Array.from({ length: options.connections }, client));
const seconds = (performance.now() - started) / 1000;
await pool.close();
const result: LoadResult = {
  generator: "node (undici Pool)",
  requests: latencies.length,
  seconds,
  rps: latencies.length / seconds,
  latencyMs: {
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: percentile(latencies, 100),
  },
  errors,
  non2xx,
};
console.log(JSON.stringify(result));
