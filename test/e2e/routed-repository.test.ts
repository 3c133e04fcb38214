/**
 * The repository an event is about is decided once, by the relay (its HOOKBRIDGE_REPOSITORIES
 * mappings applied), signed into the envelope, and acted on by the receive action: a mapping is
 * never repeated in the workflow's `repository` input.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ENVELOPE_SIGNATURE_HEADER,
  ENVELOPE_SIGNATURE_V2_HEADER,
} from "../../src/core/envelope-signature.ts";
import { sampleWithCommits } from "../receive/support.ts";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import { actionRequests, deliver, startPipeline } from "./pipeline.ts";

let gh: GitHubStandIn;
beforeAll(async () => {
  gh = await startGitHubStandIn();
});
afterAll(() => gh.close());

/** No repository input: the action goes by what the envelope says. */
const NO_INPUT = { repository: "" };
/** The sample's vcsUrl names github.com/deepsourcelabs/demo-go. */
const NAMED = "deepsourcelabs/demo-go";

/** A relay that maps the sample's repository to the pipeline's, and the envelope it dispatched. */
async function mappedDispatch(label: string) {
  const pipeline = startPipeline(gh, label, (repo) => ({
    HOOKBRIDGE_REPOSITORIES: `${NAMED}=${repo}`,
  }));
  const posted = await pipeline.post(
    "deepsource",
    sampleWithCommits("repository_issue.introduced"),
  );
  if (!posted.payload) throw new Error(`not dispatched: ${JSON.stringify(posted.answer)}`);
  return { pipeline, payload: posted.payload };
}

describe.concurrent("the routed repository, signed into the envelope", () => {
  it("acts where HOOKBRIDGE_REPOSITORIES maps the event, with no repository input", async () => {
    const pipeline = startPipeline(gh, "mapped", (repo) => ({
      HOOKBRIDGE_REPOSITORIES: `${NAMED}=${repo}`,
    }));
    const { run, payload } = await deliver(
      pipeline,
      "deepsource",
      sampleWithCommits("repository_issue.introduced"),
      { inputs: NO_INPUT },
    );
    expect(payload.repository).toBe(pipeline.repo);
    expect(payload.headers[ENVELOPE_SIGNATURE_V2_HEADER]).toMatch(/^sha256=/);
    expect(run.code, run.stdout).toBe(0);
    expect(run.summary).not.toContain("skipped: the event is for");
    expect(gh.state.repo(pipeline.repo).checkRuns.map((check) => check.name)).toEqual([
      "DeepSource: CRT-A0016",
    ]);
    expect(gh.violations).toEqual([]);
  });

  it("still does nothing for an event the relay says is about another repository", async () => {
    // No mapping: the relay's default takes every event, and the envelope says which it is about.
    const pipeline = startPipeline(gh, "default-route");
    const { run, payload } = await deliver(
      pipeline,
      "deepsource",
      sampleWithCommits("repository_issue.introduced"),
      { inputs: NO_INPUT },
    );
    expect(payload.repository).toBe(NAMED);
    expect(run.code, run.stdout).toBe(0);
    expect(run.summary).toContain(`skipped: the event is for ${NAMED}`);
    expect(actionRequests(gh, pipeline.repo)).toEqual([]);
  });

  it("lets the repository input override it", async () => {
    const { pipeline, payload } = await mappedDispatch("override");
    const run = await pipeline.receive(payload, { repository: "someone/else" });
    expect(run.code, run.stdout).toBe(0);
    expect(run.summary).toContain(`skipped: the event is for ${NAMED}`);
    expect(actionRequests(gh, pipeline.repo)).toEqual([]);
  });

  it("refuses an envelope whose repository was changed, added or stripped of its signature", async () => {
    const { pipeline, payload } = await mappedDispatch("tampered");
    const { repository: _repository, ...withoutRepository } = payload;
    const { [ENVELOPE_SIGNATURE_V2_HEADER]: _v2, ...v1Headers } = payload.headers;
    for (const forged of [
      { ...payload, repository: "someone/else" },
      // The field alone removed: the second signature no longer matches.
      withoutRepository,
      // The second signature removed, the field kept: nothing signs it.
      { ...payload, headers: v1Headers },
    ]) {
      const run = await pipeline.receive(forged, NO_INPUT);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(`${ENVELOPE_SIGNATURE_V2_HEADER}`);
    }
    // Both removed, it is an envelope of an older relay: verified, and judged by what DeepSource
    // names, as before (so nothing is done here).
    const older = await pipeline.receive({ ...withoutRepository, headers: v1Headers }, NO_INPUT);
    expect(older.code, older.stdout).toBe(0);
    expect(older.summary).toContain(`skipped: the event is for ${NAMED}`);
    expect(v1Headers[ENVELOPE_SIGNATURE_HEADER]).toMatch(/^sha256=/);
    expect(actionRequests(gh, pipeline.repo)).toEqual([]);
  });
});
