import { BODY_FORMATS, type BodyFormat } from "../core/body-format.ts";
import {
  boolean,
  choice,
  custom,
  httpUrl,
  number,
  parseSettings,
  type Refusal,
  refuse,
  text,
  wholeNumber,
} from "../core/settings.ts";
import { standardWebhooksKey } from "../core/signatures/index.ts";
import {
  HOOKS,
  type Hook,
  OPERATION_TYPES,
  OPERATIONS,
  type Operation,
  type OperationType,
} from "./deveo-hook.ts";
import { headerProblem, SIGNATURES, type Signature } from "./headers.ts";

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

const URL_REQUIRED = "is required: give one or more http(s) URLs, one per line or comma-separated";

function urls(raw: string): URL[] | Refusal {
  const entries = splitUrls(raw);
  if (entries.length === 0) return refuse(URL_REQUIRED);
  const parsed: URL[] = [];
  for (const [index, entry] of entries.entries()) {
    const url = httpUrl(entry);
    // The entry itself is never echoed: webhook URLs often carry tokens in the path or query.
    if (!url) {
      const which = entries.length === 1 ? "" : ` (its ${ordinal(index + 1)} entry)`;
      return refuse(`must hold absolute http:// or https:// URLs, and this one${which} is not`);
    }
    parsed.push(url);
  }
  return parsed;
}

function jsonObject(raw: string): Record<string, unknown> | Refusal {
  if (raw === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return refuse('is not valid JSON; give a JSON object such as {"environment": "production"}');
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const kind = Array.isArray(value) ? "an array" : value === null ? "null" : `a ${typeof value}`;
    return refuse(
      `must be a JSON object (its keys are merged into the payload), not ${kind}; wrap it, e.g. {"extra": …}`,
    );
  }
  return value as Record<string, unknown>;
}

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

function headers(raw: string): Record<string, string> | Refusal {
  const pairs = headerPairs(raw);
  if (typeof pairs === "string") return refuse(pairs);
  const out: Record<string, string> = {};
  for (const [name, value] of pairs) {
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean")
      return refuse(`gives ${name} a value that is not a string or number`);
    const text = String(value);
    const problem = headerProblem(name, text);
    if (problem) return refuse(`cannot be used: ${problem}`);
    // Header names are case-insensitive, so a later spelling replaces an earlier one.
    for (const existing of Object.keys(out))
      if (existing.toLowerCase() === name.toLowerCase()) delete out[existing];
    out[name] = text;
  }
  return out;
}

/** Every input `emit/action.yml` declares, each with the default it states there. */
export const EMIT_INPUTS = {
  url: custom({ required: URL_REQUIRED }, urls),
  secret: text(),
  "content-type": choice(BODY_FORMATS, {
    default: "json",
    expected: `one of ${BODY_FORMATS.join(", ")}`,
    aliases: { "application/json": "json", "application/x-www-form-urlencoded": "form" },
  }),
  hook: choice(HOOKS, { default: "repository" }),
  operation: choice(OPERATIONS, {}),
  type: choice(OPERATION_TYPES, {}),
  subject: custom({}, (raw) =>
    /^[^\s]{1,100}$/.test(raw) ? raw : refuse("must be a GitHub login such as octocat"),
  ),
  "extra-payload": custom({ default: "" }, jsonObject),
  "extra-headers": custom({ default: "" }, headers),
  signature: choice(SIGNATURES, { default: "hub" }),
  "insecure-ssl": boolean({ default: "false" }),
  timeout: number({ default: "10", above: 0, max: 600, unit: "seconds" }),
  retries: wholeNumber({ default: "3", min: 0, max: 10, unit: "retries" }),
  "fail-on-error": boolean({ default: "true" }),
};

type InputName = keyof typeof EMIT_INPUTS;

/**
 * Reads and checks every input once. Secrets and URL credentials are registered for masking
 * before anything is validated, so no later log line or error can show them.
 */
export function readSettings(source: InputSource): EmitSettings {
  const raw = {} as Record<InputName, string>;
  for (const name of Object.keys(EMIT_INPUTS) as InputName[]) raw[name] = source.getInput(name);
  maskSecrets(raw, source);
  const value = parseSettings(
    EMIT_INPUTS,
    (name) => raw[name as InputName],
    undefined,
    (value, problems) => {
      if (value.hook === "repository") {
        for (const name of ["operation", "type", "subject"] as const) {
          if (value[name] !== undefined) {
            problems.add(
              name,
              `The ${name} input only applies to operation hooks; set hook: project or hook: company, or remove it.`,
            );
          }
        }
      }
      if (value.signature === "standard" && !standardWebhooksKey(value.secret ?? "")) {
        problems.add(
          "secret",
          "The secret input must be a Standard Webhooks key (whsec_ followed by base64, e.g. whsec_ + `openssl rand -base64 32`) when signature is standard.",
        );
      }
      // Standard Webhooks receivers verify and then parse the body as JSON; a form body fails there.
      if (value.signature === "standard" && value["content-type"] === "form") {
        problems.add(
          "content-type",
          "The content-type input cannot be form with signature: standard, because Standard Webhooks receivers read the body as JSON; use content-type: json, or signature: hub for a form body.",
        );
      }
    },
  );
  const hook = value.hook;
  return {
    urls: value.url,
    secret: value.secret,
    contentType: value["content-type"],
    hook,
    operation: value.operation ?? "created",
    // Deveo's company hooks report projects and its project hooks report repositories.
    type: value.type ?? (hook === "company" ? "project" : "repository"),
    subject: value.subject,
    extraPayload: value["extra-payload"],
    extraHeaders: value["extra-headers"],
    signature: value.signature,
    insecureSsl: value["insecure-ssl"],
    timeoutMs: Math.max(1, Math.round(value.timeout * 1000)),
    retries: value.retries,
    failOnError: value["fail-on-error"],
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
  if (raw.secret !== "") source.setSecret(raw.secret);
  for (const entry of splitUrls(raw.url)) {
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
  const pairs = headerPairs(raw["extra-headers"]);
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
