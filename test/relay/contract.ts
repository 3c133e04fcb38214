import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { toHex, utf8 } from "../../src/core/bytes.ts";
import { decodeDispatch } from "../../src/core/envelope.ts";
import {
  PROVIDER_NAMES,
  type ProviderName,
  relayedSignatureScheme,
  signatureScheme,
} from "../../src/core/providers.ts";
import { readSettings } from "../../src/receive/inputs.ts";
import { verifyEnvelope } from "../../src/receive/verify.ts";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import { queueMode } from "./queue-hosts.ts";
import {
  APP_ID,
  APP_KEY,
  CONFIDENTIAL,
  DEJACODE_HEADER,
  type Delivery,
  DISPATCHES,
  deepsourceAbout,
  dispatches,
  expectError,
  fixture,
  freshDeepSource,
  freshDevrev,
  INSTALLATION_ID,
  lookup,
  post,
  REPOSITORY,
  type RelayTarget,
  relayEnvs,
  replaceField,
  rfc3339Nanos,
  SECRETS,
  sampleDeliveries,
  signedHeaders,
  TOKEN,
  uniqueId,
  type Variant,
} from "./support.ts";

/** The answer budget of the relay the deadline case uses, where the runtime takes one. */
const DEADLINE_TEST_BUDGET_MS = 1_500;

/** A DevRev work_created of its own (a fresh id and timestamp), signed as DevRev signs. */
async function freshDevrevWork(): Promise<Delivery> {
  const id = `don:integration:dvrv-us-1:devo/1H79gci4u:webhook/123:event/${uniqueId()}`;
  const body = freshDevrev(replaceField(fixture("devrev", "work_created"), "id", id));
  return {
    label: "devrev work_created",
    provider: "devrev",
    event: "work_created",
    body,
    headers: await signedHeaders("devrev", body),
  };
}

export type StartTarget = (envs: Record<Variant, Record<string, string>>) => Promise<RelayTarget>;

/** One delivery per provider, for the checks that apply to every signature scheme. */
async function onePerProvider(): Promise<Record<ProviderName, Delivery>> {
  const all = await sampleDeliveries();
  const pick = (label: string) => {
    const found = all.find((delivery) => delivery.label === label);
    if (!found) throw new Error(`no sample ${label}`);
    return found;
  };
  return {
    deepsource: pick("deepsource analysis_run.updated"),
    devrev: pick("devrev work_created"),
    dejacode: pick("dejacode request.added"),
    deveo: pick("deveo push"),
    github: pick("github ping"),
    standard: pick("standard invoice.paid"),
  };
}

const WRONG_SECRETS: Record<ProviderName, string> = {
  ...SECRETS,
  deepsource: "another-deepsource-secret",
  devrev: "another-devrev-secret",
  dejacode: "another-dejacode-token",
  deveo: "another-deveo-secret",
  github: "It's a Secret to Nobody",
  standard: "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
};

function signatureHeader(provider: ProviderName): string {
  return provider === "standard"
    ? "webhook-signature"
    : (signatureScheme(provider, { tokenHeader: DEJACODE_HEADER }).headers[0] ?? "");
}

/**
 * The relay's answers, as the issue lists them, checked against a real GitHub stand-in. Each
 * runtime runs this same table; only `start` differs.
 */
export function relayContract(
  runtime: string,
  start: StartTarget,
  /** Tests of one runtime only, run against the same instance before it is closed. */
  more?: (context: () => { gh: GitHubStandIn; relay: RelayTarget }) => void,
): void {
  contract(runtime, start, "sync", more);
}

/**
 * The same table in queue mode, where a delivery the relay takes is answered 202 with the
 * relay's id once stored and dispatched after; what only sync mode does (GitHub's failure made
 * the provider's answer) is the queue cases' to check in this mode (queue-cases.ts).
 */
export function queuedRelayContract(runtime: string, start: StartTarget): void {
  contract(
    runtime,
    (envs) =>
      start(
        Object.fromEntries(
          Object.entries(envs).map(([variant, env]) => [variant, queueMode(env)]),
        ) as Record<Variant, Record<string, string>>,
      ),
    "queue",
  );
}

