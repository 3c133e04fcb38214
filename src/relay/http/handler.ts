import { HookbridgeError } from "../../core/errors.ts";
import { getProvider, PROVIDER_NAMES, type Provider, requireFormat } from "../../core/providers.ts";
import type { HeaderLookup } from "../../core/signatures/index.ts";
import {
  eventAllowed,
  providersWithoutSecret,
  type RelayConfig,
  secretVariable,
} from "../config.ts";
import { DeliveryMemory } from "../delivery/dedupe.ts";
import { createRouter } from "../delivery/routing.ts";
import type { DeliverySink, SinkOutcome } from "../delivery/sink.ts";
import { createSyncSink } from "../delivery/sync-sink.ts";
import type { FetchLike } from "../github/api.ts";
import { type TokenSource, tokenSourceFor } from "../github/credentials.ts";
import { jsonLineLogger, type LogEntry, type RelayLogger } from "../log.ts";
import {
  acceptedAnswer,
  answerFailure,
  jsonAnswer,
  type Refusal,
  type RelayAnswer,
  RelayFailure,
} from "./answers.ts";
import { forwardedHeaders } from "./forwarded-headers.ts";
import {
  type AdminRoutes,
  isAdminPath,
  type RelayCore,
  type RelayRequest,
  type ReportRoute,
  reportPathId,
} from "./request.ts";

/** Fallback answer budget; each provider states its own (DevRev abandons a delivery after 3 s). */
export const DEFAULT_TIMEOUT_MS = 2500;
/** Seconds a provider is asked to wait while a copy of its delivery is being dispatched. */
const IN_FLIGHT_RETRY_AFTER = 5;

export interface RelayDeps {
  /** Reaches the GitHub API; defaults to the global `fetch`. */
  readonly fetch?: FetchLike;
  /** The host's one token source (sync mode); built from the settings when absent. */
  readonly tokens?: TokenSource;
  /** Wall clock in milliseconds, for replay windows, `received_at` and token expiry. */
  readonly now?: () => number;
  readonly logger?: RelayLogger;
  /** Time budget for one request, after which the relay answers 503 instead of waiting on GitHub. */
  readonly timeoutMs?: number;
  /**
   * The signal that stops a dispatch waiting on GitHub once the answer is due (`answerBy`, a
   * `performance.now()` time); a timer by default. Tests that script a GitHub which never answers
   * pass one that fires when it goes silent, instead of waiting the budget out.
   */
  readonly deadline?: (answerBy: number) => AbortSignal;
  /** Where verified deliveries go; dispatching before answering (sync mode) by default. */
  readonly sink?: DeliverySink;
  /**
   * What `/healthz` adds about delivery: the mode, and the queue's counts. `ok: false` (the
   * store cannot write) makes the answer 503, so a load balancer or a probe sees it.
   */
  readonly health?: () => Record<string, unknown>;
  /** The delivery log's API, metrics and page; without it their paths answer 404 like any other. */
  readonly admin?: AdminRoutes;
  /** Where the receive action reports back; without it `/reports/…` answers 404 like any other. */
  readonly reports?: ReportRoute;
  /** Told of every request answered with an error (4xx, 5xx), for the metrics. */
  readonly refused?: (refusal: Refusal) => void;
}

interface Outcome {
  readonly answer: RelayAnswer;
  /** Why the answer is not a plain dispatch; logged. */
  readonly reason?: string;
  /** Health checks are not logged: probes every few seconds would bury the deliveries. */
  readonly quiet?: boolean;
}

/** What the log line says about the request, learned as the request is checked. */
interface Facts {
  provider?: string;
  event?: string;
  id?: string;
  repository?: string | undefined;
  ignored?: string;
}

function health(request: RelayRequest, details?: () => Record<string, unknown>): Outcome {
  if (request.method !== "GET" && request.method !== "HEAD") {
    throw new RelayFailure(
      405,
      "method-not-allowed",
      "Only GET and HEAD are accepted at /healthz.",
      {
        allow: "GET, HEAD",
      },
    );
  }
  const facts = { ok: true, ...details?.() };
  return { answer: jsonAnswer(facts.ok === false ? 503 : 200, facts), quiet: true };
}

function syncHealth(): Record<string, unknown> {
  return { delivery: "sync" };
}

/** The provider's answer once the sink took the delivery. */
function sinkAnswer(outcome: SinkOutcome, dryRun: boolean): Outcome {
  switch (outcome.kind) {
    case "dispatched":
      return dryRun
        ? { answer: acceptedAnswer(), reason: "dry-run" }
        : { answer: acceptedAnswer() };
    case "queued":
      return { answer: jsonAnswer(202, { queued: true, id: outcome.id }), reason: "queued" };
    case "duplicate":
      return { answer: jsonAnswer(200, { duplicate: true }), reason: "duplicate" };
    case "superseded":
      return {
        answer: jsonAnswer(202, {
          superseded: true,
          id: outcome.id,
          message:
            "A newer state of the same object is already held, so this older one is recorded and not dispatched.",
        }),
        reason: "superseded",
      };
    case "filtered":
      return {
        answer: jsonAnswer(202, {
          filtered: true,
          ...(outcome.id !== undefined ? { id: outcome.id } : {}),
          message: outcome.why,
        }),
        reason: "filtered",
      };
  }
}

