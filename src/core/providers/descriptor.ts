import { type BodyFormat, bodyFormat, MEDIA_TYPES } from "../body-format.ts";
import { exactUtf8, fromUtf8 } from "../bytes.ts";
import { HookbridgeError } from "../errors.ts";
import { sha256Hex } from "../hmac.ts";
import { MAX_JSON_NESTING, nestingBeyond } from "../json-depth.ts";
import { type ProviderSchemas, parseWith } from "../schemas/index.ts";
import type { Fields, Values } from "../settings.ts";
import type { HeaderLookup, SchemeOptions, SignatureScheme } from "../signatures/index.ts";

/**
 * What one provider is: the shape every file in this folder fills in once. The registry
 * (`core/providers.ts`) lists the descriptors; nothing else names a provider.
 */

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
  /** The body's exact text when it is UTF-8 JSON, as decoded for parsing (see {@link ReadEvent}). */
  readonly bodyText?: string | undefined;
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

/** A delivery as the relay's queue sees it: enough to apply a provider's queue rules. */
export interface QueuedEvent {
  readonly event: string;
  readonly json: unknown;
}

/**
 * Settings providers declare for themselves, parsed: every provider's relay variables, or every
 * provider's receive action inputs, by name. Each provider reads its own with {@link ownSettings}.
 */
export type ProviderSettings = Readonly<Record<string, unknown>>;

/** The conditions `fail-on` may name that a provider's events meet (their `failures()`). */
export interface FailOnConditions {
  readonly conditions: readonly string[];
  /** Those the step fails on when the input is left out. */
  readonly byDefault: readonly string[];
}

export interface ProviderDescriptor<Name extends string = string> {
  /** The route (`/<name>`), the settings suffix, and the folder of its reactions (`receive/<name>/`). */
  readonly name: Name;
  readonly displayName: string;
  readonly formats: readonly BodyFormat[];
  /**
   * Any body is an event, whatever its content type and whether or not it is JSON (Standard
   * Webhooks allows every content type): one that is not JSON in `formats` is taken as it is,
   * with no JSON, and named by the sender's naming header.
   */
  readonly anyBody?: boolean;
  /** The provider's own minimum secret length, so a shorter secret is a configuration mistake. */
  readonly minSecretLength: number;
  /** A form its secrets must take beyond their length, checked where a secret is configured. */
  readonly secretFormat?: {
    readonly valid: (secret: string) => boolean;
    /** Completes "must be …", e.g. "a Standard Webhooks key, whsec_ followed by base64". */
    readonly description: string;
  };
  /** How long the provider waits for an answer, less a margin for the network. */
  readonly answerWithinMs: number;
  /** The top-level body field holding a signed time that a replay window applies to, if any. */
  readonly bodyTimestamp?: string;
  /**
   * The unsigned headers a sender may name the event and the delivery in, when the body or the
   * signature does not (a delivery header is absent when the signature covers the id).
   */
  readonly namingHeaders: { readonly event: string; readonly delivery?: string };
  /** The zod shapes of its events, and where its body names the event. */
  readonly schemas: ProviderSchemas;
  /** Whether `receive/<name>/index.ts` exports `reactions`; without, the action reports only. */
  readonly reactions: boolean;
  /**
   * The relay's environment variables that only this provider reads, each with its default and
   * rule (core/settings.ts): the relay parses them with its own, so a bad value is reported with
   * the rest, and the Worker's `Env` is typed by them.
   */
  readonly relaySettings?: Fields;
  /**
   * The receive action's inputs only this provider's reactions read, each with its default as
   * `action.yml` states it: the action reads them with its own, once, so a bad value is reported
   * with the rest, and the reactions read theirs with {@link ownSettings}.
   */
  readonly reactionInputs?: Fields;
  /** What `fail-on` may name for this provider's events, if they can fail the step. */
  readonly failOn?: FailOnConditions;
  /** How its requests to the relay are signed. */
  scheme(options?: SchemeOptions): SignatureScheme;
  /** The scheme options the relay's settings give it (DejaCode's token header). */
  schemeOptions?(settings: ProviderSettings): SchemeOptions;
  /**
   * Why the relay records a delivery without dispatching it under its settings (DeepSource's
   * `final` analysis mode), or undefined to dispatch it.
   */
  withheld?(delivery: QueuedEvent, settings: ProviderSettings): string | undefined;
  /**
   * Which of its events name the repository they are about: routing sends the others to
   * HOOKBRIDGE_REPOSITORY, and warns when there is none.
   */
  readonly namesRepository: "always" | "some events" | "never";
  /**
   * How a relayed event of this provider is signed for the receive action: the provider's own
   * signature, except a static token, which the relay replaces with its attestation so the token
   * stays out of the event payload. The relay's inbound routes use `scheme`, which never accepts it.
   */
  relayedScheme(): SignatureScheme;
  identify(request: ProviderRequest, check?: SchemaCheck): Promise<IdentifiedEvent>;
  /** The answer to a handshake request that must not be dispatched (DevRev's `verify`). */
  handshake?(json: unknown): unknown | undefined;
  /**
   * For events that carry the whole newest state of one object: a key naming that object, so the
   * relay's queue may replace a waiting delivery with a newer one about the same object.
   */
  coalesceKey?(delivery: QueuedEvent): string | undefined;
  /**
   * The version of that object the event carries (its own update time), as a number that grows
   * with each update: a waiting delivery is replaced only by a newer state, never by an older one
   * that arrived later. `undefined` when the payload has none; arrival order decides then.
   */
  coalesceVersion?(delivery: QueuedEvent): number | undefined;
  /**
   * For events about a run that changes state until it finishes: its state while unfinished (or
   * "without a status"), undefined once finished or for other events.
   */
  unfinishedRun?(delivery: QueuedEvent): string | undefined;
}

