import {
  type AnalysisRun,
  type AutofixRun,
  type Check,
  type DeepsourceEvent,
  deepsourceEvents,
  type Repository,
  type RepositoryIssue,
  type TeamMember,
} from "../../core/schemas/deepsource.ts";
import type { OutputName } from "../constants.ts";
import { code, escapeText, linkInRepository, type RepositoryPlace } from "../markdown.ts";
import {
  type Facts,
  type KnownEvent,
  knownEvent,
  noReactionNote,
  nothingToDo,
  type ProviderReactions,
  type ReactionScope,
  type ReceivedEvent,
  reportOnly,
} from "../reaction-contract.ts";
import type { VerifiedEvent } from "../verify.ts";
import {
  categoryLabel,
  cell,
  count,
  counterOutput,
  eventStamp,
  latestValue,
  repositoryName,
  repositoryPath,
  shortSha,
  tally,
} from "./format.ts";
import { deepsourceInputs } from "./inputs.ts";

type Known = KnownEvent<typeof deepsourceEvents>;
type Outputs = Partial<Record<OutputName, string>>;

function repositoryOutputs(repository: Repository | null | undefined): Outputs {
  if (!repository) return {};
  return {
    repository: repositoryName(repository),
    branch: repository.defaultBranch ?? "",
    commit: repository.latestCommitOid ?? "",
  };
}

function repositoryFacts(repository: Repository | null | undefined, place: RepositoryPlace): Facts {
  return repository
    ? [["Repository", linkInRepository(repositoryName(repository), repository.vcsUrl, place)]]
    : [];
}

/** A branch or commit for the summary: the name, or a note that DeepSource sent no `field`. */
function namedFact(name: string | null | undefined, field: string): string {
  return name ? code(name, true) : `none: DeepSource sent no ${code(field, true)}`;
}

/** Checks that did not pass, for `fail-on: analysis-failure`. */
const FAILED_CHECK = new Set(["FAILURE", "TIMEOUT", "ARTIFACT_TIMEOUT"]);

function failingMetrics(checks: readonly Check[]): string[] {
  const failing: string[] = [];
  for (const check of checks) {
    for (const metric of check.metrics ?? []) {
      for (const item of metric.items) {
        const latest = latestValue(item);
        if (latest?.thresholdStatus === "FAILING") {
          failing.push(
            `${metric.name} (${item.key}) is ${latest.valueDisplay} against a threshold of ${latest.threshold ?? "none"}`,
          );
        }
      }
    }
  }
  return failing;
}

function analysisRun(
  body: DeepsourceEvent<"analysis_run.started" | "analysis_run.updated">,
  place: RepositoryPlace,
): ReceivedEvent {
  const run: AnalysisRun = body.data.object;
  const commit = run.commitOid || undefined;
  const branch = run.branchName || undefined;
  // A run that has just started may carry an empty summary (or none), and its checks may be left out.
  const summary = run.summary ?? {};
  const checks = run.checks ?? [];
  const where = commit
    ? `${shortSha(commit)}${branch ? ` on ${branch}` : ""}`
    : branch
      ? `branch ${branch}`
      : `run ${run.runUid}`;
  const target = code(run.runUid, true);
  // The per-analyzer reactions need a commit to attach to and at least one check to report.
  const attach: { readonly commit: string } | { readonly skipped: string } = !commit
    ? {
        skipped: `DeepSource sent no ${code("commitOid", true)}, so there is no commit to attach to`,
      }
    : checks.length === 0
      ? {
          skipped:
            "the run carries no checks, so there is no analyzer to report; the summary reports the run",
        }
      : { commit };
  return {
    title: branch
      ? `DeepSource analysis run on ${code(branch)}`
      : `DeepSource analysis run ${code(run.runUid)}`,
    outputs: {
      ...repositoryOutputs(run.repository),
      branch: branch ?? "",
      commit: commit ?? "",
      status: run.status,
      introduced: counterOutput(summary.occurrencesIntroduced),
      resolved: counterOutput(summary.occurrencesResolved),
    },
    facts: [
      ...repositoryFacts(run.repository, place),
      ["Branch", namedFact(branch, "branchName")],
      ["Commit", namedFact(commit, "commitOid")],
      ["Run", code(run.runUid, true)],
      ["Status", cell(run.status)],
      [
        "Analyzers",
        checks.map((check) => `${cell(check.analyzer.name)}: ${cell(check.status)}`).join(", ") ||
          "none reported",
      ],
      [
        "Introduced / resolved",
        `${tally(summary.occurrencesIntroduced)} / ${tally(summary.occurrencesResolved)}`,
      ],
    ],
    async react(context) {
      const inputs = deepsourceInputs(context.settings);
      if (inputs["check-runs"]) {
        if ("skipped" in attach) context.report.skip("Check runs", target, attach.skipped);
        else
          await context.attempt("Check runs", async () => {
            const { syncAnalysisCheckRuns } = await import("./check-runs.ts");
            await syncAnalysisCheckRuns(context, run, attach.commit, checks);
          });
      }
      if (inputs["commit-status"]) {
        if ("skipped" in attach) context.report.skip("Commit statuses", target, attach.skipped);
        else
          await context.attempt("Commit statuses", async () => {
            const { syncAnalysisStatuses } = await import("./commit-status.ts");
            await syncAnalysisStatuses(context, attach.commit, checks);
          });
      }
    },
    failures(failOn) {
      const reasons: string[] = [];
      if (failOn.has("analysis-failure")) {
        const failed = checks.filter((check) => FAILED_CHECK.has(check.status));
        if (failed.length > 0 || FAILED_CHECK.has(run.status)) {
          const which =
            failed.map((check) => `${check.analyzer.name} ${check.status}`).join(", ") ||
            run.status;
          reasons.push(`DeepSource analysis of ${where} failed (${which})`);
        }
      }
      const introduced = summary.occurrencesIntroduced ?? 0;
      if (failOn.has("issues-introduced") && introduced > 0) {
        reasons.push(`DeepSource found ${count(introduced, "new issue occurrence")} in ${where}`);
      }
      if (failOn.has("metric-failing")) {
        const metrics = failingMetrics(checks);
        if (metrics.length > 0)
          reasons.push(`DeepSource metrics are failing: ${metrics.join("; ")}`);
      }
      return reasons;
    },
  };
}

