import type * as z from "zod/mini";
import { describeZodError } from "./format.ts";

export * from "./deepsource.ts";
export * from "./dejacode.ts";
export * from "./deveo.ts";
export * from "./devrev.ts";
export { describeZodError } from "./format.ts";
export * from "./github.ts";
export * from "./standard.ts";

export type ParseResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly message: string };

export interface ProviderSchemas {
  readonly envelope: z.ZodMiniType;
  readonly events: Readonly<Record<string, z.ZodMiniType>>;
  /** Undefined for GitHub, whose event name travels in the `x-github-event` header. */
  readonly eventName?: (body: unknown) => string | undefined;
}

/** The schema `parseEvent` uses: the event's own, or the provider's envelope for other events. */
export function schemaFor(schemas: ProviderSchemas, eventName: string | undefined): z.ZodMiniType {
  const { envelope, events } = schemas;
  // `hasOwn` keeps names such as "constructor" or "__proto__" from resolving to prototype members.
  const own = eventName !== undefined && Object.hasOwn(events, eventName);
  return own ? (events[eventName] ?? envelope) : envelope;
}

/**
 * Validates a parsed body against the schema for `eventName`; events without a schema of their
 * own are checked against the provider's envelope only. Never throws.
 */
export function parseWith(
  schemas: ProviderSchemas,
  eventName: string | undefined,
  body: unknown,
): ParseResult {
  try {
    const result = schemaFor(schemas, eventName).safeParse(body, { reportInput: true });
    return result.success
      ? { ok: true, value: result.data }
      : { ok: false, message: describeZodError(result.error) };
  } catch (error) {
    // Only a hostile value (a throwing getter, say) gets here; JSON.parse output never does.
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ");
    return { ok: false, message: `payload: could not be validated (${reason})` };
  }
}
