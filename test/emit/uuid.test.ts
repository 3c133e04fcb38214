import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  githubObjectUuid,
  HOOKBRIDGE_NAMESPACE,
  URL_NAMESPACE,
  uuidV5,
} from "../../src/emit/uuid.ts";

const DNS_NAMESPACE = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";

describe("uuidV5", () => {
  it("matches RFC 9562's algorithm on a known answer (Python's uuid5(NAMESPACE_DNS, 'www.example.com'))", async () => {
    await expect(uuidV5(DNS_NAMESPACE, "www.example.com")).resolves.toBe(
      "2ed6657d-e927-568b-95e1-2665a8aea6a2",
    );
  });

  it("hookbridge's namespace is the URL-namespace UUID of its own address", async () => {
    await expect(uuidV5(URL_NAMESPACE, "https://github.com/hookbridge/emit")).resolves.toBe(
      HOOKBRIDGE_NAMESPACE,
    );
  });

  it("always sets version 5 and the RFC variant, and is deterministic", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uuid(), fc.string(), async (namespace, name) => {
        const uuid = await uuidV5(namespace, name);
        expect(uuid).toMatch(
          /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        );
        expect(await uuidV5(namespace, name)).toBe(uuid);
      }),
      { numRuns: 200 },
    );
  });

  it("rejects a namespace that is not a UUID", async () => {
    await expect(uuidV5("not-a-uuid", "x")).rejects.toThrow(/is not a UUID/);
  });
});

describe("githubObjectUuid", () => {
  it("prefers the node id, so a rename or a different id field does not change it", async () => {
    const a = await githubObjectUuid("github.com", "repository", {
      node_id: "R_1",
      id: 1,
      login: "a/b",
    });
    const b = await githubObjectUuid("github.com", "repository", {
      node_id: "R_1",
      id: 2,
      login: "a/c",
    });
    expect(a).toBe(b);
  });

  it("keeps hosts, kinds and fallbacks apart", async () => {
    const seen = new Set([
      await githubObjectUuid("github.com", "account", { node_id: "U_1" }),
      await githubObjectUuid("ghe.example.com", "account", { node_id: "U_1" }),
      await githubObjectUuid("github.com", "account", { id: 1 }),
      await githubObjectUuid("github.com", "repository", { id: 1 }),
      await githubObjectUuid("github.com", "account", { login: "octocat" }),
    ]);
    expect(seen.size).toBe(5);
  });

  it("logins are case-insensitive, as GitHub's are", async () => {
    expect(await githubObjectUuid("github.com", "account", { login: "OctoCat" })).toBe(
      await githubObjectUuid("github.com", "account", { login: "octocat" }),
    );
  });
});