function autofixRun(
  body: DeepsourceEvent<"autofix_run.started" | "autofix_run.updated">,
  event: VerifiedEvent,
  place: RepositoryPlace,
): ReceivedEvent {
  const run: AutofixRun = body.data.object;
  const source = run.sourcePullRequest;
  const autofix = run.autofixPullRequest;
  const { sha, branch } = run.sourceCommit ?? {};
  const issues = run.affectedIssues ?? [];
  const runUid = run.runUid;
  return {
    title: runUid ? `DeepSource Autofix run ${code(runUid)}` : "DeepSource Autofix run",
    outputs: {
      ...repositoryOutputs(run.repository),
      branch: branch ?? "",
      commit: sha ?? "",
      "pull-request": source?.number == null ? "" : String(source.number),
      status: run.status ?? "",
      "autofix-pull-request": autofix?.number == null ? "" : String(autofix.number),
    },
    facts: [
      ...repositoryFacts(run.repository, place),
      [
        "Source",
        [sha ? code(sha, true) : "", branch ? `on ${code(branch, true)}` : ""]
          .filter(Boolean)
          .join(" ") || "not named",
      ],
      ["Source pull request", pullRequestFact(source, place)],
      [
        "Autofix pull request",
        autofix?.number == null
          ? "none"
          : `${pullRequestFact(autofix, place)} ${cell(autofix.status ?? "")}`.trim(),
      ],
      ["Status", run.status ? cell(run.status) : "not reported"],
      ["Issues fixed", issues.map((issue) => code(issue.shortcode, true)).join(", ") || "none"],
    ],
    async react(context) {
      if (!deepsourceInputs(context.settings)["autofix-comment"]) return;
      if (!runUid) {
        context.report.skip(
          "Comment",
          "Autofix run",
          `DeepSource sent no ${code("runUid", true)}, so there is no run to keep one comment for`,
        );
        return;
      }
      await context.attempt("Autofix comment", async () => {
        const { syncAutofixComment } = await import("./autofix-comment.ts");
        await syncAutofixComment(context, run, runUid, eventStamp(body.createdAt, event));
      });
    },
    failures: () => [],
  };
}

/** A pull request the run names, linked; "none" when it names none. */
function pullRequestFact(pull: AutofixRun["sourcePullRequest"], place: RepositoryPlace): string {
  if (pull?.number == null) return "none";
  return linkInRepository(`#${pull.number}${pull.title ? ` ${pull.title}` : ""}`, pull.url, place);
}

