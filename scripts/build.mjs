// Builds one self-contained bundle per entry: the two actions and the CLI with ncc (what the
// Actions runtime loads), and the relay's Workers entry with esbuild (what workerd loads).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

const root = new URL("..", import.meta.url).pathname;
const only = process.argv.slice(2);

const nccEntries = [
  { name: "receive", source: "src/receive/index.ts" },
  { name: "emit", source: "src/emit/index.ts" },
  { name: "cli", source: "src/cli/index.ts" },
];

for (const entry of nccEntries) {
  if (only.length > 0 && !only.includes(entry.name)) continue;
  if (!existsSync(join(root, entry.source))) continue;
  const out = join(root, "dist", entry.name);
  rmSync(out, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [
      join(root, "node_modules/@vercel/ncc/dist/ncc/cli.js"),
      "build",
      entry.source,
      "-o",
      out,
      "--minify",
      "--transpile-only",
      "--quiet",
      "--target",
      "es2024",
    ],
    { cwd: root, stdio: "inherit" },
  );
}

const worker = { name: "worker", source: "src/relay/worker.ts" };
if ((only.length === 0 || only.includes(worker.name)) && existsSync(join(root, worker.source))) {
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
