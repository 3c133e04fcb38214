import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadRelayConfig } from "../../src/relay/config.ts";
import { createRelay } from "../../src/relay/http/fetch-adapter.ts";
import type { RelayDeps } from "../../src/relay/http/handler.ts";
import type { LogEntry } from "../../src/relay/log.ts";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import { relayContract } from "./contract.ts";
import {
  APP_ID,
  APP_KEY,
  DISPATCHES,
  dispatches,
  expectError,
  freshDeepSource,
  post,
  relayEnvs,
  SECRETS,
  signedHeaders,
  TOKEN,
  type Variant,
} from "./support.ts";

relayContract("in-process on Node", async (envs) => {
  const lines: string[] = [];
  const logger = (entry: LogEntry) => lines.push(JSON.stringify(entry));
  const relays = Object.fromEntries(
    Object.entries(envs).map(([variant, env]) => [
      variant,
      createRelay(loadRelayConfig(env), { logger }),
    ]),
  ) as Record<Variant, ReturnType<typeof createRelay>>;
  return {
    fetch: (variant, path, init) => relays[variant](new Request(`http://relay.test${path}`, init)),
    withBudget: async (timeoutMs) => {
      const relay = createRelay(loadRelayConfig(envs.main), { logger, timeoutMs });
      return {
        fetch: (path, init) => relay(new Request(`http://relay.test${path}`, init)),
        close: async () => {},
      };
    },
    logs: async () => lines,
    close: async () => {},
  };
});

describe("relay handler on Node (injected clock and fetch)", () => {
  let gh: GitHubStandIn;
  let clock = Date.now();

  beforeAll(async () => {
    gh = await startGitHubStandIn({
      token: TOKEN,
      appId: APP_ID,
      appPublicKey: APP_KEY.publicKey,
      now: () => new Date(clock),
    });
  });
  afterAll(() => gh.close());

  function relay(variant: Variant, extra: Record<string, string> = {}, deps: RelayDeps = {}) {
    const lines: LogEntry[] = [];
    const handler = createRelay(loadRelayConfig({ ...relayEnvs(gh.url)[variant], ...extra }), {
      now: () => clock,
      logger: (entry) => lines.push(entry),
      ...deps,
    });
    return {
      lines,
      send: (path: string, init: RequestInit) =>
        handler(new Request(`http://relay.test${path}`, init)),
    };
  }

  it("renews the installation token 5 minutes before it expires, not earlier", async () => {
    gh.reset();
    const { send } = relay("app");
    const deliver = async () =>
      expect((await send("/deepsource", post(await freshDeepSource()))).status).toBe(204);
    await deliver();
    clock += 54 * 60 * 1000;
    await deliver();
    expect(gh.state.installationTokens).toHaveLength(1);
    clock += 2 * 60 * 1000;
    await deliver();
    expect(gh.state.installationTokens).toHaveLength(2);
    expect(gh.violations).toEqual([]);
  });

  it("drops a cached installation token GitHub refused, and fetches a new one", async () => {
    gh.reset();
    const { send } = relay("app");
    expect((await send("/deepsource", post(await freshDeepSource()))).status).toBe(204);
    gh.fail(DISPATCHES, [{ status: 401, body: { message: "Bad credentials" } }]);
    const sentence = await expectError(
      await send("/deepsource", post(await freshDeepSource())),
      502,
    );
    expect(sentence).toContain("installation token");
    expect((await send("/deepsource", post(await freshDeepSource()))).status).toBe(204);
    expect(gh.state.installationTokens).toHaveLength(2);
    expect(gh.violations).toEqual([]);
  });

  it("explains an App key GitHub does not accept", async () => {
    gh.reset();
    const other = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    const { send } = relay("app", { HOOKBRIDGE_APP_PRIVATE_KEY: other.privateKey });
    const sentence = await expectError(
      await send("/deepsource", post(await freshDeepSource())),
      502,
    );
    expect(sentence).toMatch(/HOOKBRIDGE_APP_ID and HOOKBRIDGE_APP_PRIVATE_KEY/);
    expect(dispatches(gh)).toHaveLength(0);
  });

  it("accepts a delivery signed with either of two rotated secrets", async () => {
    gh.reset();
    const { send } = relay("main", {
      HOOKBRIDGE_SECRET_DEEPSOURCE: `old-deepsource-secret, ${SECRETS.deepsource}`,
    });
    const sample = await freshDeepSource();
    const withOld = await signedHeaders("deepsource", sample.body, {}, "old-deepsource-secret");
    expect((await send("/deepsource", post(sample, withOld))).status).toBe(204);
    const next = await freshDeepSource();
    expect((await send("/deepsource", post(next))).status).toBe(204);
    expect(dispatches(gh)).toHaveLength(2);
  });

  it("answers 503 once its own time budget is spent, even if GitHub answers later", async () => {
    gh.reset();
    const { send } = relay("main", {}, { timeoutMs: 200 });
    gh.fail(DISPATCHES, [{ delayMs: 1000, status: 204 }]);
    const response = await send("/deepsource", post(await freshDeepSource()));
    expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await expectError(response, 503)).toContain("in time");
  });

  it("dry run: logs the envelope instead of dispatching, with no token or repository", async () => {
    const lines: LogEntry[] = [];
    const handler = createRelay(
      loadRelayConfig({
        HOOKBRIDGE_DRY_RUN: "1",
        HOOKBRIDGE_SECRET_DEEPSOURCE: SECRETS.deepsource,
      }),
      {
        logger: (entry) => lines.push(entry),
        fetch: () => Promise.reject(new Error("dry run must not call GitHub")),
      },
    );
    const sample = await freshDeepSource();
    const response = await handler(new Request("http://relay.test/deepsource", post(sample)));
    expect(response.status).toBe(204);
    const dry = lines.find((entry) => entry.msg.startsWith("dry run"));
    expect(dry).toMatchObject({ event_type: "deepsource.analysis_run.updated" });
    expect(dry?.size).toBeGreaterThan(sample.body.length);
    expect(JSON.stringify(lines)).not.toContain("createdAt");
    expect(JSON.stringify(lines)).not.toContain(SECRETS.deepsource);
  });

  it("logs the providers without a secret once, when the relay is created", () => {
    const { lines } = relay("partial");
    const warnings = lines.filter((entry) => entry.level === "warn");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.missing).toEqual(["HOOKBRIDGE_SECRET_DEVEO"]);
  });

  it("answers 500 without details when something unplanned fails, and logs the cause", async () => {
    const { send, lines } = relay("main", {}, { now: () => Number.NaN });
    const sentence = await expectError(
      await send("/deepsource", post(await freshDeepSource())),
      500,
    );
    expect(sentence).toContain("log");
    expect(lines.at(-1)).toMatchObject({ status: 500, reason: "internal" });
    expect(String(lines.at(-1)?.error)).toMatch(/RangeError|Invalid time/);
  });
});
