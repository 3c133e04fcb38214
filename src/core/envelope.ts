import * as z from "zod/mini";
import { exactUtf8, fromBase64, toBase64, utf8 } from "./bytes.ts";
import { HookbridgeError } from "./errors.ts";
import { gunzip, gzip } from "./gzip.ts";
import { type Built, lazy } from "./schemas/common.ts";
import { describeZodError } from "./schemas/format.ts";

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

/**
 * The envelope's shape, as the receive action reads it before anything in it is trusted: the id
 * and the reply reach logs, where a line break could forge a workflow command, so they are kept
 * to printable ASCII. Unknown fields are dropped; zod's record leaves a `__proto__` header out.
 * Built on first use, and marked pure so that a bundle that only encodes (the relay's Worker)
 * leaves it out. A schema is immutable, so one instance serves every field of its kind.
 */
const clientPayloadSchema = /* @__PURE__ */ lazy(() => {
  const name = z.string().check(z.minLength(1));
  const printable = z
    .string()
    .check(z.regex(DELIVERY_ID, "expected 1 to 200 printable ASCII characters"));
  const text = z.optional(z.string());
  return z
    .object({
      provider: name,
      event: name,
      id: printable,
      received_at: z.iso.datetime({ offset: true }),
      headers: z.record(z.string(), z.string()),
      body: text,
      body_gzip: text,
      repository: z.optional(z.string().check(z.regex(ROUTED_REPOSITORY, "expected owner/repo"))),
      reply: z.optional(
        z.object({
          // Checked as it was signed: zod's `z.url()` would normalise it (dropping a line break).
          url: z.string().check(
            z.regex(REPLY_URL, "expected an http(s) URL"),
            z.refine((url) => URL.canParse(url), "expected an http(s) URL"),
          ),
          delivery: printable,
        }),
      ),
    })
    .check(
      z.refine((payload) => (payload.body === undefined) !== (payload.body_gzip === undefined), {
        message: "exactly one of body and body_gzip must be present",
      }),
    );
});

/** The relay's envelope, as it travels in a `repository_dispatch` event's `client_payload`. */
export type ClientPayload = Built<typeof clientPayloadSchema>;

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
 * Builds the `repository_dispatch` request for a verified event. The body travels as text when it
 * fits, otherwise gzipped and base64-encoded, so the receiver always gets the exact bytes.
 */
export async function encodeDispatch(event: RelayedEvent): Promise<DispatchRequest> {
  return (await encodeDispatchJson(event)).request;
}

/** {@link encodeDispatch}, also returning the request's JSON and its size in bytes. */
export async function encodeDispatchJson(event: RelayedEvent): Promise<EncodedDispatch> {
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

/**
 * The refusal of a `client_payload` that is not what a relay sends; `detail` names the part, as
 * `describeZodError` does: "payload: …" the client_payload itself, "id: …" one of its fields.
 */
export function notFromRelay(detail: string): HookbridgeError {
  const problem = detail.startsWith("payload:")
    ? `client_payload${detail.slice("payload".length)}`
    : `client_payload.${detail}`;
  return new HookbridgeError(
    "InvalidPayload",
    `${problem} (is this event from a hookbridge relay?).`,
  );
}

/** `payload` read with `schema`, or the refusal naming its first problem. */
export function parseEnvelope<T>(schema: z.ZodMiniType<T>, payload: unknown): T {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw notFromRelay(describeZodError(parsed.error));
  return parsed.data;
}

/** Reads a `client_payload` back into the relayed event, undoing compression. */
export async function decodeDispatch(payload: unknown): Promise<RelayedEvent> {
  const value = parseEnvelope(clientPayloadSchema(), payload);
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
