import { connect } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type NodeRelay, startNodeRelay } from "../../src/relay/hosts/node/server.ts";
import type { LogEntry } from "../../src/relay/log.ts";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import { relayContract } from "./contract.ts";
import {
  CONFIDENTIAL,
  DISPATCHES,
  dispatches,
  expectError,
  freshDeepSource,
  post,
  relayEnvs,
  TOKEN,
  type Variant,
} from "./support.ts";

// The node:http host reads requests without a Web Request, so it answers the same table itself.
relayContract("Node over HTTP (startNodeRelay)", async (envs) => {
  const lines: string[] = [];
  const logger = (entry: LogEntry) => lines.push(JSON.stringify(entry));
  const relays = Object.fromEntries(
    await Promise.all(
      Object.entries(envs).map(
        async ([variant, env]) =>
          [variant, await startNodeRelay({ env, port: 0, host: "127.0.0.1", logger })] as const,
      ),
    ),
  ) as Record<Variant, NodeRelay>;
  return {
    fetch: (variant, path, init) => fetch(`${relays[variant].url}${path}`, init),
    withBudget: async (timeoutMs) => {
      const relay = await startNodeRelay({
        env: envs.main,
        port: 0,
        host: "127.0.0.1",
        logger,
        timeoutMs,
      });
      return { fetch: (path, init) => fetch(`${relay.url}${path}`, init), close: relay.close };
    },
    logs: async () => lines,
    close: async () => {
      await Promise.all(Object.values(relays).map((relay) => relay.close()));
    },
  };
});

/**
 * Writes `head` on a raw connection, then `body` in `chunk`-sized pieces while the relay keeps
 * reading, and resolves with everything the relay sent back and how much of the body went out.
 */
function rawExchange(
  url: string,
  head: string,
  body: { total: number; chunk: number; chunked?: boolean; stopAfter?: number } = {
    total: 0,
    chunk: 1,
  },
): Promise<{ answer: string; sent: number; closed: boolean }> {
  const { port, hostname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = "";
    let sent = 0;
    let settled = false;
    const done = (closed: boolean) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve({ answer, sent, closed });
    };
    const piece = Buffer.alloc(body.chunk, 0x20);
    const pump = () => {
      while (!settled && sent < body.total) {
        if (body.stopAfter !== undefined && sent >= body.stopAfter) {
          socket.destroy();
          return done(true);
        }
        const size = Math.min(body.chunk, body.total - sent);
        sent += size;
        const data = body.chunked
          ? Buffer.concat([
              Buffer.from(`${size.toString(16)}\r\n`),
              piece.subarray(0, size),
              Buffer.from("\r\n"),
            ])
          : piece.subarray(0, size);
        if (!socket.write(data)) return socket.once("drain", pump);
      }
      if (body.chunked && sent >= body.total) socket.write("0\r\n\r\n");
    };
    socket.on("connect", () => {
      socket.write(Buffer.from(head, "latin1"));
      pump();
    });
    socket.setEncoding("latin1");
    socket.on("data", (data: string) => {
      answer += data;
      // One answer is all these exchanges wait for.
      if (/\r\n\r\n/.test(answer) && !/connection: close/i.test(answer)) {
        const length = /content-length: (\d+)/i.exec(answer)?.[1];
        const bodyStart = answer.indexOf("\r\n\r\n") + 4;
        if (length === undefined || answer.length - bodyStart >= Number(length)) done(false);
      }
    });
    socket.on("error", () => done(true));
    socket.on("close", () => done(true));
    socket.setTimeout(20_000, () => reject(new Error("no answer in 20 s")));
  });
}

