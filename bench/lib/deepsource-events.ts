import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./runner.ts";

/** Full SHAs in place of the samples' placeholders, which GitHub would refuse to attach checks to. */
export const ANALYSED_SHA = "99da4f0f3e680e28c3086afeb03693d3f80bf67b";
export const LATEST_SHA = "72df1dcc3dd4d3211746a236f553065416d37667";

// biome-ignore lint/suspicious/noExplicitAny: the samples are reshaped freely, then validated by the code under test
type Json = any;

function sample(event: string): Json {
  return JSON.parse(readFileSync(join(ROOT, "test/fixtures/deepsource", `${event}.json`), "utf8"));
}

function bytes(json: Json): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`${JSON.stringify(json, null, 2)}\n`);
}

/** analysis_run.updated with its three checks, the Go check reporting `occurrences` new ones. */
export function analysisRunUpdated(occurrences: number): Uint8Array<ArrayBuffer> {
  const json = sample("analysis_run.updated");
  const run = json.data.object;
  run.commitOid = ANALYSED_SHA;
  run.baseOid = LATEST_SHA;
  run.repository.latestCommitOid = LATEST_SHA;
  const antiPattern = Math.ceil((occurrences * 2) / 3);
  const categories = [
    {
      object: "OccurrenceDistributionByCategory",
      category: "ANTI_PATTERN",
      introduced: antiPattern,
    },
    {
      object: "OccurrenceDistributionByCategory",
      category: "BUG_RISK",
      introduced: occurrences - antiPattern,
    },
  ];
  run.summary.occurrencesIntroduced = occurrences;
  run.summary.occurrenceDistributionByCategory = categories;
  for (const entry of run.summary.occurrenceDistributionByAnalyzer) {
    entry.introduced = entry.analyzerShortcode === "go" ? occurrences : 0;
  }
  const go = run.checks.find((check: Json) => check.analyzer.shortcode === "go");
  go.summary.occurrencesIntroduced = occurrences;
  go.summary.occurrenceDistributionByCategory = categories;
  return bytes(json);
}

/** repository_issue.introduced with `occurrences` occurrences on distinct lines. */
export function repositoryIssueIntroduced(occurrences: number): Uint8Array<ArrayBuffer> {
  const json = sample("repository_issue.introduced");
  const item = json.data.object;
  item.repository.latestCommitOid = LATEST_SHA;
  const [first] = item.occurrences;
  item.occurrences = Array.from({ length: occurrences }, (_, i) => ({
    ...first,
    id: `${first.id}-${i}`,
    path: `pkg/module${i % 7}.go`,
    beginLine: 10 + i,
    endLine: 10 + i,
  }));
  json.data.issueOccurrencesIntroduced = occurrences;
  return bytes(json);
}

export function testEvent(): Uint8Array<ArrayBuffer> {
  return bytes(sample("test.event"));
}
