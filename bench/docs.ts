/**
 * `npm run bench:docs`: rewrites the table in docs/performance.md from bench/results.json, so the
 * published figures are always the ones a bench run printed, with the machine it ran on.
 */
import { readFileSync, writeFileSync } from "node:fs";
import type { Figure } from "./lib/figure.ts";
import { renderTable } from "./lib/table.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const DOC = `${ROOT}docs/performance.md`;
const START = "<!-- bench:results:start -->";
const END = "<!-- bench:results:end -->";

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
const block = [
  START,
  `Measured ${results.date.slice(0, 10)} on ${machine.cores} cores (${machine.cpu}), Node ${machine.node}; relay load: ${machine.loadGenerator}${machine.pinned ? ", server and load pinned to separate cores" : ""}; cold starts: ${machine.coldStartTool}.`,
  "",
  renderTable(results.figures),
  END,
].join("\n");

const text = readFileSync(DOC, "utf8");
const from = text.indexOf(START);
const to = text.indexOf(END);
if (from < 0 || to < from) throw new Error(`${DOC} has no ${START} … ${END} block to fill.`);
writeFileSync(DOC, `${text.slice(0, from)}${block}${text.slice(to + END.length)}`);
console.log(`Updated ${DOC} from bench/results.json (${results.figures.length} figures).`);
