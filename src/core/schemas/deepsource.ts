import * as z from "zod/mini";
import { type EventOf, type EventSchemas, openEnum, typeField } from "./common.ts";

// Field names follow DeepSource's published sample payloads exactly. Enumerations list the values
// DeepSource documents; `openEnum` lets values added later through (see common.ts for why).

const timestamp = () => z.number();

const VcsProvider = openEnum(["GITHUB", "GITLAB", "BITBUCKET", "ADS", "GSR"]);

const RunStatus = openEnum([
  "PENDING",
  "SUCCESS",
  "FAILURE",
  "TIMEOUT",
  "CANCEL",
  "READY",
  "SKIPPED",
]);

const CheckStatus = openEnum([
  "WAITING",
  "PENDING",
  "SUCCESS",
  "FAILURE",
  "TIMEOUT",
  "CANCEL",
  "READY",
  "NEUTRAL",
  "ARTIFACT_TIMEOUT",
  "SKIPPED",
]);

const IssueCategory = openEnum([
  "ANTI_PATTERN",
  "BUG_RISK",
  "PERFORMANCE",
  "SECURITY",
  "COVERAGE",
  "TYPECHECK",
  "STYLE",
  "DOCUMENTATION",
]);

const TeamRole = openEnum(["ADMIN", "MEMBER", "CONTRIBUTOR"]);

/** A DeepSource API object with an id: its `object` field names its kind. */
function identified<const O extends string, S extends z.core.$ZodLooseShape>(object: O, shape: S) {
  return z.looseObject({ id: z.string(), object: z.literal(object), ...shape });
}

export const Account = identified("Account", {
  login: z.string(),
  vcsProvider: VcsProvider,
  type: openEnum(["TEAM", "INDIVIDUAL"]),
  avatarUrl: z.string(),
  vcsUrl: z.string(),
});
export type Account = z.infer<typeof Account>;

export const Repository = identified("Repository", {
  name: z.string(),
  vcsProvider: VcsProvider,
  vcsUrl: z.string(),
  defaultBranch: z.string(),
  latestCommitOid: z.string(),
  isPrivate: z.boolean(),
  isActivated: z.boolean(),
  account: Account,
});
export type Repository = z.infer<typeof Repository>;

export const Analyzer = identified("Analyzer", {
  shortcode: z.string(),
  name: z.string(),
  logoUrl: z.string(),
});
export type Analyzer = z.infer<typeof Analyzer>;

const DistributionByCategory = z.looseObject({
  object: z.literal("OccurrenceDistributionByCategory"),
  category: IssueCategory,
  introduced: z.number(),
});

const DistributionByAnalyzer = z.looseObject({
  object: z.literal("OccurrenceDistributionByAnalyzer"),
  analyzerShortcode: z.string(),
  introduced: z.number(),
});

/** What a run or one of its checks introduced and resolved, by category (and more, per kind). */
function occurrenceSummary<const O extends string, S extends z.core.$ZodLooseShape>(
  object: O,
  shape: S,
) {
  return z.looseObject({
    object: z.literal(object),
    occurrencesIntroduced: z.number(),
    occurrencesResolved: z.number(),
    occurrenceDistributionByCategory: z.array(DistributionByCategory),
    ...shape,
  });
}

export const MetricValue = identified("MetricValue", {
  value: z.number(),
  valueDisplay: z.string(),
  threshold: z.number(),
  thresholdStatus: openEnum(["PASSING", "FAILING", "UNKNOWN"]),
  createdAt: timestamp(),
});
export type MetricValue = z.infer<typeof MetricValue>;

export const RepositoryMetricItem = identified("RepositoryMetricItem", {
  key: z.string(),
  threshold: z.number(),
  values: z.array(MetricValue),
});
export type RepositoryMetricItem = z.infer<typeof RepositoryMetricItem>;

export const RepositoryMetric = z.looseObject({
  object: z.literal("RepositoryMetric"),
  name: z.string(),
  shortcode: z.string(),
  description: z.string(),
  unit: z.nullable(z.string()),
  positiveDirection: openEnum(["UPWARD", "DOWNWARD"]),
  minValueAllowed: z.number(),
  maxValueAllowed: z.nullable(z.number()),
  items: z.array(RepositoryMetricItem),
});
export type RepositoryMetric = z.infer<typeof RepositoryMetric>;

export const Check = identified("Check", {
  sequence: z.number(),
  status: CheckStatus,
  analyzer: Analyzer,
  createdAt: timestamp(),
  updatedAt: timestamp(),
  finishedAt: z.nullable(timestamp()),
  summary: occurrenceSummary("CheckSummary", {}),
  metrics: z.array(RepositoryMetric),
});
export type Check = z.infer<typeof Check>;

