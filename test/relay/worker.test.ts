import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { Miniflare } from "miniflare";
import { expect, it } from "vitest";
import { ADMIN_TOKEN } from "./admin-support.ts";
import { relayContract } from "./contract.ts";
import {
  expectError,
  freshDeepSource,
  post,
  REPOSITORY,
  ROOT,
  TOKEN,
  type Variant,
} from "./support.ts";
import { collectJsonLines } from "./workerd-logs.ts";

/** The bundle CI checks is current: what `wrangler deploy` of the built entry would run. */
const BUNDLE = join(ROOT, "dist/worker/index.js");
const COMPATIBILITY_DATE = /^compatibility_date\s*=\s*"([\d-]+)"/m.exec(
  readFileSync(join(ROOT, "wrangler.toml"), "utf8"),
)?.[1];

type WorkerFetch = (url: string, init?: RequestInit) => Promise<Response>;

let mf: Miniflare | undefined;
const lines: string[] = [];

/** workerd's output arrives through pipes; wait until it has been quiet for a moment. */
async function settledLogs(): Promise<string[]> {
  let count = -1;
  for (let i = 0; i < 40 && count !== lines.length; i++) {
    count = lines.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return lines;
}

async function workerFetch(name: string): Promise<WorkerFetch> {
  const worker = await mf?.getWorker(name);
  if (!worker) throw new Error(`no worker ${name}`);
  return (url, init) => worker.fetch(url, init as never) as unknown as Promise<Response>;
}

relayContract(
  "workerd via miniflare, dist/worker/index.js",
  async (envs) => {
    expect(COMPATIBILITY_DATE).toBeDefined();
    const worker = (name: string, bindings: Record<string, string>) => ({
      name,
      modules: true,
      scriptPath: BUNDLE,
      compatibilityDate: COMPATIBILITY_DATE,
      bindings,
    });
    mf = new Miniflare({
      workers: [
        ...Object.entries(envs).map(([variant, env]) => worker(variant, env)),
        // Sync mode keeps no delivery log, as on Node: a token alone enables nothing, and says so.
        // …and a misspelled setting has no effect, and says so too.
        worker("with-admin-token", {
          ...envs.main,
          HOOKBRIDGE_ADMIN_TOKEN: ADMIN_TOKEN,
          HOOKBRIDGE_EVENT: "deepsource.*",
          HOOKBRIDGE_PUBLIC_URL: "https://relay.example.com",
        }),
        worker("misconfigured", {
          HOOKBRIDGE_REPOSITORY: "not a repository",
          HOOKBRIDGE_GITHUB_TOKEN: TOKEN,
        }),
      ],
      handleRuntimeStdio(stdout: Readable, stderr: Readable) {
        collectJsonLines(stdout, lines);
        collectJsonLines(stderr, lines);
      },
    });
    await mf.ready;
    const fetchers = Object.fromEntries(
      await Promise.all(
        Object.keys(envs).map(async (variant) => [variant, await workerFetch(variant)] as const),
      ),
    ) as Record<Variant, WorkerFetch>;
    return {
      fetch: (variant, path, init) => fetchers[variant](`http://relay.test${path}`, init),
      logs: settledLogs,
      close: async () => {
        await mf?.dispose();
      },
    };
  },
  (context) => {
    it("answers every request with the configuration problem when the bindings are wrong", async () => {
      const send = await workerFetch("misconfigured");
      const sentence = await expectError(
        await send("http://relay.test/deepsource", post(await freshDeepSource())),
        500,
      );
      expect(sentence).toContain("HOOKBRIDGE_REPOSITORY must name one repository as owner/repo");
      expect(sentence).not.toContain(TOKEN);
    });

    it("in sync mode answers 404 on the admin paths, as on any unknown path, and logs why the token does nothing", async () => {
      const send = await workerFetch("with-admin-token");
      for (const path of ["/deliveries", "/deliveries/x/redeliver", "/metrics", "/admin"]) {
        const response = await send(`http://relay.test${path}`, {
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        });
        expect({ path, status: response.status }).toEqual({ path, status: 404 });
        expect(await response.text()).toMatch(/No provider is served at/);
      }
      // Said once, when the relay is built, rather than left for the operator to find out.
      const logged = async (start: string) =>
        (await settledLogs())
          .map((line) => JSON.parse(line) as { level: string; msg: string })
          .filter((entry) => entry.msg.startsWith(start));
      const warnings = await logged("HOOKBRIDGE_ADMIN_TOKEN is set");
      expect(warnings).toEqual([
        {
          level: "warn",
          msg: expect.stringContaining("the delivery log exists only in queue mode"),
        },
      ]);
      expect(warnings[0]?.msg).not.toContain(ADMIN_TOKEN);
      expect(await logged("HOOKBRIDGE_EVENT ")).toEqual([
        {
          level: "warn",
          msg: "HOOKBRIDGE_EVENT is not a setting the relay reads, so it has no effect: did you mean HOOKBRIDGE_EVENTS?",
          variable: "HOOKBRIDGE_EVENT",
        },
      ]);
      // Sync mode was asked for by name here, so the warning names that as well as the binding.
      expect(await logged("HOOKBRIDGE_PUBLIC_URL is set")).toEqual([
        {
          level: "warn",
          msg: "HOOKBRIDGE_PUBLIC_URL is set, but runs report back only in queue mode: envelopes ask for no report until HOOKBRIDGE_DELIVERY is no longer sync and the HOOKBRIDGE_DELIVERIES Durable Object is bound.",
        },
      ]);
    });

    it("keeps one relay per isolate across requests (the duplicate memory lives there)", async () => {
      const { relay, gh } = context();
      const sample = await freshDeepSource();
      expect((await relay.fetch("main", "/deepsource", post(sample))).status).toBe(204);
      expect((await relay.fetch("main", "/deepsource", post(sample))).status).toBe(200);
      expect(gh.state.repo(REPOSITORY).dispatches).toHaveLength(1);
    });
  },
);
