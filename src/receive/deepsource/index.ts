import {
  type AnalysisRun,
  type AutofixRun,
  type DeepsourceEvent,
  deepsourceEvents,
  type Repository,
  type RepositoryIssue,
  type TeamMember,
} from "../../core/schemas/deepsource.ts";
import type { OutputName } from "../constants.ts";
import { code, escapeText, link } from "../markdown.ts";
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
import {
  categoryLabel,
  cell,
  count,
  latestValue,
  repositoryName,
  repositoryPath,
  shortSha,
} from "./format.ts";

type Known = KnownEvent<typeof deepsourceEvents>;
type Outputs = Partial<Record<OutputName, string>>;

function repositoryOutputs(repository: Repository): Outputs {
  return {
    repository: repositoryName(repository),
    branch: repository.defaultBranch,
    commit: repository.latestCommitOid,
  };
}

function repositoryFacts(repository: Repository): Facts {
  return [["Repository", link(repositoryName(repository), repository.vcsUrl)]];
}

/** Checks that did not pass, for `fail-on: analysis-failure`. */
const FAILED_CHECK = new Set(["FAILURE", "TIMEOUT", "ARTIFACT_TIMEOUT"]);

function failingMetrics(run: AnalysisRun): string[] {
  const failing: string[] = [];
  for (const check of run.checks) {
    for (const metric of check.metrics) {
      for (const item of metric.items) {
        const latest = latestValue(item);
        if (latest?.thresholdStatus === "FAILING") {
          failing.push(
            `${metric.name} (${item.key}) is ${latest.valueDisplay} against a threshold of ${latest.threshold}`,
          );
        }
      }
    }
  }
  return failing;
}

function analysisRun(
  body: DeepsourceEvent<"analysis_run.started" | "analysis_run.updated">,
): ReceivedEvent {
  const run: AnalysisRun = body.data.object;
  const where = `${shortSha(run.commitOid)} on ${run.branchName}`;
  return {
    title: `DeepSource analysis run on ${code(run.branchName)}`,
    outputs: {
      ...repositoryOutputs(run.repository),
      branch: run.branchName,
      commit: run.commitOid,
      status: run.status,
      introduced: String(run.summary.occurrencesIntroduced),
      resolved: String(run.summary.occurrencesResolved),
    },
    facts: [
      ...repositoryFacts(run.repository),
      ["Branch", code(run.branchName, true)],
      ["Commit", code(run.commitOid, true)],
      ["Run", code(run.runUid, true)],
      ["Status", cell(run.status)],
      [
        "Analyzers",
        run.checks.map((check) => `${cell(check.analyzer.name)}: ${cell(check.status)}`).join(", "),
      ],
      [
        "Introduced / resolved",
        `${run.summary.occurrencesIntroduced} / ${run.summary.occurrencesResolved}`,
      ],
    ],
    async react(context) {
      const { settings } = context;
      if (settings.checkRuns) {
        await context.attempt("Check runs", async () => {
          const { syncAnalysisCheckRuns } = await import("./check-runs.ts");
          await syncAnalysisCheckRuns(context, run);
        });
      }
      if (settings.commitStatus) {
        await context.attempt("Commit statuses", async () => {
          const { syncAnalysisStatuses } = await import("./commit-status.ts");
          await syncAnalysisStatuses(context, run);
        });
      }
    },
    failures(failOn) {
      const reasons: string[] = [];
      if (failOn.has("analysis-failure")) {
        const failed = run.checks.filter((check) => FAILED_CHECK.has(check.status));
        if (failed.length > 0 || FAILED_CHECK.has(run.status)) {
          const which =
            failed.map((check) => `${check.analyzer.name} ${check.status}`).join(", ") ||
            run.status;
          reasons.push(`DeepSource analysis of ${where} failed (${which})`);
        }
      }
      if (failOn.has("issues-introduced") && run.summary.occurrencesIntroduced > 0) {
        reasons.push(
          `DeepSource found ${count(run.summary.occurrencesIntroduced, "new issue occurrence")} in ${where}`,
        );
      }
      if (failOn.has("metric-failing")) {
        const metrics = failingMetrics(run);
        if (metrics.length > 0)
          reasons.push(`DeepSource metrics are failing: ${metrics.join("; ")}`);
      }
      return reasons;
    },
  };
}

