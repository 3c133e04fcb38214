import { fromUtf8 } from "./bytes.ts";
import { HookbridgeError } from "./errors.ts";
import { sha256Hex } from "./hmac.ts";
import { jsonNestingDepth, MAX_JSON_NESTING } from "./json-depth.ts";
import { deepsourceEnvelope, deepsourceEventName, deepsourceEvents } from "./schemas/deepsource.ts";
import { dejacodeEnvelope, dejacodeEventName, dejacodeEvents } from "./schemas/dejacode.ts";
import { deveoEnvelope, deveoEventName, deveoEvents } from "./schemas/deveo.ts";
import { devrevEnvelope, devrevEventName, devrevEvents } from "./schemas/devrev.ts";
import { githubEnvelope, githubEvents } from "./schemas/github.ts";
import { type ParseResult, type ProviderSchemas, parseWith } from "./schemas/index.ts";
import { standardEnvelope, standardEventName, standardEvents } from "./schemas/standard.ts";
import {
  deepsourceSignature,
  deveoSignature,
  devrevSignature,
  githubSignature,
  type HeaderLookup,
  relayAttestationScheme,
  type SchemeOptions,
  type SignatureScheme,
  standardWebhooksScheme,
  staticTokenScheme,
} from "./signatures/index.ts";

/**
 * The providers, named once: the registry below has one descriptor for each, and every list and
 * switch over providers elsewhere (routes, settings, CLI help, reactions) is derived from it.
 */
export const PROVIDER_NAMES = [
  "deepsource",
  "devrev",
  "dejacode",
  "deveo",
  "github",
  "standard",
] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export function isProviderName(value: string): value is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(value);
}

export type BodyFormat = "json" | "form";

/** What a provider's raw request says about itself, once the body has been read. */
export interface IdentifiedEvent {
  readonly event: string;
  /** Delivery id: the provider's own when it sends one, else a digest of the body. */
  readonly id: string;
  /** Milliseconds since the epoch, for providers whose body carries a signed time. */
  readonly timestamp?: number;
  readonly json: unknown;
  /** False when identical deliveries are distinct events (the provider has no delivery id and never retries). */
  readonly deduplicate?: boolean;
  /** The repository the event is about, when the payload names one. */
  readonly repository?: NamedRepository;
  /**
   * The body as the provider's schema for this event parsed it (defaults applied): what the
   * receive action's reactions read, so no one validates the same body twice.
   */
  readonly parsed?: unknown;
  /**
   * Set when `id` came from a header the signature does not cover: a digest of the signed bytes,
   * so the same body replayed under a fresh id is still recognised as a copy.
   */
  readonly bodyDigest?: string;
}

/** A repository as a payload names it, before anyone decided whether it is on GitHub. */
export interface NamedRepository {
  /** `owner/name` as written (more segments for GitLab subgroups; empty when unreadable). */
  readonly path: string;
  /** Lower-case host of the URL the path came from; absent when GitHub itself sent the full name. */
  readonly host?: string;
  /** The provider's own `owner/name` when it differs from where the code lives (DeepSource). */
  readonly alias?: string;
}

export interface ProviderRequest {
  readonly body: Uint8Array<ArrayBuffer>;
  readonly contentType: string | null | undefined;
  readonly header: HeaderLookup;
}

/**
 * How much of the body `identify` checks against the provider's schemas. `"event"` (the receive
 * action) checks the event's own schema and returns the parsed value its reactions read.
 * `"envelope"` (the relay) checks only the provider's envelope, the fields every event of the
 * provider has: the relay reads no more than the event name, the id and what routing and the
 * delivery policy look up (each read defensively), and the receive action checks the event's
 * schema again on the verified bytes anyway, so the relay's copy of that check was pure cost on
 * its hot path. What the action cannot read at all (invalid JSON, nesting past the limit, no event
 * name, no usable id, no envelope) the relay still refuses with a 400.
 */
export type SchemaCheck = "event" | "envelope";

export interface Provider {
  readonly name: ProviderName;
  readonly displayName: string;
  readonly formats: readonly BodyFormat[];
  /** The provider's own minimum secret length, so a shorter secret is a configuration mistake. */
  readonly minSecretLength: number;
  /** How long the provider waits for an answer, less a margin for the network. */
  readonly answerWithinMs: number;
  /** Whether the body carries a timestamp that a replay window applies to. */
  readonly bodyTimestamp: boolean;
  /** The zod shapes of its events, and where its body names the event. */
  readonly schemas: ProviderSchemas;
  /** How its requests to the relay are signed. */
  scheme(options?: SchemeOptions): SignatureScheme;
  /**
   * How a relayed event of this provider is signed for the receive action: the provider's own
   * signature, except a static token, which the relay replaces with its attestation so the token
   * stays out of the event payload. The relay's inbound routes use `scheme`, which never accepts it.
   */
  relayedScheme(): SignatureScheme;
  identify(request: ProviderRequest, check?: SchemaCheck): Promise<IdentifiedEvent>;
  /** The answer to a handshake request that must not be dispatched (DevRev's `verify`). */
  handshake?(json: unknown): unknown | undefined;
}

