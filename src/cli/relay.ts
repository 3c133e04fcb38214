import { parseArgs } from "node:util";
import { HookbridgeError } from "../core/errors.ts";
import { startNodeRelay } from "../relay/node-server.ts";
import type { Io } from "./sign-verify.ts";

/** `hookbridge relay`: serves the relay until SIGTERM or SIGINT, then drains in-flight requests. */
export async function relay(args: string[], _io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { port: { type: "string" }, host: { type: "string" } },
  });
  const port = Number(values.port ?? process.env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new HookbridgeError("BadRequest", "--port must be a whole number from 0 to 65535.");
  }
  const server = await startNodeRelay({
    env: process.env,
    port,
    host: values.host ?? process.env.HOST ?? "0.0.0.0",
  });
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  });
  await server.close();
  return 0;
}
