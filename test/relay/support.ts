import { generateKeyPairSync } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { utf8 } from "../../src/core/bytes.ts";
import { type ProviderName, signatureScheme } from "../../src/core/providers.ts";
import type { GitHubStandIn } from "../support/github-stand-in/index.ts";

export const ROOT = new URL("../../", import.meta.url).pathname;
const FIXTURES = join(ROOT, "test/fixtures");

export const REPOSITORY = "octo-org/octo-repo";
export const TOKEN = "ghp_RelayTestToken0123456789abcdefghijkl";
export const APP_ID = 424242;
export const INSTALLATION_ID = 7777;
export const DEJACODE_HEADER = "x-dejacode-token";
export const DISPATCHES = "POST /repos/{owner}/{repo}/dispatches";

export const SECRETS: Record<ProviderName, string> = {
  deepsource: "deepsource-secret-0123456789",
  devrev: "devrev-secret-value",
  dejacode: "dejacode-token-0123456789",
  deveo: "deveo-secret-value",
  github: "It's a Secret to Everybody",
  standard: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
};

/** One RSA key per test process: GitHub's download format (PKCS#1) and the public half. */
export const APP_KEY = (() => {
  const pair = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  return { privateKey: pair.privateKey, publicKey: pair.publicKey };
})();

/** Everything a value in a log line or an answer must never contain. */
export const CONFIDENTIAL = [
  ...Object.values(SECRETS),
  TOKEN,
  APP_KEY.privateKey.split("\n")[3] ?? "-",
];

/** The relays each runtime hosts: same code, different environments. */
export type Variant = "main" | "filtered" | "partial" | "app" | "routed";

/** What the `routed` relay may dispatch to: one whole owner and one repository of another. */
export const ROUTED_REPOSITORIES = "octo-org/*, other-org/beta";

export function relayEnvs(apiUrl: string): Record<Variant, Record<string, string>> {
  const secrets = Object.fromEntries(
    Object.entries(SECRETS).map(([provider, secret]) => [
      `HOOKBRIDGE_SECRET_${provider.toUpperCase()}`,
      secret,
    ]),
  );
  const main: Record<string, string> = {
    HOOKBRIDGE_REPOSITORY: REPOSITORY,
    HOOKBRIDGE_GITHUB_TOKEN: TOKEN,
    HOOKBRIDGE_GITHUB_API_URL: apiUrl,
    HOOKBRIDGE_DEJACODE_HEADER: DEJACODE_HEADER,
    // These relays answer 204 only once GitHub accepted; the queue has its own tests.
    HOOKBRIDGE_DELIVERY: "sync",
    ...secrets,
  };
  const { HOOKBRIDGE_GITHUB_TOKEN: _token, ...withoutToken } = main;
  const { HOOKBRIDGE_SECRET_DEVEO: _deveo, ...withoutDeveo } = main;
  const app: Record<string, string> = {
    ...withoutToken,
    HOOKBRIDGE_APP_ID: String(APP_ID),
    // As a one-line variable, the way most hosts store it.
    HOOKBRIDGE_APP_PRIVATE_KEY: APP_KEY.privateKey.trim().replace(/\n/g, "\\n"),
  };
  const { HOOKBRIDGE_REPOSITORY: _default, ...appWithoutDefault } = app;
  return {
    main,
    filtered: { ...main, HOOKBRIDGE_EVENTS: "deepsource.analysis_run.*, devrev.work_created" },
    partial: withoutDeveo,
    app: { ...app, HOOKBRIDGE_APP_INSTALLATION_ID: String(INSTALLATION_ID) },
    // One App, each repository's installation looked up, no default repository.
    routed: { ...appWithoutDefault, HOOKBRIDGE_REPOSITORIES: ROUTED_REPOSITORIES },
  };
}

/** A relay under test, whichever runtime hosts it. */
export interface RelayTarget {
  fetch(variant: Variant, path: string, init?: RequestInit): Promise<Response>;
  /**
   * A `main` relay of its own whose answer budget is `budgetMs` instead of the provider's, where
   * the runtime can be given one, so the deadline cases need not wait DeepSource's 8 s.
   */
  withBudget?(budgetMs: number): Promise<{
    fetch(path: string, init?: RequestInit): Promise<Response>;
    close(): Promise<void>;
  }>;
  /** The log lines written so far, as printed. */
  logs(): Promise<string[]>;
  close(): Promise<void>;
}

export function fixture(provider: string, event: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(readFileSync(join(FIXTURES, provider, `${event}.json`)));
}

export function fixtureNames(provider: string): string[] {
  return readdirSync(join(FIXTURES, provider))
    .filter((file) => file.endsWith(".json"))
    .map((file) => file.slice(0, -".json".length))
    .sort();
}

let counter = 0;
/** A delivery id no other test uses, so tests sharing one relay never see each other's ids. */
export function uniqueId(): string {
  counter += 1;
  return `${Date.now()}${String(counter).padStart(4, "0")}`;
}

/** Replaces the first `"key": "…"` value in a raw body, leaving every other byte alone. */
export function replaceField(
  body: Uint8Array,
  key: string,
  value: string,
): Uint8Array<ArrayBuffer> {
  const text = new TextDecoder().decode(body);
  const pattern = new RegExp(`("${key}":\\s*)"[^"]*"`);
  expect(pattern.test(text), `fixture has a "${key}" field`).toBe(true);
  return utf8(text.replace(pattern, `$1"${value}"`));
}

