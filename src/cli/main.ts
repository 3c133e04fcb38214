import packageJson from "../../package.json" with { type: "json" };
import { describeError, isHookbridgeError } from "../core/errors.ts";
import { neutraliseLogText } from "../core/log-text.ts";
import { type Io, sign, verify } from "./sign-verify.ts";
import { commandHelp, isCommandName, USAGE } from "./usage.ts";

// Each line the CLI prints passes through neutraliseLogText: headers, answers and messages can quote
// a payload or a server, and in a workflow step a line of theirs could otherwise act as a command.
// Multi-line text (usage, a server's answer) is kept as lines, each made safe on its own.
const safeLines = (text: string) =>
  text
    .split(/\r\n|\r|\n/)
    .map(neutraliseLogText)
    .join("\n");

const defaultIo: Io = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
};

const wantsHelp = (args: readonly string[]) => args.includes("--help") || args.includes("-h");

function commandSafeIo(io: Io): Io {
  return {
    ...io,
    stdout: (line) => io.stdout(safeLines(line)),
    stderr: (line) => io.stderr(safeLines(line)),
  };
}

/** Runs one CLI command and returns the exit code; the only place CLI errors are caught. */
export async function main(argv: string[], given: Io = defaultIo): Promise<number> {
  const io = commandSafeIo(given);
  const [command, ...args] = argv;
  if (isCommandName(command) && wantsHelp(args)) {
    io.stdout(commandHelp(command));
    return 0;
  }
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
      case "--version":
      case "-v":
      case "version":
        io.stdout(packageJson.version);
        return 0;
      case undefined:
      case "help":
      case "--help":
      case "-h":
        if (isCommandName(args[0])) {
          io.stdout(commandHelp(args[0]));
          return 0;
        }
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
