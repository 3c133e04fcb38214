/**
 * The requests the relay fuzz sends: mostly well-formed deliveries with one thing wrong, so the
 * deep paths (verification, parsing, validation, dispatch) are reached as often as the shallow
 * ones, plus plain noise.
 */
import fc from "fast-check";
import { type Sample, samples, withDeliveryId } from "./bodies.ts";
import { UPSTREAMS, type Upstream } from "./fake-github.ts";
import { PROVIDERS, type Provider, SECRETS } from "./secrets.ts";
import { SIGNATURE_HEADERS, sign } from "./signing.ts";

/** Small enough that padded samples land on both sides of it cheaply. */
export const MAX_BODY = 8192;

// Named in counterexamples by provider and sample, not by their bytes.
const SAMPLES = samples().map((sample) =>
  Object.assign(sample, { [fc.toStringMethod]: () => `sample(${sample.provider}/${sample.name})` }),
);
const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);
const PRINTABLE = fc.string({ unit: "grapheme-ascii", maxLength: 80 });

type BodyPlan =
  /** `fresh`: a delivery id never sent before, so the request is not answered as a copy. */
  | { readonly kind: "sample"; readonly sample: Sample; readonly fresh: boolean }
  | {
      readonly kind: "mutated";
      readonly sample: Sample;
      readonly at: number;
      readonly value: unknown;
    }
  | { readonly kind: "padded"; readonly sample: Sample; readonly delta: number }
  | { readonly kind: "json"; readonly text: string }
  | { readonly kind: "bytes"; readonly bytes: Uint8Array }
  | { readonly kind: "empty" };

type SignaturePlan =
  | "valid"
  | "none"
  | "wrong-secret"
  | "other-body"
  | "other-provider"
  | "flipped-byte"
  | "upper-case"
  | "garbage";

export interface FuzzCase {
  readonly method: string;
  /** The provider whose secret signs; also the route unless `path` overrides it. */
  readonly provider: Provider;
  readonly path: string | undefined;
  readonly body: BodyPlan;
  readonly signature: SignaturePlan;
  readonly garbage: string;
  readonly contentType: string | null | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly upstream: Upstream;
}

/** Mostly the route's own provider's samples; now and then another provider's. */
function sampleArb(provider: Provider): fc.Arbitrary<Sample> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...SAMPLES.filter((s) => s.provider === provider)) },
    { weight: 1, arbitrary: fc.constantFrom(...SAMPLES) },
  );
}

const bodyArb = (provider: Provider): fc.Arbitrary<BodyPlan> =>
  fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record({
        kind: fc.constant("sample" as const),
        sample: sampleArb(provider),
        fresh: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, fc.constant(false)),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant("mutated" as const),
        sample: sampleArb(provider),
        at: fc.nat(),
        value: fc.jsonValue({ maxDepth: 2 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("padded" as const),
        sample: sampleArb(provider),
        delta: fc.integer({ min: -2, max: 2 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("json" as const), text: fc.json() }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("bytes" as const),
        bytes: fc.uint8Array({ maxLength: 3000 }),
      }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: "empty" as const }) },
  );

const signatureArb: fc.Arbitrary<SignaturePlan> = fc.oneof(
  { weight: 10, arbitrary: fc.constant("valid" as const) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      "none" as const,
      "wrong-secret" as const,
      "other-body" as const,
      "other-provider" as const,
      "flipped-byte" as const,
      "upper-case" as const,
      "garbage" as const,
    ),
  },
);

const methodArb = fc.oneof(
  { weight: 24, arbitrary: fc.constant("POST") },
  {
    weight: 2,
    arbitrary: fc.constantFrom("GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS", "post"),
  },
  {
    weight: 1,
    arbitrary: fc
      .stringMatching(/^[A-Za-z]{1,12}$/)
      .filter((method) => !FORBIDDEN_METHODS.has(method.toUpperCase())),
  },
);

