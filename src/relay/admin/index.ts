import { isProviderName, PROVIDER_NAMES } from "../../core/providers.ts";
import { errorAnswer, jsonAnswer, type RelayAnswer, RelayFailure } from "../http/answers.ts";
import type { AdminRoutes, RelayRequest } from "../http/request.ts";
import type { RelayLogger } from "../log.ts";
import {
  DELIVERY_STATES,
  type DeliveryState,
  type DeliveryStore,
  type StoredDelivery,
} from "../queue/store.ts";
import { AdminAccess, type Caller, overHttps, sameOrigin, sessionCookie } from "./admin-access.ts";
import { PAGE_CSP, PAGE_CSS, PAGE_HTML, PAGE_JS } from "./admin-page.ts";
import { METRICS_CONTENT_TYPE, type RelayMetrics } from "./metrics.ts";

export interface AdminDeps {
  readonly token: string;
  readonly store: DeliveryStore;
  readonly metrics: RelayMetrics;
  /** Something was queued again: the dispatcher looks now rather than at its next idle wake-up. */
  readonly wake: () => void;
  readonly now: () => number;
  readonly logger: RelayLogger;
}

/** Deliveries one bulk redeliver queues again; the answer says whether more are left. */
export const REDELIVER_BATCH = 100;
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;
/** A sign-in body is `{"token": "…"}`; anything much larger is not one. */
const MAX_SIGN_IN_BYTES = 4096;
const REDELIVERABLE: readonly DeliveryState[] = [
  "failed",
  "dispatched",
  "handled",
  "superseded",
  "filtered",
];

/** Nothing an admin answer holds is for caches, frames or other sites. */
const PRIVATE = {
  // Tells a client (the CLI) that the admin API answered, so its 404 means "no such delivery"
  // rather than "no admin API here".
  "x-hookbridge-admin": "1",
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};

const UNAUTHORIZED = errorAnswer(401, "Unauthorized.", {
  ...PRIVATE,
  "www-authenticate": 'Bearer realm="hookbridge"',
});

function text(status: number, body: string, type: string, headers = {}): RelayAnswer {
  return { status, headers: { ...PRIVATE, ...headers, "content-type": type }, body };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): RelayAnswer {
  return jsonAnswer(status, body, { ...PRIVATE, ...headers });
}

function methodNotAllowed(path: string, allow: string): never {
  throw new RelayFailure(405, "method-not-allowed", `Only ${allow} is accepted at ${path}.`, {
    allow,
  });
}

