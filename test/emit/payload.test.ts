import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fromUtf8 } from "../../src/core/bytes.ts";
import { HookbridgeError } from "../../src/core/errors.ts";
import { deveoEventName, deveoEvents } from "../../src/core/schemas/deveo.ts";
import {
  buildHook,
  type DeveoOperationHook,
  type DeveoPushHook,
  type HookRequest,
  withExtraPayload,
} from "../../src/emit/deveo-hook.ts";
import type { RunContext } from "../../src/emit/github-event.ts";
import { encodeBody } from "../../src/emit/payload.ts";
import { ROOT } from "../support/run-action.ts";
import {
  branchCreation,
  createEvent,
  deleteEvent,
  deletion,
  examples,
  forcedPush,
  type GitHubEvent,
  tagPush,
} from "./github-events.ts";

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(`${ROOT}test/fixtures/deveo/${name}.json`, "utf8"));

/**
 * Every path of a JSON value with the type found there. Arrays of objects contribute their
 * elements' paths under `[]`; arrays of strings are just "array" (the samples leave some empty).
 */
function shape(value: unknown, path = "$", out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) {
    out.set(path, "array");
    for (const item of value)
      if (typeof item === "object" && item !== null) shape(item, `${path}[]`, out);
  } else if (typeof value === "object" && value !== null) {
    out.set(path, "object");
    for (const [key, child] of Object.entries(value)) shape(child, `${path}.${key}`, out);
  } else {
    out.set(path, value === null ? "null" : typeof value);
  }
  return out;
}

const withoutCommits = (paths: Map<string, string>) =>
  new Map([...paths].filter(([path]) => !path.startsWith("$.commits[]")));

const PUSH: HookRequest = {
  hook: "repository",
  operation: "created",
  type: "repository",
  subject: undefined,
};

function context(
  eventName: string,
  event: GitHubEvent,
  extra: Partial<RunContext> = {},
): RunContext {
  return {
    eventName,
    event,
    sha: "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
    actor: "octocat",
    serverUrl: "https://github.com",
    ...extra,
  };
}

async function pushHook(eventName: string, event: GitHubEvent): Promise<DeveoPushHook> {
  const built = await buildHook(PUSH, context(eventName, event));
  expect(built.event).toBe("push");
  expect(deveoEventName(built.payload)).toBe("push");
  expect(deveoEvents.push.safeParse(built.payload).success).toBe(true);
  return built.payload as DeveoPushHook;
}

