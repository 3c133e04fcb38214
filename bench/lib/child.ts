import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";

/** A server under test in a process of its own, reachable over HTTP and asked for counters over IPC. */
export interface ChildServer {
  readonly url: string;
  /** The counters the server kept since it started. */
  stats(): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

interface ChildMessage {
  readonly type: string;
  readonly url?: string;
  readonly stats?: Record<string, unknown>;
  readonly error?: string;
}

function nextMessage(child: ChildProcess, type: string): Promise<ChildMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ChildMessage) => {
      if (message.type === "error") finish(() => reject(new Error(message.error)));
      else if (message.type === type) finish(() => resolve(message));
    };
    const onExit = (code: number | null) =>
      finish(() => reject(new Error(`the server exited (code ${code}) before answering`)));
    const finish = (settle: () => void) => {
      child.off("message", onMessage);
      child.off("exit", onExit);
      settle();
    };
    child.on("message", onMessage);
    child.on("exit", onExit);
  });
}

/**
 * Starts `script` (a bench/servers/*.ts file) under `prefix` (e.g. `taskset -c 0`). The script
 * announces `{type: "ready", url}` and answers `{type: "stats"}`.
 */
export async function startChildServer(
  script: string,
  prefix: readonly string[],
  env: Record<string, string | undefined>,
): Promise<ChildServer> {
  const command = [...prefix, process.execPath, script];
  const child = spawn(command[0] as string, command.slice(1), {
    env,
    // The server's own log goes nowhere: a relay writes one line per request, as in production.
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const ready = await nextMessage(child, "ready");
  return {
    url: ready.url ?? "",
    async stats() {
      const answer = nextMessage(child, "stats");
      child.send({ type: "stats" });
      return (await answer).stats ?? {};
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    },
  };
}