const pathArb = fc.oneof(
  { weight: 24, arbitrary: fc.constant(undefined) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "/healthz",
      "/healthz/",
      "/",
      "",
      "/unknown",
      "/DeepSource",
      "//deepsource",
      "/deepsource/",
      "/deepsource?x=1",
      "/deepsource/extra",
      "/%64eepsource",
      "/__proto__",
      "/constructor",
      "/dejacode/../deepsource",
    ),
  },
  { weight: 1, arbitrary: fc.webPath() },
);

const contentTypeArb = fc.oneof(
  { weight: 16, arbitrary: fc.constant(undefined) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      null,
      "application/json",
      "application/json; charset=utf-8",
      "APPLICATION/JSON",
      "application/vnd.api+json",
      "text/json",
      "application/x-www-form-urlencoded",
      "text/plain",
      "multipart/form-data; boundary=x",
      "",
    ),
  },
  { weight: 1, arbitrary: PRINTABLE },
);

const headerNameArb = fc.oneof(
  fc.constantFrom(
    ...new Set(Object.values(SIGNATURE_HEADERS).flat()),
    "x-hookbridge-signature-256",
    "x-hookbridge-event",
    "x-hookbridge-delivery",
    "x-github-event",
    "x-github-delivery",
    "content-length",
    "x-forwarded-for",
  ),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,24}$/),
);

const headersArb = fc.oneof(
  { weight: 6, arbitrary: fc.constant({}) },
  { weight: 1, arbitrary: fc.dictionary(headerNameArb, PRINTABLE, { maxKeys: 4 }) },
);

export const fuzzCaseArb: fc.Arbitrary<FuzzCase> = fc.constantFrom(...PROVIDERS).chain((provider) =>
  fc.record({
    method: methodArb,
    provider: fc.constant(provider),
    path: pathArb,
    body: bodyArb(provider),
    signature: signatureArb,
    garbage: PRINTABLE,
    contentType: contentTypeArb,
    headers: headersArb,
    upstream: fc.oneof(
      { weight: 20, arbitrary: fc.constant("accept" as const) },
      {
        weight: 6,
        arbitrary: fc.constantFrom(...UPSTREAMS.filter((u) => u !== "hang" && u !== "accept")),
      },
      // Each hang runs the relay's budget out (at once: see FakeGitHub.deadline).
      { weight: 1, arbitrary: fc.constant("hang" as const) },
    ),
  }),
);

