import { MAX_BODY_BYTES } from "../core/envelope.ts";
import {
  getProvider,
  isProviderName,
  PROVIDER_NAMES,
  PROVIDER_RELAY_SETTINGS,
  type ProviderName,
  type ProviderSettings,
  secretsProblem,
} from "../core/providers.ts";
import {
  boolean,
  choice,
  custom,
  duration,
  type Field,
  httpUrl,
  itemsOf,
  list,
  number,
  Problems,
  type Refusal,
  readFields,
  refuse,
  type Texts,
  text,
  VARIABLE_WORDING,
  type Values,
  wholeNumber,
} from "../core/settings.ts";
import { parseSecrets, relayAttestationScheme } from "../core/signatures/index.ts";
import { type DispatchTarget, parseTarget } from "./github/target.ts";

export const DEFAULT_API_URL = "https://api.github.com";
export const DEFAULT_REPLAY_WINDOW_SECONDS = 300;
/** The receive action refuses bodies past the same size, so the default is the action's limit. */
export const DEFAULT_MAX_BODY_BYTES = MAX_BODY_BYTES;
export const DEFAULT_PORT = 8787;
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
  /**
   * The settings providers declare for themselves (their descriptors' `relaySettings`), parsed,
   * by variable name: each provider reads its own.
   */
  readonly providerSettings: ProviderSettings;
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
  /**
   * Seconds the queue waits after a delivery before dispatching it, so deliveries for the same
   * repository that follow within it go out together, as one batch; 0 turns batching off.
   */
  readonly batchWindowSeconds: number;
  /** Enables the admin API, `/metrics` and the `/admin` page (Node, queue mode); unset: they answer 404. */
  readonly adminToken: string | undefined;
  /**
   * The relay's own address as the receive action reaches it (no trailing slash): with it, each
   * logged delivery's envelope asks the action to report to `<publicUrl>/reports`.
   */
  readonly publicUrl: string | undefined;
  /** What each dispatch starts: a `repository_dispatch`, or one workflow's `workflow_dispatch`. */
  readonly target: DispatchTarget;
  /**
   * HOOKBRIDGE_* variables the relay does not read, each with the setting it most likely meant:
   * a misspelled allow-list or secret rotation would otherwise be ignored without a word.
   */
  readonly unknownVariables?: readonly UnknownVariable[];
}

export interface UnknownVariable {
  readonly variable: string;
  readonly meant: string | undefined;
}

/** `deepsource` → `HOOKBRIDGE_SECRET_DEEPSOURCE`. */
export function secretVariable(provider: ProviderName): string {
  return `${SECRET_PREFIX}${provider.toUpperCase()}`;
}

const SECONDS = { min: 1, unit: "seconds" } as const;

interface NodeOnly {
  readonly nodeOnly: true;
}

/** Marks a setting only the Node host reads. */
const nodeOnly = <F extends Field<unknown>>(field: F): F & NodeOnly => ({
  ...field,
  nodeOnly: true,
});

/**
 * Every setting, one per variable, each with its default, in the order problems are reported.
 * `nodeOnly` marks what only the Node host reads (its HTTP server and its data directory).
 */