const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("the Deveo push hook from GitHub's push events", () => {
  const deveo = shape(fixture("push"));

  it("a branch creation with a commit has every field of Deveo's sample, with the same types", async () => {
    const event = branchCreation();
    const hook = await pushHook("push", event);
    expect(shape(hook)).toEqual(deveo);
    expect(hook).toMatchObject({
      after: event.after,
      ref: "refs/heads/master",
      before: "0000000000000000000000000000000000000000",
      compare: event.compare,
      forced: false,
      created: true,
      deleted: false,
      project: { name: "Codertocat", url: "https://github.com/Codertocat" },
      repository: {
        name: "Hello-World",
        type: "git",
        url: "https://github.com/Codertocat/Hello-World",
        https_url: "https://github.com/Codertocat/Hello-World.git",
        ssh_url: "git@github.com:Codertocat/Hello-World.git",
        owner: { name: "Codertocat", email: "21031067+Codertocat@users.noreply.github.com" },
      },
      pusher: { name: "Codertocat", display_name: "Codertocat" },
      commit_count: 1,
    });
    const [commit] = hook.commits;
    const [source] = event.commits;
    expect(commit).toEqual({
      distinct: source.distinct,
      removed: source.removed,
      message: source.message,
      added: source.added,
      timestamp: new Date(source.timestamp).toISOString().replace(".000Z", "Z"),
      modified: source.modified,
      url: source.url,
      author: { name: source.author.name, email: source.author.email },
      id: source.id,
    });
    expect(commit?.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it("a forced push says so and keeps the same shape", async () => {
    const hook = await pushHook("push", forcedPush());
    expect(shape(hook)).toEqual(deveo);
    expect(hook).toMatchObject({
      forced: true,
      created: false,
      deleted: false,
      before: "c58a421ed77556d217abc7638de9ba9b3589b36d",
    });
    expect(hook.compare).toMatch(/\/compare\//);
  });

  it("a tag push names the tag ref and has no commits", async () => {
    const hook = await pushHook("push", tagPush());
    expect(withoutCommits(shape(hook))).toEqual(withoutCommits(deveo));
    expect(hook).toMatchObject({
      ref: "refs/tags/simple-tag",
      created: true,
      deleted: false,
      commit_count: 0,
      commits: [],
    });
  });

  it("a deletion has the all-zero after and deleted: true", async () => {
    const event = deletion();
    const hook = await pushHook("push", event);
    expect(withoutCommits(shape(hook))).toEqual(withoutCommits(deveo));
    expect(hook).toMatchObject({
      deleted: true,
      created: false,
      before: event.before,
      after: "0000000000000000000000000000000000000000",
    });
  });

  it("every push example GitHub published becomes a valid Deveo push hook", async () => {
    for (const event of examples("push")) {
      const hook = await pushHook("push", event);
      expect(withoutCommits(shape(hook))).toEqual(withoutCommits(deveo));
    }
  });

  it("UUIDs are version 5, stable for the same GitHub object and distinct between objects", async () => {
    const first = await pushHook("push", branchCreation());
    const again = await pushHook("push", deletion());
    for (const uuid of [
      first.project.uuid,
      first.repository.uuid,
      first.repository.owner?.uuid,
      first.pusher.uuid,
    ]) {
      expect(uuid).toMatch(UUID_V5);
    }
    expect(again.repository.uuid).toBe(first.repository.uuid);
    expect(again.pusher.uuid).toBe(first.pusher.uuid);
    // Codertocat owns the repository and pushed to it: one account, one UUID.
    expect(first.pusher.uuid).toBe(first.repository.owner?.uuid);
    expect(first.project.uuid).toBe(first.repository.owner?.uuid);
    expect(first.repository.uuid).not.toBe(first.project.uuid);
  });

  it("a renamed repository keeps its UUID (node ids do not change), another host gets different ones", async () => {
    const renamed = branchCreation();
    renamed.repository.name = "Renamed";
    renamed.repository.full_name = "Codertocat/Renamed";
    const original = await pushHook("push", branchCreation());
    const after = await pushHook("push", renamed);
    expect(after.repository.uuid).toBe(original.repository.uuid);
    const ghes = (
      await buildHook(
        PUSH,
        context("push", branchCreation(), { serverUrl: "https://ghe.example.com" }),
      )
    ).payload as DeveoPushHook;
    expect(ghes.repository.uuid).not.toBe(original.repository.uuid);
  });
});

describe("create and delete events", () => {
  it("a tag creation becomes a push hook for refs/tags/… pointing at GITHUB_SHA", async () => {
    const hook = await pushHook("create", createEvent());
    expect(hook).toMatchObject({
      ref: "refs/tags/simple-tag",
      created: true,
      deleted: false,
      forced: false,
      before: "0000000000000000000000000000000000000000",
      after: "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
      commits: [],
      commit_count: 0,
    });
  });

  it("a branch deletion becomes a push hook with deleted: true for refs/heads/…", async () => {
    const event = deleteEvent();
    event.ref = "feature/x";
    event.ref_type = "branch";
    const hook = await pushHook("delete", event);
    expect(hook).toMatchObject({
      ref: "refs/heads/feature/x",
      deleted: true,
      created: false,
      after: "0000000000000000000000000000000000000000",
    });
  });
});

describe("events that cannot become a push hook", () => {
  it("any other event fails with a sentence naming the supported ones", async () => {
    const run = buildHook(PUSH, context("issues", examples("issues")[0] as GitHubEvent));
    await expect(run).rejects.toBeInstanceOf(HookbridgeError);
    await expect(run).rejects.toThrow(
      /push, create or delete events, but this run was triggered by issues/,
    );
  });

  it("a push event file that is not GitHub's shape names the field", async () => {
    const event = branchCreation();
    delete event.repository;
    await expect(buildHook(PUSH, context("push", event))).rejects.toThrow(
      /^The push event in GITHUB_EVENT_PATH is not shaped like GitHub's \(repository: /,
    );
  });
});

describe("operation hooks", () => {
  const dispatch = () => ({ ...branchCreation(), ref: "refs/heads/master" });

  it("hook: company reports a project, shaped like Deveo's project-created sample", async () => {
    const request: HookRequest = {
      hook: "company",
      operation: "created",
      type: "project",
      subject: undefined,
    };
    const built = await buildHook(request, context("workflow_dispatch", dispatch()));
    expect(built.event).toBe("project.created");
    expect(shape(built.payload)).toEqual(shape(fixture("project.created")));
    expect(deveoEvents["project.created"].safeParse(built.payload).success).toBe(true);
    expect(built.payload).toMatchObject({
      operation: "created",
      type: "project",
      subject: { id: "Codertocat" },
      project: { id: "Codertocat", name: "Codertocat", visibility: "public", description: "" },
    });
  });

  it("hook: project reports a repository, shaped like Deveo's repository-created sample", async () => {
    const request: HookRequest = {
      hook: "project",
      operation: "deleted",
      type: "repository",
      subject: "hubot",
    };
    const built = await buildHook(request, context("workflow_dispatch", dispatch()));
    expect(built.event).toBe("repository.deleted");
    expect(shape(built.payload)).toEqual(shape(fixture("repository.created")));
    expect(deveoEvents["repository.deleted"].safeParse(built.payload).success).toBe(true);
    const push = await pushHook("push", branchCreation());
    expect(built.payload).toMatchObject({
      subject: { id: "hubot" },
      project: { id: "Codertocat", uuid: push.project.uuid },
      repository: { id: "Hello-World", uuid: push.repository.uuid, type: "git" },
    });
    expect((built.payload as DeveoOperationHook).subject.uuid).not.toBe(push.pusher.uuid);
  });

  it("an event without a repository is refused with the events that have one", async () => {
    const request: HookRequest = {
      hook: "project",
      operation: "created",
      type: "repository",
      subject: undefined,
    };
    await expect(
      buildHook(request, context("schedule", { schedule: "0 0 * * *" })),
    ).rejects.toThrow(
      /does not name one; trigger the step with an event that does, such as workflow_dispatch/,
    );
  });
});

describe("the body", () => {
  const payload = { after: "abc", message: "Ünïcode & spaces + symbols=?" };

  it("json is the compact JSON text", () => {
    const body = encodeBody(payload, "json");
    expect(body.contentType).toBe("application/json");
    expect(fromUtf8(body.bytes)).toBe(JSON.stringify(payload));
  });

  it("form is payload=<urlencoded json>, which a form parser reads back exactly", () => {
    const body = encodeBody(payload, "form");
    expect(body.contentType).toBe("application/x-www-form-urlencoded");
    const text = fromUtf8(body.bytes);
    expect(text.startsWith("payload=%7B%22after%22")).toBe(true);
    expect(JSON.parse(new URLSearchParams(text).get("payload") ?? "")).toEqual(payload);
  });

  it("extra-payload keys are added at the top level and win over built ones", () => {
    expect(withExtraPayload({ a: 1, b: 2 }, { b: 3, env: "prod" })).toEqual({
      a: 1,
      b: 3,
      env: "prod",
    });
  });
});
