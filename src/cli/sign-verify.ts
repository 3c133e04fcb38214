import { parseArgs } from "node:util";
import { HookbridgeError } from "../core/errors.ts";
import {
  isProviderName,
  PROVIDER_NAMES,
  PROVIDERS,
  type ProviderName,
  secretsProblem,
  signatureScheme,
} from "../core/providers.ts";
import { parseSecrets } from "../core/signatures/index.ts";
import { readBody } from "./read-body.ts";

export interface Io {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  readonly stdin?: NodeJS.ReadableStream;
  /** The environment the command reads its secrets and defaults from; `process.env` when absent. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The environment a command reads: the one its caller gave, else the process's own. */
export function environment(io: Io): Readonly<Record<string, string | undefined>> {
  return io.env ?? process.env;
}

const COMMON = {
  provider: { type: "string" },
  secret: { type: "string" },
  file: { type: "string" },
  "token-header": { type: "string" },
} as const;

export const SIGN_OPTIONS = {
  ...COMMON,
  id: { type: "string" },
  timestamp: { type: "string" },
} as const;

export const VERIFY_OPTIONS = {
  ...COMMON,
  header: { type: "string", multiple: true },
  tolerance: { type: "string" },
} as const;

export function provider(value: string | undefined) {
  if (!value || !isProviderName(value)) {
    throw new HookbridgeError(
      "BadRequest",
      `--provider must be one of ${PROVIDER_NAMES.join(", ")}.`,
    );
  }
  return value;
}

export function secret(value: string | undefined): string {
  if (!value)
    throw new HookbridgeError(
      "BadRequest",
      "--secret is required (or set it in HOOKBRIDGE_SECRET).",
    );
  return value;
}

/**
 * The secret to sign with: the first of a comma-separated list, as a provider signs with the one
 * secret it has while the relay accepts every listed one during a rotation. Each is refused by the
 * rules the relay applies to its HOOKBRIDGE_SECRET_<PROVIDER>, so a signature made here is one a
 * relay could be configured to accept, and the same list works for `verify`.
 */
export function signingSecret(name: ProviderName, value: string | undefined): string {
  const [first, ...rest] = parseSecrets(secret(value));
  if (first === undefined) throw new HookbridgeError("BadRequest", "--secret names no secret.");
  const problem = secretsProblem(PROVIDERS[name], [first, ...rest], "--secret");
  if (problem) throw new HookbridgeError("BadRequest", `${problem}, as the relay does.`);
  return first;
}

/** `hookbridge sign`: prints `name: value` lines, one per header the provider sends. */
export async function sign(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: SIGN_OPTIONS });
  const name = provider(values.provider);
  const scheme = signatureScheme(name, { tokenHeader: values["token-header"] });
  const key = signingSecret(name, values.secret ?? environment(io).HOOKBRIDGE_SECRET);
  const body = await readBody(values.file, io.stdin);
  const timestamp = values.timestamp === undefined ? undefined : Number(values.timestamp);
  if (timestamp !== undefined && !Number.isInteger(timestamp)) {
    throw new HookbridgeError("BadRequest", "--timestamp must be a Unix time in whole seconds.");
  }
  const headers = await scheme.sign(body, key, { id: values.id, timestamp });
  for (const [name, value] of Object.entries(headers)) io.stdout(`${name}: ${value}`);
  return 0;
}

function parseHeader(line: string): [string, string] {
  const at = line.indexOf(":");
  if (at <= 0)
    throw new HookbridgeError("BadRequest", `--header "${line}" must look like "name: value".`);
  return [line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim()];
}

/** `hookbridge verify`: exit code 0 when valid, 1 when not, with the reason on stderr. */
export async function verify(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: VERIFY_OPTIONS });
  const scheme = signatureScheme(provider(values.provider), {
    tokenHeader: values["token-header"],
  });
  const secrets = parseSecrets(secret(values.secret ?? environment(io).HOOKBRIDGE_SECRET));
  const headers = new Map((values.header ?? []).map(parseHeader));
  const body = await readBody(values.file, io.stdin);
  const tolerance = values.tolerance === undefined ? undefined : Number(values.tolerance);
  if (tolerance !== undefined && !(Number.isInteger(tolerance) && tolerance >= 0)) {
    throw new HookbridgeError(
      "BadRequest",
      "--tolerance must be a whole number of seconds, 0 or more.",
    );
  }
  const result = await scheme.verify(body, (name) => headers.get(name.toLowerCase()), secrets, {
    ...(tolerance === undefined ? {} : { toleranceSeconds: tolerance }),
  });
  if (result.valid) {
    io.stderr("valid");
    return 0;
  }
  io.stderr(`invalid: ${result.message}`);
  return 1;
}
