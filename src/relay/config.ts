import * as z from "zod/mini";
import { MAX_BODY_BYTES } from "../core/envelope.ts";
import { HookbridgeError } from "../core/errors.ts";
import {
  getProvider,
  isProviderName,
  PROVIDER_NAMES,
  type ProviderName,
} from "../core/providers.ts";
import {
  DEFAULT_TOKEN_HEADER,
  parseSecrets,
  standardWebhooksKey,
} from "../core/signatures/index.ts";

export const DEFAULT_API_URL = "https://api.github.com";
export const DEFAULT_REPLAY_WINDOW_SECONDS = 300;
/** The receive action refuses bodies past the same size, so the default is the action's limit. */
export const DEFAULT_MAX_BODY_BYTES = MAX_BODY_BYTES;
export const DEFAULT_PORT = 8787;
/**
 * Node server limits, in seconds, sized for webhook senders: a provider sends a few KiB at once
 * and gives up on an answer within seconds (GitHub after 10 s), so a client slower than this is
 * holding a connection, not delivering.
 */
export const DEFAULT_HEADERS_TIMEOUT_SECONDS = 10;
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;
export const DEFAULT_KEEP_ALIVE_TIMEOUT_SECONDS = 5;
export const DEFAULT_MAX_CONNECTIONS = 1024;
export const DEFAULT_DATA_DIR = ".hookbridge";
/** GitHub's documented budget for content-creating requests is about 80 a minute per identity. */
export const DEFAULT_DISPATCH_RATE = 80;
export const DEFAULT_DISPATCH_CONCURRENCY = 4;
export const DEFAULT_GIVE_UP_AFTER_SECONDS = 24 * 60 * 60;
export const DEFAULT_RETENTION_SECONDS = 7 * 24 * 60 * 60;
/** The admin token guards every delivery and a redeliver button: too short to guess, at least. */
export const MIN_ADMIN_TOKEN_LENGTH = 32;

/** `queue` answers 202 once the delivery is committed; `sync` answers once GitHub accepted it. */
export type DeliveryMode = "queue" | "sync";

const SECRET_PREFIX = "HOOKBRIDGE_SECRET_";

/** How the relay authenticates to GitHub. `none` only exists in dry-run mode. */
export type GitHubAuth =
  | { readonly kind: "token"; readonly token: string }
  | {
      readonly kind: "app";
      readonly appId: string;
      /** PEM text with real line breaks. */
      readonly privateKey: string;
      /** One installation for every target; each repository's installation is looked up without it. */
      readonly installationId: string | undefined;
    }
  | { readonly kind: "none" };

/** `HOOKBRIDGE_REPOSITORIES`, parsed: which repositories the relay may dispatch to. */
export interface RepositoryList {
  /** Lower-case `owner/repo`, or `owner/*` for every repository of an owner. */
  readonly allowed: readonly string[];
  /** Lower-case provider `owner/name` → the GitHub `owner/repo` it dispatches to. */
  readonly mappings: ReadonlyMap<string, string>;
}

const REPOSITORY_NAME = /^[\w.-]+\/[\w.-]+$/;

/** How long the Node host lets one connection take, and how many it holds at once. */
export interface ServerLimits {
  /** Until the request's headers are complete. */
  readonly headersTimeoutSeconds: number;
  /** Until the whole request, body included, has arrived. */
  readonly requestTimeoutSeconds: number;
  /** An idle kept-alive connection is closed after this. */
  readonly keepAliveTimeoutSeconds: number;
  /** Connections beyond this are closed as they arrive. */
  readonly maxConnections: number;
}

