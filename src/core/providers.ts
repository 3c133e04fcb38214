import { deepsource } from "./providers/deepsource.ts";
import { dejacode } from "./providers/dejacode.ts";
import type { FailOnConditions, ProviderDescriptor } from "./providers/descriptor.ts";
import { deveo } from "./providers/deveo.ts";
import { devrev } from "./providers/devrev.ts";
import { github } from "./providers/github.ts";
import { standard } from "./providers/standard.ts";
import { type ParseResult, parseWith } from "./schemas/index.ts";
import type { SchemeOptions, SignatureScheme } from "./signatures/index.ts";

export { type BodyFormat, bodyFormat } from "./body-format.ts";
export {
  type FailOnConditions,
  type IdentifiedEvent,
  type NamedRepository,
  type ProviderRequest,
  type ProviderSettings,
  parseBody,
  parseRfc3339,
  requireFormat,
  type SchemaCheck,
  secretsProblem,
} from "./providers/descriptor.ts";

/**
 * The registry: one descriptor per provider, each in its own file under `providers/`, listed once
 * here. Every list and switch over providers elsewhere (routes, settings, CLI help, reactions, the
 * relay's queue rules) is derived from it; adding a provider is a descriptor file, a line here,
 * and a folder of reactions.
 */
const DESCRIPTORS = [deepsource, devrev, dejacode, deveo, github, standard] as const;

export type ProviderName = (typeof DESCRIPTORS)[number]["name"];
export type Provider = ProviderDescriptor<ProviderName>;

/** The providers' names, in the registry's order (the order help texts and pages list them in). */
export const PROVIDER_NAMES: readonly ProviderName[] = DESCRIPTORS.map((provider) => provider.name);

export function isProviderName(value: string): value is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(value);
}

export const PROVIDERS: Readonly<Record<ProviderName, Provider>> = Object.fromEntries(
  DESCRIPTORS.map((provider) => [provider.name, provider]),
) as Record<ProviderName, Provider>;

type Intersection<U> = (U extends unknown ? (value: U) => void : never) extends (
  value: infer I,
) => void
  ? I
  : never;

/**
 * Every provider's own relay settings in one table (each descriptor's `relaySettings`), for the
 * relay to parse beside its generic ones and to type the Worker's `Env`.
 */
export const PROVIDER_RELAY_SETTINGS = Object.assign(
  {},
  ...DESCRIPTORS.map((provider) => provider.relaySettings),
) as Intersection<(typeof DESCRIPTORS)[number]["relaySettings"]>;

/**
 * Every provider's own receive action inputs in one table (each descriptor's `reactionInputs`),
 * for the action to read beside its generic ones, and `action.yml` to be checked against.
 */
export const PROVIDER_REACTION_INPUTS = Object.assign(
  {},
  ...DESCRIPTORS.map((provider) => provider.reactionInputs),
) as Intersection<(typeof DESCRIPTORS)[number]["reactionInputs"]>;

/** What `fail-on` may name: every provider's conditions, in the registry's order. */
export const FAIL_ON: FailOnConditions = {
  conditions: DESCRIPTORS.flatMap((provider) => provider.failOn?.conditions ?? []),
  byDefault: DESCRIPTORS.flatMap((provider) => provider.failOn?.byDefault ?? []),
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
