/**
 * What the action and a provider's reactions agree on: what a reaction may use, what a received
 * event offers, and the report they fill in. The registry (reactions.ts) and every provider import
 * this; it imports neither.
 */
import type { EventOf, EventSchemas } from "../core/schemas/common.ts";
import type { OutputName } from "./constants.ts";
import type { GitHubClient } from "./github-client.ts";
import type { Settings } from "./inputs.ts";
import type { Clock, Logger } from "./logger.ts";
import type { RunnerContext } from "./source.ts";
import type { VerifiedEvent } from "./verify.ts";
import type { Writer } from "./writer.ts";

/** One line of the job summary's "what was done" table. */
export interface ReportEntry {
  /** What kind of thing: "Check run", "Issue", "Comment", … */
  readonly reaction: string;
  /** Markdown (escaped already): what it was done to, linked where possible. */
  readonly target: string;
  /** Markdown (escaped already): created, updated, unchanged, skipped because … */
  readonly result: string;
}

export interface ReactionFailure {
  readonly reaction: string;
  readonly message: string;
}

/** What a run did, in order, for the job summary. */
export class Report {
  readonly entries: ReportEntry[] = [];
  readonly failures: ReactionFailure[] = [];

  record(entry: ReportEntry): void {
    this.entries.push(entry);
  }

  /**
   * A reaction this event cannot have, and why (a field it needs is missing, say): one line in
   * the log and in the summary's table, so a skipped reaction is never silent.
   */
  skip(reaction: string, target: string, why: string): void {
    this.record({ reaction, target, result: `skipped: ${why}` });
  }
}

/** Everything a reaction may use; nothing else reaches it. */
export interface ReactionContext {
  readonly settings: Settings;
  readonly runner: RunnerContext;
  readonly event: VerifiedEvent;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly report: Report;
  /** The GitHub client, created (and its code loaded) on first use. */
  github(): Promise<GitHubClient>;
  /**
   * Who the token writes as, asked once per run: only comments and issues it authored are ever
   * found again by their markers, or edited.
   */
  writer(): Promise<Writer>;
  /**
   * Runs one reaction; a failure is recorded and the next reaction still runs, so one missing
   * permission does not hide everything else the event should have done.
   */
  attempt(reaction: string, work: () => Promise<void>): Promise<void>;
}

/** A verified event as one provider understands it. */
export interface ReceivedEvent {
  /** Markdown heading for the summary, e.g. "DeepSource analysis run on `main`". */
  readonly title: string;
  /** Values for the declared outputs; missing ones are set to "". */
  readonly outputs: Partial<Record<OutputName, string>>;
  /** Summary rows describing what arrived: [label, markdown value]. */
  readonly facts: readonly (readonly [string, string])[];
  react(context: ReactionContext): Promise<void>;
  /**
   * Sentences saying why the step fails under `fail-on` (the conditions its provider's descriptor
   * declares); empty when it does not.
   */
  failures(failOn: ReadonlySet<string>): string[];
}

/** Where the step reacts: known before any reaction runs. */
export interface ReactionScope {
  readonly settings: Settings;
  readonly runner: RunnerContext;
}

/** What a provider's reactions module exports. */
export interface ProviderReactions {
  /** Reads the verified event; throws a HookbridgeError naming the path when its shape is wrong. */
  receive(event: VerifiedEvent, scope: ReactionScope): ReceivedEvent;
}

/** Summary rows as they are built: [label, markdown value]. */
export type Facts = [string, string][];

/** Any one of a provider's events that has a schema of its own, as that schema parsed it. */
export type KnownEvent<Events extends EventSchemas> = {
  [N in keyof Events]: EventOf<Events, N>;
}[keyof Events];

/**
 * The body as the provider's schema for this event parsed it, when the provider has a schema of
 * its own for the event (`events` holds one); undefined for events it only knows by envelope.
 * `identify()` parsed and validated it before the action got here, so nothing parses it twice.
 */
export function knownEvent<Events extends EventSchemas>(
  events: Events,
  event: VerifiedEvent,
): KnownEvent<Events> | undefined {
  return Object.hasOwn(events, event.event) ? (event.parsed as KnownEvent<Events>) : undefined;
}

/** What an event that does nothing in the repository does: no reaction, no reason to fail. */
export const nothingToDo: Pick<ReceivedEvent, "react" | "failures"> = {
  async react() {},
  failures: () => [],
};

/** An event that sets its outputs and writes its summary, and does nothing in the repository. */
export function reportOnly(
  title: string,
  outputs: ReceivedEvent["outputs"],
  facts: ReceivedEvent["facts"],
): ReceivedEvent {
  return { title, outputs, facts, ...nothingToDo };
}

/** The summary row of an event the provider's reactions know only by its envelope. */
export function noReactionNote(what: string): readonly [string, string] {
  return ["Note", `hookbridge has no reaction for this ${what}; outputs and this summary only.`];
}
