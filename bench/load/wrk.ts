import { spawn } from "node:child_process";
import type { LoadOptions, LoadResult } from "./result.ts";

const SCRIPT = new URL("./pool.lua", import.meta.url).pathname;

/** Runs wrk (one thread: it has one core to itself) with pool.lua and reads its JSON line. */
export async function runWrk(wrk: string, options: LoadOptions): Promise<LoadResult> {
  const command = [
    ...options.prefix,
    wrk,
    "-t1",
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    "--timeout",
    "10s",
    "-s",
    SCRIPT,
    options.url,
    "--",
    options.poolFile,
    options.path,
  ];
  const child = spawn(command[0] as string, command.slice(1), {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const line = /^BENCH_JSON (.*)$/m.exec(stdout)?.[1];
  if (code !== 0 || !line) throw new Error(`wrk failed (exit ${code}):\n${stdout}`);
  const raw = JSON.parse(line) as Record<string, number>;
  const n = (key: string) => raw[key] ?? 0;
  const seconds = n("duration_us") / 1e6;
  return {
    generator: "wrk",
    requests: n("requests"),
    seconds,
    rps: n("requests") / seconds,
    latencyMs: {
      p50: n("p50_us") / 1000,
      p90: n("p90_us") / 1000,
      p99: n("p99_us") / 1000,
      max: n("max_us") / 1000,
    },
    errors: n("connect") + n("read") + n("write") + n("timeout"),
    non2xx: n("status"),
  };
}
