import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { utf8 } from "../../src/core/bytes.ts";
import {
  bodyFormat,
  getProvider,
  PROVIDERS,
  type ProviderRequest,
  parseRfc3339,
} from "../../src/core/providers.ts";
import { ROOT } from "../support/run-action.ts";

const FIXTURES = join(ROOT, "test/fixtures");

function request(
  body: string | Uint8Array<ArrayBuffer>,
  contentType = "application/json",
  headers: Record<string, string> = {},
): ProviderRequest {
  return {
    body: typeof body === "string" ? utf8(body) : body,
    contentType,
    header: (name) => headers[name.toLowerCase()],
  };
}

const fixtureProviders = ["deepsource", "devrev", "dejacode", "deveo"] as const;

describe("every seed fixture is identified by its provider", () => {
  for (const provider of fixtureProviders) {
    for (const file of readdirSync(join(FIXTURES, provider)).filter((f) => f.endsWith(".json"))) {
      it(`${provider}/${file}`, async () => {
        const raw = readFileSync(join(FIXTURES, provider, file));
        const event = file.replace(/\.json$/, "");
        // DejaCode's text-only notifications are named by the webhook's extra header.
        const headers: Record<string, string> =
          provider === "dejacode" ? { "x-hookbridge-event": event } : {};
        const identified = await PROVIDERS[provider].identify(
          request(new Uint8Array(raw), "application/json", headers),
        );
        expect(identified.event).toBe(event);
        expect(identified.id.length).toBeGreaterThan(0);
      });
    }
  }
});

describe("provider details", () => {
  it("deepsource uses the delivery id from the body", async () => {
    const identified = await PROVIDERS.deepsource.identify(
      request('{"id":"42","type":"test.event","createdAt":1,"data":{"test":true}}'),
    );
    expect(identified).toMatchObject({ event: "test.event", id: "42" });
  });

  it("devrev reads a nanosecond RFC 3339 timestamp and answers the verify handshake", async () => {
    const body = readFileSync(join(FIXTURES, "devrev/verify.json"), "utf8");
    const identified = await PROVIDERS.devrev.identify(request(body));
    expect(identified.timestamp).toBe(
      Date.parse(JSON.parse(body).timestamp.replace(/(\.\d{3})\d+/, "$1")),
    );
    expect(PROVIDERS.devrev.handshake?.(identified.json)).toEqual({
      challenge: JSON.parse(body).verify.challenge,
    });
    expect(PROVIDERS.devrev.handshake?.({ type: "work_created" })).toBeUndefined();
    expect(parseRfc3339("2022-08-01T12:00:00.123456789Z")).toBe(
      Date.UTC(2022, 7, 1, 12, 0, 0, 123),
    );
    expect(parseRfc3339("yesterday")).toBeUndefined();
  });

  it("deveo accepts a form body whose payload field is the JSON", async () => {
    const json = readFileSync(join(FIXTURES, "deveo/push.json"), "utf8");
    const form = `payload=${encodeURIComponent(json)}`;
    const identified = await PROVIDERS.deveo.identify(
      request(form, "application/x-www-form-urlencoded", { "x-hookbridge-delivery": "d-7" }),
    );
    expect(identified).toMatchObject({ event: "push", id: "d-7" });
  });

  it("dejacode has no delivery id, so identical bodies share a digest id", async () => {
    const body = readFileSync(join(FIXTURES, "dejacode/request.added.json"), "utf8");
    const a = await PROVIDERS.dejacode.identify(request(body));
    const b = await PROVIDERS.dejacode.identify(request(body));
    expect(a.id).toMatch(/^sha256-[0-9a-f]{32}$/);
    expect(a.id).toBe(b.id);
  });

  it("dejacode text notifications take their name from the extra header, and a body name wins", async () => {
    const text = readFileSync(join(FIXTURES, "dejacode/vulnerability.data_update.json"), "utf8");
    await expect(PROVIDERS.dejacode.identify(request(text))).rejects.toMatchObject({ status: 400 });
    const added = readFileSync(join(FIXTURES, "dejacode/request.added.json"), "utf8");
    const identified = await PROVIDERS.dejacode.identify(
      request(added, "application/json", { "x-hookbridge-event": "request.updated" }),
    );
    expect(identified.event).toBe("request.added");
  });

  it("names the repository an event is about, next to its other facts", async () => {
    const fixture = (provider: string, event: string) =>
      request(new Uint8Array(readFileSync(join(FIXTURES, provider, `${event}.json`))));
    expect(
      (await PROVIDERS.deepsource.identify(fixture("deepsource", "analysis_run.updated")))
        .repository,
    ).toEqual({
      path: "deepsourcelabs/demo-go",
      host: "github.com",
      alias: "deepsourcelabs/demo-go",
    });
    expect(
      (await PROVIDERS.deepsource.identify(fixture("deepsource", "repository.analysis.activated")))
        .repository,
    ).toMatchObject({ path: "deepsourcelabs/demo-go", host: "github.com" });
    for (const event of ["test.event", "team_member.added"]) {
      const identified = await PROVIDERS.deepsource.identify(fixture("deepsource", event));
      expect(identified.repository, event).toBeUndefined();
    }
    expect((await PROVIDERS.deveo.identify(fixture("deveo", "push"))).repository).toEqual({
      path: "example/code/overview/test/repositories/website",
      host: "deveo.com",
    });
    const push = await PROVIDERS.github.identify(
      request(
        '{"repository":{"full_name":"Octo-Org/Web","url":"https://example.com/x/y"}}',
        "application/json",
        {
          "x-github-event": "push",
        },
      ),
    );
    expect(push.repository).toEqual({ path: "Octo-Org/Web" });
    const emitted = await PROVIDERS.deveo.identify(
      request(
        JSON.stringify({
          ...JSON.parse(readFileSync(join(FIXTURES, "deveo", "push.json"), "utf8")),
          repository: {
            uuid: "u",
            name: "web",
            type: "git",
            url: "https://github.com/octo-org/web",
          },
        }),
      ),
    );
    expect(emitted.repository).toEqual({ path: "octo-org/web", host: "github.com" });
  });

  it("github takes the event and delivery from its headers", async () => {
    const identified = await PROVIDERS.github.identify(
      request("{}", "application/json", { "x-github-event": "push", "x-github-delivery": "abc" }),
    );
    expect(identified).toMatchObject({ event: "push", id: "abc" });
  });

  it("github without X-GitHub-Event answers 400 naming the header", async () => {
    await expect(
      PROVIDERS.github.identify(request("{}", "application/json", { "x-github-delivery": "abc" })),
    ).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/^The X-GitHub-Event header is missing/),
    });
  });

  it("rejects an unsupported content type with 415 and names the accepted ones", async () => {
    await expect(PROVIDERS.deepsource.identify(request("{}", "text/plain"))).rejects.toMatchObject({
      status: 415,
      message: "DeepSource requests must be sent as application/json.",
    });
    await expect(
      PROVIDERS.deepsource.identify(request("payload=%7B%7D", "application/x-www-form-urlencoded")),
    ).rejects.toMatchObject({ status: 415 });
  });

  it("rejects a body that is not JSON, or not the provider's envelope, with 400", async () => {
    await expect(PROVIDERS.deepsource.identify(request("not json"))).rejects.toMatchObject({
      name: "InvalidPayload",
      status: 400,
    });
    await expect(PROVIDERS.deepsource.identify(request('{"hello":"world"}'))).rejects.toMatchObject(
      { status: 400 },
    );
    await expect(
      PROVIDERS.deveo.identify(request("a=b", "application/x-www-form-urlencoded")),
    ).rejects.toThrow("The form body has no payload field.");
  });

  it("maps content types to body formats", () => {
    expect(bodyFormat("application/json; charset=utf-8")).toBe("json");
    expect(bodyFormat("application/vnd.api+json")).toBe("json");
    expect(bodyFormat(undefined)).toBe("json");
    expect(bodyFormat("application/x-www-form-urlencoded")).toBe("form");
    expect(bodyFormat("text/xml")).toBeUndefined();
  });

  it("looks providers up by name only", () => {
    expect(getProvider("devrev")?.name).toBe("devrev");
    expect(getProvider("toString")).toBeUndefined();
    expect(getProvider("gitlab")).toBeUndefined();
  });
});

