import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { utf8 } from "../../src/core/bytes.ts";
import { decodeDispatch } from "../../src/core/envelope.ts";
import { loadRelayConfig } from "../../src/relay/config.ts";
import { createRouter } from "../../src/relay/delivery/routing.ts";
import { createRelay } from "../../src/relay/http/fetch-adapter.ts";
import type { LogEntry } from "../../src/relay/log.ts";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import {
  APP_ID,
  APP_KEY,
  DISPATCHES,
  deepsourceAbout,
  expectError,
  fixture,
  post,
  replaceField,
  SECRETS,
  signedHeaders,
  uniqueId,
} from "./support.ts";

const OCTO = 101;
const OTHER = 202;
/** Short-lived tokens, so renewal is reached by moving the clock a little. */
const TOKEN_LIFETIME_MS = 10 * 60 * 1000;
const LIST = "octo-org/api, Octo-Org/web, other-org/*, ds-team/legacy=other-org/legacy-renamed";
const INSTALLATION = "GET /repos/{owner}/{repo}/installation";
const MINT = "POST /app/installations/{installation_id}/access_tokens";

async function deepsourceSample(event: string) {
  const body = replaceField(fixture("deepsource", event), "id", uniqueId());
  return { body, headers: await signedHeaders("deepsource", body) };
}

function appEnv(gh: GitHubStandIn, extra: Record<string, string | undefined> = {}) {
  return {
    HOOKBRIDGE_REPOSITORIES: LIST,
    HOOKBRIDGE_APP_ID: String(APP_ID),
    HOOKBRIDGE_APP_PRIVATE_KEY: APP_KEY.privateKey,
    HOOKBRIDGE_GITHUB_API_URL: gh.url,
    HOOKBRIDGE_SECRET_DEEPSOURCE: SECRETS.deepsource,
    HOOKBRIDGE_SECRET_GITHUB: SECRETS.github,
    HOOKBRIDGE_SECRET_DEVEO: SECRETS.deveo,
    ...extra,
  };
}

