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
  unixSeconds,
} from "./common.ts";

// The contract. DeepSource's webhook objects mirror its GraphQL types, whose public schema is the
// introspection dump `deepsource-api-schema.graphql` in sapientpants/deepsource-mcp-server
// (DeepSourceCorp/cli reads runs the same way: deepsource/runs/queries/get_run.go, where
// `finishedAt` is a pointer and `branchName` may be empty). Each object declares the fields the
// webhook page's samples show (test/fixtures/deepsource/), typed as GraphQL types them: a field
// GraphQL marks nullable is `z.nullish` (null, or left out), one it marks non-null is required.
// What the webhooks add and GraphQL does not have (the `object` tags, an analyzer's `logoUrl`, a
// team member's `team`, every field of an AutofixRun, the events' extra `data` fields) is
// optional: only a sample stands behind it. Enumerations list GraphQL's values; `openEnum` lets
// later ones through (see common.ts for why), and unknown fields pass through everywhere.

/**
 * A time, read as Unix seconds. The webhook samples send numbers, the page describes the
 * envelope's `createdAt` as "<UNIX_TIMESTAMP>" in quotes, and GraphQL's `DateTime` is ISO 8601
 * text (`scalar DateTime`): all three are accepted.
 */
const time = () =>
  z.pipe(
    z.union([z.number(), z.string()]).check(
      z.refine((value) => unixSeconds(value) !== undefined, {
        error: "expected Unix seconds or an ISO 8601 date-time",
      }),
    ),
    z.transform((value) => unixSeconds(value) as number),
  );

// enum VCSProvider
const VcsProvider = openEnum([
  "GITHUB",
  "GITLAB",
  "BITBUCKET",
  "BITBUCKET_DATACENTER",
  "GITHUB_ENTERPRISE",
  "GSR",
  "ADS",
]);

// enum AnalysisRunStatus
const RunStatus = openEnum([
  "PENDING",
  "SUCCESS",
  "FAILURE",
  "TIMEOUT",
  "CANCEL",
  "READY",
  "SKIPPED",
]);

// enum CheckStatus
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

// enum IssueCategory
const IssueCategory = openEnum([
  "ANTI_PATTERN",
  "BUG_RISK",
  "PERFORMANCE",
  "SECURITY",
  "COVERAGE",
  "TYPECHECK",
  "STYLE",
  "DOCUMENTATION",
  "SECRETS",
]);

// enum TeamMemberRole
const TeamRole = openEnum(["ADMIN", "MEMBER", "CONTRIBUTOR"]);

/**
 * A DeepSource object with a GraphQL `id: ID!`. Its `object` tag names its kind; only the webhooks
 * add it, so it may be left out, but when present it must name this kind.
 */
function identified<const O extends string, S extends z.core.$ZodLooseShape>(object: O, shape: S) {
  return z.looseObject({ id: z.string(), object: z.optional(z.literal(object)), ...shape });
}

/** A webhook object GraphQL has no `id` for (summaries, distributions, team members). */
function tagged<const O extends string, S extends z.core.$ZodLooseShape>(object: O, shape: S) {
  return z.looseObject({ object: z.optional(z.literal(object)), ...shape });
}

// type Account: login, type and vcsProvider non-null; avatarUrl and vcsUrl nullable.
export const accountSchema = lazy(() =>
  identified("Account", {
    login: z.string(),
    vcsProvider: VcsProvider,
    type: openEnum(["TEAM", "INDIVIDUAL"]),
    avatarUrl: z.nullish(z.string()),
    vcsUrl: z.nullish(z.string()),
  }),
);
export type Account = Built<typeof accountSchema>;

// type Repository: defaultBranch and latestCommitOid nullable; the rest non-null.
export const repositorySchema = lazy(() =>
  identified("Repository", {
    name: z.string(),
    vcsProvider: VcsProvider,
    vcsUrl: z.string(),
    defaultBranch: z.nullish(z.string()),
    latestCommitOid: z.nullish(z.string()),
    isPrivate: z.boolean(),
    isActivated: z.boolean(),
    account: accountSchema(),
  }),
);
export type Repository = Built<typeof repositorySchema>;

// type Analyzer: shortcode and name non-null. GraphQL calls the logo `logo` (nullable); the
// webhooks send `logoUrl`.
export const analyzerSchema = lazy(() =>
  identified("Analyzer", {
    shortcode: z.string(),
    name: z.string(),
    logoUrl: z.nullish(z.string()),
  }),
);
export type Analyzer = Built<typeof analyzerSchema>;

// type OccurrenceDistributionByCategory: both fields non-null.
const distributionByCategorySchema = lazy(() =>
  tagged("OccurrenceDistributionByCategory", {
    category: IssueCategory,
    introduced: z.number(),
  }),
);