describe("Node relay over HTTP (startNodeRelay)", () => {
  let gh: GitHubStandIn;
  let relay: NodeRelay;
  const logs: LogEntry[] = [];

  beforeAll(async () => {
    gh = await startGitHubStandIn({ token: TOKEN });
    const { HOOKBRIDGE_SECRET_DEVEO: _unset, ...env } = relayEnvs(gh.url).main;
    relay = await startNodeRelay({
      // Set in sync mode, where they do nothing: the relay says so at start-up.
      env: {
        ...env,
        HOOKBRIDGE_PUBLIC_URL: "https://relay.example.com",
        HOOKBRIDGE_RETENTON: "30d",
      },
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

  it("logs where it listens, the provider without a secret and the settings that do nothing, once at start-up", () => {
    expect(relay.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(
      logs.filter((entry) => JSON.stringify(entry).includes("HOOKBRIDGE_SECRET_DEVEO")),
    ).toHaveLength(1);
    expect(logs.some((entry) => entry.url === relay.url)).toBe(true);
    expect(
      logs
        .filter((entry) => entry.level === "warn" && entry.msg !== "request")
        .map((entry) => entry.msg),
    ).toEqual([
      "HOOKBRIDGE_PUBLIC_URL is set, but runs report back only in queue mode: envelopes ask for no report until HOOKBRIDGE_DELIVERY=queue.",
      "HOOKBRIDGE_RETENTON is not a setting the relay reads, so it has no effect: did you mean HOOKBRIDGE_RETENTION?",
      expect.stringContaining("No secret for deveo"),
    ]);
  });

  it("answers /healthz", async () => {
    const response = await fetch(`${relay.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, delivery: "sync" });
  });

  it("refuses POST /healthz naming both methods its Allow header lists", async () => {
    const response = await fetch(`${relay.url}/healthz`, { method: "POST" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD");
    expect(await response.json()).toEqual({ error: "Only GET and HEAD are accepted at /healthz." });
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

  it("answers 413 when Content-Length alone is past the limit, and keeps the connection", async () => {
    const { answer, closed } = await rawExchange(
      relay.url,
      "POST /deepsource HTTP/1.1\r\nHost: relay\r\nContent-Type: application/json\r\nContent-Length: 2097152\r\n\r\n",
      { total: 2 * 1024 * 1024, chunk: 64 * 1024 },
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain("HOOKBRIDGE_MAX_BODY");
    expect(closed).toBe(false);
  });

  it("stops reading a flood past the discard limit, answers 413 and closes the connection", async () => {
    const { answer, sent } = await rawExchange(
      relay.url,
      "POST /deepsource HTTP/1.1\r\nHost: relay\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
      { total: 256 * 1024 * 1024, chunk: 256 * 1024, chunked: true },
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toMatch(/connection: close/i);
    expect(sent).toBeLessThan(128 * 1024 * 1024);
  });

  it("logs a body cut short as body-incomplete and keeps serving", async () => {
    const before = logs.length;
    await rawExchange(
      relay.url,
      "POST /deepsource HTTP/1.1\r\nHost: relay\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n",
      { total: 1000, chunk: 10, stopAfter: 10 },
    );
    for (let i = 0; i < 200 && !logs.slice(before).some((entry) => entry.msg === "request"); i++)
      await new Promise((resolve) => setTimeout(resolve, 5));
    expect(logs.slice(before).find((entry) => entry.msg === "request")).toMatchObject({
      status: 400,
      reason: "body-incomplete",
    });
    expect((await fetch(`${relay.url}/healthz`)).status).toBe(200);
  });

  it("reads the request target and repeated headers the way a Web Request would", async () => {
    expect((await fetch(`${relay.url}/healthz/`)).status).toBe(200);
    expect((await fetch(`${relay.url}/healthz?probe=1`)).status).toBe(200);
    expect((await fetch(`${relay.url}/%68ealthz`)).status).toBe(404);
    const dotted = await rawExchange(
      relay.url,
      "GET /deepsource/../healthz HTTP/1.1\r\nHost: relay\r\n\r\n",
    );
    expect(dotted.answer).toMatch(/^HTTP\/1\.1 200 /);
    const absolute = await rawExchange(
      relay.url,
      "GET http://elsewhere.test/healthz HTTP/1.1\r\nHost: relay\r\n\r\n",
    );
    expect(absolute.answer).toMatch(/^HTTP\/1\.1 200 /);
    const asterisk = await rawExchange(relay.url, "OPTIONS * HTTP/1.1\r\nHost: relay\r\n\r\n");
    expect(asterisk.answer).toMatch(/^HTTP\/1\.1 400 /);
    // Headers.get joins repeated fields, so two media types are one the relay does not accept.
    const sample = await freshDeepSource();
    const head = Object.entries(post(sample).headers as Record<string, string>)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join("");
    const twoTypes = await rawExchange(
      relay.url,
      `POST /deepsource HTTP/1.1\r\nHost: relay\r\n${head}Content-Type: text/plain\r\nContent-Length: ${sample.body.length}\r\n\r\n${Buffer.from(sample.body).toString("latin1")}`,
    );
    expect(twoTypes.answer).toMatch(/^HTTP\/1\.1 415 /);
  });

  it("answers HEAD /healthz with headers only", async () => {
    const response = await fetch(`${relay.url}/healthz`, { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
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
    // A relay of its own: the one the other tests share stays open whatever order they run in.
    const closing = await startNodeRelay({
      env: relayEnvs(gh.url).main,
      port: 0,
      host: "127.0.0.1",
      logger: () => {},
    });
    gh.fail(DISPATCHES, [{ delayMs: 300 }]);
    const sample = await freshDeepSource();
    const inFlight = fetch(`${closing.url}/deepsource`, post(sample));
    for (let i = 0; i < 200 && gh.requests.length === 0; i++)
      await new Promise((r) => setTimeout(r, 5));
    expect(gh.requests).toHaveLength(1);
    const closed = closing.close();
    expect((await inFlight).status).toBe(204);
    await closed;
    expect(dispatches(gh)).toHaveLength(1);
    await expect(fetch(`${closing.url}/healthz`)).rejects.toThrow();
  });
});
