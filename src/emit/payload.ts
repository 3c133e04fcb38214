import * as z from "zod/mini";
import { utf8 } from "../core/bytes.ts";
import { HookbridgeError } from "../core/errors.ts";
import { describeZodError } from "../core/schemas/format.ts";
import { githubObjectUuid } from "./uuid.ts";

/** Where a Deveo hook is configured: a repository hook fires on pushes, the others on operations. */
export const HOOKS = ["repository", "project", "company"] as const;
export type Hook = (typeof HOOKS)[number];

export const OPERATIONS = ["created", "updated", "deleted"] as const;
export type Operation = (typeof OPERATIONS)[number];

export const OPERATION_TYPES = ["project", "repository"] as const;
export type OperationType = (typeof OPERATION_TYPES)[number];

export const BODY_FORMATS = ["json", "form"] as const;
export type BodyFormat = (typeof BODY_FORMATS)[number];

const ZERO_SHA = "0000000000000000000000000000000000000000";

/** What the run knows about itself besides the inputs: the runner's `GITHUB_*` environment. */
export interface RunContext {
  readonly eventName: string;
  /** The parsed JSON of `GITHUB_EVENT_PATH`. */
  readonly event: unknown;
  /** `GITHUB_SHA`: for a `create` event, the commit the new branch or tag points at. */
  readonly sha: string;
  /** `GITHUB_ACTOR`, used when the event names no sender. */
  readonly actor: string;
  /** `GITHUB_SERVER_URL`, so GitHub Enterprise Server objects get their own UUIDs. */
  readonly serverUrl: string;
}

/** Which hook to build; the operation fields only matter for project and company hooks. */
export interface HookRequest {
  readonly hook: Hook;
  readonly operation: Operation;
  readonly type: OperationType;
  /** Login of the user the operation is attributed to; defaults to the event's sender. */
  readonly subject: string | undefined;
}

export interface DeveoCommit {
  readonly distinct: boolean;
  readonly removed: string[];
  readonly message: string;
  readonly added: string[];
  readonly timestamp: string;
  readonly modified: string[];
  readonly url: string;
  readonly author: { readonly name: string; readonly email: string };
  readonly id: string;
}

/** Deveo's repository hook, field for field as Deveo documents it. */
export interface DeveoPushHook {
  readonly after: string;
  readonly ref: string;
  readonly before: string;
  readonly compare: string;
  readonly forced: boolean;
  readonly created: boolean;
  readonly deleted: boolean;
  readonly project: { readonly uuid: string; readonly name: string; readonly url: string };
  readonly repository: {
    readonly uuid: string;
    readonly name: string;
    readonly type: "git";
    readonly url: string;
    readonly https_url: string;
    readonly ssh_url: string;
    readonly owner: { readonly uuid: string; readonly name: string; readonly email: string };
  };
  readonly pusher: { readonly uuid: string; readonly name: string; readonly display_name: string };
  readonly commit_count: number;
  readonly commits: DeveoCommit[];
}

/** Deveo's project and company hooks: something was created, updated or deleted. */
export interface DeveoOperationHook {
  readonly operation: Operation;
  readonly type: OperationType;
  readonly subject: { readonly id: string; readonly uuid: string };
  readonly project: {
    readonly id: string;
    readonly uuid: string;
    readonly name: string;
    readonly description?: string;
    readonly visibility?: string;
  };
  readonly repository?: { readonly id: string; readonly uuid: string; readonly type: "git" };
}

export interface BuiltHook {
  /** Short event name for the `X-Hookbridge-Event` header: `push`, `repository.created`, … */
  readonly event: string;
  readonly payload: DeveoPushHook | DeveoOperationHook;
}

const account = z.looseObject({
  login: z.optional(z.string()),
  name: z.nullish(z.string()),
  email: z.nullish(z.string()),
  id: z.optional(z.number()),
  node_id: z.optional(z.string()),
  html_url: z.optional(z.string()),
  type: z.optional(z.string()),
});

const repository = z.looseObject({
  id: z.number(),
  node_id: z.optional(z.string()),
  name: z.string(),
  full_name: z.string(),
  html_url: z.string(),
  clone_url: z.optional(z.string()),
  ssh_url: z.optional(z.string()),
  visibility: z.optional(z.string()),
  private: z.optional(z.boolean()),
  owner: account,
});

const pushCommit = z.looseObject({
  id: z.string(),
  message: z.string(),
  timestamp: z.string(),
  url: z.string(),
  distinct: z._default(z.boolean(), true),
  author: z.looseObject({
    name: z.string(),
    email: z.nullish(z.string()),
    username: z.optional(z.string()),
  }),
  added: z._default(z.array(z.string()), []),
  removed: z._default(z.array(z.string()), []),
  modified: z._default(z.array(z.string()), []),
});

