import * as z from "zod/mini";
import {
  type Built,
  type EventOf,
  type EventSchemas,
  lazy,
  lazyObject,
  lazyRecord,
  openEnum,
  typeField,
} from "./common.ts";

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

export const accountSchema = lazy(() =>
  identified("Account", {
    login: z.string(),
    vcsProvider: VcsProvider,
    type: openEnum(["TEAM", "INDIVIDUAL"]),
    avatarUrl: z.string(),
    vcsUrl: z.string(),
  }),
);
export type Account = Built<typeof accountSchema>;

export const repositorySchema = lazy(() =>
  identified("Repository", {
    name: z.string(),
    vcsProvider: VcsProvider,
    vcsUrl: z.string(),
    defaultBranch: z.string(),
    latestCommitOid: z.string(),
    isPrivate: z.boolean(),
    isActivated: z.boolean(),
    account: accountSchema(),
  }),
);
export type Repository = Built<typeof repositorySchema>;

export const analyzerSchema = lazy(() =>
  identified("Analyzer", {
    shortcode: z.string(),
    name: z.string(),
    logoUrl: z.string(),
  }),
);
export type Analyzer = Built<typeof analyzerSchema>;

const distributionByCategorySchema = lazyObject(() => ({
  object: z.literal("OccurrenceDistributionByCategory"),
  category: IssueCategory,
  introduced: z.number(),
}));

/** What a run or one of its checks introduced and resolved, by category (and more, per kind). */
function occurrenceSummary<const O extends string, S extends z.core.$ZodLooseShape>(
  object: O,
  shape: S,
) {
  return z.looseObject({
    object: z.literal(object),
    occurrencesIntroduced: z.number(),
    occurrencesResolved: z.number(),
    occurrenceDistributionByCategory: z.array(distributionByCategorySchema()),
    ...shape,
  });
}

const distributionByAnalyzerSchema = lazyObject(() => ({
  object: z.literal("OccurrenceDistributionByAnalyzer"),
  analyzerShortcode: z.string(),
  introduced: z.number(),
}));

export const metricValueSchema = lazy(() =>
  identified("MetricValue", {
    value: z.number(),
    valueDisplay: z.string(),
    threshold: z.number(),
    thresholdStatus: openEnum(["PASSING", "FAILING", "UNKNOWN"]),
    createdAt: timestamp(),
  }),
);
export type MetricValue = Built<typeof metricValueSchema>;

export const repositoryMetricItemSchema = lazy(() =>
  identified("RepositoryMetricItem", {
    key: z.string(),
    threshold: z.number(),
    values: z.array(metricValueSchema()),
  }),
);
export type RepositoryMetricItem = Built<typeof repositoryMetricItemSchema>;

export const repositoryMetricSchema = lazyObject(() => ({
  object: z.literal("RepositoryMetric"),
  name: z.string(),
  shortcode: z.string(),
  description: z.string(),
  unit: z.nullable(z.string()),
  positiveDirection: openEnum(["UPWARD", "DOWNWARD"]),
  minValueAllowed: z.number(),
  maxValueAllowed: z.nullable(z.number()),
  items: z.array(repositoryMetricItemSchema()),
}));
export type RepositoryMetric = Built<typeof repositoryMetricSchema>;

export const checkSchema = lazy(() =>
  identified("Check", {
    sequence: z.number(),
    status: CheckStatus,
    analyzer: analyzerSchema(),
    createdAt: timestamp(),
    updatedAt: timestamp(),
    finishedAt: z.nullable(timestamp()),
    summary: occurrenceSummary("CheckSummary", {}),
    metrics: z.array(repositoryMetricSchema()),
  }),
);
export type Check = Built<typeof checkSchema>;

export const analysisRunSchema = lazy(() =>
  identified("AnalysisRun", {
    runUid: z.string(),
    status: RunStatus,
    branchName: z.string(),
    baseOid: z.string(),
    commitOid: z.string(),
    createdAt: timestamp(),
    updatedAt: timestamp(),
    repository: repositorySchema(),
    summary: occurrenceSummary("AnalysisRunSummary", {
      occurrenceDistributionByAnalyzer: z.array(distributionByAnalyzerSchema()),
    }),
    checks: z.array(checkSchema()),
  }),
);
export type AnalysisRun = Built<typeof analysisRunSchema>;

