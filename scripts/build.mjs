// Builds one bundle per entry with esbuild: the two actions and the CLI as ES modules for Node 24
// (what the Actions runtime loads), and the relay's Workers entry (what workerd loads).
//
// Why esbuild and not ncc (the figures are in docs/performance.md): code splitting with `import()`
// left as a real dynamic import, so a receive run loads only the reaction it needs; the
// `@actions/*` packages marked side-effect-free, so `getInput`/`info`/outputs/summary do not drag
// in the OIDC client, @actions/http-client, undici and tunnel, as ncc bundled them; and one tool
// for all four bundles.
import { chmodSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { dirname, extname, join, relative } from "node:path";
import { build } from "esbuild";

const root = new URL("..", import.meta.url).pathname;
const only = process.argv.slice(2);
const wanted = (name) => only.length === 0 || only.includes(name);

/**
 * Resolves an import as esbuild would without the calling plugin, which then only adjusts the
 * result; `pluginData.resolving` keeps the plugin from answering its own question.
 */
function resolveAsUsual(builder, args) {
  return builder.resolve(args.path, {
    kind: args.kind,
    importer: args.importer,
    resolveDir: args.resolveDir,
    pluginData: { resolving: true },
  });
}

/**
 * `@actions/core` re-exports its OIDC client, and `@actions/github` its proxy-aware Octokit, from
 * the same modules as the small helpers; their package.json files do not say those modules are
 * free of side effects, so a bundler keeps every import it sees. They are (each module only
 * declares), and saying so lets esbuild drop what a run never calls.
 */
const actionsWithoutSideEffects = {
  name: "actions-without-side-effects",
  setup(builder) {
    // Their own relative imports too: `@actions/core`'s summary module reads `fs.promises` at
    // load (Node's promise file API, readline and file watching), and a run that does not write
    // its summary through it should not load it.
    builder.onResolve({ filter: /^(@actions\/|\.\.?\/)/ }, async (args) => {
      if (args.pluginData?.resolving) return undefined;
      if (args.path.startsWith(".") && !/[\\/]node_modules[\\/]@actions[\\/]/.test(args.importer))
        return undefined;
      const resolved = await resolveAsUsual(builder, args);
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return { ...resolved, sideEffects: false };
    });
  },
};

/**
 * Node's built-in modules, taken with `process.getBuiltinModule()` instead of an `import`. An ES
 * module import of a built-in builds its ES module facade, which reads every export once, getters
 * included: `node:http`'s `WebSocket` getter alone loads Node's bundled undici, http2 and zlib, most
 * of a cold start (docs/performance.md). As a CommonJS value, each export is read where it is used.
 *
 * The value is an object inheriting from the module rather than the module itself: esbuild's
 * `__toESM` copies a CommonJS value's own properties, asking for each one's descriptor, at every
 * import; for `node:fs` that is about a hundred properties, and asking for `Dir`'s loads
 * `internal/fs/dir` (docs/performance.md). Inherited properties are not copied, and read the same
 * through the prototype.
 * A module that is itself a function (`node:events`, `node:stream`, `node:assert`) stays as it is,
 * so its default import can still be called or extended.
 */
const builtinsOnDemand = {
  name: "builtins-on-demand",
  setup(builder) {
    const names = new Set(builtinModules.filter((name) => !name.startsWith("_")));
    builder.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
      const name = args.path.replace(/^node:/, "");
      if (!names.has(name) || args.kind !== "import-statement") return undefined;
      return { path: name, namespace: "builtin", sideEffects: false };
    });
    builder.onLoad({ filter: /.*/, namespace: "builtin" }, (args) => ({
      contents: `const builtin = process.getBuiltinModule(${JSON.stringify(`node:${args.path}`)});\nmodule.exports = typeof builtin === "function" ? builtin : Object.create(builtin);`,
      loader: "js",
    }));
  },
};

/**
 * The CLI prints the package's version and the user agents of emit and the relay carry it, and
 * that is all any bundle takes from package.json. The source imports the file whole (Node's JSON
 * modules have a default export only); without this, its description, scripts and dependency
 * lists would ship in three outputs.
 */
const packageVersionOnly = {
  name: "package-version-only",
  setup(builder) {
    const file = join(root, "package.json");
    builder.onLoad({ filter: /[\\/]package\.json$/ }, async (args) => {
      if (args.path !== file) return undefined;
      const { version } = JSON.parse(await readFile(file, "utf8"));
      return { contents: JSON.stringify({ version }), loader: "json" };
    });
  },
};