/** Maps a Content-Type header to a body format; `undefined` means unsupported. */
export function bodyFormat(contentType: string | null | undefined): BodyFormat | undefined {
  const type = (contentType ?? "application/json").split(";")[0]?.trim().toLowerCase() ?? "";
  if (
    type === "application/json" ||
    type === "text/json" ||
    /^application\/[\w.+-]+\+json$/.test(type)
  )
    return "json";
  if (type === "application/x-www-form-urlencoded") return "form";
  return undefined;
}

const MEDIA_TYPES: Record<BodyFormat, string> = {
  json: "application/json",
  form: "application/x-www-form-urlencoded",
};

/** The body format of a request the provider may send; throws 415 naming the accepted types. */
export function requireFormat(
  provider: Pick<Provider, "displayName" | "formats">,
  contentType: string | null | undefined,
): BodyFormat {
  const format = bodyFormat(contentType);
  if (format && provider.formats.includes(format)) return format;
  throw new HookbridgeError(
    "UnsupportedMediaType",
    `${provider.displayName} requests must be sent as ${provider.formats.map((name) => MEDIA_TYPES[name]).join(" or ")}.`,
  );
}

/**
 * Parses the raw body as the provider sends it: JSON, or a form whose `payload` field is JSON.
 * The relay and the receive action both parse through here, so they refuse the same bodies
 * (nesting beyond `MAX_JSON_NESTING` included) rather than one accepting what the other cannot read.
 */
export function parseBody(
  provider: Pick<Provider, "displayName" | "formats">,
  request: ProviderRequest,
): unknown {
  const format = requireFormat(provider, request.contentType);
  let text = fromUtf8(request.body);
  if (format === "form") {
    const payload = new URLSearchParams(text).get("payload");
    if (payload === null)
      throw new HookbridgeError("InvalidPayload", "The form body has no payload field.");
    text = payload;
  }
  const depth = jsonNestingDepth(text);
  if (depth > MAX_JSON_NESTING) {
    throw new HookbridgeError(
      "InvalidPayload",
      `The body nests JSON ${depth} levels deep, beyond hookbridge's limit of ${MAX_JSON_NESTING}, so it is not a ${provider.displayName} webhook.`,
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new HookbridgeError(
      "InvalidPayload",
      `The body is not valid JSON, so it is not a ${provider.displayName} webhook.`,
    );
  }
}

function requireEvent(provider: string, event: string | undefined): string {
  if (!event || !/^[\w.:-]{1,90}$/.test(event)) {
    throw new HookbridgeError(
      "InvalidPayload",
      `The body does not name a ${provider} event type the way ${provider} does.`,
    );
  }
  return event;
}

function stringField(json: unknown, key: string): string | undefined {
  if (json && typeof json === "object" && key in json) {
    const value = (json as Record<string, unknown>)[key];
    if (typeof value === "string" && value.length > 0) return value;
    if (typeof value === "number") return String(value);
  }
  return undefined;
}

async function bodyDigest(body: Uint8Array<ArrayBuffer>): Promise<string> {
  return `sha256-${(await sha256Hex(body)).slice(0, 32)}`;
}

/** Parses RFC 3339 with up to nanosecond precision (Date.parse stops at milliseconds). */
export function parseRfc3339(value: string): number | undefined {
  const trimmed = value.replace(/(\.\d{3})\d+/, "$1");
  const ms = Date.parse(trimmed);
  return Number.isFinite(ms) ? ms : undefined;
}

/** `https://github.com/octo-org/octo-repo(.git)` → host and `octo-org/octo-repo`. */
function repositoryAt(url: string): NamedRepository {
  const parsed = URL.parse(url);
  if (!parsed || (parsed.protocol !== "https:" && parsed.protocol !== "http:")) return { path: "" };
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return { path: "", host: parsed.host.toLowerCase() };
  }
  return {
    path: path.replace(/^\/+|\/+$/g, "").replace(/\.git$/, ""),
    host: parsed.host.toLowerCase(),
  };
}

function objectField(json: unknown, key: string): unknown {
  return json && typeof json === "object" && key in json
    ? (json as Record<string, unknown>)[key]
    : undefined;
}