describe("routing one relay's events to the repository each names", () => {
  let gh: GitHubStandIn;
  let clock = Date.now();

  beforeAll(async () => {
    gh = await startGitHubStandIn({
      appId: APP_ID,
      appPublicKey: APP_KEY.publicKey,
      installations: { "octo-org": OCTO, "other-org": OTHER },
      tokenLifetimeMs: TOKEN_LIFETIME_MS,
      now: () => new Date(clock),
    });
  });
  afterAll(() => gh.close());
  beforeEach(() => gh.reset());
  afterEach(() => {
    expect(gh.violations).toEqual([]);
    expect(gh.pendingFaults()).toBe(0);
  });

  function relay(env: Record<string, string | undefined>) {
    const lines: LogEntry[] = [];
    const handler = createRelay(loadRelayConfig(env), {
      now: () => clock,
      logger: (entry) => lines.push(entry),
    });
    return {
      lines,
      send: (path: string, init: RequestInit) =>
        handler(new Request(`http://relay.test${path}`, init)),
    };
  }

  /** Who got a dispatch, with which token, in order. */
  function dispatchLog() {
    return gh.requests
      .filter((request) => request.template === "/repos/{owner}/{repo}/dispatches")
      .map((request) => ({
        path: request.path,
        token: request.headers.authorization?.replace(/^Bearer /, ""),
        status: request.status,
      }));
  }

  function tokenOf(installationId: number): string[] {
    return gh.state.installationTokens
      .filter((minted) => minted.installation_id === installationId)
      .map((minted) => minted.token);
  }

  it("dispatches events for three repositories of two owners once each, with each installation's token", async () => {
    const { send } = relay(appEnv(gh));
    for (const url of [
      "https://github.com/octo-org/api",
      "https://github.com/octo-org/web.git",
      "https://github.com/other-org/tools",
    ]) {
      expect((await send("/deepsource", post(await deepsourceAbout(url)))).status).toBe(204);
    }
    // Two installations, so two tokens, each for every repository of its installation.
    expect(gh.state.installationTokens.map((minted) => minted.installation_id)).toEqual([
      OCTO,
      OTHER,
    ]);
    for (const minted of gh.state.installationTokens) {
      expect(minted.body).toEqual({ permissions: { contents: "write" } });
      expect(minted.jwt.payload.iss).toBe(APP_ID);
    }
    expect(dispatchLog()).toEqual([
      { path: "/repos/octo-org/api/dispatches", token: tokenOf(OCTO)[0], status: 204 },
      { path: "/repos/octo-org/web/dispatches", token: tokenOf(OCTO)[0], status: 204 },
      { path: "/repos/other-org/tools/dispatches", token: tokenOf(OTHER)[0], status: 204 },
    ]);
    for (const name of ["octo-org/api", "octo-org/web", "other-org/tools"]) {
      const [dispatch, ...more] = gh.state.repo(name).dispatches;
      expect(more).toEqual([]);
      expect(dispatch?.event_type).toBe("deepsource.analysis_run.updated");
    }
    // The App's JWT is used for lookups and mints only, never for a dispatch.
    expect(requestLog(gh)).toEqual([
      "GET /repos/octo-org/api/installation 200 (App JWT)",
      `POST /app/installations/${OCTO}/access_tokens 201 (App JWT)`,
      `POST /repos/octo-org/api/dispatches 204 (installation ${OCTO} token)`,
      "GET /repos/octo-org/web/installation 200 (App JWT)",
      `POST /repos/octo-org/web/dispatches 204 (installation ${OCTO} token)`,
      "GET /repos/other-org/tools/installation 200 (App JWT)",
      `POST /app/installations/${OTHER}/access_tokens 201 (App JWT)`,
      `POST /repos/other-org/tools/dispatches 204 (installation ${OTHER} token)`,
    ]);
  });

  it("mints once per installation, reuses the token and the repository → installation lookup", async () => {
    const { send } = relay(appEnv(gh));
    for (let i = 0; i < 3; i++) {
      for (const url of ["https://github.com/octo-org/api", "https://github.com/other-org/tools"]) {
        expect((await send("/deepsource", post(await deepsourceAbout(url)))).status).toBe(204);
      }
    }
    expect(
      gh.requests.filter((r) => r.operationId === "apps/create-installation-access-token"),
    ).toHaveLength(2);
    expect(gh.requests.filter((r) => r.operationId === "apps/get-repo-installation")).toHaveLength(
      2,
    );
    expect(dispatchLog()).toHaveLength(6);
    expect(new Set(dispatchLog().map((entry) => entry.token))).toEqual(
      new Set([tokenOf(OCTO)[0], tokenOf(OTHER)[0]]),
    );
  });

  it("renews an expired installation token, and only that installation's", async () => {
    const { send } = relay(appEnv(gh));
    const api = "https://github.com/octo-org/api";
    const tools = "https://github.com/other-org/tools";
    expect((await send("/deepsource", post(await deepsourceAbout(api)))).status).toBe(204);
    clock += 11 * 60 * 1000;
    const [first] = gh.state.installationTokens;
    expect(Date.parse(first?.expires_at ?? "")).toBeLessThan(clock);
    expect((await send("/deepsource", post(await deepsourceAbout(api)))).status).toBe(204);
    expect((await send("/deepsource", post(await deepsourceAbout(tools)))).status).toBe(204);
    expect((await send("/deepsource", post(await deepsourceAbout(api)))).status).toBe(204);
    const octo = tokenOf(OCTO);
    expect(octo).toHaveLength(2);
    expect(tokenOf(OTHER)).toHaveLength(1);
    expect(dispatchLog().map((entry) => entry.token)).toEqual([
      octo[0],
      octo[1],
      tokenOf(OTHER)[0],
      octo[1],
    ]);
  });

  it("answers 2xx {ignored} for an unlisted repository, dispatches nothing and logs why", async () => {
    const { send, lines } = relay(appEnv(gh));
    const response = await send(
      "/deepsource",
      post(await deepsourceAbout("https://github.com/octo-org/secret-plans")),
    );
    expect(response.status).toBe(202);
    const body = (await response.json()) as { ignored: string };
    expect(Object.keys(body)).toEqual(["ignored"]);
    expect(body.ignored).toBe(
      "The event is about octo-org/secret-plans, which is not in HOOKBRIDGE_REPOSITORIES, so it was not dispatched.",
    );
    expect(gh.requests).toEqual([]);
    expect(lines.at(-1)).toMatchObject({ reason: "filtered", ignored: body.ignored, status: 202 });
  });

  it("does not route a repository on another host, even with a matching name", async () => {
    const { send } = relay(appEnv(gh));
    const response = await send(
      "/deepsource",
      post(await deepsourceAbout("https://gitlab.com/octo-org/api")),
    );
    expect(response.status).toBe(202);
    expect(((await response.json()) as { ignored: string }).ignored).toContain(
      "on gitlab.com, not on GitHub",
    );
    expect(gh.requests).toEqual([]);
  });

  it("follows a mapping entry: DeepSource's ds-team/legacy goes to other-org/legacy-renamed", async () => {
    const { send } = relay(appEnv(gh));
    const response = await send(
      "/deepsource",
      post(await deepsourceAbout("https://github.com/ds-team/legacy", "ds-team", "legacy")),
    );
    expect(response.status).toBe(204);
    expect(dispatchLog()).toEqual([
      { path: "/repos/other-org/legacy-renamed/dispatches", token: tokenOf(OTHER)[0], status: 204 },
    ]);
  });

  it("routes GitHub pushes by full_name and emit/Deveo-style pushes by their GitHub URL", async () => {
    const { send } = relay(appEnv(gh));
    const push = utf8(
      JSON.stringify({ ref: "refs/heads/main", repository: { full_name: "other-org/site" } }),
    );
    const githubHeaders = await signedHeaders("github", push, {
      "x-github-event": "push",
      "x-github-delivery": uniqueId(),
    });
    expect((await send("/github", post({ body: push, headers: githubHeaders }))).status).toBe(204);
    const hook = JSON.parse(new TextDecoder().decode(fixture("deveo", "push")));
    hook.repository.url = "https://github.com/octo-org/web";
    const deveo = utf8(JSON.stringify(hook));
    const deveoHeaders = await signedHeaders("deveo", deveo);
    expect((await send("/deveo", post({ body: deveo, headers: deveoHeaders }))).status).toBe(204);
    expect(dispatchLog().map((entry) => entry.path)).toEqual([
      "/repos/other-org/site/dispatches",
      "/repos/octo-org/web/dispatches",
    ]);
    // Deveo's own push names deveo.com, which is not GitHub.
    const own = fixture("deveo", "push");
    const answer = await send(
      "/deveo",
      post({ body: own, headers: await signedHeaders("deveo", own) }),
    );
    expect(answer.status).toBe(202);
  });

  it("sends events naming no repository to HOOKBRIDGE_REPOSITORY", async () => {
    const { send } = relay(appEnv(gh, { HOOKBRIDGE_REPOSITORY: "octo-org/ops" }));
    for (const event of ["test.event", "team_member.added"]) {
      expect((await send("/deepsource", post(await deepsourceSample(event)))).status).toBe(204);
    }
    const ops = gh.state.repo("octo-org/ops").dispatches;
    const events = await Promise.all(
      ops.map(async (dispatch) => (await decodeDispatch(dispatch.client_payload)).event),
    );
    expect(events).toEqual(["test.event", "team_member.added"]);
  });

  it("without a default, answers 2xx to events naming no repository and warns at start-up", async () => {
    const { send, lines } = relay(appEnv(gh));
    const warning = lines.find((entry) => entry.level === "warn");
    expect(warning?.msg).toContain("HOOKBRIDGE_REPOSITORIES is set without HOOKBRIDGE_REPOSITORY");
    // DeepSource activates the endpoint only once its test event is answered 2xx.
    const response = await send("/deepsource", post(await deepsourceSample("test.event")));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({
      ignored:
        "The event names no repository and HOOKBRIDGE_REPOSITORY is not set, so it was not dispatched.",
    });
    expect(gh.requests).toEqual([]);
  });

  it("says which repository the App is not installed on, and how to fix it", async () => {
    const { send } = relay(appEnv(gh, { HOOKBRIDGE_REPOSITORIES: "third-org/*" }));
    const sentence = await expectError(
      await send("/deepsource", post(await deepsourceAbout("https://github.com/third-org/app"))),
      502,
    );
    expect(sentence).toBe(
      'The App is not installed on third-org/app (404 "Not Found"); install it there with Contents read and write, or remove the repository from HOOKBRIDGE_REPOSITORIES.',
    );
  });

  it("uses one token for every listed repository, and names the one it cannot reach", async () => {
    const token = "github_pat_RoutingTestToken0123456789";
    const limited = await startGitHubStandIn({
      token,
      repositories: ["octo-org/api", "other-org/tools"],
    });
    try {
      const { send } = relay({
        ...appEnv(limited, { HOOKBRIDGE_APP_ID: undefined, HOOKBRIDGE_APP_PRIVATE_KEY: undefined }),
        HOOKBRIDGE_GITHUB_TOKEN: token,
      });
      for (const url of ["https://github.com/octo-org/api", "https://github.com/other-org/tools"]) {
        expect((await send("/deepsource", post(await deepsourceAbout(url)))).status).toBe(204);
      }
      const sentence = await expectError(
        await send("/deepsource", post(await deepsourceAbout("https://github.com/other-org/gone"))),
        502,
      );
      expect(sentence).toContain("other-org/gone");
      expect(sentence).toContain("HOOKBRIDGE_GITHUB_TOKEN cannot see other-org/gone");
      expect(limited.state.repo("octo-org/api").dispatches).toHaveLength(1);
      expect(limited.state.repo("other-org/tools").dispatches).toHaveLength(1);
    } finally {
      await limited.close();
    }
  });

  it("keeps the HOOKBRIDGE_APP_INSTALLATION_ID shortcut: no lookups, one installation", async () => {
    const { send } = relay(
      appEnv(gh, {
        HOOKBRIDGE_APP_INSTALLATION_ID: String(OCTO),
        HOOKBRIDGE_REPOSITORIES: "octo-org/*",
      }),
    );
    for (const url of ["https://github.com/octo-org/api", "https://github.com/octo-org/web"]) {
      expect((await send("/deepsource", post(await deepsourceAbout(url)))).status).toBe(204);
    }
    expect(gh.requests.map((r) => `${r.method} ${r.template}`)).toEqual([
      MINT,
      DISPATCHES,
      DISPATCHES,
    ]);
    expect(gh.requests.some((r) => `${r.method} ${r.template}` === INSTALLATION)).toBe(false);
  });
  it("with one repository and no installation id, looks the installation up and limits the token to it", async () => {
    const { send } = relay(
      appEnv(gh, { HOOKBRIDGE_REPOSITORIES: undefined, HOOKBRIDGE_REPOSITORY: "other-org/tools" }),
    );
    // Without a list every event goes to the one repository, whatever it names.
    expect(
      (await send("/deepsource", post(await deepsourceAbout("https://github.com/octo-org/api"))))
        .status,
    ).toBe(204);
    expect(
      gh.state.installationTokens.map((minted) => [minted.installation_id, minted.body]),
    ).toEqual([[OTHER, { repositories: ["tools"], permissions: { contents: "write" } }]]);
    expect(dispatchLog()).toEqual([
      { path: "/repos/other-org/tools/dispatches", token: tokenOf(OTHER)[0], status: 204 },
    ]);
  });
});

