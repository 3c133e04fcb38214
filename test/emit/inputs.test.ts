import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HookbridgeError } from "../../src/core/errors.ts";
import { type EmitSettings, readSettings } from "../../src/emit/inputs.ts";

const WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

function read(inputs: Record<string, string>): { settings: EmitSettings; masked: string[] } {
  const masked: string[] = [];
  const settings = readSettings({
    getInput: (name) => inputs[name] ?? "",
    setSecret: (value) => masked.push(value),
  });
  return { settings, masked };
}

function failure(inputs: Record<string, string>): string {
  try {
    read(inputs);
  } catch (error) {
    expect(error).toBeInstanceOf(HookbridgeError);
    return (error as Error).message;
  }
  throw new Error("expected the inputs to be rejected");
}

const url = "https://hooks.example.com/deveo";

describe("defaults", () => {
  it("only url is needed, and every other setting has its documented default", () => {
    expect(read({ url }).settings).toEqual({
      urls: [new URL(url)],
      secret: undefined,
      contentType: "json",
      hook: "repository",
      operation: "created",
      type: "repository",
      subject: undefined,
      extraPayload: {},
      extraHeaders: {},
      signature: "hub",
      insecureSsl: false,
      timeoutMs: 10_000,
      retries: 3,
      failOnError: true,
    } satisfies EmitSettings);
  });
});

describe("url", () => {
  it("takes several URLs, one per line or comma-separated", () => {
    const { settings } = read({
      url: "https://a.example/x\nhttp://b.example:8080/y, https://c.example/z\n\n",
    });
    expect(settings.urls.map(String)).toEqual([
      "https://a.example/x",
      "http://b.example:8080/y",
      "https://c.example/z",
    ]);
  });

  it("keeps commas that belong to a URL's query", () => {
    const { settings } = read({ url: "https://a.example/x?tags=a,b,c" });
    expect(settings.urls.map(String)).toEqual(["https://a.example/x?tags=a,b,c"]);
  });

  it("is required", () => {
    expect(failure({})).toBe(
      "The url input is required: give one or more http(s) URLs, one per line or comma-separated.",
    );
  });

  it("rejects a bad entry without echoing it, since URLs carry tokens", () => {
    const message = failure({ url: `${url}\nftp://files.example/secret-token-123` });
    expect(message).toBe(
      "The url input must hold absolute http:// or https:// URLs, and this one (its 2nd entry) is not.",
    );
    expect(message).not.toContain("secret-token-123");
    expect(failure({ url: "not a url" })).toBe(
      "The url input must hold absolute http:// or https:// URLs, and this one is not.",
    );
  });

  it("masks credentials in URLs, including a token given as the user name", () => {
    const { masked } = read({
      url: "https://user:p%40ss@a.example/x\nhttps://tok_abcdef@b.example/",
    });
    expect(masked).toEqual(expect.arrayContaining(["p%40ss", "p@ss", "tok_abcdef"]));
    expect(masked).not.toContain("user");
  });

  it("masks both halves of userinfo, and query values long enough to be tokens", () => {
    const { masked } = read({
      url: "https://ghp_0123456789abcdef:x-oauth-basic@a.example/hook?token=s3cr3t-query-token&v=1",
    });
    expect(masked).toEqual(
      expect.arrayContaining(["ghp_0123456789abcdef", "x-oauth-basic", "s3cr3t-query-token"]),
    );
    expect(masked).not.toContain("1");
  });
});

