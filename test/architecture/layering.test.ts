/**
 * Which way dependencies may run between the rooms of src/:
 *
 * - `core/` is what every room shares, so it runs in Node, in workerd and in a runner alike: it
 *   imports nothing but its own modules and the few packages below, no platform (`node:*`,
 *   `@actions/*`, `cloudflare:*`), and nothing of relay/, receive/, emit/, cli/, runner/, http-client/ or node-crypto/.
 * - Only the host and adapter modules listed in HOSTS take a platform module, each for the reason
 *   written beside it; everything else receives what they build.
 * - No room reaches into a sibling's internals: a module outside a room listed in ROOMS imports
 *   of that room only the modules ROOMS names as its surface.
 *
 * Imports are read with TypeScript's parser (imports.ts): type imports, re-exports, `import()` and
 * `process.getBuiltinModule()` all count.
 */
import { existsSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import packageJson from "../../package.json" with { type: "json" };
import { PROVIDER_NAMES, PROVIDERS } from "../../src/core/providers.ts";
import { ROOT } from "../support/run-action.ts";
import { importsOf } from "./imports.ts";
import { PLANTED, SRC, sourceTexts } from "./source-files.ts";

/** Packages core/ may import: they run unchanged on every platform core runs on. */
const CORE_PACKAGES: Readonly<Record<string, string>> = {
  "zod/mini": "the event schemas and settings; plain JavaScript, no platform API",
  "#hmac":
    "HMAC through package.json `imports`: Web Crypto (core/web-hmac.ts) by default and in workerd, node:crypto (node/hmac.ts) in Node; each target is checked as its own module",
};

/**
 * The modules that may take platform modules, as a path below src/ (a folder ends in `/`), with
 * the platform modules each may take and why. A new importer of a platform module is either an
 * adapter that belongs here, with its reason, or a module that should be handed what it needs.
 */
const HOSTS: Readonly<Record<string, { may: RegExp; why: string }>> = {
  "cli/": {
    may: /^node:/,
    why: "the CLI is a Node program: it parses its arguments (node:util), reads files and standard input, and starts the demo as a child process",
  },
  "http-client/": {
    may: /^node:/,
    why: "Node's HTTP agents for the actions' requests (proxies included), behind a fetch-shaped interface the actions receive",
  },
  "node-crypto/": {
    may: /^node:crypto$/,
    why: "node:crypto, the Node target of #hmac: core's HMAC and digests at Node's native speed",
  },
  "runner/": {
    may: /^(node:|@actions\/core$)/,
    why: "what the actions take from the runner: @actions/core's inputs and outputs, the step log on file descriptor 1, the job summary file",
  },
  "receive/source.ts": {
    may: /^node:fs$/,
    why: "reads the event file the runner names in GITHUB_EVENT_PATH, where the relayed envelope is",
  },
  "emit/context.ts": {
    may: /^node:fs$/,
    why: "reads the push, create or delete event from the file the runner names in GITHUB_EVENT_PATH",
  },
  "emit/main.ts": {
    may: /^node:timers\/promises$/,
    why: "the wait between delivery attempts (the default sleep; tests pass their own)",
  },
  "emit/outputs.ts": {
    may: /^@actions\/core$/,
    why: "renders the job summary's heading and table with @actions/core's summary builder; runner/ writes it",
  },
  "relay/hosts/node/server.ts": {
    may: /^node:(http|net|path)$/,
    why: "the relay's Node host: listens with node:http and answers through the relay core",
  },
  "relay/hosts/node/adapter.ts": {
    may: /^node:http$/,
    why: "turns node:http's requests into the relay core's request and its answers back",
  },
  "relay/hosts/node/log.ts": {
    may: /^node:fs$/,
    why: "the Node host's log lines, written synchronously to file descriptor 1",
  },
  "relay/hosts/workers/deliveries.ts": {
    may: /^cloudflare:workers$/,
    why: "the Workers host's Durable Object extends workerd's DurableObject, so Workers call it over RPC",
  },
  "relay/queue/node-sqlite.ts": {
    may: /^node:(sqlite|fs|path)$/,
    why: "the delivery queue is a SQLite file (node:sqlite) in the data directory, on the Node host only",
  },
  "relay/queue/wal-sync.ts": {
    may: /^node:fs$/,
    why: "the Node store's write-ahead log is synced with node:fs on libuv's thread pool",
  },
};

/**
 * The rooms whose insides are their own, as a folder below src/, each with its surface: the
 * modules (paths inside the room) that modules outside it may import. The rest of a room is
 * internal: reached only from inside, so it can change without a look at any other room. A
 * module outside a room is checked against every room that holds what it imports (the CLI's
 * import of `relay/hosts/node/server.ts` against `relay/` and `relay/hosts/node/`); the relay's
 * own files (`relay/config.ts`, `log.ts`, `clock.ts`) are shared by its rooms and shown to no one
 * else.
 */
const ROOMS: Readonly<Record<string, readonly string[]>> = {
  // From outside the relay, only the Node host: `hookbridge relay` starts it.
  "relay/": ["hosts/node/server.ts"],
  // Internal: forwarded-headers.ts (the pipeline's reading of X-Forwarded-*).
  "relay/http/": ["request.ts", "answers.ts", "handler.ts", "read-body.ts", "fetch-adapter.ts"],
  // Internal: app-key.ts (the App's key, read only by credentials.ts).
  "relay/github/": ["api.ts", "answer.ts", "credentials.ts", "dispatch.ts", "target.ts"],
  "relay/delivery/": [
    "dedupe.ts",
    "routing.ts",
    "policy.ts",
    "pacing.ts",
    "sink.ts",
    "outgoing.ts",
    "sync-sink.ts",
  ],
  // Internal: schema.ts (the store's tables and migrations).
  "relay/queue/": [
    "store.ts",
    "sql.ts",
    "node-sqlite.ts",
    "queue-sink.ts",
    "dispatcher.ts",
    "health.ts",
    "reports.ts",
  ],
  // Internal: admin-access.ts and admin-page.ts, behind index.ts's routes.
  "relay/admin/": ["index.ts", "metrics.ts"],
  "relay/hosts/node/": ["server.ts"],
  // The Worker's entry is the build's, not an import: nothing in src/ takes any of it.
  "relay/hosts/workers/": [],
  // A provider's reactions are loaded by receive/reactions.ts from `<name>/index.ts` alone.
  ...Object.fromEntries(
    PROVIDER_NAMES.filter((name) => PROVIDERS[name].reactions).map((name) => [
      `receive/${name}/`,
      ["index.ts"],
    ]),
  ),
};

/** `file:line "specifier"`'s problem if it imports a module internal to a room it is not in. */
function reachesInside(file: string, specifier: string, where: string): string[] {
  if (!specifier.startsWith(".")) return [];
  const target = join(dirname(file), specifier).split(sep).join("/");
  return Object.entries(ROOMS).flatMap(([room, surface]) =>
    target.startsWith(room) &&
    !file.startsWith(room) &&
    !surface.includes(target.slice(room.length))
      ? [`${where}: ${target.slice(room.length)} is internal to ${room}`]
      : [],
  );
}

const BUILTINS = new Set(builtinModules);

function isPlatform(specifier: string): boolean {
  return /^(node:|@actions\/|cloudflare:)/.test(specifier) || BUILTINS.has(specifier);
}

/** The HOSTS entry that covers `file` (a path below src/), if any. */
function hostEntry(file: string): string | undefined {
  return Object.keys(HOSTS).find((entry) =>
    entry.endsWith("/") ? file.startsWith(entry) : file === entry,
  );
}

/** `file:line "specifier"` and the rule it breaks, for every import that crosses a boundary. */
function layeringProblems(files: Readonly<Record<string, string>>): string[] {
  return Object.entries(files).flatMap(([file, text]) =>
    importsOf(file, text).flatMap(({ specifier, line }) => {
      const where = `${file}:${line} "${specifier}"`;
      if (file.startsWith("core/")) {
        if (specifier.startsWith(".")) {
          const target = join(dirname(file), specifier).split(sep).join("/");
          return target.startsWith("core/") ? [] : [`${where}: core imports outside core/`];
        }
        return specifier in CORE_PACKAGES ? [] : [`${where}: core imports a package or platform`];
      }
      if (!isPlatform(specifier)) return reachesInside(file, specifier, where);
      const entry = hostEntry(file);
      if (entry === undefined) return [`${where}: a platform module outside the hosts`];
      return HOSTS[entry]?.may.test(specifier)
        ? []
        : [`${where}: not a platform module ${entry} takes`];
    }),
  );
}

describe("layers in src/", () => {
  it("are checked: the crossings planted in test/fixtures/architecture/layering/ are found", () => {
    expect(layeringProblems(sourceTexts(PLANTED.layering))).toEqual([
      'cli/relay.ts:1 "../relay/config.ts": config.ts is internal to relay/',
      'core/builtin.ts:1 "node:http": core imports a package or platform',
      'core/providers/planted.ts:1 "@actions/core": core imports a package or platform',
      'core/reaches-relay.ts:1 "../relay/http/handler.ts": core imports outside core/',
      'core/reads-files.ts:1 "node:fs": core imports a package or platform',
      'emit/reads.ts:1 "fs": a platform module outside the hosts',
      'receive/deepsource/check-runs.ts:1 "../devrev/format.ts": format.ts is internal to receive/devrev/',
      'receive/workers.ts:1 "cloudflare:workers": a platform module outside the hosts',
      'relay/http/handler.ts:1 "node:http": a platform module outside the hosts',
      'relay/http/handler.ts:3 "../queue/schema.ts": schema.ts is internal to relay/queue/',
      'relay/queue/node-sqlite.ts:1 "node:child_process": not a platform module relay/queue/node-sqlite.ts takes',
    ]);
  });

  it("core imports only core and its listed packages; only the listed hosts take platform modules; no room reaches inside another", () => {
    const files = sourceTexts();
    expect(Object.keys(files).length).toBeGreaterThan(50);
    expect(layeringProblems(files)).toEqual([]);
  });

  it("#hmac's targets are core modules or listed hosts", () => {
    const targets = Object.values(packageJson.imports["#hmac"]).map((path) =>
      relative(SRC, join(ROOT, path)).split(sep).join("/"),
    );
    expect(targets).toContain("core/web-hmac.ts");
    for (const target of targets) {
      expect(existsSync(join(SRC, target)), target).toBe(true);
      expect(target.startsWith("core/") || hostEntry(target) !== undefined, target).toBe(true);
    }
  });

  it("each room's surface still exists (none is left stale)", () => {
    const files = sourceTexts();
    const missing = Object.entries(ROOMS).flatMap(([room, surface]) =>
      surface.map((module) => `${room}${module}`).filter((path) => files[path] === undefined),
    );
    expect(missing).toEqual([]);
  });

  it("each listed host still exists and takes a platform module (none is left stale)", () => {
    const files = sourceTexts();
    for (const entry of Object.keys(HOSTS)) {
      const covered = Object.entries(files).filter(([file]) => hostEntry(file) === entry);
      const takes = covered.some(([file, text]) =>
        importsOf(file, text).some(({ specifier }) => isPlatform(specifier)),
      );
      expect(takes, entry).toBe(true);
    }
  });
});
