import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ROOT = new URL("../../", import.meta.url).pathname;

/** The path of a built action, or an error that says how to build it. */
export function bundle(dist: string, name: string): string {
  const path = join(dist, name, "index.js");
  if (!existsSync(path)) {
    throw new Error(`${path} does not exist; build it with \`npm run build\` first.`);
  }
  return path;
}

export interface RunnerFiles {
  readonly dir: string;
  readonly env: Record<string, string>;
  /** The outputs the last run wrote (`name<<delimiter` blocks are folded to one line each). */
  outputs(): Record<string, string>;
}

/**
 * A directory and environment shaped like a GitHub runner's for one action step: event file,
 * output and summary files, `INPUT_*` variables mangled the way the runner does.
 */
export function runnerFiles(options: {
  readonly eventName: string;
  readonly event: unknown;
  readonly inputs: Record<string, string>;
  readonly env?: Record<string, string>;
}): RunnerFiles {
  const dir = mkdtempSync(join(tmpdir(), "hookbridge-bench-"));
  const eventPath = join(dir, "event.json");
  const outputPath = join(dir, "output.txt");
  const summaryPath = join(dir, "summary.md");
  writeFileSync(eventPath, JSON.stringify(options.event));
  writeFileSync(outputPath, "");
  writeFileSync(summaryPath, "");
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: dir,
    RUNNER_TEMP: dir,
    RUNNER_OS: "Linux",
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_REPOSITORY: "octo-org/octo-repo",
    GITHUB_SHA: "0000000000000000000000000000000000000000",
    GITHUB_REF: "refs/heads/main",
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_API_URL: "https://api.github.invalid",
    GITHUB_RUN_ID: "1",
    GITHUB_WORKFLOW: "bench",
    GITHUB_ACTOR: "octocat",
    GITHUB_WORKSPACE: dir,
    ...options.env,
  };
  for (const [name, value] of Object.entries(options.inputs)) {
    env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] = value;
  }
  return {
    dir,
    env,
    outputs() {
      const text = readFileSync(outputPath, "utf8");
      const outputs: Record<string, string> = {};
      for (const match of text.matchAll(/^([^=<\n]+)<<(.+)\n([\s\S]*?)\n\2$/gm)) {
        outputs[match[1] as string] = match[3] as string;
      }
      return outputs;
    },
  };
}

export interface TimedRun {
  /** Process start to exit, in milliseconds. */
  readonly ms: number;
  readonly code: number | null;
  readonly stdout: string;
}

/** Runs `node <args>` and times it from spawn to exit. */
export function timedNode(
  args: readonly string[],
  env: Record<string, string>,
  cwd: string,
): Promise<TimedRun> {
  return timedSpawn(process.execPath, args, env, cwd);
}

/** Runs `file <args>` and times it from spawn to exit, as seen from this process. */
export async function timedSpawn(
  file: string,
  args: readonly string[],
  env: Record<string, string>,
  cwd: string,
): Promise<TimedRun> {
  const started = performance.now();
  const child = spawn(file, args, { env, cwd, stdio: ["ignore", "pipe", "inherit"] });
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { ms: performance.now() - started, code, stdout };
}
