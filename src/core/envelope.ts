import { exactUtf8, fromBase64, toBase64, utf8 } from "./bytes.ts";
import { HookbridgeError } from "./errors.ts";
import { gunzip, gzip } from "./gzip.ts";

/** GitHub rejects a `repository_dispatch` whose `event_type` is longer than this. */
export const MAX_EVENT_TYPE_LENGTH = 100;
/** GitHub rejects a `client_payload` of 64 KB or more of JSON. */
export const MAX_CLIENT_PAYLOAD_BYTES = 65_535;

/**
 * The largest body the receive action accepts, inflated or given in the `payload` input: the
 * relay's default HOOKBRIDGE_MAX_BODY (1 MiB). It bounds the memory a forged or oversized
 * envelope can take before its signature is checked.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Delivery ids reach logs and outputs, so they are kept to printable ASCII. */
export const DELIVERY_ID = /^[\x21-\x7e]{1,200}$/;

/** A GitHub repository as `owner/repo`: what the relay routed an event to. */
export const ROUTED_REPOSITORY = /^[\w.-]{1,100}\/[\w.-]{1,100}$/;

/** An http(s) URL of printable ASCII (no spaces, no line breaks), at most 2000 characters. */
const REPLY_URL = /^https?:\/\/[\x21-\x7e]{1,1990}$/;

/**
 * Where the receive action reports what it did: the relay's reports endpoint and the relay's own
 * id for the delivery. Only a relay with `HOOKBRIDGE_PUBLIC_URL` and a delivery log asks.
 */
export interface Reply {
  /** The relay's `…/reports` URL; the report is POSTed to `<url>/<delivery>`. */
  readonly url: string;
  /** The relay's id for the delivery (not the provider's). */
  readonly delivery: string;
}

export interface RelayedEvent {
  readonly provider: string;
  readonly event: string;
  /** The provider's delivery id (or a digest of the body when the provider sends none). */
  readonly id: string;
  /** ISO 8601 time the relay accepted the request. */
  readonly receivedAt: string;
  /** Only the headers needed to verify the signature again, lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body, exactly as the provider sent it. */
  readonly body: Uint8Array<ArrayBuffer>;
  /**
   * `body` decoded, when the caller already holds its exact text (see `exactUtf8`), so encoding
   * does not decode the same bytes again.
   */
  readonly bodyText?: string | undefined;
  /** The repository the relay routed the event to, signed into the envelope; absent from older relays. */
  readonly repository?: string | undefined;
  /** Where to report the outcome, signed into the envelope; absent unless the relay asks. */
  readonly reply?: Reply | undefined;
}

export interface DispatchRequest {
  readonly event_type: string;
  readonly client_payload: ClientPayload;
}

/** The relay's envelope, as it travels in a `repository_dispatch` event's `client_payload`. */
export type ClientPayload = {
  provider: string;
  event: string;
  id: string;
  received_at: string;
  headers: Record<string, string>;
  body?: string | undefined;
  body_gzip?: string | undefined;
  repository?: string | undefined;
  reply?: Reply | undefined;
};

/** RFC 3339 with `Z` or a `±hh:mm` offset and any fraction: zod's `z.iso.datetime({ offset: true })`. */
const DATETIME =
  /^(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))T(?:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|([+-](?:[01]\d|2[0-3]):[0-5]\d)))$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An object whose constructor, if any, is an ordinary class (what JSON.parse gives). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!isObject(value)) return false;
  const ctor = value.constructor;
  if (ctor === undefined || typeof ctor !== "function") return true;
  const prototype: unknown = ctor.prototype;
  return isObject(prototype) && Object.hasOwn(prototype, "isPrototypeOf");
}

function stringProblem(value: unknown, check?: (text: string) => string | undefined) {
  if (typeof value !== "string") return "expected a string";
  return check?.(value);
}

const nonEmpty = (text: string) => (text.length >= 1 ? undefined : "expected at least 1 (string)");