function autofixRun(
  body: DeepsourceEvent<"autofix_run.started" | "autofix_run.updated">,
): ReceivedEvent {
  const run: AutofixRun = body.data.object;
  const source = run.sourcePullRequest;
  const autofix = run.autofixPullRequest;
  return {
    title: `DeepSource Autofix run ${code(run.runUid)}`,
    outputs: {
      ...repositoryOutputs(run.repository),
      branch: run.sourceCommit.branch,
      commit: run.sourceCommit.sha,
      "pull-request": source ? String(source.number) : "",
      status: run.status,
      "autofix-pull-request": autofix ? String(autofix.number) : "",
    },
    facts: [
      ...repositoryFacts(run.repository),
      ["Source", `${code(run.sourceCommit.sha, true)} on ${code(run.sourceCommit.branch, true)}`],
      [
        "Source pull request",
        source ? link(`#${source.number} ${source.title}`, source.url) : "none",
      ],
      [
        "Autofix pull request",
        autofix
          ? `${link(`#${autofix.number} ${autofix.title}`, autofix.url)} ${cell(autofix.status ?? "")}`
          : "none",
      ],
      ["Status", cell(run.status)],
      [
        "Issues fixed",
        run.affectedIssues.map((issue) => code(issue.shortcode, true)).join(", ") || "none",
      ],
    ],
    async react(context) {
      if (!context.settings.autofixComment) return;
      await context.attempt("Autofix comment", async () => {
        const { syncAutofixComment } = await import("./autofix-comment.ts");
        await syncAutofixComment(context, run, body.createdAt);
      });
    },
    failures: () => [],
  };
}

function repositoryIssue(
  body: DeepsourceEvent<"repository_issue.introduced" | "repository_issue.resolved">,
): ReceivedEvent {
  const item: RepositoryIssue = body.data.object;
  const introduced = body.type === "repository_issue.introduced";
  const occurrences = introduced
    ? body.data.issueOccurrencesIntroduced
    : body.data.issueOccurrencesResolved;
  return {
    title: `DeepSource issue ${code(item.issue.shortcode)} ${introduced ? "introduced" : "resolved"}`,
    outputs: {
      ...repositoryOutputs(item.repository),
      status: introduced ? "INTRODUCED" : "RESOLVED",
      introduced: introduced ? String(occurrences) : "0",
      resolved: introduced ? "0" : String(occurrences),
    },
    facts: [
      ...repositoryFacts(item.repository),
      ["Commit", code(item.repository.latestCommitOid, true)],
      ["Issue", `${code(item.issue.shortcode, true)} ${cell(item.issue.title)}`],
      ["Category", cell(categoryLabel(item.issue.category))],
      [introduced ? "Occurrences introduced" : "Occurrences resolved", String(occurrences)],
    ],
    async react(context) {
      const { settings } = context;
      if (introduced && settings.checkRuns) {
        await context.attempt("Annotations", async () => {
          const { syncIssueAnnotations } = await import("./annotations.ts");
          await syncIssueAnnotations(context, item, body.createdAt);
        });
      }
      if (settings.issueSync === "deepsource") {
        await context.attempt("Issue sync", async () => {
          const sync = await import("./issue-sync.ts");
          if (introduced) await sync.openIssue(context, item, body.createdAt);
          else await sync.closeIssue(context, item, body.createdAt, occurrences);
        });
      }
    },
    failures(failOn) {
      if (!introduced || !failOn.has("issues-introduced") || occurrences === 0) return [];
      return [
        `DeepSource found ${count(occurrences, "new occurrence")} of ${item.issue.shortcode} (${item.issue.title.slice(0, 120)}) in ${shortSha(item.repository.latestCommitOid)}`,
      ];
    },
  };
}

