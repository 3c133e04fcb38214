/**
 * Property: whatever the relay answers 2xx, the receive action verifies and parses. Generated
 * GitHub-signed bodies vary nesting depth (on both sides of the limit), size (past the point where
 * the relay gzips the body), unicode (escaped lone surrogates, astral characters, raw controls in
 * escapes), number forms (exponents, -0, overflowing and long integers) and duplicate keys. Each
 * is signed, sent through the relay in process to the loopback GitHub stand-in, and the captured
 * dispatch is handed to the action's own verification and parse. A refusal must be a 4xx, never a
 * 2xx the action then cannot read.
 */
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { readSettings } from "../../src/receive/inputs.ts";
import { verifyEnvelope } from "../../src/receive/verify.ts";
import { loadRelayConfig } from "../../src/relay/config.ts";
import { createRelay } from "../../src/relay/http/fetch-adapter.ts";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import { GITHUB_TOKEN, REPOSITORY, relayEnv, SECRETS } from "./support/secrets.ts";
import { sign } from "./support/signing.ts";

const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);

let gh: GitHubStandIn;
beforeAll(async () => {
  gh = await startGitHubStandIn({ token: GITHUB_TOKEN, repositories: [REPOSITORY] });
});
afterAll(() => gh.close());

const NUMBERS = fc.oneof(
  fc.constantFrom("0", "-0", "1e400", "-1E-400", "1.5e+10", "12345678901234567890123", "0.1e-5"),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => JSON.stringify(value)),
);

const STRINGS = fc.oneof(
  fc.string({ unit: "binary", maxLength: 20 }).map((text) => JSON.stringify(text)),
  fc.constantFrom('"\\ud800"', '"\\udfff x"', '"\\u0000\\u001f"', '"😀\\uD83D\\uDE00"', '"\\"[{"'),
);

/** JSON text built by hand, so keys can repeat and numbers keep the form they were written in. */
const { value: VALUE } = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    NUMBERS,
    STRINGS,
    fc.constantFrom("true", "false", "null"),
    fc.array(tie("value"), { maxLength: 4 }).map((items) => `[${items.join(",")}]`),
    fc
      .array(fc.tuple(fc.constantFrom("a", "b", "a", "ключ", ""), tie("value")), { maxLength: 4 })
      .map(
        (pairs) => `{${pairs.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(",")}}`,
      ),
  ),
}));

/** Mostly around the limit of 64 levels, sometimes thousands deep, as the stack-overflow attack was. */
const LEVELS = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 100 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 8000 }) },
);

/** `value` wrapped in arrays and objects, to reach and pass the nesting limit. */
const NESTED = fc
  .tuple(
    VALUE,
    LEVELS.chain((levels) => fc.array(fc.boolean(), { minLength: levels, maxLength: levels })),
  )
  .map(([value, wraps]) =>
    wraps.reduceRight((inner, asArray) => (asArray ? `[${inner}]` : `{"n":${inner}}`), value),
  );

const PADDING = fc.oneof(
  { weight: 4, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 200_000 }) },
);

it(`property: for ${RUNS} generated signed bodies, whatever the relay answers 2xx, the receive action verifies and parses`, async () => {
  const relay = createRelay(loadRelayConfig(relayEnv(gh.url)), { logger: () => {} });
  const settings = readSettings((name) => (name === "secret" ? SECRETS.github : ""));
  const quiet = { debug() {}, info() {}, warning() {} };
  let serial = 0;
  let accepted = 0;
  let refused = 0;

  await fc.assert(
    fc.asyncProperty(NESTED, PADDING, async (value, padding) => {
      serial += 1;
      // The serial keeps bodies distinct, so none is answered as a copy of an earlier one.
      const text = `{"serial":${serial},"pad":"${"x".repeat(padding)}","value":${value},"a":1,"a":2}`;
      const body = new TextEncoder().encode(text);
      const before = gh.state.repo(REPOSITORY).dispatches.length;
      const response = await relay(
        new Request("http://relay.test/github", {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-github-event": "ping",
            "x-github-delivery": `property-${serial}`,
            ...sign("github", body),
          },
          body,
        }),
      );
      const dispatches = gh.state.repo(REPOSITORY).dispatches;
      if (response.status >= 200 && response.status < 300) {
        accepted += 1;
        expect(dispatches).toHaveLength(before + 1);
        const payload = dispatches.at(-1)?.client_payload;
        // As the runner hands it to the action: the event file's JSON, read back.
        const verified = await verifyEnvelope(
          JSON.parse(JSON.stringify(payload)),
          settings,
          Date.now,
          quiet,
        );
        expect(verified.json).toEqual(JSON.parse(text));
      } else {
        refused += 1;
        expect(response.status, await response.text()).toBe(400);
        expect(dispatches).toHaveLength(before);
      }
    }),
    // A counterexample may be thousands of levels deep: report it as found rather than shrink it for minutes.
    { numRuns: RUNS, endOnFailure: true },
  );
  // Both sides of the limit were exercised.
  expect(accepted).toBeGreaterThan(0);
  expect(refused).toBeGreaterThan(0);
}, 120_000);
