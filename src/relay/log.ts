/**
 * One structured log line. Request lines carry `provider, event, id, status, ms` and `reason`
 * on anything but a dispatch; nothing the relay logs ever holds a secret, a token or a body.
 */
export interface LogEntry {
  readonly level: "info" | "warn" | "error";
  readonly msg: string;
  readonly [field: string]: unknown;
}

export type RelayLogger = (entry: LogEntry) => void;

/** Writes JSON lines to the console: stdout on Node, the Workers log stream on Cloudflare. */
export const jsonLineLogger: RelayLogger = (entry) => {
  const line = JSON.stringify(entry);
  if (entry.level === "error") console.error(line);
  else console.log(line);
};
