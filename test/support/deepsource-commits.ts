/**
 * A default-branch commit's DeepSource events as DeepSource sends them: the analysis run starts
 * and ends, then one event per issue introduced or resolved. Shared by the batching test and its
 * bench, so both play the same scenario.
 */
import type { Clock } from "../../src/relay/clock.ts";
import { type NodeRelay, startNodeRelay } from "../../src/relay/hosts/node/server.ts";
import { fixture, SECRETS, uniqueId } from "../relay/support.ts";

export const COMMITS = [
  "1111111111111111111111111111111111111111",
  "2222222222222222222222222222222222222222",
] as const;

// biome-ignore lint/suspicious/noExplicitAny: the samples are reshaped freely
type Json = any;

function sampleJson(event: string): Json {
  return JSON.parse(new TextDecoder().decode(fixture("deepsource", event)));
}

function about(json: Json, repo: string, commit: string): Json {
  const object = json.data.object;
  object.repository.vcsUrl = `https://github.com/${repo}`;
  object.repository.name = repo.split("/")[1];
  object.repository.account.login = repo.split("/")[0];
  if ("commitOid" in object) object.commitOid = commit;
  if ("latestCommitOid" in object.repository) object.repository.latestCommitOid = commit;
  json.id = uniqueId();
  return json;
}

function analysisRun(repo: string, commit: string, status: string, event: string): Json {
  const json = about(sampleJson(event), repo, commit);
  json.data.object.runUid = `run-${repo}-${commit}`;
  json.data.object.status = status;
  json.data.object.updatedAt = status === "PENDING" ? 1_700_000_100 : 1_700_000_200;
  return json;
}

function repositoryIssue(repo: string, commit: string, code: string, event: string): Json {
  const json = about(sampleJson(event), repo, commit);
  const object = json.data.object;
  object.id = `ri-${repo}-${code}`;
  object.issue.shortcode = code;
  object.issue.title = `Issue ${code}`;
  for (const occurrence of object.occurrences ?? []) occurrence.path = `src/${code}.go`;
  return json;
}

/** A commit's events as DeepSource sends them: the run starts, ends, then one per issue. */
export function commitEvents(repo: string, index: 0 | 1): Json[] {
  const commit = COMMITS[index];
  const introduced =
    index === 0 ? ["GO-1", "GO-2", "GO-3", "GO-4", "GO-5", "GO-6"] : ["GO-7", "GO-8"];
  const resolved = index === 0 ? [] : ["GO-1", "GO-2"];
  return [
    analysisRun(repo, commit, "PENDING", "analysis_run.started"),
    analysisRun(repo, commit, index === 0 ? "SUCCESS" : "FAILURE", "analysis_run.updated"),
    ...introduced.map((code) => repositoryIssue(repo, commit, code, "repository_issue.introduced")),
    ...resolved.map((code) => repositoryIssue(repo, commit, code, "repository_issue.resolved")),
  ];
}

/** The Node queue these commits are played against: both repositories listed, `final` mode. */
export function startCommitRelay(options: {
  readonly repos: readonly string[];
  readonly apiUrl: string;
  readonly dataDir: string;
  readonly clock: Clock;
  readonly window: string;
}): Promise<NodeRelay> {
  return startNodeRelay({
    env: {
      HOOKBRIDGE_REPOSITORIES: options.repos.join(","),
      HOOKBRIDGE_GITHUB_TOKEN: "ghp_CommitScenarioToken0123456789abcdefg",
      HOOKBRIDGE_GITHUB_API_URL: options.apiUrl,
      HOOKBRIDGE_SECRET_DEEPSOURCE: SECRETS.deepsource,
      HOOKBRIDGE_DELIVERY: "queue",
      HOOKBRIDGE_DATA_DIR: options.dataDir,
      HOOKBRIDGE_DEEPSOURCE_ANALYSIS: "final",
      HOOKBRIDGE_DISPATCH_RATE: "6000",
      HOOKBRIDGE_BATCH_WINDOW: options.window,
    },
    port: 0,
    host: "127.0.0.1",
    clock: options.clock,
    logger: () => {},
  });
}
