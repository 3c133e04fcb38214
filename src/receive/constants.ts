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
  events: "events",
} as const;

export type OutputName = (typeof OUTPUT)[keyof typeof OUTPUT];
