/** The IPC side of a bench server: say where it listens, answer requests for its counters. */
export function announce(url: string, stats: () => Record<string, unknown>): void {
  process.send?.({ type: "ready", url });
  process.on("message", (message: { type?: string }) => {
    if (message.type === "stats") process.send?.({ type: "stats", stats: stats() });
  });
  process.on("SIGTERM", () => process.exit(0));
}

export function announceFailure(error: unknown): void {
  process.send?.({ type: "error", error: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
}