describe("the body's text handed on with the parsed event", () => {
  const fixture = readFileSync(join(FIXTURES, "deepsource/analysis_run.updated.json"));
  const body = new Uint8Array(
    fixture.buffer.slice(fixture.byteOffset, fixture.byteOffset + fixture.byteLength),
  );

  it("is the signed bytes decoded exactly, so the envelope needs no second decoding", async () => {
    const identified = await PROVIDERS.deepsource.identify(request(body), "envelope");
    expect(identified.bodyText).toBe(fixture.toString("utf8"));
    expect(utf8(identified.bodyText ?? "")).toEqual(body);
  });

  it("is left out where the lenient decoding the parser reads differs from the bytes", async () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...body]);
    const bom = await PROVIDERS.deepsource.identify(request(withBom), "envelope");
    expect(bom.event).toBe("analysis_run.updated");
    expect(bom.bodyText).toBeUndefined();
    const text = fixture.toString("utf8");
    const at = text.indexOf('"status"');
    // A lone continuation byte inside a string: the lenient decoder reads U+FFFD there.
    const invalid = new Uint8Array([
      ...utf8(`${text.slice(0, at)}"x":"a`),
      0x80,
      ...utf8(`",${text.slice(at)}`),
    ]);
    const lenient = await PROVIDERS.deepsource.identify(request(invalid), "envelope");
    expect(lenient.event).toBe("analysis_run.updated");
    expect(lenient.bodyText).toBeUndefined();
  });

  it("is left out for a form body, whose text is the payload field's", async () => {
    const payload = encodeURIComponent(readFileSync(join(FIXTURES, "deveo/push.json"), "utf8"));
    const identified = await PROVIDERS.deveo.identify(
      request(`payload=${payload}`, "application/x-www-form-urlencoded", {
        "x-hookbridge-delivery": "d-8",
      }),
      "envelope",
    );
    expect(identified.bodyText).toBeUndefined();
  });
});