/**
 * DeepSource's repository object: `data.object` itself for repository.* events, else its
 * `repository` (analysis, Autofix and issue events). Team and test events name none.
 */
function deepsourceRepository(json: unknown): NamedRepository | undefined {
  const object = objectField(objectField(json, "data"), "object");
  const repository =
    objectField(object, "object") === "Repository" ? object : objectField(object, "repository");
  const vcsUrl = stringField(repository, "vcsUrl");
  if (vcsUrl === undefined) return undefined;
  const login = stringField(objectField(repository, "account"), "login");
  const name = stringField(repository, "name");
  const named = repositoryAt(vcsUrl);
  return login && name ? { ...named, alias: `${login}/${name}` } : named;
}

/** A push names its repository by `full_name` (GitHub) or by its web `url` (Deveo, emit). */
function pushRepository(json: unknown, fullNameIsGitHub: boolean): NamedRepository | undefined {
  const repository = objectField(json, "repository");
  const fullName = stringField(repository, "full_name");
  if (fullName !== undefined && fullNameIsGitHub) return { path: fullName };
  const url = stringField(repository, "html_url") ?? stringField(repository, "url");
  return url === undefined ? undefined : repositoryAt(url);
}

function withRepository(
  event: IdentifiedEvent,
  repository: NamedRepository | undefined,
): IdentifiedEvent {
  return repository === undefined ? event : { ...event, repository };
}

/**
 * The body checked against the provider's schema for the event, or only its envelope; throws with
 * the path that is wrong. Returns the event's parsed value, or undefined when only the envelope
 * was checked.
 */
function validate(
  provider: Pick<Provider, "schemas">,
  event: string,
  json: unknown,
  check: SchemaCheck = "event",
): unknown {
  const result = parseWith(provider.schemas, check === "event" ? event : undefined, json);
  if (!result.ok) throw new HookbridgeError("InvalidPayload", result.message);
  return check === "event" ? result.value : undefined;
}

// GitHub gives up on a webhook after 10 s; the others document no limit, so the same margin serves.
const PATIENT_MS = 8_000;

const deepsource: Provider = {
  name: "deepsource",
  displayName: "DeepSource",
  formats: ["json"],
  minSecretLength: 16,
  answerWithinMs: PATIENT_MS,
  bodyTimestamp: false,
  schemas: {
    envelope: deepsourceEnvelope,
    events: deepsourceEvents,
    eventName: deepsourceEventName,
  },
  scheme: () => deepsourceSignature,
  relayedScheme: () => deepsourceSignature,
  async identify(request, check) {
    const json = parseBody(this, request);
    const event = requireEvent("DeepSource", deepsourceEventName(json));
    const parsed = validate(this, event, json, check);
    const id = stringField(json, "id") ?? (await bodyDigest(request.body));
    return withRepository({ event, id, json, parsed }, deepsourceRepository(json));
  },
};

const devrev: Provider = {
  name: "devrev",
  displayName: "DevRev",
  formats: ["json"],
  minSecretLength: 1,
  // DevRev aborts an invocation after 3 s.
  answerWithinMs: 2_500,
  bodyTimestamp: true,
  schemas: { envelope: devrevEnvelope, events: devrevEvents, eventName: devrevEventName },
  scheme: () => devrevSignature,
  relayedScheme: () => devrevSignature,
  async identify(request, check) {
    const json = parseBody(this, request);
    const event = requireEvent("DevRev", devrevEventName(json));
    const parsed = validate(this, event, json, check);
    const stamp = stringField(json, "timestamp");
    const timestamp = stamp === undefined ? undefined : parseRfc3339(stamp);
    return {
      event,
      id: stringField(json, "id") ?? (await bodyDigest(request.body)),
      json,
      parsed,
      ...(timestamp === undefined ? {} : { timestamp }),
    };
  },
  handshake(json) {
    const verify = (json as { type?: unknown; verify?: { challenge?: unknown } } | null) ?? {};
    if (verify.type !== "verify") return undefined;
    return { challenge: verify.verify?.challenge };
  },
};

const dejacode: Provider = {
  name: "dejacode",
  displayName: "DejaCode",
  formats: ["json"],
  minSecretLength: 16,
  answerWithinMs: PATIENT_MS,
  bodyTimestamp: false,
  schemas: { envelope: dejacodeEnvelope, events: dejacodeEvents, eventName: dejacodeEventName },
  scheme: (options) => staticTokenScheme(options?.tokenHeader),
  relayedScheme: () => relayAttestationScheme,
  async identify(request, check) {
    const json = parseBody(this, request);
    // Text-only notifications (vulnerability updates) carry no event name; the webhook's
    // "extra headers" supply it instead.
    const event = requireEvent(
      "DejaCode",
      dejacodeEventName(json) ?? request.header("x-hookbridge-event") ?? undefined,
    );
    const parsed = validate(this, event, json, check);
    // DejaCode sends no delivery id and never retries: an id given in its extra headers is used,
    // otherwise identical bodies are separate notifications and are not deduplicated.
    const given = request.header("x-hookbridge-delivery");
    return given
      ? { event, id: given, json, parsed }
      : { event, id: await bodyDigest(request.body), json, parsed, deduplicate: false };
  },
};

