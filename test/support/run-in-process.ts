/**
 * Runs an action's `run()` from source inside the test process, with the runner-facing parts
 * injected: a core that prints what `@actions/core` prints (the same workflow commands, escaped
 * the same way) into a buffer of its own, `@actions/core`'s own job-summary writer aimed at a file
 * of the run's own, and the runner's environment as a record. Tests in one file can then run at
 * once without sharing `process.env`, `process.stdout` or `process.exitCode`.
 */
import { readFile } from "node:fs/promises";
import { summary as runnerSummary } from "@actions/core";
import type { ActionsCore } from "../../src/runner/actions-core.ts";
import {
  type ActionRun,
  type ActionRunOptions,
  withRunnerFiles,
  workflowCommands,
} from "./run-action.ts";

export type InProcessRunOptions = Omit<ActionRunOptions, "bundle" | "timeoutMs">;

/** `@actions/core`'s escaping of a command's message. */
function escapeData(value: unknown): string {
  const text =
    typeof value === "string"
      ? value
      : value instanceof Error
        ? value.toString()
        : JSON.stringify(value);
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** `@actions/core`'s rendering of an output value. */
function commandValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "string" || value instanceof String
    ? String(value)
    : JSON.stringify(value);
}

type Summary = ActionsCore["summary"];

/** A job-summary writer of `@actions/core`'s own class, writing to `path` rather than the one named in `process.env`. */
function summaryWriter(path: string): Summary {
  const SummaryClass = Object.getPrototypeOf(runnerSummary).constructor as new () => Summary;
  const writer = new SummaryClass();
  // The class caches the file it found in GITHUB_STEP_SUMMARY here and looks no further.
  (writer as unknown as { _filePath: string })._filePath = path;
  return writer;
}

export interface RecordingCore {
  readonly core: ActionsCore;
  readonly stdout: () => string;
  readonly outputs: Record<string, string>;
  readonly failed: () => boolean;
}

/** A core for one run: inputs from `env` as the runner puts them there, everything else recorded. */
export function recordingCore(
  env: Readonly<Record<string, string>>,
  summaryPath: string,
): RecordingCore {
  let stdout = "";
  let failed = false;
  const outputs: Record<string, string> = {};
  const print = (line: string) => {
    stdout += `${line}\n`;
  };
  const command = (name: string, message: unknown) => print(`::${name}::${escapeData(message)}`);
  const core: ActionsCore = {
    getInput(name, options) {
      const value = env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "";
      if (options?.required && !value) throw new Error(`Input required and not supplied: ${name}`);
      return options?.trimWhitespace === false ? value : value.trim();
    },
    setSecret: (secret) => command("add-mask", secret),
    setOutput(name, value) {
      outputs[name] = commandValue(value);
    },
    setFailed(message) {
      failed = true;
      command("error", message);
    },
    info: (message) => print(message),
    warning: (message) => command("warning", message),
    debug: (message) => command("debug", message),
    summary: summaryWriter(summaryPath),
  };
  return { core, stdout: () => stdout, outputs, failed: () => failed };
}

async function runInProcess(
  options: InProcessRunOptions,
  run: (core: ActionsCore, env: Record<string, string>) => Promise<void>,
): Promise<ActionRun> {
  return withRunnerFiles(options, async ({ env, summaryPath }) => {
    const recorded = recordingCore(env, summaryPath);
    let stderr = "";
    let code = 0;
    try {
      await run(recorded.core, env);
      if (recorded.failed()) code = 1;
    } catch (error) {
      // What Node does with an error the action lets escape: a stack on stderr, exit code 1.
      stderr = error instanceof Error ? (error.stack ?? String(error)) : String(error);
      code = 1;
    }
    const stdout = recorded.stdout();
    return {
      code,
      stdout,
      stderr,
      outputs: { ...recorded.outputs },
      summary: await readFile(summaryPath, "utf8"),
      commands: workflowCommands(stdout),
    };
  });
}

export interface ReceiveRunOptions extends InProcessRunOptions {
  /** The moment the action takes as now; the wall clock unless a test judges ages elsewhere. */
  readonly clock?: () => number;
}

/** The receive action's `run()` from source, as the runner would run it. */
export async function runReceive(options: ReceiveRunOptions): Promise<ActionRun> {
  const [{ run }, { createGitHubClient }] = await Promise.all([
    import("../../src/receive/main.ts"),
    import("../../src/receive/github-client.ts"),
  ]);
  return runInProcess(options, (core, env) =>
    run({
      core,
      env,
      // GitHub's Retry-After and the retry schedule kept, each second of them lasting a millisecond.
      createGitHubClient: (token, clientOptions) =>
        createGitHubClient(token, { ...clientOptions, secondMs: 1 }),
      clock: options.clock ?? Date.now,
    }),
  );
}

export interface EmitRunOptions extends InProcessRunOptions {
  /** Each wait between attempts is recorded here and skipped. */
  readonly waits?: number[];
}

/** The emit action's `run()` from source, as the runner would run it, without waiting between attempts. */
export async function runEmit(options: EmitRunOptions): Promise<ActionRun> {
  const [{ run, defaultDeps }, { openConnection }] = await Promise.all([
    import("../../src/emit/main.ts"),
    import("../../src/node/http-connection.ts"),
  ]);
  return runInProcess(options, (core, env) =>
    run({
      ...defaultDeps(),
      core,
      env,
      openConnection: async (settings) =>
        openConnection({ insecureSsl: settings.insecureSsl, env }),
      sleep: async (ms) => {
        options.waits?.push(ms);
      },
    }),
  );
}
