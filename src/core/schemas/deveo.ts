import * as z from "zod/mini";
import {
  type Built,
  type EventOf,
  type EventSchemas,
  isRecord,
  lazyObject,
  lazyRecord,
  openEnum,
  stringField,
} from "./common.ts";

// Deveo sends two kinds of hook: a repository push (git-style, like GitHub's) and an operation
// hook for projects and repositories. The push shape is also what hookbridge's emit action sends.
// Deveo publishes no schema, only the samples of its webhooks page (test/fixtures/deveo/): what
// they show of a push or an operation is required, the URLs, a repository's owner, a pusher's
// display name and an operation's repository are optional, and unknown fields (the emit action's
// `hookbridge` key among them) pass through.

export const deveoCommitSchema = lazyObject(() => ({
  id: z.string(),
  distinct: z.boolean(),
  message: z.string(),
  timestamp: z.string(),
  url: z.string(),
  author: z.looseObject({ name: z.string(), email: z.string() }),
  added: z.array(z.string()),
  removed: z.array(z.string()),
  modified: z.array(z.string()),
}));
export type DeveoCommit = Built<typeof deveoCommitSchema>;

export const deveoPushSchema = lazyObject(() => ({
  before: z.string(),
  after: z.string(),
  ref: z.string(),
  compare: z.string(),
  forced: z.boolean(),
  created: z.boolean(),
  deleted: z.boolean(),
  project: z.looseObject({ uuid: z.string(), name: z.string(), url: z.optional(z.string()) }),
  repository: z.looseObject({
    uuid: z.string(),
    name: z.string(),
    type: openEnum(["git", "mercurial", "subversion"]),
    url: z.optional(z.string()),
    https_url: z.optional(z.string()),
    ssh_url: z.optional(z.string()),
    owner: z.optional(
      z.looseObject({ uuid: z.string(), name: z.string(), email: z.optional(z.string()) }),
    ),
  }),
  pusher: z.looseObject({
    uuid: z.string(),
    name: z.string(),
    display_name: z.optional(z.string()),
  }),
  commit_count: z.number(),
  commits: z.array(deveoCommitSchema()),
}));
export type DeveoPush = Built<typeof deveoPushSchema>;

const Operation = openEnum(["created", "updated", "deleted"]);

export const DeveoProject = z.looseObject({
  id: z.string(),
  uuid: z.string(),
  name: z.string(),
  description: z.optional(z.string()),
  visibility: z.optional(z.string()),
});
export type DeveoProject = z.infer<typeof DeveoProject>;

export const DeveoRepository = z.looseObject({
  id: z.string(),
  uuid: z.string(),
  type: z.optional(z.string()),
});
export type DeveoRepository = z.infer<typeof DeveoRepository>;

export const DeveoOperation = z.looseObject({
  operation: Operation,
  type: openEnum(["project", "repository"]),
  subject: z.looseObject({ id: z.string(), uuid: z.string() }),
  project: DeveoProject,
  repository: z.optional(DeveoRepository),
});
export type DeveoOperation = z.infer<typeof DeveoOperation>;

export const deveoEnvelope = z.union([
  z.looseObject({ after: z.string(), ref: z.string() }),
  DeveoOperation,
]);
export type DeveoEnvelope = z.infer<typeof deveoEnvelope>;

const projectOperation = <const O extends string>(operation: O) =>
  z.extend(DeveoOperation, { operation: z.literal(operation), type: z.literal("project") });

const repositoryOperation = <const O extends string>(operation: O) =>
  z.extend(DeveoOperation, {
    operation: z.literal(operation),
    type: z.literal("repository"),
    repository: DeveoRepository,
  });

// Built on first use, one event at a time (see lazyRecord).
export const deveoEvents = lazyRecord({
  push: () => deveoPushSchema(),
  "project.created": () => projectOperation("created"),
  "project.updated": () => projectOperation("updated"),
  "project.deleted": () => projectOperation("deleted"),
  "repository.created": () => repositoryOperation("created"),
  "repository.updated": () => repositoryOperation("updated"),
  "repository.deleted": () => repositoryOperation("deleted"),
}) satisfies EventSchemas;

export type DeveoEventName = keyof typeof deveoEvents;
export type DeveoEvent<N extends DeveoEventName = DeveoEventName> = EventOf<typeof deveoEvents, N>;

/** `push` for a push hook (it has `after` and `ref`), otherwise `<type>.<operation>`. */
export function deveoEventName(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  if (stringField(body, "after") !== undefined && stringField(body, "ref") !== undefined) {
    return "push";
  }
  const type = stringField(body, "type");
  const operation = stringField(body, "operation");
  return type && operation ? `${type}.${operation}` : undefined;
}