const pushEvent = z.looseObject({
  ref: z.string(),
  before: z.string(),
  after: z.string(),
  created: z.boolean(),
  deleted: z.boolean(),
  forced: z.boolean(),
  compare: z.nullish(z.string()),
  commits: z._default(z.array(pushCommit), []),
  pusher: z.looseObject({ name: z.string(), email: z.nullish(z.string()) }),
  sender: z.optional(account),
  repository,
});

const refEvent = z.looseObject({
  ref: z.string(),
  ref_type: z.enum(["branch", "tag"]),
  sender: z.optional(account),
  repository,
});

const anyEvent = z.looseObject({
  sender: z.optional(account),
  organization: z.optional(z.looseObject({ description: z.nullish(z.string()) })),
  repository: z.optional(repository),
});

type Account = z.infer<typeof account>;
type Repository = z.infer<typeof repository>;

function parseEvent<T extends z.ZodMiniType>(schema: T, context: RunContext): z.infer<T> {
  const parsed = schema.safeParse(context.event);
  if (parsed.success) return parsed.data;
  throw new HookbridgeError(
    "InvalidPayload",
    `The ${context.eventName} event in GITHUB_EVENT_PATH is not shaped like GitHub's (${describeZodError(parsed.error)}); run the step in a workflow triggered by that event rather than with a hand-made event file.`,
  );
}

function hostOf(serverUrl: string): string {
  try {
    return new URL(serverUrl).host || "github.com";
  } catch {
    return "github.com";
  }
}