const deveo: Provider = {
  name: "deveo",
  displayName: "Deveo",
  formats: ["json", "form"],
  minSecretLength: 1,
  answerWithinMs: PATIENT_MS,
  bodyTimestamp: false,
  schemas: { envelope: deveoEnvelope, events: deveoEvents, eventName: deveoEventName },
  scheme: () => deveoSignature,
  relayedScheme: () => deveoSignature,
  async identify(request, check) {
    const json = parseBody(this, request);
    const event = requireEvent("Deveo", deveoEventName(json));
    const parsed = validate(this, event, json, check);
    const digest = await bodyDigest(request.body);
    const given = request.header("x-hookbridge-delivery");
    const identified = given
      ? { event, id: given, json, parsed, bodyDigest: digest }
      : { event, id: digest, json, parsed };
    // A Deveo-style sender may be anywhere, so only its URL says where the repository lives.
    return withRepository(identified, pushRepository(json, false));
  },
};

const github: Provider = {
  name: "github",
  displayName: "GitHub-signed",
  formats: ["json", "form"],
  minSecretLength: 1,
  answerWithinMs: PATIENT_MS,
  bodyTimestamp: false,
  schemas: { envelope: githubEnvelope, events: githubEvents },
  scheme: () => githubSignature,
  relayedScheme: () => githubSignature,
  async identify(request, check) {
    const json = parseBody(this, request);
    const named = request.header("x-github-event") ?? request.header("x-hookbridge-event");
    if (!named) {
      throw new HookbridgeError(
        "InvalidPayload",
        "The X-GitHub-Event header is missing: GitHub-signed hooks name their event in it, so send it (or X-Hookbridge-Event) with the event's name.",
      );
    }
    const event = requireEvent("GitHub-signed", named);
    const parsed = validate(this, event, json, check);
    // X-GitHub-Delivery is not signed: only the body is.
    const digest = await bodyDigest(request.body);
    const given = request.header("x-github-delivery") ?? request.header("x-hookbridge-delivery");
    const identified = given
      ? { event, id: given, json, parsed, bodyDigest: digest }
      : { event, id: digest, json, parsed };
    return withRepository(identified, pushRepository(json, true));
  },
};

const standard: Provider = {
  name: "standard",
  displayName: "Standard Webhooks",
  formats: ["json"],
  minSecretLength: 1,
  answerWithinMs: PATIENT_MS,
  bodyTimestamp: false,
  schemas: { envelope: standardEnvelope, events: standardEvents, eventName: standardEventName },
  scheme: () => standardWebhooksScheme,
  relayedScheme: () => standardWebhooksScheme,
  async identify(request, check) {
    const json = parseBody(this, request);
    const event = requireEvent("Standard Webhooks", standardEventName(json));
    const parsed = validate(this, event, json, check);
    return {
      event,
      id: request.header("webhook-id") ?? (await bodyDigest(request.body)),
      json,
      parsed,
    };
  },
};

export const PROVIDERS: Readonly<Record<ProviderName, Provider>> = {
  deepsource,
  devrev,
  dejacode,
  deveo,
  github,
  standard,
};

export function getProvider(name: string): Provider | undefined {
  return Object.hasOwn(PROVIDERS, name) ? PROVIDERS[name as ProviderName] : undefined;
}

/** The body checked against `provider`'s schema for `event`. Never throws. */
export function parseEvent(
  provider: ProviderName,
  event: string | undefined,
  body: unknown,
): ParseResult {
  return parseWith(PROVIDERS[provider].schemas, event, body);
}

/** The event name a provider's body carries, or undefined when it names none (GitHub: header). */
export function eventNameFor(provider: ProviderName, body: unknown): string | undefined {
  return PROVIDERS[provider].schemas.eventName?.(body);
}

/** How `provider`'s requests to the relay are signed. */
export function signatureScheme(provider: ProviderName, options?: SchemeOptions): SignatureScheme {
  return PROVIDERS[provider].scheme(options);
}

/** How a relayed event of `provider` is signed for the receive action. */
export function relayedSignatureScheme(provider: ProviderName): SignatureScheme {
  return PROVIDERS[provider].relayedScheme();
}