/**
 * Why secrets configured as `name` (a variable, a flag) will not do for `provider`, as a sentence
 * without its full stop, or undefined when every one of them will. It gives lengths and positions,
 * never a secret, so the relay and the CLI can print it.
 */
export function secretsProblem(
  provider: Pick<ProviderDescriptor, "displayName" | "minSecretLength" | "secretFormat">,
  list: readonly string[],
  name: string,
): string | undefined {
  const short = list.findIndex((secret) => secret.length < provider.minSecretLength);
  if (short >= 0) {
    const which = list.length > 1 ? `Secret #${short + 1} in ${name}` : name;
    return `${which} is ${list[short]?.length} characters long, but ${provider.displayName} requires at least ${provider.minSecretLength}`;
  }
  const { secretFormat } = provider;
  if (secretFormat && !list.every(secretFormat.valid)) {
    const which = list.length > 1 ? `Every secret in ${name}` : name;
    return `${which} must be ${secretFormat.description}`;
  }
  return undefined;
}

/** A provider's own settings or inputs, typed from its table, out of every provider's, parsed. */
export function ownSettings<S extends Fields>(_table: S, settings: ProviderSettings): Values<S> {
  return settings as Values<S>;
}

/** What a descriptor file writes: the descriptor, less what most providers share. */
export type ProviderSpec<Name extends string> = Omit<ProviderDescriptor<Name>, Shared> &
  Partial<Pick<ProviderDescriptor<Name>, Shared>>;

type Shared = "minSecretLength" | "answerWithinMs" | "relayedScheme" | "namingHeaders";

/**
 * A descriptor with its name kept as a literal type, so the registry can derive `ProviderName`.
 * Unless the spec says otherwise: any non-empty secret, the patient answer budget, hookbridge's
 * own naming headers, and relayed events signed as the provider signs them.
 */
export function defineProvider<
  const Name extends string,
  const S extends Fields = Record<never, never>,
  const I extends Fields = Record<never, never>,
>(
  spec: ProviderSpec<Name> & { readonly relaySettings?: S; readonly reactionInputs?: I },
): ProviderDescriptor<Name> & { readonly relaySettings: S; readonly reactionInputs: I } {
  return {
    minSecretLength: 1,
    answerWithinMs: PATIENT_MS,
    namingHeaders: OWN_NAMING_HEADERS,
    relayedScheme: () => spec.scheme(),
    relaySettings: {} as S,
    reactionInputs: {} as I,
    ...spec,
  };
}

/** hookbridge's own headers naming the event and the delivery, for senders that name neither. */
export const OWN_NAMING_HEADERS = {
  event: "x-hookbridge-event",
  delivery: "x-hookbridge-delivery",
} as const;

// GitHub gives up on a webhook after 10 s; the others document no limit, so the same margin serves.
export const PATIENT_MS = 8_000;

/** How a body is read: in one of the JSON formats, or (`raw`) as the bytes alone. */
export type ReadFormat = BodyFormat | "raw";

/** The body format of a request the provider may send; throws 415 naming the accepted types. */
export function requireFormat(
  provider: Pick<ProviderDescriptor, "displayName" | "formats" | "anyBody">,
  contentType: string | null | undefined,
): ReadFormat {
  const format = bodyFormat(contentType);
  if (format && provider.formats.includes(format)) return format;
  if (provider.anyBody) return "raw";
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
  provider: Pick<ProviderDescriptor, "displayName" | "formats" | "anyBody">,
  request: ProviderRequest,
): unknown {
  return parseBodyText(provider, request).json;
}

/**
 * {@link parseBody}, also returning the body's exact text when the body is UTF-8 JSON, for the
 * relay's envelope to carry without decoding the bytes a second time.
 */