function badQuery(message: string): never {
  throw new RelayFailure(400, "bad-query", message);
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A delivery as the API shows it: the log's facts, never its headers, and its body only when asked. */
export function deliveryJson(delivery: StoredDelivery) {
  return {
    id: delivery.id,
    provider: delivery.provider,
    event: delivery.event,
    status: delivery.state,
    repository: delivery.repository,
    delivery_id: delivery.deliveryId,
    received_at: iso(delivery.receivedAt),
    attempts: delivery.attempts,
    last_status: delivery.lastStatus,
    last_error: delivery.lastError,
    dispatched_at: iso(delivery.dispatchedAt),
    related_id: delivery.relatedId,
    // The workflow run that handled it: as it reported back, else as GitHub named it at
    // dispatch (a workflow target).
    run_id: delivery.report ? Number(delivery.report.run.id) || null : (delivery.run?.id ?? null),
    run_url: delivery.report?.run.url ?? delivery.run?.url ?? null,
    conclusion: delivery.report?.conclusion ?? null,
    reported_at: iso(delivery.reportedAt),
  };
}

/** The whole report, for one delivery's page: the run, and what it did. */
function reportJson(delivery: StoredDelivery) {
  const { report } = delivery;
  if (!report) return null;
  return {
    run: report.run,
    conclusion: report.conclusion,
    signed_at: iso(report.signedAt * 1000),
    actions: report.actions,
    failures: report.failures,
  };
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `since=`: an ISO 8601 time, or a duration back from now such as `30m`, `24h` or `7d`. */
function parseSince(value: string, now: number): number {
  const relative = /^(\d+)([smhd])$/.exec(value);
  if (relative) return now - Number(relative[1]) * (UNIT_SECONDS[relative[2] ?? "s"] ?? 1) * 1000;
  const absolute = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(absolute))
    badQuery(
      "since must be an ISO 8601 time such as 2026-05-01T12:00:00Z, or a duration such as 30m, 24h or 7d.",
    );
  return absolute;
}

interface Filters {
  readonly state?: DeliveryState;
  readonly provider?: string;
  readonly event?: string;
}

function parseFilters(params: URLSearchParams): Filters {
  const status = params.get("status") || undefined;
  if (status !== undefined && !DELIVERY_STATES.includes(status as DeliveryState))
    badQuery(`status must be one of ${DELIVERY_STATES.join(", ")}.`);
  const provider = params.get("provider") || undefined;
  if (provider !== undefined && !isProviderName(provider))
    badQuery(`provider must be one of ${PROVIDER_NAMES.join(", ")}.`);
  const event = params.get("event") || undefined;
  if (event !== undefined && event.length > 100)
    badQuery("event must be an event name of at most 100 characters.");
  return {
    ...(status !== undefined ? { state: status as DeliveryState } : {}),
    ...(provider !== undefined ? { provider } : {}),
    ...(event !== undefined ? { event } : {}),
  };
}

function parseLimit(value: string | null): number {
  if (value === null || value === "") return DEFAULT_LIMIT;
  const limit = Number(value);
  if (!/^\d+$/.test(value) || limit < 1 || limit > MAX_LIMIT)
    badQuery(`limit must be a whole number from 1 to ${MAX_LIMIT}.`);
  return limit;
}

/** The cursor is the receipt order of the last row shown; opaque to clients. */
function parseCursor(value: string | null): number | undefined {
  if (value === null || value === "") return undefined;
  if (!/^\d{1,15}$/.test(value))
    badQuery("cursor must be the value of next from the previous page.");
  return Number(value);
}

/**
 * The delivery log's admin surface on the Node relay: the JSON API, Prometheus metrics and the
 * `/admin` page, behind `HOOKBRIDGE_ADMIN_TOKEN` (as a bearer token, or a session the page got
 * for it).
 */
export function createAdminRoutes(deps: AdminDeps): AdminRoutes {
  const { store, now, logger } = deps;
  const access = new AdminAccess(deps.token, now);

  function refused(request: RelayRequest, path: string, why: string): RelayAnswer {
    logger({ level: "warn", msg: "admin request refused", method: request.method, path, why });
    return UNAUTHORIZED;
  }

  function list(request: RelayRequest): RelayAnswer {
    const params = new URLSearchParams(request.search());
    const filters = parseFilters(params);
    const limit = parseLimit(params.get("limit"));
    const before = parseCursor(params.get("cursor"));
    const since = params.get("since");
    // One row more than asked says whether there is a next page.
    const rows = store.list({
      ...filters,
      ...(before !== undefined ? { before } : {}),
      ...(since ? { since: parseSince(since, now()) } : {}),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return json(200, {
      deliveries: page.map(deliveryJson),
      next: rows.length > limit && last ? String(last.seq) : null,
    });
  }

  function detail(request: RelayRequest, id: string): RelayAnswer {
    const delivery = store.get(id);
    if (!delivery) return notFound(id);
    const withBody = new URLSearchParams(request.search()).get("body") === "1";
    return json(200, {
      ...deliveryJson(delivery),
      attempt_history: store.attempts(id).map((attempt) => ({
        at: iso(attempt.at),
        status: attempt.status,
        duration_ms: attempt.durationMs,
        error: attempt.error,
      })),
      report: reportJson(delivery),
      // Decoded as UTF-8 for reading; a byte that is not UTF-8 shows as U+FFFD.
      ...(withBody ? { body: new TextDecoder().decode(store.body(id)) } : {}),
    });
  }

  function notFound(id: string): RelayAnswer {
    return errorAnswer(
      404,
      `No delivery has the id "${id.slice(0, 64)}"; list them with GET /deliveries.`,
      PRIVATE,
    );
  }

  function redeliver(id: string): RelayAnswer {
    const delivery = store.get(id);
    if (!delivery) return notFound(id);
    if (!REDELIVERABLE.includes(delivery.state)) {
      const why =
        delivery.state === "duplicate"
          ? `it is a copy of ${delivery.relatedId ?? "another delivery"}; redeliver that one.`
          : "it is already waiting to be dispatched.";
      return errorAnswer(
        409,
        `Delivery ${id} is ${delivery.state}, so it was not queued again: ${why}`,
        PRIVATE,
      );
    }
    if (!store.redeliver(id, now()))
      return errorAnswer(409, `Delivery ${id} changed state; try again.`, PRIVATE);
    deps.wake();
    logger({
      level: "info",
      msg: "redelivery queued",
      delivery: id,
      provider: delivery.provider,
      event: delivery.event,
    });
    return json(202, { queued: true, id });
  }

  function redeliverFailed(request: RelayRequest): RelayAnswer {
    const params = new URLSearchParams(request.search());
    const filters = parseFilters(params);
    if (filters.state !== "failed")
      badQuery("Bulk redelivery takes status=failed; redeliver other deliveries one by one.");
    const candidates = store.list({ ...filters, limit: REDELIVER_BATCH });
    const queued = store.redeliverMany(
      candidates.map((delivery) => delivery.id),
      now(),
    );
    if (queued.length > 0) deps.wake();
    const more = store.list({ ...filters, limit: 1 }).length > 0;
    logger({ level: "info", msg: "failed deliveries queued again", count: queued.length, more });
    return json(202, { redelivered: queued.length, ids: queued, more });
  }

  function metrics(): RelayAnswer {
    return text(200, deps.metrics.render(store.stats(now())), METRICS_CONTENT_TYPE);
  }

  /** State-changing requests from the page must carry its CSRF token and come from its origin. */
  function mayChange(request: RelayRequest, caller: Caller): boolean {
    if (caller.kind !== "session") return true;
    return sameOrigin(request) && access.csrfMatches(request, caller.session);
  }

  async function signIn(request: RelayRequest, path: string): Promise<RelayAnswer> {
    // A login form on another site must not sign a browser in to this relay either.
    if (!sameOrigin(request)) return refused(request, path, "origin");
    const raw = await request.body(MAX_SIGN_IN_BYTES);
    let token: unknown;
    try {
      token = (JSON.parse(new TextDecoder().decode(raw)) as { token?: unknown } | null)?.token;
    } catch {
      token = undefined;
    }
    if (typeof token !== "string" || !access.tokenMatches(token.trim()))
      return refused(request, path, "token");
    const session = access.open();
    logger({ level: "info", msg: "admin page signed in" });
    return json(
      200,
      { csrf: session.csrf, expires_at: iso(session.expiresAt) },
      { "set-cookie": sessionCookie(session, overHttps(request)) },
    );
  }

  async function sessionRoute(request: RelayRequest, path: string): Promise<RelayAnswer> {
    switch (request.method) {
      case "POST":
        return signIn(request, path);
      case "GET": {
        const session = access.session(request);
        if (!session) return UNAUTHORIZED;
        return json(200, { csrf: session.csrf, expires_at: iso(session.expiresAt) });
      }
      case "DELETE": {
        const session = access.session(request);
        if (!session || !mayChange(request, { kind: "session", session }))
          return refused(request, path, "session");
        access.close(session);
        return json(
          200,
          { signed_out: true },
          { "set-cookie": sessionCookie(undefined, overHttps(request)) },
        );
      }
      default:
        methodNotAllowed(path, "GET, POST, DELETE");
    }
  }

  function page(request: RelayRequest, path: string): RelayAnswer | undefined {
    const asset =
      path === "/admin"
        ? text(200, PAGE_HTML, "text/html; charset=utf-8", { "content-security-policy": PAGE_CSP })
        : path === "/admin/app.js"
          ? text(200, PAGE_JS, "text/javascript; charset=utf-8")
          : path === "/admin/app.css"
            ? text(200, PAGE_CSS, "text/css; charset=utf-8")
            : undefined;
    if (asset && request.method !== "GET" && request.method !== "HEAD")
      methodNotAllowed(path, "GET, HEAD");
    return asset;
  }

  /** Routes that need the token (or a session); `caller` is already known to be someone. */
  function guarded(request: RelayRequest, path: string, caller: Caller): RelayAnswer {
    const { method } = request;
    if (path === "/metrics") {
      if (method !== "GET") methodNotAllowed(path, "GET");
      return metrics();
    }
    if (path === "/deliveries") {
      if (method !== "GET") methodNotAllowed(path, "GET");
      return list(request);
    }
    const rest = path.slice("/deliveries/".length);
    if (rest === "redeliver" && method === "POST") {
      if (!mayChange(request, caller)) return refused(request, path, "csrf");
      return redeliverFailed(request);
    }
    const match = /^([^/]+)(\/redeliver)?$/.exec(rest);
    if (!match?.[1]) return errorAnswer(404, "No admin route is served at this path.", PRIVATE);
    const id = decodeURIComponent(match[1]);
    if (match[2]) {
      if (method !== "POST") methodNotAllowed(path, "POST");
      if (!mayChange(request, caller)) return refused(request, path, "csrf");
      return redeliver(id);
    }
    if (method !== "GET") methodNotAllowed(path, "GET");
    return detail(request, id);
  }

  return async function admin(request, path) {
    try {
      if (path === "/admin/session") return await sessionRoute(request, path);
      if (path === "/admin" || path.startsWith("/admin/")) {
        return (
          page(request, path) ?? errorAnswer(404, "No admin page is served at this path.", PRIVATE)
        );
      }
      const caller = access.caller(request);
      if (caller.kind === "none") return refused(request, path, "token");
      return guarded(request, path, caller);
    } catch (error) {
      if (error instanceof RelayFailure)
        return errorAnswer(error.status, error.message, { ...PRIVATE, ...error.headers });
      if (error instanceof URIError)
        return errorAnswer(
          400,
          "The delivery id in the path is not valid percent-encoding.",
          PRIVATE,
        );
      throw error;
    }
  };
}
