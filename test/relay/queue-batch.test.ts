import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decodeBatch } from "../../src/core/batch-envelope.ts";
import { utf8 } from "../../src/core/bytes.ts";
import { decodeDispatch, MAX_CLIENT_PAYLOAD_BYTES } from "../../src/core/envelope.ts";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import {
  dispatchRequests,
  fastClock,
  type QueuedRelay,
  startQueuedRelay,
  tempDir,
  until,
} from "./queue-support.ts";
import { fixture, signedHeaders, uniqueId } from "./support.ts";

const SPEED = 60;

let gh: GitHubStandIn;
let dir: ReturnType<typeof tempDir>;
let clock: ReturnType<typeof fastClock>;
let current: QueuedRelay | undefined;

beforeEach(async () => {
  clock = fastClock(SPEED);
  gh = await startGitHubStandIn({ now: () => new Date(clock.now()) });
  dir = tempDir();
});
afterEach(async () => {
  await current?.relay.close();
  current = undefined;
  await gh.close();
  dir.remove();
});

async function start(env: Record<string, string> = {}) {
  current = await startQueuedRelay(gh, dir.path, clock, {
    HOOKBRIDGE_BATCH_WINDOW: "10s",
    HOOKBRIDGE_DISPATCH_CONCURRENCY: "2",
    ...env,
  });
  return current;
}

function store() {
  const queue = current?.relay.queue;
  if (!queue) throw new Error("no queue");
  return queue.store;
}

/** A signed repository_issue.introduced about `repo`, padded with `pad` bytes of its own text. */
async function issueEvent(repo: string, pad = 0) {
  const json = JSON.parse(
    new TextDecoder().decode(fixture("deepsource", "repository_issue.introduced")),
  );
  const id = uniqueId();
  json.id = id;
  json.data.object.id = `ri-${id}`;
  json.data.object.repository.vcsUrl = `https://github.com/${repo}`;
  // Random text, which gzip cannot shrink: the size a real payload's variety has.
  json.data.object.issue.shortDescription = randomBytes(pad).toString("base64");
  const body = utf8(JSON.stringify(json));
  return { id, body, headers: await signedHeaders("deepsource", body) };
}

async function send(delivery: { body: Uint8Array<ArrayBuffer>; headers: Record<string, string> }) {
  const response = await fetch(`${current?.relay.url}/deepsource`, {
    method: "POST",
    body: delivery.body,
    headers: delivery.headers,
  });
  expect(response.status).toBe(202);
  return (await response.json()) as { id: string };
}

/** Each accepted dispatch as the ids it carried, with its event_type. */
async function accepted(): Promise<{ type: string; ids: string[] }[]> {
  const out = [];
  for (const request of dispatchRequests(gh).filter((found) => found.status === 204)) {
    const body = request.body as { event_type: string; client_payload: unknown };
    if (body.event_type.endsWith(".batch")) {
      const { members } = await decodeBatch(body.client_payload);
      const ids = [];
      for (const member of members) ids.push((await decodeDispatch(member)).id);
      out.push({ type: body.event_type, ids });
    } else
      out.push({ type: body.event_type, ids: [(await decodeDispatch(body.client_payload)).id] });
  }
  return out;
}

const REPO = "octo-org/octo-repo";

describe("batching in the Node queue", () => {
  it("dispatches a repository's deliveries received within the window as one deepsource.batch, in order", async () => {
    await start();
    const ids: string[] = [];
    const rows: string[] = [];
    // Received "at once" however slowly this machine posts them: the window must hold them all.
    clock.hold();
    for (let i = 0; i < 5; i += 1) {
      const delivery = await issueEvent(REPO);
      rows.push((await send(delivery)).id);
      ids.push(delivery.id);
    }
    clock.release();
    await until(() => rows.every((id) => store().get(id)?.state === "dispatched"), "dispatched");
    expect(await accepted()).toEqual([{ type: "deepsource.batch", ids }]);
    const batches = new Set(rows.map((id) => store().get(id)?.batchId));
    expect(batches.size).toBe(1);
    expect([...batches][0]).toEqual(expect.any(String));
  });

  it("dispatches a delivery alone in its window as it always was", async () => {
    await start();
    const delivery = await issueEvent(REPO);
    const { id } = await send(delivery);
    await until(() => store().get(id)?.state === "dispatched", "dispatched");
    expect(await accepted()).toEqual([
      { type: "deepsource.repository_issue.introduced", ids: [delivery.id] },
    ]);
    expect(store().get(id)?.batchId).toBeNull();
  });

  it("never puts two repositories in one batch, nor more than one client_payload holds", async () => {
    await start({ HOOKBRIDGE_REPOSITORIES: "octo-org/*" });
    const a: string[] = [];
    const b: string[] = [];
    const rows: string[] = [];
    clock.hold();
    for (let i = 0; i < 12; i += 1) {
      const repo = i % 2 === 0 ? "octo-org/a" : "octo-org/b";
      // Large enough that all six of a repository's do not fit one client_payload.
      const delivery = await issueEvent(repo, 14_000);
      rows.push((await send(delivery)).id);
      (repo === "octo-org/a" ? a : b).push(delivery.id);
    }
    clock.release();
    await until(() => rows.every((id) => store().get(id)?.state === "dispatched"), "dispatched");
    const sent = await accepted();
    expect(sent.length).toBeGreaterThan(2);
    for (const request of dispatchRequests(gh))
      expect(
        JSON.stringify((request.body as { client_payload: unknown }).client_payload).length,
      ).toBeLessThan(MAX_CLIENT_PAYLOAD_BYTES);
    const byRepo = (ids: string[]) =>
      sent.flatMap((dispatch) => dispatch.ids).filter((id) => ids.includes(id));
    // Every delivery once, each repository's in order of receipt.
    expect(byRepo(a)).toEqual(a);
    expect(byRepo(b)).toEqual(b);
    for (const dispatch of sent)
      expect(
        dispatch.ids.every((id) => a.includes(id)) || dispatch.ids.every((id) => b.includes(id)),
      ).toBe(true);
  });

  it("a redelivery sends the one member asked for", async () => {
    await start();
    const rows: string[] = [];
    const ids: string[] = [];
    clock.hold();
    for (let i = 0; i < 3; i += 1) {
      const delivery = await issueEvent(REPO);
      rows.push((await send(delivery)).id);
      ids.push(delivery.id);
    }
    clock.release();
    await until(() => rows.every((id) => store().get(id)?.state === "dispatched"), "dispatched");
    expect(store().redeliver(rows[1] as string, clock.now())).toBe(true);
    current?.relay.queue?.dispatcher.wake();
    await until(() => dispatchRequests(gh).length === 2, "redelivered");
    await until(() => store().get(rows[1] as string)?.state === "dispatched", "redelivered");
    expect((await accepted())[1]).toEqual({
      type: "deepsource.repository_issue.introduced",
      ids: [ids[1]],
    });
  });
});