// type OccurrenceDistributionByAnalyzer: both fields non-null.
const distributionByAnalyzerSchema = lazy(() =>
  tagged("OccurrenceDistributionByAnalyzer", {
    analyzerShortcode: z.string(),
    introduced: z.number(),
  }),
);

/**
 * What a run or one of its checks introduced and resolved (types AnalysisRunSummary and
 * CheckSummary): every counter is a nullable `Int`, and the distributions are nullable lists of
 * nullable items (`[OccurrenceDistributionByCategory]`).
 */
function occurrenceSummary<const O extends string, S extends z.core.$ZodLooseShape>(
  object: O,
  shape: S,
) {
  return tagged(object, {
    occurrencesIntroduced: z.nullish(z.number()),
    occurrencesResolved: z.nullish(z.number()),
    occurrencesSuppressed: z.nullish(z.number()),
    occurrenceDistributionByCategory: z.nullish(
      z.array(z.nullable(distributionByCategorySchema())),
    ),
    ...shape,
  });
}

// type MetricValue: value, valueDisplay and createdAt non-null; threshold and thresholdStatus
// nullable ("Null if no threshold was set").
export const metricValueSchema = lazy(() =>
  identified("MetricValue", {
    value: z.number(),
    valueDisplay: z.string(),
    threshold: z.nullish(z.number()),
    thresholdStatus: z.nullish(openEnum(["PASSING", "FAILING"])),
    createdAt: time(),
  }),
);
export type MetricValue = Built<typeof metricValueSchema>;

// type RepositoryMetricItem: key non-null; threshold nullable; `values` is a nullable connection,
// which the webhooks send as a list.
export const repositoryMetricItemSchema = lazy(() =>
  identified("RepositoryMetricItem", {
    key: z.string(),
    threshold: z.nullish(z.number()),
    values: z.nullish(z.array(metricValueSchema())),
  }),
);
export type RepositoryMetricItem = Built<typeof repositoryMetricItemSchema>;

// type RepositoryMetric: name, shortcode, description, positiveDirection and items non-null;
// unit, minValueAllowed and maxValueAllowed nullable.
export const repositoryMetricSchema = lazy(() =>
  tagged("RepositoryMetric", {
    name: z.string(),
    shortcode: z.string(),
    description: z.string(),
    unit: z.nullish(z.string()),
    positiveDirection: openEnum(["UPWARD", "DOWNWARD"]),
    minValueAllowed: z.nullish(z.number()),
    maxValueAllowed: z.nullish(z.number()),
    items: z.array(repositoryMetricItemSchema()),
  }),
);
export type RepositoryMetric = Built<typeof repositoryMetricSchema>;

// type Check: finishedAt and metrics nullable (`[RepositoryMetric!]`); the rest non-null.
export const checkSchema = lazy(() =>
  identified("Check", {
    sequence: z.number(),
    status: CheckStatus,
    analyzer: analyzerSchema(),
    createdAt: time(),
    updatedAt: time(),
    finishedAt: z.nullish(time()),
    summary: occurrenceSummary("CheckSummary", {}),
    metrics: z.nullish(z.array(repositoryMetricSchema())),
  }),
);
export type Check = Built<typeof checkSchema>;

// type AnalysisRun: branchName, baseOid, commitOid, finishedAt and checks (a nullable connection,
// sent as a list) nullable. GraphQL makes `summary` non-null, but the webhook page says to "expect
// the summary attribute to be empty" on analysis_run.started, so it may be null or `{}` too.
export const analysisRunSchema = lazy(() =>
  identified("AnalysisRun", {
    runUid: z.string(),
    status: RunStatus,
    branchName: z.nullish(z.string()),
    baseOid: z.nullish(z.string()),
    commitOid: z.nullish(z.string()),
    createdAt: time(),
    updatedAt: time(),
    finishedAt: z.nullish(time()),
    repository: repositorySchema(),
    summary: z.nullish(
      occurrenceSummary("AnalysisRunSummary", {
        occurrenceDistributionByAnalyzer: z.nullish(
          z.array(z.nullable(distributionByAnalyzerSchema())),
        ),
      }),
    ),
    checks: z.nullish(z.array(checkSchema())),
  }),
);
export type AnalysisRun = Built<typeof analysisRunSchema>;

// type Issue: shortcode, title, shortDescription, category, autofixAvailable and analyzer
// non-null. GraphQL also has `isRecommended: Boolean!`, but nothing here reads it, so a payload
// that leaves it out loses nothing and is not refused for it.
export const issueSchema = lazy(() =>
  identified("Issue", {
    shortcode: z.string(),
    title: z.string(),
    shortDescription: z.string(),
    category: IssueCategory,
    autofixAvailable: z.boolean(),
    isRecommended: z.optional(z.boolean()),
    analyzer: analyzerSchema(),
  }),
);
export type Issue = Built<typeof issueSchema>;

