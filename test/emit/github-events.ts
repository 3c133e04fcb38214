import { createRequire } from "node:module";

// Real payloads GitHub sent, as collected by octokit/webhooks.
const require = createRequire(import.meta.url);
const definitions = require("@octokit/webhooks-examples") as {
  name: string;
  examples: GitHubEvent[];
}[];

// biome-ignore lint/suspicious/noExplicitAny: GitHub's payloads are checked by the code under test.
export type GitHubEvent = Record<string, any>;

export function examples(name: string): GitHubEvent[] {
  const found = definitions.find((definition) => definition.name === name);
  if (!found) throw new Error(`@octokit/webhooks-examples has no ${name} examples`);
  return found.examples.map((example) => structuredClone(example));
}

function find(name: string, predicate: (event: GitHubEvent) => boolean): GitHubEvent {
  const found = examples(name).find(predicate);
  if (!found) throw new Error(`no ${name} example matches`);
  return found;
}

/** A new branch pushed with one commit. */
export const branchCreation = () =>
  find("push", (e) => e.ref.startsWith("refs/heads/") && e.created && e.commits.length > 0);

/** A new tag pushed. */
export const tagPush = () => find("push", (e) => e.ref.startsWith("refs/tags/") && e.created);

/** A ref deleted by a push. */
export const deletion = () => find("push", (e) => e.deleted);

/**
 * GitHub's examples hold no forced push, so one is made from the branch creation the way GitHub
 * reports a force-push: an existing branch, a `before` that is not an ancestor, `forced: true`.
 */
export function forcedPush(): GitHubEvent {
  const event = branchCreation();
  event.before = "c58a421ed77556d217abc7638de9ba9b3589b36d";
  event.created = false;
  event.forced = true;
  event.compare = `${event.repository.html_url}/compare/c58a421ed775...${event.after.slice(0, 12)}`;
  return event;
}

export const createEvent = () => find("create", () => true);
export const deleteEvent = () => find("delete", () => true);
