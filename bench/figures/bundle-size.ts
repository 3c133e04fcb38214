import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";
import type { BenchContext } from "../lib/context.ts";
import type { Figure } from "../lib/figure.ts";
import { bundle, ROOT } from "../lib/runner.ts";
import { round } from "../lib/stats.ts";

const MB = 1_000_000;

/**
 * Every chunk counts, lazily loaded ones too: it is what a runner downloads or workerd parses.
 * The Worker's bound was 0.1 MB while it only verified and queued; it now carries the whole relay
 * (the delivery store, dispatcher, admin API and page, metrics, reports), and 0.2 MB keeps it
 * far inside what Cloudflare allows (3 MB compressed on the free plan), while still catching
 * growth. Its compressed size, which is what Cloudflare counts, is in the figure's details.
 */
const ACTIONS = [
  { name: "receive", entry: "src/receive/index.ts", targetMb: 0.6 },
  { name: "emit", entry: "src/emit/index.ts", targetMb: 0.9 },
  { name: "worker", entry: "src/relay/hosts/workers/index.ts", targetMb: 0.2 },
] as const;

function directoryBytes(dir: string): {
  total: number;
  gzip: number;
  entry: number;
  files: number;
} {
  const files = readdirSync(dir).filter((file) => file.endsWith(".js"));
  const total = files.reduce((sum, file) => sum + statSync(join(dir, file)).size, 0);
  const gzip = files.reduce(
    (sum, file) => sum + gzipSync(readFileSync(join(dir, file)), { level: 9 }).length,
    0,
  );
  return { total, gzip, entry: statSync(join(dir, "index.js")).size, files: files.length };
}

function packageOf(path: string): string | undefined {
  return /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
}

/** Bytes each npm package contributes to a minified bundle of the action's source. */
async function bytesByPackage(entry: string): Promise<Map<string, number>> {
  const result = await build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "es2024",
    minify: true,
    write: false,
    metafile: true,
    // What workerd provides, as the build leaves it (scripts/build.mjs).
    external: ["cloudflare:*"],
    logLevel: "silent",
  });
  const metafile: Metafile = result.metafile;
  const sizes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const name = packageOf(path);
      if (name) sizes.set(name, (sizes.get(name) ?? 0) + input.bytesInOutput);
    }
  }
  return sizes;
}

/** A package bundled and minified on its own: what shipping that one dependency costs. */
async function aloneBytes(name: string): Promise<number> {
  const result = await build({
    stdin: { contents: `export * from ${JSON.stringify(name)};`, resolveDir: ROOT },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "es2024",
    minify: true,
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles.reduce((sum, file) => sum + file.contents.length, 0);
}

/**
 * Figure 6: bytes on disk of each action's dist/ directory (what a runner downloads and Node may
 * load), against the largest npm dependency in it bundled and minified alone: a bundle can only
 * be smaller than that by leaving most of the dependency out.
 */
export async function bundleSizes(ctx: BenchContext): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const action of ACTIONS) {
    const dir = dirname(bundle(ctx.knobs.dist, action.name));
    const size = directoryBytes(dir);
    const packages = [...(await bytesByPackage(action.entry))].sort((a, b) => b[1] - a[1]);
    const [largest = "none"] = packages[0] ?? [];
    const alone = largest === "none" ? 0 : await aloneBytes(largest);
    const total = round(size.total / MB);
    figures.push({
      id: `bundle-${action.name}`,
      title: `Bundle size: dist/${action.name}`,
      measured: { value: total, unit: "MB" },
      ...(alone > 0
        ? {
            baseline: { label: `${largest} alone, minified`, value: round(alone / MB), unit: "MB" },
          }
        : {}),
      ...(alone > 0 ? { ratio: round(size.total / alone) } : {}),
      target: { text: `≤ ${action.targetMb} MB`, met: total <= action.targetMb },
      details: {
        bytes: size.total,
        gzipBytes: size.gzip,
        entryBytes: size.entry,
        files: size.files,
        largestDependency: largest,
        largestDependencyAloneBytes: alone,
        topPackagesInSourceBundle: Object.fromEntries(packages.slice(0, 6)),
      },
      notes: [],
    });
  }
  return figures;
}
