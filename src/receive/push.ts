/** A git-style push as the summary and outputs show it: Deveo's push hook and GitHub's `push`. */
import type { OutputName } from "./constants.ts";
import { clip, code, escapeText, linkInRepository, type RepositoryPlace } from "./markdown.ts";
import type { Facts } from "./reaction-contract.ts";

type Outputs = Partial<Record<OutputName, string>>;

/** Commits listed in the summary; the rest are counted. */
const LISTED_COMMITS = 10;
const ZERO_SHA = /^0+$/;

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

/** The summary rows of a push: where, from what to what, by whom, and its first commits (linked only in `place`). */
export function pushFacts(
  push: {
    ref: string;
    before: string;
    after: string;
    pusher: string;
    commits: readonly { id: string; message: string; url?: string }[];
    commitCount: number;
  },
  place: RepositoryPlace,
): Facts {
  const listed = push.commits.slice(0, LISTED_COMMITS).map((commit) => {
    const subject = clip(commit.message.split("\n")[0] ?? "", 72);
    return `${linkInRepository(commit.id.slice(0, 7), commit.url, place)} ${escapeText(subject)}`;
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