// Deveo writes UTC with a `Z`; GitHub writes the committer's offset. The same instant either way.
function utcTimestamp(value: string): string {
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function accountName(value: Account): string {
  return value.login ?? value.name ?? "";
}

async function projectOf(host: string, repo: Repository): Promise<DeveoPushHook["project"]> {
  // Deveo groups repositories in projects; on GitHub the owning account plays that part.
  const name = accountName(repo.owner);
  return {
    uuid: await githubObjectUuid(host, "account", repo.owner),
    name,
    url: repo.owner.html_url ?? `https://${host}/${name}`,
  };
}

async function repositoryOf(host: string, repo: Repository): Promise<DeveoPushHook["repository"]> {
  return {
    uuid: await githubObjectUuid(host, "repository", {
      node_id: repo.node_id,
      id: repo.id,
      login: repo.full_name,
    }),
    name: repo.name,
    type: "git",
    url: repo.html_url,
    https_url: repo.clone_url ?? `${repo.html_url}.git`,
    ssh_url: repo.ssh_url ?? "",
    owner: {
      uuid: await githubObjectUuid(host, "account", repo.owner),
      name: accountName(repo.owner),
      email: repo.owner.email ?? "",
    },
  };
}

interface Pusher {
  readonly name: string;
  readonly displayName: string | undefined;
  readonly account: Account | undefined;
}

// A push event names the pusher only by login and email; the sender is the same person with ids.
function samePerson(login: string, sender: Account | undefined): Account | undefined {
  return sender?.login && sender.login.toLowerCase() === login.toLowerCase() ? sender : undefined;
}

async function pusherOf(host: string, pusher: Pusher): Promise<DeveoPushHook["pusher"]> {
  return {
    uuid: await githubObjectUuid(host, "account", {
      ...pusher.account,
      login: pusher.account?.login ?? pusher.name,
    }),
    name: pusher.name,
    display_name: pusher.displayName || pusher.name,
  };
}

function commitOf(commit: z.infer<typeof pushCommit>): DeveoCommit {
  return {
    distinct: commit.distinct,
    removed: commit.removed,
    message: commit.message,
    added: commit.added,
    timestamp: utcTimestamp(commit.timestamp),
    modified: commit.modified,
    url: commit.url,
    author: { name: commit.author.name, email: commit.author.email ?? "" },
    id: commit.id,
  };
}

async function fromPush(context: RunContext, host: string): Promise<DeveoPushHook> {
  const event = parseEvent(pushEvent, context);
  const sender = samePerson(event.pusher.name, event.sender);
  // GitHub has no display name for the pusher; their own commits carry the name they go by.
  const ownCommit = event.commits.find(
    (c) => c.author.username?.toLowerCase() === event.pusher.name.toLowerCase(),
  );
  const commits = event.commits.map(commitOf);
  return {
    after: event.after,
    ref: event.ref,
    before: event.before,
    compare: event.compare ?? "",
    forced: event.forced,
    created: event.created,
    deleted: event.deleted,
    project: await projectOf(host, event.repository),
    repository: await repositoryOf(host, event.repository),
    pusher: await pusherOf(host, {
      name: event.pusher.name,
      displayName: sender?.name ?? ownCommit?.author.name,
      account: sender,
    }),
    commit_count: commits.length,
    commits,
  };
}

async function fromRefEvent(
  context: RunContext,
  host: string,
  created: boolean,
): Promise<DeveoPushHook> {
  const event = parseEvent(refEvent, context);
  const ref = `refs/${event.ref_type === "tag" ? "tags" : "heads"}/${event.ref}`;
  const login = event.sender?.login ?? context.actor;
  return {
    // A create event's GITHUB_SHA is the new ref's commit; a delete event does not say what the
    // deleted ref pointed at, so both ends of a deletion are the all-zero id git uses for "none".
    after: created ? context.sha : ZERO_SHA,
    ref,
    before: ZERO_SHA,
    compare: "",
    forced: false,
    created,
    deleted: !created,
    project: await projectOf(host, event.repository),
    repository: await repositoryOf(host, event.repository),
    pusher: await pusherOf(host, {
      name: login,
      displayName: event.sender?.name ?? undefined,
      account: event.sender,
    }),
    commit_count: 0,
    commits: [],
  };
}

// GitHub accounts have no visibility of their own; the repository's is the nearest fact, and
// "internal" (visible to the whole enterprise) is what Deveo calls "company".
function visibilityOf(repo: Repository): string {
  const visibility = repo.visibility ?? (repo.private ? "private" : "public");
  return visibility === "internal" ? "company" : visibility;
}

async function fromOperation(
  request: HookRequest,
  context: RunContext,
  host: string,
): Promise<DeveoOperationHook> {
  const event = parseEvent(anyEvent, context);
  const repo = event.repository;
  if (!repo) {
    throw new HookbridgeError(
      "ConfigError",
      `hook: ${request.hook} describes the workflow's repository, but the ${context.eventName} event does not name one; trigger the step with an event that does, such as workflow_dispatch, push or release.`,
    );
  }
  const login = request.subject ?? event.sender?.login ?? context.actor;
  const subjectAccount = samePerson(login, event.sender);
  const subject = {
    id: login,
    uuid: await githubObjectUuid(host, "account", {
      ...subjectAccount,
      login: subjectAccount?.login ?? login,
    }),
  };
  const project = await projectOf(host, repo);
  const base = { operation: request.operation, type: request.type, subject };
  if (request.type === "project") {
    return {
      ...base,
      project: {
        id: project.name,
        uuid: project.uuid,
        name: project.name,
        description: event.organization?.description ?? "",
        visibility: visibilityOf(repo),
      },
    };
  }
  const repository = await repositoryOf(host, repo);
  return {
    ...base,
    project: { id: project.name, uuid: project.uuid, name: project.name },
    repository: { id: repo.name, uuid: repository.uuid, type: "git" },
  };
}

/** Builds the Deveo hook payload for this run, or says why this run cannot have one. */
export async function buildHook(request: HookRequest, context: RunContext): Promise<BuiltHook> {
  const host = hostOf(context.serverUrl);
  if (request.hook !== "repository") {
    return {
      event: `${request.type}.${request.operation}`,
      payload: await fromOperation(request, context, host),
    };
  }
  switch (context.eventName) {
    case "push":
      return { event: "push", payload: await fromPush(context, host) };
    case "create":
    case "delete":
      return {
        event: "push",
        payload: await fromRefEvent(context, host, context.eventName === "create"),
      };
    default:
      throw new HookbridgeError(
        "ConfigError",
        `hook: repository sends a Deveo push hook, built only from push, create or delete events, but this run was triggered by ${context.eventName || "an unknown event"}; trigger the workflow on: push (or use hook: project or company for an operation hook).`,
      );
  }
}

/** Adds the user's `extra-payload` on top; its keys win, as DejaCode's extra payload does. */
export function withExtraPayload(
  payload: object,
  extra: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  return { ...payload, ...extra };
}

export interface EncodedBody {
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly contentType: string;
}

/** The exact bytes that are signed and sent: JSON, or a form whose `payload` field is the JSON. */
export function encodeBody(payload: unknown, format: BodyFormat): EncodedBody {
  const json = JSON.stringify(payload);
  if (format === "form") {
    return {
      bytes: utf8(new URLSearchParams({ payload: json }).toString()),
      contentType: "application/x-www-form-urlencoded",
    };
  }
  return { bytes: utf8(json), contentType: "application/json" };
}
