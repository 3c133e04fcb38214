import { describeError, isHookbridgeError } from "../core/errors.ts";
import { type Io, sign, verify } from "./sign-verify.ts";
import { USAGE } from "./usage.ts";

const defaultIo: Io = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
};

/** Runs one CLI command and returns the exit code; the only place CLI errors are caught. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case "sign":
        return await sign(args, io);
      case "verify":
        return await verify(args, io);
      case "relay": {
        const { relay } = await import("./relay.ts");
        return await relay(args, io);
      }
      case "send": {
        const { send } = await import("./send.ts");
        return await send(args, io);
      }
      case "deliveries": {
        const { deliveries } = await import("./deliveries.ts");
        return await deliveries(args, io);
      }
      case "redeliver": {
        const { redeliver } = await import("./deliveries.ts");
        return await redeliver(args, io);
      }
      case "demo": {
        const { demo } = await import("./demo.ts");
        return await demo(args, io);
      }
      case undefined:
      case "help":
      case "--help":
      case "-h":
        io.stdout(USAGE);
        return command === undefined ? 2 : 0;
      default:
        io.stderr(`hookbridge: unknown command "${command}". Run "hookbridge help" for the list.`);
        return 2;
    }
  } catch (error) {
    const known =
      isHookbridgeError(error) ||
      (error instanceof Error &&
        "code" in error &&
        String(error.code).startsWith("ERR_PARSE_ARGS"));
    io.stderr(
      `hookbridge ${command}: ${describeError(error)}${known ? "" : " (unexpected: please report it)"}`,
    );
    return 2;
  }
}
