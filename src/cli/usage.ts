import { PROVIDER_NAMES } from "../core/providers.ts";

/** One command's help: its synopsis, what it does, and every flag it accepts. */
interface CommandHelp {
  readonly synopsis: string;
  readonly about: string;
  readonly flags: readonly (readonly [flag: string, meaning: string])[];
}

const PROVIDER_CHOICES = `${PROVIDER_NAMES.slice(0, -1).join(", ")} or ${PROVIDER_NAMES.at(-1)}`;
const PROVIDER = ["--provider P", PROVIDER_CHOICES] as const;
const SIGNING_SECRET = [
  "--secret S",
  "the webhook secret (or HOOKBRIDGE_SECRET); given a comma-separated list, as the relay takes while rotating, signs with the first",
] as const;
const VERIFYING_SECRET = [
  "--secret S",
  "the webhook secret (or HOOKBRIDGE_SECRET); given a comma-separated list, valid when any one of them verifies, as in the relay",
] as const;
const FILE = [
  "--file F",
  "the body to sign, byte for byte (default: standard input; - also reads it)",
] as const;
const VERIFIED_FILE = [
  "--file F",
  "the body as received, byte for byte (default: standard input; - also reads it)",
] as const;
const TOKEN_HEADER = [
  "--token-header H",
  "DejaCode only: the header that carries the token (default x-hookbridge-token)",
] as const;

export const COMMAND_HELP = {
  relay: {
    synopsis: "hookbridge relay [--port N] [--host H]",
    about:
      "Serve the relay (configuration from the HOOKBRIDGE_* environment variables) until SIGTERM or SIGINT.",
    flags: [
      ["--port N", "the port to listen on (default: PORT, or 8787; 0 picks a free one)"],
      [
        "--host H",
        "the address to listen on (default: HOST, or 0.0.0.0, every interface, so a proxy or container runtime can reach it)",
      ],
    ],
  },
  sign: {
    synopsis:
      "hookbridge sign --provider P --secret S [--file F] [--id ID] [--timestamp T] [--token-header H]",
    about: "Print the header line(s) provider P would send for the body.",
    flags: [
      PROVIDER,
      SIGNING_SECRET,
      FILE,
      ["--id ID", "Standard Webhooks: the webhook-id (default: a random msg_… id)"],
      ["--timestamp T", "Standard Webhooks: the webhook-timestamp, Unix seconds (default: now)"],
      TOKEN_HEADER,
    ],
  },
  verify: {
    synopsis:
      'hookbridge verify --provider P --secret S --header "name: value" [--header …] [--file F] [--tolerance SECONDS] [--token-header H]',
    about: "Exit 0 when the signature is valid, 1 when not (the reason on stderr).",
    flags: [
      PROVIDER,
      VERIFYING_SECRET,
      ['--header "name: value"', "a header as received; repeat it for each one"],
      VERIFIED_FILE,
      [
        "--tolerance SECONDS",
        "Standard Webhooks: how far webhook-timestamp may be from now (default 300)",
      ],
      TOKEN_HEADER,
    ],
  },
  send: {
    synopsis:
      "hookbridge send --provider P --secret S --url URL [--file F] [--now] [--event E] [--id ID] [--content-type json|form] [--token-header H]",
    about: "Sign the body as provider P would and POST it (try a relay without the provider).",
    flags: [
      PROVIDER,
      SIGNING_SECRET,
      ["--url URL", "where to POST, e.g. http://127.0.0.1:8787/devrev"],
      FILE,
      [
        "--now",
        "refresh the signed timestamp first (DevRev's body timestamp; Standard Webhooks' webhook-timestamp is always now), so an old sample passes the replay window",
      ],
      [
        "--event E",
        "the event name in X-Hookbridge-Event (X-GitHub-Event for GitHub-signed hooks), for bodies that do not name it",
      ],
      [
        "--id ID",
        "the delivery id: X-Hookbridge-Delivery (X-GitHub-Delivery for GitHub-signed hooks, webhook-id for Standard Webhooks)",
      ],
      ["--content-type json|form", "json (default), or form: payload=<urlencoded body>"],
      TOKEN_HEADER,
    ],
  },
  deliveries: {
    synopsis:
      "hookbridge deliveries --url URL [--status S] [--provider P] [--event E] [--since T] [--limit N] [--json]",
    about:
      "List the relay's deliveries, newest first, as a table or JSON (the token from HOOKBRIDGE_ADMIN_TOKEN, never a flag).",
    flags: [
      ["--url URL", "the relay's address, e.g. https://relay.example"],
      [
        "--status S",
        "queued, dispatching, dispatched, handled, failed, superseded, filtered or duplicate",
      ],
      ["--provider P", PROVIDER_CHOICES],
      ["--event E", "one event name, e.g. analysis_run.updated"],
      ["--since T", "an ISO 8601 time, or a duration back from now: 30m, 24h, 7d"],
      ["--limit N", "how many, newest first (1 to 200, default 50)"],
      ["--json", "print the relay's answer as JSON instead of a table"],
    ],
  },
  redeliver: {
    synopsis: "hookbridge redeliver --url URL <id> | --failed",
    about:
      "Queue one delivery again, or every failed one (100 per call), for the relay to dispatch (the token from HOOKBRIDGE_ADMIN_TOKEN).",
    flags: [
      ["--url URL", "the relay's address, e.g. https://relay.example"],
      ["<id>", "the delivery's id, as hookbridge deliveries lists it"],
      ["--failed", "every failed delivery instead of one; run again while it says more remain"],
    ],
  },
  demo: {
    synopsis: "hookbridge demo",
    about:
      "Run the whole loop locally: relay, GitHub stand-in, receive and emit actions (from a clone).",
    flags: [],
  },
} as const satisfies Record<string, CommandHelp>;

export type CommandName = keyof typeof COMMAND_HELP;

export function isCommandName(value: string | undefined): value is CommandName {
  return value !== undefined && Object.hasOwn(COMMAND_HELP, value);
}

/** `hookbridge <command> --help`: the synopsis, what it does, and one line per flag. */
export function commandHelp(name: CommandName): string {
  const help: CommandHelp = COMMAND_HELP[name];
  const all = [...help.flags, ["--help", "show this help"] as const];
  const width = Math.max(...all.map(([flag]) => flag.length));
  return [
    `Usage: ${help.synopsis}`,
    "",
    help.about,
    "",
    "Options:",
    ...all.map(([flag, meaning]) => `  ${flag.padEnd(width)}  ${meaning}`),
  ].join("\n");
}

export const USAGE = `hookbridge — carry signed webhooks into and out of GitHub Actions

Usage:
${Object.values(COMMAND_HELP)
  .map((help: CommandHelp) => `  ${help.synopsis}\n      ${help.about}`)
  .join("\n")}
  hookbridge --version
      Print the version.

Run "hookbridge <command> --help" for a command's options.
Providers: ${PROVIDER_NAMES.join(", ")}.
Secrets may be comma-separated to accept several during rotation.`;
