/**
 * The loop a user builds from two repositories: the built emit action in one turns a push into a
 * signed Deveo hook → the Node relay verifies it and dispatches to the other → the built receive
 * action there verifies the relayed bytes again and hands the push to later steps as outputs.
 * Both bundles run as processes of their own, as a runner runs them: these are the bundles' smoke
 * tests for the push providers (test/receive/bundle.test.ts has the others).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClientPayload } from "../../src/core/envelope.ts";
import { type NodeRelay, startNodeRelay } from "../../src/relay/hosts/node/server.ts";
import { branchCreation } from "../emit/github-events.ts";
import { dispatch, TOKEN } from "../receive/support.ts";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import { runAction } from "../support/run-action.ts";
import { runEmit } from "../support/run-in-process.ts";

/** The repository the push happens in, and the one the relay dispatches to. */
const SOURCE = "octo-org/emitter";
const TARGET = "octo-org/receiver";
const SECRET = "deveo-loop-secret-0123456789";
/** `signature: standard` needs a Standard Webhooks key, for emit and the relay's /standard alike. */
const WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

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
      HOOKBRIDGE_SECRET_STANDARD: WHSEC,
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

/** The built emit bundle on a push, as a runner runs it, delivering once to the relay. */
function emitBundle(push: ReturnType<typeof branchCreation>, inputs: Record<string, string>) {
  return runAction({
    bundle: "dist/emit/index.js",
    eventName: "push",
    event: push,
    inputs: { retries: "0", ...inputs },
    env: { GITHUB_REPOSITORY: SOURCE, GITHUB_SHA: push.after },
  });
}

/** The built receive bundle on a dispatch in the other repository. */
function receiveBundle(payload: ClientPayload, secret: string) {
  return dispatch(gh, payload, {
    repo: TARGET,
    inputs: { secret, "github-token": TOKEN },
    bundle: true,
  });
}

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
      const emitted = await emitBundle(push, {
        url: `${relay.url}/${route}`,
        secret: SECRET,
        "content-type": contentType,
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

      const received = await receiveBundle(payload, SECRET);
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

  it("a push emitted with signature: standard to /standard arrives as a Standard Webhooks event named push", async () => {
    const push = branchCreation();
    const before = dispatches().length;
    const emitted = await emitBundle(push, {
      url: `${relay.url}/standard`,
      secret: WHSEC,
      signature: "standard",
    });
    expect(emitted.code, emitted.stdout).toBe(0);
    expect(emitted.outputs.status).toBe("204");
    const deliveryId = emitted.outputs["delivery-id"];

    // The push hook has no `type`: the relay names it by emit's X-Hookbridge-Event, and its id
    // is the signed webhook-id, which emit sets to the delivery id.
    const sent = dispatches().slice(before);
    expect(sent).toHaveLength(1);
    const payload = sent[0] as ClientPayload;
    expect(payload).toMatchObject({ provider: "standard", event: "push", id: deliveryId });
    expect(gh.state.repo(TARGET).dispatches.at(-1)?.event_type).toBe("standard.push");

    const received = await receiveBundle(payload, WHSEC);
    expect(received.code, received.stdout).toBe(0);
    expect(received.outputs).toMatchObject({ provider: "standard", event: "push", id: deliveryId });
    expect(JSON.parse(received.outputs.object ?? "")).toMatchObject({
      ref: push.ref,
      after: push.after,
      hookbridge: { delivery: deliveryId },
    });
    expect(gh.violations).toEqual([]);
  });

  it("the same push emitted twice is two events, not a copy: each delivery's bytes carry its own id", async () => {
    const push = branchCreation();
    const before = dispatches().length;
    const ids: string[] = [];
    for (let run = 0; run < 2; run += 1) {
      const emitted = await runEmit({
        eventName: "push",
        event: push,
        inputs: { url: `${relay.url}/deveo`, secret: SECRET, retries: "0" },
        env: { GITHUB_REPOSITORY: SOURCE },
      });
      expect(emitted.code, emitted.stdout).toBe(0);
      expect(emitted.outputs.status).toBe("204");
      ids.push(emitted.outputs["delivery-id"] ?? "");
    }
    expect(
      dispatches()
        .slice(before)
        .map((payload) => payload.id),
    ).toEqual(ids);
  });

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
