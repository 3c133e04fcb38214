// Builds one bundle per entry with esbuild: the two actions and the CLI as ES modules for Node 24
// (what the Actions runtime loads), and the relay's Workers entry (what workerd loads).
//
// Why esbuild and not ncc (measured in docs/performance.md): code splitting with `import()` left
// as a real dynamic import, so a receive run loads only the reaction it needs; the `@actions/*`
// packages marked side-effect-free, so `getInput`/`info`/outputs/summary do not drag in the OIDC
// client, @actions/http-client, undici and tunnel (425 KB and +47 ms of start-up as ncc bundled
// them); and one tool for all four bundles.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { readFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { dirname, join } from "node:path";
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
    // load (Node's promise file API, readline and file watching: about 5 ms of start-up), and a
    // run that does not write its summary through it should not load it.
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
 * included: `node:http`'s `WebSocket` getter alone loads Node's bundled undici, http2 and zlib
 * (about 90 ms of CPU at start, measured). As a CommonJS value, each export is read where it is used.
 *
 * The value is an object inheriting from the module rather than the module itself: esbuild's
 * `__toESM` copies a CommonJS value's own properties, asking for each one's descriptor, at every
 * import; for `node:fs` that is about a hundred properties, and asking for `Dir`'s loads
 * `internal/fs/dir` (about 5 M instructions of a receive run's start-up, with the copies; measured
 * under callgrind). Inherited properties are not copied, and read the same through the prototype.
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

/** The files a template-literal `import()` such as `./${name}/index.ts` can load, as esbuild globs it. */
function templateTargets(dir, template) {
  let paths = [dir];
  for (const segment of template.split("/")) {
    if (!segment.includes("${")) {
      paths = paths.map((path) => join(path, segment)).filter((path) => existsSync(path));
      continue;
    }
    const pattern = new RegExp(
      `^${segment
        .split(/\$\{[^}]*\}/)
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
        .join("[^/]*")}$`,
    );
    paths = paths.flatMap((path) =>
      statSync(path).isDirectory()
        ? readdirSync(path)
            .filter((name) => pattern.test(name))
            .map((name) => join(path, name))
        : [],
    );
  }
  return paths.filter((path) => statSync(path).isFile());
}

/**
 * Makes each module loaded by `import()` import, for its side effects only, the module that loads
 * it. esbuild puts a module in the chunk of the exact set of entry points (the entry and every
 * `import()` target) that reach it, so the modules a run always loads were cut into as many
 * chunks as there are combinations of reactions that share them: eleven files on a receive run
 * for `test.event`. The extra import changes nothing at run time (the importer has finished
 * evaluating by the time its `import()` runs, and a module is evaluated once), but every target
 * now reaches what its importer reaches, so those modules share one chunk: four files. Each file
 * costs about a million instructions to resolve, read, compile and link (measured under
 * callgrind with ten small modules against the same code in one file). The entry module itself is
 * left out: it awaits the run, and a chunk importing it would wait for the run to end.
 */
function dynamicImportsJoinImporter(entry) {
  return {
    name: "dynamic-imports-join-importer",
    setup(builder) {
      const importers = new Map();
      // What the entry imports: the top of the graph every run loads, which an `import()` target
      // reached through a module below it (a reaction through reactions.ts) must reach too.
      const entryImports = [];
      builder.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind !== "dynamic-import" || args.pluginData?.resolving) return undefined;
        const resolved = await resolveAsUsual(builder, args);
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        if (args.importer !== entry && !resolved.external)
          importers.set(resolved.path, args.importer);
        return resolved;
      });
      builder.onLoad({ filter: /\.ts$/ }, async (args) => {
        const source = await readFile(args.path, "utf8");
        if (args.path === entry) {
          for (const [, path] of source.matchAll(/^import\b[^"]*"(\.{1,2}\/[^"]+)";/gm))
            entryImports.push(join(dirname(entry), path));
        } else {
          // esbuild expands an `import()` of a template literal itself, without asking onResolve.
          for (const [, template] of source.matchAll(/\bimport\(\s*`(\.{1,2}\/[^`]*)`\s*\)/g))
            for (const target of templateTargets(dirname(args.path), template))
              importers.set(target, args.path);
        }
        const importer = importers.get(args.path);
        const prefix =
          importer === undefined
            ? ""
            : [...entryImports, importer]
                .map((path) => `import ${JSON.stringify(path)};\n`)
                .join("");
        return { contents: `${prefix}${source}`, loader: "ts" };
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
  const result = await build({
    entryPoints: { index: source },
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
    plugins: [
      actionsWithoutSideEffects,
      builtinsOnDemand,
      packageVersionOnly,
      dynamicImportsJoinImporter(source),
    ],
    write: false,
    logLevel: "warning",
  });
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
