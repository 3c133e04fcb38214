import type { Readable } from "node:stream";

/** Collects the JSON log lines workerd writes to `stream` (its stdout or stderr) into `lines`. */
export function collectJsonLines(stream: Readable, lines: string[]): void {
  let partial = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    const parts = (partial + chunk).split("\n");
    partial = parts.pop() ?? "";
    for (const line of parts) if (line.startsWith("{")) lines.push(line);
  });
}
