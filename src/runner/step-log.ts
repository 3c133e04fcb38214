// Kept over @actions/core's logging, which adds 2 ms of CPU to a receive run (docs/performance.md).
import { writeSync } from "node:fs";
import { EOL } from "node:os";

/**
 * The step's log lines and workflow commands as `@actions/core` prints them (`info`, `debug`,
 * `warning`, `setFailed`, `setSecret`: the same text, the same escaping, held byte for byte by
 * test/runner/step-log.test.ts), written to file descriptor 1 with `writeSync`. The runner reads a
 * step's output from a pipe, and on a pipe `process.stdout` is a `net.Socket`: creating it loads
 * Node's `net` and stream modules and the TCP and pipe bindings, for a run that prints three lines.
 */

// `@actions/core`'s toCommandValue.
function commandValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "string" || value instanceof String
    ? String(value)
    : JSON.stringify(value);
}

// `@actions/core`'s escapeData, for a command's message.
function escapeData(value: unknown): string {
  return commandValue(value).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Set once a write would block: from then on every line goes through `process.stdout`, in order. */
let throughStream = false;

function writeLine(text: string): void {
  const line = `${text}${EOL}`;
  if (!throughStream) {
    const bytes = Buffer.from(line, "utf8");
    let written = 0;
    try {
      while (written < bytes.length) written += writeSync(1, bytes, written);
      return;
    } catch (error) {
      // A non-blocking descriptor whose pipe is full: let Node's stream queue the rest.
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
      throughStream = true;
      process.stdout.write(bytes.subarray(written));
      return;
    }
  }
  process.stdout.write(line);
}

/** Where a step's lines go, and how its failure is recorded. */
export interface StepOutput {
  /** One line, without its line ending. */
  readonly writeLine: (text: string) => void;
  readonly fail: () => void;
}

/** The runner's: file descriptor 1, and the process's exit code. */
export const runnerOutput: StepOutput = {
  writeLine,
  fail: () => {
    process.exitCode = 1;
  },
};

export interface StepLog {
  info(message: string): void;
  debug(message: string): void;
  warning(message: string | Error): void;
  setSecret(secret: string): void;
  setFailed(message: string | Error): void;
}

/**
 * `@actions/core`'s log commands, printed to `output`: the runner's in a run, a buffer of its own
 * when a test runs an action inside the test process.
 */
export function stepLog(output: StepOutput): StepLog {
  const issue = (command: string, message: unknown) =>
    output.writeLine(`::${command}::${escapeData(message)}`);
  return {
    info: (message) => output.writeLine(message),
    debug: (message) => issue("debug", message),
    warning: (message) => issue("warning", message instanceof Error ? message.toString() : message),
    setSecret: (secret) => issue("add-mask", secret),
    setFailed(message) {
      output.fail();
      issue("error", message instanceof Error ? message.toString() : message);
    },
  };
}

/** The runner's own step log. */
export const { info, debug, warning, setSecret, setFailed } = stepLog(runnerOutput);

/**
 * Ends the process once a run is over, unless lines still wait in `process.stdout`'s queue (then
 * Node ends it when they are written). Everything a run does is awaited before this and every
 * other write is synchronous, so what is left for the event loop is V8's young-generation
 * collection, which it schedules as a task once start-up has allocated enough: one scavenge, spent
 * on memory the process is about to give back (docs/performance.md). The exit code is the one
 * `setFailed` set, if any.
 */
export function exitWhenLogWritten(): void {
  if (throughStream) return;
  process.exit();
}
