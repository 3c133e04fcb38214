import { type NamedRepository, PROVIDER_NAMES, PROVIDERS } from "../../core/providers.ts";
import type { RelayConfig } from "../config.ts";
import type { RelayLogger } from "../log.ts";

/** Where one event goes: a repository (undefined only in a dry run without one), or nowhere. */
export type Route = { readonly repository: string | undefined } | { readonly ignored: string };

export type RoutingConfig = Pick<RelayConfig, "repository" | "repositories" | "apiUrl">;

const SAFE_NAME = /^[\w.-]+(\/[\w.-]+)+$/;

/** A payload's name as it may appear in a log line or an answer: plain characters only. */
function shown(name: string): string {
  return SAFE_NAME.test(name) && name.length <= 200 ? name : "a name the relay cannot read";
}

/** The hosts of the last API URL asked about: a relay asks about its one URL for every delivery. */
let known: { readonly apiUrl: string; readonly hosts: ReadonlySet<string> } | undefined;

/** github.com, and the host of a GitHub Enterprise Server API URL. */
export function githubHosts(apiUrl: string): ReadonlySet<string> {
  if (known?.apiUrl === apiUrl) return known.hosts;
  const hosts = new Set(["github.com", "www.github.com"]);
  const host = URL.parse(apiUrl)?.host.toLowerCase();
  if (host && host !== "api.github.com") hosts.add(host);
  known = { apiUrl, hosts };
  return hosts;
}

/**
 * Decides which repository an event is dispatched to. Without `HOOKBRIDGE_REPOSITORIES`, every
 * event goes to `HOOKBRIDGE_REPOSITORY`. With it, an event naming a repository goes there only
 * when the list allows it (or maps it), and an event naming none goes to the default, if any.
 */
export function createRouter(
  config: RoutingConfig,
  logger?: RelayLogger,
): (named: NamedRepository | undefined) => Route {
  const warning = routingWarning(config);
  if (warning !== undefined) logger?.({ level: "warn", msg: warning });
  const list = config.repositories;
  if (list === undefined) return () => ({ repository: config.repository });
  const hosts = githubHosts(config.apiUrl);
  const allowed = (path: string) => listAllows(list, path);

  return (named) => {
    if (named === undefined) {
      return config.repository !== undefined
        ? { repository: config.repository }
        : {
            ignored:
              "The event names no repository and HOOKBRIDGE_REPOSITORY is not set, so it was not dispatched.",
          };
    }
    const mapped = mappedRepository(list, named);
    if (mapped) return { repository: mapped };
    if (named.host !== undefined && !hosts.has(named.host)) {
      return {
        ignored: `The event is about ${shown(named.path)} on ${/^[\w.-]{1,100}(:\d+)?$/.test(named.host) ? named.host : "another host"}, not on GitHub, so it was not dispatched; map it with an entry name=owner/repo in HOOKBRIDGE_REPOSITORIES.`,
      };
    }
    if (!/^[\w.-]+\/[\w.-]+$/.test(named.path)) {
      return {
        ignored: `The event is about ${shown(named.path)}, which is not a GitHub owner/repo, so it was not dispatched.`,
      };
    }
    if (!allowed(named.path)) {
      return {
        ignored: `The event is about ${shown(named.path)}, which is not in HOOKBRIDGE_REPOSITORIES, so it was not dispatched.`,
      };
    }
    return { repository: named.path };
  };
}

/** The GitHub repository `HOOKBRIDGE_REPOSITORIES` maps the named one to (by alias first), if any. */
function mappedRepository(
  list: NonNullable<RoutingConfig["repositories"]>,
  named: NamedRepository,
): string | undefined {
  return (
    (named.alias && list.mappings.get(named.alias.toLowerCase())) ??
    list.mappings.get(named.path.toLowerCase())
  );
}

/**
 * The GitHub repository an event is about, decided once, here: its mapping in
 * `HOOKBRIDGE_REPOSITORIES`, else the `owner/repo` it names on GitHub; undefined when it names
 * none, or one elsewhere that no mapping names. The relay signs it into the envelope and the
 * receive action acts only when it is the action's own repository, so a mapping is never
 * repeated in a workflow.
 */
export function aboutRepository(
  config: RoutingConfig,
  named: NamedRepository | null | undefined,
): string | undefined {
  if (!named) return undefined;
  const mapped = config.repositories && mappedRepository(config.repositories, named);
  if (mapped) return mapped;
  if (named.host !== undefined && !githubHosts(config.apiUrl).has(named.host)) return undefined;
  return /^[\w.-]{1,100}\/[\w.-]{1,100}$/.test(named.path) ? named.path : undefined;
}

function listAllows(list: NonNullable<RoutingConfig["repositories"]>, path: string): boolean {
  const lower = path.toLowerCase();
  const owner = lower.split("/")[0];
  return list.allowed.some((entry) => entry === lower || entry === `${owner}/*`);
}

/** What a stored delivery keeps of its route: what the event named, and where it was sent. */
export interface StoredRoute {
  /**
   * The repository the event named at receipt, `null` when it named none, `undefined` when not
   * known (a delivery stored before this was kept).
   */
  readonly named: NamedRepository | null | undefined;
  /** The repository routing chose at receipt, if any. */
  readonly repository: string | null | undefined;
}

/**
 * The routing decision made again when a stored delivery is dispatched (a retry, a delivery that
 * waited out a restart, a redelivery): the settings may have changed since it was received, and
 * nothing goes where they no longer allow.
 */
export function createDispatchRouter(config: RoutingConfig): (stored: StoredRoute) => Route {
  const routeOf = createRouter(config);
  return ({ named, repository }) => {
    if (named !== undefined) return routeOf(named ?? undefined);
    // Older rows kept only the outcome: it must still be a target the settings allow.
    if (repository === null || repository === undefined) {
      return config.repositories !== undefined && config.repository === undefined
        ? {
            ignored:
              "The event names no repository and HOOKBRIDGE_REPOSITORY is not set, so it was not dispatched.",
          }
        : { repository: config.repository };
    }
    const lower = repository.toLowerCase();
    const list = config.repositories;
    if (
      config.repository?.toLowerCase() === lower ||
      (list !== undefined &&
        ([...list.mappings.values()].some((target) => target.toLowerCase() === lower) ||
          listAllows(list, repository)))
    )
      return { repository };
    return {
      ignored: `The delivery was for ${shown(repository)}, which the relay's settings no longer allow, so it was not dispatched.`,
    };
  };
}

/** Display names joined as a sentence does: "A", "A and B", "A, B and C". */
function sentenceList(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? "")
    : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** The start-up warning for a list without a default, or undefined when there is nothing to say. */
export function routingWarning(config: RoutingConfig): string | undefined {
  if (config.repositories === undefined || config.repository !== undefined) return undefined;
  // Asked of each descriptor, so a new provider is named here without an edit.
  const providers = PROVIDER_NAMES.map((name) => PROVIDERS[name]);
  const none = providers.filter((provider) => provider.namesRepository === "never");
  const some = providers.filter((provider) => provider.namesRepository === "some events");
  const named = [
    ...none.map((provider) => `all of ${provider.displayName}'s`),
    ...some.map((provider) => `some of ${provider.displayName}'s`),
  ];
  return `HOOKBRIDGE_REPOSITORIES is set without HOOKBRIDGE_REPOSITORY: events that name no repository (${sentenceList(named)}) are answered 2xx and not dispatched; set HOOKBRIDGE_REPOSITORY to send them somewhere.`;
}