describe("secret and signature", () => {
  it("the secret is masked before anything is validated", () => {
    const masked: string[] = [];
    expect(() =>
      readSettings({
        getInput: (name) => ({ secret: "s3cret-value", retries: "many" })[name] ?? "",
        setSecret: (v) => masked.push(v),
      }),
    ).toThrow(HookbridgeError);
    expect(masked).toContain("s3cret-value");
  });

  it("signature: standard needs a whsec_ key", () => {
    expect(read({ url, secret: WHSEC, signature: "standard" }).settings.signature).toBe("standard");
    for (const secret of [undefined, "plain text!"]) {
      const message = failure({ url, signature: "standard", ...(secret ? { secret } : {}) });
      expect(message).toMatch(
        /^The secret input must be a Standard Webhooks key \(whsec_ followed by base64/,
      );
      if (secret) expect(message).not.toContain(secret);
    }
  });

  it("refuses content-type: form with signature: standard, which Standard Webhooks receivers cannot parse", () => {
    expect(failure({ url, secret: WHSEC, signature: "standard", "content-type": "form" })).toMatch(
      /^The content-type input cannot be form with signature: standard, because Standard Webhooks/,
    );
    expect(
      read({ url, secret: WHSEC, signature: "hub", "content-type": "form" }).settings.contentType,
    ).toBe("form");
  });

  it("signature and content-type accept only their documented values", () => {
    expect(failure({ url, signature: "md5" })).toBe(
      'The signature input must be one of hub, standard, none, not "md5".',
    );
    expect(failure({ url, "content-type": "xml" })).toBe(
      'The content-type input must be one of json, form, not "xml".',
    );
    expect(
      read({ url, "content-type": "application/x-www-form-urlencoded" }).settings.contentType,
    ).toBe("form");
  });
});

describe("extra-payload", () => {
  it("is a JSON object", () => {
    expect(
      read({ url, "extra-payload": '{"environment": "production", "n": [1]}' }).settings
        .extraPayload,
    ).toEqual({
      environment: "production",
      n: [1],
    });
  });

  it("anything else is refused with one sentence", () => {
    expect(failure({ url, "extra-payload": "[1, 2]" })).toBe(
      'The extra-payload input must be a JSON object (its keys are merged into the payload), not an array; wrap it, e.g. {"extra": …}.',
    );
    expect(failure({ url, "extra-payload": '"text"' })).toMatch(/not a string;/);
    expect(failure({ url, "extra-payload": "null" })).toMatch(/not null;/);
    expect(failure({ url, "extra-payload": "{oops" })).toBe(
      'The extra-payload input is not valid JSON; give a JSON object such as {"environment": "production"}.',
    );
  });
});

describe("extra-headers", () => {
  it("reads Name: value lines and JSON objects alike", () => {
    const lines = read({ url, "extra-headers": "X-Token: abc:def\n# a comment\n\nX-Env: prod" })
      .settings.extraHeaders;
    const json = read({ url, "extra-headers": '{"X-Token": "abc:def", "X-Env": "prod"}' }).settings
      .extraHeaders;
    expect(lines).toEqual({ "X-Token": "abc:def", "X-Env": "prod" });
    expect(json).toEqual(lines);
  });

  it("the two forms agree for any valid headers", () => {
    const name = fc.stringMatching(/^X-[A-Za-z0-9-]{1,20}$/);
    const value = fc.stringMatching(/^[!-~]([ -~]{0,30}[!-~])?$/);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(name, value), { selector: ([n]) => n.toLowerCase(), maxLength: 6 }),
        (pairs) => {
          const lines = pairs.map(([n, v]) => `${n}: ${v}`).join("\n");
          const json = JSON.stringify(Object.fromEntries(pairs));
          expect(read({ url, "extra-headers": lines }).settings.extraHeaders).toEqual(
            read({ url, "extra-headers": json }).settings.extraHeaders,
          );
        },
      ),
    );
  });

  it("cannot override the signature, content type or delivery headers", () => {
    for (const name of [
      "X-Hub-Signature",
      "x-hub-signature-256",
      "Content-Type",
      "webhook-signature",
      "X-Hookbridge-Delivery",
    ]) {
      expect(failure({ url, "extra-headers": `${name}: forged` })).toMatch(
        new RegExp(`^The extra-headers input cannot be used: ${name} is set by hookbridge itself`),
      );
    }
  });

  it("rejects malformed lines and names", () => {
    expect(failure({ url, "extra-headers": "no colon here" })).toBe(
      'The extra-headers input has a line without "Name: value" in it.',
    );
    expect(failure({ url, "extra-headers": "Bad Name: x" })).toBe(
      'The extra-headers input cannot be used: "Bad Name" is not a valid header name.',
    );
    expect(failure({ url, "extra-headers": '{"X-A": {"b": 1}}' })).toBe(
      "The extra-headers input gives X-A a value that is not a string or number.",
    );
  });

  it("masks values long enough to be credentials", () => {
    const { masked } = read({
      url,
      "extra-headers": "Authorization: Bearer abcdefgh\nX-Env: prod",
    });
    expect(masked).toContain("Bearer abcdefgh");
    expect(masked).not.toContain("prod");
  });
});

describe("operation hooks", () => {
  it("type follows the hook: company hooks report projects, project hooks repositories", () => {
    expect(read({ url, hook: "company" }).settings).toMatchObject({
      hook: "company",
      type: "project",
      operation: "created",
    });
    expect(
      read({ url, hook: "project", operation: "deleted", subject: "hubot" }).settings,
    ).toMatchObject({
      type: "repository",
      operation: "deleted",
      subject: "hubot",
    });
  });

  it("operation, type and subject are refused on a repository hook rather than ignored", () => {
    expect(failure({ url, operation: "created" })).toBe(
      "The operation input only applies to operation hooks; set hook: project or hook: company, or remove it.",
    );
    expect(failure({ url, hook: "team" })).toBe(
      'The hook input must be one of repository, project, company, not "team".',
    );
  });
});

describe("numbers and switches", () => {
  it("timeout is seconds, fractions allowed; retries a whole number", () => {
    expect(read({ url, timeout: "2.5", retries: "0" }).settings).toMatchObject({
      timeoutMs: 2500,
      retries: 0,
    });
    expect(failure({ url, timeout: "0" })).toBe(
      'The timeout input must be a number of seconds above 0 and at most 600, not "0".',
    );
    expect(failure({ url, timeout: "10s" })).toMatch(
      /^The timeout input must be a number of seconds/,
    );
    expect(failure({ url, retries: "1.5" })).toBe(
      'The retries input must be a whole number of retries from 0 to 10, not "1.5".',
    );
    expect(failure({ url, retries: "11" })).toMatch(/from 0 to 10/);
  });

  it("booleans take YAML's spellings only", () => {
    expect(read({ url, "insecure-ssl": "TRUE", "fail-on-error": "false" }).settings).toMatchObject({
      insecureSsl: true,
      failOnError: false,
    });
    expect(failure({ url, "insecure-ssl": "yes" })).toBe(
      'The insecure-ssl input must be true or false, not "yes".',
    );
  });
});
