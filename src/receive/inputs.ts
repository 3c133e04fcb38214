import { FAIL_ON, PROVIDER_REACTION_INPUTS, type ProviderSettings } from "../core/providers.ts";
import {
  boolean,
  custom,
  duration,
  expected,
  INPUT_WORDING,
  itemsOf,
  list,
  parseSettings,
  refuse,
  text,
  type Wording,
} from "../core/settings.ts";
import { parseSecrets } from "../core/signatures/index.ts";

/** Everything the action was asked to do, read and checked once; nothing else reads inputs. */
export interface Settings {
  /** Secrets the signature may match; several at once let a secret be rotated without downtime. */
  readonly secrets: readonly string[];
  /** Run without a secret (the provider does not sign). A secret, when given, is still enforced. */
  readonly allowUnsigned: boolean;
  /** Token for the GitHub API; empty only when the workflow passed an empty value. */
  readonly githubToken: string;
  /** An envelope given directly, instead of the `repository_dispatch` event's `client_payload`. */
  readonly payload: string | undefined;
  /** Oldest accepted `received_at` (and provider timestamp), in seconds. */
  readonly maxAgeSeconds: number;
  /** When to fail the step after reacting: conditions providers' events meet; empty means never. */
  readonly failOn: ReadonlySet<string>;
  /** Labels added to everything hookbridge labels. */
  readonly labels: readonly string[];
  /** Write the job summary. */
  readonly summary: boolean;
  /** Tell the relay, when its envelope asks, which run handled the event and what it did. */
  readonly report: boolean;
  /**
   * The inputs providers declare for their own reactions (their descriptors' `reactionInputs`),
   * parsed, by input name: each provider's reactions read their own.
   */
  readonly reactionInputs: ProviderSettings;
}

/** Returns the raw value of one input, `""` when unset (the contract of `core.getInput`). */
export type InputReader = (name: string) => string;

// "The max-age input is invalid: expected …, got "…"." — the wording the action has always used.
const WORDING: Wording = {
  subject: INPUT_WORDING.subject,
  mustBe: (subject, what, value) => `${subject} is invalid: expected ${what}, got "${value}".`,
  states: (subject, predicate) => `${subject} is invalid: ${predicate}.`,
};

/** The inputs the action reads for itself, each with the default `action.yml` states. */
export const GENERIC_INPUTS = {
  secret: custom({ default: "" }, parseSecrets),
  "allow-unsigned": boolean({ default: "false" }),
  // action.yml's default is `${{ github.token }}`, which only the runner can fill in.
  "github-token": text({ default: "" }),
  payload: text(),
  "max-age": duration({
    default: "3600",
    expected: "a positive number of seconds (or with s, m, h, d)",
  }),
  "fail-on": custom({ default: FAIL_ON.byDefault.join(",") }, (value) => {
    const conditions = new Set<string>();
    const items = itemsOf(value);
    if (items.length === 1 && items[0] === "never") return conditions;
    for (const item of items) {
      if (!FAIL_ON.conditions.includes(item)) {
        return expected(
          `a comma-separated list of ${FAIL_ON.conditions.join(", ")}, or never alone`,
          item,
        );
      }
      conditions.add(item);
    }
    return conditions;
  }),
  labels: list({ default: "", unique: true }, (label) =>
    // GitHub refuses label names longer than 50 characters.
    label.length > 50
      ? refuse(`a label name is at most 50 characters, got "${label.slice(0, 40)}"`)
      : label,
  ),
  summary: boolean({ default: "true" }),
  report: boolean({ default: "true" }),
};

/** Every input `action.yml` declares: the action's own and each provider's, from its descriptor. */
export const RECEIVE_INPUTS = { ...GENERIC_INPUTS, ...PROVIDER_REACTION_INPUTS };

/**
 * Reads every input once and returns the settings, or throws a `ConfigError` naming each bad
 * input, what it expects, and what it got (never for `secret` or `github-token`, which are not
 * echoed).
 */
export function readSettings(read: InputReader): Settings {
  const value = parseSettings(RECEIVE_INPUTS, read, WORDING, (value, problems) => {
    // Refusing to start without a secret is what keeps a forged dispatch from being acted on.
    if (value.secret.length === 0 && !value["allow-unsigned"]) {
      problems.add(
        "secret",
        "The secret input is empty: pass the webhook secret the relay verifies with (from a repository secret, such as secrets.WEBHOOK_SECRET), or set allow-unsigned: true if the provider does not sign.",
      );
    }
  });
  return {
    secrets: value.secret,
    allowUnsigned: value["allow-unsigned"],
    githubToken: value["github-token"],
    payload: value.payload,
    maxAgeSeconds: value["max-age"],
    failOn: value["fail-on"],
    labels: value.labels,
    summary: value.summary,
    report: value.report,
    reactionInputs: Object.fromEntries(
      Object.keys(PROVIDER_REACTION_INPUTS).map((name) => [
        name,
        value[name as keyof typeof value],
      ]),
    ),
  };
}