/** Every value in a JSON document, in a fixed order, as paths from the root. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== "object") return [prefix];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [
    prefix,
    ...keys.flatMap((key) => paths((value as Record<string, unknown>)[key], [...prefix, key])),
  ];
}

function replaceAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1) as string | number] = value;
  return copy;
}

let serial = 0;

function freshDelivery(sample: Sample): {
  bytes: Buffer;
  headers: Readonly<Record<string, string>>;
} {
  serial += 1;
  const { body, headers } = withDeliveryId(sample, `fuzz-${process.pid}-${serial}`, serial);
  return { bytes: body, headers };
}

function bodyBytes(plan: BodyPlan): { bytes: Buffer; headers: Readonly<Record<string, string>> } {
  switch (plan.kind) {
    case "sample":
      return plan.fresh
        ? freshDelivery(plan.sample)
        : { bytes: plan.sample.body, headers: plan.sample.headers };
    case "mutated": {
      const text = plan.sample.body.toString("utf8");
      if (plan.sample.headers["content-type"] !== "application/json") {
        return { bytes: plan.sample.body, headers: plan.sample.headers };
      }
      const json = JSON.parse(text) as unknown;
      const all = paths(json);
      const at = all[plan.at % all.length] ?? [];
      return {
        bytes: Buffer.from(JSON.stringify(replaceAt(json, at, plan.value), null, 2)),
        headers: plan.sample.headers,
      };
    }
    case "padded": {
      const target = Math.max(plan.sample.body.length, MAX_BODY + plan.delta);
      return {
        bytes: Buffer.concat([
          plan.sample.body,
          Buffer.alloc(target - plan.sample.body.length, 32),
        ]),
        headers: plan.sample.headers,
      };
    }
    case "json":
      return { bytes: Buffer.from(plan.text), headers: {} };
    case "bytes":
      return { bytes: Buffer.from(plan.bytes), headers: {} };
    case "empty":
      return { bytes: Buffer.alloc(0), headers: {} };
  }
}

function signatureHeaders(
  plan: SignaturePlan,
  provider: Provider,
  bytes: Buffer,
  garbage: string,
  id: string | undefined,
): { headers: Record<string, string>; sent: Buffer } {
  switch (plan) {
    case "valid":
      return { headers: sign(provider, bytes, undefined, id), sent: bytes };
    case "none":
      return { headers: {}, sent: bytes };
    case "wrong-secret":
      return { headers: sign(provider, bytes, `${SECRETS[provider]}-rotated-away`), sent: bytes };
    case "other-body":
      return { headers: sign(provider, Buffer.concat([bytes, Buffer.from(" ")])), sent: bytes };
    case "other-provider": {
      const other = PROVIDERS[(PROVIDERS.indexOf(provider) + 1) % PROVIDERS.length] as Provider;
      return { headers: sign(other, bytes), sent: bytes };
    }
    case "flipped-byte": {
      const headers = sign(provider, bytes);
      if (bytes.length === 0) return { headers, sent: Buffer.from(" ") };
      const sent = Buffer.from(bytes);
      const at = sent.length >> 1;
      sent[at] = (sent[at] as number) ^ 1;
      return { headers, sent };
    }
    case "upper-case": {
      const headers = sign(provider, bytes);
      for (const name of Object.keys(headers)) headers[name] = (headers[name] ?? "").toUpperCase();
      return { headers, sent: bytes };
    }
    case "garbage":
      return {
        headers: Object.fromEntries(SIGNATURE_HEADERS[provider].map((name) => [name, garbage])),
        sent: bytes,
      };
  }
}

export interface BuiltRequest {
  readonly request: Request;
  /** Headers as the relay sees them, lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** The provider served at the request's path, if any. */
  readonly route: Provider | undefined;
}

/** Turns a case into a Request, or undefined when the platform itself refuses to build it. */
export function buildRequest(fuzz: FuzzCase): BuiltRequest | undefined {
  const { bytes, headers: sampleHeaders } = bodyBytes(fuzz.body);
  const { headers: signature, sent } = signatureHeaders(
    fuzz.signature,
    fuzz.provider,
    bytes,
    fuzz.garbage,
    sampleHeaders["webhook-id"],
  );
  const headers = new Headers();
  try {
    for (const [name, value] of Object.entries(sampleHeaders)) headers.set(name, value);
    if (fuzz.contentType === null) headers.delete("content-type");
    else if (fuzz.contentType !== undefined) headers.set("content-type", fuzz.contentType);
    for (const [name, value] of Object.entries(signature)) headers.set(name, value);
    for (const [name, value] of Object.entries(fuzz.headers)) headers.append(name, value);
    const path = fuzz.path ?? `/${fuzz.provider}`;
    const withBody = fuzz.method.toUpperCase() !== "GET" && fuzz.method.toUpperCase() !== "HEAD";
    const request = new Request(`http://relay.test${path.startsWith("/") ? "" : "/"}${path}`, {
      method: fuzz.method,
      headers,
      ...(withBody ? { body: Uint8Array.from(sent) } : {}),
    });
    const pathname = new URL(request.url).pathname.replace(/\/+$/, "").slice(1);
    return {
      request,
      headers: Object.fromEntries(request.headers),
      body: withBody ? sent : Buffer.alloc(0),
      route: (PROVIDERS as readonly string[]).includes(pathname)
        ? (pathname as Provider)
        : undefined,
    };
  } catch {
    return undefined;
  }
}