export const RELAY_SETTINGS = {
  HOOKBRIDGE_REPOSITORY: custom({}, (value) =>
    REPOSITORY_NAME.test(value)
      ? value
      : refuse("must name one repository as owner/repo, e.g. octo-org/octo-repo"),
  ),
  HOOKBRIDGE_REPOSITORIES: custom({}, (value): RepositoryList | Refusal => {
    const allowed: string[] = [];
    const mappings = new Map<string, string>();
    for (const entry of itemsOf(value, /[\s,]+/)) {
      const [from = "", to, ...rest] = entry.toLowerCase().split("=");
      const valid =
        to === undefined
          ? /^[\w.-]+\/([\w.-]+|\*)$/.test(from)
          : rest.length === 0 && REPOSITORY_NAME.test(from) && REPOSITORY_NAME.test(to);
      if (!valid) {
        return refuse(
          `entry "${entry.slice(0, 60)}" must be owner/repo, owner/* or provider-owner/name=github-owner/repo`,
        );
      }
      if (to === undefined) allowed.push(from);
      else mappings.set(from, to);
    }
    return { allowed, mappings };
  }),
  HOOKBRIDGE_GITHUB_TOKEN: text(),
  HOOKBRIDGE_APP_ID: custom({}, (value) =>
    /^(\d+|Iv[\w.]+)$/.test(value)
      ? value
      : refuse("must be the GitHub App's numeric App ID (or its Iv… client ID)"),
  ),
  HOOKBRIDGE_APP_PRIVATE_KEY: text(),
  HOOKBRIDGE_APP_INSTALLATION_ID: custom({}, (value) =>
    /^\d+$/.test(value)
      ? value
      : refuse("must be the numeric installation id from the App's installation URL"),
  ),
  HOOKBRIDGE_GITHUB_API_URL: custom({ default: DEFAULT_API_URL }, (value) => {
    const url = httpUrl(value);
    if (!url || url.search || url.hash) {
      return refuse(
        "must be an http(s) URL such as https://api.github.com or https://ghes.example.com/api/v3",
      );
    }
    return url.href.replace(/\/+$/, "");
  }),
  HOOKBRIDGE_EVENTS: list({ separator: /[\s,]+/ }, (pattern) => {
    const [provider = "", ...rest] = pattern.split(".");
    const event = rest.join(".");
    return isProviderName(provider) && /^([\w:-]+\.)*([\w:-]+|\*)$/.test(event)
      ? pattern
      : refuse(
          `entry "${pattern.slice(0, 60)}" must be provider.event or provider.* with provider one of ${PROVIDER_NAMES.join(", ")}`,
        );
  }),
  HOOKBRIDGE_REPLAY_WINDOW: wholeNumber({
    default: String(DEFAULT_REPLAY_WINDOW_SECONDS),
    ...SECONDS,
  }),
  HOOKBRIDGE_MAX_BODY: wholeNumber({
    default: String(DEFAULT_MAX_BODY_BYTES),
    min: 1,
    unit: "bytes",
  }),
  HOOKBRIDGE_DRY_RUN: boolean({ default: "false", spelling: "env" }),
  PORT: nodeOnly(
    wholeNumber({
      default: String(DEFAULT_PORT),
      min: 0,
      max: 65_535,
      expected: "a TCP port number from 0 to 65535",
    }),
  ),
  // Sized for webhook senders: a provider sends a few KiB at once and gives up on an answer
  // within seconds (GitHub after 10 s), so a client slower than this is holding a connection,
  // not delivering.
  HOOKBRIDGE_HEADERS_TIMEOUT: nodeOnly(wholeNumber({ default: "10", ...SECONDS })),
  HOOKBRIDGE_REQUEST_TIMEOUT: nodeOnly(wholeNumber({ default: "30", ...SECONDS })),
  HOOKBRIDGE_KEEP_ALIVE_TIMEOUT: nodeOnly(wholeNumber({ default: "5", ...SECONDS })),
  HOOKBRIDGE_MAX_CONNECTIONS: nodeOnly(
    wholeNumber({ default: "1024", min: 1, unit: "connections" }),
  ),
  HOOKBRIDGE_TARGET: custom(
    { default: "repository_dispatch" },
    (value) =>
      parseTarget(value) ??
      refuse(
        "must be repository_dispatch or workflow:<file>[@<branch>], e.g. workflow:hookbridge.yml or workflow:hookbridge.yml@main",
      ),
  ),
  HOOKBRIDGE_DELIVERY: choice(["queue", "sync"] satisfies DeliveryMode[], {}),
  HOOKBRIDGE_DATA_DIR: nodeOnly(text({ default: ".hookbridge" })),
  // GitHub's documented budget for content-creating requests is about 80 a minute per identity.
  HOOKBRIDGE_DISPATCH_RATE: number({ default: "80", above: 0, unit: "dispatches per minute" }),
  HOOKBRIDGE_DISPATCH_CONCURRENCY: wholeNumber({ default: "4", min: 1, max: 100 }),
  /** Seconds after receipt a delivery GitHub keeps refusing is marked `failed`. */
  HOOKBRIDGE_GIVE_UP_AFTER: duration({ default: "24h" }),
  /** How long finished deliveries stay in the delivery log (and count for dedupe). */
  HOOKBRIDGE_RETENTION: duration({ default: "7d" }),
  // A commit's events arrive within seconds of each other (DeepSource sends one per issue once
  // the analysis ends); 10 s gathers them into one dispatch while a runner takes longer to start.
  HOOKBRIDGE_BATCH_WINDOW: duration({ default: "10s", zero: true }),
  // The length only, never the value, goes into the message.
  HOOKBRIDGE_ADMIN_TOKEN: custom({}, (value) =>
    value.length >= MIN_ADMIN_TOKEN_LENGTH
      ? value
      : refuse(
          `must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters long; generate one with: openssl rand -hex 32`,
        ),
  ),
  // Each provider's own, declared in its descriptor.
  ...PROVIDER_RELAY_SETTINGS,
  HOOKBRIDGE_PUBLIC_URL: custom({}, (value) => {
    const url = httpUrl(value);
    if (!url || url.search || url.hash || url.username || url.password) {
      return refuse(
        "must be the relay's own http(s) address as a workflow reaches it, such as https://relay.example.com",
      );
    }
    return url.href.replace(/\/+$/, "");
  }),
};

type Fields = Values<typeof RELAY_SETTINGS>;

