import { describe, expect, expectTypeOf, it } from "vitest";
import { HookbridgeError } from "../../src/core/errors.ts";
import {
  eventAllowed,
  loadRelayConfig,
  providersWithoutSecret,
  RELAY_SETTINGS,
  type WorkerVariables,
} from "../../src/relay/config.ts";
import { APP_KEY, SECRETS, TOKEN } from "./support.ts";

const base = { HOOKBRIDGE_REPOSITORY: "octo-org/octo-repo", HOOKBRIDGE_GITHUB_TOKEN: TOKEN };

function configError(env: Record<string, string | undefined>): string {
  try {
    loadRelayConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(HookbridgeError);
    expect((error as HookbridgeError).name).toBe("ConfigError");
    return (error as Error).message;
  }
  throw new Error("expected a configuration error");
}

describe("loadRelayConfig", () => {
  it("lists the HOOKBRIDGE_* variables it does not read, with the setting each most likely meant", () => {
    expect(loadRelayConfig(base).unknownVariables).toEqual([]);
    const config = loadRelayConfig({
      ...base,
      HOOKBRIDGE_REPOSITORYS: "octo-org/*",
      HOOKBRIDGE_SECRETS_DEEPSOURCE: SECRETS.deepsource,
      HOOKBRIDGE_DISPATCH_RAT: "10",
      HOOKBRIDGE_COLOUR: "blue",
      // Read by others beside the relay: the CLI's secret, the Worker's Durable Object binding.
      HOOKBRIDGE_SECRET: SECRETS.deepsource,
      HOOKBRIDGE_DELIVERIES: "bound",
      // Not the relay's.
      GITHUB_TOKEN: TOKEN,
    });
    expect(config.unknownVariables).toEqual([
      { variable: "HOOKBRIDGE_COLOUR", meant: undefined },
      { variable: "HOOKBRIDGE_DISPATCH_RAT", meant: "HOOKBRIDGE_DISPATCH_RATE" },
      { variable: "HOOKBRIDGE_REPOSITORYS", meant: "HOOKBRIDGE_REPOSITORY" },
      { variable: "HOOKBRIDGE_SECRETS_DEEPSOURCE", meant: "HOOKBRIDGE_SECRET_DEEPSOURCE" },
    ]);
    // A value is never part of what is said about it.
    expect(JSON.stringify(config.unknownVariables)).not.toContain(SECRETS.deepsource);
  });

  it("reads HOOKBRIDGE_ADMIN_TOKEN only when it is at least 32 characters, never repeating it", () => {
    expect(loadRelayConfig(base).adminToken).toBeUndefined();
    const token = "t".repeat(32);
    expect(loadRelayConfig({ ...base, HOOKBRIDGE_ADMIN_TOKEN: ` ${token} ` }).adminToken).toBe(
      token,
    );
    const short = "s".repeat(31);
    const message = configError({ ...base, HOOKBRIDGE_ADMIN_TOKEN: short });
    expect(message).toBe(
      "HOOKBRIDGE_ADMIN_TOKEN must be at least 32 characters long; generate one with: openssl rand -hex 32.",
    );
  });

  it("reads HOOKBRIDGE_TARGET: repository_dispatch by default, or workflow:<file>[@<branch>]", () => {
    expect(loadRelayConfig(base).target).toEqual({ kind: "repository_dispatch" });
    expect(
      loadRelayConfig({ ...base, HOOKBRIDGE_TARGET: "workflow:hookbridge.yml" }).target,
    ).toEqual({ kind: "workflow", workflow: "hookbridge.yml", ref: undefined });
    expect(
      loadRelayConfig({ ...base, HOOKBRIDGE_TARGET: "workflow:hooks.yaml@release/v1" }).target,
    ).toEqual({ kind: "workflow", workflow: "hooks.yaml", ref: "release/v1" });
    for (const bad of [
      "workflow",
      "workflow:",
      "workflow:../x.yml",
      "workflow:hooks",
      "workflow:a.yml@",
      "workflow:a.yml@../main",
      "workflow:a.yml@main?x=1",
      "dispatch",
    ]) {
      expect(configError({ ...base, HOOKBRIDGE_TARGET: bad }), bad).toMatch(
        /^HOOKBRIDGE_TARGET must be repository_dispatch or workflow:<file>\[@<branch>\]/,
      );
    }
  });

  it("reads the delivery queue's settings, with documented defaults", () => {
    expect(loadRelayConfig(base)).toMatchObject({
      delivery: undefined,
      dataDir: ".hookbridge",
      dispatchRatePerMinute: 80,
      dispatchConcurrency: 4,
      giveUpAfterSeconds: 86_400,
      retentionSeconds: 604_800,
      providerSettings: expect.objectContaining({ HOOKBRIDGE_DEEPSOURCE_ANALYSIS: "all" }),
    });
    expect(
      loadRelayConfig({
        ...base,
        HOOKBRIDGE_DELIVERY: "Sync",
        HOOKBRIDGE_DATA_DIR: "/var/lib/hookbridge",
        HOOKBRIDGE_DISPATCH_RATE: "1500.5",
        HOOKBRIDGE_DISPATCH_CONCURRENCY: "8",
        HOOKBRIDGE_GIVE_UP_AFTER: "90m",
        HOOKBRIDGE_RETENTION: "2d",
        HOOKBRIDGE_DEEPSOURCE_ANALYSIS: "final",
      }),
    ).toMatchObject({
      delivery: "sync",
      dataDir: "/var/lib/hookbridge",
      dispatchRatePerMinute: 1500.5,
      dispatchConcurrency: 8,
      giveUpAfterSeconds: 5400,
      retentionSeconds: 172_800,
      providerSettings: expect.objectContaining({ HOOKBRIDGE_DEEPSOURCE_ANALYSIS: "final" }),
    });
    expect(
      configError({
        ...base,
        HOOKBRIDGE_DELIVERY: "later",
        HOOKBRIDGE_DISPATCH_RATE: "0",
        HOOKBRIDGE_DISPATCH_CONCURRENCY: "0",
        HOOKBRIDGE_RETENTION: "a week",
      }),
    ).toBe(
      'HOOKBRIDGE_DELIVERY must be queue or sync, not "later". HOOKBRIDGE_DISPATCH_RATE must be a positive number of dispatches per minute, not "0". HOOKBRIDGE_DISPATCH_CONCURRENCY must be a whole number from 1 to 100, not "0". HOOKBRIDGE_RETENTION must be a duration of at least one second such as 90s, 30m, 24h or 7d, not "a week".',
    );
  });

  it("applies the documented defaults", () => {
    const config = loadRelayConfig({ ...base, HOOKBRIDGE_SECRET_DEEPSOURCE: SECRETS.deepsource });
    expect(config).toMatchObject({
      repository: "octo-org/octo-repo",
      apiUrl: "https://api.github.com",
      auth: { kind: "token", token: TOKEN },
      secrets: { deepsource: [SECRETS.deepsource] },
      events: undefined,
      providerSettings: {
        HOOKBRIDGE_DEEPSOURCE_ANALYSIS: "all",
        HOOKBRIDGE_DEJACODE_HEADER: "x-hookbridge-token",
      },
      replayWindowSeconds: 300,
      maxBodyBytes: 1024 * 1024,
      dryRun: false,
      port: 8787,
      server: {
        headersTimeoutSeconds: 10,
        requestTimeoutSeconds: 30,
        keepAliveTimeoutSeconds: 5,
        maxConnections: 1024,
      },
    });
    expect(providersWithoutSecret(config)).toEqual([
      "devrev",
      "dejacode",
      "deveo",
      "github",
      "standard",
    ]);
  });

  it("reads every setting", () => {
    const config = loadRelayConfig({
      ...base,
      HOOKBRIDGE_GITHUB_API_URL: "https://ghes.example.com/api/v3/",
      HOOKBRIDGE_SECRET_DEVREV: " one , two ,",
      HOOKBRIDGE_EVENTS: "deepsource.analysis_run.*,devrev.work_created  dejacode.*",
      HOOKBRIDGE_DEJACODE_HEADER: "X-DejaCode-Token",
      HOOKBRIDGE_REPLAY_WINDOW: "60",
      HOOKBRIDGE_MAX_BODY: "2048",
      HOOKBRIDGE_DRY_RUN: "false",
      PORT: "0",
      HOOKBRIDGE_HEADERS_TIMEOUT: "3",
      HOOKBRIDGE_REQUEST_TIMEOUT: "4",
      HOOKBRIDGE_KEEP_ALIVE_TIMEOUT: "2",
      HOOKBRIDGE_MAX_CONNECTIONS: "50",
    });
    expect(config).toMatchObject({
      apiUrl: "https://ghes.example.com/api/v3",
      secrets: { devrev: ["one", "two"] },
      events: ["deepsource.analysis_run.*", "devrev.work_created", "dejacode.*"],
      providerSettings: expect.objectContaining({ HOOKBRIDGE_DEJACODE_HEADER: "x-dejacode-token" }),
      replayWindowSeconds: 60,
      maxBodyBytes: 2048,
      port: 0,
      server: {
        headersTimeoutSeconds: 3,
        requestTimeoutSeconds: 4,
        keepAliveTimeoutSeconds: 2,
        maxConnections: 50,
      },
    });
    expect(eventAllowed(config, "deepsource", "analysis_run.updated")).toBe(true);
    expect(eventAllowed(config, "deepsource", "analysis_runner")).toBe(false);
    expect(eventAllowed(config, "devrev", "work_created")).toBe(true);
    expect(eventAllowed(config, "devrev", "work_deleted")).toBe(false);
    expect(eventAllowed(config, "dejacode", "request.added")).toBe(true);
    expect(eventAllowed(config, "deveo", "push")).toBe(false);
  });

  it("refuses server timeouts that are not whole seconds, and a headers timeout past the request's", () => {
    expect(configError({ ...base, HOOKBRIDGE_HEADERS_TIMEOUT: "0.5" })).toBe(
      'HOOKBRIDGE_HEADERS_TIMEOUT must be a whole number of seconds, at least 1, not "0.5".',
    );
    expect(configError({ ...base, HOOKBRIDGE_MAX_CONNECTIONS: "0" })).toContain(
      "HOOKBRIDGE_MAX_CONNECTIONS must be",
    );
    expect(
      configError({ ...base, HOOKBRIDGE_HEADERS_TIMEOUT: "60", HOOKBRIDGE_REQUEST_TIMEOUT: "30" }),
    ).toContain("must not exceed HOOKBRIDGE_REQUEST_TIMEOUT");
  });

  it("needs no repository or token in dry run", () => {
    expect(loadRelayConfig({ HOOKBRIDGE_DRY_RUN: "1" })).toMatchObject({
      dryRun: true,
      auth: { kind: "none" },
    });
  });

  it("reads GitHub App credentials, with the key on one line", () => {
    const config = loadRelayConfig({
      HOOKBRIDGE_REPOSITORY: "octo-org/octo-repo",
      HOOKBRIDGE_APP_ID: "123",
      HOOKBRIDGE_APP_PRIVATE_KEY: APP_KEY.privateKey.trim().replace(/\n/g, "\\n"),
      HOOKBRIDGE_APP_INSTALLATION_ID: "456",
    });
    expect(config.auth).toEqual({
      kind: "app",
      appId: "123",
      privateKey: APP_KEY.privateKey.trim(),
      installationId: "456",
    });
  });

  it("reports every bad variable in one error, one sentence each", () => {
    const message = configError({
      HOOKBRIDGE_REPOSITORY: "just-a-name",
      HOOKBRIDGE_GITHUB_TOKEN: TOKEN,
      HOOKBRIDGE_GITHUB_API_URL: "ftp://example.com",
      HOOKBRIDGE_EVENTS: "gitlab.push",
      HOOKBRIDGE_REPLAY_WINDOW: "five",
      HOOKBRIDGE_MAX_BODY: "-1",
      HOOKBRIDGE_DRY_RUN: "maybe",
      HOOKBRIDGE_SECRET_DEEPSOURCE: "short-secret",
      PORT: "70000",
    });
    const variables = [
      "HOOKBRIDGE_REPOSITORY",
      "HOOKBRIDGE_GITHUB_API_URL",
      "HOOKBRIDGE_EVENTS",
      "HOOKBRIDGE_REPLAY_WINDOW",
      "HOOKBRIDGE_MAX_BODY",
      "HOOKBRIDGE_DRY_RUN",
      "HOOKBRIDGE_SECRET_DEEPSOURCE",
      "PORT",
    ];
    for (const variable of variables) expect(message).toContain(variable);
    expect(message.split(/(?<=\.) (?=[A-Z])/).length).toBe(variables.length);
    expect(message).not.toContain(TOKEN);
  });

  it("explains a secret that is too short without repeating it", () => {
    const message = configError({ ...base, HOOKBRIDGE_SECRET_DEEPSOURCE: "abc, 0123456789abcdef" });
    expect(message).toBe(
      "Secret #1 in HOOKBRIDGE_SECRET_DEEPSOURCE is 3 characters long, but DeepSource requires at least 16.",
    );
  });

  it("rejects a Standard Webhooks secret that is not a whsec_ key", () => {
    expect(configError({ ...base, HOOKBRIDGE_SECRET_STANDARD: "not base64!" })).toContain("whsec_");
  });

  it("refuses a DejaCode token that is another provider's secret, naming both and neither value; Deveo and GitHub may share one", () => {
    const shared = "one-secret-for-everything-0123";
    const message = configError({
      ...base,
      HOOKBRIDGE_SECRET_DEJACODE: `old-token-0123456789,${shared}`,
      HOOKBRIDGE_SECRET_GITHUB: shared,
    });
    expect(message).toMatch(
      /^HOOKBRIDGE_SECRET_DEJACODE and HOOKBRIDGE_SECRET_GITHUB share a secret; /,
    );
    expect(message).not.toContain(shared);
    const both = loadRelayConfig({
      ...base,
      HOOKBRIDGE_SECRET_DEVEO: shared,
      HOOKBRIDGE_SECRET_GITHUB: shared,
    });
    expect(both.secrets).toEqual({ deveo: [shared], github: [shared] });
  });

  it("names a secret variable for a provider that does not exist", () => {
    expect(configError({ ...base, HOOKBRIDGE_SECRET_GITLAB: "x" })).toContain(
      "HOOKBRIDGE_SECRET_GITLAB names no known provider",
    );
  });

  it("asks for credentials, unless in dry run", () => {
    expect(configError({ HOOKBRIDGE_REPOSITORY: "o/r" })).toMatch(
      /HOOKBRIDGE_GITHUB_TOKEN .* HOOKBRIDGE_DRY_RUN=1/,
    );
    expect(configError({ HOOKBRIDGE_GITHUB_TOKEN: TOKEN })).toContain("HOOKBRIDGE_REPOSITORY");
  });

  it("refuses half an App, two ways of signing in, and a key that is not PEM", () => {
    expect(
      configError({ ...base, HOOKBRIDGE_GITHUB_TOKEN: undefined, HOOKBRIDGE_APP_ID: "1" }),
    ).toBe("GitHub App sign-in also needs HOOKBRIDGE_APP_PRIVATE_KEY.");
    const app = {
      HOOKBRIDGE_APP_ID: "1",
      HOOKBRIDGE_APP_PRIVATE_KEY: APP_KEY.privateKey,
      HOOKBRIDGE_APP_INSTALLATION_ID: "2",
    };
    expect(configError({ ...base, ...app })).toContain("keep only one");
    const notPem = configError({
      ...base,
      HOOKBRIDGE_GITHUB_TOKEN: undefined,
      ...app,
      HOOKBRIDGE_APP_PRIVATE_KEY: "secret-key-text",
    });
    expect(notPem).toContain("HOOKBRIDGE_APP_PRIVATE_KEY");
    expect(notPem).not.toContain("secret-key-text");
  });

  it("takes an App without an installation id: each repository's installation is looked up", () => {
    const config = loadRelayConfig({
      ...base,
      HOOKBRIDGE_GITHUB_TOKEN: undefined,
      HOOKBRIDGE_APP_ID: "1",
      HOOKBRIDGE_APP_PRIVATE_KEY: APP_KEY.privateKey,
    });
    expect(config.auth).toMatchObject({ kind: "app", appId: "1", installationId: undefined });
  });

  it("parses HOOKBRIDGE_REPOSITORIES once: owners, repositories and mappings, case-insensitive", () => {
    const config = loadRelayConfig({
      ...base,
      HOOKBRIDGE_REPOSITORY: undefined,
      HOOKBRIDGE_REPOSITORIES: " Octo-Org/*, other/One ,deepsource-team/api=Other/api-server",
    });
    expect(config.repository).toBeUndefined();
    expect(config.repositories?.allowed).toEqual(["octo-org/*", "other/one"]);
    expect([...(config.repositories?.mappings ?? [])]).toEqual([
      ["deepsource-team/api", "other/api-server"],
    ]);
    expect(loadRelayConfig(base).repositories).toBeUndefined();
    for (const bad of ["octo", "*/*", "a/b=c", "a/b=c/d=e/f", "a/b/c"]) {
      expect(configError({ ...base, HOOKBRIDGE_REPOSITORIES: bad })).toMatch(
        /^HOOKBRIDGE_REPOSITORIES entry ".*" must be owner\/repo, owner\/\* or provider-owner\/name=github-owner\/repo\.$/,
      );
    }
  });

  it("says so when a binding is not a string (a Workers JSON var)", () => {
    expect(configError({ ...base, HOOKBRIDGE_MAX_BODY: 5 as unknown as string })).toBe(
      "HOOKBRIDGE_MAX_BODY must be a string.",
    );
  });

  it("types the Worker's vars from the settings table, without the Node host's own", () => {
    const nodeOnly = Object.entries(RELAY_SETTINGS)
      .filter(([, field]) => "nodeOnly" in field)
      .map(([name]) => name);
    expect(nodeOnly).toEqual([
      "PORT",
      "HOOKBRIDGE_HEADERS_TIMEOUT",
      "HOOKBRIDGE_REQUEST_TIMEOUT",
      "HOOKBRIDGE_KEEP_ALIVE_TIMEOUT",
      "HOOKBRIDGE_MAX_CONNECTIONS",
      "HOOKBRIDGE_DATA_DIR",
    ]);
    expectTypeOf<keyof WorkerVariables>().toEqualTypeOf<
      | "HOOKBRIDGE_REPOSITORY"
      | "HOOKBRIDGE_REPOSITORIES"
      | "HOOKBRIDGE_GITHUB_TOKEN"
      | "HOOKBRIDGE_APP_ID"
      | "HOOKBRIDGE_APP_PRIVATE_KEY"
      | "HOOKBRIDGE_APP_INSTALLATION_ID"
      | "HOOKBRIDGE_GITHUB_API_URL"
      | "HOOKBRIDGE_EVENTS"
      | "HOOKBRIDGE_DEJACODE_HEADER"
      | "HOOKBRIDGE_REPLAY_WINDOW"
      | "HOOKBRIDGE_MAX_BODY"
      | "HOOKBRIDGE_DRY_RUN"
      | "HOOKBRIDGE_TARGET"
      | "HOOKBRIDGE_DELIVERY"
      | "HOOKBRIDGE_DISPATCH_RATE"
      | "HOOKBRIDGE_DISPATCH_CONCURRENCY"
      | "HOOKBRIDGE_GIVE_UP_AFTER"
      | "HOOKBRIDGE_RETENTION"
      | "HOOKBRIDGE_BATCH_WINDOW"
      | "HOOKBRIDGE_ADMIN_TOKEN"
      | "HOOKBRIDGE_DEEPSOURCE_ANALYSIS"
      | "HOOKBRIDGE_PUBLIC_URL"
    >();
    expectTypeOf<WorkerVariables["HOOKBRIDGE_RETENTION"]>().toEqualTypeOf<string | undefined>();
  });
});