/** Everything the relay reads from its environment, validated once. */
export interface RelayConfig {
  /**
   * `owner/repo` that receives the `repository_dispatch` (with a list: events naming no
   * repository); absent only in dry-run mode or with a list.
   */
  readonly repository: string | undefined;
  /** Routing by the repository an event names; `undefined` sends everything to `repository`. */
  readonly repositories: RepositoryList | undefined;
  /** REST API root without a trailing slash (GHES: `https://host/api/v3`). */
  readonly apiUrl: string;
  readonly auth: GitHubAuth;
  /** Verification secrets per provider; a provider without an entry answers 500. */
  readonly secrets: Readonly<Partial<Record<ProviderName, readonly string[]>>>;
  /** `provider.event` or `provider.prefix.*` patterns; `undefined` lets every event through. */
  readonly events: readonly string[] | undefined;
  /** Lower-case header that carries the DejaCode token. */
  readonly dejacodeHeader: string;
  readonly replayWindowSeconds: number;
  readonly maxBodyBytes: number;
  readonly dryRun: boolean;
  readonly port: number;
  /** Used by the Node host only; Workers' own runtime bounds connections. */
  readonly server: ServerLimits;
  /** Chosen by `HOOKBRIDGE_DELIVERY`; `undefined` leaves the choice to the host (see docs/queue.md). */
  readonly delivery: DeliveryMode | undefined;
  /** Directory of the Node queue's SQLite database. */
  readonly dataDir: string;
  /** Dispatches per minute per GitHub identity; any positive number. */
  readonly dispatchRatePerMinute: number;
  /** Dispatch requests in flight at once. */
  readonly dispatchConcurrency: number;
  /** After this long since receipt, a delivery GitHub keeps refusing is marked `failed`. */
  readonly giveUpAfterSeconds: number;
  /** How long finished deliveries stay in the delivery log (and count for dedupe). */
  readonly retentionSeconds: number;
  /** `final` dispatches a DeepSource analysis run only once its status is terminal. */
  readonly deepsourceAnalysis: "all" | "final";
  /** Enables the admin API, `/metrics` and the `/admin` page (Node, queue mode); unset: they answer 404. */
  readonly adminToken: string | undefined;
}

/** `deepsource` → `HOOKBRIDGE_SECRET_DEEPSOURCE`. */
export function secretVariable(provider: ProviderName): string {
  return `${SECRET_PREFIX}${provider.toUpperCase()}`;
}

function fail(ctx: z.core.ParsePayload, message: string): typeof z.NEVER {
  ctx.issues.push({ code: "custom", message, input: ctx.value });
  return z.NEVER;
}

const text = z.pipe(
  z.optional(z.string()),
  z.transform((value: string | undefined) => {
    const trimmed = value?.trim();
    return trimmed ? trimmed : undefined;
  }),
);

/** The trimmed text of a variable (undefined when unset or blank), turned into a setting. */
function fromText<T>(parse: (value: string | undefined, ctx: z.core.ParsePayload) => T) {
  return z.pipe(text, z.transform(parse));
}

/** `what` completes "VARIABLE must be …", e.g. "a whole number of seconds, at least 1". */
function wholeNumber(
  variable: string,
  what: string,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
) {
  return fromText((value, ctx) => {
    if (value === undefined) return fallback;
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < min || number > max) {
      return fail(ctx, `${variable} must be ${what}, not "${value.slice(0, 40)}".`);
    }
    return number;
  });
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Seconds from `90`, `90s`, `30m`, `24h` or `7d`. */
function duration(variable: string, fallback: number) {
  return fromText((value, ctx) => {
    if (value === undefined) return fallback;
    const match = /^(\d+(?:\.\d+)?)\s*([smhd]?)$/i.exec(value);
    const seconds = match
      ? Number(match[1]) * (UNIT_SECONDS[(match[2] || "s").toLowerCase()] ?? 1)
      : Number.NaN;
    if (!(seconds >= 1)) {
      return fail(
        ctx,
        `${variable} must be a duration of at least one second such as 90s, 30m, 24h or 7d, not "${value.slice(0, 40)}".`,
      );
    }
    return seconds;
  });
}

function oneOf<const T extends string>(variable: string, choices: readonly T[]) {
  return fromText((value, ctx): T | undefined => {
    if (value === undefined) return undefined;
    const lower = value.toLowerCase();
    const found = choices.find((choice) => choice === lower);
    if (found === undefined)
      return fail(ctx, `${variable} must be ${choices.join(" or ")}, not "${value.slice(0, 40)}".`);
    return found;
  });
}

const TRUE = new Set(["1", "true", "yes", "on"]);
const FALSE = new Set(["0", "false", "no", "off"]);