function repositoryIssue(
  body: DeepsourceEvent<"repository_issue.introduced" | "repository_issue.resolved">,
  event: VerifiedEvent,
  place: RepositoryPlace,
): ReceivedEvent {
  const item: RepositoryIssue = body.data.object;
  const introduced = body.type === "repository_issue.introduced";
  const counted = introduced
    ? body.data.issueOccurrencesIntroduced
    : body.data.issueOccurrencesResolved;
  const occurrences = counted ?? undefined;
  const sha = item.repository.latestCommitOid || undefined;
  const listed = item.occurrences ?? undefined;
  const stamp = eventStamp(body.createdAt, event);
  const shortcode = code(item.issue.shortcode, true);
  return {
    title: `DeepSource issue ${code(item.issue.shortcode)} ${introduced ? "introduced" : "resolved"}`,
    outputs: {
      ...repositoryOutputs(item.repository),
      status: introduced ? "INTRODUCED" : "RESOLVED",
      introduced: introduced ? counterOutput(occurrences) : "0",
      resolved: introduced ? "0" : counterOutput(occurrences),
    },
    facts: [
      ...repositoryFacts(item.repository, place),
      ["Commit", namedFact(sha, "latestCommitOid")],
      ["Issue", `${code(item.issue.shortcode, true)} ${cell(item.issue.title)}`],
      ["Category", cell(categoryLabel(item.issue.category))],
      [introduced ? "Occurrences introduced" : "Occurrences resolved", tally(occurrences)],
    ],
    async react(context) {
      const inputs = deepsourceInputs(context.settings);
      if (introduced && inputs["check-runs"]) {
        if (!sha)
          context.report.skip(
            "Annotations",
            shortcode,
            `DeepSource sent no ${code("latestCommitOid", true)}, so there is no commit to annotate`,
          );
        else if (!listed)
          context.report.skip(
            "Annotations",
            shortcode,
            `DeepSource sent no ${code("occurrences", true)}, so there are no lines to annotate`,
          );
        else
          await context.attempt("Annotations", async () => {
            const { syncIssueAnnotations } = await import("./annotations.ts");
            await syncIssueAnnotations(context, item, sha, listed, stamp);
          });
      }
      if (inputs["issue-sync"] === "deepsource") {
        await context.attempt("Issue sync", async () => {
          const sync = await import("./issue-sync.ts");
          if (introduced) await sync.openIssue(context, item, stamp);
          else await sync.closeIssue(context, item, stamp, occurrences);
        });
      }
    },
    failures(failOn) {
      // An introduced issue has at least one occurrence, however many DeepSource counted.
      if (!introduced || !failOn.has("issues-introduced") || occurrences === 0) return [];
      const found =
        occurrences === undefined
          ? `DeepSource reports ${item.issue.shortcode}`
          : `DeepSource found ${count(occurrences, "new occurrence")} of ${item.issue.shortcode}`;
      return [`${found} (${item.issue.title.slice(0, 120)})${sha ? ` in ${shortSha(sha)}` : ""}`];
    },
  };
}

function repositoryAnalysis(
  body: DeepsourceEvent<"repository.analysis.activated" | "repository.analysis.deactivated">,
  place: RepositoryPlace,
): ReceivedEvent {
  const repository = body.data.object;
  return {
    title: `DeepSource analysis ${repository.isActivated ? "activated" : "deactivated"} for ${escapeText(repositoryName(repository))}`,
    outputs: {
      ...repositoryOutputs(repository),
      status: repository.isActivated ? "ACTIVATED" : "DEACTIVATED",
    },
    facts: [
      ...repositoryFacts(repository, place),
      [
        "Default branch",
        repository.defaultBranch ? code(repository.defaultBranch, true) : "not named",
      ],
    ],
    ...nothingToDo,
  };
}

function teamMember(
  body: DeepsourceEvent<"team_member.added" | "team_member.removed" | "team_member.updated">,
  place: RepositoryPlace,
): ReceivedEvent {
  const member: TeamMember = body.data.object;
  const change =
    body.type === "team_member.updated"
      ? `${body.data.oldRole ?? "?"} → ${body.data.newRole ?? member.role}`
      : body.type.slice("team_member.".length);
  const { team } = member;
  return {
    title: team
      ? `DeepSource team ${escapeText(team.login)}: member ${escapeText(change)}`
      : `DeepSource team member ${escapeText(change)}`,
    outputs: { status: member.role },
    facts: [
      ...(team
        ? [["Team", linkInRepository(team.login, team.vcsUrl, place)] as [string, string]]
        : []),
      ["Member", cell(`${member.user.firstName} ${member.user.lastName}`.trim())],
      ["Role", cell(member.role)],
    ],
    ...nothingToDo,
  };
}

