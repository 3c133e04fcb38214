import { HookbridgeError } from "./errors.ts";

/**
 * Settings read from text: action inputs and environment variables. A surface describes its
 * settings as a table of fields, one per input or variable, each stating its default once, and
 * {@link parseSettings} turns the texts into one typed object or one error listing every bad value.
 * Plain functions and objects: nothing is built at import time beyond the tables themselves.
 * Hand-written rather than on zod/mini: what it buys is the cold start of both actions, which
 * read every input on every run (docs/performance.md, "Choices in the code").
 */

/** Why a value was refused. Made by {@link expected} or {@link refuse}. */
export class Refusal {
  /** What the value must be ("a whole number from 0 to 10"), or a whole predicate. */
  readonly text: string;
  /** The offending text, quoted back (cut to 40 characters); absent for a predicate. */
  readonly value: string | undefined;

  constructor(text: string, value?: string) {
    this.text = text;
    this.value = value;
  }
}

/** Refuses `value` because it is not `what` ("true or false"); the value is quoted back. */
export function expected(what: string, value: string): Refusal {
  return new Refusal(what, value);
}

/**
 * Refuses a value with a predicate that completes "The url input …" or "HOOKBRIDGE_EVENTS …",
 * quoting nothing: for values that may carry a secret (URLs, tokens, keys).
 */
export function refuse(predicate: string): Refusal {
  return new Refusal(predicate);
}

/** One input or variable. */
export interface Field<T> {
  /**
   * Text used when the value is unset or blank, exactly as `action.yml` would state it; `""`
   * lets the parser see the empty text (an empty list, say).
   */
  readonly default?: string;
  /** Whether an unset value is refused (with the predicate {@link Options.required} gives). */
  readonly required: boolean;
  /** The trimmed text, or its default, or undefined when neither is there. */
  parse(text: string | undefined): T | Refusal;
}

// biome-ignore lint/suspicious/noExplicitAny: any field, whatever it parses to
export type Fields = Readonly<Record<string, Field<any>>>;

/** The typed object a table of fields parses into, keyed by input or variable name. */
export type Values<F extends Fields> = {
  -readonly [K in keyof F]: F[K] extends Field<infer T> ? T : never;
};

/** The texts a table reads, as an environment holds them: every one may be unset. */
export type Texts<F extends Fields> = { readonly [K in keyof F]?: string };

/** Returns the text of one input or variable; undefined or `""` when unset. */
export type Reader = (name: string) => unknown;

/** How one surface words a problem, so its messages read alike. */
export interface Wording {
  /** "The max-age input", "HOOKBRIDGE_MAX_BODY". */
  subject(name: string): string;
  /** A sentence for a value that is not `what`. */
  mustBe(subject: string, what: string, value: string): string;
  /** A sentence from a predicate about the value. */
  states(subject: string, predicate: string): string;
}

/** `X must be …, not "…".` with X the variable's name: the relay's environment. */
export const VARIABLE_WORDING: Wording = {
  subject: (name) => name,
  mustBe: (subject, what, value) => `${subject} must be ${what}, not "${value}".`,
  states: (subject, predicate) => `${subject} ${predicate}.`,
};

/** `The x input must be …, not "…".`: an action's inputs. */
export const INPUT_WORDING: Wording = {
  ...VARIABLE_WORDING,
  subject: (name) => `The ${name} input`,
};

/** Collects one sentence per bad input or variable, so a user fixes everything in one round. */
export class Problems {
  readonly #sentences = new Map<string, string>();