// One schema per variable, each parsed on its own, so one bad value does not hide the others.
const fields = {
  HOOKBRIDGE_REPOSITORY: text.check(
    z.refine((value) => value === undefined || /^[\w.-]+\/[\w.-]+$/.test(value), {
      error:
        "HOOKBRIDGE_REPOSITORY must name one repository as owner/repo, e.g. octo-org/octo-repo.",
    }),
  ),
  HOOKBRIDGE_REPOSITORIES: fromText((value, ctx): RepositoryList | undefined => {
    if (value === undefined) return undefined;
    const allowed: string[] = [];
    const mappings = new Map<string, string>();
    for (const entry of value.split(/[\s,]+/).filter((item) => item.length > 0)) {
      const [from = "", to, ...rest] = entry.toLowerCase().split("=");
      const valid =
        to === undefined
          ? /^[\w.-]+\/([\w.-]+|\*)$/.test(from)
          : rest.length === 0 && REPOSITORY_NAME.test(from) && REPOSITORY_NAME.test(to);
      if (!valid) {
        return fail(
          ctx,
          `HOOKBRIDGE_REPOSITORIES entry "${entry.slice(0, 60)}" must be owner/repo, owner/* or provider-owner/name=github-owner/repo.`,
        );
      }
      if (to === undefined) allowed.push(from);
      else mappings.set(from, to);
    }
    return { allowed, mappings };
  }),
  HOOKBRIDGE_GITHUB_TOKEN: text,
  HOOKBRIDGE_APP_ID: text.check(
    z.refine((value) => value === undefined || /^(\d+|Iv[\w.]+)$/.test(value), {
      error: "HOOKBRIDGE_APP_ID must be the GitHub App's numeric App ID (or its Iv… client ID).",
    }),
  ),
  HOOKBRIDGE_APP_PRIVATE_KEY: text,
  HOOKBRIDGE_APP_INSTALLATION_ID: text.check(
    z.refine((value) => value === undefined || /^\d+$/.test(value), {
      error:
        "HOOKBRIDGE_APP_INSTALLATION_ID must be the numeric installation id from the App's installation URL.",
    }),
  ),
  HOOKBRIDGE_GITHUB_API_URL: fromText((value, ctx) => {
    if (value === undefined) return DEFAULT_API_URL;
    const url = URL.parse(value);
    if (!url || (url.protocol !== "https:" && url.protocol !== "http:") || url.search || url.hash) {
      return fail(
        ctx,
        "HOOKBRIDGE_GITHUB_API_URL must be an http(s) URL such as https://api.github.com or https://ghes.example.com/api/v3.",
      );
    }
    return url.href.replace(/\/+$/, "");
  }),
  HOOKBRIDGE_EVENTS: fromText((value, ctx) => {
    if (value === undefined) return undefined;
    const patterns = value.split(/[\s,]+/).filter((pattern) => pattern.length > 0);
    for (const pattern of patterns) {
      const [provider = "", ...rest] = pattern.split(".");
      const event = rest.join(".");
      if (!isProviderName(provider) || !/^([\w:-]+\.)*([\w:-]+|\*)$/.test(event)) {
        return fail(
          ctx,
          `HOOKBRIDGE_EVENTS entry "${pattern.slice(0, 60)}" must be provider.event or provider.* with provider one of ${PROVIDER_NAMES.join(", ")}.`,
        );
      }
    }
    return patterns;
  }),
  HOOKBRIDGE_DEJACODE_HEADER: fromText((value, ctx) => {
    if (value === undefined) return DEFAULT_TOKEN_HEADER;
    if (!/^[!#$%&'*+.^`|~\w-]+$/.test(value)) {
      return fail(
        ctx,
        "HOOKBRIDGE_DEJACODE_HEADER must be a plain HTTP header name such as x-dejacode-token.",
      );
    }
    return value.toLowerCase();
  }),
  HOOKBRIDGE_REPLAY_WINDOW: wholeNumber(
    "HOOKBRIDGE_REPLAY_WINDOW",
    "a whole number of seconds, at least 1",
    DEFAULT_REPLAY_WINDOW_SECONDS,
    1,
  ),
  HOOKBRIDGE_MAX_BODY: wholeNumber(
    "HOOKBRIDGE_MAX_BODY",
    "a whole number of bytes, at least 1",
    DEFAULT_MAX_BODY_BYTES,
    1,
  ),
  HOOKBRIDGE_DRY_RUN: fromText((value, ctx) => {
    if (value === undefined || FALSE.has(value.toLowerCase())) return false;
    if (TRUE.has(value.toLowerCase())) return true;
    return fail(ctx, "HOOKBRIDGE_DRY_RUN must be 1/true/yes/on or 0/false/no/off.");
  }),
  PORT: wholeNumber("PORT", "a TCP port number from 0 to 65535", DEFAULT_PORT, 0, 65_535),
  HOOKBRIDGE_HEADERS_TIMEOUT: wholeNumber(
    "HOOKBRIDGE_HEADERS_TIMEOUT",
    "a whole number of seconds, at least 1",
    DEFAULT_HEADERS_TIMEOUT_SECONDS,
    1,
  ),
  HOOKBRIDGE_REQUEST_TIMEOUT: wholeNumber(
    "HOOKBRIDGE_REQUEST_TIMEOUT",
    "a whole number of seconds, at least 1",
    DEFAULT_REQUEST_TIMEOUT_SECONDS,
    1,
  ),
  HOOKBRIDGE_KEEP_ALIVE_TIMEOUT: wholeNumber(
    "HOOKBRIDGE_KEEP_ALIVE_TIMEOUT",
    "a whole number of seconds, at least 1",
    DEFAULT_KEEP_ALIVE_TIMEOUT_SECONDS,
    1,
  ),
  HOOKBRIDGE_MAX_CONNECTIONS: wholeNumber(
    "HOOKBRIDGE_MAX_CONNECTIONS",
    "a whole number of connections, at least 1",
    DEFAULT_MAX_CONNECTIONS,
    1,
  ),
  HOOKBRIDGE_DELIVERY: oneOf("HOOKBRIDGE_DELIVERY", ["queue", "sync"] as const),
  HOOKBRIDGE_DATA_DIR: fromText((value) => value ?? DEFAULT_DATA_DIR),
  HOOKBRIDGE_DISPATCH_RATE: fromText((value, ctx) => {
    if (value === undefined) return DEFAULT_DISPATCH_RATE;
    const number = Number(value);
    if (!Number.isFinite(number) || number <= 0) {
      return fail(
        ctx,
        `HOOKBRIDGE_DISPATCH_RATE must be a positive number of dispatches per minute, not "${value.slice(0, 40)}".`,
      );
    }
    return number;
  }),
  HOOKBRIDGE_DISPATCH_CONCURRENCY: wholeNumber(
    "HOOKBRIDGE_DISPATCH_CONCURRENCY",
    "a whole number from 1 to 100",
    DEFAULT_DISPATCH_CONCURRENCY,
    1,
    100,
  ),
  HOOKBRIDGE_GIVE_UP_AFTER: duration("HOOKBRIDGE_GIVE_UP_AFTER", DEFAULT_GIVE_UP_AFTER_SECONDS),
  HOOKBRIDGE_RETENTION: duration("HOOKBRIDGE_RETENTION", DEFAULT_RETENTION_SECONDS),
  HOOKBRIDGE_DEEPSOURCE_ANALYSIS: oneOf("HOOKBRIDGE_DEEPSOURCE_ANALYSIS", [
    "all",
    "final",
  ] as const),
  // The length only, never the value, goes into the message.
  HOOKBRIDGE_ADMIN_TOKEN: text.check(
    z.refine((value) => value === undefined || value.length >= MIN_ADMIN_TOKEN_LENGTH, {
      error: `HOOKBRIDGE_ADMIN_TOKEN must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters long; generate one with: openssl rand -hex 32.`,
    }),
  ),
};

type Fields = { -readonly [K in keyof typeof fields]: z.output<(typeof fields)[K]> };

/** Collects one sentence per bad variable, so a user fixes everything in one round. */
class Problems {
  readonly #sentences = new Map<string, string>();

  add(variable: string, sentence: string): void {
    if (!this.#sentences.has(variable)) this.#sentences.set(variable, sentence);
  }

  get empty(): boolean {
    return this.#sentences.size === 0;
  }

  toError(): HookbridgeError {
    return new HookbridgeError("ConfigError", [...this.#sentences.values()].join(" "));
  }
}

function readSecrets(
  env: Readonly<Record<string, unknown>>,
  problems: Problems,
): RelayConfig["secrets"] {
  const secrets: Partial<Record<ProviderName, readonly string[]>> = {};
  for (const [variable, value] of Object.entries(env)) {
    if (!variable.startsWith(SECRET_PREFIX)) continue;
    const provider = getProvider(variable.slice(SECRET_PREFIX.length).toLowerCase());
    if (!provider) {
      problems.add(
        variable,
        `${variable} names no known provider; use one of ${PROVIDER_NAMES.map(secretVariable).join(", ")}.`,
      );
      continue;
    }
    if (value !== undefined && typeof value !== "string") {
      problems.add(variable, `${variable} must be a string.`);
      continue;
    }
    const list = parseSecrets(value);
    if (list.length === 0) continue;
    // Messages give lengths and positions, never the secret itself.
    const short = list.findIndex((secret) => secret.length < provider.minSecretLength);
    if (short >= 0) {
      const which = list.length > 1 ? `Secret #${short + 1} in ${variable}` : variable;
      problems.add(
        variable,
        `${which} is ${list[short]?.length} characters long, but ${provider.displayName} requires at least ${provider.minSecretLength}.`,
      );
      continue;
    }
    if (
      provider.name === "standard" &&
      list.some((secret) => standardWebhooksKey(secret) === undefined)
    ) {
      problems.add(
        variable,
        `${variable} must hold Standard Webhooks keys: whsec_ followed by base64.`,
      );
      continue;
    }
    secrets[provider.name] = list;
  }
  return secrets;
}

/** GitHub hands out keys as PEM; `\n` escapes let the key live in a one-line variable. */
function normalizePem(value: string): string {
  return value.replace(/\\n/g, "\n").replace(/\r\n?/g, "\n").trim();
}

function readAuth(values: Partial<Fields>, problems: Problems): GitHubAuth {
  const token = values.HOOKBRIDGE_GITHUB_TOKEN;
  const app = {
    HOOKBRIDGE_APP_ID: values.HOOKBRIDGE_APP_ID,
    HOOKBRIDGE_APP_PRIVATE_KEY: values.HOOKBRIDGE_APP_PRIVATE_KEY,
    HOOKBRIDGE_APP_INSTALLATION_ID: values.HOOKBRIDGE_APP_INSTALLATION_ID,
  };
  const given = Object.values(app).filter((value) => value !== undefined).length;
  // The installation id is optional: without it the relay looks up each repository's installation.
  const missing = Object.entries(app)
    .filter(([key, value]) => value === undefined && key !== "HOOKBRIDGE_APP_INSTALLATION_ID")
    .map(([key]) => key);
  if (token && given > 0) {
    problems.add(
      "HOOKBRIDGE_GITHUB_TOKEN",
      "HOOKBRIDGE_GITHUB_TOKEN and HOOKBRIDGE_APP_* are both set; keep only one way of signing in to GitHub.",
    );
    return { kind: "none" };
  }
  if (token) return { kind: "token", token };
  if (missing.length === 0) {
    const privateKey = normalizePem(app.HOOKBRIDGE_APP_PRIVATE_KEY ?? "");
    if (
      !/^-----BEGIN (RSA )?PRIVATE KEY-----\n[A-Za-z0-9+/=\s]+\n-----END (RSA )?PRIVATE KEY-----$/.test(
        privateKey,
      )
    ) {
      problems.add(
        "HOOKBRIDGE_APP_PRIVATE_KEY",
        "HOOKBRIDGE_APP_PRIVATE_KEY must be the App's PEM private key as GitHub downloads it (-----BEGIN RSA PRIVATE KEY-----…), with line breaks or \\n escapes.",
      );
      return { kind: "none" };
    }
    return {
      kind: "app",
      appId: app.HOOKBRIDGE_APP_ID ?? "",
      privateKey,
      installationId: app.HOOKBRIDGE_APP_INSTALLATION_ID,
    };
  }
  if (given > 0) {
    problems.add(
      missing[0] ?? "HOOKBRIDGE_APP_ID",
      `GitHub App sign-in also needs ${missing.join(" and ")}.`,
    );
  } else if (!values.HOOKBRIDGE_DRY_RUN) {
    problems.add(
      "HOOKBRIDGE_GITHUB_TOKEN",
      "HOOKBRIDGE_GITHUB_TOKEN (or HOOKBRIDGE_APP_ID and HOOKBRIDGE_APP_PRIVATE_KEY) must be set so the relay can dispatch to GitHub; HOOKBRIDGE_DRY_RUN=1 tries the relay without them.",
    );
  }
  return { kind: "none" };
}

/**
 * Reads the relay's settings from an environment (process.env on Node, bindings on Workers).
 * Throws one `ConfigError` whose message has one sentence per bad variable.
 */
export function loadRelayConfig(env: Readonly<Record<string, unknown>>): RelayConfig {
  const problems = new Problems();
  const values: Partial<Fields> = {};
  for (const [variable, schema] of Object.entries(fields)) {
    const result = schema.safeParse(env[variable]);
    if (result.success) {
      (values as Record<string, unknown>)[variable] = result.data;
    } else {
      // A non-string binding (a Workers JSON var) fails zod's own type check before ours.
      const issue = result.error.issues[0];
      problems.add(
        variable,
        issue?.code === "invalid_type"
          ? `${variable} must be a string.`
          : (issue?.message ?? variable),
      );
    }
  }
  const secrets = readSecrets(env, problems);
  const auth = readAuth(values, problems);
  if (
    !values.HOOKBRIDGE_DRY_RUN &&
    values.HOOKBRIDGE_REPOSITORY === undefined &&
    !(typeof env.HOOKBRIDGE_REPOSITORIES === "string" && env.HOOKBRIDGE_REPOSITORIES.trim())
  ) {
    problems.add(
      "HOOKBRIDGE_REPOSITORY",
      "HOOKBRIDGE_REPOSITORY must name the repository that receives the events, as owner/repo (or HOOKBRIDGE_REPOSITORIES list the repositories to route to).",
    );
  }
  const { HOOKBRIDGE_HEADERS_TIMEOUT: headers, HOOKBRIDGE_REQUEST_TIMEOUT: request } = values;
  if (headers !== undefined && request !== undefined && headers > request) {
    // Node refuses to start with a headers timeout longer than the whole request's.
    problems.add(
      "HOOKBRIDGE_HEADERS_TIMEOUT",
      `HOOKBRIDGE_HEADERS_TIMEOUT (${headers} s) must not exceed HOOKBRIDGE_REQUEST_TIMEOUT (${request} s), because the headers are part of the request.`,
    );
  }
  if (!problems.empty) throw problems.toError();
  const parsed = values as Fields;
  return {
    repository: parsed.HOOKBRIDGE_REPOSITORY,
    repositories: parsed.HOOKBRIDGE_REPOSITORIES,
    apiUrl: parsed.HOOKBRIDGE_GITHUB_API_URL,
    auth,
    secrets,
    events: parsed.HOOKBRIDGE_EVENTS,
    dejacodeHeader: parsed.HOOKBRIDGE_DEJACODE_HEADER,
    replayWindowSeconds: parsed.HOOKBRIDGE_REPLAY_WINDOW,
    maxBodyBytes: parsed.HOOKBRIDGE_MAX_BODY,
    dryRun: parsed.HOOKBRIDGE_DRY_RUN,
    port: parsed.PORT,
    server: {
      headersTimeoutSeconds: parsed.HOOKBRIDGE_HEADERS_TIMEOUT,
      requestTimeoutSeconds: parsed.HOOKBRIDGE_REQUEST_TIMEOUT,
      keepAliveTimeoutSeconds: parsed.HOOKBRIDGE_KEEP_ALIVE_TIMEOUT,
      maxConnections: parsed.HOOKBRIDGE_MAX_CONNECTIONS,
    },
    delivery: parsed.HOOKBRIDGE_DELIVERY,
    dataDir: parsed.HOOKBRIDGE_DATA_DIR,
    dispatchRatePerMinute: parsed.HOOKBRIDGE_DISPATCH_RATE,
    dispatchConcurrency: parsed.HOOKBRIDGE_DISPATCH_CONCURRENCY,
    giveUpAfterSeconds: parsed.HOOKBRIDGE_GIVE_UP_AFTER,
    retentionSeconds: parsed.HOOKBRIDGE_RETENTION,
    deepsourceAnalysis: parsed.HOOKBRIDGE_DEEPSOURCE_ANALYSIS ?? "all",
    adminToken: parsed.HOOKBRIDGE_ADMIN_TOKEN,
  };
}

/** Providers whose route will answer 500 because no secret is configured for them. */
export function providersWithoutSecret(config: RelayConfig): ProviderName[] {
  return PROVIDER_NAMES.filter((name) => config.secrets[name] === undefined);
}

/** Whether `HOOKBRIDGE_EVENTS` lets `provider.event` through. */
export function eventAllowed(
  config: Pick<RelayConfig, "events">,
  provider: ProviderName,
  event: string,
): boolean {
  if (config.events === undefined) return true;
  const name = `${provider}.${event}`;
  return config.events.some((pattern) =>
    pattern.endsWith(".*") ? name.startsWith(pattern.slice(0, -1)) : pattern === name,
  );
}
