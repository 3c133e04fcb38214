import * as z from "zod/mini";
import { HookbridgeError } from "../core/errors.ts";
import { addIssue, stringInput } from "../core/schemas/common.ts";
import { standardWebhooksKey } from "../core/signatures/index.ts";
import { headerProblem, SIGNATURES, type Signature } from "./headers.ts";
import {
  BODY_FORMATS,
  type BodyFormat,
  HOOKS,
  type Hook,
  OPERATION_TYPES,
  OPERATIONS,
  type Operation,
  type OperationType,
} from "./payload.ts";

/** Input names exactly as `emit/action.yml` declares them. */
export const INPUT = {
  url: "url",
  secret: "secret",
  contentType: "content-type",
  hook: "hook",
  operation: "operation",
  type: "type",
  subject: "subject",
  extraPayload: "extra-payload",
  extraHeaders: "extra-headers",
  signature: "signature",
  insecureSsl: "insecure-ssl",
  timeout: "timeout",
  retries: "retries",
  failOnError: "fail-on-error",
} as const;

type InputName = (typeof INPUT)[keyof typeof INPUT];

export const DEFAULT_TIMEOUT_SECONDS = 10;
export const MAX_TIMEOUT_SECONDS = 600;
export const DEFAULT_RETRIES = 3;
export const MAX_RETRIES = 10;
/** Extra header values this long or longer are masked; shorter ones would blank out common words. */
export const MASK_MIN_LENGTH = 8;

/** Everything the emit action was asked to do, validated. Nothing else reads inputs. */
export interface EmitSettings {
  /** Receivers, in the order given; every one gets the same delivery. */
  readonly urls: readonly URL[];
  /** HMAC secret; undefined means deliveries are sent unsigned. */
  readonly secret: string | undefined;
  /** `json` sends the payload as is; `form` sends `payload=<urlencoded json>` as Deveo does. */
  readonly contentType: BodyFormat;
  /** `repository` sends Deveo's push hook; `project` and `company` send an operation hook. */
  readonly hook: Hook;
  /** What happened, for operation hooks. */
  readonly operation: Operation;
  /** What it happened to, for operation hooks: a `project` (company hook) or `repository`. */
  readonly type: OperationType;
  /** Login the operation is attributed to; undefined means the event's sender. */
  readonly subject: string | undefined;
  /** Merged over the top level of the payload before it is encoded and signed. */
  readonly extraPayload: Readonly<Record<string, unknown>>;
  /** Sent with every request; never a signature, content type or framing header. */
  readonly extraHeaders: Readonly<Record<string, string>>;
  /** Which signature headers to add when there is a secret. */
  readonly signature: Signature;
  /** Skip TLS certificate verification, for receivers with self-signed certificates. */
  readonly insecureSsl: boolean;
  /** Limit for one attempt, from connecting to the end of the response. */
  readonly timeoutMs: number;
  /** Further attempts after the first, for network errors, timeouts, 429 and 5xx. */
  readonly retries: number;
  /** Whether a failed delivery fails the step (true) or only warns (false). */
  readonly failOnError: boolean;
}

/** Where inputs come from: `@actions/core` in the action, a plain object in tests. */
export interface InputSource {
  getInput(name: string): string;
  /** Registers a value the runner must mask in every later log line. */
  setSecret(value: string): void;
}

const TRUE = ["true", "True", "TRUE"];
const FALSE = ["false", "False", "FALSE"];

const boolean = (fallback: boolean) =>
  stringInput((raw, ctx) => {
    if (raw === "") return fallback;
    if (TRUE.includes(raw)) return true;
    if (FALSE.includes(raw)) return false;
    addIssue(ctx, `must be true or false, not "${raw}"`);
    return z.NEVER;
  });

function choice<const T extends readonly string[]>(
  values: T,
  fallback: T[number] | undefined,
  aliases: Record<string, T[number]> = {},
) {
  return stringInput((raw, ctx): T[number] | undefined => {
    if (raw === "") return fallback;
    const value = aliases[raw.toLowerCase()] ?? raw.toLowerCase();
    if ((values as readonly string[]).includes(value)) return value as T[number];
    addIssue(ctx, `must be one of ${values.join(", ")}, not "${raw}"`);
    return z.NEVER;
  });
}

const number = (options: {
  fallback: number;
  min: number;
  max: number;
  integer: boolean;
  unit: string;
}) =>
  stringInput((raw, ctx) => {
    if (raw === "") return options.fallback;
    const value = Number(raw);
    const whole = options.integer ? Number.isInteger(value) : true;
    const low = options.integer ? value >= options.min : value > options.min;
    if (raw.trim() === "" || !Number.isFinite(value) || !whole || !low || value > options.max) {
      const kind = options.integer ? "a whole number" : "a number";
      const range = options.integer
        ? `from ${options.min} to ${options.max}`
        : `above ${options.min} and at most ${options.max}`;
      addIssue(ctx, `must be ${kind} of ${options.unit} ${range}, not "${raw}"`);
      return z.NEVER;
    }
    return value;
  });

