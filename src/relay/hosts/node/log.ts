import { writeSync } from "node:fs";
import type { RelayLogger } from "../../log.ts";

/**
 * JSON lines to stdout on Node, written once per turn of the event loop instead of once per line:
 * `console.log` to a file or pipe is a synchronous write per call, which under load was a large
 * share of the relay's CPU, two lines per request (docs/performance.md, "Choices in the code"). Lines wait at most until the current turn ends;
 * anything still waiting when the process exits is written synchronously then, and an error line
 * is written at once (after the lines before it), so none is lost on the way down.
 */
export function createNodeLineLogger(): RelayLogger {
  let pending = "";
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending === "") return;
    const text = pending;
    pending = "";
    process.stdout.write(text);
  };
  process.on("exit", () => {
    if (pending !== "") writeSync(1, pending);
    pending = "";
  });
  return (entry) => {
    const line = JSON.stringify(entry);
    if (entry.level === "error") {
      flush();
      console.error(line);
      return;
    }
    pending += `${line}\n`;
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
}

let shared: RelayLogger | undefined;

/** The process's one line logger (one exit hook, one buffer, whatever the number of relays). */
export function nodeLineLogger(): RelayLogger {
  shared ??= createNodeLineLogger();
  return shared;
}