/** The envelope's first problem as `<path>: <what was expected>`, or undefined when it is one. */
function clientPayloadProblem(payload: unknown): string | undefined {
  if (!isObject(payload)) return "payload: expected an object";
  const fields: [string, string | undefined][] = [
    ["provider", stringProblem(payload.provider, nonEmpty)],
    ["event", stringProblem(payload.event, nonEmpty)],
    // The id reaches logs, where a newline could forge a workflow command.
    [
      "id",
      stringProblem(payload.id, (id) =>
        DELIVERY_ID.test(id) ? undefined : "expected 1 to 200 printable ASCII characters",
      ),
    ],
    [
      "received_at",
      stringProblem(payload.received_at, (time) =>
        DATETIME.test(time) ? undefined : "expected a valid datetime",
      ),
    ],
  ];
  for (const [name, problem] of fields) if (problem) return `${name}: ${problem}`;
  const { headers } = payload;
  if (!isPlainObject(headers)) return "headers: expected a record";
  for (const [name, value] of Object.entries(headers)) {
    if (name !== "__proto__" && typeof value !== "string")
      return `headers${/^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`}: expected a string`;
  }
  for (const name of ["body", "body_gzip"]) {
    if (payload[name] !== undefined && typeof payload[name] !== "string")
      return `${name}: expected a string`;
  }
  if ((payload.body === undefined) === (payload.body_gzip === undefined))
    return "payload: exactly one of body and body_gzip must be present";
  if (payload.repository !== undefined) {
    const problem = stringProblem(payload.repository, (name) =>
      ROUTED_REPOSITORY.test(name) ? undefined : "expected owner/repo",
    );
    if (problem) return `repository: ${problem}`;
  }
  if (payload.reply !== undefined) {
    const { reply } = payload;
    if (!isPlainObject(reply)) return "reply: expected an object";
    const url = stringProblem(reply.url, (text) =>
      REPLY_URL.test(text) && URL.canParse(text) ? undefined : "expected an http(s) URL",
    );
    if (url) return `reply.url: ${url}`;
    const delivery = stringProblem(reply.delivery, (id) =>
      DELIVERY_ID.test(id) ? undefined : "expected 1 to 200 printable ASCII characters",
    );
    if (delivery) return `reply.delivery: ${delivery}`;
  }
  return undefined;
}

/**
 * The envelope checked by hand rather than with a zod/mini schema: what it buys is the receive
 * action's cold start, which a schema built and first run for one envelope kept above its bound
 * (docs/performance.md, "Choices in the code"). The messages are the ones `describeZodError`
 * gave for that schema (test/core/envelope.test.ts holds each). Unknown fields are dropped, and a
 * `__proto__` header is ignored.
 */
function readClientPayload(payload: unknown): ClientPayload | string {
  const problem = clientPayloadProblem(payload);
  if (problem !== undefined) return problem;
  const value = payload as Record<string, unknown> & ClientPayload;
  const headers: Record<string, string> = {};
  for (const [name, header] of Object.entries(value.headers))
    if (name !== "__proto__") headers[name] = header;
  return {
    provider: value.provider,
    event: value.event,
    id: value.id,
    received_at: value.received_at,
    headers,
    ...(value.body === undefined ? {} : { body: value.body }),
    ...(value.body_gzip === undefined ? {} : { body_gzip: value.body_gzip }),
    ...(value.repository === undefined ? {} : { repository: value.repository }),
    ...(value.reply === undefined
      ? {}
      : { reply: { url: value.reply.url, delivery: value.reply.delivery } }),
  };
}

const encoder = new TextEncoder();
// Counting bytes with `encodeInto` over one reused buffer, rather than `utf8(json).length`,
// saves allocating a copy of every dispatch only to measure it. Three bytes per UTF-16 unit is
// the most UTF-8 needs, so a text up to a third of this size always fits.
const SCRATCH_BYTES = 3 * (MAX_CLIENT_PAYLOAD_BYTES + 1024);
let scratch: Uint8Array | undefined;

function utf8Length(text: string): number {
  if (text.length * 3 > SCRATCH_BYTES) return utf8(text).length;
  scratch ??= new Uint8Array(SCRATCH_BYTES);
  return encoder.encodeInto(text, scratch).written;
}

/** A dispatch request together with its JSON, serialised once for the size check, the log and the POST. */
export interface EncodedDispatch {
  readonly request: DispatchRequest;
  /** Exactly `JSON.stringify(request)`. */
  readonly json: string;
  /** UTF-8 bytes of `json`. */
  readonly bytes: number;
}

function fitting(eventType: string, payload: ClientPayload): EncodedDispatch | undefined {
  const payloadJson = JSON.stringify(payload);
  // Every UTF-16 unit takes at least one byte, so a text this long is too large without counting.
  if (payloadJson.length >= MAX_CLIENT_PAYLOAD_BYTES) return undefined;
  const payloadBytes = utf8Length(payloadJson);
  if (payloadBytes >= MAX_CLIENT_PAYLOAD_BYTES) return undefined;
  // The payload is counted once, as serialised: the request around it adds only its short head,
  // so the whole is never flattened and counted again just to learn its size.
  const head = `{"event_type":${JSON.stringify(eventType)},"client_payload":`;
  return {
    request: { event_type: eventType, client_payload: payload },
    json: `${head}${payloadJson}}`,
    bytes: utf8Length(head) + payloadBytes + 1,
  };
}

/**
 * The dispatch's `event_type`, `provider.event`; throws what GitHub would refuse in a dispatch
 * whatever its size: a delivery id that is not printable ASCII, an event type over its limit.
 */
export function dispatchEventType(event: Pick<RelayedEvent, "provider" | "event" | "id">): string {
  if (!DELIVERY_ID.test(event.id)) {
    throw new HookbridgeError(
      "BadRequest",
      "The delivery id must be 1 to 200 printable ASCII characters.",
    );
  }
  const eventType = `${event.provider}.${event.event}`;
  if (eventType.length > MAX_EVENT_TYPE_LENGTH) {
    throw new HookbridgeError(
      "BadRequest",
      `The event type "${eventType.slice(0, 40)}…" is longer than GitHub's ${MAX_EVENT_TYPE_LENGTH}-character limit for repository_dispatch.`,
    );
  }
  return eventType;
}

