import type * as z from "zod/mini";
import { deepsourceEnvelope, deepsourceEventName, deepsourceEvents } from "./deepsource.ts";
import { dejacodeEnvelope, dejacodeEventName, dejacodeEvents } from "./dejacode.ts";
import { deveoEnvelope, deveoEventName, deveoEvents } from "./deveo.ts";
import { devrevEnvelope, devrevEventName, devrevEvents } from "./devrev.ts";
import { describeZodError } from "./format.ts";
import { githubEnvelope, githubEvents } from "./github.ts";
import { standardEnvelope, standardEventName, standardEvents } from "./standard.ts";

export * from "./deepsource.ts";
export * from "./dejacode.ts";
export * from "./deveo.ts";
export * from "./devrev.ts";
export { describeZodError } from "./format.ts";
export * from "./github.ts";
export * from "./standard.ts";

export const SCHEMA_PROVIDERS = [
  "deepsource",
  "devrev",
  "dejacode",
  "deveo",
  "github",
  "standard",
] as const;
export type SchemaProvider = (typeof SCHEMA_PROVIDERS)[number];

export type ParseResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly message: string };

interface ProviderSchemas {
  readonly envelope: z.ZodMiniType;
  readonly events: Readonly<Record<string, z.ZodMiniType>>;
  /** Undefined for GitHub, whose event name travels in the `x-github-event` header. */
  readonly eventName?: (body: unknown) => string | undefined;
}

const SCHEMAS: Record<SchemaProvider, ProviderSchemas> = {
  deepsource: {
    envelope: deepsourceEnvelope,
    events: deepsourceEvents,
    eventName: deepsourceEventName,
  },
  devrev: { envelope: devrevEnvelope, events: devrevEvents, eventName: devrevEventName },
  dejacode: { envelope: dejacodeEnvelope, events: dejacodeEvents, eventName: dejacodeEventName },
  deveo: { envelope: deveoEnvelope, events: deveoEvents, eventName: deveoEventName },
  github: { envelope: githubEnvelope, events: githubEvents },
  standard: { envelope: standardEnvelope, events: standardEvents, eventName: standardEventName },
};

/** The event name a provider's body carries, or undefined when it names none (GitHub: header). */
export function eventNameFor(provider: SchemaProvider, body: unknown): string | undefined {
  return SCHEMAS[provider].eventName?.(body);
}

/** The schema `parseEvent` uses: the event's own, or the provider's envelope for other events. */
export function schemaFor(provider: SchemaProvider, eventName: string | undefined): z.ZodMiniType {
  const { envelope, events } = SCHEMAS[provider];
  // `hasOwn` keeps names such as "constructor" or "__proto__" from resolving to prototype members.
  const own = eventName !== undefined && Object.hasOwn(events, eventName);
  return own ? (events[eventName] ?? envelope) : envelope;
}

/**
 * Validates a parsed body against the schema for `eventName`; events without a schema of their
 * own are checked against the provider's envelope only. Never throws.
 */
export function parseEvent(
  provider: SchemaProvider,
  eventName: string | undefined,
  body: unknown,
): ParseResult {
  try {
    const result = schemaFor(provider, eventName).safeParse(body, { reportInput: true });
    return result.success
      ? { ok: true, value: result.data }
      : { ok: false, message: describeZodError(result.error) };
  } catch (error) {
    // Only a hostile value (a throwing getter, say) gets here; JSON.parse output never does.
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ");
    return { ok: false, message: `payload: could not be validated (${reason})` };
  }
}
