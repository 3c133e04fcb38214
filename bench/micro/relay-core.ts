/**
 * CPU time per request of the relay core in process (no HTTP): DeepSource bodies with ids of
 * their own, dry run, sync mode, log lines written as `hookbridge relay` writes them (to a
 * discarded stdout). For iterating on the request path quietly; `npm run bench` is the figure.
 *   node bench/micro/relay-core.ts [rounds] [requests-per-round]
 */

import { loadRelayConfig } from "../../src/relay/config.ts";
import { nodeLineLogger } from "../../src/relay/hosts/node/log.ts";
import { createRelayCore } from "../../src/relay/http/handler.ts";
import type { RelayRequest } from "../../src/relay/http/request.ts";
import { DEEPSOURCE_SECRET, deepsourceBody, signDeepSource } from "../lib/deliveries.ts";

const rounds = Number(process.argv[2] ?? 8);
const perRound = Number(process.argv[3] ?? 10_000);
const config = loadRelayConfig({
  HOOKBRIDGE_DELIVERY: "sync",
  HOOKBRIDGE_DRY_RUN: "1",
  HOOKBRIDGE_SECRET_DEEPSOURCE: DEEPSOURCE_SECRET,
});
// MICRO_LOG=0 leaves the log lines out, to see what writing them costs.
const core = createRelayCore(config, {
  logger: process.env.MICRO_LOG === "0" ? () => {} : nodeLineLogger(),
});

const POOL = 30_000;
const pool = Array.from({ length: POOL }, (_, i) => {
  const body = deepsourceBody(i);
  return {
    body: new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength),
    headers: {
      "content-type": "application/json",
      "content-length": String(body.length),
      "x-deepsource-signature": signDeepSource(body),
    } as Record<string, string>,
  };
});

let next = 0;
function request(): RelayRequest {
  const item = pool[next++ % POOL] as (typeof pool)[number];
  return {
    method: "POST",
    path: "/deepsource",
    search: () => "",
    header: (name) => item.headers[name] ?? null,
    body: async () => item.body,
  };
}

const statuses = new Map<number, number>();
for (let round = 0; round < rounds; round++) {
  const start = process.cpuUsage();
  // 50 in flight, as the bench's 50 connections keep them.
  let done = 0;
  await new Promise<void>((resolve) => {
    const one = () => {
      core(request()).then((answer) => {
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        done++;
        if (done === perRound) resolve();
        else if (done + 50 <= perRound) setImmediate(one);
      });
    };
    for (let i = 0; i < Math.min(50, perRound); i++) one();
  });
  const used = process.cpuUsage(start);
  process.stderr.write(
    `round ${round}: ${((used.user + used.system) / perRound).toFixed(1)} µs/request\n`,
  );
}
process.stderr.write(`statuses: ${JSON.stringify(Object.fromEntries(statuses))}\n`);
