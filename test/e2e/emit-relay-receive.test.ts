/**
 * The loop a user builds from two repositories: the built emit action in one turns a push into a
 * signed Deveo hook → the Node relay verifies it and dispatches to the other → the built receive
 * action there verifies the relayed bytes again and hands the push to later steps as outputs.
 * Both bundles run as processes of their own, as a runner runs them: these are the bundles' smoke
 * tests for the push providers (test/receive/bundle.test.ts has the others).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClientPayload } from "../../src/core/envelope.ts";
import { type NodeRelay, startNodeRelay } from "../../src/relay/node-server.ts";
import { branchCreation } from "../emit/github-events.ts";
import { dispatch, TOKEN } from "../receive/support.ts";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import { runAction } from "../support/run-action.ts";
import { runEmit } from "../support/run-in-process.ts";

/** The repository the push happens in, and the one the relay dispatches to. */
const SOURCE = "octo-org/emitter";
const TARGET = "octo-org/receiver";
const SECRET = "deveo-loop-secret-0123456789";

let gh: GitHubStandIn;
let relay: NodeRelay;
beforeAll(async () => {
  gh = await startGitHubStandIn();
  relay = await startNodeRelay({
    env: {
      HOOKBRIDGE_REPOSITORY: TARGET,
      // The emit action's status output is the relay's answer: 204 means GitHub accepted.
      HOOKBRIDGE_DELIVERY: "sync",
      HOOKBRIDGE_GITHUB_TOKEN: "ghp_LoopRelayToken0123456789abcdefghijkl",
      HOOKBRIDGE_GITHUB_API_URL: gh.url,
      HOOKBRIDGE_SECRET_DEVEO: SECRET,
      HOOKBRIDGE_SECRET_GITHUB: SECRET,
    },
    port: 0,
    host: "127.0.0.1",
    logger: () => {},
  });
});
afterAll(async () => {
  await relay?.close();
  await gh?.close();
});

function dispatches(): ClientPayload[] {
  return gh.state.repo(TARGET).dispatches.map((record) => record.client_payload as ClientPayload);
}

describe("emit → relay → receive", () => {
  it.each([
    ["deveo", "json"],
    ["deveo", "form"],
    ["github", "json"],
  ] as const)(
    "a push emitted to /%s as %s arrives as outputs ref/after in the other repository",
    async (route, contentType) => {
      const push = branchCreation();
      const before = dispatches().length;
      const emitted = await runAction({
        bundle: "dist/emit/index.js",
        eventName: "push",
        event: push,
        inputs: {
          url: `${relay.url}/${route}`,
          secret: SECRET,
          "content-type": contentType,
          retries: "0",
        },
        env: { GITHUB_REPOSITORY: SOURCE, GITHUB_SHA: push.after },
      });
      expect(emitted.code, emitted.stdout).toBe(0);
      expect(emitted.outputs.status).toBe("204");
      expect(emitted.summary).toContain("<h3>hookbridge emit: push, 1 of 1 delivered</h3>");

      const sent = dispatches().slice(before);
      expect(sent).toHaveLength(1);
      const payload = sent[0] as ClientPayload;
      expect(payload).toMatchObject({
        provider: route,
        event: "push",
        id: emitted.outputs["delivery-id"],
      });
      expect(gh.state.repo(TARGET).dispatches.at(-1)?.event_type).toBe(`${route}.push`);

      const received = await dispatch(gh, payload, {
        repo: TARGET,
        inputs: { secret: SECRET, "github-token": TOKEN },
        bundle: true,
      });
      expect(received.code, received.stdout).toBe(0);
      expect(received.outputs).toMatchObject({
        provider: route,
        event: "push",
        id: emitted.outputs["delivery-id"],
        ref: push.ref,
        after: push.after,
        before: push.before,
        commit: push.after,
        branch: push.ref.replace("refs/heads/", ""),
        "commit-count": String(push.commits.length),
        repository: push.repository.full_name,
        status: "created",
      });
      expect(gh.violations).toEqual([]);
    },
  );

  it("the relay refuses a push signed with another secret, and nothing reaches the other repository", async () => {
    const before = dispatches().length;
    const emitted = await runEmit({
      eventName: "push",
      event: branchCreation(),
      inputs: { url: `${relay.url}/deveo`, secret: "not-the-relay-secret", retries: "0" },
      env: { GITHUB_REPOSITORY: SOURCE },
    });
    expect(emitted.code).toBe(1);
    expect(emitted.outputs.status).toBe("401");
    expect(dispatches()).toHaveLength(before);
  });
});
