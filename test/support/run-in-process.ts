/**
 * Runs an action's `run()` from source inside the test process, through the runner-facing parts
 * the action ships: its step log (src/runner/step-log.ts) printing into a buffer of the run's own
 * instead of file descriptor 1, and its job summary (src/runner/job-summary.ts) writing the file
 * the run's own environment names. Tests in one file can then run at once without sharing
 * `process.env`, `process.stdout` or `process.exitCode`.
 *
 * Inputs and outputs are the exception: `@actions/core`'s `getInput` and `setOutput` read
 * `process.env`, which runs at once cannot share, so inputs are read from the run's environment
 * as the runner puts them there and outputs are recorded. The spawned bundles (run-action.ts)
 * take both through `@actions/core` itself.
 */
import { readFile } from "node:fs/promises";
import type { ActionsCore } from "../../src/runner/actions-core.ts";
import { FileJobSummary } from "../../src/runner/job-summary.ts";
import { stepLog } from "../../src/runner/step-log.ts";
import {
  type ActionRun,
  type ActionRunOptions,
  inputVariable,
  withRunnerFiles,
  workflowCommands,
} from "./run-action.ts";

export type InProcessRunOptions = Omit<ActionRunOptions, "bundle" | "timeoutMs">;

export interface RecordingCore {
  readonly core: ActionsCore;
  readonly stdout: () => string;
  readonly outputs: Record<string, string>;
  readonly failed: () => boolean;
}

/** A core for one run: inputs from `env` as the runner puts them there, everything else recorded. */
export function recordingCore(env: Readonly<Record<string, string>>): RecordingCore {
  let stdout = "";
  let failed = false;
  const outputs: Record<string, string> = {};
  const core: ActionsCore = {
    getInput(name, options) {
      const value = env[inputVariable(name)] ?? "";
      if (options?.required && !value) throw new Error(`Input required and not supplied: ${name}`);
      return options?.trimWhitespace === false ? value : value.trim();
    },
    setOutput(name, value) {
      outputs[name] = value;
    },
    ...stepLog({
      writeLine: (text) => {
        stdout += `${text}\n`;
      },
      fail: () => {
        failed = true;
      },
    }),
    summary: new FileJobSummary(env),
  };
  return { core, stdout: () => stdout, outputs, failed: () => failed };
}

async function runInProcess(
  options: InProcessRunOptions,
  run: (core: ActionsCore, env: Record<string, string>) => Promise<void>,
): Promise<ActionRun> {
  return withRunnerFiles(options, async ({ env, summaryPath }) => {
    const recorded = recordingCore(env);
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
  const [{ run }, { createGitHubClient }, { openConnection }] = await Promise.all([
    import("../../src/receive/main.ts"),
    import("../../src/receive/github-client.ts"),
    import("../../src/http-client/http-connection.ts"),
  ]);
  return runInProcess(options, (core, env) =>
    run({
      core,
      env,
      // GitHub's Retry-After and the retry schedule kept, each second of them lasting a millisecond.
      createGitHubClient: (token, clientOptions) =>
        createGitHubClient(token, { ...clientOptions, secondMs: 1 }),
      clock: options.clock ?? Date.now,
      // The transport the action ships, over the run's own environment (its proxies).
      openConnection: async () => openConnection({ insecureSsl: false, env }),
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
    import("../../src/http-client/http-connection.ts"),
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
