/** Input names exactly as declared in `action.yml`. */
export const INPUT = {
  secret: "secret",
  allowUnsigned: "allow-unsigned",
  githubToken: "github-token",
  payload: "payload",
  maxAge: "max-age",
  failOn: "fail-on",
  checkRuns: "check-runs",
  commitStatus: "commit-status",
  annotations: "annotations",
  autofixComment: "autofix-comment",
  issueSync: "issue-sync",
  labels: "labels",
  summary: "summary",
  repository: "repository",
} as const;

/**
 * Defaults used when an input is empty. The runner fills in `action.yml`'s defaults, but the
 * action may also run where nothing did (a local run), so the same values live here too.
 */
export const DEFAULTS = {
  [INPUT.allowUnsigned]: "false",
  [INPUT.maxAge]: "3600",
  [INPUT.failOn]: "analysis-failure",
  [INPUT.checkRuns]: "true",
  [INPUT.commitStatus]: "false",
  [INPUT.annotations]: "true",
  [INPUT.autofixComment]: "true",
  [INPUT.issueSync]: "off",
  [INPUT.summary]: "true",
} as const satisfies Partial<Record<(typeof INPUT)[keyof typeof INPUT], string>>;

/** Output names exactly as declared in `action.yml`. */
export const OUTPUT = {
  provider: "provider",
  event: "event",
  id: "id",
  object: "object",
  repository: "repository",
  branch: "branch",
  commit: "commit",
  pullRequest: "pull-request",
  status: "status",
  introduced: "introduced",
  resolved: "resolved",
  autofixPullRequest: "autofix-pull-request",
  ref: "ref",
  before: "before",
  after: "after",
  commitCount: "commit-count",
  pusher: "pusher",
  extra: "extra",
} as const;

export type OutputName = (typeof OUTPUT)[keyof typeof OUTPUT];
