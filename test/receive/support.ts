/**
 * Builds deliveries exactly as the relay does (provider signature over the raw bytes, the relay's
 * signature over the envelope's fields, then `encodeDispatch`) and runs the built receive action
 * against the GitHub stand-in.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { toBase64, utf8 } from "../../src/core/bytes.ts";
import {
  type ClientPayload,
  decodeDispatch,
  encodeDispatch,
  type RelayedEvent,
} from "../../src/core/envelope.ts";
import { ENVELOPE_SIGNATURE_HEADER, signEnvelope } from "../../src/core/envelope-signature.ts";
import { gzip } from "../../src/core/gzip.ts";
import { deepsourceSignature } from "../../src/core/signatures/index.ts";
import { repositoryPath } from "../../src/receive/deepsource/format.ts";
import type { GitHubStandIn, RecordedRequest } from "../support/github-stand-in/index.ts";
import { type ActionRun, type ActionRunOptions, ROOT, runAction } from "../support/run-action.ts";
import { runReceive } from "../support/run-in-process.ts";

export const BUNDLE = "dist/receive/index.js";
export const SECRET = "hookbridge-test-secret-0123456789";
export const TOKEN = "ghs_standintoken";

/**
 * DeepSource's samples name commits with placeholders that are not SHAs (41 and 42 characters,
 * or letters past f). GitHub attaches check runs only to real commits, so tests that need the
 * reactions swap these strings for well-formed SHAs; every other byte stays as printed.
 */
export const PLACEHOLDER_COMMITS: Readonly<Record<string, string>> = {
  "99da4fzf3e680e28c3z86afebz3693d3f80bf67b": "99da4f0f3e680e28c3086afeb03693d3f80bf67b",
  "07e790b6d5a7e720acf5f2af4b707c2ff1cabceed": "07e790b6d5a7e720acf5f2af4b707c2ff1cabcee",
  "72df1dcc3dd4d3211746a236f553065416d3766723": "72df1dcc3dd4d3211746a236f553065416d37667",
};

export const COMMIT = {
  analysed: "99da4f0f3e680e28c3086afeb03693d3f80bf67b",
  latest: "72df1dcc3dd4d3211746a236f553065416d37667",
  autofixSource: "898d5b958d9cca3e6ced85002e66748e149760f7",
} as const;

export type DeepSourceSample =
  | "analysis_run.started"
  | "analysis_run.updated"
  | "autofix_run.started"
  | "autofix_run.updated"
  | "repository.analysis.activated"
  | "repository.analysis.deactivated"
  | "repository_issue.introduced"
  | "repository_issue.resolved"
  | "team_member.added"
  | "team_member.removed"
  | "team_member.updated"
  | "test.event";

/** The sample's bytes exactly as stored. */
export function sample(event: DeepSourceSample): Uint8Array<ArrayBuffer> {
  return new Uint8Array(readFileSync(join(ROOT, "test/fixtures/deepsource", `${event}.json`)));
}

/** The sample's bytes with placeholder commits replaced by SHAs. */
export function sampleWithCommits(event: DeepSourceSample): Uint8Array<ArrayBuffer> {
  let text = new TextDecoder().decode(sample(event));
  for (const [placeholder, sha] of Object.entries(PLACEHOLDER_COMMITS))
    text = text.replaceAll(placeholder, sha);
  return utf8(text);
}

/** A different delivery built from a sample: parsed, changed, printed with two-space indents. */
// biome-ignore lint/suspicious/noExplicitAny: tests reshape payloads freely, into invalid shapes too
export function edited(bytes: Uint8Array, change: (json: any) => void): Uint8Array<ArrayBuffer> {
  const json = JSON.parse(new TextDecoder().decode(bytes));
  change(json);
  return utf8(`${JSON.stringify(json, null, 2)}\n`);
}

/**
 * The `client_payload` the relay dispatches for a verified event: the forwarded headers plus its
 * signature over provider, event, id, received_at and body, under `secret` (src/relay/http/handler.ts
 * signs with the provider's first configured secret).
 */
export async function relayPayload(event: RelayedEvent, secret: string): Promise<ClientPayload> {
  const headers = {
    ...event.headers,
    [ENVELOPE_SIGNATURE_HEADER]: await signEnvelope(event, secret),
  };
  return (await encodeDispatch({ ...event, headers })).client_payload;
}

