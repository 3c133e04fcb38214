/**
 * The built receive bundle, run as a runner runs it, once for each provider the push loop in
 * test/e2e/emit-relay-receive.test.ts does not already carry: it verifies, sets the outputs and
 * reacts as `run()` from source does on the same dispatch. Every other behaviour test runs the
 * source in process.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProviderName } from "../../src/core/providers.ts";
import { deliver, startPipeline, visibleIssues } from "../e2e/pipeline.ts";
import { fixture } from "../relay/support.ts";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import type { ActionRun } from "../support/run-action.ts";
import { sampleWithCommits } from "./support.ts";

let gh: GitHubStandIn;
beforeAll(async () => {
  gh = await startGitHubStandIn();
});
afterAll(() => gh.close());

/** The log lines a reader sees, without debug lines. */
const log = (run: ActionRun) =>
  run.stdout.split("\n").filter((line) => !line.startsWith("::debug::"));

const STANDARD = new TextEncoder().encode(
  `{"type":"invoice.paid","timestamp":"${new Date().toISOString()}","data":{"id":"in_1","amount":4200}}`,
);

const SAMPLES: [ProviderName, string, () => Uint8Array<ArrayBuffer>][] = [
  ["deepsource", "analysis_run.updated", () => sampleWithCommits("analysis_run.updated")],
  [
    "devrev",
    "work_created",
    () => {
      const json = JSON.parse(new TextDecoder().decode(fixture("devrev", "work_created")));
      json.timestamp = new Date().toISOString();
      return new TextEncoder().encode(JSON.stringify(json));
    },
  ],
  ["dejacode", "request.added", () => fixture("dejacode", "request.added")],
  ["standard", "invoice.paid", () => STANDARD],
];

describe.concurrent("dist/receive/index.js, spawned as a runner runs it", () => {
  for (const [provider, event, body] of SAMPLES) {
    it(`${provider} ${event}: the same outputs, issues and log as the source`, async () => {
      const bundled = startPipeline(gh, `bundle-${provider}`);
      const source = startPipeline(gh, `source-${provider}`);
      const { run, payload } = await deliver(bundled, provider, body(), { bundle: true });
      // The same dispatch, in a repository of its own.
      const expected = await source.receive(payload);
      expect(run.stderr).toBe("");
      expect(run.code, run.stdout).toBe(expected.code);
      expect(run.outputs.provider).toBe(provider);
      expect(run.outputs.event).toBe(event);
      expect(run.outputs).toEqual(expected.outputs);
      // The same log, bar debug lines (a bundle's stack traces are minified).
      expect(log(run)).toEqual(log(expected));
      expect(visibleIssues(gh, bundled.repo)).toEqual(visibleIssues(gh, source.repo));
      expect(run.summary.length).toBeGreaterThan(0);
    });
  }
});
