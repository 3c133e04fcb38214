import { writeSync } from "node:fs";
import { EOL } from "node:os";

/**
 * The step's log lines and workflow commands as `@actions/core` prints them (`info`, `debug`,
 * `warning`, `setFailed`, `setSecret`: the same text, the same escaping), written to file
 * descriptor 1 with `writeSync`. The runner reads a step's output from a pipe, and on a pipe
 * `process.stdout` is a `net.Socket`: creating it loads Node's `net` and stream modules and the
 * TCP and pipe bindings, about 5 ms of CPU in a receive run that prints three lines.
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

function issue(command: string, message: unknown): void {
  writeLine(`::${command}::${escapeData(message)}`);
}

export function info(message: string): void {
  writeLine(message);
}

export function debug(message: string): void {
  issue("debug", message);
}

export function warning(message: string | Error): void {
  issue("warning", message instanceof Error ? message.toString() : message);
}

export function setSecret(secret: string): void {
  issue("add-mask", secret);
}

export function setFailed(message: string | Error): void {
  process.exitCode = 1;
  issue("error", message instanceof Error ? message.toString() : message);
}

/**
 * Ends the process once a run is over, unless lines still wait in `process.stdout`'s queue (then
 * Node ends it when they are written). Everything a run does is awaited before this and every
 * other write is synchronous, so what is left for the event loop is V8's young-generation
 * collection, which it schedules as a task once start-up has allocated enough: one scavenge, a
 * few milliseconds of CPU and about 5 M instructions of a receive run (callgrind), spent on
 * memory the process is about to give back. The exit code is the one `setFailed` set, if any.
 */
export function exitWhenLogWritten(): void {
  if (throughStream) return;
  process.exit();
}
