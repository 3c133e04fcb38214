import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { utf8 } from "../../src/core/bytes.ts";
import { decodeDispatch } from "../../src/core/envelope.ts";
import { ENVELOPE_SIGNATURE_HEADER, verifyEnvelope } from "../../src/core/envelope-signature.ts";
import { loadRelayConfig } from "../../src/relay/config.ts";
import { createRelay } from "../../src/relay/http/fetch-adapter.ts";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import { DEJACODE_HEADER, fixture, REPOSITORY, relayEnvs, SECRETS, uniqueId } from "./support.ts";

let gh: GitHubStandIn;
beforeAll(async () => {
  gh = await startGitHubStandIn();
});
afterAll(() => gh.close());

function relay() {
  return createRelay(loadRelayConfig(relayEnvs(gh.url).main), { logger: () => {} });
}

const post = (path: string, body: Uint8Array<ArrayBuffer>, headers: Record<string, string>) =>
  new Request(`http://relay.test/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });

describe("delivery ids and the envelope signature", () => {
  it("signs the envelope's fields with the provider secret, so the action can check them", async () => {
    gh.reset();
    const handle = relay();
    const body = fixture("deepsource", "test.event");
    const { createHmac } = await import("node:crypto");
    const signature = createHmac("sha256", SECRETS.deepsource).update(body).digest("hex");
    const response = await handle(
      post("deepsource", body, { "x-deepsource-signature": signature }),
    );
    expect(response.status).toBe(204);
    const [dispatch] = gh.state.repo(REPOSITORY).dispatches;
    const relayed = await decodeDispatch(dispatch?.client_payload);
    expect(
      await verifyEnvelope(relayed, relayed.headers[ENVELOPE_SIGNATURE_HEADER], [
        SECRETS.deepsource,
      ]),
    ).toBe(true);
    expect(
      await verifyEnvelope(
        { ...relayed, receivedAt: new Date().toISOString() },
        relayed.headers[ENVELOPE_SIGNATURE_HEADER],
        [SECRETS.deepsource],
      ),
    ).toBe(false);
  });

  it("dispatches identical DejaCode notifications each time: DejaCode never retries", async () => {
    gh.reset();
    const handle = relay();
    const body = fixture("dejacode", "request.added");
    const headers = { [DEJACODE_HEADER]: SECRETS.dejacode };
    expect((await handle(post("dejacode", body, headers))).status).toBe(204);
    expect((await handle(post("dejacode", body, headers))).status).toBe(204);
    expect(gh.state.repo(REPOSITORY).dispatches).toHaveLength(2);
  });

  it("deduplicates DejaCode deliveries that carry an id in their extra headers", async () => {
    gh.reset();
    const handle = relay();
    const body = fixture("dejacode", "request.added");
    const headers = { [DEJACODE_HEADER]: SECRETS.dejacode, "x-hookbridge-delivery": uniqueId() };
    expect((await handle(post("dejacode", body, headers))).status).toBe(204);
    const again = await handle(post("dejacode", body, headers));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ duplicate: true });
    expect(gh.state.repo(REPOSITORY).dispatches).toHaveLength(1);
  });

  it("refuses a delivery id that could forge log lines", async () => {
    gh.reset();
    const handle = relay();
    const body = utf8('{"hook":{"uuid":"u","event":"request.added","target":"t"},"data":{}}');
    const response = await handle(
      post("dejacode", body, {
        [DEJACODE_HEADER]: SECRETS.dejacode,
        "x-hookbridge-delivery": "a\u0001b",
      }),
    );
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(gh.state.repo(REPOSITORY).dispatches).toHaveLength(0);
  });
});
