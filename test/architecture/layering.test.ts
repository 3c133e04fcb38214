/**
 * Which way dependencies may run between the rooms of src/:
 *
 * - `core/` is what every room shares, so it runs in Node, in workerd and in a runner alike: it
 *   imports nothing but its own modules and the few packages below, no platform (`node:*`,
 *   `@actions/*`, `cloudflare:*`), and nothing of relay/, receive/, emit/, cli/, runner/, http-client/ or node-crypto/.
 * - Only the host and adapter modules listed in HOSTS take a platform module, each for the reason
 *   written beside it; everything else receives what they build.
 *
 * Imports are read with TypeScript's parser (imports.ts): type imports, re-exports, `import()` and
 * `process.getBuiltinModule()` all count.
 */
import { existsSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import packageJson from "../../package.json" with { type: "json" };
import { ROOT } from "../support/run-action.ts";
import { importsOf } from "./imports.ts";
import { SRC, sourceTexts } from "./source-files.ts";

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
};

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
      if (!isPlatform(specifier)) return [];
      const entry = hostEntry(file);
      if (entry === undefined) return [`${where}: a platform module outside the hosts`];
      return HOSTS[entry]?.may.test(specifier)
        ? []
        : [`${where}: not a platform module ${entry} takes`];
    }),
  );
}

describe("layers in src/", () => {
  it("are checked: planted crossings of each kind are found", () => {
    expect(
      layeringProblems({
        "core/a.ts": 'import { readFileSync } from "node:fs";',
        "core/b.ts": 'import type { RelayCore } from "../relay/handler.ts";',
        "core/c.ts": 'const http = process.getBuiltinModule("node:http");',
        "core/d.ts": 'export { run } from "../receive/main.ts";\nimport "zod/mini";',
        "core/providers/e.ts":
          'import { hmac } from "../hmac.ts";\nimport { info } from "@actions/core";',
        "relay/f.ts": 'import type { Agent } from "node:http";',
        "emit/g.ts": 'const { readFile } = await import("fs");',
        "relay/queue/node-sqlite.ts": 'import { spawn } from "node:child_process";',
        "receive/h.ts": 'type T = import("cloudflare:workers").T;',
      }),
    ).toEqual([
      'core/a.ts:1 "node:fs": core imports a package or platform',
      'core/b.ts:1 "../relay/handler.ts": core imports outside core/',
      'core/c.ts:1 "node:http": core imports a package or platform',
      'core/d.ts:1 "../receive/main.ts": core imports outside core/',
      'core/providers/e.ts:2 "@actions/core": core imports a package or platform',
      'relay/f.ts:1 "node:http": a platform module outside the hosts',
      'emit/g.ts:1 "fs": a platform module outside the hosts',
      'relay/queue/node-sqlite.ts:1 "node:child_process": not a platform module relay/queue/node-sqlite.ts takes',
      'receive/h.ts:1 "cloudflare:workers": a platform module outside the hosts',
    ]);
  });

  it("core imports only core and its listed packages; only the listed hosts take platform modules", () => {
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