type WorkerSetting = {
  [K in keyof typeof RELAY_SETTINGS]: (typeof RELAY_SETTINGS)[K] extends NodeOnly ? never : K;
}[keyof typeof RELAY_SETTINGS];

/** The settings the Worker reads, as its `vars` hold them: the Worker's `Env` is typed by this. */
export type WorkerVariables = Texts<Pick<typeof RELAY_SETTINGS, WorkerSetting>>;

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
    const problem = secretsProblem(provider, list, variable);
    if (problem) {
      problems.add(variable, `${problem}.`);
      continue;
    }
    secrets[provider.name] = list;
  }
  refuseSharedTokens(secrets, problems);
  return secrets;
}

/**
 * A token-checked provider's token (DejaCode's) may be no other provider's secret: the relay
 * attests such a body with an HMAC of it under the token, in the form GitHub's signature takes,
 * so under a shared secret the relay's own attestation would pass for the other provider's
 * signature. (Deveo and GitHub may share one, as the emit action's single secret does: the relay
 * attests neither, and its envelope signatures, in their form too, are refused by every
 * body-signature scheme's own-form check, src/core/signatures/own-forms.ts.)
 */
function refuseSharedTokens(secrets: RelayConfig["secrets"], problems: Problems): void {
  const entries = Object.entries(secrets) as [ProviderName, readonly string[]][];
  for (const [attested, tokens] of entries) {
    if (getProvider(attested)?.relayedScheme() !== relayAttestationScheme) continue;
    for (const [other, list] of entries) {
      if (other === attested || !tokens.some((token) => list.includes(token))) continue;
      problems.add(
        secretVariable(attested),
        `${secretVariable(attested)} and ${secretVariable(other)} share a secret; give ${getProvider(attested)?.displayName} a token of its own, so that the relay's attestation of its deliveries never passes for a ${getProvider(other)?.displayName} signature.`,
      );
    }
  }
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

/** HOOKBRIDGE_* names that are not relay settings yet are expected beside them. */
const OTHER_VARIABLES: ReadonlySet<string> = new Set([
  // The CLI's signing secret (`hookbridge send`, `sign`, `verify`).
  "HOOKBRIDGE_SECRET",
  // The Worker's Durable Object binding.
  "HOOKBRIDGE_DELIVERIES",
]);

/** Levenshtein distance, for naming the setting a misspelled variable meant. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, substitution));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/** The HOOKBRIDGE_* variables in `env` that no setting reads. */
function findUnknownVariables(env: Readonly<Record<string, unknown>>): UnknownVariable[] {
  const known = [...Object.keys(RELAY_SETTINGS), ...PROVIDER_NAMES.map(secretVariable)];
  const unknown: UnknownVariable[] = [];
  for (const variable of Object.keys(env).sort()) {
    if (!variable.startsWith("HOOKBRIDGE_") || typeof env[variable] !== "string") continue;
    // Secrets under an unknown provider's name are refused by readSecrets, not warned of.
    if (variable.startsWith(SECRET_PREFIX) || OTHER_VARIABLES.has(variable)) continue;
    if ((known as readonly string[]).includes(variable)) continue;
    const [meant] = known
      .map((name) => ({ name, distance: editDistance(variable, name) }))
      .filter(({ distance }) => distance <= 3)
      .sort((a, b) => a.distance - b.distance);
    unknown.push({ variable, meant: meant?.name });
  }
  return unknown;
}

/**
 * Reads the relay's settings from an environment (process.env on Node, bindings on Workers).
 * Throws one `ConfigError` whose message has one sentence per bad variable.
 */
export function loadRelayConfig(env: Readonly<Record<string, unknown>>): RelayConfig {
  const problems = new Problems();
  const values = readFields(RELAY_SETTINGS, (name) => env[name], VARIABLE_WORDING, problems);
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
  problems.throwIfAny();
  const parsed = values as Fields;
  return {
    repository: parsed.HOOKBRIDGE_REPOSITORY,
    repositories: parsed.HOOKBRIDGE_REPOSITORIES,
    apiUrl: parsed.HOOKBRIDGE_GITHUB_API_URL,
    auth,
    secrets,
    events: parsed.HOOKBRIDGE_EVENTS,
    providerSettings: Object.fromEntries(
      Object.keys(PROVIDER_RELAY_SETTINGS).map((name) => [name, values[name as keyof Fields]]),
    ),
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
    batchWindowSeconds: parsed.HOOKBRIDGE_BATCH_WINDOW,
    adminToken: parsed.HOOKBRIDGE_ADMIN_TOKEN,
    publicUrl: parsed.HOOKBRIDGE_PUBLIC_URL,
    target: parsed.HOOKBRIDGE_TARGET,
    unknownVariables: findUnknownVariables(env),
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