/** RFC 3339 with nanoseconds, as DevRev writes it. */
export function rfc3339Nanos(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "000000Z");
}

/** DevRev samples are dated 2022; a current timestamp keeps them inside the replay window. */
export function freshDevrev(body: Uint8Array): Uint8Array<ArrayBuffer> {
  return replaceField(body, "timestamp", rfc3339Nanos(Date.now()));
}

export interface Delivery {
  readonly label: string;
  readonly provider: ProviderName;
  readonly event: string;
  readonly body: Uint8Array<ArrayBuffer>;
  readonly headers: Record<string, string>;
}

/** Headers a provider would send: its signature, content type, and any event/id headers. */
export async function signedHeaders(
  provider: ProviderName,
  body: Uint8Array<ArrayBuffer>,
  extra: Record<string, string> = {},
  secret: string = SECRETS[provider],
): Promise<Record<string, string>> {
  const scheme = signatureScheme(provider, { tokenHeader: DEJACODE_HEADER });
  const signature = await scheme.sign(body, secret, {
    id: `msg_${uniqueId()}`,
    timestamp: Math.floor(Date.now() / 1000),
  });
  return { "content-type": "application/json", ...extra, ...signature };
}

async function delivery(
  label: string,
  provider: ProviderName,
  event: string,
  body: Uint8Array<ArrayBuffer>,
  extra: Record<string, string> = {},
): Promise<Delivery> {
  return { label, provider, event, body, headers: await signedHeaders(provider, body, extra) };
}

/**
 * Every sample fixture, signed as its provider signs, plus constructed GitHub-signed and
 * Standard Webhooks bodies (no vendor samples) and Deveo's form encoding.
 */
export async function sampleDeliveries(): Promise<Delivery[]> {
  const out: Delivery[] = [];
  for (const event of fixtureNames("deepsource")) {
    out.push(
      await delivery(`deepsource ${event}`, "deepsource", event, fixture("deepsource", event)),
    );
  }
  for (const event of fixtureNames("devrev").filter((name) => name !== "verify")) {
    out.push(
      await delivery(`devrev ${event}`, "devrev", event, freshDevrev(fixture("devrev", event))),
    );
  }
  for (const event of fixtureNames("dejacode")) {
    // Text-only notifications (no `hook`) name their event in one of DejaCode's "extra headers".
    const textOnly = !new TextDecoder().decode(fixture("dejacode", event)).includes('"hook"');
    const extra: Record<string, string> = textOnly ? { "x-hookbridge-event": event } : {};
    out.push(
      await delivery(`dejacode ${event}`, "dejacode", event, fixture("dejacode", event), extra),
    );
  }
  for (const event of fixtureNames("deveo")) {
    out.push(await delivery(`deveo ${event}`, "deveo", event, fixture("deveo", event)));
  }
  const push = new TextDecoder().decode(fixture("deveo", "push"));
  out.push(
    await delivery(
      "deveo push (form)",
      "deveo",
      "push",
      utf8(`payload=${encodeURIComponent(push)}`),
      {
        "content-type": "application/x-www-form-urlencoded",
      },
    ),
  );
  out.push(
    await delivery(
      "github ping",
      "github",
      "ping",
      utf8('{"zen":"Keep it logically awesome.","hook_id":12345678}\n'),
      {
        "x-github-event": "ping",
        "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958",
      },
    ),
  );
  out.push(
    await delivery(
      "standard invoice.paid",
      "standard",
      "invoice.paid",
      utf8(
        `{"type":"invoice.paid","timestamp":"${new Date().toISOString()}","data":{"id":"in_1","amount":4200}}`,
      ),
    ),
  );
  return out;
}

/** A DeepSource analysis run about the repository at `vcsUrl` (DeepSource's name: `login/name`). */
export async function deepsourceAbout(
  vcsUrl: string,
  login?: string,
  name?: string,
): Promise<Delivery> {
  let body = replaceField(fixture("deepsource", "analysis_run.updated"), "id", uniqueId());
  body = replaceField(body, "vcsUrl", vcsUrl);
  if (login) body = replaceField(body, "login", login);
  if (name) body = replaceField(body, "name", name);
  return delivery("deepsource analysis_run.updated", "deepsource", "analysis_run.updated", body);
}

/** A DeepSource delivery with an id of its own. */
export async function freshDeepSource(): Promise<Delivery> {
  const body = replaceField(fixture("deepsource", "analysis_run.updated"), "id", uniqueId());
  return delivery("deepsource analysis_run.updated", "deepsource", "analysis_run.updated", body);
}

export function post(
  delivery: Pick<Delivery, "body" | "headers">,
  headers: Record<string, string> = {},
): RequestInit {
  return { method: "POST", body: delivery.body, headers: { ...delivery.headers, ...headers } };
}

/** Asserts the relay's error shape and returns the sentence. */
export async function expectError(response: Response, status: number): Promise<string> {
  const text = await response.text();
  expect({ status: response.status, text }).toMatchObject({ status });
  expect(response.headers.get("content-type")).toBe("application/json");
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(Object.keys(body)).toEqual(["error"]);
  expect(typeof body.error).toBe("string");
  for (const secret of CONFIDENTIAL) expect(text).not.toContain(secret);
  return body.error as string;
}

export function dispatches(gh: GitHubStandIn) {
  return gh.state.repo(REPOSITORY).dispatches;
}

/** Lowercased header lookup over a plain record. */
export function lookup(headers: Record<string, string>) {
  return (name: string) => headers[name.toLowerCase()];
}
