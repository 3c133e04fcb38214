// Builds one bundle per entry with esbuild: the two actions and the CLI as ES modules for Node 24
// (what the Actions runtime loads), and the relay's Workers entry (what workerd loads).
//
// Why esbuild and not ncc (measured in docs/performance.md): code splitting with `import()` left
// as a real dynamic import, so a receive run loads only the reaction it needs; the `@actions/*`
// packages marked side-effect-free, so `getInput`/`info`/outputs/summary do not drag in the OIDC
// client, @actions/http-client, undici and tunnel (425 KB and +47 ms of start-up as ncc bundled
// them); and one tool for all four bundles.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

const root = new URL("..", import.meta.url).pathname;
const only = process.argv.slice(2);
const wanted = (name) => only.length === 0 || only.includes(name);

/**
 * `@actions/core` re-exports its OIDC client, and `@actions/github` its proxy-aware Octokit, from
 * the same modules as the small helpers; their package.json files do not say those modules are
 * free of side effects, so a bundler keeps every import it sees. They are (each module only
 * declares), and saying so lets esbuild drop what a run never calls.
 */
const actionsWithoutSideEffects = {
  name: "actions-without-side-effects",
  setup(builder) {
    builder.onResolve({ filter: /^@actions\// }, async (args) => {
      if (args.pluginData?.resolving) return undefined;
      const resolved = await builder.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: { resolving: true },
      });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return { ...resolved, sideEffects: false };
    });
  },
};

// Bundled CommonJS packages call require() for Node's built-ins; an ES module has none of its own.
const requireShim =
  'import{createRequire as __hookbridgeCreateRequire}from"node:module";const require=__hookbridgeCreateRequire(import.meta.url);';

const nodeEntries = [
  { name: "receive", source: "src/receive/index.ts" },
  { name: "emit", source: "src/emit/index.ts" },
  { name: "cli", source: "src/cli/index.ts" },
];

for (const entry of nodeEntries) {
  if (!wanted(entry.name)) continue;
  const out = join(root, "dist", entry.name);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: { index: join(root, entry.source) },
    outdir: out,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node24",
    mainFields: ["module", "main"],
    chunkNames: "[name]-[hash]",
    minify: true,
    legalComments: "none",
    banner: { js: requireShim },
    plugins: [actionsWithoutSideEffects],
    logLevel: "warning",
  });
  writeFileSync(join(out, "package.json"), '{"type":"module"}\n');
}

const worker = { name: "worker", source: "src/relay/worker.ts" };
if (wanted(worker.name)) {
  const out = join(root, "dist", worker.name);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: [join(root, worker.source)],
    outfile: join(out, "index.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2024",
    conditions: ["workerd", "worker", "browser"],
    minify: true,
    legalComments: "none",
    logLevel: "warning",
  });
  writeFileSync(join(out, "package.json"), '{"type":"module"}\n');
}
