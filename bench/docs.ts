/**
 * `npm run bench:docs`: rewrites the table in docs/performance.md, and the README's short one,
 * from bench/results.json, so the published figures are always the ones a bench run printed,
 * with the machine it ran on.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { type Figure, formatQuantity } from "./lib/figure.ts";
import { renderTable } from "./lib/table.ts";

const ROOT = new URL("..", import.meta.url).pathname;

/** The figures a README reader compares with other actions, by short name; the rest stay in docs/. */
const README_FIGURES: Readonly<Record<string, string>> = {
  "receive-cold-start": "receive start-up, `test.event`",
  "emit-cold-start": "emit start-up, one delivery",
  "peer-cold-start": "core + github + zod via ncc",
  "relay-throughput": "relay requests/s, 50 connections",
};

interface Results {
  readonly date: string;
  readonly machine: {
    readonly cores: number;
    readonly cpu: string;
    readonly node: string;
    readonly pinned: boolean;
    readonly loadGenerator: string;
    readonly coldStartTool: string;
  };
  readonly figures: readonly Figure[];
}

const results = JSON.parse(readFileSync(`${ROOT}bench/results.json`, "utf8")) as Results;
const { machine } = results;
const measuredOn = `Measured ${results.date.slice(0, 10)} on ${machine.cores} cores (${machine.cpu}), Node ${machine.node}`;

function fill(file: string, marker: string, content: string): void {
  const start = `<!-- bench:${marker}:start -->`;
  const end = `<!-- bench:${marker}:end -->`;
  const text = readFileSync(file, "utf8");
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${file} has no ${start} … ${end} block to fill.`);
  writeFileSync(
    file,
    `${text.slice(0, from)}${start}\n${content}\n${end}${text.slice(to + end.length)}`,
  );
}

fill(
  `${ROOT}docs/performance.md`,
  "results",
  [
    `${measuredOn}; relay load: ${machine.loadGenerator}${machine.pinned ? ", server and load pinned to separate cores" : ""}; cold starts: ${machine.coldStartTool}.`,
    "",
    renderTable(results.figures),
  ].join("\n"),
);

const rows = Object.entries(README_FIGURES).map(([id, name]) => {
  const figure = results.figures.find((candidate) => candidate.id === id);
  if (!figure) throw new Error(`bench/results.json has no figure ${id}: run npm run bench first.`);
  const against = figure.baseline ? `${figure.ratio?.toFixed(2)}× ${figure.baseline.label}` : "—";
  return `| ${name} | ${formatQuantity(figure.measured)} | ${against} | ${figure.target.text} |`;
});
fill(
  `${ROOT}README.md`,
  "summary",
  [
    "| | measured | same run | goal |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
    `${measuredOn} ([all figures](docs/performance.md)).`,
  ].join("\n"),
);
console.log(
  `Updated docs/performance.md and README.md from bench/results.json (${results.figures.length} figures).`,
);