export const issueSchema = lazy(() =>
  identified("Issue", {
    shortcode: z.string(),
    title: z.string(),
    shortDescription: z.string(),
    category: IssueCategory,
    autofixAvailable: z.boolean(),
    isRecommended: z.boolean(),
    analyzer: analyzerSchema(),
  }),
);
export type Issue = Built<typeof issueSchema>;

const pullRequestSchema = lazyObject(() => ({
  number: z.number(),
  url: z.string(),
  title: z.string(),
  status: z.optional(openEnum(["OPEN", "CLOSED", "MERGED"])),
}));

export const autofixRunSchema = lazyObject(() => ({
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
  sourcePullRequest: z.nullable(pullRequestSchema()),
  autofixPullRequest: z.nullable(pullRequestSchema()),
  affectedIssues: z.array(issueSchema()),
  repository: repositorySchema(),
}));
export type AutofixRun = Built<typeof autofixRunSchema>;

export const occurrenceSchema = lazy(() =>
  identified("Occurrence", {
    title: z.string(),
    path: z.string(),
    beginLine: z.number(),
    beginColumn: z.number(),
    endLine: z.number(),
    endColumn: z.number(),
  }),
);
export type Occurrence = Built<typeof occurrenceSchema>;

export const repositoryIssueSchema = lazy(() =>
  identified("RepositoryIssue", {
    repository: repositorySchema(),
    issue: issueSchema(),
    occurrences: z.array(occurrenceSchema()),
  }),
);
export type RepositoryIssue = Built<typeof repositoryIssueSchema>;

export const userSchema = lazy(() =>
  identified("User", {
    email: z.string(),
    firstName: z.string(),
    lastName: z.string(),
  }),
);
export type User = Built<typeof userSchema>;

export const teamMemberSchema = lazyObject(() => ({
  object: z.literal("TeamMember"),
  role: TeamRole,
  isOwner: z.boolean(),
  joinedAt: timestamp(),
  team: accountSchema(),
  user: userSchema(),
}));
export type TeamMember = Built<typeof teamMemberSchema>;

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

// Built on first use, one event at a time: a run validates one event, and building every
// schema up front was most of what loading this module cost.
export const deepsourceEvents = lazyRecord({
  "analysis_run.started": () => event("analysis_run.started", { object: analysisRunSchema() }),
  "analysis_run.updated": () => event("analysis_run.updated", { object: analysisRunSchema() }),
  "autofix_run.started": () => event("autofix_run.started", { object: autofixRunSchema() }),
  "autofix_run.updated": () => event("autofix_run.updated", { object: autofixRunSchema() }),
  "repository.analysis.activated": () =>
    event("repository.analysis.activated", { object: repositorySchema() }),
  "repository.analysis.deactivated": () =>
    event("repository.analysis.deactivated", {
      object: repositorySchema(),
    }),
  "repository_issue.introduced": () =>
    event("repository_issue.introduced", {
      object: repositoryIssueSchema(),
      issueOccurrencesIntroduced: z.number(),
    }),
  "repository_issue.resolved": () =>
    event("repository_issue.resolved", {
      object: repositoryIssueSchema(),
      issueOccurrencesResolved: z.number(),
    }),
  "team_member.added": () => event("team_member.added", { object: teamMemberSchema() }),
  "team_member.removed": () => event("team_member.removed", { object: teamMemberSchema() }),
  "team_member.updated": () =>
    event("team_member.updated", {
      object: teamMemberSchema(),
      oldRole: TeamRole,
      newRole: TeamRole,
    }),
  "test.event": () => event("test.event", { test: z.boolean() }),
}) satisfies EventSchemas;

export type DeepsourceEventName = keyof typeof deepsourceEvents;
export type DeepsourceEvent<N extends DeepsourceEventName = DeepsourceEventName> = EventOf<
  typeof deepsourceEvents,
  N
>;

export const deepsourceEventName = typeField;
