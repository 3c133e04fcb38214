import * as z from "zod/mini";
import { HookbridgeError } from "../core/errors.ts";
import { addIssue, stringInput } from "../core/schemas/common.ts";
import { parseSecrets } from "../core/signatures/index.ts";
import { DEFAULTS, INPUT } from "./constants.ts";

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
  /**
   * The repository whose DeepSource events this workflow acts on, as DeepSource names it
   * (`owner/name`); undefined means the workflow's own repository.
   */
  readonly repository: string | undefined;
}

/** Returns the raw value of one input, `""` when unset (the contract of `core.getInput`). */
export type InputReader = (name: string) => string;

const TRUE = ["true", "True", "TRUE"];
const FALSE = ["false", "False", "FALSE"];

// The same spellings `core.getBooleanInput` accepts (YAML 1.2 core schema), so a workflow that
// works with other actions works here.
const booleanInput = stringInput((value, ctx) => {
  if (TRUE.includes(value)) return true;
  if (FALSE.includes(value)) return false;
  addIssue(ctx, `expected true or false, got "${value}"`);
  return z.NEVER;
});

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

const durationInput = stringInput((value, ctx) => {
  const match = /^(\d{1,9})\s*([smhd]?)$/.exec(value);
  const seconds = match ? Number(match[1]) * (UNIT_SECONDS[match[2] || "s"] ?? 1) : 0;
  if (seconds < 1) {
    addIssue(ctx, `expected a positive number of seconds (or with s, m, h, d), got "${value}"`);
    return z.NEVER;
  }
  return seconds;
});

const listOf = (value: string): string[] =>
  value
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

const failOnInput = stringInput((value, ctx) => {
  const items = listOf(value);
  if (items.length === 1 && items[0] === "never") return new Set<FailOnCondition>();
  const conditions = new Set<FailOnCondition>();
  for (const item of items) {
    if (!(FAIL_ON_CONDITIONS as readonly string[]).includes(item)) {
      addIssue(
        ctx,
        `expected a comma-separated list of ${FAIL_ON_CONDITIONS.join(", ")}, or never alone, got "${item}"`,
      );
      return z.NEVER;
    }
    conditions.add(item as FailOnCondition);
  }
  return conditions;
});

const issueSyncInput = stringInput((value, ctx) => {
  if ((ISSUE_SYNC_MODES as readonly string[]).includes(value)) return value as IssueSyncMode;
  addIssue(ctx, `expected ${ISSUE_SYNC_MODES.join(" or ")}, got "${value}"`);
  return z.NEVER;
});

const labelsInput = stringInput((value, ctx) => {
  const labels = listOf(value);
  // GitHub refuses label names longer than 50 characters.
  const long = labels.find((label) => label.length > 50);
  if (long !== undefined) {
    addIssue(ctx, `a label name is at most 50 characters, got "${long}"`);
    return z.NEVER;
  }
  return [...new Set(labels)];
});

// Owner and name, as in a repository URL's path (GitLab subgroups add more segments).
const repositoryInput = stringInput((value, ctx) => {
  const path = value.replace(/^\/+|\/+$/g, "");
  if (path.length === 0) return undefined;
  if (!/^[\w.-]+(?:\/[\w.-]+)+$/.test(path)) {
    addIssue(ctx, `expected owner/name as in the repository's URL, got "${value}"`);
    return z.NEVER;
  }
  return path;
});

const settingsSchema = z.object({
  [INPUT.secret]: stringInput(parseSecrets),
  [INPUT.allowUnsigned]: booleanInput,
  [INPUT.githubToken]: z.string(),
  [INPUT.payload]: stringInput((value) => (value.length > 0 ? value : undefined)),
  [INPUT.maxAge]: durationInput,
  [INPUT.failOn]: failOnInput,
  [INPUT.checkRuns]: booleanInput,
  [INPUT.commitStatus]: booleanInput,
  [INPUT.annotations]: booleanInput,
  [INPUT.autofixComment]: booleanInput,
  [INPUT.issueSync]: issueSyncInput,
  [INPUT.labels]: labelsInput,
  [INPUT.summary]: booleanInput,
  [INPUT.repository]: repositoryInput,
});

/**
 * Reads every input once and returns the settings, or throws a `ConfigError` naming the input,
 * what it expects, and what it got (never for `secret` or `github-token`, which are not echoed).
 */
export function readSettings(read: InputReader): Settings {
  const raw: Record<string, string> = {};
  for (const name of Object.values(INPUT)) {
    const value = read(name).trim();
    raw[name] = value.length > 0 ? value : ((DEFAULTS as Record<string, string>)[name] ?? "");
  }
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? "");
    throw new HookbridgeError(
      "ConfigError",
      `The ${name} input is invalid: ${issue?.message ?? "unreadable"}.`,
    );
  }
  const value = parsed.data;
  const settings: Settings = {
    secrets: value[INPUT.secret],
    allowUnsigned: value[INPUT.allowUnsigned],
    githubToken: value[INPUT.githubToken],
    payload: value[INPUT.payload],
    maxAgeSeconds: value[INPUT.maxAge],
    failOn: value[INPUT.failOn],
    checkRuns: value[INPUT.checkRuns],
    commitStatus: value[INPUT.commitStatus],
    annotations: value[INPUT.annotations],
    autofixComment: value[INPUT.autofixComment],
    issueSync: value[INPUT.issueSync],
    labels: value[INPUT.labels],
    summary: value[INPUT.summary],
    repository: value[INPUT.repository],
  };
  // Refusing to start without a secret is what keeps a forged dispatch from being acted on.
  if (settings.secrets.length === 0 && !settings.allowUnsigned) {
    throw new HookbridgeError(
      "ConfigError",
      "The secret input is empty: pass the webhook secret the relay verifies with (from a repository secret, such as secrets.DEEPSOURCE_WEBHOOK_SECRET), or set allow-unsigned: true if the provider does not sign.",
    );
  }
  return settings;
}
