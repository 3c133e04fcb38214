import {
  deepsourceEnvelope,
  deepsourceEventName,
  deepsourceEvents,
} from "../schemas/deepsource.ts";
import { deepsourceSignature } from "../signatures/index.ts";
import {
  bodyDigest,
  defineProvider,
  fieldAt,
  type NamedRepository,
  readEvent,
  repositoryAt,
  textAt,
  versionAt,
  withRepository,
} from "./descriptor.ts";

/**
 * DeepSource's repository object: `data.object` itself for repository.* events, else its
 * `repository` (analysis, Autofix and issue events). Team and test events name none.
 */
function repositoryOf(json: unknown): NamedRepository | undefined {
  const object = fieldAt(json, "data", "object");
  const repository =
    textAt(object, "object") === "Repository" ? object : fieldAt(object, "repository");
  const vcsUrl = textAt(repository, "vcsUrl");
  if (vcsUrl === undefined) return undefined;
  const login = textAt(repository, "account", "login");
  const name = textAt(repository, "name");
  const named = repositoryAt(vcsUrl);
  return login && name ? { ...named, alias: `${login}/${name}` } : named;
}

// DeepSource's run statuses after which a run changes no more.
const TERMINAL_RUN_STATUSES = new Set(["SUCCESS", "FAILURE", "TIMEOUT", "CANCEL", "STALE"]);

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
    return withRepository({ ...read, id }, repositoryOf(read.json));
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
    if (status && TERMINAL_RUN_STATUSES.has(status)) return undefined;
    return status ?? "without a status";
  },
});
