/**
 * What the delivery-story tests share: a port for a relay whose public URL must be known before
 * it starts, and a signed DeepSource analysis run of its own, posted to a queue-mode relay.
 */
import { createServer } from "node:net";
import { expect } from "vitest";
import type { NodeRelay } from "../../src/relay/hosts/node/server.ts";
import { edited, sampleWithCommits } from "../receive/support.ts";
import { until } from "../relay/queue-support.ts";
import { signedHeaders } from "../relay/support.ts";

/** A loopback port nothing listens on yet. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * POSTs the sample DeepSource analysis run as run `runUid` (its own delivery id), expects 202,
 * and resolves with the relay's id once the delivery reached one of `states`.
 */
export async function postAnalysisRun(
  relay: NodeRelay,
  runUid: string,
  states: readonly string[] = ["dispatched"],
): Promise<string> {
  const body = edited(sampleWithCommits("analysis_run.updated"), (json) => {
    json.id = `${json.id}-${runUid}`;
    json.data.object.runUid = runUid;
  });
  const response = await fetch(`${relay.url}/deepsource`, {
    method: "POST",
    body,
    headers: await signedHeaders("deepsource", body),
  });
  expect(response.status).toBe(202);
  const { id } = (await response.json()) as { id: string };
  await until(
    () => states.includes(relay.queue?.store.get(id)?.state ?? ""),
    `the delivery became ${states.join(" or ")}`,
  );
  return id;
}
