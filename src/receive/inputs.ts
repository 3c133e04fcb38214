import {
  boolean,
  choice,
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

/** Conditions `fail-on` can name; `never` is the empty set. */
export const FAIL_ON_CONDITIONS = [
  "analysis-failure",
  "issues-introduced",
  "metric-failing",
] as const;
export type FailOnCondition = (typeof FAIL_ON_CONDITIONS)[number];

export const ISSUE_SYNC_MODES = ["off", "deepsource"] as const;
export type IssueSyncMode = (typeof ISSUE_SYNC_MODES)[number];

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
  /** When to fail the step after reacting; empty means never. */
  readonly failOn: ReadonlySet<FailOnCondition>;
  /** One check run per analyzer on the analysed commit, and one per introduced issue. */
  readonly checkRuns: boolean;
  /** One commit status per analyzer: the fallback when check runs are not wanted. */
  readonly commitStatus: boolean;
  /** Line annotations for introduced issues, on each issue's check run (so `checkRuns` too). */
  readonly annotations: boolean;
  /** The sticky autofix comment (and `autofix` label) on the pull request. */
  readonly autofixComment: boolean;
  /** Mirror DeepSource issues as GitHub issues. */
  readonly issueSync: IssueSyncMode;
  /** Labels added to everything hookbridge labels. */
  readonly labels: readonly string[];
  /** Write the job summary. */
  readonly summary: boolean;
  /** Tell the relay, when its envelope asks, which run handled the event and what it did. */
  readonly report: boolean;
  /**
   * The repository whose DeepSource events this workflow acts on, as DeepSource names it
   * (`owner/name`); undefined means the workflow's own repository.
   */
  readonly repository: string | undefined;
}

/** Returns the raw value of one input, `""` when unset (the contract of `core.getInput`). */
export type InputReader = (name: string) => string;

// "The max-age input is invalid: expected …, got "…"." — the wording the action has always used.
const WORDING: Wording = {
  subject: INPUT_WORDING.subject,
  mustBe: (subject, what, value) => `${subject} is invalid: expected ${what}, got "${value}".`,
  states: (subject, predicate) => `${subject} is invalid: ${predicate}.`,
};

/** Every input `action.yml` declares, each with the default it states there. */
export const RECEIVE_INPUTS = {
  secret: custom({ default: "" }, parseSecrets),
  "allow-unsigned": boolean({ default: "false" }),
  // action.yml's default is `${{ github.token }}`, which only the runner can fill in.
  "github-token": text({ default: "" }),
  payload: text(),
  "max-age": duration({
    default: "3600",
    expected: "a positive number of seconds (or with s, m, h, d)",
  }),
  "fail-on": custom({ default: "analysis-failure" }, (value) => {
    const conditions = new Set<FailOnCondition>();
    const items = itemsOf(value);
    if (items.length === 1 && items[0] === "never") return conditions;
    for (const item of items) {
      if (!(FAIL_ON_CONDITIONS as readonly string[]).includes(item)) {
        return expected(
          `a comma-separated list of ${FAIL_ON_CONDITIONS.join(", ")}, or never alone`,
          item,
        );
      }
      conditions.add(item as FailOnCondition);
    }
    return conditions;
  }),
  "check-runs": boolean({ default: "true" }),
  "commit-status": boolean({ default: "false" }),
  annotations: boolean({ default: "true" }),
  "autofix-comment": boolean({ default: "true" }),
  "issue-sync": choice(ISSUE_SYNC_MODES, { default: "off" }),
  labels: list({ default: "", unique: true }, (label) =>
    // GitHub refuses label names longer than 50 characters.
    label.length > 50
      ? refuse(`a label name is at most 50 characters, got "${label.slice(0, 40)}"`)
      : label,
  ),
  summary: boolean({ default: "true" }),
  report: boolean({ default: "true" }),
  // Owner and name, as in a repository URL's path (GitLab subgroups add more segments).
  repository: custom({}, (value) => {
    const path = value.replace(/^\/+|\/+$/g, "");
    if (path.length === 0) return undefined;
    return /^[\w.-]+(?:\/[\w.-]+)+$/.test(path)
      ? path
      : expected("owner/name as in the repository's URL", value);
  }),
};

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
        "The secret input is empty: pass the webhook secret the relay verifies with (from a repository secret, such as secrets.DEEPSOURCE_WEBHOOK_SECRET), or set allow-unsigned: true if the provider does not sign.",
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
    checkRuns: value["check-runs"],
    commitStatus: value["commit-status"],
    annotations: value.annotations,
    autofixComment: value["autofix-comment"],
    issueSync: value["issue-sync"],
    labels: value.labels,
    summary: value.summary,
    report: value.report,
    repository: value.repository,
  };
}
