import { HookbridgeError } from "../../core/errors.ts";
import {
  type DeveoEvent,
  type DeveoEventName,
  type DeveoPush,
  deveoEnvelope,
  deveoEvents,
} from "../../core/schemas/deveo.ts";
import { describeZodError } from "../../core/schemas/format.ts";
import type { OutputName } from "../constants.ts";
import { clip, code, escapeText, link } from "../markdown.ts";
import type { ProviderReactions, ReceivedEvent } from "../reactions.ts";
import type { VerifiedEvent } from "../verify.ts";

type Known = { [N in DeveoEventName]: DeveoEvent<N> }[DeveoEventName];
type Outputs = Partial<Record<OutputName, string>>;
type Facts = [string, string][];

/** Commits listed in the summary; the rest are counted. */
const LISTED_COMMITS = 10;
const ZERO_SHA = /^0+$/;

function parse(event: VerifiedEvent): Known | undefined {
  const known = Object.hasOwn(deveoEvents, event.event);
  const schema = known ? deveoEvents[event.event as DeveoEventName] : deveoEnvelope;
  const result = schema.safeParse(event.json);
  if (!result.success) {
    throw new HookbridgeError(
      "InvalidPayload",
      `The Deveo ${event.event} body does not match its schema: ${describeZodError(result.error)}.`,
    );
  }
  return known ? (result.data as Known) : undefined;
}

/** The branch a `refs/heads/…` ref names; "" for tags and other refs. */
export function branchOf(ref: string): string {
  return ref.startsWith("refs/heads/") ? ref.slice("refs/heads/".length) : "";
}

/** What a push did to its ref: created, deleted, forced (history rewritten) or pushed. */
export function pushStatus(push: { created: boolean; deleted: boolean; forced: boolean }): string {
  if (push.created) return "created";
  if (push.deleted) return "deleted";
  return push.forced ? "forced" : "pushed";
}

/**
 * The outputs of a git-style push, the same for Deveo's push hook and GitHub's `push`:
 * `commit` is the new tip, empty when the ref was deleted (there is no tip).
 */
export function pushOutputs(push: {
  ref: string;
  before: string;
  after: string;
  created: boolean;
  deleted: boolean;
  forced: boolean;
  commitCount: number;
  pusher: string;
}): Outputs {
  return {
    ref: push.ref,
    before: push.before,
    after: push.after,
    "commit-count": String(push.commitCount),
    pusher: push.pusher,
    branch: branchOf(push.ref),
    commit: push.deleted || ZERO_SHA.test(push.after) ? "" : push.after,
    status: pushStatus(push),
  };
}

/** The summary rows of a push: where, from what to what, by whom, and its first commits. */
export function pushFacts(push: {
  ref: string;
  before: string;
  after: string;
  pusher: string;
  commits: readonly { id: string; message: string; url?: string }[];
  commitCount: number;
}): Facts {
  const listed = push.commits.slice(0, LISTED_COMMITS).map((commit) => {
    const subject = clip(commit.message.split("\n")[0] ?? "", 72);
    return `${link(commit.id.slice(0, 7), commit.url)} ${escapeText(subject)}`;
  });
  const more = push.commitCount - listed.length;
  if (more > 0) listed.push(`and ${more} more`);
  return [
    ["Ref", code(push.ref, true)],
    [
      "Before → after",
      `${code(push.before.slice(0, 12), true)} → ${code(push.after.slice(0, 12), true)}`,
    ],
    ["Pusher", escapeText(push.pusher)],
    ["Commits", listed.length > 0 ? listed.join("<br>") : "none"],
  ];
}

function pushEvent(body: DeveoPush): ReceivedEvent {
  const repository = `${body.project.name}/${body.repository.name}`;
  const where = branchOf(body.ref) || body.ref;
  return {
    title: `Deveo push to ${code(where)} in ${escapeText(repository)}`,
    outputs: {
      ...pushOutputs({
        ...body,
        commitCount: body.commit_count,
        pusher: body.pusher.name,
      }),
      repository,
    },
    facts: [
      ["Repository", link(repository, body.repository.url)],
      ...pushFacts({
        ...body,
        commitCount: body.commit_count,
        pusher: body.pusher.display_name
          ? `${body.pusher.display_name} (${body.pusher.name})`
          : body.pusher.name,
      }),
    ],
    // Nothing to do in this repository: later steps act on the outputs.
    async react() {},
    failures: () => [],
  };
}

function operationEvent(body: DeveoEvent<Exclude<DeveoEventName, "push">>): ReceivedEvent {
  const { project, repository } = body;
  const name = repository ? `${project.id}/${repository.id}` : project.id;
  const facts: Facts = [
    ["Operation", code(body.operation, true)],
    ["Project", `${escapeText(project.name)} (${code(project.id, true)})`],
  ];
  if (repository) {
    facts.push([
      "Repository",
      `${code(repository.id, true)}${repository.type ? ` (${escapeText(repository.type)})` : ""}`,
    ]);
  }
  facts.push(["By", escapeText(body.subject.id)]);
  return {
    title: `Deveo ${escapeText(body.type)} ${code(name)} ${escapeText(body.operation)}`,
    outputs: { repository: name, status: body.operation },
    facts,
    async react() {},
    failures: () => [],
  };
}

export const deveoReactions: ProviderReactions = {
  receive(event) {
    const body = parse(event);
    const object = JSON.stringify(event.json);
    if (!body) {
      return {
        title: `Deveo ${code(event.event)}`,
        outputs: { object },
        facts: [
          [
            "Note",
            "hookbridge has no reaction for this Deveo hook; outputs and this summary only.",
          ],
        ],
        async react() {},
        failures: () => [],
      };
    }
    const received =
      event.event === "push"
        ? pushEvent(body as DeveoEvent<"push">)
        : operationEvent(body as DeveoEvent<Exclude<DeveoEventName, "push">>);
    return { ...received, outputs: { ...received.outputs, object } };
  },
};
