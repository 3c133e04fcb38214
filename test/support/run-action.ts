import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ROOT = new URL("../../", import.meta.url).pathname;

export interface ActionRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
  /** Workflow commands the action printed (`::error::…`, `::warning::…`, `::add-mask::…`). */
  readonly commands: { command: string; message: string }[];
}

export interface ActionRunOptions {
  /** Bundle path relative to the repository root, e.g. `dist/receive/index.js`. */
  readonly bundle: string;
  readonly inputs?: Record<string, string>;
  readonly eventName?: string;
  readonly event?: unknown;
  readonly env?: Record<string, string>;
  readonly timeoutMs?: number;
}

/** Reads the `name<<delimiter` blocks and `name=value` lines the Actions toolkit writes. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = "", delimiter = ""] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] as string);
      outputs[name] = value.join("\n");
    } else if (line.includes("=")) {
      const at = line.indexOf("=");
      outputs[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return outputs;
}

/** The files a runner gives a step: its event, and where outputs and the job summary go. */
export interface RunnerFiles {
  readonly dir: string;
  readonly outputPath: string;
  readonly summaryPath: string;
  /** The environment a GitHub runner gives a step, inputs included as `INPUT_*`. */
  readonly env: Record<string, string>;
}

/** Lays out a runner's files in a directory of its own, runs `work`, and removes them. */
export async function withRunnerFiles<T>(
  options: Omit<ActionRunOptions, "bundle">,
  work: (files: RunnerFiles) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "hookbridge-action-"));
  try {
    const eventPath = join(dir, "event.json");
    const outputPath = join(dir, "output.txt");
    const summaryPath = join(dir, "summary.md");
    await writeFile(eventPath, JSON.stringify(options.event ?? {}));
    await writeFile(outputPath, "");
    await writeFile(summaryPath, "");
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      HOME: dir,
      RUNNER_TEMP: dir,
      RUNNER_OS: "Linux",
      CI: "true",
      GITHUB_ACTIONS: "true",
      GITHUB_EVENT_NAME: options.eventName ?? "repository_dispatch",
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_OUTPUT: outputPath,
      GITHUB_STEP_SUMMARY: summaryPath,
      GITHUB_REPOSITORY: "octo-org/octo-repo",
      GITHUB_SHA: "0000000000000000000000000000000000000000",
      GITHUB_REF: "refs/heads/main",
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_API_URL: "https://api.github.invalid",
      GITHUB_RUN_ID: "1",
      GITHUB_RUN_NUMBER: "1",
      GITHUB_RUN_ATTEMPT: "1",
      GITHUB_WORKFLOW: "hookbridge",
      GITHUB_JOB: "receive",
      GITHUB_ACTOR: "octocat",
      GITHUB_WORKSPACE: dir,
      ...options.env,
    };
    for (const [name, value] of Object.entries(options.inputs ?? {})) {
      // The runner's own mangling: spaces become underscores, the name is upper-cased, dashes stay.
      env[inputVariable(name)] = value;
    }
    return await work({ dir, outputPath, summaryPath, env });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Where the runner puts an input, as `@actions/core`'s `getInput` looks for it. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
}

/** The workflow commands in a step's standard output. */
export function workflowCommands(stdout: string): { command: string; message: string }[] {
  return [...stdout.matchAll(/^::([a-z-]+)(?: [^:]*)?::(.*)$/gm)].map((m) => ({
    command: m[1] as string,
    message: m[2] as string,
  }));
}

/** Runs a built action bundle as its own process, with the environment a GitHub runner gives. */
export async function runAction(options: ActionRunOptions): Promise<ActionRun> {
  return withRunnerFiles(options, async ({ dir, outputPath, summaryPath, env }) => {
    const child = spawn(process.execPath, [join(ROOT, options.bundle)], {
      env,
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 20_000);
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    clearTimeout(timer);
    return {
      code,
      stdout,
      stderr,
      outputs: parseOutputFile(await readFile(outputPath, "utf8")),
      summary: await readFile(summaryPath, "utf8"),
      commands: workflowCommands(stdout),
    };
  });
}