function describe(body: Known, event: VerifiedEvent, place: RepositoryPlace): ReceivedEvent {
  switch (body.type) {
    case "analysis_run.started":
    case "analysis_run.updated":
      return analysisRun(body, place);
    case "autofix_run.started":
    case "autofix_run.updated":
      return autofixRun(body, event, place);
    case "repository_issue.introduced":
    case "repository_issue.resolved":
      return repositoryIssue(body, event, place);
    case "repository.analysis.activated":
    case "repository.analysis.deactivated":
      return repositoryAnalysis(body, place);
    case "team_member.added":
    case "team_member.removed":
    case "team_member.updated":
      return teamMember(body, place);
    case "test.event":
      return {
        title: "DeepSource test event",
        outputs: { status: "TEST" },
        facts: [["Result", "The webhook reached this workflow and its signature holds."]],
        ...nothingToDo,
      };
  }
}

/**
 * The DeepSource repository an event is about: undefined for team and test events, which are
 * about none; null for an Autofix run that left its repository out (only an Autofix run may).
 */
function repositoryOf(body: Known): Repository | null | undefined {
  switch (body.type) {
    case "autofix_run.started":
    case "autofix_run.updated":
      return body.data.object.repository ?? null;
    case "analysis_run.started":
    case "analysis_run.updated":
    case "repository_issue.introduced":
    case "repository_issue.resolved":
      return body.data.object.repository;
    case "repository.analysis.activated":
    case "repository.analysis.deactivated":
      return body.data.object;
    default:
      return undefined;
  }
}

/**
 * DeepSource webhooks belong to an organisation, so one relay carries every repository's events:
 * an event about another repository must not comment on "PR #N" or annotate "its" commit here,
 * where those numbers and commits mean something else. Such an event sets its outputs and says
 * in the summary why nothing was done, and the step succeeds. Which repository an event is about
 * is the relay's decision, signed into the envelope (its `HOOKBRIDGE_REPOSITORIES` mappings
 * applied); the `repository` input overrides it, and envelopes from older relays, which do not
 * say, are judged by the repository DeepSource names.
 */
function onlyForThisRepository(
  received: ReceivedEvent,
  repository: Repository,
  event: VerifiedEvent,
  scope: ReactionScope,
): ReceivedEvent {
  const { runner } = scope;
  const { repository: input } = deepsourceInputs(scope.settings);
  const here = runner.owner && runner.repo ? `${runner.owner}/${runner.repo}` : undefined;
  const decided = input === undefined ? event.relayed.repository : undefined;
  const named = decided ?? repositoryPath(repository);
  const wanted = decided === undefined ? (input ?? here) : here;
  if (wanted === undefined || named.toLowerCase() === wanted.toLowerCase()) return received;
  const fix =
    decided === undefined
      ? `If DeepSource knows this repository as ${named}, set the repository input to ${named}.`
      : `The relay decided so from ${repositoryPath(repository)}; map it to ${wanted} in the relay's HOOKBRIDGE_REPOSITORIES if it belongs here.`;
  return {
    ...received,
    async react(context) {
      context.logger.info(
        `This DeepSource event is for ${named}, not ${wanted}, so nothing was done: DeepSource sends every repository's events to the organisation's webhook. ${fix}`,
      );
      context.report.skip(
        "Repository",
        escapeText(here ?? wanted),
        `the event is for ${escapeText(named)}`,
      );
    },
    failures: () => [],
  };
}

/**
 * An event about a repository it does not name may be about any of the organisation's (see
 * above): it sets its outputs and the summary, and its reactions are skipped, saying why.
 */
function withoutRepository(received: ReceivedEvent): ReceivedEvent {
  return {
    ...received,
    async react(context) {
      context.report.skip(
        "Repository",
        "this event",
        "DeepSource named no repository, so it may be about another of the organisation's repositories and nothing was done here",
      );
    },
    failures: () => [],
  };
}

/** The main object of an event, for the `object` output. */
function mainObject(json: unknown): unknown {
  const data = (json as { data?: { object?: unknown } }).data;
  return data?.object ?? data ?? json;
}

export const reactions: ProviderReactions = {
  receive(event, scope) {
    const body = knownEvent(deepsourceEvents, event);
    const object = JSON.stringify(mainObject(event.json));
    if (!body) {
      return reportOnly(`DeepSource ${code(event.event)}`, { object }, [
        noReactionNote("DeepSource event"),
      ]);
    }
    const described = describe(body, event, scope.runner);
    const repository = repositoryOf(body);
    const received =
      repository === null
        ? withoutRepository(described)
        : repository
          ? onlyForThisRepository(described, repository, event, scope)
          : described;
    return { ...received, outputs: { ...received.outputs, object } };
  },
};