const ordinal = (n: number) =>
  `${n}${n % 10 === 1 && n !== 11 ? "st" : n % 10 === 2 && n !== 12 ? "nd" : n % 10 === 3 && n !== 13 ? "rd" : "th"}`;

// Commas are allowed inside a URL (query strings use them), so a comma only separates two URLs
// when the next one starts right after it.
function splitUrls(raw: string): string[] {
  return raw
    .split(/\r?\n|,\s*(?=https?:\/\/)/i)
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
}

const urls = stringInput((raw, ctx) => {
  const entries = splitUrls(raw);
  if (entries.length === 0) {
    addIssue(ctx, "is required: give one or more http(s) URLs, one per line or comma-separated");
    return z.NEVER;
  }
  const parsed: URL[] = [];
  for (const [index, entry] of entries.entries()) {
    const url = URL.parse(entry);
    // The entry itself is never echoed: webhook URLs often carry tokens in the path or query.
    if (!url || (url.protocol !== "https:" && url.protocol !== "http:") || url.hostname === "") {
      const which = entries.length === 1 ? "" : ` (its ${ordinal(index + 1)} entry)`;
      addIssue(ctx, `must hold absolute http:// or https:// URLs, and this one${which} is not`);
      return z.NEVER;
    }
    parsed.push(url);
  }
  return parsed;
});

const jsonObject = stringInput((raw, ctx): Record<string, unknown> => {
  if (raw.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    addIssue(ctx, 'is not valid JSON; give a JSON object such as {"environment": "production"}');
    return z.NEVER;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const kind = Array.isArray(value) ? "an array" : value === null ? "null" : `a ${typeof value}`;
    addIssue(
      ctx,
      `must be a JSON object (its keys are merged into the payload), not ${kind}; wrap it, e.g. {"extra": …}`,
    );
    return z.NEVER;
  }
  return value as Record<string, unknown>;
});

function headerPairs(raw: string): [string, unknown][] | string {
  if (raw.trimStart().startsWith("{")) {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return 'starts with "{" but is not valid JSON; give a JSON object of header names to values, or "Name: value" lines';
    }
    if (typeof value !== "object" || value === null || Array.isArray(value))
      return "must be a JSON object";
    return Object.entries(value);
  }
  const pairs: [string, unknown][] = [];
  for (const line of raw.split(/\r?\n/)) {
    if (line.trim() === "" || line.trim().startsWith("#")) continue;
    const colon = line.indexOf(":");
    if (colon <= 0) return `has a line without "Name: value" in it`;
    pairs.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return pairs;
}

const headers = stringInput((raw, ctx): Record<string, string> => {
  const pairs = headerPairs(raw);
  if (typeof pairs === "string") {
    addIssue(ctx, pairs);
    return z.NEVER;
  }
  const out: Record<string, string> = {};
  for (const [name, value] of pairs) {
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
      addIssue(ctx, `gives ${name} a value that is not a string or number`);
      return z.NEVER;
    }
    const text = String(value);
    const problem = headerProblem(name, text);
    if (problem) {
      addIssue(ctx, `cannot be used: ${problem}`);
      return z.NEVER;
    }
    // Header names are case-insensitive, so a later spelling replaces an earlier one.
    for (const existing of Object.keys(out))
      if (existing.toLowerCase() === name.toLowerCase()) delete out[existing];
    out[name] = text;
  }
  return out;
});

const optionalText = stringInput((raw) => (raw === "" ? undefined : raw));

const subject = stringInput((raw, ctx) => {
  if (raw === "") return undefined;
  if (!/^[^\s]{1,100}$/.test(raw)) {
    addIssue(ctx, "must be a GitHub login such as octocat");
    return z.NEVER;
  }
  return raw;
});

