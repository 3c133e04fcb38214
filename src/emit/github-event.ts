import * as z from "zod/mini";
import { HookbridgeError } from "../core/errors.ts";
import { describeZodError } from "../core/schemas/format.ts";

/**
 * The GitHub event that triggered the run, read from `GITHUB_EVENT_PATH`: only the fields the
 * Deveo mapping uses, each checked, with GitHub's own defaults for the ones its events may omit.
 */

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

/** A `push` event. */
export const pushEvent = z.looseObject({
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

/** A `create` or `delete` event: a branch or tag made or removed. */
export const refEvent = z.looseObject({
  ref: z.string(),
  ref_type: z.enum(["branch", "tag"]),
  sender: z.optional(account),
  repository,
});

/** Any event, for the fields most carry: who sent it, and the repository and organization. */
export const anyEvent = z.looseObject({
  sender: z.optional(account),
  organization: z.optional(z.looseObject({ description: z.nullish(z.string()) })),
  repository: z.optional(repository),
});

export type Account = z.infer<typeof account>;
export type Repository = z.infer<typeof repository>;
export type PushCommit = z.infer<typeof pushCommit>;

/** The run's event as `schema` reads it; throws naming the field that is not shaped like GitHub's. */
export function readGitHubEvent<T extends z.ZodMiniType>(
  schema: T,
  context: RunContext,
): z.infer<T> {
  const parsed = schema.safeParse(context.event);
  if (parsed.success) return parsed.data;
  throw new HookbridgeError(
    "InvalidPayload",
    `The ${context.eventName} event in GITHUB_EVENT_PATH is not shaped like GitHub's (${describeZodError(parsed.error)}); run the step in a workflow triggered by that event rather than with a hand-made event file.`,
  );
}

/** The GitHub host the run is on (github.com, or a GitHub Enterprise Server's). */
export function githubHost(context: RunContext): string {
  try {
    return new URL(context.serverUrl).host || "github.com";
  } catch {
    return "github.com";
  }
}
