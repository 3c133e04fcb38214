import { createHmac } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { encodeDispatch } from "../../../src/core/envelope.ts";
import { ENVELOPE_SIGNATURE_HEADER, signEnvelope } from "../../../src/core/envelope-signature.ts";
import type { GitHubStandIn } from "../../support/github-stand-in/index.ts";
import { type ActionRun, ROOT, runAction } from "../../support/run-action.ts";
import { runReceive } from "../../support/run-in-process.ts";

/**
 * The action under test: `run()` from source in process, unless FAULTS_RECEIVE_BUNDLE names a
 * build to spawn as a runner would (relative to the repository root, or absolute), such as
 * dist/receive/index.js or a build of another version.
 */
export const RECEIVE_BUNDLE = process.env.FAULTS_RECEIVE_BUNDLE
  ? relative(ROOT, resolve(ROOT, process.env.FAULTS_RECEIVE_BUNDLE))
  : undefined;

/** Whether the action under test can run: source always can, a named build once it exists. */
export const receiveReady = RECEIVE_BUNDLE === undefined || existsSync(join(ROOT, RECEIVE_BUNDLE));

/** What a test title says when the named build is not there. */
export function receiveTitle(name: string): string {
  return receiveReady ? name : `skipped: ${RECEIVE_BUNDLE} is not built yet (npm run build)`;
}
export const RECEIVE_SECRET = "faults-receive-secret-0123456789";
export const RECEIVE_TOKEN = "ghs_FaultSuiteReceiveToken0123456789";

/**
 * DeepSource's samples name commits with placeholders that are not SHAs; GitHub attaches checks
 * only to real commits, so these become well-formed SHAs and every other byte stays.
 */
const PLACEHOLDER_COMMITS: Readonly<Record<string, string>> = {
  "99da4fzf3e680e28c3z86afebz3693d3f80bf67b": "99da4f0f3e680e28c3086afeb03693d3f80bf67b",
  "07e790b6d5a7e720acf5f2af4b707c2ff1cabceed": "07e790b6d5a7e720acf5f2af4b707c2ff1cabcee",
  "72df1dcc3dd4d3211746a236f553065416d3766723": "72df1dcc3dd4d3211746a236f553065416d37667",
};

/** The commit DeepSource's Autofix samples start from: its pull request must exist. */
export const AUTOFIX_SOURCE_SHA = "898d5b958d9cca3e6ced85002e66748e149760f7";

export interface DeepSourceDelivery {
  readonly name: string;
  readonly body: Uint8Array<ArrayBuffer>;
}

/** Every DeepSource sample, in lifecycle order (file order: started before updated, …). */
export function deepsourceDeliveries(): DeepSourceDelivery[] {
  const dir = join(ROOT, "test/fixtures/deepsource");
  return readdirSync(dir)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => {
      let text = readFileSync(join(dir, file), "utf8");
      for (const [placeholder, sha] of Object.entries(PLACEHOLDER_COMMITS)) {
        text = text.replaceAll(placeholder, sha);
      }
      return { name: file.slice(0, -".json".length), body: new TextEncoder().encode(text) };
    });
}

/** Runs the receive action on the repository_dispatch the relay would cause. */
export async function receive(
  gh: GitHubStandIn,
  repo: string,
  delivery: DeepSourceDelivery,
  inputs: Record<string, string>,
): Promise<ActionRun> {
  const json = JSON.parse(new TextDecoder().decode(delivery.body)) as {
    id: string;
    type: string;
    data?: { object?: { object?: string; vcsUrl?: string; repository?: { vcsUrl?: string } } };
  };
  const relayed = {
    provider: "deepsource",
    event: json.type,
    id: json.id,
    receivedAt: new Date().toISOString(),
    body: delivery.body,
  };
  // As the relay does (src/relay/http/handler.ts): its own signature over the envelope's fields.
  const { event_type, client_payload } = await encodeDispatch({
    ...relayed,
    headers: {
      "x-deepsource-signature": createHmac("sha256", RECEIVE_SECRET)
        .update(delivery.body)
        .digest("hex"),
      [ENVELOPE_SIGNATURE_HEADER]: await signEnvelope(relayed, RECEIVE_SECRET),
    },
  });
  // The samples are about DeepSource's demo repositories; the action acts on them here only
  // when told that this repository is the one DeepSource knows by that name.
  const object = json.data?.object;
  const vcsUrl = object?.object === "Repository" ? object.vcsUrl : object?.repository?.vcsUrl;
  const named = vcsUrl ? new URL(vcsUrl).pathname.replace(/^\/+|\/+$/g, "") : undefined;
  const [owner = "", name = ""] = repo.split("/");
  const run = {
    eventName: "repository_dispatch",
    event: {
      action: event_type,
      client_payload,
      repository: { name, full_name: repo, owner: { login: owner } },
      sender: { login: "hookbridge-relay[bot]" },
    },
    inputs: {
      secret: RECEIVE_SECRET,
      "github-token": RECEIVE_TOKEN,
      ...(named ? { repository: named } : {}),
      ...inputs,
    },
    env: { GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: repo },
  };
  return RECEIVE_BUNDLE
    ? runAction({ ...run, bundle: RECEIVE_BUNDLE, timeoutMs: 60_000 })
    : runReceive(run);
}