function repositoryAnalysis(
  body: DeepsourceEvent<"repository.analysis.activated" | "repository.analysis.deactivated">,
): ReceivedEvent {
  const repository = body.data.object;
  return {
    title: `DeepSource analysis ${repository.isActivated ? "activated" : "deactivated"} for ${escapeText(repositoryName(repository))}`,
    outputs: {
      ...repositoryOutputs(repository),
      status: repository.isActivated ? "ACTIVATED" : "DEACTIVATED",
    },
    facts: [
      ...repositoryFacts(repository),
      ["Default branch", code(repository.defaultBranch, true)],
    ],
    ...nothingToDo,
  };
}

function teamMember(
  body: DeepsourceEvent<"team_member.added" | "team_member.removed" | "team_member.updated">,
): ReceivedEvent {
  const member: TeamMember = body.data.object;
  const change =
    body.type === "team_member.updated"
      ? `${body.data.oldRole} → ${body.data.newRole}`
      : body.type.slice("team_member.".length);
  return {
    title: `DeepSource team ${escapeText(member.team.login)}: member ${escapeText(change)}`,
    outputs: { status: member.role },
    facts: [
      ["Team", link(member.team.login, member.team.vcsUrl)],
      ["Member", cell(`${member.user.firstName} ${member.user.lastName}`.trim())],
      ["Role", cell(member.role)],
    ],
    ...nothingToDo,
  };
}

function describe(body: Known): ReceivedEvent {
  switch (body.type) {
    case "analysis_run.started":
    case "analysis_run.updated":
      return analysisRun(body);
    case "autofix_run.started":
    case "autofix_run.updated":
      return autofixRun(body);
    case "repository_issue.introduced":
    case "repository_issue.resolved":
      return repositoryIssue(body);
    case "repository.analysis.activated":
    case "repository.analysis.deactivated":
      return repositoryAnalysis(body);
    case "team_member.added":
    case "team_member.removed":
    case "team_member.updated":
      return teamMember(body);
    case "test.event":
      return {
        title: "DeepSource test event",
        outputs: { status: "TEST" },
        facts: [["Result", "The webhook reached this workflow and its signature holds."]],
        ...nothingToDo,
      };
  }
}

/** The DeepSource repository an event is about; team and test events name none. */
function repositoryOf(body: Known): Repository | undefined {
  switch (body.type) {
    case "analysis_run.started":
    case "analysis_run.updated":
    case "autofix_run.started":
    case "autofix_run.updated":
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
 * in the summary why nothing was done, and the step succeeds.
 */
function onlyForThisRepository(
  received: ReceivedEvent,
  repository: Repository,
  scope: ReactionScope,
): ReceivedEvent {
  const named = repositoryPath(repository);
  const { runner, settings } = scope;
  const here = runner.owner && runner.repo ? `${runner.owner}/${runner.repo}` : undefined;
  const wanted = settings.repository ?? here;
  if (wanted === undefined || named.toLowerCase() === wanted.toLowerCase()) return received;
  return {
    ...received,
    async react(context) {
      context.logger.info(
        `This DeepSource event is for ${named}, not ${wanted}, so nothing was done: DeepSource sends every repository's events to the organisation's webhook. If DeepSource knows this repository as ${named}, set the repository input to ${named}.`,
      );
      context.report.record({
        reaction: "Repository",
        target: escapeText(here ?? wanted),
        result: `skipped: the event is for ${escapeText(named)}`,
      });
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
    const described = describe(body);
    const repository = repositoryOf(body);
    const received = repository ? onlyForThisRepository(described, repository, scope) : described;
    return { ...received, outputs: { ...received.outputs, object } };
  },
};