describe("createRouter", () => {
  const config = loadRelayConfig({
    HOOKBRIDGE_REPOSITORIES: "Octo-Org/*, a/b, old/name=new-org/new-name",
    HOOKBRIDGE_GITHUB_API_URL: "https://ghes.example.com/api/v3",
    HOOKBRIDGE_GITHUB_TOKEN: "t",
  });
  const route = createRouter(config);

  it("matches owners and names case-insensitively, on github.com and the GHES host", () => {
    expect(route({ path: "OCTO-ORG/Thing", host: "github.com" })).toEqual({
      repository: "OCTO-ORG/Thing",
    });
    expect(route({ path: "A/B", host: "ghes.example.com" })).toEqual({ repository: "A/B" });
    expect(route({ path: "a/b" })).toEqual({ repository: "a/b" });
    expect(route({ path: "a/c", host: "github.com" })).toHaveProperty("ignored");
    expect(route({ path: "a/b", host: "bitbucket.org" })).toHaveProperty("ignored");
    expect(route({ path: "group/sub/repo", host: "github.com" })).toHaveProperty("ignored");
    expect(route({ path: "", host: "github.com" })).toHaveProperty("ignored");
  });

  it("maps by the provider's own name or by the path, wherever the code lives", () => {
    expect(route({ path: "x/y", host: "gitlab.com", alias: "Old/Name" })).toEqual({
      repository: "new-org/new-name",
    });
    expect(route({ path: "old/name", host: "github.com" })).toEqual({
      repository: "new-org/new-name",
    });
  });

  it("never puts an unreadable name into its sentence", () => {
    const decision = route({ path: "evil/\u001b[31m::error::x", host: "github.com" });
    expect(decision).toEqual({
      ignored:
        "The event is about a name the relay cannot read, which is not a GitHub owner/repo, so it was not dispatched.",
    });
  });

  it("without a list, sends everything to HOOKBRIDGE_REPOSITORY as before", () => {
    const single = createRouter(
      loadRelayConfig({
        HOOKBRIDGE_REPOSITORY: "octo-org/octo-repo",
        HOOKBRIDGE_GITHUB_TOKEN: "t",
      }),
    );
    expect(single({ path: "elsewhere/repo", host: "github.com" })).toEqual({
      repository: "octo-org/octo-repo",
    });
    expect(single(undefined)).toEqual({ repository: "octo-org/octo-repo" });
  });
});

/** The stand-in's request log: method, path, status and which credential each request carried. */
function requestLog(gh: GitHubStandIn): string[] {
  const names = new Map<string, string>();
  for (const minted of gh.state.installationTokens)
    names.set(minted.token, `installation ${minted.installation_id} token`);
  return gh.requests.map((request) => {
    const credential = request.headers.authorization?.replace(/^Bearer /, "") ?? "";
    const who = names.get(credential) ?? (credential.split(".").length === 3 ? "App JWT" : "token");
    return `${request.method} ${request.path} ${request.status} (${who})`;
  });
}
