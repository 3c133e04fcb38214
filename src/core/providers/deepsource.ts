import {
  deepsourceEnvelope,
  deepsourceEventName,
  deepsourceEvents,
} from "../schemas/deepsource.ts";
import { boolean, choice, custom, expected } from "../settings.ts";
import { deepsourceSignature } from "../signatures/index.ts";
import {
  bodyDigest,
  defineProvider,
  fieldAt,
  type NamedRepository,
  ownSettings,
  readEvent,
  repositoryAt,
  textAt,
  versionAt,
  withRepository,
} from "./descriptor.ts";

/**
 * DeepSource's repository object: `data.object` itself for repository.* events, else its
 * `repository` (analysis, Autofix and issue events). Team and test events name none. Told apart
 * by the event, not by the object's `object` tag, which only the webhooks add and may leave out.
 */
function repositoryOf(json: unknown, event: string): NamedRepository | undefined {
  const object = fieldAt(json, "data", "object");
  const repository = event.startsWith("repository.") ? object : fieldAt(object, "repository");
  const vcsUrl = textAt(repository, "vcsUrl");
  if (vcsUrl === undefined) return undefined;
  const login = textAt(repository, "account", "login");
  const name = textAt(repository, "name");
  const named = repositoryAt(vcsUrl);
  return login && name ? { ...named, alias: `${login}/${name}` } : named;
}

/** The relay's settings only DeepSource reads. */
const DEEPSOURCE_SETTINGS = {
  // `final`: an analysis run is dispatched only once its status is terminal.
  HOOKBRIDGE_DEEPSOURCE_ANALYSIS: choice(["all", "final"], { default: "all" }),
};

/**
 * The receive action's inputs only DeepSource's reactions (receive/deepsource/) read, each with
 * the default `action.yml` states.
 */
const DEEPSOURCE_INPUTS = {
  "check-runs": boolean({ default: "true" }),
  "commit-status": boolean({ default: "false" }),
  annotations: boolean({ default: "true" }),
  "autofix-comment": boolean({ default: "true" }),
  "issue-sync": choice(["off", "deepsource"], { default: "off" }),
  // The repository whose events this workflow acts on, as DeepSource names it: owner and name, as
  // in a repository URL's path (GitLab subgroups add more segments).
  repository: custom({}, (value) => {
    const path = value.replace(/^\/+|\/+$/g, "");
    if (path.length === 0) return undefined;
    return /^[\w.-]+(?:\/[\w.-]+)+$/.test(path)
      ? path
      : expected("owner/name as in the repository's URL", value);
  }),
};

// The one AnalysisRunStatus (DeepSource's GraphQL schema: PENDING, SUCCESS, FAILURE, TIMEOUT,
// CANCEL, READY, SKIPPED) under which a run still changes. Listing what is unfinished rather than
// what is finished lets a status DeepSource adds later through, rather than hold its run forever.
const UNFINISHED_RUN_STATUSES = new Set(["PENDING"]);

export const deepsource = defineProvider({
  name: "deepsource",
  displayName: "DeepSource",
  formats: ["json"],
  minSecretLength: 16,
  schemas: {
    envelope: deepsourceEnvelope,
    events: deepsourceEvents,
    eventName: deepsourceEventName,
  },
  reactions: true,
  scheme: () => deepsourceSignature,
  async identify(request, check) {
    const read = readEvent(this, request, deepsourceEventName, check);
    const id = textAt(read.json, "id") ?? (await bodyDigest(request.body));
    return withRepository({ ...read, id }, repositoryOf(read.json, read.event));
  },
  // Each update of a run carries the run's whole state.
  coalesceKey({ event, json }) {
    if (event !== "analysis_run.updated" && event !== "autofix_run.updated") return undefined;
    const run = textAt(json, "data", "object", "runUid");
    return run && `${this.name}\n${event}\n${run}`;
  },
  // The run's own updatedAt (epoch seconds), so an older state arriving late never wins.
  coalesceVersion: ({ json }) => versionAt(json, "data", "object", "updatedAt"),
  unfinishedRun({ event, json }) {
    if (!event.startsWith("analysis_run.")) return undefined;
    const status = textAt(json, "data", "object", "status");
    if (status && !UNFINISHED_RUN_STATUSES.has(status)) return undefined;
    return status ?? "without a status";
  },
  relaySettings: DEEPSOURCE_SETTINGS,
  reactionInputs: DEEPSOURCE_INPUTS,
  failOn: {
    conditions: ["analysis-failure", "issues-introduced", "metric-failing"],
    byDefault: ["analysis-failure"],
  },
  withheld(delivery, settings) {
    if (ownSettings(DEEPSOURCE_SETTINGS, settings).HOOKBRIDGE_DEEPSOURCE_ANALYSIS !== "final")
      return undefined;
    const unfinished = this.unfinishedRun?.(delivery);
    return unfinished === undefined
      ? undefined
      : `HOOKBRIDGE_DEEPSOURCE_ANALYSIS=final dispatches analysis runs only once finished, and this one is ${unfinished}.`;
  },
  // Team and test events are about no repository.
  namesRepository: "some events",
});