  /** Keeps the first sentence given for `name`. */
  add(name: string, sentence: string): void {
    if (!this.#sentences.has(name)) this.#sentences.set(name, sentence);
  }

  get empty(): boolean {
    return this.#sentences.size === 0;
  }

  /** Throws one `ConfigError` with every sentence, when there is any. */
  throwIfAny(): void {
    if (this.#sentences.size > 0)
      throw new HookbridgeError("ConfigError", [...this.#sentences.values()].join(" "));
  }
}

/**
 * Reads every field of `fields` once, adding a sentence to `problems` for each bad value, and
 * returns the values that parsed. For surfaces with checks of their own that should be reported
 * together with the fields' (the relay's); others use {@link parseSettings}.
 */
export function readFields<F extends Fields>(
  fields: F,
  read: Reader,
  wording: Wording,
  problems: Problems,
): Partial<Values<F>> {
  const values: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields)) {
    const raw = read(name);
    const subject = wording.subject(name);
    // A Workers binding may be a JSON var: a number or an object, never a setting's text.
    if (raw !== undefined && typeof raw !== "string") {
      problems.add(name, wording.states(subject, "must be a string"));
      continue;
    }
    const trimmed = raw?.trim();
    const result = field.parse(trimmed ? trimmed : field.default);
    if (!(result instanceof Refusal)) values[name] = result;
    else if (result.value === undefined) problems.add(name, wording.states(subject, result.text));
    else problems.add(name, wording.mustBe(subject, result.text, result.value.slice(0, 40)));
  }
  return values as Partial<Values<F>>;
}

/**
 * Parses a table of fields into one typed object, or throws one `ConfigError` naming every bad
 * value. `check` sees the whole object, once every field parsed, to add problems that span fields.
 */
export function parseSettings<F extends Fields>(
  fields: F,
  read: Reader,
  wording: Wording = INPUT_WORDING,
  check?: (values: Values<F>, problems: Problems) => void,
): Values<F> {
  const problems = new Problems();
  const values = readFields(fields, read, wording, problems) as Values<F>;
  if (problems.empty) check?.(values, problems);
  problems.throwIfAny();
  return values;
}

/** What every kind of field takes. */
export interface Options {
  /** See {@link Field.default}. */
  readonly default?: string;
  /** Refuses an unset value with this predicate ("is required: give …"). */
  readonly required?: string;
  /** Replaces the kind's own words for what a value must be. */
  readonly expected?: string;
}

/** Unset and without a default or `required`, a field is undefined. */
export type Maybe<O extends Options, T> = O extends { default: string } | { required: string }
  ? T
  : T | undefined;

/** A field of any kind: `parse` sees the text, never undefined. */
export function custom<T, const O extends Options = Options>(
  options: O,
  parse: (text: string) => T | Refusal,
): Field<Maybe<O, T>> {
  const { required } = options;
  return {
    default: options.default,
    required: required !== undefined,
    parse: (text) => {
      if (text !== undefined) return parse(text);
      return required === undefined ? (undefined as Maybe<O, T>) : refuse(required);
    },
  } as Field<Maybe<O, T>>;
}

/** Trimmed text, unchanged; unset or blank is undefined. */
export function text<const O extends Options = Options>(
  options = {} as O,
): Field<Maybe<O, string>> {
  return custom(options, (value) => value);
}

// YAML 1.2's core schema, which `core.getBooleanInput` follows for actions: a workflow that works
// with other actions works here, and YAML 1.1's `yes`/`on` are refused rather than guessed at.
const YAML_TRUE = new Set(["true", "True", "TRUE"]);
const YAML_FALSE = new Set(["false", "False", "FALSE"]);
// Environment variables follow the shell's habits instead, in any case.
const ENV_TRUE = new Set(["1", "true", "yes", "on"]);
const ENV_FALSE = new Set(["0", "false", "no", "off"]);

/**
 * `true` or `false` as YAML 1.2 spells them (`spelling: "yaml"`, for action inputs), or also
 * `1/yes/on` and `0/no/off` in any case (`spelling: "env"`, for environment variables).
 */
export function boolean<const O extends Options & { readonly spelling?: "yaml" | "env" }>(
  options: O,
): Field<Maybe<O, boolean>> {
  const env = options.spelling === "env";
  const what = options.expected ?? (env ? "1/true/yes/on or 0/false/no/off" : "true or false");
  return custom(options, (value) => {
    const spelt = env ? value.toLowerCase() : value;
    if ((env ? ENV_TRUE : YAML_TRUE).has(spelt)) return true;
    if ((env ? ENV_FALSE : YAML_FALSE).has(spelt)) return false;
    return expected(what, value);
  });
}

/** `a or b`, or `one of a, b, c`. */
function alternatives(values: readonly string[]): string {
  return values.length === 2 ? values.join(" or ") : `one of ${values.join(", ")}`;
}

/** One of `values`, in any case; `aliases` maps other (lower-case) spellings to a value. */
export function choice<
  const T extends string,
  const O extends Options & { readonly aliases?: Readonly<Record<string, T>> },
>(values: readonly T[], options: O): Field<Maybe<O, T>> {
  const what = options.expected ?? alternatives(values);
  return custom(options, (value) => {
    const lower = value.toLowerCase();
    const found = options.aliases?.[lower] ?? values.find((item) => item === lower);
    return found ?? expected(what, value);
  });
}

interface NumberOptions extends Options {
  /** What is counted, in the plural: "seconds", "retries". */
  readonly unit?: string;
  readonly max?: number;
}

const of = (unit: string | undefined) => (unit ? ` of ${unit}` : "");

/** A whole number from `min` (to `max`). */
export function wholeNumber<const O extends NumberOptions & { readonly min: number }>(
  options: O,
): Field<Maybe<O, number>> {
  const { min, max = Number.MAX_SAFE_INTEGER } = options;
  const range = options.max === undefined ? `, at least ${min}` : ` from ${min} to ${max}`;
  const what = options.expected ?? `a whole number${of(options.unit)}${range}`;
  return custom(options, (value) => {
    const number = Number(value);
    return Number.isInteger(number) && number >= min && number <= max
      ? number
      : expected(what, value);
  });
}

/** A number, fractions allowed, above `above` (and at most `max`). */
export function number<const O extends NumberOptions & { readonly above: number }>(
  options: O,
): Field<Maybe<O, number>> {
  const { above, max = Number.POSITIVE_INFINITY } = options;
  const what =
    options.expected ??
    (above === 0 && options.max === undefined
      ? `a positive number${of(options.unit)}`
      : `a number${of(options.unit)} above ${above}${options.max === undefined ? "" : ` and at most ${max}`}`);
  return custom(options, (value) => {
    const number = Number(value);
    return Number.isFinite(number) && number > above && number <= max
      ? number
      : expected(what, value);
  });
}

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Seconds, at least one, from `90`, `90s`, `30m`, `1.5h`, `24h` or `7d` (units in any case). */
export function duration<const O extends Options & { readonly zero?: boolean }>(
  options: O,
): Field<Maybe<O, number>> {
  const what =
    options.expected ??
    (options.zero
      ? "0 (off) or a duration of at least one second such as 5s, 30s or 2m"
      : "a duration of at least one second such as 90s, 30m, 24h or 7d");
  return custom(options, (value) => {
    const match = /^(\d+(?:\.\d+)?)\s*([smhd]?)$/i.exec(value);
    const seconds = match
      ? Number(match[1]) * (UNIT_SECONDS[(match[2] || "s").toLowerCase()] ?? 1)
      : Number.NaN;
    if (options.zero && seconds === 0) return 0;
    return seconds >= 1 ? seconds : expected(what, value);
  });
}

/** The items of a list: split at commas and line breaks (or `separator`), trimmed, none empty. */
export function itemsOf(value: string, separator: RegExp = /[,\n]/): string[] {
  return value
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/**
 * Items separated by commas or line breaks (or `separator`), trimmed, empty ones dropped, each
 * checked by `item`; `unique` drops repeats.
 */
export function list<
  T = string,
  const O extends Options & {
    readonly separator?: RegExp;
    readonly unique?: boolean;
  } = Options,
>(options: O, item?: (text: string) => T | Refusal): Field<Maybe<O, T[]>> {
  return custom(options, (value) => {
    const items: T[] = [];
    for (const entry of itemsOf(value, options.separator)) {
      const parsed = item ? item(entry) : (entry as T);
      if (parsed instanceof Refusal) return parsed;
      if (!options.unique || !items.includes(parsed)) items.push(parsed);
    }
    return items;
  });
}

/** An absolute `http:` or `https:` URL with a host, or undefined. */
export function httpUrl(value: string): URL | undefined {
  const url = URL.parse(value);
  return url && (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== ""
    ? url
    : undefined;
}

/** One absolute http(s) URL. Never quoted back: URLs carry tokens in their path or query. */
export function url<const O extends Options>(options: O): Field<Maybe<O, URL>> {
  const predicate = `must be ${options.expected ?? "an absolute http:// or https:// URL"}`;
  return custom(options, (value) => httpUrl(value) ?? refuse(predicate));
}