/**
 * Builds the `repository_dispatch` request for a verified event. The body travels as text when it
 * fits, otherwise gzipped and base64-encoded, so the receiver always gets the exact bytes.
 */
export async function encodeDispatch(event: RelayedEvent): Promise<DispatchRequest> {
  return (await encodeDispatchJson(event)).request;
}

/** {@link encodeDispatch}, also returning the request's JSON and its size in bytes. */
export async function encodeDispatchJson(event: RelayedEvent): Promise<EncodedDispatch> {
  const eventType = dispatchEventType(event);
  const base = {
    provider: event.provider,
    event: event.event,
    id: event.id,
    received_at: event.receivedAt,
    headers: { ...event.headers },
    ...(event.repository === undefined ? {} : { repository: event.repository }),
    ...(event.reply === undefined ? {} : { reply: event.reply }),
  };
  const text = event.bodyText ?? exactUtf8(event.body);
  if (text !== undefined) {
    const plain = fitting(eventType, { ...base, body: text });
    if (plain) return plain;
  }
  const packed = fitting(eventType, { ...base, body_gzip: toBase64(await gzip(event.body)) });
  if (packed) return packed;
  throw new HookbridgeError(
    "PayloadTooLarge",
    `The event is too large for GitHub's repository_dispatch even when compressed (limit ${MAX_CLIENT_PAYLOAD_BYTES} bytes of JSON); ask the provider to send less, e.g. fewer events per webhook.`,
  );
}

/** The refusal for anything past {@link MAX_BODY_BYTES}; `what` says which part is too large. */
export function bodyTooLarge(what: string): HookbridgeError {
  return new HookbridgeError(
    "PayloadTooLarge",
    `${what} to more than ${MAX_BODY_BYTES} bytes, the receive action's limit (the relay's default HOOKBRIDGE_MAX_BODY), so it was refused unread: have the provider send less per webhook.`,
  );
}

/**
 * A base64 gzip field of a `client_payload`, inflated to at most `limit` bytes before anything in
 * it is read; `tooLarge` is the refusal past that.
 */
export async function inflateField(
  field: string,
  base64: string,
  limit: number,
  tooLarge: () => HookbridgeError,
): Promise<Uint8Array<ArrayBuffer>> {
  const packed = fromBase64(base64);
  if (!packed)
    throw new HookbridgeError("InvalidPayload", `client_payload.${field} is not valid base64.`);
  let inflated: Awaited<ReturnType<typeof gunzip>>;
  try {
    inflated = await gunzip(packed, limit);
  } catch (error) {
    throw new HookbridgeError("InvalidPayload", `client_payload.${field} is not valid gzip data.`, {
      cause: error,
    });
  }
  if (!(inflated instanceof Uint8Array)) throw tooLarge();
  return inflated;
}

/** Reads a `client_payload` back into the relayed event, undoing compression. */
export async function decodeDispatch(payload: unknown): Promise<RelayedEvent> {
  const value = readClientPayload(payload);
  if (typeof value === "string") {
    // "payload: …" names the client_payload itself, "id: …" one of its fields.
    const problem = value.startsWith("payload:")
      ? `client_payload${value.slice("payload".length)}`
      : `client_payload.${value}`;
    throw new HookbridgeError(
      "InvalidPayload",
      `${problem} (is this event from a hookbridge relay?).`,
    );
  }
  let body: Uint8Array<ArrayBuffer>;
  if (value.body !== undefined) {
    body = utf8(value.body);
  } else {
    body = await inflateField("body_gzip", value.body_gzip ?? "", MAX_BODY_BYTES, () =>
      bodyTooLarge("client_payload.body_gzip inflates"),
    );
  }
  return {
    provider: value.provider,
    event: value.event,
    id: value.id,
    receivedAt: value.received_at,
    headers: Object.fromEntries(
      Object.entries(value.headers).map(([k, v]) => [k.toLowerCase(), v]),
    ),
    body,
    ...(value.repository === undefined ? {} : { repository: value.repository }),
    ...(value.reply === undefined ? {} : { reply: value.reply }),
  };
}