function contract(
  runtime: string,
  start: StartTarget,
  delivery: "sync" | "queue",
  more?: (context: () => { gh: GitHubStandIn; relay: RelayTarget }) => void,
): void {
  describe(`relay contract (${runtime}, ${delivery} mode)`, () => {
    let gh: GitHubStandIn;
    let relay: RelayTarget;
    let samples: Delivery[];
    let perProvider: Record<ProviderName, Delivery>;

    beforeAll(async () => {
      gh = await startGitHubStandIn({
        token: TOKEN,
        appId: APP_ID,
        appPublicKey: APP_KEY.publicKey,
      });
      relay = await start(relayEnvs(gh.url));
      samples = await sampleDeliveries();
      perProvider = await onePerProvider();
    });

    afterAll(async () => {
      await relay?.close();
      await gh?.close();
    });

    beforeEach(() => gh.reset());

    /** What the provider hears when the relay takes a delivery: 204 in sync mode, 202 queued. */
    const TAKEN = delivery === "sync" ? 204 : 202;

    /** Waits until a queued relay has dispatched everything it took (`/healthz`'s count). */
    async function drained(variant: Variant): Promise<void> {
      if (delivery === "sync") return;
      const deadline = Date.now() + 20_000;
      for (;;) {
        const health = (await (await relay.fetch(variant, "/healthz")).json()) as {
          queue: { pending: number };
        };
        if (health.queue.pending === 0) return;
        if (Date.now() > deadline) throw new Error(`${variant}: deliveries still wait`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }

    /**
     * The answer to a delivery the relay takes: in sync mode 204 once GitHub accepted it; in
     * queue mode 202 with the relay's own id once stored, then dispatched before this returns.
     */
    async function expectTaken(variant: Variant, response: Response, label = ""): Promise<void> {
      const text = await response.text();
      if (delivery === "sync") {
        expect({ label, status: response.status, text }).toEqual({ label, status: 204, text: "" });
        return;
      }
      expect({ label, status: response.status, body: JSON.parse(text) }).toEqual({
        label,
        status: 202,
        body: { queued: true, id: expect.stringMatching(/^[0-9a-f-]{36}$/) },
      });
      await drained(variant);
    }

    /** Sends a delivery the relay must take, and waits as `expectTaken` does. */
    async function sendTaken(variant: Variant, path: string, init: RequestInit): Promise<void> {
      await expectTaken(variant, await relay.fetch(variant, path, init));
    }
    afterEach(() => {
      expect(gh.violations).toEqual([]);
      expect(gh.pendingFaults()).toBe(0);
    });

    it("answers GET /healthz with {ok: true}", async () => {
      const response = await relay.fetch("main", "/healthz");
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/json");
      expect(await response.json()).toEqual(
        delivery === "sync"
          ? { ok: true, delivery: "sync" }
          : { ok: true, delivery: "queue", queue: { pending: 0, oldest_pending_s: 0, failed: 0 } },
      );
    });

    it("dispatches every sample once, carrying the exact bytes and a signature that verifies", async () => {
      expect(samples.length).toBeGreaterThanOrEqual(25);
      for (const sample of samples) {
        gh.reset();
        const response = await relay.fetch("main", `/${sample.provider}`, post(sample));
        await expectTaken("main", response, sample.label);
        const sent = dispatches(gh);
        expect(sent, sample.label).toHaveLength(1);
        const dispatch = sent[0];
        expect(dispatch?.event_type).toBe(`${sample.provider}.${sample.event}`);
        const relayed = await decodeDispatch(dispatch?.client_payload);
        expect(toHex(relayed.body), sample.label).toBe(toHex(sample.body));
        expect(relayed).toMatchObject({ provider: sample.provider, event: sample.event });
        // What the receive action checks: DejaCode's token arrives as the relay's attestation.
        const scheme = relayedSignatureScheme(sample.provider);
        const verified = await scheme.verify(relayed.body, lookup(relayed.headers), [
          SECRETS[sample.provider],
        ]);
        expect(verified, sample.label).toEqual({ valid: true });
        // DejaCode's token is replaced by an attestation: the token never reaches GitHub.
        expect(JSON.stringify(dispatch)).not.toContain(SECRETS.dejacode);
        const request = gh.requests.find((r) => r.template === "/repos/{owner}/{repo}/dispatches");
        expect(request?.headers).toMatchObject({
          accept: "application/vnd.github+json",
          "x-github-api-version": "2022-11-28",
          authorization: `Bearer ${TOKEN}`,
        });
        expect(request?.headers["user-agent"]).toMatch(/^hookbridge-relay\/\d+\.\d+\.\d+/);
      }
    });

    describe("refuses what is not signed by the provider, and dispatches nothing", () => {
      const cases: [string, (d: Delivery) => Promise<RequestInit>][] = [
        [
          "a wrong secret",
          async (d) =>
            post(d, await signedHeaders(d.provider, d.body, {}, WRONG_SECRETS[d.provider])),
        ],
        [
          "a missing signature header",
          async (d) => {
            const headers = { ...d.headers };
            delete headers[signatureHeader(d.provider)];
            return { method: "POST", body: d.body, headers };
          },
        ],
        [
          "a truncated signature",
          async (d) => {
            const name = signatureHeader(d.provider);
            return post(d, { [name]: (d.headers[name] ?? "").slice(0, -6) });
          },
        ],
        [
          "a body changed after signing",
          async (d) => {
            const changed = new Uint8Array(d.body);
            const at = changed.lastIndexOf(0x7d); // the closing brace keeps the JSON valid
            changed.set(utf8(" }"), at - 1);
            return { method: "POST", body: changed, headers: d.headers };
          },
        ],
      ];
      for (const [what, build] of cases) {
        // DejaCode's token is a password, not a signature: it says nothing about the body.
        const providers = what.startsWith("a body")
          ? PROVIDER_NAMES.filter((p) => p !== "dejacode")
          : PROVIDER_NAMES;
        for (const provider of providers) {
          it(`${provider}: ${what} → 401`, async () => {
            const sample = perProvider[provider];
            const sentence = await expectError(
              await relay.fetch("main", `/${provider}`, await build(sample)),
              401,
            );
            expect(sentence.length).toBeGreaterThan(10);
            expect(dispatches(gh)).toHaveLength(0);
          });
        }
      }

      it("github: its own envelope signature, over the envelope's lines and a dispatched body posted as a form, → 401", async () => {
        // A body whose signed text carries `&payload=…&z=`: with the envelope's lines before it
        // and posted form-encoded, the lines are an unused field and `payload` is the forgery.
        const forgery = encodeURIComponent(JSON.stringify({ zen: "forged", hook_id: 1 }));
        const body = utf8(`{"zen":"a &payload=${forgery}&z=","hook_id":${Date.now()}}`);
        const headers = { "x-github-event": "ping", "x-github-delivery": uniqueId() };
        await sendTaken(
          "main",
          "/github",
          post({ body, headers: await signedHeaders("github", body, headers) }),
        );
        const relayed = await decodeDispatch(dispatches(gh)[0]?.client_payload);
        gh.reset();
        const lines = [relayed.provider, relayed.event, relayed.id, relayed.receivedAt];
        const signed: [string, string[]][] = [
          ["x-hookbridge-envelope-signature", ["hookbridge-envelope-v1", ...lines]],
          [
            "x-hookbridge-envelope-signature-v2",
            [
              "hookbridge-envelope-v2",
              ...lines,
              relayed.repository ?? "",
              relayed.reply?.url ?? "",
              relayed.reply?.delivery ?? "",
            ],
          ],
        ];
        const tried = signed.filter(([header]) => relayed.headers[header] !== undefined);
        expect(tried.length).toBeGreaterThan(0);
        for (const [header, fields] of tried) {
          const text = `${fields.join("\n")}\n${new TextDecoder().decode(relayed.body)}`;
          const response = await relay.fetch("main", "/github", {
            method: "POST",
            body: utf8(text),
            headers: {
              "content-type": "application/x-www-form-urlencoded",
              "x-hub-signature-256": relayed.headers[header] ?? "",
              "x-github-event": "push",
              "x-github-delivery": uniqueId(),
            },
          });
          expect(await expectError(response, 401), header).toMatch(/own signatures cover/);
        }
        expect(dispatches(gh)).toHaveLength(0);
      });

      it("names the header that is missing, never the expected value", async () => {
        const sample = perProvider.deepsource;
        const expected = sample.headers["x-deepsource-signature"] ?? "";
        const missing = await expectError(
          await relay.fetch("main", "/deepsource", {
            method: "POST",
            body: sample.body,
            headers: { "content-type": "application/json" },
          }),
          401,
        );
        expect(missing).toContain("x-deepsource-signature");
        const wrong = await expectError(
          await relay.fetch(
            "main",
            "/deepsource",
            post(sample, { "x-deepsource-signature": "0".repeat(64) }),
          ),
          401,
        );
        expect(wrong).toContain("x-deepsource-signature");
        expect(wrong).not.toContain(expected);
      });

      it("devrev: a body timestamp outside the replay window → 401", async () => {
        const stale = fixture("devrev", "work_created"); // dated 2022
        await expectError(
          await relay.fetch(
            "main",
            "/devrev",
            post({ body: stale, headers: await signedHeaders("devrev", stale) }),
          ),
          401,
        );
        const future = replaceField(stale, "timestamp", rfc3339Nanos(Date.now() + 60 * 60 * 1000));
        await expectError(
          await relay.fetch(
            "main",
            "/devrev",
            post({ body: future, headers: await signedHeaders("devrev", future) }),
          ),
          401,
        );
        expect(dispatches(gh)).toHaveLength(0);
      });

      it("standard: a webhook-timestamp outside five minutes → 401", async () => {
        const sample = perProvider.standard;
        const old = await signatureScheme("standard").sign(sample.body, SECRETS.standard, {
          id: "msg_old",
          timestamp: Math.floor(Date.now() / 1000) - 600,
        });
        const sentence = await expectError(
          await relay.fetch("main", "/standard", post(sample, old)),
          401,
        );
        expect(sentence).toContain("webhook-timestamp");
        expect(dispatches(gh)).toHaveLength(0);
      });
    });

    it("dispatches a signed Standard Webhooks payload that is a JSON array, named by the sender's header or as webhook", async () => {
      // The specification fixes no payload structure: a batch sent as an array is a payload too.
      for (const [headers, event] of [
        [{ "x-hookbridge-event": "contact.batch" }, "contact.batch"],
        [{}, "webhook"],
      ] as const) {
        const body = utf8(JSON.stringify([{ type: "contact.created", id: uniqueId() }]));
        const response = await relay.fetch(
          "main",
          "/standard",
          post({ body, headers: await signedHeaders("standard", body, headers) }),
        );
        expect(response.status, await response.clone().text()).toBe(TAKEN);
        await drained("main");
        expect(dispatches(gh).at(-1)?.event_type).toBe(`standard.${event}`);
      }
    });

    it("dispatches a signed Standard Webhooks body that is not JSON, of any content type, byte for byte", async () => {
      // "The payload should be JSON formatted ..., but other content types can be used as well."
      const cases = [
        { type: "text/plain; charset=utf-8", body: utf8("invoice 42 was paid"), event: "webhook" },
        {
          type: "application/octet-stream",
          body: new Uint8Array([0, 159, 255, 1, 2]),
          event: "invoice.raw",
        },
        { type: "application/json", body: utf8("not json after all"), event: "webhook" },
        // JSON sent as text: taken as bytes alone by the relay, and so by the action after it.
        { type: "text/plain", body: utf8('{"type":"order.paid"}'), event: "webhook" },
      ];
      const settings = readSettings((name) => (name === "secret" ? SECRETS.standard : ""));
      const quiet = { debug() {}, info() {}, warning() {} };
      for (const { type, body, event } of cases) {
        const named: Record<string, string> =
          event === "webhook" ? {} : { "x-hookbridge-event": event };
        const headers = await signedHeaders("standard", body, { ...named, "content-type": type });
        const response = await relay.fetch("main", "/standard", post({ body, headers }));
        expect(response.status, await response.clone().text()).toBe(TAKEN);
        await drained("main");
        const dispatch = dispatches(gh).at(-1);
        expect(dispatch?.event_type).toBe(`standard.${event}`);
        const relayed = await decodeDispatch(dispatch?.client_payload);
        expect(toHex(relayed.body)).toBe(toHex(body));
        // The receive action verifies it and names it as the relay did.
        const payload = JSON.parse(JSON.stringify(dispatch?.client_payload));
        const verified = await verifyEnvelope(payload, settings, Date.now, quiet);
        expect({ event: verified.event, json: verified.json }).toEqual({ event, json: undefined });
      }
    });

    it("answers 400 to a signed body that is not JSON", async () => {
      const body = utf8("this is not json");
      await expectError(
        await relay.fetch(
          "main",
          "/deepsource",
          post({ body, headers: await signedHeaders("deepsource", body) }),
        ),
        400,
      );
      expect(dispatches(gh)).toHaveLength(0);
    });

    it("answers 400 to signed JSON that is not the provider's envelope", async () => {
      const body = utf8('{"hello":"world"}');
      await expectError(
        await relay.fetch(
          "main",
          "/deepsource",
          post({ body, headers: await signedHeaders("deepsource", body) }),
        ),
        400,
      );
      expect(dispatches(gh)).toHaveLength(0);
    });

    it("dispatches a signed event whose envelope holds though its own fields do not; the receive action refuses it, naming the delivery", async () => {
      // The relay checks the envelope (id, type, createdAt, data); the event's own schema is the
      // receive action's to check, on the same verified bytes.
      const id = uniqueId();
      const body = utf8(
        JSON.stringify({
          id,
          type: "analysis_run.updated",
          createdAt: 1,
          data: { object: { status: 42 } },
        }),
      );
      const response = await relay.fetch(
        "main",
        "/deepsource",
        post({ body, headers: await signedHeaders("deepsource", body) }),
      );
      await expectTaken("main", response);
      expect(dispatches(gh)).toHaveLength(1);
      const payload = JSON.parse(JSON.stringify(dispatches(gh)[0]?.client_payload));
      const settings = readSettings((name) => (name === "secret" ? SECRETS.deepsource : ""));
      const quiet = { debug() {}, info() {}, warning() {} };
      await expect(verifyEnvelope(payload, settings, Date.now, quiet)).rejects.toThrow(
        new RegExp(`body is not what hookbridge expects .*delivery id ${id}`),
      );
    });

    it("answers 413 to a 2 MiB body without reading it as an event", async () => {
      const body = new Uint8Array(2 * 1024 * 1024).fill(0x20);
      const sentence = await expectError(
        await relay.fetch("main", "/deepsource", {
          method: "POST",
          body,
          headers: { "content-type": "application/json" },
        }),
        413,
      );
      expect(sentence).toContain("HOOKBRIDGE_MAX_BODY");
    });

    it("answers 413 every time, never a connection reset (workerd resets when answered mid-upload)", async () => {
      const body = new Uint8Array(2 * 1024 * 1024).fill(0x20);
      for (let i = 0; i < 30; i++) {
        const response = await relay.fetch("main", "/deepsource", {
          method: "POST",
          body,
          headers: { "content-type": "application/json" },
        });
        await expectError(response, 413);
      }
    });

    it("answers 415 to a content type the provider does not send", async () => {
      const sample = perProvider.deepsource;
      await expectError(
        await relay.fetch("main", "/deepsource", post(sample, { "content-type": "text/plain" })),
        415,
      );
      await expectError(
        await relay.fetch(
          "main",
          "/deepsource",
          post(sample, { "content-type": "application/x-www-form-urlencoded" }),
        ),
        415,
      );
      expect(dispatches(gh)).toHaveLength(0);
    });

    it("answers 405 with Allow: POST to other methods", async () => {
      for (const method of ["GET", "PUT", "DELETE"]) {
        const response = await relay.fetch("main", "/deepsource", { method });
        expect(response.headers.get("allow")).toBe("POST");
        await expectError(response, 405);
      }
    });

    it("answers 404 to an unknown provider, listing the known ones", async () => {
      const sentence = await expectError(
        await relay.fetch("main", "/gitlab", { method: "POST", body: "{}" }),
        404,
      );
      for (const provider of PROVIDER_NAMES) expect(sentence).toContain(`/${provider}`);
      await expectError(await relay.fetch("main", "/", { method: "POST", body: "{}" }), 404);
    });

    it("echoes DevRev's verify challenge without dispatching", async () => {
      const body = replaceField(fixture("devrev", "verify"), "timestamp", rfc3339Nanos(Date.now()));
      const response = await relay.fetch(
        "main",
        "/devrev",
        post({ body, headers: await signedHeaders("devrev", body) }),
      );
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/json");
      expect(await response.json()).toEqual({ challenge: "DlrVaK7zRyZWwbJhj5dZHDlrVaK7Jhj5dZZjH" });
      expect(dispatches(gh)).toHaveLength(0);
    });

    it("answers a repeated delivery id with 200 {duplicate: true} and dispatches once", async () => {
      const sample = await freshDeepSource();
      await sendTaken("main", "/deepsource", post(sample));
      const again = await relay.fetch("main", "/deepsource", post(sample));
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({ duplicate: true });
      expect(dispatches(gh)).toHaveLength(1);
    });

    if (delivery === "sync") {
      it("dispatches only one of two concurrent copies of a delivery", async () => {
        const sample = await freshDeepSource();
        gh.fail(DISPATCHES, [{ delayMs: 300 }]);
        const first = relay.fetch("main", "/deepsource", post(sample));
        // The second copy is sent once the first one's dispatch has reached GitHub.
        for (let i = 0; i < 200 && gh.requests.length === 0; i++)
          await new Promise((r) => setTimeout(r, 5));
        const second = await relay.fetch("main", "/deepsource", post(sample));
        expect(second.headers.get("retry-after")).toMatch(/^\d+$/);
        await expectError(second, 503);
        expect((await first).status).toBe(204);
        const third = await relay.fetch("main", "/deepsource", post(sample));
        expect(await third.json()).toEqual({ duplicate: true });
        expect(dispatches(gh)).toHaveLength(1);
      });
    } else {
      it("dispatches only one of two concurrent copies of a delivery", async () => {
        const sample = await freshDeepSource();
        const answers = await Promise.all(
          [1, 2].map(() => relay.fetch("main", "/deepsource", post(sample))),
        );
        const [taken, copy] = [...answers].sort((a, b) => b.status - a.status) as [
          Response,
          Response,
        ];
        expect({ status: copy.status, body: await copy.json() }).toEqual({
          status: 200,
          body: { duplicate: true },
        });
        await expectTaken("main", taken);
        expect(dispatches(gh)).toHaveLength(1);
      });
    }

    it("answers 202 to an event outside HOOKBRIDGE_EVENTS, and dispatches the allowed ones", async () => {
      const skipped = perProvider.dejacode;
      const response = await relay.fetch("filtered", "/dejacode", post(skipped));
      expect(response.status).toBe(202);
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ skipped: true, event: "dejacode.request.added" });
      expect(String(body.message)).toContain("HOOKBRIDGE_EVENTS");
      expect(dispatches(gh)).toHaveLength(0);
      const allowed = await freshDeepSource();
      await sendTaken("filtered", "/deepsource", post(allowed));
      expect(dispatches(gh)).toHaveLength(1);
    });

    // In queue mode GitHub's failures never reach the provider: the queue retries them.
    if (delivery === "sync")
      describe("GitHub failures: 502/503, and the delivery is not remembered", () => {
        const failures: [string, Parameters<GitHubStandIn["fail"]>[1], number, string | null][] = [
          ["500", [{ status: 500 }], 502, null],
          ["502", [{ status: 502 }], 502, null],
          ["429 with Retry-After", [{ status: 429, headers: { "retry-after": "7" } }], 503, "7"],
          [
            "403 secondary rate limit",
            [
              {
                status: 403,
                headers: { "retry-after": "30" },
                body: { message: "You have exceeded a secondary rate limit." },
              },
            ],
            503,
            "30",
          ],
          [
            "403 with x-ratelimit-remaining: 0",
            [
              {
                status: 403,
                headers: {
                  "x-ratelimit-remaining": "0",
                  "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 120),
                },
              },
            ],
            503,
            null,
          ],
          ["a connection reset", [{ reset: true }], 502, null],
          ["no answer before the deadline", [{ hang: true }], 503, null],
        ];
        for (const [what, steps, status, retryAfter] of failures) {
          it(`${what} → ${status}, then the provider's retry dispatches`, async () => {
            // Waiting out a hung GitHub takes the whole answer budget: a relay with a short one
            // where the runtime can be given it (the budget's own arithmetic is in handler.test.ts),
            // elsewhere the provider with the shortest budget (DevRev, 2.5 s; DeepSource's is 8 s).
            const hangs = [steps].flat().some((step) => "hang" in step);
            const budgeted =
              hangs && relay.withBudget
                ? await relay.withBudget(DEADLINE_TEST_BUDGET_MS)
                : undefined;
            const sample = hangs && !budgeted ? await freshDevrevWork() : await freshDeepSource();
            const path = `/${sample.provider}`;
            const send = (init: RequestInit) =>
              budgeted ? budgeted.fetch(path, init) : relay.fetch("main", path, init);
            try {
              await failThenRetry(send, sample, steps, status, retryAfter);
            } finally {
              await budgeted?.close();
            }
          });
        }
        async function failThenRetry(
          send: (init: RequestInit) => Promise<Response>,
          sample: Delivery,
          steps: Parameters<GitHubStandIn["fail"]>[1],
          status: number,
          retryAfter: string | null,
        ) {
          gh.fail(DISPATCHES, steps);
          const response = await send(post(sample));
          if (status === 503)
            expect(response.headers.get("retry-after")).toMatch(
              retryAfter ? new RegExp(`^${retryAfter}$`) : /^\d+$/,
            );
          await expectError(response, status);
          expect(dispatches(gh)).toHaveLength(0);
          const retry = await send(post(sample));
          expect(retry.status).toBe(204);
          expect(dispatches(gh)).toHaveLength(1);
        }

        // A permission 403 still has rate limit left; the stand-in's default says none is.
        const quota = { "x-ratelimit-remaining": "4999" };
        const refusals: [number, unknown, RegExp][] = [
          [401, { message: "Bad credentials" }, /HOOKBRIDGE_GITHUB_TOKEN/],
          [403, { message: "Resource not accessible by integration" }, /contents: write/],
          [404, { message: "Not Found" }, /HOOKBRIDGE_REPOSITORY/],
          [422, { message: "client_payload is too large." }, /payload/],
        ];
        for (const [code, body, cause] of refusals) {
          it(`${code} → 502 with a sentence naming the likely cause`, async () => {
            const sample = await freshDeepSource();
            gh.fail(DISPATCHES, [{ status: code, body, headers: quota }]);
            const sentence = await expectError(
              await relay.fetch("main", "/deepsource", post(sample)),
              502,
            );
            expect(sentence).toMatch(cause);
            expect(sentence).toContain(String(code));
            expect((await relay.fetch("main", "/deepsource", post(sample))).status).toBe(204);
          });
        }
      });

    it("answers 500 naming the variable when a provider's secret is missing; others keep working", async () => {
      const sample = perProvider.deveo;
      const sentence = await expectError(await relay.fetch("partial", "/deveo", post(sample)), 500);
      expect(sentence).toContain("HOOKBRIDGE_SECRET_DEVEO");
      const other = await freshDeepSource();
      await sendTaken("partial", "/deepsource", post(other));
    });

    it("signs in as a GitHub App: one installation token, reused for later dispatches", async () => {
      for (let i = 0; i < 3; i++) {
        await sendTaken("app", "/deepsource", post(await freshDeepSource()));
      }
      expect(gh.state.installationTokens).toHaveLength(1);
      const [minted] = gh.state.installationTokens;
      expect(minted?.installation_id).toBe(INSTALLATION_ID);
      expect(minted?.jwt.payload.iss).toBe(APP_ID);
      expect(minted?.body).toEqual({
        repositories: [REPOSITORY.split("/")[1]],
        permissions: { contents: "write" },
      });
      const used = gh.requests.filter((r) => r.template === "/repos/{owner}/{repo}/dispatches");
      expect(used).toHaveLength(3);
      for (const request of used)
        expect(request.headers.authorization).toBe(`Bearer ${minted?.token}`);
      expect(dispatches(gh)).toHaveLength(3);
      CONFIDENTIAL.push(minted?.token ?? "-");
    });

    it("routes each event to the repository it names, with its installation's token", async () => {
      const targets = ["octo-org/alpha", "other-org/beta", "octo-org/gamma"];
      for (const name of [...targets, "octo-org/alpha"]) {
        const sample = await deepsourceAbout(`https://github.com/${name}`);
        await sendTaken("routed", "/deepsource", post(sample));
      }
      const unlisted = await relay.fetch(
        "routed",
        "/deepsource",
        post(await deepsourceAbout("https://github.com/other-org/hidden")),
      );
      expect(unlisted.status).toBe(202);
      expect(await unlisted.json()).toEqual({
        ignored:
          "The event is about other-org/hidden, which is not in HOOKBRIDGE_REPOSITORIES, so it was not dispatched.",
      });
      // No default repository: DeepSource's test event still gets its 2xx, and goes nowhere.
      const test = await relay.fetch(
        "routed",
        "/deepsource",
        post({
          body: fixture("deepsource", "test.event"),
          headers: await signedHeaders("deepsource", fixture("deepsource", "test.event")),
        }),
      );
      expect(test.status).toBe(202);
      // Each repository's installation, looked up once; one token per installation, reused.
      const installationOf = new Map(
        gh.requests
          .filter((r) => r.operationId === "apps/get-repo-installation")
          .map((r) => [r.path.split("/").slice(2, 4).join("/"), (r.response as { id: number }).id]),
      );
      expect([...installationOf.keys()]).toEqual(targets);
      const tokenOf = new Map(
        gh.state.installationTokens.map((minted) => [minted.installation_id, minted.token]),
      );
      expect(gh.state.installationTokens).toHaveLength(3);
      const sent = gh.requests
        .filter((r) => r.template === "/repos/{owner}/{repo}/dispatches")
        .map((r) => [r.path, r.headers.authorization]);
      expect(sent).toEqual(
        [...targets, "octo-org/alpha"].map((name) => [
          `/repos/${name}/dispatches`,
          `Bearer ${tokenOf.get(installationOf.get(name) ?? 0)}`,
        ]),
      );
      expect(gh.state.repo("octo-org/alpha").dispatches).toHaveLength(2);
      expect(gh.state.repo("other-org/hidden").dispatches).toHaveLength(0);
      for (const minted of gh.state.installationTokens) CONFIDENTIAL.push(minted.token);
      const logged = (await relay.logs()).join("\n");
      for (const minted of gh.state.installationTokens) expect(logged).not.toContain(minted.token);
    });

    it("logs one JSON line per request, with no secret, token or body in any of them", async () => {
      const before = (await relay.logs()).length;
      const sample = await freshDeepSource();
      const forged = await freshDeepSource();
      const id = (delivery: Delivery) => JSON.parse(new TextDecoder().decode(delivery.body)).id;
      // Requests of its own, whatever the other tests sent before it: a delivery, a forged one,
      // a refused method, and the provider without its secret (which a runtime reading its
      // settings on first use, as workerd does, names in its log only then).
      await sendTaken("main", "/deepsource", post(sample));
      await relay.fetch(
        "main",
        "/deepsource",
        post(forged, await signedHeaders("deepsource", forged.body, {}, WRONG_SECRETS.deepsource)),
      );
      await relay.fetch("main", "/healthz", { method: "POST" });
      await relay.fetch("partial", "/deveo", post(perProvider.deveo));
      const lines = await relay.logs();
      const requests = lines
        .slice(before)
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((entry) => entry.msg === "request");
      expect(requests.filter((entry) => entry.id === id(sample))).toHaveLength(1);
      expect(requests.filter((entry) => entry.id === id(forged))).toHaveLength(0);
      expect(requests.map((entry) => entry.status)).toEqual(
        expect.arrayContaining([TAKEN, 401, 405, 500]),
      );
      const last = requests.findLast((entry) => entry.id === id(sample));
      expect(last).toMatchObject({
        provider: "deepsource",
        event: "analysis_run.updated",
        status: TAKEN,
      });
      expect(typeof last?.ms).toBe("number");
      for (const entry of requests) {
        if (entry.status !== 204) expect(typeof entry.reason, JSON.stringify(entry)).toBe("string");
      }
      const everything = lines.join("\n");
      for (const secret of CONFIDENTIAL) expect(everything).not.toContain(secret);
      // Fields that only occur inside bodies.
      for (const fragment of ["createdAt", "webhook_id", "hook_id", "challenge"])
        expect(everything).not.toContain(fragment);
      expect(lines.some((line) => line.includes("HOOKBRIDGE_SECRET_DEVEO"))).toBe(true);
    });

    more?.(() => ({ gh, relay }));
  });
}
