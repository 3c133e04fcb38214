import * as z from "zod/mini";

/**
 * The documented values of every {@link openEnum}, by schema: what a reader of the schemas (the
 * contract corpus in test/fixtures/contract/) needs to tell an enumeration from free text.
 */
export const openEnumValues = z.registry<{ readonly known: readonly string[] }>();

/**
 * A vendor-defined string whose documented values are listed in `known`. Any other string still
 * parses: vendors add statuses without notice, and rejecting a genuine delivery over a new value
 * would turn it into a 400 the sender retries or drops. The type keeps editor completion for the
 * documented values, which a `z.union([z.enum(known), z.string()])` would collapse to `string`.
 */
export function openEnum<const T extends readonly [string, ...string[]]>(
  known: T,
): z.ZodMiniType<T[number] | (string & {}), string> {
  const schema = z.string();
  openEnumValues.add(schema, { known });
  return schema;
}

/**
 * RFC 3339 date-time with up to nine fractional digits. Kept as text: `Date` would drop the
 * nanoseconds that DevRev sends and that ordering checks may compare.
 */
export const RFC3339 =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d{1,9})?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/**
 * A value built on first use and kept. Building a zod schema builds an object per field, each
 * with methods of its own; a run validates one event, so the schemas of the others are built
 * only when one of them arrives (the receive action's cold start pays only for what it parses).
 */
export function lazy<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => {
    built ??= build();
    return built;
  };
}

/** A loose object schema built on first use, from a shape that may name other lazy schemas. */
export function lazyObject<S extends z.core.$ZodLooseShape>(shape: () => S) {
  return lazy(() => z.looseObject(shape()));
}

/** What a schema built on first use ({@link lazy}) accepts. */
export type Built<F extends () => z.ZodMiniType> = z.infer<ReturnType<F>>;

/**
 * A record whose values are each built on first read (see {@link lazy}): own, enumerable
 * properties like a plain object's, so `Object.keys` and `Object.hasOwn` see every name.
 */
export function lazyRecord<T extends Record<string, () => unknown>>(
  builders: T,
): { readonly [K in keyof T]: ReturnType<T[K]> } {
  const record = {};
  for (const [name, build] of Object.entries(builders))
    Object.defineProperty(record, name, { get: lazy(build), enumerable: true });
  return record as { readonly [K in keyof T]: ReturnType<T[K]> };
}

const ISO_8601 = /^\d{4}-\d\d-\d\d(?:[Tt ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?)?(?:[Zz]|[+-]\d\d:?\d\d)?$/;

/**
 * A time as Unix seconds: a number, digits in a string, or an ISO 8601 date-time (`Date.parse`
 * reads up to milliseconds, so finer digits are dropped first); undefined for anything else.
 */
export function unixSeconds(value: number | string): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (/^\d{1,12}$/.test(value)) return Number(value);
  if (!ISO_8601.test(value)) return undefined;
  const ms = Date.parse(value.replace(/(\.\d{3})\d+/, "$1"));
  return Number.isFinite(ms) ? ms / 1000 : undefined;
}

export const rfc3339 = () =>
  z
    .string()
    .check(z.regex(RFC3339, { error: "expected an RFC 3339 timestamp (up to nanoseconds)" }));

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A provider's event schemas, by event name. */
export type EventSchemas = Readonly<Record<string, z.ZodMiniType>>;

/** The parsed body of the event `N` of a provider whose event schemas are `Events`. */
export type EventOf<Events extends EventSchemas, N extends keyof Events> = z.infer<Events[N]>;

/** The event name of providers that put it in the body's top-level `type` field. */
export function typeField(body: unknown): string | undefined {
  return stringField(body, "type");
}

/** A string property of a parsed body, or undefined when it is absent, empty or not a string. */
export function stringField(value: unknown, key: string): string | undefined {
  if (!isRecord(value) || !Object.hasOwn(value, key)) return undefined;
  const field = value[key];
  return typeof field === "string" && field.length > 0 ? field : undefined;
}