/**
 * What each `import()` target must import so that the modules every run loads share one chunk,
 * read from the metafile of a first build of the same entry. esbuild puts a module in the chunk of
 * the exact set of entry points (the entry and every `import()` target) that reach it, so the
 * modules an action always loads would be cut into as many chunks as there are combinations of
 * targets sharing them, and every file costs a run its resolving, reading and compiling
 * (docs/performance.md, "Choices in the code"). A target that also imports what the entry
 * imports, and the module that loads it, reaches everything its importer reaches: those modules
 * then share one chunk. Nothing changes at run time: the importer has been evaluated by the time
 * its `import()` runs, and a module is evaluated once. The entry module itself is never imported:
 * it awaits the run, and a chunk importing it would wait for the run to end.
 */
async function importsToJoin(options, entry) {
  const { metafile } = await build({ ...options, metafile: true, write: false });
  const entryKey = relative(root, entry);
  const entryImports = metafile.inputs[entryKey].imports
    // A path with a namespace (`builtin:fs`) is no file to import.
    .filter((r) => r.kind === "import-statement" && !r.external && !r.path.includes(":"))
    .map((r) => join(root, r.path));
  const joins = new Map();
  for (const output of Object.values(metafile.outputs)) {
    if (output.entryPoint && output.entryPoint !== entryKey)
      joins.set(join(root, output.entryPoint), new Set(entryImports));
  }
  // An `import()` of a template literal (a provider's reactions) is one glob record without its
  // importer; that importer is in the entry's graph, which the entry's imports reach already.
  for (const [importer, input] of Object.entries(metafile.inputs)) {
    for (const record of input.imports) {
      if (record.kind !== "dynamic-import" || record.external || importer === entryKey) continue;
      joins.get(join(root, record.path))?.add(join(root, importer));
    }
  }
  return joins;
}

const LOADERS = {
  ".ts": "ts",
  ".mts": "ts",
  ".cts": "ts",
  ".js": "js",
  ".mjs": "js",
  ".cjs": "js",
};

/** Prepends to each `import()` target the imports {@link importsToJoin} found for it. */
function joinedImports(joins) {
  return {
    name: "joined-imports",
    setup(builder) {
      builder.onLoad({ filter: /\.[mc]?[jt]s$/ }, async (args) => {
        const imports = joins.get(args.path);
        if (imports === undefined) return undefined;
        const prefix = [...imports].map((path) => `import ${JSON.stringify(path)};\n`).join("");
        return {
          contents: `${prefix}${await readFile(args.path, "utf8")}`,
          loader: LOADERS[extname(args.path)],
        };
      });
    },
  };
}

// Bundled CommonJS packages (undici, bottleneck) call require() for Node's built-ins, which an ES
// module does not have. esbuild routes those calls through one helper, in one chunk; only that
// chunk gets a `require`, so the entry and the other chunks load without it.
const requireShim =
  'import{createRequire as __hookbridgeCreateRequire}from"node:module";const require=__hookbridgeCreateRequire(import.meta.url);\n';
const usesRequire = /typeof require<"u"/;

/** Writes esbuild's in-memory output, giving `require` to the chunks that call it. */
function writeOutputs(outputFiles) {
  for (const file of outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true });
    const text = file.text;
    if (!usesRequire.test(text)) {
      writeFileSync(file.path, file.contents);
      continue;
    }
    // After a hashbang, if any: it must stay the first line.
    const hashbang = text.startsWith("#!") ? text.slice(0, text.indexOf("\n") + 1) : "";
    writeFileSync(file.path, `${hashbang}${requireShim}${text.slice(hashbang.length)}`);
  }
}

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
  const source = join(root, entry.source);
  const options = {
    entryPoints: { index: source },
    absWorkingDir: root,
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
    plugins: [actionsWithoutSideEffects, builtinsOnDemand, packageVersionOnly],
    write: false,
    logLevel: "warning",
  };
  const joins = await importsToJoin(options, source);
  const result = await build({ ...options, plugins: [...options.plugins, joinedImports(joins)] });
  writeOutputs(result.outputFiles);
  writeFileSync(join(out, "package.json"), '{"type":"module"}\n');
  // package.json's `bin` points at the CLI entry: npx runs it directly, so it must be executable
  // in the commit (git records the mode), or a fresh clone answers "Permission denied".
  if (entry.name === "cli") chmodSync(join(out, "index.js"), 0o755);
}

const worker = { name: "worker", source: "src/relay/hosts/workers/index.ts" };
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
    // workerd's own modules (the Durable Object base class).
    external: ["cloudflare:*"],
    minify: true,
    legalComments: "none",
    plugins: [packageVersionOnly],
    logLevel: "warning",
  });
  writeFileSync(join(out, "package.json"), '{"type":"module"}\n');
}
