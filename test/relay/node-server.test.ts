import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { LogEntry } from "../../src/relay/log.ts";
import { type NodeRelay, startNodeRelay } from "../../src/relay/node-server.ts";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import {
  CONFIDENTIAL,
  DISPATCHES,
  dispatches,
  expectError,
  freshDeepSource,
  post,
  relayEnvs,
  TOKEN,
} from "./support.ts";

describe("Node relay over HTTP (startNodeRelay)", () => {
  let gh: GitHubStandIn;
  let relay: NodeRelay;
  const logs: LogEntry[] = [];

  beforeAll(async () => {
    gh = await startGitHubStandIn({ token: TOKEN });
    const { HOOKBRIDGE_SECRET_DEVEO: _unset, ...env } = relayEnvs(gh.url).main;
    relay = await startNodeRelay({
      env,
      port: 0,
      host: "127.0.0.1",
      logger: (entry) => logs.push(entry),
    });
  });
  afterAll(async () => {
    await relay?.close();
    await gh?.close();
  });
  beforeEach(() => gh.reset());
  afterEach(() => expect(gh.violations).toEqual([]));

  it("logs where it listens, and the provider without a secret, once at start-up", () => {
    expect(relay.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(
      logs.filter((entry) => JSON.stringify(entry).includes("HOOKBRIDGE_SECRET_DEVEO")),
    ).toHaveLength(1);
    expect(logs.some((entry) => entry.url === relay.url)).toBe(true);
  });

  it("answers /healthz", async () => {
    const response = await fetch(`${relay.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it("dispatches a signed DeepSource delivery", async () => {
    const sample = await freshDeepSource();
    const response = await fetch(`${relay.url}/deepsource`, post(sample));
    expect(response.status).toBe(204);
    expect(dispatches(gh)).toHaveLength(1);
    expect(dispatches(gh)[0]?.event_type).toBe("deepsource.analysis_run.updated");
  });

  it("answers 413 to an oversized body streamed without a Content-Length", async () => {
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 2 * 1024 * 1024) controller.close();
        else {
          sent += chunk.length;
          controller.enqueue(chunk);
        }
      },
    });
    const response = await fetch(`${relay.url}/deepsource`, {
      method: "POST",
      body,
      headers: { "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
    expect(await expectError(response, 413)).toContain("1024 KiB");
  });

  it("never writes a secret or the token to its log", () => {
    const everything = JSON.stringify(logs);
    for (const secret of CONFIDENTIAL) expect(everything).not.toContain(secret);
  });

  it("refuses to start with a sentence per bad variable", async () => {
    await expect(
      startNodeRelay({ env: { HOOKBRIDGE_REPOSITORY: "nope" }, port: 0, host: "127.0.0.1" }),
    ).rejects.toThrow(
      /^HOOKBRIDGE_REPOSITORY must name one repository as owner\/repo.*\. HOOKBRIDGE_GITHUB_TOKEN \(or/,
    );
  });

  it("closes gracefully: the in-flight delivery is answered, new connections are refused", async () => {
    gh.fail(DISPATCHES, [{ delayMs: 300 }]);
    const sample = await freshDeepSource();
    const inFlight = fetch(`${relay.url}/deepsource`, post(sample));
    for (let i = 0; i < 200 && gh.requests.length === 0; i++)
      await new Promise((r) => setTimeout(r, 5));
    expect(gh.requests).toHaveLength(1);
    const closed = relay.close();
    expect((await inFlight).status).toBe(204);
    await closed;
    expect(dispatches(gh)).toHaveLength(1);
    await expect(fetch(`${relay.url}/healthz`)).rejects.toThrow();
  });
});
