import { execFileSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { utf8 } from "../../src/core/bytes.ts";
import type { Clock } from "../../src/relay/clock.ts";
import { type NodeRelay, startNodeRelay } from "../../src/relay/hosts/node/server.ts";
import type { LogEntry } from "../../src/relay/log.ts";
import type { DeliveryStore } from "../../src/relay/queue/store.ts";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import { acceptedIds, dispatchRequests, fastClock, tempDir, until } from "./queue-support.ts";
import {
  APP_ID,
  APP_KEY,
  DISPATCHES,
  fixture,
  relayEnvs,
  SECRETS,
  signedHeaders,
  uniqueId,
} from "./support.ts";

/** The dispatcher's clock runs this much faster than the wall clock: a minute is one second. */
const SPEED = 60;
const INSTALLATION = "GET /repos/{owner}/{repo}/installation";
const MINT = "POST /app/installations/{installation_id}/access_tokens";

let gh: GitHubStandIn | undefined;
let relay: NodeRelay | undefined;
let logs: LogEntry[] = [];
const cleanups: (() => void | Promise<void>)[] = [];

afterEach(async () => {
  await relay?.close();
  relay = undefined;
  await gh?.close();
  gh = undefined;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  logs = [];
});

function dataDir(): string {
  const dir = tempDir();
  cleanups.push(() => dir.remove());
  return dir.path;
}

async function standIn(options: Parameters<typeof startGitHubStandIn>[0] = {}, clock?: Clock) {
  gh = await startGitHubStandIn({
    ...(clock ? { now: () => new Date(clock.now()) } : {}),
    ...options,
  });
  return gh;
}

async function start(
  env: Record<string, string | undefined>,
  clock: Clock,
  dir: string,
): Promise<NodeRelay> {
  relay = await startNodeRelay({
    env: {
      HOOKBRIDGE_DELIVERY: "queue",
      HOOKBRIDGE_DATA_DIR: dir,
      HOOKBRIDGE_DISPATCH_RATE: "6000",
      HOOKBRIDGE_DISPATCH_CONCURRENCY: "2",
      // One dispatch per delivery: these tests follow single deliveries; batching has its own.
      HOOKBRIDGE_BATCH_WINDOW: "0",
      ...env,
    },
    port: 0,
    host: "127.0.0.1",
    clock,
    logger: (entry) => logs.push(entry),
  });
  return relay;
}

/** The relay's usual settings with a token, in queue mode (the default on Node). */
function tokenEnv(url: string): Record<string, string> {
  const { HOOKBRIDGE_DELIVERY: _sync, ...env } = relayEnvs(url).main;
  return env;
}

function store(): DeliveryStore {
  const queue = relay?.queue;
  if (!queue) throw new Error("the relay runs without a queue");
  return queue.store;
}

function wake(): void {
  relay?.queue?.dispatcher.wake();
}

interface RunFields {
  readonly vcsUrl?: string;
  readonly runUid?: string;
  readonly status?: string;
  readonly updatedAt?: number;
}

/** A signed DeepSource analysis_run.updated with its own id and the fields given. */
async function analysis(fields: RunFields = {}) {
  const json = JSON.parse(new TextDecoder().decode(fixture("deepsource", "analysis_run.updated")));
  const id = uniqueId();
  json.id = id;
  const run = json.data.object;
  // A run of its own unless told: updates of one run coalesce.
  run.runUid = fields.runUid ?? `run-${id}`;
  if (fields.status) run.status = fields.status;
  if (fields.updatedAt !== undefined) run.updatedAt = fields.updatedAt;
  if (fields.vcsUrl) run.repository.vcsUrl = fields.vcsUrl;
  const body = utf8(JSON.stringify(json));
  return { id, body, headers: await signedHeaders("deepsource", body) };
}

async function send(
  path: string,
  delivery: { body: Uint8Array<ArrayBuffer>; headers: Record<string, string> },
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const response = await fetch(`${relay?.url}${path}`, {
    method: "POST",
    body: delivery.body,
    headers: delivery.headers,
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

/** The `status` a dispatched envelope's DeepSource body carried, in order of acceptance. */
function acceptedStatuses(stand: GitHubStandIn): string[] {
  return stand.requests
    .filter((request) => request.template?.endsWith("/dispatches") && request.status === 204)
    .map((request) => {
      const payload = (request.body as { client_payload: { body: string } }).client_payload;
      return (JSON.parse(payload.body) as { data: { object: { status: string } } }).data.object
        .status;
    });
}

describe("one repository never stalls another", () => {
  it("a repository the App is not installed on fails at once and alone, while the others go out in order", async () => {
    const clock = fastClock(SPEED);
    const stand = await standIn(
      { appId: APP_ID, appPublicKey: APP_KEY.publicKey, installations: { "octo-org": 101 } },
      clock,
    );
    await start(
      {
        HOOKBRIDGE_APP_ID: String(APP_ID),
        HOOKBRIDGE_APP_PRIVATE_KEY: APP_KEY.privateKey,
        HOOKBRIDGE_REPOSITORIES: "octo-org/*, lost-org/*",
        // One at a time, so the order GitHub accepts them in is the order they were sent in.
        HOOKBRIDGE_DISPATCH_CONCURRENCY: "1",
        HOOKBRIDGE_GITHUB_API_URL: stand.url,
        HOOKBRIDGE_SECRET_DEEPSOURCE: SECRETS.deepsource,
      },
      clock,
      dataDir(),
    );
    const lost = await analysis({ vcsUrl: "https://github.com/lost-org/app" });
    const lostAnswer = await send("/deepsource", lost);
    expect(lostAnswer.status).toBe(202);
    const installed: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const delivery = await analysis({ vcsUrl: "https://github.com/octo-org/api" });
      expect((await send("/deepsource", delivery)).status).toBe(202);
      installed.push(delivery.id);
    }
    await until(
      () => acceptedIds(stand).length === 5,
      "the installed repository's deliveries went out",
    );
    expect(acceptedIds(stand)).toEqual(installed);
    await until(
      () => store().get(String(lostAnswer.body.id))?.state === "failed",
      "the uninstalled repository's delivery failed",
    );
    expect(store().get(String(lostAnswer.body.id))).toMatchObject({
      state: "failed",
      attempts: 1,
      lastError: expect.stringContaining("The App is not installed on lost-org/app"),
    });
    // One look-up for the refused repository, no dispatch there, and no pause for anyone else.
    expect(
      stand.requests.filter((request) => request.path === "/repos/lost-org/app/installation"),
    ).toHaveLength(1);
    expect(dispatchRequests(stand).every((request) => request.path?.includes("octo-org"))).toBe(
      true,
    );
  });

  it("a repository GitHub keeps failing backs off alone; order holds within each repository", async () => {
    const clock = fastClock(SPEED);
    const stand = await standIn({}, clock);
    await start(
      {
        ...tokenEnv(stand.url),
        HOOKBRIDGE_REPOSITORIES: "octo-org/*",
        HOOKBRIDGE_REPOSITORY: "",
        HOOKBRIDGE_DISPATCH_CONCURRENCY: "1",
      },
      clock,
      dataDir(),
    );
    stand.setOutage("POST /repos/octo-org/broken/dispatches", { status: 502 });
    const broken: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const delivery = await analysis({ vcsUrl: "https://github.com/octo-org/broken" });
      expect((await send("/deepsource", delivery)).status).toBe(202);
      broken.push(delivery.id);
    }
    const healthy: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const delivery = await analysis({ vcsUrl: "https://github.com/octo-org/healthy" });
      expect((await send("/deepsource", delivery)).status).toBe(202);
      healthy.push(delivery.id);
    }
    await until(
      () => acceptedIds(stand).length === 4,
      "the healthy repository's deliveries went out",
    );
    expect(acceptedIds(stand)).toEqual(healthy);
    // While the broken repository's first delivery waits out its backoff, its second waits
    // behind it: never sent out of order.
    const brokenCalls = dispatchRequests(stand)
      .filter((request) => request.path?.includes("/broken/"))
      .map((request) => (request.body as { client_payload: { id: string } }).client_payload.id);
    expect(brokenCalls.length).toBeGreaterThan(0);
    expect(brokenCalls.every((id) => id === broken[0])).toBe(true);
    stand.setOutage("POST /repos/octo-org/broken/dispatches");
    await until(() => acceptedIds(stand).length === 6, "the broken repository recovered");
    expect(acceptedIds(stand).slice(4)).toEqual(broken);
  });
});

describe("coalescing by the payload's own version", () => {
  it("an older update arriving after a newer one is recorded superseded by it, and GitHub gets the newer", async () => {
    const clock = fastClock(SPEED);
    const stand = await standIn({}, clock);
    await start(tokenEnv(stand.url), clock, dataDir());
    stand.setOutage(DISPATCHES, { status: 503 });
    const newer = await analysis({ runUid: "late-run", status: "SUCCESS", updatedAt: 1700000200 });
    const older = await analysis({ runUid: "late-run", status: "PENDING", updatedAt: 1700000100 });
    const newerAnswer = await send("/deepsource", newer);
    expect(newerAnswer).toMatchObject({ status: 202, body: { queued: true } });
    const olderAnswer = await send("/deepsource", older);
    expect(olderAnswer).toMatchObject({ status: 202, body: { superseded: true } });
    expect(store().get(String(olderAnswer.body.id))).toMatchObject({
      state: "superseded",
      relatedId: newerAnswer.body.id,
    });
    stand.setOutage(DISPATCHES);
    await until(() => acceptedIds(stand).length === 1, "the newer state is dispatched");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(acceptedStatuses(stand)).toEqual(["SUCCESS"]);
    expect(acceptedIds(stand)).toEqual([newer.id]);
  });

  it("a DevRev work item's older modified_date never replaces its newer state", async () => {
    const clock = fastClock(SPEED);
    const stand = await standIn({}, clock);
    await start(tokenEnv(stand.url), clock, dataDir());
    stand.setOutage(DISPATCHES, { status: 503 });
    const work = async (modified: string, title: string) => {
      const json = JSON.parse(new TextDecoder().decode(fixture("devrev", "work_updated")));
      json.id = uniqueId();
      json.timestamp = new Date(clock.now()).toISOString();
      json.work_updated.work.modified_date = modified;
      json.work_updated.work.title = title;
      const body = utf8(JSON.stringify(json));
      return { id: json.id as string, body, headers: await signedHeaders("devrev", body) };
    };
    const newer = await work("2026-12-01T10:00:02.000Z", "newer");
    const older = await work("2026-12-01T10:00:01.000Z", "older");
    expect((await send("/devrev", newer)).body).toMatchObject({ queued: true });
    expect((await send("/devrev", older)).body).toMatchObject({ superseded: true });
    stand.setOutage(DISPATCHES);
    await until(() => acceptedIds(stand).length === 1, "the newer state is dispatched");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(acceptedIds(stand)).toEqual([newer.id]);
  });

  it("a newer update still replaces an older one that waits, as before", async () => {
    const clock = fastClock(SPEED);
    const stand = await standIn({}, clock);
    await start(tokenEnv(stand.url), clock, dataDir());
    stand.setOutage(DISPATCHES, { status: 503 });
    const older = await analysis({ runUid: "in-order", status: "PENDING", updatedAt: 1700000100 });
    const newer = await analysis({ runUid: "in-order", status: "FAILURE", updatedAt: 1700000200 });
    const olderAnswer = await send("/deepsource", older);
    expect((await send("/deepsource", newer)).body).toMatchObject({ queued: true });
    await until(
      () => store().get(String(olderAnswer.body.id))?.state === "superseded",
      "the older waiting update is superseded",
    );
    stand.setOutage(DISPATCHES);
    await until(() => acceptedIds(stand).length === 1, "the newer state is dispatched");
    expect(acceptedStatuses(stand)).toEqual(["FAILURE"]);
  });
});

/** A loopback server that must never be reached: where a redirect points. */
async function elsewhere(): Promise<{ url: string; hits: string[] }> {
  const hits: string[] = [];
  const server: Server = createServer((request, response) => {
    hits.push(`${request.method} ${request.url}`);
    response.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

describe("redirects are never followed", () => {
  for (const [call, matcher] of [
    ["the dispatch", DISPATCHES],
    ["the installation look-up", INSTALLATION],
    ["the token request", MINT],
  ] as const) {
    it(`a 307 from GitHub to ${call} fails the delivery, naming where it pointed, and nothing reaches that address`, async () => {
      const clock = fastClock(SPEED);
      const stand = await standIn(
        { appId: APP_ID, appPublicKey: APP_KEY.publicKey, installations: { "octo-org": 101 } },
        clock,
      );
      const trap = await elsewhere();
      await start(
        {
          HOOKBRIDGE_APP_ID: String(APP_ID),
          HOOKBRIDGE_APP_PRIVATE_KEY: APP_KEY.privateKey,
          HOOKBRIDGE_REPOSITORY: "octo-org/octo-repo",
          HOOKBRIDGE_GITHUB_API_URL: stand.url,
          HOOKBRIDGE_SECRET_DEEPSOURCE: SECRETS.deepsource,
        },
        clock,
        dataDir(),
      );
      stand.fail(matcher, { status: 307, headers: { location: `${trap.url}/collect?t=1` } });
      const answer = await send("/deepsource", await analysis());
      const id = String(answer.body.id);
      await until(() => store().get(id)?.state === "failed", "the delivery failed");
      expect(store().get(id)?.lastError).toContain("answered 307 to");
      expect(store().get(id)?.lastError).toContain(
        call === "the dispatch"
          ? "the dispatch"
          : call === "the token request"
            ? "installation token request"
            : "installation lookup",
      );
      expect(store().get(id)?.lastError).toContain(`${trap.url}/collect`);
      expect(store().get(id)?.lastError).not.toContain("t=1");
      expect(trap.hits).toEqual([]);
      expect(acceptedIds(stand)).toEqual([]);
    });
  }

  it("in sync mode a redirect is a 502 naming where it pointed, and nothing follows it", async () => {
    const clock = fastClock(1);
    const stand = await standIn({}, clock);
    const trap = await elsewhere();
    await start({ ...tokenEnv(stand.url), HOOKBRIDGE_DELIVERY: "sync" }, clock, dataDir());
    stand.fail(DISPATCHES, { status: 308, headers: { location: `${trap.url}/v3` } });
    const answer = await send("/deepsource", await analysis());
    expect(answer.status).toBe(502);
    expect(String(answer.body.error)).toContain(`redirecting to ${trap.url}/v3`);
    expect(trap.hits).toEqual([]);
  });
});

describe("the allow-list is read again at dispatch", () => {
  it("a delivery queued for a repository that was then removed from HOOKBRIDGE_REPOSITORIES ends filtered after the restart", async () => {
    const clock = fastClock(SPEED);
    const stand = await standIn({}, clock);
    const dir = dataDir();
    const env = { ...tokenEnv(stand.url), HOOKBRIDGE_REPOSITORY: "" };
    await start({ ...env, HOOKBRIDGE_REPOSITORIES: "octo-org/api, octo-org/web" }, clock, dir);
    stand.setOutage(DISPATCHES, { status: 503 });
    const removed = await analysis({ vcsUrl: "https://github.com/octo-org/api" });
    const kept = await analysis({ vcsUrl: "https://github.com/octo-org/web" });
    const removedId = String((await send("/deepsource", removed)).body.id);
    expect((await send("/deepsource", kept)).status).toBe(202);
    await relay?.close();
    relay = undefined;

    stand.setOutage(DISPATCHES);
    const beforeRestart = dispatchRequests(stand).length;
    await start({ ...env, HOOKBRIDGE_REPOSITORIES: "octo-org/web" }, clock, dir);
    await until(() => acceptedIds(stand).length === 1, "the still-allowed delivery went out");
    await until(() => store().get(removedId)?.state === "filtered", "the other was filtered");
    expect(store().get(removedId)?.lastError).toContain("not in HOOKBRIDGE_REPOSITORIES");
    expect(acceptedIds(stand)).toEqual([kept.id]);
    const afterRestart = dispatchRequests(stand).slice(beforeRestart);
    expect(afterRestart.some((request) => request.path?.includes("/api/"))).toBe(false);
  });

  it("a redelivery obeys the current list", async () => {
    const clock = fastClock(SPEED);
    const stand = await standIn({}, clock);
    const dir = dataDir();
    const env = { ...tokenEnv(stand.url), HOOKBRIDGE_REPOSITORY: "" };
    await start({ ...env, HOOKBRIDGE_REPOSITORIES: "octo-org/*" }, clock, dir);
    const id = String(
      (await send("/deepsource", await analysis({ vcsUrl: "https://github.com/octo-org/api" })))
        .body.id,
    );
    await until(() => store().get(id)?.state === "dispatched", "dispatched once");
    await relay?.close();
    relay = undefined;
    await start({ ...env, HOOKBRIDGE_REPOSITORIES: "octo-org/web" }, clock, dir);
    expect(store().redeliver(id, clock.now())).toBe(true);
    wake();
    await until(() => store().get(id)?.state === "filtered", "the redelivery was filtered");
    expect(acceptedIds(stand)).toHaveLength(1);
  });
});

describe("copies in queue mode", () => {
  it("the store alone decides copies, and records each one in the log", async () => {
    const clock = fastClock(SPEED);
    const stand = await standIn({}, clock);
    await start(tokenEnv(stand.url), clock, dataDir());
    const delivery = await analysis();
    const first = await send("/deepsource", delivery);
    expect(first.status).toBe(202);
    await until(() => acceptedIds(stand).length === 1, "dispatched");
    expect(await send("/deepsource", delivery)).toMatchObject({
      status: 200,
      body: { duplicate: true },
    });
    expect(store().list({ state: "duplicate" })).toEqual([
      expect.objectContaining({ deliveryId: delivery.id, relatedId: first.body.id }),
    ]);
    expect(acceptedIds(stand)).toHaveLength(1);
  });
});

describe("the data directory is private", () => {
  it("is 0700 with 0600 files whatever the umask", async () => {
    const clock = fastClock(1);
    const stand = await standIn({}, clock);
    const dir = join(dataDir(), "data");
    const previous = process.umask(0o022);
    try {
      await start(tokenEnv(stand.url), clock, dir);
      await send("/deepsource", await analysis());
    } finally {
      process.umask(previous);
    }
    const { statSync, readdirSync } = await import("node:fs");
    expect((statSync(dir).mode & 0o777).toString(8)).toBe("700");
    const files = readdirSync(dir);
    expect(files).toEqual(
      expect.arrayContaining([
        "deliveries.sqlite",
        "deliveries.sqlite-wal",
        "deliveries.sqlite-shm",
      ]),
    );
    for (const file of files)
      expect((statSync(join(dir, file)).mode & 0o777).toString(8)).toBe("600");
  });
});

/** A clock whose wall time can be stepped, while its monotonic time keeps its pace. */
function steppableClock(speed: number): Clock & { step(ms: number): void } {
  const inner = fastClock(speed);
  let offset = 0;
  return {
    now: () => inner.now() + offset,
    monotonic: () => inner.monotonic(),
    sleep: (ms, signal) => inner.sleep(ms, signal),
    step(ms) {
      offset += ms;
    },
  };
}

describe("time", () => {
  it("a wall clock stepped back 45 s does not stall a waiting retry", async () => {
    const clock = steppableClock(SPEED);
    const stand = await standIn({}, clock);
    await start(tokenEnv(stand.url), clock, dataDir());
    // A pause GitHub asks for keeps the delivery waiting long enough to step the clock under it.
    stand.fail(DISPATCHES, { status: 429, headers: { "retry-after": "30" } });
    const answer = await send("/deepsource", await analysis());
    const id = String(answer.body.id);
    await until(
      () => store().get(id)?.attempts === 1 && store().get(id)?.state === "queued",
      "one attempt was refused",
    );
    const retryAt = store().get(id)?.nextAttemptAt ?? 0;
    const retryIn = retryAt - clock.now();
    clock.step(-45_000);
    const steppedAt = clock.monotonic();
    await until(() => store().get(id)?.state === "dispatched", "the retry went out");
    // When GitHub's pause ends, not 45 seconds later.
    expect(clock.monotonic() - steppedAt).toBeLessThan(Math.max(0, retryIn) + 10_000);
    expect(
      logs.some((entry) => String(entry.msg).includes("wall clock moved by -45 seconds")),
    ).toBe(true);
  });

  it("finished deliveries are pruned on a schedule that keeps HOOKBRIDGE_RETENTION's promise", async () => {
    const clock = fastClock(SPEED);
    const stand = await standIn({}, clock);
    await start({ ...tokenEnv(stand.url), HOOKBRIDGE_RETENTION: "2m" }, clock, dataDir());
    const id = String((await send("/deepsource", await analysis())).body.id);
    await until(() => store().get(id)?.state === "dispatched", "dispatched");
    const finished = store().get(id)?.finishedAt ?? 0;
    await until(() => store().get(id) === undefined, "pruned without a restart", 30_000);
    // Gone within the retention plus one pruning interval (a tenth of it).
    expect(clock.now() - finished).toBeLessThan(2 * 60_000 + 12_000 + 5_000);
  });
});

/** Whether this process may mount a tmpfs (root in a sandbox that allows it). */
function canMountTmpfs(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = tempDir();
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe.path], {
      stdio: "ignore",
    });
    execFileSync("umount", [probe.path], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  } finally {
    probe.remove();
  }
}

const TMPFS = canMountTmpfs();

/** A small tmpfs of its own, and a way to fill it to the last byte and free it again. */
function smallDisk(bytes: number) {
  const dir = tempDir();
  execFileSync("mount", ["-t", "tmpfs", "-o", `size=${bytes}`, "tmpfs", dir.path]);
  cleanups.push(() => {
    execFileSync("umount", ["-l", dir.path]);
    dir.remove();
  });
  const filler = join(dir.path, "filler");
  return {
    path: join(dir.path, "data"),
    fill() {
      // dd stops at ENOSPC: the disk is then full to its last block.
      try {
        execFileSync("dd", ["if=/dev/zero", `of=${filler}`, "bs=4k"], { stdio: "ignore" });
      } catch {
        // "No space left on device" is the point.
      }
    },
    free() {
      execFileSync("rm", ["-f", filler]);
    },
  };
}

describe.skipIf(!TMPFS)("a full disk (a real tmpfs)", () => {
  it("answers 503 with Retry-After, reports degraded health, dispatches each accepted delivery once, and resumes by itself when space returns", async () => {
    const clock = fastClock(SPEED);
    const stand = await standIn({}, clock);
    const disk = smallDisk(3 * 1024 * 1024);
    await start(tokenEnv(stand.url), clock, disk.path);
    stand.setOutage(DISPATCHES, { status: 503 });
    const accepted: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const delivery = await analysis({ runUid: `before-${i}` });
      expect((await send("/deepsource", delivery)).status).toBe(202);
      accepted.push(delivery.id);
    }

    disk.fill();
    // GitHub is back while the disk is full: claims and outcomes cannot all be written.
    stand.setOutage(DISPATCHES);
    const refused: Awaited<ReturnType<typeof analysis>>[] = [];
    for (let i = 0; i < 40 && refused.length === 0; i += 1) {
      const delivery = await analysis({ runUid: `during-${i}` });
      const answer = await send("/deepsource", delivery);
      if (answer.status === 202) accepted.push(delivery.id);
      else {
        expect(answer.status).toBe(503);
        expect(Number(answer.headers.get("retry-after"))).toBeGreaterThan(0);
        expect(String(answer.body.error)).toContain("SQLITE_FULL");
        refused.push(delivery);
      }
    }
    expect(refused).toHaveLength(1);
    const sick = await fetch(`${relay?.url}/healthz`);
    expect(sick.status).toBe(503);
    expect(await sick.json()).toMatchObject({
      ok: false,
      error: expect.stringContaining("SQLITE_FULL"),
    });
    expect(logs.some((entry) => String(entry.error ?? "").includes("cannot rollback"))).toBe(false);

    disk.free();
    let healthy = false;
    for (let i = 0; i < 200 && !healthy; i += 1) {
      healthy = (await fetch(`${relay?.url}/healthz`)).status === 200;
      if (!healthy) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(healthy).toBe(true);
    // The provider's retry of the refused delivery is taken now.
    for (const delivery of refused) {
      expect((await send("/deepsource", delivery)).status).toBe(202);
      accepted.push(delivery.id);
    }
    await until(
      () => accepted.every((id) => acceptedIds(stand).includes(id)),
      "every accepted delivery is dispatched without a restart",
      30_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const sent = acceptedIds(stand);
    expect(new Set(sent).size).toBe(sent.length);
    expect([...sent].sort()).toEqual([...accepted].sort());
  });

  it("an immutable database file names its directory at start instead of asking for a report", async () => {
    const clock = fastClock(1);
    const stand = await standIn({}, clock);
    const disk = smallDisk(1024 * 1024);
    await start(tokenEnv(stand.url), clock, disk.path);
    await relay?.close();
    relay = undefined;
    const file = join(disk.path, "deliveries.sqlite");
    execFileSync("chattr", ["+i", file]);
    cleanups.push(() => {
      execFileSync("chattr", ["-i", file]);
    });
    await expect(start(tokenEnv(stand.url), clock, disk.path)).rejects.toThrow(
      new RegExp(`HOOKBRIDGE_DATA_DIR "${disk.path}" cannot hold the delivery queue`),
    );
  });
});