function parseBodyText(
  provider: Pick<ProviderDescriptor, "displayName" | "formats" | "anyBody">,
  request: ProviderRequest,
): { readonly json: unknown; readonly text: string | undefined } {
  const format = requireFormat(provider, request.contentType);
  // A body that is not JSON is an event with no JSON where any body is one.
  const raw = { json: undefined, text: undefined };
  if (format === "raw") return raw;
  // Valid UTF-8 without a byte-order mark decodes the same strictly and leniently, and the strict
  // text is exactly the signed bytes; anything else is parsed as the lenient decoder reads it.
  const exact = exactUtf8(request.body);
  const plain = exact !== undefined && exact.charCodeAt(0) !== 0xfeff;
  let text = plain ? exact : fromUtf8(request.body);
  if (format === "form") {
    const payload = new URLSearchParams(text).get("payload");
    if (payload === null)
      throw new HookbridgeError("InvalidPayload", "The form body has no payload field.");
    text = payload;
  }
  const depth = nestingBeyond(text, MAX_JSON_NESTING);
  if (depth !== undefined) {
    if (provider.anyBody) return raw;
    throw new HookbridgeError(
      "InvalidPayload",
      `The body nests JSON ${depth} levels deep, beyond hookbridge's limit of ${MAX_JSON_NESTING}, so it is not a ${provider.displayName} webhook.`,
    );
  }
  try {
    return { json: JSON.parse(text), text: format === "json" && plain ? text : undefined };
  } catch {
    if (provider.anyBody) return raw;
    throw new HookbridgeError(
      "InvalidPayload",
      `The body is not valid JSON, so it is not a ${provider.displayName} webhook.`,
    );
  }
}

/**
 * An event read from a request: its name, the JSON, and the body as its schema parsed it
 * (undefined when only the envelope was checked).
 */
export interface ReadEvent {
  readonly event: string;
  readonly json: unknown;
  readonly parsed: unknown;
  /** The body's exact text (the signed bytes decoded) when it is UTF-8 JSON, else undefined. */
  readonly bodyText: string | undefined;
}

/**
 * Parses the body, takes the event's name (`named` reads it from the body or a header), and
 * validates the body against that event's schema, or only the provider's envelope (`check`);
 * throws naming what is wrong.
 */
export function readEvent(
  provider: Pick<ProviderDescriptor, "displayName" | "formats" | "anyBody" | "schemas">,
  request: ProviderRequest,
  named: (json: unknown) => string | null | undefined,
  check: SchemaCheck = "event",
): ReadEvent {
  const { json, text } = parseBodyText(provider, request);
  const event = named(json);
  if (!event || !/^[\w.:-]{1,90}$/.test(event)) {
    throw new HookbridgeError(
      "InvalidPayload",
      `The body does not name a ${provider.displayName} event type the way ${provider.displayName} does.`,
    );
  }
  const result = parseWith(provider.schemas, check === "event" ? event : undefined, json);
  if (!result.ok) throw new HookbridgeError("InvalidPayload", result.message);
  return { event, json, parsed: check === "event" ? result.value : undefined, bodyText: text };
}

/** A delivery id made from the signed bytes: the first 128 bits of their SHA-256. */
export async function bodyDigest(body: Uint8Array<ArrayBuffer>): Promise<string> {
  return `sha256-${(await sha256Hex(body)).slice(0, 32)}`;
}

/**
 * The event under the id an unsigned header gave, keeping the body's digest so the same body
 * replayed under a fresh id is still a copy; under the digest itself when no id was given.
 */
export async function identifiedBy(
  read: ReadEvent,
  given: string | null | undefined,
  body: Uint8Array<ArrayBuffer>,
): Promise<IdentifiedEvent> {
  const digest = await bodyDigest(body);
  return given ? { ...read, id: given, bodyDigest: digest } : { ...read, id: digest };
}

/** A value at `path` in a JSON value, or undefined where any step is not an object. */
export function fieldAt(json: unknown, ...path: string[]): unknown {
  let current = json;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A non-empty string (or a number, as text) at `path`; undefined otherwise. */
/**
 * A time the payload states at `path`, as a number for ordering: epoch seconds (or
 * milliseconds) as given, or an RFC 3339 string in milliseconds; `undefined` when absent or
 * unreadable. Only compared with the same field of the same provider.
 */
export function versionAt(json: unknown, ...path: string[]): number | undefined {
  const value = fieldAt(json, ...path);
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  const parsed = Date.parse(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

export function textAt(json: unknown, ...path: string[]): string | undefined {
  const value = fieldAt(json, ...path);
  if (typeof value === "string" && value.length > 0) return value;
  if (typeof value === "number") return String(value);
  return undefined;
}

/** Parses RFC 3339 with up to nanosecond precision (Date.parse stops at milliseconds). */
export function parseRfc3339(value: string): number | undefined {
  const trimmed = value.replace(/(\.\d{3})\d+/, "$1");
  const ms = Date.parse(trimmed);
  return Number.isFinite(ms) ? ms : undefined;
}

/** `https://github.com/octo-org/octo-repo(.git)` → host and `octo-org/octo-repo`. */
export function repositoryAt(url: string): NamedRepository {
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

/** A push names its repository by `full_name` (GitHub) or by its web `url` (Deveo, emit). */
export function pushRepository(
  json: unknown,
  fullNameIsGitHub: boolean,
): NamedRepository | undefined {
  const fullName = textAt(json, "repository", "full_name");
  if (fullName !== undefined && fullNameIsGitHub) return { path: fullName };
  const url = textAt(json, "repository", "html_url") ?? textAt(json, "repository", "url");
  return url === undefined ? undefined : repositoryAt(url);
}

export function withRepository(
  event: IdentifiedEvent,
  repository: NamedRepository | undefined,
): IdentifiedEvent {
  return repository === undefined ? event : { ...event, repository };
}
