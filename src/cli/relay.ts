import { parseArgs } from "node:util";
import { HookbridgeError } from "../core/errors.ts";
import { startNodeRelay } from "../relay/hosts/node/server.ts";
import { environment, type Io } from "./sign-verify.ts";

export const RELAY_OPTIONS = { port: { type: "string" }, host: { type: "string" } } as const;

/** Why the relay could not listen, as one sentence with the fix; undefined when it is not ours. */
function listenProblem(error: unknown, host: string, port: number): string | undefined {
  const code = error instanceof Error && "code" in error ? String(error.code) : "";
  switch (code) {
    case "EADDRINUSE":
      return `Port ${port} on ${host} is already in use (another relay?): stop that process, or choose another port with --port or PORT.`;
    case "EACCES":
      return `Port ${port} needs privileges this user lacks: choose a port above 1023 with --port or PORT, and put a proxy in front for 80/443.`;
    case "EADDRNOTAVAIL":
      return `${host} is not an address of this machine: use 127.0.0.1, 0.0.0.0 or one of its own addresses with --host or HOST.`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `--host ${host} does not resolve to an address: give an IP address or a name this machine knows.`;
    default:
      return undefined;
  }
}

/** `hookbridge relay`: serves the relay until SIGTERM or SIGINT, then drains in-flight requests. */
export async function relay(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: RELAY_OPTIONS });
  const env = environment(io);
  const port = Number(values.port ?? env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    const named = values.port === undefined ? "PORT" : "--port";
    throw new HookbridgeError("BadRequest", `${named} must be a whole number from 0 to 65535.`);
  }
  // Every interface by default: the relay exists to be reached by providers, through a proxy or a
  // container runtime's port mapping, neither of which reaches a loopback-only listener.
  const host = values.host ?? env.HOST ?? "0.0.0.0";
  let server: Awaited<ReturnType<typeof startNodeRelay>>;
  try {
    server = await startNodeRelay({ env, port, host });
  } catch (error) {
    const problem = listenProblem(error, host, port);
    if (problem) throw new HookbridgeError("ConfigError", problem, { cause: error });
    throw error;
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  });
  await server.close();
  return 0;
}
