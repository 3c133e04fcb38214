import { HookbridgeError } from "../core/errors.ts";
import type { DeveoCommit, DeveoOperation, DeveoPush } from "../core/schemas/deveo.ts";
import {
  type Account,
  anyEvent,
  githubHost,
  type PushCommit,
  pushEvent,
  type Repository,
  type RunContext,
  readGitHubEvent,
  refEvent,
} from "./github-event.ts";
import { githubObjectUuid } from "./uuid.ts";

/**
 * The run's GitHub event as the Deveo hook a Deveo-style receiver expects. The hook's shape is
 * the one `core/schemas/deveo.ts` accepts, so the receive action reads what emit sends.
 */

/** Where a Deveo hook is configured: a repository hook fires on pushes, the others on operations. */
export const HOOKS = ["repository", "project", "company"] as const;
export type Hook = (typeof HOOKS)[number];

export const OPERATIONS = ["created", "updated", "deleted"] as const;
export type Operation = (typeof OPERATIONS)[number];

export const OPERATION_TYPES = ["project", "repository"] as const;
export type OperationType = (typeof OPERATION_TYPES)[number];

const ZERO_SHA = "0000000000000000000000000000000000000000";

/** Which hook to build; the operation fields only matter for project and company hooks. */
export interface HookRequest {
  readonly hook: Hook;
  readonly operation: Operation;
  readonly type: OperationType;
  /** Login of the user the operation is attributed to; defaults to the event's sender. */
  readonly subject: string | undefined;
}

/** Deveo's repository hook, field for field as Deveo documents it. */
export type DeveoPushHook = DeveoPush;

/** Deveo's project and company hooks: something was created, updated or deleted. */
export type DeveoOperationHook = DeveoOperation;

export interface BuiltHook {
  /** Short event name for the `X-Hookbridge-Event` header: `push`, `repository.created`, … */
  readonly event: string;
  readonly payload: DeveoPushHook | DeveoOperationHook;
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

function commitOf(commit: PushCommit): DeveoCommit {
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
  const event = readGitHubEvent(pushEvent, context);
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
  const event = readGitHubEvent(refEvent, context);
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
  const event = readGitHubEvent(anyEvent, context);
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
  const host = githubHost(context);
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
/** The key hookbridge adds beside Deveo's own fields; docs/emit.md documents it. */
export const DELIVERY_KEY = "hookbridge";

/**
 * The payload with the delivery's own id (the X-Hookbridge-Delivery header's) and the time it was
 * emitted under {@link DELIVERY_KEY}, added last so `extra-payload` cannot replace them: two
 * events then never share bytes, so a receiver that recognises copies by the body's digest (a
 * hookbridge relay does, where the id header is unsigned) never drops a new event as a copy of an
 * older one, and a Deveo receiver ignores a key it does not know. Retries resend the same bytes.
 */
export function withDelivery(
  payload: Readonly<Record<string, unknown>>,
  deliveryId: string,
  emittedAtMs: number,
): Record<string, unknown> {
  return {
    ...payload,
    [DELIVERY_KEY]: { delivery: deliveryId, emitted_at: new Date(emittedAtMs).toISOString() },
  };
}

export function withExtraPayload(
  payload: object,
  extra: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  return { ...payload, ...extra };
}