export const AnalysisRun = identified("AnalysisRun", {
  runUid: z.string(),
  status: RunStatus,
  branchName: z.string(),
  baseOid: z.string(),
  commitOid: z.string(),
  createdAt: timestamp(),
  updatedAt: timestamp(),
  repository: Repository,
  summary: occurrenceSummary("AnalysisRunSummary", {
    occurrenceDistributionByAnalyzer: z.array(DistributionByAnalyzer),
  }),
  checks: z.array(Check),
});
export type AnalysisRun = z.infer<typeof AnalysisRun>;

export const Issue = identified("Issue", {
  shortcode: z.string(),
  title: z.string(),
  shortDescription: z.string(),
  category: IssueCategory,
  autofixAvailable: z.boolean(),
  isRecommended: z.boolean(),
  analyzer: Analyzer,
});
export type Issue = z.infer<typeof Issue>;

const PullRequest = z.looseObject({
  number: z.number(),
  url: z.string(),
  title: z.string(),
  status: z.optional(openEnum(["OPEN", "CLOSED", "MERGED"])),
});

export const AutofixRun = z.looseObject({
  object: z.literal("AutofixRun"),
  runUid: z.string(),
  createdAt: timestamp(),
  finishedAt: z.nullable(timestamp()),
  status: openEnum(["PENDING", "SUCCESS", "FAILURE", "TIMEOUT", "CANCEL", "STALE"]),
  sourceCommit: z.looseObject({ sha: z.string(), branch: z.string() }),
  // The docs only ever show null here; an object is accepted without assuming its fields.
  autofixCommit: z.nullable(
    z.looseObject({ sha: z.optional(z.string()), branch: z.optional(z.string()) }),
  ),
  sourcePullRequest: z.nullable(PullRequest),
  autofixPullRequest: z.nullable(PullRequest),
  affectedIssues: z.array(Issue),
  repository: Repository,
});
export type AutofixRun = z.infer<typeof AutofixRun>;

export const Occurrence = identified("Occurrence", {
  title: z.string(),
  path: z.string(),
  beginLine: z.number(),
  beginColumn: z.number(),
  endLine: z.number(),
  endColumn: z.number(),
});
export type Occurrence = z.infer<typeof Occurrence>;

export const RepositoryIssue = identified("RepositoryIssue", {
  repository: Repository,
  issue: Issue,
  occurrences: z.array(Occurrence),
});
export type RepositoryIssue = z.infer<typeof RepositoryIssue>;

export const User = identified("User", {
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
});
export type User = z.infer<typeof User>;

export const TeamMember = z.looseObject({
  object: z.literal("TeamMember"),
  role: TeamRole,
  isOwner: z.boolean(),
  joinedAt: timestamp(),
  team: Account,
  user: User,
});
export type TeamMember = z.infer<typeof TeamMember>;

export const deepsourceEnvelope = z.looseObject({
  id: z.string(),
  type: z.string(),
  createdAt: timestamp(),
  data: z.looseObject({}),
});
export type DeepsourceEnvelope = z.infer<typeof deepsourceEnvelope>;

function event<const T extends string, D extends z.core.$ZodLooseShape>(type: T, data: D) {
  return z.extend(deepsourceEnvelope, { type: z.literal(type), data: z.looseObject(data) });
}

export const deepsourceEvents = {
  "analysis_run.started": event("analysis_run.started", { object: AnalysisRun }),
  "analysis_run.updated": event("analysis_run.updated", { object: AnalysisRun }),
  "autofix_run.started": event("autofix_run.started", { object: AutofixRun }),
  "autofix_run.updated": event("autofix_run.updated", { object: AutofixRun }),
  "repository.analysis.activated": event("repository.analysis.activated", { object: Repository }),
  "repository.analysis.deactivated": event("repository.analysis.deactivated", {
    object: Repository,
  }),
  "repository_issue.introduced": event("repository_issue.introduced", {
    object: RepositoryIssue,
    issueOccurrencesIntroduced: z.number(),
  }),
  "repository_issue.resolved": event("repository_issue.resolved", {
    object: RepositoryIssue,
    issueOccurrencesResolved: z.number(),
  }),
  "team_member.added": event("team_member.added", { object: TeamMember }),
  "team_member.removed": event("team_member.removed", { object: TeamMember }),
  "team_member.updated": event("team_member.updated", {
    object: TeamMember,
    oldRole: TeamRole,
    newRole: TeamRole,
  }),
  "test.event": event("test.event", { test: z.boolean() }),
} satisfies EventSchemas;

export type DeepsourceEventName = keyof typeof deepsourceEvents;
export type DeepsourceEvent<N extends DeepsourceEventName = DeepsourceEventName> = EventOf<
  typeof deepsourceEvents,
  N
>;

export const deepsourceEventName = typeField;