const schema = z
  .object({
    [INPUT.url]: urls,
    [INPUT.secret]: optionalText,
    [INPUT.contentType]: choice(BODY_FORMATS, "json", {
      "application/json": "json",
      "application/x-www-form-urlencoded": "form",
    }),
    [INPUT.hook]: choice(HOOKS, "repository"),
    [INPUT.operation]: choice(OPERATIONS, undefined),
    [INPUT.type]: choice(OPERATION_TYPES, undefined),
    [INPUT.subject]: subject,
    [INPUT.extraPayload]: jsonObject,
    [INPUT.extraHeaders]: headers,
    [INPUT.signature]: choice(SIGNATURES, "hub"),
    [INPUT.insecureSsl]: boolean(false),
    [INPUT.timeout]: number({
      fallback: DEFAULT_TIMEOUT_SECONDS,
      min: 0,
      max: MAX_TIMEOUT_SECONDS,
      integer: false,
      unit: "seconds",
    }),
    [INPUT.retries]: number({
      fallback: DEFAULT_RETRIES,
      min: 0,
      max: MAX_RETRIES,
      integer: true,
      unit: "retries",
    }),
    [INPUT.failOnError]: boolean(true),
  })
  .check(
    z.superRefine((value, ctx) => {
      const hook = value[INPUT.hook] ?? "repository";
      if (hook === "repository") {
        for (const name of [INPUT.operation, INPUT.type, INPUT.subject] as const) {
          if (value[name] !== undefined) {
            ctx.addIssue({
              code: "custom",
              path: [name],
              message:
                "only applies to operation hooks; set hook: project or hook: company, or remove it",
            });
          }
        }
      }
      const signature = value[INPUT.signature];
      const secret = value[INPUT.secret];
      if (signature === "standard" && (secret === undefined || !standardWebhooksKey(secret))) {
        ctx.addIssue({
          code: "custom",
          path: [INPUT.secret],
          message:
            "must be a Standard Webhooks key (whsec_ followed by base64, e.g. whsec_ + `openssl rand -base64 32`) when signature is standard",
        });
      }
      // Standard Webhooks receivers verify and then parse the body as JSON; a form body fails there.
      if (signature === "standard" && value[INPUT.contentType] === "form") {
        ctx.addIssue({
          code: "custom",
          path: [INPUT.contentType],
          message:
            "cannot be form with signature: standard, because Standard Webhooks receivers read the body as JSON; use content-type: json, or signature: hub for a form body",
        });
      }
    }),
  );

/**
 * Reads and checks every input once. Secrets and URL credentials are registered for masking
 * before anything is validated, so no later log line or error can show them.
 */
export function readSettings(source: InputSource): EmitSettings {
  const raw = {} as Record<InputName, string>;
  for (const name of Object.values(INPUT)) raw[name] = source.getInput(name);
  maskSecrets(raw, source);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? "");
    throw new HookbridgeError(
      "ConfigError",
      `The ${name} input ${issue?.message ?? "is invalid"}.`,
    );
  }
  const value = parsed.data;
  const hook = value[INPUT.hook] ?? "repository";
  return {
    urls: value[INPUT.url],
    secret: value[INPUT.secret],
    contentType: value[INPUT.contentType] ?? "json",
    hook,
    operation: value[INPUT.operation] ?? "created",
    // Deveo's company hooks report projects and its project hooks report repositories.
    type: value[INPUT.type] ?? (hook === "company" ? "project" : "repository"),
    subject: value[INPUT.subject],
    extraPayload: value[INPUT.extraPayload],
    extraHeaders: value[INPUT.extraHeaders],
    signature: value[INPUT.signature] ?? "hub",
    insecureSsl: value[INPUT.insecureSsl],
    timeoutMs: Math.max(1, Math.round(value[INPUT.timeout] * 1000)),
    retries: value[INPUT.retries],
    failOnError: value[INPUT.failOnError],
  };
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function maskSecrets(raw: Record<InputName, string>, source: InputSource): void {
  if (raw[INPUT.secret] !== "") source.setSecret(raw[INPUT.secret]);
  for (const entry of splitUrls(raw[INPUT.url])) {
    const url = URL.parse(entry);
    if (!url) continue;
    // Both halves of userinfo can be the secret: a token is sent as the user name as often as
    // the password (`https://TOKEN:x-oauth-basic@host`); a short user name beside a password is
    // a plain name, and masking a word like `user` would blank it all over the log. Query values
    // carry tokens too.
    const credentials = [
      !url.password || url.username.length >= MASK_MIN_LENGTH ? url.username : "",
      url.password,
      ...[...url.searchParams.values()].filter((value) => value.length >= MASK_MIN_LENGTH),
    ];
    for (const credential of credentials) {
      if (!credential) continue;
      source.setSecret(credential);
      const plain = safeDecode(credential);
      if (plain && plain !== credential) source.setSecret(plain);
    }
  }
  const pairs = headerPairs(raw[INPUT.extraHeaders]);
  if (typeof pairs === "string") return;
  for (const [, value] of pairs) {
    if (
      (typeof value === "string" || typeof value === "number") &&
      String(value).length >= MASK_MIN_LENGTH
    ) {
      source.setSecret(String(value));
    }
  }
}
