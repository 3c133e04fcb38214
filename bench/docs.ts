/**
 * `npm run bench:docs`: rewrites every page's figures from bench/results.json (the full table and
 * the goals not met in docs/performance.md, the README's short table, the queue's in
 * docs/queue.md), so the published figures are always the ones one bench run printed, with the
 * machine it ran on, and no two pages disagree. `--check` changes nothing and exits 1 when a page
 * differs from what results.json gives, naming it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { type Figure, formatQuantity, formatRatio } from "./lib/figure.ts";
import { metText, renderTable } from "./lib/table.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const check = process.argv.includes("--check");

/**
 * The figures a README reader compares with other actions, by short name (the rest stay in
 * docs/): a start-up's wall time and its CPU time share a row.
 */
const README_ROWS: readonly { readonly name: string; readonly ids: readonly string[] }[] = [
  { name: "receive start-up", ids: ["receive-cold-start", "receive-cpu"] },
  { name: "emit start-up", ids: ["emit-cold-start", "emit-cpu"] },
  { name: "core + github + zod", ids: ["peer-cold-start"] },
  { name: "relay, sync dry run", ids: ["relay-throughput"] },
  { name: "relay, queue mode", ids: ["queue-ack-throughput"] },
];

interface Results {
  readonly date: string;
  readonly machine: {
    readonly cores: number;
    readonly cpu: string;
    readonly node: string;
    readonly pinned: boolean;
    readonly loadGenerator: string;
    readonly coldStartTool: string;
    /** The machine's 1-minute load average as the run started and ended. */
    readonly loadAverage?: { readonly before: number; readonly after: number };
  };
  readonly figures: readonly Figure[];
}

const results = JSON.parse(readFileSync(`${ROOT}bench/results.json`, "utf8")) as Results;
const { machine } = results;
const busy = machine.loadAverage
  ? `, load average ${machine.loadAverage.before} → ${machine.loadAverage.after}`
  : "";
const measuredOn = `Measured ${results.date.slice(0, 10)} on ${machine.cores} cores (${machine.cpu}${busy}), Node ${machine.node}`;
const how = `relay load: ${machine.loadGenerator}${machine.pinned ? ", server and load pinned to separate cores" : ""}; cold starts: ${machine.coldStartTool}`;

function figure(id: string): Figure {
  const found = results.figures.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`bench/results.json has no figure ${id}: run npm run bench first.`);
  return found;
}

const stale: string[] = [];

function fill(page: string, marker: string, content: string): void {
  const file = `${ROOT}${page}`;
  const start = `<!-- bench:${marker}:start -->`;
  const end = `<!-- bench:${marker}:end -->`;
  const text = readFileSync(file, "utf8");
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${page} has no ${start} … ${end} block to fill.`);
  const filled = `${text.slice(0, from)}${start}\n${content}\n${end}${text.slice(to + end.length)}`;
  if (filled === text) return;
  if (check) stale.push(`${page} (${marker})`);
  else writeFileSync(file, filled);
}

fill(
  "docs/performance.md",
  "results",
  [`${measuredOn}; ${how}.`, "", renderTable(results.figures)].join("\n"),
);

fill(
  "docs/performance.md",
  "batching",
  renderTable(results.figures.filter((candidate) => candidate.id.startsWith("batching-"))),
);

const unmet = results.figures.filter((candidate) => candidate.target.met === false);
fill(
  "docs/performance.md",
  "unmet",
  unmet.length === 0
    ? "Every goal was met in this run."
    : unmet
        .map((missed) => {
          const against = missed.baseline
            ? ` against ${formatQuantity(missed.baseline)} (${missed.baseline.label}), ${formatRatio(missed.ratio)}`
            : "";
          return `- ${missed.title}: ${formatQuantity(missed.measured)}${against}; goal ${missed.target.text}.`;
        })
        .join("\n"),
);

/** One README row: a wall time and its CPU time side by side, or a single figure. */
function readmeRow(name: string, ids: readonly string[]): string {
  const shown = ids.map(figure);
  const [first] = shown as [Figure];
  const kinds = shown.length > 1 ? ["", "CPU "] : [""];
  const measured = shown
    .map((one, index) => `${kinds[index]}${formatQuantity(one.measured)}`)
    .join(", ");
  const against = first.baseline
    ? `${shown.map((one, index) => `${index === 0 ? "" : "CPU "}${formatRatio(one.ratio)}`).join(", ")} ${first.baseline.label}`
    : "—";
  const met = [...new Set(shown.map((one) => one.target.met))];
  const metCell =
    met.length === 1
      ? metText(met[0] ?? null)
      : shown
          .map((one, index) => `${index === 0 ? "wall" : "CPU"} ${metText(one.target.met)}`)
          .join(", ");
  return `| ${name} | ${measured} | ${against} | ${first.target.text} | ${metCell} |`;
}

const load = machine.loadAverage
  ? `, load ${machine.loadAverage.before.toFixed(1)} → ${machine.loadAverage.after.toFixed(1)}`
  : "";
fill(
  "README.md",
  "summary",
  [
    "| | measured | same run | goal | met |",
    "| --- | --- | --- | --- | --- |",
    ...README_ROWS.map((row) => readmeRow(row.name, row.ids)),
    "",
    `${results.date.slice(0, 10)}, ${machine.cores} cores${load}, ${machine.coldStartTool.replace(/^hyperfine \S+ -N$/, "hyperfine -N")} ([all figures](docs/performance.md)).`,
  ].join("\n"),
);

fill(
  "docs/queue.md",
  "queue",
  [
    `${measuredOn}; ${how}.`,
    "",
    renderTable(
      results.figures.filter(
        (candidate) => candidate.id.startsWith("queue-") || candidate.id.startsWith("worker-"),
      ),
    ),
  ].join("\n"),
);

if (check && stale.length > 0) {
  console.error(
    `Not what bench/results.json says: ${stale.join(", ")}. Run npm run bench:docs and commit the pages.`,
  );
  process.exitCode = 1;
} else if (!check) {
  console.log(
    `Updated docs/performance.md, README.md and docs/queue.md from bench/results.json (${results.figures.length} figures).`,
  );
}