/**
 * The relay: verify a provider's webhook, then forward it to GitHub as a `repository_dispatch`,
 * answering 2xx only once GitHub accepted it. Runs unchanged on Node and on Cloudflare Workers;
 * state (recent delivery ids, an App token) lives in this closure.
 */
export function createRelayCore(config: RelayConfig, deps: RelayDeps = {}): RelayCore {
  // Always called unbound: Workers throw "Illegal invocation" when `fetch` runs as a method of
  // another object, which is how it would be called from an options record.
  const given = deps.fetch;
  const fetchGitHub: FetchLike = (input, init) => (given ?? fetch)(input, init);
  const now = deps.now ?? Date.now;
  const logger = deps.logger ?? jsonLineLogger;
  const memory = new DeliveryMemory({ now });
  const sink =
    deps.sink ??
    createSyncSink(
      config,
      {
        fetch: fetchGitHub,
        now,
        logger,
        ...(deps.deadline ? { deadline: deps.deadline } : {}),
      },
      deps.tokens ?? tokenSourceFor(config, fetchGitHub, now),
    );
  const routeOf = createRouter(config, logger);

  for (const { variable, meant } of config.unknownVariables ?? []) {
    logger({
      level: "warn",
      msg: `${variable} is not a setting the relay reads, so it has no effect${meant ? `: did you mean ${meant}?` : "; docs/relay.md lists every setting."}`,
      variable,
    });
  }
  const unverifiable = providersWithoutSecret(config);
  if (unverifiable.length > 0) {
    logger({
      level: "warn",
      msg: `No secret for ${unverifiable.join(", ")}: those routes answer 500 until ${unverifiable.map(secretVariable).join(", ")} ${unverifiable.length > 1 ? "are" : "is"} set.`,
      missing: unverifiable.map(secretVariable),
    });
  }

  async function receive(
    provider: Provider,
    request: RelayRequest,
    facts: Facts,
    started: number,
  ): Promise<Outcome> {
    const secrets = config.secrets[provider.name];
    if (!secrets) {
      throw new RelayFailure(
        500,
        "missing-secret",
        `${secretVariable(provider.name)} is not set on the relay, so it cannot verify ${provider.displayName} deliveries.`,
      );
    }
    const body = await request.body(config.maxBodyBytes);
    const contentType = request.header("content-type");
    requireFormat(provider, contentType);

    const header: HeaderLookup = (name) => request.header(name);
    const scheme = provider.scheme(provider.schemeOptions?.(config.providerSettings));
    const verification = await scheme.verify(body, header, secrets, {
      now: now(),
      toleranceSeconds: config.replayWindowSeconds,
    });
    if (!verification.valid)
      throw new RelayFailure(401, `signature-${verification.reason}`, verification.message);

    // Parsing only starts on verified bytes: nothing an unsigned sender writes reaches zod. Only
    // the envelope is checked here; the receive action checks the event's own schema.
    const event = await provider.identify({ body, contentType, header }, "envelope");
    facts.event = event.event;
    facts.id = event.id;
    if (
      provider.bodyTimestamp &&
      event.timestamp !== undefined &&
      Math.abs(now() - event.timestamp) > config.replayWindowSeconds * 1000
    ) {
      throw new HookbridgeError(
        "StaleTimestamp",
        `The body's timestamp is more than ${config.replayWindowSeconds} seconds away from the relay's clock, so the delivery is refused as a possible replay.`,
      );
    }

    const handshake = provider.handshake?.(event.json);
    if (handshake !== undefined) return { answer: jsonAnswer(200, handshake), reason: "handshake" };

    if (!eventAllowed(config, provider.name, event.event)) {
      const name = `${provider.name}.${event.event}`;
      return {
        answer: jsonAnswer(202, {
          skipped: true,
          event: name,
          message: `${name} is not in HOOKBRIDGE_EVENTS, so it was not dispatched.`,
        }),
        reason: "not-allowed",
      };
    }

    // The one repository this event may go to, or why it goes nowhere.
    // An ignored event still goes to the sink, which records it where a delivery log exists.
    const route = routeOf(event.repository);
    const ignored = "ignored" in route ? route.ignored : undefined;
    const repository = "ignored" in route ? undefined : route.repository;
    if (ignored !== undefined) facts.ignored = ignored;
    else facts.repository = repository;

    // Keyed by event as well: two different events are never copies of each other, even when a
    // provider's samples reuse one id across event types. An id the signature does not cover
    // (GitHub's X-GitHub-Delivery) is backed by a digest of the signed bytes, or anyone could
    // replay a captured body under fresh ids; that key leaves out the event, which GitHub also
    // names in an unsigned header.
    // Providers without delivery ids (DejaCode) never retry, so identical bodies are separate
    // notifications rather than copies.
    const idKey = `${provider.name}\n${event.event}\n${event.id}`;
    const digestKey =
      event.bodyDigest === undefined ? undefined : `${provider.name}\nbody:${event.bodyDigest}`;
    // A sink with a durable store decides copies itself, and records each one.
    const claim =
      event.deduplicate === false || sink.decidesCopies
        ? undefined
        : digestKey === undefined
          ? memory.claim(idKey)
          : memory.claim(idKey, digestKey);
    // The queue remembers one key per delivery: the digest where the id is unsigned, as it
    // recognises both a provider's retry and a replay under a fresh id.
    const dedupeKey = event.deduplicate === false ? undefined : (digestKey ?? idKey);
    if (claim?.state === "seen")
      return { answer: jsonAnswer(200, { duplicate: true }), reason: "duplicate" };
    if (claim?.state === "in-flight") {
      throw new RelayFailure(
        503,
        "in-flight",
        "Another copy of this delivery is being dispatched right now; retry shortly and it will be answered as a duplicate.",
        { "retry-after": String(IN_FLIGHT_RETRY_AFTER) },
      );
    }
    let delivered = false;
    try {
      const headers = await forwardedHeaders({ provider, scheme, body, header, secrets });
      // Answer before the provider gives up, so a slow GitHub becomes a 503 the provider retries
      // rather than a timeout it may count against the endpoint. The budget runs from the
      // request's arrival; the dispatcher starts its timer only if it calls GitHub.
      const outcome = await sink.deliver(
        {
          provider: provider.name,
          event: event.event,
          id: event.id,
          repository,
          named: event.repository,
          body,
          bodyText: event.bodyText,
          headers,
          json: event.json,
          receivedAt: now(),
          dedupeKey,
          ignored,
        },
        started + (deps.timeoutMs ?? provider.answerWithinMs ?? DEFAULT_TIMEOUT_MS),
      );
      delivered = true;
      if (ignored !== undefined && outcome.kind === "filtered")
        return { answer: jsonAnswer(202, { ignored }), reason: "filtered" };
      return sinkAnswer(outcome, config.dryRun);
    } finally {
      // A failed dispatch is forgotten, so the provider's retry is dispatched rather than skipped.
      claim?.settle(delivered);
    }
  }

  async function report(reports: ReportRoute, request: RelayRequest, encoded: string) {
    let id: string;
    try {
      id = decodeURIComponent(encoded);
    } catch {
      throw new RelayFailure(
        400,
        "bad-path",
        "The delivery id in the path is not valid percent-encoding.",
      );
    }
    return { answer: await reports(request, id), reason: "report" };
  }

  function route(request: RelayRequest, facts: Facts, started: number): Promise<Outcome> | Outcome {
    let path = request.path;
    if (path.endsWith("/")) path = path.replace(/\/+$/, "");
    if (path === "/healthz") return health(request, deps.health ?? syncHealth);
    const reported = deps.reports && reportPathId(path);
    if (deps.reports && reported !== undefined) return report(deps.reports, request, reported);
    const name = path.slice(1);
    const provider = getProvider(name);
    if (!provider) {
      if (deps.admin && isAdminPath(path))
        return deps.admin(request, path).then((answer) => ({ answer, quiet: true }));
      throw new HookbridgeError(
        "UnknownProvider",
        `No provider is served at "/${name.slice(0, 40)}"; POST to one of ${PROVIDER_NAMES.map((known) => `/${known}`).join(", ")}.`,
      );
    }
    facts.provider = provider.name;
    if (request.method !== "POST") {
      throw new RelayFailure(
        405,
        "method-not-allowed",
        `Only POST is accepted at /${provider.name}.`,
        { allow: "POST" },
      );
    }
    return receive(provider, request, facts, started);
  }

  return async function relay(request) {
    const started = performance.now();
    const facts: Facts = {};
    let outcome: Outcome;
    let internal: string | undefined;
    try {
      outcome = await route(request, facts, started);
    } catch (error) {
      const failure = answerFailure(error);
      outcome = failure;
      internal = failure.internal;
    }
    const { answer, reason, quiet } = outcome;
    if (!quiet) {
      const { status } = answer;
      const entry: { -readonly [K in keyof LogEntry]: LogEntry[K] } = {
        level: status >= 500 ? "error" : status >= 400 ? "warn" : "info",
        msg: "request",
        ...facts,
        status,
        ms: Math.round(performance.now() - started),
      };
      if (reason !== undefined) entry.reason = reason;
      if (internal !== undefined) entry.error = internal;
      logger(entry);
      if (status >= 400)
        deps.refused?.({ provider: facts.provider, status, reason: reason ?? "unknown" });
    }
    return answer;
  };
}