// AutofixRun is not a GraphQL type: it exists only in the webhooks, so every field the samples
// show may be missing or null (as DeepSource writes an absent value everywhere else), and a pull
// request is only what the samples show of one.
const pullRequestSchema = lazyObject(() => ({
  number: z.nullish(z.number()),
  url: z.nullish(z.string()),
  title: z.nullish(z.string()),
  status: z.nullish(openEnum(["OPEN", "CLOSED", "MERGED"])),
}));

const commitSchema = lazyObject(() => ({
  sha: z.nullish(z.string()),
  branch: z.nullish(z.string()),
}));

export const autofixRunSchema = lazy(() =>
  tagged("AutofixRun", {
    runUid: z.nullish(z.string()),
    createdAt: z.nullish(time()),
    finishedAt: z.nullish(time()),
    status: z.nullish(openEnum(["PENDING", "SUCCESS", "FAILURE", "TIMEOUT", "CANCEL", "STALE"])),
    sourceCommit: z.nullish(commitSchema()),
    autofixCommit: z.nullish(commitSchema()),
    sourcePullRequest: z.nullish(pullRequestSchema()),
    autofixPullRequest: z.nullish(pullRequestSchema()),
    affectedIssues: z.nullish(z.array(issueSchema())),
    repository: z.nullish(repositorySchema()),
  }),
);
export type AutofixRun = Built<typeof autofixRunSchema>;

// type Occurrence: every field the webhooks send is non-null.
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

// type RepositoryIssue: issue and repository non-null; occurrences a nullable connection, sent as
// a list (the webhook page: always empty on repository_issue.resolved).
export const repositoryIssueSchema = lazy(() =>
  identified("RepositoryIssue", {
    repository: repositorySchema(),
    issue: issueSchema(),
    occurrences: z.nullish(z.array(occurrenceSchema())),
  }),
);
export type RepositoryIssue = Built<typeof repositoryIssueSchema>;

// type User: firstName, lastName and email non-null.
export const userSchema = lazy(() =>
  identified("User", {
    email: z.string(),
    firstName: z.string(),
    lastName: z.string(),
  }),
);
export type User = Built<typeof userSchema>;

// type TeamMember: user, role, isOwner and joinedAt non-null. GraphQL has no `team` on it (the
// webhooks add the team's Account), and the samples send no `id`.
export const teamMemberSchema = lazy(() =>
  tagged("TeamMember", {
    role: TeamRole,
    isOwner: z.boolean(),
    joinedAt: time(),
    team: z.optional(accountSchema()),
    user: userSchema(),
  }),
);
export type TeamMember = Built<typeof teamMemberSchema>;

/**
 * The envelope every event shares (the webhook page: `id`, `type`, `createdAt`, `data.object`).
 * Only `type` and `data` make a body DeepSource's: without an `id` the relay names the delivery
 * by a digest of its bytes, and without `createdAt` reactions order by the relay's receipt.
 */
export const deepsourceEnvelope = z.looseObject({
  id: z.optional(z.string()),
  type: z.string(),
  createdAt: z.optional(time()),
  data: z.looseObject({}),
});
export type DeepsourceEnvelope = z.infer<typeof deepsourceEnvelope>;

function event<const T extends string, D extends z.core.$ZodLooseShape>(type: T, data: D) {
  return z.extend(deepsourceEnvelope, { type: z.literal(type), data: z.looseObject(data) });
}

// Built on first use, one event at a time: a run validates one event, and building every
// schema up front was most of what loading this module cost. Each event's `data` fields beyond
// `object` are the webhook page's own (no GraphQL type has them), so they are optional.
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
      issueOccurrencesIntroduced: z.nullish(z.number()),
    }),
  "repository_issue.resolved": () =>
    event("repository_issue.resolved", {
      object: repositoryIssueSchema(),
      issueOccurrencesResolved: z.nullish(z.number()),
    }),
  "team_member.added": () => event("team_member.added", { object: teamMemberSchema() }),
  "team_member.removed": () => event("team_member.removed", { object: teamMemberSchema() }),
  "team_member.updated": () =>
    event("team_member.updated", {
      object: teamMemberSchema(),
      oldRole: z.nullish(TeamRole),
      newRole: z.nullish(TeamRole),
    }),
  "test.event": () => event("test.event", { test: z.optional(z.boolean()) }),
}) satisfies EventSchemas;

export type DeepsourceEventName = keyof typeof deepsourceEvents;
export type DeepsourceEvent<N extends DeepsourceEventName = DeepsourceEventName> = EventOf<
  typeof deepsourceEvents,
  N
>;

export const deepsourceEventName = typeField;