export interface EnvelopeOptions {
  readonly secret?: string;
  /** Defaults to the body's `type`. */
  readonly event?: string;
  readonly id?: string;
  readonly receivedAt?: string;
  /** Force `body_gzip` even for a small body. */
  readonly gzip?: boolean;
}

/** The `client_payload` the relay would dispatch for these bytes. */
export async function envelope(
  body: Uint8Array<ArrayBuffer>,
  options: EnvelopeOptions = {},
): Promise<ClientPayload> {
  let json: { id?: string; type?: string } = {};
  try {
    json = JSON.parse(new TextDecoder().decode(body));
  } catch {
    // Not JSON: the test says which event it claims to be.
  }
  const secret = options.secret ?? SECRET;
  const payload = await relayPayload(
    {
      provider: "deepsource",
      event: options.event ?? json.type ?? "unknown",
      id: options.id ?? json.id ?? "delivery",
      receivedAt: options.receivedAt ?? new Date().toISOString(),
      headers: await deepsourceSignature.sign(body, secret),
      body,
    },
    secret,
  );
  if (!options.gzip || payload.body_gzip !== undefined) return payload;
  const { body: _text, ...rest } = payload;
  return { ...rest, body_gzip: toBase64(await gzip(body)) };
}

let serial = 0;

/** A repository name of its own for each test, so tests sharing one stand-in never meet. */
export function freshRepo(label: string): string {
  serial += 1;
  return `octo-org/${label.replace(/[^\w-]+/g, "-")}-${process.pid}-${serial}`;
}

export interface DispatchOptions {
  readonly repo: string;
  readonly inputs?: Record<string, string>;
  readonly env?: Record<string, string>;
  /** Spawn the built bundle as a runner does, instead of running `run()` from source in process. */
  readonly bundle?: boolean;
}

/**
 * Runs the receive action: `run()` from source in this process, or with `bundle` the built
 * `dist/receive/index.js` as a process of its own, with the same runner files and environment.
 */
export function receiveAction(
  options: Omit<ActionRunOptions, "bundle">,
  bundle = false,
): Promise<ActionRun> {
  return bundle ? runAction({ ...options, bundle: BUNDLE }) : runReceive(options);
}

/**
 * The repository a DeepSource delivery names (`owner/name` from its `vcsUrl`), or undefined for
 * events about no repository and for anything that is not a readable DeepSource envelope.
 */
export async function deepsourceRepository(payload: unknown): Promise<string | undefined> {
  try {
    const relayed = await decodeDispatch(payload);
    if (relayed.provider !== "deepsource") return undefined;
    const json = JSON.parse(new TextDecoder().decode(relayed.body));
    const object = json?.data?.object;
    const repository = relayed.event.startsWith("repository.") ? object : object?.repository;
    return repository ? repositoryPath(repository) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs the action on a `repository_dispatch` carrying this envelope. Each test reacts in a
 * repository of its own while the samples name DeepSource's demo repositories, so unless a test
 * sets the `repository` input itself, it is set to the repository the delivery names: the way a
 * workflow acts on a DeepSource repository known under another name. repository.test.ts covers
 * the default input, and deliveries for other repositories.
 */
export async function dispatch(
  gh: GitHubStandIn,
  payload: ClientPayload | unknown,
  options: DispatchOptions,
): Promise<ActionRun> {
  const [owner = "", name = ""] = options.repo.split("/");
  const { provider, event } = payload as { provider?: string; event?: string };
  const named =
    options.inputs?.repository === undefined ? await deepsourceRepository(payload) : undefined;
  return receiveAction(
    {
      eventName: "repository_dispatch",
      event: {
        action: `${provider}.${event}`,
        client_payload: payload,
        repository: { name, full_name: options.repo, owner: { login: owner } },
        sender: { login: "hookbridge-relay[bot]" },
      },
      inputs: {
        secret: SECRET,
        "github-token": TOKEN,
        ...(named ? { repository: named } : {}),
        ...options.inputs,
      },
      env: { GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: options.repo, ...options.env },
    },
    options.bundle,
  );
}

/** The requests one test made, by repository. */
export function requestsFor(gh: GitHubStandIn, repo: string): RecordedRequest[] {
  return gh.requests.filter((request) => request.path.startsWith(`/repos/${repo}/`));
}

/** The workflow commands of one kind, e.g. every `::error::` message. */
export function messages(run: ActionRun, command: string): string[] {
  return run.commands.filter((entry) => entry.command === command).map((entry) => entry.message);
}
