import { spawn } from "node:child_process";
import { findExecutable, missingToolNote, toolVersion } from "../lib/tools.ts";
import type { LoadOptions, LoadResult } from "./result.ts";
import { runWrk } from "./wrk.ts";

const NODE_LOAD = new URL("./node-load.ts", import.meta.url).pathname;

export interface LoadGenerator {
  readonly name: string;
  /** Set when the preferred tool is missing, for the table's notes. */
  readonly note?: string;
  run(options: LoadOptions): Promise<LoadResult>;
}

/** The Node generator, whatever is installed: the one that can send a fixed number of requests. */
export async function runNodeLoad(options: LoadOptions): Promise<LoadResult> {
  const { prefix, ...rest } = options;
  const command = [...prefix, process.execPath, NODE_LOAD, JSON.stringify(rest)];
  const child = spawn(command[0] as string, command.slice(1), {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) throw new Error(`the Node load generator failed (exit ${code})`);
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as LoadResult;
}

/** wrk when installed (or asked for), else the Node generator. */
export function chooseGenerator(preference: "auto" | "wrk" | "node"): LoadGenerator {
  const wrk = preference === "node" ? undefined : findExecutable("wrk");
  if (wrk) {
    const version = toolVersion(wrk, "-v").replace(/\s*Copyright.*$/, "");
    return { name: version || "wrk", run: (options) => runWrk(wrk, options) };
  }
  if (preference === "wrk") {
    throw new Error(
      "BENCH_LOAD=wrk but wrk is not installed: `apt-get update && apt-get install -y wrk` (Debian/Ubuntu) or `brew install wrk` (macOS).",
    );
  }
  return {
    name: "node (undici Pool)",
    ...(preference === "auto"
      ? { note: missingToolNote("wrk", "the Node load generator (bench/load/node-load.ts)") }
      : {}),
    run: runNodeLoad,
  };
}
