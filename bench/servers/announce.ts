/**
 * The IPC side of a bench server: say where it listens, answer requests for its counters. Each
 * answer also carries `cpuMicros`, the process's CPU time (user + system) since the previous
 * answer (or since it was ready): on a machine shared with other work, CPU time per request does
 * not count the time spent waiting for a core, as requests per second do.
 */
export function announce(url: string, stats: () => Record<string, unknown>): void {
  let since = process.cpuUsage();
  process.send?.({ type: "ready", url });
  process.on("message", (message: { type?: string }) => {
    if (message.type !== "stats") return;
    const used = process.cpuUsage(since);
    since = process.cpuUsage();
    process.send?.({ type: "stats", stats: { ...stats(), cpuMicros: used.user + used.system } });
  });
  process.on("SIGTERM", () => process.exit(0));
}

export function announceFailure(error: unknown): void {
  process.send?.({ type: "error", error: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
}
